/*
 * number.ts — Redis 7.0.15 number parsing and formatting, byte-exact.
 * =====================================================================
 *
 * Redis answers with numbers in many places, and clients (and test suites)
 * compare those answers byte for byte.  Redis itself leans on libc for most
 * of this work: `strtod`/`strtold` to parse, `snprintf("%.17g")` and
 * `snprintf("%.17Lf")` to print, plus a handful of hand-written integer
 * routines in util.c.  A WebAssembly engine has no libc, and JavaScript's
 * number formatting (shortest round-trip) is *not* what glibc prints, so we
 * re-implement the exact behaviour here.
 *
 * Design rules, and why:
 *
 *  - Everything works on raw bytes in linear memory (pointer + length).  The
 *    engine's data path never materialises AssemblyScript strings; they would
 *    cost an allocation per call and an UTF-16 round trip.
 *
 *  - No allocation in any function in this file.  Formatting functions write
 *    into a destination pointer provided by the caller and return the number
 *    of bytes written.  Scratch space (big-integer limbs, digit buffers) is
 *    static, reserved with `memory.data`, so it lives below the heap and no
 *    allocator is involved.  The flip side: these functions are not
 *    re-entrant, which is fine for a single-threaded engine.
 *
 *  - No exceptions.  AssemblyScript's `throw` aborts the whole instance, so
 *    failure is always reported through the return value (`false`, or a
 *    negative length).
 *
 *  - Multi-value results go through exported module globals (`parsedLL`,
 *    `parsedDouble`, `parsedRangeError`, ...) because AssemblyScript has no
 *    tuples and we refuse to allocate a result object.
 *
 *  - Correct rounding, always.  glibc's strtod/strtold are correctly rounded
 *    (round-half-even) for any number of input digits, and glibc's printf
 *    prints the exact binary value rounded half-even.  We do the same with a
 *    small arbitrary-precision integer ("bignum") kit below, plus fast paths
 *    for the overwhelmingly common short inputs.  Correctness first: every
 *    fast path is exact by construction (Clinger's fast path for doubles,
 *    exact 128-bit products elsewhere), and everything else goes through exact
 *    big-integer arithmetic.
 *
 * The floating-point core is written once and parameterised by precision and
 * exponent range, so the same code parses IEEE doubles (53-bit significand)
 * and x87 80-bit extended "long double" values (64-bit significand) — the
 * latter is what INCRBYFLOAT/HINCRBYFLOAT use; see longdouble.ts.
 *
 * Which Redis reply path uses which function (Redis 7.0.15):
 *
 *   integers (INCR, STRLEN, ... and integer encodings)  -> ll2string
 *   addReplyDouble (ZSCORE, ZINCRBY, ZADD INCR, ZRANGE WITHSCORES, ...)
 *       RESP2: bulk string "%.17g"             -> fmtG17 (inf -> "inf"/"-inf")
 *       RESP3: ",<%.17g>\r\n"                  -> fmtG17 (",3", ",inf", ",-inf")
 *   d2string (score text stored in zset listpacks when not integral) -> d2string
 *   INCRBYFLOAT / HINCRBYFLOAT result, addReplyHumanLongDouble
 *       ld2string(LD_STR_HUMAN) = "%.17Lf", trailing zeros trimmed
 *                                              -> longdouble.ts ld2stringHuman
 *   score / float arguments (ZADD, HINCRBYFLOAT's hash field via strtold...)
 *       string2d  (strtod, strict)             -> string2d
 *       string2ld (strtold, strict)            -> longdouble.ts string2ld
 *   integer arguments (INCRBY, SETRANGE, EXPIRE, ...) -> string2ll
 *
 * This file contains: the integer routines, the bignum kit, the strtod-style
 * scanner, the generic correctly-rounded decimal/hex -> binary converter, the
 * double parser, and the exact "%.17g" printer.  longdouble.ts builds on it.
 */

// ===========================================================================
// Exported result registers
// ===========================================================================

/** Result of string2ll / double2ll. */
export let parsedLL: i64 = 0;
/** Result of string2d / strtodPrefix. */
export let parsedDouble: f64 = 0;
/**
 * What glibc would have left in errno after the last strtod-style parse:
 * true on overflow (result is +-inf from a finite input), on underflow to
 * zero, and on an inexact subnormal result.  Redis only rejects the first
 * two; the flag is exposed for callers that mimic plain `strtod` users.
 */
export let parsedRangeError: bool = false;

// ===========================================================================
// Small helpers
// ===========================================================================

const CH_0: u32 = 0x30;
const CH_MINUS: u32 = 0x2d;
const CH_PLUS: u32 = 0x2b;
const CH_DOT: u32 = 0x2e;

/** C `isspace` in the "C" locale: space, \t, \n, \v, \f, \r. */
// @ts-ignore: decorator
@inline export function isSpaceByte(c: u32): bool {
  return c == 0x20 || (c >= 0x09 && c <= 0x0d);
}

// @ts-ignore: decorator
@inline function isDigit(c: u32): bool {
  return c - CH_0 < 10;
}

/** Hex digit value, or -1. */
function hexVal(c: u32): i32 {
  if (c - CH_0 < 10) return <i32>(c - CH_0);
  let l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return <i32>(l - 0x61 + 10);
  return -1;
}

/** Powers of ten that fit in a u64: 10^0 .. 10^19. */
const POW10_U64: usize = memory.data<u64>([
  1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
  10000000000, 100000000000, 1000000000000, 10000000000000, 100000000000000,
  1000000000000000, 10000000000000000, 100000000000000000,
  1000000000000000000, 10000000000000000000,
]);

// @ts-ignore: decorator
@inline export function pow10u64(n: i32): u64 {
  return load<u64>(POW10_U64 + (<usize>n << 3));
}

/** Powers of ten exactly representable as doubles: 1e0 .. 1e22. */
const POW10_F64: usize = memory.data<f64>([
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
  1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]);

/** High half of the last mul64 product. */
export let mulHi: u64 = 0;

/** Full 64x64 -> 128-bit product; returns the low half, high half in mulHi. */
export function mul64(a: u64, b: u64): u64 {
  let a0 = a & 0xffffffff, a1 = a >> 32;
  let b0 = b & 0xffffffff, b1 = b >> 32;
  let p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  let mid = (p00 >> 32) + (p01 & 0xffffffff) + (p10 & 0xffffffff);
  mulHi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
  return (mid << 32) | (p00 & 0xffffffff);
}

/** Number of significant bits of the 128-bit value hi:lo (0 for zero). */
// @ts-ignore: decorator
@inline function bitlen128(hi: u64, lo: u64): i32 {
  if (hi != 0) return 128 - <i32>clz<u64>(hi);
  if (lo != 0) return 64 - <i32>clz<u64>(lo);
  return 0;
}

/** (hi:lo) >> s for any s >= 0, truncated to 64 bits. */
export function shr128(hi: u64, lo: u64, s: i32): u64 {
  if (s <= 0) return lo;
  if (s >= 128) return 0;
  if (s >= 64) return hi >> <u64>(s - 64);
  return (lo >> <u64>s) | (hi << <u64>(64 - s));
}

