// rdb.test.ts — RDB persistence: round trips in both directions with redis-server 7.0.15,
// committed fixtures written by Redis (so the load direction runs offline), corrupt and
// truncated files, and the Node shell's SAVE / BGSAVE / startup load / DEBUG RELOAD.
//
// The comparison is Redis's own: DEBUG DIGEST of the dataset and, per key, DEBUG DIGEST-VALUE
// plus OBJECT ENCODING, which must be identical in both servers. Tests that need redis-server
// (the live directions, re-recording fixtures) are skipped when it is not installed; the
// fixtures keep the load direction covered without it. RECORD_RDB_FIXTURES=1 rewrites them.

import { describe, test, expect, beforeAll, afterAll } from "vitest";
import { spawn, spawnSync, ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import net from "node:net";
import Redis from "ioredis";
import { Respite } from "../../host/embed.js";
import { engineModule } from "../../host/node/load.js";
import { rdbDump, rdbLoadBytes, setRdbBackend } from "../../host/core/persistence.js";
import { redisAvailable, RedisProcess } from "../compat/runner.js";
import { datasetCommands } from "./rdb-dataset.js";
import { crc64 } from "./rdb-crc64.js";

const here = dirname(fileURLToPath(import.meta.url));
const LIB = "#!lua name=mylib\nredis.register_function('myfn', function(keys, args) return args[1] end)";
const root = join(here, "..", "..");
const fixtures = join(root, "test", "fixtures", "rdb");
const LIVE = redisAvailable();
const RECORD = process.env.RECORD_RDB_FIXTURES === "1";

/** Per key (db/key): [DEBUG DIGEST-VALUE, OBJECT ENCODING]; plus the dataset digest. */
interface Snapshot { digest: string; keys: Record<string, [string, string]> }

async function newRespite(): Promise<Respite> {
  const r = await Respite.create({ wasm: engineModule(), cron: false });
  r.core.engine.x.setConfig(3, 1); // enable-debug-command yes
  return r;
}

function run(r: Respite, cmds: string[][]): void {
  for (const c of cmds) {
    const rep = r.command(...c);
    if (rep instanceof Error) throw new Error(`${c.join(" ")}: ${rep.message}`);
  }
}

function snapRespite(r: Respite): Snapshot {
  const keys: Record<string, [string, string]> = {};
  for (let db = 0; db < 16; db++) {
    r.command("SELECT", String(db));
    for (const k of (r.command("KEYS", "*") as string[]).sort()) {
      const d = (r.command("DEBUG", "DIGEST-VALUE", k) as string[])[0];
      keys[`${db}/${k}`] = [d, String(r.command("OBJECT", "ENCODING", k))];
    }
  }
  r.command("SELECT", "0");
  return { digest: String(r.command("DEBUG", "DIGEST")), keys };
}

async function snapRedis(c: Redis): Promise<Snapshot> {
  const keys: Record<string, [string, string]> = {};
  for (let db = 0; db < 16; db++) {
    await c.select(db);
    for (const k of ((await c.keys("*")) as string[]).sort()) {
      const d = ((await c.call("DEBUG", "DIGEST-VALUE", k)) as string[])[0];
      keys[`${db}/${k}`] = [d, String(await c.call("OBJECT", "ENCODING", k))];
    }
  }
  await c.select(0);
  return { digest: String(await c.call("DEBUG", "DIGEST")), keys };
}

function fixtureNames(): string[] {
  return existsSync(fixtures) ? readdirSync(fixtures).filter((f) => f.endsWith(".rdb")).sort() : [];
}

describe("RDB in process", () => {
  test("save and load keep every key, encoding, TTL and the dataset digest", async () => {
    const a = await newRespite();
    run(a, datasetCommands());
    const want = snapRespite(a);
    expect(Object.keys(want.keys).length).toBeGreaterThan(30);
    const bytes = rdbDump(a.core);
    expect(new TextDecoder().decode(bytes.subarray(0, 9))).toBe("REDIS0010");
    const b = await newRespite();
    const res = rdbLoadBytes(b.core, bytes);
    expect(res.ok, res.error).toBe(true);
    expect(res.redisVer).toBe("7.0.15");
    expect(snapRespite(b)).toEqual(want);
    expect(b.command("TTL", "s:ttl2")).toBeGreaterThan(49000);
    expect(b.command("XINFO", "GROUPS", "x:s")).toEqual(a.command("XINFO", "GROUPS", "x:s"));
    // Pending entries with their owners and delivery counts (idle times move on).
    const pel = (r: Respite) => (r.command("XPENDING", "x:s", "g1", "-", "+", "10") as unknown[][]).map((e) => [e[0], e[1], e[3]]);
    expect(pel(b)).toEqual(pel(a));
  });

  test("the embedding API snapshots to bytes and loads them back", async () => {
    const a = await newRespite();
    run(a, datasetCommands());
    const bytes = a.snapshot();
    const b = await newRespite();
    b.command("SET", "replaced", "by the snapshot");
    b.loadSnapshot(bytes);
    expect(snapRespite(b)).toEqual(snapRespite(a));
    expect(() => b.loadSnapshot(bytes.subarray(0, 100))).toThrow(/^RDB load failed: Short read/);
    expect(b.command("DBSIZE")).toBe(0);
  });

  test("function libraries are saved with the data and loaded back (SAVE, DEBUG RELOAD)", async () => {
    const a = await newRespite();
    expect(a.command("FUNCTION", "LOAD", LIB)).toBe("mylib");
    a.command("SET", "k", "v");
    const bytes = rdbDump(a.core);
    const b = await newRespite();
    const res = rdbLoadBytes(b.core, bytes);
    expect([res.ok, res.functionsLoaded]).toEqual([true, 1]);
    expect(b.command("FCALL", "myfn", "0", "hi")).toBe("hi");
    expect(b.command("DEBUG", "RELOAD")).toBe("OK");
    expect(b.command("FCALL", "myfn", "0", "again")).toBe("again");
    expect((b.command("FUNCTION", "LIST") as unknown[]).length).toBe(1);
    // A file whose library cannot load is refused like a corrupt one.
    const c = await newRespite();
    c.command("FUNCTION", "LOAD", LIB);
    const clash = rdbLoadBytes(c.core, bytes);
    expect(clash.ok).toBe(true); // REPLACE semantics, as Redis's reload merge
  });

  test("rdbcompression no writes plain strings that load the same", async () => {
    const a = await newRespite();
    run(a, datasetCommands());
    a.command("CONFIG", "SET", "rdbcompression", "no");
    const plain = rdbDump(a.core);
    a.command("CONFIG", "SET", "rdbcompression", "yes");
    const packed = rdbDump(a.core);
    expect(plain.length).toBeGreaterThan(packed.length);
    const b = await newRespite();
    expect(rdbLoadBytes(b.core, plain).ok).toBe(true);
    expect(snapRespite(b)).toEqual(snapRespite(a));
  });

  test("keys already expired are not loaded; DEBUG RELOAD keeps the data", async () => {
    const a = await newRespite();
    a.command("SET", "gone", "x", "PX", "30");
    a.command("SET", "kept", "y");
    const bytes = rdbDump(a.core);
    await new Promise((r) => setTimeout(r, 60));
    const b = await newRespite();
    const res = rdbLoadBytes(b.core, bytes);
    expect([res.keysLoaded, res.keysExpired]).toEqual([1, 1]);
    run(b, datasetCommands());
    const before = snapRespite(b);
    expect(b.command("DEBUG", "RELOAD")).toBe("OK");
    expect(snapRespite(b)).toEqual(before);
    expect(b.command("DEBUG", "RELOAD", "NOSAVE", "NOFLUSH", "MERGE")).toBe("OK");
    expect(snapRespite(b)).toEqual(before);
    expect(String(b.command("DEBUG", "RELOAD", "BAD"))).toContain("only supports the MERGE, NOFLUSH and NOSAVE options");
  });

  test("a failed BGSAVE stops writes (and PING) with MISCONF until a save succeeds", async () => {
    const a = await newRespite();
    let fail = true;
    setRdbBackend(a.core, {
      persistent: false, log: () => {}, open: () => null,
      save: () => { if (fail) throw new Error("disk full"); },
    });
    expect(a.command("BGSAVE")).toBe("Background saving started");
    await new Promise((r) => setTimeout(r, 5));
    expect(String(a.command("INFO", "persistence"))).toContain("rdb_last_bgsave_status:err");
    const misconf = "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.";
    const err = (r: unknown) => (r as Error).message;
    expect(err(a.command("SET", "k", "v"))).toBe(misconf);
    expect(err(a.command("PING"))).toBe(misconf);
    expect(a.command("GET", "k")).toBe(null);
    a.command("CONFIG", "SET", "stop-writes-on-bgsave-error", "no");
    expect(a.command("SET", "k", "v")).toBe("OK");
    a.command("CONFIG", "SET", "stop-writes-on-bgsave-error", "yes");
    expect(err(a.command("SET", "k", "v"))).toBe(misconf);
    fail = false;
    expect(a.command("SAVE")).toBe("OK");
    expect(a.command("SET", "k", "v")).toBe("OK");
    expect(a.command("PING")).toBe("PONG");
    expect(err(a.command("BGSAVE", "x"))).toBe("ERR syntax error");
    // Inside MULTI / EXEC a BGSAVE is scheduled (Redis: server.in_exec), run by the cron.
    const c = a.connect();
    c.command("MULTI");
    c.command("BGSAVE");
    expect(c.command("EXEC")).toEqual(["Background saving scheduled"]);
    expect(err(c.command("MULTI") && c.command("SAVE"))).toBe("ERR Command not allowed inside a transaction");
  });

  test("idle times (LRU policies) and LFU counters (LFU policies) are saved and loaded", async () => {
    const payload = "\x00\xc190\n\x00\x9d\x94\xea'\x93\xfc\b\xb9";
    const bytes = Uint8Array.from(payload, (ch) => ch.charCodeAt(0));
    const a = await newRespite();
    a.command("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");
    a.connect().command("RESTORE", "k", "0", bytes, "FREQ", "100");
    const lfu = rdbDump(a.core);
    a.command("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
    a.connect().command("RESTORE", "k", "0", bytes, "REPLACE", "IDLETIME", "5000");
    const lru = rdbDump(a.core);
    const b = await newRespite();
    b.command("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");
    expect(rdbLoadBytes(b.core, lfu).ok).toBe(true);
    expect(b.command("OBJECT", "FREQ", "k")).toBe(100);
    b.command("FLUSHALL");
    b.command("CONFIG", "SET", "maxmemory-policy", "volatile-lru");
    expect(rdbLoadBytes(b.core, lru).ok).toBe(true);
    expect(b.command("OBJECT", "IDLETIME", "k")).toBeGreaterThanOrEqual(5000);
    if (LIVE) {
      const d = mkdtempSync(join(tmpdir(), "respite-lfu-"));
      for (const [n, f] of [["lfu.rdb", lfu], ["lru.rdb", lru]] as const) {
        writeFileSync(join(d, n), f);
        const check = spawnSync("redis-check-rdb", [join(d, n)], { encoding: "utf8" });
        expect(check.status, check.stdout).toBe(0);
      }
      rmSync(d, { recursive: true, force: true });
    }
  });

  test("truncated and corrupt files are refused, with nothing left loaded", async () => {
    const a = await newRespite();
    run(a, datasetCommands());
    const good = rdbDump(a.core);
    const b = await newRespite();
    // Every truncation point in the header, then a spread through the body.
    const cuts = new Set<number>();
    for (let i = 0; i < 200; i++) cuts.add(i);
    for (let i = 200; i < good.length; i += Math.max(1, Math.floor(good.length / 300))) cuts.add(i);
    cuts.add(good.length - 1);
    for (const n of cuts) {
      const res = rdbLoadBytes(b.core, good.subarray(0, n));
      expect(res.ok, `truncated at ${n}`).toBe(false);
      expect(res.error, `truncated at ${n}`).toMatch(n < 9 ? /^Short read/ : /^(Short read|Wrong RDB checksum)/);
      expect(b.command("DBSIZE")).toBe(0);
    }
    // One flipped byte anywhere: a checksum (or structure) error, never a crash.
    for (let i = 9; i < good.length; i += Math.max(1, Math.floor(good.length / 200))) {
      const bad = good.slice();
      bad[i] ^= 0x5a;
      const res = rdbLoadBytes(b.core, bad);
      expect(res.ok, `flipped byte ${i}`).toBe(false);
      expect(b.command("DBSIZE")).toBe(0);
    }
    const sig = good.slice();
    sig[0] = 0x58;
    expect(rdbLoadBytes(b.core, sig).error).toBe("Wrong signature trying to load DB from file");
    const ver = good.slice();
    ver.set(new TextEncoder().encode("0011"), 5);
    expect(rdbLoadBytes(b.core, ver).error).toBe("Can't handle RDB format version 11");
    const tail = good.slice();
    tail[tail.length - 1] ^= 1;
    expect(rdbLoadBytes(b.core, tail).error).toMatch(/^Wrong RDB checksum expected: \([0-9a-f]+\) but got \([0-9a-f]+\)\. Aborting now\.$/);
    // The same file still loads afterwards.
    expect(rdbLoadBytes(b.core, good).ok).toBe(true);
  });

  test("RESTORE of corrupt payloads with a valid checksum answers Bad data format", async () => {
    const a = await newRespite();
    run(a, datasetCommands());
    expect(crc64(new TextEncoder().encode("123456789"))).toBe(0xe9c6d914c4b8d9can);
    const conn = a.connect({ buffers: true });
    for (const k of ["l:big", "z:sk", "h:lp", "x:s", "set:i16", "l:comp", "h:ht", "s:lzf"]) {
      const payload = Buffer.from(conn.command("DUMP", k) as Uint8Array);
      // The payload itself restores to the same value.
      expect(conn.command("RESTORE", `copy:${k}`, "0", payload)).toEqual(new TextEncoder().encode("OK"));
      expect(a.command("DEBUG", "DIGEST-VALUE", `copy:${k}`)).toEqual(a.command("DEBUG", "DIGEST-VALUE", k));
      for (let i = 1; i < payload.length - 10; i += Math.max(1, Math.floor(payload.length / 60))) {
        const bad = Buffer.from(payload);
        bad[i] ^= 0xff;
        bad.writeBigUInt64LE(crc64(bad.subarray(0, bad.length - 8)), bad.length - 8);
        const r = conn.command("RESTORE", `r:${k}:${i}`, "0", bad, "REPLACE");
        if (r instanceof Error) expect(r.message).toBe("ERR Bad data format");
      }
    }
    expect(a.command("PING")).toBe("PONG");
  });
});

describe("RDB fuzzing: corrupt data with valid checksums never crashes the engine", () => {
  // Random bytes overwritten in files and DUMP payloads, the CRC recomputed so the parser
  // sees them; whatever loads must then survive reads and writes of every type. (Longer runs
  // of the same loops, 20,000 iterations each, passed while developing.)
  const lcg = (seed: number) => (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
  const exercise = (r: Respite, k: string) => {
    const t = String(r.command("TYPE", k));
    const cmds: string[][] = t === "list" ? [["LRANGE", k, "0", "-1"], ["LINDEX", k, "-1"], ["RPUSH", k, "x"], ["LPOP", k]]
      : t === "hash" ? [["HGETALL", k], ["HSET", k, "new", "v"], ["HDEL", k, "f1"]]
      : t === "set" ? [["SMEMBERS", k], ["SADD", k, "77"], ["SPOP", k]]
      : t === "zset" ? [["ZRANGE", k, "0", "-1", "WITHSCORES"], ["ZADD", k, "5", "q"], ["ZREVRANGE", k, "0", "3"]]
      : t === "stream" ? [["XRANGE", k, "-", "+"], ["XREVRANGE", k, "+", "-"], ["XINFO", "STREAM", k, "FULL"], ["XADD", k, "*", "a", "b"], ["XTRIM", k, "MAXLEN", "1"]]
      : [["GET", k]];
    for (const c of [...cmds, ["DUMP", k], ["DEBUG", "DIGEST-VALUE", k]]) r.command(...c);
  };

  test("files", async () => {
    const a = await newRespite();
    const files = fixtureNames().map((f) => readFileSync(join(fixtures, f)));
    const rnd = lcg(777);
    for (let iter = 0; iter < 400; iter++) {
      const b = Buffer.from(files[rnd(files.length)]);
      for (let f = 1 + rnd(3); f > 0; f--) b[9 + rnd(b.length - 17)] = rnd(256);
      b.writeBigUInt64LE(crc64(b.subarray(0, b.length - 8)), b.length - 8);
      a.command("FLUSHALL");
      const res = rdbLoadBytes(a.core, b);
      if (!res.ok) {
        expect(a.command("DBSIZE")).toBe(0);
        continue;
      }
      a.command("DEBUG", "DIGEST");
      for (const db of ["0", "2", "3"]) {
        a.command("SELECT", db);
        for (const k of a.command("KEYS", "*") as string[]) exercise(a, k);
      }
      a.command("SELECT", "0");
    }
    expect(a.command("PING")).toBe("PONG");
  }, 60000);

  test("RESTORE payloads", async () => {
    const a = await newRespite();
    run(a, datasetCommands());
    const conn = a.connect({ buffers: true });
    const keys = (a.command("KEYS", "*") as string[]).sort();
    const rnd = lcg(12345);
    for (let iter = 0; iter < 2000; iter++) {
      const b = Buffer.from(conn.command("DUMP", keys[rnd(keys.length)]) as Uint8Array);
      for (let f = 1 + rnd(4); f > 0; f--) b[rnd(b.length - 10)] = rnd(256);
      b.writeBigUInt64LE(crc64(b.subarray(0, b.length - 8)), b.length - 8);
      if (!(conn.command("RESTORE", "fz", "0", b, "REPLACE") instanceof Error)) exercise(a, "fz");
    }
    expect(a.command("PING")).toBe("PONG");
  }, 60000);
});

describe("RDB fixtures written by redis-server (offline)", () => {
  test("fixtures are present", () => {
    expect(fixtureNames().length).toBeGreaterThan(0);
  });
  for (const f of fixtureNames()) {
    test(`loads ${f} with Redis's digests and encodings`, async () => {
      const want = JSON.parse(readFileSync(join(fixtures, f.replace(/\.rdb$/, ".json")), "utf8")) as Snapshot;
      const r = await newRespite();
      const res = rdbLoadBytes(r.core, readFileSync(join(fixtures, f)));
      expect(res.ok, res.error).toBe(true);
      expect(snapRespite(r)).toEqual(want);
      if (f.includes("module-aux")) {
        // The module AUX record is skipped; the FUNCTION2 library is loaded.
        expect([res.moduleAuxSkipped, res.functionsLoaded]).toEqual([1, 1]);
        expect(r.command("FCALL", "legacyfn", "0")).toBe(1);
      }
    });
  }
});

describe.runIf(LIVE)("RDB with redis-server 7.0.15 (live)", () => {
  let dir = "";
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), "respite-rdb-")); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function withRedis<T>(dbfile: string, fn: (c: Redis) => Promise<T>): Promise<T> {
    const rp = await RedisProcess.start(["--enable-debug-command", "yes", "--dir", dir, "--dbfilename", dbfile]);
    const c = new Redis({ port: rp.port, lazyConnect: true });
    await c.connect();
    try { return await fn(c); } finally { c.disconnect(); rp.stop(); }
  }

  test("Respite's file loads in redis-server with the same digests; redis-check-rdb accepts it", async () => {
    const a = await newRespite();
    run(a, datasetCommands());
    const want = snapRespite(a);
    writeFileSync(join(dir, "respite.rdb"), rdbDump(a.core));
    const check = spawnSync("redis-check-rdb", [join(dir, "respite.rdb")], { encoding: "utf8" });
    expect(check.status, check.stdout).toBe(0);
    expect(check.stdout).toContain("RDB looks OK!");
    const got = await withRedis("respite.rdb", (c) => snapRedis(c));
    expect(got).toEqual(want);
  });

  test("redis-server's file loads in Respite with the same digests (and refreshes the fixture)", async () => {
    const snap = await withRedis("redis.rdb", async (c) => {
      for (const cmd of datasetCommands()) await c.call(cmd[0], ...cmd.slice(1));
      await c.call("SAVE");
      return snapRedis(c);
    });
    const r = await newRespite();
    const res = rdbLoadBytes(r.core, readFileSync(join(dir, "redis.rdb")));
    expect(res.ok, res.error).toBe(true);
    const got = snapRespite(r);
    expect(got).toEqual(snap);
    // Same data built by commands on both sides digests alike too, with the same
    // DEBUG OBJECT serializedlength (the size of each value's RDB encoding).
    const b = await newRespite();
    run(b, datasetCommands());
    expect(snapRespite(b)).toEqual(snap);
    const lens = await withRedis("unused.rdb", async (c) => {
      for (const cmd of datasetCommands()) await c.call(cmd[0], ...cmd.slice(1));
      const out: Record<string, string> = {};
      for (const k of Object.keys(snap.keys).filter((k) => k.startsWith("0/"))) {
        out[k] = /serializedlength:(\d+)/.exec(String(await c.call("DEBUG", "OBJECT", k.slice(2))))![1];
      }
      return out;
    });
    for (const k of Object.keys(lens)) {
      expect(/serializedlength:(\d+)/.exec(String(b.command("DEBUG", "OBJECT", k.slice(2))))![1], k).toBe(lens[k]);
    }
    if (RECORD) {
      copyFileSync(join(dir, "redis.rdb"), join(fixtures, "redis-7.0.15-all-types.rdb"));
      writeFileSync(join(fixtures, "redis-7.0.15-all-types.json"), JSON.stringify(snap, null, 1) + "\n");
    }
  });

  test("function libraries travel both ways with redis-server", async () => {
    const a = await newRespite();
    a.command("FUNCTION", "LOAD", LIB);
    writeFileSync(join(dir, "fn-respite.rdb"), rdbDump(a.core));
    expect(spawnSync("redis-check-rdb", [join(dir, "fn-respite.rdb")]).status).toBe(0);
    await withRedis("fn-respite.rdb", async (c) => {
      expect(await c.call("FCALL", "myfn", "0", "from respite")).toBe("from respite");
      await c.call("FUNCTION", "LOAD", "#!lua name=lib2\nredis.register_function('fn2', function() return 2 end)");
      await c.call("SAVE");
    });
    const b = await newRespite();
    const res = rdbLoadBytes(b.core, readFileSync(join(dir, "fn-respite.rdb")));
    expect([res.ok, res.functionsLoaded]).toEqual([true, 2]);
    expect(b.command("FCALL", "fn2", "0")).toBe(2);
    expect(b.command("FCALL", "myfn", "0", "x")).toBe("x");
  });

  test("legacy fixtures (RDB 9 encodings) digest as redis-server 7.0.15 loads them", async () => {
    // (module-aux: redis-server without the module refuses the file; see the offline test)
    for (const f of fixtureNames().filter((n) => n.startsWith("legacy-") && !n.includes("module"))) {
      copyFileSync(join(fixtures, f), join(dir, f));
      const [snap, xinfo] = await withRedis(f, async (c) => [await snapRedis(c), await c.call("XINFO", "STREAM", "stream-v1", "FULL")] as const);
      const r = await newRespite();
      expect(rdbLoadBytes(r.core, readFileSync(join(fixtures, f))).ok).toBe(true);
      expect(snapRespite(r), f).toEqual(snap);
      // Groups, PELs and consumers (not part of the digest), v1 streams' derived counters.
      expect(r.command("XINFO", "STREAM", "stream-v1", "FULL")).toEqual(xinfo);
      if (RECORD) writeFileSync(join(fixtures, f.replace(/\.rdb$/, ".json")), JSON.stringify(snap, null, 1) + "\n");
      if (RECORD && f === "legacy-rdb9.rdb") writeFileSync(join(fixtures, "legacy-rdb9-module-aux.json"), JSON.stringify(snap, null, 1) + "\n");
    }
  });
});

