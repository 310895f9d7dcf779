// zset.ts — the sorted set type (Redis: t_zset.c, and the zset parts of object.c and db.c).
//
// Two encodings, converted exactly when Redis 7.0.15 converts them (OBJECT ENCODING shows it):
//
//   listpack   small sets: one ds/listpack.ts block of (member, score) entry pairs sorted by
//              score then member bytes. A score is stored as a listpack integer when it is
//              integral and within +-2^62 (double2ll), otherwise as its d2string text ("%.17g",
//              "inf"), and read back with strtod: Redis's zzl* format exactly, so an RDB or
//              DUMP payload can carry the block verbatim. A 10-member set of short members is
//              a single ~80-byte block, the whole reason small zsets are cheap.
//   skiplist   once a set would exceed zset-max-listpack-entries members, or a member is longer
//              than zset-max-listpack-value bytes: ds/skiplist.ts (skiplist + member dict over
//              the same nodes) for O(log n) ranks and ranges and O(1) ZSCORE.
//
// Conversions follow t_zset.c: ZADD decides the encoding of a new key from its *first* member
// and converts a listpack before an insert that would cross a limit (zsetAdd); ZRANGESTORE
// builds its result as a listpack and lets zsetAdd convert it; ZUNIONSTORE / ZINTERSTORE /
// ZDIFFSTORE build a skiplist and convert it to a listpack at the end when the result fits
// (zsetConvertToListpackIfNeeded). A skiplist never converts back otherwise.
//
// The type layer (zsetLength, zsetScore, zsetAdd, zsetDel, zsetRank, zsetConvert) works on the
// key's entry and hides the encoding; every listpack mutation stores the moved block back
// with setEntryVal. Commands mirror Redis's functions one by one (zaddGenericCommand,
// zrangeGenericCommand with its client / store result handlers, zunionInterDiffGenericCommand,
// genericZpopCommand ...), because the order of checks decides which error a bad call gets
// and which lookups count keyspace hits. Ranges are parsed into the skiplist module's range
// globals straight from the argument bytes, so no command allocates to run a range.
//
// Replies: scores go through addReplyDouble ("%.17g", RESP3 doubles); WITHSCORES pairs are a
// flat array in RESP2 and nested [member, score] arrays in RESP3, as Redis 7.0 does. ZSCAN
// returns a listpack whole (cursor 0) with scores as stored, and walks the member dict of a
// skiplist with Redis's reverse-binary cursor, scores formatted "%.17g".
//
// Blocking pops (BZPOPMIN, BZPOPMAX, BZMPOP) serve an existing key at once and otherwise
// block through db/blocking.ts; a blocked client is served by bzpopServe / bzmpopServe when
// a zset appears under one of its keys, with the same reply shapes.
//
// Propagation: everything is propagated as received, except ZMPOP and the blocking pops,
// which Redis 7.0 rewrites as ZPOPMIN/ZPOPMAX key [count].

import { argLen, argPtr, Client } from "../client";
import { addReplyArrayLen, addReplyBulk, addReplyDeferredLen, addReplyDouble, addReplyError, addReplyLongLong,
  addReplyNull, addReplyNullArray, addReplyProto, errBegin, errBytes, errEnd, errStr, setDeferredArrayLen } from "../resp/reply";
import { ERR_GT_LT_NX, ERR_LIMIT_NEGATIVE, ERR_NOT_FLOAT, ERR_NOT_INTEGER, ERR_NUMKEYS_POSITIVE, ERR_POSITIVE,
  ERR_RANGE_LONG_SYMMETRIC, ERR_SYNTAX, ERR_WRONGTYPE, ERR_ZADD_INCR_PAIR, ERR_ZADD_NAN, ERR_ZADD_XX_NX,
  ERR_ZCOUNT_POSITIVE, ERR_ZRANGE_LIMIT, ERR_ZRANGE_WITHSCORES_BYLEX, ERR_ZRANGE_NOT_FLOAT, ERR_ZRANGE_NOT_STRING,
  ERR_ZRANDMEMBER_RANGE, ERR_ZWEIGHT_NOT_FLOAT } from "../resp/errors";
import { addDirty, dbAddEntry, dbDeleteEntry, lastHash, lookupKeyRead, lookupKeyWrite, lruClock } from "../db/db";
import { ENC_INTSET, ENC_LISTPACK, ENC_SKIPLIST, entryEncoding, entryFree, entryNew, entryType, entryVal, OBJ_SET,
  OBJ_ZSET, setEntryEncoding, setEntryVal } from "../db/object";
import { argIs, checkType } from "./common";
import { parseScanCursorOrReply, parsedCursor, parseScanOptionsOrReply, scanOptCount, scanOptPat, scanOptPatLen, scanOptUsePattern } from "./keyspace";
import { commandNameLen, commandNamePtr } from "../commands/lookup";
import { zsetMaxListpackEntries, zsetMaxListpackValue } from "../config";
import { Dict, dictBucketHead, dictFind, dictNodeNext, dictFairRandomNode, dictScan, dictScanReset, dictSize,
  dictTableSize, nodeKeyLen, nodeKeyPtr, scanOut, scanOutCount } from "../ds/dict";
import { lpAppend, lpAppendInt, lpBytes, lpDeleteRange, lpDeleteRangeWithEntry, lpDup, lpEqual, lpFind, lpFirst,
  lpFree, lpGet, lpGetBytes, lpInsert, lpInsertInt, lpInt, lpLastDeleteNext, lpLastInsert, lpLength, lpNew, lpNext,
  lpPrev, lpRandomPair, lpRandomPairs, lpRandomPairsUnique, lpSeek, lpStrLen, lpStrPtr } from "../ds/listpack";
import { intsetFind, intsetGet, intsetLen } from "../ds/intset";
import { bytesCompare, ZSet, zsetAddPending, zsetCreate, zsetDeleteNode, zsetDup, zsetFind, zsetFree,
  zsetInsertNew, zsetLinkPending, zsetRemove, zsetSetPendingScore, zsetShrinkIfNeeded, zslDeleteRangeByLex,
  zslDeleteRangeByRank, zslDeleteRangeByScore, zslFirst, zslFirstInLexRange, zslFirstInRange, zslGetElementByRank,
  zslLastInLexRange, zslLastInRange, zslLexRangeIsEmpty, zslLexValueGteMin, zslLexValueLteMax, zslNext,
  zslNodeBackward, zslNodeKeyLen, zslNodeKeyPtr, zslNodeRank, zslNodeScore, zslParseLexRange, zslParseRange,
  zslRangeIsEmpty, zslUpdateScore, zslValueGteMin, zslValueLteMax } from "../ds/skiplist";
import { d2string, double2ll, fmtG17, ll2string, parsedDouble, parsedLL, string2d, string2ll, strtodPrefix,
  ull2string } from "../util/number";
import { hashBytes, randomBelow } from "../util/hash";
import { stringmatchlen } from "../util/glob";
import { zfree, zmalloc } from "../mem/alloc";
import { propagateArg, propagateArgInt, propagateArgStr, propagateBegin, propagateEnd,
  propagationEnabled } from "../db/effects";
import { preventDefaultPropagation } from "../server";
import { blockForKeys, clientDenyBlocking, getTimeoutOrReply, parsedTimeout, SERVE_DONE, SERVE_SKIP } from "../db/blocking";
import { CMD_BZPOPMAX } from "../commands/table.gen";
import { CMD_ZINTERSTORE, CMD_ZUNIONSTORE } from "../commands/table.gen";
import { notifyKeyspaceEvent, NOTIFY_GENERIC, NOTIFY_ZSET, setOverwriting } from "../db/notify";
import { entryKeyLen, entryKeyPtr } from "../db/object";

// Scratch buffers, one per role so that nested uses never clobber each other.
const CMP_BUF: usize = memory.data(32); // integer members formatted for a comparison
const ITER_BUF: usize = memory.data(32); // integer members of the source being iterated
const CONV_BUF: usize = memory.data(32); // integer members during an encoding conversion
const SCORE_BUF: usize = memory.data(64); // d2string of a score written into a listpack
const NUM_BUF: usize = memory.data(64); // numbers in replies (ZSCAN cursor and scores)
const POP_BUF: usize = memory.data(32); // the member being popped / replied

/** Redis LISTPACK_MAX_SAFETY_SIZE: a listpack is never grown past 1 GB. */
const LISTPACK_MAX_SAFETY_SIZE: u64 = 1 << 30;

// =====================================================================================
// Listpack encoding (Redis: the zzl* functions)
// =====================================================================================

/** Score of a listpack score entry (Redis: zzlGetScore; strings through strtod, like zzlStrtod). */
export function zzlGetScore(sptr: usize): f64 {
  if (lpGet(sptr)) {
    strtodPrefix(lpStrPtr, lpStrLen > 127 ? 127 : <i32>lpStrLen);
    return parsedDouble;
  }
  return <f64>lpInt;
}

/** sdscmp of a listpack element with (cp, cl) (Redis: zzlCompareElements). */
function zzlCompareElements(eptr: usize, cp: usize, cl: u32): i32 {
  lpGetBytes(eptr, CMP_BUF);
  return bytesCompare(lpStrPtr, lpStrLen, cp, cl);
}

// Iteration position over (element, score) pairs: zE the element, zS its score.
let zE: usize = 0;
let zS: usize = 0;

@inline function zzlNext(lp: usize): void {
  zE = lpNext(lp, zS);
  zS = zE != 0 ? lpNext(lp, zE) : 0;
}

@inline function zzlPrev(lp: usize): void {
  zS = lpPrev(lp, zE);
  zE = zS != 0 ? lpPrev(lp, zS) : 0;
}

/** Score found by the last successful zzlFind. */
let zzlFoundScore: f64 = 0;

/** The element entry of member (kp, kl), or 0 (Redis: zzlFind). */
function zzlFind(lp: usize, kp: usize, kl: u32): usize {
  const first = lpFirst(lp);
  if (first == 0) return 0;
  const e = lpFind(lp, first, kp, kl, 1);
  if (e != 0) zzlFoundScore = zzlGetScore(lpNext(lp, e));
  return e;
}

/** Inserts (member, score) before element eptr, or appends when eptr is 0 (Redis: zzlInsertAt). */
function zzlInsertAt(lp: usize, eptr: usize, kp: usize, kl: u32, score: f64): usize {
  const isLong = double2ll(score);
  const lv = parsedLL;
  let sl: u32 = 0;
  if (!isLong) sl = <u32>d2string(SCORE_BUF, score);
  if (eptr == 0) {
    lp = lpAppend(lp, kp, kl);
    return isLong ? lpAppendInt(lp, lv) : lpAppend(lp, SCORE_BUF, sl);
  }
  lp = lpInsert(lp, eptr, kp, kl, false);
  const sp = lpLastInsert;
  return isLong ? lpInsertInt(lp, sp, lv, true) : lpInsert(lp, sp, SCORE_BUF, sl, true);
}

/** Inserts a member known to be absent at its sorted place (Redis: zzlInsert). */
function zzlInsert(lp: usize, kp: usize, kl: u32, score: f64): usize {
  let eptr = lpFirst(lp);
  while (eptr != 0) {
    const sptr = lpNext(lp, eptr);
    const s = zzlGetScore(sptr);
    if (s > score) return zzlInsertAt(lp, eptr, kp, kl, score);
    if (s == score && zzlCompareElements(eptr, kp, kl) > 0) return zzlInsertAt(lp, eptr, kp, kl, score);
    eptr = lpNext(lp, sptr);
  }
  return zzlInsertAt(lp, 0, kp, kl, score);
}

function zzlIsInRange(lp: usize): bool {
  if (zslRangeIsEmpty()) return false;
  let p = lpSeek(lp, -1);
  if (p == 0) return false;
  if (!zslValueGteMin(zzlGetScore(p))) return false;
  p = lpSeek(lp, 1);
  return zslValueLteMax(zzlGetScore(p));
}

