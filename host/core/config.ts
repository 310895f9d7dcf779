// config.ts — the server's settings (Redis: config.c): one store, used by CONFIG GET/SET/
// REWRITE, the config file and the command line, with Redis 7.0.15's types, bounds, errors and
// quirks.
//
// PORTABLE: no node: imports. Whatever touches the process or the file system goes through
// the shell: the working directory for `dir` (ConfigEnv), included files (loadFromString's
// reader), CONFIG REWRITE's file (cmd/config.ts ConfigFileIO). The defaults work in a browser
// (cwd "/", no files).
//
// DESIGN
// The table of settings is generated (configs.gen.ts, from Redis's configs.tsv plus the bounds
// and enum members transcribed in host/tools/gen-configs.mjs). This file gives each *type* its
// behaviour, mirroring Redis's typeInterface: parse (set), format (get) and rewrite. Values are
// kept parsed (booleans, bigint for every number so 64-bit unsigned settings stay exact, enum
// values, arrays for the special settings); CONFIG GET formats them on demand.
//
// Names are looked up case-insensitively and an alias is a second entry pointing to the same
// value, exactly like Redis's configs dict, so CONFIG GET * lists both "replicaof" and
// "slaveof" and errors name whichever the client used.
//
// CONFIG SET is atomic as in Redis: every name is checked first (unknown, immutable,
// protected, duplicate), then every value is parsed and set, remembering the old values; if any
// fails, everything set so far is restored. Only then do the "apply" hooks run (once each, for
// changed settings only): they push values into the engine (proto-max-bulk-len, requirepass),
// restart the cron (hz), rebind sockets (port, bind) ... If a hook fails, all values are
// restored and the hooks run again, as Redis does.
//
// Strings are binary strings (see text.ts): a password or a file name with any bytes survives
// CONFIG SET, CONFIG GET and CONFIG REWRITE unchanged.

import { CONFIG_DEFS, ConfigDef } from "./configs.gen.js";
import { memtoull, repr, sha256hex, splitArgs, string2ll, stringmatch, strtoll } from "./text.js";
import { aclErrorText, validateUserLine } from "./acl.js";

export type { ConfigDef } from "./configs.gen.js";

/** What the store needs from its surroundings (Node: process.cwd, fs). */
export interface ConfigEnv {
  getcwd(): string;
  /** Changes directory; returns an error text (strerror) or null. */
  chdir(dir: string): string | null;
}

/** An error in a config file or in the command-line options (Redis prints it and exits 1). */
export class ConfigFileError extends Error {
  constructor(readonly reason: string, readonly line?: number, readonly text?: string) {
    super(reason);
  }
  /** The report redis-server writes to stderr. */
  report(version = "7.0.15"): string {
    let s = `\n*** FATAL CONFIG FILE ERROR (Redis ${version}) ***\n`;
    if (this.line !== undefined) s += `Reading the configuration file, at line ${this.line}\n>>> '${this.text}'\n`;
    return s + `${this.reason}\n`;
  }
}

/** A file named by `include` (or the main file) could not be opened. */
export class ConfigOpenError extends Error {
  constructor(readonly path: string, readonly reason: string) {
    super(`Fatal error, can't open config file '${path}': ${reason}`);
  }
}

/** One name in the store: a setting under its own name or under its alias. */
interface Entry {
  def: ConfigDef;
  /** The name this entry is registered under (the alias for an alias entry). */
  name: string;
  isAlias: boolean;
}

/** Result of a setter: an error, or whether the value actually changed. */
type SetResult = { err: string } | { changed: boolean };

type ApplyFn = () => string | null;

// Keyspace notification classes (Redis: NOTIFY_*).
export const NOTIFY = {
  KEYSPACE: 1 << 0, KEYEVENT: 1 << 1, GENERIC: 1 << 2, STRING: 1 << 3, LIST: 1 << 4, SET: 1 << 5,
  HASH: 1 << 6, ZSET: 1 << 7, EXPIRED: 1 << 8, EVICTED: 1 << 9, STREAM: 1 << 10, KEY_MISS: 1 << 11,
  LOADED: 1 << 12, MODULE: 1 << 13, NEW: 1 << 14,
} as const;
const NOTIFY_ALL = NOTIFY.GENERIC | NOTIFY.STRING | NOTIFY.LIST | NOTIFY.SET | NOTIFY.HASH | NOTIFY.ZSET |
  NOTIFY.EXPIRED | NOTIFY.EVICTED | NOTIFY.STREAM | NOTIFY.MODULE;
const NOTIFY_CHARS: Record<string, number> = {
  A: NOTIFY_ALL, g: NOTIFY.GENERIC, $: NOTIFY.STRING, l: NOTIFY.LIST, s: NOTIFY.SET, h: NOTIFY.HASH,
  z: NOTIFY.ZSET, x: NOTIFY.EXPIRED, e: NOTIFY.EVICTED, K: NOTIFY.KEYSPACE, E: NOTIFY.KEYEVENT,
  t: NOTIFY.STREAM, m: NOTIFY.KEY_MISS, d: NOTIFY.MODULE, n: NOTIFY.NEW,
};

