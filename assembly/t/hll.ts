// hll.ts — HyperLogLog: PFADD, PFCOUNT, PFMERGE, PFDEBUG and PFSELFTEST (Redis: hyperloglog.c).
//
// A HyperLogLog is a plain string value whose bytes are exactly Redis's, so GET / SET / DUMP
// of an HLL move between Respite and redis-server unchanged, and an HLL built by one counts
// the same in the other. The layout (all of it visible to users through GET):
//
//   +------+---+-------+------------------+----------------------------------------+
//   | HYLL | E | 0 0 0 | cardinality (LE) | registers                              |
//   +------+---+-------+------------------+----------------------------------------+
//     4      1    3       8 bytes: cached     E = 0 dense: 16384 6-bit registers, LSB
//                         count; bit 63 set   first (12288 bytes, 12304 in all)
//                         = stale             E = 1 sparse: run-length opcodes
//
// Sparse opcodes: ZERO 00xxxxxx (1..64 zero registers), XZERO 01xxxxxx yyyyyyyy (1..16384
// zero registers) and VAL 1vvvvvxx (1..4 registers of value 1..32). A new HLL is sparse
// (one XZERO of 16384); it turns dense for good when a register needs a value above 32 or the
// string would grow past hll-sparse-max-bytes (default 3000, header included).
//
// Every byte-level decision follows Redis, because the bytes are observable: elements are
// hashed with MurmurHash64A (seed 0xadc83b19) into a register index (low 14 bits) and a run
// length (trailing zeros of the other 50 bits, plus one); a sparse update splits the opcode
// covering the register into at most XZERO-VAL-XZERO, then merges equal adjacent VALs over up
// to 5 opcodes from the previous one; promotion keeps the 16-byte header as it is. PFADD marks
// the cached cardinality stale, and PFCOUNT of a single key writes the fresh count back into
// the header (a write: it counts as dirty and is propagated), while PFCOUNT of several keys
// merges into a scratch register array and modifies nothing.
//
// The estimator is Redis 7.0's (Ertl's "improved" estimator over the register histogram,
// with the tau/sigma series and llroundl), evaluated in the same order with IEEE doubles, so
// the cached cardinalities are identical bit for bit (redis-server on x86-64 computes in SSE2
// doubles without FMA, which is what wasm's f64 does; pow(x, 2) is compiled by GCC as x*x).
//
// Validation is Redis's: a key is an HLL when its string has the "HYLL" magic, a known
// encoding and, when dense, the exact dense length ("WRONGTYPE Key is not a valid
// HyperLogLog string value."); a sparse body whose opcodes do not cover exactly 16384
// registers is found when it is read ("INVALIDOBJ Corrupted HLL object detected"). Reads of a
// truncated XZERO see a zero second byte, as Redis sees its string's NUL terminator.
//
// Storage: the value is the key entry's inline string. Operations work on "the current HLL"
// (hllPtr/hllLen), which is either a key entry (growing it through db.ts dbGrowString, which
// may move it) or a private buffer (PFSELFTEST's sparse HLL); so one sparse implementation
// serves both.

import { argLen, argPtr, Client } from "../client";
import { addReplyArrayLen, addReplyBulk, addReplyError, addReplyLongLong, addReplyOK, addReplyProto,
  addReplyStatus, errBegin, errBytes, errEnd, errStr } from "../resp/reply";
import { ERR_HLL_INVALID, ERR_HLL_NOT_SPARSE, ERR_HLL_WRONGTYPE, ERR_PFDEBUG_NO_KEY } from "../resp/errors";
import { notifyKeyspaceEvent, NOTIFY_STRING } from "../db/notify";
import { addDirty, Db, dbAddEntry, dbGrowString, lastHash, lookupKeyRead, lookupKeyWrite, lruClock } from "../db/db";
import { ENC_INT, ENC_RAW, entryEncoding, entryNew, entryStrLen, entryStrPtr, OBJ_STRING, setEntryEncoding,
  setEntryVal } from "../db/object";
import { checkType } from "./common";
import { hllSparseMaxBytes } from "../config";
import { ll2string } from "../util/number";
import { randomU64 } from "../util/hash";
import { zcalloc, zfree, zrealloc } from "../mem/alloc";

// ---- layout ---------------------------------------------------------------------------

const HLL_P: i32 = 14;
const HLL_Q: i32 = 64 - HLL_P; // hash bits used for the run length
const HLL_REGISTERS: i32 = 1 << HLL_P;
const HLL_P_MASK: u64 = <u64>(HLL_REGISTERS - 1);
const HLL_HDR_SIZE: u32 = 16;
const HLL_DENSE_BYTES: u32 = <u32>((HLL_REGISTERS * 6 + 7) / 8); // 12288
const HLL_DENSE_SIZE: u32 = HLL_HDR_SIZE + HLL_DENSE_BYTES; // 12304
const HLL_DENSE: u8 = 0;
const HLL_SPARSE: u8 = 1;
const HLL_MAX_ENCODING: u8 = 1;
const ENC_OFF: usize = 4;
const CARD_OFF: usize = 8;

