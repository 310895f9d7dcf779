// blocking.ts — the engine half of blocking commands: BLPOP, BRPOP, BLMOVE, BRPOPLPUSH,
// BLMPOP, and (through the same API) BZPOPMIN, BZPOPMAX, BZMPOP (Redis: blocked.c).
//
// The design in one line: the host parks the client; the engine reports keys that became
// ready; nothing polls.
//
//   client A: BLPOP q 0          handler finds q empty -> blockForKeys(A, keys, timeout)
//                                exec returns EXEC_BLOCKED; A's argv stay in its query
//                                buffer (the command is not consumed) and the host stops
//                                feeding A (host/core/blocking.ts keeps a FIFO per key)
//   client B: LPUSH q x          dbAddEntry -> signalKeyAsReady(db, q): q has waiters, so a
//                                READY_KEY record goes to the effects log (once per key per
//                                batch) and exec stops after B's command with EXEC_READY
//   host                         reads the READY_KEY records, calls readyKeysTaken(), then
//                                retryBlocked(A, "q") for each waiter of q in FIFO order
//   engine retryBlocked          runs the command's registered serve function against that
//                                key: it pops, replies ["q","x"], propagates LPOP q, and
//                                the command completes (stats, parser reset) -> the host
//                                resumes A (its pipelined input, then bytes it buffered)
//   timeout / CLIENT UNBLOCK     unblockClient(A, reason): Redis's timeout reply (null array)
//                                or -UNBLOCKED, then the same completion
//
// Keys become ready exactly where Redis 7.0.15 signals them: when a key of a type clients
// can block on (list, zset, stream) is added to a db (dbAddEntry: LPUSH/RPUSH/LMOVE creating
// the list, ZADD creating the zset, RENAME, MOVE, COPY ...), and for every waited-on key
// after SWAPDB (scanDatabaseForReadyKeys). Pushing into an existing non-empty list signals
// nothing, as in Redis: nobody can be waiting on it. A key deleted or changed to another type
// while clients wait leaves them blocked (7.0 semantics); a waiter whose key now holds a
// different type is skipped when the key is served (its serve function reports SERVE_SKIP).
//
// State kept here:
//   * per db, a dict of blocked keys: key -> number of clients waiting on it (+ the batch
//     generation it was last signaled in, for the once-per-batch rule);
//   * per client (client.ts): the BLOCKED flag, the absolute timeout (unix ms, 0 = none) and
//     the argv indexes of the (deduplicated) keys it waits on.
// The FIFO order of waiters is the host's (it is the only party that needs it).
//
// A blocking command family plugs in with two calls: its handler calls blockForKeys when it
// finds nothing to serve, and handlers.ts registers its serve function with
// registerBlockingServe(T.CMD_X, fn). The serve function re-reads the command's options from
// argv (they are still there) and serves from the given ready key only.
//
// MULTI / scripts: a blocking command there must not block (Redis: CLIENT_DENY_BLOCKING):
// handlers check clientDenyBlocking(c) first and reply as on a timeout. The MULTI
// implementation sets CLIENT_DENY_BLOCKING on the client while it runs queued commands.

import { signalModifiedKey } from "./multi";
import { CMD_BLMOVE, CMD_BRPOPLPUSH } from "../commands/table.gen";
import { argLen, argPtr, Client, CLIENT_BLOCKED, CLIENT_DENY_BLOCKING } from "../client";
import { Dict, dictAddNode, dictBucketHead, dictCreateInline, dictFind, dictNodeNext, dictTableSize,
  dictUnlinkNode } from "../ds/dict";
import { zfree, zmalloc } from "../mem/alloc";
import { hashBytes } from "../util/hash";
import { COMMAND_COUNT } from "../commands/table.gen";
import { effectReadyKey } from "./effects";
import { Db, dbAt, dbCount, nowMs } from "./db";
import { entryType, OBJ_LIST, OBJ_STREAM, OBJ_ZSET } from "./object";
import { addReplyError, addReplyNullArray } from "../resp/reply";
import { string2ld, ldNeg, ldMant, ldExp, ldKind, LD_FINITE } from "../util/longdouble";
import { mul64, mulHi, roundPack, rpClass, rpExp, rpMant, RP_FINITE, RP_ZERO, EXT_PREC, EXT_EMIN_LSB,
  EXT_EMAX_LSB } from "../util/number";
import { ERR_TIMEOUT_NEGATIVE, ERR_TIMEOUT_NOT_FLOAT, ERR_UNBLOCKED } from "../resp/errors";
import { finishBlockedCommand } from "../server";

