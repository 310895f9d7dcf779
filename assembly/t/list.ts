// list.ts — the list type (Redis 7.0.15: t_list.c).
//
// A list key's entry holds a pointer to a quicklist (ds/quicklist.ts), its only encoding in
// Redis 7.0.15, so OBJECT ENCODING always says "quicklist". The quicklist header block never
// moves (its nodes do), so the entry's value pointer is written once, at creation. A list
// key never holds an empty list: the command that removes the last element deletes the key.
//
// Every handler follows Redis's order of checks, which the replies expose: arguments that
// Redis parses before the lookup (LRANGE's indexes, LINSERT's BEFORE|AFTER, LMOVE's
// directions, LPOS's options, LREM's count) fail even on a missing key, while LINDEX and
// LSET look the key up first. Missing keys reply what Redis's lookup*OrReply would: 0, nil,
// the empty array, or "no such key".
//
// Nil rules (RESP2): LPOP/RPOP without a count reply a null bulk ($-1) on a missing key,
// with a count a null array (*-1); a count of 0 on an existing list is the empty array.
// LMPOP and BLPOP/BRPOP/BLMPOP time-outs reply a null array, BLMOVE/BRPOPLPUSH a null bulk
// when they cannot block (MULTI) but a null array on timeout, as in Redis. RESP3: `_`.
//
// Blocking commands (BLPOP BRPOP BLMOVE BRPOPLPUSH BLMPOP) first behave like their
// non-blocking form when a key has elements, and are propagated as that form (LPOP key,
// LPOP key count, LMOVE ..., RPOPLPUSH ...). Otherwise they call blockForKeys
// (db/blocking.ts) and exec stops; when a key becomes ready the host retries the client
// through the serve functions at the end of this file, which serve from that key only and
// propagate Redis's rewrite of the served command (BLPOP -> LPOP key, BLMOVE -> LMOVE key dst
// left|right left|right, BRPOPLPUSH -> RPOPLPUSH key dst, BLMPOP -> LPOP key count).

import { argLen, argPtr, Client } from "../client";
import { addReplyArrayLen, addReplyBulk, addReplyBulkLongLong, addReplyDeferredLen, addReplyError,
  addReplyLongLong, addReplyNull, addReplyNullArray, addReplyOK, addReplyProto, setDeferredArrayLen } from "../resp/reply";
import { ERR_NO_SUCH_KEY, ERR_NUMKEYS_POSITIVE, ERR_POSITIVE, ERR_SYNTAX } from "../resp/errors";
import { addDirty, dbAddEntry, dbDeleteEntry, lastHash, lookupKeyRead, lookupKeyWrite, lruClock } from "../db/db";
import { notifyKeyspaceEvent, NOTIFY_GENERIC, NOTIFY_LIST } from "../db/notify";
import { ENC_QUICKLIST, entryNew, entryType, entryVal, OBJ_LIST, setEntryVal } from "../db/object";
import { entryKeyLen, entryKeyPtr } from "../db/object";
import { argInt, argIs, checkType, getLongLongOrReply } from "./common";
import { lpGet, lpInt, lpStrLen, lpStrPtr, lpEqual } from "../ds/listpack";
import { qlCount, qlCreate, qlDelEntry, qlDelRange, qlEntryP, qlIndex, qlInsert, qlIterAtIdx, qlIterRelease,
  qlNext, qlPeek, qlPopDiscard, qlPush, qlReplaceAtIndex } from "../ds/quicklist";
import { listCompressDepth, listMaxListpackSize } from "../config";
import { propagateArg, propagateArgInt, propagateArgStr, propagateBegin, propagateEnd,
  propagationEnabled } from "../db/effects";
import { preventDefaultPropagation, replyWrongArity } from "../server";
import { blockForKeys, clientDenyBlocking, getTimeoutOrReply, parsedTimeout, SERVE_DONE,
  SERVE_SKIP } from "../db/blocking";
import { CMD_BLPOP, CMD_BRPOPLPUSH } from "../commands/table.gen";
import { zfree, zmalloc } from "../mem/alloc";
import { ll2string, parsedLL, string2ll } from "../util/number";

const LIST_HEAD: bool = true;
const LIST_TAIL: bool = false;

// ---- helpers ---------------------------------------------------------------------------------

@inline function listOf(e: usize): usize {
  return <usize>entryVal(e);
}

