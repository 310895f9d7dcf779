/*
 * longdouble.ts — x87 80-bit "long double" emulation for INCRBYFLOAT.
 * ===================================================================
 *
 * Redis implements INCRBYFLOAT and HINCRBYFLOAT with C `long double`.  On
 * x86-64 Linux (what real deployments, and the reference server used to
 * record our tests, run on) that is the x87 extended format: a sign, a
 * 15-bit exponent and a 64-bit significand with an explicit integer bit.
 * The three steps Redis performs are:
 *
 *   1. string2ld():  strtold() on both operands (correctly rounded to 64
 *      significant bits), with Redis's strictness checks;
 *   2. value += incr, in extended precision, round-half-even;
 *   3. ld2string(LD_STR_HUMAN): snprintf("%.17Lf") — the exact binary value
 *      rounded half-even to 17 decimals — then trailing zeros and a trailing
 *      '.' are removed, and "-0" becomes "0".
 *
 * The extra 11 bits of precision are visible to users: `SET k 3` then
 * `INCRBYFLOAT k 1e-17` answers "3.00000000000000001", which a double could
 * never produce.  WebAssembly has no 80-bit type, so we emulate it exactly:
 *
 *   value = (-1)^ldNeg * ldMant * 2^ldExp      (ldKind == LD_FINITE)
 *
 * with ldMant a u64 and ldExp the exponent of its least significant bit.
 * Normal values have the top mantissa bit set and ldExp in
 * [EXT_EMIN_LSB, EXT_EMAX_LSB] = [-16445, 16320]; subnormals have
 * ldExp == -16445 and a smaller mantissa; zero has ldMant == 0.  Parsing
 * reuses the generic correctly-rounded converter of number.ts with 64-bit
 * precision; addition is done exactly in 128 bits plus a sticky bit and then
 * rounded once through the same roundPack(); printing is exact with 128-bit
 * arithmetic (and bignums for values >= 2^64, which "%.17Lf" prints in full —
 * INCRBYFLOAT k 1e300 really answers with 301 digits).
 *
 * Results are returned through the exported ld* registers (no allocation, no
 * tuples in AssemblyScript); functions taking a value take its four parts.
 *
 * Command-level API (return codes, see each function):
 *   incrbyfloat(curP, curLen, incrP, incrLen, dst)   INCRBYFLOAT
 *   hincrbyfloat(curP, curLen, incrP, incrLen, dst)  HINCRBYFLOAT
 * Building blocks: string2ld, ldAdd, ldFromI64, ldFromF64, ldToF64,
 * ld2stringHuman, ld2stringAuto, fmtFixedLd / fmtFixedF64 ("%.Nf").
 */

import {
  scanNumber, scannedToBinary, scKind, scNeg, scEnd, isSpaceByte,
  SC_NONE, SC_INF, SC_NAN,
  roundPack, rpMant, rpExp, rpClass, rpInexact, RP_ZERO, RP_FINITE, RP_INF,
  EXT_PREC, EXT_EMIN_LSB, EXT_EMAX_LSB,
  F64_PREC, F64_EMIN_LSB, F64_EMAX_LSB,
  mul64, mulHi, shr128, rcOf128, RC_HALF, RC_ABOVE,
  pow10u64, ull2string, fmtGBinary, writeSpecial,
} from "./number";

// ===========================================================================
// The long double register
// ===========================================================================

export const LD_FINITE: i32 = 0;
export const LD_INF: i32 = 1;
export const LD_NAN: i32 = 2;

export let ldNeg: bool = false;
export let ldMant: u64 = 0;
export let ldExp: i32 = 0;
export let ldKind: i32 = LD_FINITE;

/** Redis MAX_LONG_DOUBLE_CHARS: string2ld rejects inputs of this size or more. */
export const MAX_LONG_DOUBLE_CHARS: i32 = 5 * 1024;
/**
 * Upper bound of bytes written by ld2stringHuman / ld2stringAuto /
 * incrbyfloat: the largest finite value has 4933 integer digits; with sign,
 * '.', 17 decimals (fmtFixedLd with 17) that is 4952.  Size dst accordingly.
 */