const SPARSE_VAL_MAX_VALUE: i32 = 32;
const SPARSE_VAL_MAX_LEN: i32 = 4;
const SPARSE_ZERO_MAX_LEN: i32 = 64;

/** 0.5 / ln(2), Redis's HLL_ALPHA_INF. */
const HLL_ALPHA_INF: f64 = 0.721347520444481703680;

// ---- hashing -----------------------------------------------------------------------------

/** MurmurHash64A (Austin Appleby), as Redis uses it: little-endian reads. */
export function murmurHash64A(p: usize, len: i32, seed: u64): u64 {
  const m: u64 = 0xc6a4a7935bd1e995;
  const r: u64 = 47;
  let h: u64 = seed ^ (<u64>len * m);
  const blocks = <usize>(len & ~7);
  for (let i: usize = 0; i < blocks; i += 8) {
    let k = load<u64>(p + i);
    k *= m;
    k ^= k >> r;
    k *= m;
    h ^= k;
    h *= m;
  }
  const tail = p + blocks;
  const rest = len & 7;
  if (rest > 0) {
    for (let i = rest - 1; i >= 0; i--) h ^= <u64>load<u8>(tail + <usize>i) << (<u64>i << 3);
    h *= m;
  }
  h ^= h >> r;
  h *= m;
  h ^= h >> r;
  return h;
}

/** Register index of the last hllPatLen. */
let patIndex: i32 = 0;

/** Run length (1..51) of the element's hash "000..1" pattern; sets patIndex (Redis: hllPatLen). */
function hllPatLen(p: usize, n: u32): i32 {
  let hash = murmurHash64A(p, <i32>n, 0xadc83b19);
  patIndex = <i32>(hash & HLL_P_MASK);
  hash >>= <u64>HLL_P;
  hash |= <u64>1 << <u64>HLL_Q; // the loop ends: count <= Q+1
  return <i32>ctz<u64>(hash) + 1;
}

// ---- dense registers -------------------------------------------------------------------

@inline function denseGet(r: usize, i: i32): u32 {
  const bit = <u32>i * 6;
  const byte = r + <usize>(bit >> 3);
  const fb = bit & 7;
  let v = <u32>load<u8>(byte) >> fb;
  if (fb > 2) v |= <u32>load<u8>(byte + 1) << (8 - fb);
  return v & 63;
}

@inline function denseSetReg(r: usize, i: i32, val: u32): void {
  const bit = <u32>i * 6;
  const byte = r + <usize>(bit >> 3);
  const fb = bit & 7;
  store<u8>(byte, <u8>((<u32>load<u8>(byte) & ~(<u32>63 << fb)) | (val << fb)));
  if (fb > 2) {
    const fb8 = 8 - fb;
    store<u8>(byte + 1, <u8>((<u32>load<u8>(byte + 1) & ~(<u32>63 >> fb8)) | (val >> fb8)));
  }
}

/** Raises register `index` to `count` if lower; 1 if it changed (Redis: hllDenseSet). */
function hllDenseSet(r: usize, index: i32, count: u32): i32 {
  if (count > denseGet(r, index)) {
    denseSetReg(r, index, count);
    return 1;
  }
  return 0;
}

function hllDenseAdd(r: usize, p: usize, n: u32): i32 {
  const count = hllPatLen(p, n);
  return hllDenseSet(r, patIndex, <u32>count);
}

// ---- sparse opcodes --------------------------------------------------------------------

@inline function isZero(b: u32): bool { return (b & 0xc0) == 0; }
@inline function isXzero(b: u32): bool { return (b & 0xc0) == 0x40; }
@inline function isVal(b: u32): bool { return (b & 0x80) != 0; }
@inline function zeroLen(b: u32): i32 { return <i32>(b & 0x3f) + 1; }
@inline function valValue(b: u32): i32 { return <i32>((b >> 2) & 0x1f) + 1; }
@inline function valLen(b: u32): i32 { return <i32>(b & 3) + 1; }
@inline function valByte(val: i32, len: i32): u8 { return <u8>((((val - 1) << 2) | (len - 1)) | 0x80); }

/** XZERO run length; its second byte reads as 0 at or past `end` (Redis's NUL terminator). */
@inline function xzeroLen(p: usize, end: usize): i32 {
  const lo: u32 = p + 1 < end ? <u32>load<u8>(p + 1) : 0;
  return <i32>(((<u32>load<u8>(p) & 0x3f) << 8) | lo) + 1;
}

/** Writes a ZERO or XZERO opcode for len zero registers at n; returns its size. */
function putZeros(n: usize, len: i32): usize {
  if (len > SPARSE_ZERO_MAX_LEN) {
    const l = len - 1;
    store<u8>(n, <u8>((l >> 8) | 0x40));
    store<u8>(n + 1, <u8>(l & 0xff));
    return 2;
  }
  store<u8>(n, <u8>(len - 1));
  return 1;
}

