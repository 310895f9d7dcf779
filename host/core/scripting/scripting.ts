// scripting.ts — running Lua for EVAL and FCALL (Redis: eval.c, script.c, script_lua.c,
// function_lua.c), on the states lua.ts builds.
//
// PORTABLE: no node: imports.
//
// The path of a redis.call, kept lean because scripts make many:
//
//   Lua args -> checks -> RESP written straight into the Lua client's query buffer in wasm
//   memory -> exec (the same pipeline as a socket's bytes) -> the reply parsed straight from
//   the client's output buffer onto the Lua stack -> outReset.
//
// No JS objects per call beyond the argument array: the command table is a Map from the
// lower-cased name, the reply goes from wasm bytes to Lua values without a RespDecoder. The
// "Lua client" is an engine client (flagged CLIENT_SCRIPT) wrapped in a Session that is never
// registered with the core, so it has no connection, no CLIENT LIST entry, and host-owned
// commands (INFO ...) still work from scripts through runHostCommand.
//
// The checks are Redis's scriptCall ones: unknown command, arity, noscript (also for commands
// Redis has and Respite does not implement), the caller's ACL user (cmd/acl.ts), writes from
// a read-only script (EVAL_RO / FCALL_RO / no-writes flag), XREAD BLOCK. The caller's db and
// protocol become the Lua client's for the run (redis.setresp changes the latter). The
// engine's clock is the real one, read every 16 commands and for TIME (Redis freezes key
// expiry at the script's start; the engine has one clock).
//
// Busy scripts. Every script runs as a Lua coroutine ([xpcall, fn, handler] resumed on a
// thread) with a count hook. Under busy-reply-threshold nothing else happens: the script runs
// to its end inside the EVAL command, synchronously. Past it, the hook yields (when the
// script's own coroutine is in a yieldable spot: not inside a coroutine the script made, a
// table.sort comparator ...); the EVAL's session is parked (its reply comes later, its input
// is buffered), the engine answers other clients -BUSY except for allow-busy commands, cron
// work pauses, and the script resumes on the next macrotask, over and over, so the event loop
// serves sockets in between. SCRIPT KILL / FUNCTION KILL set a flag; at the next hook the
// script's coroutine is abandoned (it yields for good) and the caller gets Redis's "Script
// killed by user" error with the line it was at. Where it cannot yield, the error is raised
// instead, on every instruction from then on. A script that already wrote is UNKILLABLE, as
// in Redis; SHUTDOWN NOSAVE simply exits.
//
// Effects: the PROPAGATE records of the script's commands, wrapped in MULTI/EXEC when more
// than one (engine: scriptWrapEffects) unless EXEC already wraps them, as Redis 7.0
// replicates scripts.

/* eslint-disable @typescript-eslint/no-explicit-any */
import type { HostCommandContext, RespiteCore } from "../server.js";
import { Session } from "../session.js";
import { CLIENT_FLAG, EXEC_HOST, EXEC_READY } from "../engine.js";
import { luaRuntime } from "./runtime.js";
import { doubleToLongLongString, fmtG, lua51Message, LuaState, RedisRand48 } from "./lua.js";
import { sha1hex } from "./sha1.js";
import { aclScriptCallError, aclState } from "../cmd/acl.js";
import { lookupCommandArgv } from "../acl.js";
import { bin } from "../text.js";

// CMD_FLAG_* bits of assembly/commands/table.gen.ts.
const F_WRITE = 1 << 21;
const F_MAY_REPLICATE = 1 << 7;
const F_NOSCRIPT = 1 << 8;

/** Script flags (shebang / register_function). */
export const SF_NO_WRITES = 1, SF_ALLOW_OOM = 2, SF_ALLOW_STALE = 4, SF_NO_CLUSTER = 8, SF_ALLOW_CROSS_SLOT = 16;
export const SF_EVAL_COMPAT = 1 << 10;
export const SCRIPT_FLAG_NAMES: [string, number][] = [
  ["no-writes", SF_NO_WRITES], ["allow-oom", SF_ALLOW_OOM], ["allow-stale", SF_ALLOW_STALE],
  ["no-cluster", SF_NO_CLUSTER], ["allow-cross-slot-keys", SF_ALLOW_CROSS_SLOT],
];

interface CmdInfo { id: number; arity: number; flags: number; subs: Map<string, CmdInfo> | null; impl: boolean }

/** One script or function invocation (Redis: scriptRunCtx). */
export interface RunCtx {
  ctx: HostCommandContext;
  /** sha (EVAL) or function name (FCALL), for error messages and FUNCTION STATS. */
  funcname: string;
  isEval: boolean;
  readOnly: boolean;
  writeDirty: boolean;
  /** Protocol of the Lua client (redis.setresp). */
  resp: number;
  startedAt: number;
  killed: boolean;
  /** "source:line" where the kill took effect. */
  killedAt?: string;
  /** Effects log offset when the script started. */
  effectsFrom: number;
  /** Run by EXEC (its MULTI/EXEC wraps the script's effects). */
  inExec?: boolean;
  db: number;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Growable output for RESP built from Lua values. */
class Out {
  b = new Uint8Array(1024);
  n = 0;
  need(k: number): void {
    if (this.n + k <= this.b.length) return;
    let cap = this.b.length * 2;
    while (cap < this.n + k) cap *= 2;
    const nb = new Uint8Array(cap);
    nb.set(this.b.subarray(0, this.n));
    this.b = nb;
  }
  ascii(s: string): void {
    this.need(s.length);
    for (let i = 0; i < s.length; i++) this.b[this.n++] = s.charCodeAt(i);
  }
  bytes(v: Uint8Array): void {
    this.need(v.length);
    this.b.set(v, this.n);
    this.n += v.length;
  }
  bulk(v: Uint8Array): void {
    this.ascii(`$${v.length}\r\n`);
    this.bytes(v);
    this.ascii("\r\n");
  }
  take(): Uint8Array { return this.b.slice(0, this.n); }
}

export const BUSY_EVAL = "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.";
export const BUSY_FUNCTION = "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.";

const nativePow = Math.pow;
function accuratePow(x: number, y: number): number {
  if (y < 0 && y >= -1074 && Number.isInteger(y)) {
    const p = nativePow(x, -y);
    if (Number.isFinite(p) && p !== 0) return 1 / p;
  }
  return nativePow(x, y);
}

/** Replaces CR and LF with spaces (error and status lines). */
function oneLine(s: string): string {
  return s.replace(/[\r\n]/g, " ");
}

/** A Lua state plus the Lua client its scripts' commands run on. */
export class ScriptState {
  readonly st: LuaState;
  readonly lua: any;
  readonly lauxlib: any;
  readonly L: any;
  /** Registry reference of the message handler (Redis: __redis__err__handler). */
  readonly handlerRef: number;
  /** A finished coroutine is reused for the next script. */
  thread: any = null;

