// acl.ts — ACL users, their rules and the permission check (Redis: acl.c).
//
// PORTABLE: no node: imports (the ACL file is read and written through an injected AclFileIO).
//
// Where things live. The users are the host's: rules are parsed, described and saved here,
// with the generated command specs (commands.gen.ts: ACL categories, key specs, getkeys
// functions) as the command table. The engine asks only about restricted clients
// (assembly/acl.ts): a client whose user has allcommands + allkeys + allchannels on its root
// selector, like the default user out of the box, is never checked, so the default
// configuration pays nothing per command. A restricted client's every command comes here
// through the engine's `aclCheck` import; AUTH / HELLO AUTH come through `aclAuth`.
//
// The model follows Redis 7.0.15 closely:
//   User      name, on/off, nopass, (skip-)sanitize-payload flags, SHA-256 password hashes
//             (hex), selectors: the first is the root one (rules written outside parentheses).
//   Selector  a command bitmap indexed by command (one extra bit records "+@all": future
//             commands, which decides whether a description starts with +@all or -@all),
//             first-args allowed for otherwise blocked commands (+select|0), key patterns with
//             read/write permissions (~p = both, %R~p, %W~p), channel patterns.
//   Check     ACLCheckAllUserCommandPerm: any selector that allows the command wins; otherwise
//             the most relevant error (command < key < channel, then the last argument) is
//             reported and logged.
// Command order: Redis describes single-command rules and lists ACL CAT members in its command
// dict's hash order, which changes from one run to the next; here it is the command table's
// (alphabetical, subcommands after their container), a valid instance of that order.

import { COMMAND_SPECS, type CommandSpec } from "./commands.gen.js";
import { getKeysFromCommand } from "./cmd/command.js";
import { bin, sha256hex, stringmatch } from "./text.js";

// ---- the command table, as ACLs see it ---------------------------------------------------

export const ACL_CATEGORIES = [
  "keyspace", "read", "write", "set", "sortedset", "list", "hash", "string", "bitmap", "hyperloglog",
  "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking", "dangerous", "connection", "transaction",
  "scripting",
];

interface AclCommand {
  idx: number;
  name: string;
  parent: number;
  subs: number[];
  /** Bit i set: in category ACL_CATEGORIES[i]. */
  cats: number;
  noAuth: boolean;
  hasKeys: boolean;
  spec: CommandSpec;
}

const CMDS: AclCommand[] = [];
const CMD_BY_NAME = new Map<string, AclCommand>();
for (const spec of COMMAND_SPECS) {
  let cats = 0;
  for (const a of spec.acl) {
    const i = ACL_CATEGORIES.indexOf(a.replace(/^@/, "").toLowerCase());
    if (i >= 0) cats |= 1 << i;
  }
  const bar = spec.name.indexOf("|");
  const cmd: AclCommand = {
    idx: CMDS.length, name: spec.name, parent: -1, subs: [], cats, spec,
    noAuth: spec.flags.includes("no_auth"),
    hasKeys: !!spec.getkeys || spec.keySpecs.some((k) => !k.flags.includes("not_key")),
  };
  if (bar >= 0) {
    const parent = CMD_BY_NAME.get(spec.name.slice(0, bar));
    if (parent) {
      cmd.parent = parent.idx;
      parent.subs.push(cmd.idx);
    }
  }
  CMDS.push(cmd);
  CMD_BY_NAME.set(spec.name, cmd);
}
/** Bitmap size: every command plus the "future commands" bit that +@all sets. */
const NBITS = CMDS.length + 1;
const FUTURE_BIT = CMDS.length;

/** C strcasecmp's lowering (ASCII only). */
function lower(s: string): string {
  return s.replace(/[A-Z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 32));
}

/** Redis lookupCommandBySds on the original table ("get", "client|list"); strict. */
function lookupAclCommand(name: string): AclCommand | null {
  if (name === "") return null;
  const parts = lower(name).split("|");
  if (parts.length > 2) return null;
  const base = CMD_BY_NAME.get(parts[0]);
  if (!base) return null;
  if (parts.length === 1) return base;
  if (base.subs.length === 0) return null;
  return CMD_BY_NAME.get(parts[0] + "|" + parts[1]) ?? null;
}