/** First element in the score range, or 0 (Redis: zzlFirstInRange). */
export function zzlFirstInRange(lp: usize): usize {
  if (!zzlIsInRange(lp)) return 0;
  let e = lpFirst(lp);
  while (e != 0) {
    const s = lpNext(lp, e);
    const score = zzlGetScore(s);
    if (zslValueGteMin(score)) return zslValueLteMax(score) ? e : 0;
    e = lpNext(lp, s);
  }
  return 0;
}

/** Last element in the score range, or 0 (Redis: zzlLastInRange). */
function zzlLastInRange(lp: usize): usize {
  if (!zzlIsInRange(lp)) return 0;
  let e = lpSeek(lp, -2);
  while (e != 0) {
    const score = zzlGetScore(lpNext(lp, e));
    if (zslValueLteMax(score)) return zslValueGteMin(score) ? e : 0;
    const ps = lpPrev(lp, e);
    e = ps != 0 ? lpPrev(lp, ps) : 0;
  }
  return 0;
}

@inline function zzlLexValueGteMin(p: usize): bool {
  lpGetBytes(p, CMP_BUF);
  return zslLexValueGteMin(lpStrPtr, lpStrLen);
}

@inline function zzlLexValueLteMax(p: usize): bool {
  lpGetBytes(p, CMP_BUF);
  return zslLexValueLteMax(lpStrPtr, lpStrLen);
}

function zzlIsInLexRange(lp: usize): bool {
  if (zslLexRangeIsEmpty()) return false;
  let p = lpSeek(lp, -2);
  if (p == 0) return false;
  if (!zzlLexValueGteMin(p)) return false;
  p = lpSeek(lp, 0);
  return zzlLexValueLteMax(p);
}

/** First element in the lex range, or 0 (Redis: zzlFirstInLexRange). */
function zzlFirstInLexRange(lp: usize): usize {
  if (!zzlIsInLexRange(lp)) return 0;
  let e = lpFirst(lp);
  while (e != 0) {
    if (zzlLexValueGteMin(e)) return zzlLexValueLteMax(e) ? e : 0;
    e = lpNext(lp, lpNext(lp, e));
  }
  return 0;
}

/** Last element in the lex range, or 0 (Redis: zzlLastInLexRange). */
function zzlLastInLexRange(lp: usize): usize {
  if (!zzlIsInLexRange(lp)) return 0;
  let e = lpSeek(lp, -2);
  while (e != 0) {
    if (zzlLexValueLteMax(e)) return zzlLexValueGteMin(e) ? e : 0;
    const ps = lpPrev(lp, e);
    e = ps != 0 ? lpPrev(lp, ps) : 0;
  }
  return 0;
}

/** Members removed by the last zzlDeleteRange* call. */
let zzlDeleted: u64 = 0;

function zzlDeleteRangeByScore(lp: usize): usize {
  zzlDeleted = 0;
  let e = zzlFirstInRange(lp);
  while (e != 0) {
    const s = lpNext(lp, e);
    if (s == 0 || !zslValueLteMax(zzlGetScore(s))) break;
    lp = lpDeleteRangeWithEntry(lp, e, 2);
    e = lpLastDeleteNext;
    zzlDeleted++;
  }
  return lp;
}

function zzlDeleteRangeByLex(lp: usize): usize {
  zzlDeleted = 0;
  let e = zzlFirstInLexRange(lp);
  while (e != 0) {
    if (lpNext(lp, e) == 0 || !zzlLexValueLteMax(e)) break;
    lp = lpDeleteRangeWithEntry(lp, e, 2);
    e = lpLastDeleteNext;
    zzlDeleted++;
  }
  return lp;
}

/** Deletes ranks start..end (1-based, inclusive) (Redis: zzlDeleteRangeByRank). */
function zzlDeleteRangeByRank(lp: usize, start: i64, end: i64): usize {
  const num = end - start + 1;
  zzlDeleted = <u64>num;
  return lpDeleteRange(lp, 2 * (start - 1), 2 * num);
}

// =====================================================================================
// The type: a zset entry in either encoding (Redis: the "common sorted set API")
// =====================================================================================

@inline export function zLp(e: usize): usize { return <usize>entryVal(e); }
@inline export function zZs(e: usize): ZSet { return changetype<ZSet>(<usize>entryVal(e)); }
@inline function isListpack(e: usize): bool { return entryEncoding(e) == ENC_LISTPACK; }

/** Number of members (Redis: zsetLength). */
export function zsetLength(e: usize): i64 {
  if (isListpack(e)) return <i64>(lpLength(zLp(e)) >> 1);
  return <i64>zZs(e).length;
}

/** Converts the value of entry e to `enc` (Redis: zsetConvert). */
export function zsetConvert(e: usize, enc: u8): void {
  if (entryEncoding(e) == enc) return;
  if (enc == ENC_SKIPLIST) {
    const lp = zLp(e);
    const zs = zsetCreate();
    let p = lpFirst(lp);
    while (p != 0) {
      const s = lpNext(lp, p);
      const score = zzlGetScore(s);
      lpGetBytes(p, CONV_BUF);
      zsetInsertNew(zs, score, lpStrPtr, lpStrLen);
      p = lpNext(lp, s);
    }
    lpFree(lp);
    setEntryVal(e, changetype<u32>(zs));
    setEntryEncoding(e, ENC_SKIPLIST);
  } else {
    const zs = zZs(e);
    let lp = lpNew();
    for (let x = zslFirst(zs); x != 0; x = zslNext(x)) {
      lp = zzlInsertAt(lp, 0, zslNodeKeyPtr(x), zslNodeKeyLen(x), zslNodeScore(x));
    }
    zsetFree(zs);
    setEntryVal(e, <u32>lp);
    setEntryEncoding(e, ENC_LISTPACK);
  }
}

/**
 * Converts a skiplist result to a listpack when it fits (Redis: zsetConvertToListpackIfNeeded,
 * used by the *STORE commands).
 */
function zsetConvertToListpackIfNeeded(e: usize, maxlen: u64, totlen: u64): void {
  if (isListpack(e)) return;
  if (<i64>zZs(e).length <= zsetMaxListpackEntries && <i64>maxlen <= zsetMaxListpackValue &&
      totlen <= LISTPACK_MAX_SAFETY_SIZE) {
    zsetConvert(e, ENC_LISTPACK);
  }
}

/** Score found by the last successful zsetScore. */
export let zsetScoreOut: f64 = 0;

/** Looks up member (kp, kl); true with its score in zsetScoreOut (Redis: zsetScore). */
export function zsetScore(e: usize, kp: usize, kl: u32): bool {
  if (isListpack(e)) {
    if (zzlFind(zLp(e), kp, kl) == 0) return false;
    zsetScoreOut = zzlFoundScore;
    return true;
  }
  const x = zsetFind(zZs(e), kp, kl);
  if (x == 0) return false;
  zsetScoreOut = zslNodeScore(x);
  return true;
}

// zsetAdd input flags (Redis: ZADD_IN_*) and output flags (ZADD_OUT_*).
const ZADD_IN_INCR: i32 = 1;
export const ZADD_IN_NX: i32 = 2;
export const ZADD_IN_XX: i32 = 4;
const ZADD_IN_GT: i32 = 8;
const ZADD_IN_LT: i32 = 16;
const ZADD_OUT_NOP: i32 = 1;
const ZADD_OUT_NAN: i32 = 2;
export const ZADD_OUT_ADDED: i32 = 4;
export const ZADD_OUT_UPDATED: i32 = 8;

/** Results of the last zsetAdd: ZADD_OUT_* flags and the member's new score. */
export let zaddOut: i32 = 0;
let zaddNewScore: f64 = 0;

/**
 * Adds a member or updates its score in either encoding (Redis: zsetAdd). Returns false only
 * for a NaN score or increment result (zaddOut = ZADD_OUT_NAN). May convert a listpack.
 */
export function zsetAdd(e: usize, score: f64, kp: usize, kl: u32, flags: i32): bool {
  const incr = (flags & ZADD_IN_INCR) != 0;
  const nx = (flags & ZADD_IN_NX) != 0;
  const xx = (flags & ZADD_IN_XX) != 0;
  const gt = (flags & ZADD_IN_GT) != 0;
  const lt = (flags & ZADD_IN_LT) != 0;
  zaddOut = 0;
  if (score != score) {
    zaddOut = ZADD_OUT_NAN;
    return false;
  }
  if (isListpack(e)) {
    const lp = zLp(e);
    const eptr = zzlFind(lp, kp, kl);
    if (eptr != 0) {
      const cur = zzlFoundScore;
      if (nx) {
        zaddOut |= ZADD_OUT_NOP;
        return true;
      }
      if (incr) {
        score += cur;
        if (score != score) {
          zaddOut |= ZADD_OUT_NAN;
          return false;
        }
      }
      if ((lt && score >= cur) || (gt && score <= cur)) {
        zaddOut |= ZADD_OUT_NOP;
        return true;
      }
      zaddNewScore = score;
      if (score != cur) {
        let nlp = lpDeleteRangeWithEntry(lp, eptr, 2);
        nlp = zzlInsert(nlp, kp, kl, score);
        setEntryVal(e, <u32>nlp);
        zaddOut |= ZADD_OUT_UPDATED;
      }
      return true;
    } else if (!xx) {
      if (<i64>(lpLength(lp) >> 1) + 1 > zsetMaxListpackEntries || <i64>kl > zsetMaxListpackValue ||
          <u64>lpBytes(lp) + <u64>kl > LISTPACK_MAX_SAFETY_SIZE) {
        zsetConvert(e, ENC_SKIPLIST);
      } else {
        setEntryVal(e, <u32>zzlInsert(lp, kp, kl, score));
        zaddNewScore = score;
        zaddOut |= ZADD_OUT_ADDED;
        return true;
      }
    } else {
      zaddOut |= ZADD_OUT_NOP;
      return true;
    }
  }
  // Skiplist (possibly just converted above).
  const zs = zZs(e);
  const x = zsetFind(zs, kp, kl);
  if (x != 0) {
    if (nx) {
      zaddOut |= ZADD_OUT_NOP;
      return true;
    }
    const cur = zslNodeScore(x);
    if (incr) {
      score += cur;
      if (score != score) {
        zaddOut |= ZADD_OUT_NAN;
        return false;
      }
    }
    if ((lt && score >= cur) || (gt && score <= cur)) {
      zaddOut |= ZADD_OUT_NOP;
      return true;
    }
    zaddNewScore = score;
    if (score != cur) {
      zslUpdateScore(zs, x, score);
      zaddOut |= ZADD_OUT_UPDATED;
    }
    return true;
  } else if (!xx) {
    zsetInsertNew(zs, score, kp, kl);
    zaddOut |= ZADD_OUT_ADDED;
    zaddNewScore = score;
    return true;
  }
  zaddOut |= ZADD_OUT_NOP;
  return true;
}

/** Removes member (kp, kl); true if it was there (Redis: zsetDel). */
function zsetDel(e: usize, kp: usize, kl: u32): bool {
  if (isListpack(e)) {
    const lp = zLp(e);
    const eptr = zzlFind(lp, kp, kl);
    if (eptr == 0) return false;
    setEntryVal(e, <u32>lpDeleteRangeWithEntry(lp, eptr, 2));
    return true;
  }
  const zs = zZs(e);
  if (!zsetRemove(zs, kp, kl)) return false;
  zsetShrinkIfNeeded(zs);
  return true;
}

/** 0-based rank of a member, -1 if absent (Redis: zsetRank). */
function zsetRank(e: usize, kp: usize, kl: u32, reverse: bool): i64 {
  const llen = zsetLength(e);
  if (isListpack(e)) {
    const lp = zLp(e);
    let rank: i64 = 1;
    let p = lpFirst(lp);
    while (p != 0) {
      if (lpEqual(p, kp, kl)) break;
      rank++;
      p = lpNext(lp, lpNext(lp, p));
    }
    if (p == 0) return -1;
    return reverse ? llen - rank : rank - 1;
  }
  const zs = zZs(e);
  const x = zsetFind(zs, kp, kl);
  if (x == 0) return -1;
  const rank = <i64>zslNodeRank(zs, x);
  return reverse ? llen - rank : rank - 1;
}

