// info.ts — INFO [section ...] and LASTSAVE (Redis: server.c genRedisInfoString).
//
// PORTABLE: no node: imports. Process facts (pid, executable, RSS, CPU time, OS) come from
// core.env, which the Node shell fills in; elsewhere they read as zeros.
//
// Redis's section names, field names and field order are reproduced exactly, including the
// fields that mean nothing here (fork, AOF, replication, defrag ...), which carry the values a
// fresh standalone Redis shows (0, -1, "ok", "no-failover"), so tools that parse INFO find
// everything where they expect it. Values come from the engine (stats, memory, keyspace), the
// core (connections, uptime, bytes in/out) and the settings.
//
// Sections: server clients memory persistence stats replication cpu modules commandstats
// errorstats latencystats cluster keyspace; "default" (no argument) is all but commandstats
// and latencystats; "all" and "everything" are all of them. Several may be named; unknown
// names are ignored; the output order is always Redis's.
//
// Other host families may contribute values through `infoFields` (e.g. pub/sub sets
// "pubsub_channels"), and CONFIG RESETSTAT resets counters through `resetStats`: the engine's
// counters are not reset in place, a baseline is remembered and subtracted.

import type { HostCommandContext, RespiteCore } from "../server.js";
import { STAT } from "../engine.js";
import { bin } from "../text.js";

/** Providers of field values other host families own, by field name ("pubsub_channels"). */
export const infoFields = new Map<string, (core: RespiteCore) => string | number>();

interface Baseline {
  stats: Map<number, number>;
  calls: Map<number, number>;
  peak: number;
}
const baselines = new WeakMap<RespiteCore, Baseline>();
const replIds = new WeakMap<RespiteCore, string>();

/** CONFIG RESETSTAT: counters start again from zero. */
export function resetStats(core: RespiteCore): void {
  const x = core.engine.x;
  const stats = new Map<number, number>();
  for (const id of [STAT.numCommands, STAT.keyspaceHits, STAT.keyspaceMisses, STAT.expiredKeys, STAT.rejectedCalls, STAT.errorReplies]) {
    stats.set(id, x.stat(id));
  }
  const calls = new Map<number, number>();
  for (let id = 0; id < core.engine.commandNames.length; id++) calls.set(id, x.commandCallCount(id));
  baselines.set(core, { stats, calls, peak: x.stat(STAT.usedMemory) });
  x.resetStats(); // usec, rejected/failed calls, errorstats, latency histograms, evicted_keys
  const s = core.stats;
  s.totalConnectionsReceived = 0;
  s.rejectedConnections = 0;
  s.netInputBytes = 0;
  s.netOutputBytes = 0;
  s.readsProcessed = 0;
  s.writesProcessed = 0;
  s.hostErrorReplies = 0;
}

/**
 * Redis trackInstantaneousMetric: every cron tick samples the counters; the rate is the mean
 * of the last 16 samples' per-second deltas (ops, and input/output bytes for the kbps).
 */
class Sampler {
  private last: number[] | null = null;
  private lastTime = 0;
  private samples: number[][] = [];
  sample(now: number, values: number[]): void {
    if (this.last && now > this.lastTime) {
      const dt = now - this.lastTime;
      this.samples.push(values.map((v, i) => ((v - this.last![i]) * 1000) / dt));
      if (this.samples.length > 16) this.samples.shift();
    }
    this.last = values;
    this.lastTime = now;
  }
  rate(i: number): number {
    if (this.samples.length === 0) return 0;
    let sum = 0;
    for (const s of this.samples) sum += s[i];
    return sum / this.samples.length;
  }
}
const samplers = new WeakMap<RespiteCore, Sampler>();

function stat(core: RespiteCore, id: number): number {
  return core.engine.x.stat(id) - (baselines.get(core)?.stats.get(id) ?? 0);
}

function commandCalls(core: RespiteCore, id: number): number {
  return core.engine.x.commandCallCount(id) - (baselines.get(core)?.calls.get(id) ?? 0);
}

function peakMemory(core: RespiteCore): number {
  const used = core.engine.x.stat(STAT.usedMemory);
  const b = baselines.get(core);
  if (!b) return Math.max(core.engine.x.stat(STAT.usedMemoryPeak), used);
  b.peak = Math.max(b.peak, used);
  return b.peak;
}

/** Redis bytesToHuman. */
export function bytesToHuman(n: number): string {
  if (n < 1024) return `${n}B`;
  const units = ["K", "M", "G", "T", "P"];
  let d = n / 1024;
  for (const u of units) {
    if (d < 1024 || u === "P") return `${d.toFixed(2)}${u}`;
    d /= 1024;
  }
  return `${n}B`;
}

