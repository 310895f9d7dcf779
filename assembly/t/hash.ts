// hash.ts — the hash type (Redis: t_hash.c).
//
// A hash key is an entry (db/object.ts) whose value points at one of two structures, exactly
// Redis 7.0.15's two encodings, so OBJECT ENCODING, DUMP/RDB and every ordering that depends
// on the encoding (HGETALL of a small hash lists fields in insertion order) match:
//
//   listpack (ENC_LISTPACK)   field, value, field, value ... in one ds/listpack.ts block.
//                             Lookups are a linear walk comparing every other element; that
//                             is fast for the small sizes this encoding is limited to and
//                             costs ~2 bytes of overhead per field instead of a node.
//   hashtable (ENC_HT)        a ds/dict.ts inline-key dict whose nodes are single blocks:
//
//                               +------+--------+--------+-----------+-------------+
//                               | next | keyLen | valLen | key bytes | value bytes |
//                               +------+--------+--------+-----------+-------------+
//                                0      4        8        12
//
//                             (Redis: a dictEntry plus two sds strings, three allocations.)
//
// Conversion listpack -> hashtable happens exactly where Redis's does, and never back:
//  * before a write, if any of its field/value arguments is longer than hash-max-listpack-
//    value, or together they would push the listpack past 1 GB (hashTypeTryConversion);
//  * in hashTypeSet itself, for the values HINCRBY/HINCRBYFLOAT compute (and fields they
//    take), when longer than hash-max-listpack-value;
//  * after an insert, when the hash has more than hash-max-listpack-entries fields.
//
// Values are bytes everywhere: a listpack stores canonical integers as integer entries
// (listpack.ts decides), and reading them back formats them into a small scratch buffer, so
// commands never care which representation they got. Functions named hashType* keep Redis's
// names and semantics (including where hashTypeLength is called: lpLength may write the
// listpack's saturated count back, and Redis's DUMP shows that).
//
// HRANDFIELD follows Redis's cases: negative count = independent picks (listpack: batches of
// sorted random indexes walked once), count >= size = the whole hash in iteration order,
// listpack = selection sampling (picks in listpack order), hashtable = copy-and-remove when
// the count is at least a third of the size, else random picks deduplicated in a small
// open-addressing set. Picks themselves cannot match Redis's (different PRNG), only their
// counts, uniqueness and distribution.

import { argLen, argPtr, Client, CLIENT_CLOSE_AFTER_REPLY } from "../client";
import { addReplyArrayLen, addReplyBulk, addReplyBulkLongLong, addReplyError, addReplyLongLong,
  addReplyMapLen, addReplyNull, addReplyOK, addReplyProto } from "../resp/reply";
import { ERR_HASH_NOT_FLOAT, ERR_HASH_NOT_INTEGER, ERR_NAN_OR_INF, ERR_NOT_FLOAT, ERR_NOT_INTEGER,
  ERR_OVERFLOW, ERR_RANGE_LONG_SYMMETRIC, ERR_SYNTAX, ERR_VALUE_NAN_OR_INF, ERR_HRANDFIELD_RANGE } from "../resp/errors";
import { addDirty, dbAddEntry, dbDeleteEntry, lastHash, lookupKeyRead, lookupKeyWrite, lruClock } from "../db/db";
import { notifyKeyspaceEvent, NOTIFY_GENERIC, NOTIFY_HASH } from "../db/notify";
import { ENC_HT, ENC_LISTPACK, entryEncoding, entryNew, entryVal, OBJ_HASH, setEntryEncoding,
  setEntryVal } from "../db/object";
import { Dict, dictFairRandomNode, dictReleaseWithNodes, dictAddNode, dictBucketHead, dictCreateInline, dictFind, dictNodeNext,
  dictRelease, dictReplaceNode, dictScan, dictScanReset, dictShrinkIfNeeded, dictSize, dictTableSize,
  dictUnlinkNode, scanOut, scanOutCount } from "../ds/dict";
import { LP_INTBUF_SIZE, lpAppend, lpBytes, lpDeleteRangeWithEntry, lpDup, lpFind, lpFirst, lpFree,
  lpGet, lpGetBytes, lpInt, lpLength, lpNew, lpNext, lpRandomPair, lpRandomPairs, lpRandomPairsUnique,
  lpReplace, lpStrLen, lpStrPtr } from "../ds/listpack";
