// sort.ts — SORT and SORT_RO (Redis 7.0.15: sort.c, pqsort.c).
//
// SORT is a small query language over one list, set or sorted set: load the elements, maybe
// weigh each one by another key (BY pattern), order them numerically or as strings (ALPHA,
// DESC), cut a window (LIMIT), and either reply them or, for each one, the values of other
// keys (GET pattern, repeatable), or store that output as a list (STORE). Everything visible
// in a reply follows sortCommandGeneric step by step, because SORT's corners are all
// observable:
//
//   * Options are parsed left to right before the key is looked up, so a syntax error or a
//     bad LIMIT number wins over WRONGTYPE and a missing key. SORT_RO simply does not know
//     STORE (a syntax error). A BY pattern without '*' (strchr, so a '*' after a NUL byte
//     does not count) means "don't sort"; that flag is sticky even if a later BY has a '*',
//     while the pattern itself is the last BY given.
//   * "Don't sort" keeps the native order: a list's, or a sorted set's (which DESC reverses,
//     loading only the LIMIT window), or a set's iteration order (where DESC does nothing).
//     With STORE, a set is sorted anyway (ALPHA, no BY) so replicas store the same list.
//   * A sorted set is converted to the skiplist encoding first, for good (OBJECT ENCODING
//     shows it), exactly as Redis's zsetConvert call does.
//   * LIMIT is clamped like Redis: start into [0, len], count into [-1, len], a start past
//     the end gives nothing.
//   * Numeric weights are read the way Redis's strtod call reads them: the C string stops at
//     the first NUL, leading spaces and hex are fine, trailing bytes, NaN, overflow and
//     underflow fail ("One or more scores can't be converted into double", after sorting).
//     Equal weights fall back to comparing the elements' bytes (memcmp, then length).
//   * ALPHA compares with strcoll, which is strcmp in the C / C.UTF-8 locales (stops at NUL),
//     except with STORE, where Redis compares whole binary strings. Under BY, a missing
//     weight key sorts first, and equal weights are ties with no further rule.
//   * Ties therefore exist (ALPHA BY), and which order they come out in depends on the sort
//     algorithm. Redis uses libc qsort, which in glibc is a merge sort, hence stable: ties
//     keep their load order; we run a stable merge sort. With BY and a LIMIT that cuts the
//     vector Redis uses its own partial quicksort (pqsort: NetBSD's Bentley-McIlroy qsort that
//     skips partitions outside the window), which is not stable; pqsortRange below performs
//     the same comparisons and swaps, so ties come out as Redis's do. Its recursion becomes
//     an explicit stack (partitions are independent, so the order they are sorted in does not
//     change the result) so that no input can exhaust the wasm stack.
//   * Pattern lookups (lookupKeyByPattern): "#" is the element itself; otherwise the first
//     '*' is replaced by the element, and "->field" after it reads a hash field. A key of the
//     wrong type (or a pattern without '*') gives nil for GET and no weight for BY. Lookups
//     are keyspace reads (hits, misses, lazy expiry), like Redis's lookupKeyRead.
//   * STORE writes a new quicklist in place of whatever the destination held (TTL dropped),
//     or deletes the destination when the output is empty; the reply is the element count.
//     A GET that finds nothing stores an empty string.
//
// Memory: elements (and ALPHA weights) are copied into one growable byte arena, because a
// quicklist's nodes may be recompressed while we iterate and hash values are read through a
// scratch buffer; each element gets a 24-byte record {elemOff, elemLen, score, cmpOff,
// cmpLen} and the sort permutes a u32 index array. All buffers are module scratch reused from
// call to call and given back when a big SORT leaves them large. Nothing else allocates.
//
// Not modelled: Redis also forces sorting of a set under "don't sort" when SORT runs from a
// script (CLIENT_SCRIPT; no scripting here yet), and its numeric check reads errno without
// clearing it, so in Redis an ERANGE left by an earlier command in the same pipeline can make
// a later SORT fail; we always start clean.

import { argLen, argPtr, Client } from "../client";
import { aclFullReadAccess } from "../acl";
import { addReplyArrayLen, addReplyBulk, addReplyError, addReplyLongLong, addReplyNull } from "../resp/reply";
import { ERR_SORT_SCORES, ERR_SYNTAX, ERR_WRONGTYPE } from "../resp/errors";
import { addDirty, dbAddEntry, dbDeleteEntry, lastHash, lookupKeyRead, lookupKeyWrite, lruClock } from "../db/db";
import { notifyKeyspaceEvent, NOTIFY_GENERIC, NOTIFY_LIST, setOverwriting } from "../db/notify";
import { ENC_INTSET, ENC_QUICKLIST, ENC_SKIPLIST, entryEncoding, entryNew, entryStrLen, entryStrPtr, entryType,
  entryVal, OBJ_HASH, OBJ_LIST, OBJ_SET, OBJ_STRING, OBJ_ZSET, setEntryVal } from "../db/object";