/**
 * A new, empty zset entry for key (kp, kl) in the encoding ZADD picks from its first member's
 * length (Redis: createZsetObject / createZsetListpackObject in zaddGenericCommand), or
 * always a listpack (ZRANGESTORE's createZsetListpackObject).
 */
export function zsetCreateEntry(kp: usize, kl: u32, firstLen: u32, forceListpack: bool): usize {
  const skip = !forceListpack && (zsetMaxListpackEntries == 0 || zsetMaxListpackValue < <i64>firstLen);
  const e = entryNew(kp, kl, OBJ_ZSET, skip ? ENC_SKIPLIST : ENC_LISTPACK, 0, lruClock);
  setEntryVal(e, skip ? changetype<u32>(zsetCreate()) : <u32>lpNew());
  return e;
}

/** Frees a zset value (the entryFree hook). */
export function zsetFreeValue(enc: u8, v: usize): void {
  if (enc == ENC_LISTPACK) lpFree(v);
  else zsetFree(changetype<ZSet>(v));
}

/** A deep copy of a zset value in the same encoding (the entryDup hook; Redis: zsetDup). */
export function zsetDupValue(enc: u8, v: usize): usize {
  if (enc == ENC_LISTPACK) return lpDup(v);
  return changetype<usize>(zsetDup(changetype<ZSet>(v)));
}

/**
 * Stores the detached result entry `res` (named after argv[di]) at that key, replacing what
 * was there and its TTL (Redis: setKey).
 */
export function storeEntry(c: Client, di: i32, res: usize): void {
  const db = c.db;
  const old = lookupKeyWrite(db, argPtr(c, di), argLen(c, di));
  const h = lastHash;
  if (old != 0) {
    dbDeleteEntry(db, old, h);
    setOverwriting(true); // no "new" event (Redis: setKey overwrites)
  }
  dbAddEntry(db, res, h);
}

/** Deletes key argv[di] if it exists; true if it did (an empty result's destination). */
export function deleteKeyArg(c: Client, di: i32): bool {
  const db = c.db;
  const old = lookupKeyWrite(db, argPtr(c, di), argLen(c, di));
  if (old == 0) return false;
  dbDeleteEntry(db, old, lastHash);
  return true;
}

/** Reads argv[i] as a C long (Redis: getLongFromObjectOrReply); the value in argLong. */
let argLong: i64 = 0;
function getLongOrReply(c: Client, i: i32): bool {
  if (!string2ll(argPtr(c, i), <i32>argLen(c, i))) {
    addReplyError(c, ERR_NOT_INTEGER);
    return false;
  }
  argLong = parsedLL;
  return true;
}

// =====================================================================================
// ZADD, ZINCRBY, ZREM, ZREMRANGEBY*
// =====================================================================================

// ZADD's parsed scores (kept between calls, grown on demand).
let scoresBuf: usize = 0;
let scoresCap: i32 = 0;

/** ZADD and ZINCRBY (Redis: zaddGenericCommand). */
function zaddGeneric(c: Client, flags: i32): void {
  let scoreidx = 2;
  let ch = false;
  while (scoreidx < c.argc) {
    if (argIs(c, scoreidx, "nx")) flags |= ZADD_IN_NX;
    else if (argIs(c, scoreidx, "xx")) flags |= ZADD_IN_XX;
    else if (argIs(c, scoreidx, "ch")) ch = true;
    else if (argIs(c, scoreidx, "incr")) flags |= ZADD_IN_INCR;
    else if (argIs(c, scoreidx, "gt")) flags |= ZADD_IN_GT;
    else if (argIs(c, scoreidx, "lt")) flags |= ZADD_IN_LT;
    else break;
    scoreidx++;
  }
  const incr = (flags & ZADD_IN_INCR) != 0;
  const nx = (flags & ZADD_IN_NX) != 0;
  const xx = (flags & ZADD_IN_XX) != 0;
  const gt = (flags & ZADD_IN_GT) != 0;
  const lt = (flags & ZADD_IN_LT) != 0;
  const args = c.argc - scoreidx;
  if ((args & 1) != 0 || args == 0) {
    addReplyError(c, ERR_SYNTAX);
    return;
  }
  const elements = args >> 1;
  if (nx && xx) {
    addReplyError(c, ERR_ZADD_XX_NX);
    return;
  }
  if ((gt && nx) || (lt && nx) || (gt && lt)) {
    addReplyError(c, ERR_GT_LT_NX);
    return;
  }
  if (incr && elements > 1) {
    addReplyError(c, ERR_ZADD_INCR_PAIR);
    return;
  }
  // Every score is parsed before anything changes: the command runs fully or not at all.
  if (elements > scoresCap) {
    zfree(scoresBuf);
    scoresCap = elements < 64 ? 64 : elements;
    scoresBuf = zmalloc(<usize>scoresCap << 3);
  }
  for (let j = 0; j < elements; j++) {
    const i = scoreidx + j * 2;
    if (!string2d(argPtr(c, i), <i32>argLen(c, i))) {
      addReplyError(c, ERR_NOT_FLOAT);
      return;
    }
    store<f64>(scoresBuf + (<usize>j << 3), parsedDouble);
  }
  const db = c.db;
  const kp = argPtr(c, 1);
  const kl = argLen(c, 1);
  let e = lookupKeyWrite(db, kp, kl);
  const h = lastHash;
  if (checkType(c, e, OBJ_ZSET)) return;
  let added: i64 = 0;
  let updated: i64 = 0;
  let processed: i64 = 0;
  let score: f64 = 0;
  if (e != 0 || !xx) {
    if (e == 0) {
      e = zsetCreateEntry(kp, kl, argLen(c, scoreidx + 1), false);
      dbAddEntry(db, e, h);
    }
    for (let j = 0; j < elements; j++) {
      const i = scoreidx + j * 2;
      if (!zsetAdd(e, load<f64>(scoresBuf + (<usize>j << 3)), argPtr(c, i + 1), argLen(c, i + 1), flags)) {
        addReplyError(c, ERR_ZADD_NAN);
        return;
      }
      if ((zaddOut & ZADD_OUT_ADDED) != 0) added++;
      if ((zaddOut & ZADD_OUT_UPDATED) != 0) updated++;
      if ((zaddOut & ZADD_OUT_NOP) == 0) processed++;
      score = zaddNewScore;
    }
    addDirty(<u64>(added + updated));
    if (added + updated != 0) notifyKeyspaceEvent(NOTIFY_ZSET, incr ? "zincr" : "zadd", kp, kl, c.dbIndex);
  }
  if (incr) {
    if (processed != 0) addReplyDouble(c, score);
    else addReplyNull(c);
  } else {
    addReplyLongLong(c, ch ? added + updated : added);
  }
}

export function zaddCommand(c: Client): void {
  zaddGeneric(c, 0);
}

export function zincrbyCommand(c: Client): void {
  zaddGeneric(c, ZADD_IN_INCR);
}

export function zremCommand(c: Client): void {
  const db = c.db;
  const e = lookupKeyWrite(db, argPtr(c, 1), argLen(c, 1));
  const h = lastHash;
  if (e == 0) {
    addReplyProto(c, ":0\r\n");
    return;
  }
  if (checkType(c, e, OBJ_ZSET)) return;
  let deleted: i64 = 0;
  let keyRemoved = false;
  for (let j = 2; j < c.argc; j++) {
    if (zsetDel(e, argPtr(c, j), argLen(c, j))) deleted++;
    if (zsetLength(e) == 0) {
      dbDeleteEntry(db, e, h);
      keyRemoved = true;
      break;
    }
  }
  addDirty(<u64>deleted);
  if (deleted != 0) {
    notifyKeyspaceEvent(NOTIFY_ZSET, "zrem", argPtr(c, 1), argLen(c, 1), c.dbIndex);
    if (keyRemoved) notifyKeyspaceEvent(NOTIFY_GENERIC, "del", argPtr(c, 1), argLen(c, 1), c.dbIndex);
  }
  addReplyLongLong(c, deleted);
}

// Range kinds (Redis: zrange_type) and directions (zrange_direction).
const ZRANGE_AUTO: i32 = 0;
const ZRANGE_RANK: i32 = 1;
const ZRANGE_SCORE: i32 = 2;
const ZRANGE_LEX: i32 = 3;
const DIR_AUTO: i32 = 0;
const DIR_FORWARD: i32 = 1;
const DIR_REVERSE: i32 = 2;

/** ZREMRANGEBYRANK / ZREMRANGEBYSCORE / ZREMRANGEBYLEX (Redis: zremrangeGenericCommand). */
function zremrangeGeneric(c: Client, rangetype: i32): void {
  let start: i64 = 0;
  let end: i64 = 0;
  if (rangetype == ZRANGE_RANK) {
    if (!getLongOrReply(c, 2)) return;
    start = argLong;
    if (!getLongOrReply(c, 3)) return;
    end = argLong;
  } else if (rangetype == ZRANGE_SCORE) {
    if (!zslParseRange(argPtr(c, 2), argLen(c, 2), argPtr(c, 3), argLen(c, 3))) {
      addReplyError(c, ERR_ZRANGE_NOT_FLOAT);
      return;
    }
  } else {
    if (!zslParseLexRange(argPtr(c, 2), argLen(c, 2), argPtr(c, 3), argLen(c, 3))) {
      addReplyError(c, ERR_ZRANGE_NOT_STRING);
      return;
    }
  }
  const db = c.db;
  const e = lookupKeyWrite(db, argPtr(c, 1), argLen(c, 1));
  const h = lastHash;
  if (e == 0) {
    addReplyProto(c, ":0\r\n");
    return;
  }
  if (checkType(c, e, OBJ_ZSET)) return;
  if (rangetype == ZRANGE_RANK) {
    const llen = zsetLength(e);
    if (start < 0) start = llen + start;
    if (end < 0) end = llen + end;
    if (start < 0) start = 0;
    if (start > end || start >= llen) {
      addReplyProto(c, ":0\r\n");
      return;
    }
    if (end >= llen) end = llen - 1;
  }
  let deleted: u64 = 0;
  let empty = false;
  if (isListpack(e)) {
    let lp = zLp(e);
    if (rangetype == ZRANGE_RANK) lp = zzlDeleteRangeByRank(lp, start + 1, end + 1);
    else if (rangetype == ZRANGE_SCORE) lp = zzlDeleteRangeByScore(lp);
    else lp = zzlDeleteRangeByLex(lp);
    setEntryVal(e, <u32>lp);
    deleted = zzlDeleted;
    empty = lpLength(lp) == 0;
  } else {
    const zs = zZs(e);
    if (rangetype == ZRANGE_RANK) deleted = zslDeleteRangeByRank(zs, <u64>start + 1, <u64>end + 1);
    else if (rangetype == ZRANGE_SCORE) deleted = zslDeleteRangeByScore(zs);
    else deleted = zslDeleteRangeByLex(zs);
    zsetShrinkIfNeeded(zs);
    empty = zs.length == 0;
  }
  if (empty) dbDeleteEntry(db, e, h);
  addDirty(deleted);
  if (deleted != 0) {
    notifyKeyspaceEvent(NOTIFY_ZSET, rangetype == ZRANGE_RANK ? "zremrangebyrank" :
      rangetype == ZRANGE_SCORE ? "zremrangebyscore" : "zremrangebylex", argPtr(c, 1), argLen(c, 1), c.dbIndex);
    if (empty) notifyKeyspaceEvent(NOTIFY_GENERIC, "del", argPtr(c, 1), argLen(c, 1), c.dbIndex);
  }
  addReplyLongLong(c, <i64>deleted);
}

export function zremrangebyrankCommand(c: Client): void {
  zremrangeGeneric(c, ZRANGE_RANK);
}

export function zremrangebyscoreCommand(c: Client): void {
  zremrangeGeneric(c, ZRANGE_SCORE);
}

export function zremrangebylexCommand(c: Client): void {
  zremrangeGeneric(c, ZRANGE_LEX);
}

