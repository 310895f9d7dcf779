// libs.ts — the C libraries Redis links into its Lua that fengari does not have: cjson
// (lua-cjson 2.1), cmsgpack (lua-cmsgpack), bit (LuaBitOp) and struct (Roberto Ierusalimschy's
// struct.c), written in TypeScript over fengari's C-like API.
//
// PORTABLE: no node: imports.
//
// Each follows the library's observable behaviour in Redis 7.0: encodings byte for byte
// (cjson's "%.14g" numbers and its escapes, msgpack's smallest-fitting integer and float32
// when exact), error messages ("Expected comma or array end but found T_END at character 5"),
// and numbers handed back to Lua as doubles (lua_pushnumber), as 5.1 has no other kind.

/* eslint-disable @typescript-eslint/no-explicit-any */
import type { LuaState } from "./lua.js";
import { fmtG } from "./lua.js";

const te = new TextEncoder();

export function installLibs(st: LuaState): void {
  installCjson(st);
  installCmsgpack(st);
  installBit(st);
  installStruct(st);
}

type Fn = (L: any) => number;

function newLib(st: LuaState, name: string, fns: Record<string, Fn>): void {
  const { lua } = st;
  const L = st.L;
  lua.lua_newtable(L);
  for (const [k, f] of Object.entries(fns)) {
    lua.lua_pushcfunction(L, f);
    lua.lua_setfield(L, -2, k);
  }
  lua.lua_setglobal(L, name);
}

/** Growable byte buffer. */
class Buf {
  b = new Uint8Array(256);
  n = 0;
  need(k: number): void {
    if (this.n + k <= this.b.length) return;
    let cap = this.b.length * 2;
    while (cap < this.n + k) cap *= 2;
    const nb = new Uint8Array(cap);
    nb.set(this.b.subarray(0, this.n));
    this.b = nb;
  }
  byte(v: number): void { this.need(1); this.b[this.n++] = v; }
  bytes(v: Uint8Array): void { this.need(v.length); this.b.set(v, this.n); this.n += v.length; }
  ascii(s: string): void {
    this.need(s.length);
    for (let i = 0; i < s.length; i++) this.b[this.n++] = s.charCodeAt(i);
  }
  view(): Uint8Array { return this.b.subarray(0, this.n); }
}

// ---- cjson --------------------------------------------------------------------------------

