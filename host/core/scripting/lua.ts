// lua.ts — a Lua state shaped like Redis's: Lua 5.1 as Redis embeds it, on fengari's Lua 5.3.
//
// PORTABLE: no node: imports; fengari comes from runtime.ts.
//
// Redis runs scripts on Lua 5.1 with a fixed set of libraries (base, table, string, math,
// cjson, cmsgpack, bit, struct), a `redis` table, and globals that scripts cannot change.
// fengari is a faithful Lua 5.3, so this file bridges the differences scripts can see:
//
//   * Numbers. 5.1 has one number type, the double; 5.3 adds 32-bit (in fengari) integers
//     that wrap on overflow (2147483647 + 1 < 0) and print floats as "3.0". fengari's
//     lexer and string coercions go through lobject.luaO_str2num and every number-to-string
//     through lobject.luaO_tostring, both called through the module object; they are replaced
//     once per process so numerals are always doubles; luaconf's number formatting is set to
//     "%.14g" before fengari loads (patchLuaconf), so numbers print as 5.1 prints them. Library functions that return integers (#t, string.byte ...) still do, and
//     those print the same either way.
//   * Library surface. The prelude below adds what 5.1 has and 5.3 dropped (unpack,
//     loadstring, table.getn, math.pow, math.log10, math.mod ...) and removes what 5.3 added
//     (utf8, string.pack, table.unpack, math.tointeger ...); `error` adds the position to a
//     number message as 5.1 does; math.random is Redis's deterministic generator.
//   * Protection (Redis 7.0.15: readonly tables and the strict _G). The globals and the library
//     tables (string, math, redis ...) are marked readonly, and fengari's one table-write
//     function (ltable.luaH_setfrom) refuses writes to them with Redis's "Attempt to modify a
//     readonly table" (patchReadonly); setmetatable and rawset refuse them too. The globals'
//     metatable turns a read of a missing name into "Script attempted to access nonexistent
//     global variable". Reads cost nothing extra: scripts read the real tables. (Functions
//     also get an empty readonly proxy as _ENV, so their load-time code sees only the load
//     API, as in Redis.)
//
// The Redis API (redis.call ...) and the reply conversions live in scripting.ts; the extra
// libraries in libs.ts.

/* eslint-disable @typescript-eslint/no-explicit-any */
import type { LuaRuntime } from "./runtime.js";
import { installLibs } from "./libs.js";

// ---- numbers as Lua 5.1 prints them ------------------------------------------------------

const f64 = new Float64Array(1);
const f64b = new Uint8Array(f64.buffer);

/**
 * "nan" or "-nan" as glibc prints x (the sign bit of the NaN; 0/0 is "-nan" on x86).
 */
function nanString(x: number): string {
  f64[0] = x;
  return (f64b[7] & 0x80) !== 0 ? "-nan" : "nan";
}

/**
 * The significant digits of |x| rounded to `prec` digits as C rounds (to nearest, ties to
 * even on the exact binary value), and the decimal exponent of the first digit.
 */
function roundDigits(x: number, prec: number): { d: string; e: number } {
  const s = Math.abs(x).toPrecision(100); // exact enough to see a true tie
  const ei = s.indexOf("e");
  let mant = ei >= 0 ? s.slice(0, ei) : s;
  let e = ei >= 0 ? Number(s.slice(ei + 1)) : 0;
  const dot = mant.indexOf(".");
  if (ei < 0) {
    // Plain notation: the exponent is where the first non-zero digit sits.
    const all = mant.replace(".", "");
    const first = all.search(/[1-9]/);
    e = (dot >= 0 ? dot : all.length) - 1 - first;
    mant = all.slice(first);
  } else {
    mant = mant.replace(".", "");
  }
  let d = mant.slice(0, prec).padEnd(prec, "0");
  const rest = mant.slice(prec);
  let up = false;
  if (rest.length > 0) {
    if (rest[0] > "5") up = true;
    else if (rest[0] === "5") up = /[1-9]/.test(rest.slice(1)) || (Number(d[prec - 1]) % 2 === 1);
  }
  if (up) {
    const arr = d.split("").map(Number);
    let i = prec - 1;
    while (i >= 0 && arr[i] === 9) arr[i--] = 0;
    if (i < 0) {
      arr.unshift(1);
      arr.pop();
      e++;
    } else arr[i]++;
    d = arr.join("");
  }
  return { d, e };
}

