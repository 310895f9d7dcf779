// keyspace.ts — the generic key commands (Redis: the command half of db.c, expire.c's
// EXPIRE/TTL family, object.c's OBJECT): DEL, UNLINK, EXISTS, TYPE, KEYS, SCAN, RANDOMKEY,
// RENAME(NX), MOVE, COPY, SWAPDB, DBSIZE, FLUSHDB, FLUSHALL, (P)EXPIRE(AT), (P)TTL,
// (P)EXPIRETIME, PERSIST, TOUCH and OBJECT.
//
// These commands see a key only as an entry (db/object.ts) and never look inside its value,
// so they work for every type as it is added. The few places a value must be handled
// generically go through db.ts: entryDup (COPY: the one switch where each type plugs in its
// deep copy), dbRename (the key is stored inside the entry block, so a rename re-makes the
// block and moves the value over), dbMove (same name: the block is relinked into the other
// db, nothing is copied), dbSwap (SWAPDB swaps the two Db structs' contents in place, so
// every client's `db` pointer keeps naming its index and sees the swapped data) and dbEmpty.
//
// Fidelity notes, each checked against redis-server 7.0.15:
//  * Lookups use the same flags as Redis, because they decide the keyspace hit/miss stats,
//    the LRU clock and lazy expiry: EXISTS, TYPE, TTL and OBJECT don't touch the LRU; DEL,
//    RENAME, MOVE, PERSIST and EXPIRE look up "for write" (no stats); TOUCH and COPY read.
//  * KEYS never deletes: it skips logically expired keys. SCAN deletes the expired keys it
//    meets, after the MATCH filter and after the TYPE filter, which looks the key up (counting
//    a hit or a miss): so an expired key is reported by `TYPE none` like in Redis.
//  * The exact pattern "*" selects every key, including the empty one ("*" as a glob does not
//    match ""). A pattern without glob bytes names one key: KEYS and SCAN serve it with a
//    single lookup instead of a walk (SCAN then replies cursor 0 at once, which keeps SCAN's
//    guarantees: every matching key present throughout is returned).
//  * SCAN's cursor is parsed like C strtoul (sign, wrap-around of negatives, ERANGE and a
//    leading space are errors, the empty string is cursor 0), and the walk is Redis's: visit
//    buckets until COUNT keys were collected or 10*COUNT buckets were visited. Bucket order
//    follows our hash function, so cursors and batches differ from Redis's run to run;
//    only a complete iteration's result is comparable.
//  * EXPIRE's overflow checks, NX/XX/GT/LT rules and "a time in the past deletes" follow
//    expireGenericCommand; it propagates as PEXPIREAT <abs ms> (or DEL), like Redis.
//  * OBJECT REFCOUNT: Redis shares the integer objects 0..9999 (refcount 2147483647) when no
//    LRU/LFU maxmemory policy is set (the engine has none), so a string stored as "int" in
//    that range reports it, unless it is a COPY (a private object, refcount 1; the entry is
//    flagged ENTRY_UNSHARED until a new value is written). Everything else reports 1.
//  * UNLINK and FLUSH* ASYNC free synchronously: values are small and freeing a string is
//    one zfree; memory is back to its baseline when FLUSHALL returns.

import { trackingInvalidateKeysOnFlush } from "../db/tracking";
import { lfuDecrAndReturn } from "../db/evict";
import { ERR_LFU_SELECTED } from "../resp/errors";
import { argLen, argPtr, Client } from "../client";
import { addReplyArrayLen, addReplyBulk, addReplyBulkStr, addReplyDeferredLen, addReplyError,
  addReplyLongLong, addReplyNull, addReplyOK, addReplyProto, addReplyStatus, errBegin, errBytes, errEnd,
  errStr, setDeferredArrayLen } from "../resp/reply";
import { ERR_DB_INDEX, ERR_GT_AND_LT, ERR_INT_RANGE, ERR_INVALID_CURSOR, ERR_INVALID_FIRST_DB,
  ERR_INVALID_SECOND_DB, ERR_LFU_NOT_SELECTED, ERR_NO_SUCH_KEY, ERR_NOT_INTEGER, ERR_NX_XX_GT_LT,
  ERR_SAME_OBJECT, ERR_SYNTAX } from "../resp/errors";
import { addDirty, Db, dbAddEntry, dbAt, dbCount, dbDelete, dbDeleteEntry, dbEmpty, dbKeyCount, dbMove,
  dbRename, dbSwap, entryDup, ENTRY_UNSHARED, expireIfNeeded, getExpire, keyIsExpired, lastHash,
  lookupKey, lookupKeyRead, lookupKeyWrite, LOOKUP_NONOTIFY, LOOKUP_NOTOUCH, lruClock, nowMs, lfuMode,
  removeExpire, setExpire } from "../db/db";