// =====================================================================================
// ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD
// =====================================================================================

// The inputs of the running command (Redis: zsetopsrc), 16 bytes each:
//   +0 value pointer (u32, 0 = missing key), +4 type, +5 encoding, +8 weight (f64).
const SRC_SIZE: usize = 16;
let srcBuf: usize = 0;
let srcCap: i64 = 0;
// Sort keys for ordering the inputs by cardinality ((length << 32) | index each), and room
// to permute the records.
let srcKeys: usize = 0;
let srcTmp: usize = 0;

@inline function srcAt(i: i64): usize { return srcBuf + <usize>i * SRC_SIZE; }
@inline function srcPtr(s: usize): usize { return <usize>load<u32>(s); }
@inline function srcType(s: usize): u8 { return load<u8>(s + 4); }
@inline function srcEnc(s: usize): u8 { return load<u8>(s + 5); }
@inline function srcWeight(s: usize): f64 { return load<f64>(s + 8); }

function ensureSrc(n: i64): void {
  if (n <= srcCap) return;
  let cap = srcCap < 16 ? <i64>16 : srcCap;
  while (cap < n) cap *= 2;
  zfree(srcBuf);
  zfree(srcKeys);
  zfree(srcTmp);
  srcBuf = zmalloc(<usize>cap * SRC_SIZE);
  srcKeys = zmalloc(<usize>cap << 3);
  srcTmp = zmalloc(<usize>cap * SRC_SIZE);
  srcCap = cap;
}

/** Members of an input (Redis: zuiLength). */
function srcLength(s: usize): u64 {
  const v = srcPtr(s);
  if (v == 0) return 0;
  if (srcType(s) == OBJ_SET) {
    return srcEnc(s) == ENC_INTSET ? <u64>intsetLen(v) : dictSize(changetype<Dict>(v));
  }
  return srcEnc(s) == ENC_LISTPACK ? <u64>(lpLength(v) >> 1) : <u64>changetype<ZSet>(v).length;
}

/**
 * Sorts inputs [from, n) by cardinality, ascending or descending, keeping the given order
 * among equal cardinalities (glibc's qsort is a merge sort, hence stable: it decides which
 * input ZINTER walks and the order in which scores are aggregated).
 */
function sortSources(from: i64, n: i64, descending: bool): void {
  const m = n - from;
  if (m < 2) return;
  for (let i: i64 = 0; i < m; i++) {
    let len = srcLength(srcAt(from + i));
    if (len > 0xffffffff) len = 0xffffffff;
    if (descending) len = 0xffffffff - len;
    store<u64>(srcKeys + (<usize>i << 3), (len << 32) | <u64>i);
  }
  // The keys are distinct (the index is part of them), so any sort is stable here.
  if (m <= 32) {
    for (let i: i64 = 1; i < m; i++) {
      const k = load<u64>(srcKeys + (<usize>i << 3));
      let j = i - 1;
      while (j >= 0 && load<u64>(srcKeys + (<usize>j << 3)) > k) {
        store<u64>(srcKeys + (<usize>(j + 1) << 3), load<u64>(srcKeys + (<usize>j << 3)));
        j--;
      }
      store<u64>(srcKeys + (<usize>(j + 1) << 3), k);
    }
  } else {
    heapSortU64(srcKeys, m);
  }
  for (let i: i64 = 0; i < m; i++) {
    const idx = <i64>(load<u64>(srcKeys + (<usize>i << 3)) & 0xffffffff);
    memory.copy(srcTmp + <usize>i * SRC_SIZE, srcAt(from + idx), SRC_SIZE);
  }
  memory.copy(srcAt(from), srcTmp, <usize>m * SRC_SIZE);
}

function heapSortU64(a: usize, n: i64): void {
  for (let start = n / 2 - 1; start >= 0; start--) siftDownU64(a, start, n);
  for (let end = n - 1; end > 0; end--) {
    const t = load<u64>(a);
    store<u64>(a, load<u64>(a + (<usize>end << 3)));
    store<u64>(a + (<usize>end << 3), t);
    siftDownU64(a, 0, end);
  }
}

function siftDownU64(a: usize, root: i64, n: i64): void {
  while (true) {
    let child = root * 2 + 1;
    if (child >= n) return;
    if (child + 1 < n && load<u64>(a + (<usize>(child + 1) << 3)) > load<u64>(a + (<usize>child << 3))) child++;
    if (load<u64>(a + (<usize>root << 3)) >= load<u64>(a + (<usize>child << 3))) return;
    const t = load<u64>(a + (<usize>root << 3));
    store<u64>(a + (<usize>root << 3), load<u64>(a + (<usize>child << 3)));
    store<u64>(a + (<usize>child << 3), t);
    root = child;
  }
}

// One iterator over an input at a time (Redis: zuiInitIterator / zuiNext). Sorted sets are
// walked from the highest score down, as Redis does; sets in their own order with score 1.
let itType: u8 = 0;
let itEnc: u8 = 0;
let itPtr: usize = 0;
let itIdx: u32 = 0;
let itTable: i32 = 0;
let itBucket: u64 = 0;
let itNode: usize = 0;
// The current element.
let ivPtr: usize = 0;
let ivLen: u32 = 0;
let ivScore: f64 = 0;

function zuiInit(s: usize): void {
  itType = srcType(s);
  itEnc = srcEnc(s);
  itPtr = srcPtr(s);
  itIdx = 0;
  itTable = 0;
  itBucket = 0;
  itNode = 0;
  if (itPtr == 0) return;
  if (itType == OBJ_ZSET) {
    // The listpack's last element (its score follows it), or the skiplist's tail.
    itNode = itEnc == ENC_LISTPACK ? lpSeek(itPtr, -2) : changetype<ZSet>(itPtr).tail;
  }
}

function zuiNext(): bool {
  if (itPtr == 0) return false;
  if (itType == OBJ_SET) {
    if (itEnc == ENC_INTSET) {
      if (itIdx >= intsetLen(itPtr)) return false;
      ivLen = <u32>ll2string(ITER_BUF, intsetGet(itPtr, itIdx));
      ivPtr = ITER_BUF;
      ivScore = 1.0;
      itIdx++;
      return true;
    }
    const d = changetype<Dict>(itPtr);
    while (itNode == 0) {
      if (itTable > 1) return false;
      if (itBucket >= dictTableSize(d, itTable)) {
        itTable++;
        itBucket = 0;
        continue;
      }
      itNode = dictBucketHead(d, itTable, itBucket);
      itBucket++;
    }
    ivPtr = nodeKeyPtr(d, itNode);
    ivLen = nodeKeyLen(d, itNode);
    ivScore = 1.0;
    itNode = dictNodeNext(itNode);
    return true;
  }
  if (itNode == 0) return false;
  if (itEnc == ENC_LISTPACK) {
    const lp = itPtr;
    const e = itNode;
    ivScore = zzlGetScore(lpNext(lp, e));
    lpGetBytes(e, ITER_BUF);
    ivPtr = lpStrPtr;
    ivLen = lpStrLen;
    const ps = lpPrev(lp, e);
    itNode = ps != 0 ? lpPrev(lp, ps) : 0;
    return true;
  }
  const x = itNode;
  ivPtr = zslNodeKeyPtr(x);
  ivLen = zslNodeKeyLen(x);
  ivScore = zslNodeScore(x);
  itNode = zslNodeBackward(x);
  return true;
}

/** Score found by the last successful zuiFind. */
let zuiFoundScore: f64 = 0;

/** Looks up (kp, kl) in input s (Redis: zuiFind); a plain set's members score 1. */
function zuiFind(s: usize, kp: usize, kl: u32): bool {
  const v = srcPtr(s);
  if (v == 0) return false;
  if (srcType(s) == OBJ_SET) {
    if (srcEnc(s) == ENC_INTSET) {
      if (!string2ll(kp, <i32>kl) || !intsetFind(v, parsedLL)) return false;
    } else if (dictFind(changetype<Dict>(v), kp, kl, hashBytes(kp, kl)) == 0) {
      return false;
    }
    zuiFoundScore = 1.0;
    return true;
  }
  if (srcEnc(s) == ENC_LISTPACK) {
    if (zzlFind(v, kp, kl) == 0) return false;
    zuiFoundScore = zzlFoundScore;
    return true;
  }
  const x = zsetFind(changetype<ZSet>(v), kp, kl);
  if (x == 0) return false;
  zuiFoundScore = zslNodeScore(x);
  return true;
}

const SET_OP_UNION: i32 = 0;
const SET_OP_DIFF: i32 = 1;
const SET_OP_INTER: i32 = 2;
const AGGR_SUM: i32 = 1;
const AGGR_MIN: i32 = 2;
const AGGR_MAX: i32 = 3;

/** Redis: zunionInterAggregate (a SUM of +inf and -inf is 0, not NaN). */
@inline function aggregate(target: f64, val: f64, aggr: i32): f64 {
  if (aggr == AGGR_SUM) {
    const r = target + val;
    return r != r ? 0.0 : r;
  }
  if (aggr == AGGR_MIN) return val < target ? val : target;
  return val > target ? val : target;
}

// Lengths of the result's members, to decide whether a stored result fits a listpack.
let maxelelen: u64 = 0;
let totelelen: u64 = 0;

@inline function noteElement(len: u32): void {
  totelelen += <u64>len;
  if (<u64>len > maxelelen) maxelelen = <u64>len;
}

/** Picks ZDIFF's algorithm (Redis: zsetChooseDiffAlgorithm); 0 = the result is empty. */
function zsetChooseDiffAlgorithm(setnum: i64): i32 {
  let one: i64 = 0;
  let two: i64 = 0;
  const first = srcAt(0);
  for (let j: i64 = 0; j < setnum; j++) {
    if (j > 0 && srcPtr(first) == srcPtr(srcAt(j))) return 0;
    one += <i64>srcLength(first);
    two += <i64>srcLength(srcAt(j));
  }
  one /= 2;
  return one <= two ? 1 : 2;
}

/** ZDIFF algorithm 1: each member of the first input, checked against all the others. */
function zdiffAlgorithm1(setnum: i64, dst: ZSet): void {
  sortSources(1, setnum, true);
  const first = srcAt(0);
  zuiInit(first);
  while (zuiNext()) {
    let exists = false;
    for (let j: i64 = 1; j < setnum; j++) {
      const s = srcAt(j);
      if (srcPtr(s) == srcPtr(first) || zuiFind(s, ivPtr, ivLen)) {
        exists = true;
        break;
      }
    }
    if (!exists) {
      zsetInsertNew(dst, ivScore, ivPtr, ivLen);
      noteElement(ivLen);
    }
  }
}

/** ZDIFF algorithm 2: all of the first input, then remove every member of the others. */
function zdiffAlgorithm2(setnum: i64, dst: ZSet): void {
  let cardinality: i64 = 0;
  for (let j: i64 = 0; j < setnum; j++) {
    const s = srcAt(j);
    if (srcLength(s) == 0) continue;
    zuiInit(s);
    while (zuiNext()) {
      if (j == 0) {
        zsetInsertNew(dst, ivScore, ivPtr, ivLen);
        cardinality++;
      } else if (zsetRemove(dst, ivPtr, ivLen)) {
        cardinality--;
      }
      if (cardinality == 0) break;
    }
    if (cardinality == 0) break;
  }
  zsetShrinkIfNeeded(dst);
  for (let x = zslFirst(dst); x != 0; x = zslNext(x)) noteElement(zslNodeKeyLen(x));
}

/**
 * ZUNION / ZINTER / ZDIFF / their STORE forms / ZINTERCARD (Redis:
 * zunionInterDiffGenericCommand). `dstIdx` is the argv index of the destination (-1: reply).
 */
