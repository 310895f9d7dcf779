// scripting.test.ts — what scripts propagate (Redis 7.0 effects replication): the commands a
// script ran, wrapped in MULTI/EXEC when more than one, nothing for a read-only script, one
// transaction for EVALs inside MULTI/EXEC; and the Lua client stays out of CLIENT LIST.

import { afterEach, beforeEach, expect, test } from "vitest";
import { createRespite, Respite } from "../../host/node/index.js";
import { RespDecoder } from "../../host/core/resp.js";

let db: Respite;
let log: string[][];

beforeEach(async () => {
  db = await createRespite({ cron: false });
  log = [];
  const core = db.core;
  const x = core.engine.x;
  x.setPropagation(1);
  // Read the PROPAGATE records (kind 1) of each exec before the log is reset.
  core.effectsHooks.unshift(() => {
    const base = x.effectsPtr() >>> 0;
    const len = x.effectsLength();
    const mem = core.engine.mem();
    for (let p = 0; p < len;) {
      const kind = mem[base + p];
      const n = new DataView(mem.buffer, base + p + 5, 4).getUint32(0, true);
      if (kind === 1) {
        const d = new RespDecoder();
        d.push(mem.slice(base + p + 9, base + p + 9 + n));
        log.push(d.next() as string[]);
      }
      p += 9 + n;
    }
  });
});
afterEach(() => db.close());

test("one write propagates as itself, several as MULTI ... EXEC, reads as nothing", () => {
  const c = db.connect();
  c.command("EVAL", "return redis.call('set', 'a', '1')", "0");
  expect(log).toEqual([["set", "a", "1"]]);
  log.length = 0;
  c.command("EVAL", "redis.call('set', 'a', '1') redis.call('incr', 'a') return redis.call('get', 'a')", "0");
  expect(log).toEqual([["MULTI"], ["set", "a", "1"], ["incr", "a"], ["EXEC"]]);
  log.length = 0;
  c.command("EVAL", "return redis.call('get', 'a')", "0");
  expect(log).toEqual([]);
  c.command("FUNCTION", "LOAD", "#!lua name=l\nredis.register_function('f', function(k) redis.call('set', k[1], 'x') redis.call('append', k[1], 'y') end)");
  log.length = 0;
  c.command("FCALL", "f", "1", "lst");
  expect(log).toEqual([["MULTI"], ["set", "lst", "x"], ["append", "lst", "y"], ["EXEC"]]);
});

test("EVALs inside MULTI/EXEC propagate as one transaction", () => {
  const c = db.connect();
  c.command("MULTI");
  c.command("EVAL", "redis.call('set', 'x', '1') redis.call('set', 'y', '2')", "0");
  c.command("SET", "z", "3");
  log.length = 0;
  expect(c.command("EXEC")).toEqual([null, "OK"]);
  expect(log).toEqual([["MULTI"], ["set", "x", "1"], ["set", "y", "2"], ["SET", "z", "3"], ["EXEC"]]);
});

test("the Lua client is not a connection; scripts run in the caller's db", () => {
  const c = db.connect();
  c.command("SELECT", "3");
  c.command("EVAL", "return redis.call('set', 'indb3', 'v')", "0");
  expect(c.command("GET", "indb3")).toBe("v");
  const list = c.command("CLIENT", "LIST") as string;
  expect(list.trim().split("\n")).toHaveLength(1);
  expect(db.core.sessions.size).toBe(1);
});

test("FUNCTION RESTORE of a redis-server 7.0.15 dump (LZF-compressed code); DUMP gives the same bytes back", async () => {
  const { readFileSync } = await import("node:fs");
  // FUNCTION DUMP of a 40-function library made by redis-server 7.0.15 (rdbcompression yes).
  const payload = readFileSync(new URL("../fixtures/functions/redis-7.0.15-big-library.dump", import.meta.url));
  const c = db.connect({ buffers: true });
  expect(c.command("FUNCTION", "RESTORE", payload)).toEqual(new TextEncoder().encode("OK"));
  expect(new TextDecoder().decode(c.command("FCALL", "fn39", "0") as Uint8Array)).toBe("value number 39 from a long and repetitive library body");
  expect(Buffer.from(c.command("FUNCTION", "DUMP") as Uint8Array).equals(payload)).toBe(true);
});