/** The ACL command at table index idx (aclCommandIndex's values). */
export function aclCommandAt(idx: number): AclCommand {
  return CMDS[idx];
}

/** Redis lookupCommand over a command line (ACL DRYRUN): the subcommand when there are some. */
function lookupCommandArgv(argv: string[]): AclCommand | null {
  const base = CMD_BY_NAME.get(lower(argv[0]));
  if (!base || base.name.includes("|")) return null;
  if (argv.length === 1 || base.subs.length === 0) return base;
  return CMD_BY_NAME.get(base.name + "|" + lower(argv[1])) ?? null;
}

/** Id of the ACL command for each engine command id (the same generated table, by name). */
export function aclCommandIndex(names: string[]): Int32Array {
  const map = new Int32Array(names.length).fill(-1);
  names.forEach((n, id) => { map[id] = CMD_BY_NAME.get(n)?.idx ?? -1; });
  return map;
}

// ---- selectors and users -----------------------------------------------------------------

const SEL_ROOT = 1, SEL_ALLKEYS = 2, SEL_ALLCHANNELS = 4, SEL_ALLCOMMANDS = 8;
const PERM_READ = 1, PERM_WRITE = 2, PERM_ALL = 3;

export const ACL_OK = 0, ACL_DENIED_CMD = 1, ACL_DENIED_KEY = 2, ACL_DENIED_AUTH = 3, ACL_DENIED_CHANNEL = 4;

/** Why an ACLSetUser operation failed (Redis's errno values). */
type AclErr = "ENOENT" | "EINVAL" | "EEXIST" | "EISDIR" | "ENODEV" | "EBADMSG" | "EALREADY" | "ECHILD";

/** Redis ACLSetUserStringError. */
export function aclErrorText(e: AclErr | string): string {
  switch (e) {
    case "ENOENT": return "Unknown command or category name in ACL";
    case "EINVAL": return "Syntax error";
    case "EEXIST": return "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns";
    case "EISDIR": return "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels";
    case "ENODEV": return "The password you are trying to remove from the user does not exist";
    case "EBADMSG": return "The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters";
    case "EALREADY": return "Duplicate user found. A user can only be defined once in config files";
    case "ECHILD": return "Allowing first-arg of a subcommand is not supported";
  }
  return "Wrong format";
}

interface KeyPattern { pat: string; flags: number }

class Selector {
  flags: number;
  cmds = new Uint8Array(NBITS);
  firstArgs: Map<number, string[]> | null = null;
  patterns: KeyPattern[] = [];
  channels: string[] = [];

  constructor(flags: number, pubsubDefault: number) {
    this.flags = flags | pubsubDefault;
  }

  clone(): Selector {
    const s = new Selector(this.flags, 0);
    s.cmds.set(this.cmds);
    if (this.firstArgs) s.firstArgs = new Map([...this.firstArgs].map(([k, v]) => [k, [...v]]));
    s.patterns = this.patterns.map((p) => ({ ...p }));
    s.channels = [...this.channels];
    return s;
  }

  private setBit(id: number, v: boolean): void {
    this.cmds[id] = v ? 1 : 0;
    if (!v) this.flags &= ~SEL_ALLCOMMANDS;
  }

  /** Redis ACLChangeSelectorPerm: the command, its first-args, and all its subcommands. */
  changePerm(cmd: AclCommand, allow: boolean): void {
    this.setBit(cmd.idx, allow);
    this.firstArgs?.delete(cmd.idx);
    for (const sub of cmd.subs) this.setBit(sub, allow);
  }

  setCategory(cat: number, allow: boolean): void {
    const bit = 1 << cat;
    for (const cmd of CMDS) if (cmd.cats & bit) this.changePerm(cmd, allow);
  }

  /** Redis ACLCountCategoryBitsForSelector. */
  countCategory(cat: number): { on: number; off: number } {
    const bit = 1 << cat;
    let on = 0, off = 0;
    for (const cmd of CMDS) {
      if (!(cmd.cats & bit)) continue;
      if (this.cmds[cmd.idx]) on++;
      else off++;
    }
    return { on, off };
  }