// ---- the current HLL value -------------------------------------------------------------

let curDb: usize = 0; // Db of the key being worked on; 0: the private buffer
let curEntry: usize = 0;
let curHash: u32 = 0;
let privBuf: usize = 0;
let privLen: u32 = 0;
let privCap: u32 = 0;

function useEntry(db: Db, e: usize, h: u32): void {
  curDb = changetype<usize>(db);
  curEntry = e;
  curHash = h;
}

@inline function hllPtr(): usize { return curDb != 0 ? entryStrPtr(curEntry) : privBuf; }
@inline function hllLen(): u32 { return curDb != 0 ? entryStrLen(curEntry) : privLen; }

function hllSetLen(n: u32): void {
  if (curDb != 0) setEntryVal(curEntry, n);
  else privLen = n;
}

/** Room for n bytes in the current HLL, keeping its bytes (it may move). */
function hllReserve(n: u32, exact: bool): void {
  if (curDb != 0) {
    curEntry = dbGrowString(changetype<Db>(curDb), curEntry, curHash, n, exact);
  } else if (n > privCap) {
    const cap = exact ? n : n * 2;
    privBuf = zrealloc(privBuf, cap);
    privCap = cap;
  }
}

@inline function invalidateCache(base: usize): void {
  store<u8>(base + 15, load<u8>(base + 15) | 0x80);
}

// ---- sparse representation ---------------------------------------------------------------

/** Scratch dense registers (plus spare bytes) for promotions. */
const denseScratch: usize = memory.data(HLL_DENSE_BYTES + 8);

/**
 * Turns the current HLL dense if it is sparse, keeping its 16-byte header (magic and cached
 * cardinality) as it is. False if the sparse body does not cover exactly 16384 registers.
 * (Redis: hllSparseToDense.)
 */
function hllSparseToDense(): bool {
  let base = hllPtr();
  if (load<u8>(base + ENC_OFF) == HLL_DENSE) return true;
  const end = base + hllLen();
  memory.fill(denseScratch, 0, HLL_DENSE_BYTES);
  let idx: i32 = 0;
  let p = base + HLL_HDR_SIZE;
  while (p < end) {
    const b = <u32>load<u8>(p);
    if (isZero(b)) {
      idx += zeroLen(b);
      p++;
    } else if (isXzero(b)) {
      idx += xzeroLen(p, end);
      p += 2;
    } else {
      let runlen = valLen(b);
      const regval = <u32>valValue(b);
      if (runlen + idx > HLL_REGISTERS) break; // overflow
      while (runlen-- > 0) denseSetReg(denseScratch, idx++, regval);
      p++;
    }
  }
  if (idx != HLL_REGISTERS) return false;
  hllReserve(HLL_DENSE_SIZE, true);
  base = hllPtr();
  store<u8>(base + ENC_OFF, HLL_DENSE);
  memory.copy(base + HLL_HDR_SIZE, denseScratch, HLL_DENSE_BYTES);
  hllSetLen(HLL_DENSE_SIZE);
  return true;
}

const seq: usize = memory.data(8);

/**
 * Raises register `index` of the current (sparse) HLL to `count` (Redis: hllSparseSet).
 * Returns 1 if it changed, 0 if not, -1 if the representation is corrupt. May promote the
 * HLL to dense (a value above 32, or a string growing past hll-sparse-max-bytes).
 */
