#!/usr/bin/env node
// pubsub-fanout.cjs — Pub/Sub fan-out throughput: 1 publisher -> N subscribers of one channel.
//
//   node bench/pubsub-fanout.cjs PORT [SUBSCRIBERS=1000] [MESSAGES=20000] [SIZE=32] [WINDOW=200]
//
// N raw-socket subscribers SUBSCRIBE to one channel; one publisher then sends MESSAGES
// PUBLISH commands (payload SIZE bytes) pipelined with at most WINDOW unanswered at a time.
// The clock stops when every subscriber has received every message. Subscribers count
// bytes, not frames (every message frame has the same length), so the client side stays
// cheap and the server is what is measured. Prints one JSON line:
//   { messages, subscribers, seconds, publishedPerSec, deliveriesPerSec }
// (publishedPerSec: PUBLISH commands per second; deliveriesPerSec = that x subscribers).

"use strict";
const net = require("node:net");

const port = Number(process.argv[2]);
const SUBS = Number(process.argv[3] || 1000);
const MESSAGES = Number(process.argv[4] || 20000);
const SIZE = Number(process.argv[5] || 32);
const WINDOW = Number(process.argv[6] || 200);
const CHANNEL = "bench:fanout";
const payload = "m".repeat(SIZE);

const bulk = (s) => `$${Buffer.byteLength(s)}\r\n${s}\r\n`;
const frameLen = Buffer.byteLength("*3\r\n" + bulk("message") + bulk(CHANNEL) + bulk(payload));
const subscribeReply = Buffer.byteLength("*3\r\n" + bulk("subscribe") + bulk(CHANNEL) + ":1\r\n");
const publishCmd = Buffer.from("*3\r\n" + bulk("PUBLISH") + bulk(CHANNEL) + bulk(payload));

function connect() {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, "127.0.0.1", () => resolve(s));
    s.setNoDelay(true);
    s.once("error", reject);
  });
}

async function main() {
  const subs = [];
  let ready = 0;
  let done = 0;
  let finish = null;
  const target = subscribeReply + MESSAGES * frameLen;
  for (let i = 0; i < SUBS; i++) {
    const s = await connect();
    const st = { got: 0, ready: false, done: false };
    s.on("data", (d) => {
      st.got += d.length;
      if (!st.ready && st.got >= subscribeReply) { st.ready = true; ready++; }
      if (!st.done && st.got >= target) {
        st.done = true;
        if (++done === SUBS && finish) finish();
      }
    });
    s.write(`*2\r\n$9\r\nSUBSCRIBE\r\n${bulk(CHANNEL)}`);
    subs.push(s);
  }
  while (ready < SUBS) await new Promise((r) => setTimeout(r, 10));

  const pub = await connect();
  let sent = 0;
  let acked = 0;
  let pending = "";
  const allDelivered = new Promise((r) => { finish = r; });
  const t0 = process.hrtime.bigint();
  const pump = () => {
    const room = Math.min(WINDOW - (sent - acked), MESSAGES - sent);
    if (room <= 0) return;
    pub.write(room === 1 ? publishCmd : Buffer.concat(Array(room).fill(publishCmd)));
    sent += room;
  };
  pub.on("data", (d) => {
    // Replies are ":<n>\r\n": count line ends.
    pending += d.toString("latin1");
    let i;
    while ((i = pending.indexOf("\n")) >= 0) {
      pending = pending.slice(i + 1);
      acked++;
    }
    pump();
  });
  pump();
  await allDelivered;
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const out = {
    messages: MESSAGES, subscribers: SUBS, size: SIZE, seconds: +secs.toFixed(3),
    publishedPerSec: Math.round(MESSAGES / secs), deliveriesPerSec: Math.round((MESSAGES * SUBS) / secs),
  };
  console.log(JSON.stringify(out));
  pub.destroy();
  for (const s of subs) s.destroy();
}

main().catch((e) => { console.error(e); process.exit(1); });