/** C's printf("%.<prec>g", x) (glibc's spelling of inf and nan). */
export function fmtG(x: number, prec: number, alt = false): string {
  if (x !== x) return nanString(x);
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (prec === 0) prec = 1;
  if (x === 0) return (Object.is(x, -0) ? "-0" : "0") + (alt ? "." + "0".repeat(prec - 1) : "");
  // Fast path: an integer that fits in prec digits prints as itself.
  if (Number.isInteger(x) && Math.abs(x) < 10 ** prec && !alt && Math.abs(x) < 2 ** 53) return String(x);
  const { d, e } = roundDigits(x, prec);
  const sign = x < 0 ? "-" : "";
  const strip = (t: string) => (alt || t.indexOf(".") < 0 ? t : t.replace(/0+$/, "").replace(/\.$/, ""));
  if (e < -4 || e >= prec) {
    const m = strip(d.length > 1 ? d[0] + "." + d.slice(1) : d);
    const ae = Math.abs(e);
    return `${sign}${m}e${e < 0 ? "-" : "+"}${ae < 10 ? "0" : ""}${ae}`;
  }
  let t: string;
  if (e >= 0) t = d.slice(0, e + 1) + (prec > e + 1 ? "." + d.slice(e + 1) : "");
  else t = "0." + "0".repeat(-e - 1) + d;
  return sign + strip(t);
}

/** C's printf("%.<prec>e", x). */
export function fmtE(x: number, prec: number, upper = false): string {
  if (x !== x) return nanString(x);
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  let d: string, e: number;
  if (x === 0) { d = "0".repeat(prec + 1); e = 0; }
  else ({ d, e } = roundDigits(x, prec + 1));
  const ae = Math.abs(e);
  const sign = x < 0 || Object.is(x, -0) ? "-" : "";
  const r = `${sign}${d[0]}${prec > 0 ? "." + d.slice(1) : ""}e${e < 0 ? "-" : "+"}${ae < 10 ? "0" : ""}${ae}`;
  return upper ? r.toUpperCase() : r;
}

/** C's printf("%.<prec>f", x): exact decimal digits, ties to even like glibc. */
export function fmtF(x: number, prec: number): string {
  if (x !== x) return nanString(x);
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const sign = x < 0 || Object.is(x, -0) ? "-" : "";
  const ax = Math.abs(x);
  const zeros = prec > 0 ? "." + "0".repeat(prec) : "";
  if (ax === 0) return sign + "0" + zeros;
  if (ax >= 1e21) return sign + BigInt(ax).toString() + zeros;
  // |x| = 0.D * 10^(e + 1); keep the digits down to 10^-prec.
  const { d: all, e } = roundDigits(ax, 100);
  const keep = e + 1 + prec;
  let digits: string;
  let top = e; // exponent of digits[0]
  if (keep <= 0) {
    // Below the last kept place: rounds to 0 or (more than half of it) to one unit there.
    const half = keep === 0 && (all[0] > "5" || (all[0] === "5" && /[1-9]/.test(all.slice(1))));
    digits = half ? "1" : "0";
    top = -prec;
  } else {
    const r = roundDigits(ax, keep);
    digits = r.d;
    top = r.e;
  }
  // Lay the digits out around the decimal point.
  let intPart: string, frac: string;
  if (top >= 0) {
    const full = digits.padEnd(top + 1 + prec, "0");
    intPart = full.slice(0, top + 1);
    frac = full.slice(top + 1, top + 1 + prec);
  } else {
    intPart = "0";
    frac = ("0".repeat(-top - 1) + digits).padEnd(prec, "0").slice(0, prec);
  }
  return sign + intPart + (prec > 0 ? "." + frac : "");
}

/** (long long)x as C converts a double on x86-64: out of range and NaN give INT64_MIN. */
export function doubleToLongLongString(x: number): string {
  if (!(x > -9223372036854775808 - 1) || x >= 9223372036854775808) {
    return x === -9223372036854775808 ? "-9223372036854775808" : "-9223372036854775808";
  }
  const t = Math.trunc(x);
  if (Number.isSafeInteger(t)) return String(t === 0 ? 0 : t);
  return BigInt(t).toString();
}

