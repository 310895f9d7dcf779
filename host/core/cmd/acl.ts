// acl.ts — the ACL command family and the ACL users of one server (Redis: acl.c's commands,
// ACLAuthenticateUser, ACLLoadUsersAtStartup, requirepass as the default user's password).
//
// PORTABLE: no node: imports; the ACL file goes through an AclFileIO the shell provides.
//
// installAcl(core) makes the host the owner of the users (host/core/acl.ts holds the model):
//   - the engine's aclCheck / aclAuth imports (assembly/acl.ts) are answered here: a check
//     reads the pending command's argv from the engine and logs a denial in the ACL LOG; an
//     AUTH remembers the client's user (clientUser, keyed by the engine's client pointer;
//     absent = the default user) and logs a failure;
//   - after any change to users, `refresh` pushes to the engine whether the default user needs
//     a password and whether it is restricted, and sets or clears each connected client's
//     CLIENT_ACL_CHECK flag from its user (a user's new rules apply to its open connections
//     from their next command, as in Redis);
//   - requirepass (config and CONFIG SET) is the default user's password
//     (ACLUpdateDefaultUserPassword); `user` lines of the config file are loaded at install,
//     the aclfile by loadAclFileAtStartup (the Node shell calls it: it has the file);
//   - CLIENT LIST's user= and CLIENT KILL USER come from the same table (cmd/client.ts hooks).
// Scripts: a script's redis.call is checked against its caller's user (scriptCheck). EXEC
// re-checks queued commands (assembly/db/multi.ts -> aclExecDenied). ACL SETUSER drops the
// user's Pub/Sub clients that lost a channel (killPubsubClientsIfNeeded).

import type { HostCommandContext, RespiteCore } from "../server.js";
import type { Session } from "../session.js";
import { bin, binBytes, string2ll } from "../text.js";
import { writeHelp } from "./command.js";
import { clientFields, clientInfoString, clientUsers, killSession } from "./client.js";
import { onClientReset } from "./connection.js";
import { ACL_CATEGORIES, ACL_DENIED_AUTH, ACL_DENIED_CHANNEL, ACL_DENIED_CMD, ACL_DENIED_KEY, ACL_OK,
  aclCommandAt, aclCommandIndex, aclErrorText, checkChannelList, AclUsers, lookupCommandArgv, mergeSelectorArgs, pubsubDefaultFlags,
  User } from "../acl.js";
import { COMMAND_SPECS } from "../commands.gen.js";
import { ENGINE_CONFIG } from "../engine.js";
import { pubsubOf } from "../pubsub.js";

/** How the ACL file is read and written (the Node shell: host/node/aclfile.ts). */
export interface AclFileIO {
  /** The file's text as a binary string; throws Error(strerror text) if it cannot be read. */
  read(path: string): string;
  /** Replaces the file (temp file + rename); throws Error(strerror text). */
  write(path: string, content: string): void;
}

const CLIENT_ACL_FULL = 1 << 28; // assembly/acl.ts
const CLIENT_ACL_CHANNELS = 1 << 22;
const CLIENT_ACL_CHECK = CLIENT_ACL_FULL | CLIENT_ACL_CHANNELS;
const CLIENT_MULTI = 1 << 24; // assembly/db/multi.ts
const CLIENT_SCRIPT = 1 << 27; // assembly/db/script.ts

/** The ACL state of one core. */
export class AclState {
  readonly users: AclUsers;
  /** Users of clients not authenticated as "default", by engine client pointer. */
  readonly clientUser = new Map<number, User>();
  io: AclFileIO | null = null;
  /** Loading the config file's users failed: the messages to log before exiting. */
  startupError: string[] | null = null;
  private readonly cmdIndex: Int32Array;

  constructor(readonly core: RespiteCore) {
    this.users = new AclUsers(pubsubDefaultFlags(core.config.get("acl-pubsub-default") ?? "resetchannels"));
    this.cmdIndex = aclCommandIndex(core.engine.commandNames);
  }

  userOf(c: number): User {
    return this.clientUser.get(c) ?? this.users.defaultUser;
  }

  sessionOf(c: number): Session | undefined {
    for (const s of this.core.sessions.values()) if (s.c === c) return s;
    return undefined;
  }