function hllSparseSet(index: i32, count: i32): i32 {
  if (count > SPARSE_VAL_MAX_VALUE) return promote(index, count);

  // An XZERO split into XZERO-VAL-XZERO grows the string by 3 bytes at most: make room first
  // so the pointers below stay valid (a little more, for truncated opcodes of corrupt input).
  // The byte at the end reads as 0, like the NUL that terminates Redis's strings.
  const len0 = hllLen();
  hllReserve(len0 + 8, false);
  const base = hllPtr();
  store<u8>(base + len0, 0);
  const sparse = base + HLL_HDR_SIZE;
  let end = base + len0;

  // Step 1: find the opcode covering `index`.
  let p = sparse;
  let first: i32 = 0;
  let span: i32 = 0;
  let prev: usize = 0;
  while (p < end) {
    const b = <u32>load<u8>(p);
    let oplen: usize = 1;
    if (isZero(b)) span = zeroLen(b);
    else if (isVal(b)) span = valLen(b);
    else {
      span = xzeroLen(p, end);
      oplen = 2;
    }
    if (index <= first + span - 1) break;
    prev = p;
    p += oplen;
    first += span;
  }
  if (span == 0 || p >= end) return -1;

  const b = <u32>load<u8>(p);
  let next: usize = isXzero(b) ? p + 2 : p + 1;
  if (next >= end) next = 0;
  const zero = isZero(b);
  const xzero = isXzero(b);
  const runlen = zero ? zeroLen(b) : (xzero ? xzeroLen(p, end) : valLen(b));

  let done = false;
  if (!zero && !xzero) {
    // A: the register already holds as much. B: a VAL of one register is simply rewritten.
    if (valValue(b) >= count) return 0;
    if (runlen == 1) {
      store<u8>(p, valByte(count, 1));
      done = true;
    }
  }
  // C: a ZERO of one register becomes a VAL.
  if (!done && zero && runlen == 1) {
    store<u8>(p, valByte(count, 1));
    done = true;
  }
  if (!done) {
    // D: split the opcode into (zeros or old value) - VAL(count) - (zeros or old value).
    let n = seq;
    const last = first + span - 1;
    if (zero || xzero) {
      if (index != first) n += putZeros(n, index - first);
      store<u8>(n++, valByte(count, 1));
      if (index != last) n += putZeros(n, last - index);
    } else {
      const curval = valValue(b);
      if (index != first) store<u8>(n++, valByte(curval, index - first));
      store<u8>(n++, valByte(count, 1));
      if (index != last) store<u8>(n++, valByte(curval, last - index));
    }
    const seqlen = <i32>(n - seq);
    const oldlen = xzero ? 2 : 1;
    const delta = seqlen - oldlen;
    if (delta > 0 && <i64>len0 + <i64>delta > hllSparseMaxBytes) return promote(index, count);
    if (delta != 0 && next != 0) memory.copy(next + delta, next, end - next);
    const newLen = <u32>(<i32>len0 + delta);
    hllSetLen(newLen);
    store<u8>(base + newLen, 0);
    memory.copy(p, seq, seqlen);
    end = base + newLen;
  }

  // Step 4: merge adjacent VALs of equal value, scanning up to 5 opcodes from `prev`.
  p = prev != 0 ? prev : sparse;
  let scanlen = 5;
  while (p < end) {
    if (scanlen == 0) break;
    scanlen--;
    const x = <u32>load<u8>(p);
    if (isXzero(x)) {
      p += 2;
      continue;
    } else if (isZero(x)) {
      p++;
      continue;
    }
    if (p + 1 < end) {
      const y = <u32>load<u8>(p + 1);
      if (isVal(y)) {
        const v1 = valValue(x);
        if (v1 == valValue(y)) {
          const l = valLen(x) + valLen(y);
          if (l <= SPARSE_VAL_MAX_LEN) {
            store<u8>(p + 1, valByte(v1, l));
            memory.copy(p, p + 1, end - p); // with the terminating 0
            hllSetLen(hllLen() - 1);
            end--;
            continue;
          }
        }
      }
    }
    p++;
  }
  invalidateCache(base);
  return 1;
}

/** hllSparseSet's promotion: dense conversion, then the dense update (always a change). */
function promote(index: i32, count: i32): i32 {
  if (!hllSparseToDense()) return -1;
  hllDenseSet(hllPtr() + HLL_HDR_SIZE, index, <u32>count);
  return 1;
}

/** Adds element (p, n) to the current HLL: 1 changed, 0 not, -1 corrupt (Redis: hllAdd). */
function hllAdd(p: usize, n: u32): i32 {
  const enc = load<u8>(hllPtr() + ENC_OFF);
  if (enc == HLL_DENSE) return hllDenseAdd(hllPtr() + HLL_HDR_SIZE, p, n);
  if (enc == HLL_SPARSE) {
    const count = hllPatLen(p, n);
    return hllSparseSet(patIndex, count);
  }
  return -1;
}

// ---- counting ----------------------------------------------------------------------------

/** Register histogram: how many registers hold each value 0..63. */
const histo: usize = memory.data(64 * 4);

@inline function histoAdd(v: u32, n: i32): void {
  const a = histo + (<usize>v << 2);
  store<i32>(a, load<i32>(a) + n);
}

@inline function histoAt(v: i32): f64 {
  return <f64>load<i32>(histo + (<usize>v << 2));
}

function histoDense(r: usize): void {
  // Four registers per three bytes.
  for (let g: usize = 0; g < <usize>HLL_DENSE_BYTES; g += 3) {
    const b0 = <u32>load<u8>(r + g);
    const b1 = <u32>load<u8>(r + g + 1);
    const b2 = <u32>load<u8>(r + g + 2);
    histoAdd(b0 & 63, 1);
    histoAdd(((b0 >> 6) | (b1 << 2)) & 63, 1);
    histoAdd(((b1 >> 4) | (b2 << 4)) & 63, 1);
    histoAdd(b2 >> 2, 1);
  }
}

/** Sparse histogram; false if the opcodes do not cover exactly 16384 registers. */
function histoSparse(p: usize, end: usize): bool {
  let idx: i32 = 0;
  while (p < end) {
    const b = <u32>load<u8>(p);
    if (isZero(b)) {
      const n = zeroLen(b);
      idx += n;
      histoAdd(0, n);
      p++;
    } else if (isXzero(b)) {
      const n = xzeroLen(p, end);
      idx += n;
      histoAdd(0, n);
      p += 2;
    } else {
      const n = valLen(b);
      idx += n;
      histoAdd(<u32>valValue(b), n);
      p++;
    }
  }
  return idx == HLL_REGISTERS;
}

