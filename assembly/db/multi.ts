// multi.ts — transactions: MULTI / EXEC / DISCARD and optimistic locking with WATCH / UNWATCH
// (Redis: multi.c).
//
// Queueing. Once a client sent MULTI, server.ts's processCommand runs every generic check
// (unknown command, arity, authentication, no-multi flag) as usual and then, instead of
// calling the handler, hands the command to `queueMultiCommand`, which replies +QUEUED. The
// query buffer is reused for the next command, so the argv is copied: each queued command
// is ONE zmalloc block laid out exactly like a client's argv, followed by the bytes
//
//   [ id i32 | argc i32 | (ptr u32, len u32) x argc | argument bytes ... ]
//
// with the pointers already absolute, so EXEC just points c.argv at the block and calls the
// handler: handlers cannot tell a queued command from a fresh one. A check that fails at
// queue time replies its error and flags the transaction (CLIENT_DIRTY_EXEC): EXEC then
// replies EXECABORT and runs nothing, as Redis does. Errors that a handler raises while EXEC
// runs are ordinary replies inside the EXEC array.
//
// EXEC sets CLIENT_DENY_BLOCKING while it runs, so blocking commands answer as on a timeout
// (db/blocking.ts), and wraps what the transaction propagated in MULTI ... EXEC when it
// propagated more than one command (Redis 7.0: a single write is atomic by itself).
//
// Host-owned commands (INFO, CONFIG, CLIENT LIST ...) are queued like the others. EXEC runs
// the queue one command at a time and keeps its position in the queue record, so when a
// queued command is the host's, EXEC stops right there with EXEC_HOST (argv pointing at the
// queued copy); the host writes that reply, which lands in order inside the EXEC array, and
// calls exec again, and server.ts's execClient resumes the transaction (execContinue). The
// host's run loop neither serves blocked clients nor drains the effects log in between, so
// the transaction stays atomic and its propagation is still wrapped as one.
//
// WATCH. Every watched (client, db, key) is one record of a single server-wide table; a
// write calls `signalModifiedKey(db, key)` (from db/db.ts's keyspace write paths, from
// server.ts's call() through touchWrittenKeys for what a write command may have changed in
// place: its first key, LMOVE / SMOVE / BITOP destinations, the key a multi-key pop popped
// from; and from db/blocking.ts for the destination of a served BLMOVE),
// which flags each client watching that key CLIENT_DIRTY_CAS; EXEC of a dirty client
// replies a null array. With no watches at all (the common case) signalModifiedKey is one
// load and a branch. The table is scanned linearly: fine for the handful of keys clients
// watch; a per-db dict would be the next step if many clients watch many keys.
// As in Redis 7.0.15, a key that was already logically expired when watched is remembered
// as such: deleting it (the lazy or active expiry) does not dirty the watcher, while a key
// that expires between WATCH and EXEC does (isWatchedKeyExpired).

import { argLen, argPtr, Client, CLIENT_DENY_BLOCKING } from "../client";
import { zfree, zmalloc, zrealloc } from "../mem/alloc";
import { Db, dbAt, keyIsExpired, dirty } from "./db";
import { dictFind } from "../ds/dict";
import { hashBytes } from "../util/hash";
import { addReplyArrayLen, addReplyError, addReplyNullArray, addReplyOK, addReplyProto,
  errBegin, errBytes, errEnd, errStr } from "../resp/reply";
import { call, preventDefaultPropagation } from "../server";
import { aclExecDenied, CLIENT_ACL_CHECK } from "../acl";
import { commandNameLen, commandNamePtr } from "../commands/lookup";
import { effects, effectsLen, EFFECT_PROPAGATE, propagateArgStr, propagateBegin, propagateEnd,
  propagationEnabled } from "./effects";
import { ERR_EXECABORT } from "../resp/errors";
import { string2ll, parsedLL } from "../util/number";
import { commandFlags } from "../commands/table.gen";
import { trackingInvalidateKey, trackingOn } from "./tracking";
import { CMD_BITOP, CMD_BLMOVE, CMD_BLMPOP, CMD_BLPOP, CMD_BRPOP, CMD_BRPOPLPUSH, CMD_BZMPOP, CMD_BZPOPMAX,
  CMD_BZPOPMIN, CMD_LMOVE, CMD_LMPOP, CMD_RPOPLPUSH, CMD_SMOVE, CMD_ZMPOP } from "../commands/table.gen";

