// set.ts — the set type (Redis: t_set.c, and the set parts of object.c and db.c).
//
// Encodings, as Redis 7.0.15 reports and converts them (OBJECT ENCODING):
//
//   intset     while every member is an integer in canonical form (string2ll: "12", "-3",
//              not "012", "+1", "-0" or anything beyond i64) and the set has at most
//              set-max-intset-entries members. The value is Redis's own intset block
//              (ds/intset.ts): sorted, so these sets reply in ascending order exactly as
//              redis-server does.
//   hashtable  otherwise, for good (Redis never converts back): a dict (ds/dict.ts) whose
//              nodes are single blocks {next u32, len u32, member bytes}, the member inline.
//              A 3-byte member costs one 16-byte block, against Redis's dictEntry + sds
//              (~40 bytes), which is most of why a 10-member set takes about half of
//              Redis's memory.
//
// A set key's entry (db/object.ts) holds the pointer to the intset block or the Dict; an
// intset may move when it grows, so every mutation goes through the set*(e, ...) helpers
// below, which store the new pointer back into the entry. Members arrive as argument bytes;
// an intset member is an i64 that is formatted (ll2string) only when it has to meet bytes:
// replies, lookups in a hashtable set, conversions.
//
// Commands follow t_set.c step by step, because the order of checks decides which error a
// bad call gets and which keys count a keyspace hit or miss (SINTER and friends read their
// sources with lookupKeyRead, also in the STORE forms; SPOP, SREM, SMOVE look up for
// write). The multi-set commands build their result the way Redis does, because the result's
// encoding is observable: SUNION / SDIFF (and SPOP of a whole set) collect into a fresh set
// that starts as an intset and converts on the first non-integer or past the limit, then
// reply from it, so their replies are sorted whenever Redis's are; SINTER iterates the
// smallest source (by cardinality, stably) and probes the others, so intersecting two
// 1M-member sets costs one walk of the smaller dict and one hash + probe per member (the
// member's hash is computed once and reused for every hashtable probed). *STORE
// destinations get exactly the encoding that adding the result one by one gives in Redis.
//
// Random members (SRANDMEMBER, SPOP): counts, uniqueness and repetition follow Redis's cases
// (a negative count repeats, a positive one never does, count >= size gives the whole set,
// SPOP rebuilds the set from its survivors when most of it goes); which members come back
// cannot match Redis's byte for byte. A hashtable member is drawn uniformly by rejection
// sampling over (bucket, chain position), where Redis's dictGetFairRandomKey only
// approximates fairness. Unique picks are made by index (intset) or node pointer
// (hashtable): a partial Fisher-Yates shuffle when most of the set is wanted, otherwise
// random draws de-duplicated in a small open-addressing table.
//
// Propagation (AOF / replicas) as Redis 7.0.15 writes it: SPOP becomes `SREM key member`,
// SPOP with a count one SREM per popped member (wrapped in MULTI/EXEC when there is more
// than one, as Redis wraps a command's several propagated commands), or DEL (UNLINK with
// lazyfree-lazy-server-del) when the whole set is popped. Everything else propagates as sent.

import { argLen, argPtr, Client } from "../client";
import { addReplyArrayLen, addReplyBulk, addReplyBulkLongLong, addReplyDeferredLen, addReplyError,
  addReplyLongLong, addReplyNull, addReplyProto, addReplySetLen, setDeferredArrayLen,
  setDeferredSetLen } from "../resp/reply";
import { ERR_LIMIT_NEGATIVE, ERR_NOT_INTEGER, ERR_NUMKEYS_POSITIVE, ERR_NUMKEYS_TOO_MANY, ERR_POSITIVE,
  ERR_RANGE_LONG_SYMMETRIC, ERR_SYNTAX } from "../resp/errors";
import { addDirty, dbAddEntry, dbDeleteEntry, lastHash, lookupKeyRead, lookupKeyWrite, lruClock } from "../db/db";
import { notifyKeyspaceEvent, NOTIFY_GENERIC, NOTIFY_SET, setOverwriting } from "../db/notify";
import { CMD_SINTERSTORE, CMD_SUNIONSTORE } from "../commands/table.gen";
import { ENC_HT, ENC_INTSET, entryEncoding, entryNew, entryVal, OBJ_SET, setEntryEncoding,
  setEntryVal } from "../db/object";
import { Dict, dictFairRandomNode, dictReleaseWithNodes, dictAddNode, dictBucketHead, dictCreateInline, dictFind, dictNodeNext, dictRelease, dictScan, dictScanReset, dictShrinkIfNeeded, dictSize, dictTableSize, dictUnlinkNode,
  scanOut, scanOutCount } from "../ds/dict";
import { intsetAdd, intsetAdded, intsetDup, intsetFind, intsetFree, intsetGet, intsetLen, intsetNew,
  intsetRandom, intsetRemove, intsetRemoved } from "../ds/intset";
import { zfree, zmalloc, zrealloc } from "../mem/alloc";
import { hashBytes, randomBelow } from "../util/hash";
import { ll2string, parsedLL, string2ll, ull2string } from "../util/number";
import { stringmatchlen } from "../util/glob";
import { argInt, argIs, checkType, getRangeLongOrReply } from "./common";
import { parseScanCursorOrReply, parsedCursor, parseScanOptionsOrReply, scanOptCount, scanOptPat, scanOptPatLen, scanOptUsePattern } from "./keyspace";
import { setMaxIntsetEntries, lazyfreeLazyServerDel } from "../config";
import { propagateArg, propagateArgStr, propagateBegin, propagateEnd, propagationEnabled } from "../db/effects";
import { preventDefaultPropagation } from "../server";

// ---- hashtable nodes ---------------------------------------------------------------------

const NODE_LEN_OFF: usize = 4;
const NODE_KEY_OFF: usize = 8;

@inline function nodeKey(node: usize): usize { return node + NODE_KEY_OFF; }
@inline function nodeLen(node: usize): u32 { return load<u32>(node + NODE_LEN_OFF); }

function nodeNew(p: usize, n: u32): usize {
  const node = zmalloc(NODE_KEY_OFF + <usize>n);
  store<u32>(node, 0);
  store<u32>(node + NODE_LEN_OFF, n);
  memory.copy(node + NODE_KEY_OFF, p, n);
  return node;
}

@inline function setDictCreate(): Dict {
  return dictCreateInline(<u32>NODE_KEY_OFF, <u32>NODE_LEN_OFF);
}