  /** Pushes the default user's state to the engine and every client's check flag. */
  refresh(): void {
    const x = this.core.engine.x;
    const d = this.users.defaultUser;
    x.setConfig(ENGINE_CONFIG.authRequired, !d.nopass || !d.enabled ? 1 : 0);
    x.setConfig(ENGINE_CONFIG.aclDefaultRestricted, d.checkMode());
    for (const s of this.core.sessions.values()) {
      if (s.closed) continue;
      const f = x.clientFlags(s.c);
      const mode = this.userOf(s.c).checkMode();
      const nf = (f & ~CLIENT_ACL_CHECK) | (mode === 1 ? CLIENT_ACL_FULL : mode === 2 ? CLIENT_ACL_CHANNELS : 0);
      if (nf !== f) x.clientSetFlags(s.c, nf >>> 0);
    }
  }

  /** Redis ACLUpdateDefaultUserPassword (requirepass). */
  setDefaultPassword(pw: Uint8Array): void {
    const d = this.users.defaultUser;
    d.apply("resetpass", 0);
    d.apply(pw.length ? ">" + bin(pw) : "nopass", 0);
    this.refresh();
  }

  /** The pending command's arguments as binary strings, read straight from engine memory. */
  private argv(c: number): string[] {
    const x = this.core.engine.x;
    const m = this.core.engine.mem();
    const argc = x.argc(c);
    const out: string[] = [];
    for (let i = 0; i < argc; i++) {
      const p = x.argPtr(c, i) >>> 0;
      const n = x.argLen(c, i);
      if (n > 64) {
        out.push(bin(m.subarray(p, p + n)));
        continue;
      }
      let a = "";
      for (let j = 0; j < n; j++) a += String.fromCharCode(m[p + j]);
      out.push(a);
    }
    return out;
  }

  private context(c: number): string {
    const x = this.core.engine.x;
    const f = x.clientFlags(c);
    return f & CLIENT_SCRIPT ? "lua" : f & CLIENT_MULTI || x.clientInExec(c) ? "multi" : "toplevel";
  }

  /** Redis addACLLogEntry. */
  addLog(c: number, reason: number, object: string, username: string): void {
    const s = this.sessionOf(c);
    this.users.addLog({
      reason, context: this.context(c), object, username, ctime: this.core.now(),
      cinfo: s ? clientInfoString(this.core, s) : "",
    }, this.core.config.num("acllog-max-len"));
  }

  /** The engine's aclCheck import: the pending command of restricted client c. */
  check(c: number, id: number): number {
    if (id < 0) {
      // assembly/acl.ts aclFullReadAccess: 1 if the user may run command -1-id reading any key.
      const fidx = this.cmdIndex[-1 - id];
      return fidx >= 0 && this.userOf(c).checkCmdWithFullReadAccess(aclCommandAt(fidx), this.argv(c)) ? 1 : 0;
    }
    const idx = this.cmdIndex[id];
    if (idx < 0) return ACL_OK;
    const u = this.userOf(c);
    const argv = this.argv(c);
    const cmd = aclCommandAt(idx);
    const r = u.check(cmd, argv);
    if (r.ret !== ACL_OK) {
      this.addLog(c, r.ret, r.ret === ACL_DENIED_CMD ? cmd.name : argv[r.pos], u.name);
    }
    return r.ret;
  }

  /**
   * Redis scriptVerifyACL for a redis.call of a script run by client c: null, or the error
   * (logged with context "lua" and the caller's client info).
   */
  scriptCheck(c: number, id: number, args: Uint8Array[], argc: number): string | null {
    const idx = this.cmdIndex[id];
    if (idx < 0) return null;
    const u = this.userOf(c);
    const argv: string[] = [];
    for (let i = 0; i < argc; i++) argv.push(bin(args[i]));
    const cmd = aclCommandAt(idx);
    const r = u.check(cmd, argv);
    if (r.ret === ACL_OK) return null;
    const s = this.sessionOf(c);
    this.users.addLog({
      reason: r.ret, context: "lua", object: r.ret === ACL_DENIED_CMD ? cmd.name : argv[r.pos], username: u.name,
      ctime: this.core.now(), cinfo: s ? clientInfoString(this.core, s) : "",
    }, this.core.config.num("acllog-max-len"));
    return "The user executing the script " + aclErrorMessage(r.ret);
  }