  constructor(readonly sc: Scripting, readonly isEval: boolean) {
    const rt = luaRuntime();
    if (!rt) throw new Error("no Lua runtime");
    this.st = new LuaState(rt, sc.rand);
    this.lua = this.st.lua;
    this.lauxlib = this.st.lauxlib;
    this.L = this.st.L;
    this.lua.lua_pushcfunction(this.L, (L: any) => this.errorHandler(L));
    this.handlerRef = this.lauxlib.luaL_ref(this.L, this.lua.LUA_REGISTRYINDEX);
  }

  /** Adds the error field-carrying table Redis's handler builds: {err=, source=, line=}. */
  private errorHandler(L: any): number {
    const { lua } = this;
    const F = luaRuntime()!.fengari;
    const ar = new lua.lua_Debug();
    let have = lua.lua_getstack(L, 1, ar) && lua.lua_getinfo(L, "nSl", ar);
    // Inside a C (fengari: "J") function such as error() or redis.call: report its caller.
    if (have && F.to_jsstring(ar.what) === "J") {
      have = lua.lua_getstack(L, 2, ar) && lua.lua_getinfo(L, "nSl", ar);
    }
    if (!lua.lua_istable(L, 1)) {
      const msg = lua.lua_isnil(L, 1) ? "nil" : lua51Message(F.to_jsstring(this.lauxlib.luaL_tolstring(L, 1)));
      lua.lua_settop(L, 0);
      lua.lua_newtable(L);
      lua.lua_pushstring(L, "ERR " + msg);
      lua.lua_setfield(L, 1, "err");
    }
    lua.lua_settop(L, 1);
    if (have) {
      lua.lua_pushstring(L, ar.source);
      lua.lua_setfield(L, 1, "source");
      lua.lua_pushnumber(L, ar.currentline);
      lua.lua_setfield(L, 1, "line");
    }
    return 1;
  }

  /** Pushes the error table Redis's luaPushErrorBuff makes from "-CODE msg" or "msg". */
  pushError(L: any, text: string): void {
    let code = "ERR";
    let msg = text;
    if (text[0] === "-") {
      const sp = text.indexOf(" ");
      if (sp < 0) msg = text.slice(1);
      else {
        code = text.slice(1, sp);
        msg = text.slice(sp + 1);
      }
    }
    msg = msg.replace(/^[\r\n]+|[\r\n]+$/g, "");
    this.lua.lua_newtable(L);
    this.lua.lua_pushstring(L, `${code} ${msg}`);
    this.lua.lua_setfield(L, -2, "err");
  }

  /** Raises a Redis error table (luaPushError + luaError). */
  raiseError(L: any, text: string): number {
    this.pushError(L, text);
    return this.lua.lua_error(L);
  }

  /** The runtime `redis` table (Redis: luaRegisterRedisAPI). */
  registerRedisApi(): void {
    const { lua } = this;
    const L = this.L;
    const sc = this.sc;
    lua.lua_newtable(L);
    const fn = (name: string, f: (L: any) => number) => this.st.setField(-1, name, f);
    fn("call", (Ls: any) => sc.redisCall(this, Ls, true));
    fn("pcall", (Ls: any) => sc.redisCall(this, Ls, false));
    fn("sha1hex", (Ls: any) => {
      if (lua.lua_gettop(Ls) !== 1) return this.raiseError(Ls, "wrong number of arguments");
      const s = lua.lua_tolstring(Ls, 1) ?? new Uint8Array(0);
      lua.lua_pushstring(Ls, sha1hex(s));
      return 1;
    });
    fn("error_reply", (Ls: any) => {
      if (lua.lua_gettop(Ls) !== 1 || lua.lua_type(Ls, -1) !== lua.LUA_TSTRING) {
        this.pushError(Ls, "wrong number or type of arguments");
        return 1;
      }
      const e = dec.decode(lua.lua_tolstring(Ls, -1));
      this.pushError(Ls, e[0] === "-" ? e : "-" + e);
      return 1;
    });
    fn("status_reply", (Ls: any) => {
      if (lua.lua_gettop(Ls) !== 1 || lua.lua_type(Ls, -1) !== lua.LUA_TSTRING) {
        this.pushError(Ls, "wrong number or type of arguments");
        return 1;
      }
      lua.lua_newtable(Ls);
      lua.lua_pushvalue(Ls, -2);
      lua.lua_setfield(Ls, -2, "ok");
      return 1;
    });
    this.registerLog();
    fn("setresp", (Ls: any) => {
      const run = sc.current;
      if (!run) return this.raiseError(Ls, "redis.setresp can only be called inside a script invocation");
      if (lua.lua_gettop(Ls) !== 1) return this.raiseError(Ls, "redis.setresp() requires one argument.");
      const r = lua.lua_tonumber(Ls, 1);
      if (r !== 2 && r !== 3) return this.raiseError(Ls, "RESP version must be 2 or 3.");
      run.resp = r;
      sc.core.engine.x.clientSetResp(sc.luaClient().c, r);
      return 0;
    });
    fn("set_repl", (Ls: any) => {
      if (!sc.current) return this.raiseError(Ls, "redis.set_repl can only be called inside a script invocation");
      if (lua.lua_gettop(Ls) !== 1) return this.raiseError(Ls, "redis.set_repl() requires two arguments.");
      const f = lua.lua_tonumber(Ls, -1);
      if ((f & ~3) !== 0) return this.raiseError(Ls, "Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.");
      return 0;
    });
    fn("replicate_commands", (Ls: any) => { lua.lua_pushboolean(Ls, 1); return 1; });
    fn("breakpoint", (Ls: any) => { lua.lua_pushboolean(Ls, 0); return 1; });
    fn("debug", () => 0);
    fn("acl_check_cmd", (Ls: any) => {
      // Redis luaRedisAclCheckCmdPermissionsCommand: may the caller's user run this command
      // with these arguments? (No ACL LOG entry.)
      const run = sc.current;
      if (!run) return this.raiseError(Ls, "redis.acl_check_cmd can only be called inside a script invocation");
      const argc = lua.lua_gettop(Ls);
      if (argc === 0) return this.raiseError(Ls, "Please specify at least one argument for this redis lib call");
      const argv: string[] = [];
      for (let i = 1; i <= argc; i++) {
        const t = lua.lua_type(Ls, i);
        if (t === lua.LUA_TNUMBER) argv.push(fmtG(lua.lua_tonumber(Ls, i), 17));
        else if (t === lua.LUA_TSTRING) argv.push(bin(lua.lua_tolstring(Ls, i)));
        else return this.raiseError(Ls, "Lua redis lib command arguments must be strings or integers");
      }
      const cmd = lookupCommandArgv(argv);
      if (!cmd) return this.raiseError(Ls, "Invalid command passed to redis.acl_check_cmd()");
      const acl = aclState(sc.core);
      const ok = !acl || acl.userOf(run.ctx.session.c).check(cmd, argv).ret === 0;
      lua.lua_pushboolean(Ls, ok ? 1 : 0);
      return 1;
    });
    const num = (name: string, v: number) => {
      lua.lua_pushnumber(L, v);
      lua.lua_setfield(L, -2, name);
    };
    num("REPL_NONE", 0); num("REPL_AOF", 1); num("REPL_SLAVE", 2); num("REPL_REPLICA", 2); num("REPL_ALL", 3);
    this.registerVersion();
    lua.lua_setglobal(L, "redis");
  }

