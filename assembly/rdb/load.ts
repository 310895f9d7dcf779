// load.ts — reading RDB files (versions 1..10) and RESTORE payloads (Redis: the loading half
// of rdb.c, plus the ziplist / zipmap readers older files need).
//
// Streaming. The host never hands over a whole file: it copies chunks into an engine buffer
// (rdbLoadReserve + rdbLoadFeed) and the parser consumes as many complete top-level records
// (an opcode, or a key with its value) as the buffer holds. A record cut by the end of the
// buffer is parsed again from its start once more bytes arrived: the parser never blocks and
// never keeps a half-built object. To keep that linear for keys bigger than a chunk, a record
// that ran short is retried only when the buffered bytes have doubled (or at end of file), and
// consumed bytes are dropped from the front of the buffer, which therefore stays about the
// size of the largest single key, not of the file.
//
// The parser is a cursor (rp, rend) over memory plus a status: SHORT means "the bytes ran
// out", CORRUPT means the data is wrong (with a message for the log). Every object loader
// frees what it built before returning on either status, so a RESTORE of a bad payload leaks
// nothing, and a failed file load empties the keyspace: there is never a partial load.
//
// Values come back in the encodings Redis 7.0.15 gives them when loading, converting where
// it converts (a listpack hash with more than hash-max-listpack-entries fields becomes a
// hashtable, a plain sorted set small enough becomes a listpack, ziplists and zipmaps become
// listpacks, ...). Listpacks, intsets and stream nodes are taken as blobs after validation,
// since ours are Redis's formats. Strings are borrowed from the input where they are stored
// verbatim; integer-encoded and LZF strings are materialised in per-role scratch slots.
//
// Not loadable, as in Redis without the module: module values (RDB_TYPE_MODULE*). Module AUX
// records are skipped by walking their opcodes (Redis's check mode does the same). Function
// libraries (FUNCTION2, and the 7.0 release candidates' FUNCTION) are collected as code for
// the host, which loads them into its Lua engine (host/core/persistence.ts).

import { zfree, zmalloc, zrealloc } from "../mem/alloc";
import { crc64 } from "./crc64";
import { lzfDecompress } from "../util/lzf";
import { ll2string, string2d, parsedDouble, string2ll, parsedLL } from "../util/number";
import { hashBytes } from "../util/hash";
import { dbAt, dbCount, dbDeleteEntry, dbEmpty, lruClock, nowMs, setExpire, Db } from "../db/db";
import { dictAddNode, dictFind } from "../ds/dict";
import { ENC_INTSET, ENC_LISTPACK, ENC_QUICKLIST, ENC_SKIPLIST, ENC_STREAM, entryFree, entryKeyLen,
  entryKeyPtr, entryNew, entryNewString, OBJ_HASH, OBJ_LIST, OBJ_SET, OBJ_STREAM, OBJ_ZSET,
  setEntryLru, setEntryVal, stringEncodingFor } from "../db/object";
import { lpAppend, lpAppendInt, lpBytes, lpFirst, lpFree, lpLength, lpNew, lpNext, lpValidate, lpGet,
  lpStrLen, lpStrPtr, lpInt } from "../ds/listpack";
import { qlAppendListpack, qlCount, qlCreate, qlFree, qlPushTail } from "../ds/quicklist";
import { ZSet, zsetCreate, zsetFind, zsetFree, zsetInsertNew } from "../ds/skiplist";
import { hashTypeConvert, hashTypeLength, hashTypeSet } from "../t/hash";
import { setNewIntset, setNewHashtable, setTypeAdd, setTypeConvert } from "../t/set";
import { zsetConvert, zsetLength } from "../t/zset";
import { consumerPel, groupPel, nackNew, nackSetConsumer, nackSetCount, nackSetTime, streamCreateCG,
  streamCreateConsumer, streamEstimateDistanceFromFirstEverEntry, streamFree, streamGetEdgeID, edgeMs,
  edgeSeq, streamNew, streamSetEntriesAdded, streamSetFirstId, streamSetLastId, streamSetLength,
  streamSetMaxDeleted, streamTree, consumerSetSeenTime } from "../ds/stream";
import { idtFind, idtInsert, recVal } from "../ds/idtree";
import { hashMaxListpackEntries, hashMaxListpackValue, listCompressDepth, listMaxListpackSize,
  setMaxIntsetEntries, zsetMaxListpackEntries, zsetMaxListpackValue } from "../config";
import { serverIsReplica } from "../t/connection";
import { lfuTimeInMinutes, maxmemoryPolicy, MAXMEMORY_FLAG_LFU } from "../db/evict";
import { QL_CONTAINER_PACKED, QL_CONTAINER_PLAIN, RDB_ENC_INT16, RDB_ENC_INT32, RDB_ENC_INT8, RDB_ENC_LZF,
  RDB_OPCODE_AUX, RDB_OPCODE_EOF, RDB_OPCODE_EXPIRETIME, RDB_OPCODE_EXPIRETIME_MS, RDB_OPCODE_FREQ,
  RDB_OPCODE_FUNCTION, RDB_OPCODE_FUNCTION2, RDB_OPCODE_IDLE, RDB_OPCODE_MODULE_AUX, RDB_OPCODE_RESIZEDB,
  RDB_OPCODE_SELECTDB, RDB_TYPE_HASH, RDB_TYPE_HASH_LISTPACK, RDB_TYPE_HASH_ZIPLIST, RDB_TYPE_HASH_ZIPMAP,
  RDB_TYPE_LIST, RDB_TYPE_LIST_QUICKLIST, RDB_TYPE_LIST_QUICKLIST_2, RDB_TYPE_LIST_ZIPLIST, RDB_TYPE_MODULE,
  RDB_TYPE_MODULE_2, RDB_TYPE_SET, RDB_TYPE_SET_INTSET, RDB_TYPE_STREAM_LISTPACKS, RDB_TYPE_STREAM_LISTPACKS_2,
  RDB_TYPE_STRING, RDB_TYPE_ZSET, RDB_TYPE_ZSET_2, RDB_TYPE_ZSET_LISTPACK, RDB_TYPE_ZSET_ZIPLIST, RDB_VERSION,
  rdbChecksum } from "./save";

// ---- the cursor ----------------------------------------------------------------------------------

export const RDB_OK: i32 = 0;
export const RDB_SHORT: i32 = 1;
export const RDB_CORRUPT: i32 = 2;

let rp: usize = 0;
let rend: usize = 0;
export let rst: i32 = RDB_OK;

/** Text of the last error (static, for the host's log). */
const ERRBUF: usize = memory.data(256);
export let rdbErrLen: u32 = 0;
export function rdbErrPtr(): usize { return ERRBUF; }

function errSet(msg: string): void {
  rdbErrLen = 0;
  errAppend(msg);
}

function errAppend(msg: string): void {
  for (let i = 0; i < msg.length && rdbErrLen < 255; i++) store<u8>(ERRBUF + rdbErrLen++, <u8>msg.charCodeAt(i));
}

