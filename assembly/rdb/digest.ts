// digest.ts — DEBUG DIGEST and DEBUG DIGEST-VALUE (Redis: debug.c computeDatasetDigest /
// xorObjectDigest), byte-compatible with Redis 7.0.15 so the same data gives the same
// 40 hex digits in both servers (the round-trip tests compare them).
//
// The algorithm is Redis's, built from two SHA-1 mixers over a 20-byte state:
//   xorDigest(d, bytes)   d ^= SHA1(bytes)              (order-independent)
//   mixDigest(d, bytes)   d = SHA1(d ^ SHA1(bytes))      (order-dependent)
// A key's digest mixes its name, then its type (a big-endian u32), then its value: strings
// and list elements mixed in order; set members xored; zset and hash elements each get their
// own digest (member + "%.17g" score, or field + value) that is xored in; stream entries mix
// "ms.seq" and every field and value in order; a TTL xors "!!expire!!". The dataset digest
// mixes each non-empty db's index (big-endian u32) and xors in every key's digest. Integers
// (intset members, listpack integers) are digested as their decimal text, as Redis does.

import { sha1 } from "../util/sha1";
import { Db, dbAt, dbCount, getExpire } from "../db/db";
import { dictBucketHead, dictNodeNext, dictSize, dictTableSize, Dict } from "../ds/dict";
import { ENC_INTSET, ENC_LISTPACK, entryEncoding, entryIsVolatile, entryKeyLen, entryKeyPtr, entryStrLen,
  entryStrPtr, entryType, entryVal, OBJ_HASH, OBJ_LIST, OBJ_SET, OBJ_STREAM, OBJ_STRING, OBJ_ZSET } from "../db/object";
import { hashBytes } from "../util/hash";
import { ll2string, fmtG17, ull2string } from "../util/number";
import { lpFirst, lpGet, lpInt, lpNext, lpStrLen, lpStrPtr } from "../ds/listpack";
import { intsetGet, intsetLen } from "../ds/intset";
import { qlEntryP, qlIterRelease, qlIterStart, qlNext } from "../ds/quicklist";
import { ZSet, zslFirst, zslNext, zslNodeKeyLen, zslNodeKeyPtr, zslNodeScore } from "../ds/skiplist";
import { zzlGetScore } from "../t/zset";
import { StreamIterator, streamIteratorGetField, streamIteratorGetID, streamIteratorNew,
  streamIteratorStart } from "../ds/stream";

const TMP: usize = memory.data(20);
const KEYD: usize = memory.data(20);
const ELED: usize = memory.data(20);
const NUM: usize = memory.data(48);

function xorDigest(d: usize, p: usize, n: usize): void {
  sha1(p, n, TMP);
  for (let i: usize = 0; i < 20; i++) store<u8>(d + i, load<u8>(d + i) ^ load<u8>(TMP + i));
}

function mixDigest(d: usize, p: usize, n: usize): void {
  xorDigest(d, p, n);
  sha1(d, 20, d);
}

/** A listpack element as bytes (integers in decimal) into (lpStrPtr, lpStrLen). */
function lpElem(p: usize): void {
  if (!lpGet(p)) {
    lpStrLen = <u32>ll2string(NUM, lpInt);
    lpStrPtr = NUM;
  }
}

let si: StreamIterator | null = null;