/** A new empty list under key (kp, kl), absent at hash h (Redis: createQuicklistObject + dbAdd). */
function listCreate(c: Client, kp: usize, kl: u32, h: u32): usize {
  const e = entryNew(kp, kl, OBJ_LIST, ENC_QUICKLIST, 0, lruClock);
  setEntryVal(e, <u32>qlCreate(listMaxListpackSize, listCompressDepth));
  dbAddEntry(c.db, e, h);
  return e;
}

/** Replies the listpack element at p as a bulk string. */
@inline function addReplyListElement(c: Client, p: usize): void {
  if (lpGet(p)) addReplyBulk(c, lpStrPtr, lpStrLen);
  else addReplyBulkLongLong(c, lpInt);
}

/** The "lpop" / "rpop" keyspace event of list e (Redis: listElementsRemoved). */
function notifyPop(c: Client, e: usize, head: bool): void {
  notifyKeyspaceEvent(NOTIFY_LIST, head ? "lpop" : "rpop", entryKeyPtr(e), entryKeyLen(e), c.dbIndex);
}

/** Deletes key e (hash h) if its list became empty (Redis: the dbDelete in listElementsRemoved). */
function deleteIfEmpty(c: Client, e: usize, h: u32): bool {
  if (qlCount(listOf(e)) != 0) return false;
  notifyKeyspaceEvent(NOTIFY_GENERIC, "del", entryKeyPtr(e), entryKeyLen(e), c.dbIndex);
  dbDeleteEntry(c.db, e, h);
  return true;
}

/** LEFT / RIGHT (Redis: getListPositionFromObjectOrReply); -1 after a syntax error reply. */
function listPositionOrReply(c: Client, i: i32): i32 {
  if (argIs(c, i, "right")) return 0;
  if (argIs(c, i, "left")) return 1;
  addReplyError(c, ERR_SYNTAX);
  return -1;
}

// A copy of one popped element, for commands that push it elsewhere (LMOVE): the bytes
// live in the listpack that the pop rewrites.
let valBuf: usize = 0;
let valCap: u32 = 0;
let valLen: u32 = 0;

/** Copies the element at p into valBuf / valLen. */
function saveElement(p: usize): void {
  if (lpGet(p)) {
    if (lpStrLen > valCap) {
      zfree(valBuf);
      valCap = lpStrLen < 64 ? 64 : lpStrLen;
      valBuf = zmalloc(valCap);
    }
    memory.copy(valBuf, lpStrPtr, lpStrLen);
    valLen = lpStrLen;
  } else {
    if (valCap < 24) {
      zfree(valBuf);
      valCap = 64;
      valBuf = zmalloc(valCap);
    }
    valLen = <u32>ll2string(valBuf, lpInt);
  }
}

/** Gives a huge copy buffer back once used, so one big LMOVE does not pin memory. */
function releaseSavedElement(): void {
  if (valCap > 65536) {
    zfree(valBuf);
    valBuf = 0;
    valCap = 0;
  }
}

/** Writes a PROPAGATE record "<name> key" or "<name> key count" (count < 0: none). */
function propagatePop(c: Client, head: bool, kp: usize, kl: u32, count: i64): void {
  if (!propagationEnabled) return;
  propagateBegin(c.dbIndex, count >= 0 ? 3 : 2);
  propagateArgStr(head ? "LPOP" : "RPOP");
  propagateArg(kp, kl);
  if (count >= 0) propagateArgInt(count);
  propagateEnd();
}

// ---- push -----------------------------------------------------------------------------------

/** LPUSH / RPUSH / LPUSHX / RPUSHX (Redis: pushGenericCommand). */
function pushGeneric(c: Client, head: bool, xx: bool): void {
  const kp = argPtr(c, 1);
  const kl = argLen(c, 1);
  let e = lookupKeyWrite(c.db, kp, kl);
  if (checkType(c, e, OBJ_LIST)) return;
  if (e == 0) {
    if (xx) {
      addReplyProto(c, ":0\r\n");
      return;
    }
    e = listCreate(c, kp, kl, lastHash);
  }
  const ql = listOf(e);
  for (let j = 2; j < c.argc; j++) {
    qlPush(ql, argPtr(c, j), argLen(c, j), head);
  }
  addDirty(<u64>(c.argc - 2));
  notifyKeyspaceEvent(NOTIFY_LIST, head ? "lpush" : "rpush", kp, kl, c.dbIndex);
  addReplyLongLong(c, <i64>qlCount(ql));
}

