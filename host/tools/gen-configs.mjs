#!/usr/bin/env node
// gen-configs.mjs — generates the table of Redis 7.0.15's settings (CONFIG GET/SET, the config
// file, the command line) from ../shared/redis-7.0.15/configs.tsv.
//
// Input:  ../shared/redis-7.0.15/configs.tsv  (name, alias, C type, flags, C default, enum table)
// Output: host/core/configs.gen.ts
//
// The tsv says which settings exist, their names, aliases, storage types, flags and default
// expressions. What it does not say (numeric bounds, whether a number accepts memory units,
// percentages or octal, the members of each enum, validators, the defaults of the "special"
// settings) is written below, in small tables transcribed from the behaviour of redis-server
// 7.0.15 (every entry was checked with CONFIG SET / redis-server --name value against the real
// server). The generator refuses to run if the tsv and these tables disagree, so a new setting
// in the tsv cannot be silently dropped.
//
// Run: npm run build:configs   (commit the output; never edit it by hand)
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const specDir = process.env.REDIS_SPECS ?? join(root, "..", "shared", "redis-7.0.15");
const tsv = readFileSync(join(specDir, "configs.tsv"), "utf8").trim().split("\n");

const INT_MAX = "2147483647", INT_MIN = "-2147483648", UINT_MAX = "4294967295";
const LONG_MAX = "9223372036854775807", LLONG_MAX = LONG_MAX, ULLONG_MAX = "18446744073709551615";
const SSIZE_MAX = LONG_MAX;

// Numeric settings: [lower bound, upper bound, number syntax]. Syntax "int" accepts a plain
// integer; "memory" also units (1k, 1kb, 1m, 1mb, 1g, 1gb); "memory|percent" also "N%";
// "octal" an octal number (unixsocketperm).
const NUMERIC = {
  "databases": [1, INT_MAX], "port": [0, 65535], "io-threads": [1, 128],
  "auto-aof-rewrite-percentage": [0, INT_MAX], "cluster-replica-validity-factor": [0, INT_MAX],
  "list-max-listpack-size": [INT_MIN, INT_MAX], "tcp-keepalive": [0, INT_MAX],
  "cluster-migration-barrier": [0, INT_MAX], "active-defrag-cycle-min": [1, 99],
  "active-defrag-cycle-max": [1, 99], "active-defrag-threshold-lower": [0, 1000],
  "active-defrag-threshold-upper": [0, 1000], "lfu-log-factor": [0, INT_MAX],
  "lfu-decay-time": [0, INT_MAX], "replica-priority": [0, INT_MAX],
  "repl-diskless-sync-delay": [0, INT_MAX], "maxmemory-samples": [1, INT_MAX],
  "maxmemory-eviction-tenacity": [0, 100], "timeout": [0, INT_MAX],
  "replica-announce-port": [0, 65535], "tcp-backlog": [0, INT_MAX], "cluster-port": [0, 65535],
  "cluster-announce-bus-port": [0, 65535], "cluster-announce-port": [0, 65535],
  "cluster-announce-tls-port": [0, 65535], "repl-timeout": [1, INT_MAX],
  "repl-ping-replica-period": [1, INT_MAX], "list-compress-depth": [0, INT_MAX],
  "rdb-key-save-delay": [INT_MIN, INT_MAX], "key-load-delay": [INT_MIN, INT_MAX],
  "active-expire-effort": [1, 10], "hz": [0, INT_MAX], "min-replicas-to-write": [0, INT_MAX],
  "min-replicas-max-lag": [0, INT_MAX], "watchdog-period": [0, INT_MAX],
  "shutdown-timeout": [0, INT_MAX], "repl-diskless-sync-max-replicas": [0, INT_MAX],
  "tls-port": [0, 65535], "tls-session-cache-size": [0, INT_MAX],
  "tls-session-cache-timeout": [0, INT_MAX],
  "maxclients": [1, UINT_MAX], "unixsocketperm": [0, "511", "octal"], "socket-mark-id": [0, UINT_MAX],
  "active-defrag-max-scan-fields": [1, LONG_MAX], "slowlog-max-len": [0, LONG_MAX],
  "acllog-max-len": [0, LONG_MAX],
  "busy-reply-threshold": [0, LONG_MAX], "cluster-node-timeout": [0, LLONG_MAX],
  "slowlog-log-slower-than": [-1, LLONG_MAX], "latency-monitor-threshold": [0, LLONG_MAX],
  "proto-max-bulk-len": [1024 * 1024, LONG_MAX, "memory"], "stream-node-max-entries": [0, LLONG_MAX],
  "repl-backlog-size": [1, LLONG_MAX, "memory"],
  "maxmemory": [0, ULLONG_MAX, "memory"], "cluster-link-sendbuf-limit": [0, ULLONG_MAX, "memory"],
  "hash-max-listpack-entries": [0, LONG_MAX], "set-max-intset-entries": [0, LONG_MAX],
  "zset-max-listpack-entries": [0, LONG_MAX], "active-defrag-ignore-bytes": [1, LLONG_MAX, "memory"],
  "hash-max-listpack-value": [0, LONG_MAX, "memory"], "stream-node-max-bytes": [0, LONG_MAX, "memory"],
  "zset-max-listpack-value": [0, LONG_MAX, "memory"], "hll-sparse-max-bytes": [0, LONG_MAX, "memory"],
  "tracking-table-max-keys": [0, LONG_MAX],
  "client-query-buffer-limit": [1024 * 1024, LONG_MAX, "memory"],
  "maxmemory-clients": [-100, SSIZE_MAX, "memory|percent"],
  "repl-backlog-ttl": [0, LONG_MAX], "auto-aof-rewrite-min-size": [0, LLONG_MAX, "memory"],
  "loading-process-events-interval-bytes": [1024, INT_MAX],
};