/**
 * Before fengari loads (its lobject module copies these at require time): numbers print with
 * C's "%.14g" and integral floats without ".0", as Lua 5.1 prints them. The shell calls this
 * on fengari's luaconf module before requiring fengari itself.
 */
export function patchLuaconf(luaconf: any): void {
  luaconf.lua_number2str = (n: number) => fmtG(n, 14);
  luaconf.LUA_COMPAT_FLOATSTRING = true;
}

let numbersPatched = false;

/** Once per process: numerals are doubles, never 32-bit integers (see the essay). */
function patchNumbers(rt: LuaRuntime): void {
  if (numbersPatched) return;
  numbersPatched = true;
  const lobject = rt.lobject;
  patchNext(rt);
  patchReadonly(rt);
  const str2num = lobject.luaO_str2num;
  lobject.luaO_str2num = (s: Uint8Array, o: any): number => {
    const r = str2num(s, o);
    if (r !== 0 && o.ttisinteger()) o.setfltvalue(parseIntegerNumeral(s));
    return r;
  };
}

/**
 * next() in C Lua's order: fengari walks a table in insertion order, and a constructor like
 * {10, 20, 30} inserts its items last to first, so pairs() would see 3, 2, 1. C Lua walks
 * the array part (1..n) first, then the hash part: here 1..border ascending, then every
 * other key in fengari's order. The border is taken when a traversal starts.
 */
function patchNext(rt: LuaRuntime): void {
  const ltable = rt.ltable;
  const native = ltable.luaH_next;
  const borders = new WeakMap<object, number>();
  const intKey = (k: any): number => {
    if (k.ttisinteger()) return k.value;
    if (k.ttisfloat() && Number.isInteger(k.value)) return k.value;
    return 0;
  };
  const hashPart = (L: any, t: any, keyI: number, n: number): boolean => {
    for (;;) {
      if (!native(L, t, keyI)) return false;
      const k = intKey(L.stack[keyI]);
      if (k >= 1 && k <= n) continue;
      return true;
    }
  };
  /** The first key from k to n holding a value (a border can have holes below it), else the hash part. */
  const fromInt = (L: any, t: any, keyI: number, k: number, n: number): boolean => {
    for (; k <= n; k++) {
      const v = ltable.luaH_getint(t, k);
      if (v.ttisnil()) continue;
      L.stack[keyI].setivalue(k);
      rt.lobject.setobj2s(L, keyI + 1, v);
      return true;
    }
    L.stack[keyI].setnilvalue();
    return hashPart(L, t, keyI, n);
  };
  ltable.luaH_next = (L: any, t: any, keyI: number): boolean => {
    const key = L.stack[keyI];
    if (key.ttisnil()) {
      const n = ltable.luaH_getn(t);
      borders.set(t, n);
      return fromInt(L, t, keyI, 1, n);
    }
    let n = borders.get(t);
    if (n === undefined) {
      n = ltable.luaH_getn(t) as number;
      borders.set(t, n);
    }
    const k = intKey(key);
    if (k >= 1 && k <= n) return fromInt(L, t, keyI, k + 1, n);
    return hashPart(L, t, keyI, n);
  };
}

/** Writes to readonly tables are allowed while this is positive (the host's own writes). */
let writesAllowed = 0;

/** Runs fn with readonly tables writable (KEYS/ARGV, the functions' load-time switch). */
export function unlocked<T>(fn: () => T): T {
  writesAllowed++;
  try {
    return fn();
  } finally {
    writesAllowed--;
  }
}

/** Marks a fengari table (lua_topointer) readonly: see patchReadonly. */
export function markReadonly(t: any): void {
  t.readonly = true;
}

/**
 * Redis 7.0's readonly tables (lua_enablereadonlytable): every table write of fengari's VM
 * and API goes through ltable.luaH_setfrom, called through the module object, so a check
 * there refuses writes to marked tables with Redis's "Attempt to modify a readonly table"
 * (with the script's position when Lua code wrote, as luaG_runerror adds it). Unmarked tables
 * pay one property test.
 */
function patchReadonly(rt: LuaRuntime): void {
  const ltable = rt.ltable;
  const setfrom = ltable.luaH_setfrom;
  const msg = rt.fengari.to_luastring(READONLY_ERROR);
  ltable.luaH_setfrom = (L: any, t: any, key: any, val: any): void => {
    if (t.readonly === true && writesAllowed === 0) rt.ldebug.luaG_runerror(L, msg);
    setfrom(L, t, key, val);
  };
}

