// debug.ts — the host side of DEBUG (Redis: debug.c).
//
// PORTABLE. The engine serves the DEBUG subcommands that only touch its own state (HELP,
// OBJECT, POPULATE, SET-ACTIVE-EXPIRE, PROTOCOL, ERROR) and hands every other one to the host
// as the "debug" host command. Here they are dispatched through `debugSubcommands`, a registry
// other host families extend (persistence can add RELOAD and LOADAOF, logging LOG ...):
//
//   debugSubcommands.set("reload", { argc: (n) => n >= 2, run: (ctx) => { ... } });
//
// A subcommand nobody registered, or called with the wrong number of arguments, gets Redis's
// "unknown subcommand or wrong number of arguments" error.
//
// DEBUG SLEEP blocks the whole server, as Redis's nanosleep does: no client is served and
// no cron runs meanwhile (tests use it to provoke timeouts and to let clocks move). The wait
// is Atomics.wait on a private SharedArrayBuffer, which sleeps without burning CPU; where
// that is unavailable (a browser's main thread) it falls back to a busy wait.

import type { HostCommandContext, RespiteCore } from "../server.js";
import { persistence } from "../persistence.js";
import { memtoull } from "../text.js";

export interface DebugSubcommand {
  /** Whether the argument count (DEBUG and the subcommand included) is acceptable. */
  argc(n: number): boolean;
  run(ctx: HostCommandContext): void;
}

/** Host-served DEBUG subcommands by lower-case name. */
export const debugSubcommands = new Map<string, DebugSubcommand>();

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Blocks the calling thread for `ms` milliseconds. */
export function sleepSync(ms: number): void {
  if (!(ms > 0)) return;
  try {
    const cell = new Int32Array(new SharedArrayBuffer(4));
    // Atomics.wait's timeout is capped by the platform; loop until the time has passed.
    const end = Date.now() + ms;
    let left = ms;
    while (left > 0) {
      Atomics.wait(cell, 0, 0, Math.min(left, 2 ** 31 - 1));
      left = end - Date.now();
    }
    return;
  } catch {
    // no SharedArrayBuffer or Atomics.wait not allowed on this thread
  }
  const end = Date.now() + ms;
  while (Date.now() < end) { /* busy wait */ }
}

/** C's strtod on a prefix of the text (trailing garbage ignored, no number = 0). */
export function strtodPrefix(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?)(inf(inity)?|nan|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)/i.exec(s);
  if (!m) return 0;
  const body = m[2].toLowerCase();
  const sign = m[1] === "-" ? -1 : 1;
  if (body.startsWith("inf")) return sign * Infinity;
  if (body === "nan") return NaN;
  return sign * Number((m[4]) + (m[5] ?? ""));
}

debugSubcommands.set("sleep", {
  argc: (n) => n === 3,
  run: (ctx) => {
    // Redis: utime = (long long)(dtime * 1e6); nanosleep(utime / 1e6 s + rest in ns).
    const dtime = strtodPrefix(dec.decode(ctx.args[2]));
    const utime = Math.trunc(dtime * 1e6);
    if (Number.isFinite(utime) && utime > 0) sleepSync(utime / 1000);
    else if (utime === Infinity) sleepSync(2 ** 31 - 1);
    ctx.w.ok();
  },
});

function debugCommand(ctx: HostCommandContext): void {
  const sub = ctx.args.length >= 2 ? dec.decode(ctx.args[1]).toLowerCase() : "";
  const h = debugSubcommands.get(sub);
  if (h && h.argc(ctx.args.length)) {
    h.run(ctx);
    return;
  }
  // "unknown subcommand or wrong number of arguments for '%.128s'. Try DEBUG HELP." with the
  // subcommand's bytes up to a NUL, at most 128, CR/LF as spaces.
  const a = ctx.args[1] ?? new Uint8Array(0);
  let n = a.indexOf(0);
  if (n < 0) n = a.length;
  const name = a.slice(0, Math.min(n, 128)).map((b) => (b === 13 || b === 10 ? 32 : b));
  ctx.w.raw(enc.encode("-ERR unknown subcommand or wrong number of arguments for '"));
  ctx.w.raw(name);
  ctx.w.raw(enc.encode("'. Try DEBUG HELP.\r\n"));
}

export function installDebugCommands(core: RespiteCore): void {
  core.hostCommands.set("debug", debugCommand);
}

// ---- subcommands Redis's own tests use that only need an acknowledgement here -----------------
//
// Respite has no jemalloc, plain quicklist nodes, reply-buffer resizing or fork, so the knobs
// for those are accepted (with Redis's argument checks and replies) and change nothing.

const ok = (ctx: HostCommandContext) => ctx.w.ok();
const logTo = (ctx: HostCommandContext, msg: string) => persistence(ctx.core).backend.log("warning", msg);

debugSubcommands.set("log", { argc: (n) => n === 3, run: (ctx) => { logTo(ctx, `DEBUG LOG: ${dec.decode(ctx.args[2])}`); ok(ctx); } });
debugSubcommands.set("change-repl-id", {
  argc: (n) => n === 2,
  run: (ctx) => { logTo(ctx, "Changing replication IDs after receiving DEBUG change-repl-id"); ok(ctx); },
});
debugSubcommands.set("quicklist-packed-threshold", {
  argc: (n) => n === 3,
  run: (ctx) => {
    const v = memtoull(dec.decode(ctx.args[2]));
    if (v === null || v >= 4294967295n) {
      ctx.w.error("ERR argument must be a memory value bigger than 1 and smaller than 4gb");
      return;
    }
    ok(ctx);
  },
});
for (const name of ["set-skip-checksum-validation", "aof-flush-sleep", "set-disable-deny-scripts"]) {
  debugSubcommands.set(name, { argc: (n) => n === 3, run: ok });
}
debugSubcommands.set("replybuffer", {
  argc: (n) => n === 4,
  run: (ctx) => {
    const what = dec.decode(ctx.args[2]).toLowerCase();
    if (what !== "peak-reset-time" && what !== "resizing") {
      ctx.w.error(`ERR unknown subcommand or wrong number of arguments for '${dec.decode(ctx.args[1])}'. Try DEBUG HELP.`);
      return;
    }
    ok(ctx);
  },
});
debugSubcommands.set("pause-cron", {
  argc: (n) => n === 3,
  run: (ctx) => {
    // The periodic work (active expiry, timeouts, save points ...) stops until PAUSE-CRON 0.
    if (dec.decode(ctx.args[2]) === "0") ctx.core.startCron(ctx.core.config.num("hz"));
    else ctx.core.stopCron();
    ok(ctx);
  },
});
debugSubcommands.set("client-eviction", {
  argc: (n) => n === 2,
  run: (ctx) => {
    if (ctx.core.config.num("maxmemory-clients") === 0) ctx.w.error("ERR maxmemory-clients is disabled.");
    else ctx.w.bulk("");
  },
});
for (const name of ["mallctl", "mallctl-str"]) {
  // Respite's allocator is not jemalloc: every name is unknown, as an unknown one is in Redis.
  debugSubcommands.set(name, { argc: (n) => n >= 3 && n <= 4, run: (ctx) => ctx.w.error("ERR No such file or directory") });
}
debugSubcommands.set("stringmatch-test", {
  argc: (n) => n === 2,
  run: (ctx) => ctx.w.status("Apparently Redis did not crash: test passed"),
});