export function lpushCommand(c: Client): void { pushGeneric(c, LIST_HEAD, false); }
export function rpushCommand(c: Client): void { pushGeneric(c, LIST_TAIL, false); }
export function lpushxCommand(c: Client): void { pushGeneric(c, LIST_HEAD, true); }
export function rpushxCommand(c: Client): void { pushGeneric(c, LIST_TAIL, true); }

// ---- LINSERT LLEN LINDEX LSET -----------------------------------------------------------------

/** LINSERT key BEFORE|AFTER pivot element */
export function linsertCommand(c: Client): void {
  let after: bool;
  if (argIs(c, 2, "after")) after = true;
  else if (argIs(c, 2, "before")) after = false;
  else {
    addReplyError(c, ERR_SYNTAX);
    return;
  }
  const e = lookupKeyWrite(c.db, argPtr(c, 1), argLen(c, 1));
  if (e == 0) {
    addReplyProto(c, ":0\r\n");
    return;
  }
  if (checkType(c, e, OBJ_LIST)) return;
  const ql = listOf(e);
  const pp = argPtr(c, 3);
  const pl = argLen(c, 3);
  let inserted = false;
  if (qlIterAtIdx(ql, true, 0)) {
    while (qlNext()) {
      if (lpEqual(qlEntryP, pp, pl)) {
        qlInsert(ql, argPtr(c, 4), argLen(c, 4), after);
        inserted = true;
        break;
      }
    }
    qlIterRelease();
  }
  if (!inserted) {
    addReplyLongLong(c, -1);
    return;
  }
  addDirty(1);
  notifyKeyspaceEvent(NOTIFY_LIST, "linsert", argPtr(c, 1), argLen(c, 1), c.dbIndex);
  addReplyLongLong(c, <i64>qlCount(ql));
}

/** LLEN key */
export function llenCommand(c: Client): void {
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (e == 0) {
    addReplyProto(c, ":0\r\n");
    return;
  }
  if (checkType(c, e, OBJ_LIST)) return;
  addReplyLongLong(c, <i64>qlCount(listOf(e)));
}

/** LINDEX key index (the key is looked up before the index is parsed, as in Redis) */
export function lindexCommand(c: Client): void {
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (e == 0) {
    addReplyNull(c);
    return;
  }
  if (checkType(c, e, OBJ_LIST)) return;
  if (!getLongLongOrReply(c, 2)) return;
  const p = qlIndex(listOf(e), argInt);
  if (p == 0) addReplyNull(c);
  else addReplyListElement(c, p);
  qlIterRelease();
}

/** LSET key index element */
export function lsetCommand(c: Client): void {
  const e = lookupKeyWrite(c.db, argPtr(c, 1), argLen(c, 1));
  if (e == 0) {
    addReplyError(c, ERR_NO_SUCH_KEY);
    return;
  }
  if (checkType(c, e, OBJ_LIST)) return;
  if (!getLongLongOrReply(c, 2)) return;
  if (!qlReplaceAtIndex(listOf(e), argInt, argPtr(c, 3), argLen(c, 3))) {
    addReplyError(c, "ERR index out of range");
    return;
  }
  addDirty(1);
  notifyKeyspaceEvent(NOTIFY_LIST, "lset", argPtr(c, 1), argLen(c, 1), c.dbIndex);
  addReplyOK(c);
}

// ---- ranges ---------------------------------------------------------------------------------

/**
 * Replies elements start..end (inclusive, negative from the tail) as an array, reversed
 * when `reverse` (Redis: addListRangeReply).
 */
function addListRangeReply(c: Client, ql: usize, start: i64, end: i64, reverse: bool): void {
  const llen = <i64>qlCount(ql);
  if (start < 0) start = llen + start;
  if (end < 0) end = llen + end;
  if (start < 0) start = 0;
  if (start > end || start >= llen) {
    addReplyProto(c, "*0\r\n");
    return;
  }
  if (end >= llen) end = llen - 1;
  let rangelen = end - start + 1;
  addReplyArrayLen(c, rangelen);
  qlIterAtIdx(ql, !reverse, reverse ? end : start);
  while (rangelen-- > 0) {
    if (!qlNext()) break; // cannot happen on a consistent list
    addReplyListElement(c, qlEntryP);
  }
  qlIterRelease();
}

/** Pops up to `count` elements from one end, replying them as an array (without the key). */
function popRangeReply(c: Client, ql: usize, head: bool, count: i64): i64 {
  const llen = <i64>qlCount(ql);
  const rangelen = count > llen ? llen : count;
  const rangestart = head ? 0 : -rangelen;
  const rangeend = head ? rangelen - 1 : -1;
  addListRangeReply(c, ql, rangestart, rangeend, !head);
  qlDelRange(ql, rangestart, rangelen);
  return rangelen;
}