/** In MULTI: commands are queued. */
export const CLIENT_MULTI: u32 = 1 << 24;
/** A watched key was modified: EXEC fails with a null array. */
export const CLIENT_DIRTY_CAS: u32 = 1 << 25;
/** A command was rejected while queueing: EXEC fails with EXECABORT. */
export const CLIENT_DIRTY_EXEC: u32 = 1 << 26;

// ---- the per-client queue ------------------------------------------------------------------
// One small record per client in MULTI (c.mstate, 0 otherwise):
// [unused u32 | items u32 (array of block pointers) | count u32 | cap u32 | EXEC progress (Q_* below)].

const QREC: usize = 56;
// While EXEC runs, the same record keeps its progress (see execRun):
const Q_NEXT: usize = 16; // index of the next queued command to run
const Q_ARGV: usize = 20; // EXEC's own argv / argc / lastCmd, restored at the end
const Q_ARGC: usize = 24;
const Q_LASTCMD: usize = 28;
const Q_DIRTY: usize = 32; // u64: server dirty count before EXEC
const Q_EFFSTART: usize = 40; // effects log position before EXEC
const Q_DB: usize = 44; // db selected when EXEC started (for the propagated MULTI)
const Q_STATE: usize = 48; // Q_RUNNING | Q_DENIED
const Q_RUNNING: u32 = 1; // EXEC is running this queue
const Q_DENIED: u32 = 2; // CLIENT_DENY_BLOCKING was already set before EXEC

function queueRec(c: Client, create: bool): usize {
  if (c.mstate != 0 || !create) return c.mstate;
  const r = zmalloc(QREC);
  memory.fill(r, 0, QREC);
  c.mstate = r;
  return r;
}

/** Frees the queued commands and forgets the queue (Redis: freeClientMultiState). */
function freeQueue(c: Client): void {
  const r = c.mstate;
  if (r == 0) return;
  const items = <usize>load<u32>(r, 4);
  const n = load<u32>(r, 8);
  for (let i: u32 = 0; i < n; i++) zfree(<usize>load<u32>(items + (<usize>i << 2)));
  zfree(items);
  zfree(r);
  c.mstate = 0;
}

/** Queues the command in c's argv (its checks passed) and replies +QUEUED. */
export function queueMultiCommand(c: Client, id: i32): void {
  c.lastCmd = id; // CLIENT LIST cmd= shows the last queued command, as in Redis
  // An already doomed transaction (a touched watch, a rejected command) stores nothing more.
  if ((c.flags & (CLIENT_DIRTY_CAS | CLIENT_DIRTY_EXEC)) != 0) {
    addReplyProto(c, "+QUEUED\r\n");
    return;
  }
  let bytes: usize = 0;
  for (let i = 0; i < c.argc; i++) bytes += <usize>argLen(c, i);
  const head: usize = 8 + (<usize>c.argc << 3);
  const b = zmalloc(head + bytes);
  store<i32>(b, id);
  store<i32>(b, c.argc, 4);
  let at = b + head;
  for (let i = 0; i < c.argc; i++) {
    const n = argLen(c, i);
    memory.copy(at, argPtr(c, i), n);
    store<u32>(b + 8 + (<usize>i << 3), <u32>at);
    store<u32>(b + 8 + (<usize>i << 3), n, 4);
    at += n;
  }
  const r = queueRec(c, true);
  let items = <usize>load<u32>(r, 4);
  const n = load<u32>(r, 8);
  let cap = load<u32>(r, 12);
  if (n == cap) {
    cap = cap < 4 ? 4 : cap * 2;
    items = zrealloc(items, <usize>cap << 2);
    store<u32>(r, <u32>items, 4);
    store<u32>(r, cap, 12);
  }
  store<u32>(items + (<usize>n << 2), <u32>b);
  store<u32>(r, n + 1, 8);
  addReplyProto(c, "+QUEUED\r\n");
}