import { argIs, getLongLongOrReply, argInt } from "./common";
import { lpGet, lpInt, lpStrLen, lpStrPtr } from "../ds/listpack";
import { qlCount, qlCreate, qlEntryP, qlFree, qlIterAtIdx, qlIterRelease, qlNext, qlPushTail } from "../ds/quicklist";
import { listCompressDepth, listMaxListpackSize } from "../config";
import { Dict, dictBucketHead, dictFind, dictNodeNext, dictSize, dictTableSize, nodeKeyLen, nodeKeyPtr } from "../ds/dict";
import { intsetGet, intsetLen } from "../ds/intset";
import { ZSet, zslFirst, zslGetElementByRank, zslNext, zslNodeBackward, zslNodeKeyLen, zslNodeKeyPtr } from "../ds/skiplist";
import { zsetConvert } from "./zset";
import { hashTypeGetValue, hvLen, hvPtr } from "./hash";
import { ll2string, parsedDouble, parsedRangeError, strtodPrefix } from "../util/number";
import { hashBytes } from "../util/hash";
import { zfree, zmalloc, zrealloc } from "../mem/alloc";

// ---- scratch buffers -------------------------------------------------------------------------

/** Element records: {elemOff u32, elemLen u32, score f64, cmpOff u32, cmpLen u32}. */
const REC_SIZE: usize = 24;
const REC_ELEM_OFF: usize = 0;
const REC_ELEM_LEN: usize = 4;
const REC_SCORE: usize = 8;
const REC_CMP_OFF: usize = 16;
const REC_CMP_LEN: usize = 20;
/** cmpOff of an element whose BY key was not found (Redis: cmpobj == NULL). */
const NO_CMP: u32 = 0xffffffff;

let recs: usize = 0;
let recCap: u32 = 0;
let recLen: u32 = 0;
/** The permutation being sorted (record numbers) and the merge sort's second buffer. */
let idx: usize = 0;
let tmp: usize = 0;
let idxCap: u32 = 0;
/** Bytes of every element and ALPHA weight, addressed by offset (the block may move). */
let arena: usize = 0;
let arenaCap: u32 = 0;
let arenaLen: u32 = 0;
/** A pattern with its '*' substituted. */
let keyBuf: usize = 0;
let keyCap: u32 = 0;
/** argv index of each GET pattern, in order. */
let getOps: usize = 0;
let getCap: u32 = 0;
/** Explicit stack of pending pqsort partitions {start, count} (i64 pairs). */
let qstack: usize = 0;
let qstackCap: u32 = 0;

/** Integer elements are formatted here before they are copied. */
const INT_BUF: usize = memory.data(32);

/** Buffers above these sizes are given back after the command. */
const KEEP_BYTES: u32 = 1 << 20;

function releaseScratch(): void {
  if (<u64>recCap * REC_SIZE > KEEP_BYTES) {
    zfree(recs);
    recs = 0;
    recCap = 0;
  }
  if (<u64>idxCap * 4 > KEEP_BYTES) {
    zfree(idx);
    zfree(tmp);
    idx = 0;
    tmp = 0;
    idxCap = 0;
  }
  if (arenaCap > KEEP_BYTES) {
    zfree(arena);
    arena = 0;
    arenaCap = 0;
  }
  if (keyCap > KEEP_BYTES) {
    zfree(keyBuf);
    keyBuf = 0;
    keyCap = 0;
  }
  if (<u64>getCap * 4 > KEEP_BYTES) {
    zfree(getOps);
    getOps = 0;
    getCap = 0;
  }
  arenaLen = 0;
  recLen = 0;
}

/** Room for n records and their index arrays. */
function reserveRecords(n: u32): void {
  if (n > recCap) {
    const cap = n < 16 ? 16 : n;
    recs = zrealloc(recs, <usize>cap * REC_SIZE);
    recCap = cap;
  }
  if (n > idxCap) {
    const cap = n < 16 ? 16 : n;
    idx = zrealloc(idx, <usize>cap << 2);
    tmp = zrealloc(tmp, <usize>cap << 2);
    idxCap = cap;
  }
}