// ---- blocked keys per db ------------------------------------------------------------------

// Node: +0 next, +4 key length, +8 waiters, +12 generation last signaled, +16 key bytes.
const BK_KEYLEN: usize = 4;
const BK_WAITERS: usize = 8;
const BK_GEN: usize = 12;
const BK_KEY: usize = 16;

/** Per db index: the dict of blocked keys (created on first use), 0 = none yet. */
let blockingDicts: usize = 0;

/** Clients blocked on keys (INFO blocked_clients, engine view). */
export let blockedClients: u32 = 0;
/** Set when a READY_KEY record was written and the host has not taken the batch yet. */
export let readyKeysPending: bool = false;
/** The batch generation: a key is signaled at most once per generation. */
let readyGeneration: u32 = 1;

function blockingDict(dbIndex: i32, create: bool): Dict {
  if (blockingDicts == 0) {
    if (!create) return changetype<Dict>(0);
    blockingDicts = zmalloc(<usize>dbCount << 2);
    memory.fill(blockingDicts, 0, <usize>dbCount << 2);
  }
  const slot = blockingDicts + (<usize>dbIndex << 2);
  let d = <usize>load<u32>(slot);
  if (d == 0 && create) {
    d = changetype<usize>(dictCreateInline(<u32>BK_KEY, <u32>BK_KEYLEN));
    store<u32>(slot, <u32>d);
  }
  return changetype<Dict>(d);
}

// ---- blocking a client ------------------------------------------------------------------

@inline export function clientIsBlocked(c: Client): bool {
  return (c.flags & CLIENT_BLOCKED) != 0;
}

/** True where a blocking command must not block (MULTI, scripts): reply as on a timeout. */
@inline export function clientDenyBlocking(c: Client): bool {
  return (c.flags & CLIENT_DENY_BLOCKING) != 0;
}

/**
 * Blocks client c on `num` keys found at argv[first], argv[first+step] ..., until `timeout`
 * (absolute unix ms, 0 = forever) (Redis: blockForKeys + blockClient). Duplicate keys count
 * once. The handler then simply returns: exec sees the flag and stops with EXEC_BLOCKED.
 */
export function blockForKeys(c: Client, first: i32, num: i32, step: i32, timeout: i64): void {
  const d = blockingDict(c.dbIndex, true);
  const idx = zmalloc(num > 0 ? <usize>num << 2 : 4);
  let n: i32 = 0;
  for (let j = 0; j < num; j++) {
    const a = first + j * step;
    const kp = argPtr(c, a);
    const kl = argLen(c, a);
    let dup = false;
    for (let k = 0; k < n; k++) {
      const b = <i32>load<u32>(idx + (<usize>k << 2));
      if (argLen(c, b) == kl && memory.compare(argPtr(c, b), kp, kl) == 0) {
        dup = true;
        break;
      }
    }
    if (dup) continue;
    store<u32>(idx + (<usize>n << 2), <u32>a);
    n++;
    const h = hashBytes(kp, kl);
    let node = dictFind(d, kp, kl, h);
    if (node == 0) {
      node = zmalloc(BK_KEY + <usize>kl);
      store<u32>(node, 0);
      store<u32>(node + BK_KEYLEN, kl);
      store<u32>(node + BK_WAITERS, 0);
      store<u32>(node + BK_GEN, 0);
      memory.copy(node + BK_KEY, kp, kl);
      dictAddNode(d, node, h);
    }
    store<u32>(node + BK_WAITERS, load<u32>(node + BK_WAITERS) + 1);
  }
  c.bpopKeys = idx;
  c.bpopNumKeys = n;
  c.bpopTimeout = timeout;
  c.flags |= CLIENT_BLOCKED;
  blockedClients++;
}

/** Forgets c's keys and clears its BLOCKED state (Redis: unblockClientWaitingData). */
export function unblockKeys(c: Client): void {
  if (!clientIsBlocked(c)) return;
  const d = blockingDict(c.dbIndex, false);
  for (let k = 0; k < c.bpopNumKeys; k++) {
    const a = <i32>load<u32>(c.bpopKeys + (<usize>k << 2));
    const kp = argPtr(c, a);
    const kl = argLen(c, a);
    const h = hashBytes(kp, kl);
    const node = dictFind(d, kp, kl, h);
    if (node == 0) continue;
    const w = load<u32>(node + BK_WAITERS) - 1;
    if (w == 0) {
      dictUnlinkNode(d, node, h);
      zfree(node);
    } else {
      store<u32>(node + BK_WAITERS, w);
    }
  }
  zfree(c.bpopKeys);
  c.bpopKeys = 0;
  zfree(c.bpopData);
  c.bpopData = 0;
  c.bpopNumKeys = 0;
  c.bpopTimeout = 0;
  c.flags &= ~CLIENT_BLOCKED;
  blockedClients--;
}