  registerVersion(): void {
    const { lua } = this;
    lua.lua_pushstring(this.L, "7.0.15");
    lua.lua_setfield(this.L, -2, "REDIS_VERSION");
    lua.lua_pushnumber(this.L, 0x07000f);
    lua.lua_setfield(this.L, -2, "REDIS_VERSION_NUM");
  }

  /** redis.log and the LOG_* levels, on the table at the top of the stack. */
  registerLog(): void {
    const { lua } = this;
    this.st.setField(-1, "log", (Ls: any) => {
      const argc = lua.lua_gettop(Ls);
      if (argc < 2) return this.raiseError(Ls, "redis.log() requires two arguments or more.");
      if (!lua.lua_isnumber(Ls, 1)) return this.raiseError(Ls, "First argument must be a number (log level).");
      const level = lua.lua_tonumber(Ls, 1);
      if (level < 0 || level > 3) return this.raiseError(Ls, "Invalid debug level.");
      const parts: string[] = [];
      for (let i = 2; i <= argc; i++) {
        const s = lua.lua_tolstring(Ls, i);
        if (s) parts.push(dec.decode(s));
      }
      this.sc.log(level, parts.join(" "));
      return 0;
    });
    for (const [k, v] of [["LOG_DEBUG", 0], ["LOG_VERBOSE", 1], ["LOG_NOTICE", 2], ["LOG_WARNING", 3]] as const) {
      lua.lua_pushnumber(this.L, v);
      lua.lua_setfield(this.L, -2, k);
    }
  }

  /** Compiles `body` as chunk `chunkname`; pushes the function or returns the error text. */
  compile(body: Uint8Array, chunkname: string): string | null {
    const { lua, lauxlib } = this;
    const F = luaRuntime()!.fengari;
    if (lauxlib.luaL_loadbuffer(this.L, body, body.length, F.to_luastring(chunkname)) !== 0) {
      const e = F.to_jsstring(lua.lua_tolstring(this.L, -1) ?? new Uint8Array(0));
      lua.lua_pop(this.L, 1);
      return lua51Message(e);
    }
    return null;
  }
}

/** Logger the core gives scripting (redis.log). */
export type ScriptLogger = (level: number, msg: string) => void;

/** Scripting for one core: the EVAL state and cache, the functions state, the run. */
export class Scripting {
  /** The running script (null between scripts). */
  current: RunCtx | null = null;
  /** True while a script runs past busy-reply-threshold and the event loop is being served. */
  busy = false;
  private evalState: ScriptState | null = null;
  private lc: Session | null = null;
  private cmds: Map<string, CmdInfo> | null = null;
  private args: Uint8Array[] = [];
  private lastName: Uint8Array | null = null;
  private lastCmd: CmdInfo | undefined = undefined;
  private reader: ReplyReader | null = null;
  private u8: Uint8Array = new Uint8Array(0);
  private clock = 0;
  private clockCalls = 16;
  private timeId = -2;
  private xreadId = -2;
  private xreadgroupId = -2;
  logger: ScriptLogger = () => {};
  /** math.random's generator (Redis: rand.c's redisLrand48, one per server, never reset). */
  readonly rand = new RedisRand48();
  /** Instructions between two looks at the clock. */
  private hookEvery = 10000;

  constructor(readonly core: RespiteCore) {}

  available(): boolean { return luaRuntime() !== null; }

  /** The Lua client (created on first use). */
  luaClient(): Session {
    if (!this.lc) {
      const s = new Session(this.core, { addr: "", laddr: "", fd: -1, kind: "lua" });
      const x = this.core.engine.x;
      x.clientMarkScript(s.c);
      x.clientSetFlags(s.c, x.clientFlags(s.c) | CLIENT_FLAG.authenticated | CLIENT_FLAG.denyBlocking);
      this.lc = s;
    }
    return this.lc;
  }

  log(level: number, msg: string): void { this.logger(level, msg); }

  /** SCRIPT FLUSH: a fresh Lua state for EVAL (the cached scripts go with the old one). */
  resetEval(): void {
    this.evalState = null;
  }

  eval(): ScriptState {
    if (!this.evalState) {
      const s = new ScriptState(this, true);
      s.registerRedisApi();
      s.st.protect(false);
      this.evalState = s;
    }
    return this.evalState;
  }

  // ---- the command table -------------------------------------------------------------------