function installCjson(st: LuaState): void {
  const { lua, lauxlib } = st;
  const NULL = { cjsonNull: true }; // cjson.null: a light userdata
  const maxDepth = 1000;

  const isNull = (L: any, i: number) => lua.lua_type(L, i) === lua.LUA_TLIGHTUSERDATA && lua.lua_touserdata(L, i) === NULL;

  const encodeString = (b: Buf, s: Uint8Array) => {
    b.byte(0x22);
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      switch (c) {
        case 0x22: b.ascii('\\"'); break;
        case 0x5c: b.ascii("\\\\"); break;
        case 0x2f: b.ascii("\\/"); break;
        case 0x08: b.ascii("\\b"); break;
        case 0x0c: b.ascii("\\f"); break;
        case 0x0a: b.ascii("\\n"); break;
        case 0x0d: b.ascii("\\r"); break;
        case 0x09: b.ascii("\\t"); break;
        default:
          if (c < 0x20 || c === 0x7f) b.ascii("\\u00" + (c < 16 ? "0" : "") + c.toString(16));
          else b.byte(c);
      }
    }
    b.byte(0x22);
  };

  const encodeNumber = (L: any, b: Buf, x: number) => {
    if (!Number.isFinite(x)) lauxlib.luaL_error(L, "Cannot serialise number: must not be NaN or Inf");
    b.ascii(fmtG(x, 14));
  };

  /** cjson's lua_array_length: -1 if not an array, else its length (0 = encode as object). */
  const arrayLength = (L: any, idx: number): number => {
    let max = 0, items = 0;
    lua.lua_pushnil(L);
    while (lua.lua_next(L, idx) !== 0) {
      if (lua.lua_type(L, -2) === lua.LUA_TNUMBER) {
        const k = lua.lua_tonumber(L, -2);
        if (Math.floor(k) === k && k >= 1) {
          if (k > max) max = k;
          items++;
          lua.lua_pop(L, 1);
          continue;
        }
      }
      lua.lua_pop(L, 2);
      return -1;
    }
    if (max > items * 2 && max > 10) lauxlib.luaL_error(L, "Cannot serialise table: excessively sparse array");
    return max;
  };

  const encodeValue = (L: any, b: Buf, idx: number, depth: number): void => {
    idx = lua.lua_absindex(L, idx);
    switch (lua.lua_type(L, idx)) {
      case lua.LUA_TSTRING: encodeString(b, lua.lua_tolstring(L, idx)); return;
      case lua.LUA_TNUMBER: encodeNumber(L, b, lua.lua_tonumber(L, idx)); return;
      case lua.LUA_TBOOLEAN: b.ascii(lua.lua_toboolean(L, idx) ? "true" : "false"); return;
      case lua.LUA_TNIL: b.ascii("null"); return;
      case lua.LUA_TLIGHTUSERDATA:
        if (isNull(L, idx)) { b.ascii("null"); return; }
        break;
      case lua.LUA_TTABLE: {
        depth++;
        if (depth > maxDepth) lauxlib.luaL_error(L, `Cannot serialise, excessive nesting (${depth})`);
        lauxlib.luaL_checkstack(L, 6, "");
        const len = arrayLength(L, idx);
        if (len > 0) {
          b.byte(0x5b);
          for (let i = 1; i <= len; i++) {
            if (i > 1) b.byte(0x2c);
            lua.lua_rawgeti(L, idx, i);
            encodeValue(L, b, -1, depth);
            lua.lua_pop(L, 1);
          }
          b.byte(0x5d);
        } else {
          b.byte(0x7b);
          let first = true;
          // C Lua's lua_next walks the array part (1, 2, ...) before the hash part: emit the
          // positive integer keys first, in order, then the others.
          const ints: number[] = [];
          lua.lua_pushnil(L);
          while (lua.lua_next(L, idx) !== 0) {
            lua.lua_pop(L, 1);
            if (lua.lua_type(L, -1) === lua.LUA_TNUMBER) {
              const k = lua.lua_tonumber(L, -1);
              if (Number.isInteger(k) && k >= 1) ints.push(k);
            }
          }
          ints.sort((x, y) => x - y);
          for (const k of ints) {
            if (!first) b.byte(0x2c);
            first = false;
            b.byte(0x22);
            encodeNumber(L, b, k);
            b.ascii('":');
            lua.lua_rawgeti(L, idx, k);
            encodeValue(L, b, -1, depth);
            lua.lua_pop(L, 1);
          }
          const isIntKey = () => {
            if (lua.lua_type(L, -2) !== lua.LUA_TNUMBER) return false;
            const k = lua.lua_tonumber(L, -2);
            return Number.isInteger(k) && k >= 1;
          };
          lua.lua_pushnil(L);
          while (lua.lua_next(L, idx) !== 0) {
            if (isIntKey()) { lua.lua_pop(L, 1); continue; }
            if (!first) b.byte(0x2c);
            first = false;
            const kt = lua.lua_type(L, -2);
            if (kt === lua.LUA_TSTRING) encodeString(b, lua.lua_tolstring(L, -2));
            else if (kt === lua.LUA_TNUMBER) {
              b.byte(0x22);
              encodeNumber(L, b, lua.lua_tonumber(L, -2));
              b.byte(0x22);
            } else lauxlib.luaL_error(L, "Cannot serialise table: table key must be a number or string");
            b.byte(0x3a);
            encodeValue(L, b, -1, depth);
            lua.lua_pop(L, 1);
          }
          b.byte(0x7d);
        }
        return;
      }
    }
    lauxlib.luaL_error(L, `Cannot serialise ${lauxlib.luaL_typename(L, idx) ? st.rt.fengari.to_jsstring(lauxlib.luaL_typename(L, idx)) : "?"}: type not supported`);
  };

  // Decoder: cjson's tokenizer and its error messages.
  const T = ["T_OBJ_BEGIN", "T_OBJ_END", "T_ARR_BEGIN", "T_ARR_END", "T_STRING", "T_NUMBER", "T_BOOLEAN", "T_NULL", "T_COLON", "T_COMMA", "T_END", "T_WHITESPACE", "T_ERROR"];
  const [OBJ_BEGIN, OBJ_END, ARR_BEGIN, ARR_END, STRING, NUMBER, BOOLEAN, NULLT, COLON, COMMA, END, , ERROR] = T.map((_, i) => i);
  interface Tok { type: number; index: number; str?: Uint8Array; num?: number; bool?: boolean; err?: string }

  const decode = (L: any): number => {
    lauxlib.luaL_argcheck(L, lua.lua_gettop(L) === 1, 1, "expected 1 argument");
    const s: Uint8Array = lauxlib.luaL_checklstring(L, 1);
    let pos = 0;
    const next = (): Tok => {
      while (pos < s.length && (s[pos] === 0x20 || s[pos] === 0x09 || s[pos] === 0x0a || s[pos] === 0x0d)) pos++;
      const index = pos;
      if (pos >= s.length) return { type: END, index };
      const c = s[pos];
      switch (c) {
        case 0x7b: pos++; return { type: OBJ_BEGIN, index };
        case 0x7d: pos++; return { type: OBJ_END, index };
        case 0x5b: pos++; return { type: ARR_BEGIN, index };
        case 0x5d: pos++; return { type: ARR_END, index };
        case 0x3a: pos++; return { type: COLON, index };
        case 0x2c: pos++; return { type: COMMA, index };
        case 0x22: return readString(index);
      }
      if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
        let e = pos;
        while (e < s.length && /[0-9eE+\-.xXa-fA-FinINfty]/.test(String.fromCharCode(s[e]))) e++;
        const txt = String.fromCharCode(...s.subarray(pos, e));
        const m = /^-?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)/.exec(txt);
        if (!m) return { type: ERROR, index, err: "invalid number" };
        pos += m[0].length;
        return { type: NUMBER, index, num: Number(m[0]) };
      }
      const word = (w: string) => {
        for (let i = 0; i < w.length; i++) if (s[pos + i] !== w.charCodeAt(i)) return false;
        pos += w.length;
        return true;
      };
      if (word("true")) return { type: BOOLEAN, index, bool: true };
      if (word("false")) return { type: BOOLEAN, index, bool: false };
      if (word("null")) return { type: NULLT, index };
      return { type: ERROR, index, err: "invalid token" };
    };
    const readString = (index: number): Tok => {
      pos++;
      const out = new Buf();
      while (true) {
        if (pos >= s.length) return { type: ERROR, index: pos, err: "unexpected end of string" };
        const c = s[pos];
        if (c === 0x22) { pos++; break; }
        if (c === 0x5c) {
          const e = s[pos + 1];
          const map: Record<number, number> = { 0x22: 0x22, 0x5c: 0x5c, 0x2f: 0x2f, 0x62: 8, 0x66: 12, 0x6e: 10, 0x72: 13, 0x74: 9 };
          if (e in map) { out.byte(map[e]); pos += 2; continue; }
          if (e === 0x75) {
            const hex = (at: number) => {
              const h = String.fromCharCode(...s.subarray(at, at + 4));
              return /^[0-9a-fA-F]{4}$/.test(h) ? parseInt(h, 16) : -1;
            };
            let cp = hex(pos + 2);
            if (cp < 0) return { type: ERROR, index: pos, err: "invalid unicode escape code" };
            pos += 6;
            if (cp >= 0xd800 && cp <= 0xdbff) {
              const lo = s[pos] === 0x5c && s[pos + 1] === 0x75 ? hex(pos + 2) : -1;
              if (lo < 0xdc00 || lo > 0xdfff) return { type: ERROR, index: pos, err: "invalid unicode escape code" };
              cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
              pos += 6;
            }
            out.bytes(te.encode(String.fromCodePoint(cp)));
            continue;
          }
          return { type: ERROR, index: pos, err: "invalid escape code" };
        }
        out.byte(c);
        pos++;
      }
      return { type: STRING, index, str: out.view().slice() };
    };
    const fail = (expected: string, t: Tok): never => {
      const found = t.type === ERROR ? t.err : T[t.type];
      lauxlib.luaL_error(L, `Expected ${expected} but found ${found} at character ${t.index + 1}`);
      throw new Error("unreachable");
    };
    let depth = 0;
    const value = (t: Tok): void => {
      lauxlib.luaL_checkstack(L, 4, "");
      switch (t.type) {
        case STRING: lua.lua_pushlstring(L, t.str, t.str!.length); return;
        case NUMBER: lua.lua_pushnumber(L, t.num); return;
        case BOOLEAN: lua.lua_pushboolean(L, t.bool); return;
        case NULLT: lua.lua_pushlightuserdata(L, NULL); return;
        case OBJ_BEGIN: {
          if (++depth > maxDepth) lauxlib.luaL_error(L, `Found too many nested data structures (${depth}) at character ${t.index + 1}`);
          lua.lua_newtable(L);
          let k = next();
          if (k.type === OBJ_END) { depth--; return; }
          for (;;) {
            if (k.type !== STRING) fail("object key string", k);
            lua.lua_pushlstring(L, k.str, k.str!.length);
            const c = next();
            if (c.type !== COLON) fail("colon", c);
            value(next());
            lua.lua_rawset(L, -3);
            const d = next();
            if (d.type === OBJ_END) break;
            if (d.type !== COMMA) fail("comma or object end", d);
            k = next();
          }
          depth--;
          return;
        }
        case ARR_BEGIN: {
          if (++depth > maxDepth) lauxlib.luaL_error(L, `Found too many nested data structures (${depth}) at character ${t.index + 1}`);
          lua.lua_newtable(L);
          let v = next();
          if (v.type === ARR_END) { depth--; return; }
          for (let i = 1; ; i++) {
            value(v);
            lua.lua_rawseti(L, -2, i);
            const d = next();
            if (d.type === ARR_END) break;
            if (d.type !== COMMA) fail("comma or array end", d);
            v = next();
          }
          depth--;
          return;
        }
      }
      fail("value", t);
    };
    value(next());
    const t = next();
    if (t.type !== END) fail("the end", t);
    return 1;
  };

  const encode = (L: any): number => {
    lauxlib.luaL_argcheck(L, lua.lua_gettop(L) === 1, 1, "expected 1 argument");
    const b = new Buf();
    encodeValue(L, b, 1, 0);
    lua.lua_pushlstring(L, b.view(), b.n);
    return 1;
  };
  const cfg = (v: number | boolean | string) => (L: any) => {
    if (typeof v === "number") lua.lua_pushnumber(L, v);
    else if (typeof v === "boolean") lua.lua_pushboolean(L, v);
    else lua.lua_pushstring(L, v);
    return 1;
  };
  newLib(st, "cjson", {
    encode, decode,
    encode_sparse_array: (L: any) => { lua.lua_pushboolean(L, false); lua.lua_pushnumber(L, 2); lua.lua_pushnumber(L, 10); return 3; },
    encode_max_depth: cfg(maxDepth), decode_max_depth: cfg(maxDepth),
    encode_number_precision: cfg(14), encode_keep_buffer: cfg(true),
    encode_invalid_numbers: cfg(false), decode_invalid_numbers: cfg(true),
  });
  lua.lua_getglobal(st.L, "cjson");
  lua.lua_pushlightuserdata(st.L, NULL);
  lua.lua_setfield(st.L, -2, "null");
  lua.lua_pushstring(st.L, "cjson");
  lua.lua_setfield(st.L, -2, "_NAME");
  lua.lua_pushstring(st.L, "2.1.0");
  lua.lua_setfield(st.L, -2, "_VERSION");
  lua.lua_pop(st.L, 1);
}

