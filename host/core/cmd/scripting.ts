// scripting.ts — EVAL, EVALSHA, EVAL_RO, EVALSHA_RO, SCRIPT *, FCALL, FCALL_RO, FUNCTION *
// (Redis: eval.c's and functions.c's command halves). The Lua side is host/core/scripting/.
//
// PORTABLE: no node: imports.
//
// The engine hands these commands over (hostCommand); they parse their arguments as Redis
// does (numkeys, shebang flags, policies), find or compile the script, and start it through
// Scripting.run, which replies at once or, for a busy script, later.

import type { HostCommandContext, RespiteCore } from "../server.js";
import { BUSY_EVAL, Scripting, RunCtx, ScriptState, SCRIPT_FLAG_NAMES, SF_ALLOW_OOM, SF_EVAL_COMPAT, SF_NO_WRITES } from "../scripting/scripting.js";
import { Functions } from "../scripting/functions.js";
import { sha1hex } from "../scripting/sha1.js";
import { bin, stringmatch, string2ll } from "../text.js";
import { infoFields } from "./info.js";

const dec = new TextDecoder();

/** Scripting state per core. */
const states = new WeakMap<RespiteCore, { sc: Scripting; fn: Functions; scripts: Map<string, { ref: number; flags: number; body: Uint8Array }> }>();

export function scriptingOf(core: RespiteCore) {
  let s = states.get(core);
  if (!s) {
    const sc = new Scripting(core);
    s = { sc, fn: new Functions(sc), scripts: new Map() };
    states.set(core, s);
  }
  return s;
}

const lower = (b: Uint8Array) => dec.decode(b).toLowerCase();

/** Propagates a successful FUNCTION write verbatim (AOF / replicas), as Redis does. */
function propagate(ctx: HostCommandContext): void {
  const eng = ctx.core.engine;
  let n = 0;
  for (const a of ctx.args) n += 4 + a.length;
  const p = eng.x.scratch(Math.max(4, n)) >>> 0;
  const mem = eng.mem();
  const dv = new DataView(mem.buffer);
  let o = p;
  for (const a of ctx.args) {
    dv.setUint32(o, a.length, true);
    mem.set(a, o + 4);
    o += 4 + a.length;
  }
  eng.x.propagateHostCommand(eng.x.clientDb(ctx.session.c), ctx.args.length, p);
}

/** Redis's evalExtractShebangFlags: flags, or an error message; body offset past the shebang line. */
function shebangFlags(body: Uint8Array): { flags: number; skip: number; err?: string } {
  if (body[0] !== 0x23 || body[1] !== 0x21) return { flags: SF_EVAL_COMPAT, skip: 0 };
  let nl = body.indexOf(10);
  if (nl < 0) nl = body.length;
  const parts = dec.decode(body.subarray(0, nl)).split(" ").filter((x) => x.length > 0);
  if (parts[0] !== "#!lua") return { flags: 0, skip: 0, err: `Unexpected engine in script shebang: ${parts[0]}` };
  let flags = 0;
  for (const part of parts.slice(1)) {
    if (!part.startsWith("flags=")) return { flags: 0, skip: 0, err: `Unknown lua shebang option: ${part}` };
    for (const f of part.slice(6).split(",")) {
      if (f === "") continue;
      const hit = SCRIPT_FLAG_NAMES.find(([n]) => n === f);
      if (!hit) return { flags: 0, skip: 0, err: `Unexpected flag in script shebang: ${f}` };
      flags |= hit[1];
    }
  }
  return { flags, skip: nl };
}