import { zfree, zmalloc, zmallocSize } from "../mem/alloc";
import { hashBytes, randomBelow } from "../util/hash";
import { ll2string, parsedLL, string2ll } from "../util/number";
import { stringmatchlen } from "../util/glob";
import { hincrbyfloat, INCRF_HASH_NOT_FLOAT, INCRF_NOT_FLOAT, LD_FINITE, LD_STR_MAX, ldKind,
  string2ld } from "../util/longdouble";
import { hashMaxListpackEntries, hashMaxListpackValue } from "../config";
import { argIs, checkType } from "./common";
import { parseScanCursorOrReply, parsedCursor, parseScanOptionsOrReply, scanOptCount, scanOptPat, scanOptPatLen, scanOptUsePattern } from "./keyspace";
import { propagateArg, propagateArgStr, propagateBegin, propagateEnd, propagationEnabled } from "../db/effects";
import { preventDefaultPropagation, replyWrongArity } from "../server";

// ---- hashtable nodes -------------------------------------------------------------------

const HN_KEYLEN: usize = 4;
const HN_VALLEN: usize = 8;
const HN_KEY: usize = 12;

@inline function nodeKey(n: usize): usize { return n + HN_KEY; }
@inline function nodeKeyLen(n: usize): u32 { return load<u32>(n + HN_KEYLEN); }
@inline function nodeValLen(n: usize): u32 { return load<u32>(n + HN_VALLEN); }
@inline function nodeVal(n: usize): usize { return n + HN_KEY + <usize>load<u32>(n + HN_KEYLEN); }

function nodeNew(fp: usize, fl: u32, vp: usize, vl: u32): usize {
  const n = zmalloc(HN_KEY + <usize>fl + <usize>vl);
  store<u32>(n, 0);
  store<u32>(n + HN_KEYLEN, fl);
  store<u32>(n + HN_VALLEN, vl);
  memory.copy(n + HN_KEY, fp, fl);
  memory.copy(n + HN_KEY + <usize>fl, vp, vl);
  return n;
}

function hashDictCreate(): Dict {
  return dictCreateInline(<u32>HN_KEY, <u32>HN_KEYLEN);
}

@inline function dictOf(e: usize): Dict {
  return changetype<Dict>(<usize>entryVal(e));
}

@inline function isListpack(e: usize): bool {
  return entryEncoding(e) == ENC_LISTPACK;
}

// ---- scratch ---------------------------------------------------------------------------

/** Integer elements read from a listpack are formatted here (one buffer per role). */
const KEYBUF: usize = memory.data(32);
const VALBUF: usize = memory.data(32);
/** HINCRBY's / HINCRBYFLOAT's new value text. */
const NUMBUF: usize = memory.data(LD_STR_MAX + 8);

/** The value found by the last successful hashTypeGetValue. */
export let hvPtr: usize = 0;
export let hvLen: u32 = 0;

// ---- value lifetime hooks (object.ts entryFree, db.ts entryDup) --------------------------

/** Frees a hash value structure (the entry hook). */
export function hashFreeValue(enc: u8, v: usize): void {
  if (enc == ENC_LISTPACK) {
    lpFree(v);
    return;
  }
  dictReleaseWithNodes(changetype<Dict>(v));
}

/** A deep copy of a hash value in the same encoding (COPY; Redis: hashTypeDup). */
export function hashDupValue(enc: u8, v: usize): usize {
  if (enc == ENC_LISTPACK) return lpDup(v);
  const src = changetype<Dict>(v);
  const dst = hashDictCreate();
  for (let t = 0; t < 2; t++) {
    const size = dictTableSize(src, t);
    for (let i: u64 = 0; i < size; i++) {
      for (let n = dictBucketHead(src, t, i); n != 0; n = dictNodeNext(n)) {
        const kl = nodeKeyLen(n);
        const fresh = nodeNew(nodeKey(n), kl, nodeVal(n), nodeValLen(n));
        dictAddNode(dst, fresh, hashBytes(nodeKey(n), kl));
      }
    }
  }
  return changetype<usize>(dst);
}

// ---- the hash type API (Redis: hashType*) -------------------------------------------------

/** Number of fields (Redis: hashTypeLength; may write back a saturated listpack count). */
export function hashTypeLength(e: usize): u64 {
  if (isListpack(e)) return <u64>(lpLength(<usize>entryVal(e)) >> 1);
  return dictSize(dictOf(e));
}

/** The listpack entry of field (fp, fl), or 0. */
function lpFindField(lp: usize, fp: usize, fl: u32): usize {
  const first = lpFirst(lp);
  return first == 0 ? 0 : lpFind(lp, first, fp, fl, 1);
}