export const LD_STR_MAX: i32 = 4960;

/** Decimal magnitudes deciding overflow/underflow early (see decPrepare). */
const EXT_OVF_DEC: i32 = 4933; // LDBL_MAX ~ 1.19e4932 < 1e4933
const EXT_UNF_DEC: i32 = -4951; // half the smallest subnormal ~ 1.82e-4951
/** More digits than string2ld ever accepts (< 5120): never truncates. */
const EXT_MAX_DIGITS: i32 = 5200;

function setFromRp(neg: bool): void {
  ldNeg = neg;
  if (rpClass == RP_INF) {
    ldKind = LD_INF;
    ldMant = 0;
    ldExp = 0;
  } else {
    ldKind = LD_FINITE;
    ldMant = rpClass == RP_FINITE ? rpMant : 0;
    ldExp = rpClass == RP_FINITE ? rpExp : 0;
  }
}

// ===========================================================================
// Parsing
// ===========================================================================

/**
 * Redis `string2ld`: strtold() with Redis's checks.  Result in the ld*
 * registers.  Rejects: empty input or len >= MAX_LONG_DOUBLE_CHARS, a
 * leading isspace() byte, trailing bytes, NaN in any spelling, overflow
 * (finite input rounding to +-inf: "1e5000") and underflow to zero
 * ("1e-5000", "1e-4951").  Accepts "+1.5", ".5", "5.", "1e3", "0x1p3",
 * "0X1P-2", "0x1.8", "inf"/"-infinity" (any case; ldKind = LD_INF), "-0",
 * and subnormals ("1e-4950").  All verified against Redis 7.0.15.
 */
export function string2ld(p: usize, len: i32): bool {
  if (len <= 0 || len >= MAX_LONG_DOUBLE_CHARS) return false;
  if (isSpaceByte(<u32>load<u8>(p))) return false;
  scanNumber(p, len, false);
  if (scKind == SC_NONE || scEnd != len || scKind == SC_NAN) return false;
  if (scKind == SC_INF) {
    ldNeg = scNeg;
    ldKind = LD_INF;
    ldMant = 0;
    ldExp = 0;
    return true;
  }
  let neg = scNeg;
  scannedToBinary(p, EXT_MAX_DIGITS, EXT_PREC, EXT_EMIN_LSB, EXT_EMAX_LSB, EXT_OVF_DEC, EXT_UNF_DEC);
  if (rpClass == RP_INF) return false; // ERANGE + HUGE_VAL
  // A zero that came from a nonzero input is reported inexact: ERANGE + 0.
  if (rpClass == RP_ZERO && rpInexact) return false;
  setFromRp(neg);
  return true;
}

/** ld = (long double)v, exact. */
export function ldFromI64(v: i64): void {
  ldKind = LD_FINITE;
  ldNeg = v < 0;
  ldMant = v < 0 ? <u64>0 - <u64>v : <u64>v;
  ldExp = 0;
}

/** ld = (long double)v, exact (doubles are a subset of extended). */
export function ldFromF64(v: f64): void {
  let bits = reinterpret<u64>(v);
  ldNeg = (bits >> 63) != 0;
  let bexp = <i32>((bits >> 52) & 0x7ff);
  let frac = bits & 0x000fffffffffffff;
  ldMant = 0;
  ldExp = 0;
  if (bexp == 0x7ff) {
    ldKind = frac != 0 ? LD_NAN : LD_INF;
    return;
  }
  ldKind = LD_FINITE;
  if (bexp == 0) {
    ldMant = frac;
    ldExp = frac != 0 ? -1074 : 0;
  } else {
    ldMant = frac | 0x0010000000000000;
    ldExp = bexp - 1075;
  }
}