/** Scratch for formatting one integer member (at most 20 bytes). */
const intBuf: usize = memory.data(32);
/** Scratch for SPOP's member and SSCAN's cursor. */
const numBuf: usize = memory.data(32);

// ---- value lifetime (entryFree / entryDup hooks) ------------------------------------------

/** Frees a set value: the intset block, or every node and then the dict (entryFree). */
export function setFreeValue(enc: u8, v: usize): void {
  if (enc == ENC_INTSET) {
    intsetFree(v);
    return;
  }
  dictReleaseWithNodes(changetype<Dict>(v));
}

/** A deep copy of a set value in the same encoding (COPY; Redis: setTypeDup). */
export function setDupValue(enc: u8, v: usize): usize {
  if (enc == ENC_INTSET) return intsetDup(v);
  const d = changetype<Dict>(v);
  const copy = setDictCreate();
  for (let t = 0; t < 2; t++) {
    const size = dictTableSize(d, t);
    for (let i: u64 = 0; i < size; i++) {
      for (let n = dictBucketHead(d, t, i); n != 0; n = dictNodeNext(n)) {
        const fresh = nodeNew(nodeKey(n), nodeLen(n));
        dictAddNode(copy, fresh, hashBytes(nodeKey(fresh), nodeLen(fresh)));
      }
    }
  }
  return changetype<usize>(copy);
}

// ---- the set object (Redis: setType*) --------------------------------------------------------

@inline function setDict(e: usize): Dict { return changetype<Dict>(<usize>entryVal(e)); }
@inline function setIntset(e: usize): usize { return <usize>entryVal(e); }

/**
 * A new entry for key (kp, kl) holding an empty set of the encoding Redis's setTypeCreate
 * picks for its first member (mp, ml): intset if it is an integer, else hashtable. Temporary
 * result sets are entries too (kl = 0 when they are never stored).
 */
function setTypeCreate(kp: usize, kl: u32, mp: usize, ml: u32): usize {
  if (string2ll(mp, <i32>ml)) return setNewIntset(kp, kl);
  const e = entryNew(kp, kl, OBJ_SET, ENC_HT, 0, lruClock);
  setEntryVal(e, changetype<u32>(setDictCreate()));
  return e;
}

/** An entry holding an empty intset (Redis: createIntsetObject). */
export function setNewIntset(kp: usize, kl: u32): usize {
  const e = entryNew(kp, kl, OBJ_SET, ENC_INTSET, 0, lruClock);
  setEntryVal(e, <u32>intsetNew());
  return e;
}

/** Frees a temporary set entry (value included). */
@inline function setTempFree(e: usize): void {
  setFreeValue(entryEncoding(e), <usize>entryVal(e));
  zfree(e);
}

function setTypeSize(e: usize): u64 {
  if (entryEncoding(e) == ENC_INTSET) return <u64>intsetLen(setIntset(e));
  return dictSize(setDict(e));
}

/** An entry holding an empty hashtable set (Redis: createSetObject; RDB loading). */
export function setNewHashtable(kp: usize, kl: u32): usize {
  const e = entryNew(kp, kl, OBJ_SET, ENC_HT, 0, lruClock);
  setEntryVal(e, changetype<u32>(setDictCreate()));
  return e;
}

/** intset -> hashtable, every member formatted once (Redis: setTypeConvert). */
export function setTypeConvert(e: usize): void {
  const is = setIntset(e);
  const d = setDictCreate();
  const len = intsetLen(is);
  for (let i: u32 = 0; i < len; i++) {
    const n = <u32>ll2string(intBuf, intsetGet(is, i));
    dictAddNode(d, nodeNew(intBuf, n), hashBytes(intBuf, n));
  }
  intsetFree(is);
  setEntryVal(e, changetype<u32>(d));
  setEntryEncoding(e, ENC_HT);
}

/** Adds a member whose hash h is known to a hashtable set; false if present. */
function htAdd(d: Dict, p: usize, n: u32, h: u32): bool {
  if (dictFind(d, p, n, h) != 0) return false;
  dictAddNode(d, nodeNew(p, n), h);
  return true;
}

/** Adds member v to an intset set, converting past set-max-intset-entries. */
function intsetSetAdd(e: usize, v: i64): bool {
  const is = intsetAdd(setIntset(e), v);
  setEntryVal(e, <u32>is);
  if (!intsetAdded) return false;
  if (<i64>intsetLen(is) > setMaxIntsetEntries) setTypeConvert(e);
  return true;
}

/** Adds member (p, n); false if it was already there (Redis: setTypeAdd). */
export function setTypeAdd(e: usize, p: usize, n: u32): bool {
  if (entryEncoding(e) == ENC_HT) return htAdd(setDict(e), p, n, hashBytes(p, n));
  if (string2ll(p, <i32>n)) return intsetSetAdd(e, parsedLL);
  // Not an integer: the set becomes a hashtable, where the member is certainly new.
  setTypeConvert(e);
  dictAddNode(setDict(e), nodeNew(p, n), hashBytes(p, n));
  return true;
}

/** Adds integer member v (from an intset source) without formatting it unless needed. */
function setTypeAddInt(e: usize, v: i64): bool {
  if (entryEncoding(e) == ENC_INTSET) return intsetSetAdd(e, v);
  const n = <u32>ll2string(intBuf, v);
  return htAdd(setDict(e), intBuf, n, hashBytes(intBuf, n));
}

/** Unlinks and frees a hashtable node whose key hashes to h, shrinking when sparse. */
function htDeleteNode(d: Dict, node: usize, h: u32): void {
  dictUnlinkNode(d, node, h);
  zfree(node);
  dictShrinkIfNeeded(d);
}

/** Removes member (p, n); false if absent (Redis: setTypeRemove). */
function setTypeRemove(e: usize, p: usize, n: u32): bool {
  if (entryEncoding(e) == ENC_HT) {
    const d = setDict(e);
    const h = hashBytes(p, n);
    const node = dictFind(d, p, n, h);
    if (node == 0) return false;
    htDeleteNode(d, node, h);
    return true;
  }
  if (!string2ll(p, <i32>n)) return false;
  return intsetSetRemove(e, parsedLL);
}

function intsetSetRemove(e: usize, v: i64): bool {
  setEntryVal(e, <u32>intsetRemove(setIntset(e), v));
  return intsetRemoved;
}

/** Removes integer member v (from an intset source). */
function setTypeRemoveInt(e: usize, v: i64): bool {
  if (entryEncoding(e) == ENC_INTSET) return intsetSetRemove(e, v);
  const n = <u32>ll2string(intBuf, v);
  return setTypeRemove(e, intBuf, n);
}