/** Finds a field; on success its value is at hvPtr / hvLen (Redis: hashTypeGetValue). */
export function hashTypeGetValue(e: usize, fp: usize, fl: u32): bool {
  if (isListpack(e)) {
    const lp = <usize>entryVal(e);
    const f = lpFindField(lp, fp, fl);
    if (f == 0) return false;
    lpGetBytes(lpNext(lp, f), VALBUF);
    hvPtr = lpStrPtr;
    hvLen = lpStrLen;
    return true;
  }
  const n = dictFind(dictOf(e), fp, fl, hashBytes(fp, fl));
  if (n == 0) return false;
  hvPtr = nodeVal(n);
  hvLen = nodeValLen(n);
  return true;
}

export function hashTypeExists(e: usize, fp: usize, fl: u32): bool {
  if (isListpack(e)) return lpFindField(<usize>entryVal(e), fp, fl) != 0;
  return dictFind(dictOf(e), fp, fl, hashBytes(fp, fl)) != 0;
}

/** Converts a listpack hash to a hashtable (Redis: hashTypeConvertListpack). */
export function hashTypeConvert(e: usize): void {
  if (!isListpack(e)) return;
  const lp = <usize>entryVal(e);
  const d = hashDictCreate();
  let p = lpFirst(lp);
  while (p != 0) {
    lpGetBytes(p, KEYBUF);
    const fp = lpStrPtr;
    const fl = lpStrLen;
    const q = lpNext(lp, p);
    lpGetBytes(q, VALBUF);
    dictAddNode(d, nodeNew(fp, fl, lpStrPtr, lpStrLen), hashBytes(fp, fl));
    p = lpNext(lp, q);
  }
  lpFree(lp);
  setEntryVal(e, <u32>changetype<usize>(d));
  setEntryEncoding(e, ENC_HT);
}

/** Listpacks are kept below 1 GB (Redis: lpSafeToAdd, LISTPACK_MAX_SAFETY_SIZE). */
@inline function lpSafeToAdd(lp: usize, add: u64): bool {
  return <u64>lpBytes(lp) + add <= (<u64>1 << 30);
}

/**
 * Converts to a hashtable before a write whose arguments from..to (fields and values) would
 * not fit the listpack limits (Redis: hashTypeTryConversion).
 */
export function hashTypeTryConversion(e: usize, c: Client, from: i32, to: i32): void {
  if (!isListpack(e)) return;
  let sum: u64 = 0;
  for (let i = from; i <= to; i++) {
    const n = argLen(c, i);
    if (<i64>n > hashMaxListpackValue) {
      hashTypeConvert(e);
      return;
    }
    sum += <u64>n;
  }
  if (!lpSafeToAdd(<usize>entryVal(e), sum)) hashTypeConvert(e);
}

/**
 * Sets field to value, creating it if needed (Redis: hashTypeSet). Returns true if the
 * field existed (an update). May convert the hash to a hashtable (see the file comment).
 */
export function hashTypeSet(e: usize, fp: usize, fl: u32, vp: usize, vl: u32): bool {
  if (isListpack(e) && (<i64>fl > hashMaxListpackValue || <i64>vl > hashMaxListpackValue)) {
    hashTypeConvert(e);
  }
  if (isListpack(e)) {
    let lp = <usize>entryVal(e);
    let update = false;
    const f = lpFindField(lp, fp, fl);
    if (f != 0) {
      lp = lpReplace(lp, lpNext(lp, f), vp, vl);
      update = true;
    } else {
      lp = lpAppend(lp, fp, fl);
      lp = lpAppend(lp, vp, vl);
    }
    setEntryVal(e, <u32>lp);
    if (<i64>hashTypeLength(e) > hashMaxListpackEntries) hashTypeConvert(e);
    return update;
  }
  const d = dictOf(e);
  const h = hashBytes(fp, fl);
  const n = dictFind(d, fp, fl, h);
  if (n == 0) {
    dictAddNode(d, nodeNew(fp, fl, vp, vl), h);
    return false;
  }
  // Overwrite the value in place when the node's block fits it without wasting much.
  const cap = zmallocSize(n) - HN_KEY - <usize>fl;
  if (<usize>vl <= cap && (cap <= 32 || <usize>vl * 2 >= cap)) {
    memory.copy(nodeVal(n), vp, vl);
    store<u32>(n + HN_VALLEN, vl);
  } else {
    const fresh = nodeNew(fp, fl, vp, vl);
    dictReplaceNode(d, n, fresh, h);
    zfree(n);
  }
  return true;
}

