// functions.ts — Redis Functions (Redis: functions.c, function_lua.c): libraries of Lua
// functions loaded with FUNCTION LOAD "#!lua name=<lib>\n..." and called with FCALL.
//
// PORTABLE: no node: imports.
//
// One Lua state holds every library (ScriptState with isEval = false). While a library's
// code runs at load time, the globals read through to a small load-time API instead of the
// real globals: only `redis` with register_function, log, LOG_* and the version, as Redis
// 7.0 does; the registered callbacks run later against the full runtime API. A library whose
// code fails, registers nothing, or clashes with an existing function leaves everything as
// it was.
//
// FUNCTION DUMP / RESTORE use Redis's payload format, so dumps move between Respite and
// redis-server: per library an RDB_OPCODE_FUNCTION2 byte and the code as an RDB string,
// then the RDB version (2 bytes, little endian) and a CRC-64/Jones of everything before it
// (8 bytes, little endian). Respite writes strings uncompressed and reads LZF ones too.

/* eslint-disable @typescript-eslint/no-explicit-any */
import { luaRuntime } from "./runtime.js";
import { markReadonly } from "./lua.js";
import { SCRIPT_FLAG_NAMES, ScriptState, Scripting } from "./scripting.js";

export interface FunctionInfo { name: string; ref: number; flags: number; desc: Uint8Array | null; lib: LibraryInfo }
export interface LibraryInfo { name: string; code: Uint8Array; functions: Map<string, FunctionInfo> }

const dec = new TextDecoder();
const enc = new TextEncoder();

const NAME_RE = /^[A-Za-z0-9_]+$/;

export class Functions {
  readonly libraries = new Map<string, LibraryInfo>();
  readonly functions = new Map<string, FunctionInfo>();
  private state: ScriptState | null = null;
  /** Registry ref of the load-time globals ({redis = load API}). */
  private loadEnvRef = 0;
  /** The library being loaded (register_function adds to it). */
  private loading: LibraryInfo | null = null;

  constructor(readonly sc: Scripting) {}

  lua(): ScriptState {
    if (this.state) return this.state;
    const ss = new ScriptState(this.sc, false);
    const { lua, lauxlib } = ss;
    const L = ss.L;
    ss.registerRedisApi();
    ss.st.protect(true);
    // The load-time globals: {redis = {register_function, log, LOG_*, version}}.
    lua.lua_newtable(L);
    lua.lua_newtable(L);
    ss.st.setField(-1, "register_function", (Ls: any) => this.registerFunction(ss, Ls));
    ss.registerLog();
    ss.registerVersion();
    // Reading a missing field of the load-time redis table is an error too (redis.call).
    lua.lua_newtable(L);
    lua.lua_pushcfunction(L, (Ls: any) => {
      const name = lua.lua_tojsstring(Ls, 2) ?? "?";
      return lauxlib.luaL_error(Ls, `Script attempted to access nonexistent global variable '${name}'`);
    });
    lua.lua_setfield(L, -2, "__index");
    lua.lua_setmetatable(L, -2);
    lua.lua_setfield(L, -2, "redis");
    lua.lua_newtable(L);
    lua.lua_pushcfunction(L, (Ls: any) => {
      const name = lua.lua_tojsstring(Ls, 2) ?? "?";
      return lauxlib.luaL_error(Ls, `Script attempted to access nonexistent global variable '${name}'`);
    });
    lua.lua_setfield(L, -2, "__index");
    lua.lua_setmetatable(L, -2);
    // Load-time code cannot change the load API either.
    lua.lua_getfield(L, -1, "redis");
    markReadonly(lua.lua_topointer(L, -1));
    lua.lua_pop(L, 1);
    markReadonly(lua.lua_topointer(L, -1));
    this.loadEnvRef = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
    this.state = ss;
    return ss;
  }

