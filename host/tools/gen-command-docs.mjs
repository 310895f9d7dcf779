#!/usr/bin/env node
// gen-command-docs.mjs — generates the host's command metadata (what COMMAND, COMMAND INFO,
// COMMAND DOCS, COMMAND LIST and COMMAND GETKEYS report) from Redis 7.0.15's command specs.
//
// Input:  ../shared/redis-7.0.15/commands.json (BSD licensed, see assembly/commands/COPYING-redis)
// Output: host/core/commands.gen.ts
//
// The engine's table (assembly/commands/table.gen.ts, from gen-commands.mjs) has only what the
// dispatcher needs; this one has everything a client can ask about a command, already in the
// shape Redis replies with, so the host only has to write it out:
//   - flags as COMMAND INFO prints them (Redis's reply order; sentinel, only_sentinel,
//     may_replicate, protected and touches_arbitrary_keys are never shown; "movablekeys"
//     added when the key specs cannot be expressed as one first/last/step range),
//   - the legacy first/last/step triple derived from the key specs as Redis derives it,
//   - ACL categories including the implicit ones Redis adds from flags (@write, @read, @admin +
//     @dangerous, @pubsub, @fast, @blocking, and @slow for everything not @fast), in Redis's
//     category order,
//   - key specs, tips, subcommands, and the documentation (summary, since, group, complexity,
//     doc flags, deprecation, history, arguments).
// Sentinel-only commands are left out, as redis-server leaves them out. Keys are full names
// ("client|list"); the host pairs them with engine ids by name.
//
// Run: npm run build:commands   (commit the output; never edit it by hand)
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const specDir = process.env.REDIS_SPECS ?? join(root, "..", "shared", "redis-7.0.15");
const specs = JSON.parse(readFileSync(join(specDir, "commands.json"), "utf8"));

// COMMAND INFO's flag names, in Redis's reply order (addReplyCommandFlags). Hidden flags absent.
const FLAG_ORDER = ["WRITE", "READONLY", "DENYOOM", "MODULE", "ADMIN", "PUBSUB", "NOSCRIPT", "BLOCKING",
  "LOADING", "STALE", "SKIP_MONITOR", "SKIP_SLOWLOG", "ASKING", "FAST", "NO_AUTH", "NO_MANDATORY_KEYS",
  "NO_ASYNC_LOADING", "NO_MULTI", "MOVABLE_KEYS", "ALLOW_BUSY"];
const FLAG_REPLY = { MOVABLE_KEYS: "movablekeys" };
// ACL categories in Redis's table order (acl.c ACLCommandCategories).
const ACL_ORDER = ["keyspace", "read", "write", "set", "sortedset", "list", "hash", "string", "bitmap",
  "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking", "dangerous", "connection",
  "transaction", "scripting"];
// Key spec flags in Redis's reply order (addReplyFlagsForKeyArgs).
const KEY_FLAG_ORDER = ["RO", "RW", "OW", "RM", "ACCESS", "UPDATE", "INSERT", "DELETE", "NOT_KEY", "INCOMPLETE", "VARIABLE_FLAGS"];
const KEY_FLAG_REPLY = (f) => (["RO", "RW", "OW", "RM"].includes(f) ? f : f.toLowerCase());
const GROUPS = { sorted_set: "sorted-set" };

function keySpec(ks) {
  const out = {};
  if (ks.notes) out.notes = ks.notes;
  out.flags = KEY_FLAG_ORDER.filter((f) => ks.flags.includes(f)).map(KEY_FLAG_REPLY);
  const bs = ks.begin_search;
  if (bs.index) out.bs = ["index", bs.index.pos];
  else if (bs.keyword) out.bs = ["keyword", bs.keyword.keyword, bs.keyword.startfrom];
  else out.bs = ["unknown"];
  const fk = ks.find_keys;
  if (fk.range) out.fk = ["range", fk.range.lastkey, fk.range.step, fk.range.limit];
  else if (fk.keynum) out.fk = ["keynum", fk.keynum.keynumidx, fk.keynum.firstkey, fk.keynum.step];
  else out.fk = ["unknown"];
  return out;
}