// ---- cmsgpack -----------------------------------------------------------------------------

function installCmsgpack(st: LuaState): void {
  const { lua, lauxlib } = st;
  const f32 = new Float32Array(1);
  const dv = new DataView(new ArrayBuffer(8));

  const encodeInt = (b: Buf, n: number) => {
    if (n >= 0) {
      if (n <= 127) b.byte(n);
      else if (n <= 0xff) { b.byte(0xcc); b.byte(n); }
      else if (n <= 0xffff) { b.byte(0xcd); b.byte(n >> 8); b.byte(n & 0xff); }
      else if (n <= 0xffffffff) { b.byte(0xce); dv.setUint32(0, n); b.bytes(new Uint8Array(dv.buffer, 0, 4)); }
      else { b.byte(0xcf); dv.setBigUint64(0, BigInt(n)); b.bytes(new Uint8Array(dv.buffer, 0, 8)); }
    } else {
      if (n >= -32) b.byte(n & 0xff);
      else if (n >= -128) { b.byte(0xd0); b.byte(n & 0xff); }
      else if (n >= -32768) { b.byte(0xd1); dv.setInt16(0, n); b.bytes(new Uint8Array(dv.buffer, 0, 2)); }
      else if (n >= -2147483648) { b.byte(0xd2); dv.setInt32(0, n); b.bytes(new Uint8Array(dv.buffer, 0, 4)); }
      else { b.byte(0xd3); dv.setBigInt64(0, BigInt(n)); b.bytes(new Uint8Array(dv.buffer, 0, 8)); }
    }
  };
  const encodeLen = (b: Buf, n: number, fix: number, fixMax: number, c16: number, c32: number, c8 = -1) => {
    if (n < fixMax) b.byte(fix | n);
    else if (c8 >= 0 && n < 256) { b.byte(c8); b.byte(n); }
    else if (n < 65536) { b.byte(c16); b.byte(n >> 8); b.byte(n & 0xff); }
    else { b.byte(c32); dv.setUint32(0, n); b.bytes(new Uint8Array(dv.buffer, 0, 4)); }
  };
  /** lua-cmsgpack's table_is_an_array: keys 1..n with no holes. */
  const arrayLen = (L: any, idx: number): number => {
    let count = 0, max = 0;
    lua.lua_pushnil(L);
    while (lua.lua_next(L, idx) !== 0) {
      lua.lua_pop(L, 1);
      if (lua.lua_type(L, -1) !== lua.LUA_TNUMBER) { lua.lua_pop(L, 1); return -1; }
      const k = lua.lua_tonumber(L, -1);
      if (k <= 0 || Math.floor(k) !== k) { lua.lua_pop(L, 1); return -1; }
      if (k > max) max = k;
      count++;
    }
    return max === count ? count : -1;
  };
  const encode = (L: any, b: Buf, idx: number, level: number): void => {
    idx = lua.lua_absindex(L, idx);
    const t = lua.lua_type(L, idx);
    switch (t) {
      case lua.LUA_TSTRING: {
        const s = lua.lua_tolstring(L, idx);
        encodeLen(b, s.length, 0xa0, 32, 0xda, 0xdb, 0xd9);
        b.bytes(s);
        return;
      }
      case lua.LUA_TBOOLEAN: b.byte(lua.lua_toboolean(L, idx) ? 0xc3 : 0xc2); return;
      case lua.LUA_TNUMBER: {
        const n = lua.lua_tonumber(L, idx);
        if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) encodeInt(b, n);
        else {
          f32[0] = n;
          if (f32[0] === n || n !== n) { b.byte(0xca); dv.setFloat32(0, n); b.bytes(new Uint8Array(dv.buffer, 0, 4)); }
          else { b.byte(0xcb); dv.setFloat64(0, n); b.bytes(new Uint8Array(dv.buffer, 0, 8)); }
        }
        return;
      }
      case lua.LUA_TTABLE: {
        if (level >= 16) { b.byte(0xc0); return; }
        lauxlib.luaL_checkstack(L, 4, "");
        const len = arrayLen(L, idx);
        if (len >= 0) {
          encodeLen(b, len, 0x90, 16, 0xdc, 0xdd);
          for (let i = 1; i <= len; i++) {
            lua.lua_rawgeti(L, idx, i);
            encode(L, b, -1, level + 1);
            lua.lua_pop(L, 1);
          }
        } else {
          let n = 0;
          lua.lua_pushnil(L);
          while (lua.lua_next(L, idx) !== 0) { n++; lua.lua_pop(L, 1); }
          encodeLen(b, n, 0x80, 16, 0xde, 0xdf);
          lua.lua_pushnil(L);
          while (lua.lua_next(L, idx) !== 0) {
            encode(L, b, -2, level + 1);
            encode(L, b, -1, level + 1);
            lua.lua_pop(L, 1);
          }
        }
        return;
      }
    }
    b.byte(0xc0);
  };
  const pack = (L: any): number => {
    const n = lua.lua_gettop(L);
    if (n === 0) return lauxlib.luaL_argerror(L, 0, "MessagePack pack needs input.");
    const b = new Buf();
    for (let i = 1; i <= n; i++) encode(L, b, i, 0);
    lua.lua_pushlstring(L, b.view(), b.n);
    return 1;
  };

  const decodeOne = (L: any, s: Uint8Array, p: { o: number }): void => {
    const need = (k: number) => { if (p.o + k > s.length) lauxlib.luaL_error(L, "Missing bytes in input."); };
    const view = new DataView(s.buffer, s.byteOffset, s.byteLength);
    need(1);
    const c = s[p.o++];
    lauxlib.luaL_checkstack(L, 4, "");
    const str = (n: number) => { need(n); lua.lua_pushlstring(L, s.subarray(p.o, p.o + n), n); p.o += n; };
    const arr = (n: number) => {
      lua.lua_newtable(L);
      for (let i = 1; i <= n; i++) { decodeOne(L, s, p); lua.lua_rawseti(L, -2, i); }
    };
    const map = (n: number) => {
      lua.lua_newtable(L);
      for (let i = 0; i < n; i++) { decodeOne(L, s, p); decodeOne(L, s, p); lua.lua_rawset(L, -3); }
    };
    const u = (k: number) => {
      need(k);
      let v = 0;
      for (let i = 0; i < k; i++) v = v * 256 + s[p.o + i];
      p.o += k;
      return v;
    };
    if (c <= 0x7f) { lua.lua_pushnumber(L, c); return; }
    if (c >= 0xe0) { lua.lua_pushnumber(L, c - 256); return; }
    if ((c & 0xe0) === 0xa0) return str(c & 0x1f);
    if ((c & 0xf0) === 0x90) return arr(c & 0x0f);
    if ((c & 0xf0) === 0x80) return map(c & 0x0f);
    switch (c) {
      case 0xc0: lua.lua_pushnil(L); return;
      case 0xc2: lua.lua_pushboolean(L, false); return;
      case 0xc3: lua.lua_pushboolean(L, true); return;
      case 0xcc: lua.lua_pushnumber(L, u(1)); return;
      case 0xcd: lua.lua_pushnumber(L, u(2)); return;
      case 0xce: lua.lua_pushnumber(L, u(4)); return;
      case 0xcf: need(8); lua.lua_pushnumber(L, Number(view.getBigUint64(p.o))); p.o += 8; return;
      case 0xd0: need(1); lua.lua_pushnumber(L, view.getInt8(p.o)); p.o += 1; return;
      case 0xd1: need(2); lua.lua_pushnumber(L, view.getInt16(p.o)); p.o += 2; return;
      case 0xd2: need(4); lua.lua_pushnumber(L, view.getInt32(p.o)); p.o += 4; return;
      case 0xd3: need(8); lua.lua_pushnumber(L, Number(view.getBigInt64(p.o))); p.o += 8; return;
      case 0xca: need(4); lua.lua_pushnumber(L, view.getFloat32(p.o)); p.o += 4; return;
      case 0xcb: need(8); lua.lua_pushnumber(L, view.getFloat64(p.o)); p.o += 8; return;
      case 0xd9: return str(u(1));
      case 0xda: return str(u(2));
      case 0xdb: return str(u(4));
      case 0xdc: return arr(u(2));
      case 0xdd: return arr(u(4));
      case 0xde: return map(u(2));
      case 0xdf: return map(u(4));
    }
    lauxlib.luaL_error(L, "Bad data format in input.");
  };
  const unpackGeneric = (L: any, limit: number, offset: number): number => {
    const s: Uint8Array = lauxlib.luaL_checklstring(L, 1);
    if (offset < 0 || limit < 0) return lauxlib.luaL_error(L, `Invalid request to unpack with offset of ${offset} and limit of ${limit}.`);
    if (offset > s.length) return lauxlib.luaL_error(L, `Start offset ${offset} greater than input length ${s.length}.`);
    const p = { o: offset };
    let n = 0;
    if (limit > 0) {
      // unpack_one / unpack_limit: the next offset first, then the values
      lua.lua_pushnumber(L, 0);
      const at = lua.lua_gettop(L);
      while (p.o < s.length && n < limit) { decodeOne(L, s, p); n++; }
      lua.lua_pushnumber(L, p.o < s.length ? p.o : -1);
      lua.lua_replace(L, at);
      return n + 1;
    }
    while (p.o < s.length) { decodeOne(L, s, p); n++; }
    return n;
  };
  newLib(st, "cmsgpack", {
    pack,
    unpack: (L: any) => unpackGeneric(L, 0, 0),
    unpack_one: (L: any) => unpackGeneric(L, 1, lauxlib.luaL_optinteger(L, 2, 0)),
    unpack_limit: (L: any) => unpackGeneric(L, lauxlib.luaL_checkinteger(L, 2), lauxlib.luaL_optinteger(L, 3, 0)),
  });
}