function zunionInterDiffGeneric(c: Client, dstIdx: i32, numkeysIndex: i32, op: i32, cardOnly: bool): void {
  if (!getLongOrReply(c, numkeysIndex)) return;
  const setnum = argLong;
  if (setnum < 1) {
    errBegin(c);
    errStr(c, "ERR at least 1 input key is needed for '");
    errBytes(c, commandNamePtr(c.lastCmd), commandNameLen(c.lastCmd));
    errStr(c, "' command");
    errEnd(c);
    return;
  }
  if (setnum > <i64>(c.argc - (numkeysIndex + 1))) {
    addReplyError(c, ERR_SYNTAX);
    return;
  }
  ensureSrc(setnum);
  const db = c.db;
  let j = numkeysIndex + 1;
  for (let i: i64 = 0; i < setnum; i++, j++) {
    const e = lookupKeyRead(db, argPtr(c, j), argLen(c, j));
    const s = srcAt(i);
    if (e != 0) {
      const t = entryType(e);
      if (t != OBJ_ZSET && t != OBJ_SET) {
        addReplyError(c, ERR_WRONGTYPE);
        return;
      }
      store<u32>(s, entryVal(e));
      store<u8>(s + 4, t);
      store<u8>(s + 5, entryEncoding(e));
    } else {
      store<u32>(s, 0);
      store<u8>(s + 4, OBJ_ZSET);
      store<u8>(s + 5, ENC_LISTPACK);
    }
    store<f64>(s + 8, 1.0);
  }
  let aggr = AGGR_SUM;
  let withscores = false;
  let limit: i64 = 0;
  let remaining = c.argc - j;
  while (remaining > 0) {
    if (op != SET_OP_DIFF && !cardOnly && <i64>remaining >= setnum + 1 && argIs(c, j, "weights")) {
      j++;
      remaining--;
      for (let i: i64 = 0; i < setnum; i++, j++, remaining--) {
        if (!string2d(argPtr(c, j), <i32>argLen(c, j))) {
          addReplyError(c, ERR_ZWEIGHT_NOT_FLOAT);
          return;
        }
        store<f64>(srcAt(i) + 8, parsedDouble);
      }
    } else if (op != SET_OP_DIFF && !cardOnly && remaining >= 2 && argIs(c, j, "aggregate")) {
      j++;
      remaining--;
      if (argIs(c, j, "sum")) aggr = AGGR_SUM;
      else if (argIs(c, j, "min")) aggr = AGGR_MIN;
      else if (argIs(c, j, "max")) aggr = AGGR_MAX;
      else {
        addReplyError(c, ERR_SYNTAX);
        return;
      }
      j++;
      remaining--;
    } else if (remaining >= 1 && dstIdx < 0 && !cardOnly && argIs(c, j, "withscores")) {
      j++;
      remaining--;
      withscores = true;
    } else if (cardOnly && remaining >= 2 && argIs(c, j, "limit")) {
      j++;
      remaining--;
      if (!string2ll(argPtr(c, j), <i32>argLen(c, j)) || parsedLL < 0) {
        addReplyError(c, ERR_LIMIT_NEGATIVE);
        return;
      }
      limit = parsedLL;
      j++;
      remaining--;
    } else {
      addReplyError(c, ERR_SYNTAX);
      return;
    }
  }
  if (op != SET_OP_DIFF) sortSources(0, setnum, false);

  const dst = zsetCreate();
  maxelelen = 0;
  totelelen = 0;
  let cardinality: i64 = 0;
  if (op == SET_OP_INTER) {
    const first = srcAt(0);
    if (srcLength(first) > 0) {
      const w0 = srcWeight(first);
      zuiInit(first);
      while (zuiNext()) {
        let score = w0 * ivScore;
        if (score != score) score = 0;
        let k: i64 = 1;
        for (; k < setnum; k++) {
          const s = srcAt(k);
          if (srcPtr(s) == srcPtr(first)) {
            score = aggregate(score, ivScore * srcWeight(s), aggr);
          } else if (zuiFind(s, ivPtr, ivLen)) {
            score = aggregate(score, zuiFoundScore * srcWeight(s), aggr);
          } else {
            break;
          }
        }
        if (k == setnum) {
          if (cardOnly) {
            cardinality++;
            if (limit != 0 && cardinality >= limit) break;
          } else {
            zsetInsertNew(dst, score, ivPtr, ivLen);
            noteElement(ivLen);
          }
        }
      }
    }
  } else if (op == SET_OP_UNION) {
    // Accumulate into member nodes of the result's dict, then link them all into the skiplist.
    for (let i: i64 = 0; i < setnum; i++) {
      const s = srcAt(i);
      if (srcLength(s) == 0) continue;
      const w = srcWeight(s);
      zuiInit(s);
      while (zuiNext()) {
        let score = w * ivScore;
        if (score != score) score = 0;
        const h = hashBytes(ivPtr, ivLen);
        const x = dictFind(dst.dict, ivPtr, ivLen, h);
        if (x == 0) {
          zsetAddPending(dst, score, ivPtr, ivLen, h);
          noteElement(ivLen);
        } else {
          zsetSetPendingScore(x, aggregate(zslNodeScore(x), score, aggr));
        }
      }
    }
    const d = dst.dict;
    for (let t = 0; t < 2; t++) {
      const size = dictTableSize(d, t);
      for (let b: u64 = 0; b < size; b++) {
        for (let n = dictBucketHead(d, t, b); n != 0; n = dictNodeNext(n)) zsetLinkPending(dst, n);
      }
    }
  } else {
    if (srcLength(srcAt(0)) > 0) {
      const algo = zsetChooseDiffAlgorithm(setnum);
      if (algo == 1) zdiffAlgorithm1(setnum, dst);
      else if (algo == 2) zdiffAlgorithm2(setnum, dst);
    }
  }

  if (dstIdx >= 0) {
    if (dst.length > 0) {
      const res = entryNew(argPtr(c, dstIdx), argLen(c, dstIdx), OBJ_ZSET, ENC_SKIPLIST, 0, lruClock);
      setEntryVal(res, changetype<u32>(dst));
      zsetConvertToListpackIfNeeded(res, maxelelen, totelelen);
      const n = zsetLength(res);
      storeEntry(c, dstIdx, res);
      addReplyLongLong(c, n);
      addDirty(1);
      notifyKeyspaceEvent(NOTIFY_ZSET, c.lastCmd == CMD_ZUNIONSTORE ? "zunionstore" :
        c.lastCmd == CMD_ZINTERSTORE ? "zinterstore" : "zdiffstore", argPtr(c, dstIdx), argLen(c, dstIdx), c.dbIndex);
    } else {
      zsetFree(dst);
      addReplyProto(c, ":0\r\n");
      if (deleteKeyArg(c, dstIdx)) {
        addDirty(1);
        notifyKeyspaceEvent(NOTIFY_GENERIC, "del", argPtr(c, dstIdx), argLen(c, dstIdx), c.dbIndex);
      }
    }
    return;
  }
  if (cardOnly) {
    zsetFree(dst);
    addReplyLongLong(c, cardinality);
    return;
  }
  const length = <i64>dst.length;
  addReplyArrayLen(c, withscores && c.resp == 2 ? length * 2 : length);
  for (let x = zslFirst(dst); x != 0; x = zslNext(x)) {
    if (withscores && c.resp > 2) addReplyArrayLen(c, 2);
    addReplyBulk(c, zslNodeKeyPtr(x), zslNodeKeyLen(x));
    if (withscores) addReplyDouble(c, zslNodeScore(x));
  }
  zsetFree(dst);
}

export function zunionstoreCommand(c: Client): void {
  zunionInterDiffGeneric(c, 1, 2, SET_OP_UNION, false);
}

export function zinterstoreCommand(c: Client): void {
  zunionInterDiffGeneric(c, 1, 2, SET_OP_INTER, false);
}

export function zdiffstoreCommand(c: Client): void {
  zunionInterDiffGeneric(c, 1, 2, SET_OP_DIFF, false);
}

export function zunionCommand(c: Client): void {
  zunionInterDiffGeneric(c, -1, 1, SET_OP_UNION, false);
}

export function zinterCommand(c: Client): void {
  zunionInterDiffGeneric(c, -1, 1, SET_OP_INTER, false);
}

export function zintercardCommand(c: Client): void {
  zunionInterDiffGeneric(c, -1, 1, SET_OP_INTER, true);
}

export function zdiffCommand(c: Client): void {
  zunionInterDiffGeneric(c, -1, 1, SET_OP_DIFF, false);
}

// =====================================================================================
// ZRANGE and friends, ZRANGESTORE (Redis: zrangeGenericCommand + result handlers)
// =====================================================================================

// The result handler of the running range command: replying to the client, or storing into
// a new zset (ZRANGESTORE). Redis's zrange_result_handler, as a handful of globals.
let rhStore = false;
let rhWithScores = false;
let rhNested = false; // RESP3 WITHSCORES: [member, score] pairs
let rhDeferred = false;
let rhAt: i64 = -1;
let rhDst: usize = 0; // the result entry (store), detached until rhFinalize
const RH_DST_IDX: i32 = 1; // ZRANGESTORE's destination argument

function rhBegin(c: Client, length: i64): void {
  if (rhStore) {
    rhDst = zsetCreateEntry(argPtr(c, RH_DST_IDX), argLen(c, RH_DST_IDX), 0, true);
    return;
  }
  if (length > 0) {
    addReplyArrayLen(c, rhWithScores && c.resp == 2 ? length * 2 : length);
    rhDeferred = false;
    return;
  }
  rhDeferred = true;
  rhAt = addReplyDeferredLen(c);
}

function rhEmit(c: Client, p: usize, n: u32, score: f64): void {
  if (rhStore) {
    zsetAdd(rhDst, score, p, n, 0);
    return;
  }
  if (rhNested) addReplyArrayLen(c, 2);
  addReplyBulk(c, p, n);
  if (rhWithScores) addReplyDouble(c, score);
}

function rhFinalize(c: Client, count: i64): void {
  if (rhStore) {
    if (count > 0) {
      storeEntry(c, RH_DST_IDX, rhDst);
      addReplyLongLong(c, count);
      addDirty(1);
      notifyKeyspaceEvent(NOTIFY_ZSET, "zrangestore", argPtr(c, RH_DST_IDX), argLen(c, RH_DST_IDX), c.dbIndex);
    } else {
      entryFree(rhDst);
      addReplyProto(c, ":0\r\n");
      if (deleteKeyArg(c, RH_DST_IDX)) {
        addDirty(1);
        notifyKeyspaceEvent(NOTIFY_GENERIC, "del", argPtr(c, RH_DST_IDX), argLen(c, RH_DST_IDX), c.dbIndex);
      }
    }
    rhDst = 0;
    return;
  }
  if (!rhDeferred) return;
  setDeferredArrayLen(c, rhAt, rhWithScores && c.resp == 2 ? count * 2 : count);
}

/** ZRANGE by rank, ZREVRANGE (Redis: genericZrangebyrankCommand). */
function zrangeByRank(c: Client, e: usize, start: i64, end: i64, reverse: bool): void {
  const llen = zsetLength(e);
  if (start < 0) start = llen + start;
  if (end < 0) end = llen + end;
  if (start < 0) start = 0;
  if (start > end || start >= llen) {
    rhBegin(c, 0);
    rhFinalize(c, 0);
    return;
  }
  if (end >= llen) end = llen - 1;
  let rangelen = end - start + 1;
  const count = rangelen;
  rhBegin(c, rangelen);
  if (isListpack(e)) {
    const lp = zLp(e);
    zE = lpSeek(lp, reverse ? -2 - 2 * start : 2 * start);
    zS = lpNext(lp, zE);
    while (rangelen-- > 0) {
      const score = zzlGetScore(zS);
      lpGetBytes(zE, ITER_BUF);
      rhEmit(c, lpStrPtr, lpStrLen, score);
      if (reverse) zzlPrev(lp);
      else zzlNext(lp);
    }
  } else {
    const zs = zZs(e);
    let x: usize;
    if (reverse) {
      x = zs.tail;
      if (start > 0) x = zslGetElementByRank(zs, <u64>(llen - start));
    } else {
      x = zslFirst(zs);
      if (start > 0) x = zslGetElementByRank(zs, <u64>(start + 1));
    }
    while (rangelen-- > 0) {
      rhEmit(c, zslNodeKeyPtr(x), zslNodeKeyLen(x), zslNodeScore(x));
      x = reverse ? zslNodeBackward(x) : zslNext(x);
    }
  }
  rhFinalize(c, count);
}

