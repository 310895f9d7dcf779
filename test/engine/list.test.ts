// list.test.ts — list behaviour the differential script cannot pin down, through the
// embedding API on build/engine.wasm:
//   - the quicklist's node structure: random push/insert/set/remove/trim/pop/move sequences
//     under many list-max-listpack-size values (and list-compress-depth values, where the
//     interior nodes are LZF-compressed) must leave the same nodes as redis-server
//     7.0.15 (DEBUG OBJECT's serializedlength, ql_nodes, ql_avg_node, ql_listpack_max,
//     ql_uncompressed_size) and the same elements. Goldens recorded from
//     `redis-server --enable-debug-command yes` (RECORD_LIST=1), re-checked live when
//     redis-server is installed;
//   - LINDEX in the middle of a 1M-element list is fast (whole nodes are skipped);
//   - memory per 10-element list stays under Redis's 235 bytes and is given back;
//   - propagation of blocking commands: served at once or after blocking, they reach the
//     AOF / replicas as Redis 7.0.15's AOF shows them (LPOP, RPOPLPUSH, LMOVE ... left right);
//   - the embedding API's commandAsync.

import { afterAll, beforeAll, describe, expect, it, test } from "vitest";
import net from "node:net";
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRespite } from "../../host/node/index.js";
import type { Respite, Connection } from "../../host/embed.js";
import { ReplyError } from "../../host/embed.js";
import { encodeCommand, RespDecoder } from "../../host/core/resp.js";
import { ENGINE_CONFIG, STAT } from "../../host/core/engine.js";
import { redisAvailable, RedisProcess } from "../compat/runner.js";

const here = dirname(fileURLToPath(import.meta.url));
const goldenPath = join(here, "goldens", "list-structure.json");
const RECORD = process.env.RECORD_LIST === "1";
const LIVE = redisAvailable();