/** The value of a numeral luaO_str2num read as an integer, without 32-bit wrapping. */
function parseIntegerNumeral(s: Uint8Array): number {
  let t = "";
  for (let i = 0; i < s.length; i++) if (s[i] !== 0) t += String.fromCharCode(s[i]);
  t = t.trim();
  let neg = false;
  if (t[0] === "-" || t[0] === "+") {
    neg = t[0] === "-";
    t = t.slice(1);
  }
  let v: number;
  if (t[1] === "x" || t[1] === "X") {
    // Lua wraps hex integers modulo 2^64; doubles keep the value up to 2^53 exactly.
    v = 0;
    for (let i = 2; i < t.length; i++) v = v * 16 + parseInt(t[i], 16);
  } else {
    v = Number(t);
  }
  return neg ? -v : v;
}

/**
 * A Lua 5.3 error message in Lua 5.1's words: "attempt to index a nil value (local 't')" is
 * "attempt to index local 't' (a nil value)" in 5.1, and the end of input is quoted.
 */
export function lua51Message(m: string): string {
  return m
    .replace(/attempt to ([a-z ]+?) an? (\w+) value \((\w+) '([^']*)'\)/, "attempt to $1 $3 '$4' (a $2 value)")
    .replace(/near <eof>/, "near '<eof>'");
}

// ---- Redis's PRNG for math.random (rand.c: a 48-bit lrand48) ------------------------------

export class RedisRand48 {
  /** rand.c's static initial state (X2 X1 X0), used until math.randomseed. */
  private x = 0x1234abcd330en;
  seed(s: number): void {
    this.x = ((BigInt(Math.trunc(s)) & 0xffffffffn) << 16n) | 0x330en;
  }
  next(): number {
    this.x = (this.x * 0x5deece66dn + 0xbn) & 0xffffffffffffn;
    return Number(this.x >> 17n);
  }
}

// ---- the state --------------------------------------------------------------------------

const PRELUDE = `
local t, m, s = table, math, string
unpack = t.unpack
t.getn = function(x) return #x end
t.setn = function() error("'setn' is obsolete") end
t.maxn = function(x) local n = 0 for k in pairs(x) do if type(k) == 'number' and k > n then n = k end end return n end
t.foreach = function(x, f) for k, v in pairs(x) do local r = f(k, v) if r ~= nil then return r end end end
t.foreachi = function(x, f) for i = 1, #x do local r = f(i, x[i]) if r ~= nil then return r end end end
t.unpack = nil t.move = nil t.pack = nil
local rawload = load
loadstring = function(str, name) return rawload(str, name or str) end
m.pow = function(a, b) return a ^ b end
m.log10 = function(x) return m.log(x, 10) end
m.ldexp = function(x, e) return x * 2.0 ^ e end
m.frexp = function(x)
  if x == 0 or x ~= x or x == m.huge or x == -m.huge then return x, 0 end
  local e = m.floor(m.log(m.abs(x), 2)) + 1
  local f = x / 2.0 ^ e
  if m.abs(f) >= 1 then f = f / 2 e = e + 1 elseif m.abs(f) < 0.5 then f = f * 2 e = e - 1 end
  return f, e
end
m.cosh = function(x) return (m.exp(x) + m.exp(-x)) / 2 end
m.sinh = function(x) return (m.exp(x) - m.exp(-x)) / 2 end
m.tanh = function(x) if x > 20 then return 1.0 elseif x < -20 then return -1.0 end local a, b = m.exp(x), m.exp(-x) return (a - b) / (a + b) end
m.mod = m.fmod
local atan = m.atan
m.atan2 = function(y, x) return atan(y, x) end
m.atan = function(y) return atan(y) end
m.tointeger = nil m.ult = nil m.maxinteger = nil m.mininteger = nil
s.pack = nil s.unpack = nil s.packsize = nil
s.gfind = s.gmatch
gcinfo = function() return collectgarbage('count') end
rawlen = nil utf8 = nil
_VERSION = 'Lua 5.1'
`;

/** Libraries and globals a script state starts with (Redis: luaLoadLibraries + the allow lists). */
const LIBS_TO_PROTECT = ["string", "table", "math", "coroutine", "cjson", "bit", "struct", "cmsgpack"];

export const READONLY_ERROR = "Attempt to modify a readonly table";

