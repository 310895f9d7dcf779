// command.ts — the COMMAND family (Redis: server.c commandCommand & co, db.c getkeys):
// COMMAND, COMMAND COUNT, COMMAND LIST [FILTERBY ...], COMMAND INFO, COMMAND DOCS,
// COMMAND GETKEYS, COMMAND GETKEYSANDFLAGS, COMMAND HELP.
//
// PORTABLE: no node: imports.
//
// The data is generated from Redis's command specs (commands.gen.ts), already in reply form;
// this file only writes it out with Redis's exact shapes (status vs bulk strings, sets, maps,
// nulls) for RESP2 and RESP3. What is *listed* follows the engine: a command exists for these
// replies only if the engine implements it (engine.x.commandImplemented), and a container
// (CLIENT, CONFIG ...) exists if any of its subcommands does, showing only those subcommands.
// That keeps COMMAND COUNT / COMMAND LIST honest while the engine grows.
//
// Key extraction (COMMAND GETKEYS) follows Redis 7.0.15: key specs first (begin_search index or
// keyword, then find_keys range or keynum); when a spec cannot be evaluated (unknown, incomplete)
// or its flags vary with the arguments (VARIABLE_FLAGS), the command's own key function runs,
// re-implemented here for the handful of commands Redis has them for (SORT, MIGRATE, EVAL,
// ZUNIONSTORE, XREAD, SET, BITFIELD, GEORADIUS ...).

import type { HostCommandContext, RespiteCore } from "../server.js";
import type { RespWriter } from "../resp.js";
import { COMMAND_SPECS, CommandSpec, KeySpec, ArgDoc } from "../commands.gen.js";
import { atoi, bin, string2ll, stringmatch } from "../text.js";

const SPECS = new Map<string, CommandSpec>(COMMAND_SPECS.map((s) => [s.name, s]));

/** Which commands this core's engine implements (computed once per core). */
const implementedCache = new WeakMap<RespiteCore, Set<string>>();

export function implementedCommands(core: RespiteCore): Set<string> {
  let set = implementedCache.get(core);
  if (set) return set;
  set = new Set<string>();
  const names = core.engine.commandNames;
  for (let id = 0; id < names.length; id++) {
    if (!core.engine.x.commandImplemented(id)) continue;
    set.add(names[id]);
    const bar = names[id].indexOf("|");
    if (bar > 0) set.add(names[id].slice(0, bar));
  }
  implementedCache.set(core, set);
  return set;
}

/** The spec of an implemented command by full name ("get", "client|list"), any case. */
function lookupByFullName(core: RespiteCore, name: string): CommandSpec | undefined {
  const n = name.toLowerCase();
  const parts = n.split("|");
  if (parts.length > 2 || parts.some((p) => p === "")) return undefined;
  if (!implementedCommands(core).has(n)) return undefined;
  return SPECS.get(n);
}

/** Top-level implemented commands, in table order. */
function topLevel(core: RespiteCore): CommandSpec[] {
  const impl = implementedCommands(core);
  return COMMAND_SPECS.filter((s) => !s.name.includes("|") && impl.has(s.name));
}

function subcommandsOf(core: RespiteCore, spec: CommandSpec): CommandSpec[] {
  const impl = implementedCommands(core);
  return (spec.subcommands ?? []).filter((n) => impl.has(n)).map((n) => SPECS.get(n)!);
}

// ---- COMMAND INFO --------------------------------------------------------------------------

function statusSet(w: RespWriter, items: string[]): void {
  w.set(items.length);
  for (const i of items) w.status(i);
}

