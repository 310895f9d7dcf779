// effects.ts — the effects log: what an exec call did that the host must act on
// (Redis: propagate() / alsoPropagate(), notifyKeyspaceEvent, signalKeyAsReady).
//
// One log for the whole engine, drained by the host after each exec call. Records are
// appended back to back:
//
//   +------+----------+----------+-------------------------------+
//   | kind | db (u32) | len(u32) | payload (len bytes)           |
//   +------+----------+----------+-------------------------------+
//   kind 1 PROPAGATE: payload = the command as a RESP multibulk, ready for AOF / replicas
//   kind 2 READY_KEY: payload = a key some blocked client waits on that may now serve it
//          (db/blocking.ts: signalKeyAsReady); at most once per key until the host has
//          taken the batch. Consumers of PROPAGATE records skip it.
//   kind 3 NOTIFY: payload = a keyspace notification (db/notify.ts): type u32 | event length u8 |
//          event | key; recorded only for the classes notify-keyspace-events enables.
//   kind 4 MONITOR: payload = client id u32 | the command as a RESP multibulk (secrets
//          redacted), for MONITOR clients; recorded only while the host has some.
//   kinds 5 TRACK_READ, 6 TRACK_INVALIDATE, 7 TRACK_FLUSH, 8 TRACK_SCRIPT: client-side
//          caching (db/tracking.ts: the layouts), recorded only while some client tracks.
//
// Propagation costs nothing unless the host turned it on (AOF or a replica attached):
// with it off, nothing is recorded at all.

import { zrealloc } from "../mem/alloc";
import { ll2string } from "../util/number";

export const EFFECT_PROPAGATE: u8 = 1;
export const EFFECT_READY_KEY: u8 = 2;
export const EFFECT_NOTIFY: u8 = 3;
export const EFFECT_MONITOR: u8 = 4;
export const EFFECT_TRACK_READ: u8 = 5;
export const EFFECT_TRACK_INVALIDATE: u8 = 6;
export const EFFECT_TRACK_FLUSH: u8 = 7;
export const EFFECT_TRACK_SCRIPT: u8 = 8;

export let effects: usize = 0;
export let effectsLen: u32 = 0;
let effectsCap: u32 = 0;
export let propagationEnabled: bool = false;

export function setPropagation(on: bool): void { propagationEnabled = on; }
export function effectsReset(): void { effectsLen = 0; }

function ensure(n: u32): void {
  const need = effectsLen + n;
  if (need <= effectsCap) return;
  let cap = effectsCap < 4096 ? <u32>4096 : effectsCap;
  while (cap < need) cap *= 2;
  effects = zrealloc(effects, cap);
  effectsCap = cap;
}

let recordStart: u32 = 0;

/** Starts a PROPAGATE record for a command of `argc` arguments in db `dbId`. */
export function propagateBegin(dbId: i32, argc: i32): void {
  ensure(9 + 24);
  recordStart = effectsLen;
  store<u8>(effects + effectsLen, EFFECT_PROPAGATE);
  store<u32>(effects + effectsLen + 1, <u32>dbId);
  effectsLen += 9;
  putHeader(0x2a, argc);
}

/**
 * Starts a MONITOR record: payload = the client id (u32) then the command as a multibulk,
 * its arguments added with propagateArg* and closed with propagateEnd (server.ts feedMonitors).
 */
export function monitorRecordBegin(clientId: u32, dbId: i32, argc: i32): void {
  ensure(13 + 24);
  recordStart = effectsLen;
  store<u8>(effects + effectsLen, EFFECT_MONITOR);
  store<u32>(effects + effectsLen + 1, <u32>dbId);
  store<u32>(effects + effectsLen + 9, clientId);
  effectsLen += 13;
  putHeader(0x2a, argc);
}

function putHeader(prefix: u8, n: i64): void {
  ensure(24);
  store<u8>(effects + effectsLen, prefix);
  effectsLen += 1;
  effectsLen += ll2string(effects + effectsLen, n);
  store<u16>(effects + effectsLen, 0x0a0d);
  effectsLen += 2;
}