/** ZRANGEBYSCORE and friends (Redis: genericZrangebyscoreCommand); range in the globals. */
function zrangeByScore(c: Client, e: usize, offset: i64, limit: i64, reverse: bool): void {
  let rangelen: i64 = 0;
  rhBegin(c, -1);
  // A negative offset walks off the end (Redis's `while (offset--)`): nothing is returned.
  if ((offset > 0 && offset >= zsetLength(e)) || offset < 0) {
    rhFinalize(c, 0);
    return;
  }
  if (isListpack(e)) {
    const lp = zLp(e);
    zE = reverse ? zzlLastInRange(lp) : zzlFirstInRange(lp);
    if (zE != 0) zS = lpNext(lp, zE);
    while (zE != 0 && offset-- > 0) {
      if (reverse) zzlPrev(lp);
      else zzlNext(lp);
    }
    while (zE != 0 && limit-- != 0) {
      const score = zzlGetScore(zS);
      if (reverse ? !zslValueGteMin(score) : !zslValueLteMax(score)) break;
      lpGetBytes(zE, ITER_BUF);
      rangelen++;
      rhEmit(c, lpStrPtr, lpStrLen, score);
      if (reverse) zzlPrev(lp);
      else zzlNext(lp);
    }
  } else {
    const zs = zZs(e);
    let x = reverse ? zslLastInRange(zs) : zslFirstInRange(zs);
    while (x != 0 && offset-- > 0) x = reverse ? zslNodeBackward(x) : zslNext(x);
    while (x != 0 && limit-- != 0) {
      const score = zslNodeScore(x);
      if (reverse ? !zslValueGteMin(score) : !zslValueLteMax(score)) break;
      rangelen++;
      rhEmit(c, zslNodeKeyPtr(x), zslNodeKeyLen(x), score);
      x = reverse ? zslNodeBackward(x) : zslNext(x);
    }
  }
  rhFinalize(c, rangelen);
}

/** ZRANGEBYLEX and friends (Redis: genericZrangebylexCommand); range in the lex globals. */
function zrangeByLex(c: Client, e: usize, offset: i64, limit: i64, reverse: bool): void {
  let rangelen: i64 = 0;
  rhBegin(c, -1);
  if (offset < 0) {
    rhFinalize(c, 0);
    return;
  }
  if (isListpack(e)) {
    const lp = zLp(e);
    zE = reverse ? zzlLastInLexRange(lp) : zzlFirstInLexRange(lp);
    if (zE != 0) zS = lpNext(lp, zE);
    while (zE != 0 && offset-- > 0) {
      if (reverse) zzlPrev(lp);
      else zzlNext(lp);
    }
    while (zE != 0 && limit-- != 0) {
      if (reverse ? !zzlLexValueGteMin(zE) : !zzlLexValueLteMax(zE)) break;
      const score = zzlGetScore(zS);
      lpGetBytes(zE, ITER_BUF);
      rangelen++;
      rhEmit(c, lpStrPtr, lpStrLen, score);
      if (reverse) zzlPrev(lp);
      else zzlNext(lp);
    }
  } else {
    const zs = zZs(e);
    let x = reverse ? zslLastInLexRange(zs) : zslFirstInLexRange(zs);
    while (x != 0 && offset-- > 0) x = reverse ? zslNodeBackward(x) : zslNext(x);
    while (x != 0 && limit-- != 0) {
      const kp = zslNodeKeyPtr(x);
      const kl = zslNodeKeyLen(x);
      if (reverse ? !zslLexValueGteMin(kp, kl) : !zslLexValueLteMax(kp, kl)) break;
      rangelen++;
      rhEmit(c, kp, kl, zslNodeScore(x));
      x = reverse ? zslNodeBackward(x) : zslNext(x);
    }
  }
  rhFinalize(c, rangelen);
}

/**
 * ZRANGE, ZRANGESTORE and the older Z[REV]RANGE[BYSCORE|BYLEX] (Redis: zrangeGenericCommand).
 * argv[argcStart] is the source key, followed by min, max and the options.
 */
function zrangeGeneric(c: Client, argcStart: i32, store: bool, rangetype: i32, direction: i32): void {
  let minidx = argcStart + 1;
  let maxidx = argcStart + 2;
  let withscores = false;
  let offset: i64 = 0;
  let limit: i64 = -1;
  for (let j = argcStart + 3; j < c.argc; j++) {
    const leftargs = c.argc - j - 1;
    if (!store && argIs(c, j, "withscores")) {
      withscores = true;
    } else if (argIs(c, j, "limit") && leftargs >= 2) {
      if (!getLongOrReply(c, j + 1)) return;
      offset = argLong;
      if (!getLongOrReply(c, j + 2)) return;
      limit = argLong;
      j += 2;
    } else if (direction == DIR_AUTO && argIs(c, j, "rev")) {
      direction = DIR_REVERSE;
    } else if (rangetype == ZRANGE_AUTO && argIs(c, j, "bylex")) {
      rangetype = ZRANGE_LEX;
    } else if (rangetype == ZRANGE_AUTO && argIs(c, j, "byscore")) {
      rangetype = ZRANGE_SCORE;
    } else {
      addReplyError(c, ERR_SYNTAX);
      return;
    }
  }
  if (direction == DIR_AUTO) direction = DIR_FORWARD;
  if (rangetype == ZRANGE_AUTO) rangetype = ZRANGE_RANK;
  if (limit != -1 && rangetype == ZRANGE_RANK) {
    addReplyError(c, ERR_ZRANGE_LIMIT);
    return;
  }
  if (withscores && rangetype == ZRANGE_LEX) {
    addReplyError(c, ERR_ZRANGE_WITHSCORES_BYLEX);
    return;
  }
  const reverse = direction == DIR_REVERSE;
  if (reverse && (rangetype == ZRANGE_SCORE || rangetype == ZRANGE_LEX)) {
    // The range is given as max, min.
    const t = maxidx;
    maxidx = minidx;
    minidx = t;
  }
  let start: i64 = 0;
  let end: i64 = 0;
  if (rangetype == ZRANGE_RANK) {
    if (!getLongOrReply(c, minidx)) return;
    start = argLong;
    if (!getLongOrReply(c, maxidx)) return;
    end = argLong;
  } else if (rangetype == ZRANGE_SCORE) {
    if (!zslParseRange(argPtr(c, minidx), argLen(c, minidx), argPtr(c, maxidx), argLen(c, maxidx))) {
      addReplyError(c, ERR_ZRANGE_NOT_FLOAT);
      return;
    }
  } else {
    if (!zslParseLexRange(argPtr(c, minidx), argLen(c, minidx), argPtr(c, maxidx), argLen(c, maxidx))) {
      addReplyError(c, ERR_ZRANGE_NOT_STRING);
      return;
    }
  }
  rhStore = store;
  rhWithScores = withscores || store;
  rhNested = rhWithScores && c.resp > 2;
  rhDeferred = false;
  const e = lookupKeyRead(c.db, argPtr(c, argcStart), argLen(c, argcStart));
  if (e == 0) {
    if (store) {
      rhBegin(c, -1);
      rhFinalize(c, 0);
    } else {
      addReplyProto(c, "*0\r\n");
    }
    return;
  }
  if (checkType(c, e, OBJ_ZSET)) return;
  if (rangetype == ZRANGE_RANK) zrangeByRank(c, e, start, end, reverse);
  else if (rangetype == ZRANGE_SCORE) zrangeByScore(c, e, offset, limit, reverse);
  else zrangeByLex(c, e, offset, limit, reverse);
}

export function zrangeCommand(c: Client): void {
  zrangeGeneric(c, 1, false, ZRANGE_AUTO, DIR_AUTO);
}

export function zrangestoreCommand(c: Client): void {
  zrangeGeneric(c, 2, true, ZRANGE_AUTO, DIR_AUTO);
}

export function zrevrangeCommand(c: Client): void {
  zrangeGeneric(c, 1, false, ZRANGE_RANK, DIR_REVERSE);
}

export function zrangebyscoreCommand(c: Client): void {
  zrangeGeneric(c, 1, false, ZRANGE_SCORE, DIR_FORWARD);
}

export function zrevrangebyscoreCommand(c: Client): void {
  zrangeGeneric(c, 1, false, ZRANGE_SCORE, DIR_REVERSE);
}

export function zrangebylexCommand(c: Client): void {
  zrangeGeneric(c, 1, false, ZRANGE_LEX, DIR_FORWARD);
}

export function zrevrangebylexCommand(c: Client): void {
  zrangeGeneric(c, 1, false, ZRANGE_LEX, DIR_REVERSE);
}

// =====================================================================================
// ZCARD, ZSCORE, ZMSCORE, ZRANK, ZREVRANK, ZCOUNT, ZLEXCOUNT
// =====================================================================================

export function zcardCommand(c: Client): void {
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (e == 0) {
    addReplyProto(c, ":0\r\n");
    return;
  }
  if (checkType(c, e, OBJ_ZSET)) return;
  addReplyLongLong(c, zsetLength(e));
}

export function zscoreCommand(c: Client): void {
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (e == 0) {
    addReplyNull(c);
    return;
  }
  if (checkType(c, e, OBJ_ZSET)) return;
  if (zsetScore(e, argPtr(c, 2), argLen(c, 2))) addReplyDouble(c, zsetScoreOut);
  else addReplyNull(c);
}

export function zmscoreCommand(c: Client): void {
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (checkType(c, e, OBJ_ZSET)) return;
  addReplyArrayLen(c, c.argc - 2);
  for (let j = 2; j < c.argc; j++) {
    // A missing key reads as an empty set.
    if (e == 0 || !zsetScore(e, argPtr(c, j), argLen(c, j))) addReplyNull(c);
    else addReplyDouble(c, zsetScoreOut);
  }
}

function zrankGeneric(c: Client, reverse: bool): void {
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (e == 0) {
    addReplyNull(c);
    return;
  }
  if (checkType(c, e, OBJ_ZSET)) return;
  const rank = zsetRank(e, argPtr(c, 2), argLen(c, 2), reverse);
  if (rank >= 0) addReplyLongLong(c, rank);
  else addReplyNull(c);
}

export function zrankCommand(c: Client): void {
  zrankGeneric(c, false);
}

export function zrevrankCommand(c: Client): void {
  zrankGeneric(c, true);
}

/** ZCOUNT: a listpack is walked; a skiplist answers from the ranks of the range's two ends. */
export function zcountCommand(c: Client): void {
  if (!zslParseRange(argPtr(c, 2), argLen(c, 2), argPtr(c, 3), argLen(c, 3))) {
    addReplyError(c, ERR_ZRANGE_NOT_FLOAT);
    return;
  }
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (e == 0) {
    addReplyProto(c, ":0\r\n");
    return;
  }
  if (checkType(c, e, OBJ_ZSET)) return;
  let count: i64 = 0;
  if (isListpack(e)) {
    const lp = zLp(e);
    zE = zzlFirstInRange(lp);
    if (zE != 0) {
      zS = lpNext(lp, zE);
      while (zE != 0 && zslValueLteMax(zzlGetScore(zS))) {
        count++;
        zzlNext(lp);
      }
    }
  } else {
    const zs = zZs(e);
    let x = zslFirstInRange(zs);
    if (x != 0) {
      const len = <i64>zs.length;
      count = len - (<i64>zslNodeRank(zs, x) - 1);
      x = zslLastInRange(zs);
      if (x != 0) count -= len - <i64>zslNodeRank(zs, x);
    }
  }
  addReplyLongLong(c, count);
}

