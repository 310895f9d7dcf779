// monitor.test.ts — MONITOR over TCP: the lines a monitor receives for a script of commands
// from other clients, compared with redis-server 7.0.15's (recorded in goldens/monitor.json,
// re-checked live when redis-server is installed). Times and client ports are normalized.

import { describe, test, expect } from "vitest";
import net from "node:net";
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { startTestServer } from "../e2e/server.js";
import { redisAvailable, RedisProcess } from "../compat/runner.js";

const here = dirname(fileURLToPath(import.meta.url));
const GOLDEN = join(here, "goldens", "monitor.json");
const LIVE = redisAvailable();

/** Each entry: one connection's raw input, sent after the previous one was answered. */
const SCRIPT: string[] = [
  "SET a 1\r\n",
  "GET a\r\n",
  "EVAL \"redis.call('set','b','2'); return redis.call('get','b')\" 0\r\n",
  "CONFIG GET maxmemory\r\n", // admin: not shown
  "MULTI\r\nSET c 3\r\nINCR c\r\nEXEC\r\n",
  "SELECT 3\r\nSET d \"x y\\\"z\\n\"\r\nSELECT 0\r\n",
  "AUTH foo\r\n",
  "HELLO 2 AUTH a b\r\n",
  "NOSUCH x\r\n", // rejected: not shown
  "GET\r\n", // arity error: not shown
  "PUBLISH ch m\r\n",
  "PING\r\nCLIENT SETNAME x\r\nDEBUG SLEEP 0\r\n",
  "*3\r\n$3\r\nSET\r\n$3\r\nbin\r\n$3\r\n\x01\xff\t\r\n",
];

function connect(port: number): Promise<net.Socket> {
  return new Promise((res, rej) => {
    const s = net.connect(port, "127.0.0.1", () => res(s));
    s.once("error", rej);
  });
}

/** Sends `input` and waits until `replies` replies' worth of bytes stopped arriving. */
async function roundTrip(port: number, input: string): Promise<void> {
  const s = await connect(port);
  await new Promise<void>((res) => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    s.on("data", () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(res, 30);
    });
    s.write(Buffer.from(input, "latin1"));
  });
  s.destroy();
}

async function monitorLines(port: number): Promise<string[]> {
  const mon = await connect(port);
  let text = "";
  mon.on("data", (d) => (text += d.toString("latin1")));
  mon.write("MONITOR\r\n");
  while (!text.startsWith("+OK\r\n")) await new Promise((r) => setTimeout(r, 5));
  for (const input of SCRIPT) await roundTrip(port, input);
  await new Promise((r) => setTimeout(r, 100));
  mon.destroy();
  return text.split("\r\n").filter((l) => l !== "").map((l) =>
    l.replace(/^\+\d+\.\d{6} /, "+<time> ").replace(/\[(\d+) 127\.0\.0\.1:\d+\]/, "[$1 <client>]"));
}

describe("MONITOR", () => {
  test("lines as redis-server 7.0.15 sends them (admin and rejected commands left out, secrets redacted)", async () => {
    let want: string[];
    if (LIVE) {
      const r = await RedisProcess.start();
      try {
        want = await monitorLines(r.port);
      } finally {
        r.stop();
      }
      if (process.env.RECORD_GOLDENS === "1" || !existsSync(GOLDEN)) writeFileSync(GOLDEN, JSON.stringify(want, null, 1) + "\n");
    } else {
      want = JSON.parse(readFileSync(GOLDEN, "utf8"));
    }
    const srv = await startTestServer();
    try {
      expect(await monitorLines(srv.port)).toEqual(want);
      // CLIENT LIST shows the monitor with flag O
      const mon = await connect(srv.port);
      mon.write("MONITOR\r\n");
      await new Promise((r) => setTimeout(r, 50));
      const s = await connect(srv.port);
      const list = await new Promise<string>((res) => { s.once("data", (d) => res(d.toString())); s.write("CLIENT LIST\r\n"); });
      expect(list).toMatch(/flags=O db=0 .* cmd=monitor /);
      mon.destroy();
      s.destroy();
    } finally {
      await srv.close();
    }
  });
});