/** (double)ld, rounded to nearest even, as the C cast does. */
export function ldToF64(neg: bool, mant: u64, exp: i32, kind: i32): f64 {
  if (kind == LD_NAN) return NaN;
  let bits: u64 = 0;
  if (kind == LD_INF) bits = 0x7ff0000000000000;
  else if (mant != 0) {
    roundPack(0, mant, false, exp, F64_PREC, F64_EMIN_LSB, F64_EMAX_LSB);
    if (rpClass == RP_INF) bits = 0x7ff0000000000000;
    else if (rpClass == RP_FINITE) {
      if ((rpMant >> 52) == 0) bits = rpMant;
      else bits = (<u64>(rpExp + 1075) << 52) | (rpMant & 0x000fffffffffffff);
    }
  }
  if (neg) bits |= 0x8000000000000000;
  return reinterpret<f64>(bits);
}

// ===========================================================================
// Addition
// ===========================================================================

/**
 * ld = a + b with x87 semantics (round-half-even, gradual underflow,
 * overflow to infinity).  inf + -inf is NaN; x + -x is +0; -0 + -0 is -0.
 *
 * Method: normalise both significands to 64 bits with the top bit set, put
 * the larger one in the high half of a 128-bit accumulator and the smaller
 * one shifted right by the exponent difference; bits shifted past the
 * bottom become a sticky flag.  Add or subtract exactly, then round once.
 * For subtraction with lost bits, the exact result is (A - B - 1) plus a
 * nonzero fraction, so we subtract one more unit and keep sticky set; that
 * unit is far below the rounding position because lost bits only occur when
 * the exponents differ by more than 64.
 */
export function ldAdd(
  aNeg: bool, aMant: u64, aExp: i32, aKind: i32,
  bNeg: bool, bMant: u64, bExp: i32, bKind: i32,
): void {
  // Specials.
  if (aKind == LD_NAN || bKind == LD_NAN) { ldKind = LD_NAN; ldNeg = false; ldMant = 0; ldExp = 0; return; }
  if (aKind == LD_INF || bKind == LD_INF) {
    ldMant = 0;
    ldExp = 0;
    if (aKind == LD_INF && bKind == LD_INF && aNeg != bNeg) { ldKind = LD_NAN; ldNeg = false; return; }
    ldKind = LD_INF;
    ldNeg = aKind == LD_INF ? aNeg : bNeg;
    return;
  }
  ldKind = LD_FINITE;
  // Zeros.
  if (aMant == 0 && bMant == 0) { ldNeg = aNeg && bNeg; ldMant = 0; ldExp = 0; return; }
  if (aMant == 0) { ldNeg = bNeg; ldMant = bMant; ldExp = bExp; return; }
  if (bMant == 0) { ldNeg = aNeg; ldMant = aMant; ldExp = aExp; return; }

  // Normalise (exponents may go below the format minimum; roundPack fixes it).
  let sa = <i32>clz<u64>(aMant);
  aMant <<= <u64>sa; aExp -= sa;
  let sb = <i32>clz<u64>(bMant);
  bMant <<= <u64>sb; bExp -= sb;

  // Order by magnitude: a is the larger.
  if (bExp > aExp || (bExp == aExp && bMant > aMant)) {
    let tn = aNeg; aNeg = bNeg; bNeg = tn;
    let tm = aMant; aMant = bMant; bMant = tm;
    let te = aExp; aExp = bExp; bExp = te;
  }
  let d = aExp - bExp; // >= 0

  // A = aMant:0, B = (bMant:0) >> d, exponent of bit 0 is aExp - 64.
  let ahi = aMant, alo: u64 = 0;
  let bhi: u64 = 0, blo: u64 = 0;
  let sticky = false;
  if (d == 0) { bhi = bMant; }
  else if (d < 64) { bhi = bMant >> <u64>d; blo = bMant << <u64>(64 - d); }
  else if (d == 64) { blo = bMant; }
  else if (d < 128) { blo = bMant >> <u64>(d - 64); sticky = (bMant << <u64>(128 - d)) != 0; }
  else { sticky = true; }

  let e2 = aExp - 64;
  let hi: u64, lo: u64;
  if (aNeg == bNeg) {
    lo = alo + blo;
    let carry: u64 = lo < alo ? 1 : 0;
    hi = ahi + bhi + carry;
    if (hi < ahi || (carry != 0 && hi == ahi)) {
      // Carry out of bit 127: shift right one, the lost bit joins sticky.
      sticky = sticky || (lo & 1) != 0;
      lo = (lo >> 1) | (hi << 63);
      hi = (hi >> 1) | (<u64>1 << 63);
      e2++;
    }
  } else {
    lo = alo - blo;
    let borrow: u64 = alo < blo ? 1 : 0;
    hi = ahi - bhi - borrow;
    if (sticky) {
      // Exact result is (hi:lo - 1) + (1 - fraction).
      let b2: u64 = lo == 0 ? 1 : 0;
      lo = lo - 1;
      hi = hi - b2;
    }
    if (hi == 0 && lo == 0 && !sticky) { ldNeg = false; ldMant = 0; ldExp = 0; return; } // x - x = +0
  }
  roundPack(hi, lo, sticky, e2, EXT_PREC, EXT_EMIN_LSB, EXT_EMAX_LSB);
  setFromRp(aNeg);
}

