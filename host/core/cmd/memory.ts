// memory.ts — the host half of memory management: pushing the maxmemory / eviction / slow
// log / latency settings to the engine, and MEMORY STATS, DOCTOR, MALLOC-STATS, PURGE, HELP
// (Redis: object.c memoryCommand, evict.c's settings).
//
// PORTABLE. Eviction itself, MEMORY USAGE, SLOWLOG and LATENCY run in the engine
// (assembly/db/evict.ts, slowlog.ts, latency.ts, t/memory.ts) because they walk keys or must
// be cheap per command; what is here only reads counters. The numbers of MEMORY STATS come
// from our allocator (exact block sizes of the engine's heap), so they cannot equal Redis's
// jemalloc figures; the reply has Redis's shape: the same fields in the same order.

import type { HostCommandContext, RespiteCore } from "../server.js";
import { ENGINE_CONFIG, STAT } from "../engine.js";
import { writeHelp } from "./command.js";
import { RespWriter } from "../resp.js";

/** maxmemory-policy names in Redis's enum order (the engine takes the index). */
const POLICIES = ["volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
  "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"];

function wireSettings(core: RespiteCore): void {
  const cfg = core.config;
  const x = core.engine.x;
  const C = ENGINE_CONFIG;
  const push = () => {
    x.setConfig(C.maxmemory, cfg.num("maxmemory"));
    x.setConfig(C.maxmemoryPolicy, Math.max(0, POLICIES.indexOf(cfg.get("maxmemory-policy"))));
    x.setConfig(C.maxmemorySamples, cfg.num("maxmemory-samples"));
    x.setConfig(C.lfuLogFactor, cfg.num("lfu-log-factor"));
    x.setConfig(C.lfuDecayTime, cfg.num("lfu-decay-time"));
    x.setConfig(C.evictionTenacity, cfg.num("maxmemory-eviction-tenacity"));
    x.setConfig(C.slowlogLogSlowerThan, cfg.num("slowlog-log-slower-than"));
    x.setConfig(C.slowlogMaxLen, cfg.num("slowlog-max-len"));
    x.setConfig(C.latencyMonitorThreshold, cfg.num("latency-monitor-threshold"));
    x.setConfig(C.latencyTracking, cfg.num("latency-tracking"));
    return null;
  };
  cfg.onApply(["maxmemory", "maxmemory-policy", "maxmemory-samples", "lfu-log-factor", "lfu-decay-time",
    "maxmemory-eviction-tenacity", "slowlog-log-slower-than", "slowlog-max-len", "latency-monitor-threshold",
    "latency-tracking"], push);
  push();
}