/** Bit i of hi:lo (any i >= 0). */
function bit128(hi: u64, lo: u64, i: i32): bool {
  if (i < 0 || i >= 128) return false;
  if (i >= 64) return ((hi >> <u64>(i - 64)) & 1) != 0;
  return ((lo >> <u64>i) & 1) != 0;
}

/** Are any of the bits [0, i) of hi:lo set? */
function anyBelow128(hi: u64, lo: u64, i: i32): bool {
  if (i <= 0) return false;
  if (i >= 128) return (hi | lo) != 0;
  if (i > 64) return lo != 0 || (hi & ((<u64>1 << <u64>(i - 64)) - 1)) != 0;
  if (i == 64) return lo != 0;
  return (lo & ((<u64>1 << <u64>i) - 1)) != 0;
}

// ===========================================================================
// Integers: string2ll, ll2string, ull2string, digits10
// ===========================================================================

/** Redis LONG_STR_SIZE: inputs of this length or more are never integers. */
const LONG_STR_SIZE: i32 = 21;

/**
 * Redis `string2ll`: strict decimal i64 parse.  Result in `parsedLL`.
 *
 * Accepts exactly the canonical spelling of an i64: optional '-', then
 * either the single digit "0" or a digit 1-9 followed by digits.  Rejects the
 * empty string, strings of 21+ bytes, spaces anywhere, '+', leading zeros
 * ("007", and also "-0" — verified on Redis 7.0.15: `SET k -0; INCR k` and
 * `SETRANGE k -0 x` both fail), and anything outside [-2^63, 2^63-1].
 */
export function string2ll(p: usize, len: i32): bool {
  if (len <= 0 || len >= LONG_STR_SIZE) return false;
  let c = <u32>load<u8>(p);
  // The only string allowed to start with '0' is "0" itself.
  if (len == 1 && c == CH_0) {
    parsedLL = 0;
    return true;
  }
  let i = 0;
  let neg = false;
  if (c == CH_MINUS) {
    if (len == 1) return false; // a lone "-"
    neg = true;
    i = 1;
    c = <u32>load<u8>(p + 1);
  }
  // First digit must be 1-9 (so "-0", "00", "01" are all rejected).
  if (c < 0x31 || c > 0x39) return false;
  let v: u64 = <u64>(c - CH_0);
  i++;
  while (i < len) {
    c = <u32>load<u8>(p + <usize>i);
    if (!isDigit(c)) return false;
    let d = <u64>(c - CH_0);
    if (v > u64.MAX_VALUE / 10) return false; // v*10 would overflow
    v *= 10;
    if (v > u64.MAX_VALUE - d) return false; // v+d would overflow
    v += d;
    i++;
  }
  if (neg) {
    if (v > 0x8000000000000000) return false; // below i64 min
    parsedLL = <i64>(0 - v);
  } else {
    if (v > <u64>i64.MAX_VALUE) return false;
    parsedLL = <i64>v;
  }
  return true;
}

/** Number of decimal digits of v (1 for 0). */
export function digits10(v: u64): i32 {
  let n = 1;
  while (n < 20 && v >= pow10u64(n)) n++;
  return n;
}

/** "00" "01" .. "99": two digits per division, as Redis's ull2string does. */
const DIGITS2: usize = memory.data<u8>([48,48,48,49,48,50,48,51,48,52,48,53,48,54,48,55,48,56,48,57,49,48,49,49,49,50,49,51,49,52,49,53,49,54,49,55,49,56,49,57,50,48,50,49,50,50,50,51,50,52,50,53,50,54,50,55,50,56,50,57,51,48,51,49,51,50,51,51,51,52,51,53,51,54,51,55,51,56,51,57,52,48,52,49,52,50,52,51,52,52,52,53,52,54,52,55,52,56,52,57,53,48,53,49,53,50,53,51,53,52,53,53,53,54,53,55,53,56,53,57,54,48,54,49,54,50,54,51,54,52,54,53,54,54,54,55,54,56,54,57,55,48,55,49,55,50,55,51,55,52,55,53,55,54,55,55,55,56,55,57,56,48,56,49,56,50,56,51,56,52,56,53,56,54,56,55,56,56,56,57,57,48,57,49,57,50,57,51,57,52,57,53,57,54,57,55,57,56,57,57]);

@inline function put2(p: usize, d: u32): void {
  store<u16>(p, load<u16>(DIGITS2 + (<usize>d << 1)));
}

/** Decimal digits of a 32-bit value. */
@inline function digits10u32(w: u32): i32 {
  if (w < 10) return 1;
  if (w < 100) return 2;
  if (w < 1000) return 3;
  if (w < 10000) return 4;
  if (w < 100000) return 5;
  if (w < 1000000) return 6;
  if (w < 10000000) return 7;
  if (w < 100000000) return 8;
  return w < 1000000000 ? 9 : 10;
}

/** w (32-bit) right-aligned in the n bytes ending at dst + n, two digits at a time. */
@inline function putU32(dst: usize, w: u32, n: i32): void {
  let q = dst + <usize>n;
  while (w >= 100) {
    const r = w % 100;
    w /= 100;
    q -= 2;
    put2(q, r);
  }
  if (w >= 10) put2(q - 2, w);
  else store<u8>(q - 1, <u8>(CH_0 + w));
}

/** Writes v in decimal at dst, returns the length (1..20). */
export function ull2string(dst: usize, v: u64): i32 {
  if (v <= 0xffffffff) {
    // 32-bit divisions: the common case (lengths, counters).
    const w = <u32>v;
    const n = digits10u32(w);
    putU32(dst, w, n);
    return n;
  }
  // One 64-bit division splits off the last 8 digits (a 32-bit value, zero-padded).
  const hi = v / 100000000;
  let lo = <u32>(v - hi * 100000000);
  const nh = ull2string(dst, hi);
  const p = dst + <usize>nh;
  put2(p + 6, lo % 100);
  lo /= 100;
  put2(p + 4, lo % 100);
  lo /= 100;
  put2(p + 2, lo % 100);
  put2(p, lo / 100);
  return nh + 8;
}

/** Writes v in decimal at dst (with '-' if negative), returns the length. */
export function ll2string(dst: usize, v: i64): i32 {
  if (v < 0) {
    store<u8>(dst, <u8>CH_MINUS);
    // 0 - v as u64 is the magnitude, correct even for i64 min.
    return 1 + ull2string(dst + 1, <u64>0 - <u64>v);
  }
  return ull2string(dst, <u64>v);
}

// ===========================================================================
// Bignum kit
// ===========================================================================
//
// Unsigned integers as little-endian arrays of u32 limbs in static scratch
// buffers.  Only the handful of operations the conversions need are provided:
// multiply by a small number, shifts, compare, subtract and bit extraction.
// Division by a big number is done bit by bit, which is fine because every
// quotient we need is at most ~67 bits long.
//
// Size bound: the largest numbers we handle are 5^10070 (parsing a 5119-digit
// long double input down at the subnormal range) ~ 23,400 bits ~ 733 limbs,
// plus shifts of < 70 bits.  BN_CAP leaves a comfortable margin; every write
// is bounds-checked anyway so a logic error cannot corrupt memory.