export function installScriptingCommands(core: RespiteCore): void {
  const h = core.hostCommands;
  // INFO memory's script counters.
  infoFields.set("number_of_cached_scripts", (c) => scriptingOf(c).scripts.size);
  infoFields.set("number_of_functions", (c) => scriptingOf(c).fn.functions.size);
  infoFields.set("number_of_libraries", (c) => scriptingOf(c).fn.libraries.size);
  const unavailable = (ctx: HostCommandContext): boolean => {
    if (scriptingOf(core).sc.available()) return false;
    ctx.w.error("ERR scripting is not available in this build (no Lua runtime)");
    return true;
  };

  /** Compiles (or finds) an EVAL body; replies an error and returns null on failure. */
  const scriptFor = (ctx: HostCommandContext, body: Uint8Array) => {
    const S = scriptingOf(core);
    const sha = sha1hex(body);
    let s = S.scripts.get(sha);
    if (s) return { sha, s };
    const sb = shebangFlags(body);
    if (sb.err) {
      ctx.w.error(`ERR ${sb.err}`);
      return null;
    }
    const ss = S.sc.eval();
    // The shebang line is dropped but its newline kept, so line numbers stay the user's.
    const err = ss.compile(body.subarray(sb.skip), "@user_script");
    if (err !== null) {
      ctx.w.error(`ERR Error compiling script (new function): ${err}`);
      return null;
    }
    const ref = ss.lauxlib.luaL_ref(ss.L, ss.lua.LUA_REGISTRYINDEX);
    s = { ref, flags: sb.flags, body: body.slice() };
    S.scripts.set(sha, s);
    return { sha, s };
  };

  /** numkeys as Redis parses it for EVAL and FCALL; null after an error reply. */
  const numkeys = (ctx: HostCommandContext, errText: string): number | null => {
    const n = string2ll(bin(ctx.args[2]));
    if (n === null) {
      ctx.w.error(errText);
      return null;
    }
    if (n > BigInt(ctx.args.length - 3)) {
      ctx.w.error("ERR Number of keys can't be greater than number of args");
      return null;
    }
    if (n < 0n) {
      ctx.w.error("ERR Number of keys can't be negative");
      return null;
    }
    return Number(n);
  };

  /** scriptPrepareForRun's flag checks; false after an error reply. */
  const prepare = (ctx: HostCommandContext, flags: number, ro: boolean): boolean => {
    if (!(flags & SF_EVAL_COMPAT) && !(flags & SF_ALLOW_OOM)) {
      const maxmemory = Number(core.config.get("maxmemory"));
      if (maxmemory > 0 && core.usedMemory() > maxmemory) {
        ctx.w.error("OOM allow-oom flag is not set on the script, can not run it when used memory > 'maxmemory'");
        return false;
      }
    }
    if (!(flags & SF_EVAL_COMPAT) && !(flags & SF_NO_WRITES) && ro) {
      ctx.w.error("ERR Can not execute a script with write flag using *_ro command.");
      return false;
    }
    return true;
  };

  const startRun = (ctx: HostCommandContext, ss: ScriptState, ref: number, flags: number, ro: boolean, funcname: string, isEval: boolean, nk: number) => {
    const S = scriptingOf(core);
    const run: RunCtx = {
      ctx, funcname, isEval,
      readOnly: ro || (!(flags & SF_EVAL_COMPAT) && (flags & SF_NO_WRITES) !== 0),
      writeDirty: false, resp: 2, startedAt: core.now(), killed: false, effectsFrom: 0,
      db: core.engine.x.clientDb(ctx.session.c),
    };
    S.sc.run(ss, ref, run, ctx.args.slice(3, 3 + nk), ctx.args.slice(3 + nk));
  };

  const evalGeneric = (ctx: HostCommandContext, evalsha: boolean, ro: boolean) => {
    if (unavailable(ctx)) return;
    const nk = numkeys(ctx, "ERR value is not an integer or out of range");
    if (nk === null) return;
    const S = scriptingOf(core);
    let found;
    if (evalsha) {
      const sha = lower(ctx.args[1]);
      const s = sha.length === 40 ? S.scripts.get(sha) : undefined;
      if (!s) {
        ctx.w.error("NOSCRIPT No matching script. Please use EVAL.");
        return;
      }
      found = { sha, s };
    } else {
      found = scriptFor(ctx, ctx.args[1]);
      if (!found) return;
    }
    if (!prepare(ctx, found.s.flags, ro)) return;
    startRun(ctx, S.sc.eval(), found.s.ref, found.s.flags, ro, found.sha, true, nk);
  };
  h.set("eval", (ctx) => evalGeneric(ctx, false, false));
  h.set("evalsha", (ctx) => evalGeneric(ctx, true, false));
  h.set("eval_ro", (ctx) => evalGeneric(ctx, false, true));
  h.set("evalsha_ro", (ctx) => evalGeneric(ctx, true, true));

  h.set("script|load", (ctx) => {
    if (unavailable(ctx)) return;
    const r = scriptFor(ctx, ctx.args[2]);
    if (r) ctx.w.bulk(r.sha);
  });
  h.set("script|exists", (ctx) => {
    const S = scriptingOf(core);
    ctx.w.array(ctx.args.length - 2);
    for (const a of ctx.args.slice(2)) ctx.w.int(S.scripts.has(lower(a)) ? 1 : 0);
  });
  h.set("script|flush", (ctx) => {
    if (ctx.args.length > 3 || (ctx.args.length === 3 && !["sync", "async"].includes(lower(ctx.args[2])))) {
      ctx.w.error("ERR SCRIPT FLUSH only support SYNC|ASYNC option");
      return;
    }
    const S = scriptingOf(core);
    S.scripts.clear();
    S.sc.resetEval();
    ctx.w.ok();
  });
  h.set("script|kill", (ctx) => scriptingOf(core).sc.kill(ctx, true));
  h.set("function|kill", (ctx) => scriptingOf(core).sc.kill(ctx, false));
  h.set("script|debug", (ctx) => {
    const m = lower(ctx.args[2]);
    if (m === "no") ctx.w.ok();
    else if (m === "yes" || m === "sync") ctx.w.error("ERR SCRIPT DEBUG is not supported by this server");
    else ctx.w.error("ERR Use SCRIPT DEBUG YES/SYNC/NO");
  });
  h.set("script|help", (ctx) => {
    const lines = [
      "SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "DEBUG (YES|SYNC|NO)",
      "    Set the debug mode for subsequent scripts executed.",
      "EXISTS <sha1> [<sha1> ...]",
      "    Return information about the existence of the scripts in the script cache.",
      "FLUSH [ASYNC|SYNC]",
      "    Flush the Lua scripts cache. Very dangerous on replicas.",
      "    When called without the optional mode argument, the behavior is determined by the",
      "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
      "    * ASYNC: Asynchronously flush the scripts cache.",
      "    * SYNC: Synchronously flush the scripts cache.",
      "KILL",
      "    Kill the currently executing Lua script.",
      "LOAD <script>",
      "    Load a script into the scripts cache without executing it.",
      "HELP",
      "    Prints this help.",
    ];
    ctx.w.array(lines.length);
    for (const l of lines) ctx.w.status(l);
  });

  // ---- functions ------------------------------------------------------------------------------

  const fcall = (ctx: HostCommandContext, ro: boolean) => {
    if (unavailable(ctx)) return;
    const S = scriptingOf(core);
    const f = S.fn.functions.get(dec.decode(ctx.args[1]));
    if (!f) {
      ctx.w.error("ERR Function not found");
      return;
    }
    const nk = numkeys(ctx, "ERR Bad number of keys provided");
    if (nk === null) return;
    if (!prepare(ctx, f.flags, ro)) return;
    startRun(ctx, S.fn.lua(), f.ref, f.flags, ro, f.name, false, nk);
  };
  h.set("fcall", (ctx) => fcall(ctx, false));
  h.set("fcall_ro", (ctx) => fcall(ctx, true));

  h.set("function|load", (ctx) => {
    if (unavailable(ctx)) return;
    let replace = false;
    let i = 2;
    for (; i < ctx.args.length - 1; i++) {
      if (lower(ctx.args[i]) === "replace") replace = true;
      else {
        ctx.w.error(`ERR Unknown option given: ${dec.decode(ctx.args[i])}`);
        return;
      }
    }
    if (i !== ctx.args.length - 1) {
      ctx.w.error("ERR Function code was not given");
      return;
    }
    const r = scriptingOf(core).fn.load(ctx.args[i], replace);
    if (r.err) ctx.w.error(`ERR ${r.err}`);
    else {
      ctx.w.bulk(r.name!);
      propagate(ctx);
    }
  });
  h.set("function|delete", (ctx) => {
    if (scriptingOf(core).fn.delete(dec.decode(ctx.args[2]))) {
      ctx.w.ok();
      propagate(ctx);
    } else ctx.w.error("ERR Library not found");
  });
  h.set("function|flush", (ctx) => {
    if (ctx.args.length > 3 || (ctx.args.length === 3 && !["sync", "async"].includes(lower(ctx.args[2])))) {
      ctx.w.error("ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
      return;
    }
    scriptingOf(core).fn.flush();
    ctx.w.ok();
    propagate(ctx);
  });
  h.set("function|list", (ctx) => {
    let withCode = false;
    let pattern: Uint8Array | null = null;
    for (let i = 2; i < ctx.args.length; i++) {
      const a = lower(ctx.args[i]);
      if (!withCode && a === "withcode") { withCode = true; continue; }
      if (!pattern && a === "libraryname") {
        if (i >= ctx.args.length - 1) {
          ctx.w.error("ERR library name argument was not given");
          return;
        }
        pattern = ctx.args[++i];
        continue;
      }
      ctx.w.error(`ERR Unknown argument ${dec.decode(ctx.args[i])}`);
      return;
    }
    const libs = [...scriptingOf(core).fn.libraries.values()].filter((l) => !pattern || stringmatch(bin(pattern), l.name, false));
    const w = ctx.w;
    w.array(libs.length);
    for (const lib of libs) {
      w.map(withCode ? 4 : 3);
      w.bulk("library_name").bulk(lib.name);
      w.bulk("engine").bulk("LUA");
      w.bulk("functions").array(lib.functions.size);
      for (const f of lib.functions.values()) {
        w.map(3);
        w.bulk("name").bulk(f.name);
        w.bulk("description");
        if (f.desc) w.bulk(f.desc); else w.null();
        w.bulk("flags");
        const names = SCRIPT_FLAG_NAMES.filter(([, b]) => (f.flags & b) !== 0).map(([n]) => n);
        w.set(names.length);
        for (const n of names) w.status(n);
      }
      if (withCode) w.bulk("library_code").bulk(lib.code);
    }
  });
  h.set("function|dump", (ctx) => {
    ctx.w.bulk(scriptingOf(core).fn.dump());
  });
  h.set("function|restore", (ctx) => {
    if (unavailable(ctx)) return;
    let policy: "FLUSH" | "APPEND" | "REPLACE" = "APPEND";
    if (ctx.args.length > 4) {
      ctx.w.error("ERR wrong number of arguments for 'function|restore' command");
      return;
    }
    if (ctx.args.length === 4) {
      const p = dec.decode(ctx.args[3]).toUpperCase();
      if (p !== "FLUSH" && p !== "APPEND" && p !== "REPLACE") {
        ctx.w.error("ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.");
        return;
      }
      policy = p;
    }
    const codes = Functions.parseDump(ctx.args[2]);
    if (!codes) {
      ctx.w.error("ERR DUMP payload version or checksum are wrong");
      return;
    }
    const err = scriptingOf(core).fn.restore(codes, policy);
    if (err) ctx.w.error(`ERR ${err}`);
    else {
      ctx.w.ok();
      propagate(ctx);
    }
  });
  h.set("function|stats", (ctx) => {
    const S = scriptingOf(core);
    if (S.sc.busy && S.sc.current?.isEval) {
      ctx.w.error(BUSY_EVAL);
      return;
    }
    const w = ctx.w;
    w.map(2);
    w.bulk("running_script");
    const run = S.sc.current;
    if (run && !run.isEval && S.sc.busy) {
      w.map(3);
      w.bulk("name").bulk(run.funcname);
      w.bulk("command").bulkArray(run.ctx.args);
      w.bulk("duration_ms").int(Math.floor(core.now() - run.startedAt));
    } else w.null();
    w.bulk("engines").map(1);
    w.bulk("LUA").map(2);
    w.bulk("libraries_count").int(S.fn.libraries.size);
    w.bulk("functions_count").int(S.fn.functions.size);
  });
  h.set("function|help", (ctx) => {
    const lines = [
      "FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "LOAD [REPLACE] <FUNCTION CODE>",
      "    Create a new library with the given library name and code.",
      "DELETE <LIBRARY NAME>",
      "    Delete the given library.",
      "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
      "    Return general information on all the libraries:",
      "    * Library name",
      "    * The engine used to run the Library",
      "    * Library description",
      "    * Functions list",
      "    * Library code (if WITHCODE is given)",
      "    It also possible to get only function that matches a pattern using LIBRARYNAME argument.",
      "STATS",
      "    Return information about the current function running:",
      "    * Function name",
      "    * Command used to run the function",
      "    * Duration in MS that the function is running",
      "    If no function is running, return nil",
      "    In addition, returns a list of available engines.",
      "KILL",
      "    Kill the current running function.",
      "FLUSH [ASYNC|SYNC]",
      "    Delete all the libraries.",
      "    When called without the optional mode argument, the behavior is determined by the",
      "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
      "    * ASYNC: Asynchronously flush the libraries.",
      "    * SYNC: Synchronously flush the libraries.",
      "DUMP",
      "    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command",
      "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
      "    Restore the libraries represented by the given payload, it is possible to give a restore policy to",
      "    control how to handle existing libraries (default APPEND):",
      "    * FLUSH: delete all existing libraries.",
      "    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.",
      "    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old",
      "      libraries with the new libraries (notice that even on this option there is a chance of failure",
      "      in case of functions name collision with another library).",
      "HELP",
      "    Prints this help.",
    ];
    ctx.w.array(lines.length);
    for (const l of lines) ctx.w.status(l);
  });
}