/**
 * A fengari state set up as Redis sets up its Lua interpreter, minus the `redis` table,
 * which the caller adds (registerRedis) before protect().
 */
export class LuaState {
  readonly L: any;
  readonly lua: any;
  readonly lauxlib: any;
  /** The coroutine the running script itself runs on (scripting.ts); null between scripts. */
  scriptThread: any = null;
  /** Registry reference of the real globals table. */
  readonly globalsRef: number;

  constructor(readonly rt: LuaRuntime, readonly rand: RedisRand48) {
    patchNumbers(rt);
    const { lua, lauxlib, lualib } = rt.fengari;
    this.lua = lua;
    this.lauxlib = lauxlib;
    const L = (this.L = lauxlib.luaL_newstate());
    const open = (name: string, fn: any) => {
      lauxlib.luaL_requiref(L, name, fn, 1);
      lua.lua_pop(L, 1);
    };
    open("_G", lualib.luaopen_base);
    open("table", lualib.luaopen_table);
    open("string", lualib.luaopen_string);
    open("math", lualib.luaopen_math);
    open("coroutine", lualib.luaopen_coroutine);
    installLibs(this);
    // Base functions Redis does not have (or has in their 5.1 form).
    for (const name of ["print", "dofile", "loadfile", "require", "rawlen"]) {
      lua.lua_pushnil(L);
      lua.lua_setglobal(L, name);
    }
    this.doString(PRELUDE, "=prelude");
    this.setGlobalFunction("error", (Ls: any) => this.luaError51(Ls));
    this.setGlobalFunction("setmetatable", (Ls: any) => this.luaSetmetatable(Ls));
    this.setGlobalFunction("rawset", (Ls: any) => this.luaRawset(Ls));
    this.setGlobalFunction("pcall", (Ls: any) => this.luaPcall(Ls));
    // math.random / math.randomseed: Redis's own PRNG, reset before every script.
    lua.lua_getglobal(L, "math");
    this.setField(-1, "random", (Ls: any) => this.mathRandom(Ls));
    this.setField(-1, "randomseed", (Ls: any) => {
      this.rand.seed(lauxlib.luaL_checknumber(Ls, 1));
      return 0;
    });
    lua.lua_pop(L, 1);
    lua.lua_getglobal(L, "string");
    this.setField(-1, "format", (Ls: any) => this.stringFormat(Ls));
    lua.lua_pop(L, 1);
    // coroutine.yield outside any coroutine of the script's own: Redis's 5.1 refuses it (the
    // script is not a coroutine there); here it would suspend the script's own coroutine.
    lua.lua_getglobal(L, "coroutine");
    this.setField(-1, "yield", (Ls: any) => {
      if (Ls === this.scriptThread) return this.raise(Ls, "attempt to yield across metamethod/C-call boundary");
      return lua.lua_yield(Ls, lua.lua_gettop(Ls));
    });
    lua.lua_pop(L, 1);
    lua.lua_pushglobaltable(L);
    this.globalsRef = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
  }

  /** Runs Lua source at setup time (throws on error: the prelude is ours). */
  doString(src: string, name: string): void {
    const { lua, lauxlib } = this;
    if (lauxlib.luaL_loadbuffer(this.L, this.rt.fengari.to_luastring(src), null, this.rt.fengari.to_luastring(name)) !== 0 ||
        lua.lua_pcall(this.L, 0, 0, 0) !== 0) {
      throw new Error(`lua setup: ${lua.lua_tojsstring(this.L, -1)}`);
    }
  }

  setGlobalFunction(name: string, fn: (L: any) => number): void {
    this.lua.lua_pushcfunction(this.L, fn);
    this.lua.lua_setglobal(this.L, name);
  }

  /** t[name] = fn for the table at idx. */
  setField(idx: number, name: string, fn: (L: any) => number): void {
    const lua = this.lua;
    const abs = lua.lua_absindex(this.L, idx);
    lua.lua_pushcfunction(this.L, fn);
    lua.lua_setfield(this.L, abs, name);
  }

  /** 5.1's error: a number message gets the position too. */
  private luaError51(L: any): number {
    const { lua, lauxlib } = this;
    const level = lauxlib.luaL_optinteger(L, 2, 1);
    lua.lua_settop(L, 1);
    const t = lua.lua_type(L, 1);
    if ((t === lua.LUA_TSTRING || t === lua.LUA_TNUMBER) && level > 0) {
      lauxlib.luaL_where(L, level);
      lua.lua_pushvalue(L, 1);
      lua.lua_concat(L, 2);
    }
    return lua.lua_error(L);
  }