function errAppendNum(v: i64): void {
  if (rdbErrLen < 230) rdbErrLen += <u32>ll2string(ERRBUF + rdbErrLen, v);
}

function corrupt(msg: string): void {
  if (rst != RDB_OK) return;
  rst = RDB_CORRUPT;
  errSet(msg);
}

@inline function short(): void {
  if (rst == RDB_OK) rst = RDB_SHORT;
}

/** n bytes at the cursor, or 0 (SHORT) if the input ends first. */
function readRaw(n: u64): usize {
  if (rst != RDB_OK) return 0;
  if (<u64>(rend - rp) < n) {
    short();
    return 0;
  }
  const p = rp;
  rp += <usize>n;
  return p;
}

function readU8(): u32 {
  if (rst != RDB_OK) return 0;
  if (rp >= rend) {
    short();
    return 0;
  }
  return <u32>load<u8>(rp++);
}

let lenEncoded = false;

/** Redis: rdbLoadLenByRef. lenEncoded tells a special string encoding from a length. */
function loadLen(): u64 {
  lenEncoded = false;
  const b = readU8();
  if (rst != RDB_OK) return 0;
  const t = b >> 6;
  if (t == 3) {
    lenEncoded = true;
    return <u64>(b & 0x3f);
  }
  if (t == 0) return <u64>(b & 0x3f);
  if (t == 1) {
    const b2 = readU8();
    return (<u64>(b & 0x3f) << 8) | <u64>b2;
  }
  if (b == 0x80) {
    const p = readRaw(4);
    return p == 0 ? 0 : <u64>bswap<u32>(load<u32>(p));
  }
  if (b == 0x81) {
    const p = readRaw(8);
    return p == 0 ? 0 : bswap<u64>(load<u64>(p));
  }
  corrupt("Unknown length encoding in rdbLoadLen()");
  return 0;
}

/** A plain length (an encoded-string marker here is corrupt). */
function loadCount(): u64 {
  const n = loadLen();
  if (rst == RDB_OK && lenEncoded) corrupt("Unexpected encoded length");
  return n;
}

function loadMillisecondTime(): i64 {
  const p = readRaw(8);
  return p == 0 ? 0 : load<i64>(p);
}

// ---- strings ---------------------------------------------------------------------------------------

/** The string loaded last: bytes and length. */
let sPtr: usize = 0;
let sLen: u32 = 0;

const SLOTS: i32 = 3;
/** Scratch per role (0: values / members, 1: hash values, 2: keys): LZF output and integers. */
const slotBuf = memory.data(<i32>SLOTS * 4);
const slotCap = memory.data(<i32>SLOTS * 4);
const intBufs = memory.data(<i32>SLOTS * 32);
export const KEY_SLOT: i32 = 2;

function slotReserve(slot: i32, n: u32): usize {
  const at = slotBuf + (<usize>slot << 2);
  const cap = load<u32>(slotCap + (<usize>slot << 2));
  if (n > cap) {
    const b = zrealloc(<usize>load<u32>(at), n == 0 ? 1 : n);
    store<u32>(at, <u32>b);
    store<u32>(slotCap + (<usize>slot << 2), n);
  }
  return <usize>load<u32>(at);
}

/** Gives back big scratch slots after a load or a RESTORE. */
export function rdbReleaseScratch(): void {
  for (let s = 0; s < SLOTS; s++) {
    if (load<u32>(slotCap + (<usize>s << 2)) > 65536) {
      zfree(<usize>load<u32>(slotBuf + (<usize>s << 2)));
      store<u32>(slotBuf + (<usize>s << 2), 0);
      store<u32>(slotCap + (<usize>s << 2), 0);
    }
  }
}

/** Redis: rdbGenericLoadStringObject; the bytes end up at sPtr / sLen. */
function loadString(slot: i32): bool {
  const len = loadLen();
  if (rst != RDB_OK) return false;
  if (lenEncoded) {
    let v: i64 = 0;
    if (len == <u64>RDB_ENC_INT8) {
      const p = readRaw(1);
      if (p == 0) return false;
      v = <i64>load<i8>(p);
    } else if (len == <u64>RDB_ENC_INT16) {
      const p = readRaw(2);
      if (p == 0) return false;
      v = <i64>load<i16>(p);
    } else if (len == <u64>RDB_ENC_INT32) {
      const p = readRaw(4);
      if (p == 0) return false;
      v = <i64>load<i32>(p);
    } else if (len == <u64>RDB_ENC_LZF) {
      const clen = loadCount();
      const ulen = loadCount();
      const p = readRaw(clen);
      if (p == 0) return false;
      // LZF expands at most ~ 264/3 times: anything beyond is corrupt, not an allocation.
      if (ulen > (<u64>1 << 31) || ulen > clen * 100 + 64) {
        corrupt("Invalid LZF compressed string");
        return false;
      }
      const out = slotReserve(slot, <u32>ulen);
      if (ulen > 0 && lzfDecompress(p, <u32>clen, out, <u32>ulen) != <u32>ulen) {
        corrupt("Invalid LZF compressed string");
        return false;
      }
      sPtr = out;
      sLen = <u32>ulen;
      return true;
    } else {
      corrupt("Unknown RDB string encoding type");
      return false;
    }
    const b = intBufs + (<usize>slot << 5);
    sLen = <u32>ll2string(b, v);
    sPtr = b;
    return true;
  }
  if (len > 0xffffffff) {
    corrupt("String too long");
    return false;
  }
  const p = readRaw(len);
  if (p == 0 && len > 0) return false;
  sPtr = p;
  sLen = <u32>len;
  return true;
}

/** A string as a block of its own (listpack and intset blobs). */
function loadStringOwned(): usize {
  if (!loadString(0)) return 0;
  const b = zmalloc(sLen == 0 ? 1 : <usize>sLen);
  memory.copy(b, sPtr, sLen);
  return b;
}

/** The old text doubles of RDB_TYPE_ZSET (Redis: rdbLoadDoubleValue). */
function loadDoubleValue(): f64 {
  const len = readU8();
  if (rst != RDB_OK) return 0;
  if (len == 255) return -Infinity;
  if (len == 254) return Infinity;
  if (len == 253) return NaN;
  const p = readRaw(<u64>len);
  if (p == 0) return 0;
  if (!string2d(p, <i32>len)) {
    corrupt("Invalid double value");
    return 0;
  }
  return parsedDouble;
}

// ---- ziplists, zipmaps, intsets ------------------------------------------------------------------

/**
 * The elements of a ziplist, validated, as a new listpack (Redis: ziplistValidateIntegrity
 * with the convert callbacks). 0 if the blob is not a well-formed ziplist.
 */