  private registerFunction(ss: ScriptState, L: any): number {
    const { lua } = ss;
    const F = luaRuntime()!.fengari;
    const lib = this.loading;
    if (!lib) return ss.raiseError(L, "redis.register_function can only be called on FUNCTION LOAD command");
    const argc = lua.lua_gettop(L);
    let name: Uint8Array | null = null;
    let desc: Uint8Array | null = null;
    let flags = 0;
    let haveCallback = false;
    if (argc < 1 || argc > 2) return ss.raiseError(L, "wrong number of arguments to redis.register_function");
    if (argc === 1) {
      if (!lua.lua_istable(L, 1)) return ss.raiseError(L, "calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).");
      lua.lua_pushnil(L);
      while (lua.lua_next(L, 1) !== 0) {
        if (!lua.lua_isstring(L, -2)) return ss.raiseError(L, "named argument key given to redis.register_function is not a string");
        const key = F.to_jsstring(lua.lua_tolstring(L, -2));
        if (key === "function_name") {
          if (lua.lua_type(L, -1) !== lua.LUA_TSTRING) return ss.raiseError(L, "function_name argument given to redis.register_function must be a string");
          name = lua.lua_tolstring(L, -1).slice();
        } else if (key === "description") {
          if (lua.lua_type(L, -1) !== lua.LUA_TSTRING) return ss.raiseError(L, "description argument given to redis.register_function must be a string");
          desc = lua.lua_tolstring(L, -1).slice();
        } else if (key === "callback") {
          if (!lua.lua_isfunction(L, -1)) return ss.raiseError(L, "callback argument given to redis.register_function must be a function");
          haveCallback = true;
        } else if (key === "flags") {
          if (!lua.lua_istable(L, -1)) return ss.raiseError(L, "flags argument to redis.register_function must be a table representing function flags");
          for (let j = 1; ; j++) {
            lua.lua_rawgeti(L, -1, j);
            if (lua.lua_isnil(L, -1)) { lua.lua_pop(L, 1); break; }
            const f = lua.lua_isstring(L, -1) ? F.to_jsstring(lua.lua_tolstring(L, -1)) : "";
            const hit = SCRIPT_FLAG_NAMES.find(([n]) => n === f);
            if (!hit) return ss.raiseError(L, "unknown flag given");
            flags |= hit[1];
            lua.lua_pop(L, 1);
          }
        } else {
          return ss.raiseError(L, "unknown argument given to redis.register_function");
        }
        lua.lua_pop(L, 1);
      }
      if (!name) return ss.raiseError(L, "redis.register_function must get a function name argument");
      if (!haveCallback) return ss.raiseError(L, "redis.register_function must get a callback argument");
      // Find the callback again (the table walk above only validated it).
      lua.lua_getfield(L, 1, "callback");
    } else {
      if (!lua.lua_isstring(L, 1)) return ss.raiseError(L, "first argument to redis.register_function must be a string");
      if (!lua.lua_isfunction(L, 2)) return ss.raiseError(L, "second argument to redis.register_function must be a function");
      name = lua.lua_tolstring(L, 1).slice();
      lua.lua_pushvalue(L, 2);
    }
    const fname = dec.decode(name!);
    // (Redis 7.0 words this check like the library name one.)
    if (!NAME_RE.test(fname)) return ss.raiseError(L, "Library names can only contain letters, numbers, or underscores(_) and must be at least one character long");
    if (lib.functions.has(fname)) return ss.raiseError(L, "Function already exists in the library");
    const ref = ss.lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
    lib.functions.set(fname, { name: fname, ref, flags, desc, lib });
    return 0;
  }