function mulberry32(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---- a command source for both servers ------------------------------------------------------

interface Exec { (args: string[]): Promise<string> }

/** Replies as compact text: bulk -> its bytes, int -> ":n", arrays joined, errors "-...". */
function text(raw: Uint8Array): string {
  const s = Buffer.from(raw).toString("latin1");
  return s;
}

function respiteExec(db: Respite): Exec {
  const c = db.connect();
  return async (args) => text(c.feed(encodeCommand(args)));
}

async function redisExec(port: number): Promise<{ exec: Exec; close: () => void }> {
  const sock = await new Promise<net.Socket>((resolve, reject) => {
    const s = net.connect(port, "127.0.0.1", () => resolve(s));
    s.once("error", reject);
  });
  const dec = new RespDecoder();
  let waiter: ((r: Uint8Array) => void) | null = null;
  sock.on("data", (d) => {
    dec.push(d);
    const r = dec.nextRaw();
    if (r && waiter) { const w = waiter; waiter = null; w(r); }
  });
  return {
    exec: (args) => new Promise((resolve) => {
      waiter = (r) => resolve(text(r));
      sock.write(encodeCommand(args));
    }),
    close: () => sock.destroy(),
  };
}

/** DEBUG OBJECT without the address and the LRU fields. */
function shape(debugObject: string): string {
  return debugObject.replace(/^\+Value at:0x[0-9a-f]+ /, "").replace(/ lru:\d+ lru_seconds_idle:\d+/, "").trim();
}

const FILLS = [-1, -2, -3, -5, -6, 0, 1, 2, 3, 7, 64, 40000];
/** [fill, list-compress-depth] runs with interior nodes LZF-compressed. */
const COMPRESSED: [number, number][] = [[-2, 1], [-1, 2], [3, 1], [2, 3], [-3, 4]];

function randomValue(r: () => number): string {
  const k = r();
  if (k < 0.25) return String(Math.floor(r() * 100000) - 5000); // integers of several widths
  if (k < 0.55) return "v" + Math.floor(r() * 1000);
  if (k < 0.85) return "x".repeat(1 + Math.floor(r() * 300));
  if (k < 0.97) return "y".repeat(300 + Math.floor(r() * 2500));
  return "z".repeat(2000 + Math.floor(r() * 9000));
}

/** Runs a random sequence on `exec`; returns the shape after every 25 operations. */
async function scenario(exec: Exec, fill: number, seed: number, ops: number, depth = 0): Promise<string[]> {
  const r = mulberry32(seed);
  await exec(["FLUSHALL"]);
  await exec(["CONFIG", "SET", "list-max-listpack-size", String(fill)]);
  await exec(["CONFIG", "SET", "list-compress-depth", String(depth)]);
  const out: string[] = [];
  const keys = ["l", "m"];
  for (let i = 0; i < ops; i++) {
    const key = keys[r() < 0.85 ? 0 : 1];
    const len = Number((await exec(["LLEN", key])).slice(1, -2));
    const op = r();
    if (op < 0.4 || len === 0) {
      const n = 1 + Math.floor(r() * 6);
      const vals = Array.from({ length: n }, () => randomValue(r));
      await exec([r() < 0.5 ? "LPUSH" : "RPUSH", key, ...vals]);
    } else if (op < 0.55) {
      const idx = Math.floor(r() * len);
      const pivot = await exec(["LINDEX", key, String(idx)]);
      const dec = new RespDecoder();
      dec.push(Buffer.from(pivot, "latin1"));
      const pv = dec.next() as string;
      await exec(["LINSERT", key, r() < 0.5 ? "BEFORE" : "AFTER", pv, randomValue(r)]);
    } else if (op < 0.62) {
      await exec(["LSET", key, String(Math.floor(r() * len) - (r() < 0.5 ? len : 0)), randomValue(r)]);
    } else if (op < 0.7) {
      const idx = Math.floor(r() * len);
      const dec = new RespDecoder();
      dec.push(Buffer.from(await exec(["LINDEX", key, String(idx)]), "latin1"));
      await exec(["LREM", key, String(Math.floor(r() * 5) - 2), dec.next() as string]);
    } else if (op < 0.76) {
      const a = Math.floor(r() * 4), b = Math.floor(r() * 4);
      await exec(["LTRIM", key, String(a), String(-1 - b)]);
    } else if (op < 0.86) {
      await exec([r() < 0.5 ? "LPOP" : "RPOP", key, String(1 + Math.floor(r() * 8))]);
    } else if (op < 0.93) {
      await exec(["LMOVE", key, keys[r() < 0.5 ? 0 : 1], r() < 0.5 ? "LEFT" : "RIGHT", r() < 0.5 ? "LEFT" : "RIGHT"]);
    } else {
      await exec(["LMPOP", "2", "m", "l", r() < 0.5 ? "LEFT" : "RIGHT", "COUNT", String(1 + Math.floor(r() * 3))]);
    }
    if (i % 25 === 24) {
      for (const k of keys) {
        const d = await exec(["DEBUG", "OBJECT", k]);
        const range = await exec(["LRANGE", k, "0", "-1"]);
        out.push(`${k} ${shape(d)} ${range.length} ${hash(range)}`);
      }
    }
  }
  return out;
}

function hash(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16);
}

// ---- structure --------------------------------------------------------------------------------

describe("quicklist node structure vs redis-server 7.0.15", () => {
  let redis: RedisProcess | null = null;
  let goldens: Record<string, string[]> = existsSync(goldenPath) ? JSON.parse(readFileSync(goldenPath, "utf8")) : {};
  let db: Respite;
  const OPS = 400;

  beforeAll(async () => {
    if (LIVE || RECORD) redis = await RedisProcess.start(["--enable-debug-command", "yes"]);
    if (RECORD) {
      const r = await redisExec(redis!.port);
      goldens = {};
      for (const fill of FILLS) goldens[`fill ${fill}`] = await scenario(r.exec, fill, 1000 + fill, OPS);
      for (const [fill, depth] of COMPRESSED) {
        goldens[`fill ${fill} depth ${depth}`] = await scenario(r.exec, fill, 2000 + depth, OPS, depth);
      }
      r.close();
      writeFileSync(goldenPath, JSON.stringify(goldens, null, 1) + "\n");
    }
    db = await createRespite({ cron: false });
    db.core.engine.x.setConfig(ENGINE_CONFIG.enableDebugCommand, 1);
  }, 120000);
  afterAll(() => { redis?.stop(); db?.close(); });

  for (const fill of FILLS) {
    test(`fill ${fill}`, async () => {
      expect(goldens[`fill ${fill}`], "no goldens: RECORD_LIST=1").toBeDefined();
      expect(await scenario(respiteExec(db), fill, 1000 + fill, OPS)).toEqual(goldens[`fill ${fill}`]);
    });
  }

  for (const [fill, depth] of COMPRESSED) {
    test(`fill ${fill}, list-compress-depth ${depth}`, async () => {
      expect(goldens[`fill ${fill} depth ${depth}`], "no goldens: RECORD_LIST=1").toBeDefined();
      expect(await scenario(respiteExec(db), fill, 2000 + depth, OPS, depth)).toEqual(goldens[`fill ${fill} depth ${depth}`]);
    });
  }

  test.runIf(LIVE)("live: a longer run with the default fill and with 3", async () => {
    const r = await redisExec(redis!.port);
    for (const fill of [-2, 3]) {
      const want = await scenario(r.exec, fill, 77 + fill, 600);
      expect(await scenario(respiteExec(db), fill, 77 + fill, 600)).toEqual(want);
    }
    r.close();
  });
});