  /** Redis ACLSetSelector: one rule; an error code or null. */
  apply(op: string): AclErr | null {
    const lop = lower(op);
    if (lop === "allkeys" || lop === "~*") {
      this.flags |= SEL_ALLKEYS;
      this.patterns = [];
    } else if (lop === "resetkeys") {
      this.flags &= ~SEL_ALLKEYS;
      this.patterns = [];
    } else if (lop === "allchannels" || lop === "&*") {
      this.flags |= SEL_ALLCHANNELS;
      this.channels = [];
    } else if (lop === "resetchannels") {
      this.flags &= ~SEL_ALLCHANNELS;
      this.channels = [];
    } else if (lop === "allcommands" || lop === "+@all") {
      this.cmds.fill(1);
      this.flags |= SEL_ALLCOMMANDS;
      this.firstArgs = null;
    } else if (lop === "nocommands" || lop === "-@all") {
      this.cmds.fill(0);
      this.flags &= ~SEL_ALLCOMMANDS;
      this.firstArgs = null;
    } else if (op[0] === "~" || op[0] === "%") {
      if (this.flags & SEL_ALLKEYS) return "EEXIST";
      let flags = 0;
      let offset = 1;
      if (op[0] === "%") {
        for (; offset < op.length; offset++) {
          const ch = op[offset].toUpperCase();
          if (ch === "R" && !(flags & PERM_READ)) flags |= PERM_READ;
          else if (ch === "W" && !(flags & PERM_WRITE)) flags |= PERM_WRITE;
          else if (op[offset] === "~") {
            offset++;
            break;
          } else return "EINVAL";
        }
        if (!flags) return "EINVAL";
      } else {
        flags = PERM_ALL;
      }
      const pat = op.slice(offset);
      if (hasSpaces(pat)) return "EINVAL";
      const existing = this.patterns.find((p) => p.pat === pat);
      if (existing) existing.flags |= flags;
      else this.patterns.push({ pat, flags });
      this.flags &= ~SEL_ALLKEYS;
    } else if (op[0] === "&") {
      if (this.flags & SEL_ALLCHANNELS) return "EISDIR";
      const pat = op.slice(1);
      if (hasSpaces(pat)) return "EINVAL";
      if (!this.channels.includes(pat)) this.channels.push(pat);
      this.flags &= ~SEL_ALLCHANNELS;
    } else if (op[0] === "+" && op[1] !== "@") {
      const bar = op.lastIndexOf("|");
      if (bar < 0) {
        const cmd = lookupAclCommand(op.slice(1));
        if (!cmd) return "ENOENT";
        this.changePerm(cmd, true);
      } else {
        const cmd = lookupAclCommand(op.slice(1, bar));
        if (!cmd) return "ENOENT";
        if (cmd.parent >= 0) return "ECHILD";
        const sub = op.slice(bar + 1);
        if (sub.length === 0 || sub.indexOf("\0") === 0) return "EINVAL";
        if (cmd.subs.length > 0) {
          const full = lookupAclCommand(op.slice(1));
          if (!full) return "ENOENT";
          this.changePerm(full, true);
        } else {
          // SELECT|0 style: a first argument allowed for an otherwise blocked command.
          if (!this.firstArgs) this.firstArgs = new Map();
          const list = this.firstArgs.get(cmd.idx) ?? [];
          if (!list.some((a) => lower(a) === lower(sub))) list.push(sub);
          this.firstArgs.set(cmd.idx, list);
        }
      }
    } else if (op[0] === "-" && op[1] !== "@") {
      const cmd = lookupAclCommand(op.slice(1));
      if (!cmd) return "ENOENT";
      this.changePerm(cmd, false);
    } else if ((op[0] === "+" || op[0] === "-") && op[1] === "@") {
      const cat = ACL_CATEGORIES.indexOf(lower(op.slice(2)));
      if (cat < 0) return "ENOENT";
      this.setCategory(cat, op[0] === "+");
    } else {
      return "EINVAL";
    }
    return null;
  }