/** %.17g as C prints it (addReplyDouble). */
function g17(v: number): string {
  if (!Number.isFinite(v)) return v > 0 ? "inf" : v < 0 ? "-inf" : "nan";
  let s = v.toPrecision(17);
  if (s.includes("e")) {
    let [m, e] = s.split("e");
    if (m.includes(".")) m = m.replace(/0+$/, "").replace(/\.$/, "");
    const n = Number(e);
    return `${m}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
  }
  if (s.includes(".")) s = s.replace(/0+$/, "").replace(/\.$/, "");
  return s;
}

function double(w: RespWriter, v: number): void {
  if (w.proto >= 3) w.raw(new TextEncoder().encode(`,${g17(v)}\r\n`));
  else w.bulk(g17(v));
}

/** The figures MEMORY STATS and DOCTOR share (Redis: getMemoryOverheadData). */
function overhead(core: RespiteCore) {
  const x = core.engine.x;
  const used = x.stat(STAT.usedMemory);
  const peak = Math.max(x.stat(STAT.usedMemoryPeak), used);
  const linear = x.stat(STAT.linearMemory);
  const rss = core.env.rss() || linear;
  let keys = 0;
  const dbs: [number, number, number][] = [];
  for (let db = 0; db < x.databases(); db++) {
    const n = x.dbSize(db), e = x.dbExpires(db);
    keys += n;
    // Bucket arrays: 4 bytes a slot, about one slot per key (dict.ts).
    if (n > 0) dbs.push([db, pow2(n) * 4, e > 0 ? pow2(e) * 4 : 0]);
  }
  let clients = 0;
  for (const s of core.sessions.values()) {
    clients += x.clientQueryCap(s.c) + x.clientOutCap(s.c) + x.clientArgvMem(s.c);
  }
  const startup = 0;
  const overheadTotal = startup + clients + dbs.reduce((a, [, m, e]) => a + m + e, 0);
  const dataset = Math.max(0, used - overheadTotal);
  return { used, peak, linear, rss, keys, dbs, clients, startup, overheadTotal, dataset };
}

function pow2(n: number): number {
  let p = 4;
  while (p < n) p *= 2;
  return p;
}

function memoryStatsCommand(ctx: HostCommandContext): void {
  const w = ctx.w;
  const m = overhead(ctx.core);
  const netUsed = m.used - m.startup;
  w.map(27 + m.dbs.length);
  const int = (k: string, v: number) => { w.bulk(k); w.int(Math.round(v)); };
  const dbl = (k: string, v: number) => { w.bulk(k); double(w, v); };
  int("peak.allocated", m.peak);
  int("total.allocated", m.used);
  int("startup.allocated", m.startup);
  int("replication.backlog", 0);
  int("clients.slaves", 0);
  int("clients.normal", m.clients);
  int("cluster.links", 0);
  int("aof.buffer", 0);
  int("lua.caches", 0);
  int("functions.caches", 0);
  for (const [db, main, exp] of m.dbs) {
    w.bulk(`db.${db}`);
    w.map(3);
    int("overhead.hashtable.main", main);
    int("overhead.hashtable.expires", exp);
    int("overhead.hashtable.slot-to-keys", 0);
  }
  int("overhead.total", m.overheadTotal);
  int("keys.count", m.keys);
  int("keys.bytes-per-key", m.keys ? Math.floor(netUsed / m.keys) : 0);
  int("dataset.bytes", m.dataset);
  dbl("dataset.percentage", netUsed > 0 ? (m.dataset * 100) / netUsed : 0);
  dbl("peak.percentage", m.peak > 0 ? (m.used * 100) / m.peak : 0);
  int("allocator.allocated", m.used);
  int("allocator.active", m.linear);
  int("allocator.resident", m.linear);
  dbl("allocator-fragmentation.ratio", m.used ? m.linear / m.used : 0);
  int("allocator-fragmentation.bytes", m.linear - m.used);
  dbl("allocator-rss.ratio", 1);
  int("allocator-rss.bytes", 0);
  dbl("rss-overhead.ratio", m.linear ? m.rss / m.linear : 0);
  int("rss-overhead.bytes", m.rss - m.linear);
  dbl("fragmentation", m.used ? m.rss / m.used : 0);
  int("fragmentation.bytes", m.rss - m.used);
}

/** Redis's memory doctor: the same texts for an empty instance and for no issue found. */
function memoryDoctorCommand(ctx: HostCommandContext): void {
  const m = overhead(ctx.core);
  let s: string;
  if (m.used < 5 * 1024 * 1024) {
    s = "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in these conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our programming as soon as I finished rebooting.\n";
  } else {
    const issues: string[] = [];
    if (m.peak / m.used > 1.5) {
      issues.push(" * Peak memory: In the past this instance used more than 150% the memory that is currently using. The allocator is normally not able to release memory after a peak, so you can expect to see a big fragmentation ratio, however this is actually harmless and is only due to the memory peak, and if the Redis instance Resident Set Size (RSS) is currently bigger than expected, the memory will be used as soon as you fill the Redis instance with more data. If the memory peak was only occasional and you want to try to reclaim memory, please try the MEMORY PURGE command, otherwise the only other option is to shutdown and restart the instance.\n\n");
    }
    if (m.keys > 0 && m.clients / m.keys > 200 * 1024) {
      issues.push(" * Big client buffers: The clients output buffers are in total greater than 200k per client. This may be a sign of a problem.\n\n");
    }
    if (issues.length === 0) {
      s = "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n";
    } else {
      s = "Sam, I detected a few issues in this Redis instance memory implants:\n\n" + issues.join("") +
        "I'm here to keep you safe, Sam. I want to help you.\n";
    }
  }
  ctx.w.verbatim(s);
}

const MEMORY_HELP = [
  "MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
  "DOCTOR",
  "    Return memory problems reports.",
  "MALLOC-STATS",
  "    Return internal statistics report from the memory allocator.",
  "PURGE",
  "    Attempt to purge dirty pages for reclamation by the allocator.",
  "STATS",
  "    Return information about the memory usage of the server.",
  "USAGE <key> [SAMPLES <count>]",
  "    Return memory in bytes used by <key> and its value. Nested values are",
  "    sampled up to <count> times (default: 5, 0 means sample all).",
  "HELP",
  "    Prints this help.",
];

export function installMemoryCommands(core: RespiteCore): void {
  const h = core.hostCommands;
  h.set("memory|stats", memoryStatsCommand);
  h.set("memory|doctor", memoryDoctorCommand);
  // Redis without jemalloc answers the same for MALLOC-STATS.
  h.set("memory|malloc-stats", (ctx) => ctx.w.verbatim("Stats not supported for the current allocator"));
  // Nothing to purge: freed blocks go straight back to the engine's allocator.
  h.set("memory|purge", (ctx) => ctx.w.ok());
  h.set("memory|help", (ctx) => writeHelp(ctx.w, MEMORY_HELP));
  wireSettings(core);
}