test("FUNCTION LOAD / DELETE / FLUSH propagate verbatim (AOF, replicas); failures and SCRIPT LOAD do not", () => {
  const c = db.connect();
  const code = "#!lua name=pl\nredis.register_function('pf', function() return 1 end)";
  c.command("FUNCTION", "LOAD", code);
  c.command("FUNCTION", "LOAD", code); // already exists: an error, nothing propagated
  c.command("SCRIPT", "LOAD", "return 1");
  c.command("FUNCTION", "DELETE", "pl");
  c.command("FUNCTION", "DELETE", "pl");
  c.command("FUNCTION", "FLUSH", "SYNC");
  expect(log).toEqual([["FUNCTION", "LOAD", code], ["FUNCTION", "DELETE", "pl"], ["FUNCTION", "FLUSH", "SYNC"]]);
});

test("a library whose load-time code loops fails after 500 ms, as Redis's FUNCTION LOAD timeout", () => {
  const c = db.connect();
  const t = Date.now();
  const r = c.command("FUNCTION", "LOAD", "#!lua name=inf\nwhile true do end");
  expect(r).toBeInstanceOf(Error);
  expect((r as Error).message).toBe("ERR Error registering functions: ERR FUNCTION LOAD timeout");
  expect(Date.now() - t).toBeLessThan(3000);
  expect(c.command("FUNCTION", "LOAD", "#!lua name=ok\nredis.register_function('f', function() return 1 end)")).toBe("ok");
  expect(c.command("FCALL", "f", "0")).toBe(1);
});

test("scripts run with the caller's ACL user: redis.call refusals, redis.acl_check_cmd", () => {
  const admin = db.connect();
  expect(admin.command("ACL", "SETUSER", "lim", "on", "nopass", "+eval", "+get", "~a*")).toBe("OK");
  const c = db.connect();
  expect(c.command("AUTH", "lim", "x")).toBe("OK");
  const err = (r: unknown) => (r instanceof Error ? r.message : r);
  expect(err(c.command("EVAL", "return redis.call('set','a','b')", "0"))).toMatch(/^ERR The user executing the script can't run this command or subcommand script: [0-9a-f]{40}, on @user_script:1\.$/);
  expect(err(c.command("EVAL", "return redis.call('get','b')", "0"))).toMatch(/^ERR The user executing the script can't access at least one of the keys mentioned in the command arguments script: /);
  expect(c.command("EVAL", "return redis.acl_check_cmd('set','a','b')", "0")).toBe(null);
  expect(c.command("EVAL", "return redis.acl_check_cmd('get','a')", "0")).toBe(1);
  expect(c.command("EVAL", "return redis.acl_check_cmd('get','b')", "0")).toBe(null);
  expect(err(c.command("EVAL", "return redis.acl_check_cmd('nosuch')", "0"))).toMatch(/^ERR Invalid command passed to redis.acl_check_cmd\(\) script: /);
  expect(admin.command("EVAL", "return redis.acl_check_cmd('set','b','c')", "0")).toBe(1);
});

test("a table that contains itself: 7995 nested arrays, then -ERR reached lua stack limit (as redis-server)", () => {
  const c = db.connect();
  const src = "local a = {}; local b = {a}; a[1] = b; return a";
  const raw = new TextDecoder().decode(c.feed(new TextEncoder().encode(`*3\r\n$4\r\nEVAL\r\n$${src.length}\r\n${src}\r\n$1\r\n0\r\n`)));
  expect(raw).toBe("*1\r\n".repeat(7995) + "-ERR reached lua stack limit\r\n");
});