  /**
   * FUNCTION LOAD's work: parses the metadata, runs the code, checks clashes; returns the
   * library name or an error message (without "ERR ").
   */
  load(code: Uint8Array, replace: boolean): { name?: string; err?: string } {
    const md = extractMetadata(code);
    if (md.err) return { err: md.err };
    const name = md.name!;
    if (!NAME_RE.test(name)) return { err: "Library names can only contain letters, numbers, or underscores(_) and must be at least one character long" };
    if (md.engine !== "lua") return { err: `Engine '${md.engine}' not found` };
    const old = this.libraries.get(name);
    if (old && !replace) return { err: `Library '${name}' already exists` };
    const ss = this.lua();
    const { lua } = ss;
    const L = ss.L;
    const lib: LibraryInfo = { name, code: code.slice(), functions: new Map() };
    const cerr = ss.compile(md.body!, "@user_function");
    if (cerr !== null) return { err: `Error compiling function: ${cerr}` };
    ss.st.setGlobalsIndex(this.loadEnvRef);
    this.loading = lib;
    // With the scripts' message handler, so string errors read "ERR <where>: <msg>" as in Redis.
    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, ss.handlerRef);
    lua.lua_insert(L, -2);
    // Redis gives the load 500 ms (luaEngineLoadHook), then fails it: a loop at load time
    // must not hang the server.
    const started = this.sc.core.now();
    const hook = (Lh: any) => {
      if (this.sc.core.now() - started > 500) {
        lua.lua_sethook(Lh, hook, lua.LUA_MASKCOUNT | lua.LUA_MASKLINE, 1);
        ss.raiseError(Lh, "FUNCTION LOAD timeout");
      }
    };
    lua.lua_sethook(L, hook, lua.LUA_MASKCOUNT, 100000);
    const status = lua.lua_pcall(L, 0, 0, -2);
    lua.lua_sethook(L, null, 0, 0);
    this.loading = null;
    ss.st.setGlobalsIndex(-1);
    if (status === 0) lua.lua_pop(L, 1); // the handler
    const drop = () => { for (const f of lib.functions.values()) ss.lauxlib.luaL_unref(L, lua.LUA_REGISTRYINDEX, f.ref); };
    if (status !== 0) {
      const msg = errorMessage(ss, L);
      lua.lua_pop(L, 2);
      drop();
      return { err: `Error registering functions: ${msg}` };
    }
    if (lib.functions.size === 0) {
      drop();
      return { err: "No functions registered" };
    }
    for (const f of lib.functions.keys()) {
      const other = this.functions.get(f);
      if (other && other.lib !== old) {
        drop();
        return { err: `Function ${f} already exists` };
      }
    }
    if (old) this.unlink(old);
    this.link(lib);
    return { name };
  }

  private link(lib: LibraryInfo): void {
    this.libraries.set(lib.name, lib);
    for (const f of lib.functions.values()) this.functions.set(f.name, f);
  }

  /** Takes a library out of the maps; its callbacks stay alive (a failed RESTORE puts it back). */
  private unlink(lib: LibraryInfo): void {
    this.libraries.delete(lib.name);
    for (const f of lib.functions.keys()) this.functions.delete(f);
  }

  delete(name: string): boolean {
    const lib = this.libraries.get(name);
    if (!lib) return false;
    this.unlink(lib);
    if (this.state) for (const f of lib.functions.values()) this.state.lauxlib.luaL_unref(this.state.L, this.state.lua.LUA_REGISTRYINDEX, f.ref);
    return true;
  }

  flush(): void {
    this.libraries.clear();
    this.functions.clear();
    this.state = null; // a fresh Lua state, as Redis does
  }

  // ---- DUMP / RESTORE ----------------------------------------------------------------------

  /** FUNCTION DUMP's payload: the records, the RDB version, the CRC-64. */
  dump(): Uint8Array {
    const parts = Array.from(this.rdbRecords());
    parts.push(10, 0); // RDB version 10 (Redis 7.0)
    const crc = crc64(Uint8Array.from(parts));
    for (let i = 0n; i < 8n; i++) parts.push(Number((crc >> (8n * i)) & 0xffn));
    return Uint8Array.from(parts);
  }

  /**
   * The libraries as RDB records (RDB_OPCODE_FUNCTION2 + code string each), for FUNCTION
   * DUMP and for an RDB file's function section; loadLibraryCode takes one back.
   */
  rdbRecords(): Uint8Array {
    const parts: number[] = [];
    const core = this.sc.core;
    const compress = core.config.get("rdbcompression") === "yes";
    for (const lib of this.libraries.values()) {
      parts.push(245); // RDB_OPCODE_FUNCTION2
      const code = lib.code;
      // rdbSaveRawString: LZF when rdbcompression is on, the string is over 20 bytes and the
      // compressed form is at least 4 bytes shorter; the engine's LZF is Redis's, byte for byte.
      let packed: Uint8Array | null = null;
      if (compress && code.length > 20) {
        const eng = core.engine;
        const p = eng.x.scratch(code.length * 2) >>> 0;
        eng.mem().set(code, p);
        const n = eng.x.lzfCompressInto(p, code.length, p + code.length, code.length - 4);
        if (n > 0) packed = eng.bytes(p + code.length, n);
      }
      if (packed) {
        parts.push(0xc3); // RDB_ENCVAL << 6 | RDB_ENC_LZF
        rdbLen(parts, packed.length);
        rdbLen(parts, code.length);
        for (const b of packed) parts.push(b);
      } else {
        rdbLen(parts, code.length);
        for (const b of code) parts.push(b);
      }
    }
    return Uint8Array.from(parts);
  }

  /** Loads one library's code from an RDB file (REPLACE semantics); an error message or null. */
  loadLibraryCode(code: Uint8Array): string | null {
    const r = this.load(code, true);
    return r.err ?? null;
  }

  /** Parses a DUMP payload into library codes, or null if it is not a valid one. */
  static parseDump(p: Uint8Array): Uint8Array[] | null {
    if (p.length < 10) return null;
    const ver = p[p.length - 10] | (p[p.length - 9] << 8);
    if (ver > 10) return null;
    let crc = 0n;
    for (let i = 7; i >= 0; i--) crc = (crc << 8n) | BigInt(p[p.length - 8 + i]);
    if (crc !== 0n && crc64(p.subarray(0, p.length - 8)) !== crc) return null;
    const codes: Uint8Array[] = [];
    let o = 0;
    const end = p.length - 10;
    while (o < end) {
      if (p[o++] !== 245) return null;
      const r = rdbString(p, o, end);
      if (!r) return null;
      codes.push(r.s);
      o = r.o;
    }
    return codes;
  }

  /** FUNCTION RESTORE with a policy; returns an error message or null. */
  restore(codes: Uint8Array[], policy: "FLUSH" | "APPEND" | "REPLACE"): string | null {
    const saved = { libs: new Map(this.libraries), fns: new Map(this.functions) };
    // Load into a scratch registry of names: on any failure, put everything back.
    if (policy === "FLUSH") {
      this.libraries.clear();
      this.functions.clear();
    }
    const loaded: string[] = [];
    for (const code of codes) {
      const md = extractMetadata(code);
      if (md.err) return this.rollback(saved, md.err);
      if (this.libraries.has(md.name!) && policy === "APPEND") return this.rollback(saved, `Library ${md.name} already exists`);
      const r = this.load(code, policy === "REPLACE");
      if (r.err) return this.rollback(saved, r.err);
      loaded.push(r.name!);
    }
    return null;
  }

  private rollback(saved: { libs: Map<string, LibraryInfo>; fns: Map<string, FunctionInfo> }, err: string): string {
    this.libraries.clear();
    this.functions.clear();
    for (const [k, v] of saved.libs) this.libraries.set(k, v);
    for (const [k, v] of saved.fns) this.functions.set(k, v);
    return err;
  }
}

