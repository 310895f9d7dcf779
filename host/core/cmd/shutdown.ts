// shutdown.ts — SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT] (Redis: shutdownCommand).
//
// PORTABLE. The command only parses its flags; what stopping means belongs to whoever runs
// the core: the Node shell flushes the AOF, saves if asked, closes the listeners and exits
// (host/node/shutdown.ts); an embedded core without a handler just closes its clients. A
// handler returns false when the shutdown failed (a save error without FORCE): the server
// then keeps running and the client gets Redis's error. On success the client gets no reply.

import type { RespiteCore } from "../server.js";

export interface ShutdownFlags {
  save: boolean;
  nosave: boolean;
  now: boolean;
  force: boolean;
}

export type ShutdownHandler = (flags: ShutdownFlags, reason: string) => boolean;

const handlers = new WeakMap<RespiteCore, ShutdownHandler>();

export function setShutdownHandler(core: RespiteCore, h: ShutdownHandler): void {
  handlers.set(core, h);
}

/** Flags from SHUTDOWN's arguments; null for Redis's syntax error. ABORT: "abort". */
export function parseShutdownFlags(args: string[]): ShutdownFlags | "abort" | null {
  const f: ShutdownFlags = { save: false, nosave: false, now: false, force: false };
  let abort = false;
  for (const a of args) {
    switch (a.toLowerCase()) {
      case "nosave": f.nosave = true; break;
      case "save": f.save = true; break;
      case "now": f.now = true; break;
      case "force": f.force = true; break;
      case "abort": abort = true; break;
      default: return null;
    }
  }
  if ((abort && (f.save || f.nosave || f.now || f.force)) || (f.save && f.nosave)) return null;
  return abort ? "abort" : f;
}

export function installShutdownCommand(core: RespiteCore): void {
  const dec = new TextDecoder();
  core.hostCommands.set("shutdown", ({ args, w, session }) => {
    const flags = parseShutdownFlags(args.slice(1).map((a) => dec.decode(a)));
    if (flags === null) {
      w.error("ERR syntax error");
      return;
    }
    if (flags === "abort") {
      // Only a shutdown waiting for replicas can be aborted; none ever waits here.
      w.error("ERR No shutdown in progress.");
      return;
    }
    const h = handlers.get(core);
    if (h) {
      if (!h(flags, "SHUTDOWN")) w.error("ERR Errors trying to SHUTDOWN. Check logs.");
      return;
    }
    // Embedded: every client goes away, this one first.
    session.closing = true;
    for (const s of [...core.sessions.values()]) if (s !== session) s.onKill?.();
    core.stopCron();
  });
}