/** Redis: xorObjectDigest — mixes value e (key in db) into the 20 bytes at d. */
export function xorObjectDigest(db: Db, e: usize, d: usize): void {
  const type = <u32>entryType(e);
  store<u32>(NUM, bswap<u32>(type));
  mixDigest(d, NUM, 4);
  const v = <usize>entryVal(e);
  const enc = entryEncoding(e);
  if (type == OBJ_STRING) {
    mixDigest(d, entryStrPtr(e), entryStrLen(e));
  } else if (type == OBJ_LIST) {
    qlIterStart(v, true);
    while (qlNext()) {
      lpElem(qlEntryP);
      mixDigest(d, lpStrPtr, lpStrLen);
    }
    qlIterRelease();
  } else if (type == OBJ_SET) {
    if (enc == ENC_INTSET) {
      const n = intsetLen(v);
      for (let i: u32 = 0; i < n; i++) xorDigest(d, NUM, ll2string(NUM, intsetGet(v, i)));
    } else {
      eachNode(changetype<Dict>(v), d, 0);
    }
  } else if (type == OBJ_ZSET) {
    if (enc == ENC_LISTPACK) {
      let p = lpFirst(v);
      while (p != 0) {
        const sp = lpNext(v, p);
        memory.fill(ELED, 0, 20);
        lpElem(p);
        mixDigest(ELED, lpStrPtr, lpStrLen);
        const n = fmtG17(NUM, zzlGetScore(sp));
        mixDigest(ELED, NUM, n);
        xorDigest(d, ELED, 20);
        p = lpNext(v, sp);
      }
    } else {
      const zs = changetype<ZSet>(v);
      for (let x = zslFirst(zs); x != 0; x = zslNext(x)) {
        memory.fill(ELED, 0, 20);
        mixDigest(ELED, zslNodeKeyPtr(x), zslNodeKeyLen(x));
        const n = fmtG17(NUM, zslNodeScore(x));
        mixDigest(ELED, NUM, n);
        xorDigest(d, ELED, 20);
      }
    }
  } else if (type == OBJ_HASH) {
    if (enc == ENC_LISTPACK) {
      let p = lpFirst(v);
      while (p != 0) {
        const q = lpNext(v, p);
        memory.fill(ELED, 0, 20);
        lpElem(p);
        mixDigest(ELED, lpStrPtr, lpStrLen);
        lpElem(q);
        mixDigest(ELED, lpStrPtr, lpStrLen);
        xorDigest(d, ELED, 20);
        p = lpNext(v, q);
      }
    } else {
      eachNode(changetype<Dict>(v), d, 1);
    }
  } else if (type == OBJ_STREAM) {
    if (si == null) si = streamIteratorNew();
    const it = changetype<StreamIterator>(changetype<usize>(si));
    streamIteratorStart(it, v, 0, 0, u64.MAX_VALUE, u64.MAX_VALUE, false);
    while (streamIteratorGetID(it)) {
      let n = ull2string(NUM, it.idMs);
      store<u8>(NUM + <usize>n, 0x2e); // "%U.%U"
      n++;
      n += ull2string(NUM + <usize>n, it.idSeq);
      mixDigest(d, NUM, n);
      let fields = it.numFields;
      while (fields-- > 0) {
        streamIteratorGetField(it);
        mixDigest(d, it.fieldPtr, it.fieldLen);
        mixDigest(d, it.valuePtr, it.valueLen);
      }
    }
  }
  if (entryIsVolatile(e) && getExpire(db, e, hashBytes(entryKeyPtr(e), entryKeyLen(e))) != -1) {
    writeExpireTag();
    xorDigest(d, NUM, 10);
  }
}

function writeExpireTag(): void {
  const s = "!!expire!!";
  for (let i = 0; i < 10; i++) store<u8>(NUM + i, <u8>s.charCodeAt(i));
}

/** Set members (kind 0: xor each) or hash pairs (kind 1: per-pair digest) of a dict value. */
function eachNode(dict: Dict, d: usize, kind: i32): void {
  for (let t = 0; t < 2; t++) {
    const size = dictTableSize(dict, t);
    for (let i: u64 = 0; i < size; i++) {
      for (let n = dictBucketHead(dict, t, i); n != 0; n = dictNodeNext(n)) {
        if (kind == 0) {
          xorDigest(d, n + 8, load<u32>(n + 4));
        } else {
          const kl = load<u32>(n + 4);
          memory.fill(ELED, 0, 20);
          mixDigest(ELED, n + 12, kl);
          mixDigest(ELED, n + 12 + <usize>kl, load<u32>(n + 8));
          xorDigest(d, ELED, 20);
        }
      }
    }
  }
}

/** Redis: computeDatasetDigest, 20 bytes at out. */
export function computeDatasetDigest(out: usize): void {
  memory.fill(out, 0, 20);
  for (let j = 0; j < dbCount; j++) {
    const db = dbAt(j);
    const dict = db.dict;
    if (dictSize(dict) == 0) continue;
    store<u32>(NUM, bswap<u32>(<u32>j));
    mixDigest(out, NUM, 4);
    for (let t = 0; t < 2; t++) {
      const size = dictTableSize(dict, t);
      for (let i: u64 = 0; i < size; i++) {
        for (let e = dictBucketHead(dict, t, i); e != 0; e = dictNodeNext(e)) {
          memory.fill(KEYD, 0, 20);
          mixDigest(KEYD, entryKeyPtr(e), entryKeyLen(e));
          xorObjectDigest(db, e, KEYD);
          xorDigest(out, KEYD, 20);
        }
      }
    }
  }
}

/** 40 lower-case hex digits of the 20 bytes at d into out. */
export function digestHex(d: usize, out: usize): void {
  for (let i: usize = 0; i < 20; i++) {
    const b = load<u8>(d + i);
    const hi = b >> 4;
    const lo = b & 15;
    store<u8>(out + 2 * i, hi < 10 ? 48 + hi : 87 + hi);
    store<u8>(out + 2 * i + 1, lo < 10 ? 48 + lo : 87 + lo);
  }
}