/** Removes a field; true if it existed (Redis: hashTypeDelete). */
export function hashTypeDelete(e: usize, fp: usize, fl: u32): bool {
  if (isListpack(e)) {
    const lp = <usize>entryVal(e);
    const f = lpFindField(lp, fp, fl);
    if (f == 0) return false;
    setEntryVal(e, <u32>lpDeleteRangeWithEntry(lp, f, 2));
    return true;
  }
  const d = dictOf(e);
  const h = hashBytes(fp, fl);
  const n = dictFind(d, fp, fl, h);
  if (n == 0) return false;
  dictUnlinkNode(d, n, h);
  zfree(n);
  dictShrinkIfNeeded(d);
  return true;
}

// ---- reply helpers -----------------------------------------------------------------------

/** Replies a listpack element as a bulk string (integers in decimal). */
@inline function addReplyLpElement(c: Client, p: usize): void {
  if (lpGet(p)) addReplyBulk(c, lpStrPtr, lpStrLen);
  else addReplyBulkLongLong(c, lpInt);
}

const WITH_KEYS: i32 = 1;
const WITH_VALUES: i32 = 2;

/** Replies every field and/or value in iteration order (Redis: genericHgetallCommand's loop). */
function replyAll(c: Client, e: usize, what: i32, nested: bool): void {
  if (isListpack(e)) {
    const lp = <usize>entryVal(e);
    let p = lpFirst(lp);
    while (p != 0) {
      const v = lpNext(lp, p);
      if (nested) addReplyArrayLen(c, 2);
      if ((what & WITH_KEYS) != 0) addReplyLpElement(c, p);
      if ((what & WITH_VALUES) != 0) addReplyLpElement(c, v);
      p = lpNext(lp, v);
    }
    return;
  }
  const d = dictOf(e);
  for (let t = 0; t < 2; t++) {
    const size = dictTableSize(d, t);
    for (let i: u64 = 0; i < size; i++) {
      for (let n = dictBucketHead(d, t, i); n != 0; n = dictNodeNext(n)) {
        if (nested) addReplyArrayLen(c, 2);
        if ((what & WITH_KEYS) != 0) addReplyBulk(c, nodeKey(n), nodeKeyLen(n));
        if ((what & WITH_VALUES) != 0) addReplyBulk(c, nodeVal(n), nodeValLen(n));
      }
    }
  }
}

/**
 * The hash at argv[1] for writing, created empty if absent (Redis:
 * hashTypeLookupWriteOrCreate). Returns 0 after replying WRONGTYPE.
 */
function lookupWriteOrCreate(c: Client): usize {
  const kp = argPtr(c, 1);
  const kl = argLen(c, 1);
  let e = lookupKeyWrite(c.db, kp, kl);
  if (checkType(c, e, OBJ_HASH)) return 0;
  if (e == 0) {
    e = entryNew(kp, kl, OBJ_HASH, ENC_LISTPACK, 0, lruClock);
    setEntryVal(e, <u32>lpNew());
    dbAddEntry(c.db, e, lastHash);
  }
  return e;
}

/** The hash at argv[1] for reading; 0 if absent (replies `missing`) or not a hash. */
function lookupReadOrReply(c: Client, missing: string): usize {
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (e == 0) {
    addReplyProto(c, missing);
    return 0;
  }
  if (checkType(c, e, OBJ_HASH)) return 0;
  return e;
}

// ---- HSET HMSET HSETNX -----------------------------------------------------------------

function hsetGeneric(c: Client): i64 {
  if ((c.argc & 1) == 1) {
    replyWrongArity(c, c.lastCmd);
    return -1;
  }
  const e = lookupWriteOrCreate(c);
  if (e == 0) return -1;
  hashTypeTryConversion(e, c, 2, c.argc - 1);
  let created: i64 = 0;
  for (let i = 2; i < c.argc; i += 2) {
    if (!hashTypeSet(e, argPtr(c, i), argLen(c, i), argPtr(c, i + 1), argLen(c, i + 1))) created++;
  }
  addDirty(<u64>((c.argc - 2) / 2));
  notifyKeyspaceEvent(NOTIFY_HASH, "hset", argPtr(c, 1), argLen(c, 1), c.dbIndex);
  return created;
}

/** HSET key field value [field value ...]: the number of fields created. */
export function hsetCommand(c: Client): void {
  const created = hsetGeneric(c);
  if (created >= 0) addReplyLongLong(c, created);
}

/** HMSET key field value [field value ...]: +OK (deprecated form of HSET). */
export function hmsetCommand(c: Client): void {
  if (hsetGeneric(c) >= 0) addReplyOK(c);
}