/** LRANGE key start stop */
export function lrangeCommand(c: Client): void {
  if (!getLongLongOrReply(c, 2)) return;
  const start = argInt;
  if (!getLongLongOrReply(c, 3)) return;
  const end = argInt;
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (e == 0) {
    addReplyProto(c, "*0\r\n");
    return;
  }
  if (checkType(c, e, OBJ_LIST)) return;
  addListRangeReply(c, listOf(e), start, end, false);
}

/** LTRIM key start stop */
export function ltrimCommand(c: Client): void {
  if (!getLongLongOrReply(c, 2)) return;
  let start = argInt;
  if (!getLongLongOrReply(c, 3)) return;
  let end = argInt;
  const e = lookupKeyWrite(c.db, argPtr(c, 1), argLen(c, 1));
  const h = lastHash;
  if (e == 0) {
    addReplyOK(c);
    return;
  }
  if (checkType(c, e, OBJ_LIST)) return;
  const ql = listOf(e);
  const llen = <i64>qlCount(ql);
  if (start < 0) start = llen + start;
  if (end < 0) end = llen + end;
  if (start < 0) start = 0;
  let ltrim: i64, rtrim: i64;
  if (start > end || start >= llen) {
    ltrim = llen;
    rtrim = 0;
  } else {
    if (end >= llen) end = llen - 1;
    ltrim = start;
    rtrim = llen - end - 1;
  }
  qlDelRange(ql, 0, ltrim);
  qlDelRange(ql, -rtrim, rtrim);
  notifyKeyspaceEvent(NOTIFY_LIST, "ltrim", argPtr(c, 1), argLen(c, 1), c.dbIndex);
  deleteIfEmpty(c, e, h);
  addDirty(<u64>(ltrim + rtrim));
  addReplyOK(c);
}

// ---- pops -------------------------------------------------------------------------------------

/** LPOP / RPOP key [count] (Redis: popGenericCommand). */
function popGeneric(c: Client, head: bool): void {
  const hascount = c.argc == 3;
  let count: i64 = 0;
  if (c.argc > 3) {
    replyWrongArity(c, c.lastCmd);
    return;
  }
  if (hascount) {
    if (!string2ll(argPtr(c, 2), <i32>argLen(c, 2)) || parsedLL < 0) {
      addReplyError(c, ERR_POSITIVE);
      return;
    }
    count = parsedLL;
  }
  const kp = argPtr(c, 1);
  const kl = argLen(c, 1);
  const e = lookupKeyWrite(c.db, kp, kl);
  const h = lastHash;
  if (e == 0) {
    if (hascount) addReplyNullArray(c);
    else addReplyNull(c);
    return;
  }
  if (checkType(c, e, OBJ_LIST)) return;
  if (hascount && count == 0) {
    addReplyProto(c, "*0\r\n");
    return;
  }
  const ql = listOf(e);
  if (!hascount) {
    addReplyListElement(c, qlPeek(ql, head));
    qlPopDiscard(ql, head);
    notifyPop(c, e, head);
    deleteIfEmpty(c, e, h);
    addDirty(1);
  } else {
    const n = popRangeReply(c, ql, head, count);
    notifyPop(c, e, head);
    deleteIfEmpty(c, e, h);
    addDirty(<u64>n);
  }
}

export function lpopCommand(c: Client): void { popGeneric(c, LIST_HEAD); }
export function rpopCommand(c: Client): void { popGeneric(c, LIST_TAIL); }

/**
 * Pops up to count elements from the list under argv[keyArg] and replies [key, [elements]],
 * propagated as "LPOP|RPOP key n" (Redis: listPopRangeAndReplyWithKey + the rewrite).
 */
function popRangeWithKey(c: Client, e: usize, h: u32, keyArg: i32, head: bool, count: i64): void {
  const kp = argPtr(c, keyArg);
  const kl = argLen(c, keyArg);
  const ql = listOf(e);
  const llen = <i64>qlCount(ql);
  const n = count > llen ? llen : count;
  if (propagationEnabled) {
    propagatePop(c, head, kp, kl, n);
    preventDefaultPropagation(); // dirty moves below, so call() reaches the suppression
  }
  addReplyArrayLen(c, 2);
  addReplyBulk(c, kp, kl);
  popRangeReply(c, ql, head, count);
  notifyPop(c, e, head);
  deleteIfEmpty(c, e, h);
  addDirty(<u64>n);
}

