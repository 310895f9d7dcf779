#!/usr/bin/env node
// evict-hitratio.cjs — cache hit ratio under maxmemory + allkeys-lru: Respite vs redis-server.
//
// Both servers run the same cache-aside workload: a key universe of KEYS keys accessed with a
// zipf-like skew (a few keys very hot, a long cold tail); each access is a GET, and a miss is
// followed by a SET of the value (the "load from the database" step). Memory is limited so
// that about CAPACITY of the keys fit; since the two servers spend different bytes per key
// (different allocators and layouts), the limit is set per server from its own measured cost
// per key: maxmemory = used_memory before loading + CAPACITY * (bytes per key). The sequence
// of keys is the same for both (seeded PRNG); a warm-up phase is not counted.
//
//   node bench/evict-hitratio.cjs [keys=100000] [capacity=20000] [ops=400000] [policy=allkeys-lru]
//
// Needs redis-server (7.0.15) on PATH and a built Respite (npm run build). Ports: REDIS_PORT
// (7104) and RESPITE_PORT (7114).

const { spawn } = require("node:child_process");
const path = require("node:path");
const Redis = require("ioredis");

const KEYS = Number(process.argv[2] ?? 100000);
const CAPACITY = Number(process.argv[3] ?? 20000);
const OPS = Number(process.argv[4] ?? 400000);
const POLICY = process.argv[5] ?? "allkeys-lru";
const WARMUP = Math.floor(OPS / 4);
const VALUE = "v".repeat(100);
const REDIS_PORT = Number(process.env.REDIS_PORT ?? 7104);
const RESPITE_PORT = Number(process.env.RESPITE_PORT ?? 7114);
const PIPE = 64;

/** xorshift32: the same key sequence for both servers. */
function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}

/** Zipf(s = 1) over [0, n): inverse CDF over precomputed cumulative weights. */
function zipfSampler(n, s, rand) {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) { sum += 1 / Math.pow(i + 1, s); cdf[i] = sum; }
  return () => {
    const u = rand() * sum;
    let lo = 0, hi = n - 1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (cdf[mid] < u) lo = mid + 1; else hi = mid; }
    // Scatter ranks over the key space so hot keys are not neighbours in any hash order.
    return (lo * 2654435761) % n;
  };
}

function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

async function usedMemory(c) {
  const info = await c.info("memory");
  return Number(/used_memory:(\d+)/.exec(info)[1]);
}

async function waitUp(port) {
  for (let i = 0; i < 100; i++) {
    try {
      const c = new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: null });
      await c.connect();
      await c.ping();
      return c;
    } catch { await sleep(100); }
  }
  throw new Error(`server on ${port} did not come up`);
}

async function run(name, port) {
  const c = await waitUp(port);
  await c.flushall();
  await c.config("SET", "maxmemory", "0");
  await c.config("SET", "maxmemory-policy", POLICY);
  // Bytes per key, measured on this server.
  const base = await usedMemory(c);
  const probe = 20000;
  for (let i = 0; i < probe; i += 1000) {
    const p = c.pipeline();
    for (let j = i; j < i + 1000; j++) p.set(`probe:${j}`, VALUE);
    await p.exec();
  }
  const perKey = ((await usedMemory(c)) - base) / probe;
  await c.flushall();
  const empty = await usedMemory(c);
  const limit = Math.round(empty + CAPACITY * perKey);
  await c.config("SET", "maxmemory", String(limit));

  const next = zipfSampler(KEYS, 1.0, rng(12345));
  let hits = 0, gets = 0;
  const t0 = Date.now();
  for (let done = 0; done < OPS; done += PIPE) {
    const keys = [];
    for (let j = 0; j < PIPE; j++) keys.push(`key:${next()}`);
    const p = c.pipeline();
    for (const k of keys) p.get(k);
    const replies = await p.exec();
    const miss = c.pipeline();
    let misses = 0;
    replies.forEach(([err, v], j) => {
      if (done >= WARMUP) { gets++; if (v !== null && !err) hits++; }
      if (v === null) { miss.set(keys[j], VALUE); misses++; }
    });
    if (misses) await miss.exec();
  }
  const secs = (Date.now() - t0) / 1000;
  const info = await c.info("stats");
  const evicted = Number(/evicted_keys:(\d+)/.exec(info)[1]);
  const dbsize = await c.dbsize();
  await c.config("SET", "maxmemory", "0");
  await c.flushall();
  c.disconnect();
  const ratio = hits / gets;
  console.log(`${name.padEnd(8)} bytes/key ${perKey.toFixed(1).padStart(6)}  maxmemory ${String(limit).padStart(9)}  ` +
    `keys held ${String(dbsize).padStart(6)}  evicted ${String(evicted).padStart(7)}  hit ratio ${(ratio * 100).toFixed(2)}%  (${secs.toFixed(1)} s)`);
  return ratio;
}

(async () => {
  console.log(`policy ${POLICY}, ${KEYS} keys zipf(1), room for ~${CAPACITY}, ${OPS} GETs (first ${WARMUP} warm-up), ${VALUE.length}-byte values`);
  const redis = spawn("redis-server", ["--port", String(REDIS_PORT), "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  const respite = spawn(process.execPath, [path.join(__dirname, "..", "dist", "host", "node", "main.js"), "--port", String(RESPITE_PORT), "--save", ""], { stdio: "ignore" });
  try {
    const a = await run("redis", REDIS_PORT);
    const b = await run("respite", RESPITE_PORT);
    const diff = (b - a) * 100;
    console.log(`difference ${diff >= 0 ? "+" : ""}${diff.toFixed(2)} points (${(Math.abs(b - a) / a * 100).toFixed(2)}% relative)`);
  } finally {
    redis.kill();
    respite.kill();
  }
})().catch((e) => { console.error(e); process.exit(1); });