// ===========================================================================
// Formatting
// ===========================================================================

const BIG: usize = memory.data(2200 + 16, 16); // 16384-bit integer, u32 limbs
const CHUNKS: usize = memory.data(2400 + 16, 16); // base-1e9 chunks of it

/** Writes the decimal digits of mant * 2^exp (exp >= 0, mant != 0). */
function writeBigInteger(dst: usize, mant: u64, exp: i32): i32 {
  if (exp <= <i32>clz<u64>(mant)) {
    return ull2string(dst, mant << <u64>exp); // still fits in 64 bits
  }
  // BIG = mant << exp, as little-endian u32 limbs.
  let ls = exp >>> 5;
  let r = exp & 31;
  for (let i = 0; i < ls; i++) store<u32>(BIG + (<usize>i << 2), 0);
  let lo = mant << <u64>r;
  let hi: u64 = r == 0 ? 0 : mant >> <u64>(64 - r);
  store<u32>(BIG + (<usize>ls << 2), <u32>lo);
  store<u32>(BIG + (<usize>(ls + 1) << 2), <u32>(lo >> 32));
  store<u32>(BIG + (<usize>(ls + 2) << 2), <u32>hi);
  let len = ls + 3;
  while (len > 0 && load<u32>(BIG + (<usize>(len - 1) << 2)) == 0) len--;
  // Repeated division by 10^9 yields the base-1e9 chunks, least significant first.
  let nch = 0;
  while (len > 0) {
    let rem: u64 = 0;
    for (let i = len - 1; i >= 0; i--) {
      let a = BIG + (<usize>i << 2);
      let cur = (rem << 32) | <u64>load<u32>(a);
      store<u32>(a, <u32>(cur / 1000000000));
      rem = cur % 1000000000;
    }
    store<u32>(CHUNKS + (<usize>nch << 2), <u32>rem);
    nch++;
    while (len > 0 && load<u32>(BIG + (<usize>(len - 1) << 2)) == 0) len--;
  }
  // Most significant chunk without padding, the others as 9 digits.
  let o = dst + <usize>ull2string(dst, <u64>load<u32>(CHUNKS + (<usize>(nch - 1) << 2)));
  for (let i = nch - 2; i >= 0; i--) {
    let c = load<u32>(CHUNKS + (<usize>i << 2));
    for (let k = 8; k >= 0; k--) {
      store<u8>(o + <usize>k, <u8>(0x30 + c % 10));
      c /= 10;
    }
    o += 9;
  }
  return <i32>(o - dst);
}

/**
 * glibc-exact "%.<frac>Lf" of the finite value (-1)^neg * mant * 2^exp,
 * frac in 0..19: exact value rounded half-to-even at the last decimal.
 * The sign is always printed for negative values ("-0.00" included), as
 * printf does.  Returns the length.
 */