/** Registers held one per byte (PFCOUNT of several keys). */
function histoRaw(r: usize): void {
  for (let i: usize = 0; i < <usize>HLL_REGISTERS; i += 8) {
    const w = load<u64>(r + i);
    if (w == 0) {
      histoAdd(0, 8);
      continue;
    }
    for (let k: u64 = 0; k < 64; k += 8) histoAdd(<u32>((w >> k) & 0xff), 1);
  }
}

/** Ertl's sigma series. */
function hllSigma(x: f64): f64 {
  if (x == 1.0) return Infinity;
  let zPrime: f64;
  let y: f64 = 1;
  let z: f64 = x;
  do {
    x *= x;
    zPrime = z;
    z += x * y;
    y += y;
  } while (zPrime != z);
  return z;
}

/** Ertl's tau series. */
function hllTau(x: f64): f64 {
  if (x == 0.0 || x == 1.0) return 0.0;
  let zPrime: f64;
  let y: f64 = 1.0;
  let z: f64 = 1 - x;
  do {
    x = sqrt<f64>(x);
    zPrime = z;
    y *= 0.5;
    const t = 1 - x;
    z -= t * t * y;
  } while (zPrime != z);
  return z / 3;
}

/** llroundl of a double: nearest integer, halves away from zero. */
function llround(x: f64): f64 {
  const t = trunc<f64>(x);
  const frac = x - t;
  if (frac >= 0.5) return t + 1;
  if (frac <= -0.5) return t - 1;
  return t;
}

/** The cardinality estimate from the histogram (Redis: the tail of hllCount). */
function countFromHisto(): u64 {
  const m: f64 = <f64>HLL_REGISTERS;
  let z: f64 = m * hllTau((m - histoAt(HLL_Q + 1)) / m);
  for (let j = HLL_Q; j >= 1; --j) {
    z += histoAt(j);
    z *= 0.5;
  }
  z += m * hllSigma(histoAt(0) / m);
  // llroundl on x86-64 gives LLONG_MIN for a result outside the long long range (or NaN):
  // registers made only of huge values (a hand-made HLL) count as -9223372036854775808.
  const r = llround(HLL_ALPHA_INF * m * m / z);
  if (!(r >= -9223372036854775808.0 && r < 9223372036854775808.0)) return 0x8000000000000000;
  return <u64><i64>r;
}

/** Set by hllCount: the sparse body was corrupt (the count is meaningless). */
let countInvalid: bool = false;

/** Count of a dense or sparse HLL at base (Redis: hllCount); sets countInvalid. */
function hllCount(base: usize, len: u32): u64 {
  memory.fill(histo, 0, 64 * 4);
  countInvalid = false;
  if (load<u8>(base + ENC_OFF) == HLL_DENSE) histoDense(base + HLL_HDR_SIZE);
  else if (!histoSparse(base + HLL_HDR_SIZE, base + len)) countInvalid = true;
  return countFromHisto();
}

@inline function maxInto(a: usize, v: u32): void {
  if (v > <u32>load<u8>(a)) store<u8>(a, <u8>v);
}

/** Folds the HLL at (base, len) into max[i] = MAX(max[i], reg[i]); false if corrupt (Redis: hllMerge). */
function hllMerge(max: usize, base: usize, len: u32): bool {
  if (load<u8>(base + ENC_OFF) == HLL_DENSE) {
    const r = base + HLL_HDR_SIZE;
    let i: usize = 0;
    for (let g: usize = 0; g < <usize>HLL_DENSE_BYTES; g += 3) {
      const b0 = <u32>load<u8>(r + g);
      const b1 = <u32>load<u8>(r + g + 1);
      const b2 = <u32>load<u8>(r + g + 2);
      maxInto(max + i, b0 & 63);
      maxInto(max + i + 1, ((b0 >> 6) | (b1 << 2)) & 63);
      maxInto(max + i + 2, ((b1 >> 4) | (b2 << 4)) & 63);
      maxInto(max + i + 3, b2 >> 2);
      i += 4;
    }
    return true;
  }
  const end = base + len;
  let p = base + HLL_HDR_SIZE;
  let i: i32 = 0;
  while (p < end) {
    const b = <u32>load<u8>(p);
    if (isZero(b)) {
      i += zeroLen(b);
      p++;
    } else if (isXzero(b)) {
      i += xzeroLen(p, end);
      p += 2;
    } else {
      let runlen = valLen(b);
      const regval = <u32>valValue(b);
      if (runlen + i > HLL_REGISTERS) break; // overflow
      while (runlen-- > 0) maxInto(max + <usize>(i++), regval);
      p++;
    }
  }
  return i == HLL_REGISTERS;
}

// ---- objects -------------------------------------------------------------------------------