function randomHex(n: number): string {
  const b = new Uint8Array(n / 2);
  globalThis.crypto.getRandomValues(b);
  return [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
}

/** Redis's run id: 40 random hex characters, fixed for the life of the server. */
export function runId(core: RespiteCore): string {
  let id = replIds.get(core);
  if (!id) {
    id = randomHex(40);
    replIds.set(core, id);
  }
  return id;
}

const masterReplIds = new WeakMap<RespiteCore, string>();
function masterReplId(core: RespiteCore): string {
  let id = masterReplIds.get(core);
  if (!id) {
    id = randomHex(40);
    masterReplIds.set(core, id);
  }
  return id;
}

type Fields = [string, string | number][];

function field(core: RespiteCore, name: string, dflt: string | number): string | number {
  const f = infoFields.get(name);
  return f ? f(core) : dflt;
}

function cpuTime(sec: number): string {
  return sec.toFixed(6);
}

function serverSection(core: RespiteCore): Fields {
  const now = core.now();
  const uptime = Math.floor((now - core.startedAt) / 1000);
  const cfg = core.config;
  return [
    ["redis_version", "7.0.15"],
    ["redis_git_sha1", "00000000"],
    ["redis_git_dirty", 0],
    ["redis_build_id", "0"],
    ["redis_mode", "standalone"],
    ["os", core.env.os],
    ["arch_bits", 64],
    ["monotonic_clock", "POSIX clock_gettime"],
    ["multiplexing_api", "epoll"],
    ["atomicvar_api", "c11-builtin"],
    ["gcc_version", "0.0.0"],
    ["process_id", core.env.processId],
    ["process_supervised", "no"],
    ["run_id", runId(core)],
    ["tcp_port", core.env.tcpPort],
    ["server_time_usec", Math.floor(now * 1000)],
    ["uptime_in_seconds", uptime],
    ["uptime_in_days", Math.floor(uptime / 86400)],
    ["hz", cfg.num("hz")],
    ["configured_hz", cfg.num("hz")],
    ["lru_clock", Math.floor(now / 1000) & 0xffffff],
    ["executable", core.env.executable],
    ["config_file", cfg.configFile],
    ["io_threads_active", 0],
  ];
}

function clientsSection(core: RespiteCore): Fields {
  return [
    ["connected_clients", core.sessions.size],
    ["cluster_connections", 0],
    ["maxclients", core.config.num("maxclients")],
    ["client_recent_max_input_buffer", 0],
    ["client_recent_max_output_buffer", 0],
    ["blocked_clients", field(core, "blocked_clients", 0)],
    ["tracking_clients", field(core, "tracking_clients", 0)],
    ["clients_in_timeout_table", field(core, "clients_in_timeout_table", 0)],
  ];
}

function memorySection(core: RespiteCore): Fields {
  const x = core.engine.x;
  const used = x.stat(STAT.usedMemory);
  const peak = peakMemory(core);
  const rss = core.env.rss() || x.stat(STAT.linearMemory);
  const startup = 0;
  const overhead = startup;
  const dataset = Math.max(0, used - overhead);
  const maxmemory = BigInt(core.config.get("maxmemory"));
  const sysmem = core.env.totalSystemMemory;
  const linear = x.stat(STAT.linearMemory);
  const ratio = (a: number, b: number) => (b ? a / b : 0).toFixed(2);
  return [
    ["used_memory", used],
    ["used_memory_human", bytesToHuman(used)],
    ["used_memory_rss", rss],
    ["used_memory_rss_human", bytesToHuman(rss)],
    ["used_memory_peak", peak],
    ["used_memory_peak_human", bytesToHuman(peak)],
    ["used_memory_peak_perc", `${ratio(used * 100, peak)}%`],
    ["used_memory_overhead", overhead],
    ["used_memory_startup", startup],
    ["used_memory_dataset", dataset],
    ["used_memory_dataset_perc", `${ratio(dataset * 100, used - startup)}%`],
    ["allocator_allocated", used],
    ["allocator_active", linear],
    ["allocator_resident", linear],
    ["total_system_memory", sysmem],
    ["total_system_memory_human", bytesToHuman(sysmem)],
    ["used_memory_lua", 0],
    ["used_memory_vm_eval", 0],
    ["used_memory_lua_human", "0B"],
    ["used_memory_scripts_eval", 0],
    ["number_of_cached_scripts", field(core, "number_of_cached_scripts", 0)],
    ["number_of_functions", field(core, "number_of_functions", 0)],
    ["number_of_libraries", field(core, "number_of_libraries", 0)],
    ["used_memory_vm_functions", 0],
    ["used_memory_vm_total", 0],
    ["used_memory_vm_total_human", "0B"],
    ["used_memory_functions", 0],
    ["used_memory_scripts", 0],
    ["used_memory_scripts_human", "0B"],
    ["maxmemory", maxmemory.toString()],
    ["maxmemory_human", bytesToHuman(Number(maxmemory))],
    ["maxmemory_policy", core.config.get("maxmemory-policy")],
    ["allocator_frag_ratio", ratio(linear, used)],
    ["allocator_frag_bytes", linear - used],
    ["allocator_rss_ratio", ratio(rss, linear)],
    ["allocator_rss_bytes", rss - linear],
    ["rss_overhead_ratio", "1.00"],
    ["rss_overhead_bytes", 0],
    ["mem_fragmentation_ratio", ratio(rss, used)],
    ["mem_fragmentation_bytes", rss - used],
    ["mem_not_counted_for_evict", 0],
    ["mem_replication_backlog", 0],
    ["mem_total_replication_buffers", 0],
    ["mem_clients_slaves", 0],
    ["mem_clients_normal", 0],
    ["mem_cluster_links", 0],
    ["mem_aof_buffer", 0],
    ["mem_allocator", "respite"],
    ["active_defrag_running", 0],
    ["lazyfree_pending_objects", 0],
    ["lazyfreed_objects", 0],
  ];
}

const AOF_ON_FIELDS = ["aof_current_size", "aof_base_size", "aof_pending_rewrite", "aof_buffer_length",
  "aof_pending_bio_fsync", "aof_delayed_fsync"];

function persistenceSection(core: RespiteCore): Fields {
  return [
    ["loading", field(core, "loading", 0)],
    ["async_loading", 0],
    ["current_cow_peak", 0],
    ["current_cow_size", 0],
    ["current_cow_size_age", 0],
    ["current_fork_perc", "0.00"],
    ["current_save_keys_processed", 0],
    ["current_save_keys_total", 0],
    ["rdb_changes_since_last_save", field(core, "rdb_changes_since_last_save", core.engine.x.stat(STAT.dirty))],
    ["rdb_bgsave_in_progress", field(core, "rdb_bgsave_in_progress", 0)],
    ["rdb_last_save_time", core.lastSave],
    ["rdb_last_bgsave_status", field(core, "rdb_last_bgsave_status", "ok")],
    ["rdb_last_bgsave_time_sec", field(core, "rdb_last_bgsave_time_sec", -1)],
    ["rdb_current_bgsave_time_sec", field(core, "rdb_current_bgsave_time_sec", -1)],
    ["rdb_saves", field(core, "rdb_saves", 0)],
    ["rdb_last_cow_size", 0],
    ["rdb_last_load_keys_expired", field(core, "rdb_last_load_keys_expired", 0)],
    ["rdb_last_load_keys_loaded", field(core, "rdb_last_load_keys_loaded", 0)],
    ["aof_enabled", field(core, "aof_enabled", 0)],
    ["aof_rewrite_in_progress", field(core, "aof_rewrite_in_progress", 0)],
    ["aof_rewrite_scheduled", field(core, "aof_rewrite_scheduled", 0)],
    ["aof_last_rewrite_time_sec", field(core, "aof_last_rewrite_time_sec", -1)],
    ["aof_current_rewrite_time_sec", field(core, "aof_current_rewrite_time_sec", -1)],
    ["aof_last_bgrewrite_status", field(core, "aof_last_bgrewrite_status", "ok")],
    ["aof_rewrites", field(core, "aof_rewrites", 0)],
    ["aof_rewrites_consecutive_failures", field(core, "aof_rewrites_consecutive_failures", 0)],
    ["aof_last_write_status", field(core, "aof_last_write_status", "ok")],
    ["aof_last_cow_size", 0],
    ["module_fork_in_progress", 0],
    ["module_fork_last_cow_size", 0],
    // with appendonly on, Redis adds the file sizes and buffer state
    ...(field(core, "aof_enabled", 0) === 1 ? AOF_ON_FIELDS.map((n): [string, string | number] => [n, field(core, n, 0)]) : []),
  ];
}

function statsSection(core: RespiteCore): Fields {
  const s = core.stats;
  return [
    ["total_connections_received", s.totalConnectionsReceived],
    ["total_commands_processed", stat(core, STAT.numCommands)],
    ["instantaneous_ops_per_sec", Math.round(sampler(core).rate(0))],
    ["total_net_input_bytes", s.netInputBytes],
    ["total_net_output_bytes", s.netOutputBytes],
    ["total_net_repl_input_bytes", 0],
    ["total_net_repl_output_bytes", 0],
    ["instantaneous_input_kbps", (sampler(core).rate(1) / 1024).toFixed(2)],
    ["instantaneous_output_kbps", (sampler(core).rate(2) / 1024).toFixed(2)],
    ["instantaneous_input_repl_kbps", "0.00"],
    ["instantaneous_output_repl_kbps", "0.00"],
    ["rejected_connections", s.rejectedConnections],
    ["sync_full", 0],
    ["sync_partial_ok", 0],
    ["sync_partial_err", 0],
    ["expired_keys", stat(core, STAT.expiredKeys)],
    ["expired_stale_perc", "0.00"],
    ["expired_time_cap_reached_count", 0],
    ["expire_cycle_cpu_milliseconds", 0],
    ["evicted_keys", core.engine.x.stat(STAT.evictedKeys)],
    ["evicted_clients", 0],
    ["total_eviction_exceeded_time", core.engine.x.stat(STAT.evictionExceededTotal)],
    ["current_eviction_exceeded_time", core.engine.x.stat(STAT.evictionExceededCurrent)],
    ["keyspace_hits", stat(core, STAT.keyspaceHits)],
    ["keyspace_misses", stat(core, STAT.keyspaceMisses)],
    ["pubsub_channels", field(core, "pubsub_channels", 0)],
    ["pubsub_patterns", field(core, "pubsub_patterns", 0)],
    ["pubsubshard_channels", field(core, "pubsubshard_channels", 0)],
    ["latest_fork_usec", 0],
    ["total_forks", 0],
    ["migrate_cached_sockets", 0],
    ["slave_expires_tracked_keys", 0],
    ["active_defrag_hits", 0],
    ["active_defrag_misses", 0],
    ["active_defrag_key_hits", 0],
    ["active_defrag_key_misses", 0],
    ["total_active_defrag_time", 0],
    ["current_active_defrag_time", 0],
    ["tracking_total_keys", field(core, "tracking_total_keys", 0)],
    ["tracking_total_items", field(core, "tracking_total_items", 0)],
    ["tracking_total_prefixes", field(core, "tracking_total_prefixes", 0)],
    ["unexpected_error_replies", 0],
    ["total_error_replies", stat(core, STAT.errorReplies) + s.hostErrorReplies],
    ["dump_payload_sanitizations", 0],
    ["total_reads_processed", s.readsProcessed],
    ["total_writes_processed", s.writesProcessed],
    ["io_threaded_reads_processed", 0],
    ["io_threaded_writes_processed", 0],
    ["reply_buffer_shrinks", 0],
    ["reply_buffer_expands", 0],
  ];
}

function replicationSection(core: RespiteCore): Fields {
  return [
    ["role", "master"],
    ["connected_slaves", 0],
    ["master_failover_state", "no-failover"],
    ["master_replid", masterReplId(core)],
    ["master_replid2", "0".repeat(40)],
    ["master_repl_offset", 0],
    ["second_repl_offset", -1],
    ["repl_backlog_active", 0],
    ["repl_backlog_size", core.config.get("repl-backlog-size")],
    ["repl_backlog_first_byte_offset", 0],
    ["repl_backlog_histlen", 0],
  ];
}

function cpuSection(core: RespiteCore): Fields {
  const c = core.env.cpu();
  return [
    ["used_cpu_sys", cpuTime(c.sys)],
    ["used_cpu_user", cpuTime(c.user)],
    ["used_cpu_sys_children", cpuTime(0)],
    ["used_cpu_user_children", cpuTime(0)],
    ["used_cpu_sys_main_thread", cpuTime(c.sys)],
    ["used_cpu_user_main_thread", cpuTime(c.user)],
  ];
}

function commandstatsSection(core: RespiteCore): Fields {
  const out: Fields = [];
  const x = core.engine.x;
  const names = core.engine.commandNames;
  for (let id = 0; id < names.length; id++) {
    const calls = commandCalls(core, id);
    const rejected = x.commandRejectedCount(id), failed = x.commandFailedCount(id);
    if (calls === 0 && rejected === 0 && failed === 0) continue;
    const usec = x.commandUsecTotal(id);
    const per = calls > 0 ? (usec / calls).toFixed(2) : "0.00";
    out.push([`cmdstat_${names[id]}`, `calls=${calls},usec=${usec},usec_per_call=${per},rejected_calls=${rejected},failed_calls=${failed}`]);
  }
  return out;
}

/** errorstat_<CODE>:count=N, codes in byte order (Redis keeps them in a rax). */
function errorstatsSection(core: RespiteCore): Fields {
  const x = core.engine.x;
  const rows: [string, number][] = [];
  for (let i = 0; i < x.errorCodes(); i++) {
    rows.push([core.engine.string(x.errorCodeNamePtr(i), x.errorCodeNameLen(i)), x.errorCodeCallCount(i)]);
  }
  rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return rows.map(([code, n]) => [`errorstat_${code}`, `count=${n}`]);
}

/** latency_percentiles_usec_<cmd>:p50=...,p99=... for commands with a latency histogram. */
function latencystatsSection(core: RespiteCore): Fields {
  const x = core.engine.x;
  const pcts = core.config.get("latency-tracking-info-percentiles").split(" ").filter((p) => p !== "");
  const out: Fields = [];
  const names = core.engine.commandNames;
  for (let id = 0; id < names.length; id++) {
    if (x.commandLatencyCalls(id) === 0) continue;
    const parts = pcts.map((p) => `p${p}=${x.commandLatencyPercentile(id, Number(p)).toFixed(3)}`);
    out.push([`latency_percentiles_usec_${names[id]}`, parts.join(",")]);
  }
  return out;
}

function keyspaceSection(core: RespiteCore): Fields {
  const x = core.engine.x;
  const out: Fields = [];
  const n = x.databases();
  for (let db = 0; db < n; db++) {
    const keys = x.dbSize(db);
    if (keys === 0) continue;
    out.push([`db${db}`, `keys=${keys},expires=${x.dbExpires(db)},avg_ttl=${x.dbAvgTtl(db)}`]);
  }
  return out;
}

const SECTIONS: [string, string, (core: RespiteCore) => Fields, boolean][] = [
  // [name, title, generator, in "default"]
  ["server", "Server", serverSection, true],
  ["clients", "Clients", clientsSection, true],
  ["memory", "Memory", memorySection, true],
  ["persistence", "Persistence", persistenceSection, true],
  ["stats", "Stats", statsSection, true],
  ["replication", "Replication", replicationSection, true],
  ["cpu", "CPU", cpuSection, true],
  ["modules", "Modules", () => [], true],
  ["commandstats", "Commandstats", commandstatsSection, false],
  ["errorstats", "Errorstats", errorstatsSection, true],
  ["latencystats", "Latencystats", latencystatsSection, false],
  ["cluster", "Cluster", () => [["cluster_enabled", 0]], true],
  ["keyspace", "Keyspace", keyspaceSection, true],
];

/** The INFO text for the given section arguments (lower-cased names; [] = default). */
export function genInfoString(core: RespiteCore, args: string[]): string {
  const want = new Set<string>();
  if (args.length === 0) args = ["default"];
  for (const a of args.map((s) => s.toLowerCase())) {
    if (a === "all" || a === "everything") for (const [n] of SECTIONS) want.add(n);
    else if (a === "default") for (const [n, , , d] of SECTIONS) { if (d) want.add(n); }
    else want.add(a);
  }
  const parts: string[] = [];
  for (const [name, title, gen] of SECTIONS) {
    if (!want.has(name)) continue;
    let s = `# ${title}\r\n`;
    for (const [k, v] of gen(core)) s += `${k}:${v}\r\n`;
    parts.push(s);
  }
  return parts.join("\r\n");
}

function infoCommand(ctx: HostCommandContext): void {
  ctx.w.verbatim(genInfoString(ctx.core, ctx.args.slice(1).map(bin)));
}

function lastsaveCommand(ctx: HostCommandContext): void {
  ctx.w.int(ctx.core.lastSave);
}

function sampler(core: RespiteCore): Sampler {
  let s = samplers.get(core);
  if (!s) {
    s = new Sampler();
    samplers.set(core, s);
  }
  return s;
}

export function installInfoCommands(core: RespiteCore): void {
  core.cronHooks.push(() => {
    const x = core.engine.x;
    sampler(core).sample(core.now(), [x.stat(STAT.numCommands), core.stats.netInputBytes, core.stats.netOutputBytes]);
  });
  core.hostCommands.set("info", infoCommand);
  core.hostCommands.set("lastsave", lastsaveCommand);
}