export function fmtFixedLd(dst: usize, neg: bool, mant: u64, exp: i32, frac: i32): i32 {
  let o = dst;
  if (neg) { store<u8>(o, 0x2d); o++; }
  let ip: u64 = 0; // integer part (when exp < 0)
  let q: u64 = 0; // fractional digits as an integer
  if (mant == 0) {
    ip = 0;
  } else if (exp >= 0) {
    o += <usize>writeBigInteger(o, mant, exp);
    if (frac > 0) {
      store<u8>(o, 0x2e); o++;
      for (let i = 0; i < frac; i++) { store<u8>(o, 0x30); o++; }
    }
    return <i32>(o - dst);
  } else {
    let k = -exp; // binary fraction bits
    let f: u64;
    if (k < 64) {
      ip = mant >> <u64>k;
      f = mant & ((<u64>1 << <u64>k) - 1);
    } else {
      ip = 0;
      f = mant;
    }
    // q = round(f / 2^k * 10^frac), exactly, in 128 bits (f < 2^64, 10^19 < 2^64).
    let lo = mul64(f, pow10u64(frac));
    let hi = mulHi;
    q = shr128(hi, lo, k);
    let rc = rcOf128(hi, lo, k);
    // Half-even looks at the last printed digit: of q, or of ip if frac == 0.
    let odd = frac > 0 ? (q & 1) != 0 : (ip & 1) != 0;
    if (rc == RC_ABOVE || (rc == RC_HALF && odd)) {
      q++;
      if (q == pow10u64(frac)) { q = 0; ip++; }
    }
  }
  o += <usize>ull2string(o, ip);
  if (frac > 0) {
    store<u8>(o, 0x2e); o++;
    for (let i = frac - 1; i >= 0; i--) {
      store<u8>(o + <usize>i, <u8>(0x30 + <u32>(q % 10)));
      q /= 10;
    }
    o += <usize>frac;
  }
  return <i32>(o - dst);
}

/**
 * Redis ld2string(..., LD_STR_HUMAN): "inf"/"-inf" for infinities, else
 * "%.17Lf" with trailing zeros and then a trailing '.' removed, and "-0"
 * turned into "0".  (NaN never reaches it in Redis; printed as "nan".)
 * Writes at most LD_STR_MAX bytes; returns the length.
 */
export function ld2stringHuman(dst: usize, neg: bool, mant: u64, exp: i32, kind: i32): i32 {
  if (kind == LD_INF) return writeSpecial(dst, neg, false);
  if (kind == LD_NAN) return writeSpecial(dst, neg, true);
  let l = fmtFixedLd(dst, neg, mant, exp, 17);
  // There is always a '.' with 17 decimals: trim zeros, then the dot.
  while (load<u8>(dst + <usize>(l - 1)) == 0x30) l--;
  if (load<u8>(dst + <usize>(l - 1)) == 0x2e) l--;
  if (l == 2 && load<u8>(dst) == 0x2d && load<u8>(dst + 1) == 0x30) {
    store<u8>(dst, 0x30);
    l = 1;
  }
  return l;
}

/**
 * Redis ld2string(..., LD_STR_AUTO) = "%.17Lg" (inf as "inf"/"-inf").
 */
export function ld2stringAuto(dst: usize, neg: bool, mant: u64, exp: i32, kind: i32): i32 {
  if (kind == LD_INF) return writeSpecial(dst, neg, false);
  if (kind == LD_NAN) return writeSpecial(dst, neg, true);
  if (mant == 0) {
    let o = dst;
    if (neg) { store<u8>(o, 0x2d); o++; }
    store<u8>(o, 0x30);
    return neg ? 2 : 1;
  }
  return fmtGBinary(dst, neg, mant, exp, 17);
}

/**
 * glibc "%.<frac>f" of a double (frac 0..19), e.g. GEODIST's "%.4f".
 * inf/nan print as "inf", "-inf", "nan", "-nan".
 */
export function fmtFixedF64(dst: usize, v: f64, frac: i32): i32 {
  ldFromF64(v);
  if (ldKind != LD_FINITE) return writeSpecial(dst, ldNeg, ldKind == LD_NAN);
  return fmtFixedLd(dst, ldNeg, ldMant, ldExp, frac);
}