  private table(): Map<string, CmdInfo> {
    if (this.cmds) return this.cmds;
    const m = new Map<string, CmdInfo>();
    const eng = this.core.engine;
    const x = eng.x;
    eng.commandNames.forEach((name, id) => {
      const bar = name.indexOf("|");
      const info: CmdInfo = { id, arity: x.commandArityOf(id), flags: x.commandFlagBits(id) >>> 0, subs: null, impl: x.commandImplemented(id) !== 0 };
      if (bar < 0) {
        const prev = m.get(name);
        if (prev) { info.subs = prev.subs; }
        m.set(name, info);
      } else {
        const parent = name.slice(0, bar);
        let p = m.get(parent);
        if (!p) m.set(parent, (p = { id: -1, arity: 0, flags: 0, subs: null, impl: false }));
        (p.subs ??= new Map()).set(name.slice(bar + 1), info);
      }
    });
    // Commands Redis has but the engine does not implement stay in the table (flagged), so a
    // script gets Redis's arity and no-script errors for them before "Unknown ... command".
    this.cmds = m;
    return m;
  }

  /** Redis's lookupCommand for a script: (name, first argument) -> the command, or null. */
  lookup(name: Uint8Array, sub: Uint8Array | null): CmdInfo | null {
    const c = this.table().get(lowerAscii(name));
    if (!c) return null;
    if (c.subs && sub) return c.subs.get(lowerAscii(sub)) ?? null;
    return c;
  }

  // ---- redis.call ------------------------------------------------------------------------------

  /** redis.call (raise = true) / redis.pcall: runs one command on the Lua client. */
  redisCall(ss: ScriptState, L: any, raise: boolean): number {
    const { lua } = ss;
    const run = this.current;
    if (!run) return ss.raiseError(L, "redis.call/pcall can only be called inside a script invocation");
    const argc = lua.lua_gettop(L);
    if (argc === 0) {
      ss.pushError(L, "Please specify at least one argument for this redis lib call");
      return raise ? lua.lua_error(L) : 1;
    }
    const args = this.args; // reused: only the first argc entries count
    let total = 0;
    for (let i = 0; i < argc; i++) {
      const t = lua.lua_type(L, i + 1);
      let b: Uint8Array;
      if (t === lua.LUA_TSTRING) b = lua.lua_tolstring(L, i + 1);
      else if (t === lua.LUA_TNUMBER) b = enc.encode(fmtG(lua.lua_tonumber(L, i + 1), 17));
      else {
        lua.lua_settop(L, 0);
        ss.pushError(L, "Lua redis lib command arguments must be strings or integers");
        return raise ? lua.lua_error(L) : 1;
      }
      args[i] = b;
      total += b.length;
    }
    // (The arguments stay on the stack: the reply is pushed above them and returned alone.)
    // scriptCall's checks.
    // The same Lua string (a constant like 'INCR' in a loop) comes back as the same bytes
    // object: remember the last lookup by identity.
    let cmd: CmdInfo | undefined;
    if (args[0] === this.lastName) cmd = this.lastCmd;
    else {
      cmd = this.table().get(lowerAscii(args[0]));
      this.lastName = args[0];
      this.lastCmd = cmd;
    }
    let err: string | null = null;
    if (cmd && cmd.subs) {
      if (argc >= 2) cmd = cmd.subs.get(lowerAscii(args[1]));
      else if (cmd.id < 0) cmd = undefined;
    }
    if (!cmd) err = "Unknown Redis command called from script";
    else if ((cmd.arity > 0 && cmd.arity !== argc) || argc < -cmd.arity) err = "Wrong number of args calling Redis command from script";
    else if (cmd.flags & F_NOSCRIPT) err = "This Redis command is not allowed from script";
    else if (!cmd.impl) err = "Unknown Redis command called from script";
    // Redis scriptVerifyACL: the caller's ACL user (cmd/acl.ts), logged with context "lua".
    else if ((err = aclScriptCallError(this.core, run.ctx.session.c, cmd.id, args, argc)) !== null) { /* refused */ }
    else if (run.readOnly && (cmd.flags & (F_WRITE | F_MAY_REPLICATE))) err = "Write commands are not allowed from read-only scripts.";
    else if ((cmd.id === this.xreadId || cmd.id === this.xreadgroupId) && xreadBlocks(args, argc)) {
      // Redis refuses BLOCK in a script from XREAD itself (an error reply of the command).
      lua.lua_createtable(L, 0, 1);
      lua.lua_pushstring(L, `ERR ${cmd.id === this.xreadId ? "xread" : "xreadgroup"} command is not allowed with BLOCK option from scripts`);
      lua.lua_setfield(L, -2, "err");
      return raise ? lua.lua_error(L) : 1;
    }
    if (err !== null) {
      ss.pushError(L, err);
      return raise ? lua.lua_error(L) : 1;
    }
    if (cmd!.flags & F_WRITE) run.writeDirty = true;
    const isErr = this.execOnLuaClient(L, args, argc, total);
    return raise && isErr ? lua.lua_error(L) : 1;
  }

  /**
   * Writes args as a RESP command into the Lua client, runs it, and pushes its reply as a Lua
   * value. True if the reply was an error (an error table was pushed).
   */
  private execOnLuaClient(L: any, args: Uint8Array[], argc: number, payload: number): boolean {
    const lc = this.luaClient();
    const eng = this.core.engine;
    const x = eng.x;
    const c = lc.c;
    let size = 3 + digits(argc) + payload;
    for (let i = 0; i < argc; i++) size += 5 + digits(args[i].length);
    const p = x.clientReserve(c, size) >>> 0;
    // A view of wasm memory, renewed only when a memory.grow detached it (length 0): cheaper
    // than comparing buffers on every call.
    let mem = this.u8;
    if (mem.length === 0) mem = this.u8 = eng.mem();
    let o = p;
    mem[o++] = 0x2a;
    o = putInt(mem, o, argc);
    for (let i = 0; i < argc; i++) {
      const a = args[i];
      const n = a.length;
      mem[o++] = 0x24;
      o = putInt(mem, o, n);
      if (n < 32) for (let j = 0; j < n; j++) mem[o + j] = a[j];
      else mem.set(a, o);
      o += n;
      mem[o++] = 13;
      mem[o++] = 10;
    }
    // Redis freezes the clock for key expiry during a script but TIME reads the real one; the
    // engine has one clock per exec, so it gets the real time, read afresh every 16 commands
    // (a few microseconds apart at most) and always for TIME.
    if (++this.clockCalls >= 16 || this.lastCmd?.id === this.timeId) {
      this.clockCalls = 0;
      this.clock = this.core.now();
    }
    const now = this.clock;
    let st = x.exec(c, size, now);
    while (st === EXEC_HOST || st === EXEC_READY) {
      // Ready keys are served once the script is over (Redis serves them after the EVAL).
      if (st === EXEC_HOST) this.core.runHostCommand(lc);
      st = x.exec(c, 0, now);
    }
    const len = x.outLen(c);
    if (len === 0) {
      // (Every command replies; should one not, the script sees false, not stale bytes.)
      pushFalse(L);
      return false;
    }
    const base = x.outPtr(c) >>> 0;
    let m = this.u8;
    if (m.length === 0) m = this.u8 = eng.mem();
    const isErr = m[base] === 0x2d;
    const r = (this.reader ??= new ReplyReader());
    r.m = m;
    r.p = base;
    r.L = L;
    r.value();
    x.outReset(c);
    return isErr;
  }