function setTypeIsMember(e: usize, p: usize, n: u32): bool {
  if (entryEncoding(e) == ENC_HT) return dictFind(setDict(e), p, n, hashBytes(p, n)) != 0;
  return string2ll(p, <i32>n) && intsetFind(setIntset(e), parsedLL);
}

// ---- iteration -------------------------------------------------------------------------------

/**
 * A walk over a set's members (Redis: setTypeIterator). The current member is either the
 * integer `ival` (intset) or the bytes (sp, sl) of a node (hashtable); the other forms are
 * derived on demand and cached per member by iterMember*, so probing several sets formats
 * or hashes a member once. Hashtable walks pause incremental rehashing of that dict, so the
 * caller may probe other sets (whose dicts do rehash) while it iterates; the walked set
 * itself must not change until setIterRelease.
 */
@unmanaged class SetIter {
  e: usize;
  d: Dict;
  idx: u64; // intset: next index; hashtable: next bucket of `table`
  len: u64; // intset: member count
  table: i32;
  node: usize; // hashtable: current node
  isInt: bool;
  hasStr: bool;
  hasHash: bool;
  intState: i32; // 0 not yet parsed, 1 integer, 2 not an integer
  ival: i64;
  sp: usize;
  sl: u32;
  h: u32;
}

// One iterator is enough: no command walks two sets at once (the others are only probed).
const iterA = changetype<SetIter>(memory.data(offsetof<SetIter>()));

function setIterInit(it: SetIter, e: usize): void {
  it.e = e;
  it.idx = 0;
  it.node = 0;
  it.table = 0;
  if (entryEncoding(e) == ENC_INTSET) {
    it.len = <u64>intsetLen(setIntset(e));
  } else {
    it.d = setDict(e);
    it.d.pauseRehash++;
  }
}

function setIterRelease(it: SetIter): void {
  if (entryEncoding(it.e) == ENC_HT) it.d.pauseRehash--;
}

/** Moves to the next member; false at the end. */
function setIterNext(it: SetIter): bool {
  it.hasStr = false;
  it.hasHash = false;
  if (entryEncoding(it.e) == ENC_INTSET) {
    if (it.idx >= it.len) return false;
    it.ival = intsetGet(setIntset(it.e), <u32>it.idx);
    it.idx++;
    it.isInt = true;
    it.intState = 1;
    return true;
  }
  // Chain by chain through table 0, then table 1 while a rehash is under way.
  let n = it.node != 0 ? dictNodeNext(it.node) : 0;
  while (n == 0) {
    if (it.idx >= dictTableSize(it.d, it.table)) {
      if (it.table == 0 && dictTableSize(it.d, 1) != 0) {
        it.table = 1;
        it.idx = 0;
        continue;
      }
      it.node = 0;
      return false;
    }
    n = dictBucketHead(it.d, it.table, it.idx);
    it.idx++;
  }
  it.node = n;
  it.isInt = false;
  it.intState = 0;
  it.sp = nodeKey(n);
  it.sl = nodeLen(n);
  it.hasStr = true;
  return true;
}

/** The current member as bytes (formats an intset member into the iterator's buffer). */
@inline function iterBytes(it: SetIter, buf: usize): void {
  if (!it.hasStr) {
    it.sl = <u32>ll2string(buf, it.ival);
    it.sp = buf;
    it.hasStr = true;
  }
}

/** True if the iterator's current member belongs to set e. */
function iterMemberOf(it: SetIter, e: usize, buf: usize): bool {
  if (entryEncoding(e) == ENC_INTSET) {
    if (it.intState == 0) {
      if (string2ll(it.sp, <i32>it.sl)) {
        it.ival = parsedLL;
        it.intState = 1;
      } else {
        it.intState = 2;
      }
    }
    return it.intState == 1 && intsetFind(setIntset(e), it.ival);
  }
  iterBytes(it, buf);
  if (!it.hasHash) {
    it.h = hashBytes(it.sp, it.sl);
    it.hasHash = true;
  }
  return dictFind(setDict(e), it.sp, it.sl, it.h) != 0;
}

/** Adds the iterator's current member to set e. */
function iterAddTo(it: SetIter, e: usize): bool {
  if (it.isInt) return setTypeAddInt(e, it.ival);
  if (entryEncoding(e) == ENC_HT) {
    if (!it.hasHash) {
      it.h = hashBytes(it.sp, it.sl);
      it.hasHash = true;
    }
    return htAdd(setDict(e), it.sp, it.sl, it.h);
  }
  return setTypeAdd(e, it.sp, it.sl);
}

function iterRemoveFrom(it: SetIter, e: usize): bool {
  if (it.isInt) return setTypeRemoveInt(e, it.ival);
  return setTypeRemove(e, it.sp, it.sl);
}

function addReplyIterMember(c: Client, it: SetIter): void {
  if (it.isInt) addReplyBulkLongLong(c, it.ival);
  else addReplyBulk(c, it.sp, it.sl);
}

/** Replies every member of e in its iteration order (no header). */
function replyMembers(c: Client, e: usize): void {
  const it = iterA;
  setIterInit(it, e);
  while (setIterNext(it)) addReplyIterMember(c, it);
  setIterRelease(it);
}

// ---- propagation helpers ---------------------------------------------------------------------

function propagateSrem(c: Client, mp: usize, ml: u32): void {
  propagateBegin(c.dbIndex, 3);
  propagateArgStr("SREM");
  propagateArg(argPtr(c, 1), argLen(c, 1));
  propagateArg(mp, ml);
  propagateEnd();
}

function propagateWord(c: Client, word: string): void {
  propagateBegin(c.dbIndex, 1);
  propagateArgStr(word);
  propagateEnd();
}

// ---- SADD SREM SCARD SISMEMBER SMISMEMBER SMEMBERS --------------------------------------------

export function saddCommand(c: Client): void {
  const db = c.db;
  const kp = argPtr(c, 1);
  const kl = argLen(c, 1);
  let e = lookupKeyWrite(db, kp, kl);
  const h = lastHash;
  if (e == 0) {
    e = setTypeCreate(kp, kl, argPtr(c, 2), argLen(c, 2));
    dbAddEntry(db, e, h);
  } else if (checkType(c, e, OBJ_SET)) {
    return;
  }
  let added: i64 = 0;
  for (let j = 2; j < c.argc; j++) {
    if (setTypeAdd(e, argPtr(c, j), argLen(c, j))) added++;
  }
  addDirty(<u64>added);
  if (added != 0) notifyKeyspaceEvent(NOTIFY_SET, "sadd", kp, kl, c.dbIndex);
  addReplyLongLong(c, added);
}