function writeKeySpec(w: RespWriter, ks: KeySpec): void {
  w.map(ks.notes !== undefined ? 4 : 3);
  if (ks.notes !== undefined) w.bulk("notes").bulk(ks.notes);
  w.bulk("flags");
  statusSet(w, ks.flags);
  w.bulk("begin_search").map(2).bulk("type").bulk(ks.bs[0]).bulk("spec");
  if (ks.bs[0] === "index") w.map(1).bulk("index").int(ks.bs[1]);
  else if (ks.bs[0] === "keyword") w.map(2).bulk("keyword").bulk(ks.bs[1]).bulk("startfrom").int(ks.bs[2]);
  else w.map(0);
  w.bulk("find_keys").map(2).bulk("type").bulk(ks.fk[0]).bulk("spec");
  if (ks.fk[0] === "range") w.map(3).bulk("lastkey").int(ks.fk[1]).bulk("keystep").int(ks.fk[2]).bulk("limit").int(ks.fk[3]);
  else if (ks.fk[0] === "keynum") w.map(3).bulk("keynumidx").int(ks.fk[1]).bulk("firstkey").int(ks.fk[2]).bulk("keystep").int(ks.fk[3]);
  else w.map(0);
}

/** Redis addReplyCommandInfo. */
function writeInfo(core: RespiteCore, w: RespWriter, s: CommandSpec): void {
  w.array(10);
  w.bulk(s.name).int(s.arity);
  statusSet(w, s.flags);
  w.int(s.first).int(s.last).int(s.step);
  statusSet(w, s.acl);
  w.set(s.tips.length);
  for (const t of s.tips) w.bulk(t);
  w.set(s.keySpecs.length);
  for (const ks of s.keySpecs) writeKeySpec(w, ks);
  if (!s.subcommands) {
    w.set(0);
  } else {
    const subs = subcommandsOf(core, s);
    w.array(subs.length);
    for (const sub of subs) writeInfo(core, w, sub);
  }
}

// ---- COMMAND DOCS --------------------------------------------------------------------------

function writeArgs(w: RespWriter, args: ArgDoc[]): void {
  w.array(args.length);
  for (const a of args) {
    let n = 2;
    if (a.key_spec_index !== undefined) n++;
    if (a.token !== undefined) n++;
    if (a.summary !== undefined) n++;
    if (a.since !== undefined) n++;
    if (a.deprecated_since !== undefined) n++;
    if (a.flags) n++;
    if (a.arguments) n++;
    w.map(n);
    w.bulk("name").bulk(a.name).bulk("type").bulk(a.type);
    if (a.key_spec_index !== undefined) w.bulk("key_spec_index").int(a.key_spec_index);
    if (a.token !== undefined) w.bulk("token").bulk(a.token);
    if (a.summary !== undefined) w.bulk("summary").bulk(a.summary);
    if (a.since !== undefined) w.bulk("since").bulk(a.since);
    if (a.deprecated_since !== undefined) w.bulk("deprecated_since").bulk(a.deprecated_since);
    if (a.flags) {
      w.bulk("flags");
      statusSet(w, a.flags);
    }
    if (a.arguments) {
      w.bulk("arguments");
      writeArgs(w, a.arguments);
    }
  }
}

/** Redis addReplyCommandDocs. */
function writeDocs(core: RespiteCore, w: RespWriter, s: CommandSpec): void {
  let n = 1;
  for (const present of [s.summary, s.since, s.complexity, s.docFlags, s.deprecatedSince, s.replacedBy, s.history, s.arguments, s.subcommands]) {
    if (present !== undefined) n++;
  }
  w.map(n);
  if (s.summary !== undefined) w.bulk("summary").bulk(s.summary);
  if (s.since !== undefined) w.bulk("since").bulk(s.since);
  w.bulk("group").bulk(s.group);
  if (s.complexity !== undefined) w.bulk("complexity").bulk(s.complexity);
  if (s.docFlags) {
    w.bulk("doc_flags");
    statusSet(w, s.docFlags);
  }
  if (s.deprecatedSince !== undefined) w.bulk("deprecated_since").bulk(s.deprecatedSince);
  if (s.replacedBy !== undefined) w.bulk("replaced_by").bulk(s.replacedBy);
  if (s.history) {
    w.bulk("history").set(s.history.length);
    for (const [v, d] of s.history) w.array(2).bulk(v).bulk(d);
  }
  if (s.arguments) {
    w.bulk("arguments");
    writeArgs(w, s.arguments);
  }
  if (s.subcommands) {
    const subs = subcommandsOf(core, s);
    w.bulk("subcommands").map(subs.length);
    for (const sub of subs) {
      w.bulk(sub.name);
      writeDocs(core, w, sub);
    }
  }
}