function ziplistToListpack(zl: usize, size: u32): usize {
  if (size < 11 || load<u32>(zl) != size || load<u32>(zl + 4) >= size || load<u8>(zl + <usize>size - 1) != 0xff) return 0;
  const zllen = <u32>load<u16>(zl + 8);
  const end = zl + <usize>size - 1;
  let p = zl + 10;
  let lp = lpNew();
  let count: u32 = 0;
  while (p < end) {
    const pb = load<u8>(p);
    if (pb == 0xff) break;
    p += pb < 254 ? 1 : 5;
    if (p >= end) { lpFree(lp); return 0; }
    const enc = <u32>load<u8>(p);
    let isStr = true;
    let len: u32 = 0;
    let v: i64 = 0;
    const kind = enc >> 6;
    if (kind == 0) {
      len = enc & 0x3f;
      p += 1;
    } else if (kind == 1) {
      if (p + 2 > end) { lpFree(lp); return 0; }
      len = ((enc & 0x3f) << 8) | <u32>load<u8>(p + 1);
      p += 2;
    } else if (kind == 2) {
      if (enc != 0x80 || p + 5 > end) { lpFree(lp); return 0; }
      len = bswap<u32>(load<u32>(p + 1));
      p += 5;
    } else {
      isStr = false;
      let n: usize = 0;
      if (enc == 0xc0) n = 2;
      else if (enc == 0xd0) n = 4;
      else if (enc == 0xe0) n = 8;
      else if (enc == 0xf0) n = 3;
      else if (enc == 0xfe) n = 1;
      else if (enc >= 0xf1 && enc <= 0xfd) n = 0;
      else { lpFree(lp); return 0; }
      if (p + 1 + n > end) { lpFree(lp); return 0; }
      const q = p + 1;
      if (enc == 0xc0) v = <i64>load<i16>(q);
      else if (enc == 0xd0) v = <i64>load<i32>(q);
      else if (enc == 0xe0) v = load<i64>(q);
      else if (enc == 0xf0) v = <i64>((<i32>load<u8>(q) << 8 | <i32>load<u8>(q + 1) << 16 | <i32>load<u8>(q + 2) << 24) >> 8);
      else if (enc == 0xfe) v = <i64>load<i8>(q);
      else v = <i64>(enc & 0x0f) - 1;
      p = q + n;
    }
    if (isStr) {
      if (<u64>(end - p) < <u64>len) { lpFree(lp); return 0; }
      lp = lpAppend(lp, p, len);
      p += len;
    } else {
      lp = lpAppendInt(lp, v);
    }
    count++;
  }
  if (p != end || (zllen != 0xffff && zllen != count)) { lpFree(lp); return 0; }
  return lp;
}

/** Redis: zipmapValidateIntegrity + the zipmap -> listpack conversion of rdbLoadObject. */
let zipmapMaxLen: u32 = 0;
function zipmapToListpack(zm: usize, size: u32): usize {
  if (size < 2 || load<u8>(zm + <usize>size - 1) != 0xff) return 0;
  const end = zm + <usize>size - 1;
  let p = zm + 1;
  let lp = lpNew();
  zipmapMaxLen = 0;
  while (p < end) {
    // field length, field
    let b = <u32>load<u8>(p);
    let flen: u32 = 0;
    if (b < 254) { flen = b; p += 1; }
    else if (b == 254 && p + 5 <= end) { flen = load<u32>(p + 1); p += 5; }
    else { lpFree(lp); return 0; }
    if (<u64>(end - p) < <u64>flen) { lpFree(lp); return 0; }
    const fp = p;
    p += flen;
    if (p >= end) { lpFree(lp); return 0; }
    b = <u32>load<u8>(p);
    let vlen: u32 = 0;
    if (b < 254) { vlen = b; p += 1; }
    else if (b == 254 && p + 5 <= end) { vlen = load<u32>(p + 1); p += 5; }
    else { lpFree(lp); return 0; }
    if (p >= end) { lpFree(lp); return 0; }
    const free = <u32>load<u8>(p);
    p += 1;
    if (<u64>(end - p) < <u64>vlen + <u64>free) { lpFree(lp); return 0; }
    if (lpFindField(lp, fp, flen)) { lpFree(lp); return 0; } // duplicate field
    if (flen > zipmapMaxLen) zipmapMaxLen = flen;
    if (vlen > zipmapMaxLen) zipmapMaxLen = vlen;
    lp = lpAppend(lp, fp, flen);
    lp = lpAppend(lp, p, vlen);
    p += vlen + free;
  }
  if (p != end) { lpFree(lp); return 0; }
  return lp;
}

const cmpBuf: usize = memory.data(32);

/** Whether a field (even position) of a pairs listpack equals (fp, fl). */
function lpFindField(lp: usize, fp: usize, fl: u32): bool {
  let p = lpFirst(lp);
  while (p != 0) {
    let ep: usize, el: u32;
    if (lpGet(p)) { ep = lpStrPtr; el = lpStrLen; }
    else { el = <u32>ll2string(cmpBuf, lpInt); ep = cmpBuf; }
    if (el == fl && memory.compare(ep, fp, fl) == 0) return true;
    p = lpNext(lp, p);
    if (p == 0) break;
    p = lpNext(lp, p);
  }
  return false;
}

/** A pairs listpack has no duplicate field (Redis: the dup checks of the ziplist converters). */
function lpPairsUnique(lp: usize): bool {
  let p = lpFirst(lp);
  while (p != 0) {
    const v = lpNext(lp, p);
    if (v == 0) return false;
    let ep: usize, el: u32;
    if (lpGet(p)) { ep = lpStrPtr; el = lpStrLen; }
    else { el = <u32>ll2string(cmpBuf, lpInt); ep = cmpBuf; }
    // Compare with every later field (these listpacks are small by construction).
    let q = lpNext(lp, v);
    while (q != 0) {
      let qp: usize, ql: u32;
      if (lpGet(q)) { qp = lpStrPtr; ql = lpStrLen; }
      else { ql = <u32>ll2string(cmpBuf2, lpInt); qp = cmpBuf2; }
      if (ql == el && memory.compare(qp, ep, el) == 0) return false;
      q = lpNext(lp, q);
      if (q == 0) break;
      q = lpNext(lp, q);
    }
    p = lpNext(lp, v);
  }
  return true;
}

const cmpBuf2: usize = memory.data(32);

/**
 * Redis: intsetValidateIntegrity as loading and RESTORE run it by default (sanitize-dump-
 * payload no, so not "deep"): encoding, size, non-empty. Order is not checked, as in Redis:
 * an unsorted intset only makes lookups miss, it cannot make the engine read out of bounds.
 */
function intsetValid(is: usize, size: u32): bool {
  if (size < 8) return false;
  const enc = load<u32>(is);
  if (enc != 2 && enc != 4 && enc != 8) return false;
  const count = load<u32>(is + 4);
  if (<u64>8 + <u64>count * <u64>enc != <u64>size) return false;
  return count != 0;
}

// ---- objects ---------------------------------------------------------------------------------------

/** Set by loadObject when the value was empty (Redis skips such keys: RDB_LOAD_ERR_EMPTY_KEY). */
let loadEmpty = false;

@inline function isObjectType(t: u32): bool {
  return (t <= 7) || (t >= 9 && t <= 19);
}

function newEntry(kp: usize, kl: u32, type: u8, enc: u8, v: usize): usize {
  const e = entryNew(kp, kl, type, enc, 0, lruClock);
  setEntryVal(e, <u32>v);
  return e;
}