  // ---- running -----------------------------------------------------------------------------------

  /**
   * Runs the function at registry ref `ref` of state ss. For EVAL, KEYS and ARGV are set as
   * globals; for FCALL they are the function's two arguments. Replies through ctx.w, now or
   * (a busy script) later through the session's output.
   */
  run(ss: ScriptState, ref: number, run: RunCtx, keys: Uint8Array[], argv: Uint8Array[]): void {
    const { lua } = ss;
    const L = ss.L;
    const x = this.core.engine.x;
    const lc = this.luaClient();
    x.clientSelect(lc.c, run.db);
    x.clientSetResp(lc.c, 2);
    run.effectsFrom = x.effectsLength();
    this.clock = run.startedAt;
    this.clockCalls = 0;
    if (this.timeId === -2) {
      const names = this.core.engine.commandNames;
      this.timeId = names.indexOf("time");
      this.xreadId = names.indexOf("xread");
      this.xreadgroupId = names.indexOf("xreadgroup");
    }
    run.inExec = x.clientInExec(run.ctx.session.c) !== 0;
    const pushArray = (Ls: any, items: Uint8Array[]) => {
      lua.lua_createtable(Ls, items.length, 0);
      for (let i = 0; i < items.length; i++) {
        lua.lua_pushlstring(Ls, items[i], items[i].length);
        lua.lua_rawseti(Ls, -2, i + 1);
      }
    };
    let co = ss.thread;
    if (!co || lua.lua_status(co) !== lua.LUA_OK || lua.lua_gettop(co) !== 0) {
      co = lua.lua_newthread(L);
      // Keep the thread referenced from the registry while it is ours.
      lua.lua_rawsetp(L, lua.LUA_REGISTRYINDEX, ss);
      ss.thread = co;
    }
    if (run.isEval) {
      pushArray(L, keys);
      ss.st.rawSetGlobal("KEYS");
      pushArray(L, argv);
      ss.st.rawSetGlobal("ARGV");
    }
    ss.st.scriptThread = co;
    lua.lua_getglobal(co, "xpcall");
    lua.lua_rawgeti(co, lua.LUA_REGISTRYINDEX, ref);
    lua.lua_rawgeti(co, lua.LUA_REGISTRYINDEX, ss.handlerRef);
    let nargs = 2;
    if (!run.isEval) {
      pushArray(co, keys);
      pushArray(co, argv);
      nargs = 4;
    }
    this.current = run;
    const hook = (Lh: any) => {
      const cur = this.current;
      if (!cur) return;
      if (cur.killed) {
        // Killed (SCRIPT KILL / FUNCTION KILL): note where, then leave the coroutine for good
        // by yielding (step() replies the error). An error raised here could be caught by a
        // pcall in the script, and fengari then runs the rest with hooks off; only where the
        // script cannot yield is the error raised, as Redis does.
        const ar = new lua.lua_Debug();
        const F = luaRuntime()!.fengari;
        if (lua.lua_getstack(Lh, 0, ar) && lua.lua_getinfo(Lh, "Sl", ar)) {
          cur.killedAt = `${F.to_jsstring(ar.source)}:${ar.currentline}`;
        }
        if (Lh === co && lua.lua_isyieldable(Lh)) {
          lua.lua_yield(Lh, 0);
          return;
        }
        lua.lua_sethook(Lh, hook, lua.LUA_MASKCOUNT | lua.LUA_MASKLINE, 1);
        ss.raiseError(Lh, "Script killed by user with SCRIPT KILL...");
        return;
      }
      const now = this.core.now();
      const threshold = this.core.config.num("busy-reply-threshold");
      if (!this.busy && threshold > 0 && now - cur.startedAt >= threshold) this.enterBusy(cur);
      // Only the script's own coroutine yields to the event loop (a coroutine the script made
      // would hand the yield to the script instead): loops inside those run to their end.
      if (this.busy && now - this.sliceStart >= 20 && Lh === co && lua.lua_isyieldable(Lh)) lua.lua_yield(Lh, 0);
    };
    lua.lua_sethook(co, hook, lua.LUA_MASKCOUNT, this.hookEvery);
    this.sliceStart = this.core.now();
    this.step(ss, co, nargs, run);
  }

  private sliceStart = 0;