// ---- bit (LuaBitOp) -----------------------------------------------------------------------

function installBit(st: LuaState): void {
  const { lua, lauxlib } = st;
  /** LuaBitOp's barg: the number modulo 2^32 as a signed 32-bit value (rounded to nearest even). */
  const barg = (L: any, i: number): number => {
    let x = lauxlib.luaL_checknumber(L, i);
    if (!Number.isInteger(x)) {
      const f = Math.floor(x);
      const d = x - f;
      x = d > 0.5 || (d === 0.5 && f % 2 !== 0) ? f + 1 : f;
    }
    return (x - Math.floor(x / 4294967296) * 4294967296) | 0;
  };
  const ret = (L: any, v: number) => { lua.lua_pushnumber(L, v | 0); return 1; };
  const fold = (op: (a: number, b: number) => number) => (L: any) => {
    let v = barg(L, 1);
    for (let i = lua.lua_gettop(L); i > 1; i--) v = op(v, barg(L, i));
    return ret(L, v);
  };
  newLib(st, "bit", {
    tobit: (L: any) => ret(L, barg(L, 1)),
    bnot: (L: any) => ret(L, ~barg(L, 1)),
    band: fold((a, b) => a & b),
    bor: fold((a, b) => a | b),
    bxor: fold((a, b) => a ^ b),
    lshift: (L: any) => ret(L, barg(L, 1) << (barg(L, 2) & 31)),
    rshift: (L: any) => ret(L, barg(L, 1) >>> (barg(L, 2) & 31)),
    arshift: (L: any) => ret(L, barg(L, 1) >> (barg(L, 2) & 31)),
    rol: (L: any) => { const b = barg(L, 1), n = barg(L, 2) & 31; return ret(L, (b << n) | (b >>> (32 - n))); },
    ror: (L: any) => { const b = barg(L, 1), n = barg(L, 2) & 31; return ret(L, (b >>> n) | (b << (32 - n))); },
    bswap: (L: any) => {
      const b = barg(L, 1);
      return ret(L, ((b >>> 24) & 0xff) | ((b >>> 8) & 0xff00) | ((b & 0xff00) << 8) | (b << 24));
    },
    tohex: (L: any) => {
      let b = barg(L, 1) >>> 0;
      let n = lua.lua_isnone(L, 2) ? 8 : barg(L, 2);
      const upper = n < 0;
      if (upper) n = -n;
      if (n > 8) n = 8;
      let s = "";
      for (let i = 0; i < n; i++) { s = "0123456789abcdef"[b & 15] + s; b >>>= 4; }
      lua.lua_pushstring(L, upper ? s.toUpperCase() : s);
      return 1;
    },
  });
}