  /** Redis ACLDescribeSelectorCommandRules: +@all / -@all, best-fit categories, then commands. */
  describeCommands(): string {
    const rules: string[] = [];
    const fake = new Selector(0, 0);
    const additive = !this.cmds[FUTURE_BIT];
    rules.push(additive ? "-@all" : "+@all");
    fake.apply(additive ? "-@all" : "+@all");
    const temp = new Selector(0, 0);
    temp.cmds.set(this.cmds);
    const applied = new Array<boolean>(ACL_CATEGORIES.length).fill(false);
    for (;;) {
      let best = -1, mindiff = 0x7fffffff, maxsame = 0;
      for (let j = 0; j < ACL_CATEGORIES.length; j++) {
        if (applied[j]) continue;
        const { on, off } = temp.countCategory(j);
        const diff = additive ? off : on;
        const same = additive ? on : off;
        if (same > diff && (diff < mindiff || (diff === mindiff && same > maxsame))) {
          best = j;
          mindiff = diff;
          maxsame = same;
        }
      }
      if (best === -1) break;
      const op = (additive ? "+@" : "-@") + ACL_CATEGORIES[best];
      fake.apply(op);
      temp.apply((additive ? "-@" : "+@") + ACL_CATEGORIES[best]);
      rules.push(op);
      applied[best] = true;
    }
    // Single commands the categories did not get right, parents before their subcommands.
    const single = (cmd: AclCommand) => {
      const userbit = this.cmds[cmd.idx] === 1;
      const fakebit = fake.cmds[cmd.idx] === 1;
      if (userbit !== fakebit) {
        rules.push((userbit ? "+" : "-") + cmd.name);
        fake.changePerm(cmd, userbit);
      }
      for (const sub of cmd.subs) single(CMDS[sub]);
      const fa = this.firstArgs?.get(cmd.idx);
      if (!userbit && fa) for (const a of fa) rules.push(`+${cmd.name}|${a}`);
    };
    for (const cmd of CMDS) if (cmd.parent < 0) single(cmd);
    return rules.join(" ");
  }

  /** Redis ACLDescribeSelector: keys, channels, commands. */
  describe(): string {
    let res = "";
    if (this.flags & SEL_ALLKEYS) res += "~* ";
    else for (const p of this.patterns) res += patternString(p) + " ";
    if (this.flags & SEL_ALLCHANNELS) res += "&* ";
    else {
      res += "resetchannels ";
      for (const ch of this.channels) res += "&" + ch + " ";
    }
    return res + this.describeCommands();
  }

  /** Redis ACLSelectorCheckKey. */
  checkKey(key: string, keyFlags: string[]): boolean {
    if (this.flags & SEL_ALLKEYS) return true;
    const need = keyPermNeeded(keyFlags);
    for (const p of this.patterns) {
      if ((p.flags & need) !== need) continue;
      if (stringmatch(p.pat, key, false)) return true;
    }
    return false;
  }

  /** Redis ACLSelectorCheckCmd: ACL_OK or a reason, with the offending argument in pos.v. */
  checkCmd(cmd: AclCommand, argv: string[], pos: { v: number }): number {
    if (!(this.flags & SEL_ALLCOMMANDS) && !cmd.noAuth && !this.cmds[cmd.idx]) {
      const fa = this.firstArgs?.get(cmd.idx);
      if (argv.length < 2 || !fa) return ACL_DENIED_CMD;
      const arg = lower(cstr(argv[cmd.parent >= 0 ? 2 : 1] ?? ""));
      if (!fa.some((a) => lower(a) === arg)) return ACL_DENIED_CMD;
    }
    if (!(this.flags & SEL_ALLKEYS) && cmd.hasKeys) {
      for (const k of getKeysFromCommand(cmd.spec, argv)) {
        if (!this.checkKey(argv[k.pos], k.flags)) {
          pos.v = k.pos;
          return ACL_DENIED_KEY;
        }
      }
    }
    if (!(this.flags & SEL_ALLCHANNELS)) {
      for (const ch of channelsOf(cmd.name, argv)) {
        if (!checkChannelList(this.channels, argv[ch.pos], ch.pattern)) {
          pos.v = ch.pos;
          return ACL_DENIED_CHANNEL;
        }
      }
    }
    return ACL_OK;
  }
}