const BN_CAP: i32 = 1280; // limbs per buffer (5 KiB)
const BN_A: usize = memory.data(5120 + 16, 16);
const BN_B: usize = memory.data(5120 + 16, 16);
let bnALen: i32 = 0;
let bnBLen: i32 = 0;
/** Set if an operation would exceed BN_CAP (should be unreachable). */
let bnOverflow: bool = false;

// @ts-ignore: decorator
@inline function limb(p: usize, i: i32): u32 {
  return load<u32>(p + (<usize>i << 2));
}
// @ts-ignore: decorator
@inline function setLimb(p: usize, i: i32, v: u32): void {
  store<u32>(p + (<usize>i << 2), v);
}

/** Drops leading zero limbs, returns the trimmed length. */
function bnTrim(p: usize, len: i32): i32 {
  while (len > 0 && limb(p, len - 1) == 0) len--;
  return len;
}

/** p = u64 value; returns length. */
function bnSetU64(p: usize, v: u64): i32 {
  setLimb(p, 0, <u32>v);
  setLimb(p, 1, <u32>(v >> 32));
  return bnTrim(p, 2);
}

/** p = p * m + add (in place); returns the new length. */
function bnMulSmall(p: usize, len: i32, m: u32, add: u32): i32 {
  let carry: u64 = add;
  for (let i = 0; i < len; i++) {
    let t = <u64>limb(p, i) * <u64>m + carry;
    setLimb(p, i, <u32>t);
    carry = t >> 32;
  }
  if (carry != 0) {
    if (len >= BN_CAP) {
      bnOverflow = true;
      return len;
    }
    setLimb(p, len, <u32>carry);
    len++;
  }
  return len;
}

/** p = p * 5^n; returns the new length. */
function bnMulPow5(p: usize, len: i32, n: i32): i32 {
  while (n >= 13) {
    len = bnMulSmall(p, len, 1220703125, 0); // 5^13
    n -= 13;
  }
  if (n > 0) {
    let f: u32 = 1;
    for (let i = 0; i < n; i++) f *= 5;
    len = bnMulSmall(p, len, f, 0);
  }
  return len;
}

/** p = p << bits (in place); returns the new length. */
function bnShl(p: usize, len: i32, bits: i32): i32 {
  if (len == 0 || bits <= 0) return len;
  let ls = bits >>> 5;
  let r = bits & 31;
  if (len + ls + 1 > BN_CAP) {
    bnOverflow = true;
    return len;
  }
  if (r == 0) {
    for (let i = len - 1; i >= 0; i--) setLimb(p, i + ls, limb(p, i));
    setLimb(p, len + ls, 0); // no partial top limb (the slot may hold stale data)
  } else {
    let rr = 32 - r;
    setLimb(p, len + ls, limb(p, len - 1) >>> rr);
    for (let i = len - 1; i >= 1; i--) {
      setLimb(p, i + ls, (limb(p, i) << r) | (limb(p, i - 1) >>> rr));
    }
    setLimb(p, ls, limb(p, 0) << r);
  }
  for (let i = 0; i < ls; i++) setLimb(p, i, 0);
  return bnTrim(p, len + ls + 1);
}

/** p = p >> 1 (in place); returns the new length. */
function bnShr1(p: usize, len: i32): i32 {
  for (let i = 0; i < len - 1; i++) {
    setLimb(p, i, (limb(p, i) >>> 1) | (limb(p, i + 1) << 31));
  }
  if (len > 0) setLimb(p, len - 1, limb(p, len - 1) >>> 1);
  return bnTrim(p, len);
}

/** Bit length of a trimmed number. */
function bnBitLen(p: usize, len: i32): i32 {
  if (len == 0) return 0;
  return (len - 1) * 32 + 32 - <i32>clz<u32>(limb(p, len - 1));
}