/** argv index of the i-th key client c is blocked on. */
export function blockedKeyArg(c: Client, i: i32): i32 {
  return <i32>load<u32>(c.bpopKeys + (<usize>i << 2));
}

// ---- keys becoming ready -------------------------------------------------------------------

function signalNode(dbId: i32, node: usize): void {
  if (load<u32>(node + BK_GEN) == readyGeneration) return; // already in this batch
  store<u32>(node + BK_GEN, readyGeneration);
  effectReadyKey(dbId, node + BK_KEY, load<u32>(node + BK_KEYLEN));
  readyKeysPending = true;
}

/**
 * Key (kp, kl) with hash h now holds a value of a type clients block on: if anyone waits
 * on it, report it to the host (Redis: signalKeyAsReady).
 */
export function signalKeyAsReady(db: Db, kp: usize, kl: u32, h: u32): void {
  if (blockedClients == 0) return;
  const d = blockingDict(db.id, false);
  if (changetype<usize>(d) == 0) return;
  const node = dictFind(d, kp, kl, h);
  if (node != 0) signalNode(db.id, node);
}

/** dbAdd's hook: entry e was just added to db at hash h. */
@inline export function signalIfBlockingType(db: Db, e: usize, kp: usize, kl: u32, h: u32): void {
  if (blockedClients == 0) return;
  const t = entryType(e);
  if (t == OBJ_LIST || t == OBJ_ZSET || t == OBJ_STREAM) signalKeyAsReady(db, kp, kl, h);
}

/**
 * After SWAPDB: every waited-on key of db that now exists with a blocking type is ready
 * (Redis: scanDatabaseForReadyKeys).
 */
export function scanDatabaseForReadyKeys(db: Db): void {
  if (blockedClients == 0) return;
  const d = blockingDict(db.id, false);
  if (changetype<usize>(d) == 0) return;
  for (let t = 0; t < 2; t++) {
    const size = dictTableSize(d, t);
    for (let i: u64 = 0; i < size; i++) {
      let node = dictBucketHead(d, t, i);
      while (node != 0) {
        const kp = node + BK_KEY;
        const kl = load<u32>(node + BK_KEYLEN);
        const e = dictFind(db.dict, kp, kl, hashBytes(kp, kl));
        if (e != 0) {
          const ty = entryType(e);
          if (ty == OBJ_LIST || ty == OBJ_ZSET || ty == OBJ_STREAM) signalNode(db.id, node);
        }
        node = dictNodeNext(node);
      }
    }
  }
}

/** The host has read this batch's READY_KEY records: later signals start a new batch. */
export function readyKeysTaken(): void {
  readyKeysPending = false;
  readyGeneration++;
  if (readyGeneration == 0) readyGeneration = 1;
}

// ---- serving ------------------------------------------------------------------------------

/** A serve function found nothing for this client in the key: it stays blocked. */
export const SERVE_SKIP: i32 = 0;
/** The client got its reply (a value, or an error such as WRONGTYPE): the command is done. */
export const SERVE_DONE: i32 = 1;

/**
 * Serves blocked client c from ready key (kp, kl) of its db. It looks the key up itself and
 * replies, writes, propagates (as the non-blocking form) like its handler's immediate path.
 */
export type BlockingServe = (c: Client, kp: usize, kl: u32) => i32;

/** Serve function per command id (null: not a blocking command). */
export const blockingServers = new StaticArray<BlockingServe | null>(COMMAND_COUNT);

export function registerBlockingServe(id: i32, fn: BlockingServe): void {
  blockingServers[id] = fn;
}

/** retryBlocked result bits. */
export const RETRY_SERVED: i32 = 1;
export const RETRY_KEY_GONE: i32 = 2;

/**
 * The host's retry of a waiter of ready key (kp, kl): serves c if the key holds something
 * for it. Returns RETRY_SERVED if c is now unblocked (its reply written) and RETRY_KEY_GONE
 * if the key no longer exists afterwards (the host stops serving that key's FIFO).
 */