/** Loads a value of RDB type `t` for key (kp, kl) (Redis: rdbLoadObject). 0 on error / empty. */
function loadObject(t: u32, kp: usize, kl: u32, rdbver: i32): usize {
  loadEmpty = false;
  if (t == RDB_TYPE_STRING) {
    if (!loadString(0)) return 0;
    return entryNewString(kp, kl, sPtr, sLen, stringEncodingFor(sPtr, sLen), lruClock);
  }
  if (t == RDB_TYPE_LIST) {
    let len = loadCount();
    if (rst != RDB_OK) return 0;
    if (len == 0) { loadEmpty = true; return 0; }
    const ql = qlCreate(listMaxListpackSize, listCompressDepth);
    while (len-- > 0) {
      if (!loadString(0)) { qlFree(ql); return 0; }
      qlPushTail(ql, sPtr, sLen);
    }
    return newEntry(kp, kl, OBJ_LIST, ENC_QUICKLIST, ql);
  }
  if (t == RDB_TYPE_SET) {
    let len = loadCount();
    if (rst != RDB_OK) return 0;
    if (len == 0) { loadEmpty = true; return 0; }
    let max = setMaxIntsetEntries;
    if (max >= (<i64>1 << 30)) max = <i64>1 << 30;
    const e = <i64>len > max ? setNewHashtable(kp, kl) : setNewIntset(kp, kl);
    while (len-- > 0) {
      if (!loadString(0)) { entryFree(e); return 0; }
      if (!setTypeAdd(e, sPtr, sLen)) {
        corrupt("Duplicate set members detected");
        entryFree(e);
        return 0;
      }
    }
    return e;
  }
  if (t == RDB_TYPE_ZSET_2 || t == RDB_TYPE_ZSET) {
    let len = loadCount();
    if (rst != RDB_OK) return 0;
    if (len == 0) { loadEmpty = true; return 0; }
    const zs = zsetCreate();
    let maxlen: u64 = 0;
    let totlen: u64 = 0;
    while (len-- > 0) {
      if (!loadString(0)) { zsetFree(zs); return 0; }
      let score: f64 = 0;
      if (t == RDB_TYPE_ZSET_2) {
        const p = readRaw(8);
        if (p == 0) { zsetFree(zs); return 0; }
        score = load<f64>(p);
      } else {
        score = loadDoubleValue();
        if (rst != RDB_OK) { zsetFree(zs); return 0; }
      }
      if (isNaN(score)) {
        corrupt("Zset with NAN score detected");
        zsetFree(zs);
        return 0;
      }
      if (zsetFind(zs, sPtr, sLen) != 0) {
        corrupt("Duplicate zset fields detected");
        zsetFree(zs);
        return 0;
      }
      if (<u64>sLen > maxlen) maxlen = <u64>sLen;
      totlen += <u64>sLen;
      zsetInsertNew(zs, score, sPtr, sLen);
    }
    const e = newEntry(kp, kl, OBJ_ZSET, ENC_SKIPLIST, changetype<usize>(zs));
    if (<i64>zs.length <= zsetMaxListpackEntries && <i64>maxlen <= zsetMaxListpackValue && totlen <= (<u64>1 << 30)) {
      zsetConvert(e, ENC_LISTPACK);
    }
    return e;
  }
  if (t == RDB_TYPE_HASH) {
    let len = loadCount();
    if (rst != RDB_OK) return 0;
    if (len == 0) { loadEmpty = true; return 0; }
    const e = newEntry(kp, kl, OBJ_HASH, ENC_LISTPACK, lpNew());
    if (<i64>len > hashMaxListpackEntries) hashTypeConvert(e);
    while (len-- > 0) {
      if (!loadString(0)) { entryFree(e); return 0; }
      const fp = sPtr;
      const fl = sLen;
      if (!loadString(1)) { entryFree(e); return 0; }
      if (hashTypeSet(e, fp, fl, sPtr, sLen)) {
        corrupt("Duplicate hash fields detected");
        entryFree(e);
        return 0;
      }
    }
    return e;
  }
  if (t == RDB_TYPE_LIST_QUICKLIST || t == RDB_TYPE_LIST_QUICKLIST_2) {
    let len = loadCount();
    if (rst != RDB_OK) return 0;
    if (len == 0) { loadEmpty = true; return 0; }
    const ql = qlCreate(listMaxListpackSize, listCompressDepth);
    while (len-- > 0) {
      let container = QL_CONTAINER_PACKED;
      if (t == RDB_TYPE_LIST_QUICKLIST_2) {
        container = loadCount();
        if (rst != RDB_OK) { qlFree(ql); return 0; }
        if (container != QL_CONTAINER_PACKED && container != QL_CONTAINER_PLAIN) {
          corrupt("Quicklist integrity check failed.");
          qlFree(ql);
          return 0;
        }
      }
      if (!loadString(0)) { qlFree(ql); return 0; }
      if (sLen == 0) {
        corrupt("Empty quicklist node");
        qlFree(ql);
        return 0;
      }
      if (container == QL_CONTAINER_PLAIN) {
        // A plain node holds one big element; ours go into listpack nodes (quicklist.ts).
        qlPushTail(ql, sPtr, sLen);
        continue;
      }
      let lp: usize = 0;
      if (t == RDB_TYPE_LIST_QUICKLIST_2) {
        lp = zmalloc(<usize>sLen);
        memory.copy(lp, sPtr, sLen);
        if (!lpValidate(lp, sLen, false)) {
          corrupt("Listpack integrity check failed.");
          lpFree(lp);
          qlFree(ql);
          return 0;
        }
      } else {
        lp = ziplistToListpack(sPtr, sLen);
        if (lp == 0) {
          corrupt("Ziplist integrity check failed.");
          qlFree(ql);
          return 0;
        }
      }
      if (lpLength(lp) == 0) {
        lpFree(lp);
        continue;
      }
      qlAppendListpack(ql, lp);
    }
    if (qlCount(ql) == 0) {
      qlFree(ql);
      loadEmpty = true;
      return 0;
    }
    return newEntry(kp, kl, OBJ_LIST, ENC_QUICKLIST, ql);
  }
  if (t == RDB_TYPE_HASH_ZIPMAP || t == RDB_TYPE_LIST_ZIPLIST || t == RDB_TYPE_SET_INTSET ||
      t == RDB_TYPE_ZSET_ZIPLIST || t == RDB_TYPE_ZSET_LISTPACK || t == RDB_TYPE_HASH_ZIPLIST ||
      t == RDB_TYPE_HASH_LISTPACK) {
    return loadBlobObject(t, kp, kl);
  }
  if (t == RDB_TYPE_STREAM_LISTPACKS || t == RDB_TYPE_STREAM_LISTPACKS_2) {
    return loadStream(t, kp, kl);
  }
  if (t == RDB_TYPE_MODULE || t == RDB_TYPE_MODULE_2) {
    corrupt("The RDB file contains module data I can't load: no matching module type");
    return 0;
  }
  corrupt("Unknown RDB encoding type");
  return 0;
}

