// limits.test.ts — connection limits of the TCP server: client-output-buffer-limit drops a
// client that does not read its replies, backpressure keeps others served, maxclients
// refuses with Redis's error.

import { afterAll, beforeAll, expect, test } from "vitest";
import net from "node:net";
import { startTestServer, TestServer } from "./server.js";
import { encodeCommand } from "../../host/core/resp.js";

let srv: TestServer;
beforeAll(async () => { srv = await startTestServer(); });
afterAll(async () => { await srv.close(); });

async function waitFor(cond: () => boolean, ms = 10000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

function connect(): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(srv.port, "127.0.0.1", () => resolve(s));
    s.once("error", reject);
  });
}

async function roundTrip(s: net.Socket, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    s.once("data", (d) => resolve(d.toString("latin1")));
    s.write(encodeCommand(args));
  });
}

test("a client over the hard output-buffer limit is dropped; others keep being served", async () => {
  const admin = await connect();
  expect(await roundTrip(admin, ["CONFIG", "SET", "client-output-buffer-limit", "normal 1mb 0 0"])).toBe("+OK\r\n");
  expect(await roundTrip(admin, ["SET", "big", "x".repeat(200000)])).toBe("+OK\r\n");

  const before = srv.core.sessions.size;
  const slow = await connect();
  slow.pause(); // never reads its replies
  slow.on("error", () => {});
  await waitFor(() => srv.core.sessions.size === before + 1);
  const cmds: Buffer[] = [];
  for (let i = 0; i < 200; i++) cmds.push(Buffer.from(encodeCommand(["GET", "big"]))); // ~40 MB of replies
  slow.write(Buffer.concat(cmds));
  // The server drops it (its session goes away) although the client never closed.
  await waitFor(() => srv.core.sessions.size === before);
  slow.destroy();

  expect(await roundTrip(admin, ["PING"])).toBe("+PONG\r\n");
  expect(await roundTrip(admin, ["CONFIG", "SET", "client-output-buffer-limit", "normal 0 0 0"])).toBe("+OK\r\n");
  admin.destroy();
});

test("without a limit, a slow reader is paused, not dropped, and gets every reply", async () => {
  const c = await connect();
  const n = 50;
  let got = 0;
  let buf = Buffer.alloc(0);
  const expected = `$200000\r\n${"x".repeat(200000)}\r\n`.length * n;
  const done = new Promise<void>((resolve) => {
    c.on("data", (d) => {
      buf = Buffer.concat([buf, d]);
      got = buf.length;
      if (got >= expected) resolve();
    });
  });
  c.pause();
  const cmds: Buffer[] = [];
  for (let i = 0; i < n; i++) cmds.push(Buffer.from(encodeCommand(["GET", "big"])));
  c.write(Buffer.concat(cmds));
  await new Promise((r) => setTimeout(r, 200));
  c.resume();
  await done;
  expect(got).toBe(expected);
  c.destroy();
});