/** Copies (p, n) into the arena; returns its offset. */
function arenaPut(p: usize, n: u32): u32 {
  if (p >= arena && p < arena + <usize>arenaLen) {
    // Bytes already in the arena (the block may move while growing): just point at them.
    return <u32>(p - arena);
  }
  const need = <u64>arenaLen + <u64>n;
  if (need > <u64>arenaCap) {
    let cap = arenaCap < 256 ? <u64>256 : <u64>arenaCap;
    while (cap < need) cap *= 2;
    if (cap > 0xfffffff0) cap = need; // stays addressable by a u32 offset
    arena = zrealloc(arena, <usize>cap);
    arenaCap = <u32>cap;
  }
  const off = arenaLen;
  memory.copy(arena + <usize>off, p, n);
  arenaLen += n;
  return off;
}

@inline function rec(i: u32): usize { return recs + <usize>i * REC_SIZE; }
@inline function elemPtr(r: usize): usize { return arena + <usize>load<u32>(r + REC_ELEM_OFF); }
@inline function elemLen(r: usize): u32 { return load<u32>(r + REC_ELEM_LEN); }

/** Appends an element (bytes copied) with no weight yet. Records were reserved. */
function pushElement(p: usize, n: u32): void {
  const r = rec(recLen);
  store<u32>(r + REC_ELEM_OFF, arenaPut(p, n));
  store<u32>(r + REC_ELEM_LEN, n);
  store<f64>(r + REC_SCORE, 0);
  store<u32>(r + REC_CMP_OFF, NO_CMP);
  store<u32>(r + REC_CMP_LEN, 0);
  store<u32>(idx + (<usize>recLen << 2), recLen);
  recLen++;
}

function pushInt(v: i64): void {
  pushElement(INT_BUF, <u32>ll2string(INT_BUF, v));
}

/** Appends the listpack element at p (a quicklist entry). */
function pushListpackEntry(p: usize): void {
  if (lpGet(p)) pushElement(lpStrPtr, lpStrLen);
  else pushInt(lpInt);
}

// ---- C string helpers --------------------------------------------------------------------------

/** Offset of the first byte b in (p, n) before any NUL (C strchr on an sds), or -1. */
function cstrchr(p: usize, n: u32, b: u8): i32 {
  for (let i: u32 = 0; i < n; i++) {
    const x = load<u8>(p + i);
    if (x == b) return <i32>i;
    if (x == 0) return -1;
  }
  return -1;
}

/** Length of the C string view of (p, n): up to the first NUL. */
function cstrlen(p: usize, n: u32): u32 {
  for (let i: u32 = 0; i < n; i++) if (load<u8>(p + i) == 0) return i;
  return n;
}

/** strcmp of the C string views (unsigned bytes); the sign only. */
function cstrCompare(a: usize, al: u32, b: usize, bl: u32): i32 {
  for (let i: u32 = 0; ; i++) {
    const x: u32 = i < al ? <u32>load<u8>(a + i) : 0;
    const y: u32 = i < bl ? <u32>load<u8>(b + i) : 0;
    if (x != y) return x < y ? -1 : 1;
    if (x == 0) return 0;
  }
  return 0;
}

/** Binary comparison: memcmp of the common prefix, then the shorter first (compareStringObjects). */
function binCompare(a: usize, al: u32, b: usize, bl: u32): i32 {
  const c = memory.compare(a, b, al < bl ? al : bl);
  if (c != 0) return c < 0 ? -1 : 1;
  return al < bl ? -1 : (al > bl ? 1 : 0);
}

// ---- pattern lookups ---------------------------------------------------------------------------

/** The value found by the last successful lookupKeyByPattern. */
let patPtr: usize = 0;
let patLen: u32 = 0;

/**
 * Resolves pattern argv[pi] for element (ep, el) (Redis: lookupKeyByPattern): true with the
 * value at patPtr / patLen (valid until the next keyspace or hash read), false for "nil".
 */