export function zlexcountCommand(c: Client): void {
  if (!zslParseLexRange(argPtr(c, 2), argLen(c, 2), argPtr(c, 3), argLen(c, 3))) {
    addReplyError(c, ERR_ZRANGE_NOT_STRING);
    return;
  }
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (e == 0) {
    addReplyProto(c, ":0\r\n");
    return;
  }
  if (checkType(c, e, OBJ_ZSET)) return;
  let count: i64 = 0;
  if (isListpack(e)) {
    const lp = zLp(e);
    zE = zzlFirstInLexRange(lp);
    if (zE != 0) {
      zS = lpNext(lp, zE);
      while (zE != 0 && zzlLexValueLteMax(zE)) {
        count++;
        zzlNext(lp);
      }
    }
  } else {
    const zs = zZs(e);
    let x = zslFirstInLexRange(zs);
    if (x != 0) {
      const len = <i64>zs.length;
      count = len - (<i64>zslNodeRank(zs, x) - 1);
      x = zslLastInLexRange(zs);
      if (x != 0) count -= len - <i64>zslNodeRank(zs, x);
    }
  }
  addReplyLongLong(c, count);
}

// =====================================================================================
// ZSCAN
// =====================================================================================

/**
 * ZSCAN key cursor [MATCH pattern] [COUNT count] (Redis: zscanCommand + scanGenericCommand).
 * A listpack is returned whole with cursor 0, scores as stored in it; a skiplist's member dict
 * is walked with the reverse-binary cursor until COUNT list items (a member and its score are
 * two, as in Redis) were collected or 10 * COUNT buckets visited; MATCH filters members.
 */
export function zscanCommand(c: Client): void {
  if (!parseScanCursorOrReply(c, 2)) return;
  let cursor = parsedCursor;
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (e == 0) {
    addReplyProto(c, "*2\r\n$1\r\n0\r\n*0\r\n");
    return;
  }
  if (checkType(c, e, OBJ_ZSET)) return;
  if (!parseScanOptionsOrReply(c, 3)) return;
  let count: i64 = scanOptCount;
  let pat: usize = scanOptPat;
  let patLen: u32 = scanOptPatLen;
  let usePattern = scanOptUsePattern;
  addReplyArrayLen(c, 2);
  if (isListpack(e)) {
    addReplyProto(c, "$1\r\n0\r\n");
    const lp = zLp(e);
    const at = addReplyDeferredLen(c);
    let n: i64 = 0;
    let p = lpFirst(lp);
    while (p != 0) {
      const s = lpNext(lp, p);
      lpGetBytes(p, ITER_BUF);
      if (!usePattern || stringmatchlen(pat, <i32>patLen, lpStrPtr, <i32>lpStrLen, false)) {
        addReplyBulk(c, lpStrPtr, lpStrLen);
        lpGetBytes(s, ITER_BUF);
        addReplyBulk(c, lpStrPtr, lpStrLen);
        n += 2;
      }
      p = lpNext(lp, s);
    }
    setDeferredArrayLen(c, at, n);
    return;
  }
  const zs = zZs(e);
  dictScanReset();
  let maxIterations: i64 = count > i64.MAX_VALUE / 10 ? i64.MAX_VALUE : count * 10;
  do {
    cursor = dictScan(zs.dict, cursor);
  } while (cursor != 0 && maxIterations-- != 0 && (<i64>scanOutCount << 1) < count);
  addReplyBulk(c, NUM_BUF, <u32>ull2string(NUM_BUF, cursor));
  const at = addReplyDeferredLen(c);
  let n: i64 = 0;
  for (let k = 0; k < scanOutCount; k++) {
    const x = <usize>load<u32>(scanOut + (<usize>k << 2));
    const kp = zslNodeKeyPtr(x);
    const kl = zslNodeKeyLen(x);
    if (usePattern && !stringmatchlen(pat, <i32>patLen, kp, <i32>kl, false)) continue;
    addReplyBulk(c, kp, kl);
    addReplyBulk(c, NUM_BUF, <u32>fmtG17(NUM_BUF, zslNodeScore(x)));
    n += 2;
  }
  setDeferredArrayLen(c, at, n);
}

// =====================================================================================
// ZPOPMIN, ZPOPMAX, ZMPOP (and the core of the blocking pops)
// =====================================================================================

export const ZSET_MIN: i32 = 0;
export const ZSET_MAX: i32 = 1;

/** Members popped by the last zpopFromEntry call (the count propagated for ZMPOP). */
export let zpopPopped: i64 = 0;

/**
 * Pops up to `count` (>= 1) members from the min or max end of the zset in entry e (key hash
 * h), replying each as member + score ([member, score] when `nested`), and deletes the key
 * when it becomes empty (Redis: the loop of genericZpopCommand). The reply header is the
 * caller's.
 */
export function zpopFromEntry(c: Client, e: usize, h: u32, where: i32, count: i64, nested: bool): void {
  const llen = zsetLength(e);
  let rangelen = count > llen ? llen : count;
  zpopPopped = rangelen;
  while (rangelen-- > 0) {
    if (isListpack(e)) {
      const lp = zLp(e);
      const p = lpSeek(lp, where == ZSET_MAX ? -2 : 0);
      const score = zzlGetScore(lpNext(lp, p));
      lpGetBytes(p, POP_BUF);
      if (nested) addReplyArrayLen(c, 2);
      addReplyBulk(c, lpStrPtr, lpStrLen);
      addReplyDouble(c, score);
      setEntryVal(e, <u32>lpDeleteRangeWithEntry(lp, p, 2));
    } else {
      const zs = zZs(e);
      const x = where == ZSET_MAX ? zs.tail : zslFirst(zs);
      if (nested) addReplyArrayLen(c, 2);
      addReplyBulk(c, zslNodeKeyPtr(x), zslNodeKeyLen(x));
      addReplyDouble(c, zslNodeScore(x));
      zsetDeleteNode(zs, x);
    }
    addDirty(1);
  }
  if (!isListpack(e)) zsetShrinkIfNeeded(zZs(e));
  if (zpopPopped > 0) notifyKeyspaceEvent(NOTIFY_ZSET, where == ZSET_MAX ? "zpopmax" : "zpopmin", entryKeyPtr(e), entryKeyLen(e), c.dbIndex);
  if (zsetLength(e) == 0) {
    notifyKeyspaceEvent(NOTIFY_GENERIC, "del", entryKeyPtr(e), entryKeyLen(e), c.dbIndex);
    dbDeleteEntry(c.db, e, h);
  }
}

/**
 * Propagates `ZPOPMIN|ZPOPMAX key [count]` in place of the command (ZMPOP and the blocking
 * pops, as Redis 7.0 rewrites them). A handler (`inHandler`) also suppresses the default
 * propagation of its own argv; a serve function of a blocked client has none.
 */
function propagateZpop(c: Client, kp: usize, kl: u32, where: i32, count: i64, inHandler: bool): void {
  if (!propagationEnabled) return;
  propagateBegin(c.dbIndex, count >= 0 ? 3 : 2);
  propagateArgStr(where == ZSET_MAX ? "ZPOPMAX" : "ZPOPMIN");
  propagateArg(kp, kl);
  if (count >= 0) propagateArgInt(count);
  propagateEnd();
  if (inHandler) preventDefaultPropagation();
}

/**
 * Replies and pops from the zset in entry e (key (kp, kl), hash h), shaped as Redis's
 * genericZpopCommand does once it found the key: `count` -1 is the plain single pop; emitkey
 * puts the key name first (ZMPOP and the blocking pops), `nested` gives [member, score]
 * pairs (RESP3 counts, ZMPOP / BZMPOP).
 */
function zpopEmit(c: Client, e: usize, h: u32, kp: usize, kl: u32, where: i32, count: i64, nested: bool,
                  emitkey: bool): void {
  if (count == -1) count = 1;
  const llen = zsetLength(e);
  const rangelen = count > llen ? llen : count;
  if (!nested && !emitkey) {
    addReplyArrayLen(c, rangelen * 2);
  } else if (nested && !emitkey) {
    addReplyArrayLen(c, rangelen);
  } else if (!nested && emitkey) {
    addReplyArrayLen(c, rangelen * 2 + 1);
    addReplyBulk(c, kp, kl);
  } else {
    addReplyArrayLen(c, 2);
    addReplyBulk(c, kp, kl);
    addReplyArrayLen(c, rangelen);
  }
  zpopFromEntry(c, e, h, where, count, nested);
}

/**
 * ZPOPMIN / ZPOPMAX / ZMPOP (Redis: genericZpopCommand) over the keys argv[first ..
 * first+keyc): pops from the first that exists. Returns the argv index of the key popped
 * from, or -1 (nothing popped, or an error replied).
 */
function genericZpop(c: Client, first: i32, keyc: i32, where: i32, emitkey: bool, count: i64,
                     nested: bool, nilWhenEmpty: bool): i32 {
  const db = c.db;
  let e: usize = 0;
  let h: u32 = 0;
  let ki = -1;
  for (let idx = 0; idx < keyc; idx++) {
    ki = first + idx;
    e = lookupKeyWrite(db, argPtr(c, ki), argLen(c, ki));
    h = lastHash;
    if (e == 0) continue;
    if (checkType(c, e, OBJ_ZSET)) return -1;
    break;
  }
  if (e == 0) {
    if (nilWhenEmpty) addReplyNullArray(c);
    else addReplyProto(c, "*0\r\n");
    return -1;
  }
  if (count == 0) {
    addReplyProto(c, "*0\r\n");
    return -1;
  }
  zpopEmit(c, e, h, argPtr(c, ki), argLen(c, ki), where, count, nested, emitkey);
  return ki;
}

function zpopMinMax(c: Client, where: i32): void {
  if (c.argc > 3) {
    addReplyError(c, ERR_SYNTAX);
    return;
  }
  let count: i64 = -1;
  if (c.argc == 3) {
    if (!string2ll(argPtr(c, 2), <i32>argLen(c, 2)) || parsedLL < 0) {
      addReplyError(c, ERR_POSITIVE);
      return;
    }
    count = parsedLL;
  }
  // RESP3 nests [member, score] pairs when a count was given.
  genericZpop(c, 1, 1, where, false, count, c.resp > 2 && count != -1, false);
}

export function zpopminCommand(c: Client): void {
  zpopMinMax(c, ZSET_MIN);
}

export function zpopmaxCommand(c: Client): void {
  zpopMinMax(c, ZSET_MAX);
}

// ZMPOP / BZMPOP arguments, from parseZmpopArgs.
export let zmpopWhere: i32 = 0;
export let zmpopCount: i64 = 1;
export let zmpopNumkeys: i64 = 0;

/**
 * Parses `numkeys key... MIN|MAX [COUNT count]` with numkeys at argv[numkeysIdx] (Redis: the
 * first half of zmpopGenericCommand). Replies the error and returns false on a bad call.
 */
export function parseZmpopArgs(c: Client, numkeysIdx: i32): bool {
  if (!string2ll(argPtr(c, numkeysIdx), <i32>argLen(c, numkeysIdx)) || parsedLL < 1) {
    addReplyError(c, ERR_NUMKEYS_POSITIVE);
    return false;
  }
  const numkeys = parsedLL;
  // where_idx = numkeysIdx + numkeys + 1 must be an argument.
  if (numkeys >= <i64>(c.argc - numkeysIdx - 1)) {
    addReplyError(c, ERR_SYNTAX);
    return false;
  }
  const whereIdx = numkeysIdx + <i32>numkeys + 1;
  if (argIs(c, whereIdx, "min")) zmpopWhere = ZSET_MIN;
  else if (argIs(c, whereIdx, "max")) zmpopWhere = ZSET_MAX;
  else {
    addReplyError(c, ERR_SYNTAX);
    return false;
  }
  let count: i64 = -1;
  for (let j = whereIdx + 1; j < c.argc; j++) {
    const moreargs = c.argc - 1 - j;
    if (count == -1 && argIs(c, j, "count") && moreargs > 0) {
      j++;
      if (!string2ll(argPtr(c, j), <i32>argLen(c, j)) || parsedLL < 1) {
        addReplyError(c, ERR_ZCOUNT_POSITIVE);
        return false;
      }
      count = parsedLL;
    } else {
      addReplyError(c, ERR_SYNTAX);
      return false;
    }
  }
  zmpopCount = count == -1 ? 1 : count;
  zmpopNumkeys = numkeys;
  return true;
}