/** The options of LMPOP / BLMPOP, parsed by parseMpopOrReply. */
let mpopNumKeys: i32 = 0;
let mpopHead: bool = true;
let mpopCount: i64 = 1;

/**
 * numkeys key [key ...] LEFT|RIGHT [COUNT count] from argv[numkeysIdx] (Redis:
 * lmpopGenericCommand's parsing). False after an error reply.
 */
function parseMpopOrReply(c: Client, numkeysIdx: i32): bool {
  if (!string2ll(argPtr(c, numkeysIdx), <i32>argLen(c, numkeysIdx)) || parsedLL < 1) {
    addReplyError(c, ERR_NUMKEYS_POSITIVE);
    return false;
  }
  const numkeys = parsedLL;
  const whereIdx = <i64>numkeysIdx + numkeys + 1;
  if (whereIdx >= <i64>c.argc) {
    addReplyError(c, ERR_SYNTAX);
    return false;
  }
  const pos = listPositionOrReply(c, <i32>whereIdx);
  if (pos < 0) return false;
  let count: i64 = -1;
  for (let j = <i32>whereIdx + 1; j < c.argc; j++) {
    const moreargs = c.argc - 1 - j;
    if (count == -1 && argIs(c, j, "count") && moreargs > 0) {
      j++;
      if (!string2ll(argPtr(c, j), <i32>argLen(c, j)) || parsedLL < 1) {
        addReplyError(c, "ERR count should be greater than 0");
        return false;
      }
      count = parsedLL;
    } else {
      addReplyError(c, ERR_SYNTAX);
      return false;
    }
  }
  mpopNumKeys = <i32>numkeys;
  mpopHead = pos == 1;
  mpopCount = count == -1 ? 1 : count;
  return true;
}

/** LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count] */
export function lmpopCommand(c: Client): void {
  if (!parseMpopOrReply(c, 1)) return;
  for (let j = 0; j < mpopNumKeys; j++) {
    const a = 2 + j;
    const e = lookupKeyWrite(c.db, argPtr(c, a), argLen(c, a));
    const h = lastHash;
    if (e == 0) continue;
    if (checkType(c, e, OBJ_LIST)) return;
    popRangeWithKey(c, e, h, a, mpopHead, mpopCount);
    return;
  }
  addReplyNullArray(c);
}

// ---- LPOS LREM --------------------------------------------------------------------------------

/** LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len] */
export function lposCommand(c: Client): void {
  let rank: i64 = 1;
  let count: i64 = -1; // -1: option not given
  let maxlen: i64 = 0;
  for (let j = 3; j < c.argc; j++) {
    const moreargs = c.argc - 1 - j;
    if (argIs(c, j, "rank") && moreargs > 0) {
      j++;
      if (!getLongLongOrReply(c, j)) return;
      rank = argInt;
      if (rank == 0) {
        addReplyError(c, "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list");
        return;
      }
    } else if (argIs(c, j, "count") && moreargs > 0) {
      j++;
      if (!string2ll(argPtr(c, j), <i32>argLen(c, j)) || parsedLL < 0) {
        addReplyError(c, "ERR COUNT can't be negative");
        return;
      }
      count = parsedLL;
    } else if (argIs(c, j, "maxlen") && moreargs > 0) {
      j++;
      if (!string2ll(argPtr(c, j), <i32>argLen(c, j)) || parsedLL < 0) {
        addReplyError(c, "ERR MAXLEN can't be negative");
        return;
      }
      maxlen = parsedLL;
    } else {
      addReplyError(c, ERR_SYNTAX);
      return;
    }
  }
  // A negative rank searches from the tail (the negation wraps for LONG_MIN, as in C).
  let forward = true;
  if (rank < 0) {
    rank = 0 - rank;
    forward = false;
  }
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (e == 0) {
    if (count != -1) addReplyProto(c, "*0\r\n");
    else addReplyNull(c);
    return;
  }
  if (checkType(c, e, OBJ_LIST)) return;
  const ql = listOf(e);
  const ep = argPtr(c, 2);
  const el = argLen(c, 2);
  let deferred: i64 = -1;
  const wantArray = count != -1;
  if (wantArray) deferred = addReplyDeferredLen(c);
  const llen = <i64>qlCount(ql);
  let index: i64 = 0, matches: i64 = 0, matchindex: i64 = -1, arraylen: i64 = 0;
  qlIterAtIdx(ql, forward, forward ? 0 : -1);
  while ((maxlen == 0 || index < maxlen) && qlNext()) {
    if (lpEqual(qlEntryP, ep, el)) {
      matches++;
      matchindex = forward ? index : llen - index - 1;
      if (matches >= rank) {
        if (wantArray) {
          arraylen++;
          addReplyLongLong(c, matchindex);
          if (count != 0 && matches - rank + 1 >= count) break;
        } else {
          break;
        }
      }
    }
    index++;
    matchindex = -1;
  }
  qlIterRelease();
  if (wantArray) {
    setDeferredArrayLen(c, deferred, arraylen);
  } else if (matchindex != -1) {
    addReplyLongLong(c, matchindex);
  } else {
    addReplyNull(c);
  }
}

