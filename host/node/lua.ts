// lua.ts — gives the portable core its Lua VM (fengari) in Node: see host/core/scripting/runtime.ts.
// Imported for its effect by load.ts, so every Node entry (server, embedding, tests) has it.

import { createRequire } from "node:module";
import { setLuaRuntime } from "../core/scripting/runtime.js";
import { patchLuaconf } from "../core/scripting/lua.js";

const require = createRequire(import.meta.url);
// Number formatting must be set before fengari's modules read it (see patchLuaconf).
// defs.js first: it and luaconf.js require each other, and fengari loads defs.js first.
require("fengari/src/defs.js");
patchLuaconf(require("fengari/src/luaconf.js"));
setLuaRuntime({ fengari: require("fengari"), lobject: require("fengari/src/lobject.js"),
  lstring: require("fengari/src/lstring.js"), ltable: require("fengari/src/ltable.js"),
  ldebug: require("fengari/src/ldebug.js") });