  /**
   * Redis's pcall: a Redis error table caught is returned as its err string (scripts written
   * for Redis < 7 compare error strings). Continuation-based, so a count hook can still yield
   * (a busy script) inside it.
   */
  private luaPcall(L: any): number {
    const { lua } = this;
    const finish = (Ls: any, status: number): number => {
      if (status !== lua.LUA_OK && status !== lua.LUA_YIELD) {
        if (lua.lua_istable(Ls, -1)) {
          lua.lua_getfield(Ls, -1, "err");
          if (lua.lua_isstring(Ls, -1)) lua.lua_replace(Ls, -2);
          else lua.lua_pop(Ls, 1);
        } else if (lua.lua_type(Ls, -1) === lua.LUA_TSTRING) {
          lua.lua_pushstring(Ls, lua51Message(lua.lua_tojsstring(Ls, -1)));
          lua.lua_replace(Ls, -2);
        }
        lua.lua_pushboolean(Ls, 0);
        lua.lua_pushvalue(Ls, -2);
        return 2;
      }
      return lua.lua_gettop(Ls);
    };
    this.lauxlib.luaL_checkany(L, 1);
    lua.lua_pushboolean(L, 1);
    lua.lua_insert(L, 1);
    return finish(L, lua.lua_pcallk(L, lua.lua_gettop(L) - 2, lua.LUA_MULTRET, 0, 0, finish));
  }

  private isReadonly(L: any, idx: number): boolean {
    const p = this.lua.lua_topointer(L, idx);
    return p !== null && p.readonly === true;
  }

  private luaSetmetatable(L: any): number {
    const { lua, lauxlib } = this;
    const t = lua.lua_type(L, 2);
    lauxlib.luaL_checktype(L, 1, lua.LUA_TTABLE);
    lauxlib.luaL_argcheck(L, t === lua.LUA_TNIL || t === lua.LUA_TTABLE, 2, "nil or table expected");
    if (this.isReadonly(L, 1)) return this.raise(L, READONLY_ERROR);
    if (lauxlib.luaL_getmetafield(L, 1, "__metatable") !== lua.LUA_TNIL) return lauxlib.luaL_error(L, "cannot change a protected metatable");
    lua.lua_settop(L, 2);
    lua.lua_setmetatable(L, 1);
    return 1;
  }

  private luaRawset(L: any): number {
    const { lua, lauxlib } = this;
    lauxlib.luaL_checktype(L, 1, lua.LUA_TTABLE);
    lauxlib.luaL_checkany(L, 2);
    lauxlib.luaL_checkany(L, 3);
    if (this.isReadonly(L, 1)) return this.raise(L, READONLY_ERROR);
    lua.lua_settop(L, 3);
    lua.lua_rawset(L, 1);
    return 1;
  }

  /** Raises a plain string error (no position), as a C function calling lua_error does. */
  raise(L: any, msg: string): number {
    this.lua.lua_pushstring(L, msg);
    return this.lua.lua_error(L);
  }