/** Bytes of a new (sparse, all-zero) HLL: header + one XZERO of 16384. */
const NEW_HLL_SIZE: u32 = HLL_HDR_SIZE + 2;

function writeNewHll(base: usize): void {
  store<u32>(base, 0x4c4c5948); // "HYLL"
  store<u32>(base + 4, HLL_SPARSE);
  store<u64>(base + CARD_OFF, 0);
  putZeros(base + HLL_HDR_SIZE, HLL_REGISTERS);
}

/** Creates key argv[i] holding a new HLL (Redis: createHLLObject + dbAdd); returns the entry. */
function createHllKey(c: Client, i: i32, h: u32): usize {
  const e = entryNew(argPtr(c, i), argLen(c, i), OBJ_STRING, ENC_RAW, NEW_HLL_SIZE, lruClock);
  writeNewHll(entryStrPtr(e));
  dbAddEntry(c.db, e, h);
  return e;
}

/**
 * True if entry e holds a valid HLL string; otherwise replies WRONGTYPE (the generic one for
 * another type, the HLL one for a string) and returns false (Redis: isHLLObjectOrReply).
 */
function isHLLObjectOrReply(c: Client, e: usize): bool {
  if (checkType(c, e, OBJ_STRING)) return false;
  const p = entryStrPtr(e);
  const len = entryStrLen(e);
  if (entryEncoding(e) == ENC_INT || len < HLL_HDR_SIZE || load<u32>(p) != 0x4c4c5948 ||
      load<u8>(p + ENC_OFF) > HLL_MAX_ENCODING ||
      (load<u8>(p + ENC_OFF) == HLL_DENSE && len != HLL_DENSE_SIZE)) {
    addReplyError(c, ERR_HLL_WRONGTYPE);
    return false;
  }
  return true;
}

// ---- commands --------------------------------------------------------------------------------

/** PFADD key [element ...] */
export function pfaddCommand(c: Client): void {
  let e = lookupKeyWrite(c.db, argPtr(c, 1), argLen(c, 1));
  const h = lastHash;
  let updated: u64 = 0;
  if (e == 0) {
    e = createHllKey(c, 1, h);
    updated++;
  } else {
    if (!isHLLObjectOrReply(c, e)) return;
    setEntryEncoding(e, ENC_RAW); // dbUnshareStringValue
  }
  useEntry(c.db, e, h);
  for (let j = 2; j < c.argc; j++) {
    const r = hllAdd(argPtr(c, j), argLen(c, j));
    if (r == 1) updated++;
    else if (r < 0) {
      addReplyError(c, ERR_HLL_INVALID);
      return;
    }
  }
  if (updated > 0) {
    addDirty(updated);
    invalidateCache(hllPtr());
    notifyKeyspaceEvent(NOTIFY_STRING, "pfadd", argPtr(c, 1), argLen(c, 1), c.dbIndex);
  }
  addReplyProto(c, updated > 0 ? ":1\r\n" : ":0\r\n");
}

/** Registers merged one per byte (PFCOUNT of several keys, PFMERGE). */
const maxRegs: usize = memory.data(HLL_REGISTERS);

/** PFCOUNT key [key ...] */
export function pfcountCommand(c: Client): void {
  if (c.argc > 2) {
    // The union's cardinality; the HLLs are only read.
    memory.fill(maxRegs, 0, HLL_REGISTERS);
    for (let j = 1; j < c.argc; j++) {
      const e = lookupKeyRead(c.db, argPtr(c, j), argLen(c, j));
      if (e == 0) continue; // a missing key is an empty HLL
      if (!isHLLObjectOrReply(c, e)) return;
      if (!hllMerge(maxRegs, entryStrPtr(e), entryStrLen(e))) {
        addReplyError(c, ERR_HLL_INVALID);
        return;
      }
    }
    memory.fill(histo, 0, 64 * 4);
    histoRaw(maxRegs);
    addReplyLongLong(c, <i64>countFromHisto());
    return;
  }
  // One key: the cached cardinality, or a fresh one written back into the header.
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (e == 0) {
    addReplyProto(c, ":0\r\n");
    return;
  }
  if (!isHLLObjectOrReply(c, e)) return;
  setEntryEncoding(e, ENC_RAW);
  const base = entryStrPtr(e);
  if ((load<u8>(base + 15) & 0x80) == 0) {
    addReplyLongLong(c, load<i64>(base + CARD_OFF));
    return;
  }
  const card = hllCount(base, entryStrLen(e));
  if (countInvalid) {
    addReplyError(c, ERR_HLL_INVALID);
    return;
  }
  store<u64>(base + CARD_OFF, card);
  addDirty(1);
  addReplyLongLong(c, <i64>card);
}

