// pubsub.test.ts — Pub/Sub with real client libraries against a real Respite TCP server:
// ioredis (RESP2 subscriber connection, patterns, keyspace notifications) and node-redis
// (its subscriber API, sharded channels), plus redis-cli's subscribe mode when installed.

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import Redis from "ioredis";
import { createClient } from "redis";
import { startTestServer, TestServer } from "./server.js";

let srv: TestServer;
beforeAll(async () => { srv = await startTestServer(); });
afterAll(async () => { await srv.close(); });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor(pred: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred() && Date.now() < end) await sleep(5);
}

function ioredis(): Redis {
  return new Redis({ port: srv.port, host: "127.0.0.1", lazyConnect: true, enableReadyCheck: false, maxRetriesPerRequest: 1 });
}

describe("ioredis", () => {
  test("subscribe, psubscribe, publish, unsubscribe", async () => {
    const sub = ioredis();
    const pub = ioredis();
    await sub.connect();
    await pub.connect();
    const got: string[] = [];
    sub.on("message", (ch, msg) => got.push(`message ${ch} ${msg}`));
    sub.on("pmessage", (pat, ch, msg) => got.push(`pmessage ${pat} ${ch} ${msg}`));
    expect(await sub.subscribe("news", "sport")).toBe(2);
    expect(await sub.psubscribe("n*")).toBe(3);
    expect(await pub.publish("news", "hello")).toBe(2);
    expect(await pub.publish("sport", "goal")).toBe(1);
    expect(await pub.publish("nothing", "x")).toBe(1);
    await waitFor(() => got.length === 4);
    expect(got).toEqual(["message news hello", "pmessage n* news hello", "message sport goal", "pmessage n* nothing x"]);
    expect(await pub.pubsub("NUMSUB", "news", "sport")).toEqual(["news", 1, "sport", 1]);
    expect(await pub.pubsub("NUMPAT")).toBe(1);
    await sub.unsubscribe("news");
    await sub.punsubscribe("n*");
    expect(await pub.publish("news", "gone")).toBe(0);
    sub.disconnect();
    pub.disconnect();
  });

  test("keyspace notifications", async () => {
    const sub = ioredis();
    const cmd = ioredis();
    await sub.connect();
    await cmd.connect();
    await cmd.config("SET", "notify-keyspace-events", "KEA");
    const got: string[] = [];
    sub.on("pmessage", (_p, ch, msg) => got.push(`${ch} ${msg}`));
    await sub.psubscribe("__key*@0__:ks:*");
    await cmd.set("ks:a", "1");
    await cmd.expire("ks:a", 100);
    await cmd.rename("ks:a", "ks:b");
    await cmd.del("ks:b");
    await cmd.set("ks:t", "v", "PX", 1);
    await sleep(20);
    await cmd.get("ks:t");
    // (The pattern matches keyspace channels only: keyevent channels end in the event name.)
    await waitFor(() => got.length >= 7);
    expect(got.slice(0, 7)).toEqual([
      "__keyspace@0__:ks:a set", "__keyspace@0__:ks:a expire",
      "__keyspace@0__:ks:a rename_from", "__keyspace@0__:ks:b rename_to",
      "__keyspace@0__:ks:b del", "__keyspace@0__:ks:t set", "__keyspace@0__:ks:t expire",
    ]);
    // The expired event comes from the lazy expiry of GET (or the active cycle before it).
    await waitFor(() => got.some((g) => g === "__keyspace@0__:ks:t expired"));
    expect(got).toContain("__keyspace@0__:ks:t expired");
    await cmd.config("SET", "notify-keyspace-events", "");
    sub.disconnect();
    cmd.disconnect();
  });
});

describe("node-redis", () => {
  test("subscriber API and sharded channels", async () => {
    const client = createClient({ socket: { port: srv.port, host: "127.0.0.1" } });
    await client.connect();
    const sub = client.duplicate();
    await sub.connect();
    const got: string[] = [];
    await sub.subscribe("nr:chan", (msg, ch) => got.push(`${ch} ${msg}`));
    await sub.pSubscribe("nr:*", (msg, ch) => got.push(`p ${ch} ${msg}`));
    await sub.sSubscribe("nr:shard", (msg, ch) => got.push(`s ${ch} ${msg}`));
    expect(await client.publish("nr:chan", "one")).toBe(2);
    expect(await client.sPublish("nr:shard", "two")).toBe(1);
    await waitFor(() => got.length === 3);
    expect(got.sort()).toEqual(["nr:chan one", "p nr:chan one", "s nr:shard two"]);
    expect(await client.pubSubChannels()).toEqual(["nr:chan"]);
    expect(await client.pubSubShardChannels()).toEqual(["nr:shard"]);
    await sub.unsubscribe("nr:chan");
    await sub.pUnsubscribe("nr:*");
    await sub.sUnsubscribe("nr:shard");
    expect(await client.pubSubChannels()).toEqual([]);
    await sub.quit();
    await client.quit();
  });
});