/** Redis keyspaceEventsStringToFlags (stops at a NUL byte, as C does); -1 if invalid. */
export function keyspaceEventsStringToFlags(s: string): number {
  let flags = 0;
  for (const ch of s) {
    if (ch === "\0") break;
    const f = NOTIFY_CHARS[ch];
    if (f === undefined) return -1;
    flags |= f;
  }
  return flags;
}

/** Redis keyspaceEventsFlagsToString. */
export function keyspaceEventsFlagsToString(flags: number): string {
  let s = "";
  if ((flags & NOTIFY_ALL) === NOTIFY_ALL) {
    s += "A";
  } else {
    const order: [number, string][] = [[NOTIFY.GENERIC, "g"], [NOTIFY.STRING, "$"], [NOTIFY.LIST, "l"],
      [NOTIFY.SET, "s"], [NOTIFY.HASH, "h"], [NOTIFY.ZSET, "z"], [NOTIFY.EXPIRED, "x"], [NOTIFY.EVICTED, "e"],
      [NOTIFY.STREAM, "t"], [NOTIFY.MODULE, "d"], [NOTIFY.NEW, "n"]];
    for (const [f, c] of order) if (flags & f) s += c;
  }
  if (flags & NOTIFY.KEYSPACE) s += "K";
  if (flags & NOTIFY.KEYEVENT) s += "E";
  if (flags & NOTIFY.KEY_MISS) s += "m";
  return s;
}

/** Output buffer limits of one client class: [hard bytes, soft bytes, soft seconds]. */
export type ObufLimit = [bigint, bigint, number];
const OBUF_CLASSES = ["normal", "slave", "pubsub"] as const;
const OBUF_DEFAULTS: ObufLimit[] = [[0n, 0n, 0], [268435456n, 67108864n, 60], [33554432n, 8388608n, 60]];

/** Redis getClientTypeByName for output buffer classes: 0 normal, 1 replica, 2 pubsub, 3 master. */
function obufClass(name: string): number {
  const n = name.toLowerCase();
  if (n === "normal") return 0;
  if (n === "slave" || n === "replica") return 1;
  if (n === "pubsub") return 2;
  if (n === "master") return 3;
  return -1;
}

/** Redis rewriteConfigFormatMemory: 1gb / 1mb / 1kb when exact, else plain bytes. */
function formatMemory(v: bigint): string {
  const GB = 1073741824n, MB = 1048576n, KB = 1024n;
  if (v && v % GB === 0n) return `${v / GB}gb`;
  if (v && v % MB === 0n) return `${v / MB}mb`;
  if (v && v % KB === 0n) return `${v / KB}kb`;
  return String(v);
}

/** printf("%f") then Redis trimDoubleString: "99.900000" -> "99.9", "50.000000" -> "50". */
function formatPercentile(v: number): string {
  let s = v.toFixed(6);
  if (s.includes(".")) s = s.replace(/0+$/, "").replace(/\.$/, "");
  return s;
}

/** Redis string2d (strtod, whole string, no leading space, not NaN). */
function string2d(s: string): number | null {
  if (s.length === 0 || /^\s/.test(s)) return null;
  let v: number;
  if (/^[+-]?(inf|infinity)$/i.test(s)) v = s[0] === "-" ? -Infinity : Infinity;
  else if (/^[+-]?0x[0-9a-f]+$/i.test(s)) v = (s[0] === "-" ? -1 : 1) * parseInt(s.replace(/^[+-]/, ""), 16);
  else if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) v = Number(s);
  else return null;
  return Number.isNaN(v) ? null : v;
}

/** Redis validateProcTitleTemplate: known {variables}, balanced braces, not empty. */
function validProcTitle(t: string): boolean {
  const vars = new Set(["title", "listen-addr", "server-mode", "port", "tls-port", "unixsocket", "config-file"]);
  let out = "";
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (c === "{") {
      if (t[i + 1] === "{") { out += "{"; i++; continue; }
      const end = t.indexOf("}", i + 1);
      if (end < 0) return false;
      const name = t.slice(i + 1, end);
      if (!vars.has(name)) return false;
      out += "x";
      i = end;
    } else if (c === "}") {
      if (t[i + 1] !== "}") return false;
      out += "}";
      i++;
    } else {
      out += c;
    }
  }
  return out.trim().length > 0;
}

const INVALID_SAVE = "Invalid save parameters";

/** Directives of config files that are not settings (CONFIG REWRITE keeps their lines). */
const FILE_DIRECTIVES = new Set(["include", "rename-command", "user", "loadmodule", "sentinel"]);

/** Rewrite state (Redis: struct rewriteConfigState). */
class RewriteState {
  lines: string[] = [];
  optionToLines = new Map<string, number[]>();
  rewritten = new Set<string>();
  needsSignature = true;
  constructor(readonly forceAll = false) {}

  markProcessed(option: string): void {
    this.rewritten.add(option.toLowerCase());
  }

  rewriteLine(option: string, line: string, force: boolean): void {
    const key = option.toLowerCase();
    const l = this.optionToLines.get(key);
    this.markProcessed(option);
    if (!l && !force && !this.forceAll) return;
    if (l) {
      const n = l.shift()!;
      if (l.length === 0) this.optionToLines.delete(key);
      this.lines[n] = line;
    } else {
      if (this.needsSignature) {
        this.lines.push("# Generated by CONFIG REWRITE");
        this.needsSignature = false;
      }
      this.lines.push(line);
    }
  }
}