/** Redis populateCommandLegacyRangeSpec: first/last/step and whether keys are "movable". */
function legacyRange(specsList) {
  let movable = false;
  if (specsList.length === 0) return { first: 0, last: 0, step: 0, movable };
  const isRange = (s) => s.bs[0] === "index" && s.fk[0] === "range";
  const incomplete = (s) => s.flags.includes("incomplete");
  const abs = (s) => (s.fk[1] >= 0 ? s.bs[1] + s.fk[1] : s.fk[1]);
  if (specsList.length === 1 && isRange(specsList[0])) {
    const s = specsList[0];
    if (incomplete(s)) movable = true;
    return { first: s.bs[1], last: abs(s), step: s.fk[2], movable };
  }
  let first = Infinity, last = 0, prevLast = 0;
  const u32 = (x) => x >>> 0;
  for (const s of specsList) {
    if (!isRange(s)) { movable = true; continue; }
    if (s.fk[2] !== 1 || (prevLast && prevLast !== s.bs[1] - 1)) { movable = true; continue; }
    if (incomplete(s)) movable = true;
    first = Math.min(first, s.bs[1]);
    const a = abs(s);
    last = u32(last) >= u32(a) ? last : a;
    prevLast = last;
  }
  if (first === Infinity) return { first: 0, last: 0, step: 0, movable: true };
  return { first, last, step: 1, movable };
}

function argDoc(a) {
  // Redis's code generator lower-cases argument names and upper-cases tokens.
  const out = { name: a.name.toLowerCase(), type: a.type };
  if (a.key_spec_index !== undefined) out.key_spec_index = a.key_spec_index;
  // (The empty-string token of MIGRATE is written `""` in the specs and shown empty.)
  if (a.token !== undefined) out.token = a.token === '""' ? "" : a.token.toUpperCase();
  if (a.summary !== undefined) out.summary = a.summary;
  if (a.since !== undefined) out.since = a.since;
  if (a.deprecated_since !== undefined) out.deprecated_since = a.deprecated_since;
  const flags = [];
  if (a.optional) flags.push("optional");
  if (a.multiple) flags.push("multiple");
  if (a.multiple_token) flags.push("multiple_token");
  if (flags.length) out.flags = flags;
  if (a.type === "oneof" || a.type === "block") out.arguments = (a.arguments ?? []).map(argDoc);
  return out;
}

const list = [];
for (const [name, spec] of Object.entries(specs)) {
  if ((spec.command_flags ?? []).includes("ONLY_SENTINEL")) continue;
  list.push({ name, fullname: name.toLowerCase().split(" ").join("|"), spec });
}
list.sort((a, b) => (a.fullname < b.fullname ? -1 : a.fullname > b.fullname ? 1 : 0));
const subsOf = new Map();
for (const c of list) {
  if (!c.spec.container) continue;
  const parent = c.spec.container.toLowerCase();
  if (!subsOf.has(parent)) subsOf.set(parent, []);
  subsOf.get(parent).push(c.fullname);
}

const out = [];
for (const { fullname, spec } of list) {
  const flags = new Set(spec.command_flags ?? []);
  const ks = (spec.key_specs ?? []).map(keySpec);
  const lr = legacyRange(ks);
  if (lr.movable) flags.add("MOVABLE_KEYS");
  const acl = new Set((spec.acl_categories ?? []).map((c) => c.toLowerCase()));
  if (flags.has("WRITE")) acl.add("write");
  if (flags.has("READONLY") && !acl.has("scripting")) acl.add("read");
  if (flags.has("ADMIN")) { acl.add("admin"); acl.add("dangerous"); }
  if (flags.has("PUBSUB")) acl.add("pubsub");
  if (flags.has("FAST")) acl.add("fast");
  if (flags.has("BLOCKING")) acl.add("blocking");
  if (!acl.has("fast")) acl.add("slow");
  for (const a of acl) if (!ACL_ORDER.includes(a)) throw new Error(`${fullname}: unknown ACL category ${a}`);
  const e = {
    name: fullname,
    arity: spec.arity,
    flags: FLAG_ORDER.filter((f) => flags.has(f)).map((f) => FLAG_REPLY[f] ?? f.toLowerCase()),
    first: lr.first, last: lr.last, step: lr.step,
    acl: ACL_ORDER.filter((a) => acl.has(a)).map((a) => "@" + a),
    tips: (spec.command_tips ?? []).map((t) => t.toLowerCase()),
    keySpecs: ks,
  };
  if (subsOf.has(fullname)) e.subcommands = subsOf.get(fullname);
  if (spec.get_keys_function) e.getkeys = spec.get_keys_function;
  if (spec.summary) e.summary = spec.summary;
  if (spec.since) e.since = spec.since;
  e.group = GROUPS[spec.group] ?? spec.group;
  if (spec.complexity) e.complexity = spec.complexity;
  if (spec.doc_flags) e.docFlags = spec.doc_flags.map((f) => f.toLowerCase());
  if (spec.deprecated_since) e.deprecatedSince = spec.deprecated_since;
  if (spec.replaced_by) e.replacedBy = spec.replaced_by;
  if (spec.history?.length) e.history = spec.history;
  if (spec.arguments) e.arguments = spec.arguments.map(argDoc);
  out.push(e);
}

