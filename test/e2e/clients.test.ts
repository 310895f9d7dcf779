// clients.test.ts — real clients against a real Respite TCP server: ioredis, node-redis,
// redis-cli (one-shot and --pipe) and redis-benchmark.

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import Redis from "ioredis";
import { createClient } from "redis";
import { startTestServer, TestServer } from "./server.js";

let srv: TestServer;
beforeAll(async () => { srv = await startTestServer(); });
afterAll(async () => { await srv.close(); });

/** Runs a tool asynchronously (the server lives in this process: a sync spawn would deadlock). */
function run(cmd: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (out += d));
    p.on("error", reject);
    p.on("close", () => resolve(out));
    p.stdin.end(input ?? "");
  });
}

// redis-cli/redis-benchmark come from Debian's redis-tools (.ci/run installs them); on a
// machine without them those tests cannot run, so they are skipped there, not faked.
const hasRedisTools = spawnSync("redis-cli", ["--version"]).status === 0;

describe("ioredis", () => {
  test("strings, pipelines, binary values", async () => {
    const r = new Redis({ port: srv.port, host: "127.0.0.1", lazyConnect: true, enableReadyCheck: false, maxRetriesPerRequest: 1 });
    await r.connect();
    expect(await r.set("io:k", "v1")).toBe("OK");
    expect(await r.get("io:k")).toBe("v1");
    expect(await r.incrby("io:n", 41)).toBe(41);
    expect(await r.incr("io:n")).toBe(42);
    const bin = Buffer.from([0, 1, 2, 255, 13, 10]);
    await r.set(Buffer.from([0xff, 0x00]), bin);
    expect(Buffer.compare((await r.getBuffer(Buffer.from([0xff, 0x00])))!, bin)).toBe(0);
    const res = await r.pipeline().set("io:a", "1").set("io:b", "2").mget("io:a", "io:b", "io:none").exec();
    expect(res!.map(([e, v]) => [e, v])).toEqual([[null, "OK"], [null, "OK"], [null, ["1", "2", null]]]);
    await expect(r.incr("io:k")).rejects.toThrow("ERR value is not an integer or out of range");
    r.disconnect();
  });
});

describe("node-redis", () => {
  test("strings and errors", async () => {
    const c = createClient({ socket: { port: srv.port, host: "127.0.0.1", reconnectStrategy: false } });
    c.on("error", () => {});
    await c.connect();
    expect(await c.set("nr:k", "hello")).toBe("OK");
    expect(await c.append("nr:k", " world")).toBe(11);
    expect(await c.get("nr:k")).toBe("hello world");
    expect(await c.getRange("nr:k", 0, 4)).toBe("hello");
    expect(await c.mGet(["nr:k", "nr:none"])).toEqual(["hello world", null]);
    await expect(c.sendCommand(["NOSUCHCMD", "x"])).rejects.toThrow("ERR unknown command 'NOSUCHCMD', with args beginning with: 'x' ");
    await c.quit();
  });
});

describe.runIf(hasRedisTools)("redis-cli and redis-benchmark", () => {
  const cli = async (...a: string[]) => (await run("redis-cli", ["-p", String(srv.port), ...a])).trim();

  test("redis-cli one-shot commands", async () => {
    expect(await cli("SET", "cli:k", "42")).toBe("OK");
    expect(await cli("INCR", "cli:k")).toBe("43");
    expect(await cli("GET", "cli:k")).toBe("43");
  });

  test("redis-cli --pipe mass insertion", async () => {
    let input = "";
    for (let i = 0; i < 5000; i++) input += `*3\r\n$3\r\nSET\r\n$${`pipe:${i}`.length}\r\npipe:${i}\r\n$1\r\nv\r\n`;
    const out = await run("redis-cli", ["-p", String(srv.port), "--pipe"], input);
    expect(out).toContain("errors: 0, replies: 5000");
    expect(await cli("GET", "pipe:4999")).toBe("v");
  });

  test("redis-benchmark runs clean", async () => {
    const out = await run("redis-benchmark", ["-p", String(srv.port), "-t", "set,get,incr,mset", "-n", "2000", "-P", "16", "-q"]);
    const lines = out.split(/\r|\n/).filter((l) => /requests per second/.test(l));
    expect(lines.map((l) => l.split(":")[0].trim())).toEqual(["SET", "GET", "INCR", "MSET (10 keys)"]);
  });
});