/** LREM key count element */
export function lremCommand(c: Client): void {
  if (!getLongLongOrReply(c, 2)) return;
  let toremove = argInt;
  const e = lookupKeyWrite(c.db, argPtr(c, 1), argLen(c, 1));
  const h = lastHash;
  if (e == 0) {
    addReplyProto(c, ":0\r\n");
    return;
  }
  if (checkType(c, e, OBJ_LIST)) return;
  const ql = listOf(e);
  const ep = argPtr(c, 3);
  const el = argLen(c, 3);
  let removed: i64 = 0;
  if (toremove < 0) {
    toremove = 0 - toremove;
    qlIterAtIdx(ql, false, -1);
  } else {
    qlIterAtIdx(ql, true, 0);
  }
  while (qlNext()) {
    if (lpEqual(qlEntryP, ep, el)) {
      qlDelEntry();
      removed++;
      if (toremove != 0 && removed == toremove) break;
    }
  }
  qlIterRelease();
  addDirty(<u64>removed);
  if (removed != 0) notifyKeyspaceEvent(NOTIFY_LIST, "lrem", argPtr(c, 1), argLen(c, 1), c.dbIndex);
  deleteIfEmpty(c, e, h);
  addReplyLongLong(c, removed);
}

// ---- LMOVE RPOPLPUSH ---------------------------------------------------------------------------

/**
 * Pops the element at `fromHead` of src (entry se, hash sh) and pushes it at `toHead` of
 * the list under (dp, dl) (entry de, 0 = create it at hash dh), replying the element; the
 * source key goes if it became empty (Redis: listTypePop + lmoveHandlePush + cleanup).
 */
function moveElement(c: Client, se: usize, sh: u32, dp: usize, dl: u32, de: usize, dh: u32,
                     fromHead: bool, toHead: bool): void {
  const src = listOf(se);
  saveElement(qlPeek(src, fromHead));
  qlPopDiscard(src, fromHead);
  if (de == 0) de = listCreate(c, dp, dl, dh);
  qlPush(listOf(de), valBuf, valLen, toHead);
  notifyKeyspaceEvent(NOTIFY_LIST, toHead ? "lpush" : "rpush", dp, dl, c.dbIndex);
  addReplyBulk(c, valBuf, valLen);
  releaseSavedElement();
  notifyPop(c, se, fromHead);
  // se == de when moving within one list: it cannot be empty then.
  deleteIfEmpty(c, se, sh);
}

/** LMOVE / RPOPLPUSH / the immediate path of BLMOVE / BRPOPLPUSH (Redis: lmoveGenericCommand). */
function lmoveGeneric(c: Client, fromHead: bool, toHead: bool, blockingForm: i32): void {
  const sp = argPtr(c, 1);
  const sl = argLen(c, 1);
  const se = lookupKeyWrite(c.db, sp, sl);
  const sh = lastHash;
  if (se == 0) {
    addReplyNull(c);
    return;
  }
  if (checkType(c, se, OBJ_LIST)) return;
  const dp = argPtr(c, 2);
  const dl = argLen(c, 2);
  const de = lookupKeyWrite(c.db, dp, dl);
  const dh = lastHash;
  if (checkType(c, de, OBJ_LIST)) return;
  moveElement(c, se, sh, dp, dl, de, dh, fromHead, toHead);
  addDirty(1);
  // BLMOVE / BRPOPLPUSH served at once are propagated as LMOVE / RPOPLPUSH.
  if (blockingForm != 0 && propagationEnabled) {
    if (blockingForm == 1) {
      propagateBegin(c.dbIndex, 5);
      propagateArgStr("LMOVE");
      for (let i = 1; i <= 4; i++) propagateArg(argPtr(c, i), argLen(c, i));
    } else {
      propagateBegin(c.dbIndex, 3);
      propagateArgStr("RPOPLPUSH");
      propagateArg(sp, sl);
      propagateArg(dp, dl);
    }
    propagateEnd();
    preventDefaultPropagation();
  }
}