const lines = [];
lines.push("// GENERATED by host/tools/gen-command-docs.mjs from ../shared/redis-7.0.15/commands.json. Do not edit: run `npm run build:commands`.");
lines.push("// The command specs are Copyright (c) 2006-2020, Salvatore Sanfilippo, BSD 3-clause: see assembly/commands/COPYING-redis.");
lines.push("//");
lines.push("// One entry per command or subcommand, keyed by full name (\"client|list\"), sorted. Everything is");
lines.push("// already in the form COMMAND INFO / COMMAND DOCS print it (see the generator's notes).");
lines.push("");
lines.push("/** Key spec: begin_search is [\"index\", pos] | [\"keyword\", keyword, startfrom] | [\"unknown\"];");
lines.push(" *  find_keys is [\"range\", lastkey, keystep, limit] | [\"keynum\", keynumidx, firstkey, keystep] | [\"unknown\"]. */");
lines.push("export interface KeySpec {");
lines.push("  notes?: string;");
lines.push("  flags: string[];");
lines.push("  bs: [\"index\", number] | [\"keyword\", string, number] | [\"unknown\"];");
lines.push("  fk: [\"range\", number, number, number] | [\"keynum\", number, number, number] | [\"unknown\"];");
lines.push("}");
lines.push("");
lines.push("export interface ArgDoc {");
lines.push("  name: string;");
lines.push("  type: string;");
lines.push("  key_spec_index?: number;");
lines.push("  token?: string;");
lines.push("  summary?: string;");
lines.push("  since?: string;");
lines.push("  deprecated_since?: string;");
lines.push("  flags?: string[];");
lines.push("  arguments?: ArgDoc[];");
lines.push("}");
lines.push("");
lines.push("export interface CommandSpec {");
lines.push("  name: string;");
lines.push("  arity: number;");
lines.push("  flags: string[];");
lines.push("  first: number;");
lines.push("  last: number;");
lines.push("  step: number;");
lines.push("  acl: string[];");
lines.push("  tips: string[];");
lines.push("  keySpecs: KeySpec[];");
lines.push("  subcommands?: string[];");
lines.push("  /** Redis's getkeys_proc, used when the key specs are not enough. */");
lines.push("  getkeys?: string;");
lines.push("  summary?: string;");
lines.push("  since?: string;");
lines.push("  group: string;");
lines.push("  complexity?: string;");
lines.push("  docFlags?: string[];");
lines.push("  deprecatedSince?: string;");
lines.push("  replacedBy?: string;");
lines.push("  history?: [string, string][];");
lines.push("  arguments?: ArgDoc[];");
lines.push("}");
lines.push("");
lines.push("export const COMMAND_SPECS: CommandSpec[] = [");
for (const e of out) lines.push(`  ${JSON.stringify(e)},`);
lines.push("];");
lines.push("");
writeFileSync(join(root, "host", "core", "commands.gen.ts"), lines.join("\n"));
console.log(`gen-command-docs: ${out.length} commands -> host/core/commands.gen.ts`);