export function sremCommand(c: Client): void {
  const db = c.db;
  const e = lookupKeyWrite(db, argPtr(c, 1), argLen(c, 1));
  const h = lastHash;
  if (e == 0) {
    addReplyProto(c, ":0\r\n");
    return;
  }
  if (checkType(c, e, OBJ_SET)) return;
  let deleted: i64 = 0;
  let keyRemoved = false;
  for (let j = 2; j < c.argc; j++) {
    if (setTypeRemove(e, argPtr(c, j), argLen(c, j))) {
      deleted++;
      if (setTypeSize(e) == 0) {
        dbDeleteEntry(db, e, h);
        keyRemoved = true;
        break;
      }
    }
  }
  addDirty(<u64>deleted);
  if (deleted != 0) {
    notifyKeyspaceEvent(NOTIFY_SET, "srem", argPtr(c, 1), argLen(c, 1), c.dbIndex);
    if (keyRemoved) notifyKeyspaceEvent(NOTIFY_GENERIC, "del", argPtr(c, 1), argLen(c, 1), c.dbIndex);
  }
  addReplyLongLong(c, deleted);
}

export function scardCommand(c: Client): void {
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (e == 0) {
    addReplyProto(c, ":0\r\n");
    return;
  }
  if (checkType(c, e, OBJ_SET)) return;
  addReplyLongLong(c, <i64>setTypeSize(e));
}

export function sismemberCommand(c: Client): void {
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (e == 0) {
    addReplyProto(c, ":0\r\n");
    return;
  }
  if (checkType(c, e, OBJ_SET)) return;
  addReplyProto(c, setTypeIsMember(e, argPtr(c, 2), argLen(c, 2)) ? ":1\r\n" : ":0\r\n");
}

/** Integers, not RESP3 booleans, as Redis replies (shared.cone / shared.czero). */
export function smismemberCommand(c: Client): void {
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (checkType(c, e, OBJ_SET)) return;
  addReplyArrayLen(c, c.argc - 2);
  for (let j = 2; j < c.argc; j++) {
    addReplyProto(c, e != 0 && setTypeIsMember(e, argPtr(c, j), argLen(c, j)) ? ":1\r\n" : ":0\r\n");
  }
}

/** SMEMBERS is Redis's SINTER of one key: the members in the set's own order. */
export function smembersCommand(c: Client): void {
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (e == 0) {
    addReplySetLen(c, 0);
    return;
  }
  if (checkType(c, e, OBJ_SET)) return;
  addReplySetLen(c, <i64>setTypeSize(e));
  replyMembers(c, e);
}

// ---- SMOVE -------------------------------------------------------------------------------------

export function smoveCommand(c: Client): void {
  const db = c.db;
  const sp = argPtr(c, 1), sl = argLen(c, 1);
  const dp = argPtr(c, 2), dl = argLen(c, 2);
  const mp = argPtr(c, 3), ml = argLen(c, 3);
  const src = lookupKeyWrite(db, sp, sl);
  const hs = lastHash;
  let dst = lookupKeyWrite(db, dp, dl);
  const hd = lastHash;
  if (src == 0) {
    addReplyProto(c, ":0\r\n");
    return;
  }
  if (checkType(c, src, OBJ_SET) || (dst != 0 && checkType(c, dst, OBJ_SET))) return;
  if (src == dst) {
    // Same key: nothing moves, the reply says whether the member is there.
    addReplyProto(c, setTypeIsMember(src, mp, ml) ? ":1\r\n" : ":0\r\n");
    return;
  }
  if (!setTypeRemove(src, mp, ml)) {
    addReplyProto(c, ":0\r\n");
    return;
  }
  notifyKeyspaceEvent(NOTIFY_SET, "srem", sp, sl, c.dbIndex);
  if (setTypeSize(src) == 0) {
    dbDeleteEntry(db, src, hs);
    notifyKeyspaceEvent(NOTIFY_GENERIC, "del", sp, sl, c.dbIndex);
  }
  if (dst == 0) {
    dst = setTypeCreate(dp, dl, mp, ml);
    dbAddEntry(db, dst, hd);
  }
  addDirty(1);
  if (setTypeAdd(dst, mp, ml)) {
    addDirty(1);
    notifyKeyspaceEvent(NOTIFY_SET, "sadd", dp, dl, c.dbIndex);
  }
  addReplyProto(c, ":1\r\n");
}

// ---- random members: SRANDMEMBER, SPOP ---------------------------------------------------------

/** A random member of a non-empty set: an intset value in randInt, or a node in randNode. */
let randIsInt = false;
let randInt: i64 = 0;
let randNode: usize = 0;

function setTypeRandomElement(e: usize): void {
  if (entryEncoding(e) == ENC_INTSET) {
    randIsInt = true;
    randInt = intsetRandom(setIntset(e));
  } else {
    randIsInt = false;
    randNode = dictFairRandomNode(setDict(e));
  }
}


function addReplyRandom(c: Client): void {
  if (randIsInt) addReplyBulkLongLong(c, randInt);
  else addReplyBulk(c, nodeKey(randNode), nodeLen(randNode));
}

/** Replies a member handle: an intset index or a hashtable node pointer. */
@inline function addReplyHandle(c: Client, e: usize, hdl: u32): void {
  if (entryEncoding(e) == ENC_INTSET) addReplyBulkLongLong(c, intsetGet(setIntset(e), hdl));
  else addReplyBulk(c, nodeKey(<usize>hdl), nodeLen(<usize>hdl));
}

// A reusable u32 buffer (member handles, pick table), grown on demand.
let handleBuf: usize = 0;
let handleCap: u64 = 0;

function handles(n: u64): usize {
  if (n > handleCap) {
    handleBuf = zrealloc(handleBuf, <usize>(n << 2));
    handleCap = n;
  }
  return handleBuf;
}

/** Gives back a big handle buffer once the command is done. */
function handlesTrim(): void {
  if (handleCap > 4096) {
    zfree(handleBuf);
    handleBuf = 0;
    handleCap = 0;
  }
}

/**
 * Replies `count` distinct random members of e (0 < count < size), as an array. When most
 * of the set is wanted (Redis's CASE 3: count * 3 > size) every member's handle is listed
 * and a partial Fisher-Yates shuffle picks `count` of them; otherwise (CASE 4) members are
 * drawn at random and repeats skipped through an open-addressing table of handles.
 */