import { notifyKeyspaceEvent, NOTIFY_GENERIC } from "../db/notify";
import { dictBucketHead, dictFind, dictNodeNext, dictRandomNode, dictScan, dictScanReset, dictTableSize,
  scanOut, scanOutCount } from "../ds/dict";
import { encodingName, ENC_INT, entryEncoding, entryFlags, entryIsVolatile, entryKeyLen, entryKeyPtr,
  entryLru, entryStrLen, entryStrPtr, entryType, OBJ_STRING, typeName } from "../db/object";
import { argIs } from "./common";
import { hashBytes } from "../util/hash";
import { patternIsLiteral, stringmatchlen } from "../util/glob";
import { parsedLL, string2ll, ull2string } from "../util/number";
import { propagateArg, propagateArgInt, propagateArgStr, propagateBegin, propagateEnd,
  propagationEnabled } from "../db/effects";
import { preventDefaultPropagation } from "../server";
import { replyInvalidExpireTime } from "./string";

/** Scratch for formatting numbers (cursor, ...). */
const numBuf: usize = memory.data(32);

// ---- helpers --------------------------------------------------------------------------

@inline function keysEqual(ap: usize, al: u32, bp: usize, bl: u32): bool {
  return al == bl && memory.compare(ap, bp, al) == 0;
}

/** Length of (p, n) read as a C string (Redis compares some arguments with strcasecmp). */
function cstrLen(p: usize, n: u32): u32 {
  let i: u32 = 0;
  while (i < n && load<u8>(p + i) != 0) i++;
  return i;
}