export function hsetnxCommand(c: Client): void {
  const e = lookupWriteOrCreate(c);
  if (e == 0) return;
  if (hashTypeExists(e, argPtr(c, 2), argLen(c, 2))) {
    addReplyProto(c, ":0\r\n");
    return;
  }
  hashTypeTryConversion(e, c, 2, 3);
  hashTypeSet(e, argPtr(c, 2), argLen(c, 2), argPtr(c, 3), argLen(c, 3));
  addDirty(1);
  notifyKeyspaceEvent(NOTIFY_HASH, "hset", argPtr(c, 1), argLen(c, 1), c.dbIndex);
  addReplyProto(c, ":1\r\n");
}

// ---- HGET HMGET HEXISTS HSTRLEN HLEN -----------------------------------------------------

/** Replies the value of field (fp, fl) or null (Redis: addHashFieldToReply). */
function addHashFieldToReply(c: Client, e: usize, fp: usize, fl: u32): void {
  if (e != 0 && hashTypeGetValue(e, fp, fl)) addReplyBulk(c, hvPtr, hvLen);
  else addReplyNull(c);
}

export function hgetCommand(c: Client): void {
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (e == 0) {
    addReplyNull(c);
    return;
  }
  if (checkType(c, e, OBJ_HASH)) return;
  addHashFieldToReply(c, e, argPtr(c, 2), argLen(c, 2));
}

export function hmgetCommand(c: Client): void {
  // A missing key is an empty hash: one null per field.
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (checkType(c, e, OBJ_HASH)) return;
  addReplyArrayLen(c, c.argc - 2);
  for (let i = 2; i < c.argc; i++) addHashFieldToReply(c, e, argPtr(c, i), argLen(c, i));
}

export function hexistsCommand(c: Client): void {
  const e = lookupReadOrReply(c, ":0\r\n");
  if (e == 0) return;
  addReplyProto(c, hashTypeExists(e, argPtr(c, 2), argLen(c, 2)) ? ":1\r\n" : ":0\r\n");
}

export function hstrlenCommand(c: Client): void {
  const e = lookupReadOrReply(c, ":0\r\n");
  if (e == 0) return;
  addReplyLongLong(c, hashTypeGetValue(e, argPtr(c, 2), argLen(c, 2)) ? <i64>hvLen : 0);
}

export function hlenCommand(c: Client): void {
  const e = lookupReadOrReply(c, ":0\r\n");
  if (e == 0) return;
  addReplyLongLong(c, <i64>hashTypeLength(e));
}

// ---- HDEL ------------------------------------------------------------------------------

export function hdelCommand(c: Client): void {
  const e = lookupKeyWrite(c.db, argPtr(c, 1), argLen(c, 1));
  const h = lastHash;
  if (e == 0) {
    addReplyProto(c, ":0\r\n");
    return;
  }
  if (checkType(c, e, OBJ_HASH)) return;
  let deleted: i64 = 0;
  let keyRemoved = false;
  for (let j = 2; j < c.argc; j++) {
    if (hashTypeDelete(e, argPtr(c, j), argLen(c, j))) {
      deleted++;
      if (hashTypeLength(e) == 0) {
        dbDeleteEntry(c.db, e, h);
        keyRemoved = true;
        break;
      }
    }
  }
  if (deleted > 0) {
    addDirty(<u64>deleted);
    notifyKeyspaceEvent(NOTIFY_HASH, "hdel", argPtr(c, 1), argLen(c, 1), c.dbIndex);
    if (keyRemoved) notifyKeyspaceEvent(NOTIFY_GENERIC, "del", argPtr(c, 1), argLen(c, 1), c.dbIndex);
  }
  addReplyLongLong(c, deleted);
}

// ---- HKEYS HVALS HGETALL -----------------------------------------------------------------

function genericHgetall(c: Client, what: i32): void {
  const both = what == (WITH_KEYS | WITH_VALUES);
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (e == 0) {
    // Redis: shared.emptymap[resp] for HGETALL, shared.emptyarray otherwise.
    addReplyProto(c, both && c.resp >= 3 ? "%0\r\n" : "*0\r\n");
    return;
  }
  if (checkType(c, e, OBJ_HASH)) return;
  const n = <i64>hashTypeLength(e);
  if (both) addReplyMapLen(c, n);
  else addReplyArrayLen(c, n);
  replyAll(c, e, what, false);
}

export function hkeysCommand(c: Client): void { genericHgetall(c, WITH_KEYS); }
export function hvalsCommand(c: Client): void { genericHgetall(c, WITH_VALUES); }
export function hgetallCommand(c: Client): void { genericHgetall(c, WITH_KEYS | WITH_VALUES); }