/** A command was rejected while the client is in MULTI (Redis: flagTransaction). */
export function flagTransaction(c: Client): void {
  if ((c.flags & CLIENT_MULTI) != 0) c.flags |= CLIENT_DIRTY_EXEC;
}

/** Leaves MULTI state: queue, flags and watches (Redis: discardTransaction). */
export function discardTransaction(c: Client): void {
  const r = c.mstate;
  if (r != 0 && (load<u32>(r, Q_STATE) & Q_RUNNING) != 0) {
    // Freed in the middle of an EXEC paused for the host: argv points into the queue.
    c.argv = <usize>load<u32>(r, Q_ARGV);
    c.argc = load<i32>(r, Q_ARGC);
  }
  freeQueue(c);
  c.flags &= ~(CLIENT_MULTI | CLIENT_DIRTY_CAS | CLIENT_DIRTY_EXEC);
  unwatchAllKeys(c);
}

/**
 * EXEC itself was rejected (wrong arity): the transaction is discarded and the error says
 * why (Redis: execCommandAbort, reached even outside MULTI).
 */
export function execCommandAbortArity(c: Client): void {
  discardTransaction(c);
  addReplyError(c, "EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command");
}

/** EXEC refused for lack of memory (Redis: rejectCommand -> execCommandAbort with shared.oomerr). */
export function execCommandAbortOom(c: Client): void {
  discardTransaction(c);
  addReplyError(c, "EXECABORT Transaction discarded because of: OOM command not allowed when used memory > 'maxmemory'.");
}

export function multiCommand(c: Client): void {
  if ((c.flags & CLIENT_MULTI) != 0) {
    addReplyError(c, "ERR MULTI calls can not be nested");
    return;
  }
  c.flags |= CLIENT_MULTI;
  addReplyOK(c);
}

export function discardCommand(c: Client): void {
  if ((c.flags & CLIENT_MULTI) == 0) {
    addReplyError(c, "ERR DISCARD without MULTI");
    return;
  }
  discardTransaction(c);
  addReplyOK(c);
}

export function execCommand(c: Client): void {
  if ((c.flags & CLIENT_MULTI) == 0) {
    addReplyError(c, "ERR EXEC without MULTI");
    return;
  }
  if (isWatchedKeyExpired(c)) c.flags |= CLIENT_DIRTY_CAS;
  if ((c.flags & (CLIENT_DIRTY_CAS | CLIENT_DIRTY_EXEC)) != 0) {
    if ((c.flags & CLIENT_DIRTY_EXEC) != 0) addReplyError(c, ERR_EXECABORT);
    else addReplyNullArray(c);
    discardTransaction(c);
    return;
  }
  unwatchAllKeys(c); // nothing can invalidate us any more
  c.flags &= ~CLIENT_MULTI;
  const r = queueRec(c, true);
  store<u32>(r, 0, Q_NEXT);
  store<u32>(r, <u32>c.argv, Q_ARGV);
  store<i32>(r, c.argc, Q_ARGC);
  store<i32>(r, c.lastCmd, Q_LASTCMD);
  store<u64>(r, dirty, Q_DIRTY);
  store<u32>(r, effectsLen, Q_EFFSTART);
  store<i32>(r, c.dbIndex, Q_DB);
  store<u32>(r, Q_RUNNING | ((c.flags & CLIENT_DENY_BLOCKING) != 0 ? Q_DENIED : 0), Q_STATE);
  c.flags |= CLIENT_DENY_BLOCKING;
  addReplyArrayLen(c, <i64>load<u32>(r, 8));
  if (execRun(c, r)) execFinish(c, true);
}

/** Some queued command may use more memory (deny-oom): EXEC is refused when OOM (db/evict.ts). */
export function multiQueueHasFlag(c: Client, flag: u32): bool {
  const r = c.mstate;
  if (r == 0) return false;
  const items = <usize>load<u32>(r, 4);
  const n = load<u32>(r, 8);
  for (let i: u32 = 0; i < n; i++) {
    const id = load<i32>(<usize>load<u32>(items + (<usize>i << 2)));
    if ((unchecked(commandFlags[id]) & flag) != 0) return true;
  }
  return false;
}

/** The client is in the middle of an EXEC that handed a queued command to the host. */
export function execInProgress(c: Client): bool {
  const r = queueRec(c, false);
  return r != 0 && (load<u32>(r, Q_STATE) & Q_RUNNING) != 0;
}