// ---- key extraction ------------------------------------------------------------------------

/** A key found in a command: its argument index and the key spec flags that apply. */
export interface KeyRef { pos: number; flags: string[] }

const RO_ACCESS = ["RO", "access"];
const RW_ACCESS_UPDATE = ["RW", "access", "update"];
const OW_UPDATE = ["OW", "update"];
const RW_ACCESS_DELETE = ["RW", "access", "delete"];

/** Redis getKeysUsingKeySpecs (no NOT_KEY keys, no partial results); null on an invalid spec. */
function keysFromSpecs(s: CommandSpec, argv: string[]): KeyRef[] | null {
  const argc = argv.length;
  const keys: KeyRef[] = [];
  for (const spec of s.keySpecs) {
    if (spec.flags.includes("not_key")) continue;
    let first = 0;
    if (spec.bs[0] === "index") {
      first = spec.bs[1];
    } else if (spec.bs[0] === "keyword") {
      const startfrom = spec.bs[2];
      const start = startfrom > 0 ? startfrom : argc + startfrom;
      const end = startfrom > 0 ? argc - 1 : 1;
      for (let i = start; i !== end; i = start <= end ? i + 1 : i - 1) {
        if (i >= argc || i < 1) break;
        if (lc(argv[i]) === spec.bs[1].toLowerCase()) {
          first = i + 1;
          break;
        }
      }
      if (!first) continue;
    } else {
      return null;
    }
    let last: number, step: number;
    if (spec.fk[0] === "range") {
      step = spec.fk[2];
      const lastkey = spec.fk[1], limit = spec.fk[3];
      if (lastkey >= 0) last = first + lastkey;
      else if (!limit) last = argc + lastkey;
      else last = first + (Math.trunc((argc - first) / limit) + lastkey);
    } else if (spec.fk[0] === "keynum") {
      step = spec.fk[3];
      if (spec.fk[1] >= argc || first + spec.fk[1] >= argc) return null;
      const numkeys = string2ll(argv[first + spec.fk[1]]);
      if (numkeys === null || numkeys < 0n) return null;
      first += spec.fk[2];
      last = first + Number(BigInt.asIntN(32, numkeys)) - 1;
    } else {
      return null;
    }
    if (last >= argc || last < first || first >= argc) return null;
    for (let i = first; i <= last; i += step) {
      if (i >= argc || i < first) continue;
      keys.push({ pos: i, flags: spec.flags });
    }
    if (spec.flags.includes("incomplete")) return null;
  }
  return keys;
}

/** Redis genericGetKeys: [store] numkeys key... with atoi's leniency. */
function genericGetKeys(storeOfs: number, countOfs: number, firstOfs: number, argv: string[]): KeyRef[] {
  const num = atoi(argv[countOfs]);
  if (num < 1 || num > argv.length - firstOfs) return [];
  const keys: KeyRef[] = [];
  for (let i = 0; i < num; i++) keys.push({ pos: firstOfs + i, flags: [] });
  if (storeOfs) keys.push({ pos: storeOfs, flags: [] });
  return keys;
}

/** C string view of an argument lowered (Redis compares with strcasecmp, which stops at NUL). */
const lc = (s: string) => {
  const z = s.indexOf("\0");
  return (z < 0 ? s : s.slice(0, z)).toLowerCase();
};