function replyUniqueRandom(c: Client, e: usize, count: u64, size: u64): void {
  const intset = entryEncoding(e) == ENC_INTSET;
  addReplyArrayLen(c, <i64>count);
  if (count * 3 > size) {
    const buf = handles(size);
    if (intset) {
      for (let i: u64 = 0; i < size; i++) store<u32>(buf + (<usize>i << 2), <u32>i);
    } else {
      const d = setDict(e);
      let k: usize = 0;
      for (let t = 0; t < 2; t++) {
        const ts = dictTableSize(d, t);
        for (let i: u64 = 0; i < ts; i++) {
          for (let n = dictBucketHead(d, t, i); n != 0; n = dictNodeNext(n)) {
            store<u32>(buf + (k << 2), <u32>n);
            k++;
          }
        }
      }
    }
    for (let i: u64 = 0; i < count; i++) {
      const j = i + randomBelow(size - i);
      const pi = buf + (<usize>i << 2);
      const pj = buf + (<usize>j << 2);
      const hj = load<u32>(pj);
      store<u32>(pj, load<u32>(pi));
      store<u32>(pi, hj);
      addReplyHandle(c, e, hj);
    }
  } else {
    let cap: u64 = 16;
    while (cap < count * 2) cap <<= 1;
    const table = handles(cap);
    memory.fill(table, 0xff, <usize>(cap << 2));
    const mask = <u32>(cap - 1);
    let added: u64 = 0;
    while (added < count) {
      let hdl: u32;
      if (intset) {
        hdl = <u32>randomBelow(size);
      } else {
        hdl = <u32>dictFairRandomNode(setDict(e));
      }
      // Fibonacci hashing of the handle; 0xffffffff marks an empty slot.
      let slot = (hdl * 0x9e3779b1) >>> 7 & mask;
      let dup = false;
      while (true) {
        const cur = load<u32>(table + (<usize>slot << 2));
        if (cur == 0xffffffff) break;
        if (cur == hdl) {
          dup = true;
          break;
        }
        slot = (slot + 1) & mask;
      }
      if (dup) continue;
      store<u32>(table + (<usize>slot << 2), hdl);
      added++;
      addReplyHandle(c, e, hdl);
    }
  }
  handlesTrim();
}

function srandmemberWithCount(c: Client): void {
  if (!string2ll(argPtr(c, 2), <i32>argLen(c, 2))) {
    addReplyError(c, ERR_NOT_INTEGER);
    return;
  }
  const l = parsedLL;
  if (l == i64.MIN_VALUE) {
    addReplyError(c, ERR_RANGE_LONG_SYMMETRIC);
    return;
  }
  const uniq = l >= 0;
  const count: u64 = <u64>(uniq ? l : -l);
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (e == 0) {
    addReplyProto(c, "*0\r\n");
    return;
  }
  if (checkType(c, e, OBJ_SET)) return;
  if (count == 0) {
    addReplyProto(c, "*0\r\n");
    return;
  }
  // CASE 1: a negative count (or 1): independent draws, repeats allowed.
  if (!uniq || count == 1) {
    addReplyArrayLen(c, <i64>count);
    for (let i: u64 = 0; i < count; i++) {
      setTypeRandomElement(e);
      addReplyRandom(c);
    }
    return;
  }
  // CASE 2: at least the whole set: every member, in the set's order.
  const size = setTypeSize(e);
  if (count >= size) {
    addReplyArrayLen(c, <i64>size);
    replyMembers(c, e);
    return;
  }
  replyUniqueRandom(c, e, count, size);
}

export function srandmemberCommand(c: Client): void {
  if (c.argc == 3) {
    srandmemberWithCount(c);
    return;
  }
  if (c.argc > 3) {
    addReplyError(c, ERR_SYNTAX);
    return;
  }
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (e == 0) {
    addReplyNull(c);
    return;
  }
  if (checkType(c, e, OBJ_SET)) return;
  setTypeRandomElement(e);
  addReplyRandom(c);
}

export function spopCommand(c: Client): void {
  if (c.argc == 3) {
    spopWithCount(c);
    return;
  }
  if (c.argc > 3) {
    addReplyError(c, ERR_SYNTAX);
    return;
  }
  const db = c.db;
  const e = lookupKeyWrite(db, argPtr(c, 1), argLen(c, 1));
  const h = lastHash;
  if (e == 0) {
    addReplyNull(c);
    return;
  }
  if (checkType(c, e, OBJ_SET)) return;
  setTypeRandomElement(e);
  addReplyRandom(c);
  // Propagated as SREM of the popped member (Redis rewrites the command vector).
  if (randIsInt) {
    if (propagationEnabled) propagateSrem(c, numBuf, <u32>ll2string(numBuf, randInt));
    intsetSetRemove(e, randInt);
  } else {
    if (propagationEnabled) propagateSrem(c, nodeKey(randNode), nodeLen(randNode));
    const d = setDict(e);
    htDeleteNode(d, randNode, hashBytes(nodeKey(randNode), nodeLen(randNode)));
  }
  if (propagationEnabled) preventDefaultPropagation();
  notifyKeyspaceEvent(NOTIFY_SET, "spop", argPtr(c, 1), argLen(c, 1), c.dbIndex);
  if (setTypeSize(e) == 0) {
    dbDeleteEntry(db, e, h);
    notifyKeyspaceEvent(NOTIFY_GENERIC, "del", argPtr(c, 1), argLen(c, 1), c.dbIndex);
  }
  addDirty(1);
}

/** SPOP_MOVE_STRATEGY_MUL: below this ratio of remaining to popped, rebuild instead. */
const SPOP_MOVE_STRATEGY_MUL: u64 = 5;