/** Compares two trimmed numbers: -1, 0, 1. */
function bnCmp(a: usize, alen: i32, b: usize, blen: i32): i32 {
  if (alen != blen) return alen < blen ? -1 : 1;
  for (let i = alen - 1; i >= 0; i--) {
    let x = limb(a, i), y = limb(b, i);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

/** a = a - b, requires a >= b; returns the new length of a. */
function bnSub(a: usize, alen: i32, b: usize, blen: i32): i32 {
  let borrow: i64 = 0;
  for (let i = 0; i < alen; i++) {
    let t = <i64>limb(a, i) - (i < blen ? <i64>limb(b, i) : 0) - borrow;
    borrow = t < 0 ? 1 : 0;
    setLimb(a, i, <u32>t); // two's complement wrap is exactly t + 2^32
  }
  return bnTrim(a, alen);
}

/** 64 bits of p starting at bit position pos (bits past the end are 0). */
function bnExtract64(p: usize, len: i32, pos: i32): u64 {
  let li = pos >>> 5;
  let r = pos & 31;
  let w0: u64 = li < len ? <u64>limb(p, li) : 0;
  let w1: u64 = li + 1 < len ? <u64>limb(p, li + 1) : 0;
  let w2: u64 = li + 2 < len ? <u64>limb(p, li + 2) : 0;
  let v = w0 | (w1 << 32);
  if (r != 0) v = (v >> <u64>r) | (w2 << <u64>(64 - r));
  return v;
}

/** Are any bits below position pos set? */
function bnAnyBelow(p: usize, len: i32, pos: i32): bool {
  let li = pos >>> 5;
  for (let i = 0; i < li && i < len; i++) if (limb(p, i) != 0) return true;
  let r = pos & 31;
  if (r != 0 && li < len && (limb(p, li) & ((<u32>1 << r) - 1)) != 0) return true;
  return false;
}

/**
 * Quotient of A / B when it is known to be < 2^qbits (qbits <= 128).
 * Binary long division: B is shifted up by qbits-1 and walked back down one
 * bit at a time.  Leaves the remainder in A, restores B, returns the low 64
 * quotient bits (high bits in divQHi).
 */
let divQHi: u64 = 0;
function bnDivBig(qbits: i32): u64 {
  let qlo: u64 = 0, qhi: u64 = 0;
  bnBLen = bnShl(BN_B, bnBLen, qbits - 1);
  for (let i = qbits - 1; i >= 0; i--) {
    if (bnCmp(BN_A, bnALen, BN_B, bnBLen) >= 0) {
      bnALen = bnSub(BN_A, bnALen, BN_B, bnBLen);
      if (i >= 64) qhi |= <u64>1 << <u64>(i - 64);
      else qlo |= <u64>1 << <u64>i;
    }
    if (i > 0) bnBLen = bnShr1(BN_B, bnBLen);
  }
  divQHi = qhi;
  return qlo;
}

// ===========================================================================
// Correct rounding to a binary format
// ===========================================================================
//
// Every conversion funnels into roundPack(): it receives an exact-enough
// intermediate value (hi:lo + sticky) * 2^e2 — "sticky" meaning "there are
// more nonzero bits below lo" — and rounds it ONCE, half-to-even, to a format
// with a `prec`-bit significand whose least-significant-bit exponent lies in
// [eminLsb, emaxLsb].  Subnormals fall out naturally: when the value is too
// small, the LSB exponent is pinned at eminLsb and fewer bits survive.
// Rounding only once is what makes the result correctly rounded (no double
// rounding), so callers must hand over at least prec+2 significant bits
// whenever sticky is set.
//
// Output registers: rpMant (significand, < 2^prec), rpExp (LSB exponent), and
// rpClass: RP_ZERO / RP_FINITE / RP_INF.  rpInexact and rpTiny feed the
// errno-style range flag.

export const RP_ZERO: i32 = 0;
export const RP_FINITE: i32 = 1;
export const RP_INF: i32 = 2;
export let rpMant: u64 = 0;
export let rpExp: i32 = 0;
export let rpClass: i32 = RP_ZERO;
export let rpInexact: bool = false;
/** Result is subnormal (significand lacks its top bit). */
export let rpTiny: bool = false;

/** Format parameters: IEEE binary64 and x87 80-bit extended. */
export const F64_PREC: i32 = 53;
export const F64_EMIN_LSB: i32 = -1074; // smallest subnormal 2^-1074
export const F64_EMAX_LSB: i32 = 971; // largest finite (2^53-1) * 2^971
export const EXT_PREC: i32 = 64;
export const EXT_EMIN_LSB: i32 = -16445; // smallest subnormal 2^-16445
export const EXT_EMAX_LSB: i32 = 16320; // largest finite (2^64-1) * 2^16320

export function roundPack(
  hi: u64, lo: u64, sticky: bool, e2: i32,
  prec: i32, eminLsb: i32, emaxLsb: i32,
): void {
  rpTiny = false;
  let L = bitlen128(hi, lo);
  if (L == 0) {
    // Exactly zero (or an impossible "only sticky" value, treated as tiny).
    rpClass = RP_ZERO;
    rpMant = 0;
    rpExp = 0;
    rpInexact = sticky;
    return;
  }
  // Bits to drop so that `prec` bits remain...
  let shift = L - prec;
  // ...unless that would put the LSB below the format's smallest exponent:
  // then the value is subnormal and keeps fewer bits.
  if (e2 + shift < eminLsb) shift = eminLsb - e2;
  let m: u64;
  let inexact = sticky;
  if (shift <= 0) {
    // Fits without rounding (then L <= prec <= 64, so hi == 0).
    m = lo << <u64>(-shift);
  } else {
    m = shr128(hi, lo, shift);
    let half = bit128(hi, lo, shift - 1);
    let below = sticky || anyBelow128(hi, lo, shift - 1);
    inexact = half || below;
    // Round half to even.
    if (half && (below || (m & 1) != 0)) {
      m++;
      if (prec == 64) {
        if (m == 0) { // carried out of 64 bits
          m = <u64>1 << 63;
          shift++;
        }
      } else if (m == (<u64>1 << <u64>prec)) {
        m >>= 1;
        shift++;
      }
    }
  }
  let exp = e2 + shift;
  if (m == 0) {
    // Underflow: everything rounded away.
    rpClass = RP_ZERO;
    rpMant = 0;
    rpExp = 0;
    rpInexact = true;
    return;
  }
  if (exp > emaxLsb) {
    rpClass = RP_INF;
    rpMant = 0;
    rpExp = 0;
    rpInexact = true;
    return;
  }
  rpClass = RP_FINITE;
  rpMant = m;
  rpExp = exp;
  rpInexact = inexact;
  rpTiny = (m >> <u64>(prec - 1)) == 0;
}

// ===========================================================================
// strtod-style scanner
// ===========================================================================
//
// scanNumber() recognises the longest prefix that C's strtod/strtold would
// accept ("C" locale), without converting anything yet:
//
//   [whitespace] [+|-] ( "inf" | "infinity" | "nan" ["(" [A-Za-z0-9_]* ")"]
//                      | "0x" hex-mantissa ["p" [+|-] digits]
//                      | decimal-mantissa ["e" [+|-] digits] )
//
// (case-insensitive).  A mantissa needs at least one digit; an exponent part
// is only consumed if it has at least one digit ("1e" parses as "1"); "0x"
// without hex digits parses as "0".  The outcome is left in the sc* globals.

export const SC_NONE: i32 = 0; // no conversion possible
export const SC_DEC: i32 = 1;
export const SC_HEX: i32 = 2;
export const SC_INF: i32 = 3;
export const SC_NAN: i32 = 4;

/** Kind of number found. */
export let scKind: i32 = SC_NONE;
/** Leading '-' seen. */
export let scNeg: bool = false;
/** Bytes consumed (0 when no conversion, like strtod's endptr == nptr). */
export let scEnd: i32 = 0;
/** Mantissa text [scMant0, scMant1): digits with at most one '.'. */
let scMant0: i32 = 0;
let scMant1: i32 = 0;
/** Position of the '.' in the mantissa, or -1. */
let scDot: i32 = -1;
/** Explicit exponent (decimal for SC_DEC, binary for SC_HEX), saturated. */
let scExp: i32 = 0;

const EXP_SATURATE: i32 = 1000000000;

/** Case-insensitive match of the lowercase ASCII word w at p+i. */
function matchWord(p: usize, len: i32, i: i32, w: string): bool {
  let n = w.length;
  if (i + n > len) return false;
  for (let k = 0; k < n; k++) {
    let c = <u32>load<u8>(p + <usize>(i + k)) | 0x20;
    if (c != <u32>w.charCodeAt(k)) return false;
  }
  return true;
}

/** Parses an optional exponent "[eEpP][+-]digits" at i; returns the new i. */
function scanExponent(p: usize, len: i32, i: i32): i32 {
  scExp = 0;
  if (i >= len) return i;
  let j = i + 1;
  let neg = false;
  if (j < len) {
    let s = <u32>load<u8>(p + <usize>j);
    if (s == CH_PLUS || s == CH_MINUS) {
      neg = s == CH_MINUS;
      j++;
    }
  }
  if (j >= len || !isDigit(<u32>load<u8>(p + <usize>j))) return i; // not an exponent
  let e: i32 = 0;
  while (j < len) {
    let c = <u32>load<u8>(p + <usize>j);
    if (!isDigit(c)) break;
    if (e < EXP_SATURATE) e = e * 10 + <i32>(c - CH_0);
    j++;
  }
  if (e > EXP_SATURATE) e = EXP_SATURATE;
  scExp = neg ? -e : e;
  return j;
}

export function scanNumber(p: usize, len: i32, skipSpace: bool): void {
  scKind = SC_NONE;
  scNeg = false;
  scEnd = 0;
  scDot = -1;
  scExp = 0;
  let i = 0;
  if (skipSpace) {
    while (i < len && isSpaceByte(<u32>load<u8>(p + <usize>i))) i++;
  }
  if (i < len) {
    let s = <u32>load<u8>(p + <usize>i);
    if (s == CH_PLUS || s == CH_MINUS) {
      scNeg = s == CH_MINUS;
      i++;
    }
  }
  if (i >= len) return;
  let c = <u32>load<u8>(p + <usize>i);
  let lc = c | 0x20;

  if (lc == 0x69) { // 'i'
    if (!matchWord(p, len, i, "inf")) return;
    i += 3;
    if (matchWord(p, len, i, "inity")) i += 5;
    scKind = SC_INF;
    scEnd = i;
    return;
  }
  if (lc == 0x6e) { // 'n'
    if (!matchWord(p, len, i, "nan")) return;
    i += 3;
    if (i < len && load<u8>(p + <usize>i) == 0x28) { // "(n-char-sequence)"
      let j = i + 1;
      while (j < len) {
        let d = <u32>load<u8>(p + <usize>j);
        if (isDigit(d) || ((d | 0x20) >= 0x61 && (d | 0x20) <= 0x7a) || d == 0x5f) j++;
        else break;
      }
      if (j < len && load<u8>(p + <usize>j) == 0x29) i = j + 1;
    }
    scKind = SC_NAN;
    scEnd = i;
    return;
  }

  // Hexadecimal: "0x" followed by a hex digit, or by '.' and a hex digit.
  if (c == CH_0 && i + 1 < len && (<u32>load<u8>(p + <usize>(i + 1)) | 0x20) == 0x78) {
    let j = i + 2;
    let ok = false;
    if (j < len) {
      let d = <u32>load<u8>(p + <usize>j);
      if (hexVal(d) >= 0) ok = true;
      else if (d == CH_DOT && j + 1 < len && hexVal(<u32>load<u8>(p + <usize>(j + 1))) >= 0) ok = true;
    }
    if (ok) {
      scMant0 = j;
      while (j < len) {
        let d = <u32>load<u8>(p + <usize>j);
        if (hexVal(d) >= 0) j++;
        else if (d == CH_DOT && scDot < 0) { scDot = j; j++; }
        else break;
      }
      scMant1 = j;
      if (j < len && (<u32>load<u8>(p + <usize>j) | 0x20) == 0x70) j = scanExponent(p, len, j);
      scKind = SC_HEX;
      scEnd = j;
      return;
    }
    // Otherwise fall through: "0x..." parses as the decimal "0".
  }

  // Decimal mantissa.
  let j = i;
  let ndigits = 0;
  scMant0 = j;
  while (j < len) {
    let d = <u32>load<u8>(p + <usize>j);
    if (isDigit(d)) { ndigits++; j++; }
    else if (d == CH_DOT && scDot < 0) { scDot = j; j++; }
    else break;
  }
  if (ndigits == 0) { scDot = -1; return; } // "", ".", "-.", "+e5" ...
  scMant1 = j;
  if (j < len && (<u32>load<u8>(p + <usize>j) | 0x20) == 0x65) j = scanExponent(p, len, j);
  scKind = SC_DEC;
  scEnd = j;
}

// ===========================================================================
// Decimal / hexadecimal mantissa -> correctly rounded binary
// ===========================================================================

/** Number of digits before the '.', index of first/last nonzero digit. */
let dInt: i32 = 0;
let dFirst: i32 = 0;
/** Significant digit count and exponent: value = D * 10^dE, D has dNd digits. */
let dNd: i32 = 0;
let dE: i32 = 0;

/** Text position of the idx-th mantissa digit (skipping the '.'). */
// @ts-ignore: decorator
@inline function digitPos(idx: i32): i32 {
  return scMant0 + idx + (scDot >= 0 && idx >= dInt ? 1 : 0);
}

export const DP_ZERO: i32 = 0;
export const DP_NORMAL: i32 = 1;
export const DP_OVERFLOW: i32 = 2;
export const DP_UNDERFLOW: i32 = 3;

/**
 * Analyses the scanned decimal mantissa: strips leading/trailing zeros and
 * computes D (as a digit range) and E with value = D * 10^E.  Answers
 * DP_OVERFLOW / DP_UNDERFLOW early when the magnitude alone decides it
 * (value >= 10^ovfDec, or value < 10^unfDec), which also bounds the size of
 * the bignums needed later.
 */
function decPrepare(p: usize, ovfDec: i32, unfDec: i32): i32 {
  dInt = scDot >= 0 ? scDot - scMant0 : scMant1 - scMant0;
  let total = scMant1 - scMant0 - (scDot >= 0 ? 1 : 0);
  let first = -1, last = -1;
  for (let idx = 0; idx < total; idx++) {
    if (load<u8>(p + <usize>digitPos(idx)) != <u8>CH_0) {
      if (first < 0) first = idx;
      last = idx;
    }
  }
  if (first < 0) return DP_ZERO;
  let nd = last - first + 1;
  let e = <i64>dInt - 1 - <i64>last + <i64>scExp;
  // value is in [10^(nd-1+e), 10^(nd+e))
  if (<i64>nd - 1 + e >= <i64>ovfDec) return DP_OVERFLOW;
  if (<i64>nd + e <= <i64>unfDec) return DP_UNDERFLOW;
  dFirst = first;
  dNd = nd;
  dE = <i32>e;
  return DP_NORMAL;
}

/** The first n (<= 19) significant digits as a u64. */
function decDigitsU64(p: usize, n: i32): u64 {
  let v: u64 = 0;
  for (let k = 0; k < n; k++) {
    v = v * 10 + <u64>(<u32>load<u8>(p + <usize>digitPos(dFirst + k)) - CH_0);
  }
  return v;
}

/**
 * Exact conversion of D * 10^E (from decPrepare) to the target format, via
 * bignums.  If D has more than maxDigits digits it is cut to maxDigits and a
 * final '1' digit is appended: as long as maxDigits exceeds the number of
 * significant digits of any halfway point of the format (767 for doubles),
 * the truncated value lies strictly on the same side of every halfway point
 * as the real one, so the rounding is unchanged.
 *
 * E >= 0: N = D * 10^E is an integer; take its top 128 bits plus sticky.
 * E <  0: value = D / 5^n * 2^-n (n = -E); scale numerator or denominator by
 *         a power of two so the quotient has 66-67 bits, divide, and use the
 *         remainder as sticky.
 */
function decToBinary(p: usize, maxDigits: i32, prec: i32, eminLsb: i32, emaxLsb: i32): void {
  bnOverflow = false;
  let nd = dNd;
  let e = dE;
  let extra = false;
  if (nd > maxDigits) {
    e += nd - maxDigits - 1;
    nd = maxDigits;
    extra = true;
  }
  // D into A, nine digits at a time.
  let len = 0;
  let k = 0;
  while (k < nd) {
    let chunk: u32 = 0;
    let mul: u32 = 1;
    let stop = min(k + 9, nd);
    for (; k < stop; k++) {
      chunk = chunk * 10 + (<u32>load<u8>(p + <usize>digitPos(dFirst + k)) - CH_0);
      mul *= 10;
    }
    len = bnMulSmall(BN_A, len, mul, chunk);
  }
  if (extra) len = bnMulSmall(BN_A, len, 10, 1);
  bnALen = len;

  if (e >= 0) {
    bnALen = bnMulPow5(BN_A, bnALen, e);
    let L = bnBitLen(BN_A, bnALen);
    let e2 = e; // the 2^e half of 10^e
    let hi: u64, lo: u64;
    let sticky = false;
    if (L <= 128) {
      lo = bnExtract64(BN_A, bnALen, 0);
      hi = bnExtract64(BN_A, bnALen, 64);
    } else {
      let s = L - 128;
      lo = bnExtract64(BN_A, bnALen, s);
      hi = bnExtract64(BN_A, bnALen, s + 64);
      sticky = bnAnyBelow(BN_A, bnALen, s);
      e2 += s;
    }
    roundPack(hi, lo, sticky, e2, prec, eminLsb, emaxLsb);
  } else {
    let n = -e;
    bnBLen = bnMulPow5(BN_B, bnSetU64(BN_B, 1), n);
    let t = bnBitLen(BN_A, bnALen) - bnBitLen(BN_B, bnBLen) - 66;
    if (t >= 0) bnBLen = bnShl(BN_B, bnBLen, t);
    else bnALen = bnShl(BN_A, bnALen, -t);
    // Now bitlen(A) - bitlen(B) == 66, so 2^65 <= A/B < 2^67.
    let qlo = bnDivBig(67);
    let qhi = divQHi;
    let sticky = bnALen != 0;
    roundPack(qhi, qlo, sticky, t - n, prec, eminLsb, emaxLsb);
  }
  if (bnOverflow) { // unreachable by the size analysis above; fail safe
    rpClass = RP_INF;
    rpInexact = true;
  }
}

/**
 * Hex float mantissa (scanned) -> target format.  Up to 32 significant hex
 * digits (128 bits) are kept exactly; any nonzero digit beyond is sticky.
 */
function hexToBinary(p: usize, prec: i32, eminLsb: i32, emaxLsb: i32): void {
  let hi: u64 = 0, lo: u64 = 0;
  let sticky = false;
  let intDigits = 0; // hex digits before the '.'
  let idx = 0; // hex digit index
  let first = -1; // index of the first nonzero digit
  let kept = 0; // digits accumulated into hi:lo
  let seenDot = false;
  for (let i = scMant0; i < scMant1; i++) {
    let c = <u32>load<u8>(p + <usize>i);
    if (c == CH_DOT) { seenDot = true; continue; }
    if (!seenDot) intDigits++;
    let v = hexVal(c);
    if (first < 0 && v != 0) first = idx;
    if (first >= 0) {
      if (kept < 32) {
        hi = (hi << 4) | (lo >> 60);
        lo = (lo << 4) | <u64>v;
        kept++;
      } else if (v != 0) {
        sticky = true;
      }
    }
    idx++;
  }
  if (first < 0) {
    rpClass = RP_ZERO;
    rpMant = 0;
    rpExp = 0;
    rpInexact = false;
    rpTiny = false;
    return;
  }
  // value = hi:lo * 16^(intDigits - first - kept) * 2^scExp
  let e2 = (<i64>intDigits - <i64>first - <i64>kept) * 4 + <i64>scExp;
  if (e2 > (1 << 30)) e2 = 1 << 30;
  if (e2 < -(1 << 30)) e2 = -(1 << 30);
  roundPack(hi, lo, sticky, <i32>e2, prec, eminLsb, emaxLsb);
}

/**
 * Converts the scanned finite number (SC_DEC or SC_HEX) to the target
 * format, leaving the result in the rp* registers.  Handles the early
 * overflow/underflow answers and the exact-zero case.
 */
export function scannedToBinary(
  p: usize, maxDigits: i32, prec: i32, eminLsb: i32, emaxLsb: i32,
  ovfDec: i32, unfDec: i32,
): void {
  if (scKind == SC_HEX) {
    hexToBinary(p, prec, eminLsb, emaxLsb);
    return;
  }
  let cls = decPrepare(p, ovfDec, unfDec);
  if (cls == DP_ZERO) {
    rpClass = RP_ZERO; rpMant = 0; rpExp = 0; rpInexact = false; rpTiny = false;
    return;
  }
  if (cls == DP_OVERFLOW) {
    rpClass = RP_INF; rpMant = 0; rpExp = 0; rpInexact = true; rpTiny = false;
    return;
  }
  if (cls == DP_UNDERFLOW) {
    rpClass = RP_ZERO; rpMant = 0; rpExp = 0; rpInexact = true; rpTiny = false;
    return;
  }
  // Exact 128-bit fast path: D < 10^19 and 0 <= E <= 27, so D * 5^E < 2^128.
  if (dNd <= 19 && dE >= 0 && dE <= 27) {
    let d = decDigitsU64(p, dNd);
    let f: u64 = 1;
    for (let i = 0; i < dE; i++) f *= 5;
    let lo = mul64(d, f);
    roundPack(mulHi, lo, false, dE, prec, eminLsb, emaxLsb);
    return;
  }
  decToBinary(p, maxDigits, prec, eminLsb, emaxLsb);
}

// ===========================================================================
// Doubles: strtodPrefix, string2d
// ===========================================================================

/** Digits kept before the sticky-digit trick; > 767 (see decToBinary). */
const F64_MAX_DIGITS: i32 = 800;

/** Assembles an f64 from the rp* registers (for prec 53). */
function rpToF64(neg: bool): f64 {
  let bits: u64 = 0;
  if (rpClass == RP_INF) bits = 0x7ff0000000000000;
  else if (rpClass == RP_FINITE) {
    if ((rpMant >> 52) == 0) bits = rpMant; // subnormal: biased exponent 0
    else bits = (<u64>(rpExp + 1075) << 52) | (rpMant & 0x000fffffffffffff);
  }
  if (neg) bits |= 0x8000000000000000;
  return reinterpret<f64>(bits);
}

/** Converts a scanned SC_DEC/SC_HEX number to f64 (sets parsedRangeError). */
function scannedToF64(p: usize): f64 {
  parsedRangeError = false;
  if (scKind == SC_DEC) {
    // Clinger's fast path: D and 10^|E| are exact doubles, one IEEE
    // operation rounds correctly.
    let cls = decPrepare(p, 309, -324);
    if (cls == DP_NORMAL && dNd <= 15 && dE >= -22 && dE <= 22) {
      let v = <f64>decDigitsU64(p, dNd);
      if (dE < 0) v /= load<f64>(POW10_F64 + (<usize>(-dE) << 3));
      else v *= load<f64>(POW10_F64 + (<usize>dE << 3));
      // Keep the rp* registers consistent for callers (a normal result).
      rpClass = RP_FINITE;
      rpInexact = false;
      rpTiny = false;
      return scNeg ? -v : v;
    }
  }
  scannedToBinary(p, F64_MAX_DIGITS, F64_PREC, F64_EMIN_LSB, F64_EMAX_LSB, 309, -324);
  // glibc: ERANGE on overflow, on underflow to zero, and on inexact subnormals.
  parsedRangeError = rpClass == RP_INF ||
    (rpClass == RP_ZERO && rpInexact) ||
    (rpClass == RP_FINITE && rpTiny && rpInexact);
  return rpToF64(scNeg);
}

/**
 * C `strtod` on p[0..len): skips leading whitespace, parses the longest valid
 * prefix.  Returns the number of bytes consumed (0 = no conversion, like
 * endptr == nptr), the value in `parsedDouble` and the errno-ERANGE
 * equivalent in `parsedRangeError`.  NaN inputs yield a NaN value.
 * Useful for Redis paths that call strtod directly with their own checks
 * (e.g. ZRANGEBYSCORE range parsing).
 */
export function strtodPrefix(p: usize, len: i32): i32 {
  scanNumber(p, len, true);
  parsedRangeError = false;
  if (scKind == SC_NONE) {
    parsedDouble = 0;
    return 0;
  }
  if (scKind == SC_INF) parsedDouble = scNeg ? -Infinity : Infinity;
  else if (scKind == SC_NAN) parsedDouble = NaN;
  else parsedDouble = scannedToF64(p);
  return scEnd;
}

/**
 * Redis `string2d` (and getDoubleFromObject): strtod with strict checks.
 * Result in `parsedDouble`.  Rejects: empty input, a leading isspace()
 * character, trailing bytes (including NUL), NaN, overflow (finite input
 * that rounds to +-inf, e.g. "1e400") and underflow to zero ("1e-400").
 * Accepts: "+1", ".5", "5.", "1e5", hex floats "0x1p3", "inf", "-Infinity"
 * (case-insensitive), subnormals ("4e-324"), "-0".
 */
export function string2d(p: usize, len: i32): bool {
  if (len <= 0) return false;
  if (isSpaceByte(<u32>load<u8>(p))) return false;
  scanNumber(p, len, false);
  if (scKind == SC_NONE || scEnd != len || scKind == SC_NAN) return false;
  if (scKind == SC_INF) {
    parsedDouble = scNeg ? -Infinity : Infinity;
    parsedRangeError = false;
    return true;
  }
  let v = scannedToF64(p);
  if (rpClass == RP_INF) return false; // overflow -> HUGE_VAL with ERANGE
  if (rpClass == RP_ZERO && rpInexact) return false; // underflow -> 0 with ERANGE
  parsedDouble = v;
  return true;
}

// ===========================================================================
// Exact "%.Ng" digit generation and glibc %g layout
// ===========================================================================
//
// genDigits(m, e, N) computes the first N significant decimal digits of the
// exact value m * 2^e (m up to 64 bits, so this serves both doubles and
// extended values), rounded half-to-even as glibc printf does, plus the
// decimal exponent X (value ~ d.ddd * 10^X).  Method: estimate X from the
// binary exponent, compute q = floor(value * 10^(N-1-X)) exactly together
// with how the discarded remainder compares to one half, correct X if q has
// the wrong number of digits, then round.  For values in [1e-3, 1e17) with
// e <= 0 everything fits in a 128-bit product; otherwise bignums are used.

const DIGBUF: usize = memory.data(32);
/** Decimal exponent from the last genDigits call. */
let gdExp: i32 = 0;

// Remainder classes relative to half a unit of the last kept digit.
export const RC_EXACT: i32 = 0;
export const RC_BELOW: i32 = 1;
export const RC_HALF: i32 = 2;
export const RC_ABOVE: i32 = 3;
let scaledRc: i32 = RC_EXACT;

/** Remainder class of the bits below position s of hi:lo. */
export function rcOf128(hi: u64, lo: u64, s: i32): i32 {
  if (s <= 0) return RC_EXACT;
  let half = bit128(hi, lo, s - 1);
  let below = anyBelow128(hi, lo, s - 1);
  if (half) return below ? RC_ABOVE : RC_HALF;
  return below ? RC_BELOW : RC_EXACT;
}

/**
 * q = floor(m * 2^e * 10^p), remainder class in scaledRc.  The caller
 * guarantees q < 2^64.
 */
function scaledFloor(m: u64, e: i32, p: i32): u64 {
  scaledRc = RC_EXACT;
  if (p >= 0) {
    if (e >= 0) {
      // Integer times a power of ten (only reached for small results).
      return (m << <u64>e) * pow10u64(p);
    }
    let s = -e;
    if (p <= 19) {
      let lo = mul64(m, pow10u64(p));
      let hi = mulHi;
      scaledRc = rcOf128(hi, lo, s);
      return shr128(hi, lo, s);
    }
    // Big: A = m * 10^p, q = A >> s.
    bnOverflow = false;
    bnALen = bnSetU64(BN_A, m);
    bnALen = bnMulPow5(BN_A, bnALen, p);
    bnALen = bnShl(BN_A, bnALen, p);
    let q = bnExtract64(BN_A, bnALen, s);
    let half = s > 0 && (bnExtract64(BN_A, bnALen, s - 1) & 1) != 0;
    let below = s > 1 && bnAnyBelow(BN_A, bnALen, s - 1);
    scaledRc = half ? (below ? RC_ABOVE : RC_HALF) : (below ? RC_BELOW : RC_EXACT);
    return q;
  }
  // p < 0: value * 10^p = m * 2^(e+p) / 5^n with n = -p.
  let n = -p;
  let s = e + p;
  bnOverflow = false;
  bnALen = bnSetU64(BN_A, m);
  bnBLen = bnMulPow5(BN_B, bnSetU64(BN_B, 1), n);
  if (s >= 0) bnALen = bnShl(BN_A, bnALen, s);
  else bnBLen = bnShl(BN_B, bnBLen, -s);
  let qbits = bnBitLen(BN_A, bnALen) - bnBitLen(BN_B, bnBLen) + 1;
  if (qbits < 1) qbits = 1;
  if (qbits > 64) qbits = 64; // cannot happen for a correct estimate
  let q = bnDivBig(qbits);
  if (bnALen == 0) scaledRc = RC_EXACT;
  else {
    bnALen = bnShl(BN_A, bnALen, 1); // compare 2*rem with B
    let c = bnCmp(BN_A, bnALen, BN_B, bnBLen);
    scaledRc = c < 0 ? RC_BELOW : (c == 0 ? RC_HALF : RC_ABOVE);
  }
  return q;
}

/** N (1..17) significant digits of m * 2^e (m != 0) into DIGBUF; exponent in gdExp. */
export function genDigits(m: u64, e: i32, n: i32): void {
  // floor(log2(value)), then floor(log10(value)) is k or k+1.
  let b = 63 - <i32>clz<u64>(m) + e;
  let k = <i32>((<i64>b * 1292913986) >> 32); // 1292913986 / 2^32 ~ log10(2)
  let lowBound = pow10u64(n - 1);
  let highBound = pow10u64(n);
  let q: u64 = 0;
  for (let guard = 0; guard < 4; guard++) {
    q = scaledFloor(m, e, n - 1 - k);
    if (q >= highBound) { k++; continue; }
    if (q < lowBound) { k--; continue; }
    break;
  }
  if (scaledRc == RC_ABOVE || (scaledRc == RC_HALF && (q & 1) != 0)) {
    q++;
    if (q == highBound) {
      q = lowBound;
      k++;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    store<u8>(DIGBUF + <usize>i, <u8>(CH_0 + <u32>(q % 10)));
    q /= 10;
  }
  gdExp = k;
}

/**
 * Lays out the digits from genDigits the way glibc's "%.<P>g" does:
 * exponent X; if P > X >= -4 use fixed notation with P-1-X decimals,
 * otherwise d.ddde[+-]XX; trailing zeros (and a bare '.') removed.
 */
function layoutG(dst: usize, neg: bool, prec: i32): i32 {
  let o = dst;
  if (neg) { store<u8>(o, <u8>CH_MINUS); o++; }
  let x = gdExp;
  // Significant digits after trimming trailing zeros.
  let nd = prec;
  while (nd > 1 && load<u8>(DIGBUF + <usize>(nd - 1)) == <u8>CH_0) nd--;
  if (x < -4 || x >= prec) {
    store<u8>(o, load<u8>(DIGBUF)); o++;
    if (nd > 1) {
      store<u8>(o, <u8>CH_DOT); o++;
      for (let i = 1; i < nd; i++) { store<u8>(o, load<u8>(DIGBUF + <usize>i)); o++; }
    }
    store<u8>(o, 0x65); o++; // 'e'
    let ax = x;
    if (x < 0) { store<u8>(o, <u8>CH_MINUS); ax = -x; }
    else store<u8>(o, <u8>CH_PLUS);
    o++;
    if (ax < 10) { store<u8>(o, <u8>CH_0); o++; }
    o += <usize>ull2string(o, <u64>ax);
  } else if (x >= 0) {
    for (let i = 0; i <= x; i++) { store<u8>(o, load<u8>(DIGBUF + <usize>i)); o++; }
    if (nd > x + 1) {
      store<u8>(o, <u8>CH_DOT); o++;
      for (let i = x + 1; i < nd; i++) { store<u8>(o, load<u8>(DIGBUF + <usize>i)); o++; }
    }
  } else {
    store<u8>(o, <u8>CH_0); o++;
    store<u8>(o, <u8>CH_DOT); o++;
    for (let i = 0; i < -x - 1; i++) { store<u8>(o, <u8>CH_0); o++; }
    for (let i = 0; i < nd; i++) { store<u8>(o, load<u8>(DIGBUF + <usize>i)); o++; }
  }
  return <i32>(o - dst);
}

/**
 * glibc-exact "%.<prec>g" of the finite nonzero value (-1)^neg * m * 2^e.
 * prec in 1..17.  Shared by fmtG17 (doubles) and ld2stringAuto (%.17Lg).
 */
export function fmtGBinary(dst: usize, neg: bool, m: u64, e: i32, prec: i32): i32 {
  genDigits(m, e, prec);
  return layoutG(dst, neg, prec);
}

/** Writes "inf"/"-inf"/"nan"/"-nan" as printf does; returns the length. */
export function writeSpecial(dst: usize, neg: bool, isNan: bool): i32 {
  let o = dst;
  if (neg) { store<u8>(o, <u8>CH_MINUS); o++; }
  if (isNan) { store<u8>(o, 0x6e); store<u8>(o + 1, 0x61); store<u8>(o + 2, 0x6e); }
  else { store<u8>(o, 0x69); store<u8>(o + 1, 0x6e); store<u8>(o + 2, 0x66); }
  return <i32>(o - dst) + 3;
}

/** Max bytes fmtG17/d2string can write: "-2.2250738585072014e-308" is 24. */
export const G17_MAX_CHARS: i32 = 32;

/**
 * Exactly glibc's snprintf("%.17g", v): 17 significant digits of the exact
 * binary value, rounded half-to-even; fixed notation when the decimal
 * exponent is in [-4, 17), else "d.dddde+XX"; trailing zeros trimmed.
 * Specials as printf: "inf", "-inf", "nan", "-nan"; zero as "0" / "-0".
 * This is addReplyDouble's format in Redis 7.0 (RESP2 bulk and RESP3 ',').
 * Writes at most G17_MAX_CHARS bytes.
 */
export function fmtG17(dst: usize, v: f64): i32 {
  let bits = reinterpret<u64>(v);
  let neg = (bits >> 63) != 0;
  let bexp = <i32>((bits >> 52) & 0x7ff);
  let frac = bits & 0x000fffffffffffff;
  if (bexp == 0x7ff) return writeSpecial(dst, neg, frac != 0);
  if (bexp == 0 && frac == 0) {
    let o = dst;
    if (neg) { store<u8>(o, <u8>CH_MINUS); o++; }
    store<u8>(o, <u8>CH_0);
    return neg ? 2 : 1;
  }
  // Fast path: integers below 10^17 print as themselves under %.17g.
  let a = abs<f64>(v);
  if (a < 1e17 && a == Math.floor(a)) {
    let o = dst;
    if (neg) { store<u8>(o, <u8>CH_MINUS); o++; }
    return <i32>(o - dst) + ull2string(o, <u64>a);
  }
  let m: u64, e: i32;
  if (bexp == 0) { m = frac; e = -1074; }
  else { m = frac | 0x0010000000000000; e = bexp - 1075; }
  return fmtGBinary(dst, neg, m, e, 17);
}

/**
 * Redis `double2ll`: true (value in parsedLL) if v is integral and within
 * [-2^62, 2^62] ((double)(LLONG_MAX/2) bounds), so it can be printed or
 * stored as an integer without loss.  -0.0 converts to 0.
 */
export function double2ll(v: f64): bool {
  if (v != v) return false; // NaN (C would compare false and then fail ll == d)
  if (v < -4611686018427387904.0 || v > 4611686018427387904.0) return false;
  let ll = <i64>v;
  if (<f64>ll == v) {
    parsedLL = ll;
    return true;
  }
  return false;
}

/**
 * Redis 7.0.15 `d2string`: "nan", "inf"/"-inf", "0"/"-0" for zeros, integral
 * values accepted by double2ll as plain integers, otherwise "%.17g".
 * Used for the score text of listpack-encoded sorted sets (note that
 * zzlInsertAt itself stores double2ll-able scores as listpack integers, so
 * a -0 score reads back as 0 there — verified on 7.0.15).
 */
export function d2string(dst: usize, v: f64): i32 {
  if (v != v) {
    store<u8>(dst, 0x6e); store<u8>(dst + 1, 0x61); store<u8>(dst + 2, 0x6e);
    return 3;
  }
  if (v == Infinity) return writeSpecial(dst, false, false);
  if (v == -Infinity) return writeSpecial(dst, true, false);
  if (v == 0) {
    if ((reinterpret<u64>(v) >> 63) != 0) {
      store<u8>(dst, <u8>CH_MINUS);
      store<u8>(dst + 1, <u8>CH_0);
      return 2;
    }
    store<u8>(dst, <u8>CH_0);
    return 1;
  }
  if (double2ll(v)) return ll2string(dst, parsedLL);
  return fmtG17(dst, v);
}