export function zmpopCommand(c: Client): void {
  if (!parseZmpopArgs(c, 1)) return;
  const ki = genericZpop(c, 2, <i32>zmpopNumkeys, zmpopWhere, true, zmpopCount, true, true);
  // Replicated as ZPOPMIN/ZPOPMAX key count (Redis: rewriteClientCommandVector).
  if (ki >= 0 && zpopPopped > 0) propagateZpop(c, argPtr(c, ki), argLen(c, ki), zmpopWhere, zpopPopped, true);
}

// =====================================================================================
// BZPOPMIN, BZPOPMAX, BZMPOP (db/blocking.ts does the waiting)
// =====================================================================================

/**
 * The blocking pops (Redis: blockingGenericZpopCommand): the first existing key of argv[first
 * .. first+numkeys) is served at once like ZPOPMIN/ZPOPMAX/ZMPOP, with the key name in the
 * reply, and propagated as ZPOPMIN|ZPOPMAX key [count]; otherwise the client blocks until a
 * zset appears under one of the keys (or answers a null array where it may not block).
 */
function blockingGenericZpop(c: Client, first: i32, numkeys: i32, where: i32, timeoutIdx: i32, count: i64,
                             nested: bool): void {
  if (!getTimeoutOrReply(c, timeoutIdx)) return;
  const timeout = parsedTimeout;
  const db = c.db;
  for (let j = 0; j < numkeys; j++) {
    const a = first + j;
    const kp = argPtr(c, a);
    const kl = argLen(c, a);
    const e = lookupKeyWrite(db, kp, kl);
    const h = lastHash;
    if (e == 0) continue;
    if (checkType(c, e, OBJ_ZSET)) return;
    const llen = zsetLength(e);
    propagateZpop(c, kp, kl, where, count == -1 ? -1 : (count > llen ? llen : count), true);
    zpopEmit(c, e, h, kp, kl, where, count, nested, true);
    return;
  }
  if (clientDenyBlocking(c)) {
    addReplyNullArray(c);
    return;
  }
  blockForKeys(c, first, numkeys, 1, timeout);
}

/** BZPOPMIN key [key ...] timeout */
export function bzpopminCommand(c: Client): void {
  blockingGenericZpop(c, 1, c.argc - 2, ZSET_MIN, c.argc - 1, -1, false);
}

/** BZPOPMAX key [key ...] timeout */
export function bzpopmaxCommand(c: Client): void {
  blockingGenericZpop(c, 1, c.argc - 2, ZSET_MAX, c.argc - 1, -1, false);
}

/** BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count] */
export function bzmpopCommand(c: Client): void {
  if (!parseZmpopArgs(c, 2)) return;
  blockingGenericZpop(c, 3, <i32>zmpopNumkeys, zmpopWhere, 1, zmpopCount, true);
}

/** The zset under ready key (kp, kl) of c's db, or 0 (missing, or another type). */
let serveHash: u32 = 0;
function readyZset(c: Client, kp: usize, kl: u32): usize {
  const e = lookupKeyWrite(c.db, kp, kl);
  serveHash = lastHash;
  if (e == 0 || entryType(e) != OBJ_ZSET) return 0;
  return e;
}

/** BZPOPMIN / BZPOPMAX served from a ready key: [key, member, score]. */
export function bzpopServe(c: Client, kp: usize, kl: u32): i32 {
  const e = readyZset(c, kp, kl);
  if (e == 0) return SERVE_SKIP;
  const where = c.lastCmd == CMD_BZPOPMAX ? ZSET_MAX : ZSET_MIN;
  propagateZpop(c, kp, kl, where, -1, false);
  zpopEmit(c, e, serveHash, kp, kl, where, -1, false, true);
  return SERVE_DONE;
}

/** BZMPOP served from a ready key: [key, [[member, score] ...]]. */
export function bzmpopServe(c: Client, kp: usize, kl: u32): i32 {
  const e = readyZset(c, kp, kl);
  if (e == 0) return SERVE_SKIP;
  const h = serveHash;
  parseZmpopArgs(c, 2); // validated when the client blocked: replies nothing now
  const llen = zsetLength(e);
  propagateZpop(c, kp, kl, zmpopWhere, zmpopCount > llen ? llen : zmpopCount, false);
  zpopEmit(c, e, h, kp, kl, zmpopWhere, zmpopCount, true, true);
  return SERVE_DONE;
}

// =====================================================================================
// ZRANDMEMBER
// =====================================================================================

/** Redis ZRANDMEMBER_SUB_STRATEGY_MUL and ZRANDMEMBER_RANDOM_SAMPLE_LIMIT. */
const SUB_STRATEGY_MUL: u64 = 3;
const RANDOM_SAMPLE_LIMIT: u64 = 1000;

/** Replies one member (and its score) of a listpack, given its element entry. */
function replyListpackMember(c: Client, lp: usize, p: usize, withscores: bool): void {
  if (withscores && c.resp > 2) addReplyArrayLen(c, 2);
  const score = withscores ? zzlGetScore(lpNext(lp, p)) : 0;
  lpGetBytes(p, POP_BUF);
  addReplyBulk(c, lpStrPtr, lpStrLen);
  if (withscores) addReplyDouble(c, score);
}

function replyNodeMember(c: Client, x: usize, withscores: bool): void {
  if (withscores && c.resp > 2) addReplyArrayLen(c, 2);
  addReplyBulk(c, zslNodeKeyPtr(x), zslNodeKeyLen(x));
  if (withscores) addReplyDouble(c, zslNodeScore(x));
}

/** ZRANDMEMBER key count [WITHSCORES] (Redis: zrandmemberWithCountCommand and its 4 cases). */
function zrandmemberWithCount(c: Client, l: i64, withscores: bool): void {
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (e == 0) {
    addReplyProto(c, "*0\r\n");
    return;
  }
  if (checkType(c, e, OBJ_ZSET)) return;
  const size = <u64>zsetLength(e);
  let count: u64;
  let uniq = true;
  if (l >= 0) {
    count = <u64>l;
  } else {
    count = <u64>(-l);
    uniq = false;
  }
  if (count == 0) {
    addReplyProto(c, "*0\r\n");
    return;
  }
  const lpEnc = isListpack(e);
  // CASE 1: a negative count (repetitions allowed) or a single member: independent draws.
  if (!uniq || count == 1) {
    addReplyArrayLen(c, withscores && c.resp == 2 ? <i64>(count * 2) : <i64>count);
    if (!lpEnc) {
      const zs = zZs(e);
      while (count-- > 0) replyNodeMember(c, dictFairRandomNode(zs.dict), withscores);
      return;
    }
    const lp = zLp(e);
    const limit = count > RANDOM_SAMPLE_LIMIT ? RANDOM_SAMPLE_LIMIT : count;
    const picks = zmalloc(<usize>limit << 2);
    while (count > 0) {
      const n = count > limit ? limit : count;
      count -= n;
      lpRandomPairs(lp, <u32>size, <u32>n, picks);
      for (let k: u64 = 0; k < n; k++) {
        replyListpackMember(c, lp, <usize>load<u32>(picks + (<usize>k << 2)), withscores);
      }
    }
    zfree(picks);
    return;
  }
  const replySize = count < size ? count : size;
  addReplyArrayLen(c, withscores && c.resp == 2 ? <i64>(replySize * 2) : <i64>replySize);
  // CASE 2: the whole set, in Redis's iteration order (from the highest score down).
  if (count >= size) {
    if (lpEnc) {
      const lp = zLp(e);
      let p = lpSeek(lp, -2);
      while (p != 0) {
        replyListpackMember(c, lp, p, withscores);
        const ps = lpPrev(lp, p);
        p = ps != 0 ? lpPrev(lp, ps) : 0;
      }
    } else {
      for (let x = zZs(e).tail; x != 0; x = zslNodeBackward(x)) replyNodeMember(c, x, withscores);
    }
    return;
  }
  // CASE 3: most of the set: take everything, drop random members until `count` remain.
  if (count * SUB_STRATEGY_MUL > size) {
    const all = zmalloc(<usize>size << 2);
    let n: u64 = 0;
    if (lpEnc) {
      const lp = zLp(e);
      for (let p = lpFirst(lp); p != 0; p = lpNext(lp, lpNext(lp, p))) {
        store<u32>(all + (<usize>n << 2), <u32>p);
        n++;
      }
    } else {
      for (let x = zslFirst(zZs(e)); x != 0; x = zslNext(x)) {
        store<u32>(all + (<usize>n << 2), <u32>x);
        n++;
      }
    }
    while (n > count) {
      const k = randomBelow(n);
      n--;
      store<u32>(all + (<usize>k << 2), load<u32>(all + (<usize>n << 2)));
    }
    for (let k: u64 = 0; k < n; k++) {
      const p = <usize>load<u32>(all + (<usize>k << 2));
      if (lpEnc) replyListpackMember(c, zLp(e), p, withscores);
      else replyNodeMember(c, p, withscores);
    }
    zfree(all);
    return;
  }
  // CASE 4: a few members of a big set: distinct random picks.
  if (lpEnc) {
    const lp = zLp(e);
    const picks = zmalloc(<usize>count << 2);
    const got = lpRandomPairsUnique(lp, <u32>size, <u32>count, picks);
    for (let k: u32 = 0; k < got; k++) replyListpackMember(c, lp, <usize>load<u32>(picks + (<usize>k << 2)), withscores);
    zfree(picks);
    return;
  }
  // Distinct nodes, de-duplicated through a small open-addressing table of node pointers.
  const zs = zZs(e);
  let cap: u64 = 16;
  while (cap < count * 2) cap <<= 1;
  const table = zmalloc(<usize>cap << 2);
  memory.fill(table, 0, <usize>cap << 2);
  const mask = cap - 1;
  let added: u64 = 0;
  while (added < count) {
    const x = dictFairRandomNode(zs.dict);
    let slot = <u64>((<u32>x * 0x9e3779b1) >> 7) & mask;
    let dup = false;
    while (true) {
      const v = <usize>load<u32>(table + (<usize>slot << 2));
      if (v == 0) break;
      if (v == x) {
        dup = true;
        break;
      }
      slot = (slot + 1) & mask;
    }
    if (dup) continue;
    store<u32>(table + (<usize>slot << 2), <u32>x);
    added++;
    replyNodeMember(c, x, withscores);
  }
  zfree(table);
}

export function zrandmemberCommand(c: Client): void {
  if (c.argc >= 3) {
    if (!string2ll(argPtr(c, 2), <i32>argLen(c, 2))) {
      addReplyError(c, ERR_NOT_INTEGER);
      return;
    }
    const l = parsedLL;
    if (l < -i64.MAX_VALUE) {
      addReplyError(c, ERR_RANGE_LONG_SYMMETRIC);
      return;
    }
    if (c.argc > 4 || (c.argc == 4 && !argIs(c, 3, "withscores"))) {
      addReplyError(c, ERR_SYNTAX);
      return;
    }
    const withscores = c.argc == 4;
    // With scores, twice the count must still fit a long (the RESP2 reply length).
    if (withscores && (l < -(i64.MAX_VALUE / 2) || l > i64.MAX_VALUE / 2)) {
      addReplyError(c, ERR_ZRANDMEMBER_RANGE);
      return;
    }
    zrandmemberWithCount(c, l, withscores);
    return;
  }
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (e == 0) {
    addReplyNull(c);
    return;
  }
  if (checkType(c, e, OBJ_ZSET)) return;
  if (isListpack(e)) {
    const lp = zLp(e);
    lpGetBytes(lpRandomPair(lp, lpLength(lp) >> 1), POP_BUF);
    addReplyBulk(c, lpStrPtr, lpStrLen);
  } else {
    const x = dictFairRandomNode(zZs(e).dict);
    addReplyBulk(c, zslNodeKeyPtr(x), zslNodeKeyLen(x));
  }
}