/**
 * The host finished the queued command it was handed: runs the rest of the transaction.
 * Returns false if it stopped at another host command (EXEC_HOST again), true when the
 * EXEC is complete (server.ts then counts and consumes it).
 */
export function execContinue(c: Client): bool {
  const r = queueRec(c, false);
  if (!execRun(c, r)) return false;
  execFinish(c, false);
  return true;
}

/**
 * Runs queued commands from the record's position. A host-owned one (INFO, CONFIG ...)
 * stops the run with c.hostCmd set and argv pointing at its queued copy: the host answers it
 * (its reply lands in order inside the EXEC array) and calls exec again, which resumes here
 * through execContinue. The host serves neither blocked clients nor the effects log in
 * between (session.ts's run loop), so the transaction stays atomic.
 */
function execRun(c: Client, r: usize): bool {
  const items = <usize>load<u32>(r, 4);
  const n = load<u32>(r, 8);
  let i = load<u32>(r, Q_NEXT);
  while (i < n) {
    const b = <usize>load<u32>(items + (<usize>i << 2));
    i++;
    store<u32>(r, i, Q_NEXT);
    c.argc = load<i32>(b, 4);
    c.argv = b + 8;
    // Redis execCommand: a restricted user's rules may have changed since the command was queued.
    if ((c.flags & CLIENT_ACL_CHECK) != 0 && aclExecDenied(c, load<i32>(b))) continue;
    call(c, load<i32>(b));
    if (c.hostCmd >= 0) return false;
  }
  return true;
}

/** Restores the EXEC's own argv and state, wraps propagation, frees the queue. */
function execFinish(c: Client, inCall: bool): void {
  const r = queueRec(c, false);
  c.argv = <usize>load<u32>(r, Q_ARGV);
  c.argc = load<i32>(r, Q_ARGC);
  c.lastCmd = load<i32>(r, Q_LASTCMD);
  const dirtyBefore = load<u64>(r, Q_DIRTY);
  let effStart = load<u32>(r, Q_EFFSTART);
  const dbStart = load<i32>(r, Q_DB);
  if ((load<u32>(r, Q_STATE) & Q_DENIED) == 0) c.flags &= ~CLIENT_DENY_BLOCKING;
  freeQueue(c);
  if (dirty != dirtyBefore) {
    if (inCall) preventDefaultPropagation(); // call() must not propagate EXEC bare
    if (effStart > effectsLen) effStart = 0; // the log was drained meanwhile
    if (propagationEnabled) wrapPropagated(effStart, dbStart);
  }
}

/** Wraps the PROPAGATE records written since `from` in MULTI ... EXEC if there are several. */
function wrapPropagated(from: u32, dbId: i32): void {
  let count = 0;
  let p = from;
  while (p < effectsLen) {
    if (load<u8>(effects + p) == EFFECT_PROPAGATE) count++;
    p += 9 + load<u32>(effects + p, 5);
  }
  if (count < 2) return;
  // Append MULTI at the end, then rotate it to `from`.
  const end = effectsLen;
  propagateBegin(dbId, 1);
  propagateArgStr("MULTI");
  propagateEnd();
  const ml = effectsLen - end;
  const tmp = zmalloc(ml);
  memory.copy(tmp, effects + end, ml);
  memory.copy(effects + from + ml, effects + from, end - from);
  memory.copy(effects + from, tmp, ml);
  zfree(tmp);
  propagateBegin(dbId, 1);
  propagateArgStr("EXEC");
  propagateEnd();
}

// ---- WATCH ----------------------------------------------------------------------------------
// Record: [client u32 | db id i32 | key ptr u32 | key len u32 | expired u32]

const WREC: usize = 20;
let watches: usize = 0;
export let watchCount: i32 = 0;
let watchCap: i32 = 0;

function watchedBy(c: Client, dbId: i32, kp: usize, kl: u32): bool {
  const cp = <u32>changetype<usize>(c);
  for (let i = 0; i < watchCount; i++) {
    const w = watches + <usize>i * WREC;
    if (load<u32>(w) == cp && load<i32>(w, 4) == dbId && load<u32>(w, 12) == kl &&
        memory.compare(<usize>load<u32>(w, 8), kp, kl) == 0) return true;
  }
  return false;
}

