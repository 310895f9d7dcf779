// script.ts — the engine's half of Lua scripting (Redis: the parts of script.c that live in
// processCommand). The scripts themselves run in the host (host/core/scripting/), on fengari.
//
// What the engine must know about scripts is small:
//
//   * The "Lua client": the host gives every script its own engine client and writes each
//     redis.call into it as RESP, so a command from a script runs the very same exec path
//     as one from a socket. That client carries CLIENT_SCRIPT, which exempts it from the
//     BUSY check below (it is the one running) and lets the host set its db and protocol.
//   * BUSY: once a script has run past busy-reply-threshold the host returns to its event
//     loop between slices of the script (a Lua coroutine yielded from a count hook), so other
//     clients are read while the script is still running. Until the script ends they must be
//     answered -BUSY, except for the commands flagged allow-busy (SCRIPT KILL, FUNCTION KILL,
//     SHUTDOWN, AUTH, HELLO, MULTI ...). `scriptBusyMode` is what the host sets for that
//     time: 0 none, 1 an EVAL script, 2 a function (the two have different messages).
//   * Effects: a script's writes are propagated as Redis 7.0 does (effects replication):
//     the PROPAGATE records of its commands, wrapped in MULTI/EXEC when there is more than
//     one (scriptWrapEffects).

import { Client } from "../client";
import { commandFlags, CMD_FLAG_ALLOW_BUSY } from "../commands/table.gen";
import { addReplyError } from "../resp/reply";
import { ERR_BUSY_EVAL, ERR_BUSY_FUNCTION } from "../resp/errors";
import { flagTransaction } from "./multi";
import { effects, effectsLen, EFFECT_PROPAGATE, propagateArg, propagateArgStr, propagateBegin, propagateEnd, propagationEnabled } from "./effects";
import { zfree, zmalloc } from "../mem/alloc";

/** The client a script's redis.call commands run on (the host's Lua client). */
export const CLIENT_SCRIPT: u32 = 1 << 27;

/** 0: no script past busy-reply-threshold; 1: an EVAL script is; 2: a function is. */
export let scriptBusyMode: i32 = 0;

export function setScriptBusyMode(mode: i32): void {
  scriptBusyMode = mode;
}

/**
 * While a script is busy: refuses command `id` from client c with -BUSY unless it may run
 * during a busy script (Redis: processCommand's isInsideYieldingLongCommand check). True if
 * the command was refused.
 */
export function scriptBusyReject(c: Client, id: i32): bool {
  if ((c.flags & CLIENT_SCRIPT) != 0) return false;
  if ((unchecked(commandFlags[id]) & CMD_FLAG_ALLOW_BUSY) != 0) return false;
  flagTransaction(c);
  addReplyError(c, scriptBusyMode == 2 ? ERR_BUSY_FUNCTION : ERR_BUSY_EVAL);
  return true;
}

/**
 * A script ended: if the PROPAGATE records it appended to the effects log since offset
 * `from` are more than one, wraps them in MULTI ... EXEC (Redis 7.0 propagates a script's
 * effects as one transaction). Other records (READY_KEY ...) stay where they are.
 */
export function scriptWrapEffects(from: u32, db: i32): void {
  let count = 0;
  let p = from;
  while (p < effectsLen) {
    if (load<u8>(effects + p) == EFFECT_PROPAGATE) count++;
    p += 9 + load<u32>(effects + p + 5);
  }
  if (count < 2) return;
  // Append MULTI at the end, then rotate it to `from` (memory.copy is a memmove).
  const end = effectsLen;
  propagateBegin(db, 1);
  propagateArgStr("MULTI");
  propagateEnd();
  const m = effectsLen - end;
  const tmp = zmalloc(m);
  memory.copy(tmp, effects + end, m);
  memory.copy(effects + from + m, effects + from, end - from);
  memory.copy(effects + from, tmp, m);
  zfree(tmp);
  propagateBegin(db, 1);
  propagateArgStr("EXEC");
  propagateEnd();
}

/**
 * Records a host-owned write command (FUNCTION LOAD / DELETE / FLUSH / RESTORE) for AOF and
 * replicas, verbatim. The host lays the arguments out at p as (u32 length, bytes) pairs.
 */
export function propagateHostArgv(db: i32, argc: i32, p: usize): void {
  if (!propagationEnabled) return;
  propagateBegin(db, argc);
  for (let i = 0; i < argc; i++) {
    const n = load<u32>(p);
    propagateArg(p + 4, n);
    p += 4 + <usize>n;
  }
  propagateEnd();
}
