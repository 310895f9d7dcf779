// migrate.test.ts — MIGRATE from a Respite server to another server: a second Respite always,
// and redis-server 7.0.15 when it is installed (the payloads are Redis's RESTORE format, so
// the same moves work to a real Redis). Errors are compared with Redis's texts.

import { describe, test, expect, beforeAll, afterAll } from "vitest";
import Redis from "ioredis";
import { startTestServer, TestServer } from "../e2e/server.js";
import { installMigrate } from "../../host/node/migrate.js";
import { redisAvailable, RedisProcess } from "../compat/runner.js";

let src: TestServer;
const targets: { name: string; port: number; stop: () => Promise<void> | void }[] = [];

beforeAll(async () => {
  src = await startTestServer();
  installMigrate(src.core);
  const t = await startTestServer();
  targets.push({ name: "respite", port: t.port, stop: () => t.close() });
  if (redisAvailable()) {
    const r = await RedisProcess.start();
    targets.push({ name: "redis-server", port: r.port, stop: () => r.stop() });
  }
});
afterAll(async () => {
  await src.close();
  for (const t of targets) await t.stop();
});

describe("MIGRATE", () => {
  test("moves keys with their TTL into the target db; COPY keeps them; errors as Redis", async () => {
    for (const t of targets) {
      const a = new Redis({ port: src.port, lazyConnect: true });
      const b = new Redis({ port: t.port, lazyConnect: true });
      await a.connect();
      await b.connect();
      await a.flushall();
      await b.flushall();
      await a.set("s", "v", "PX", 100000);
      await a.rpush("l", "x", "y", "z");
      expect(await a.call("MIGRATE", "127.0.0.1", t.port, "s", 3, 1000)).toBe("OK");
      expect(await a.exists("s")).toBe(0);
      await b.select(3);
      expect(await b.get("s")).toBe("v");
      expect(await b.pttl("s")).toBeGreaterThan(90000);
      expect(await a.call("MIGRATE", "127.0.0.1", t.port, "s", 3, 1000)).toBe("NOKEY");
      expect(await a.call("MIGRATE", "127.0.0.1", t.port, "", 3, 1000, "COPY", "KEYS", "l", "nosuch")).toBe("OK");
      expect(await a.lrange("l", 0, -1)).toEqual(["x", "y", "z"]);
      expect(await b.lrange("l", 0, -1)).toEqual(["x", "y", "z"]);
      await expect(a.call("MIGRATE", "127.0.0.1", t.port, "l", 3, 1000)).rejects.toThrow(
        "ERR Target instance replied with error: BUSYKEY Target key name already exists.");
      expect(await a.exists("l")).toBe(1); // refused: still here
      await a.rpush("l", "w");
      expect(await a.call("MIGRATE", "127.0.0.1", t.port, "l", 3, 1000, "REPLACE")).toBe("OK");
      expect(await b.llen("l")).toBe(4);
      await expect(a.call("MIGRATE", "127.0.0.1", t.port, "x", 3, 1000, "KEYS", "a")).rejects.toThrow(
        "ERR When using MIGRATE KEYS option, the key argument must be set to the empty string");
      await expect(a.call("MIGRATE", "127.0.0.1", t.port, "x", "db", 1000)).rejects.toThrow("ERR value is not an integer or out of range");
      await expect(a.call("MIGRATE", "127.0.0.1", t.port, "x", 0, 1000, "AUTH")).rejects.toThrow("ERR syntax error");
      await expect(a.call("MIGRATE", "127.0.0.1", t.port, "x", 0, 1000, "FOO")).rejects.toThrow("ERR syntax error");
      await a.set("k", "1");
      await expect(a.call("MIGRATE", "127.0.0.1", 1, "k", 0, 200)).rejects.toThrow("IOERR error or timeout writing to target instance");
      expect(await a.get("k")).toBe("1");
      a.disconnect();
      b.disconnect();
    }
  });
});