/** Read / write permission a key with these key spec flags needs (cached per flags array). */
const permCache = new WeakMap<string[], number>();
function keyPermNeeded(keyFlags: string[]): number {
  let need = permCache.get(keyFlags);
  if (need !== undefined) return need;
  need = 0;
  for (const f of keyFlags) {
    const lf = f.toLowerCase();
    if (lf === "access") need |= PERM_READ;
    else if (lf === "insert" || lf === "delete" || lf === "update") need |= PERM_WRITE;
  }
  permCache.set(keyFlags, need);
  return need;
}

/** A C string's view of an argument (strcasecmp stops at NUL). */
function cstr(s: string): string {
  const z = s.indexOf("\0");
  return z < 0 ? s : s.slice(0, z);
}

function patternString(p: KeyPattern): string {
  return (p.flags === PERM_ALL ? "~" : p.flags === PERM_READ ? "%R~" : "%W~") + p.pat;
}

/** Redis ACLStringHasSpaces: isspace() or NUL anywhere. */
function hasSpaces(s: string): boolean {
  return /[ \t\n\v\f\r\0]/.test(s);
}

/** Redis getChannelsFromCommand, the channels ACLs check (publish / subscribe ones). */
function channelsOf(name: string, argv: string[]): { pos: number; pattern: boolean }[] {
  const out: { pos: number; pattern: boolean }[] = [];
  switch (name) {
    case "publish": case "spublish":
      if (argv.length > 1) out.push({ pos: 1, pattern: false });
      break;
    case "subscribe": case "ssubscribe":
      for (let i = 1; i < argv.length; i++) out.push({ pos: i, pattern: false });
      break;
    case "psubscribe":
      for (let i = 1; i < argv.length; i++) out.push({ pos: i, pattern: true });
      break;
  }
  return out;
}

/** Redis ACLCheckChannelAgainstList: patterns match channels; a pattern must match literally. */
export function checkChannelList(list: string[], channel: string, isPattern: boolean): boolean {
  for (const p of list) {
    if (isPattern ? p === channel : stringmatch(p, channel, false)) return true;
  }
  return false;
}

export class User {
  enabled = false;
  nopass = false;
  /** 0: neither flag, 1: skip-sanitize-payload, 2: sanitize-payload. */
  sanitize = 0;
  passwords: string[] = [];
  selectors: Selector[];

  constructor(readonly name: string, pubsubDefault: number) {
    this.selectors = [new Selector(SEL_ROOT, pubsubDefault)];
  }

  get root(): Selector { return this.selectors[0]; }

  copyFrom(src: User): void {
    this.enabled = src.enabled;
    this.nopass = src.nopass;
    this.sanitize = src.sanitize;
    this.passwords = [...src.passwords];
    this.selectors = src.selectors.map((s) => s.clone());
  }

  /**
   * What the engine must check for this user's clients: 0 nothing (the root selector allows
   * every command, key and channel), 2 only the commands naming channels (every command and
   * key but not every channel), 1 everything.
   */
  checkMode(): number {
    const f = this.root.flags;
    if ((f & (SEL_ALLCOMMANDS | SEL_ALLKEYS)) !== (SEL_ALLCOMMANDS | SEL_ALLKEYS)) return 1;
    return f & SEL_ALLCHANNELS ? 0 : 2;
  }

  /** Runs every command, key and channel without a check (the engine's fast path). */
  unrestricted(): boolean {
    const f = this.root.flags;
    return (f & (SEL_ALLCOMMANDS | SEL_ALLKEYS | SEL_ALLCHANNELS)) === (SEL_ALLCOMMANDS | SEL_ALLKEYS | SEL_ALLCHANNELS);
  }