// ---- the Node shell: files, SAVE, BGSAVE, startup ------------------------------------------------

const mainJs = join(root, "dist", "host", "node", "main.js");

class Server {
  log = "";
  constructor(readonly proc: ChildProcess, readonly port: number) {
    proc.stdout?.on("data", (d) => { this.log += String(d); });
    proc.stderr?.on("data", (d) => { this.log += String(d); });
  }
  static async start(dir: string, extra: string[] = []): Promise<Server> {
    const port = 21000 + Math.floor(Math.random() * 20000);
    const proc = spawn(process.execPath, [mainJs, "--port", String(port), "--dir", dir, "--enable-debug-command", "yes", ...extra], { stdio: ["ignore", "pipe", "pipe"] });
    const s = new Server(proc, port);
    // Up to 20 s: the machine may be busy (wasm compile + startup take ~0.5 s when idle).
    for (let i = 0; i < 800; i++) {
      await new Promise((r) => setTimeout(r, 25));
      if (proc.exitCode !== null) return s;
      if (await canConnect(port)) return s;
    }
    return s;
  }
  async exited(): Promise<number> {
    if (this.proc.exitCode !== null) return this.proc.exitCode;
    return new Promise((r) => this.proc.once("exit", (code) => r(code ?? -1)));
  }
  stop(): void { this.proc.kill("SIGKILL"); }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => { s.destroy(); resolve(true); });
    s.once("error", () => resolve(false));
  });
}