// ---- big lists --------------------------------------------------------------------------------

describe("big lists", () => {
  it("LINDEX in the middle of a 1M-element list (speed: bench/, not asserted)", async () => {
    const db = await createRespite({ cron: false });
    const c = db.connect();
    const batch = Array.from({ length: 1000 }, (_, i) => `element:${i}`);
    for (let i = 0; i < 1000; i++) c.command("RPUSH", "big", ...batch);
    expect(c.command("LLEN", "big")).toBe(1_000_000);
    for (let i = 0; i < 2000; i++) {
      expect(c.command("LINDEX", "big", String(500_000 + (i % 7)))).toBe(`element:${(i % 7)}`);
    }
    expect(c.command("LINDEX", "big", "-1")).toBe("element:999");
    expect(c.command("LRANGE", "big", "499999", "500001")).toEqual(["element:999", "element:0", "element:1"]);
    db.close();
  });

  it("a 10-element list costs less than Redis's 235 bytes per key and is given back", async () => {
    const db = await createRespite({ cron: false });
    const c = db.connect();
    const x = db.core.engine.x;
    const before = x.stat(STAT.usedMemory);
    const N = 20000;
    for (let i = 0; i < N; i++) c.command("RPUSH", `list:${i}`, "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10");
    const perKey = (x.stat(STAT.usedMemory) - before) / N;
    expect(perKey).toBeLessThan(235);
    c.command("FLUSHALL");
    expect(x.stat(STAT.usedMemory) - before).toBeLessThan(200000); // the keyspace table's own size
    db.close();
  });
});

// ---- propagation -----------------------------------------------------------------------------