// ---- struct -------------------------------------------------------------------------------

function installStruct(st: LuaState): void {
  const { lua, lauxlib } = st;
  interface Opt { c: string; size: number }
  /** Walks a format: endianness/alignment state and one option at a time. */
  class Fmt {
    i = 0;
    little = true;
    align = 1;
    constructor(readonly f: string) {}
    num(def: number): number {
      const m = /^\d+/.exec(this.f.slice(this.i));
      if (!m) return def;
      this.i += m[0].length;
      return Number(m[0]);
    }
    next(L: any): Opt | null {
      while (this.i < this.f.length) {
        const c = this.f[this.i++];
        switch (c) {
          case " ": continue;
          case ">": this.little = false; continue;
          case "<": this.little = true; continue;
          case "=": this.little = true; continue;
          case "!": this.align = this.num(8); continue;
          case "b": case "B": case "x": return { c, size: 1 };
          case "h": case "H": return { c, size: 2 };
          case "l": case "L": case "T": return { c, size: 8 };
          case "f": return { c, size: 4 };
          case "d": return { c, size: 8 };
          case "s": return { c, size: 0 };
          case "c": return { c, size: this.num(1) };
          case "i": case "I": {
            const size = this.num(4);
            if (size > 32) lauxlib.luaL_error(L, `integral size ${size} is larger than limit of 32`);
            return { c, size };
          }
          default: lauxlib.luaL_argerror(L, 1, `invalid format option '${c}'`);
        }
      }
      return null;
    }
    pad(o: Opt, total: number): number {
      let a = o.size;
      if (a <= 1 || o.c === "c" || o.c === "s") return 0;
      if (a > this.align) a = this.align;
      if ((a & (a - 1)) !== 0) return 0;
      return (a - (total & (a - 1))) & (a - 1);
    }
  }
  const jsFmt = (L: any) => st.rt.fengari.to_jsstring(lauxlib.luaL_checklstring(L, 1));
  const putInt = (b: Buf, v: number, size: number, little: boolean) => {
    // Two's complement over `size` bytes (sizes past 8 sign-extend, as struct.c does).
    let x = BigInt.asUintN(size * 8, BigInt(Math.trunc(v)));
    const bytes: number[] = [];
    for (let i = 0; i < size; i++) { bytes.push(Number(x & 0xffn)); x >>= 8n; }
    if (!little) bytes.reverse();
    for (const by of bytes) b.byte(by);
  };
  const pack = (L: any): number => {
    const f = new Fmt(jsFmt(L));
    const b = new Buf();
    let arg = 2;
    for (let o = f.next(L); o; o = f.next(L)) {
      const pad = f.pad(o, b.n);
      for (let i = 0; i < pad; i++) b.byte(0);
      switch (o.c) {
        case "x": b.byte(0); break;
        case "b": case "B": case "h": case "H": case "l": case "L": case "T": case "i": case "I":
          putInt(b, lauxlib.luaL_checknumber(L, arg++), o.size, f.little);
          break;
        case "f": case "d": {
          const dvw = new DataView(new ArrayBuffer(8));
          const v = lauxlib.luaL_checknumber(L, arg++);
          if (o.c === "f") dvw.setFloat32(0, v, f.little); else dvw.setFloat64(0, v, f.little);
          b.bytes(new Uint8Array(dvw.buffer, 0, o.size));
          break;
        }
        case "c": case "s": {
          const s: Uint8Array = lauxlib.luaL_checklstring(L, arg++);
          let l = s.length;
          if (o.c === "c" && o.size !== 0) {
            lauxlib.luaL_argcheck(L, l >= o.size, arg - 1, "string too short");
            l = o.size;
          }
          b.bytes(s.subarray(0, l));
          if (o.c === "s") b.byte(0);
          break;
        }
      }
    }
    lua.lua_pushlstring(L, b.view(), b.n);
    return 1;
  };
  const unpack = (L: any): number => {
    const f = new Fmt(jsFmt(L));
    const data: Uint8Array = lauxlib.luaL_checklstring(L, 2);
    let pos = lauxlib.luaL_optinteger(L, 3, 1) - 1;
    lauxlib.luaL_argcheck(L, pos >= 0, 3, "offset must be 1 or greater");
    let n = 0;
    let lastInt = 0;
    for (let o = f.next(L); o; o = f.next(L)) {
      pos += f.pad(o, pos);
      lauxlib.luaL_argcheck(L, pos + o.size <= data.length, 2, "data string too short");
      lauxlib.luaL_checkstack(L, 2, "too many results");
      switch (o.c) {
        case "x": break;
        case "b": case "B": case "h": case "H": case "l": case "L": case "T": case "i": case "I": {
          let x = 0n;
          for (let i = 0; i < o.size; i++) {
            const by = data[pos + (f.little ? o.size - 1 - i : i)];
            x = (x << 8n) | BigInt(by);
          }
          const signed = o.c === "b" || o.c === "h" || o.c === "l" || o.c === "i";
          const v = Number(signed ? BigInt.asIntN(o.size * 8, x) : x);
          lua.lua_pushnumber(L, v);
          lastInt = v;
          n++;
          break;
        }
        case "f": case "d": {
          const dvw = new DataView(data.buffer, data.byteOffset + pos, o.size);
          lua.lua_pushnumber(L, o.c === "f" ? dvw.getFloat32(0, f.little) : dvw.getFloat64(0, f.little));
          n++;
          break;
        }
        case "c": {
          let size = o.size;
          if (size === 0) {
            lauxlib.luaL_argcheck(L, n > 0, 2, "format 'c0' needs a previous size");
            size = lastInt;
            lua.lua_pop(L, 1);
            n--;
            lauxlib.luaL_argcheck(L, pos + size <= data.length, 2, "data string too short");
          }
          lua.lua_pushlstring(L, data.subarray(pos, pos + size), size);
          n++;
          pos += size;
          continue;
        }
        case "s": {
          let e = pos;
          while (e < data.length && data[e] !== 0) e++;
          if (e >= data.length) lauxlib.luaL_error(L, "unfinished string in data");
          lua.lua_pushlstring(L, data.subarray(pos, e), e - pos);
          n++;
          pos = e + 1;
          continue;
        }
      }
      pos += o.size;
    }
    lua.lua_pushnumber(L, pos + 1);
    return n + 1;
  };
  const size = (L: any): number => {
    const f = new Fmt(jsFmt(L));
    let total = 0;
    for (let o = f.next(L); o; o = f.next(L)) {
      if (o.c === "s") lauxlib.luaL_argerror(L, 1, "option 's' has no fixed size");
      if (o.c === "c" && o.size === 0) lauxlib.luaL_argerror(L, 1, "option 'c0' has no fixed size");
      total += f.pad(o, total) + o.size;
    }
    lua.lua_pushnumber(L, total);
    return 1;
  };
  newLib(st, "struct", { pack, unpack, size });
}