  /** Resumes the script's coroutine; finishes it or schedules the next slice. */
  private step(ss: ScriptState, co: any, nargs: number, run: RunCtx): void {
    const { lua } = ss;
    // fengari's `^` is Math.pow, which V8 computes 1 ulp off glibc for negative integer
    // exponents (10^-5): while the script runs, Math.pow is the closer 1 / x^n there.
    Math.pow = accuratePow;
    let status: number;
    try {
      status = lua.lua_resume(co, ss.L, nargs);
    } catch (e) {
      // A JS exception through fengari (a bug, an engine abort): fail this script, keep the server.
      status = -1;
      lua.lua_pushstring(co, String((e as Error)?.message ?? e));
    } finally {
      Math.pow = nativePow;
    }
    if (status === lua.LUA_YIELD && run.killed && run.killedAt) {
      ss.thread = null; // abandoned mid-run
      lua.lua_sethook(co, null, 0, 0);
      const at = run.killedAt;
      this.finish(run, enc.encode(`-ERR Script killed by user with SCRIPT KILL... script: ${run.funcname}, on ${at}.\r\n`));
      return;
    }
    if (status === lua.LUA_YIELD) {
      this.sliceStart = this.core.now();
      setTimeout(() => {
        this.sliceStart = this.core.now();
        this.step(ss, co, 0, run);
      }, 0);
      return;
    }
    const out = new Out();
    if (status !== lua.LUA_OK) {
      // An error outside xpcall's protection (should not happen): report it plainly.
      const e = lua.lua_tojsstring(co, -1) ?? "execution failure";
      out.ascii(`-ERR Error running script ${run.funcname}, ${oneLine(e).slice(0, 100)}\r\n`);
      ss.thread = null;
    } else if (lua.lua_toboolean(co, 1)) {
      if (lua.lua_gettop(co) < 2) lua.lua_pushnil(co);
      lua.lua_settop(co, 2);
      try {
        this.luaToResp(ss, co, out, run.ctx.proto, run.resp);
      } catch (e) {
        out.n = 0;
        out.ascii(`-ERR Error running script ${run.funcname}, ${oneLine(String((e as Error)?.message ?? e)).slice(0, 100)}\r\n`);
      }
    } else {
      this.errorReply(ss, co, out, run.funcname);
    }
    lua.lua_settop(co, 0);
    lua.lua_sethook(co, null, 0, 0);
    this.finish(run, out.take());
  }

  /** The script is over: reply, propagate, leave busy mode. */
  private finish(run: RunCtx, reply: Uint8Array): void {
    const x = this.core.engine.x;
    // Inside MULTI/EXEC the transaction already wraps everything (no nested MULTI).
    if (!run.inExec) x.scriptWrapEffects(run.effectsFrom, run.db);
    this.current = null;
    const s = run.ctx.session;
    if (this.busy) {
      this.busy = false;
      this.core.scriptBusy = false;
      x.setScriptBusy(0);
      // The EVAL was parked (busy): its reply goes out now and the session goes on.
      if (reply[0] === 0x2d) this.core.stats.hostErrorReplies++;
      if (!s.closed) {
        this.core.engine.reply(s.c, reply);
        s.blocked = false;
        s.resume();
      }
      this.core.blocking.serveReadyKeys();
      this.core.blocking.flush();
      return;
    }
    run.ctx.w.raw(reply);
  }

  /** Past busy-reply-threshold: others get -BUSY, the caller waits for a later reply. */
  private enterBusy(run: RunCtx): void {
    this.busy = true;
    this.core.scriptBusy = true;
    this.core.engine.x.setScriptBusy(run.isEval ? 1 : 2);
    this.log(3, `Slow script detected: still in execution after ${Math.round(this.core.now() - run.startedAt)} milliseconds. You can try killing the script using the ${run.isEval ? "SCRIPT KILL" : "FUNCTION KILL"} command. Script name is: ${run.funcname}.`);
    // Park the caller: runHostCommand returns without a reply; finish() delivers it.
    run.ctx.session.blocked = true;
  }

  /** SCRIPT KILL (isEval) / FUNCTION KILL. */
  kill(ctx: HostCommandContext, isEval: boolean): void {
    const run = this.current;
    if (!run || !this.busy) {
      ctx.w.error("NOTBUSY No scripts in execution right now.");
      return;
    }
    if (run.writeDirty) {
      ctx.w.error("UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.");
      return;
    }
    // SCRIPT KILL does not kill a function, nor FUNCTION KILL an EVAL script: -BUSY names the right one.
    if (run.isEval !== isEval) {
      ctx.w.error(run.isEval ? BUSY_EVAL : BUSY_FUNCTION);
      return;
    }
    run.killed = true;
    ctx.w.ok();
  }

  // ---- Lua -> RESP -------------------------------------------------------------------------------

  /** The error reply of a failed script (Redis: luaCallFunction's error branch). */
  private errorReply(ss: ScriptState, co: any, out: Out, funcname: string): void {
    const { lua } = ss;
    const F = luaRuntime()!.fengari;
    const top = lua.lua_gettop(co);
    if (!lua.lua_istable(co, top)) {
      const e = lua.lua_isstring(co, top) ? F.to_jsstring(lua.lua_tolstring(co, top)) : "execution failure";
      out.ascii(`-ERR Error running script ${funcname}, ${oneLine(e).slice(0, 100)}\r\n`);
      return;
    }
    const field = (name: string): string | null => {
      lua.lua_getfield(co, top, name);
      const v = lua.lua_isstring(co, -1) ? F.to_jsstring(lua.lua_tolstring(co, -1)) : null;
      lua.lua_pop(co, 1);
      return v;
    };
    const msg = field("err");
    const source = field("source");
    const line = field("line");
    let s = `-${msg}`;
    if (line && source) s += ` script: ${funcname}, on ${source}:${line}.`;
    out.bytes(enc.encode(oneLine(s)));
    out.ascii("\r\n");
  }

  /**
   * The value on top of L's stack as a reply (Redis: luaReplyToRedisReply); pops it. Arrays
   * are walked with an explicit stack of frames instead of recursion, so a table nested 8000
   * deep (or containing itself) ends like Redis's, in "reached lua stack limit", rather than
   * overflowing the JS stack.
   */
  luaToResp(ss: ScriptState, L: any, out: Out, proto: number, luaResp: number): void {
    const { lua } = ss;
    const frames: { items: Out; n: number; j: number }[] = [];
    let pending = true;
    for (;;) {
      if (pending) {
        const sink = frames.length ? frames[frames.length - 1].items : out;
        if (this.convertOne(ss, L, sink, proto, luaResp)) frames.push({ items: new Out(), n: 0, j: 1 });
        else if (frames.length) frames[frames.length - 1].n++;
        pending = false;
      }
      if (frames.length === 0) return;
      const f = frames[frames.length - 1];
      lua.lua_rawgeti(L, -1, f.j++);
      if (lua.lua_type(L, -1) !== lua.LUA_TNIL) {
        pending = true;
        continue;
      }
      lua.lua_pop(L, 2); // the nil and the array
      frames.pop();
      const parent = frames.length ? frames[frames.length - 1].items : out;
      parent.ascii(`*${f.n}\r\n`);
      parent.bytes(f.items.b.subarray(0, f.items.n));
      if (frames.length) frames[frames.length - 1].n++;
    }
  }

