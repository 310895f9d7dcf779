// save.ts — writing RDB version 10 (Redis: the saving half of rdb.c) and DUMP payloads.
//
// Everything is serialised into one growable engine buffer (`rdbOut`), which the host copies
// out. A whole dataset is never built in memory: SAVE runs as a loop of
//
//   rdbSaveBegin(now)            header "REDIS0010" and the aux fields Redis writes
//   n = rdbSaveChunk()           appends keys until ~CHUNK bytes are ready; 0 = finished
//   (host copies rdbOutPtr() / n bytes to the file, repeats)
//
// The iteration position (db, hash table, bucket) lives in module globals between chunks.
// The host runs no command between two chunks of a synchronous SAVE, and a BGSAVE saves from
// a private copy of the engine (host/node/bgsave-worker.ts), so the dicts never change under
// the cursor. The CRC-64 of the file is accumulated over each chunk before it is handed out,
// and the last chunk ends with EOF and the checksum (0 with rdbchecksum no, as Redis).
//
// Values are written in the encodings Redis 7.0.15 writes, and our listpacks, intsets and
// stream nodes are Redis's byte formats, so those go out as blobs:
//
//   string          integer forms (8/16/32-bit) for canonical integers of <= 11 chars (or
//                   int-encoded values), LZF when rdbcompression is on and > 20 bytes, raw
//   list            QUICKLIST_2: node count, then per node container 2 (packed) and its
//                   listpack; a compressed node goes out as its LZF blob untouched
//   set             INTSET blob, or SET: count + members
//   zset            ZSET_LISTPACK blob, or ZSET_2: count + members from the highest score
//                   down with 8-byte binary scores
//   hash            HASH_LISTPACK blob, or HASH: count + field/value pairs
//   stream          STREAM_LISTPACKS_2: nodes (16-byte big-endian master ID + listpack),
//                   length, last/first/max-deleted IDs, entries_added, then the consumer
//                   groups with their PELs and consumers
//
// Hashtable-encoded sets and hashes come out in our dict's order, which differs from
// Redis's (its order depends on its random hash seed anyway); everything else is
// byte-identical to what redis-server writes for the same data, which is what makes DUMP
// payloads of small values identical.

import { zfree, zmalloc, zrealloc, usedMemory } from "../mem/alloc";
import { crc64 } from "./crc64";
import { lzfCompress } from "../util/lzf";
import { ll2string, parsedLL, string2ll } from "../util/number";
import { hashBytes } from "../util/hash";
import { Db, dbAt, dbCount, getExpire, lruClock, nowMs } from "../db/db";
import { dictBucketHead, dictNodeNext, dictSize, dictTableSize, Dict } from "../ds/dict";
import { ENC_HT, ENC_INT, ENC_INTSET, ENC_LISTPACK, entryEncoding, entryIsVolatile, entryKeyLen,
  entryKeyPtr, entryStrLen, entryStrPtr, entryType, entryVal, OBJ_HASH, OBJ_LIST, OBJ_SET,
  OBJ_STREAM, OBJ_STRING, OBJ_ZSET } from "../db/object";
import { lpBytes } from "../ds/listpack";
import { intsetBlobLen } from "../ds/intset";
import { nodeCompressedLen, nodeLp, nodeNext, nodeSz, qlHead, qlLen } from "../ds/quicklist";
import { ZSet, zslNodeBackward, zslNodeKeyLen, zslNodeKeyPtr, zslNodeScore } from "../ds/skiplist";
import { arrAt, arrLen, consumerName, consumerNameLen, consumerPel, consumerSeenTime, groupConsumers,
  groupEntriesRead, groupLastMs, groupLastSeq, groupName, groupNameLen, groupPel, nackCount, nackTime,
  streamEntriesAdded, streamFirstMs, streamFirstSeq, streamGroups, streamLastMs, streamLastSeq,
  streamLength, streamMaxDelMs, streamMaxDelSeq, streamTree } from "../ds/stream";