  /**
   * Lua 5.1's string.format: C printf conversions on doubles (%d truncates any number, no
   * 32-bit limit), %s through tostring, %q quoting as 5.1 does.
   */
  private stringFormat(L: any): number {
    const { lua, lauxlib } = this;
    const F = this.rt.fengari;
    const fmt: Uint8Array = lauxlib.luaL_checklstring(L, 1);
    const out: number[] = [];
    const pushStr = (str: string) => { for (let i = 0; i < str.length; i++) out.push(str.charCodeAt(i) & 0xff); };
    const pushBytes = (b: Uint8Array) => { for (let i = 0; i < b.length; i++) out.push(b[i]); };
    let arg = 1;
    let i = 0;
    while (i < fmt.length) {
      const c = fmt[i++];
      if (c !== 0x25) { out.push(c); continue; }
      if (fmt[i] === 0x25) { out.push(0x25); i++; continue; }
      // %[flags][width][.precision]conv
      let flags = "";
      while (i < fmt.length && "-+ #0".includes(String.fromCharCode(fmt[i]))) flags += String.fromCharCode(fmt[i++]);
      if (flags.length > 5) lauxlib.luaL_error(L, "invalid format (repeated flags)");
      let width = "";
      while (i < fmt.length && fmt[i] >= 48 && fmt[i] <= 57) width += String.fromCharCode(fmt[i++]);
      let precision = -1;
      if (fmt[i] === 0x2e) {
        i++;
        let p = "";
        while (i < fmt.length && fmt[i] >= 48 && fmt[i] <= 57) p += String.fromCharCode(fmt[i++]);
        if (p.length > 2) lauxlib.luaL_error(L, "invalid format (width or precision too long)");
        precision = p === "" ? 0 : Number(p);
      }
      if (width.length > 2) lauxlib.luaL_error(L, "invalid format (width or precision too long)");
      const conv = String.fromCharCode(fmt[i++] ?? 0);
      arg++;
      const left = flags.includes("-");
      const pad = (body: string, numeric: boolean) => {
        const w = Number(width || "0");
        if (body.length >= w) return body;
        if (left) return body + " ".repeat(w - body.length);
        if (numeric && flags.includes("0") && /^[-+ ]?[0-9a-fA-F.x]/.test(body)) {
          const signLen = /^[-+ ]/.test(body) ? 1 : 0;
          return body.slice(0, signLen) + "0".repeat(w - body.length) + body.slice(signLen);
        }
        return " ".repeat(w - body.length) + body;
      };
      const sign = (neg: boolean, body: string) => (neg ? "-" : flags.includes("+") ? "+" : flags.includes(" ") ? " " : "") + body;
      switch (conv) {
        case "d": case "i": {
          const n = Math.trunc(lauxlib.luaL_checknumber(L, arg));
          let body = Math.abs(n) < 2 ** 53 ? String(Math.abs(n)) : BigInt(Math.abs(n)).toString();
          if (precision >= 0) body = body.padStart(precision, "0");
          pushStr(pad(sign(n < 0, body), precision < 0));
          break;
        }
        case "u": case "x": case "X": case "o": {
          const n = lauxlib.luaL_checknumber(L, arg);
          const v = BigInt.asUintN(64, BigInt(Number.isFinite(n) ? Math.trunc(n) : 0));
          let body = v.toString(conv === "u" ? 10 : conv === "o" ? 8 : 16);
          if (conv === "X") body = body.toUpperCase();
          if (precision >= 0) body = body.padStart(precision, "0");
          if (flags.includes("#") && v !== 0n) body = (conv === "o" ? "0" : conv === "x" ? "0x" : conv === "X" ? "0X" : "") + body;
          pushStr(pad(body, precision < 0));
          break;
        }
        case "c":
          out.push(lauxlib.luaL_checknumber(L, arg) & 0xff);
          break;
        case "e": case "E": case "f": case "g": case "G": {
          const x = lauxlib.luaL_checknumber(L, arg);
          const p = precision < 0 ? 6 : precision;
          let body = conv === "f" ? fmtF(Math.abs(x), p) : conv === "g" || conv === "G" ? fmtG(Math.abs(x), p, flags.includes("#")) : fmtE(Math.abs(x), p);
          if (conv === "G" || conv === "E") body = body.toUpperCase();
          const neg = x < 0 || Object.is(x, -0);
          pushStr(pad(x !== x ? body : sign(neg, body), Number.isFinite(x)));
          break;
        }
        case "q": {
          const b: Uint8Array = lauxlib.luaL_checklstring(L, arg);
          out.push(0x22);
          for (let j = 0; j < b.length; j++) {
            const ch = b[j];
            if (ch === 0x22 || ch === 0x5c || ch === 0x0a) { out.push(0x5c, ch); }
            else if (ch === 0x0d) pushStr("\\r");
            else if (ch === 0) pushStr(b[j + 1] >= 48 && b[j + 1] <= 57 ? "\\000" : "\\0");
            else out.push(ch);
          }
          out.push(0x22);
          break;
        }
        case "s": {
          const b: Uint8Array = lauxlib.luaL_tolstring(L, arg);
          lua.lua_pop(L, 1);
          let body = b;
          if (precision >= 0) body = body.subarray(0, precision);
          const w = Number(width || "0");
          if (body.length >= w) pushBytes(body);
          else if (left) { pushBytes(body); pushStr(" ".repeat(w - body.length)); }
          else { pushStr(" ".repeat(w - body.length)); pushBytes(body); }
          break;
        }
        default:
          return lauxlib.luaL_error(L, `invalid option '%${conv}' to 'format'`);
      }
    }
    const r = Uint8Array.from(out);
    lua.lua_pushlstring(L, r, r.length);
    void F;
    return 1;
  }