function lookupKeyByPattern(c: Client, pi: i32, ep: usize, el: u32): bool {
  const pp = argPtr(c, pi);
  const pl = argLen(c, pi);
  // "#" (as a C string: "#" then the end or a NUL) is the element itself.
  if (pl >= 1 && load<u8>(pp) == 0x23 && (pl == 1 || load<u8>(pp + 1) == 0)) {
    patPtr = ep;
    patLen = el;
    return true;
  }
  const star = cstrchr(pp, pl, 0x2a);
  if (star < 0) return false;
  // "->field": the first "->" after the '*' (strstr, so it stops at a NUL) followed by
  // at least one more byte; the field is everything after it.
  let f: i32 = -1;
  for (let i = <u32>star + 1; i < pl; i++) {
    const b = load<u8>(pp + i);
    if (b == 0) break;
    if (b == 0x2d && i + 1 < pl && load<u8>(pp + i + 1) == 0x3e) {
      f = <i32>i;
      break;
    }
  }
  let fieldLen: u32 = 0;
  if (f >= 0 && <u32>f + 2 < pl && load<u8>(pp + <usize>f + 2) != 0) fieldLen = pl - <u32>f - 2;
  const prefixLen = <u32>star;
  const postfixLen = pl - prefixLen - 1 - (fieldLen != 0 ? fieldLen + 2 : 0);
  const kl = prefixLen + el + postfixLen;
  if (kl > keyCap) {
    const cap = kl < 64 ? 64 : kl;
    zfree(keyBuf);
    keyBuf = zmalloc(cap);
    keyCap = cap;
  }
  memory.copy(keyBuf, pp, prefixLen);
  memory.copy(keyBuf + prefixLen, ep, el);
  memory.copy(keyBuf + prefixLen + el, pp + prefixLen + 1, postfixLen);
  const e = lookupKeyRead(c.db, keyBuf, kl);
  if (e == 0) return false;
  if (fieldLen != 0) {
    if (entryType(e) != OBJ_HASH) return false;
    if (!hashTypeGetValue(e, pp + <usize>f + 2, fieldLen)) return false;
    patPtr = hvPtr;
    patLen = hvLen;
    return true;
  }
  if (entryType(e) != OBJ_STRING) return false;
  patPtr = entryStrPtr(e);
  patLen = entryStrLen(e);
  return true;
}

// ---- comparison ----------------------------------------------------------------------------------

let sortDesc: bool = false;
let sortAlpha: bool = false;
let sortByPattern: bool = false;
let sortStore: bool = false;

/** Redis's sortCompare on records a and b; the sign only. */
function sortCompare(a: u32, b: u32): i32 {
  const ra = rec(a);
  const rb = rec(b);
  let cmp: i32;
  if (!sortAlpha) {
    const sa = load<f64>(ra + REC_SCORE);
    const sb = load<f64>(rb + REC_SCORE);
    if (sa > sb) cmp = 1;
    else if (sa < sb) cmp = -1;
    else cmp = binCompare(elemPtr(ra), elemLen(ra), elemPtr(rb), elemLen(rb));
  } else if (sortByPattern) {
    const ca = load<u32>(ra + REC_CMP_OFF);
    const cb = load<u32>(rb + REC_CMP_OFF);
    if (ca == NO_CMP || cb == NO_CMP) {
      cmp = ca == cb ? 0 : (ca == NO_CMP ? -1 : 1);
    } else {
      const pa = arena + <usize>ca;
      const la = load<u32>(ra + REC_CMP_LEN);
      const pb = arena + <usize>cb;
      const lb = load<u32>(rb + REC_CMP_LEN);
      cmp = sortStore ? binCompare(pa, la, pb, lb) : cstrCompare(pa, la, pb, lb);
    }
  } else {
    cmp = sortStore
      ? binCompare(elemPtr(ra), elemLen(ra), elemPtr(rb), elemLen(rb))
      : cstrCompare(elemPtr(ra), elemLen(ra), elemPtr(rb), elemLen(rb));
  }
  return sortDesc ? -cmp : cmp;
}

@inline function at(i: i64): u32 { return load<u32>(idx + (<usize>i << 2)); }
@inline function cmpAt(i: i64, j: i64): i32 { return sortCompare(at(i), at(j)); }
@inline function swapAt(i: i64, j: i64): void {
  const pi = idx + (<usize>i << 2);
  const pj = idx + (<usize>j << 2);
  const t = load<u32>(pi);
  store<u32>(pi, load<u32>(pj));
  store<u32>(pj, t);
}

// ---- stable merge sort (what glibc's qsort is) ---------------------------------------------------

const RUN: i64 = 8;