/** The commands' own key functions (Redis: *GetKeys in db.c). */
const GETKEYS: Record<string, (argv: string[]) => KeyRef[]> = {
  sintercardGetKeys: (a) => genericGetKeys(0, 1, 2, a),
  zunionInterDiffStoreGetKeys: (a) => genericGetKeys(1, 2, 3, a),
  zunionInterDiffGetKeys: (a) => genericGetKeys(0, 1, 2, a),
  evalGetKeys: (a) => genericGetKeys(0, 2, 3, a),
  functionGetKeys: (a) => genericGetKeys(0, 2, 3, a),
  lmpopGetKeys: (a) => genericGetKeys(0, 1, 2, a),
  blmpopGetKeys: (a) => genericGetKeys(0, 2, 3, a),
  zmpopGetKeys: (a) => genericGetKeys(0, 1, 2, a),
  bzmpopGetKeys: (a) => genericGetKeys(0, 2, 3, a),
  sortROGetKeys: () => [{ pos: 1, flags: RO_ACCESS }],
  sortGetKeys: (argv) => {
    // SORT key ... [STORE dst]: skip the arguments of LIMIT, GET and BY; the last STORE wins.
    const keys: KeyRef[] = [{ pos: 1, flags: RO_ACCESS }];
    let store: KeyRef | null = null;
    const skip: Record<string, number> = { limit: 2, get: 1, by: 1 };
    for (let i = 2; i < argv.length; i++) {
      const a = lc(argv[i]);
      if (a in skip) i += skip[a];
      else if (a === "store" && i + 1 < argv.length) store = { pos: i + 1, flags: OW_UPDATE };
    }
    if (store) keys.push(store);
    return keys;
  },
  migrateGetKeys: (argv) => {
    // MIGRATE host port key|"" db timeout [COPY] [REPLACE] [AUTH pw] [AUTH2 user pw] [KEYS k...]
    let first = 3, num = 1;
    const skip: Record<string, number> = { copy: 0, replace: 0, auth: 1, auth2: 2 };
    if (argv.length > 6) {
      for (let i = 6; i < argv.length; i++) {
        const a = lc(argv[i]);
        if (a === "keys") {
          if (argv[3].length > 0) num = 0;
          else {
            first = i + 1;
            num = argv.length - first;
          }
          break;
        }
        if (a in skip) i += skip[a];
      }
    }
    const keys: KeyRef[] = [];
    for (let i = 0; i < num; i++) keys.push({ pos: first + i, flags: RW_ACCESS_DELETE });
    return keys;
  },
  georadiusGetKeys: (argv) => {
    let stored = -1;
    for (let i = 5; i < argv.length; i++) {
      const a = lc(argv[i]);
      if ((a === "store" || a === "storedist") && i + 1 < argv.length) {
        stored = i + 1;
        i++;
      }
    }
    const keys: KeyRef[] = [{ pos: 1, flags: [] }];
    if (stored >= 0) keys.push({ pos: stored, flags: [] });
    return keys;
  },
  xreadGetKeys: (argv) => {
    let streams = -1;
    for (let i = 1; i < argv.length; i++) {
      const a = lc(argv[i]);
      if (a === "block" || a === "count") i++;
      else if (a === "group") i += 2;
      else if (a === "noack") continue;
      else if (a === "streams") { streams = i; break; }
      else break;
    }
    const num = streams >= 0 ? argv.length - streams - 1 : 0;
    if (streams < 0 || num === 0 || num % 2 !== 0) return [];
    const keys: KeyRef[] = [];
    for (let i = streams + 1; i < argv.length - num / 2; i++) keys.push({ pos: i, flags: [] });
    return keys;
  },
  setGetKeys: (argv) => {
    for (let i = 3; i < argv.length; i++) if (lc(argv[i]) === "get") return [{ pos: 1, flags: RW_ACCESS_UPDATE }];
    return [{ pos: 1, flags: OW_UPDATE }];
  },
  bitfieldGetKeys: (argv) => {
    let readonly = true;
    for (let i = 2; i < argv.length; i++) {
      const rem = argv.length - i - 1;
      const a = lc(argv[i]);
      if (a === "get" && rem >= 2) i += 2;
      else if ((a === "set" || a === "incrby") && rem >= 3) { readonly = false; break; }
      else if (a === "overflow" && rem >= 1) i += 1;
      else { readonly = false; break; }
    }
    return [{ pos: 1, flags: readonly ? RO_ACCESS : RW_ACCESS_UPDATE }];
  },
};

