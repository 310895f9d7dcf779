// connection.ts — the host side of the connection commands (Redis: resetCommand's parts that
// live outside the engine).
//
// PORTABLE. RESET is served by the engine (db, RESP version, name, reply mode, auth), which
// writes "+RESET" and then hands the command over so that the host can forget what it keeps
// per client: pub/sub subscriptions, MONITOR, tracking. Host families register a hook with
// `onClientReset`; hooks must not write a reply (Redis unsubscribes silently on RESET).

import type { HostCommandContext, RespiteCore } from "../server.js";
import type { Session } from "../session.js";

const resetHooks = new WeakMap<RespiteCore, ((s: Session) => void)[]>();

/** Runs `hook` for every RESET on `core`, after the engine has reset its own state. */
export function onClientReset(core: RespiteCore, hook: (s: Session) => void): void {
  const list = resetHooks.get(core);
  if (list) list.push(hook);
  else resetHooks.set(core, [hook]);
}

function resetCommand(ctx: HostCommandContext): void {
  for (const h of resetHooks.get(ctx.core) ?? []) h(ctx.session);
}

export function installConnectionCommands(core: RespiteCore): void {
  core.hostCommands.set("reset", resetCommand);
}