import { estimateObjectIdleTime, lfuDecrAndReturn, maxmemoryPolicy, MAXMEMORY_FLAG_LFU,
  MAXMEMORY_FLAG_LRU } from "../db/evict";
import { IdtIter, idtCount, idtIterRec, idtNext, idtSeekFirst, recMs, recSeq, recVal } from "../ds/idtree";

// ---- format constants (Redis: rdb.h) ---------------------------------------------------------

export const RDB_VERSION: i32 = 10;

export const RDB_TYPE_STRING: u8 = 0;
export const RDB_TYPE_LIST: u8 = 1;
export const RDB_TYPE_SET: u8 = 2;
export const RDB_TYPE_ZSET: u8 = 3;
export const RDB_TYPE_HASH: u8 = 4;
export const RDB_TYPE_ZSET_2: u8 = 5;
export const RDB_TYPE_MODULE: u8 = 6;
export const RDB_TYPE_MODULE_2: u8 = 7;
export const RDB_TYPE_HASH_ZIPMAP: u8 = 9;
export const RDB_TYPE_LIST_ZIPLIST: u8 = 10;
export const RDB_TYPE_SET_INTSET: u8 = 11;
export const RDB_TYPE_ZSET_ZIPLIST: u8 = 12;
export const RDB_TYPE_HASH_ZIPLIST: u8 = 13;
export const RDB_TYPE_LIST_QUICKLIST: u8 = 14;
export const RDB_TYPE_STREAM_LISTPACKS: u8 = 15;
export const RDB_TYPE_HASH_LISTPACK: u8 = 16;
export const RDB_TYPE_ZSET_LISTPACK: u8 = 17;
export const RDB_TYPE_LIST_QUICKLIST_2: u8 = 18;
export const RDB_TYPE_STREAM_LISTPACKS_2: u8 = 19;

export const RDB_OPCODE_FUNCTION2: u8 = 245;
export const RDB_OPCODE_FUNCTION: u8 = 246;
export const RDB_OPCODE_MODULE_AUX: u8 = 247;
export const RDB_OPCODE_IDLE: u8 = 248;
export const RDB_OPCODE_FREQ: u8 = 249;
export const RDB_OPCODE_AUX: u8 = 250;
export const RDB_OPCODE_RESIZEDB: u8 = 251;
export const RDB_OPCODE_EXPIRETIME_MS: u8 = 252;
export const RDB_OPCODE_EXPIRETIME: u8 = 253;
export const RDB_OPCODE_SELECTDB: u8 = 254;
export const RDB_OPCODE_EOF: u8 = 255;

export const RDB_ENC_INT8: u32 = 0;
export const RDB_ENC_INT16: u32 = 1;
export const RDB_ENC_INT32: u32 = 2;
export const RDB_ENC_LZF: u32 = 3;

/** Quicklist node containers (Redis: QUICKLIST_NODE_CONTAINER_PLAIN / _PACKED). */
export const QL_CONTAINER_PLAIN: u64 = 1;
export const QL_CONTAINER_PACKED: u64 = 2;

// ---- settings (pushed by the host: index.ts setConfig) -----------------------------------------

/** rdbcompression */
export let rdbCompression: bool = true;
/** rdbchecksum */
export let rdbChecksum: bool = true;
/** Unused: idle times / LFU counters follow maxmemory-policy (db/evict.ts) directly. */
export let rdbSaveLru: bool = false;
export function setRdbCompression(on: bool): void { rdbCompression = on; }
export function setRdbChecksum(on: bool): void { rdbChecksum = on; }
export function setRdbSaveLru(on: bool): void { rdbSaveLru = on; }
/** stop-writes-on-bgsave-error in effect (the last BGSAVE failed): server.ts refuses writes. */
export let denyWritesDiskError: bool = false;
export function setDenyWritesDiskError(on: bool): void { denyWritesDiskError = on; }