  /** Redis's redis_math_random: Lua 5.1's math.random over redisLrand48. */
  private mathRandom(L: any): number {
    const { lua, lauxlib } = this;
    const r = (this.rand.next() % 2147483647) / 2147483647;
    switch (lua.lua_gettop(L)) {
      case 0:
        lua.lua_pushnumber(L, r);
        break;
      case 1: {
        const u = lauxlib.luaL_checknumber(L, 1);
        lauxlib.luaL_argcheck(L, 1 <= u, 1, "interval is empty");
        lua.lua_pushnumber(L, Math.floor(r * u) + 1);
        break;
      }
      case 2: {
        const l = lauxlib.luaL_checknumber(L, 1);
        const u = lauxlib.luaL_checknumber(L, 2);
        lauxlib.luaL_argcheck(L, l <= u, 2, "interval is empty");
        lua.lua_pushnumber(L, Math.floor(r * (u - l + 1)) + l);
        break;
      }
      default:
        return lauxlib.luaL_error(L, "wrong number of arguments");
    }
    return 1;
  }

  /**
   * Locks the globals (see the essay): call once every global (redis, KEYS ...) is in place.
   * Later writes to the real table go through rawSetGlobal.
   */
  protect(withProxy: boolean): void {
    const { lua, lauxlib } = this;
    const L = this.L;
    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, this.globalsRef); // G
    const G = lua.lua_gettop(L);
    // Reading a missing global is an error.
    lua.lua_newtable(L);
    lua.lua_pushcfunction(L, (Ls: any) => {
      const name = lua.lua_tojsstring(Ls, 2) ?? "?";
      return lauxlib.luaL_error(Ls, `Script attempted to access nonexistent global variable '${name}'`);
    });
    lua.lua_setfield(L, -2, "__index");
    markReadonly(lua.lua_topointer(L, -1));
    lua.lua_setmetatable(L, G);
    // The globals and the library tables (string, math, redis ...) are readonly, as in Redis.
    for (const name of [...LIBS_TO_PROTECT, "redis"]) {
      lua.lua_getfield(L, G, name);
      if (lua.lua_type(L, -1) === lua.LUA_TTABLE) markReadonly(lua.lua_topointer(L, -1));
      lua.lua_pop(L, 1);
    }
    markReadonly(lua.lua_topointer(L, G));
    if (withProxy) {
      // Functions: chunks see an empty readonly proxy whose reads go to the globals, or to the
      // load-time API while a library loads (setGlobalsIndex).
      lua.lua_newtable(L);
      lua.lua_newtable(L);
      lua.lua_pushvalue(L, G);
      lua.lua_setfield(L, -2, "__index");
      markReadonly(lua.lua_topointer(L, -1));
      lua.lua_setmetatable(L, -2);
      markReadonly(lua.lua_topointer(L, -1));
      lua.lua_rawseti(L, lua.LUA_REGISTRYINDEX, lua.LUA_RIDX_GLOBALS);
    }
    lua.lua_pop(L, 1);
  }

  /**
   * Points the reads of the globals proxy (functions: protect(true)) at the table of registry
   * ref `ref`, or back at the real globals (ref < 0).
   */
  setGlobalsIndex(ref: number): void {
    const { lua } = this;
    const L = this.L;
    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, lua.LUA_RIDX_GLOBALS);
    lua.lua_getmetatable(L, -1);
    lua.lua_pushstring(L, "__index");
    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, ref >= 0 ? ref : this.globalsRef);
    unlocked(() => lua.lua_rawset(L, -3));
    lua.lua_pop(L, 2);
  }

  /** G[name] = the value on top of the stack (popped), bypassing the protection. */
  rawSetGlobal(name: string): void {
    const { lua } = this;
    const L = this.L;
    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, this.globalsRef); // value G
    lua.lua_insert(L, -2); // G value
    lua.lua_pushstring(L, name);
    lua.lua_insert(L, -2); // G name value
    unlocked(() => lua.lua_rawset(L, -3));
    lua.lua_pop(L, 1);
  }
}