/** LMOVE source destination LEFT|RIGHT LEFT|RIGHT */
export function lmoveCommand(c: Client): void {
  const from = listPositionOrReply(c, 3);
  if (from < 0) return;
  const to = listPositionOrReply(c, 4);
  if (to < 0) return;
  lmoveGeneric(c, from == 1, to == 1, 0);
}

/** RPOPLPUSH source destination */
export function rpoplpushCommand(c: Client): void {
  lmoveGeneric(c, LIST_TAIL, LIST_HEAD, 0);
}

// ---- blocking commands --------------------------------------------------------------------------

/**
 * BLPOP / BRPOP / BLMPOP (Redis: blockingPopGenericCommand): the first non-empty key is
 * served like LPOP/RPOP (count < 0) or LMPOP (count >= 1); otherwise the client blocks.
 */
function blockingPopGeneric(c: Client, first: i32, numkeys: i32, head: bool, timeoutIdx: i32, count: i64): void {
  if (!getTimeoutOrReply(c, timeoutIdx)) return;
  const timeout = parsedTimeout;
  for (let j = 0; j < numkeys; j++) {
    const a = first + j;
    const kp = argPtr(c, a);
    const kl = argLen(c, a);
    const e = lookupKeyWrite(c.db, kp, kl);
    const h = lastHash;
    if (e == 0) continue;
    if (checkType(c, e, OBJ_LIST)) return;
    if (count >= 1) {
      popRangeWithKey(c, e, h, a, head, count);
      return;
    }
    const ql = listOf(e);
    addReplyArrayLen(c, 2);
    addReplyBulk(c, kp, kl);
    addReplyListElement(c, qlPeek(ql, head));
    qlPopDiscard(ql, head);
    notifyPop(c, e, head);
    deleteIfEmpty(c, e, h);
    addDirty(1);
    if (propagationEnabled) {
      propagatePop(c, head, kp, kl, -1);
      preventDefaultPropagation();
    }
    return;
  }
  // Not allowed to block (MULTI, scripts): answer as a timeout would, even with timeout 0.
  if (clientDenyBlocking(c)) {
    addReplyNullArray(c);
    return;
  }
  blockForKeys(c, first, numkeys, 1, timeout);
}

/** BLPOP key [key ...] timeout */
export function blpopCommand(c: Client): void {
  blockingPopGeneric(c, 1, c.argc - 2, LIST_HEAD, c.argc - 1, -1);
}

/** BRPOP key [key ...] timeout */
export function brpopCommand(c: Client): void {
  blockingPopGeneric(c, 1, c.argc - 2, LIST_TAIL, c.argc - 1, -1);
}

/** BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count] */
export function blmpopCommand(c: Client): void {
  if (!parseMpopOrReply(c, 2)) return;
  blockingPopGeneric(c, 3, mpopNumKeys, mpopHead, 1, mpopCount);
}

/** BLMOVE / BRPOPLPUSH after their own parsing (Redis: blmoveGenericCommand). */
function blmoveGeneric(c: Client, fromHead: bool, toHead: bool, timeout: i64, form: i32): void {
  const e = lookupKeyWrite(c.db, argPtr(c, 1), argLen(c, 1));
  if (checkType(c, e, OBJ_LIST)) return;
  if (e == 0) {
    if (clientDenyBlocking(c)) {
      addReplyNull(c); // Redis answers a null bulk here, unlike a real timeout
      return;
    }
    blockForKeys(c, 1, 1, 1, timeout);
    return;
  }
  lmoveGeneric(c, fromHead, toHead, form);
}

/** BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout */
export function blmoveCommand(c: Client): void {
  const from = listPositionOrReply(c, 3);
  if (from < 0) return;
  const to = listPositionOrReply(c, 4);
  if (to < 0) return;
  if (!getTimeoutOrReply(c, 5)) return;
  blmoveGeneric(c, from == 1, to == 1, parsedTimeout, 1);
}

/** BRPOPLPUSH source destination timeout */
export function brpoplpushCommand(c: Client): void {
  if (!getTimeoutOrReply(c, 3)) return;
  blmoveGeneric(c, LIST_TAIL, LIST_HEAD, parsedTimeout, 2);
}

// ---- serving blocked clients (registered with registerBlockingServe) ---------------------------