/** Sorts idx[0, n) stably: insertion-sorted runs, then bottom-up merges through tmp. */
function mergeSort(n: i64): void {
  for (let lo: i64 = 0; lo < n; lo += RUN) {
    const hi = lo + RUN < n ? lo + RUN : n;
    for (let i = lo + 1; i < hi; i++) {
      for (let j = i; j > lo && cmpAt(j - 1, j) > 0; j--) swapAt(j - 1, j);
    }
  }
  let src = idx;
  let dst = tmp;
  for (let width = RUN; width < n; width <<= 1) {
    for (let lo: i64 = 0; lo < n; lo += width << 1) {
      const mid = lo + width < n ? lo + width : n;
      const hi = lo + (width << 1) < n ? lo + (width << 1) : n;
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        const x = load<u32>(src + (<usize>i << 2));
        const y = load<u32>(src + (<usize>j << 2));
        if (sortCompare(x, y) <= 0) {
          store<u32>(dst + (<usize>k << 2), x);
          i++;
        } else {
          store<u32>(dst + (<usize>k << 2), y);
          j++;
        }
        k++;
      }
      if (i < mid) memory.copy(dst + (<usize>k << 2), src + (<usize>i << 2), <usize>(mid - i) << 2);
      else if (j < hi) memory.copy(dst + (<usize>k << 2), src + (<usize>j << 2), <usize>(hi - j) << 2);
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src != idx) memory.copy(idx, src, <usize>n << 2);
}

// ---- partial quicksort (Redis's pqsort) ----------------------------------------------------------

/** Median of three positions (NetBSD med3). */
function med3(a: i64, b: i64, c: i64): i64 {
  return cmpAt(a, b) < 0
    ? (cmpAt(b, c) < 0 ? b : (cmpAt(a, c) < 0 ? c : a))
    : (cmpAt(b, c) > 0 ? b : (cmpAt(a, c) < 0 ? a : c));
}

@inline function vecswap(a: i64, b: i64, n: i64): void {
  for (let i: i64 = 0; i < n; i++) swapAt(a + i, b + i);
}

function insertionSort(a: i64, n: i64): void {
  for (let m = a + 1; m < a + n; m++) {
    for (let l = m; l > a && cmpAt(l - 1, l) > 0; l--) swapAt(l, l - 1);
  }
}

/**
 * True if the partition [l, l+n) cannot hold any position of the wanted window
 * [lrange, rrange]: Redis compares byte addresses (window from lrange*es to (rrange+1)*es-1,
 * partition from l*es to (l+n)*es-1); with es = 4 the same arithmetic is done here.
 */
function outsideWindow(l: i64, n: i64, lrange: i64, rrange: i64): bool {
  const lb = lrange * 4;
  const rb = (rrange + 1) * 4 - 1;
  const pl = l * 4;
  const pr = l * 4 + n * 4 - 1;
  return (lb < pl && rb < pl) || (lb > pr && rb > pr);
}

function pushPartition(sp: i32, a: i64, n: i64): i32 {
  if (<u32>(sp + 1) > qstackCap) {
    const cap: u32 = qstackCap < 32 ? 32 : qstackCap * 2;
    qstack = zrealloc(qstack, <usize>cap << 4);
    qstackCap = cap;
  }
  store<i64>(qstack + (<usize>sp << 4), a);
  store<i64>(qstack + (<usize>sp << 4) + 8, n);
  return sp + 1;
}

/**
 * Sorts idx[0, n) enough that positions lrange..rrange hold what a full sort would put
 * there, with the exact steps of Redis's _pqsort (Bentley-McIlroy: ninther pivot above 40
 * elements, 3-way partition, insertion sort below 7 or when a pass swapped nothing).
 */