// ---- the output buffer -------------------------------------------------------------------------

export let rdbOut: usize = 0;
export let rdbOutLen: u32 = 0;
let rdbOutCap: u32 = 0;

@inline function reserve(n: u32): usize {
  const need = rdbOutLen + n;
  if (need > rdbOutCap) {
    let cap = rdbOutCap < 65536 ? <u32>65536 : rdbOutCap;
    while (cap < need) cap = cap < 0x40000000 ? cap * 2 : cap + 0x10000000;
    rdbOut = zrealloc(rdbOut, cap);
    rdbOutCap = cap;
  }
  return rdbOut + rdbOutLen;
}

/** Gives back a big buffer once its bytes were taken. */
export function rdbOutReset(): void {
  rdbOutLen = 0;
  if (rdbOutCap > 4 * 1024 * 1024) {
    zfree(rdbOut);
    rdbOut = 0;
    rdbOutCap = 0;
  }
}

export function rdbWriteRaw(p: usize, n: u32): void {
  const d = reserve(n);
  memory.copy(d, p, n);
  rdbOutLen += n;
}

@inline export function rdbWriteByte(b: u8): void {
  store<u8>(reserve(1), b);
  rdbOutLen++;
}

/** Redis: rdbSaveLen (6-bit, 14-bit, 32-bit or 64-bit big-endian lengths). */
export function rdbSaveLen(v: u64): void {
  if (v < 64) {
    rdbWriteByte(<u8>v);
  } else if (v < 16384) {
    const d = reserve(2);
    store<u8>(d, <u8>((v >> 8) | 0x40));
    store<u8>(d + 1, <u8>v);
    rdbOutLen += 2;
  } else if (v <= 0xffffffff) {
    const d = reserve(5);
    store<u8>(d, 0x80);
    store<u32>(d + 1, bswap<u32>(<u32>v));
    rdbOutLen += 5;
  } else {
    const d = reserve(9);
    store<u8>(d, 0x81);
    store<u64>(d + 1, bswap<u64>(v));
    rdbOutLen += 9;
  }
}

/** The compact integer forms (Redis: rdbEncodeInteger); false if v needs more than 32 bits. */
function rdbSaveEncodedInteger(v: i64): bool {
  if (v >= -128 && v <= 127) {
    const d = reserve(2);
    store<u8>(d, 0xc0 | <u8>RDB_ENC_INT8);
    store<u8>(d + 1, <u8>v);
    rdbOutLen += 2;
    return true;
  }
  if (v >= -32768 && v <= 32767) {
    const d = reserve(3);
    store<u8>(d, 0xc0 | <u8>RDB_ENC_INT16);
    store<u16>(d + 1, <u16>v);
    rdbOutLen += 3;
    return true;
  }
  if (v >= -2147483648 && v <= 2147483647) {
    const d = reserve(5);
    store<u8>(d, 0xc0 | <u8>RDB_ENC_INT32);
    store<u32>(d + 1, <u32>v);
    rdbOutLen += 5;
    return true;
  }
  return false;
}

/** An LZF blob: marker, compressed length, original length, bytes (Redis: rdbSaveLzfBlob). */
export function rdbSaveLzfBlob(data: usize, clen: u32, origLen: u32): void {
  rdbWriteByte(0xc0 | <u8>RDB_ENC_LZF);
  rdbSaveLen(<u64>clen);
  rdbSaveLen(<u64>origLen);
  rdbWriteRaw(data, clen);
}

let lzfBuf: usize = 0;
let lzfCap: u32 = 0;