// ---- HINCRBY HINCRBYFLOAT ------------------------------------------------------------------

export function hincrbyCommand(c: Client): void {
  if (!string2ll(argPtr(c, 3), <i32>argLen(c, 3))) {
    addReplyError(c, ERR_NOT_INTEGER);
    return;
  }
  const incr = parsedLL;
  const e = lookupWriteOrCreate(c);
  if (e == 0) return;
  let value: i64 = 0;
  if (hashTypeGetValue(e, argPtr(c, 2), argLen(c, 2))) {
    if (!string2ll(hvPtr, <i32>hvLen)) {
      addReplyError(c, ERR_HASH_NOT_INTEGER);
      return;
    }
    value = parsedLL;
  }
  if ((incr < 0 && value < 0 && incr < i64.MIN_VALUE - value) ||
      (incr > 0 && value > 0 && incr > i64.MAX_VALUE - value)) {
    addReplyError(c, ERR_OVERFLOW);
    return;
  }
  value += incr;
  const n = ll2string(NUMBUF, value);
  hashTypeSet(e, argPtr(c, 2), argLen(c, 2), NUMBUF, <u32>n);
  addReplyLongLong(c, value);
  addDirty(1);
  notifyKeyspaceEvent(NOTIFY_HASH, "hincrby", argPtr(c, 1), argLen(c, 1), c.dbIndex);
}

/**
 * HINCRBYFLOAT key field increment: x87 long double arithmetic (util/longdouble.ts), the
 * result stored and replied as "%.17Lf" trimmed, and propagated as `HSET key field <result>`.
 */
export function hincrbyfloatCommand(c: Client): void {
  const ip = argPtr(c, 3);
  const il = <i32>argLen(c, 3);
  if (!string2ld(ip, il)) {
    addReplyError(c, ERR_NOT_FLOAT);
    return;
  }
  if (ldKind != LD_FINITE) {
    addReplyError(c, ERR_VALUE_NAN_OR_INF);
    return;
  }
  const e = lookupWriteOrCreate(c);
  if (e == 0) return;
  const fp = argPtr(c, 2);
  const fl = argLen(c, 2);
  const found = hashTypeGetValue(e, fp, fl);
  const n = hincrbyfloat(found ? hvPtr : 0, found ? <i32>hvLen : -1, ip, il, NUMBUF);
  if (n < 0) {
    addReplyError(c, n == INCRF_HASH_NOT_FLOAT ? ERR_HASH_NOT_FLOAT : n == INCRF_NOT_FLOAT ? ERR_NOT_FLOAT : ERR_NAN_OR_INF);
    return;
  }
  hashTypeSet(e, fp, fl, NUMBUF, <u32>n);
  addReplyBulk(c, NUMBUF, <u32>n);
  addDirty(1);
  notifyKeyspaceEvent(NOTIFY_HASH, "hincrbyfloat", argPtr(c, 1), argLen(c, 1), c.dbIndex);
  if (propagationEnabled) {
    propagateBegin(c.dbIndex, 4);
    propagateArgStr("HSET");
    propagateArg(argPtr(c, 1), argLen(c, 1));
    propagateArg(fp, fl);
    propagateArg(NUMBUF, <u32>n);
    propagateEnd();
    preventDefaultPropagation();
  }
}

// ---- HRANDFIELD ----------------------------------------------------------------------------


/** Redis's HRANDFIELD_SUB_STRATEGY_MUL and HRANDFIELD_RANDOM_SAMPLE_LIMIT. */
const SUB_STRATEGY_MUL: u64 = 3;
const RANDOM_SAMPLE_LIMIT: u32 = 1000;
/** Replies stop growing past this (Redis stops when the client is marked CLOSE_ASAP). */
const REPLY_GUARD: u32 = 1 << 30;

let sampleBuf: usize = 0;

function replyPickedLp(c: Client, lp: usize, out: usize, n: u32, withvalues: bool): void {
  for (let i: u32 = 0; i < n; i++) {
    const p = <usize>load<u32>(out + (<usize>i << 2));
    if (withvalues && c.resp > 2) addReplyArrayLen(c, 2);
    addReplyLpElement(c, p);
    if (withvalues) addReplyLpElement(c, lpNext(lp, p));
  }
}

@inline function replyNode(c: Client, n: usize, withvalues: bool): void {
  if (withvalues && c.resp > 2) addReplyArrayLen(c, 2);
  addReplyBulk(c, nodeKey(n), nodeKeyLen(n));
  if (withvalues) addReplyBulk(c, nodeVal(n), nodeValLen(n));
}