function pqsort(n0: i64, lrange: i64, rrange: i64): void {
  let sp = pushPartition(0, 0, n0);
  while (sp > 0) {
    sp--;
    let a = load<i64>(qstack + (<usize>sp << 4));
    let n = load<i64>(qstack + (<usize>sp << 4) + 8);
    while (true) {
      if (n < 7) {
        insertionSort(a, n);
        break;
      }
      let pm = a + n / 2;
      if (n > 7) {
        let pl = a;
        let pn = a + n - 1;
        if (n > 40) {
          const d = n / 8;
          pl = med3(pl, pl + d, pl + 2 * d);
          pm = med3(pm - d, pm, pm + d);
          pn = med3(pn - 2 * d, pn - d, pn);
        }
        pm = med3(pl, pm, pn);
      }
      swapAt(a, pm);
      let pa = a + 1;
      let pb = pa;
      let pc = a + n - 1;
      let pd = pc;
      let swapped = false;
      while (true) {
        let r: i32 = 0;
        while (pb <= pc && (r = cmpAt(pb, a)) <= 0) {
          if (r == 0) {
            swapped = true;
            swapAt(pa, pb);
            pa++;
          }
          pb++;
        }
        while (pb <= pc && (r = cmpAt(pc, a)) >= 0) {
          if (r == 0) {
            swapped = true;
            swapAt(pc, pd);
            pd--;
          }
          pc--;
        }
        if (pb > pc) break;
        swapAt(pb, pc);
        swapped = true;
        pb++;
        pc--;
      }
      if (!swapped) {
        insertionSort(a, n);
        break;
      }
      const pn = a + n;
      let r = pa - a < pb - pa ? pa - a : pb - pa;
      vecswap(a, pb - r, r);
      r = pd - pc < pn - pd - 1 ? pd - pc : pn - pd - 1;
      vecswap(pb, pn - r, r);
      // Left part [a, a + (pb - pa)) and right part [pn - (pd - pc), pn): independent.
      const ln = pb - pa;
      const rn = pd - pc;
      const doLeft = ln > 1 && !outsideWindow(a, ln, lrange, rrange);
      const doRight = rn > 1 && !outsideWindow(pn - rn, rn, lrange, rrange);
      if (doLeft && doRight) {
        // Defer the larger part, go on with the smaller: the stack stays O(log n).
        if (ln > rn) {
          sp = pushPartition(sp, a, ln);
          a = pn - rn;
          n = rn;
        } else {
          sp = pushPartition(sp, pn - rn, rn);
          n = ln;
        }
      } else if (doLeft) {
        n = ln;
      } else if (doRight) {
        a = pn - rn;
        n = rn;
      } else {
        break;
      }
    }
  }
}

// ---- loading ---------------------------------------------------------------------------------------

/** Loads `count` list elements from index `from`, towards the tail or (desc) the head. */
function loadList(ql: usize, from: i64, count: i64, desc: bool): void {
  if (count <= 0) return;
  if (!qlIterAtIdx(ql, !desc, from)) return;
  let n: i64 = 0;
  while (n < count && qlNext()) {
    pushListpackEntry(qlEntryP);
    n++;
  }
  qlIterRelease();
}

function loadSet(e: usize): void {
  if (entryEncoding(e) == ENC_INTSET) {
    const is = <usize>entryVal(e);
    const len = intsetLen(is);
    for (let i: u32 = 0; i < len; i++) pushInt(intsetGet(is, i));
    return;
  }
  const d = changetype<Dict>(<usize>entryVal(e));
  for (let t = 0; t < 2; t++) {
    const size = dictTableSize(d, t);
    for (let i: u64 = 0; i < size; i++) {
      for (let n = dictBucketHead(d, t, i); n != 0; n = dictNodeNext(n)) {
        pushElement(nodeKeyPtr(d, n), nodeKeyLen(d, n));
      }
    }
  }
}

// ---- the command -----------------------------------------------------------------------------------

/** Deletes key argv[i] if present, expired or not (Redis: dbDelete). */
function dbDeleteArg(c: Client, i: i32): bool {
  const kp = argPtr(c, i);
  const kl = argLen(c, i);
  const h = hashBytes(kp, kl);
  const e = dictFind(c.db.dict, kp, kl, h);
  if (e == 0) return false;
  dbDeleteEntry(c.db, e, h);
  return true;
}