function spopWithCount(c: Client): void {
  // Redis: getPositiveLongFromObjectOrReply, one message for both failures.
  if (!string2ll(argPtr(c, 2), <i32>argLen(c, 2)) || parsedLL < 0) {
    addReplyError(c, ERR_POSITIVE);
    return;
  }
  const count = <u64>parsedLL;
  const db = c.db;
  const kp = argPtr(c, 1);
  const kl = argLen(c, 1);
  const e = lookupKeyWrite(db, kp, kl);
  const h = lastHash;
  if (e == 0) {
    addReplySetLen(c, 0);
    return;
  }
  if (checkType(c, e, OBJ_SET)) return;
  if (count == 0) {
    addReplySetLen(c, 0);
    return;
  }
  const size = setTypeSize(e);
  notifyKeyspaceEvent(NOTIFY_SET, "spop", kp, kl, c.dbIndex);
  addDirty(count);

  // CASE 1: the whole set goes: reply it as SUNION of the key would, delete the key, and
  // propagate DEL (UNLINK with lazyfree-lazy-server-del).
  if (count >= size) {
    lookupKeyRead(db, kp, kl); // Redis's SUNION path reads the key again (a keyspace hit)
    replyUnionOfOne(c, e);
    dbDeleteEntry(db, e, h);
    notifyKeyspaceEvent(NOTIFY_GENERIC, "del", kp, kl, c.dbIndex);
    if (propagationEnabled) {
      propagateBegin(c.dbIndex, 2);
      propagateArgStr(lazyfreeLazyServerDel ? "UNLINK" : "DEL");
      propagateArg(kp, kl);
      propagateEnd();
      preventDefaultPropagation();
    }
    addDirty(1);
    return;
  }

  // CASES 2 and 3 propagate one SREM per popped member, as one transaction.
  const wrap = propagationEnabled && count > 1;
  if (wrap) propagateWord(c, "MULTI");
  addReplySetLen(c, <i64>count);
  let remaining = size - count;
  if (remaining * SPOP_MOVE_STRATEGY_MUL > count) {
    // CASE 2: few members popped: draw and remove them one at a time.
    for (let i: u64 = 0; i < count; i++) {
      setTypeRandomElement(e);
      addReplyRandom(c);
      if (randIsInt) {
        if (propagationEnabled) propagateSrem(c, numBuf, <u32>ll2string(numBuf, randInt));
        intsetSetRemove(e, randInt);
      } else {
        if (propagationEnabled) propagateSrem(c, nodeKey(randNode), nodeLen(randNode));
        htDeleteNode(setDict(e), randNode, hashBytes(nodeKey(randNode), nodeLen(randNode)));
      }
    }
  } else {
    // CASE 3: most of the set is popped: move the few survivors to a new set, reply what
    // is left of the old one, and let the key hold the new set (TTL kept, as dbOverwrite).
    let fresh: usize = 0;
    while (remaining-- > 0) {
      setTypeRandomElement(e);
      if (randIsInt) {
        if (fresh == 0) fresh = setNewIntset(0, 0);
        setTypeAddInt(fresh, randInt);
        intsetSetRemove(e, randInt);
      } else {
        const np = nodeKey(randNode), nl = nodeLen(randNode);
        if (fresh == 0) fresh = setTypeCreate(0, 0, np, nl);
        setTypeAdd(fresh, np, nl);
        htDeleteNode(setDict(e), randNode, hashBytes(np, nl));
      }
    }
    const it = iterA;
    setIterInit(it, e);
    while (setIterNext(it)) {
      addReplyIterMember(c, it);
      if (propagationEnabled) {
        iterBytes(it, numBuf);
        propagateSrem(c, it.sp, it.sl);
      }
    }
    setIterRelease(it);
    setFreeValue(entryEncoding(e), <usize>entryVal(e));
    setEntryVal(e, entryVal(fresh));
    setEntryEncoding(e, entryEncoding(fresh));
    zfree(fresh); // the block only: its value now belongs to e
  }
  if (wrap) propagateWord(c, "EXEC");
  if (propagationEnabled) preventDefaultPropagation();
  addDirty(1);
}

/**
 * Replies the members of e as SUNION of that one key would (Redis: SPOP of the whole set
 * goes through sunionDiffGenericCommand): the result set is built fresh, so a hashtable
 * set whose members are all integers (and few enough) replies sorted, like an intset.
 */
function replyUnionOfOne(c: Client, e: usize): void {
  const size = setTypeSize(e);
  addReplySetLen(c, <i64>size);
  if (entryEncoding(e) == ENC_INTSET || <i64>size > setMaxIntsetEntries) {
    replyMembers(c, e);
    return;
  }
  // Would the fresh set stay an intset? Only if every member is an integer.
  const it = iterA;
  let allInts = true;
  setIterInit(it, e);
  while (setIterNext(it)) {
    if (!string2ll(it.sp, <i32>it.sl)) {
      allInts = false;
      break;
    }
  }
  setIterRelease(it);
  if (!allInts) {
    replyMembers(c, e);
    return;
  }
  const tmp = setNewIntset(0, 0);
  setIterInit(it, e);
  while (setIterNext(it)) {
    string2ll(it.sp, <i32>it.sl);
    intsetSetAdd(tmp, parsedLL);
  }
  setIterRelease(it);
  replyMembers(c, tmp);
  setTempFree(tmp);
}

// ---- SINTER SINTERCARD SINTERSTORE --------------------------------------------------------------

// The source sets of a multi-key command: entry pointers (u32) in argument order, and
// sort keys (u64: size or reversed size in the high half, argument index in the low half,
// so any sort is stable).
let setsBuf: usize = 0;
let keysBuf: usize = 0;
let setsCap: i32 = 0;

function ensureSets(n: i32): void {
  if (n <= setsCap) return;
  setsBuf = zrealloc(setsBuf, <usize>n << 2);
  keysBuf = zrealloc(keysBuf, <usize>n << 3);
  setsCap = n;
}

/** Gives back the source buffers after a call with unusually many keys. */
function setsTrim(): void {
  if (setsCap <= 256) return;
  zfree(setsBuf);
  zfree(keysBuf);
  setsBuf = 0;
  keysBuf = 0;
  setsCap = 0;
}

@inline function setAt(i: i32): usize { return <usize>load<u32>(setsBuf + (<usize>i << 2)); }
@inline function putSet(i: i32, e: usize): void { store<u32>(setsBuf + (<usize>i << 2), <u32>e); }
/** The i-th set in sorted order (after sortSets). */
@inline function sortedAt(i: i32): usize {
  return setAt(<i32>(load<u64>(keysBuf + (<usize>i << 3)) & 0xffffffff));
}

/** Shell sort of the n u64 keys (ascending). */
function sortKeys(n: i32): void {
  let gap = 1;
  while (gap < n / 3) gap = gap * 3 + 1;
  while (gap >= 1) {
    for (let i = gap; i < n; i++) {
      const v = load<u64>(keysBuf + (<usize>i << 3));
      let j = i;
      while (j >= gap && load<u64>(keysBuf + (<usize>(j - gap) << 3)) > v) {
        store<u64>(keysBuf + (<usize>j << 3), load<u64>(keysBuf + (<usize>(j - gap) << 3)));
        j -= gap;
      }
      store<u64>(keysBuf + (<usize>j << 3), v);
    }
    gap = (gap - 1) / 3;
  }
}

