// notify.ts — keyspace notifications, engine half (Redis: notify.c's notifyKeyspaceEvent).
//
// Redis publishes "__keyspace@<db>__:<key> <event>" and "__keyevent@<db>__:<event> <key>"
// from inside the command that changed the key. Here the engine owns the data and the host
// owns Pub/Sub (host/core/pubsub.ts), so a notification is a record in the effects log
// (db/effects.ts, kind NOTIFY) that the host turns into PUBLISHes once the exec call (or the
// cron step, for active expiry) returns:
//
//   payload = type (u32, the NOTIFY_* class) | event length (u8) | event | key bytes
//
// The whole point of the mask is that notifications cost nothing when they are off (the
// default, notify-keyspace-events ""): the host pushes the configured class mask with
// setConfig, and a call whose class is not enabled returns after one AND. The mask is already
// zero unless K or E is set, because a class with neither publishes nothing.
//
// Event names are string literals (static data, no allocation); every call site passes
// Redis 7.0.15's exact name, in Redis's order.

import { effectNotify } from "./effects";

export const NOTIFY_KEYSPACE: i32 = 1 << 0; // K
export const NOTIFY_KEYEVENT: i32 = 1 << 1; // E
export const NOTIFY_GENERIC: i32 = 1 << 2; // g
export const NOTIFY_STRING: i32 = 1 << 3; // $
export const NOTIFY_LIST: i32 = 1 << 4; // l
export const NOTIFY_SET: i32 = 1 << 5; // s
export const NOTIFY_HASH: i32 = 1 << 6; // h
export const NOTIFY_ZSET: i32 = 1 << 7; // z
export const NOTIFY_EXPIRED: i32 = 1 << 8; // x
export const NOTIFY_EVICTED: i32 = 1 << 9; // e
export const NOTIFY_STREAM: i32 = 1 << 10; // t
export const NOTIFY_KEY_MISS: i32 = 1 << 11; // m
export const NOTIFY_LOADED: i32 = 1 << 12;
export const NOTIFY_MODULE: i32 = 1 << 13; // d
export const NOTIFY_NEW: i32 = 1 << 14; // n

/** notify-keyspace-events as flags; 0 unless K or E is set (see the file comment). */
export let notifyMask: i32 = 0;

export function setNotifyKeyspaceEvents(flags: i32): void {
  notifyMask = (flags & (NOTIFY_KEYSPACE | NOTIFY_KEYEVENT)) != 0 ? flags : 0;
}

/**
 * Records a keyspace notification of class `type` for key (key, keyLen) in db `db` when that
 * class is enabled (Redis: notifyKeyspaceEvent(type, event, key, dbid)).
 */
@inline export function notifyKeyspaceEvent(type: i32, event: string, key: usize, keyLen: u32, db: i32): void {
  if ((notifyMask & type) == 0) return;
  effectNotify(type, event, key, keyLen, db);
}

/**
 * A STORE destination that already existed is overwritten in Redis (setKey -> dbOverwrite),
 * which publishes no "new" event; here it is deleted and added again, so the caller sets
 * this right before the dbAddEntry that must stay quiet (it clears it).
 */
export let overwriting: bool = false;
export function setOverwriting(on: bool): void { overwriting = on; }