export class ServerConfig {
  private readonly entries = new Map<string, Entry>();
  /** Primary defs in table order (CONFIG GET * order, CONFIG REWRITE order). */
  private readonly order: Entry[] = [];
  private readonly values = new Map<string, unknown>();
  private readonly appliers = new Map<string, ApplyFn[]>();
  /** Path of the config file, "" when started without one (CONFIG REWRITE refuses then). */
  configFile = "";
  /** `user` directives of the config file, validated, without the keyword (acl.ts loads them). */
  readonly userLines: string[][] = [];
  /** CONFIG REWRITE's user lines ("user <name> <rules>"), set by the ACL users (cmd/acl.ts). */
  describeUsers: (() => string[]) | null = null;
  /** While a config file is read, the first `save` line replaces the defaults (Redis quirk). */
  private readingFile = false;
  private saveLoaded = false;

  constructor(readonly env: ConfigEnv = { getcwd: () => "/", chdir: () => null }) {
    for (const def of CONFIG_DEFS) {
      const e: Entry = { def, name: def.name, isAlias: false };
      this.entries.set(def.name, e);
      this.order.push(e);
      if (def.alias) {
        const a: Entry = { def, name: def.alias, isAlias: true };
        this.entries.set(def.alias, a);
        this.order.push(a);
      }
      this.values.set(def.name, this.initial(def));
    }
  }

  // ---- lookup and typed access ---------------------------------------------------------------

  /** The entry for a name or alias, any case. */
  lookup(name: string): Entry | undefined {
    return this.entries.get(name.toLowerCase());
  }

  has(name: string): boolean {
    return this.lookup(name) !== undefined;
  }

  /** CONFIG GET's text for a setting ("" for unknown names). */
  get(name: string): string {
    const e = this.lookup(name);
    return e ? this.format(e.def) : "";
  }

  /** A numeric or boolean setting as a JS number (bools: 1/0; enums: their value). */
  num(name: string): number {
    const e = this.lookup(name);
    if (!e) return 0;
    const v = this.values.get(e.def.name);
    if (typeof v === "bigint") return Number(v);
    if (typeof v === "boolean") return v ? 1 : 0;
    if (typeof v === "number") return v;
    return 0;
  }

  bool(name: string): boolean {
    return this.num(name) !== 0;
  }

  /** A string setting (null when unset, for the settings where "" means NULL). */
  str(name: string): string | null {
    const e = this.lookup(name);
    if (!e) return null;
    const v = this.values.get(e.def.name);
    return typeof v === "string" ? v : v === null ? null : this.format(e.def);
  }

  /** The bind addresses. */
  bindAddrs(): string[] {
    return [...(this.values.get("bind") as string[])];
  }

  /** Save points as [seconds, changes]. */
  savePoints(): [number, number][] {
    return (this.values.get("save") as [bigint, number][]).map(([s, c]) => [Number(s), c]);
  }

  obufLimits(): ObufLimit[] {
    return (this.values.get("client-output-buffer-limit") as ObufLimit[]).map((l) => [...l] as ObufLimit);
  }

  notifyFlags(): number {
    return this.values.get("notify-keyspace-events") as number;
  }

  /** Sets a value without checks or hooks (the host correcting a value, e.g. hz clamping). */
  setRaw(name: string, text: string): void {
    const e = this.lookup(name);
    if (!e) throw new Error(`no setting ${name}`);
    const r = this.parseAndSet(e.def, this.splitMulti(e.def, text));
    if ("err" in r) throw new Error(`setRaw ${name}: ${r.err}`);
  }

  // ---- hooks -------------------------------------------------------------------------------

  /**
   * Registers a hook run after CONFIG SET changed any of `names` (primary names). It returns
   * an error text to make the whole CONFIG SET fail (values are then restored).
   */
  onApply(names: string[], fn: ApplyFn): void {
    for (const n of names) {
      const e = this.lookup(n);
      if (!e) throw new Error(`onApply: no setting ${n}`);
      const list = this.appliers.get(e.def.name) ?? [];
      list.push(fn);
      this.appliers.set(e.def.name, list);
    }
  }

  /** Runs every hook once (startup: push the loaded values everywhere). */
  applyAll(): void {
    const seen = new Set<ApplyFn>();
    for (const fns of this.appliers.values()) {
      for (const fn of fns) {
        if (seen.has(fn)) continue;
        seen.add(fn);
        fn();
      }
    }
  }

  // ---- CONFIG GET --------------------------------------------------------------------------

