// number-harness.ts — test-only wasm entry exposing assembly/util/number.ts and
// assembly/util/longdouble.ts through thin numeric wrappers (pointers into linear
// memory, result registers read back through getters).
// Built by test/engine/number.test.ts with --runtime minimal.

import * as N from "../../assembly/util/number";
import * as L from "../../assembly/util/longdouble";

/** Allocate n bytes of linear memory for the test to fill. */
export function alloc(n: i32): usize {
  return heap.alloc(n > 0 ? <usize>n : 1);
}

/** Release a block from alloc(). */
export function free(p: usize): void {
  heap.free(p);
}

// --- integers ---------------------------------------------------------------

export function string2ll(p: usize, len: i32): i32 {
  return N.string2ll(p, len) ? 1 : 0;
}
export function parsedLL(): i64 {
  return N.parsedLL;
}
export function ll2string(dst: usize, v: i64): i32 {
  return N.ll2string(dst, v);
}
export function ull2string(dst: usize, v: u64): i32 {
  return N.ull2string(dst, v);
}
export function digits10(v: u64): i32 {
  return N.digits10(v);
}

// --- doubles ----------------------------------------------------------------

export function string2d(p: usize, len: i32): i32 {
  return N.string2d(p, len) ? 1 : 0;
}
export function parsedDouble(): f64 {
  return N.parsedDouble;
}
export function parsedRangeError(): i32 {
  return N.parsedRangeError ? 1 : 0;
}
export function strtodPrefix(p: usize, len: i32): i32 {
  return N.strtodPrefix(p, len);
}
export function fmtG17(dst: usize, v: f64): i32 {
  return N.fmtG17(dst, v);
}
export function d2string(dst: usize, v: f64): i32 {
  return N.d2string(dst, v);
}
export function double2ll(v: f64): i32 {
  return N.double2ll(v) ? 1 : 0;
}

// --- long double ------------------------------------------------------------

export function string2ld(p: usize, len: i32): i32 {
  return L.string2ld(p, len) ? 1 : 0;
}
export function ldNeg(): i32 {
  return L.ldNeg ? 1 : 0;
}
export function ldMant(): u64 {
  return L.ldMant;
}
export function ldExp(): i32 {
  return L.ldExp;
}
export function ldKind(): i32 {
  return L.ldKind;
}
/** Formats the current ld register with LD_STR_HUMAN. */
export function ldHuman(dst: usize): i32 {
  return L.ld2stringHuman(dst, L.ldNeg, L.ldMant, L.ldExp, L.ldKind);
}
/** Formats the current ld register with LD_STR_AUTO (%.17Lg). */
export function ldAuto(dst: usize): i32 {
  return L.ld2stringAuto(dst, L.ldNeg, L.ldMant, L.ldExp, L.ldKind);
}
/** Formats the current ld register as %.<frac>Lf. */
export function ldFixed(dst: usize, frac: i32): i32 {
  return L.fmtFixedLd(dst, L.ldNeg, L.ldMant, L.ldExp, frac);
}
/** (double) of the current ld register. */
export function ldToF64(): f64 {
  return L.ldToF64(L.ldNeg, L.ldMant, L.ldExp, L.ldKind);
}
export function ldFromI64(v: i64): void {
  L.ldFromI64(v);
}
export function ldFromF64(v: f64): void {
  L.ldFromF64(v);
}
/** ld = ld + (neg, mant, exp, kind). */
export function ldAddTo(neg: i32, mant: u64, exp: i32, kind: i32): void {
  L.ldAdd(L.ldNeg, L.ldMant, L.ldExp, L.ldKind, neg != 0, mant, exp, kind);
}
export function incrbyfloat(curP: usize, curLen: i32, incrP: usize, incrLen: i32, dst: usize): i32 {
  return L.incrbyfloat(curP, curLen, incrP, incrLen, dst);
}
export function hincrbyfloat(curP: usize, curLen: i32, incrP: usize, incrLen: i32, dst: usize): i32 {
  return L.hincrbyfloat(curP, curLen, incrP, incrLen, dst);
}
export function fmtFixedF64(dst: usize, v: f64, frac: i32): i32 {
  return L.fmtFixedF64(dst, v, frac);
}
export function ld2stringHumanF64(dst: usize, v: f64): i32 {
  return L.ld2stringHumanF64(dst, v);
}