/** The single-string encodings: zipmap, ziplists, intset, listpacks. */
function loadBlobObject(t: u32, kp: usize, kl: u32): usize {
  if (!loadString(0)) return 0;
  const p = sPtr;
  const n = sLen;
  if (t == RDB_TYPE_HASH_ZIPMAP) {
    const lp = zipmapToListpack(p, n);
    if (lp == 0) {
      corrupt("Zipmap integrity check failed.");
      return 0;
    }
    const e = newEntry(kp, kl, OBJ_HASH, ENC_LISTPACK, lp);
    if (<i64>hashTypeLength(e) > hashMaxListpackEntries || <i64>zipmapMaxLen > hashMaxListpackValue) hashTypeConvert(e);
    return e;
  }
  if (t == RDB_TYPE_LIST_ZIPLIST) {
    const lp = ziplistToListpack(p, n);
    if (lp == 0) {
      corrupt("List ziplist integrity check failed.");
      return 0;
    }
    const ql = qlCreate(listMaxListpackSize, listCompressDepth);
    for (let q = lpFirst(lp); q != 0; q = lpNext(lp, q)) {
      if (lpGet(q)) qlPushTail(ql, lpStrPtr, lpStrLen);
      else {
        const l = <u32>ll2string(cmpBuf, lpInt);
        qlPushTail(ql, cmpBuf, l);
      }
    }
    lpFree(lp);
    if (qlCount(ql) == 0) {
      qlFree(ql);
      loadEmpty = true;
      return 0;
    }
    return newEntry(kp, kl, OBJ_LIST, ENC_QUICKLIST, ql);
  }
  if (t == RDB_TYPE_SET_INTSET) {
    if (!intsetValid(p, n)) {
      corrupt("Intset integrity check failed.");
      return 0;
    }
    const is = zmalloc(<usize>n);
    memory.copy(is, p, n);
    const e = newEntry(kp, kl, OBJ_SET, ENC_INTSET, is);
    if (<i64>load<u32>(is + 4) > setMaxIntsetEntries) setTypeConvert(e);
    return e;
  }
  // Pairs: zset (member, score) or hash (field, value).
  const isZset = t == RDB_TYPE_ZSET_ZIPLIST || t == RDB_TYPE_ZSET_LISTPACK;
  let lp: usize = 0;
  if (t == RDB_TYPE_ZSET_ZIPLIST || t == RDB_TYPE_HASH_ZIPLIST) {
    lp = ziplistToListpack(p, n);
    if (lp == 0 || (lpLength(lp) & 1) != 0 || !lpPairsUnique(lp)) {
      if (lp != 0) lpFree(lp);
      corrupt(isZset ? "Zset ziplist integrity check failed." : "Hash ziplist integrity check failed.");
      return 0;
    }
  } else {
    lp = zmalloc(<usize>n);
    memory.copy(lp, p, n);
    if (!lpValidate(lp, n, true)) {
      lpFree(lp);
      corrupt(isZset ? "Zset listpack integrity check failed." : "Hash listpack integrity check failed.");
      return 0;
    }
  }
  if (lpLength(lp) == 0) {
    lpFree(lp);
    loadEmpty = true;
    return 0;
  }
  if (isZset) {
    const e = newEntry(kp, kl, OBJ_ZSET, ENC_LISTPACK, lp);
    if (zsetLength(e) > zsetMaxListpackEntries) zsetConvert(e, ENC_SKIPLIST);
    return e;
  }
  const e = newEntry(kp, kl, OBJ_HASH, ENC_LISTPACK, lp);
  if (<i64>hashTypeLength(e) > hashMaxListpackEntries) hashTypeConvert(e);
  return e;
}

/** A 16-byte big-endian stream ID at the cursor into idMs / idSeq. */
let rdMs: u64 = 0;
let rdSeq: u64 = 0;
function loadRawId(): bool {
  const p = readRaw(16);
  if (p == 0) return false;
  rdMs = bswap<u64>(load<u64>(p));
  rdSeq = bswap<u64>(load<u64>(p + 8));
  return true;
}

/**
 * A stream node is a valid listpack laid out as stream entries (Redis:
 * streamValidateListpackIntegrity, deep): the master entry (count, deleted, field count, the
 * field names, a 0 terminator), then count + deleted entries, each flags, ms and seq deltas,
 * [field count and names unless SAMEFIELDS], the values, and an lp-count equal to the
 * entry's element count, with nothing after the last one. The stream iterator trusts this
 * shape, so it is always checked in full.
 */
function streamNodeValid(lp: usize, n: u32): bool {
  if (!lpValidate(lp, n, false)) return false;
  let p = lpFirst(lp);
  const count = nodeInt(lp, p);
  if (!nodeIntOk || count < 0) return false;
  p = nodeIntNext;
  const deleted = nodeInt(lp, p);
  if (!nodeIntOk || deleted < 0) return false;
  p = nodeIntNext;
  const masterFields = nodeInt(lp, p);
  if (!nodeIntOk || masterFields < 0 || masterFields > 0xffffff) return false;
  p = nodeIntNext;
  for (let j: i64 = 0; j < masterFields; j++) {
    if (p == 0) return false;
    p = lpNext(lp, p);
  }
  if (nodeInt(lp, p) != 0 || !nodeIntOk) return false;
  p = nodeIntNext;
  let entries = count + deleted;
  while (entries-- > 0) {
    const flags = nodeInt(lp, p);
    if (!nodeIntOk) return false;
    p = nodeIntNext;
    nodeInt(lp, p); // ms delta
    if (!nodeIntOk) return false;
    p = nodeIntNext;
    nodeInt(lp, p); // seq delta
    if (!nodeIntOk) return false;
    p = nodeIntNext;
    let fields = masterFields;
    let extra: i64 = 3;
    if ((flags & 2) == 0) {
      fields = nodeInt(lp, p);
      if (!nodeIntOk || fields < 0 || fields > 0xffffff) return false;
      p = nodeIntNext;
      for (let j: i64 = 0; j < fields; j++) {
        if (p == 0) return false;
        p = lpNext(lp, p);
      }
      extra += fields + 1;
    }
    for (let j: i64 = 0; j < fields; j++) {
      if (p == 0) return false;
      p = lpNext(lp, p);
    }
    const lpCount = nodeInt(lp, p);
    if (!nodeIntOk || lpCount != fields + extra) return false;
    p = nodeIntNext;
  }
  return p == 0;
}

let nodeIntOk = false;
let nodeIntNext: usize = 0;

/** The integer element at p (nodeIntOk false if p is the end or a string), next in nodeIntNext. */
function nodeInt(lp: usize, p: usize): i64 {
  nodeIntOk = false;
  if (p == 0) return 0;
  if (lpGet(p)) return 0;
  nodeIntOk = true;
  nodeIntNext = lpNext(lp, p);
  return lpInt;
}