  /** One value: written (and popped), or true for an array left on the stack for luaToResp. */
  private convertOne(ss: ScriptState, L: any, out: Out, proto: number, luaResp: number): boolean {
    const { lua } = ss;
    const F = luaRuntime()!.fengari;
    // Redis checks for 4 free slots of Lua's C stack (8000) at each level: a table nested
    // that deep (or containing itself) ends in this error, after as many levels as fit.
    if (lua.lua_gettop(L) + 4 > 8000) {
      out.ascii("-ERR reached lua stack limit\r\n");
      lua.lua_pop(L, 1);
      return false;
    }
    const t = lua.lua_type(L, -1);
    switch (t) {
      case lua.LUA_TSTRING:
        out.bulk(lua.lua_tolstring(L, -1));
        break;
      case lua.LUA_TBOOLEAN:
        if (luaResp === 2) out.ascii(lua.lua_toboolean(L, -1) ? ":1\r\n" : proto >= 3 ? "_\r\n" : "$-1\r\n");
        else out.ascii(proto >= 3 ? (lua.lua_toboolean(L, -1) ? "#t\r\n" : "#f\r\n") : (lua.lua_toboolean(L, -1) ? ":1\r\n" : ":0\r\n"));
        break;
      case lua.LUA_TNUMBER:
        out.ascii(`:${doubleToLongLongString(lua.lua_tonumber(L, -1))}\r\n`);
        break;
      case lua.LUA_TTABLE: {
        lauxCheck(ss, L);
        const get = (name: string): number => {
          lua.lua_pushstring(L, name);
          lua.lua_rawget(L, -2);
          return lua.lua_type(L, -1);
        };
        if (get("err") === lua.LUA_TSTRING) {
          const msg = F.to_jsstring(lua.lua_tolstring(L, -1));
          out.bytes(enc.encode(oneLine(`-${msg}`)));
          out.ascii("\r\n");
          lua.lua_pop(L, 2);
          return false;
        }
        lua.lua_pop(L, 1);
        if (get("ok") === lua.LUA_TSTRING) {
          out.ascii("+");
          out.bytes(mapCrLf(lua.lua_tolstring(L, -1)));
          out.ascii("\r\n");
          lua.lua_pop(L, 2);
          return false;
        }
        lua.lua_pop(L, 1);
        if (get("double") === lua.LUA_TNUMBER) {
          const d = fmtG(lua.lua_tonumber(L, -1), 17);
          const s = d === "-nan" ? "nan" : d;
          if (proto >= 3) out.ascii(`,${s}\r\n`);
          else out.ascii(`$${s.length}\r\n${s}\r\n`);
          lua.lua_pop(L, 2);
          return false;
        }
        lua.lua_pop(L, 1);
        if (get("big_number") === lua.LUA_TSTRING) {
          const b = mapCrLf(lua.lua_tolstring(L, -1));
          if (proto >= 3) { out.ascii("("); out.bytes(b); out.ascii("\r\n"); } else out.bulk(b);
          lua.lua_pop(L, 2);
          return false;
        }
        lua.lua_pop(L, 1);
        if (get("verbatim_string") === lua.LUA_TTABLE) {
          lua.lua_getfield(L, -1, "format");
          lua.lua_getfield(L, -2, "string");
          if (lua.lua_type(L, -2) === lua.LUA_TSTRING && lua.lua_type(L, -1) === lua.LUA_TSTRING) {
            const fmt = lua.lua_tolstring(L, -2);
            const s = lua.lua_tolstring(L, -1);
            if (proto >= 3) {
              out.ascii(`=${s.length + 4}\r\n`);
              out.bytes(fmt.subarray(0, 3));
              out.ascii(":");
              out.bytes(s);
              out.ascii("\r\n");
            } else out.bulk(s);
            lua.lua_pop(L, 4);
            return false;
          }
          lua.lua_pop(L, 2);
        }
        lua.lua_pop(L, 1);
        if (get("map") === lua.LUA_TTABLE) {
          const items = new Out();
          let n = 0;
          lua.lua_pushnil(L);
          while (lua.lua_next(L, -2) !== 0) {
            lua.lua_pushvalue(L, -2);
            this.luaToResp(ss, L, items, proto, luaResp);
            this.luaToResp(ss, L, items, proto, luaResp);
            n++;
          }
          out.ascii(proto >= 3 ? `%${n}\r\n` : `*${n * 2}\r\n`);
          out.bytes(items.b.subarray(0, items.n));
          lua.lua_pop(L, 2);
          return false;
        }
        lua.lua_pop(L, 1);
        if (get("set") === lua.LUA_TTABLE) {
          const items = new Out();
          let n = 0;
          lua.lua_pushnil(L);
          while (lua.lua_next(L, -2) !== 0) {
            lua.lua_pop(L, 1);
            lua.lua_pushvalue(L, -1);
            this.luaToResp(ss, L, items, proto, luaResp);
            n++;
          }
          out.ascii(proto >= 3 ? `~${n}\r\n` : `*${n}\r\n`);
          out.bytes(items.b.subarray(0, items.n));
          lua.lua_pop(L, 2);
          return false;
        }
        lua.lua_pop(L, 1);
        // An array (1..n up to the first nil): the caller walks it, with no recursion.
        return true;
      }
      default:
        out.ascii(proto >= 3 ? "_\r\n" : "$-1\r\n");
    }
    lua.lua_pop(L, 1);
    return false;
  }
}

function lauxCheck(ss: ScriptState, L: any): void {
  ss.lauxlib.luaL_checkstack(L, 8, "reached lua stack limit");
}

function mapCrLf(b: Uint8Array): Uint8Array {
  let has = false;
  for (let i = 0; i < b.length; i++) if (b[i] === 13 || b[i] === 10) { has = true; break; }
  if (!has) return b;
  const c = b.slice();
  for (let i = 0; i < c.length; i++) if (c[i] === 13 || c[i] === 10) c[i] = 32;
  return c;
}

function pushFalse(L: any): void {
  luaRuntime()!.fengari.lua.lua_pushboolean(L, 0);
}

/** XREAD / XREADGROUP arguments: is there a BLOCK option before STREAMS? */
function xreadBlocks(args: Uint8Array[], argc: number): boolean {
  for (let i = 1; i < argc - 1; i++) {
    const a = lowerAscii(args[i]);
    if (a === "streams") return false;
    if (a === "block") return true;
  }
  return false;
}

function lowerAscii(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    s += String.fromCharCode(c >= 65 && c <= 90 ? c + 32 : c);
  }
  return s;
}