/** PFMERGE destkey [sourcekey ...] */
export function pfmergeCommand(c: Client): void {
  memory.fill(maxRegs, 0, HLL_REGISTERS);
  let useDense = false;
  // The destination is one of the inputs too (argv[1]).
  for (let j = 1; j < c.argc; j++) {
    const e = lookupKeyRead(c.db, argPtr(c, j), argLen(c, j));
    if (e == 0) continue;
    if (!isHLLObjectOrReply(c, e)) return;
    const p = entryStrPtr(e);
    if (load<u8>(p + ENC_OFF) == HLL_DENSE) useDense = true;
    if (!hllMerge(maxRegs, p, entryStrLen(e))) {
      addReplyError(c, ERR_HLL_INVALID);
      return;
    }
  }
  let e = lookupKeyWrite(c.db, argPtr(c, 1), argLen(c, 1));
  const h = lastHash;
  if (e == 0) e = createHllKey(c, 1, h);
  else setEntryEncoding(e, ENC_RAW);
  useEntry(c.db, e, h);
  // A dense input makes the destination dense at once.
  if (useDense && !hllSparseToDense()) {
    addReplyError(c, ERR_HLL_INVALID);
    return;
  }
  for (let j = 0; j < HLL_REGISTERS; j++) {
    const v = <u32>load<u8>(maxRegs + <usize>j);
    if (v == 0) continue;
    if (load<u8>(hllPtr() + ENC_OFF) == HLL_DENSE) hllDenseSet(hllPtr() + HLL_HDR_SIZE, j, v);
    else hllSparseSet(j, <i32>v);
  }
  invalidateCache(hllPtr());
  addDirty(1);
  notifyKeyspaceEvent(NOTIFY_STRING, "pfadd", argPtr(c, 1), argLen(c, 1), c.dbIndex);
  addReplyOK(c);
}

// ---- PFDEBUG / PFSELFTEST ------------------------------------------------------------------

/** Length of argument i as a C string (Redis compares subcommands with strcasecmp). */
function argCLen(c: Client, i: i32): u32 {
  const p = argPtr(c, i);
  const n = argLen(c, i);
  for (let k: u32 = 0; k < n; k++) if (load<u8>(p + k) == 0) return k;
  return n;
}

function argIsC(c: Client, i: i32, lit: string): bool {
  const k = argCLen(c, i);
  if (k != <u32>lit.length) return false;
  const p = argPtr(c, i);
  for (let j: u32 = 0; j < k; j++) {
    let b = load<u8>(p + j);
    if (b >= 65 && b <= 90) b += 32;
    if (b != <u8>lit.charCodeAt(j)) return false;
  }
  return true;
}

let decodeBuf: usize = 0;
let decodeCap: u32 = 0;

function putText(out: usize, s: string): usize {
  for (let i = 0; i < s.length; i++) store<u8>(out + i, <u8>s.charCodeAt(i));
  return out + s.length;
}

/** PFDEBUG GETREG|DECODE|ENCODING|TODENSE key */
export function pfdebugCommand(c: Client): void {
  const e = lookupKeyWrite(c.db, argPtr(c, 2), argLen(c, 2));
  const h = lastHash;
  if (e == 0) {
    addReplyError(c, ERR_PFDEBUG_NO_KEY);
    return;
  }
  if (!isHLLObjectOrReply(c, e)) return;
  setEntryEncoding(e, ENC_RAW);
  useEntry(c.db, e, h);
  if (argIsC(c, 1, "getreg")) {
    if (load<u8>(hllPtr() + ENC_OFF) == HLL_SPARSE) {
      if (!hllSparseToDense()) {
        addReplyError(c, ERR_HLL_INVALID);
        return;
      }
      addDirty(1); // the encoding change is propagated
    }
    const r = hllPtr() + HLL_HDR_SIZE;
    addReplyArrayLen(c, HLL_REGISTERS);
    for (let j = 0; j < HLL_REGISTERS; j++) addReplyLongLong(c, denseGet(r, j));
  } else if (argIsC(c, 1, "decode")) {
    const base = hllPtr();
    if (load<u8>(base + ENC_OFF) != HLL_SPARSE) {
      addReplyError(c, ERR_HLL_NOT_SPARSE);
      return;
    }
    const end = base + hllLen();
    // At most "Z:16384 " (8 bytes) per opcode byte.
    const need = (hllLen() - HLL_HDR_SIZE) * 8 + 16;
    if (need > decodeCap) {
      decodeBuf = zrealloc(decodeBuf, need);
      decodeCap = need;
    }
    let out = decodeBuf;
    let p = base + HLL_HDR_SIZE;
    while (p < end) {
      const b = <u32>load<u8>(p);
      if (isZero(b)) {
        out = putText(out, "z:");
        out += ll2string(out, zeroLen(b));
        p++;
      } else if (isXzero(b)) {
        out = putText(out, "Z:");
        out += ll2string(out, xzeroLen(p, end));
        p += 2;
      } else {
        out = putText(out, "v:");
        out += ll2string(out, valValue(b));
        out = putText(out, ",");
        out += ll2string(out, valLen(b));
        p++;
      }
      out = putText(out, " ");
    }
    // sdstrim(" "): only a trailing space can be there.
    const n = <u32>(out - decodeBuf);
    addReplyBulk(c, decodeBuf, n > 0 ? n - 1 : 0);
  } else if (argIsC(c, 1, "encoding")) {
    addReplyStatus(c, load<u8>(hllPtr() + ENC_OFF) == HLL_DENSE ? "dense" : "sparse");
  } else if (argIsC(c, 1, "todense")) {
    let conv = false;
    if (load<u8>(hllPtr() + ENC_OFF) == HLL_SPARSE) {
      if (!hllSparseToDense()) {
        addReplyError(c, ERR_HLL_INVALID);
        return;
      }
      conv = true;
      addDirty(1);
    }
    addReplyProto(c, conv ? ":1\r\n" : ":0\r\n");
  } else {
    errBegin(c);
    errStr(c, "ERR Unknown PFDEBUG subcommand '");
    errBytes(c, argPtr(c, 1), argCLen(c, 1));
    errStr(c, "'");
    errEnd(c);
  }
}