describe.runIf(existsSync(mainJs))("RDB files in the Node shell", () => {
  let dir = "";
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), "respite-srv-")); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("SAVE, BGSAVE, LASTSAVE, INFO persistence; a restart loads the file", async () => {
    const s = await Server.start(dir, ["--save", ""]);
    const c = new Redis({ port: s.port });
    try {
      for (const cmd of datasetCommands()) await c.call(cmd[0], ...cmd.slice(1));
      expect(await c.call("SAVE")).toBe("OK");
      expect(existsSync(join(dir, "dump.rdb"))).toBe(true);
      expect(Number(await c.call("LASTSAVE"))).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) - 2);
      await expect(c.call("BGSAVE", "NOW")).rejects.toThrow("ERR syntax error");
      await c.set("after", "save");
      expect(await c.call("BGSAVE")).toBe("Background saving started");
      for (let i = 0; i < 100; i++) {
        const info = String(await c.info("persistence"));
        if (info.includes("rdb_bgsave_in_progress:0")) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      const info = String(await c.info("persistence"));
      expect(info).toContain("rdb_last_bgsave_status:ok");
      expect(info).toContain("rdb_changes_since_last_save:0");
      expect(info).toMatch(/rdb_saves:2\r\n/);
      const digest = await c.call("DEBUG", "DIGEST");
      c.disconnect();
      s.stop();
      await s.exited();
      const check = spawnSync("redis-check-rdb", [join(dir, "dump.rdb")], { encoding: "utf8" });
      if (check.error === undefined) expect(check.status, check.stdout).toBe(0);
      const s2 = await Server.start(dir, ["--save", ""]);
      const c2 = new Redis({ port: s2.port });
      expect(await c2.call("DEBUG", "DIGEST")).toBe(digest);
      expect(await c2.get("after")).toBe("save");
      expect(await c2.call("DEBUG", "RELOAD")).toBe("OK");
      expect(await c2.call("DEBUG", "DIGEST")).toBe(digest);
      expect(s2.log).toContain("Done loading RDB, keys loaded:");
      c2.disconnect();
      s2.stop();
    } finally {
      c.disconnect();
      s.stop();
    }
  }, 90000);

  test("a corrupt or truncated dump.rdb stops the server at start with the reason", async () => {
    const good = readFileSync(join(dir, "dump.rdb"));
    for (const [name, bytes] of [["truncated", good.subarray(0, Math.floor(good.length / 2))], ["flipped", (() => { const b = Buffer.from(good); b[b.length - 3] ^= 1; return b; })()]] as const) {
      const d = mkdtempSync(join(tmpdir(), `respite-bad-${name}-`));
      writeFileSync(join(d, "dump.rdb"), bytes);
      const s = await Server.start(d, ["--save", ""]);
      expect(await s.exited(), name).toBe(1);
      expect(s.log).toContain("Terminating server after rdb file reading failure.");
      rmSync(d, { recursive: true, force: true });
    }
  }, 90000);

  test("SIGTERM with save points saves the final snapshot before exiting", async () => {
    const d = mkdtempSync(join(tmpdir(), "respite-final-"));
    const s = await Server.start(d, ["--save", "3600 1"]);
    const c = new Redis({ port: s.port });
    try {
      await c.set("last", "words");
      c.disconnect();
      s.proc.kill("SIGTERM");
      expect(await s.exited()).toBe(0);
      expect(s.log).toContain("Saving the final RDB snapshot before exiting.");
      expect(s.log).toContain("DB saved on disk");
      const s2 = await Server.start(d, ["--save", ""]);
      const c2 = new Redis({ port: s2.port });
      expect(await c2.get("last")).toBe("words");
      c2.disconnect();
      s2.stop();
    } finally {
      c.disconnect();
      s.stop();
      rmSync(d, { recursive: true, force: true });
    }
  }, 90000);

  test("save points trigger a background save", async () => {
    const d = mkdtempSync(join(tmpdir(), "respite-savepoint-"));
    const s = await Server.start(d, ["--save", "1 1"]);
    const c = new Redis({ port: s.port });
    try {
      await c.set("k", "v");
      let seen = false;
      for (let i = 0; i < 150 && !seen; i++) {
        await new Promise((r) => setTimeout(r, 50));
        seen = existsSync(join(d, "dump.rdb")) && String(await c.info("persistence")).includes("rdb_changes_since_last_save:0");
      }
      expect(seen).toBe(true);
      expect(s.log).toContain("1 changes in 1 seconds. Saving...");
      expect(s.log).toContain("Background saving terminated with success");
    } finally {
      c.disconnect();
      s.stop();
      rmSync(d, { recursive: true, force: true });
    }
  }, 90000);
});