/** True if the key exists in db and is logically expired (Redis: keyIsExpired on a lookup-free find). */
function keyExpiredNow(db: Db, kp: usize, kl: u32): bool {
  const h = hashBytes(kp, kl);
  const e = dictFind(db.dict, kp, kl, h);
  return e != 0 && keyIsExpired(db, e, h);
}

function watchKey(c: Client, kp: usize, kl: u32): void {
  if (watchedBy(c, c.dbIndex, kp, kl)) return;
  if (watchCount == watchCap) {
    watchCap = watchCap < 8 ? 8 : watchCap * 2;
    watches = zrealloc(watches, <usize>watchCap * WREC);
  }
  const w = watches + <usize>watchCount * WREC;
  const k = zmalloc(kl == 0 ? 1 : kl);
  memory.copy(k, kp, kl);
  store<u32>(w, <u32>changetype<usize>(c));
  store<i32>(w, c.dbIndex, 4);
  store<u32>(w, <u32>k, 8);
  store<u32>(w, kl, 12);
  store<u32>(w, keyExpiredNow(c.db, kp, kl) ? 1 : 0, 16);
  watchCount++;
}

function removeWatch(i: i32): void {
  const w = watches + <usize>i * WREC;
  zfree(<usize>load<u32>(w, 8));
  const last = watches + <usize>(watchCount - 1) * WREC;
  if (last != w) memory.copy(w, last, WREC);
  watchCount--;
}

/** Drops every key c watches (Redis: unwatchAllKeys). */
export function unwatchAllKeys(c: Client): void {
  const cp = <u32>changetype<usize>(c);
  let i = 0;
  while (i < watchCount) {
    if (load<u32>(watches + <usize>i * WREC) == cp) removeWatch(i);
    else i++;
  }
}

/** A watched key that was alive at WATCH time is now logically expired (Redis: isWatchedKeyExpired). */
function isWatchedKeyExpired(c: Client): bool {
  const cp = <u32>changetype<usize>(c);
  for (let i = 0; i < watchCount; i++) {
    const w = watches + <usize>i * WREC;
    if (load<u32>(w) != cp || load<u32>(w, 16) != 0) continue;
    if (keyExpiredNow(dbAt(load<i32>(w, 4)), <usize>load<u32>(w, 8), load<u32>(w, 12))) return true;
  }
  return false;
}

/**
 * Key (kp, kl) of db was modified: flag the clients watching it (Redis: touchWatchedKey).
 * A key that was already expired when watched and is now gone from the dict was only
 * deleted by expiry: logically no change, so the watcher is not flagged.
 */
export function signalModifiedKey(db: Db, kp: usize, kl: u32): void {
  if (trackingOn) trackingInvalidateKey(kp, kl); // client-side caching (db/tracking.ts)
  if (watchCount == 0) return;
  touchWatchedKey(db, kp, kl);
}

function touchWatchedKey(db: Db, kp: usize, kl: u32): void {
  for (let i = 0; i < watchCount; i++) {
    const w = watches + <usize>i * WREC;
    if (load<i32>(w, 4) != db.id || load<u32>(w, 12) != kl ||
        memory.compare(<usize>load<u32>(w, 8), kp, kl) != 0) continue;
    if (load<u32>(w, 16) != 0) {
      if (dictFind(db.dict, kp, kl, hashBytes(kp, kl)) == 0) {
        store<u32>(w, 0, 16); // deleted keys are not "expired" any more
        continue;
      }
    }
    const cl = changetype<Client>(<usize>load<u32>(w));
    cl.flags |= CLIENT_DIRTY_CAS;
  }
}

/**
 * A write command (server.ts call()) changed the dataset: touch the keys it may have written
 * in place, which no db.ts write path sees (LPUSH on an existing list, ...). The first key,
 * plus the destination of the two-key moves; for the multi-key pops, the key they popped
 * from: the first listed key that exists (the ones before it were empty; a key the pop
 * emptied was deleted, which db.ts already signalled).
 */