/** Redis: rdbSaveRawString — integer form, then LZF, then verbatim. */
export function rdbSaveRawString(p: usize, n: u32): void {
  if (n <= 11 && n > 0 && string2ll(p, <i32>n) && rdbSaveEncodedInteger(parsedLL)) return;
  if (rdbCompression && n > 20) {
    const outLen = n - 4;
    if (outLen + 1 > lzfCap) {
      lzfBuf = zrealloc(lzfBuf, outLen + 1);
      lzfCap = outLen + 1;
    }
    const comp = lzfCompress(p, n, lzfBuf, outLen);
    if (comp > 0) {
      rdbSaveLzfBlob(lzfBuf, comp, n);
      if (lzfCap > 1024 * 1024) {
        zfree(lzfBuf);
        lzfBuf = 0;
        lzfCap = 0;
      }
      return;
    }
  }
  rdbSaveLen(<u64>n);
  if (n > 0) rdbWriteRaw(p, n);
}

const numBuf: usize = memory.data(32);

/** Redis: rdbSaveLongLongAsStringObject. */
function rdbSaveLongLongAsString(v: i64): void {
  if (rdbSaveEncodedInteger(v)) return;
  const n = <u32>ll2string(numBuf, v);
  rdbSaveLen(<u64>n);
  rdbWriteRaw(numBuf, n);
}

export function rdbSaveMillisecondTime(t: i64): void {
  store<i64>(reserve(8), t);
  rdbOutLen += 8;
}

function rdbSaveBinaryDouble(v: f64): void {
  store<f64>(reserve(8), v);
  rdbOutLen += 8;
}

/** A stream ID as Redis's rax keys: 16 bytes, ms then seq, big-endian. */
function rdbSaveStreamId(ms: u64, seq: u64): void {
  const d = reserve(16);
  store<u64>(d, bswap<u64>(ms));
  store<u64>(d + 8, bswap<u64>(seq));
  rdbOutLen += 16;
}

// ---- objects -------------------------------------------------------------------------------------

/** The RDB type byte of an entry's value (Redis: rdbSaveObjectType). */
export function rdbObjectType(e: usize): u8 {
  const enc = entryEncoding(e);
  switch (entryType(e)) {
    case OBJ_STRING: return RDB_TYPE_STRING;
    case OBJ_LIST: return RDB_TYPE_LIST_QUICKLIST_2;
    case OBJ_SET: return enc == ENC_INTSET ? RDB_TYPE_SET_INTSET : RDB_TYPE_SET;
    case OBJ_ZSET: return enc == ENC_LISTPACK ? RDB_TYPE_ZSET_LISTPACK : RDB_TYPE_ZSET_2;
    case OBJ_HASH: return enc == ENC_LISTPACK ? RDB_TYPE_HASH_LISTPACK : RDB_TYPE_HASH;
    case OBJ_STREAM: return RDB_TYPE_STREAM_LISTPACKS_2;
  }
  return 0;
}

/** Inline-key dict nodes of sets and hashes: key length at +4, key at +8 (set) / +12 (hash). */
function saveDictMembers(d: Dict, hash: bool): void {
  rdbSaveLen(dictSize(d));
  for (let t = 0; t < 2; t++) {
    const size = dictTableSize(d, t);
    for (let i: u64 = 0; i < size; i++) {
      for (let n = dictBucketHead(d, t, i); n != 0; n = dictNodeNext(n)) {
        if (hash) {
          const kl = load<u32>(n + 4);
          rdbSaveRawString(n + 12, kl);
          rdbSaveRawString(n + 12 + <usize>kl, load<u32>(n + 8));
        } else {
          rdbSaveRawString(n + 8, load<u32>(n + 4));
        }
      }
    }
  }
}

const pelIt = changetype<IdtIter>(memory.data(offsetof<IdtIter>()));