// Enum tables: [name, value] in Redis's order (CONFIG GET shows the first name with the value;
// MULTI_ARG enums are bit flags).
const ENUMS = {
  maxmemory_policy_enum: [["volatile-lru", 0], ["volatile-lfu", 1], ["volatile-random", 2], ["volatile-ttl", 3],
    ["allkeys-lru", 4], ["allkeys-lfu", 5], ["allkeys-random", 6], ["noeviction", 7]],
  syslog_facility_enum: [["user", 0], ["local0", 1], ["local1", 2], ["local2", 3], ["local3", 4], ["local4", 5],
    ["local5", 6], ["local6", 7], ["local7", 8]],
  loglevel_enum: [["debug", 0], ["verbose", 1], ["notice", 2], ["warning", 3]],
  supervised_mode_enum: [["upstart", 1], ["systemd", 2], ["auto", 3], ["no", 0]],
  aof_fsync_enum: [["everysec", 2], ["always", 1], ["no", 0]],
  shutdown_on_sig_enum: [["default", 0], ["save", 1], ["nosave", 2], ["now", 4], ["force", 8]],
  repl_diskless_load_enum: [["disabled", 0], ["on-empty-db", 1], ["swapdb", 2]],
  tls_auth_clients_enum: [["no", 0], ["yes", 1], ["optional", 2]],
  oom_score_adj_enum: [["no", 0], ["yes", 1], ["relative", 1], ["absolute", 2]],
  acl_pubsub_default_enum: [["allchannels", 1], ["resetchannels", 0]],
  sanitize_dump_payload_enum: [["no", 0], ["yes", 1], ["clients", 2]],
  protected_action_enum: [["no", 0], ["yes", 1], ["local", 2]],
  cluster_preferred_endpoint_type_enum: [["ip", 0], ["hostname", 1], ["unknown-endpoint", 2]],
  propagation_error_behavior_enum: [["ignore", 0], ["panic", 1], ["panic-on-replicas", 2]],
};