function loadStream(t: u32, kp: usize, kl: u32): usize {
  const s = streamNew();
  let nodes = loadCount();
  if (rst != RDB_OK) { streamFree(s); return 0; }
  while (nodes-- > 0) {
    if (!loadString(0)) { streamFree(s); return 0; }
    if (sLen != 16) {
      corrupt("Stream node key entry is not the size of a stream ID");
      streamFree(s);
      return 0;
    }
    const ms = bswap<u64>(load<u64>(sPtr));
    const seq = bswap<u64>(load<u64>(sPtr + 8));
    const lp = loadStringOwned();
    if (lp == 0) { streamFree(s); return 0; }
    const n = sLen;
    if (!streamNodeValid(lp, n)) {
      corrupt(n >= 7 && load<u8>(lp + 6) == 0xff ? "Empty listpack inside stream" : "Stream listpack integrity check failed.");
      lpFree(lp);
      streamFree(s);
      return 0;
    }
    if (!idtInsert(streamTree(s), ms, seq, <u32>lp)) {
      lpFree(lp);
      corrupt("Listpack re-added with existing key");
      streamFree(s);
      return 0;
    }
  }
  streamSetLength(s, loadCount());
  const lms = loadCount();
  const lseq = loadCount();
  streamSetLastId(s, lms, lseq);
  if (t == RDB_TYPE_STREAM_LISTPACKS_2) {
    const fms = loadCount();
    const fseq = loadCount();
    streamSetFirstId(s, fms, fseq);
    const dms = loadCount();
    const dseq = loadCount();
    streamSetMaxDeleted(s, dms, dseq);
    streamSetEntriesAdded(s, loadCount());
  } else {
    streamSetMaxDeleted(s, 0, 0);
    streamSetEntriesAdded(s, load<u64>(s + 8));
    if (rst == RDB_OK) {
      streamGetEdgeID(s, true, true);
      streamSetFirstId(s, edgeMs, edgeSeq);
    }
  }
  if (rst != RDB_OK) { streamFree(s); return 0; }
  let groups = loadCount();
  if (rst != RDB_OK) { streamFree(s); return 0; }
  while (groups-- > 0) {
    if (!loadString(0)) { streamFree(s); return 0; }
    const gp = sPtr;
    const gl = sLen;
    const gms = loadCount();
    const gseq = loadCount();
    let entriesRead: i64 = 0;
    if (t == RDB_TYPE_STREAM_LISTPACKS_2) entriesRead = <i64>loadCount();
    if (rst != RDB_OK) { streamFree(s); return 0; }
    if (t != RDB_TYPE_STREAM_LISTPACKS_2) entriesRead = streamEstimateDistanceFromFirstEverEntry(s, gms, gseq);
    const cg = streamCreateCG(s, gp, gl, gms, gseq, entriesRead);
    if (cg == 0) {
      corrupt("Duplicated consumer group name");
      streamFree(s);
      return 0;
    }
    let pel = loadCount();
    if (rst != RDB_OK) { streamFree(s); return 0; }
    while (pel-- > 0) {
      if (!loadRawId()) { streamFree(s); return 0; }
      const time = loadMillisecondTime();
      const count = loadCount();
      if (rst != RDB_OK) { streamFree(s); return 0; }
      const nk = nackNew(0);
      nackSetTime(nk, time);
      nackSetCount(nk, count);
      nackSetConsumer(nk, 0);
      if (!idtInsert(groupPel(cg), rdMs, rdSeq, <u32>nk)) {
        zfree(nk);
        corrupt("Duplicated global PEL entry loading stream consumer group");
        streamFree(s);
        return 0;
      }
    }
    let consumers = loadCount();
    if (rst != RDB_OK) { streamFree(s); return 0; }
    while (consumers-- > 0) {
      if (!loadString(0)) { streamFree(s); return 0; }
      const c = streamCreateConsumer(cg, sPtr, sLen, 0);
      if (c == 0) {
        corrupt("Duplicate stream consumer detected.");
        streamFree(s);
        return 0;
      }
      consumerSetSeenTime(c, loadMillisecondTime());
      let cpel = loadCount();
      if (rst != RDB_OK) { streamFree(s); return 0; }
      while (cpel-- > 0) {
        if (!loadRawId()) { streamFree(s); return 0; }
        const r = idtFind(groupPel(cg), rdMs, rdSeq);
        if (r == 0) {
          corrupt("Consumer entry not found in group global PEL");
          streamFree(s);
          return 0;
        }
        const nk = <usize>recVal(r);
        nackSetConsumer(nk, c);
        if (!idtInsert(consumerPel(c), rdMs, rdSeq, <u32>nk)) {
          corrupt("Duplicated consumer PEL entry  loading a stream consumer group");
          streamFree(s);
          return 0;
        }
      }
    }
  }
  return newEntry(kp, kl, OBJ_STREAM, ENC_STREAM, s);
}

// ---- RESTORE ---------------------------------------------------------------------------------------

/**
 * Checks a DUMP payload's footer: the RDB version (at most ours) and the CRC-64 (Redis:
 * verifyDumpPayload).
 */
export function verifyDumpPayload(p: usize, n: u32): bool {
  if (n < 10) return false;
  const footer = p + <usize>n - 10;
  const ver = <i32>load<u16>(footer);
  if (ver > RDB_VERSION) return false;
  return crc64(0, p, <usize>n - 8) == load<u64>(footer + 2);
}

/** The value of a verified payload as an entry for key (kp, kl); 0 = "Bad data format". */
export function restoreObject(p: usize, n: u32, kp: usize, kl: u32): usize {
  rp = p;
  rend = p + <usize>n - 10;
  rst = RDB_OK;
  const t = readU8();
  if (rst != RDB_OK || !isObjectType(t)) return 0;
  const e = loadObject(t, kp, kl, RDB_VERSION);
  rdbReleaseScratch();
  if (rst != RDB_OK) {
    if (e != 0) entryFree(e);
    return 0;
  }
  return e;
}

// ---- loading a file --------------------------------------------------------------------------------

let inBuf: usize = 0;
let inCap: u32 = 0;
let inLen: u32 = 0;
let inPos: u32 = 0;
let retryAt: u32 = 0;
let headerDone = false;
let loadDone = false;
let rdbver: i32 = 0;
let curDb: i32 = 0;
let expiretime: i64 = -1;
let lruIdle: i64 = -1;
let lfuFreq: i64 = -1;
let loadCrc: u64 = 0;
let loadNow: i64 = 0;
export let loadedBytes: f64 = 0;
export let keysLoaded: u64 = 0;
export let keysExpired: u64 = 0;
export let emptyKeysSkipped: u64 = 0;
export let functionsSkipped: u64 = 0;
export let moduleAuxSkipped: u64 = 0;
export let checksumDisabled = false;
/** Aux fields the host logs. */
export let auxCtime: i64 = -1;
export let auxUsedMem: i64 = -1;
const AUX_VER: usize = memory.data(64);
export let auxVerLen: u32 = 0;
export function auxVerPtr(): usize { return AUX_VER; }

/** DEBUG RELOAD MERGE: a loaded key replaces an existing one instead of failing the load. */
let allowDup = false;
export function setLoadAllowDup(on: bool): void { allowDup = on; }