function hrandfieldWithCount(c: Client, l: i64, withvalues: bool): void {
  const e = lookupReadOrReply(c, "*0\r\n");
  if (e == 0) return;
  const size = hashTypeLength(e);
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

  // CASE 1: negative count (or 1): independent picks, in random order.
  if (!uniq || count == 1) {
    addReplyArrayLen(c, <i64>(withvalues && c.resp == 2 ? count * 2 : count));
    if (!isListpack(e)) {
      const d = dictOf(e);
      while (count-- > 0) {
        replyNode(c, dictFairRandomNode(d), withvalues);
        if (c.olen > REPLY_GUARD) {
          c.flags |= CLIENT_CLOSE_AFTER_REPLY;
          break;
        }
      }
      return;
    }
    const lp = <usize>entryVal(e);
    if (sampleBuf == 0) sampleBuf = zmalloc(<usize>RANDOM_SAMPLE_LIMIT << 2);
    while (count > 0) {
      const batch = count > <u64>RANDOM_SAMPLE_LIMIT ? RANDOM_SAMPLE_LIMIT : <u32>count;
      count -= <u64>batch;
      lpRandomPairs(lp, <u32>size, batch, sampleBuf);
      replyPickedLp(c, lp, sampleBuf, batch, withvalues);
      if (c.olen > REPLY_GUARD) {
        c.flags |= CLIENT_CLOSE_AFTER_REPLY;
        break;
      }
    }
    return;
  }

  const replySize = count < size ? count : size;
  addReplyArrayLen(c, <i64>(withvalues && c.resp == 2 ? replySize * 2 : replySize));

  // CASE 2: at least as many as there are: the whole hash.
  if (count >= size) {
    replyAll(c, e, withvalues ? WITH_KEYS | WITH_VALUES : WITH_KEYS, withvalues && c.resp > 2);
    return;
  }

  // CASE 2.5: listpack: selection sampling, one pass, listpack order.
  if (isListpack(e)) {
    const lp = <usize>entryVal(e);
    const out = zmalloc(<usize>count << 2);
    const picked = lpRandomPairsUnique(lp, <u32>size, <u32>count, out);
    replyPickedLp(c, lp, out, picked, withvalues);
    zfree(out);
    return;
  }

  const d = dictOf(e);
  if (count * SUB_STRATEGY_MUL > size) {
    // CASE 3: most of the hash: take every node, keep a random `count` of them
    // (a partial Fisher-Yates shuffle).
    const all = zmalloc(<usize>size << 2);
    let k: usize = 0;
    for (let t = 0; t < 2; t++) {
      const ts = dictTableSize(d, t);
      for (let i: u64 = 0; i < ts; i++) {
        for (let n = dictBucketHead(d, t, i); n != 0; n = dictNodeNext(n)) {
          store<u32>(all + (k << 2), <u32>n);
          k++;
        }
      }
    }
    for (let i: u64 = 0; i < count; i++) {
      const j = i + randomBelow(size - i);
      const a = load<u32>(all + (<usize>i << 2));
      store<u32>(all + (<usize>i << 2), load<u32>(all + (<usize>j << 2)));
      store<u32>(all + (<usize>j << 2), a);
      replyNode(c, <usize>load<u32>(all + (<usize>i << 2)), withvalues);
    }
    zfree(all);
    return;
  }

  // CASE 4: few of many: random picks, skipping repeats (open-addressing set of nodes).
  let cap: u64 = 16;
  while (cap < count * 2) cap <<= 1;
  const seen = zmalloc(<usize>cap << 2);
  memory.fill(seen, 0, <usize>cap << 2);
  const mask = cap - 1;
  let added: u64 = 0;
  while (added < count) {
    const n = dictFairRandomNode(d);
    let slot = (<u64>(<u32>n) * 0x9e3779b1) & mask;
    let dup = false;
    while (true) {
      const cur = load<u32>(seen + (<usize>slot << 2));
      if (cur == 0) break;
      if (cur == <u32>n) {
        dup = true;
        break;
      }
      slot = (slot + 1) & mask;
    }
    if (dup) continue;
    store<u32>(seen + (<usize>slot << 2), <u32>n);
    replyNode(c, n, withvalues);
    added++;
  }
  zfree(seen);
}