function digits(n: number): number {
  let d = 1;
  while (n >= 10) {
    n = Math.floor(n / 10);
    d++;
  }
  return d;
}

/** Writes n in decimal and CRLF at o; returns the new offset. */
function putInt(mem: Uint8Array, o: number, n: number): number {
  const d = digits(n);
  let v = n;
  for (let i = d - 1; i >= 0; i--) {
    mem[o + i] = 48 + (v % 10);
    v = Math.floor(v / 10);
  }
  o += d;
  mem[o++] = 13;
  mem[o++] = 10;
  return o;
}

/**
 * A reply in wasm memory -> Lua values (Redis: redisProtocolToLuaType), pushed on L: nulls as
 * false (RESP2) or nil (RESP3), statuses as {ok=}, errors as {err=}, doubles as {double=},
 * maps as {map={}}, sets as {set={}}, big numbers as {big_number=}, verbatim strings as
 * {verbatim_string={format=, string=}}; attributes are skipped.
 */
class ReplyReader {
  private lua: any = luaRuntime()!.fengari.lua;
  m: Uint8Array = new Uint8Array(0);
  p = 0;
  L: any = null;

  private line(): number {
    // Returns the index of the CR ending the current line.
    let i = this.p;
    while (this.m[i] !== 13) i++;
    return i;
  }

  private int(from: number, to: number): number {
    let neg = false, v = 0, i = from;
    if (this.m[i] === 0x2d) { neg = true; i++; }
    for (; i < to; i++) v = v * 10 + (this.m[i] - 48);
    return neg ? -v : v;
  }

  private text(from: number, to: number): string {
    return dec.decode(this.m.subarray(from, to));
  }

  value(): void {
    const { lua, L, m } = this;
    lua.lua_checkstack(L, 4);
    const type = m[this.p++];
    const eol = this.line();
    const start = this.p;
    this.p = eol + 2;
    switch (type) {
      case 0x2b: // +status
        lua.lua_createtable(L, 0, 1);
        lua.lua_pushlstring(L, m.subarray(start, eol), eol - start);
        lua.lua_setfield(L, -2, "ok");
        return;
      case 0x2d: { // -error
        lua.lua_createtable(L, 0, 1);
        lua.lua_pushlstring(L, m.subarray(start, eol), eol - start);
        lua.lua_setfield(L, -2, "err");
        return;
      }
      case 0x3a: { // :integer (as a double, like lua_pushnumber of a long long)
        const n = eol - start;
        lua.lua_pushnumber(L, n < 16 ? this.int(start, eol) : Number(this.text(start, eol)));
        return;
      }
      case 0x24: { // $bulk
        const n = this.int(start, eol);
        if (n < 0) { lua.lua_pushboolean(L, 0); return; }
        lua.lua_pushlstring(L, m.subarray(this.p, this.p + n), n);
        this.p += n + 2;
        return;
      }
      case 0x2a: { // *array
        const n = this.int(start, eol);
        if (n < 0) { lua.lua_pushboolean(L, 0); return; }
        lua.lua_createtable(L, n, 0);
        for (let j = 1; j <= n; j++) {
          this.value();
          lua.lua_rawseti(L, -2, j);
        }
        return;
      }
      case 0x25: { // %map
        const n = this.int(start, eol);
        lua.lua_createtable(L, 0, 1);
        lua.lua_createtable(L, 0, n);
        for (let j = 0; j < n; j++) {
          this.value();
          this.value();
          lua.lua_rawset(L, -3);
        }
        lua.lua_setfield(L, -2, "map");
        return;
      }
      case 0x7e: { // ~set
        const n = this.int(start, eol);
        lua.lua_createtable(L, 0, 1);
        lua.lua_createtable(L, 0, n);
        for (let j = 0; j < n; j++) {
          this.value();
          lua.lua_pushboolean(L, 1);
          lua.lua_rawset(L, -3);
        }
        lua.lua_setfield(L, -2, "set");
        return;
      }
      case 0x5f: lua.lua_pushnil(L); return; // _null
      case 0x23: lua.lua_pushboolean(L, m[start] === 0x74 ? 1 : 0); return; // #bool
      case 0x2c: { // ,double
        const s = this.text(start, eol);
        lua.lua_createtable(L, 0, 1);
        lua.lua_pushnumber(L, s === "inf" ? Infinity : s === "-inf" ? -Infinity : Number(s));
        lua.lua_setfield(L, -2, "double");
        return;
      }
      case 0x28: // (big number
        lua.lua_createtable(L, 0, 1);
        lua.lua_pushlstring(L, m.subarray(start, eol), eol - start);
        lua.lua_setfield(L, -2, "big_number");
        return;
      case 0x3d: { // =verbatim
        const n = this.int(start, eol);
        const b = this.p;
        this.p += n + 2;
        lua.lua_createtable(L, 0, 1);
        lua.lua_createtable(L, 0, 2);
        lua.lua_pushlstring(L, m.subarray(b + 4, b + n), n - 4);
        lua.lua_setfield(L, -2, "string");
        lua.lua_pushlstring(L, m.subarray(b, b + 3), 3);
        lua.lua_setfield(L, -2, "format");
        lua.lua_setfield(L, -2, "verbatim_string");
        return;
      }
      case 0x7c: { // |attribute: skipped
        const n = this.int(start, eol);
        const top = lua.lua_gettop(L);
        for (let j = 0; j < 2 * n; j++) this.value();
        lua.lua_settop(L, top);
        this.value();
        return;
      }
      default:
        lua.lua_pushnil(L);
    }
  }
}