/** The message of the error on top of L (a string, or a Redis error table's err field). */
function errorMessage(ss: ScriptState, L: any): string {
  const { lua } = ss;
  const F = luaRuntime()!.fengari;
  if (lua.lua_istable(L, -1)) {
    lua.lua_getfield(L, -1, "err");
    const s = lua.lua_isstring(L, -1) ? F.to_jsstring(lua.lua_tolstring(L, -1)) : "";
    lua.lua_pop(L, 1);
    return s;
  }
  return lua.lua_isstring(L, -1) ? F.to_jsstring(lua.lua_tolstring(L, -1)) : "";
}

/** Redis's functionExtractLibMetaData: "#!<engine> name=<lib>" then the body (from the newline). */
export function extractMetadata(code: Uint8Array): { engine?: string; name?: string; body?: Uint8Array; err?: string } {
  if (code[0] !== 0x23 || code[1] !== 0x21) return { err: "Missing library metadata" };
  const nl = code.indexOf(10);
  if (nl < 0) return { err: "Invalid library metadata" };
  const line = dec.decode(code.subarray(0, nl));
  const parts = line.split(/\s+/).filter((x) => x.length > 0);
  if (parts.length === 0) return { err: "Invalid library metadata" };
  const engine = parts[0].slice(2);
  let name: string | undefined;
  for (const part of parts.slice(1)) {
    if (part.slice(0, 5).toLowerCase() === "name=") {
      if (name !== undefined) return { err: "Invalid metadata value, name argument was given multiple times" };
      name = part.slice(5);
      continue;
    }
    return { err: `Invalid metadata value given: ${part}` };
  }
  if (name === undefined) return { err: "Library name was not given" };
  return { engine: engine.toLowerCase() === "lua" ? "lua" : engine, name, body: code.subarray(nl) };
}

