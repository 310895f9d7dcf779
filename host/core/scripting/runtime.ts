// runtime.ts — where the Lua VM comes from.
//
// PORTABLE: no node: imports and no bare imports. Scripting runs on fengari (Lua 5.3 in
// JavaScript), but host/core must load in a browser as plain ES modules, where a bare
// "fengari" specifier cannot be resolved. So the core never imports fengari: the shell that
// can load it (host/node/lua.ts for Node) hands it over with setLuaRuntime(), and the
// scripting commands answer an error when none was given.
//
// Two parts of fengari are needed: the public API (lua, lauxlib, lualib) and its lobject
// module, whose number <-> string conversions are replaced so scripts see Lua 5.1 numbers
// (see compat in lua.ts).

/* eslint-disable @typescript-eslint/no-explicit-any */
export interface LuaRuntime {
  /** require("fengari") */
  fengari: any;
  /** require("fengari/src/lobject.js") */
  lobject: any;
  /** require("fengari/src/lstring.js") */
  lstring: any;
  /** require("fengari/src/ltable.js") */
  ltable: any;
  /** require("fengari/src/ldebug.js") */
  ldebug: any;
}

let runtime: LuaRuntime | null = null;

export function setLuaRuntime(r: LuaRuntime): void {
  runtime = r;
}

export function luaRuntime(): LuaRuntime | null {
  return runtime;
}