export function touchWrittenKeys(c: Client, id: i32): void {
  if (c.argc < 2) return;
  let first = 0;
  let num = 0;
  if (id == CMD_BLPOP || id == CMD_BRPOP || id == CMD_BZPOPMIN || id == CMD_BZPOPMAX) {
    first = 1;
    num = c.argc - 2;
  } else if (id == CMD_LMPOP || id == CMD_ZMPOP || id == CMD_BLMPOP || id == CMD_BZMPOP) {
    first = id == CMD_BLMPOP || id == CMD_BZMPOP ? 3 : 2;
    if (c.argc <= first || !string2ll(argPtr(c, first - 1), argLen(c, first - 1))) return;
    num = <i32>min<i64>(parsedLL, <i64>(c.argc - first));
  }
  if (first > 0) {
    for (let i = first; i < first + num; i++) {
      const kp = argPtr(c, i);
      const kl = argLen(c, i);
      if (dictFind(c.db.dict, kp, kl, hashBytes(kp, kl)) != 0) {
        signalModifiedKey(c.db, kp, kl);
        return;
      }
    }
    return;
  }
  signalModifiedKey(c.db, argPtr(c, 1), argLen(c, 1));
  if (c.argc > 2 && (id == CMD_LMOVE || id == CMD_RPOPLPUSH || id == CMD_SMOVE || id == CMD_BITOP ||
      id == CMD_BLMOVE || id == CMD_BRPOPLPUSH)) signalModifiedKey(c.db, argPtr(c, 2), argLen(c, 2));
}

/**
 * Db is about to be emptied or swapped: flag watchers of keys that exist in it (Redis:
 * touchAllWatchedKeysInDb); with `other`, keys existing in either db (SWAPDB, where `other`
 * is the data that replaces db's).
 */
export function touchAllWatchedKeysInDb(db: Db, other: Db | null): void {
  if (watchCount == 0) return;
  for (let i = 0; i < watchCount; i++) {
    const w = watches + <usize>i * WREC;
    if (load<i32>(w, 4) != db.id) continue;
    const kp = <usize>load<u32>(w, 8);
    const kl = load<u32>(w, 12);
    const h = hashBytes(kp, kl);
    const inEmptied = dictFind(db.dict, kp, kl, h) != 0;
    const eo: usize = other != null ? dictFind(other.dict, kp, kl, h) : 0;
    if (!inEmptied && eo == 0) continue;
    // Stale keys count as absent, as in Redis 7.0.15: a key watched while already expired
    // that is flushed away, or swapped for another expired one, is no logical change; an
    // absent key swapped for an expired one becomes a stale watched key.
    if (load<u32>(w, 16) != 0) {
      if (eo == 0) {
        store<u32>(w, 0, 16);
        continue;
      }
      if (keyIsExpired(other!, eo, h)) continue;
    } else if (!inEmptied && keyIsExpired(other!, eo, h)) {
      store<u32>(w, 1, 16);
      continue;
    }
    const cl = changetype<Client>(<usize>load<u32>(w));
    cl.flags |= CLIENT_DIRTY_CAS;
  }
}

export function watchCommand(c: Client): void {
  if ((c.flags & CLIENT_MULTI) != 0) {
    addReplyError(c, "ERR WATCH inside MULTI is not allowed");
    return;
  }
  // No point watching if the client is already dirty (Redis 7.0 does the same).
  if ((c.flags & CLIENT_DIRTY_CAS) != 0) {
    addReplyOK(c);
    return;
  }
  for (let i = 1; i < c.argc; i++) watchKey(c, argPtr(c, i), argLen(c, i));
  addReplyOK(c);
}

export function unwatchCommand(c: Client): void {
  unwatchAllKeys(c);
  c.flags &= ~CLIENT_DIRTY_CAS;
  addReplyOK(c);
}

/** Commands queued so far, -1 outside MULTI (CLIENT LIST multi=). */
export function multiQueuedCount(c: Client): i32 {
  if ((c.flags & CLIENT_MULTI) == 0) return -1;
  return c.mstate == 0 ? 0 : <i32>load<u32>(c.mstate, 8);
}

/** The client is freed or RESET: forget its transaction and watches. */
export function multiClientReset(c: Client): void {
  discardTransaction(c);
}