function saveStream(s: usize): void {
  const t = streamTree(s);
  rdbSaveLen(idtCount(t));
  idtSeekFirst(t, pelIt);
  for (let r = idtIterRec(pelIt); r != 0; idtNext(pelIt), r = idtIterRec(pelIt)) {
    const d = reserve(17);
    store<u8>(d, 16); // the key as a 16-byte raw string
    store<u64>(d + 1, bswap<u64>(recMs(r)));
    store<u64>(d + 9, bswap<u64>(recSeq(r)));
    rdbOutLen += 17;
    const lp = <usize>recVal(r);
    rdbSaveRawString(lp, lpBytes(lp));
  }
  rdbSaveLen(streamLength(s));
  rdbSaveLen(streamLastMs(s));
  rdbSaveLen(streamLastSeq(s));
  rdbSaveLen(streamFirstMs(s));
  rdbSaveLen(streamFirstSeq(s));
  rdbSaveLen(streamMaxDelMs(s));
  rdbSaveLen(streamMaxDelSeq(s));
  rdbSaveLen(streamEntriesAdded(s));
  const groups = streamGroups(s);
  const ng: u32 = groups == 0 ? 0 : arrLen(groups);
  rdbSaveLen(<u64>ng);
  for (let i: u32 = 0; i < ng; i++) {
    const g = arrAt(groups, i);
    rdbSaveRawString(groupName(g), groupNameLen(g));
    rdbSaveLen(groupLastMs(g));
    rdbSaveLen(groupLastSeq(g));
    rdbSaveLen(<u64>groupEntriesRead(g)); // -1 (unknown) is written as 2^64-1, as Redis does
    const pel = groupPel(g);
    rdbSaveLen(idtCount(pel));
    idtSeekFirst(pel, pelIt);
    for (let r = idtIterRec(pelIt); r != 0; idtNext(pelIt), r = idtIterRec(pelIt)) {
      rdbSaveStreamId(recMs(r), recSeq(r));
      const nk = <usize>recVal(r);
      rdbSaveMillisecondTime(nackTime(nk));
      rdbSaveLen(nackCount(nk));
    }
    const cs = groupConsumers(g);
    const nc: u32 = cs == 0 ? 0 : arrLen(cs);
    rdbSaveLen(<u64>nc);
    for (let j: u32 = 0; j < nc; j++) {
      const c = arrAt(cs, j);
      rdbSaveRawString(consumerName(c), consumerNameLen(c));
      rdbSaveMillisecondTime(consumerSeenTime(c));
      const cpel = consumerPel(c);
      rdbSaveLen(idtCount(cpel));
      idtSeekFirst(cpel, pelIt);
      for (let r = idtIterRec(pelIt); r != 0; idtNext(pelIt), r = idtIterRec(pelIt)) {
        rdbSaveStreamId(recMs(r), recSeq(r));
      }
    }
  }
}

/** The value of entry e in its RDB encoding (Redis: rdbSaveObject). */
export function rdbSaveObject(e: usize): void {
  const v = <usize>entryVal(e);
  const enc = entryEncoding(e);
  switch (entryType(e)) {
    case OBJ_STRING: {
      const p = entryStrPtr(e);
      const n = entryStrLen(e);
      if (enc == ENC_INT && string2ll(p, <i32>n)) rdbSaveLongLongAsString(parsedLL);
      else rdbSaveRawString(p, n);
      break;
    }
    case OBJ_LIST: {
      rdbSaveLen(<u64>qlLen(v));
      for (let node = qlHead(v); node != 0; node = nodeNext(node)) {
        rdbSaveLen(QL_CONTAINER_PACKED);
        const clen = nodeCompressedLen(node);
        if (clen != 0) rdbSaveLzfBlob(nodeLp(node) + 4, clen, nodeSz(node));
        else rdbSaveRawString(nodeLp(node), nodeSz(node));
      }
      break;
    }
    case OBJ_SET: {
      if (enc == ENC_INTSET) rdbSaveRawString(v, intsetBlobLen(v));
      else saveDictMembers(changetype<Dict>(v), false);
      break;
    }
    case OBJ_ZSET: {
      if (enc == ENC_LISTPACK) {
        rdbSaveRawString(v, lpBytes(v));
      } else {
        const zs = changetype<ZSet>(v);
        rdbSaveLen(<u64>zs.length);
        for (let x = zs.tail; x != 0; x = zslNodeBackward(x)) {
          rdbSaveRawString(zslNodeKeyPtr(x), zslNodeKeyLen(x));
          rdbSaveBinaryDouble(zslNodeScore(x));
        }
      }
      break;
    }
    case OBJ_HASH: {
      if (enc == ENC_LISTPACK) rdbSaveRawString(v, lpBytes(v));
      else saveDictMembers(changetype<Dict>(v), true);
      break;
    }
    case OBJ_STREAM: saveStream(v); break;
  }
}