// C constants used as defaults in the tsv.
const CONSTANTS = {
  CONFIG_DEFAULT_HZ: 10, MAXMEMORY_NO_EVICTION: 7, LOG_LOCAL0: 1, LL_NOTICE: 2, SUPERVISED_NONE: 0,
  AOF_FSYNC_EVERYSEC: 2, REPL_DISKLESS_LOAD_DISABLED: 0, TLS_CLIENT_AUTH_YES: 1, OOM_SCORE_ADJ_NO: 0,
  SANITIZE_DUMP_NO: 0, PROTECTED_ACTION_ALLOWED_NO: 0, CLUSTER_ENDPOINT_TYPE_IP: 0,
  PROPAGATION_ERR_BEHAVIOR_IGNORE: 0,
  CONFIG_DEFAULT_PROC_TITLE_TEMPLATE: "{title} {listen-addr} {server-mode}",
};

// String settings stored as NULL when set to "" (CONFIG REWRITE then leaves them out).
const EMPTY_IS_NULL = new Set(["unixsocket", "pidfile", "replica-announce-ip", "masteruser", "cluster-announce-ip",
  "cluster-announce-hostname", "server_cpulist", "bio_cpulist", "aof_rewrite_cpulist", "bgsave_cpulist",
  "bind-source-addr", "masterauth", "requirepass", "tls-cert-file", "tls-key-file", "tls-key-file-pass",
  "tls-client-cert-file", "tls-client-key-file", "tls-client-key-file-pass", "tls-dh-params-file",
  "tls-ca-cert-file", "tls-ca-cert-dir", "tls-protocols", "tls-ciphers", "tls-ciphersuites"]);

// Value checks some settings run before accepting a value (implemented in host/core/config.ts).
const VALIDATORS = {
  dbfilename: "basename", appendfilename: "aof-filename", appenddirname: "aof-dirname",
  "cluster-announce-hostname": "hostname", "proc-title-template": "proc-title",
  "shutdown-on-sigint": "shutdown-flags", "shutdown-on-sigterm": "shutdown-flags",
  // Redis built without its patched jemalloc (like the reference binary) refuses "yes".
  activedefrag: "no-defrag",
};

// Special settings: their CONFIG GET value on a default server ("dir" is the process's cwd).
const SPECIAL_DEFAULTS = {
  bind: "* -::*",
  "client-output-buffer-limit": "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60",
  dir: "",
  "latency-tracking-info-percentiles": "50 99 99.9",
  "notify-keyspace-events": "",
  "oom-score-adj-values": "0 200 800",
  replicaof: "",
  save: "3600 1 300 100 60 10000",
};

const NUMERIC_TYPES = new Set(["int", "uint", "ulong", "long", "longlong", "ulonglong", "sizet", "ssizet", "offt", "timet"]);
const UNSIGNED_TYPES = new Set(["uint", "ulonglong", "sizet"]); // bounds compared as unsigned (Redis)

function evalDefault(expr) {
  if (expr in CONSTANTS) return CONSTANTS[expr];
  if (expr === "NULL") return null;
  if (/^".*"$/.test(expr)) return JSON.parse(expr);
  const arith = expr.replace(/(\d+)ll/g, "$1");
  if (!/^[\d*<>+ -]+$/.test(arith)) throw new Error(`cannot evaluate default ${expr}`);
  return Function(`return (${arith});`)();
}

const header = tsv[0].split("\t");
const rows = tsv.slice(1).map((line) => {
  const cols = line.split("\t");
  return Object.fromEntries(header.map((h, i) => [h, cols[i] ?? ""]));
});