  /** Redis ACLSetUser: one rule; an error code or null. */
  apply(op: string, pubsubDefault: number): AclErr | null {
    if (op.length === 0) return null;
    const lop = lower(op);
    if (lop === "on") this.enabled = true;
    else if (lop === "off") this.enabled = false;
    else if (lop === "skip-sanitize-payload") this.sanitize = 1;
    else if (lop === "sanitize-payload") this.sanitize = 2;
    else if (lop === "nopass") {
      this.nopass = true;
      this.passwords = [];
    } else if (lop === "resetpass") {
      this.nopass = false;
      this.passwords = [];
    } else if (op[0] === ">" || op[0] === "#") {
      let hash: string;
      if (op[0] === ">") hash = sha256hex(op.slice(1));
      else {
        hash = op.slice(1);
        if (!/^[0-9a-f]{64}$/.test(hash)) return "EBADMSG";
      }
      if (!this.passwords.includes(hash)) this.passwords.push(hash);
      this.nopass = false;
    } else if (op[0] === "<" || op[0] === "!") {
      let hash: string;
      if (op[0] === "<") hash = sha256hex(op.slice(1));
      else {
        hash = op.slice(1);
        if (!/^[0-9a-f]{64}$/.test(hash)) return "EBADMSG";
      }
      const i = this.passwords.indexOf(hash);
      if (i < 0) return "ENODEV";
      this.passwords.splice(i, 1);
    } else if (op[0] === "(" && op[op.length - 1] === ")") {
      const s = new Selector(0, pubsubDefault);
      for (const a of splitSelectorArgs(op.slice(1, -1))) {
        const e = s.apply(a);
        if (e) return e;
      }
      this.selectors.push(s);
    } else if (lop === "clearselectors") {
      this.selectors.length = 1;
    } else if (lop === "reset") {
      this.apply("resetpass", pubsubDefault);
      this.apply("resetkeys", pubsubDefault);
      this.apply("resetchannels", pubsubDefault);
      if (pubsubDefault & SEL_ALLCHANNELS) this.apply("allchannels", pubsubDefault);
      this.apply("off", pubsubDefault);
      this.apply("sanitize-payload", pubsubDefault);
      this.apply("clearselectors", pubsubDefault);
      this.apply("-@all", pubsubDefault);
    } else {
      return this.root.apply(op);
    }
    return null;
  }

  /** Redis ACLDescribeUser: flags, password hashes, root selector, other selectors. */
  describe(): string {
    let res = "";
    res += this.enabled ? "on " : "off ";
    if (this.nopass) res += "nopass ";
    if (this.sanitize === 1) res += "skip-sanitize-payload ";
    if (this.sanitize === 2) res += "sanitize-payload ";
    for (const p of this.passwords) res += "#" + p + " ";
    for (const s of this.selectors) {
      res += s.flags & SEL_ROOT ? s.describe() : ` (${s.describe()})`;
    }
    return res;
  }

  /** Redis ACLCheckAllUserCommandPerm. */
  check(cmd: AclCommand, argv: string[]): { ret: number; pos: number } {
    let relevant = ACL_DENIED_CMD, lastIdx = 0;
    const pos = { v: 0 };
    for (const s of this.selectors) {
      const r = s.checkCmd(cmd, argv, pos);
      if (r === ACL_OK) return { ret: ACL_OK, pos: 0 };
      if (r > relevant || (r === relevant && pos.v > lastIdx)) {
        relevant = r;
        lastIdx = pos.v;
      }
    }
    return { ret: relevant, pos: lastIdx };
  }

  /** Some selector allows every channel. */
  allChannels(): boolean {
    return this.selectors.some((s) => (s.flags & SEL_ALLCHANNELS) !== 0);
  }

  /** The channel patterns of every selector (Redis ACLKillPubsubClientsIfNeeded's lists). */
  channelPatterns(): string[] {
    return this.selectors.flatMap((s) => s.channels);
  }

  /** Redis ACLUserCheckCmdWithUnrestrictedKeyAccess with CMD_KEY_ACCESS (SORT BY / GET). */
  checkCmdWithFullReadAccess(cmd: AclCommand, argv: string[]): boolean {
    const pos = { v: 0 };
    for (const s of this.selectors) {
      if (s.checkCmd(cmd, argv, pos) !== ACL_OK) continue;
      if (s.flags & SEL_ALLKEYS) return true;
      if (s.patterns.some((p) => (p.flags & PERM_READ) !== 0 && p.pat === "*")) return true;
    }
    return false;
  }

