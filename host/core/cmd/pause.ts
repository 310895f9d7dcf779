// pause.ts — CLIENT PAUSE timeout [WRITE|ALL] and CLIENT UNPAUSE (Redis: pauseClients,
// unpauseClients, blockPostponeClient).
//
// PORTABLE. The engine holds the commands (assembly/server.ts pauseHolds: every command with
// ALL; with WRITE those that may write or replicate, EXEC of such a transaction included):
// the command stays parsed and unconsumed and exec returns EXEC_PAUSED. The session is then
// parked here like a blocked client (its later input is buffered), and when the pause ends
// (its deadline or CLIENT UNPAUSE) the parked sessions resume in the order they were held,
// running the held command first. A newer pause keeps the later deadline and the stricter mode.

import type { HostCommandContext, RespiteCore } from "../server.js";
import type { Session } from "../session.js";
import { bin, string2ll } from "../text.js";

/** Engine setting: the pause mode (0 none, 1 WRITE, 2 ALL); assembly/index.ts setConfig. */
const CONFIG_CLIENT_PAUSE = 75;
const CONFIG_CLIENT_PAUSE_END = 76;
const PAUSE_WRITE = 1;
const PAUSE_ALL = 2;

interface PauseState {
  type: number;
  /** Unix ms when the pause ends. */
  end: number;
  timer: ReturnType<typeof setTimeout> | null;
  postponed: Session[];
  /** Internal write holds (MIGRATE waiting for its target): see holdWrites. */
  holds: number;
}

const states = new WeakMap<RespiteCore, PauseState>();

function state(core: RespiteCore): PauseState {
  let st = states.get(core);
  if (!st) states.set(core, (st = { type: 0, end: 0, timer: null, postponed: [], holds: 0 }));
  return st;
}

/** A session whose command the engine held (Session.run on EXEC_PAUSED). */
export function postponeSession(core: RespiteCore, s: Session): void {
  s.blocked = true;
  state(core).postponed.push(s);
}

/** Tells the engine what is held now: the CLIENT PAUSE, and WRITE while an internal hold lasts. */
function applyPause(core: RespiteCore): void {
  const st = state(core);
  const x = core.engine.x;
  if (st.holds > 0) {
    x.setConfig(CONFIG_CLIENT_PAUSE, Math.max(st.type, PAUSE_WRITE));
    x.setConfig(CONFIG_CLIENT_PAUSE_END, Number.MAX_VALUE);
  } else {
    x.setConfig(CONFIG_CLIENT_PAUSE, st.type);
    x.setConfig(CONFIG_CLIENT_PAUSE_END, st.end);
  }
}

/**
 * Holds every client's writes until the returned release is called (Redis's MIGRATE blocks the
 * whole server while it talks to the target; here only writes wait). Releasing resumes the held
 * clients unless a CLIENT PAUSE still holds them.
 */
export function holdWrites(core: RespiteCore): () => void {
  const st = state(core);
  st.holds++;
  applyPause(core);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    st.holds--;
    if (st.holds === 0 && st.type === 0) unpause(core);
    else applyPause(core);
  };
}

function unpause(core: RespiteCore): void {
  const st = state(core);
  if (st.timer) clearTimeout(st.timer);
  st.timer = null;
  st.type = 0;
  st.end = 0;
  applyPause(core);
  if (st.holds > 0) return; // an internal hold still keeps writes waiting
  const held = st.postponed;
  st.postponed = [];
  for (const s of held) {
    if (s.closed) continue;
    s.blocked = false;
    core.blocking.queueResume(s);
  }
  core.blocking.flush();
}

function pauseCommand({ core, args, w }: HostCommandContext): void {
  if (args.length > 4) {
    w.error(`ERR unknown subcommand or wrong number of arguments for '${bin(args[1])}'. Try CLIENT HELP.`);
    return;
  }
  let type = PAUSE_ALL;
  if (args.length === 4) {
    const mode = bin(args[3]).toLowerCase();
    if (mode === "write") type = PAUSE_WRITE;
    else if (mode !== "all") {
      w.error("ERR CLIENT PAUSE mode must be WRITE or ALL");
      return;
    }
  }
  const ms = string2ll(bin(args[2]));
  if (ms === null) {
    w.error("ERR timeout is not an integer or out of range");
    return;
  }
  if (ms < 0n) {
    w.error("ERR timeout is negative");
    return;
  }
  const st = state(core);
  const now = core.now();
  const end = now + Number(ms);
  if (type > st.type) st.type = type;
  if (end > st.end) st.end = end;
  applyPause(core);
  if (st.timer) clearTimeout(st.timer);
  const arm = () => {
    st.timer = setTimeout(() => {
      if (core.now() >= st.end) unpause(core);
      else arm(); // a test clock behind the timer: wait again
    }, Math.max(0, Math.min(st.end - core.now(), 0x7fffffff)));
    (st.timer as unknown as { unref?: () => void }).unref?.();
  };
  arm();
  w.ok();
}

export function installPauseCommands(core: RespiteCore): void {
  core.hostCommands.set("client|pause", pauseCommand);
  core.hostCommands.set("client|unpause", ({ w }) => {
    unpause(core);
    w.ok();
  });
}