/** strcasecmp(C string at (p, n), ASCII literal) == 0. */
function cstrEqualsNoCase(p: usize, n: u32, lit: string): bool {
  n = cstrLen(p, n);
  if (n != <u32>lit.length) return false;
  for (let i: u32 = 0; i < n; i++) {
    let b = load<u8>(p + i);
    if (b >= 65 && b <= 90) b += 32;
    if (b != <u8>lit.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * Parses argv[i] as a C int (Redis: getIntFromObjectOrReply). With `msg` null, a bad
 * number replies "not an integer" and an out-of-int value the range error; with a message,
 * both reply it. The value is left in argInt-like `parsedInt`.
 */
let parsedInt: i32 = 0;
function getIntOrReply(c: Client, i: i32, msg: string | null): bool {
  if (!string2ll(argPtr(c, i), <i32>argLen(c, i))) {
    addReplyError(c, msg != null ? msg : ERR_NOT_INTEGER);
    return false;
  }
  if (parsedLL < <i64>i32.MIN_VALUE || parsedLL > <i64>i32.MAX_VALUE) {
    addReplyError(c, msg != null ? msg : ERR_INT_RANGE);
    return false;
  }
  parsedInt = <i32>parsedLL;
  return true;
}

/** Bulk reply of an unsigned 64-bit number (SCAN's cursor). */
function addReplyBulkU64(c: Client, v: u64): void {
  addReplyBulk(c, numBuf, <u32>ull2string(numBuf, v));
}

// ---- DEL, UNLINK, EXISTS, TYPE, TOUCH, DBSIZE ----------------------------------------------

/** DEL and UNLINK (Redis: delGenericCommand). Expired keys are removed but not counted. */
function delGeneric(c: Client): void {
  let deleted: i64 = 0;
  for (let j = 1; j < c.argc; j++) {
    if (dbDelete(c.db, argPtr(c, j), argLen(c, j))) {
      addDirty(1);
      notifyKeyspaceEvent(NOTIFY_GENERIC, "del", argPtr(c, j), argLen(c, j), c.dbIndex);
      deleted++;
    }
  }
  addReplyLongLong(c, deleted);
}

export function delCommand(c: Client): void {
  delGeneric(c);
}

/** UNLINK frees at once too: see the file comment. */
export function unlinkCommand(c: Client): void {
  delGeneric(c);
}

/** Counts existing keys; a key named twice counts twice. */
export function existsCommand(c: Client): void {
  let count: i64 = 0;
  for (let j = 1; j < c.argc; j++) {
    if (lookupKey(c.db, argPtr(c, j), argLen(c, j), LOOKUP_NOTOUCH) != 0) count++;
  }
  addReplyLongLong(c, count);
}

export function typeCommand(c: Client): void {
  const e = lookupKey(c.db, argPtr(c, 1), argLen(c, 1), LOOKUP_NOTOUCH);
  addReplyStatus(c, e == 0 ? "none" : typeName(entryType(e)));
}

/** Touches each key's LRU clock; replies how many exist. */
export function touchCommand(c: Client): void {
  let count: i64 = 0;
  for (let j = 1; j < c.argc; j++) {
    if (lookupKeyRead(c.db, argPtr(c, j), argLen(c, j)) != 0) count++;
  }
  addReplyLongLong(c, count);
}

/** Keys in the selected db, logically expired ones included (as Redis). */
export function dbsizeCommand(c: Client): void {
  addReplyLongLong(c, <i64>dbKeyCount(c.db));
}

// ---- KEYS ----------------------------------------------------------------------------------

/** True for the exact pattern "*", which Redis treats as "every key" without matching. */
@inline function isMatchAll(p: usize, n: u32): bool {
  return n == 1 && load<u8>(p) == 0x2a;
}

/** Hash computed by the last findKey. */
let lookupHash: u32 = 0;

/**
 * The entry of key (kp, kl), expired or not, without the side effects of lookupKey (no
 * lazy expiry, no stats, no LRU): what a KEYS/SCAN walk would have met in its bucket.
 */
function findKey(db: Db, kp: usize, kl: u32): usize {
  const h = hashBytes(kp, kl);
  lookupHash = h;
  return dictFind(db.dict, kp, kl, h);
}

export function keysCommand(c: Client): void {
  const pp = argPtr(c, 1);
  const pl = argLen(c, 1);
  const db = c.db;
  const all = isMatchAll(pp, pl);
  const at = addReplyDeferredLen(c);
  let n: i64 = 0;
  if (!all && patternIsLiteral(pp, <i32>pl)) {
    // The pattern names one key.
    const e = findKey(db, pp, pl);
    if (e != 0 && !keyIsExpired(db, e, lookupHash)) {
      addReplyBulk(c, entryKeyPtr(e), entryKeyLen(e));
      n++;
    }
  } else {
    // Walk both tables. Nothing here changes the dict (keyIsExpired only reads `expires`),
    // so no rehash step can move entries under the walk.
    const d = db.dict;
    for (let t = 0; t < 2; t++) {
      const size = dictTableSize(d, t);
      for (let i: u64 = 0; i < size; i++) {
        for (let e = dictBucketHead(d, t, i); e != 0; e = dictNodeNext(e)) {
          const kp = entryKeyPtr(e);
          const kl = entryKeyLen(e);
          if (!all && !stringmatchlen(pp, <i32>pl, kp, <i32>kl, false)) continue;
          if (entryIsVolatile(e) && keyIsExpired(db, e, hashBytes(kp, kl))) continue;
          addReplyBulk(c, kp, kl);
          n++;
        }
      }
    }
  }
  setDeferredArrayLen(c, at, n);
}

// ---- SCAN ----------------------------------------------------------------------------------

/** The cursor parsed by the last parseScanCursorOrReply (SSCAN, HSCAN, ZSCAN use it too). */
export let parsedCursor: u64 = 0;

/**
 * Parses a SCAN cursor as Redis does (parseScanCursorOrReply: strtoul base 10 and the
 * whole string consumed, no leading space, no overflow). strtoul accepts a sign and wraps
 * negatives ("-1" is 2^64-1); C strings end at a NUL byte, so "5\0x" is cursor 5 and the
 * empty string is cursor 0.
 */
export function parseScanCursorOrReply(c: Client, i: i32): bool {
  const p = argPtr(c, i);
  const n = cstrLen(p, argLen(c, i));
  let ok = true;
  let v: u64 = 0;
  if (n > 0) {
    const b0 = <u32>load<u8>(p);
    if (b0 == 0x20 || (b0 >= 0x09 && b0 <= 0x0d)) {
      ok = false;
    } else {
      let j: u32 = 0;
      let neg = false;
      if (b0 == 0x2b || b0 == 0x2d) {
        neg = b0 == 0x2d;
        j = 1;
      }
      if (j >= n) ok = false; // a sign alone converts nothing
      while (ok && j < n) {
        const d = <u32>load<u8>(p + j) - 0x30;
        if (d > 9) {
          ok = false;
          break;
        }
        if (v > (u64.MAX_VALUE - d) / 10) {
          ok = false; // ERANGE
          break;
        }
        v = v * 10 + d;
        j++;
      }
      if (neg) v = 0 - v;
    }
  }
  if (!ok) {
    addReplyError(c, ERR_INVALID_CURSOR);
    return false;
  }
  parsedCursor = v;
  return true;
}

// SCAN options of the running call.
let scanPat: usize = 0;
let scanPatLen: u32 = 0;
let scanUsePattern = false;
let scanType: usize = 0;
let scanTypeLen: u32 = 0;
let scanHasType = false;

/**
 * Filters one scanned key and replies it if it passes (Redis: the filter loop of
 * scanGenericCommand): MATCH, then TYPE (a read lookup: it counts a hit or a miss and
 * deletes the key if expired, leaving type "none"), then expiry. The name is written to the
 * reply first and taken back if filtered, because the checks may free the entry.
 */
function scanFilterAndReply(c: Client, e: usize): bool {
  const db = c.db;
  const kp = entryKeyPtr(e);
  const kl = entryKeyLen(e);
  if (scanUsePattern && !stringmatchlen(scanPat, <i32>scanPatLen, kp, <i32>kl, false)) return false;
  const mark = c.olen;
  addReplyBulk(c, kp, kl);
  let keep = true;
  if (scanHasType) {
    const found = lookupKey(db, kp, kl, LOOKUP_NOTOUCH);
    const name = found == 0 ? "none" : typeName(entryType(found));
    if (!cstrEqualsNoCase(scanType, scanTypeLen, name)) keep = false;
    // A key expired by that lookup no longer exists: nothing more to filter.
    if (found == 0) e = 0;
  }
  if (keep && e != 0 && entryIsVolatile(e) && expireIfNeeded(db, e, hashBytes(kp, kl))) keep = false;
  if (!keep) c.olen = mark;
  return keep;
}

/** COUNT and MATCH of HSCAN / SSCAN / ZSCAN, parsed from argv[from..] (Redis: scanGenericCommand). */
export let scanOptCount: i64 = 10;
export let scanOptPat: usize = 0;
export let scanOptPatLen: u32 = 0;
export let scanOptUsePattern: bool = false;

/** Parses the options of a key-type scan; replies Redis's error and returns false on bad input. */
export function parseScanOptionsOrReply(c: Client, from: i32): bool {
  scanOptCount = 10;
  scanOptPat = 0;
  scanOptPatLen = 0;
  scanOptUsePattern = false;
  for (let i = from; i < c.argc; i += 2) {
    const more = c.argc - i;
    if (argIs(c, i, "count") && more >= 2) {
      if (!string2ll(argPtr(c, i + 1), <i32>argLen(c, i + 1))) {
        addReplyError(c, ERR_NOT_INTEGER);
        return false;
      }
      scanOptCount = parsedLL;
      if (scanOptCount < 1) {
        addReplyError(c, ERR_SYNTAX);
        return false;
      }
    } else if (argIs(c, i, "match") && more >= 2) {
      scanOptPat = argPtr(c, i + 1);
      scanOptPatLen = argLen(c, i + 1);
      scanOptUsePattern = !(scanOptPatLen == 1 && load<u8>(scanOptPat) == 0x2a);
    } else {
      addReplyError(c, ERR_SYNTAX);
      return false;
    }
  }
  return true;
}

export function scanCommand(c: Client): void {
  if (!parseScanCursorOrReply(c, 1)) return;
  let cursor = parsedCursor;
  let count: i64 = 10;
  scanUsePattern = false;
  scanHasType = false;
  let i = 2;
  while (i < c.argc) {
    const more = c.argc - i;
    if (argIs(c, i, "count") && more >= 2) {
      if (!string2ll(argPtr(c, i + 1), <i32>argLen(c, i + 1))) {
        addReplyError(c, ERR_NOT_INTEGER);
        return;
      }
      count = parsedLL;
      if (count < 1) {
        addReplyError(c, ERR_SYNTAX);
        return;
      }
      i += 2;
    } else if (argIs(c, i, "match") && more >= 2) {
      scanPat = argPtr(c, i + 1);
      scanPatLen = argLen(c, i + 1);
      scanUsePattern = !isMatchAll(scanPat, scanPatLen);
      i += 2;
    } else if (argIs(c, i, "type") && more >= 2) {
      scanType = argPtr(c, i + 1);
      scanTypeLen = argLen(c, i + 1);
      scanHasType = true;
      i += 2;
    } else {
      addReplyError(c, ERR_SYNTAX);
      return;
    }
  }
  const db = c.db;
  addReplyArrayLen(c, 2);
  if (scanUsePattern && patternIsLiteral(scanPat, <i32>scanPatLen)) {
    // One possible key: a single lookup is a complete iteration.
    addReplyBulkU64(c, 0);
    const at = addReplyDeferredLen(c);
    const e = findKey(db, scanPat, scanPatLen);
    setDeferredArrayLen(c, at, e != 0 && scanFilterAndReply(c, e) ? 1 : 0);
    return;
  }
  // Visit buckets until `count` keys were collected or 10*count buckets were seen.
  dictScanReset();
  let maxIterations: i64 = count > I64.MAX_VALUE / 10 ? I64.MAX_VALUE : count * 10;
  do {
    cursor = dictScan(db.dict, cursor);
  } while (cursor != 0 && maxIterations-- != 0 && <i64>scanOutCount < count);
  addReplyBulkU64(c, cursor);
  const at = addReplyDeferredLen(c);
  let n: i64 = 0;
  // The collected nodes stay valid while we filter: deleting one frees only that one, and
  // lookups may move nodes between tables but never free them.
  const collected = scanOutCount;
  for (let k = 0; k < collected; k++) {
    const e = <usize>load<u32>(scanOut + (<usize>k << 2));
    if (scanFilterAndReply(c, e)) n++;
  }
  setDeferredArrayLen(c, at, n);
}

// ---- RANDOMKEY -----------------------------------------------------------------------------

/** A random live key (Redis: dbRandomKey): expired picks are deleted and another is drawn. */
export function randomkeyCommand(c: Client): void {
  const db = c.db;
  while (true) {
    const e = dictRandomNode(db.dict);
    if (e == 0) {
      addReplyNull(c);
      return;
    }
    if (entryIsVolatile(e) && expireIfNeeded(db, e, hashBytes(entryKeyPtr(e), entryKeyLen(e)))) continue;
    addReplyBulk(c, entryKeyPtr(e), entryKeyLen(e));
    return;
  }
}

// ---- RENAME, RENAMENX, MOVE, COPY, SWAPDB ----------------------------------------------------

/** Redis: renameGenericCommand. The TTL moves with the value; an existing target is replaced. */
function renameGeneric(c: Client, nx: bool): void {
  const db = c.db;
  const sp = argPtr(c, 1);
  const sl = argLen(c, 1);
  const dp = argPtr(c, 2);
  const dl = argLen(c, 2);
  const e = lookupKeyWrite(db, sp, sl);
  const h = lastHash;
  if (e == 0) {
    addReplyError(c, ERR_NO_SUCH_KEY);
    return;
  }
  if (keysEqual(sp, sl, dp, dl)) {
    // Same name: nothing to do, but the key had to exist.
    if (nx) addReplyProto(c, ":0\r\n");
    else addReplyOK(c);
    return;
  }
  const old = lookupKeyWrite(db, dp, dl);
  const hd = lastHash;
  if (old != 0) {
    if (nx) {
      addReplyProto(c, ":0\r\n");
      return;
    }
    dbDeleteEntry(db, old, hd);
  }
  dbRename(db, e, h, dp, dl, hd);
  addDirty(1);
  notifyKeyspaceEvent(NOTIFY_GENERIC, "rename_from", sp, sl, c.dbIndex);
  notifyKeyspaceEvent(NOTIFY_GENERIC, "rename_to", dp, dl, c.dbIndex);
  if (nx) addReplyProto(c, ":1\r\n");
  else addReplyOK(c);
}

export function renameCommand(c: Client): void {
  renameGeneric(c, false);
}

export function renamenxCommand(c: Client): void {
  renameGeneric(c, true);
}

export function moveCommand(c: Client): void {
  if (!getIntOrReply(c, 2, null)) return;
  const dbid = parsedInt;
  if (dbid < 0 || dbid >= dbCount) {
    addReplyError(c, ERR_DB_INDEX);
    return;
  }
  const src = c.db;
  const dst = dbAt(dbid);
  if (changetype<usize>(src) == changetype<usize>(dst)) {
    addReplyError(c, ERR_SAME_OBJECT);
    return;
  }
  const kp = argPtr(c, 1);
  const kl = argLen(c, 1);
  const e = lookupKeyWrite(src, kp, kl);
  const h = lastHash;
  if (e == 0 || lookupKeyWrite(dst, kp, kl) != 0) {
    addReplyProto(c, ":0\r\n");
    return;
  }
  dbMove(src, e, h, dst);
  addDirty(1);
  notifyKeyspaceEvent(NOTIFY_GENERIC, "move_from", kp, kl, src.id);
  notifyKeyspaceEvent(NOTIFY_GENERIC, "move_to", kp, kl, dst.id);
  addReplyProto(c, ":1\r\n");
}

/** COPY source destination [DB index] [REPLACE] (Redis: copyCommand). */
export function copyCommand(c: Client): void {
  const src = c.db;
  let dst = c.db;
  let replace = false;
  for (let j = 3; j < c.argc; j++) {
    const more = c.argc - j - 1;
    if (argIs(c, j, "replace")) {
      replace = true;
    } else if (argIs(c, j, "db") && more >= 1) {
      if (!getIntOrReply(c, j + 1, null)) return;
      if (parsedInt < 0 || parsedInt >= dbCount) {
        addReplyError(c, ERR_DB_INDEX);
        return;
      }
      dst = dbAt(parsedInt);
      j++;
    } else {
      addReplyError(c, ERR_SYNTAX);
      return;
    }
  }
  const kp = argPtr(c, 1);
  const kl = argLen(c, 1);
  const np = argPtr(c, 2);
  const nl = argLen(c, 2);
  if (changetype<usize>(src) == changetype<usize>(dst) && keysEqual(kp, kl, np, nl)) {
    addReplyError(c, ERR_SAME_OBJECT);
    return;
  }
  const e = lookupKeyRead(src, kp, kl);
  const h = lastHash;
  if (e == 0) {
    addReplyProto(c, ":0\r\n");
    return;
  }
  const when = getExpire(src, e, h);
  const old = lookupKeyWrite(dst, np, nl);
  const hd = lastHash;
  if (old != 0 && !replace) {
    addReplyProto(c, ":0\r\n");
    return;
  }
  const fresh = entryDup(e, np, nl);
  if (fresh == 0) {
    // A type that has not plugged a copy function into entryDup yet.
    addReplyError(c, "ERR COPY is not supported for this type");
    return;
  }
  if (old != 0) dbDeleteEntry(dst, old, hd);
  dbAddEntry(dst, fresh, hd);
  if (when >= 0) setExpire(dst, fresh, hd, when);
  addDirty(1);
  notifyKeyspaceEvent(NOTIFY_GENERIC, "copy_to", np, nl, dst.id);
  addReplyProto(c, ":1\r\n");
}

export function swapdbCommand(c: Client): void {
  if (!getIntOrReply(c, 1, ERR_INVALID_FIRST_DB)) return;
  const a = parsedInt;
  if (!getIntOrReply(c, 2, ERR_INVALID_SECOND_DB)) return;
  const b = parsedInt;
  if (a < 0 || a >= dbCount || b < 0 || b >= dbCount) {
    addReplyError(c, ERR_DB_INDEX);
    return;
  }
  dbSwap(a, b);
  addDirty(1);
  addReplyOK(c);
}

// ---- FLUSHDB, FLUSHALL ---------------------------------------------------------------------

/** [ASYNC|SYNC] (Redis: getFlushCommandFlags). Both free at once here. */
function flushArgsOk(c: Client): bool {
  if (c.argc == 1 || (c.argc == 2 && (argIs(c, 1, "sync") || argIs(c, 1, "async")))) return true;
  addReplyError(c, ERR_SYNTAX);
  return false;
}

/** Propagates the command as received even though it changed nothing (Redis: forceCommandPropagation). */
function forcePropagation(c: Client): void {
  if (!propagationEnabled) return;
  propagateBegin(c.dbIndex, c.argc);
  for (let i = 0; i < c.argc; i++) propagateArg(argPtr(c, i), argLen(c, i));
  propagateEnd();
}

export function flushdbCommand(c: Client): void {
  if (!flushArgsOk(c)) return;
  trackingInvalidateKeysOnFlush(); // client-side caching (db/tracking.ts)
  const removed = dbEmpty(c.db);
  if (removed > 0) addDirty(removed);
  else forcePropagation(c); // dirty unchanged: the dispatcher would not propagate it
  addReplyOK(c);
}

export function flushallCommand(c: Client): void {
  if (!flushArgsOk(c)) return;
  trackingInvalidateKeysOnFlush(); // client-side caching (db/tracking.ts)
  let removed: u64 = 0;
  for (let i = 0; i < dbCount; i++) removed += dbEmpty(dbAt(i));
  addDirty(removed + 1); // Redis counts the flush itself as one more change
  addReplyOK(c);
}

// ---- EXPIRE family -------------------------------------------------------------------------

const EXPIRE_NX: i32 = 1;
const EXPIRE_XX: i32 = 2;
const EXPIRE_GT: i32 = 4;
const EXPIRE_LT: i32 = 8;

let expireFlags: i32 = 0;

/** NX | XX | GT | LT after the time (Redis: parseExtendedExpireArgumentsOrReply). */
function parseExpireFlagsOrReply(c: Client): bool {
  let flags = 0;
  for (let j = 3; j < c.argc; j++) {
    if (argIs(c, j, "nx")) flags |= EXPIRE_NX;
    else if (argIs(c, j, "xx")) flags |= EXPIRE_XX;
    else if (argIs(c, j, "gt")) flags |= EXPIRE_GT;
    else if (argIs(c, j, "lt")) flags |= EXPIRE_LT;
    else {
      // "Unsupported option %s": the option as a C string.
      const p = argPtr(c, j);
      errBegin(c);
      errStr(c, "ERR Unsupported option ");
      errBytes(c, p, cstrLen(p, argLen(c, j)));
      errEnd(c);
      return false;
    }
  }
  if ((flags & EXPIRE_NX) != 0 && (flags & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT)) != 0) {
    addReplyError(c, ERR_NX_XX_GT_LT);
    return false;
  }
  if ((flags & EXPIRE_GT) != 0 && (flags & EXPIRE_LT) != 0) {
    addReplyError(c, ERR_GT_AND_LT);
    return false;
  }
  expireFlags = flags;
  return true;
}

/**
 * EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT (Redis: expireGenericCommand). `basetime` is now
 * for the relative forms and 0 for the absolute ones; negative results are allowed (and
 * delete the key), only overflow is an error.
 */
function expireGeneric(c: Client, basetime: i64, seconds: bool, isPexpireat: bool): void {
  if (!parseExpireFlagsOrReply(c)) return;
  const flags = expireFlags;
  if (!string2ll(argPtr(c, 2), <i32>argLen(c, 2))) {
    addReplyError(c, ERR_NOT_INTEGER);
    return;
  }
  let when = parsedLL;
  if (seconds) {
    if (when > I64.MAX_VALUE / 1000 || when < I64.MIN_VALUE / 1000) {
      replyInvalidExpireTime(c);
      return;
    }
    when *= 1000;
  }
  if (when > I64.MAX_VALUE - basetime) {
    replyInvalidExpireTime(c);
    return;
  }
  when += basetime;
  const db = c.db;
  const kp = argPtr(c, 1);
  const kl = argLen(c, 1);
  const e = lookupKeyWrite(db, kp, kl);
  const h = lastHash;
  if (e == 0) {
    addReplyProto(c, ":0\r\n");
    return;
  }
  if (flags != 0) {
    const current = getExpire(db, e, h);
    // No TTL counts as an infinite one: GT always fails, LT always passes.
    if (((flags & EXPIRE_NX) != 0 && current != -1) ||
        ((flags & EXPIRE_XX) != 0 && current == -1) ||
        ((flags & EXPIRE_GT) != 0 && (when <= current || current == -1)) ||
        ((flags & EXPIRE_LT) != 0 && current != -1 && when >= current)) {
      addReplyProto(c, ":0\r\n");
      return;
    }
  }
  if (when <= nowMs) {
    // Already expired: delete now, propagated as DEL (Redis: checkAlreadyExpired).
    dbDeleteEntry(db, e, h);
    addDirty(1);
    notifyKeyspaceEvent(NOTIFY_GENERIC, "del", kp, kl, c.dbIndex);
    if (propagationEnabled) {
      propagateBegin(c.dbIndex, 2);
      propagateArgStr("DEL");
      propagateArg(kp, kl);
      propagateEnd();
      preventDefaultPropagation();
    }
    addReplyProto(c, ":1\r\n");
    return;
  }
  setExpire(db, e, h, when);
  addDirty(1);
  notifyKeyspaceEvent(NOTIFY_GENERIC, "expire", kp, kl, c.dbIndex);
  if (propagationEnabled && !isPexpireat) {
    // As PEXPIREAT <absolute ms>, options kept (Redis rewrites argv[0] and argv[2]).
    propagateBegin(c.dbIndex, c.argc);
    propagateArgStr("PEXPIREAT");
    propagateArg(kp, kl);
    propagateArgInt(when);
    for (let j = 3; j < c.argc; j++) propagateArg(argPtr(c, j), argLen(c, j));
    propagateEnd();
    preventDefaultPropagation();
  }
  addReplyProto(c, ":1\r\n");
}

export function expireCommand(c: Client): void {
  expireGeneric(c, nowMs, true, false);
}

export function pexpireCommand(c: Client): void {
  expireGeneric(c, nowMs, false, false);
}

export function expireatCommand(c: Client): void {
  expireGeneric(c, 0, true, false);
}

export function pexpireatCommand(c: Client): void {
  expireGeneric(c, 0, false, true);
}

/** TTL, PTTL, EXPIRETIME, PEXPIRETIME (Redis: ttlGenericCommand): -2 no key, -1 no TTL. */
function ttlGeneric(c: Client, ms: bool, abs: bool): void {
  const e = lookupKey(c.db, argPtr(c, 1), argLen(c, 1), LOOKUP_NOTOUCH);
  if (e == 0) {
    addReplyProto(c, ":-2\r\n");
    return;
  }
  const when = getExpire(c.db, e, lastHash);
  if (when == -1) {
    addReplyProto(c, ":-1\r\n");
    return;
  }
  let ttl = abs ? when : when - nowMs;
  if (ttl < 0) ttl = 0;
  // Rounded to seconds; ttl >= 0, so unsigned math keeps the rounding right up to i64 max
  // (Redis's build gets 9223372036854776 for PEXPIREAT k 9223372036854775807).
  addReplyLongLong(c, ms ? ttl : <i64>((<u64>ttl + 500) / 1000));
}

export function ttlCommand(c: Client): void {
  ttlGeneric(c, false, false);
}

export function pttlCommand(c: Client): void {
  ttlGeneric(c, true, false);
}

export function expiretimeCommand(c: Client): void {
  ttlGeneric(c, false, true);
}

export function pexpiretimeCommand(c: Client): void {
  ttlGeneric(c, true, true);
}

export function persistCommand(c: Client): void {
  const e = lookupKeyWrite(c.db, argPtr(c, 1), argLen(c, 1));
  if (e != 0 && removeExpire(c.db, e, lastHash)) {
    addDirty(1);
    notifyKeyspaceEvent(NOTIFY_GENERIC, "persist", argPtr(c, 1), argLen(c, 1), c.dbIndex);
    addReplyProto(c, ":1\r\n");
  } else {
    addReplyProto(c, ":0\r\n");
  }
}

// ---- OBJECT --------------------------------------------------------------------------------

/** Redis's OBJ_SHARED_REFCOUNT (INT_MAX): the refcount of shared objects. */
const SHARED_REFCOUNT: i64 = 2147483647;
/** Redis shares the integers 0 .. OBJ_SHARED_INTEGERS-1. */
const SHARED_INTEGERS: i64 = 10000;

/** The refcount Redis would report for the value of e (see the file comment). */
function objectRefcount(e: usize): i64 {
  if (entryType(e) == OBJ_STRING && entryEncoding(e) == ENC_INT && (entryFlags(e) & ENTRY_UNSHARED) == 0 &&
      string2ll(entryStrPtr(e), <i32>entryStrLen(e)) && parsedLL >= 0 && parsedLL < SHARED_INTEGERS) {
    return SHARED_REFCOUNT;
  }
  return 1;
}

/** Seconds since the entry's last access on the 24-bit LRU clock (Redis: estimateObjectIdleTime). */
function idleSeconds(e: usize): i64 {
  const lru = <i64>entryLru(e);
  const now = <i64>lruClock;
  return now >= lru ? now - lru : now + (0xffffff - lru);
}

/** The key of OBJECT <sub> <key>, looked up without touching it; replies null if absent. */
function objectLookupOrReply(c: Client): usize {
  const e = lookupKey(c.db, argPtr(c, 2), argLen(c, 2), LOOKUP_NOTOUCH | LOOKUP_NONOTIFY);
  if (e == 0) addReplyNull(c);
  return e;
}

export function objectEncodingCommand(c: Client): void {
  const e = objectLookupOrReply(c);
  if (e != 0) addReplyBulkStr(c, encodingName(entryEncoding(e)));
}

export function objectRefcountCommand(c: Client): void {
  const e = objectLookupOrReply(c);
  if (e != 0) addReplyLongLong(c, objectRefcount(e));
}

export function objectIdletimeCommand(c: Client): void {
  const e = objectLookupOrReply(c);
  if (e == 0) return;
  // Under an LFU policy the lru field holds the LFU counter (db/evict.ts), not a clock.
  if (lfuMode) addReplyError(c, ERR_LFU_SELECTED);
  else addReplyLongLong(c, idleSeconds(e));
}

/** Access frequency is tracked only under an LFU maxmemory policy (db/evict.ts). */
export function objectFreqCommand(c: Client): void {
  const e = objectLookupOrReply(c);
  if (e == 0) return;
  if (!lfuMode) addReplyError(c, ERR_LFU_NOT_SELECTED);
  else addReplyLongLong(c, <i64>lfuDecrAndReturn(e));
}

export function objectHelpCommand(c: Client): void {
  addReplyArrayLen(c, 15);
  addReplyStatus(c, "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
  addReplyStatus(c, "ENCODING <key>");
  addReplyStatus(c, "    Return the kind of internal representation used in order to store the value");
  addReplyStatus(c, "    associated with a <key>.");
  addReplyStatus(c, "FREQ <key>");
  addReplyStatus(c, "    Return the access frequency index of the <key>. The returned integer is");
  addReplyStatus(c, "    proportional to the logarithm of the recent access frequency of the key.");
  addReplyStatus(c, "IDLETIME <key>");
  addReplyStatus(c, "    Return the idle time of the <key>, that is the approximated number of");
  addReplyStatus(c, "    seconds elapsed since the last access to the key.");
  addReplyStatus(c, "REFCOUNT <key>");
  addReplyStatus(c, "    Return the number of references of the value associated with the specified");
  addReplyStatus(c, "    <key>.");
  addReplyStatus(c, "HELP");
  addReplyStatus(c, "    Prints this help.");
}