  /** The engine's aclAuth import (see assembly/acl.ts for the return value). */
  auth(c: number, up: number, ul: number, pp: number, pl: number): number {
    const e = this.core.engine;
    let name = "default";
    if (up === 0 && ul === 0) {
      if (this.users.defaultUser.nopass) return -1;
    } else {
      name = bin(e.bytes(up, ul));
    }
    const pw = bin(e.bytes(pp, pl));
    const u = this.users.users.get(name);
    if (u && u.checkPassword(pw)) {
      if (u === this.users.defaultUser) this.clientUser.delete(c);
      else this.clientUser.set(c, u);
      const mode = u.checkMode();
      return 1 | (mode === 1 ? 2 : mode === 2 ? 4 : 0);
    }
    this.addLog(c, ACL_DENIED_AUTH, bin(e.bytes(e.x.argPtr(c, 0), e.x.argLen(c, 0))), name);
    return 0;
  }

  /** Redis ACLFreeUserAndKillClients for users that went away (ACL DELUSER, ACL LOAD). */
  dropUsers(gone: User[], self: Session): void {
    const set = new Set(gone);
    for (const s of [...this.core.sessions.values()]) {
      const u = this.clientUser.get(s.c);
      if (!u || !set.has(u)) continue;
      this.clientUser.delete(s.c);
      if (!s.closed) killSession(this.core, s, self);
    }
  }

  /** Redis ACLLoadFromFile + reply: null when loaded, else the error text. */
  loadFile(self: Session | null): string | null {
    const path = this.core.config.str("aclfile") ?? "";
    let text: string;
    try {
      if (!this.io) throw new Error("No such file or directory");
      text = this.io.read(path);
    } catch (e) {
      return `Error loading ACLs, opening file '${path}': ${(e as Error).message}`;
    }
    const r = this.users.loadFromText(text, path);
    if ("err" in r) return r.err;
    if (self) this.dropUsers(r.removed, self);
    else for (const u of r.removed) for (const [c, cu] of this.clientUser) if (cu === u) this.clientUser.delete(c);
    this.refresh();
    return null;
  }

  /** Redis ACLLoadConfiguredUsers: the config file's `user` lines. */
  loadConfiguredUsers(lines: string[][]): string | null {
    for (const rules of lines) {
      const name = rules[0];
      if (/[ \t\n\v\f\r\0]/.test(name)) return "Spaces not allowed in ACL usernames";
      let u = this.users.users.get(name);
      if (!u) {
        u = this.users.newUser(name);
        this.users.users.set(name, u);
      } else {
        u.apply("reset", this.users.pubsubDefault);
      }
      const merged = mergeSelectorArgs(rules.slice(1));
      const args = "args" in merged ? merged.args : [];
      for (const a of args) {
        const e = u.apply(a, this.users.pubsubDefault);
        if (e) return `Error loading ACL rule '${a}' for the user named '${name}': ${aclErrorText(e)}`;
      }
    }
    this.refresh();
    return null;
  }
}

const states = new WeakMap<RespiteCore, AclState>();

export function aclState(core: RespiteCore): AclState | undefined {
  return states.get(core);
}

/** Where ACL LOAD / SAVE and startup read and write the aclfile. */
export function setAclFileIO(core: RespiteCore, io: AclFileIO): void {
  const st = states.get(core);
  if (st) st.io = io;
  pendingIO.set(core, io);
}
const pendingIO = new WeakMap<RespiteCore, AclFileIO>();

/**
 * Redis ACLLoadUsersAtStartup (the config file's users were applied by installAcl): null, or
 * the lines to log before exiting with status 1.
 */
export function loadAclAtStartup(core: RespiteCore): string[] | null {
  const st = states.get(core);
  if (!st) return null;
  if (core.config.userLines.length > 0 && core.config.str("aclfile")) {
    return ["Configuring Redis with users defined in redis.conf and at the same setting an ACL file path is invalid. This setup is very likely to lead to configuration errors and security holes, please define either an ACL file or declare users directly in your redis.conf, but not both."];
  }
  if (st.startupError) return st.startupError;
  if (!core.config.str("aclfile")) return null;
  const err = st.loadFile(null);
  return err === null ? null : [`Aborting Redis startup because of ACL errors: ${err}`];
}

// ---- the commands --------------------------------------------------------------------------