  /** Redis ACLUserCheckChannelPerm. */
  checkChannel(channel: string, isPattern: boolean): boolean {
    for (const s of this.selectors) {
      if (s.flags & SEL_ALLCHANNELS) return true;
      if (checkChannelList(s.channels, channel, isPattern)) return true;
    }
    return false;
  }

  /** Redis ACLCheckUserCredentials (the caller found the user). */
  checkPassword(pw: string): boolean {
    if (!this.enabled) return false;
    if (this.nopass) return true;
    const h = sha256hex(pw);
    let ok = false;
    for (const p of this.passwords) if (timingSafeEqual(h, p)) ok = true;
    return ok;
  }
}

function timingSafeEqual(a: string, b: string): boolean {
  let d = a.length ^ b.length;
  for (let i = 0; i < a.length && i < b.length; i++) d |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return d === 0;
}

/** Redis sdssplitargs, enough for selector bodies: spaces separate, quotes group. */
function splitSelectorArgs(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i])) i++;
    if (i >= s.length) break;
    let cur = "";
    if (s[i] === '"' || s[i] === "'") {
      const q = s[i++];
      while (i < s.length && s[i] !== q) cur += s[i++];
      i++;
    } else {
      while (i < s.length && !/\s/.test(s[i])) cur += s[i++];
    }
    out.push(cur);
  }
  return out;
}

/**
 * Redis ACLMergeSelectorArguments: "(" ... ")" spread over several arguments become one.
 * Returns null with the index of the unmatched opening argument.
 */
export function mergeSelectorArgs(argv: string[]): { args: string[] } | { bad: number } {
  const out: string[] = [];
  let open = -1;
  let sel = "";
  for (let j = 0; j < argv.length; j++) {
    const op = argv[j];
    if (op[0] === "(" && op[op.length - 1] !== ")") {
      sel = op;
      open = j;
      continue;
    }
    if (open !== -1) {
      sel += " " + op;
      if (op[op.length - 1] === ")") {
        open = -1;
        out.push(sel);
      }
      continue;
    }
    out.push(op);
  }
  if (open !== -1) return { bad: open };
  return { args: out };
}

// ---- ACL LOG -------------------------------------------------------------------------------

export interface AclLogEntry {
  count: number;
  reason: number;
  /** "toplevel", "multi", "lua". */
  context: string;
  object: string;
  username: string;
  ctime: number;
  cinfo: string;
}

// ---- the users of one server ---------------------------------------------------------------

/** Selector flags new users get from acl-pubsub-default. */
export function pubsubDefaultFlags(v: string): number {
  return v === "allchannels" ? SEL_ALLCHANNELS : 0;
}

export class AclUsers {
  users = new Map<string, User>();
  defaultUser: User;
  log: AclLogEntry[] = [];

  constructor(public pubsubDefault = 0) {
    this.defaultUser = this.createDefault();
    this.users.set("default", this.defaultUser);
  }

  /** Redis ACLCreateDefaultUser. */
  createDefault(): User {
    const u = new User("default", this.pubsubDefault);
    for (const op of ["+@all", "~*", "&*", "on", "nopass"]) u.apply(op, this.pubsubDefault);
    return u;
  }

  newUser(name: string): User {
    return new User(name, this.pubsubDefault);
  }