/** Redis getKeysFromCommandWithSpecs: the keys of `argv` (argv[0] is the command name). */
export function getKeysFromCommand(s: CommandSpec, argv: string[]): KeyRef[] {
  const hasKeySpec = s.keySpecs.some((k) => !k.flags.includes("not_key"));
  const hasVarFlags = s.keySpecs.some((k) => k.flags.includes("variable_flags"));
  if (hasKeySpec && !hasVarFlags) {
    const keys = keysFromSpecs(s, argv);
    if (keys !== null) return keys;
  }
  const proc = s.getkeys ? GETKEYS[s.getkeys] : undefined;
  return proc ? proc(argv) : [];
}

/** Redis lookupCommand over a command line: the subcommand when the base has subcommands. */
function lookupCommandLine(core: RespiteCore, argv: string[]): CommandSpec | undefined {
  const base = argv[0].toLowerCase();
  if (base.includes("|") || !implementedCommands(core).has(base)) return undefined;
  const s = SPECS.get(base);
  if (!s) return undefined;
  if (argv.length === 1 || !s.subcommands) return s;
  const sub = argv[1].toLowerCase();
  if (sub.includes("|")) return undefined;
  return lookupByFullName(core, `${base}|${sub}`);
}

// ---- handlers ------------------------------------------------------------------------------

function writeAllInfo(core: RespiteCore, w: RespWriter): void {
  const all = topLevel(core);
  w.array(all.length);
  for (const s of all) writeInfo(core, w, s);
}

function commandCommand(ctx: HostCommandContext): void {
  writeAllInfo(ctx.core, ctx.w);
}

function commandCountCommand(ctx: HostCommandContext): void {
  ctx.w.int(topLevel(ctx.core).length);
}

// ACL categories by name (ACLGetCommandCategoryFlagByName is case-insensitive).
const ACL_CATEGORIES = new Set(["keyspace", "read", "write", "set", "sortedset", "list", "hash", "string", "bitmap",
  "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking", "dangerous", "connection",
  "transaction", "scripting"]);

function commandListCommand(ctx: HostCommandContext): void {
  const { core, w } = ctx;
  const argv = ctx.args.map(bin);
  let filter: ((s: CommandSpec) => boolean) | null = null;
  for (let i = 2; i < argv.length; i++) {
    const more = argv.length - 1 - i;
    if (argv[i].toLowerCase() === "filterby" && more === 2) {
      const type = argv[i + 1].toLowerCase(), arg = argv[i + 2];
      if (type === "module") {
        filter = () => false; // no modules
      } else if (type === "aclcat") {
        const cat = arg.toLowerCase();
        filter = ACL_CATEGORIES.has(cat) ? (s) => s.acl.includes("@" + cat) : () => false;
      } else if (type === "pattern") {
        filter = (s) => stringmatch(arg, s.name, true);
      } else {
        w.error("ERR syntax error");
        return;
      }
      i += 2;
    } else {
      w.error("ERR syntax error");
      return;
    }
  }
  const names: string[] = [];
  for (const s of topLevel(core)) {
    for (const c of [s, ...(s.subcommands ? subcommandsOf(core, s) : [])]) {
      if (!filter || filter(c)) names.push(c.name);
    }
  }
  w.bulkArray(names);
}

function commandInfoCommand(ctx: HostCommandContext): void {
  const { core, w } = ctx;
  if (ctx.args.length === 2) {
    writeAllInfo(core, w);
    return;
  }
  w.array(ctx.args.length - 2);
  for (const a of ctx.args.slice(2)) {
    const s = lookupByFullName(core, bin(a));
    if (s) writeInfo(core, w, s);
    else w.null();
  }
}