const numTmp: usize = memory.data(24);

function errInt(c: Client, v: i64): void {
  errBytes(c, numTmp, <u32>ll2string(numTmp, v));
}

/**
 * PFSELFTEST: Redis's self-test, same steps. (1) 1000 rounds of random values written to
 * every dense register and read back. (2) 10 million distinct elements added to a dense and
 * a sparse HLL side by side; at each power of ten the sparse one must still be sparse while
 * small, both must count the same, and the error must stay within 6 standard errors (1 at
 * cardinality 10). Replies OK or a "TESTFAILED" error.
 */
export function pfselftestCommand(c: Client): void {
  const dense = zcalloc(HLL_DENSE_SIZE + 8);
  const regs = dense + HLL_HDR_SIZE;
  const bytecounters = zcalloc(<usize>HLL_REGISTERS);
  let failed = false;
  for (let cycle = 0; cycle < 1000 && !failed; cycle++) {
    for (let i = 0; i < HLL_REGISTERS; i++) {
      const r = <u32>(randomU64() & 63);
      store<u8>(bytecounters + <usize>i, <u8>r);
      denseSetReg(regs, i, r);
    }
    for (let i = 0; i < HLL_REGISTERS; i++) {
      const want = <u32>load<u8>(bytecounters + <usize>i);
      const got = denseGet(regs, i);
      if (got != want) {
        errBegin(c);
        errStr(c, "ERR TESTFAILED Register ");
        errInt(c, i);
        errStr(c, " should be ");
        errInt(c, want);
        errStr(c, " but is ");
        errInt(c, got);
        errEnd(c);
        failed = true;
        break;
      }
    }
  }
  if (!failed) failed = !selftestCounts(c, dense);
  if (!failed) addReplyOK(c);
  zfree(bytecounters);
  zfree(dense);
}

const eleBuf: usize = memory.data(8);

function selftestCounts(c: Client, dense: usize): bool {
  const regs = dense + HLL_HDR_SIZE;
  memory.fill(regs, 0, HLL_DENSE_BYTES);
  store<u8>(dense + ENC_OFF, HLL_DENSE);
  // The sparse HLL lives in the private buffer.
  curDb = 0;
  privLen = 0;
  hllReserve(NEW_HLL_SIZE, false);
  writeNewHll(privBuf);
  privLen = NEW_HLL_SIZE;
  const relerr = 1.04 / sqrt<f64>(<f64>HLL_REGISTERS);
  let checkpoint: i64 = 1;
  const seed = randomU64();
  let ok = true;
  for (let j: i64 = 1; j <= 10000000; j++) {
    store<u64>(eleBuf, <u64>j ^ seed);
    hllDenseAdd(regs, eleBuf, 8);
    hllAdd(eleBuf, 8);
    if (j != checkpoint) continue;
    if (<u64>j < <u64>hllSparseMaxBytes / 2 && load<u8>(privBuf + ENC_OFF) != HLL_SPARSE) {
      addReplyError(c, "ERR TESTFAILED sparse encoding not used");
      ok = false;
      break;
    }
    const cd = <i64>hllCount(dense, HLL_DENSE_SIZE);
    if (cd != <i64>hllCount(privBuf, privLen)) {
      addReplyError(c, "ERR TESTFAILED dense/sparse disagree");
      ok = false;
      break;
    }
    let abserr = checkpoint - cd;
    let maxerr = <i64>Math.ceil(relerr * 6 * <f64>checkpoint);
    if (j == 10) maxerr = 1;
    if (abserr < 0) abserr = -abserr;
    if (abserr > maxerr) {
      errBegin(c);
      errStr(c, "ERR TESTFAILED Too big error. card:");
      errInt(c, checkpoint);
      errStr(c, " abserr:");
      errInt(c, abserr);
      errEnd(c);
      ok = false;
      break;
    }
    checkpoint *= 10;
  }
  // Give the private buffer back.
  zfree(privBuf);
  privBuf = 0;
  privCap = 0;
  privLen = 0;
  return ok;
}