function sortGenericInner(c: Client, readonly: bool): void {
  let desc = false;
  let alpha = false;
  let dontsort = false;
  let limitStart: i64 = 0;
  let limitCount: i64 = -1;
  let sortby: i32 = -1; // argv index of the BY pattern
  let storekey: i32 = -1; // argv index of the STORE key
  let getop: u32 = 0;
  if (<u32>c.argc > getCap) {
    zfree(getOps);
    getCap = <u32>c.argc;
    getOps = zmalloc(<usize>getCap << 2);
  }

  // Options, left to right; the first error ends the command.
  let j = 2;
  while (j < c.argc) {
    const leftargs = c.argc - j - 1;
    if (argIs(c, j, "asc")) {
      desc = false;
    } else if (argIs(c, j, "desc")) {
      desc = true;
    } else if (argIs(c, j, "alpha")) {
      alpha = true;
    } else if (argIs(c, j, "limit") && leftargs >= 2) {
      if (!getLongLongOrReply(c, j + 1)) return;
      limitStart = argInt;
      if (!getLongLongOrReply(c, j + 2)) return;
      limitCount = argInt;
      j += 2;
    } else if (!readonly && argIs(c, j, "store") && leftargs >= 1) {
      storekey = j + 1;
      j++;
    } else if (argIs(c, j, "by") && leftargs >= 1) {
      sortby = j + 1;
      // A pattern without '*' is constant: nothing to weigh, nothing to sort.
      if (cstrchr(argPtr(c, j + 1), argLen(c, j + 1), 0x2a) < 0) dontsort = true;
      else if (!aclFullReadAccess(c)) {
        // A real pattern reads keys the ACL check never saw (Redis: user_has_full_key_access).
        addReplyError(c, "ERR BY option of SORT denied due to insufficient ACL permissions.");
        return;
      }
      j++;
    } else if (argIs(c, j, "get") && leftargs >= 1) {
      if (!aclFullReadAccess(c)) {
        addReplyError(c, "ERR GET option of SORT denied due to insufficient ACL permissions.");
        return;
      }
      store<u32>(getOps + (<usize>getop << 2), <u32>(j + 1));
      getop++;
      j++;
    } else {
      addReplyError(c, ERR_SYNTAX);
      return;
    }
    j++;
  }

  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  let type: u8 = OBJ_LIST; // a missing key sorts like an empty list
  if (e != 0) {
    type = entryType(e);
    if (type != OBJ_SET && type != OBJ_LIST && type != OBJ_ZSET) {
      addReplyError(c, ERR_WRONGTYPE);
      return;
    }
  }

  // A set has no stable native order: when the result is stored, sort it anyway.
  if (dontsort && type == OBJ_SET && storekey >= 0) {
    dontsort = false;
    alpha = true;
    sortby = -1;
  }

  // Like Redis, sorting a sorted set leaves it in the skiplist encoding.
  if (type == OBJ_ZSET) zsetConvert(e, ENC_SKIPLIST);

  let vectorlen: i64 = 0;
  if (e != 0) {
    if (type == OBJ_LIST) vectorlen = <i64>qlCount(<usize>entryVal(e));
    else if (type == OBJ_SET) {
      vectorlen = entryEncoding(e) == ENC_INTSET
        ? <i64>intsetLen(<usize>entryVal(e))
        : <i64>dictSize(changetype<Dict>(<usize>entryVal(e)));
    } else vectorlen = <i64>changetype<ZSet>(<usize>entryVal(e)).length;
  }

  // LIMIT clamping, as Redis.
  let start: i64 = limitStart < 0 ? 0 : limitStart;
  if (start > vectorlen) start = vectorlen;
  if (limitCount < -1) limitCount = -1;
  if (limitCount > vectorlen) limitCount = vectorlen;
  let end: i64 = limitCount < 0 ? vectorlen - 1 : start + limitCount - 1;
  if (start >= vectorlen) {
    start = vectorlen - 1;
    end = vectorlen - 2;
  }
  if (end >= vectorlen) end = vectorlen - 1;

  // Lists and sorted sets in native order load just the window.
  if ((type == OBJ_ZSET || type == OBJ_LIST) && dontsort && (start != 0 || end != vectorlen - 1)) {
    vectorlen = end - start + 1;
  }

  reserveRecords(<u32>vectorlen);
  recLen = 0;
  arenaLen = 0;
  if (e == 0) {
    // nothing to load
  } else if (type == OBJ_LIST && dontsort) {
    if (end >= start) {
      const ql = <usize>entryVal(e);
      loadList(ql, desc ? <i64>qlCount(ql) - start - 1 : start, vectorlen, desc);
      end -= start;
      start = 0;
    }
  } else if (type == OBJ_LIST) {
    loadList(<usize>entryVal(e), 0, vectorlen, false);
  } else if (type == OBJ_SET) {
    loadSet(e);
  } else if (dontsort) {
    const zs = changetype<ZSet>(<usize>entryVal(e));
    let x: usize;
    if (desc) {
      x = zs.tail;
      if (start > 0) x = zslGetElementByRank(zs, <u64>(<i64>zs.length - start));
    } else {
      x = zslFirst(zs);
      if (start > 0) x = zslGetElementByRank(zs, <u64>(start + 1));
    }
    for (let k: i64 = 0; k < vectorlen && x != 0; k++) {
      pushElement(zslNodeKeyPtr(x), zslNodeKeyLen(x));
      x = desc ? zslNodeBackward(x) : zslNext(x);
    }
    end -= start;
    start = 0;
  } else {
    const zs = changetype<ZSet>(<usize>entryVal(e));
    for (let x = zslFirst(zs); x != 0; x = zslNext(x)) pushElement(zslNodeKeyPtr(x), zslNodeKeyLen(x));
  }
  const n = <i64>recLen;

  // Weights, then the sort.
  let convError = false;
  if (!dontsort) {
    for (let k: u32 = 0; k < recLen; k++) {
      const r = rec(k);
      let bp: usize;
      let bl: u32;
      if (sortby >= 0) {
        if (!lookupKeyByPattern(c, sortby, elemPtr(r), elemLen(r))) continue;
        bp = patPtr;
        bl = patLen;
      } else {
        bp = elemPtr(r);
        bl = elemLen(r);
      }
      if (alpha) {
        if (sortby >= 0) {
          store<u32>(r + REC_CMP_OFF, arenaPut(bp, bl));
          store<u32>(r + REC_CMP_LEN, bl);
        }
      } else {
        // strtod on the C string: all of it must parse, no ERANGE, no NaN.
        const cl = cstrlen(bp, bl);
        const used = strtodPrefix(bp, <i32>cl);
        store<f64>(r + REC_SCORE, parsedDouble);
        if (<u32>used != cl || parsedRangeError || isNaN(parsedDouble)) convError = true;
      }
    }
    sortDesc = desc;
    sortAlpha = alpha;
    sortByPattern = sortby >= 0;
    sortStore = storekey >= 0;
    if (sortby >= 0 && (start != 0 || end != n - 1)) pqsort(n, start, end);
    else mergeSort(n);
  }

  // Output.
  const outputlen: i64 = getop != 0 ? <i64>getop * (end - start + 1) : end - start + 1;
  if (convError) {
    addReplyError(c, ERR_SORT_SCORES);
  } else if (storekey < 0) {
    addReplyArrayLen(c, outputlen);
    for (let k = start; k <= end; k++) {
      const r = rec(at(k));
      if (getop == 0) addReplyBulk(c, elemPtr(r), elemLen(r));
      for (let g: u32 = 0; g < getop; g++) {
        const pi = <i32>load<u32>(getOps + (<usize>g << 2));
        if (lookupKeyByPattern(c, pi, elemPtr(r), elemLen(r))) addReplyBulk(c, patPtr, patLen);
        else addReplyNull(c);
      }
    }
  } else {
    const ql = qlCreate(listMaxListpackSize, listCompressDepth);
    for (let k = start; k <= end; k++) {
      const r = rec(at(k));
      if (getop == 0) {
        qlPushTail(ql, elemPtr(r), elemLen(r));
      } else {
        for (let g: u32 = 0; g < getop; g++) {
          const pi = <i32>load<u32>(getOps + (<usize>g << 2));
          if (lookupKeyByPattern(c, pi, elemPtr(r), elemLen(r))) qlPushTail(ql, patPtr, patLen);
          else qlPushTail(ql, INT_BUF, 0);
        }
      }
    }
    if (outputlen != 0) {
      const kp = argPtr(c, storekey);
      const kl = argLen(c, storekey);
      const old = lookupKeyWrite(c.db, kp, kl);
      const h = lastHash;
      if (old != 0) {
        dbDeleteEntry(c.db, old, h);
        setOverwriting(true); // no "new" event (Redis: setKey overwrites)
      }
      const dst = entryNew(kp, kl, OBJ_LIST, ENC_QUICKLIST, 0, lruClock);
      setEntryVal(dst, <u32>ql);
      dbAddEntry(c.db, dst, h);
      notifyKeyspaceEvent(NOTIFY_LIST, "sortstore", kp, kl, c.dbIndex);
      addDirty(<u64>outputlen);
    } else {
      qlFree(ql);
      if (dbDeleteArg(c, storekey)) {
        addDirty(1);
        notifyKeyspaceEvent(NOTIFY_GENERIC, "del", argPtr(c, storekey), argLen(c, storekey), c.dbIndex);
      }
    }
    addReplyLongLong(c, outputlen);
  }
}

/** SORT / SORT_RO (Redis: sortCommandGeneric); big scratch buffers are given back after. */
function sortGeneric(c: Client, readonly: bool): void {
  sortGenericInner(c, readonly);
  releaseScratch();
}

/** SORT key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC|DESC] [ALPHA] [STORE dst] */
export function sortCommand(c: Client): void { sortGeneric(c, false); }

/** SORT_RO: SORT without STORE. */
export function sortroCommand(c: Client): void { sortGeneric(c, true); }