const used = { NUMERIC: new Set(), SPECIAL: new Set() };
const out = [];
for (const r of rows) {
  const flags = r.flags.split("|").map((f) => f.replace(/_CONFIG$/, "").toLowerCase()).filter((f) => f !== "modifiable");
  const def = { name: r.name };
  if (r.alias) def.alias = r.alias;
  def.type = r.type;
  def.flags = flags;
  if (r.type === "bool") {
    def.default = evalDefault(r.default_c_expr) ? "yes" : "no";
  } else if (r.type === "string" || r.type === "sds") {
    const v = evalDefault(r.default_c_expr);
    def.default = v ?? "";
    if (EMPTY_IS_NULL.has(r.name)) def.emptyIsNull = true;
    else if (v === null) throw new Error(`${r.name}: NULL default but not empty-is-null`);
  } else if (r.type === "enum") {
    const table = ENUMS[r.enum_table];
    if (!table) throw new Error(`${r.name}: no enum table ${r.enum_table}`);
    const v = evalDefault(r.default_c_expr);
    const hit = table.find(([, val]) => val === Number(v));
    if (!hit) throw new Error(`${r.name}: default ${r.default_c_expr} not in ${r.enum_table}`);
    def.default = hit[0];
    def.enum = table;
    if (flags.includes("multi_arg")) def.bitflags = true;
  } else if (NUMERIC_TYPES.has(r.type)) {
    const n = NUMERIC[r.name];
    if (!n) throw new Error(`${r.name}: no bounds`);
    used.NUMERIC.add(r.name);
    def.min = String(n[0]);
    def.max = String(n[1]);
    def.syntax = n[2] ?? "int";
    if (UNSIGNED_TYPES.has(r.type)) def.unsigned = true;
    const v = evalDefault(r.default_c_expr);
    def.default = def.syntax === "octal" ? Number(v).toString(8) : String(v);
  } else if (r.type === "special") {
    if (!(r.name in SPECIAL_DEFAULTS)) throw new Error(`${r.name}: special without a default`);
    used.SPECIAL.add(r.name);
    def.default = SPECIAL_DEFAULTS[r.name];
  } else {
    throw new Error(`${r.name}: unknown type ${r.type}`);
  }
  if (VALIDATORS[r.name]) def.validate = VALIDATORS[r.name];
  out.push(def);
}
for (const k of Object.keys(NUMERIC)) if (!used.NUMERIC.has(k)) throw new Error(`bounds for unknown setting ${k}`);
for (const k of Object.keys(SPECIAL_DEFAULTS)) if (!used.SPECIAL.has(k)) throw new Error(`default for unknown special ${k}`);

const lines = [];
lines.push("// GENERATED by host/tools/gen-configs.mjs from ../shared/redis-7.0.15/configs.tsv. Do not edit: run `npm run build:configs`.");
lines.push("//");
lines.push("// Every setting of Redis 7.0.15, sorted by name. `default` is the value CONFIG GET prints on a");
lines.push("// default server; min/max are decimal strings (some exceed 2^53); `syntax` says what numbers");
lines.push("// parse (int, memory units, memory|percent, octal); `unsigned` types compare bounds unsigned;");
lines.push("// enum tables are [name, value] in Redis's order; flags are Redis's *_CONFIG flags, lower case.");
lines.push("");
lines.push("export type ConfigType = \"bool\" | \"string\" | \"sds\" | \"enum\" | \"int\" | \"uint\" | \"long\" | \"ulong\" |");
lines.push("  \"longlong\" | \"ulonglong\" | \"sizet\" | \"ssizet\" | \"offt\" | \"timet\" | \"special\";");
lines.push("");
lines.push("export interface ConfigDef {");
lines.push("  name: string;");
lines.push("  alias?: string;");
lines.push("  type: ConfigType;");
lines.push("  flags: string[];");
lines.push("  default: string;");
lines.push("  emptyIsNull?: boolean;");
lines.push("  enum?: [string, number][];");
lines.push("  bitflags?: boolean;");
lines.push("  min?: string;");
lines.push("  max?: string;");
lines.push("  syntax?: \"int\" | \"memory\" | \"memory|percent\" | \"octal\";");
lines.push("  unsigned?: boolean;");
lines.push("  validate?: string;");
lines.push("}");
lines.push("");
lines.push("export const CONFIG_DEFS: ConfigDef[] = [");
for (const d of out) lines.push(`  ${JSON.stringify(d)},`);
lines.push("];");
lines.push("");
writeFileSync(join(root, "host", "core", "configs.gen.ts"), lines.join("\n"));
console.log(`gen-configs: ${out.length} settings -> host/core/configs.gen.ts`);