  /**
   * CONFIG GET: [name as matched, value] pairs for every argument: a plain name is looked up
   * directly (and reported as the client spelled it; hidden settings too), a glob pattern is
   * matched case-insensitively against every non-hidden name. Duplicates are dropped.
   */
  getMatching(patterns: string[]): [string, string][] {
    const out: [string, string][] = [];
    const seen = new Set<string>();
    for (const p of patterns) {
      if (!/[[*?]/.test(p)) {
        if (seen.has(p.toLowerCase())) continue;
        const e = this.lookup(p);
        if (e) {
          seen.add(p.toLowerCase());
          out.push([p, this.format(e.def)]);
        }
        continue;
      }
      for (const e of this.order) {
        if (e.def.flags.includes("hidden")) continue;
        if (seen.has(e.name)) continue;
        if (stringmatch(p, e.name, true)) {
          seen.add(e.name);
          out.push([e.name, this.format(e.def)]);
        }
      }
    }
    return out;
  }

  // ---- CONFIG SET --------------------------------------------------------------------------

  /**
   * CONFIG SET name value [name value ...], atomically. Returns null on success or the error
   * message (without the leading "-"), exactly as Redis words it.
   */
  setFromCommand(pairs: [string, string][], opts: { protectedAllowed?: boolean } = {}): string | null {
    let invalidArgName: string | null = null;
    let errstr: string | null = null;
    let errArgName = "";
    let invalid = false;
    const defs: ConfigDef[] = [];
    const names: string[] = [];
    for (let i = 0; i < pairs.length; i++) {
      const [name] = pairs[i];
      const e = this.lookup(name);
      if (!e) {
        if (!invalid) {
          invalidArgName = name;
          invalid = true;
        }
        continue;
      }
      if (invalid) continue;
      const flags = e.def.flags;
      if (flags.includes("immutable") || (flags.includes("protected") && !opts.protectedAllowed)) {
        errstr = flags.includes("immutable") ? "can't set immutable config" : "can't set protected config";
        errArgName = name;
        invalid = true;
        continue;
      }
      if (defs.includes(e.def)) {
        errstr = "duplicate parameter";
        errArgName = name;
        invalid = true;
      }
      defs[i] = e.def;
      names[i] = e.name;
    }
    const fail = (): string => {
      if (invalidArgName !== null) return `ERR Unknown option or number of arguments for CONFIG SET - '${invalidArgName}'`;
      if (errstr !== null) return `ERR CONFIG SET failed (possibly related to argument '${errArgName}') - ${errstr}`;
      return `ERR CONFIG SET failed (possibly related to argument '${errArgName}')`;
    };
    if (invalid) return fail();

    // Back up, then set every value (no hooks yet).
    const old = defs.map((d) => this.snapshot(d));
    const applies: ApplyFn[] = [];
    for (let i = 0; i < defs.length; i++) {
      const def = defs[i];
      const r = this.parseAndSet(def, this.splitMulti(def, pairs[i][1]));
      if ("err" in r) {
        for (let j = 0; j <= i; j++) this.restore(defs[j], old[j]);
        errArgName = names[i];
        errstr = r.err;
        return fail();
      }
      if (r.changed) for (const fn of this.appliers.get(def.name) ?? []) if (!applies.includes(fn)) applies.push(fn);
    }
    for (const fn of applies) {
      const err = fn();
      if (err !== null) {
        for (let j = 0; j < defs.length; j++) this.restore(defs[j], old[j]);
        for (const f of applies) f();
        const idx = defs.findIndex((d) => (this.appliers.get(d.name) ?? []).includes(fn));
        errArgName = names[idx] ?? "";
        errstr = err;
        return fail();
      }
    }
    return null;
  }

  // ---- config file -------------------------------------------------------------------------

  /**
   * Redis loadServerConfigFromString: runs every line of a config file (plus the command-line
   * options appended to it). `include` lines call readInclude(path), which returns the file's
   * text or throws a ConfigOpenError. Throws ConfigFileError on the first bad line.
   */
  loadFromString(text: string, readInclude?: (path: string) => string): void {
    const wasReading = this.readingFile;
    this.readingFile = true;
    try {
      const lines = text.split("\n");
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i].replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, "");
        if (line === "" || line[0] === "#") continue;
        const argv = splitArgs(line);
        if (argv === null) throw new ConfigFileError("Unbalanced quotes in configuration line", i + 1, line);
        if (argv.length === 0) continue;
        argv[0] = argv[0].toLowerCase();
        const err = this.loadLine(argv, readInclude);
        if (err !== null) throw new ConfigFileError(err, i + 1, line);
      }
      // Redis accepts an out-of-range hz in a file and clamps it.
      const hz = this.num("hz");
      if (hz < 1) this.setRaw("hz", "1");
      if (hz > 500) this.setRaw("hz", "500");
    } finally {
      this.readingFile = wasReading;
    }
  }

  /** One config file line; returns an error text or null. */
  private loadLine(argv: string[], readInclude?: (path: string) => string): string | null {
    const e = this.lookup(argv[0]);
    if (e) {
      const multi = e.def.flags.includes("multi_arg");
      if (!multi && argv.length !== 2) return "wrong number of arguments";
      let args = argv.slice(1);
      // A multi-arg setting given one non-empty argument ("--save '60 1'") is split again.
      if (multi && argv.length === 2 && argv[1] !== "") {
        args = splitArgs(argv[1]) ?? [];
      }
      const r = this.parseAndSet(e.def, args);
      return "err" in r ? r.err : null;
    }
    const name = argv[0];
    // Settings Redis 7 dropped but still accepts in old files.
    if ((name === "list-max-ziplist-entries" || name === "list-max-ziplist-value" || name === "lua-replicate-commands") && argv.length === 2) return null;
    if (name === "include" && argv.length === 2) {
      if (!readInclude) return null;
      this.loadFromString(readInclude(argv[1]), readInclude);
      return null;
    }
    // Directives of features the host does not have yet: accepted, as Redis would parse them.
    if (name === "rename-command" && argv.length === 3) return null;
    if (name === "user" && argv.length >= 2) {
      // Redis ACLAppendUserForLoading: the rules are tried on a throwaway user now, the users
      // are created once the server starts (cmd/acl.ts).
      const bad = validateUserLine(argv, new Set(this.userLines.map((l) => l[0])));
      if (bad) return `Error in user declaration '${argv[bad.idx]}': ${aclErrorText(bad.err)}`;
      this.userLines.push(argv.slice(1));
      return null;
    }
    if (name === "loadmodule" && argv.length >= 2) return null;
    if (name.includes(".")) return argv.length !== 2 ? "Module config specified without value" : null;
    if (name === "sentinel") return argv.length !== 1 ? "sentinel directive while not in sentinel mode" : null;
    return "Bad directive or wrong number of arguments";
  }

  // ---- CONFIG REWRITE ----------------------------------------------------------------------

  /**
   * Redis rewriteConfig: the new text of a config file whose current text is `oldText` ("" if
   * missing): lines of settings are rewritten in place, settings not at their default are
   * appended after a "# Generated by CONFIG REWRITE" line, stale lines are blanked, and runs of
   * blank lines collapse to one.
   */
  rewrite(oldText: string, forceAll = false): string {
    const st = new RewriteState(forceAll);
    const lines = oldText === "" ? [] : oldText.split("\n");
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].replace(/^[\r\n\t ]+|[\r\n\t ]+$/g, "");
      if (line === "" || line[0] === "#") {
        if (st.needsSignature && line === "# Generated by CONFIG REWRITE") st.needsSignature = false;
        st.lines.push(line);
        continue;
      }
      // Unparsable lines and unknown settings become comments; the file-only directives stay.
      const argv = splitArgs(line);
      if (argv === null || argv.length === 0 || (!this.lookup(argv[0]) && !FILE_DIRECTIVES.has(argv[0].toLowerCase()))) {
        st.lines.push("# ??? " + line);
        continue;
      }
      let opt = argv[0].toLowerCase();
      const p = opt.indexOf("slave");
      if (p >= 0) opt = opt.slice(0, p) + "replica" + opt.slice(p + 5);
      st.lines.push(line);
      const l = st.optionToLines.get(opt) ?? [];
      l.push(st.lines.length - 1);
      st.optionToLines.set(opt, l);
    }
    for (const e of this.order) if (!e.isAlias) this.rewriteOne(e.def, st);
    // Users (Redis: rewriteConfigUserOption): without an aclfile, the default user is written
    // out with its password (from requirepass) hashed. The host has no other ACL users: a file
    // that declares users keeps its user lines as they are. Modules: none, their lines go.
    // (Redis rewriteConfigUserOption: with an aclfile the file's user lines are dropped.)
    if (!this.str("aclfile")) {
      const pass = this.str("requirepass");
      const users = this.describeUsers?.() ?? [`user default on ${pass ? "#" + sha256hex(pass) : "nopass"} ~* &* +@all`];
      for (const line of users) st.rewriteLine("user", line, true);
    }
    st.markProcessed("user");
    st.markProcessed("loadmodule");
    for (const [opt, nums] of st.optionToLines) {
      if (!st.rewritten.has(opt)) continue;
      for (const n of nums) st.lines[n] = "";
    }
    let content = "";
    let wasEmpty = false;
    for (const l of st.lines) {
      if (l === "") {
        if (wasEmpty) continue;
        wasEmpty = true;
      } else {
        wasEmpty = false;
      }
      content += l + "\n";
    }
    return content;
  }

  private rewriteOne(def: ConfigDef, st: RewriteState): void {
    const name = def.name;
    const v = this.values.get(name);
    switch (def.type) {
      case "bool":
        st.rewriteLine(name, `${name} ${v ? "yes" : "no"}`, (v ? "yes" : "no") !== def.default);
        return;
      case "string": case "sds": {
        if (v === null) { st.markProcessed(name); return; }
        const s = v as string;
        // Settings whose default is NULL are always written once set; others when changed.
        const nullDefault = def.emptyIsNull === true && def.default === "";
        const force = nullDefault || s !== def.default;
        st.rewriteLine(name, `${name} ${repr(s)}`, force);
        return;
      }
      case "enum": {
        const val = v as number;
        st.rewriteLine(name, `${name} ${this.enumName(def, val)}`, val !== this.enumValue(def, def.default));
        return;
      }
      case "special":
        this.rewriteSpecial(def, st);
        return;
      default: {
        const n = v as bigint;
        const dflt = this.parseNumberDefault(def);
        const force = n !== dflt;
        if (def.syntax === "memory|percent" && n < 0n) st.rewriteLine(name, `${name} ${-n}%`, force);
        else if (def.syntax?.startsWith("memory")) st.rewriteLine(name, `${name} ${formatMemory(n)}`, force);
        else if (def.syntax === "octal") st.rewriteLine(name, `${name} ${n.toString(8)}`, force);
        else st.rewriteLine(name, `${name} ${n}`, force);
      }
    }
  }

  private rewriteSpecial(def: ConfigDef, st: RewriteState): void {
    const name = def.name;
    switch (name) {
      case "save": {
        const pts = this.values.get("save") as [bigint, number][];
        if (pts.length === 0) st.rewriteLine(name, 'save ""', true);
        for (const [s, c] of pts) st.rewriteLine(name, `save ${s} ${c}`, true);
        st.markProcessed(name);
        return;
      }
      case "dir":
        st.rewriteLine(name, `dir ${repr(this.env.getcwd())}`, true);
        return;
      case "replicaof": {
        const r = this.values.get(name) as { host: string; port: number } | null;
        if (!r) { st.markProcessed(name); return; }
        st.rewriteLine(name, `${name} ${r.host} ${r.port}`, true);
        return;
      }
      case "notify-keyspace-events": {
        const f = this.values.get(name) as number;
        st.rewriteLine(name, `${name} ${repr(keyspaceEventsFlagsToString(f))}`, f !== 0);
        return;
      }
      case "client-output-buffer-limit": {
        const lim = this.values.get(name) as ObufLimit[];
        lim.forEach(([h, s, sec], j) => {
          const d = OBUF_DEFAULTS[j];
          const force = h !== d[0] || s !== d[1] || sec !== d[2];
          const cls = j === 1 ? "replica" : OBUF_CLASSES[j];
          st.rewriteLine(name, `${name} ${cls} ${formatMemory(h)} ${formatMemory(s)} ${sec}`, force);
        });
        return;
      }
      case "oom-score-adj-values": {
        const vals = this.values.get(name) as number[];
        st.rewriteLine(name, `${name} ${vals.join(" ")}`, vals.join(" ") !== "0 200 800");
        return;
      }
      case "bind": {
        const addrs = this.values.get(name) as string[];
        if (addrs.join(" ") === def.default) { st.markProcessed(name); return; }
        st.rewriteLine(name, `${name} ${addrs.length ? addrs.join(" ") : '""'}`, true);
        return;
      }
      case "latency-tracking-info-percentiles": {
        const p = this.values.get(name) as number[];
        st.rewriteLine(name, p.length ? `${name} ${p.map(formatPercentile).join(" ")}` : `${name} ""`, true);
        return;
      }
    }
  }

  // ---- types: initial value, parse+set, format ---------------------------------------------

  private initial(def: ConfigDef): unknown {
    switch (def.type) {
      case "bool": return def.default === "yes";
      case "string": case "sds": return def.emptyIsNull && def.default === "" ? null : def.default;
      case "enum": return this.enumValue(def, def.default);
      case "special": {
        const r = this.parseSpecial(def, def.default === "" ? [] : def.default.split(" "), true);
        if ("err" in r) throw new Error(`default of ${def.name}: ${r.err}`);
        return this.values.get(def.name);
      }
      default: return this.parseNumberDefault(def);
    }
  }

  private parseNumberDefault(def: ConfigDef): bigint {
    return def.syntax === "octal" ? BigInt(parseInt(def.default, 8)) : BigInt(def.default);
  }

  private enumValue(def: ConfigDef, name: string): number {
    return def.enum!.find(([n]) => n === name)![1];
  }

  /** Redis configEnumGetName (bit flags: names of the set bits in table order). */
  private enumName(def: ConfigDef, val: number): string {
    const names: string[] = [];
    let unmatched = val;
    for (const [n, v] of def.enum!) {
      if (v === val) return n;
      if (def.bitflags && v && v === (unmatched & v)) {
        names.push(n);
        unmatched &= ~v;
      }
    }
    return names.length && !unmatched ? names.join(" ") : "unknown";
  }

  /** CONFIG SET splits a multi-arg value on single spaces (sdssplitlen: "" gives no args). */
  private splitMulti(def: ConfigDef, value: string): string[] {
    if (!def.flags.includes("multi_arg")) return [value];
    return value === "" ? [] : value.split(" ");
  }

  private snapshot(def: ConfigDef): unknown {
    if (def.name === "dir") return this.env.getcwd();
    const v = this.values.get(def.name);
    return Array.isArray(v) ? v.map((x) => (Array.isArray(x) ? [...x] : x)) : v;
  }

  private restore(def: ConfigDef, v: unknown): void {
    if (def.name === "dir") this.env.chdir(v as string);
    else this.values.set(def.name, v);
  }

  /** Parses `args` for `def` and stores the value (Redis: interface.set). */
  private parseAndSet(def: ConfigDef, args: string[]): SetResult {
    const name = def.name;
    const prev = this.values.get(name);
    switch (def.type) {
      case "bool": {
        const a = args[0]?.toLowerCase();
        if (a !== "yes" && a !== "no") return { err: "argument must be 'yes' or 'no'" };
        if (def.validate === "no-defrag" && a === "yes") {
          return { err: "Active defragmentation cannot be enabled: it requires a Redis server compiled with a modified Jemalloc like the one shipped by default with the Redis source distribution" };
        }
        this.values.set(name, a === "yes");
        return { changed: prev !== (a === "yes") };
      }
      case "string": case "sds": {
        const a = args[0] ?? "";
        const err = this.validate(def, a);
        if (err) return { err };
        const v = def.emptyIsNull && a === "" ? null : a;
        this.values.set(name, v);
        return { changed: prev !== v };
      }
      case "enum": {
        const err = `argument(s) must be one of the following: ${def.enum!.map(([n]) => n).join(", ")}`;
        if (args.length === 0 || (!def.bitflags && args.length !== 1)) return { err };
        let val = 0;
        for (const a of args) {
          let matched = false;
          for (const [n, v] of def.enum!) {
            if (n === a.toLowerCase()) {
              val |= v;
              matched = true;
            }
          }
          if (!matched) return { err };
        }
        if (def.validate === "shutdown-flags" && val & 1 && val & 2) {
          return { err: "shutdown options SAVE and NOSAVE can't be used simultaneously" };
        }
        this.values.set(name, val);
        return { changed: prev !== val };
      }
      case "special":
        return this.parseSpecial(def, args, false);
      default: {
        const r = this.parseNumber(def, args[0] ?? "");
        if (typeof r === "string") return { err: r };
        this.values.set(name, r);
        return { changed: prev !== r };
      }
    }
  }

  private validate(def: ConfigDef, v: string): string | null {
    switch (def.validate) {
      case "basename":
        return v.includes("/") || v.includes("\\") ? "dbfilename can't be a path, just a filename" : null;
      case "aof-filename":
        if (v === "") return "appendfilename can't be empty";
        return v.includes("/") || v.includes("\\") ? "appendfilename can't be a path, just a filename" : null;
      case "aof-dirname":
        if (v === "") return "appenddirname can't be empty";
        return v.includes("/") || v.includes("\\") ? "appenddirname can't be a path, just a dirname" : null;
      case "hostname":
        if (v.length >= 256) return "Hostnames must be less than 256 characters";
        return /^[A-Za-z0-9.-]*$/.test(v.split("\0")[0]) ? null : "Hostnames may only contain alphanumeric characters, hyphens or dots";
      case "proc-title":
        return validProcTitle(v) ? null : "template format is invalid or contains unknown variables";
    }
    return null;
  }

  /** Redis numericParseString + numericBoundaryCheck; the value or an error text. */
  private parseNumber(def: ConfigDef, s: string): bigint | string {
    const syntax = def.syntax ?? "int";
    let v: bigint | null = null;
    if (syntax.startsWith("memory")) {
      const m = memtoull(s);
      if (m !== null) v = BigInt.asIntN(64, m);
    }
    if (v === null && syntax === "memory|percent" && s.length > 1 && s.endsWith("%")) {
      const p = string2ll(s.slice(0, -1));
      if (p !== null && p >= 0n) v = -p;
    }
    if (v === null && syntax === "octal") {
      const r = strtoll(s, 8);
      if (!r.range && r.end === s.length) v = r.v;
    }
    if (v === null && syntax === "int") v = string2ll(s);
    if (v === null) {
      if (syntax === "memory|percent") return "argument must be a memory or percent value";
      if (syntax === "memory") return "argument must be a memory value";
      if (syntax === "octal") return "argument couldn't be parsed as an octal number";
      return "argument couldn't be parsed into an integer";
    }
    const min = BigInt(def.min!), max = BigInt(def.max!);
    if (def.unsigned) {
      const u = BigInt.asUintN(64, v);
      if (u > max || u < min) {
        return syntax === "octal"
          ? `argument must be between ${min.toString(8)} and ${max.toString(8)} inclusive`
          : `argument must be between ${min} and ${max} inclusive`;
      }
      return u;
    }
    if (syntax === "memory|percent" && v < 0n) {
      if (v < min) return `percentage argument must be less or equal to ${-min}`;
    } else if (v > max || v < min) {
      return `argument must be between ${min} and ${max} inclusive`;
    }
    return v;
  }

  private parseSpecial(def: ConfigDef, argv: string[], init: boolean): SetResult {
    const name = def.name;
    const prevText = init ? "" : this.format(def);
    const done = (v: unknown): SetResult => {
      this.values.set(name, v);
      return { changed: init || this.format(def) !== prevText };
    };
    switch (name) {
      case "save": {
        let args = argv;
        if (args.length === 1 && args[0] === "") args = [];
        if (args.length & 1) return { err: INVALID_SAVE };
        const parsed: bigint[] = [];
        for (let j = 0; j < args.length; j++) {
          const r = strtoll(args[j], 10);
          if (r.end !== args[j].length) return { err: INVALID_SAVE };
          if ((j & 1) === 0 ? r.v < 1n : r.v < 0n) return { err: INVALID_SAVE };
          parsed.push(r.v);
        }
        let pts: [bigint, number][] = [];
        // From a file, the first `save` line replaces the defaults and later ones add to it.
        if (this.readingFile && this.saveLoaded) pts = [...(this.values.get("save") as [bigint, number][])];
        if (this.readingFile) this.saveLoaded = true;
        for (let j = 0; j < parsed.length; j += 2) pts.push([parsed[j], Number(BigInt.asIntN(32, parsed[j + 1]))]);
        return done(pts);
      }
      case "bind": {
        if (argv.length > 16) return { err: "Too many bind addresses specified." };
        return done(argv.length === 1 && argv[0] === "" ? [] : [...argv]);
      }
      case "client-output-buffer-limit": {
        if (argv.length % 4) return { err: "Wrong number of arguments in buffer limit configuration." };
        const lim = init ? OBUF_DEFAULTS.map((l) => [...l] as ObufLimit) : this.obufLimits();
        const next = lim.map((l) => [...l] as ObufLimit);
        for (let j = 0; j < argv.length; j += 4) {
          const cls = obufClass(argv[j]);
          if (cls < 0 || cls === 3) return { err: "Invalid client class specified in buffer limit configuration." };
          const hard = memtoull(argv[j + 1]), soft = memtoull(argv[j + 2]);
          const secR = strtoll(argv[j + 3], 10);
          const sec = Number(BigInt.asIntN(32, secR.v));
          if (hard === null || soft === null || sec < 0 || secR.end !== argv[j + 3].length) {
            return { err: "Error in hard, soft or soft_seconds setting in buffer limit configuration." };
          }
          next[cls] = [hard, soft, sec];
        }
        return done(next);
      }
      case "oom-score-adj-values": {
        if (argv.length !== 3) return { err: "wrong number of arguments" };
        const vals: number[] = [];
        for (const a of argv) {
          const r = strtoll(a, 10);
          if (r.end !== a.length || r.v < -2000n || r.v > 2000n) {
            return { err: "Invalid oom-score-adj-values, elements must be between -2000 and 2000." };
          }
          vals.push(Number(r.v));
        }
        return done(vals);
      }
      case "notify-keyspace-events": {
        if (argv.length !== 1 && !(init && argv.length === 0)) return { err: "wrong number of arguments" };
        const f = keyspaceEventsStringToFlags(argv[0] ?? "");
        if (f === -1) return { err: "Invalid event class character. Use 'Ag$lshzxeKEtmdn'." };
        return done(f);
      }
      case "replicaof": {
        if (init) return done(null);
        if (argv.length !== 2) return { err: "wrong number of arguments" };
        if (argv[0].toLowerCase() === "no" && argv[1].toLowerCase() === "one") return done(null);
        const r = strtoll(argv[1], 10);
        const port = Number(BigInt.asIntN(32, r.v));
        if (port < 0 || port > 65535 || r.end !== argv[1].length) {
          this.values.set(name, null);
          return { err: "Invalid master port" };
        }
        return done({ host: argv[0], port });
      }
      case "latency-tracking-info-percentiles": {
        const args = argv.length === 1 && argv[0] === "" ? [] : argv;
        const vals: number[] = [];
        for (const a of args) {
          const d = string2d(a);
          if (d === null) return { err: "Invalid latency-tracking-info-percentiles parameters" };
          if (d > 100 || d < 0) return { err: "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]" };
          vals.push(d);
        }
        return done(vals);
      }
      case "dir": {
        if (init) return { changed: false };
        if (argv.length !== 1) return { err: "wrong number of arguments" };
        const err = this.env.chdir(argv[0]);
        return err ? { err } : { changed: true };
      }
    }
    return { err: `unknown special setting ${name}` };
  }

  /** CONFIG GET's text of a value (Redis: interface.get). */
  private format(def: ConfigDef): string {
    const v = this.values.get(def.name);
    switch (def.type) {
      case "bool": return v ? "yes" : "no";
      case "string": case "sds": return (v as string | null) ?? "";
      case "enum": return this.enumName(def, v as number);
      case "special": return this.formatSpecial(def);
      default: {
        const n = v as bigint;
        if (def.syntax === "memory|percent" && n < 0n) return `${-n}%`;
        if (def.syntax?.startsWith("memory")) return BigInt.asUintN(64, n).toString();
        if (def.syntax === "octal") return n.toString(8);
        return n.toString();
      }
    }
  }

  private formatSpecial(def: ConfigDef): string {
    const v = this.values.get(def.name);
    switch (def.name) {
      case "save": return (v as [bigint, number][]).map(([s, c]) => `${s} ${c}`).join(" ");
      case "bind": return (v as string[]).join(" ");
      case "client-output-buffer-limit":
        return (v as ObufLimit[]).map(([h, s, sec], j) => `${OBUF_CLASSES[j]} ${h} ${s} ${sec}`).join(" ");
      case "oom-score-adj-values": return (v as number[]).join(" ");
      case "notify-keyspace-events": return keyspaceEventsFlagsToString(v as number);
      case "replicaof": {
        const r = v as { host: string; port: number } | null;
        return r ? `${r.host} ${r.port}` : "";
      }
      case "latency-tracking-info-percentiles": return (v as number[]).map(formatPercentile).join(" ");
      case "dir": return this.env.getcwd();
    }
    return "";
  }
}

/**
 * Redis main()'s translation of command-line options into config-file text: `--name v1 v2`
 * becomes the line `name "v1" "v2"`; an option with no value yet takes the next argument even
 * when it starts with "--"; a bare `--save` (last, or followed by another option) means
 * `save ""`. Arguments are binary strings.
 */
export function optionsToConfigText(args: string[]): string {
  let options = "";
  let handledLastArg = true;
  for (let j = 0; j < args.length; j++) {
    const a = args[j];
    if (handledLastArg && a.startsWith("--")) {
      if (options.length) options += "\n";
      options += a.slice(2) + " ";
      const parts = splitArgs(a);
      if (parts !== null && parts.length === 1) {
        handledLastArg = false;
        const next = args[j + 1];
        if (a.toLowerCase() === "--save" && next !== undefined && next.startsWith("--")) {
          options += '""';
          handledLastArg = true;
        } else if (a.toLowerCase() === "--save" && next === undefined) {
          options += '""';
        } else if (a.toLowerCase() === "--sentinel" && next !== undefined && next.startsWith("--")) {
          handledLastArg = true;
        }
      } else {
        handledLastArg = true;
      }
    } else {
      options += repr(a) + " ";
      handledLastArg = true;
    }
  }
  return options;
}