/**
 * The list under ready key (kp, kl) of c's db if it can serve a list waiter (it exists and
 * is a list: keys never hold empty lists), else 0. Its hash is left in serveHash.
 */
let serveHash: u32 = 0;
function readyList(c: Client, kp: usize, kl: u32): usize {
  const e = lookupKeyWrite(c.db, kp, kl);
  serveHash = lastHash;
  if (e == 0 || entryType(e) != OBJ_LIST) return 0;
  if (qlCount(listOf(e)) == 0) return 0;
  return e;
}

/** BLPOP / BRPOP served from a ready key: [key, element], propagated as LPOP/RPOP key. */
export function blpopServe(c: Client, kp: usize, kl: u32): i32 {
  const e = readyList(c, kp, kl);
  if (e == 0) return SERVE_SKIP;
  const h = serveHash;
  const head = c.lastCmd == CMD_BLPOP;
  propagatePop(c, head, kp, kl, -1);
  const ql = listOf(e);
  addReplyArrayLen(c, 2);
  addReplyBulk(c, kp, kl);
  addReplyListElement(c, qlPeek(ql, head));
  qlPopDiscard(ql, head);
  notifyPop(c, e, head);
  deleteIfEmpty(c, e, h);
  return SERVE_DONE;
}

/** BLMPOP served from a ready key: [key, [elements]], propagated as LPOP/RPOP key n. */
export function blmpopServe(c: Client, kp: usize, kl: u32): i32 {
  const e = readyList(c, kp, kl);
  if (e == 0) return SERVE_SKIP;
  const h = serveHash;
  // The options are still in argv; they were validated when the client blocked.
  parseMpopQuiet(c);
  const ql = listOf(e);
  const llen = <i64>qlCount(ql);
  propagatePop(c, mpopHead, kp, kl, mpopCount > llen ? llen : mpopCount);
  addReplyArrayLen(c, 2);
  addReplyBulk(c, kp, kl);
  const n = popRangeReply(c, ql, mpopHead, mpopCount);
  notifyPop(c, e, mpopHead);
  deleteIfEmpty(c, e, h);
  addDirty(<u64>n);
  return SERVE_DONE;
}

/** Re-reads BLMPOP's direction and count from argv (already validated). */
function parseMpopQuiet(c: Client): void {
  string2ll(argPtr(c, 2), <i32>argLen(c, 2));
  const whereIdx = 3 + <i32>parsedLL;
  mpopHead = argIs(c, whereIdx, "left");
  mpopCount = 1;
  if (whereIdx + 2 < c.argc && string2ll(argPtr(c, whereIdx + 2), <i32>argLen(c, whereIdx + 2))) {
    mpopCount = parsedLL;
  }
}

/**
 * BLMOVE / BRPOPLPUSH served from a ready source: pushes to the destination (created if
 * needed) and replies the element; a destination of another type gets WRONGTYPE and ends
 * the wait without popping, as in Redis 7.0. Propagated as LMOVE src dst LEFT|RIGHT
 * LEFT|RIGHT or RPOPLPUSH src dst.
 */
export function blmoveServe(c: Client, kp: usize, kl: u32): i32 {
  const se = readyList(c, kp, kl);
  if (se == 0) return SERVE_SKIP;
  const sh = serveHash;
  const isBrpoplpush = c.lastCmd == CMD_BRPOPLPUSH;
  const fromHead = isBrpoplpush ? LIST_TAIL : argIs(c, 3, "left");
  const toHead = isBrpoplpush ? LIST_HEAD : argIs(c, 4, "left");
  const dp = argPtr(c, 2);
  const dl = argLen(c, 2);
  const de = lookupKeyWrite(c.db, dp, dl);
  const dh = lastHash;
  if (checkType(c, de, OBJ_LIST)) return SERVE_DONE;
  moveElement(c, se, sh, dp, dl, de, dh, fromHead, toHead);
  if (propagationEnabled) {
    if (isBrpoplpush) {
      propagateBegin(c.dbIndex, 3);
      propagateArgStr("RPOPLPUSH");
      propagateArg(kp, kl);
      propagateArg(dp, dl);
    } else {
      propagateBegin(c.dbIndex, 5);
      propagateArgStr("LMOVE");
      propagateArg(kp, kl);
      propagateArg(dp, dl);
      propagateArgStr(fromHead ? "left" : "right"); // Redis's shared.left / shared.right
      propagateArgStr(toHead ? "left" : "right");
    }
    propagateEnd();
  }
  return SERVE_DONE;
}