export const LOAD_MORE: i32 = 0;
export const LOAD_DONE: i32 = 1;
export const LOAD_ERROR: i32 = -1;

/** Starts loading a file into the (empty) keyspace. */
export function rdbLoadBegin(): void {
  functionsClear();
  inLen = 0;
  inPos = 0;
  retryAt = 0;
  headerDone = false;
  loadDone = false;
  rdbver = 0;
  curDb = 0;
  expiretime = -1;
  lruIdle = -1;
  lfuFreq = -1;
  loadCrc = 0;
  loadNow = nowMs;
  loadedBytes = 0;
  keysLoaded = 0;
  keysExpired = 0;
  emptyKeysSkipped = 0;
  functionsSkipped = 0;
  moduleAuxSkipped = 0;
  checksumDisabled = false;
  auxCtime = -1;
  auxUsedMem = -1;
  auxVerLen = 0;
  rdbErrLen = 0;
}

/** Where the host copies the next n bytes of the file. */
export function rdbLoadReserve(n: u32): usize {
  if (inPos > 0) {
    // Drop what was consumed.
    memory.copy(inBuf, inBuf + inPos, inLen - inPos);
    inLen -= inPos;
    if (retryAt > 0) retryAt = retryAt > inPos ? retryAt - inPos : 0;
    inPos = 0;
  }
  const need = inLen + n;
  if (need > inCap) {
    let cap = inCap < 65536 ? <u32>65536 : inCap;
    while (cap < need) cap = cap < 0x40000000 ? cap * 2 : cap + 0x10000000;
    inBuf = zrealloc(inBuf, cap);
    inCap = cap;
  }
  return inBuf + inLen;
}

/**
 * n bytes were written at the reserved place; `eof` says the file ends there. Parses what it
 * can. Returns LOAD_MORE (feed more), LOAD_DONE, or LOAD_ERROR (message: rdbErrPtr/Len; the
 * keyspace was emptied).
 */
export function rdbLoadFeed(n: u32, eof: bool): i32 {
  inLen += n;
  if (loadDone) return LOAD_DONE;
  if (!eof && inLen < retryAt) return LOAD_MORE;
  retryAt = 0;
  while (true) {
    const start = inBuf + inPos;
    rp = start;
    rend = inBuf + inLen;
    rst = RDB_OK;
    parseRecord();
    if (rst == RDB_SHORT) {
      if (eof) {
        rst = RDB_OK; // so that corrupt() records the message
        corrupt("Short read or OOM loading DB. Unrecoverable error, aborting now. (Unexpected EOF reading RDB file)");
        return loadFailed();
      }
      const buffered = inLen - inPos;
      retryAt = inLen + (buffered > 65536 ? buffered : 65536);
      return LOAD_MORE;
    }
    if (rst == RDB_CORRUPT) return loadFailed();
    const used = <u32>(rp - start);
    if (!loadDone && rdbChecksum) loadCrc = crc64(loadCrc, start, used);
    inPos += used;
    loadedBytes += <f64>used;
    if (loadDone) {
      rdbLoadRelease();
      return LOAD_DONE;
    }
    if (inPos == inLen) {
      if (eof) {
        corrupt("Short read or OOM loading DB. Unrecoverable error, aborting now. (Unexpected EOF reading RDB file)");
        return loadFailed();
      }
      return LOAD_MORE;
    }
  }
}

function loadFailed(): i32 {
  for (let i = 0; i < dbCount; i++) dbEmpty(dbAt(i));
  rdbLoadRelease();
  return LOAD_ERROR;
}

/** Frees the input buffer and scratch. */
export function rdbLoadRelease(): void {
  if (inBuf != 0) zfree(inBuf);
  inBuf = 0;
  inCap = 0;
  inLen = 0;
  inPos = 0;
  rdbReleaseScratch();
}

function parseHeader(): void {
  const p = readRaw(9);
  if (p == 0) return;
  if (load<u8>(p) != 0x52 || load<u8>(p + 1) != 0x45 || load<u8>(p + 2) != 0x44 || load<u8>(p + 3) != 0x49 ||
      load<u8>(p + 4) != 0x53) {
    corrupt("Wrong signature trying to load DB from file");
    return;
  }
  let v = 0;
  for (let i: usize = 5; i < 9; i++) {
    const d = <i32>load<u8>(p + i) - 48;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
  }
  if (v < 1 || v > RDB_VERSION) {
    corrupt("Can't handle RDB format version ");
    errAppendNum(v);
    return;
  }
  rdbver = v;
  headerDone = true;
}