export function retryBlocked(c: Client, kp: usize, kl: u32): i32 {
  let r = 0;
  if (clientIsBlocked(c)) {
    const fn = unchecked(blockingServers[c.lastCmd]);
    if (fn != null && fn(c, kp, kl) == SERVE_DONE) {
      // WATCH (db/multi.ts): a served BLMOVE / BRPOPLPUSH pushed into its destination in place.
      if ((c.lastCmd == CMD_BLMOVE || c.lastCmd == CMD_BRPOPLPUSH) && c.argc > 2) {
        signalModifiedKey(c.db, argPtr(c, 2), argLen(c, 2));
      }
      unblockKeys(c);
      finishBlockedCommand(c);
      r |= RETRY_SERVED;
    }
  }
  if (dictFind(c.db.dict, kp, kl, hashBytes(kp, kl)) == 0) r |= RETRY_KEY_GONE;
  return r;
}

export const UNBLOCK_TIMEOUT: i32 = 0;
export const UNBLOCK_ERROR: i32 = 1;

/**
 * Ends c's wait without serving it (Redis: replyToBlockedClientTimedOut / CLIENT UNBLOCK):
 * the timeout reply (a null array; RESP3 null) or -UNBLOCKED, then the command completes.
 * Returns false if c was not blocked.
 */
export function unblockClientWith(c: Client, reason: i32): bool {
  if (!clientIsBlocked(c)) return false;
  if (reason == UNBLOCK_ERROR) addReplyError(c, ERR_UNBLOCKED);
  else addReplyNullArray(c);
  unblockKeys(c);
  finishBlockedCommand(c);
  return true;
}

// ---- timeouts -----------------------------------------------------------------------------

/** Timeout parsed by getTimeoutOrReply: absolute unix ms, 0 = block forever. */
export let parsedTimeout: i64 = 0;

/**
 * Parses argv[i] as a timeout in seconds (Redis 7.0: getTimeoutFromObjectOrReply with
 * UNIT_SECONDS): a long double (strtold rules, "timeout is not a float or out of range"),
 * times 1000 in extended precision, rounded up to whole ms (ceill), converted to a long long
 * as x86 does (anything out of range, infinities included, becomes LLONG_MIN); negative ->
 * "timeout is negative"; 0 -> forever; otherwise now + ms.
 */
export function getTimeoutOrReply(c: Client, i: i32): bool {
  if (!string2ld(argPtr(c, i), <i32>argLen(c, i))) {
    addReplyError(c, ERR_TIMEOUT_NOT_FLOAT);
    return false;
  }
  let ms: i64 = 0;
  if (ldKind != LD_FINITE) {
    ms = i64.MIN_VALUE;
  } else if (ldMant != 0) {
    // (mant * 1000) * 2^exp, rounded to 64 significant bits like the x87 multiply.
    const lo = mul64(ldMant, 1000);
    roundPack(mulHi, lo, false, ldExp, EXT_PREC, EXT_EMIN_LSB, EXT_EMAX_LSB);
    if (rpClass == RP_ZERO) {
      ms = 0;
    } else if (rpClass != RP_FINITE) {
      ms = i64.MIN_VALUE;
    } else {
      // ceill, then the conversion: |value| = rpMant * 2^rpExp.
      let mag: u64;
      let frac = false;
      if (rpExp >= 0) {
        if (rpExp >= 64 || (rpMant >> <u64>(63 - rpExp)) != 0) mag = 0x8000000000000000; // >= 2^63
        else mag = rpMant << <u64>rpExp;
      } else if (rpExp <= -64) {
        mag = 0;
        frac = rpMant != 0;
      } else {
        mag = rpMant >> <u64>(-rpExp);
        frac = (rpMant & ((<u64>1 << <u64>(-rpExp)) - 1)) != 0;
      }
      if (!ldNeg) {
        if (frac) mag++; // ceil of a positive value
        ms = mag >= 0x8000000000000000 ? i64.MIN_VALUE : <i64>mag;
      } else {
        // ceil of a negative value truncates toward zero; -2^63 itself is representable.
        ms = mag > 0x8000000000000000 ? i64.MIN_VALUE : -<i64>mag;
      }
    }
  }
  if (ms < 0) {
    addReplyError(c, ERR_TIMEOUT_NEGATIVE);
    return false;
  }
  // Redis adds the clock without an overflow check; a wrapped sum means "never" here.
  if (ms > 0) {
    ms += nowMs;
    if (ms <= 0) ms = i64.MAX_VALUE;
  }
  parsedTimeout = ms;
  return true;
}

/** Used by the ABI: the db a blocked client waits in. */
export function blockedDb(c: Client): Db {
  return dbAt(c.dbIndex);
}