function rdbLen(out: number[], n: number): void {
  if (n < 64) out.push(n);
  else if (n < 16384) out.push(0x40 | (n >> 8), n & 0xff);
  else out.push(0x80, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
}

function rdbReadLen(p: Uint8Array, o: number): { n: number; o: number; enc: number } | null {
  const b = p[o];
  const t = b >> 6;
  if (t === 0) return { n: b & 63, o: o + 1, enc: -1 };
  if (t === 1) return { n: ((b & 63) << 8) | p[o + 1], o: o + 2, enc: -1 };
  if (b === 0x80) return { n: ((p[o + 1] << 24) | (p[o + 2] << 16) | (p[o + 3] << 8) | p[o + 4]) >>> 0, o: o + 5, enc: -1 };
  if (t === 3) return { n: 0, o: o + 1, enc: b & 63 };
  return null;
}

function rdbString(p: Uint8Array, o: number, end: number): { s: Uint8Array; o: number } | null {
  const l = rdbReadLen(p, o);
  if (!l) return null;
  if (l.enc === 3) { // LZF
    const c = rdbReadLen(p, l.o);
    if (!c) return null;
    const u = rdbReadLen(p, c.o);
    if (!u) return null;
    const s = lzfDecompress(p.subarray(u.o, u.o + c.n), u.n);
    return s ? { s, o: u.o + c.n } : null;
  }
  if (l.enc >= 0) { // integers: 8, 16, 32 bit
    const w = [1, 2, 4][l.enc];
    if (w === undefined) return null;
    let v = 0;
    for (let i = w - 1; i >= 0; i--) v = v * 256 + p[l.o + i];
    if (v >= 2 ** (8 * w - 1)) v -= 2 ** (8 * w);
    return { s: enc.encode(String(v)), o: l.o + w };
  }
  if (l.o + l.n > end) return null;
  return { s: p.slice(l.o, l.o + l.n), o: l.o + l.n };
}

function lzfDecompress(src: Uint8Array, outLen: number): Uint8Array | null {
  const out = new Uint8Array(outLen);
  let i = 0, o = 0;
  while (i < src.length) {
    let ctrl = src[i++];
    if (ctrl < 32) {
      ctrl++;
      if (o + ctrl > outLen || i + ctrl > src.length) return null;
      out.set(src.subarray(i, i + ctrl), o);
      i += ctrl;
      o += ctrl;
    } else {
      let len = ctrl >> 5;
      let ref = o - ((ctrl & 0x1f) << 8) - 1;
      if (len === 7) len += src[i++];
      ref -= src[i++];
      len += 2;
      if (ref < 0 || o + len > outLen) return null;
      for (let k = 0; k < len; k++) out[o++] = out[ref++];
    }
  }
  return o === outLen ? out : null;
}

let crcTable: BigUint64Array | null = null;

/** Redis's crc64 (Jones polynomial, reflected). */
export function crc64(data: Uint8Array): bigint {
  if (!crcTable) {
    crcTable = new BigUint64Array(256);
    const poly = 0x95ac9329ac4bc9b5n;
    for (let i = 0; i < 256; i++) {
      let c = BigInt(i);
      for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ poly : c >> 1n;
      crcTable[i] = c;
    }
  }
  let crc = 0n;
  for (const b of data) crc = crcTable[Number((crc ^ BigInt(b)) & 0xffn)] ^ (crc >> 8n);
  return crc;
}