/** One opcode or one key (Redis: an iteration of rdbLoadRioWithLoadingCtx's loop). */
function parseRecord(): void {
  if (!headerDone) {
    parseHeader();
    return;
  }
  const t = readU8();
  if (rst != RDB_OK) return;
  if (t == RDB_OPCODE_EXPIRETIME) {
    const p = readRaw(4);
    if (p != 0) expiretime = <i64>load<i32>(p) * 1000;
    return;
  }
  if (t == RDB_OPCODE_EXPIRETIME_MS) {
    const v = loadMillisecondTime();
    if (rst == RDB_OK) expiretime = v;
    return;
  }
  if (t == RDB_OPCODE_FREQ) {
    const v = readU8();
    if (rst == RDB_OK) lfuFreq = <i64>v;
    return;
  }
  if (t == RDB_OPCODE_IDLE) {
    const v = loadCount();
    if (rst == RDB_OK) lruIdle = <i64>v;
    return;
  }
  if (t == RDB_OPCODE_EOF) {
    if (rdbver >= 5) {
      const expected = rdbChecksum ? crc64(loadCrc, rp - 1, 1) : 0;
      const p = readRaw(8);
      if (p == 0) return;
      const sum = load<u64>(p);
      if (rdbChecksum) {
        if (sum == 0) {
          checksumDisabled = true;
        } else if (sum != expected) {
          corrupt("Wrong RDB checksum expected: (");
          errHex(expected);
          errAppend(") but got (");
          errHex(sum);
          errAppend("). Aborting now.");
          return;
        }
      }
    }
    loadDone = true;
    return;
  }
  if (t == RDB_OPCODE_SELECTDB) {
    const id = loadCount();
    if (rst != RDB_OK) return;
    if (id >= <u64>dbCount) {
      corrupt("FATAL: Data file was created with a Redis server configured to handle more than ");
      errAppendNum(dbCount);
      errAppend(" databases. Exiting");
      return;
    }
    curDb = <i32>id;
    return;
  }
  if (t == RDB_OPCODE_RESIZEDB) {
    loadCount();
    loadCount();
    return;
  }
  if (t == RDB_OPCODE_AUX) {
    if (!loadString(0)) return;
    const kp = sPtr;
    const kl = sLen;
    if (!loadString(1)) return;
    if (auxIs(kp, kl, "redis-ver")) {
      auxVerLen = sLen < 64 ? sLen : 64;
      memory.copy(AUX_VER, sPtr, auxVerLen);
    } else if (auxIs(kp, kl, "ctime")) {
      if (string2ll(sPtr, <i32>sLen)) auxCtime = parsedLL;
    } else if (auxIs(kp, kl, "used-mem")) {
      if (string2ll(sPtr, <i32>sLen)) auxUsedMem = parsedLL;
    }
    return;
  }
  if (t == RDB_OPCODE_MODULE_AUX) {
    loadCount(); // module id
    const whenOp = loadCount();
    loadCount(); // when
    if (rst != RDB_OK) return;
    if (whenOp != 2) {
      corrupt("bad when_opcode");
      return;
    }
    skipModuleValue();
    if (rst == RDB_OK) moduleAuxSkipped++;
    return;
  }
  if (t == RDB_OPCODE_FUNCTION2) {
    // A library's code: kept for the host, which loads it (host/core/persistence.ts).
    if (loadString(0)) functionAdd(sPtr, sLen, 0, 0, 0, 0);
    return;
  }
  if (t == RDB_OPCODE_FUNCTION) {
    // 7.0 release candidates: name, engine, optional description, code; Redis rewrites them
    // as "#!<engine> name=<name>\n<code>" (rdbFunctionLoad).
    if (!loadString(0)) return;
    const np = sPtr;
    const nl = sLen;
    if (!loadString(1)) return;
    const ep = sPtr;
    const el = sLen;
    const hasDesc = loadCount();
    if (rst == RDB_OK && hasDesc != 0) loadString(2);
    if (!loadString(2)) return;
    functionAdd(sPtr, sLen, ep, el, np, nl);
    return;
  }
  if (!isObjectType(t)) {
    corrupt("Unknown RDB encoding type ");
    errAppendNum(<i64>t);
    return;
  }
  if (!loadString(KEY_SLOT)) return;
  const e = loadObject(t, sPtr, sLen, rdbver);
  if (rst != RDB_OK) {
    if (e != 0) entryFree(e);
    return;
  }
  if (e == 0) {
    emptyKeysSkipped++;
  } else if (!serverIsReplica && expiretime != -1 && expiretime < loadNow) {
    entryFree(e);
    keysExpired++;
  } else {
    const db = dbAt(curDb);
    const kp = entryKeyPtr(e);
    const kl = entryKeyLen(e);
    const h = hashBytes(kp, kl);
    const old = dictFind(db.dict, kp, kl, h);
    if (old != 0 && allowDup) {
      dbDeleteEntry(db, old, h);
    } else if (old != 0) {
      entryFree(e);
      corrupt("RDB has duplicated key in DB ");
      errAppendNum(curDb);
      return;
    }
    dictAddNode(db.dict, e, h);
    if (expiretime != -1) setExpire(db, e, h, expiretime);
    objectSetLRUOrLFU(e, lfuFreq, lruIdle);
    keysLoaded++;
  }
  expiretime = -1;
  lruIdle = -1;
  lfuFreq = -1;
}

/**
 * Applies a saved or RESTOREd access time (Redis: objectSetLRUOrLFU): under an LFU policy the
 * counter (with the current minutes), otherwise the idle seconds as an LRU clock value.
 */
export function objectSetLRUOrLFU(e: usize, freq: i64, idle: i64): void {
  if ((maxmemoryPolicy & MAXMEMORY_FLAG_LFU) != 0) {
    if (freq >= 0) setEntryLru(e, (lfuTimeInMinutes() << 8) | <u32>(freq & 255));
  } else if (idle >= 0) {
    let abs = <i64>lruClock - idle;
    if (abs < 0) abs += 0xffffff; // the 24-bit clock wrapped (LRU_CLOCK_MAX)
    setEntryLru(e, <u32>abs);
  }
}

// ---- function libraries found in the file ----------------------------------------------------------

let fnList: usize = 0; // pairs (ptr u32, len u32)
let fnCount: u32 = 0;
let fnCap: u32 = 0;

/** Records a library's code; with an engine name (ep, el) it gets the "#!engine name=..." header. */
function functionAdd(cp: usize, cl: u32, ep: usize, el: u32, np: usize, nl: u32): void {
  const hdr: u32 = el > 0 ? 2 + el + 6 + nl + 1 : 0;
  const b = zmalloc(<usize>(hdr + cl) + 1);
  if (hdr > 0) {
    store<u8>(b, 0x23); // #
    store<u8>(b + 1, 0x21); // !
    memory.copy(b + 2, ep, el);
    const q = b + 2 + <usize>el;
    store<u8>(q, 0x20);
    store<u8>(q + 1, 0x6e); store<u8>(q + 2, 0x61); store<u8>(q + 3, 0x6d); store<u8>(q + 4, 0x65); // name
    store<u8>(q + 5, 0x3d); // =
    memory.copy(q + 6, np, nl);
    store<u8>(q + 6 + <usize>nl, 0x0a);
  }
  memory.copy(b + <usize>hdr, cp, cl);
  if (fnCount == fnCap) {
    fnCap = fnCap == 0 ? 4 : fnCap * 2;
    fnList = zrealloc(fnList, <usize>fnCap << 3);
  }
  store<u32>(fnList + (<usize>fnCount << 3), <u32>b);
  store<u32>(fnList + (<usize>fnCount << 3) + 4, hdr + cl);
  fnCount++;
}

function functionsClear(): void {
  for (let i: u32 = 0; i < fnCount; i++) zfree(<usize>load<u32>(fnList + (<usize>i << 3)));
  fnCount = 0;
}

/** Libraries of the last load (valid until the next rdbLoadBegin). */
export function loadFunctionCount(): u32 { return fnCount; }
export function loadFunctionPtr(i: u32): usize { return <usize>load<u32>(fnList + (<usize>i << 3)); }
export function loadFunctionLen(i: u32): u32 { return load<u32>(fnList + (<usize>i << 3) + 4); }

function auxIs(p: usize, n: u32, s: string): bool {
  if (n != <u32>s.length) return false;
  for (let i = 0; i < s.length; i++) {
    let b = <i32>load<u8>(p + i);
    if (b >= 65 && b <= 90) b += 32;
    if (b != s.charCodeAt(i)) return false;
  }
  return true;
}

/** Walks a module value's opcodes up to its EOF (Redis: rdbLoadCheckModuleValue). */
function skipModuleValue(): void {
  while (rst == RDB_OK) {
    const op = loadCount();
    if (rst != RDB_OK) return;
    if (op == 0) return; // EOF
    if (op == 1 || op == 2) loadLen();
    else if (op == 3) readRaw(4);
    else if (op == 4) readRaw(8);
    else if (op == 5) loadString(0);
    else {
      corrupt("Unknown module opcode");
      return;
    }
  }
}

function errHex(v: u64): void {
  let started = false;
  for (let i = 15; i >= 0; i--) {
    const d = <u32>((v >> (<u64>i * 4)) & 15);
    if (d != 0 || started || i == 0) {
      started = true;
      if (rdbErrLen < 255) store<u8>(ERRBUF + rdbErrLen++, <u8>(d < 10 ? 48 + d : 87 + d));
    }
  }
}
