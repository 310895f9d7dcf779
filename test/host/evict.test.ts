// evict.test.ts — maxmemory and eviction policies (assembly/db/evict.ts), OOM refusals in and
// out of MULTI, and the statistics around them (INFO, SLOWLOG entries, MEMORY STATS shape).
// Memory figures are our allocator's, so limits are set relative to the used memory INFO
// reports, never as absolute numbers taken from Redis.

import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createRespite, Respite, ReplyError } from "../../host/node/index.js";

const OOM = "OOM command not allowed when used memory > 'maxmemory'.";
let db: Respite;

function info(section: string): Map<string, string> {
  const text = String(db.command("INFO", section));
  const m = new Map<string, string>();
  for (const line of text.split("\r\n")) {
    const i = line.indexOf(":");
    if (i > 0 && !line.startsWith("#")) m.set(line.slice(0, i), line.slice(i + 1));
  }
  return m;
}
const used = () => Number(info("memory").get("used_memory"));
const evicted = () => Number(info("stats").get("evicted_keys"));
const exists = (k: string) => db.command("EXISTS", k) === 1;
const err = (r: unknown) => (r instanceof ReplyError ? r.message : null);

beforeEach(async () => {
  db = await createRespite({ cron: false });
});
afterEach(() => db.close());

describe("eviction policies", () => {
  test("noeviction: deny-oom commands get -OOM, reads and deletes still run", () => {
    db.command("SET", "a", "1");
    db.command("CONFIG", "SET", "maxmemory", String(used() - 1));
    expect(err(db.command("SET", "b", "2"))).toBe(OOM);
    expect(err(db.command("LPUSH", "l", "x"))).toBe(OOM);
    expect(db.command("GET", "a")).toBe("1");
    expect(db.command("DEL", "a")).toBe(1);
    expect(evicted()).toBe(0);
    db.command("CONFIG", "SET", "maxmemory", "0");
    expect(db.command("SET", "b", "2")).toBe("OK");
  });

  test("volatile-* never evict keys without a TTL; with none left: OOM", () => {
    for (const policy of ["volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl"]) {
      db.command("FLUSHALL");
      db.command("CONFIG", "SET", "maxmemory", "0");
      for (let i = 0; i < 200; i++) db.command("SET", `p${i}`, "x".repeat(40));
      for (let i = 0; i < 200; i++) db.command("SET", `v${i}`, "x".repeat(40), "EX", "1000");
      db.command("CONFIG", "SET", "maxmemory-policy", policy);
      // Room for about half the volatile keys.
      const before = used();
      db.command("CONFIG", "SET", "maxmemory", String(before - 100 * 80));
      expect(db.command("SET", "trigger", "1")).toBe("OK");
      for (let i = 0; i < 200; i++) expect(exists(`p${i}`)).toBe(true);
      const left = Array.from({ length: 200 }, (_, i) => exists(`v${i}`)).filter(Boolean).length;
      expect(left).toBeLessThan(200);
      expect(left).toBeGreaterThan(0);
      // Below what persistent keys alone take: every volatile key goes, then OOM.
      db.command("CONFIG", "SET", "maxmemory", "1000");
      expect(err(db.command("SET", "x", "y"))).toBe(OOM);
      expect(db.command("DBSIZE")).toBe(201);
      for (let i = 0; i < 200; i++) expect(exists(`p${i}`)).toBe(true);
    }
  });

  test("volatile-ttl evicts the keys that expire soonest", () => {
    for (let i = 0; i < 400; i++) db.command("SET", `v${i}`, "x".repeat(40), "EX", String(1000 + i * 10));
    db.command("CONFIG", "SET", "maxmemory-policy", "volatile-ttl");
    db.command("CONFIG", "SET", "maxmemory-samples", "10");
    db.command("CONFIG", "SET", "maxmemory", String(used() - 100 * 80));
    db.command("SET", "trigger", "1");
    const gone = Array.from({ length: 400 }, (_, i) => i).filter((i) => !exists(`v${i}`));
    expect(gone.length).toBeGreaterThan(50);
    const mean = gone.reduce((a, b) => a + b, 0) / gone.length;
    // Sampled, not exact: the evicted keys are the early-expiring ones on average.
    expect(mean).toBeLessThan(120);
    expect(evicted()).toBe(gone.length);
  });

  test("allkeys-lru keeps recently used keys", () => {
    for (let i = 0; i < 2000; i++) db.command("SET", `k${i}`, "x".repeat(40));
    // touch the first 200 keys: they must survive
    db.command("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
    db.command("DEBUG", "SET-ACTIVE-EXPIRE", "0");
    const limit = used();
    db.command("CONFIG", "SET", "maxmemory", String(limit));
    // Let the LRU clock (1 s resolution) move, then access the hot keys.
    const start = Date.now();
    while (Date.now() - start < 1100) { /* wait a clock tick */ }
    for (let i = 0; i < 200; i++) db.command("GET", `k${i}`);
    for (let i = 2000; i < 3000; i++) db.command("SET", `k${i}`, "x".repeat(40));
    const hot = Array.from({ length: 200 }, (_, i) => exists(`k${i}`)).filter(Boolean).length;
    expect(evicted()).toBeGreaterThan(500);
    expect(hot).toBeGreaterThan(180); // sampled LRU: a few hot keys may go, as in Redis
    expect(used()).toBeLessThanOrEqual(limit + 200);
  });

  test("allkeys-lfu keeps frequently used keys; allkeys-random evicts something", () => {
    db.command("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");
    for (let i = 0; i < 1000; i++) db.command("SET", `k${i}`, "x".repeat(40));
    for (let r = 0; r < 20; r++) for (let i = 0; i < 100; i++) db.command("GET", `k${i}`);
    expect(Number(db.command("OBJECT", "FREQ", "k0"))).toBeGreaterThan(5);
    db.command("CONFIG", "SET", "maxmemory", String(used()));
    for (let i = 1000; i < 2000; i++) db.command("SET", `k${i}`, "x".repeat(40));
    const hot = Array.from({ length: 100 }, (_, i) => exists(`k${i}`)).filter(Boolean).length;
    expect(hot).toBeGreaterThan(95);
    db.command("CONFIG", "SET", "maxmemory-policy", "allkeys-random");
    const e0 = evicted();
    for (let i = 2000; i < 2500; i++) db.command("SET", `k${i}`, "x".repeat(40));
    expect(evicted()).toBeGreaterThan(e0);
  });

  test("evicted keys are notified (class e) and counted in INFO", () => {
    const sub = db.connect();
    const pushes: Uint8Array[] = [];
    sub.onData = (b) => pushes.push(b);
    db.command("CONFIG", "SET", "notify-keyspace-events", "Ee");
    sub.command("SUBSCRIBE", "__keyevent@0__:evicted");
    for (let i = 0; i < 100; i++) db.command("SET", `k${i}`, "x".repeat(40));
    db.command("CONFIG", "SET", "maxmemory-policy", "allkeys-random");
    db.command("CONFIG", "SET", "maxmemory", String(used() - 20 * 80));
    db.command("SET", "trigger", "1");
    expect(evicted()).toBeGreaterThan(0);
    const text = pushes.map((b) => new TextDecoder().decode(b)).join("");
    expect(text).toContain("__keyevent@0__:evicted");
  });
});

describe("OOM and MULTI", () => {
  test("commands queued before the limit: EXEC aborts with the OOM reason", () => {
    const other = db.connect();
    db.command("MULTI");
    expect(db.command("SET", "x", "y")).toBe("QUEUED");
    other.command("CONFIG", "SET", "maxmemory", "1");
    expect(err(db.command("EXEC"))).toBe(`EXECABORT Transaction discarded because of: ${OOM}`);
    // queueing over the limit: every command is refused and the transaction is doomed
    db.command("MULTI");
    expect(err(db.command("GET", "x"))).toBe(OOM);
    expect(err(db.command("EXEC"))).toBe("EXECABORT Transaction discarded because of previous errors.");
    // a transaction of reads only runs
    other.command("CONFIG", "SET", "maxmemory", "0");
    db.command("MULTI");
    db.command("GET", "x");
    other.command("CONFIG", "SET", "maxmemory", "1");
    expect(db.command("EXEC")).toEqual([null]);
    other.command("CONFIG", "SET", "maxmemory", "0");
  });

  test("rejected_calls and errorstats count OOM refusals", () => {
    db.command("CONFIG", "SET", "maxmemory", "1");
    db.command("SET", "a", "b");
    db.command("SET", "a", "b");
    db.command("CONFIG", "SET", "maxmemory", "0");
    expect(info("commandstats").get("cmdstat_set")).toMatch(/^calls=0,usec=0,usec_per_call=0\.00,rejected_calls=2,failed_calls=0$/);
    expect(info("errorstats").get("errorstat_OOM")).toBe("count=2");
    db.command("SET", "a", "b");
    db.command("INCR", "a");
    expect(info("commandstats").get("cmdstat_incr")).toMatch(/^calls=1,usec=\d+,usec_per_call=[\d.]+,rejected_calls=0,failed_calls=1$/);
    expect(info("errorstats").get("errorstat_ERR")).toBe("count=1");
  });
});

describe("slow log entries and stats shapes", () => {
  test("arguments are cut at 32 and at 128 bytes, with client address and name", () => {
    db.command("CONFIG", "SET", "slowlog-log-slower-than", "0");
    db.command("CLIENT", "SETNAME", "me");
    const args = Array.from({ length: 40 }, (_, i) => `a${i}`);
    db.command("DEL", "x".repeat(200), ...args);
    const [entry] = db.command("SLOWLOG", "GET", "1") as unknown[][];
    const [id, time, dur, argv, addr, name] = entry as [number, number, number, string[], string, string];
    expect(typeof id).toBe("number");
    expect(Math.abs(time - Date.now() / 1000)).toBeLessThan(5);
    expect(dur).toBeGreaterThanOrEqual(0);
    expect(argv.length).toBe(32);
    expect(argv[0]).toBe("DEL");
    expect(argv[1]).toBe("x".repeat(128) + "... (72 more bytes)");
    expect(argv[31]).toBe("... (11 more arguments)");
    expect(typeof addr).toBe("string");
    expect(name).toBe("me");
    db.command("CONFIG", "SET", "slowlog-max-len", "3");
    for (let i = 0; i < 10; i++) db.command("PING");
    expect(db.command("SLOWLOG", "LEN")).toBe(3);
  });

  test("MEMORY STATS and USAGE", () => {
    db.command("SET", "k", "v");
    db.command("RPUSH", "l", ...Array.from({ length: 100 }, (_, i) => `e${i}`));
    const stats = db.command("MEMORY", "STATS") as unknown[];
    const keys = stats.filter((_, i) => i % 2 === 0);
    expect(keys.slice(0, 11)).toEqual(["peak.allocated", "total.allocated", "startup.allocated", "replication.backlog",
      "clients.slaves", "clients.normal", "cluster.links", "aof.buffer", "lua.caches", "functions.caches", "db.0"]);
    expect(keys.slice(11)).toEqual(["overhead.total", "keys.count", "keys.bytes-per-key", "dataset.bytes",
      "dataset.percentage", "peak.percentage", "allocator.allocated", "allocator.active", "allocator.resident",
      "allocator-fragmentation.ratio", "allocator-fragmentation.bytes", "allocator-rss.ratio", "allocator-rss.bytes",
      "rss-overhead.ratio", "rss-overhead.bytes", "fragmentation", "fragmentation.bytes"]);
    const small = Number(db.command("MEMORY", "USAGE", "k"));
    const big = Number(db.command("MEMORY", "USAGE", "l"));
    expect(small).toBeGreaterThan(16);
    expect(big).toBeGreaterThan(small + 300);
    // measuring does not leak (after first calls: each command's latency histogram is allocated once)
    db.command("MEMORY", "USAGE", "l");
    used();
    const u = used();
    for (let i = 0; i < 10; i++) db.command("MEMORY", "USAGE", "l");
    expect(used()).toBe(u);
  });

  test("INFO latencystats and LATENCY HISTOGRAM after calls", () => {
    for (let i = 0; i < 10; i++) db.command("SET", "a", "b");
    expect(info("latencystats").get("latency_percentiles_usec_set")).toMatch(/^p50=\d+\.\d{3},p99=\d+\.\d{3},p99\.9=\d+\.\d{3}$/);
    const h = db.command("LATENCY", "HISTOGRAM", "set") as unknown[];
    expect(h[0]).toBe("set");
    const body = h[1] as unknown[];
    expect(body[0]).toBe("calls");
    expect(body[1]).toBe(10);
    expect(body[2]).toBe("histogram_usec");
  });
});

describe("the implicit limit (maxmemory 0)", () => {
  test("deny-oom commands get -OOM near the address-space ceiling, nothing traps, deletes free room", () => {
    const x = db.core.engine.x;
    x.setConfig(60, used() + 256 * 1024); // stands in for the 3 GiB limit
    let refused = 0;
    for (let i = 0; i < 5000 && refused === 0; i++) {
      if (err(db.command("SET", `k${i}`, "x".repeat(100))) === OOM) refused = i;
    }
    expect(refused).toBeGreaterThan(100);
    expect(err(db.command("RPUSH", "l", "a"))).toBe(OOM);
    expect(db.command("GET", "k0")).toBe("x".repeat(100));
    expect(info("memory").get("maxmemory")).toBe("0");
    for (let i = 0; i < refused; i++) db.command("DEL", `k${i}`);
    expect(db.command("SET", "again", "ok")).toBe("OK");
    x.setConfig(60, 0);
  });
});