/** HRANDFIELD key [count [WITHVALUES]] */
export function hrandfieldCommand(c: Client): void {
  if (c.argc >= 3) {
    // getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX)
    if (!string2ll(argPtr(c, 2), <i32>argLen(c, 2))) {
      addReplyError(c, ERR_NOT_INTEGER);
      return;
    }
    const l = parsedLL;
    if (l == i64.MIN_VALUE) {
      addReplyError(c, ERR_RANGE_LONG_SYMMETRIC);
      return;
    }
    let withvalues = false;
    if (c.argc > 4 || (c.argc == 4 && !argIs(c, 3, "withvalues"))) {
      addReplyError(c, ERR_SYNTAX);
      return;
    } else if (c.argc == 4) {
      withvalues = true;
      if (l < -(i64.MAX_VALUE / 2) || l > i64.MAX_VALUE / 2) {
        addReplyError(c, ERR_HRANDFIELD_RANGE);
        return;
      }
    }
    hrandfieldWithCount(c, l, withvalues);
    return;
  }
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (e == 0) {
    addReplyNull(c);
    return;
  }
  if (checkType(c, e, OBJ_HASH)) return;
  if (isListpack(e)) {
    const lp = <usize>entryVal(e);
    addReplyLpElement(c, lpRandomPair(lp, <u32>hashTypeLength(e)));
  } else {
    const n = dictFairRandomNode(dictOf(e));
    addReplyBulk(c, nodeKey(n), nodeKeyLen(n));
  }
}

// ---- HSCAN ---------------------------------------------------------------------------------

/** HSCAN key cursor [MATCH pattern] [COUNT count] (Redis: scanGenericCommand on a hash). */
export function hscanCommand(c: Client): void {
  if (!parseScanCursorOrReply(c, 2)) return;
  let cursor = parsedCursor;
  const e = lookupReadOrReply(c, "*2\r\n$1\r\n0\r\n*0\r\n");
  if (e == 0) return;
  // Options are parsed after the lookup, as Redis does.
  if (!parseScanOptionsOrReply(c, 3)) return;
  let count: i64 = scanOptCount;
  let pat: usize = scanOptPat;
  let patLen: u32 = scanOptPatLen;
  let usePattern = scanOptUsePattern;

  addReplyArrayLen(c, 2);
  if (isListpack(e)) {
    // A listpack is returned whole in one call, cursor 0.
    addReplyBulk(c, changetype<usize>(memory.data<u8>([0x30])), 1);
    const lp = <usize>entryVal(e);
    let n: i64 = 0;
    if (!usePattern) {
      n = <i64>lpLength(lp);
      addReplyArrayLen(c, n);
      for (let p = lpFirst(lp); p != 0; p = lpNext(lp, p)) addReplyLpElement(c, p);
      return;
    }
    // Count the matches first (the reply header comes before the elements).
    for (let p = lpFirst(lp); p != 0; p = lpNext(lp, lpNext(lp, p))) {
      lpGetBytes(p, KEYBUF);
      if (stringmatchlen(pat, <i32>patLen, lpStrPtr, <i32>lpStrLen, false)) n++;
    }
    addReplyArrayLen(c, n * 2);
    for (let p = lpFirst(lp); p != 0; p = lpNext(lp, lpNext(lp, p))) {
      lpGetBytes(p, KEYBUF);
      if (!stringmatchlen(pat, <i32>patLen, lpStrPtr, <i32>lpStrLen, false)) continue;
      addReplyLpElement(c, p);
      addReplyLpElement(c, lpNext(lp, p));
    }
    return;
  }

  // Hashtable: Redis doubles count (a field and its value per node) and visits at most
  // 10 * count buckets; the arithmetic wraps as C's long does.
  const d = dictOf(e);
  const count2 = count * 2;
  let maxIterations = count2 * 10;
  dictScanReset();
  do {
    cursor = dictScan(d, cursor);
  } while (cursor != 0 && maxIterations-- != 0 && <u64>(<i64>scanOutCount * 2) < <u64>count2);
  addReplyBulkLongLong(c, <i64>cursor);
  const collected = scanOutCount;
  let n: i64 = 0;
  for (let k = 0; k < collected; k++) {
    const node = <usize>load<u32>(scanOut + (<usize>k << 2));
    if (!usePattern || stringmatchlen(pat, <i32>patLen, nodeKey(node), <i32>nodeKeyLen(node), false)) n++;
  }
  addReplyArrayLen(c, n * 2);
  for (let k = 0; k < collected; k++) {
    const node = <usize>load<u32>(scanOut + (<usize>k << 2));
    if (usePattern && !stringmatchlen(pat, <i32>patLen, nodeKey(node), <i32>nodeKeyLen(node), false)) continue;
    addReplyBulk(c, nodeKey(node), nodeKeyLen(node));
    addReplyBulk(c, nodeVal(node), nodeValLen(node));
  }
}