  /** Names in Redis's rax order (bytewise). */
  sortedUsers(): User[] {
    return [...this.users.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** ACL LIST / ACL SAVE lines. */
  listLines(): string[] {
    return this.sortedUsers().map((u) => `user ${u.name} ${u.describe()}`);
  }

  /** Redis addACLLogEntry: groups an entry with a similar recent one (up to 10 looked at). */
  addLog(e: Omit<AclLogEntry, "count">, maxLen: number): void {
    for (let i = 0; i < Math.min(10, this.log.length); i++) {
      const cur = this.log[i];
      if (cur.reason === e.reason && cur.context === e.context && Math.abs(cur.ctime - e.ctime) <= 60000 &&
          cur.object === e.object && cur.username === e.username) {
        this.log.splice(i, 1);
        this.log.unshift(cur);
        cur.cinfo = e.cinfo;
        cur.ctime = e.ctime;
        cur.count++;
        return;
      }
    }
    this.log.unshift({ ...e, count: 1 });
    while (this.log.length > maxLen) this.log.pop();
  }

  /** Checks `argv` for user u; command named by its full lower-case name. */
  checkCommand(u: User, cmd: AclCommand, argv: string[]): { ret: number; pos: number } {
    return u.check(cmd, argv);
  }

  /**
   * Redis ACLLoadFromFile over the file's text: null on success (users replaced) or the error
   * text, with nothing changed. `removed` gets the users that no longer exist.
   */
  loadFromText(text: string, filename: string): { err: string } | { removed: User[] } {
    let errors = "";
    const lines = text.split("\n");
    const fresh = new Map<string, User>();
    for (let i = 0; i < lines.length; i++) {
      const linenum = i + 1;
      const line = lines[i].replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, "");
      if (line === "") continue;
      const argv = line.split(" ");
      if (argv[0] !== "user" || argv.length < 2) {
        errors += `${filename}:${linenum} should start with user keyword followed by the username. `;
        continue;
      }
      if (hasSpaces(argv[1])) {
        errors += `'${filename}:${linenum}: username '${argv[1]}' contains invalid characters. `;
        continue;
      }
      if (fresh.has(argv[1])) {
        errors += `WARNING: Duplicate user '${argv[1]}' found on line ${linenum}. `;
        continue;
      }
      const u = this.newUser(argv[1]);
      fresh.set(argv[1], u);
      const merged = mergeSelectorArgs(argv.slice(2));
      if ("bad" in merged) {
        errors += `${filename}:${linenum}: Unmatched parenthesis in selector definition.`;
        continue;
      }
      let syntaxError = false;
      for (let a of merged.args) {
        a = a.replace(/^[\t\r\n]+|[\t\r\n]+$/g, "");
        const e = u.apply(a, this.pubsubDefault);
        if (!e) continue;
        if (e === "ENOENT") {
          errors += `${filename}:${linenum}: Error in applying operation '${a}': ${aclErrorText(e)}. `;
        } else if (!syntaxError) {
          errors += `${filename}:${linenum}: ${aclErrorText(e)}. `;
          syntaxError = true;
        }
      }
    }
    if (errors !== "") {
      return { err: errors + "WARNING: ACL errors detected, no change to the previously active ACL rules was performed" };
    }
    // The default user object stays (clients point at it); it takes the new rules.
    const newDefault = fresh.get("default") ?? this.createDefault();
    this.defaultUser.copyFrom(newDefault);
    fresh.set("default", this.defaultUser);
    const removed = [...this.users.values()].filter((u) => u !== this.defaultUser);
    this.users = new Map([["default", this.defaultUser], ...[...fresh].filter(([n]) => n !== "default")]);
    return { removed };
  }

  /** The ACL file's text (Redis ACLSaveToFile). */
  saveText(): string {
    return this.listLines().map((l) => l + "\n").join("");
  }
}

/**
 * Redis ACLAppendUserForLoading's validation of a config-file `user` line (argv[0] = "user"):
 * null, or the index of the argument to blame and the error code.
 */
export function validateUserLine(argv: string[], seen: Set<string>): { idx: number; err: AclErr } | null {
  if (seen.has(argv[1])) return { idx: 1, err: "EALREADY" };
  const merged = mergeSelectorArgs(argv.slice(2));
  // (Redis leaves errno as it was here; at config load time it reads ENOENT.)
  if ("bad" in merged) return { idx: merged.bad, err: "ENOENT" };
  const fake = new User("__fakeuser:0__", 0);
  for (let j = 0; j < merged.args.length; j++) {
    const e = fake.apply(merged.args[j], 0);
    if (e && e !== "ENOENT") return { idx: j, err: e };
  }
  return null;
}

export { lookupCommandArgv, bin as aclBin };
export type { AclCommand };