/** Bytes rdbSaveObject writes for e (Redis: rdbSavedObjectLen; DEBUG OBJECT serializedlength). */
export function rdbSavedObjectLen(e: usize): u64 {
  const start = rdbOutLen;
  rdbSaveObject(e);
  const n = rdbOutLen - start;
  rdbOutLen = start;
  return <u64>n;
}

/** Expire, LRU, type, key, value (Redis: rdbSaveKeyValuePair). */
function saveKeyValuePair(db: Db, e: usize): void {
  const kp = entryKeyPtr(e);
  const kl = entryKeyLen(e);
  if (entryIsVolatile(e)) {
    const when = getExpire(db, e, hashBytes(kp, kl));
    if (when != -1) {
      rdbWriteByte(RDB_OPCODE_EXPIRETIME_MS);
      rdbSaveMillisecondTime(when);
    }
  }
  // LRU / LFU information under the matching maxmemory-policy (db/evict.ts), as Redis.
  if ((maxmemoryPolicy & MAXMEMORY_FLAG_LRU) != 0) {
    rdbWriteByte(RDB_OPCODE_IDLE);
    rdbSaveLen(estimateObjectIdleTime(e, lruClock) / 1000);
  } else if ((maxmemoryPolicy & MAXMEMORY_FLAG_LFU) != 0) {
    rdbWriteByte(RDB_OPCODE_FREQ);
    rdbWriteByte(<u8>lfuDecrAndReturn(e));
  }
  rdbWriteByte(rdbObjectType(e));
  rdbSaveRawString(kp, kl);
  rdbSaveObject(e);
}

function saveAux(key: string, val: string): void {
  rdbWriteByte(RDB_OPCODE_AUX);
  saveAsciiString(key);
  saveAsciiString(val);
}

function saveAuxInt(key: string, v: i64): void {
  rdbWriteByte(RDB_OPCODE_AUX);
  saveAsciiString(key);
  const n = <u32>ll2string(numBuf, v);
  rdbSaveRawString(numBuf, n);
}

const strBuf: usize = memory.data(64);

function saveAsciiString(s: string): void {
  for (let i = 0; i < s.length; i++) store<u8>(strBuf + i, <u8>s.charCodeAt(i));
  rdbSaveRawString(strBuf, s.length);
}

// ---- SAVE: the chunked dataset writer -----------------------------------------------------------

const CHUNK: u32 = 256 * 1024;

let saveDb: i32 = 0;
let saveTable: i32 = 0;
let saveBucket: u64 = 0;
let saveDbStarted = false;
let saveDone = true;
let saveCrc: u64 = 0;
/** A BGSAVE worker's copy reports the original's used_memory (index.ts bgsaveStateImport). */
let auxUsedMemOverride: i64 = -1;
export function setAuxUsedMem(v: i64): void { auxUsedMemOverride = v; }

/** Keys written by the current / last save. */
export let rdbSaveKeys: u64 = 0;