describe("propagation of blocking commands", () => {
  /** Collects PROPAGATE records (kind 1) before the core resets the effects log. */
  function capture(db: Respite): string[] {
    const x = db.core.engine.x;
    x.setPropagation(1);
    const out: string[] = [];
    const core = db.core as unknown as { afterExec: (s: unknown) => void };
    const orig = core.afterExec.bind(db.core);
    core.afterExec = (s) => {
      db.core.blocking.serveReadyKeys();
      const p = x.effectsPtr() >>> 0;
      const n = x.effectsLength();
      const mem = db.core.engine.mem();
      const v = new DataView(mem.buffer);
      for (let o = 0; o < n;) {
        const len = v.getUint32(p + o + 5, true);
        if (mem[p + o] === 1) out.push(Buffer.from(mem.slice(p + o + 9, p + o + 9 + len)).toString("latin1").replace(/\r\n/g, " ").trim());
        o += 9 + len;
      }
      orig(s);
    };
    return out;
  }

  it("matches what redis-server 7.0.15 writes to its AOF", async () => {
    const db = await createRespite({ cron: false });
    const log = capture(db);
    const [a, b, c, d, e] = [db.connect(), db.connect(), db.connect(), db.connect(), db.connect()];
    const pa = a.commandAsync("BLPOP", "q1", "0");
    const pb = b.commandAsync("BRPOPLPUSH", "q2", "d2", "0");
    const pc = c.commandAsync("BLMOVE", "q3", "d3", "left", "RIGHT", "0");
    const pd = d.commandAsync("BLMPOP", "0", "2", "x", "q4", "right", "count", "5");
    e.command("rpush", "q1", "a", "b");
    e.command("rpush", "q2", "a", "b");
    e.command("rpush", "q3", "a", "b");
    e.command("rpush", "q4", "a", "b", "c");
    expect(await pa).toEqual(["q1", "a"]);
    expect(await pb).toBe("b");
    expect(await pc).toBe("a");
    expect(await pd).toEqual(["q4", ["c", "b", "a"]]);
    e.command("rpush", "i1", "a", "b", "c");
    e.command("blpop", "i1", "0");
    e.command("brpop", "i1", "0");
    e.command("blmove", "i1", "j1", "Left", "rIGHT", "0");
    e.command("rpush", "i2", "a", "b", "c");
    e.command("brpoplpush", "i2", "j2", "0");
    e.command("blmpop", "0", "1", "i2", "LEFT", "COUNT", "10");
    e.command("lmpop", "1", "j2", "left", "count", "3");
    e.command("rpush", "z", "1");
    e.command("lpop", "z", "5");
    expect(log).toEqual([
      "*4 $5 rpush $2 q1 $1 a $1 b",
      "*2 $4 LPOP $2 q1",
      "*4 $5 rpush $2 q2 $1 a $1 b",
      "*3 $9 RPOPLPUSH $2 q2 $2 d2",
      "*4 $5 rpush $2 q3 $1 a $1 b",
      "*5 $5 LMOVE $2 q3 $2 d3 $4 left $5 right",
      "*5 $5 rpush $2 q4 $1 a $1 b $1 c",
      "*3 $4 RPOP $2 q4 $1 3",
      "*5 $5 rpush $2 i1 $1 a $1 b $1 c",
      "*2 $4 LPOP $2 i1",
      "*2 $4 RPOP $2 i1",
      "*5 $5 LMOVE $2 i1 $2 j1 $4 Left $5 rIGHT",
      "*5 $5 rpush $2 i2 $1 a $1 b $1 c",
      "*3 $9 RPOPLPUSH $2 i2 $2 j2",
      "*3 $4 LPOP $2 i2 $1 2",
      "*3 $4 LPOP $2 j2 $1 1",
      "*3 $5 rpush $1 z $1 1",
      "*3 $4 lpop $1 z $1 5",
    ]);
    db.close();
  });
});

// ---- embedding API ---------------------------------------------------------------------------

describe("Connection.commandAsync", () => {
  it("resolves when the reply arrives; later commands queue behind a blocked one", async () => {
    const db = await createRespite({ cron: false });
    const a: Connection = db.connect();
    const b = db.connect();
    expect(await a.commandAsync("PING")).toBe("PONG");
    const p1 = a.commandAsync("BRPOP", "jobs", "0");
    const p2 = a.commandAsync("ECHO", "next");
    expect(() => a.command("PING")).toThrow(/pending/);
    let settled = false;
    void p1.then(() => { settled = true; });
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    expect(b.command("LPUSH", "jobs", "j1")).toBe(1);
    expect(await p1).toEqual(["jobs", "j1"]);
    expect(await p2).toBe("next");
    expect(a.command("PING")).toBe("PONG");
    expect(await a.commandAsync("BLPOP", "jobs", "0.01")).toBe(null);
    const err = await a.commandAsync("BLPOP", "jobs", "-1");
    expect(err).toBeInstanceOf(ReplyError);
    db.close();
  });

  it("CLIENT UNBLOCK ... ERROR and a raw feed user's onData", async () => {
    const db = await createRespite({ cron: false });
    const a = db.connect();
    const b = db.connect();
    const id = a.command("CLIENT", "ID") as number;
    let late = "";
    a.onData = (bytes) => { late += Buffer.from(bytes).toString("latin1"); };
    expect(a.feed(encodeCommand(["BLPOP", "k", "0"])).length).toBe(0);
    expect(b.command("CLIENT", "LIST", "ID", String(id))).toMatch(/flags=b .* qbuf=0 .* argv-mem=7 .*cmd=blpop /); // as Redis shows it
    expect(b.command("CLIENT", "UNBLOCK", String(id), "ERROR")).toBe(1);
    expect(late).toBe("-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n");
    expect(b.command("CLIENT", "LIST", "ID", String(id))).toMatch(/flags=N /);
    expect(b.command("INFO", "stats")).toMatch(/total_error_replies:1\r\n/);
    db.close();
  });
});