function commandDocsCommand(ctx: HostCommandContext): void {
  const { core, w } = ctx;
  let list: CommandSpec[];
  if (ctx.args.length === 2) {
    list = topLevel(core);
  } else {
    list = [];
    for (const a of ctx.args.slice(2)) {
      const s = lookupByFullName(core, bin(a));
      if (s) list.push(s);
    }
  }
  w.map(list.length);
  for (const s of list) {
    w.bulk(s.name);
    writeDocs(core, w, s);
  }
}

function getKeysSubcommand(ctx: HostCommandContext, withFlags: boolean): void {
  writeGetKeys(ctx.core, ctx.w, ctx.args.slice(2), withFlags);
}

/** COMMAND GETKEYS / GETKEYSANDFLAGS for the command line `args` (its name first). */
export function writeGetKeys(core: RespiteCore, w: RespWriter, args: Uint8Array[], withFlags: boolean): void {
  const argv = args.map(bin);
  const s = lookupCommandLine(core, argv);
  if (!s) {
    w.error("ERR Invalid command specified");
    return;
  }
  const hasKeys = !!s.getkeys || s.keySpecs.some((k) => !k.flags.includes("not_key"));
  if (!hasKeys) {
    w.error("ERR The command has no key arguments");
    return;
  }
  if ((s.arity > 0 && s.arity !== argv.length) || argv.length < -s.arity) {
    w.error("ERR Invalid number of arguments specified for command");
    return;
  }
  const keys = getKeysFromCommand(s, argv);
  if (keys.length === 0) {
    if (s.flags.includes("no_mandatory_keys")) w.array(0);
    else w.error("ERR Invalid arguments specified for command");
    return;
  }
  w.array(keys.length);
  for (const k of keys) {
    if (!withFlags) {
      w.bulk(args[k.pos]);
    } else {
      w.array(2).bulk(args[k.pos]);
      statusSet(w, k.flags);
    }
  }
}

const COMMAND_HELP = [
  "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
  "(no subcommand)",
  "    Return details about all Redis commands.",
  "COUNT",
  "    Return the total number of commands in this Redis server.",
  "LIST",
  "    Return a list of all commands in this Redis server.",
  "INFO [<command-name> ...]",
  "    Return details about multiple Redis commands.",
  "    If no command names are given, documentation details for all",
  "    commands are returned.",
  "DOCS [<command-name> ...]",
  "    Return documentation details about multiple Redis commands.",
  "    If no command names are given, documentation details for all",
  "    commands are returned.",
  "GETKEYS <full-command>",
  "    Return the keys from a full Redis command.",
  "GETKEYSANDFLAGS <full-command>",
  "    Return the keys and the access flags from a full Redis command.",
  "HELP",
  "    Prints this help.",
];

/** Redis addReplyHelp: status lines. */
export function writeHelp(w: RespWriter, lines: string[]): void {
  w.array(lines.length);
  for (const l of lines) w.status(l);
}

export function installCommandCommands(core: RespiteCore): void {
  const h = core.hostCommands;
  h.set("command", commandCommand);
  h.set("command|count", commandCountCommand);
  h.set("command|list", commandListCommand);
  h.set("command|info", commandInfoCommand);
  h.set("command|docs", commandDocsCommand);
  h.set("command|getkeys", (ctx) => getKeysSubcommand(ctx, false));
  h.set("command|getkeysandflags", (ctx) => getKeysSubcommand(ctx, true));
  h.set("command|help", (ctx) => writeHelp(ctx.w, COMMAND_HELP));
}

/** Specs of every command, for other host modules (tests render any command through these). */
export const commandSpecs: ReadonlyMap<string, CommandSpec> = SPECS;
export { writeInfo as writeCommandInfo, writeDocs as writeCommandDocs };