/** Starts a dataset save: the header and the aux fields (Redis: rdbSaveRio's preamble). */
export function rdbSaveBegin(): void {
  rdbOutLen = 0;
  saveDb = 0;
  saveTable = 0;
  saveBucket = 0;
  saveDbStarted = false;
  saveDone = false;
  saveCrc = 0;
  rdbSaveKeys = 0;
  saveAsciiRaw("REDIS0010");
  saveAux("redis-ver", "7.0.15");
  saveAuxInt("redis-bits", 64);
  saveAuxInt("ctime", nowMs / 1000);
  saveAuxInt("used-mem", auxUsedMemOverride >= 0 ? auxUsedMemOverride : <i64>usedMemory);
  saveAuxInt("aof-base", 0);
}

function saveAsciiRaw(s: string): void {
  for (let i = 0; i < s.length; i++) rdbWriteByte(<u8>s.charCodeAt(i));
}

/**
 * Appends keys until about CHUNK bytes are buffered (or the end: EOF and checksum) and
 * returns the bytes ready at rdbOut; 0 once everything was handed out. The host resets the
 * buffer (rdbSaveChunkTaken) after copying each chunk.
 */
export function rdbSaveChunk(): u32 {
  if (saveDone) return 0;
  while (rdbOutLen < CHUNK) {
    if (saveDb >= dbCount) {
      rdbWriteByte(RDB_OPCODE_EOF);
      if (rdbChecksum) saveCrc = crc64(saveCrc, rdbOut, rdbOutLen);
      const sum = rdbChecksum ? saveCrc : 0;
      store<u64>(reserve(8), sum);
      rdbOutLen += 8;
      saveDone = true;
      return rdbOutLen;
    }
    const db = dbAt(saveDb);
    const d = db.dict;
    if (!saveDbStarted) {
      saveDbStarted = true;
      saveTable = 0;
      saveBucket = 0;
      if (dictSize(d) != 0) {
        rdbWriteByte(RDB_OPCODE_SELECTDB);
        rdbSaveLen(<u64>saveDb);
        rdbWriteByte(RDB_OPCODE_RESIZEDB);
        rdbSaveLen(dictSize(d));
        rdbSaveLen(dictSize(db.expires));
      }
    }
    if (saveBucket >= dictTableSize(d, saveTable)) {
      if (saveTable == 0) {
        saveTable = 1;
        saveBucket = 0;
        continue;
      }
      saveDb++;
      saveDbStarted = false;
      continue;
    }
    for (let e = dictBucketHead(d, saveTable, saveBucket); e != 0; e = dictNodeNext(e)) {
      saveKeyValuePair(db, e);
      rdbSaveKeys++;
    }
    saveBucket++;
  }
  if (rdbChecksum) saveCrc = crc64(saveCrc, rdbOut, rdbOutLen);
  return rdbOutLen;
}

/**
 * Appends bytes the host encoded itself (the FUNCTION2 records of the function libraries,
 * host/core/scripting), between rdbSaveBegin and the first chunk: Redis writes them after the
 * aux fields and before the databases. They are checksummed with the rest.
 */
export function rdbSaveAppend(p: usize, n: u32): void {
  rdbWriteRaw(p, n);
}

/** The host copied the chunk out. */
export function rdbSaveChunkTaken(): void {
  rdbOutLen = 0;
}

/** Ends a save (also an abandoned one) and frees the big buffers. */
export function rdbSaveEnd(): void {
  saveDone = true;
  rdbOutReset();
}

// ---- DUMP ----------------------------------------------------------------------------------------

/**
 * The DUMP payload of entry e at rdbOut / rdbOutLen: type, value, the RDB version as two
 * little-endian bytes, then the CRC-64 of all that, little-endian (Redis: createDumpPayload).
 */
export function createDumpPayload(e: usize): void {
  rdbOutLen = 0;
  rdbWriteByte(rdbObjectType(e));
  rdbSaveObject(e);
  rdbWriteByte(<u8>RDB_VERSION);
  rdbWriteByte(0);
  const crc = crc64(0, rdbOut, rdbOutLen);
  store<u64>(reserve(8), crc);
  rdbOutLen += 8;
}