/** addReplyHumanLongDouble(c, (long double)v) text for a double (GEOPOS...). */
export function ld2stringHumanF64(dst: usize, v: f64): i32 {
  ldFromF64(v);
  return ld2stringHuman(dst, ldNeg, ldMant, ldExp, ldKind);
}

// ===========================================================================
// Commands
// ===========================================================================

/** "ERR value is not a valid float" */
export const INCRF_NOT_FLOAT: i32 = -1;
/** "ERR increment would produce NaN or Infinity" */
export const INCRF_NAN_OR_INF: i32 = -2;
/** HINCRBYFLOAT: "ERR hash value is not a float" */
export const INCRF_HASH_NOT_FLOAT: i32 = -3;
/** HINCRBYFLOAT: "ERR value is NaN or Infinity" (the increment itself) */
export const INCRF_INCR_NAN_OR_INF: i32 = -4;

/**
 * INCRBYFLOAT key increment.  cur = current string value (curLen < 0 means
 * the key does not exist, i.e. 0; an integer-encoded value should be passed
 * as its decimal text), incr = the argument.  Writes the new value's text
 * (also what gets stored and propagated as SET) at dst (LD_STR_MAX bytes)
 * and returns its length, or:
 *   INCRF_NOT_FLOAT  (-1) current value or increment is not a valid float
 *                         (Redis checks the current value first; the
 *                         message is the same either way);
 *   INCRF_NAN_OR_INF (-2) the sum is NaN or infinite (this includes an
 *                         increment of "inf").
 */
export function incrbyfloat(curP: usize, curLen: i32, incrP: usize, incrLen: i32, dst: usize): i32 {
  let cNeg = false, cMant: u64 = 0, cExp = 0, cKind = LD_FINITE;
  if (curLen >= 0) {
    if (!string2ld(curP, curLen)) return INCRF_NOT_FLOAT;
    cNeg = ldNeg; cMant = ldMant; cExp = ldExp; cKind = ldKind;
  }
  if (!string2ld(incrP, incrLen)) return INCRF_NOT_FLOAT;
  ldAdd(cNeg, cMant, cExp, cKind, ldNeg, ldMant, ldExp, ldKind);
  if (ldKind != LD_FINITE) return INCRF_NAN_OR_INF;
  return ld2stringHuman(dst, ldNeg, ldMant, ldExp, ldKind);
}

/**
 * HINCRBYFLOAT key field increment, same conventions as incrbyfloat (cur is
 * the field's value, curLen < 0 if the field is absent).  Redis's order of
 * checks is reproduced:
 *   INCRF_NOT_FLOAT       (-1) increment is not a valid float;
 *   INCRF_INCR_NAN_OR_INF (-4) increment is inf ("value is NaN or Infinity");
 *   INCRF_HASH_NOT_FLOAT  (-3) the field's value is not a float;
 *   INCRF_NAN_OR_INF      (-2) the sum is NaN or infinite.
 * (The caller must check the key's type and create the hash between the
 * first two checks and the third, as Redis does.)
 */
export function hincrbyfloat(curP: usize, curLen: i32, incrP: usize, incrLen: i32, dst: usize): i32 {
  if (!string2ld(incrP, incrLen)) return INCRF_NOT_FLOAT;
  if (ldKind != LD_FINITE) return INCRF_INCR_NAN_OR_INF;
  let iNeg = ldNeg, iMant = ldMant, iExp = ldExp, iKind = ldKind;
  let cNeg = false, cMant: u64 = 0, cExp = 0, cKind = LD_FINITE;
  if (curLen >= 0) {
    if (!string2ld(curP, curLen)) return INCRF_HASH_NOT_FLOAT;
    cNeg = ldNeg; cMant = ldMant; cExp = ldExp; cKind = ldKind;
  }
  ldAdd(cNeg, cMant, cExp, cKind, iNeg, iMant, iExp, iKind);
  if (ldKind != LD_FINITE) return INCRF_NAN_OR_INF;
  return ld2stringHuman(dst, ldNeg, ldMant, ldExp, ldKind);
}