export function propagateArg(p: usize, n: u32): void {
  putHeader(0x24, n);
  ensure(n + 2);
  memory.copy(effects + effectsLen, p, n);
  effectsLen += n;
  store<u16>(effects + effectsLen, 0x0a0d);
  effectsLen += 2;
}

export function propagateArgStr(s: string): void {
  putHeader(0x24, s.length);
  ensure(s.length + 2);
  for (let i = 0; i < s.length; i++) store<u8>(effects + effectsLen + i, <u8>s.charCodeAt(i));
  effectsLen += s.length;
  store<u16>(effects + effectsLen, 0x0a0d);
  effectsLen += 2;
}

export function propagateArgInt(v: i64): void {
  ensure(48);
  const tmp = effects + effectsLen + 24;
  const n = ll2string(tmp, v);
  putHeader(0x24, n);
  memory.copy(effects + effectsLen, tmp, n);
  effectsLen += n;
  store<u16>(effects + effectsLen, 0x0a0d);
  effectsLen += 2;
}

export function propagateEnd(): void {
  store<u32>(effects + recordStart + 5, effectsLen - recordStart - 9);
}

/**
 * Drops `len` bytes of the log at `from`: a record written ahead that turned out not to be
 * needed (t/stream.ts writes MULTI before a command's propagated effects and removes it when
 * there is only one).
 */
export function effectsCut(from: u32, len: u32): void {
  memory.copy(effects + from, effects + from + len, effectsLen - from - len);
  effectsLen -= len;
}

/** Appends a READY_KEY record for key (kp, kl) of db `dbId` (recorded even with propagation off). */
export function effectReadyKey(dbId: i32, kp: usize, kl: u32): void {
  ensure(9 + kl);
  const at = effects + effectsLen;
  store<u8>(at, EFFECT_READY_KEY);
  store<u32>(at + 1, <u32>dbId);
  store<u32>(at + 5, kl);
  memory.copy(at + 9, kp, kl);
  effectsLen += 9 + kl;
}

/** Appends a NOTIFY record (db/notify.ts decides whether the class is enabled). */
export function effectNotify(type: i32, event: string, kp: usize, kl: u32, dbId: i32): void {
  const el = <u32>event.length;
  const len = 5 + el + kl;
  ensure(9 + len);
  const at = effects + effectsLen;
  store<u8>(at, EFFECT_NOTIFY);
  store<u32>(at + 1, <u32>dbId);
  store<u32>(at + 5, len);
  store<u32>(at + 9, <u32>type);
  store<u8>(at + 13, <u8>el);
  for (let i: u32 = 0; i < el; i++) store<u8>(at + 14 + i, <u8>event.charCodeAt(i));
  memory.copy(at + 14 + el, kp, kl);
  effectsLen += 9 + len;
}

/**
 * Starts a TRACK_READ / TRACK_SCRIPT record (`flag` in the db field): payload = client id u32 |
 * command id u32 | the argv as a multibulk, its arguments added with propagateArg and closed
 * with propagateEnd (db/tracking.ts).
 */
export function effectTrackArgv(kind: u8, flag: u32, clientId: u32, cmdId: i32, argc: i32): void {
  ensure(17 + 24);
  recordStart = effectsLen;
  store<u8>(effects + effectsLen, kind);
  store<u32>(effects + effectsLen + 1, flag);
  store<u32>(effects + effectsLen + 9, clientId);
  store<u32>(effects + effectsLen + 13, <u32>cmdId);
  effectsLen += 17;
  putHeader(0x2a, argc);
}

/** Appends a TRACK_INVALIDATE / TRACK_FLUSH record: payload = client id u32 | key bytes. */
export function effectTrack(kind: u8, clientId: u32, kp: usize, kl: u32): void {
  ensure(13 + kl);
  const at = effects + effectsLen;
  store<u8>(at, kind);
  store<u32>(at + 1, 0);
  store<u32>(at + 5, 4 + kl);
  store<u32>(at + 9, clientId);
  if (kl > 0) memory.copy(at + 13, kp, kl);
  effectsLen += 13 + kl;
}