function st(ctx: HostCommandContext): AclState {
  return states.get(ctx.core)!;
}

/** Redis addReplyErrorFormat: the text with newlines made spaces. */
function errorf(ctx: HostCommandContext, msg: string): void {
  ctx.w.raw(binBytes(`-${msg.replace(/[\r\n]/g, " ")}\r\n`));
}

function bulkBin(ctx: HostCommandContext, s: string): void {
  ctx.w.bulk(binBytes(s));
}

/** %.17g, as Redis's addReplyDouble prints a double. */
function fmtG17(x: number): string {
  if (x === 0) return "0";
  const e = Math.floor(Math.log10(Math.abs(x)));
  if (e < -4 || e >= 17) {
    const [m, ex] = x.toExponential(16).split("e");
    const mm = m.includes(".") ? m.replace(/0+$/, "").replace(/\.$/, "") : m;
    const n = Number(ex);
    return `${mm}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
  }
  const s = x.toPrecision(17);
  return s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
}

function writeDouble(ctx: HostCommandContext, x: number): void {
  const s = fmtG17(x);
  if (ctx.proto >= 3) ctx.w.raw(binBytes(`,${s}\r\n`));
  else ctx.w.bulk(s);
}

function aclSetuser(ctx: HostCommandContext): void {
  const a = st(ctx);
  const argv = ctx.args.map(bin);
  const name = argv[2];
  if (/[ \t\n\v\f\r\0]/.test(name)) {
    ctx.w.error("ERR Usernames can't contain spaces or null characters");
    return;
  }
  const merged = mergeSelectorArgs(argv.slice(3));
  if ("bad" in merged) {
    errorf(ctx, `ERR Unmatched parenthesis in acl selector starting at '${argv[merged.bad + 3]}'.`);
    return;
  }
  const users = a.users;
  const existing = users.users.get(name);
  const temp = users.newUser(name);
  if (existing) temp.copyFrom(existing);
  for (const op of merged.args) {
    const e = temp.apply(op, users.pubsubDefault);
    if (e) {
      errorf(ctx, `ERR Error in ACL SETUSER modifier '${op}': ${aclErrorText(e)}`);
      return;
    }
  }
  // Pub/Sub clients of the user may have lost channels they are subscribed to.
  if (existing) killPubsubClientsIfNeeded(a, temp, existing, ctx.session);
  let u = existing;
  if (!u) {
    u = users.newUser(name);
    users.users.set(name, u);
  }
  u.copyFrom(temp);
  a.refresh();
  ctx.w.ok();
}

/** Redis ACLKillPubsubClientsIfNeeded: `orig` is about to get the rules of `next`. */
function killPubsubClientsIfNeeded(a: AclState, next: User, orig: User, self: Session): void {
  if (next.allChannels()) return;
  const upcoming = next.channelPatterns();
  // Nothing revoked (every old pattern is still there): nobody can have lost a channel.
  if (orig.channelPatterns().every((p) => upcoming.includes(p))) return;
  const ps = pubsubOf(a.core);
  for (const s of [...a.core.sessions.values()]) {
    if (s.closed || a.userOf(s.c) !== orig) continue;
    const st = ps.state(s);
    if (!st) continue;
    let kill = false;
    for (const p of st.patterns) if (!kill && !checkChannelList(upcoming, p, true)) kill = true;
    for (const ch of st.channels) if (!kill && !checkChannelList(upcoming, ch, false)) kill = true;
    for (const ch of st.shard) if (!kill && !checkChannelList(upcoming, ch, false)) kill = true;
    if (kill) killSession(a.core, s, self);
  }
}

function aclDeluser(ctx: HostCommandContext): void {
  const a = st(ctx);
  const argv = ctx.args.map(bin);
  for (let j = 2; j < argv.length; j++) {
    if (argv[j] === "default") {
      ctx.w.error("ERR The 'default' user cannot be removed");
      return;
    }
  }
  const gone: User[] = [];
  for (let j = 2; j < argv.length; j++) {
    const u = a.users.users.get(argv[j]);
    if (!u) continue;
    a.users.users.delete(argv[j]);
    gone.push(u);
  }
  ctx.w.int(gone.length);
  a.dropUsers(gone, ctx.session);
}

function writeSelector(ctx: HostCommandContext, s: User["selectors"][number]): void {
  const w = ctx.w;
  w.bulk("commands");
  bulkBin(ctx, s.describeCommands());
  w.bulk("keys");
  // keys and channels as ACL GETUSER shows them (no "resetchannels", space separated)
  if (s.flags & 2) w.bulk("~*");
  else bulkBin(ctx, s.patterns.map((p) => (p.flags === 3 ? "~" : p.flags === 1 ? "%R~" : "%W~") + p.pat).join(" "));
  w.bulk("channels");
  if (s.flags & 4) w.bulk("&*");
  else bulkBin(ctx, s.channels.map((c) => "&" + c).join(" "));
}

function aclGetuser(ctx: HostCommandContext): void {
  const u = st(ctx).users.users.get(bin(ctx.args[2]));
  const w = ctx.w;
  if (!u) {
    w.null();
    return;
  }
  w.map(6);
  w.bulk("flags");
  const flags = [u.enabled ? "on" : "off"];
  if (u.nopass) flags.push("nopass");
  if (u.sanitize === 1) flags.push("skip-sanitize-payload");
  if (u.sanitize === 2) flags.push("sanitize-payload");
  w.set(flags.length);
  for (const f of flags) w.bulk(f);
  w.bulk("passwords");
  w.array(u.passwords.length);
  for (const p of u.passwords) w.bulk(p);
  writeSelector(ctx, u.root);
  w.bulk("selectors");
  w.array(u.selectors.length - 1);
  for (const s of u.selectors.slice(1)) {
    w.map(3);
    writeSelector(ctx, s);
  }
}

function aclList(ctx: HostCommandContext): void {
  const lines = st(ctx).users.listLines();
  ctx.w.array(lines.length);
  for (const l of lines) bulkBin(ctx, l);
}

function aclUsers(ctx: HostCommandContext): void {
  const users = st(ctx).users.sortedUsers();
  ctx.w.array(users.length);
  for (const u of users) bulkBin(ctx, u.name);
}

function aclWhoami(ctx: HostCommandContext): void {
  bulkBin(ctx, st(ctx).userOf(ctx.session.c).name);
}

const NO_ACLFILE = "ERR This Redis instance is not configured to use an ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in order to store users in the Redis configuration.";

function aclLoad(ctx: HostCommandContext): void {
  if (!ctx.core.config.str("aclfile")) {
    ctx.w.error(NO_ACLFILE);
    return;
  }
  const err = st(ctx).loadFile(ctx.session);
  if (err === null) ctx.w.ok();
  else errorf(ctx, "ERR " + err);
}

function aclSave(ctx: HostCommandContext): void {
  const path = ctx.core.config.str("aclfile");
  if (!path) {
    ctx.w.error(NO_ACLFILE);
    return;
  }
  const a = st(ctx);
  try {
    if (!a.io) throw new Error("no file access");
    a.io.write(path, a.users.saveText());
    ctx.w.ok();
  } catch {
    ctx.w.error("ERR There was an error trying to save the ACLs. Please check the server logs for more information");
  }
}

function aclCat(ctx: HostCommandContext): void {
  const w = ctx.w;
  if (ctx.args.length === 2) {
    w.array(ACL_CATEGORIES.length);
    for (const c of ACL_CATEGORIES) w.bulk(c);
    return;
  }
  const arg = bin(ctx.args[2]);
  const z = arg.indexOf("\0");
  const cat = ACL_CATEGORIES.indexOf((z < 0 ? arg : arg.slice(0, z)).replace(/[A-Z]/g, (ch) => ch.toLowerCase()));
  if (cat < 0) {
    errorf(ctx, `ERR Unknown category '${(z < 0 ? arg : arg.slice(0, z)).slice(0, 128)}'`);
    return;
  }
  const names = COMMAND_SPECS.filter((s) => s.acl.includes("@" + ACL_CATEGORIES[cat])).map((s) => s.name);
  w.array(names.length);
  for (const n of names) w.bulk(n);
}

function aclGenpass(ctx: HostCommandContext): void {
  let bits = 256;
  if (ctx.args.length === 3) {
    const v = string2ll(bin(ctx.args[2]));
    if (v === null) {
      ctx.w.error("ERR value is not an integer or out of range");
      return;
    }
    bits = Number(v);
  }
  if (bits <= 0 || bits > 4096) {
    ctx.w.error("ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to 4096");
    return;
  }
  const chars = Math.floor((bits + 3) / 4);
  const rnd = new Uint8Array(chars);
  globalThis.crypto.getRandomValues(rnd);
  let s = "";
  for (const b of rnd) s += "0123456789abcdef"[b & 15];
  ctx.w.bulk(s);
}

const REASONS: Record<number, string> = {
  [ACL_DENIED_CMD]: "command", [ACL_DENIED_KEY]: "key", [ACL_DENIED_CHANNEL]: "channel", [ACL_DENIED_AUTH]: "auth",
};

function aclLog(ctx: HostCommandContext): void {
  const users = st(ctx).users;
  let count = 10;
  if (ctx.args.length === 3) {
    const arg = bin(ctx.args[2]);
    if (arg.toLowerCase() === "reset") {
      users.log = [];
      ctx.w.ok();
      return;
    }
    const v = string2ll(arg);
    if (v === null) {
      ctx.w.error("ERR value is not an integer or out of range");
      return;
    }
    count = Number(v) < 0 ? 0 : Number(v);
  }
  count = Math.min(count, users.log.length);
  const w = ctx.w;
  w.array(count);
  const now = ctx.core.now();
  for (const e of users.log.slice(0, count)) {
    w.map(7);
    w.bulk("count").int(e.count);
    w.bulk("reason").bulk(REASONS[e.reason] ?? "unknown");
    w.bulk("context").bulk(e.context);
    w.bulk("object");
    bulkBin(ctx, e.object);
    w.bulk("username");
    bulkBin(ctx, e.username);
    w.bulk("age-seconds");
    writeDouble(ctx, (Math.floor(now) - Math.floor(e.ctime)) / 1000);
    w.bulk("client-info");
    bulkBin(ctx, e.cinfo);
  }
}

function aclDryrun(ctx: HostCommandContext): void {
  const a = st(ctx);
  const argv = ctx.args.map(bin);
  const u = a.users.users.get(argv[2]);
  if (!u) {
    errorf(ctx, `ERR User '${argv[2]}' not found`);
    return;
  }
  const cmdArgv = argv.slice(3);
  const cmd = lookupCommandArgv(cmdArgv);
  if (!cmd) {
    errorf(ctx, `ERR Command '${argv[3]}' not found`);
    return;
  }
  const arity = cmd.spec.arity;
  if ((arity > 0 && arity !== cmdArgv.length) || cmdArgv.length < -arity) {
    errorf(ctx, `ERR wrong number of arguments for '${cmd.name}' command`);
    return;
  }
  const r = u.check(cmd, cmdArgv);
  if (r.ret === ACL_OK) ctx.w.ok();
  else if (r.ret === ACL_DENIED_CMD) bulkBin(ctx, `This user has no permissions to run the '${cmd.name}' command`);
  else if (r.ret === ACL_DENIED_KEY) bulkBin(ctx, `This user has no permissions to access the '${cmdArgv[r.pos]}' key`);
  else bulkBin(ctx, `This user has no permissions to access the '${cmdArgv[r.pos]}' channel`);
}

const ACL_HELP = [
  "ACL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
  "CAT [<category>]",
  "    List all commands that belong to <category>, or all command categories",
  "    when no category is specified.",
  "DELUSER <username> [<username> ...]",
  "    Delete a list of users.",
  "DRYRUN <username> <command> [<arg> ...]",
  "    Returns whether the user can execute the given command without executing the command.",
  "GETUSER <username>",
  "    Get the user's details.",
  "GENPASS [<bits>]",
  "    Generate a secure 256-bit user password. The optional `bits` argument can",
  "    be used to specify a different size.",
  "LIST",
  "    Show users details in config file format.",
  "LOAD",
  "    Reload users from the ACL file.",
  "LOG [<count> | RESET]",
  "    Show the ACL log entries.",
  "SAVE",
  "    Save the current config to the ACL file.",
  "SETUSER <username> <attribute> [<attribute> ...]",
  "    Create or modify a user with the specified attributes.",
  "USERS",
  "    List all the registered usernames.",
  "WHOAMI",
  "    Return the current connection username.",
  "HELP",
  "    Prints this help.",
];

/** Redis addReplySubcommandSyntaxError for the forms aclCommand does not accept. */
function syntaxError(ctx: HostCommandContext): void {
  const sub = bin(ctx.args[1]);
  errorf(ctx, `ERR unknown subcommand or wrong number of arguments for '${sub.slice(0, 128)}'. Try ${bin(ctx.args[0]).toUpperCase()} HELP.`);
}

function onlyArgc(n: number[], f: (ctx: HostCommandContext) => void): (ctx: HostCommandContext) => void {
  return (ctx) => (n.includes(ctx.args.length) ? f(ctx) : syntaxError(ctx));
}

/** Makes the host the owner of the ACL users of `core` (see the file comment). */
export function installAcl(core: RespiteCore): AclState {
  const a = new AclState(core);
  states.set(core, a);
  const io = pendingIO.get(core);
  if (io) a.io = io;
  const e = core.engine;
  e.acl = {
    check: (c, id) => a.check(c, id),
    auth: (c, up, ul, pp, pl) => a.auth(c, up, ul, pp, pl),
    setDefaultPassword: (pw) => a.setDefaultPassword(pw),
  };
  e.x.setConfig(ENGINE_CONFIG.aclHost, 1);
  // requirepass, then the config file's users (Redis: the config is applied before
  // ACLLoadUsersAtStartup, and a `user default` line resets what requirepass set).
  a.setDefaultPassword(binBytes(core.config.str("requirepass") ?? ""));
  const err = a.loadConfiguredUsers(core.config.userLines);
  if (err) a.startupError = [err, "Critical error while loading ACLs. Exiting."];
  core.config.describeUsers = () => a.users.listLines();
  core.config.onApply(["acl-pubsub-default"], () => {
    a.users.pubsubDefault = pubsubDefaultFlags(core.config.get("acl-pubsub-default") ?? "resetchannels");
    return null;
  });
  core.closeHooks.push((s) => a.clientUser.delete(s.c));
  onClientReset(core, (s) => a.clientUser.delete(s.c));
  clientFields.set("user", (c, s) => states.get(c)?.userOf(s.c).name ?? "default");
  clientUsers.exists = (c, name) => states.get(c)?.users.users.has(name) ?? name === "default";
  const h = core.hostCommands;
  h.set("acl|setuser", aclSetuser);
  h.set("acl|deluser", aclDeluser);
  h.set("acl|getuser", onlyArgc([3], aclGetuser));
  h.set("acl|list", onlyArgc([2], aclList));
  h.set("acl|users", onlyArgc([2], aclUsers));
  h.set("acl|whoami", onlyArgc([2], aclWhoami));
  h.set("acl|load", aclLoad);
  h.set("acl|save", aclSave);
  h.set("acl|cat", onlyArgc([2, 3], aclCat));
  h.set("acl|genpass", onlyArgc([2, 3], aclGenpass));
  h.set("acl|log", onlyArgc([2, 3], aclLog));
  h.set("acl|dryrun", aclDryrun);
  h.set("acl|help", (ctx) => writeHelp(ctx.w, ACL_HELP));
  return a;
}

/** Redis getAclErrorMessage. */
function aclErrorMessage(r: number): string {
  switch (r) {
    case ACL_DENIED_CMD: return "can't run this command or subcommand";
    case ACL_DENIED_KEY: return "can't access at least one of the keys mentioned in the command arguments";
    case ACL_DENIED_CHANNEL: return "can't publish to the channel mentioned in the command";
  }
  return "lacking the permissions for the command";
}

/**
 * A script's redis.call of command `id` (args[0..argc)) by the client of engine pointer c:
 * null when its user may run it (at once for unrestricted users), else the error text.
 */
export function aclScriptCallError(core: RespiteCore, c: number, id: number, args: Uint8Array[], argc: number): string | null {
  if ((core.engine.x.clientFlags(c) & CLIENT_ACL_CHECK) === 0) return null;
  return states.get(core)?.scriptCheck(c, id, args, argc) ?? null;
}

/** Redis ACLUserCheckChannelPerm for client c (pub/sub: host/core/pubsub.ts may call it). */
export function aclCheckChannel(core: RespiteCore, s: Session, channel: string, isPattern: boolean): boolean {
  const a = states.get(core);
  return a ? a.userOf(s.c).checkChannel(channel, isPattern) : true;
}