/**
 * Looks the n keys from argv[first] up with lookupKeyRead into setsBuf (0 for a missing
 * key). Replies WRONGTYPE and returns -1 at the first key of another type; otherwise
 * returns the number of missing keys.
 */
function lookupSets(c: Client, first: i32, n: i32): i32 {
  ensureSets(n);
  let missing = 0;
  for (let j = 0; j < n; j++) {
    const e = lookupKeyRead(c.db, argPtr(c, first + j), argLen(c, first + j));
    if (e == 0) {
      missing++;
    } else if (checkType(c, e, OBJ_SET)) {
      return -1;
    }
    putSet(j, e);
  }
  return missing;
}

/**
 * Stores result set `res` (an entry already named after argv[dst]) at that key, or
 * deletes the key when the result is empty; replies the size (Redis: the STORE tail of
 * sinterGenericCommand / sunionDiffGenericCommand, setKey: the old value and TTL go).
 */
function storeResult(c: Client, dst: i32, res: usize): void {
  const db = c.db;
  const old = lookupKeyWrite(db, argPtr(c, dst), argLen(c, dst));
  const h = lastHash;
  const size = setTypeSize(res);
  if (size > 0) {
    if (old != 0) {
      dbDeleteEntry(db, old, h);
      setOverwriting(true); // no "new" event (Redis: setKey overwrites)
    }
    dbAddEntry(db, res, h);
    addReplyLongLong(c, <i64>size);
    notifyKeyspaceEvent(NOTIFY_SET, c.lastCmd == CMD_SINTERSTORE ? "sinterstore" :
      c.lastCmd == CMD_SUNIONSTORE ? "sunionstore" : "sdiffstore", argPtr(c, dst), argLen(c, dst), c.dbIndex);
    addDirty(1);
  } else {
    setTempFree(res);
    addReplyProto(c, ":0\r\n");
    if (old != 0) {
      dbDeleteEntry(db, old, h);
      addDirty(1);
      notifyKeyspaceEvent(NOTIFY_GENERIC, "del", argPtr(c, dst), argLen(c, dst), c.dbIndex);
    }
  }
}

/**
 * SINTER / SINTERCARD / SINTERSTORE (Redis: sinterGenericCommand): sets from argv[first],
 * `n` of them; dst is the argv index of the destination (-1 for none).
 */
function sinterGeneric(c: Client, first: i32, n: i32, dst: i32, cardOnly: bool, limit: u64): void {
  sinterGenericInner(c, first, n, dst, cardOnly, limit);
  setsTrim();
}

function sinterGenericInner(c: Client, first: i32, n: i32, dst: i32, cardOnly: bool, limit: u64): void {
  const missing = lookupSets(c, first, n);
  if (missing < 0) return;
  if (missing > 0) {
    // An empty set makes the intersection empty.
    if (dst >= 0) {
      const db = c.db;
      const old = lookupKeyWrite(db, argPtr(c, dst), argLen(c, dst));
      if (old != 0) {
        dbDeleteEntry(db, old, lastHash);
        addDirty(1);
        notifyKeyspaceEvent(NOTIFY_GENERIC, "del", argPtr(c, dst), argLen(c, dst), c.dbIndex);
      }
      addReplyProto(c, ":0\r\n");
    } else if (cardOnly) {
      addReplyProto(c, ":0\r\n");
    } else {
      addReplySetLen(c, 0);
    }
    return;
  }
  // Smallest first: every member of sets[0] is probed in the others.
  for (let j = 0; j < n; j++) {
    store<u64>(keysBuf + (<usize>j << 3), (setTypeSize(setAt(j)) << 32) | <u64>j);
  }
  sortKeys(n);
  const s0 = sortedAt(0);
  let res: usize = 0;
  let replyAt: i64 = -1;
  if (dst >= 0) res = setNewIntset(argPtr(c, dst), argLen(c, dst));
  else if (!cardOnly) replyAt = addReplyDeferredLen(c);
  let card: u64 = 0;
  const it = iterA;
  setIterInit(it, s0);
  while (setIterNext(it)) {
    let j = 1;
    for (; j < n; j++) {
      const s = sortedAt(j);
      if (s == s0) continue;
      if (!iterMemberOf(it, s, intBuf)) break;
    }
    if (j < n) continue;
    if (cardOnly) {
      card++;
      if (limit != 0 && card >= limit) break;
    } else if (dst < 0) {
      addReplyIterMember(c, it);
      card++;
    } else {
      iterAddTo(it, res);
    }
  }
  setIterRelease(it);
  if (cardOnly) addReplyLongLong(c, <i64>card);
  else if (dst >= 0) storeResult(c, dst, res);
  else setDeferredSetLen(c, replyAt, <i64>card);
}

export function sinterCommand(c: Client): void {
  sinterGeneric(c, 1, c.argc - 1, -1, false, 0);
}

export function sinterstoreCommand(c: Client): void {
  sinterGeneric(c, 2, c.argc - 2, 1, false, 0);
}

export function sintercardCommand(c: Client): void {
  if (!getRangeLongOrReply(c, 1, 1, i64.MAX_VALUE, ERR_NUMKEYS_POSITIVE)) return;
  const numkeys = argInt;
  if (numkeys > <i64>(c.argc - 2)) {
    addReplyError(c, ERR_NUMKEYS_TOO_MANY);
    return;
  }
  let limit: u64 = 0;
  for (let j = 2 + <i32>numkeys; j < c.argc; j++) {
    if (argIs(c, j, "limit") && j + 1 < c.argc) {
      j++;
      if (!string2ll(argPtr(c, j), <i32>argLen(c, j)) || parsedLL < 0) {
        addReplyError(c, ERR_LIMIT_NEGATIVE);
        return;
      }
      limit = <u64>parsedLL;
    } else {
      addReplyError(c, ERR_SYNTAX);
      return;
    }
  }
  sinterGeneric(c, 2, <i32>numkeys, -1, true, limit);
}

// ---- SUNION SUNIONSTORE SDIFF SDIFFSTORE ----------------------------------------------------------

const SET_OP_UNION: i32 = 0;
const SET_OP_DIFF: i32 = 1;

/**
 * SUNION / SDIFF and their STORE forms (Redis: sunionDiffGenericCommand). The result is
 * collected in a fresh set that starts as an intset, then replied from (in its order) or
 * stored. SDIFF picks Redis's cheaper algorithm for the sizes at hand: probe each member of
 * the first set in the others (bigger ones first), or add the first and remove the rest.
 */
function sunionDiffGeneric(c: Client, first: i32, n: i32, dst: i32, op: i32): void {
  sunionDiffGenericInner(c, first, n, dst, op);
  setsTrim();
}

function sunionDiffGenericInner(c: Client, first: i32, n: i32, dst: i32, op: i32): void {
  if (lookupSets(c, first, n) < 0) return;
  const s0 = setAt(0);
  let algo = 1;
  if (op == SET_OP_DIFF && s0 != 0) {
    let work1: u64 = 0, work2: u64 = 0;
    for (let j = 0; j < n; j++) {
      const s = setAt(j);
      if (s == 0) continue;
      work1 += setTypeSize(s0);
      work2 += setTypeSize(s);
    }
    work1 /= 2; // algorithm 1 has better constants
    algo = work1 <= work2 ? 1 : 2;
    if (algo == 1 && n > 1) {
      // Subtract the biggest sets first: members are likelier to be found early.
      // (keys[0] keeps the first set in place: its sort key is the smallest possible.)
      store<u64>(keysBuf, 0);
      for (let j = 1; j < n; j++) {
        const s = setAt(j);
        const sz: u64 = s == 0 ? 0 : setTypeSize(s);
        store<u64>(keysBuf + (<usize>j << 3), ((0xffffffff - sz) << 32) | <u64>j);
      }
      sortKeys(n);
    }
  }
  const res = dst >= 0 ? setNewIntset(argPtr(c, dst), argLen(c, dst)) : setNewIntset(0, 0);
  let card: i64 = 0;
  const it = iterA;
  if (op == SET_OP_UNION) {
    for (let j = 0; j < n; j++) {
      const s = setAt(j);
      if (s == 0) continue;
      setIterInit(it, s);
      while (setIterNext(it)) {
        if (iterAddTo(it, res)) card++;
      }
      setIterRelease(it);
    }
  } else if (s0 != 0 && algo == 1) {
    setIterInit(it, s0);
    while (setIterNext(it)) {
      let j = 1;
      for (; j < n; j++) {
        const s = n > 1 ? sortedAt(j) : 0;
        if (s == 0) continue;
        if (s == s0) break; // the same key: nothing survives
        if (iterMemberOf(it, s, intBuf)) break;
      }
      if (j == n) {
        iterAddTo(it, res);
        card++;
      }
    }
    setIterRelease(it);
  } else if (s0 != 0) {
    for (let j = 0; j < n; j++) {
      const s = setAt(j);
      if (s == 0) continue;
      setIterInit(it, s);
      while (setIterNext(it)) {
        if (j == 0) {
          if (iterAddTo(it, res)) card++;
        } else if (iterRemoveFrom(it, res)) {
          card--;
        }
      }
      setIterRelease(it);
      if (card == 0) break;
    }
  }
  if (dst >= 0) {
    storeResult(c, dst, res);
    return;
  }
  addReplySetLen(c, card);
  replyMembers(c, res);
  setTempFree(res);
}

export function sunionCommand(c: Client): void {
  sunionDiffGeneric(c, 1, c.argc - 1, -1, SET_OP_UNION);
}

export function sunionstoreCommand(c: Client): void {
  sunionDiffGeneric(c, 2, c.argc - 2, 1, SET_OP_UNION);
}

export function sdiffCommand(c: Client): void {
  sunionDiffGeneric(c, 1, c.argc - 1, -1, SET_OP_DIFF);
}

export function sdiffstoreCommand(c: Client): void {
  sunionDiffGeneric(c, 2, c.argc - 2, 1, SET_OP_DIFF);
}

// ---- SSCAN -------------------------------------------------------------------------------------

/**
 * SSCAN key cursor [MATCH pattern] [COUNT count] (Redis: sscanCommand + scanGenericCommand).
 * The cursor is checked before the key, the options after it (so a missing key answers the
 * empty scan whatever the options). An intset is returned whole with cursor 0; a hashtable
 * is walked with Redis's reverse-binary cursor (dictScan) until COUNT members were
 * collected or 10 * COUNT buckets visited; MATCH filters what was collected.
 */
export function sscanCommand(c: Client): void {
  if (!parseScanCursorOrReply(c, 2)) return;
  let cursor = parsedCursor;
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (e == 0) {
    addReplyProto(c, "*2\r\n$1\r\n0\r\n*0\r\n");
    return;
  }
  if (checkType(c, e, OBJ_SET)) return;
  if (!parseScanOptionsOrReply(c, 3)) return;
  let count: i64 = scanOptCount;
  let pat: usize = scanOptPat;
  let patLen: u32 = scanOptPatLen;
  let usePattern = scanOptUsePattern;
  addReplyArrayLen(c, 2);
  if (entryEncoding(e) == ENC_INTSET) {
    addReplyProto(c, "$1\r\n0\r\n");
    const is = setIntset(e);
    const len = intsetLen(is);
    if (!usePattern) {
      addReplyArrayLen(c, <i64>len);
      for (let i: u32 = 0; i < len; i++) addReplyBulkLongLong(c, intsetGet(is, i));
      return;
    }
    const at = addReplyDeferredLen(c);
    let k: i64 = 0;
    for (let i: u32 = 0; i < len; i++) {
      const n = ll2string(intBuf, intsetGet(is, i));
      if (!stringmatchlen(pat, <i32>patLen, intBuf, n, false)) continue;
      addReplyBulk(c, intBuf, <u32>n);
      k++;
    }
    setDeferredArrayLen(c, at, k);
    return;
  }
  const d = setDict(e);
  dictScanReset();
  let maxIterations: i64 = count > i64.MAX_VALUE / 10 ? i64.MAX_VALUE : count * 10;
  do {
    cursor = dictScan(d, cursor);
  } while (cursor != 0 && maxIterations-- != 0 && <i64>scanOutCount < count);
  addReplyBulk(c, numBuf, <u32>ull2string(numBuf, cursor));
  // Filter in place, then reply what is left.
  let kept = 0;
  for (let k = 0; k < scanOutCount; k++) {
    const node = <usize>load<u32>(scanOut + (<usize>k << 2));
    if (usePattern && !stringmatchlen(pat, <i32>patLen, nodeKey(node), <i32>nodeLen(node), false)) continue;
    store<u32>(scanOut + (<usize>kept << 2), <u32>node);
    kept++;
  }
  addReplyArrayLen(c, kept);
  for (let k = 0; k < kept; k++) {
    const node = <usize>load<u32>(scanOut + (<usize>k << 2));
    addReplyBulk(c, nodeKey(node), nodeLen(node));
  }
}
