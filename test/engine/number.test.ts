// number.test.ts — tests for Redis's number parsing/formatting rules:
//   assembly/util/number.ts      string2ll, ll2string, string2d, strtodPrefix, fmtG17 ("%.17g"),
//                                d2string, double2ll
//   assembly/util/longdouble.ts  string2ld, 80-bit long double addition, ld2string (LD_STR_HUMAN
//                                = trimmed "%.17Lf", LD_STR_AUTO = "%.17Lg"), INCRBYFLOAT and
//                                HINCRBYFLOAT, "%.Nf"
//
// Two kinds of checks:
//  * GOLDEN_* tables at the bottom of this file were recorded from a real redis-server 7.0.15
//    (x86-64, so long double is the x87 80-bit format): SET+INCRBY for integers, ZADD+ZSCORE
//    on skiplist-encoded zsets for strtod + "%.17g", DUMP of listpack zsets for the stored
//    score text, SET+INCRBYFLOAT and HSET+HINCRBYFLOAT for the long double path.  They are
//    literal values, so this file needs no Redis to run.
//  * Randomized cases checked against exact BigInt reference implementations written here
//    (correct rounding of rationals, exact "%.17g"/"%.Nf"), and against JS Number() where JS is
//    exact (parsing plain decimal strings is correctly rounded in both).

import { beforeAll, describe, expect, it } from "vitest";
import asc from "assemblyscript/asc";
import { readFile } from "node:fs/promises";

type Exports = {
  memory: WebAssembly.Memory;
  alloc(n: number): number;
  free(p: number): void;
  string2ll(p: number, len: number): number;
  parsedLL(): bigint;
  ll2string(dst: number, v: bigint): number;
  ull2string(dst: number, v: bigint): number;
  digits10(v: bigint): number;
  string2d(p: number, len: number): number;
  parsedDouble(): number;
  parsedRangeError(): number;
  strtodPrefix(p: number, len: number): number;
  fmtG17(dst: number, v: number): number;
  d2string(dst: number, v: number): number;
  double2ll(v: number): number;
  string2ld(p: number, len: number): number;
  ldNeg(): number;
  ldMant(): bigint;
  ldExp(): number;
  ldKind(): number;
  ldHuman(dst: number): number;
  ldAuto(dst: number): number;
  ldFixed(dst: number, frac: number): number;
  ldToF64(): number;
  ldFromI64(v: bigint): void;
  ldFromF64(v: number): void;
  ldAddTo(neg: number, mant: bigint, exp: number, kind: number): void;
  incrbyfloat(curP: number, curLen: number, incrP: number, incrLen: number, dst: number): number;
  hincrbyfloat(curP: number, curLen: number, incrP: number, incrLen: number, dst: number): number;
  fmtFixedF64(dst: number, v: number, frac: number): number;
  ld2stringHumanF64(dst: number, v: number): number;
};

let ex: Exports;
let OUT = 0; // 8 KiB output buffer (LD_STR_MAX is 4960)

beforeAll(async () => {
  const r = await asc.main([
    "test/assembly/number-harness.ts",
    "--outFile",
    "build/test/number-harness.wasm",
    "--runtime",
    "minimal",
    "-O3",
  ]);
  if (r.error) throw r.error;
  const bytes = await readFile("build/test/number-harness.wasm");
  const { instance } = await WebAssembly.instantiate(bytes, {
    env: {
      abort() {
        throw new Error("abort");
      },
    },
  });
  ex = instance.exports as unknown as Exports;
  OUT = ex.alloc(8192);
}, 120_000);

// ---------------------------------------------------------------------------------------------
// Error texts (as Redis replies them) and the engine's return codes

const E_INT = "ERR value is not an integer or out of range";
const E_FLOAT = "ERR value is not a valid float";
const E_NANINF = "ERR increment would produce NaN or Infinity";
const E_HASH = "ERR hash value is not a float";
const E_INCR_NANINF = "ERR value is NaN or Infinity";
const INCR_ERRORS: Record<number, string> = { [-1]: E_FLOAT, [-2]: E_NANINF, [-3]: E_HASH, [-4]: E_INCR_NANINF };

// ---------------------------------------------------------------------------------------------
// Memory helpers

/** Latin-1 string -> bytes. */
const B = (s: string): Uint8Array => Uint8Array.from(s, (ch) => ch.charCodeAt(0) & 0xff);
const short = (s: string | null): string =>
  s === null ? "null" : JSON.stringify(s.length > 60 ? s.slice(0, 60) + `...(${s.length})` : s);

function put(s: string): [number, number] {
  const b = B(s);
  const p = ex.alloc(b.length);
  new Uint8Array(ex.memory.buffer, p, b.length).set(b);
  return [p, b.length];
}
function out(n: number): string {
  return Buffer.from(ex.memory.buffer, OUT, n).toString("latin1");
}
function withStr<T>(s: string, f: (p: number, n: number) => T): T {
  const [p, n] = put(s);
  try {
    return f(p, n);
  } finally {
    ex.free(p);
  }
}

const string2ll = (s: string): bigint | null => withStr(s, (p, n) => (ex.string2ll(p, n) ? ex.parsedLL() : null));
const string2d = (s: string): number | null => withStr(s, (p, n) => (ex.string2d(p, n) ? ex.parsedDouble() : null));
const strtod = (s: string): [number, number, number] =>
  withStr(s, (p, n) => [ex.strtodPrefix(p, n), ex.parsedDouble(), ex.parsedRangeError()]);
const fmtG17 = (v: number): string => out(ex.fmtG17(OUT, v));
const d2string = (v: number): string => out(ex.d2string(OUT, v));
const ll2string = (v: bigint): string => out(ex.ll2string(OUT, v));

type LD = { neg: boolean; mant: bigint; exp: number; kind: number };
function string2ld(s: string): LD | null {
  return withStr(s, (p, n) =>
    ex.string2ld(p, n)
      ? { neg: ex.ldNeg() === 1, mant: BigInt.asUintN(64, ex.ldMant()), exp: ex.ldExp(), kind: ex.ldKind() }
      : null,
  );
}
function callIncr(fn: "incrbyfloat" | "hincrbyfloat", cur: string | null, incr: string): string {
  const [cp, cn] = cur === null ? [0, -1] : put(cur);
  const [ip, iN] = put(incr);
  const r = ex[fn](cp, cn, ip, iN, OUT);
  if (cur !== null) ex.free(cp);
  ex.free(ip);
  return r < 0 ? INCR_ERRORS[r] : out(r);
}

// ---------------------------------------------------------------------------------------------
// Deterministic PRNG

let seed = 20240607;
function rnd(): number {
  seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
  return seed / 0x80000000;
}
const ri = (a: number, b: number): number => a + Math.floor(rnd() * (b - a + 1));
function digits(n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += String(ri(0, 9));
  return s;
}
function rand64(): bigint {
  let b = 0n;
  for (let i = 0; i < 4; i++) b = (b << 16n) | BigInt(ri(0, 65535));
  return b;
}

const F = new Float64Array(1);
const U = new BigUint64Array(F.buffer);
const bitsToF64 = (b: bigint): number => ((U[0] = b), F[0]);
const f64ToBits = (v: number): bigint => ((F[0] = v), U[0]);

/** A double spread over all magnitudes and shapes. */
function randDouble(): number {
  const k = ri(0, 5);
  if (k <= 1) return bitsToF64((rand64() & ~(0x7ffn << 52n)) | (BigInt(ri(0, 2046)) << 52n));
  if (k === 2) return (rnd() - 0.5) * Math.pow(10, ri(-25, 25));
  if (k === 3) return ri(-10_000_000, 10_000_000) / Math.pow(10, ri(0, 9));
  if (k === 4) return Math.round((rnd() - 0.5) * Math.pow(10, ri(1, 22)));
  return Math.pow(2, ri(-1074, 1023)) * (ri(0, 1) ? 1 : -1) * (1 + ri(0, 255) / 256);
}

/** Sign, significand and exponent of a finite double: v = (-1)^neg * m * 2^e. */
function decompose(v: number): { neg: boolean; m: bigint; e: number } {
  const b = f64ToBits(v);
  const bexp = Number((b >> 52n) & 0x7ffn);
  const frac = b & ((1n << 52n) - 1n);
  return bexp === 0
    ? { neg: b >> 63n === 1n, m: frac, e: -1074 }
    : { neg: b >> 63n === 1n, m: frac | (1n << 52n), e: bexp - 1075 };
}

// ---------------------------------------------------------------------------------------------
// Exact BigInt references

const bitlen = (x: bigint): number => (x === 0n ? 0 : x.toString(2).length);
const pow2 = (n: number): bigint => 1n << BigInt(n);
const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** round-half-even(num / den), num >= 0, den > 0. */
function divRound(num: bigint, den: bigint, oddCheck?: (q: bigint) => boolean): bigint {
  const q = num / den;
  const r2 = (num % den) * 2n;
  if (r2 > den || (r2 === den && (oddCheck ? oddCheck(q) : (q & 1n) === 1n))) return q + 1n;
  return q;
}

type Rounded = { kind: "zero" | "finite" | "inf"; m: bigint; e: number; inexact: boolean };
/**
 * Correctly rounds the positive rational num/den to a binary format with a prec-bit
 * significand and LSB exponent range [eminLsb, emaxLsb] (round half to even, subnormals).
 */
function roundRational(num: bigint, den: bigint, prec: number, eminLsb: number, emaxLsb: number): Rounded {
  // Find e with 2^(prec-1) <= num / (den * 2^e) < 2^prec.
  let e = bitlen(num) - bitlen(den) - prec;
  const scaled = (ee: number): [bigint, bigint] => (ee >= 0 ? [num, den << BigInt(ee)] : [num << BigInt(-ee), den]);
  for (;;) {
    const [n, d] = scaled(e);
    const q = n / d;
    if (q >= pow2(prec)) e++;
    else if (q < pow2(prec - 1)) e--;
    else break;
  }
  if (e < eminLsb) e = eminLsb;
  const [n, d] = scaled(e);
  let q = divRound(n, d);
  const inexact = n % d !== 0n;
  if (q === pow2(prec)) {
    q >>= 1n;
    e++;
  }
  if (q === 0n) return { kind: "zero", m: 0n, e: 0, inexact };
  if (e > emaxLsb) return { kind: "inf", m: 0n, e: 0, inexact: true };
  return { kind: "finite", m: q, e, inexact };
}

/** Exact rational of a plain decimal string [+-]digits[.digits][e[+-]digits]. */
function decimalRational(s: string): { neg: boolean; num: bigint; den: bigint } {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s)!;
  const digs = (m[2] || "") + (m[3] || "");
  const exp = Number(m[4] || "0") - (m[3] || "").length;
  const D = BigInt(digs || "0");
  return exp >= 0
    ? { neg: m[1] === "-", num: D * pow10(exp), den: 1n }
    : { neg: m[1] === "-", num: D, den: pow10(-exp) };
}

/** Exact glibc "%.<P>g" of (-1)^neg * m * 2^e, m > 0. */
function refG(neg: boolean, m: bigint, e: number, P = 17): string {
  const num = e >= 0 ? m << BigInt(e) : m;
  const den = e >= 0 ? 1n : pow2(-e);
  // X = floor(log10(value)) by exact comparison
  let X = Math.floor((bitlen(m) - 1 + e) * Math.log10(2));
  const geq10 = (k: number): boolean => (k >= 0 ? num >= den * pow10(k) : num * pow10(-k) >= den);
  while (geq10(X + 1)) X++;
  while (!geq10(X)) X--;
  const p = P - 1 - X;
  let q = p >= 0 ? divRound(num * pow10(p), den) : divRound(num, den * pow10(-p));
  if (q === pow10(P)) {
    q /= 10n;
    X++;
  }
  const ds = q.toString(); // P digits
  let body: string;
  if (X < -4 || X >= P) {
    const frac = ds.slice(1).replace(/0+$/, "");
    const ax = Math.abs(X);
    body = ds[0] + (frac ? "." + frac : "") + "e" + (X < 0 ? "-" : "+") + (ax < 10 ? "0" : "") + ax;
  } else if (X >= 0) {
    const frac = ds.slice(X + 1).replace(/0+$/, "");
    body = ds.slice(0, X + 1) + (frac ? "." + frac : "");
  } else {
    body = "0." + "0".repeat(-X - 1) + ds.replace(/0+$/, "");
  }
  return (neg ? "-" : "") + body;
}

/** Exact glibc "%.<N>f" of (-1)^neg * m * 2^e (m >= 0). */
function refFixed(neg: boolean, m: bigint, e: number, N: number): string {
  const num = e >= 0 ? m << BigInt(e) : m;
  const den = e >= 0 ? 1n : pow2(-e);
  const q = divRound(num * pow10(N), den).toString().padStart(N + 1, "0");
  const ip = q.slice(0, q.length - N);
  return (neg ? "-" : "") + ip + (N > 0 ? "." + q.slice(q.length - N) : "");
}

/** Redis LD_STR_HUMAN from the exact value. */
function refHuman(neg: boolean, m: bigint, e: number): string {
  let s = refFixed(neg, m, e, 17).replace(/0+$/, "").replace(/\.$/, "");
  if (s === "-0") s = "0";
  return s;
}

// x87 extended: 64-bit significand, LSB exponent in [-16445, 16320]
const EXT = [64, -16445, 16320] as const;
const DBL = [53, -1074, 971] as const;

/** Canonical (mant, exp) of the engine's ld register for comparison with roundRational. */
function ldCanon(x: LD): string {
  if (x.kind === 1) return `${x.neg ? "-" : ""}inf`;
  if (x.mant === 0n) return `${x.neg ? "-" : ""}0`;
  return `${x.neg ? "-" : ""}${x.mant.toString(16)}p${x.exp}`;
}
function roundedCanon(neg: boolean, r: Rounded): string {
  if (r.kind === "inf") return `${neg ? "-" : ""}inf`;
  if (r.kind === "zero") return `${neg ? "-" : ""}0`;
  return `${neg ? "-" : ""}${r.m.toString(16)}p${r.e}`;
}

/** A random plain decimal string. */
function randDecimal(maxExp: number, maxDigits: number): string {
  const nd = ri(1, ri(0, 2) ? 20 : maxDigits);
  let d = digits(nd);
  const dot = ri(-1, nd);
  if (dot >= 0) d = d.slice(0, dot) + "." + d.slice(dot);
  if (d === ".") d = "0";
  return (ri(0, 3) ? "" : "-") + d + (ri(0, 2) ? "e" + ri(-maxExp, maxExp) : "");
}

/** Decimal text of the exact midpoint between the extended/double value m*2^e and its successor. */
function midpointDecimal(m: bigint, e: number): string {
  const n = 2n * m + 1n;
  const ee = e - 1;
  if (ee >= 0) return (n << BigInt(ee)).toString();
  const s = (n * 5n ** BigInt(-ee)).toString(); // n * 2^ee = n * 5^-ee / 10^-ee
  return s + "e" + ee;
}

// =============================================================================================
// Integers
// =============================================================================================

describe("string2ll / ll2string", () => {
  it("matches Redis 7.0.15 on the golden table (SET k <s>; INCRBY k 0)", () => {
    for (const [s, want] of GOLDEN_STRING2LL) {
      const v = string2ll(s);
      const got = v === null ? E_INT : ll2string(v);
      expect(got, short(s)).toBe(want);
    }
  });

  it("round-trips random i64 values and rejects every non-canonical spelling", () => {
    const lim = [-(1n << 63n), (1n << 63n) - 1n, 0n, -1n, 1n];
    for (let i = 0; i < 500; i++) lim.push(BigInt.asIntN(64, rand64() >> BigInt(ri(0, 63))));
    for (const v of lim) {
      const s = v.toString();
      expect(ll2string(v)).toBe(s);
      expect(string2ll(s)).toBe(v);
      expect(string2ll("0" + s.replace("-", ""))).toBe(null); // leading zero
      expect(string2ll(s + " ")).toBe(null);
      expect(string2ll("+" + s)).toBe(null);
    }
    expect(string2ll("9223372036854775808")).toBe(null);
    expect(string2ll("-9223372036854775809")).toBe(null);
    expect(string2ll("-0")).toBe(null);
    expect(string2ll("0")).toBe(0n);
    expect(string2ll("")).toBe(null);
  });

  it("ull2string and digits10 cover the full u64 range", () => {
    const cases = [0n, 9n, 10n, 99n, 100n, (1n << 64n) - 1n, 10n ** 19n - 1n, 10n ** 19n];
    for (let i = 0; i < 200; i++) cases.push(rand64() >> BigInt(ri(0, 63)));
    for (const v of cases) {
      expect(out(ex.ull2string(OUT, BigInt.asIntN(64, v)))).toBe(v.toString());
      expect(ex.digits10(BigInt.asIntN(64, v))).toBe(v.toString().length);
    }
  });
});

// =============================================================================================
// Doubles
// =============================================================================================

describe("string2d (strtod with Redis's checks)", () => {
  it("matches Redis 7.0.15 on the golden table (ZADD z <s> m; ZSCORE z m)", () => {
    for (const [s, want] of GOLDEN_STRING2D) {
      const v = string2d(s);
      const got = v === null ? E_FLOAT : fmtG17(v);
      expect(got, short(s)).toBe(want);
    }
  });

  it("agrees with JS Number() and an exact reference on random decimal strings", () => {
    for (let i = 0; i < 1500; i++) {
      const s = randDecimal(i % 3 ? 30 : 340, 40);
      const got = string2d(s);
      const js = Number(s);
      const { neg, num, den } = decimalRational(s);
      if (num === 0n) {
        expect(Object.is(got, neg ? -0 : 0), s).toBe(true);
        continue;
      }
      const r = roundRational(num, den, ...DBL);
      if (r.kind === "finite") {
        expect(got, s).toBe(js); // Number() is correctly rounded too
        expect(got === null ? null : f64ToBits(Math.abs(got)), s).toBe(f64ToBits(Math.abs(js)));
      } else {
        expect(got, s).toBe(null); // overflow or underflow to zero
      }
    }
  });

  it("rounds exact halfway points (and their neighbours) between doubles correctly", () => {
    for (let i = 0; i < 600; i++) {
      const v = Math.abs(randDouble()) || 1;
      const { m, e } = decompose(v);
      const mid = midpointDecimal(m, e);
      for (const s of [mid, mid.replace("e", "000000000001e"), mid.replace(/^(\d*?)([1-9])(0*)(e|$)/, (_x, a, b, z, t) => a + String(+b - 1) + "9".repeat(z.length + 3) + t)]) {
        const { num, den } = decimalRational(s);
        const r = roundRational(num, den, ...DBL);
        const got = string2d(s);
        if (r.kind !== "finite") expect(got, s).toBe(null);
        else expect(got === null ? null : decompose(got), s.slice(0, 80)).toEqual({ neg: false, m: r.m, e: r.e });
      }
    }
  });

  it("handles inputs longer than 800 significant digits", () => {
    // 0.1 followed by 1000 zeros then a 1: just above 0.1, rounds like 0.1
    expect(string2d("0.1" + "0".repeat(1000) + "1")).toBe(0.1);
    // the exact midpoint between 1 and 1+2^-52, plus a far-away 1 -> rounds up
    const mid = "1.00000000000000011102230246251565404236316680908203125";
    expect(string2d(mid)).toBe(1);
    expect(string2d(mid + "0".repeat(2000) + "1")).toBe(1 + 2 ** -52);
    expect(string2d(mid + "0".repeat(2000))).toBe(1);
  });

  it("strtodPrefix follows glibc strtod (longest prefix, whitespace, ERANGE)", () => {
    // [input, consumed, value, erange] as produced by glibc 2.x strtod
    const cases: [string, number, number, number][] = [
      ["  1e5xyz", 5, 1e5, 0],
      ["0x", 1, 0, 0],
      ["0x.p1", 1, 0, 0],
      ["0x.8", 4, 0.5, 0],
      ["1e+", 1, 1, 0],
      ["1.e1", 4, 10, 0],
      ["infx", 3, Infinity, 0],
      ["iNfInItY", 8, Infinity, 0],
      [".e1", 0, 0, 0],
      ["+-1", 0, 0, 0],
      ["", 0, 0, 0],
      ["-0x1p-2000", 10, -0, 1],
      ["1e-310", 6, 1e-310, 1],
      ["0x1p-1070", 9, 2 ** -1070, 0],
      ["1e400", 5, Infinity, 1],
      ["\t\n\v\f\r 7", 7, 7, 0],
    ];
    for (const [s, n, v, er] of cases) {
      const [gn, gv, ger] = strtod(s);
      expect([gn, Object.is(gv, v) ? v : gv, ger], JSON.stringify(s)).toEqual([n, v, er]);
    }
    const [n1, v1] = strtod("nan(abc)");
    expect(n1).toBe(8);
    expect(Number.isNaN(v1)).toBe(true);
    expect(strtod("nan(ab")[0]).toBe(3);
  });
});

describe("fmtG17 (\"%.17g\", addReplyDouble in Redis 7.0)", () => {
  it("matches Redis 7.0.15 on the golden table (ZADD z <shortest repr> m; ZSCORE z m)", () => {
    for (const [hex, want] of GOLDEN_G17) {
      expect(fmtG17(bitsToF64(BigInt("0x" + hex))), hex).toBe(want);
    }
  });

  it("matches an exact BigInt %.17g reference on random doubles", () => {
    for (let i = 0; i < 3000; i++) {
      const v = randDouble();
      if (v === 0 || !Number.isFinite(v)) continue;
      const { neg, m, e } = decompose(v);
      expect(fmtG17(v), String(v)).toBe(refG(neg, m, e));
    }
  });

  it("prints specials and signed zero like printf", () => {
    expect(fmtG17(0)).toBe("0");
    expect(fmtG17(-0)).toBe("-0");
    expect(fmtG17(Infinity)).toBe("inf");
    expect(fmtG17(-Infinity)).toBe("-inf");
    expect(fmtG17(NaN)).toBe("nan");
    expect(fmtG17(2 ** -25)).toBe("2.9802322387695312e-08"); // exact tie, rounds to even
    expect(fmtG17(-Number.MIN_VALUE)).toBe("-4.9406564584124654e-324");
  });
});

describe("d2string / double2ll", () => {
  it("matches the score text Redis 7.0.15 stores in listpack zsets (DUMP)", () => {
    // zzlInsertAt stores a score as a listpack integer when double2ll() accepts it,
    // otherwise as the d2string() text.
    for (const [s, want, kind] of GOLDEN_LISTPACK_SCORE) {
      const v = string2d(s);
      expect(v, s).not.toBe(null);
      if (ex.double2ll(v!)) {
        expect(kind, s).toBe("int");
        expect(ll2string(ex.parsedLL()), s).toBe(want);
      } else {
        expect(kind, s).toBe("str");
        expect(d2string(v!), s).toBe(want);
      }
    }
  });

  it("follows util.c d2string", () => {
    expect(d2string(NaN)).toBe("nan");
    expect(d2string(Infinity)).toBe("inf");
    expect(d2string(-Infinity)).toBe("-inf");
    expect(d2string(0)).toBe("0");
    expect(d2string(-0)).toBe("-0");
    expect(d2string(3)).toBe("3");
    expect(d2string(2 ** 62)).toBe("4611686018427387904");
    expect(d2string(-(2 ** 62))).toBe("-4611686018427387904");
    expect(d2string(2 ** 62 + 1024)).toBe("4.6116860184273889e+18");
    expect(d2string(1e17)).toBe("100000000000000000");
    expect(d2string(0.1)).toBe("0.10000000000000001");
    expect(d2string(2.5)).toBe("2.5");
    for (let i = 0; i < 500; i++) {
      const v = randDouble();
      const asInt = Number.isInteger(v) && Math.abs(v) <= 2 ** 62;
      expect(d2string(v), String(v)).toBe(v === 0 ? (Object.is(v, -0) ? "-0" : "0") : asInt ? BigInt(v).toString() : fmtG17(v));
    }
  });
});

// =============================================================================================
// Long double
// =============================================================================================

describe("INCRBYFLOAT / HINCRBYFLOAT (80-bit long double)", () => {
  it("matches Redis 7.0.15 INCRBYFLOAT on the golden table", () => {
    for (const [cur, incr, want] of GOLDEN_INCRBYFLOAT) {
      expect(callIncr("incrbyfloat", cur, incr), `${short(cur)} + ${short(incr)}`).toBe(want);
    }
  });

  it("matches a Redis 7.0.15 INCRBYFLOAT chain (each result re-parsed as the next value)", () => {
    let cur: string | null = null;
    for (const [incr, want] of GOLDEN_INCRBYFLOAT_CHAIN) {
      const got = callIncr("incrbyfloat", cur, incr);
      expect(got, `${cur} + ${incr}`).toBe(want);
      cur = got;
    }
  });

  it("matches Redis 7.0.15 HINCRBYFLOAT, including its order of checks", () => {
    for (const [cur, incr, want] of GOLDEN_HINCRBYFLOAT) {
      expect(callIncr("hincrbyfloat", cur, incr), `${short(cur)} + ${short(incr)}`).toBe(want);
    }
  });
});

describe("string2ld (strtold with Redis's checks)", () => {
  it("is correctly rounded to 64 bits on random decimal strings", () => {
    for (let i = 0; i < 1500; i++) {
      const s = randDecimal(i % 3 ? 40 : 4960, 45);
      const got = string2ld(s);
      const { neg, num, den } = decimalRational(s);
      if (num === 0n) {
        expect(got && ldCanon(got), s).toBe(neg ? "-0" : "0");
        continue;
      }
      const r = roundRational(num, den, ...EXT);
      if (r.kind !== "finite") expect(got, s).toBe(null);
      else expect(got && ldCanon(got), s).toBe(roundedCanon(neg, r));
    }
  });

  it("rounds exact halfway points between extended values correctly", () => {
    // (Subnormal midpoints have ~11,500 significant digits, more than string2ld accepts;
    // the hex-float test below covers rounding in the subnormal range.)
    for (let i = 0; i < 400; i++) {
      let m = rand64() | (1n << 63n);
      if (i % 3 === 0) m &= ~((1n << BigInt(ri(1, 60))) - 1n);
      const e = ri(-260, 120);
      const mid = midpointDecimal(m, e);
      for (const s of [mid, mid.replace("e", "0001e")]) {
        const { num, den } = decimalRational(s);
        const r = roundRational(num, den, ...EXT);
        const got = string2ld(s);
        if (r.kind !== "finite") expect(got, s.slice(0, 60)).toBe(null);
        else expect(got && ldCanon(got), s.slice(0, 60)).toBe(roundedCanon(false, r));
      }
    }
  });

  it("parses hex floats exactly and rounds long ones correctly", () => {
    for (let i = 0; i < 400; i++) {
      const m = rand64() >> BigInt(ri(0, 40));
      const extra = ri(0, 1) ? BigInt(ri(0, 255)) : 0n; // 8 more bits to round away
      const full = (m << 8n) | extra;
      const e = ri(-16500, 16300);
      const s = "0x" + full.toString(16) + "p" + e;
      const got = string2ld(s);
      if (full === 0n) {
        expect(got && ldCanon(got), s).toBe("0");
        continue;
      }
      const r = e >= 0 ? roundRational(full << BigInt(e), 1n, ...EXT) : roundRational(full, pow2(-e), ...EXT);
      if (r.kind !== "finite") expect(got, s).toBe(null);
      else expect(got && ldCanon(got), s).toBe(roundedCanon(false, r));
    }
  });

  it("applies Redis's length limit (MAX_LONG_DOUBLE_CHARS = 5120)", () => {
    expect(string2ld("0." + "1".repeat(5117))).not.toBe(null); // 5119 bytes
    expect(string2ld("0." + "1".repeat(5118))).toBe(null); // 5120 bytes
    expect(string2ld("")).toBe(null);
  });
});

describe("long double arithmetic and formatting", () => {
  /** A random finite extended value as an exact hex-float string plus its parts. */
  function randExt(): { s: string; neg: boolean; m: bigint; e: number } {
    const neg = ri(0, 1) === 1;
    let m = rand64() | (1n << 63n);
    if (ri(0, 2) === 0) m &= ~((1n << BigInt(ri(1, 60))) - 1n); // fewer significant bits
    const e = ri(0, 9) === 0 ? ri(-16445, 16320) : ri(-130, 60);
    return { s: (neg ? "-" : "") + "0x" + m.toString(16) + "p" + e, neg, m, e };
  }

  it("adds with round-half-even exactly like x87 (random operands, exact reference)", () => {
    for (let i = 0; i < 1500; i++) {
      const a = randExt();
      const b = randExt();
      const k = ri(0, 3);
      if (k === 0) b.e = a.e + ri(-3, 3); // heavy cancellation / carries
      else if (k === 1) b.e = a.e + ri(-140, 140); // sticky bits
      else if (k === 2) {
        b.m = a.m + BigInt(ri(-3, 3));
        b.e = a.e;
        b.neg = !a.neg;
      }
      if (b.m <= 0n || b.m >= 1n << 64n) b.m = 1n << 63n;
      if (b.e < -16445) b.e = -16445;
      if (b.e > 16320) b.e = 16320;
      b.s = (b.neg ? "-" : "") + "0x" + b.m.toString(16) + "p" + b.e;

      const pa = string2ld(a.s)!;
      const pb = string2ld(b.s)!;
      expect(pa && pb, `${a.s} ${b.s}`).toBeTruthy();
      string2ld(a.s);
      ex.ldAddTo(pb.neg ? 1 : 0, BigInt.asIntN(64, pb.mant), pb.exp, pb.kind);
      const got: LD = { neg: ex.ldNeg() === 1, mant: BigInt.asUintN(64, ex.ldMant()), exp: ex.ldExp(), kind: ex.ldKind() };

      // exact sum
      const emin = Math.min(a.e, b.e);
      const sum = (a.neg ? -1n : 1n) * (a.m << BigInt(a.e - emin)) + (b.neg ? -1n : 1n) * (b.m << BigInt(b.e - emin));
      let want: string;
      if (sum === 0n) want = "0";
      else {
        const abs = sum < 0n ? -sum : sum;
        const r = emin >= 0 ? roundRational(abs << BigInt(emin), 1n, ...EXT) : roundRational(abs, pow2(-emin), ...EXT);
        want = roundedCanon(sum < 0n, r);
      }
      expect(ldCanon(got), `${a.s} + ${b.s}`).toBe(want);

      // and the formatted forms of the result
      if (got.kind === 0 && got.mant !== 0n) {
        expect(out(ex.ldHuman(OUT)), `${a.s} + ${b.s}`).toBe(refHuman(got.neg, got.mant, got.exp));
        expect(out(ex.ldAuto(OUT)), `${a.s} + ${b.s}`).toBe(refG(got.neg, got.mant, got.exp));
      }
    }
  });

  it("handles zeros, infinities and NaN like x87", () => {
    const add = (a: string, b: string): string => {
      const pb = string2ld(b)!;
      string2ld(a);
      ex.ldAddTo(pb.neg ? 1 : 0, BigInt.asIntN(64, pb.mant), pb.exp, pb.kind);
      return ex.ldKind() === 2 ? "nan" : ldCanon({ neg: ex.ldNeg() === 1, mant: BigInt.asUintN(64, ex.ldMant()), exp: ex.ldExp(), kind: ex.ldKind() });
    };
    expect(add("-0", "-0")).toBe("-0");
    expect(add("-0", "0")).toBe("0");
    expect(add("1.5", "-1.5")).toBe("0");
    expect(add("inf", "-inf")).toBe("nan");
    expect(add("-inf", "5")).toBe("-inf");
    expect(add("0x1.fffffffffffffffep16383", "0x1p16319")).toBe("inf");
  });

  it("formats doubles as %.17Lf-human and %.4f exactly (GEOPOS / GEODIST paths)", () => {
    for (let i = 0; i < 1500; i++) {
      const v = i % 2 ? randDouble() : (rnd() - 0.5) * Math.pow(10, ri(-6, 8));
      if (!Number.isFinite(v)) continue;
      const { neg, m, e } = decompose(v);
      expect(out(ex.ld2stringHumanF64(OUT, v)), String(v)).toBe(refHuman(neg, m, e));
      expect(out(ex.fmtFixedF64(OUT, v, 4)), String(v)).toBe(refFixed(neg, m, e, 4));
    }
    expect(out(ex.fmtFixedF64(OUT, -0.00001, 4))).toBe("-0.0000");
    expect(out(ex.fmtFixedF64(OUT, 2.5, 0))).toBe("2");
    expect(out(ex.fmtFixedF64(OUT, 3.5, 0))).toBe("4");
    expect(out(ex.fmtFixedF64(OUT, Infinity, 4))).toBe("inf");
    expect(out(ex.ld2stringHumanF64(OUT, -1e-30))).toBe("0");
  });

  it("converts between long double, i64 and double", () => {
    ex.ldFromI64(-(1n << 63n));
    expect(out(ex.ldHuman(OUT))).toBe("-9223372036854775808");
    ex.ldFromI64((1n << 63n) - 1n);
    expect(out(ex.ldHuman(OUT))).toBe("9223372036854775807");
    for (let i = 0; i < 300; i++) {
      const v = randDouble();
      ex.ldFromF64(v);
      expect(ex.ldToF64(), String(v)).toBe(v);
    }
    // (double) of a long double rounds to nearest even
    string2ld("0x1.00000000000008p0"); // 1 + 2^-53: tie -> 1
    expect(ex.ldToF64()).toBe(1);
    string2ld("0x1.00000000000018p0"); // 1 + 3*2^-53: tie -> 1 + 2^-51
    expect(ex.ldToF64()).toBe(1 + 2 ** -51);
    string2ld("1e-4000");
    expect(ex.ldToF64()).toBe(0);
    string2ld("-1e4000");
    expect(ex.ldToF64()).toBe(-Infinity);
  });
});

// =============================================================================================
// Golden tables recorded from redis-server 7.0.15 (x86-64).  Do not edit by hand.
// =============================================================================================

// prettier-ignore
const GOLDEN_STRING2LL: [string, string][] = [
  ["0", "0"],
  ["-0", E_INT],
  ["1", "1"],
  ["-1", "-1"],
  ["00", E_INT],
  ["01", E_INT],
  ["-01", E_INT],
  [" 1", E_INT],
  ["1 ", E_INT],
  ["+1", E_INT],
  ["", E_INT],
  ["-", E_INT],
  ["+", E_INT],
  ["9223372036854775807", "9223372036854775807"],
  ["9223372036854775808", E_INT],
  ["-9223372036854775808", "-9223372036854775808"],
  ["-9223372036854775809", E_INT],
  ["18446744073709551615", E_INT],
  ["18446744073709551616", E_INT],
  ["9".repeat(20), E_INT],
  ["123456789012345678901", E_INT],
  ["-12345678901234567890", E_INT],
  ["1e3", E_INT],
  ["0x10", E_INT],
  ["1.0", E_INT],
  ["12a", E_INT],
  ["\t1", E_INT],
  ["007", E_INT],
  ["-007", E_INT],
  ["1234567890123456789", "1234567890123456789"],
  ["-1234567890123456789", "-1234567890123456789"],
  ["12345678901234567890", E_INT],
  ["10", "10"],
  ["-10", "-10"],
  ["1" + "0".repeat(20), E_INT],
  ["9223372036854775806", "9223372036854775806"],
  ["-9223372036854775807", "-9223372036854775807"],
  ["1\u0000", E_INT],
  ["٣", E_INT],
  ["-0001", E_INT],
  ["-3696618787371", "-3696618787371"],
  ["27881", "27881"],
  ["42398448113359", "42398448113359"],
  ["348835871506362", "348835871506362"],
  ["49402160", "49402160"],
  ["-428458", "-428458"],
  ["-15456249259606", "-15456249259606"],
  ["-86279415", "-86279415"],
  ["-66090248382844037", "-66090248382844037"],
  ["9583025666469615", "9583025666469615"],
  ["-4363323159758", "-4363323159758"],
  ["5418306", "5418306"],
  ["21", "21"],
  ["773249308392259", "773249308392259"],
  ["38257566217014", "38257566217014"],
  ["7653445", "7653445"],
  ["-964820439904318297", "-964820439904318297"],
  ["-568375650970628", "-568375650970628"],
  ["5821297238767188721", "5821297238767188721"],
  ["-44403", "-44403"],
  ["202746518466315574", "202746518466315574"],
  ["8721694496465577220", "8721694496465577220"],
  ["-53019859778966173", "-53019859778966173"],
  ["-9406119440", "-9406119440"],
  ["-697732700", "-697732700"],
  ["86210556", "86210556"],
  ["301128", "301128"],
  ["-9076401168", "-9076401168"],
  ["52702", "52702"],
  ["-44008059", "-44008059"],
  ["1297", "1297"],
  ["3036444650587834153", "3036444650587834153"],
  ["5489434859991572", "5489434859991572"],
  ["820", "820"],
  ["-2072829324237476", "-2072829324237476"],
  ["737052409578475091", "737052409578475091"],
  ["-41345750", "-41345750"],
  ["6", "6"],
  ["4013958", "4013958"],
  ["17443793616450338", "17443793616450338"],
];

// prettier-ignore
const GOLDEN_STRING2D: [string, string][] = [
  ["0", "0"],
  ["-0", "-0"],
  ["0.0", "0"],
  ["-0.0", "-0"],
  ["1", "1"],
  ["-1", "-1"],
  ["1.5", "1.5"],
  ["0.1", "0.10000000000000001"],
  ["0.2", "0.20000000000000001"],
  ["0.3", "0.29999999999999999"],
  ["1e23", "9.9999999999999992e+22"],
  ["1e22", "1e+22"],
  ["1e21", "1e+21"],
  ["1e17", "1e+17"],
  ["1e16", "10000000000000000"],
  ["1e-5", "1.0000000000000001e-05"],
  ["1e-4", "0.0001"],
  ["0.0001", "0.0001"],
  ["0.00001", "1.0000000000000001e-05"],
  ["123.456", "123.456"],
  ["3.0", "3"],
  ["10.50", "10.5"],
  ["2.2250738585072011e-308", "2.2250738585072009e-308"],
  ["2.2250738585072014e-308", "2.2250738585072014e-308"],
  ["4.9406564584124654e-324", "4.9406564584124654e-324"],
  ["5e-324", "4.9406564584124654e-324"],
  ["4e-324", "4.9406564584124654e-324"],
  ["3e-324", "4.9406564584124654e-324"],
  ["2.5e-324", "4.9406564584124654e-324"],
  ["2.4703282292062328e-324", "4.9406564584124654e-324"],
  ["2.4703282292062327e-324", E_FLOAT],
  ["2e-324", E_FLOAT],
  ["1e-400", E_FLOAT],
  ["1e400", E_FLOAT],
  ["1.7976931348623157e308", "1.7976931348623157e+308"],
  ["1.7976931348623158e308", "1.7976931348623157e+308"],
  ["1.7976931348623159e308", E_FLOAT],
  ["-1.7976931348623157e308", "-1.7976931348623157e+308"],
  ["inf", "inf"],
  ["-inf", "-inf"],
  ["+inf", "inf"],
  ["INF", "inf"],
  ["Infinity", "inf"],
  ["-Infinity", "-inf"],
  ["infinity", "inf"],
  ["infin", E_FLOAT],
  ["infx", E_FLOAT],
  ["nan", E_FLOAT],
  ["NaN", E_FLOAT],
  ["-nan", E_FLOAT],
  ["nan(123)", E_FLOAT],
  [" 1", E_FLOAT],
  ["1 ", E_FLOAT],
  ["\t1", E_FLOAT],
  ["+1", "1"],
  ["+.5", "0.5"],
  [".5", "0.5"],
  ["5.", "5"],
  ["-.5", "-0.5"],
  ["-5.", "-5"],
  [".", E_FLOAT],
  ["-", E_FLOAT],
  ["+", E_FLOAT],
  ["", E_FLOAT],
  ["e5", E_FLOAT],
  ["1e", E_FLOAT],
  ["1e+", E_FLOAT],
  ["1e-", E_FLOAT],
  ["1.5e3", "1500"],
  ["1.5E3", "1500"],
  ["1.5e+3", "1500"],
  ["1.5e-3", "0.0015"],
  ["1e" + "0".repeat(27) + "1", "10"],
  ["0.0e99999999999999999", "0"],
  ["0x10", "16"],
  ["0x1p3", "8"],
  ["0X1P-2", "0.25"],
  ["0x1.8", "1.5"],
  ["0x.8", "0.5"],
  ["0x", E_FLOAT],
  ["0x.p1", E_FLOAT],
  ["0xg", E_FLOAT],
  ["0x1p", E_FLOAT],
  ["0x1P-1074", "4.9406564584124654e-324"],
  ["0x1p-1075", E_FLOAT],
  ["0x1.0000000000001p-1075", "4.9406564584124654e-324"],
  ["0x1.fffffffffffff8p1023", E_FLOAT],
  ["0x1.fffffffffffff7p1023", "1.7976931348623157e+308"],
  ["1_000", E_FLOAT],
  ["1,5", E_FLOAT],
  ["1.2.3", E_FLOAT],
  ["00012.5000", "12.5"],
  ["-00.000", "-0"],
  ["123456789012345678901234567890", "1.2345678901234568e+29"],
  ["9007199254740993", "9007199254740992"],
  ["9007199254740992", "9007199254740992"],
  ["9007199254740991", "9007199254740991"],
  ["4503599627370496.5", "4503599627370496"],
  ["0.1e1", "1"],
  ["100e-2", "1"],
  ["2.98023223876953125e-08", "2.9802322387695312e-08"],
  ["8.673617379884035e-19", "8.6736173798840355e-19"],
  ["1.4999999999999999e-07", "1.4999999999999999e-07"],
  ["1.5e-7", "1.4999999999999999e-07"],
  ["7.0e-10", "6.9999999999999996e-10"],
  ["3.14159265358979323846264338327950288", "3.1415926535897931"],
  ["0." + "0".repeat(300) + "1", "1.0000000000000001e-301"],
  ["1" + "0".repeat(308), "1e+308"],
  ["1" + "0".repeat(309), E_FLOAT],
  ["0." + "9".repeat(400), "1"],
  [
    "2.47032822920623272088284396434110686182529901307162382212792841250337753635104375932649918180817996" +
    "1898982823477228588654633283551779698981993873980053909390631503565951557022639229085839244910518443" +
    "5931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927" +
    "8343384093519780155312465972635795746227664652728272200563740064854999770965994704540208281662262378" +
    "5739345073633900796776193057750674017632467360096895134053553745851666113422376667860416215968046191" +
    "4467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668" +
    "2350898633885879256283027559956575244555072551893136908362547791869486679949683240497058210285131854" +
    "513962138377228261454376934125320985913276672363281255e-324", "4.9406564584124654e-324"],
  ["-886818167154.862829e145", "-8.8681816715486282e+156"],
  ["721.11383722654442e133", "7.2111383722654448e+135"],
  ["8470349881644999091.67e-103", "8.4703498816449986e-85"],
  ["77237963.488e-226", "7.7237963487999995e-219"],
  ["41699277", "41699277"],
  ["05432.590e-262", "5.4325899999999996e-259"],
  ["7333348.1928757e236", "7.3333481928757001e+242"],
  [".017e-95", "1.6999999999999999e-97"],
  ["592642097749.8e8", "5.9264209774979998e+19"],
  ["800440.5217281e-226", "8.0044052172809999e-221"],
  [".2", "0.20000000000000001"],
  [".1255432258e270", "1.255432258e+269"],
  ["50.", "50"],
  ["036057168145055871038157.667e-310", "3.6057168145055868e-288"],
  [".1", "0.10000000000000001"],
  ["0e-54", "0"],
  ["-6.20713179", "-6.20713179"],
  ["414.6849352144068e296", "4.146849352144068e+298"],
  ["-2536168210.439e-121", "-2.5361682104390002e-112"],
  ["-986264760.585492310717696", "-986264760.58549225"],
  ["-1543.72e-213", "-1.54372e-210"],
  ["0.82800864e170", "8.2800864000000003e+169"],
  ["97770526052.", "97770526052"],
  ["9834365984136e-197", "9.8343659841360001e-185"],
  ["08905653451", "8905653451"],
  ["56647606.64496460238", "56647606.644964606"],
  ["98423.865546755409", "98423.865546755405"],
  [".3755e199", "3.755e+198"],
  ["5.7221395", "5.7221394999999999"],
  [".8e255", "7.9999999999999995e+254"],
  ["-9574184662102838.0e-76", "-9.5741846621028381e-61"],
  ["30e286", "2.9999999999999999e+287"],
  ["0582760.42223e-146", "5.8276042223000004e-141"],
  ["4274585731147278e-34", "4.2745857311472778e-19"],
  ["041.4695334e178", "4.1469533399999999e+179"],
  ["418.", "418"],
  ["29863.02920513958", "29863.029205139581"],
  ["97500001471606986", "97500001471606992"],
  ["-72305529.1244", "-72305529.124400005"],
  ["6098360528e291", "6.0983605279999999e+300"],
  ["09.276891457e69", "9.2768914569999997e+69"],
  ["408.9", "408.89999999999998"],
  ["-.597837", "-0.59783699999999995"],
  ["15100782870710606309041.0e103", "1.5100782870710607e+125"],
  ["45.014312e-209", "4.5014312000000002e-208"],
  ["808.", "808"],
  ["10795884119870.e-157", "1.079588411987e-144"],
  [".9773391514426e-119", "9.7733915144259996e-120"],
  ["6.4e-262", "6.4000000000000001e-262"],
  ["91164931801.", "91164931801"],
  ["-08016634191.76e-19", "-8.0166341917600004e-10"],
  ["7.0768e42", "7.0768000000000004e+42"],
  ["7346.016766654e168", "7.3460167666540002e+171"],
  ["778422.", "778422"],
  ["-0683802973742", "-683802973742"],
  ["27887e301", "2.7887000000000001e+305"],
  ["6.6e200", "6.6e+200"],
  ["77545.462565428e179", "7.7545462565427999e+183"],
  ["0.01226", "0.01226"],
  ["239265373.", "239265373"],
  ["063.221725939e98", "6.3221725939000001e+99"],
  ["-11.138248", "-11.138248000000001"],
  ["98.3817e-126", "9.8381700000000004e-125"],
  ["-201.8e-96", "-2.0180000000000001e-94"],
  ["16.18327", "16.18327"],
  ["5e-82", "4.9999999999999998e-82"],
  ["-04890111.129", "-4890111.1289999997"],
  ["87.089477961", "87.089477961"],
  [".964e196", "9.6400000000000009e+195"],
  ["612189793430.e-289", "6.1218979343000006e-278"],
  ["9941420712178160834.e-241", "9.941420712178161e-223"],
  ["-811293.016e-263", "-8.1129301600000001e-258"],
  ["50430805331378.6", "50430805331378.602"],
  ["959.2989124e-8", "9.5929891240000002e-06"],
  ["83.9", "83.900000000000006"],
  ["95293e176", "9.5293000000000009e+180"],
  ["3704.", "3704"],
  ["7.e99", "6.9999999999999995e+99"],
  ["4312655880970304761530148.2627e25", "4.3126558809703049e+49"],
  ["0523e-323", "5.2321551894588009e-321"],
  [".02423799", "0.024237990000000001"],
  ["9579762980.05e-40", "9.5797629800499997e-31"],
  ["99826.68245e140", "9.9826682450000001e+144"],
  ["78.55", "78.549999999999997"],
  ["-876884452.4e-51", "-8.7688445239999996e-43"],
  ["882.8980", "882.89800000000002"],
  ["359778500834507342.653511e-2", "3597785008345073.5"],
  ["870642e-232", "8.7064200000000006e-227"],
  ["92514.e83", "9.2513999999999992e+87"],
  ["-45.90e70", "-4.5900000000000002e+71"],
  ["486e-113", "4.8600000000000003e-111"],
  ["0890081206643614638.71789014e236", "8.9008120664361466e+253"],
  ["-6.5473757e228", "-6.5473756999999998e+228"],
  ["-636.1506747", "-636.15067469999997"],
  ["-5220.", "-5220"],
  ["6.1585112e-274", "6.1585111999999998e-274"],
  [".0163437984370e-45", "1.6343798437e-47"],
  ["-3390857097.7817785967452216e-216", "-3.3908570977817787e-207"],
  ["-0523595003612.e106", "-5.2359500361200005e+117"],
  ["6795606.3", "6795606.2999999998"],
  ["-7777360592466.9679", "-7777360592466.9678"],
  ["595612.22795003494", "595612.2279500349"],
  ["8100.7906", "8100.7906000000003"],
  ["18.93121681873690249994636e279", "1.8931216818736902e+280"],
  ["-086073.", "-86073"],
  ["9077584.9329162", "9077584.9329161998"],
  ["56726834.", "56726834"],
  ["53030.", "53030"],
  [".46e163", "4.5999999999999999e+162"],
  ["09117007120267e-228", "9.1170071202669994e-216"],
  ["-0996643131900.67e160", "-9.9664313190067005e+171"],
  ["8.66697e128", "8.6669700000000004e+128"],
  ["2360955.50e178", "2.3609554999999999e+184"],
  ["537903280911.80199078328297311e272", "5.3790328091180199e+283"],
  ["-89.5e-279", "-8.9500000000000001e-278"],
  ["2.87777359e-84", "2.8777735899999999e-84"],
  ["3219431359156.6075884422941e255", "3.2194313591566075e+267"],
  ["592.803584994929e-329", E_FLOAT],
  ["2659.3e282", "2.6592999999999998e+285"],
  ["95735883640.8e43", "9.5735883640800008e+53"],
];

// prettier-ignore
const GOLDEN_G17: [string, string][] = [
  ["3fb999999999999a", "0.10000000000000001"],
  ["3fc999999999999a", "0.20000000000000001"],
  ["3fd3333333333333", "0.29999999999999999"],
  ["3fd5555555555555", "0.33333333333333331"],
  ["3fe5555555555555", "0.66666666666666663"],
  ["4008000000000000", "3"],
  ["c008000000000000", "-3"],
  ["4376345785d8a000", "1e+17"],
  ["4341c37937e08000", "10000000000000000"],
  ["4376345785d89fff", "99999999999999984"],
  ["437b69b4ba630f35", "1.2345678901234568e+17"],
  ["4340000000000000", "9007199254740992"],
  ["4340000000000001", "9007199254740994"],
  ["43d0000000000000", "4.6116860184273879e+18"],
  ["43e0000000000000", "9.2233720368547758e+18"],
  ["43f0000000000000", "1.8446744073709552e+19"],
  ["3e60000000000000", "2.9802322387695312e-08"],
  ["3e70000000000000", "5.9604644775390625e-08"],
  ["0000000000000001", "4.9406564584124654e-324"],
  ["0010000000000000", "2.2250738585072014e-308"],
  ["7fe0000000000000", "8.9884656743115795e+307"],
  ["3ee4f8b588e368f1", "1.0000000000000001e-05"],
  ["3f1a36e2eb1c432c", "9.9999999999999991e-05"],
  ["3f1a36e2eb1c432d", "0.0001"],
  ["3f202e85be180b74", "0.00012345678901234567"],
  ["3e8421f5f40d8376", "1.4999999999999999e-07"],
  ["405edd2f1a9fbe77", "123.456"],
  ["54b249ad2594c37d", "1e+100"],
  ["2b2bff2ee48e0530", "1e-100"],
  ["7fefffffffffffff", "1.7976931348623157e+308"],
  ["ffefffffffffffff", "-1.7976931348623157e+308"],
  ["0000000000000001", "4.9406564584124654e-324"],
  ["0010000000000000", "2.2250738585072014e-308"],
  ["000fffffffffffff", "2.2250738585072009e-308"],
  ["3fe0000000000000", "0.5"],
  ["3fd0000000000000", "0.25"],
  ["3fc0000000000000", "0.125"],
  ["444b1ae4d6e2ef50", "1e+21"],
  ["4480f0cf064dd592", "1e+22"],
  ["44b52d02c7e14af6", "9.9999999999999992e+22"],
  ["0000000000000001", "4.9406564584124654e-324"],
  ["7fefffffffffffff", "1.7976931348623157e+308"],
  ["4011666666666666", "4.3499999999999996"],
  ["3fe6666666666666", "0.69999999999999996"],
  ["3ff199999999999a", "1.1000000000000001"],
  ["4005666666666666", "2.6749999999999998"],
  ["430c6bf526340002", "1000000000000000.2"],
  ["4340000000000000", "9007199254740992"],
  ["3fd3333333333334", "0.30000000000000004"],
  ["4059000000000000", "100"],
  ["40934a456d5cfaad", "1234.5678"],
  ["bf201f31f46ed246", "-0.00012300000000000001"],
  ["c45ebd5983fe216a", "-2.2681856155395508e+21"],
  ["3cb61dee4444974f", "3.0693387985229495e-16"],
  ["cd4ec3171d0962c3", "-2.5309564367712746e+64"],
  ["bfb2c9fb6134ce3e", "-0.073394500000000001"],
  ["fc372ca28eee497b", "-2.2584137080547096e+290"],
  ["bfcaf63800218def", "-0.21063899999999999"],
  ["492d300000000000", "3.2545150024105628e+44"],
  ["526d4f4b220e16a1", "1.1661131879305867e+89"],
  ["bd77a30fb220335c", "-1.3436055183410644e-12"],
  ["bc45c785655cf916", "-2.3613250255584717e-18"],
  ["7862f80000000000", "8.0168695099837201e+271"],
  ["08fb500000000000", "2.1176066267335907e-265"],
  ["6e9dfc0000000000", "6.9366819670541688e+224"],
  ["b7c3d002e82ba463", "-4.5487371027175603e-40"],
  ["405bf5d2f1a9fbe7", "111.84099999999999"],
  ["be27a4cf07f1cf9d", "-2.752498728557194e-09"],
  ["3e714fca42aed139", "6.4491033554077145e-08"],
  ["c3683472208520d4", "-54504513740539552"],
  ["c0d3db09a62c9f5e", "-20332.150767474777"],
  ["432beeb53dfd4734", "3931143283843994"],
  ["4ef956ed5ce01a4c", "2.7981953808478161e+72"],
  ["c28c82ad5e2b56b0", "-3918447494506.8359"],
  ["389f480000000000", "5.883349225865549e-36"],
  ["c2b46c9e17081000", "-22456741333008"],
  ["405731f6fd21ff2e", "92.780699999999996"],
  ["c01d4e5800000000", "-7.326507568359375"],
  ["7d1bc40000000000", "4.4332602875539964e+294"],
  ["980cd2ae7da55fdb", "-7.8968082639405844e-193"],
  ["42ef6928e580f079", "276292145252227.78"],
  ["43295ed2714c50c8", "3570566177368164"],
  ["9233f314f82cdc0a", "-5.5189447897437815e-221"],
  ["c088c676c8b43958", "-792.80799999999999"],
  ["430a3a4a63928c9a", "922805070877075.25"],
  ["43c03f665674df3b", "2.3415338993072512e+18"],
  ["c394ad88baa45d46", "-3.7249934673309325e+17"],
  ["3c232bb5df2db498", "5.1962405443191528e-19"],
  ["b7d3afa65dae447f", "-9.0394286327016501e-40"],
  ["bfe349cf56eac860", "-0.60275999999999996"],
  ["c31f73e479f7f9a4", "-2213287353515625"],
  ["42e37683afc9c300", "171197891235352"],
  ["c1007ab292800000", "-134998.32153320312"],
  ["baa8e8935cb4a68f", "-4.0241849810527684e-26"],
  ["c031a9ba5e353f7d", "-17.663"],
  ["3d59f2dacaa9e6a0", "3.6875250935554505e-13"],
  ["c3d038edad42d90c", "-4.6757817268371579e+18"],
  ["441fd37bf3c1c802", "1.4677202701568603e+20"],
  ["407887a9fbe76c8b", "392.47899999999998"],
  ["5960440000000000", "3.3601526538605898e+122"],
  ["41296aa000000000", "832848"],
  ["bfa6940357a35504", "-0.044097999999999998"],
  ["42109beee68ea400", "17833900451.660156"],
  ["2a0e900000000000", "4.1642847235279714e-106"],
  ["a75cca1cfe120e11", "-4.4596001547621448e-119"],
  ["41e019cce9000000", "2161010504"],
  ["1195b00000000000", "5.8591245056087301e-224"],
  ["4822d40000000000", "3.2034394698416473e+39"],
  ["bef00d288ce703af", "-1.5307807922363279e-05"],
  ["bfe54d8127b2cc71", "-0.66571100000000005"],
  ["bf8af91b33333334", "-0.01317044496536255"],
  ["3ba7880000000000", "2.4914680050097194e-21"],
  ["f145059b461547e2", "-4.2777812562413083e+237"],
  ["bfafe3efff00fc7f", "-0.062285899999999998"],
  ["ce335b49095ac0fc", "-5.2185245070798549e+68"],
  ["c35fdfe7465685cb", "-35887634754180908"],
  ["c214f90f53340000", "-22519469261"],
  ["4434639588543641", "3.7611067295074465e+20"],
  ["c29207c3b22a4000", "-4956139326096"],
  ["4b5db80000000000", "1.1385962963777034e+55"],
  ["ee5cf4f1cd98f272", "-4.1868517731485328e+223"],
  ["1124894c21fbacb1", "4.3344684336400525e-226"],
  ["3fed3126e978d4fe", "0.91225000000000001"],
  ["7a3eb00000000000", "6.9630174833544873e+280"],
  ["2c7d740000000000", "2.2062399821486985e-94"],
  ["4082e51eb851eb85", "604.63999999999999"],
  ["6e77f91c04521e97", "1.3865026181844726e+224"],
  ["64af280000000000", "9.8635364107474088e+176"],
  ["a16b1b5b8df4e57d", "-1.0599647988994894e-147"],
  ["3c9b1b4280a4e090", "9.4044506549835206e-17"],
  ["e7ccd983c378a1e2", "-1.0283194658121337e+192"],
  ["4012833260000000", "4.6281218528747559"],
  ["bfa8e721e2a8d724", "-0.048638399999999998"],
  ["40f6b6b19999999a", "93035.100000000006"],
  ["56681c0000000000", "1.7694341822363402e+108"],
  ["703a85bba93040ca", "4.1176497666321274e+232"],
  ["c433052627cf6e6c", "-3.5085916519165041e+20"],
  ["c2e2cb7245f919e0", "-165320038795471"],
  ["43e7da8d3b2f3319", "1.3750731945037842e+19"],
  ["4111781800000000", "286214"],
  ["0de6cc0000000000", "1.0683875251336551e-241"],
  ["9a36f8eb8e91a40d", "-2.1625589417328626e-182"],
  ["4e7a800000000000", "1.1431017386871871e+70"],
  ["76e9400000000000", "6.3607391887548196e+264"],
  ["400510efdc9c4da9", "2.63327"],
  ["c0e8837333333333", "-50203.599999999999"],
  ["315e040000000000", "6.795296683760201e-71"],
  ["40ae03b4cf000000", "3841.853141784668"],
  ["32b7a80000000000", "2.2462952448563024e-64"],
  ["64892b47945acc25", "1.9920236651465306e+176"],
  ["4110c4c400000000", "274737"],
  ["a3c02c0068d57d94", "-1.7382511144690608e-136"],
  ["7a4c6cbb45736186", "1.2899187590251712e+281"],
  ["f62f6b47f1524b47", "-1.932322165173608e+261"],
  ["0880407171399e02", "9.8440426900307584e-268"],
  ["b25000f9a1afb654", "-2.3744570823258207e-66"],
  ["c050e1532617c1be", "-67.520700000000005"],
  ["bc146e69bddb522d", "-2.7689576148986814e-19"],
  ["055b500000000000", "7.3469238565576312e-283"],
  ["c08a358247000000", "-838.68861198425293"],
  ["83f288d27a9bdda3", "-1.1886778117204993e-289"],
  ["c10d31b800000000", "-239159"],
  ["c3559e05ce16142f", "-24338889122009276"],
  ["c2f2be73282f51c0", "-329746961593628"],
  ["497eb009d18d188f", "1.0949719349799582e+46"],
  ["4394f8d8721ecd6a", "3.7779891490936282e+17"],
  ["3f9ca12076980cd2", "0.027958400000000001"],
  ["c3765a5676dd18ff", "-1.0066843032836914e+17"],
  ["6ebe400000000000", "2.7992530043182638e+225"],
  ["bfbe886800000000", "-0.11926889419555664"],
  ["bfd9c0767d34df05", "-0.40237200000000001"],
  ["bce24c7823660a20", "-2.0315647125244142e-15"],
  ["4350787655efe5fb", "18544197082519532"],
  ["411f26b800000000", "510382"],
  ["147a2c0000000000", "4.9755130836631136e-210"],
  ["3fac280000000000", "0.05499267578125"],
  ["2921340000000000", "1.4306682689968793e-110"],
  ["404c0a027525460b", "56.078200000000002"],
  ["1479e2ccd8d45969", "4.921153883000181e-210"],
  ["40c0cc0000000000", "8600"],
  ["c14a44e2319ac000", "-3443140.3875350952"],
  ["985e7669ed545f96", "-2.6707244101884431e-191"],
  ["c2dc456163facb6f", "-124337249053485.73"],
  ["c0e35e1000000000", "-39664.5"],
  ["40a476e0f4400000", "2619.4393634796143"],
  ["c217170f45ebcb14", "-24792781178.948318"],
  ["443b579a332db9d7", "5.0437450408935549e+20"],
  ["c08e2626e978d4fe", "-964.76900000000001"],
  ["40a6753851eb851f", "2874.6100000000001"],
  ["404715495182a993", "46.1663"],
  ["42eb890aba559da0", "242203235626221"],
  ["c3eb28eef837d6dc", "-1.5656614303588868e+19"],
  ["bff212d77318fc50", "-1.1295999999999999"],
  ["438cae8e511e02f0", "2.5834321975708006e+17"],
  ["40b76e8ccccccccd", "5998.5500000000002"],
  ["7708040000000000", "2.4199148844346925e+265"],
  ["1b2953114ace3510", "7.8118366349925542e-178"],
  ["769042e94c01adac", "1.2801280721644228e+263"],
  ["43460c4939b57c28", "12411916255950928"],
  ["c128d15a00000000", "-813229"],
  ["460b500000000000", "2.7048989858385559e+29"],
  ["416f3ed9a67c0000", "16381645.202636719"],
];

// prettier-ignore
const GOLDEN_LISTPACK_SCORE: [string, string, "int" | "str"][] = [
  ["0.5", "0.5", "str"],
  ["1e300", "1.0000000000000001e+300", "str"],
  ["-0.0", "0", "int"],
  ["0", "0", "int"],
  ["3", "3", "int"],
  ["-3", "-3", "int"],
  ["1e17", "100000000000000000", "int"],
  ["1e18", "1000000000000000000", "int"],
  ["4611686018427387904", "4611686018427387904", "int"],
  ["4611686018427388928", "4.6116860184273889e+18", "str"],
  ["-4611686018427387904", "-4611686018427387904", "int"],
  ["-4611686018427388928", "-4.6116860184273889e+18", "str"],
  ["9223372036854775808", "9.2233720368547758e+18", "str"],
  ["4503599627370496", "4503599627370496", "int"],
  ["4503599627370497", "4503599627370497", "int"],
  ["4503599627370495.5", "4503599627370495.5", "str"],
  ["0.1", "0.10000000000000001", "str"],
  ["-0.1", "-0.10000000000000001", "str"],
  ["123.456", "123.456", "str"],
  ["1e-300", "1e-300", "str"],
  ["5e-324", "4.9406564584124654e-324", "str"],
  ["1.7976931348623157e308", "1.7976931348623157e+308", "str"],
  ["-2.5", "-2.5", "str"],
  ["1e16", "10000000000000000", "int"],
  ["1e22", "1e+22", "str"],
  ["1e23", "9.9999999999999992e+22", "str"],
  ["12345678901234567890", "1.2345678901234567e+19", "str"],
  ["inf", "inf", "str"],
  ["-inf", "-inf", "str"],
  ["2.98023223876953125e-08", "2.9802322387695312e-08", "str"],
  ["1.5e-7", "1.4999999999999999e-07", "str"],
];

// prettier-ignore
const GOLDEN_INCRBYFLOAT: [string | null, string, string][] = [
  ["0", "0.1", "0.1"],
  ["0.1", "0.2", "0.3"],
  ["3", "1e-17", "3.00000000000000001"],
  ["10.5", "5.0e3", "5010.5"],
  ["10.5", "1e3", "1010.5"],
  ["10.5", ".5", "11"],
  ["10.5", "5.", "15.5"],
  ["10.5", "0x1p3", "18.5"],
  ["10.5", "0X1P-2", "10.75"],
  ["10.5", "0x1.8", "12"],
  ["10.5", "+1.5", "12"],
  ["10.5", "-.5", "10"],
  ["10.5", "-0", "10.5"],
  ["10.50", "0", "10.5"],
  ["10.5", "inf", E_NANINF],
  ["10.5", "-inf", E_NANINF],
  ["10.5", "Infinity", E_NANINF],
  ["10.5", "INF", E_NANINF],
  ["10.5", "infin", E_FLOAT],
  ["10.5", "nan", E_FLOAT],
  ["10.5", "nan(1)", E_FLOAT],
  ["10.5", " 1", E_FLOAT],
  ["10.5", "1 ", E_FLOAT],
  ["10.5", "", E_FLOAT],
  ["10.5", "0x", E_FLOAT],
  ["10.5", "1e", E_FLOAT],
  ["10.5", ".", E_FLOAT],
  ["10.5", "1e5000", E_FLOAT],
  ["10.5", "1e-5000", E_FLOAT],
  ["10.5", "0e-99999", "10.5"],
  ["10.5", "1e-4950", "10.5"],
  ["10.5", "1e-4951", E_FLOAT],
  ["10.5", "3.6e-4951", "10.5"],
  ["10.5", "1.8e-4951", E_FLOAT],
  ["10.5", "1.9e-4951", "10.5"],
  ["abc", "1", E_FLOAT],
  ["abc", "inf", E_FLOAT],
  ["inf", "1", E_NANINF],
  ["-inf", "1", E_NANINF],
  ["nan", "1", E_FLOAT],
  ["1", "1e300", "1" + "0".repeat(20) + 
    "8997324079559193870523944273290747938260082321265646596180935755849152083750497190350372508614274835" +
    "9035925561846729839130962605207486462873271356418436532940842551076060167897266529323700305513829476" +
    "20994540294772781889620606179267611627097410650567187386105690089424915104006144"],
  ["1", "-1e300", "-1" + "0".repeat(20) + 
    "8997324079559193870523944273290747938260082321265646596180935755849152083750497190350372508614274835" +
    "9035925561846729839130962605207486462873271356418436532940842551076060167897266529323700305513829476" +
    "20994540294772781889620606179267611627097410650567187386105690089424915104006144"],
  ["1.1e4932", "1.1e4932", E_NANINF],
  ["-1.1e4932", "-1.1e4932", E_NANINF],
  ["1.18973149535723176502e+4932", "0", 
    "1189731495357231765021263853030970205169063322294624200440323733891737005522970722616410290336528882" +
    "8535456978074955773144274431536702884341981255738537436786735932007069732632019159182829615243655295" +
    "1064679108661431179063216977883889613478656060039914875343321145491116008867984515486651285234014977" +
    "3037600009125479393966223151383622417838542743917838138717805889487540575168226347659235576974805113" +
    "7256490208848552224947913993775850260117735491800997962260268595085588836081598469002356451323465944" +
    "7638493985927645628457966177293040780660922910271504608538808795932778162298682754783076808004015069" +
    "4942303411728957777100335714010559775242124057347007386251660110828379119623008469277200965153500208" +
    "4744707924438485459128867230006190851264721119513614675276335195629275979572502780029807959041931396" +
    "0302147099703527646744553092202267965628099149823208332964124103850923918473478612192169721054348428" +
    "7048353408113042573002216421348917347174234800714880751002064390517234247656004721768096486107994943" +
    "4157034763206435586242074435044243805661360176088374781653890278095769759772868600714870282879555671" +
    "4140463261583262360276289631617397848425448686060994827086796804807870251185893083854658422304090880" +
    "5996294594586201903766048446790926002225410530775901065760671347200125846406957030257138960983757998" +
    "9269545530523685607586831792231136395194688508807718721047052039575874800131431314442549439199401757" +
    "5316933939236688185618912993172910425292123683515992232205099800167710278403536014082929639811512287" +
    "7768135706045789343535451696539561254048846447169786893211671087229088082778350518228857646062218739" +
    "7028516550837209923494833344352289847512327537266360662139022812647062340753520717240586650795182173" +
    "0346378263135339370677490195019784169044182473806316282858685774143258116536404021840272491339332094" +
    "9219498422442730427019873044536620350262386957804682003601447291997123095530057206141866974852846856" +
    "1865148327159744812031219467516863793430961896151073300655524214851952017628585950910518394725028638" +
    "7163249416761380499631979144187025430270675849519200883791516940158174004671147787720145964446117520" +
    "4059453504764721807975761111720846273639279600339670470037613374509553184150073796412605047923251661" +
    "3548412918842113408230154733047540670728187635036173329080059518963252070716739045477771296822652062" +
    "2565143991937680440029238090311243791261477625596469422198137514696707944687035800439250765945161837" +
    "9811859392049544036114915310782251072691486979809240946772142727012404377187409216756613634938900451" +
    "2323516681460893224006979931760178053381918499819330084109859939387602926013909114145260037202848721" +
    "3241195542428210183120421610446740462163533690058366460659115629876474552506814500393294140413149540" +
    "0677602951005962253022823003631473824681059648442441324864573137437595096416168048024129351876204668" +
    "1356368775328146755387988717718365128939471953350618850032676073543886733680020743878496570145760903" +
    "4985757124304510203873049485425670247933932280911052604153852899484920399109194612991249163328991799" +
    "8094380337879522093131466946149705939664152375949285890960489916121944989986384837022486672249148924" +
    "6784102061833646274169695763076324802355879752452537370354338829608627534277400163334340550835370485" +
    "0737454481975472222897528108302089868263302028525992308416805453968791141829762998896457648276528750" +
    "4562854924265165217750799516259669229114977788962356670956627138482018191348321687995863652637620978" +
    "2850700993372943967846398790249145142227425270063639423279984839767399871544185542015622441549266530" +
    "1451550468548925862027608576183712976335876121538256512963353814166394951655600026415918655485005705" +
    "2611431952919918807954522394649627635630178580896692226406235382898535867595990647008385687123810329" +
    "5919264948462507689922584193054807636202150890221492205280698420183508405869384938154989094454619778" +
    "9302911357651677540623227829831403347327660395223160342282471752818181884430488092132193355086987339" +
    "5861276073670866652375555675803171490108477320096424318780070008797346032906278943553743564448851907" +
    "1916164551411557619393996907674151564028265436640267600950875239455073415561358679330660317447209244" +
    "4651353236664764973540085196704077110364053815007348689179836404957060618953500508984091382686953509" +
    "0066783324472578712196604415284924840041850932811908963634175739897166596000759487800619164094854338" +
    "7585206571165410722609962881501231443779440087493019447443307843889957018427100048083050121771235606" +
    "2289507626904285680004771889315808935851559386317665294808903126774702966254511086154895839508779675" +
    "5464137944895960527975209874813839762578592105756284401759349324162148339565350189196811389091843795" +
    "7347032694063428900878058469403524534793980806742732362978871008671758025315613023560648787092598652" +
    "8841635097252953709111431720488774740553905400942537542411931794417513706468964386151771884986701034" +
    "1532542385911089624710885385808688837777258648564145934262121086647588489260031762345960769508849149" +
    "662444156604419552086811989770240"],
  ["1.18973149535723176508e+4932", "0", E_FLOAT],
  ["-0", "-0", "0"],
  ["0", "-0", "0"],
  ["-0", "0", "0"],
  ["1e-4940", "0", "0"],
  ["-1e-20", "0", "0"],
  ["1e-18", "0", "0"],
  ["5e-18", "0", "0"],
  ["5e-18", "1e-35", "0.00000000000000001"],
  ["-5e-18", "-1e-35", "-0.00000000000000001"],
  ["0", "0.000003814697265625", "0.00000381469726562"],
  ["0", "0.000011444091796875", "0.00001144409179688"],
  ["0", "-0.000003814697265625", "-0.00000381469726562"],
  ["1", "0.000003814697265625", "1.00000381469726562"],
  ["0", "1.5", "1.5"],
  ["1", "-1", "0"],
  ["0.1", "-0.1", "0"],
  ["1e20", "1", "1" + "0".repeat(20)],
  ["1e19", "0.5", "10000000000000000000"],
  ["18446744073709551615", "1", "18446744073709551616"],
  ["9223372036854775807", "1", "9223372036854775808"],
  ["-9223372036854775808", "-1", "-9223372036854775809"],
  ["1e17", "0.1", "100000000000000000.1015625"],
  ["123456789.123456789", "0.000000001", "123456789.12345678999554366"],
  ["3.0", "0", "3"],
  ["1.0e1", "0.0", "10"],
  ["0.30000000000000000", "0", "0.3"],
  ["1", "1e-19", "1"],
  ["1", "1e-20", "1"],
  ["1", "5.421010862427522e-20", "1"],
  ["1", "5.4210108624275222e-20", "1"],
  ["1", "5.42101086242752217e-20", "1"],
  ["1", "5.421010862427522170037264004349708557128906250e-20", "1"],
  ["1", "5.421010862427522170037264004349708557128906251e-20", "1"],
  ["1", "1.0842021724855044340074528008699417114257812e-19", "1"],
  ["1", "0x1p-64", "1"],
  ["1", "0x1.8p-64", "1"],
  ["1", "0x1p-65", "1"],
  ["1", "-0x1p-65", "1"],
  ["1", "-0x1p-64", "1"],
  ["1", "-0x1.8p-65", "1"],
  ["2", "-0x1p-63", "2"],
  ["0x1.fffffffffffffffep16383", "0", 
    "1189731495357231765021263853030970205169063322294624200440323733891737005522970722616410290336528882" +
    "8535456978074955773144274431536702884341981255738537436786735932007069732632019159182829615243655295" +
    "1064679108661431179063216977883889613478656060039914875343321145491116008867984515486651285234014977" +
    "3037600009125479393966223151383622417838542743917838138717805889487540575168226347659235576974805113" +
    "7256490208848552224947913993775850260117735491800997962260268595085588836081598469002356451323465944" +
    "7638493985927645628457966177293040780660922910271504608538808795932778162298682754783076808004015069" +
    "4942303411728957777100335714010559775242124057347007386251660110828379119623008469277200965153500208" +
    "4744707924438485459128867230006190851264721119513614675276335195629275979572502780029807959041931396" +
    "0302147099703527646744553092202267965628099149823208332964124103850923918473478612192169721054348428" +
    "7048353408113042573002216421348917347174234800714880751002064390517234247656004721768096486107994943" +
    "4157034763206435586242074435044243805661360176088374781653890278095769759772868600714870282879555671" +
    "4140463261583262360276289631617397848425448686060994827086796804807870251185893083854658422304090880" +
    "5996294594586201903766048446790926002225410530775901065760671347200125846406957030257138960983757998" +
    "9269545530523685607586831792231136395194688508807718721047052039575874800131431314442549439199401757" +
    "5316933939236688185618912993172910425292123683515992232205099800167710278403536014082929639811512287" +
    "7768135706045789343535451696539561254048846447169786893211671087229088082778350518228857646062218739" +
    "7028516550837209923494833344352289847512327537266360662139022812647062340753520717240586650795182173" +
    "0346378263135339370677490195019784169044182473806316282858685774143258116536404021840272491339332094" +
    "9219498422442730427019873044536620350262386957804682003601447291997123095530057206141866974852846856" +
    "1865148327159744812031219467516863793430961896151073300655524214851952017628585950910518394725028638" +
    "7163249416761380499631979144187025430270675849519200883791516940158174004671147787720145964446117520" +
    "4059453504764721807975761111720846273639279600339670470037613374509553184150073796412605047923251661" +
    "3548412918842113408230154733047540670728187635036173329080059518963252070716739045477771296822652062" +
    "2565143991937680440029238090311243791261477625596469422198137514696707944687035800439250765945161837" +
    "9811859392049544036114915310782251072691486979809240946772142727012404377187409216756613634938900451" +
    "2323516681460893224006979931760178053381918499819330084109859939387602926013909114145260037202848721" +
    "3241195542428210183120421610446740462163533690058366460659115629876474552506814500393294140413149540" +
    "0677602951005962253022823003631473824681059648442441324864573137437595096416168048024129351876204668" +
    "1356368775328146755387988717718365128939471953350618850032676073543886733680020743878496570145760903" +
    "4985757124304510203873049485425670247933932280911052604153852899484920399109194612991249163328991799" +
    "8094380337879522093131466946149705939664152375949285890960489916121944989986384837022486672249148924" +
    "6784102061833646274169695763076324802355879752452537370354338829608627534277400163334340550835370485" +
    "0737454481975472222897528108302089868263302028525992308416805453968791141829762998896457648276528750" +
    "4562854924265165217750799516259669229114977788962356670956627138482018191348321687995863652637620978" +
    "2850700993372943967846398790249145142227425270063639423279984839767399871544185542015622441549266530" +
    "1451550468548925862027608576183712976335876121538256512963353814166394951655600026415918655485005705" +
    "2611431952919918807954522394649627635630178580896692226406235382898535867595990647008385687123810329" +
    "5919264948462507689922584193054807636202150890221492205280698420183508405869384938154989094454619778" +
    "9302911357651677540623227829831403347327660395223160342282471752818181884430488092132193355086987339" +
    "5861276073670866652375555675803171490108477320096424318780070008797346032906278943553743564448851907" +
    "1916164551411557619393996907674151564028265436640267600950875239455073415561358679330660317447209244" +
    "4651353236664764973540085196704077110364053815007348689179836404957060618953500508984091382686953509" +
    "0066783324472578712196604415284924840041850932811908963634175739897166596000759487800619164094854338" +
    "7585206571165410722609962881501231443779440087493019447443307843889957018427100048083050121771235606" +
    "2289507626904285680004771889315808935851559386317665294808903126774702966254511086154895839508779675" +
    "5464137944895960527975209874813839762578592105756284401759349324162148339565350189196811389091843795" +
    "7347032694063428900878058469403524534793980806742732362978871008671758025315613023560648787092598652" +
    "8841635097252953709111431720488774740553905400942537542411931794417513706468964386151771884986701034" +
    "1532542385911089624710885385808688837777258648564145934262121086647588489260031762345960769508849149" +
    "662444156604419552086811989770240"],
  ["0x1.fffffffffffffffep16383", "0x1p16319", E_NANINF],
  ["0x1.fffffffffffffffep16383", "0x1p16318", 
    "1189731495357231765021263853030970205169063322294624200440323733891737005522970722616410290336528882" +
    "8535456978074955773144274431536702884341981255738537436786735932007069732632019159182829615243655295" +
    "1064679108661431179063216977883889613478656060039914875343321145491116008867984515486651285234014977" +
    "3037600009125479393966223151383622417838542743917838138717805889487540575168226347659235576974805113" +
    "7256490208848552224947913993775850260117735491800997962260268595085588836081598469002356451323465944" +
    "7638493985927645628457966177293040780660922910271504608538808795932778162298682754783076808004015069" +
    "4942303411728957777100335714010559775242124057347007386251660110828379119623008469277200965153500208" +
    "4744707924438485459128867230006190851264721119513614675276335195629275979572502780029807959041931396" +
    "0302147099703527646744553092202267965628099149823208332964124103850923918473478612192169721054348428" +
    "7048353408113042573002216421348917347174234800714880751002064390517234247656004721768096486107994943" +
    "4157034763206435586242074435044243805661360176088374781653890278095769759772868600714870282879555671" +
    "4140463261583262360276289631617397848425448686060994827086796804807870251185893083854658422304090880" +
    "5996294594586201903766048446790926002225410530775901065760671347200125846406957030257138960983757998" +
    "9269545530523685607586831792231136395194688508807718721047052039575874800131431314442549439199401757" +
    "5316933939236688185618912993172910425292123683515992232205099800167710278403536014082929639811512287" +
    "7768135706045789343535451696539561254048846447169786893211671087229088082778350518228857646062218739" +
    "7028516550837209923494833344352289847512327537266360662139022812647062340753520717240586650795182173" +
    "0346378263135339370677490195019784169044182473806316282858685774143258116536404021840272491339332094" +
    "9219498422442730427019873044536620350262386957804682003601447291997123095530057206141866974852846856" +
    "1865148327159744812031219467516863793430961896151073300655524214851952017628585950910518394725028638" +
    "7163249416761380499631979144187025430270675849519200883791516940158174004671147787720145964446117520" +
    "4059453504764721807975761111720846273639279600339670470037613374509553184150073796412605047923251661" +
    "3548412918842113408230154733047540670728187635036173329080059518963252070716739045477771296822652062" +
    "2565143991937680440029238090311243791261477625596469422198137514696707944687035800439250765945161837" +
    "9811859392049544036114915310782251072691486979809240946772142727012404377187409216756613634938900451" +
    "2323516681460893224006979931760178053381918499819330084109859939387602926013909114145260037202848721" +
    "3241195542428210183120421610446740462163533690058366460659115629876474552506814500393294140413149540" +
    "0677602951005962253022823003631473824681059648442441324864573137437595096416168048024129351876204668" +
    "1356368775328146755387988717718365128939471953350618850032676073543886733680020743878496570145760903" +
    "4985757124304510203873049485425670247933932280911052604153852899484920399109194612991249163328991799" +
    "8094380337879522093131466946149705939664152375949285890960489916121944989986384837022486672249148924" +
    "6784102061833646274169695763076324802355879752452537370354338829608627534277400163334340550835370485" +
    "0737454481975472222897528108302089868263302028525992308416805453968791141829762998896457648276528750" +
    "4562854924265165217750799516259669229114977788962356670956627138482018191348321687995863652637620978" +
    "2850700993372943967846398790249145142227425270063639423279984839767399871544185542015622441549266530" +
    "1451550468548925862027608576183712976335876121538256512963353814166394951655600026415918655485005705" +
    "2611431952919918807954522394649627635630178580896692226406235382898535867595990647008385687123810329" +
    "5919264948462507689922584193054807636202150890221492205280698420183508405869384938154989094454619778" +
    "9302911357651677540623227829831403347327660395223160342282471752818181884430488092132193355086987339" +
    "5861276073670866652375555675803171490108477320096424318780070008797346032906278943553743564448851907" +
    "1916164551411557619393996907674151564028265436640267600950875239455073415561358679330660317447209244" +
    "4651353236664764973540085196704077110364053815007348689179836404957060618953500508984091382686953509" +
    "0066783324472578712196604415284924840041850932811908963634175739897166596000759487800619164094854338" +
    "7585206571165410722609962881501231443779440087493019447443307843889957018427100048083050121771235606" +
    "2289507626904285680004771889315808935851559386317665294808903126774702966254511086154895839508779675" +
    "5464137944895960527975209874813839762578592105756284401759349324162148339565350189196811389091843795" +
    "7347032694063428900878058469403524534793980806742732362978871008671758025315613023560648787092598652" +
    "8841635097252953709111431720488774740553905400942537542411931794417513706468964386151771884986701034" +
    "1532542385911089624710885385808688837777258648564145934262121086647588489260031762345960769508849149" +
    "662444156604419552086811989770240"],
  ["0x1p-16445", "0", "0"],
  ["0x1p-16445", "0x1p-16445", "0"],
  ["0x1p-16382", "-0x1p-16445", "0"],
  ["1e-300", "1e-300", "0"],
  ["0", "1e308", 
    "9999999999999999999668587965584564566056009984741556720779704799492173486883806187210012692188853932" +
    "0446747225054013223152134749593960583597420814430196418767959100019603190778663109604507106667939153" +
    "3957889389145605435630612683649016186302170865892534448816237913008557573181424245104527282550463439" +
    "28578048"],
  ["0", "1.7976931348623157e308", 
    "1797693134862315699959210467741044340483864469443291784853144207651766285231243963547018686083870855" +
    "6442879341942552068930870836345113605535789727802647761707349897768628839483561816329404559443492953" +
    "7447290627480669417384648879122776218333598953852832103282504751611691208117720159985926376802466863" +
    "339536384"],
  ["0", "1e400", 
    "1000000000000000000028188068394758651458645343362905203862591069353968553400862986203936399484832416" +
    "0522094053927317616200295822777259255734023828976593340661017797447434546173917862448116674971723778" +
    "9438243915933380474706750262466844013592375136038303437354855052449559649790218250382800910684149474" +
    "0245689865304095101751265809261582758892018347251164331659136266413817630973480634373249743022194688" +
    "0"],
  ["1e-17", "1e-17", "0.00000000000000002"],
  ["99999999999999999.5", "0", "99999999999999999.5"],
  ["0." + "9".repeat(20), "0", "1"],
  ["0.000000000000000005", "0", "0"],
  ["0.000000000000000015", "0", "0.00000000000000002"],
  ["0.000000000000000025", "0", "0.00000000000000002"],
  ["2.5", "0", "2.5"],
  ["-2.5", "0", "-2.5"],
  ["0.5", "0", "0.5"],
  ["12345678901234567890.123456789", "0", "12345678901234567890"],
  ["3.14159265358979323846264338327950288419716939937510", "0", "3.14159265358979324"],
  ["1" + "0".repeat(100), "1", "9999999999999999999669353532207342619498699019828496079271391541752018669482644324418977840117055488"],
  ["0." + "0".repeat(100) + "1", "1", "1"],
  ["1" + "0".repeat(5000), "1", E_FLOAT],
  ["1" + "0".repeat(5118), "0", E_FLOAT],
  ["1" + "0".repeat(5119), "0", E_FLOAT],
  ["0." + "1".repeat(5117), "0", "0.11111111111111111"],
  ["0." + "1".repeat(5118), "0", E_FLOAT],
  ["72.198642792", "-1.090749060801539429021e23", "-109074906080153942900736"],
  ["109083.00", "-0.89", "109082.10999999999999943"],
  ["1.2288311295e-20", "15867197503015123589e-22", "0.00158671975030151"],
  ["277288295015589e-14", "0.585", "3.35788295015589"],
  ["0.83173", "12268327151943514e25", "122683271519435139996504257476786439323648"],
  ["1223130.0", "-13458e-12", "1223129.99999998654197952"],
  ["-33392", "1.e12", "999999966608"],
  ["35.0", "6373878.7", "6373913.6999999999998181"],
  ["42063.2", "1.0135656198e12", "1013565661863.19999998807907104"],
  ["1036425482.88", "-06912743e32", "-691274299999999999995021104143304491008"],
  ["38e150", "-405995.0", 
    "3799999999999999999859137884822712499110236842115664849110562347317386454522998533373862232081432710" +
    "0773729003878253767504068834852097283567469822214144"],
  ["82659", "301", "82960"],
  ["35e14", "1.51129660530823e21", "1511300105308230000000"],
  ["93e-701", "-217.6042736", "-217.60427359999999999"],
  ["29100499.2", "41e-30", "29100499.2000000000007276"],
  ["81e-3544", "24.1", "24.1"],
  ["67e-790", "13.0", "13"],
  ["-27e-2085", "96.5169095550", "96.516909555"],
  ["0e-40", "27929", "27929"],
  ["-13151", "-1.1227028e1", "-13162.22702799999999979"],
  ["5703", "886e-2362", "5703"],
  ["156e-3622", "5.6", "5.6"],
  ["0.5", "1.8961420529298766010710626e-8", "0.50000001896142053"],
  ["96.598357", "-36414591812.8", "-36414591716.20164300128817558"],
  ["087236000547683181e32", "-860.9987", "8723600054768318100015109539812845872854589243392"],
  ["2652.9", "036.0", "2688.89999999999999991"],
  [null, "9225.505495", "9225.50549499999999981"],
  ["02e-143", "5862.3", "5862.29999999999999982"],
  ["657686471216036e-6", "21416", "657707887.21603599999798462"],
  ["64906.0", "598931e32", "59893099999999999998660977274694664192"],
  ["674.0", "7.905", "681.90500000000000003"],
  ["11268", "1.9419e-28", "11268"],
  ["0.5", "90.5139", "91.0139"],
  ["-8.09", "6236045.4", "6236037.30999999999994543"],
  ["-8e185", "15e323", 
    "1499999999999999999988326645473228442034240641611607656032754590511599062114004312716263072792378913" +
    "0686135008864179183725863452827087362202788702942786541256456993680474168375828172450954159979709550" +
    "5665318291813678369402919611135297710966846898995113306092742054381650564043834141507342567390777538" +
    "4926460610180941478887424"],
  ["250.113383", "96376.821", "96626.93438299999999685"],
  [null, "6e181", 
    "6000000000000000000064658170577411231171427635253983194170459834320826114447401681272890457982282676" +
    "8859100094661105747751371695123313594763174161761939801076147627899802098415435776"],
  ["-3e-4703", "1.617685518515387e12", "1617685518515.38699996471405029"],
  ["-40976", "0.3", "-40975.69999999999999929"],
  ["662722.0", "0.21114", "662722.21114000000000033"],
  ["480.315", "-51088", "-50607.68499999999999872"],
  ["-85e-2013", "-2e-602", "0"],
  ["6120152076212e-27", "724", "724.00000000000000611"],
  ["-1e-1641", "-28.469269989", "-28.469269989"],
  ["-639.5", "1.0040928069880490019e-12", "-639.49999999999899591"],
  ["1.45979e21", "201e7", "1459790000002010000000"],
  ["-8896704.6", "065573866726e-23", "-8896704.5999999999994543"],
  ["-56769e24", "-6e-3623", "-56768999999999999998372610048"],
  ["796994845563051e15", "0.6", "796994845563050999998715002880"],
  ["316.101720789", "-42409.1", "-42092.99827921099999983"],
  ["76e-483", "-760.65", "-760.65000000000000002"],
  ["08829.019582", "0.2", "8829.21958199999999994"],
  ["83e-4740", "-24190360465.0", "-24190360465"],
  ["1.2e-24", "36632.48", "36632.48000000000000043"],
  ["-12695", "-1.41745939871", "-12696.41745939871000015"],
  ["6387e-40", "-04849.4717", "-4849.47169999999999979"],
  ["21857.0", "164e139", 
    "1639999999999999999984101025890817954957603004158923434625212357475425719615135497828090171870098272" +
    "048756537009493079270299744600703144820736"],
  ["-063788877181861185e-21", "5232", "5231.99993621112281827"],
  ["06340.4628", "-09e230", 
    "-899999999999999999977084131020320904156466348005972701622263705887724573029039231324250303409774261" +
    "1445542129100796501854196260537001652142731886820660830958485945954277935351495695407414325295891877" +
    "49255447005540115540646519898112"],
  ["-22891", "497510350.0", "497487459"],
  ["9e-1510", "-30331.0", "-30331"],
  ["95.21067005", "28926", "29021.21067004999999916"],
  ["4.69337", "563e-31", "4.69337"],
  ["0.1023", "79222", "79222.10229999999999961"],
  ["1.0", "-43945", "-43944"],
  ["54.0", "-1.8532774747e22", "-18532774747000000000000"],
  ["-0.4", "3.919", "3.519"],
  ["1.e15", "1.28181e-3", "1000000000000000.00128173828125"],
  ["-6.0", "-69504.05244", "-69510.05243999999999716"],
  ["-48421264046358525e34", "4860.9", "-484212640463585249995324348564713784961516309577728"],
  ["0.2", "-98425", "-98424.79999999999999716"],
  ["77.0", "31e-4775", "77"],
  ["461e-3015", "963.0", "963"],
  ["-9204", "9706", "502"],
  ["1.22803952085e17", "33.4", "122803952085000033.3984375"],
  ["4869256595033935e22", "1.9783001604546952274e21", "48692565950339351979189656900578836480"],
  ["8866e-16", "-65009e-1", "-6500.89999999999911351"],
  ["8e-4", "-54586", "-54585.99919999999999831"],
  ["37587", "78e-4628", "37587"],
  ["1.4505525170259521048692691e13", "-1.59364472630776386850e-13", "14505525170259.52104854583740234"],
  ["-0.30709034691", "-1.68427840095807327049908e-6", "-0.30709203118840096"],
  [null, "704e-3042", "0"],
  ["-0.18", "23e-3178", "-0.18"],
  ["-6e-2519", "58085697357049e-4", "5808569735.70489999977871776"],
  ["71749.3167", "-031e-3787", "71749.31669999999999732"],
  ["2e311", "322.17756818", "2" + "0".repeat(20) + 
    "3883853998992906589746350141012699994249793273118751570210163933935769011289054346687372975430738329" +
    "4648903887453540828693223116333906524945435089255149201938873915298287391738527534353071645593510283" +
    "3427573962592290890940457488467827145050720256952750608223084100739355426677482035315998720"],
  [null, "-986649.0", "-986649"],
  ["02.8123095720", "30122", "30124.8123095720000002"],
  ["7351.35742512", "-83419.4", "-76068.04257487999999654"],
  ["29942", "-7e6", "-6970058"],
  ["2239813281184459705e-10", "1.99554690757836e-4", "223981328.11864552518818527"],
  ["-8159978.8074", "0.0", "-8159978.80740000000014334"],
  ["0.9", "9707e38", "970700000000000000002809039008440374001664"],
  ["70551505637125134e-18", "763059376174803e-15", "0.83361088181192813"],
  ["866023.203", "1620", "867643.20299999999997453"],
  ["57147", "921713e8", "92171300057147"],
  ["-69961", "26608", "-43353"],
  ["5e173", "2.778059", 
    "4999999999999999999939017726099317287355207537907823096699625247346923928161043440307163144592898183" +
    "78879296579433113421388252694597007801996804266962105796652570949227380736"],
  ["356257.847", "72044305.0", "72400562.84700000000157161"],
  ["-13822", "3860.9060987", "-9961.09390129999999974"],
  ["0.0801", "3714777424.0", "3714777424.08009999990463257"],
  [null, "238492763370e-7", "23849.27633699999999983"],
  [null, "-27545", "-27545"],
  ["6264205337.57", "7146184697402e-38", "6264205337.56999999983236194"],
  ["912044.7", "-378611690.3", "-377699645.59999999997671694"],
  ["67e-3383", "1.70313522705e24", "1703135227049999999959040"],
  [null, "1e-3908", "0"],
  ["82176", "1.0", "82177"],
  ["69240", "9325760781162e32", "932576078116199999995527834973844722346360832"],
  ["0516252176896e-38", "-1960529.47236", "-1960529.47235999999998057"],
  ["-9896.37", "1.3876216873e13", "13876216863103.63000011444091797"],
  [null, "98026996261907000e18", "98026996261907000001817604291297280"],
  ["-0.54", "-0.3", "-0.84"],
  ["590252e-20", "9.3", "9.3000000000000059"],
  ["84.36", "100613102718269397e30", "100613102718269397000234896495312873969636343808"],
  ["5181177534.93", "0.869", "5181177535.799000000115484"],
  ["549042e3", "2e-134", "549042000"],
  ["0.0", "613793e21", "613792999999999999989514240"],
  ["6.2", "98.2760493", "104.47604929999999999"],
  ["0.533949", "-8026109928941174664e-14", "-80260.5653404117466394"],
  ["27647", "-48503.3550930", "-20856.3550930000000001"],
  ["0.5082935", "3e-3663", "0.5082935"],
  ["-23302", "3.9425", "-23298.05749999999999922"],
  [null, "-1.7801611e-16", "-0.00000000000000018"],
  ["41770", "1.92136095220540e-12", "41770.00000000000192202"],
  ["6.50517151", "1.0", "7.50517151"],
  [null, "094.0", "94"],
  ["-35527", "1.073367164949823501896752e16", "10733671649462708.0185546875"],
  ["-1.39413944e-2", "735939206675e16", "7359392066749999999843565568"],
  [null, "-5759123.0", "-5759123"],
  ["-0.5745894", "7.025863", "6.4512736"],
  [null, "-0430.1", "-430.10000000000000001"],
  ["0.6", "-1.529638e-12", "0.59999999999847036"],
  ["1985758534e-27", "3e288", 
    "2999999999999999999910608514323668765217554362666659868770401310748622319343194021173079886189986172" +
    "4047997355530979892687273994277436574681070569434177989428637533163219468438128322125633295908440583" +
    "29684635440054246906827046667589748511459128424246738184877355846846201488206797262028800"],
  ["54e-3230", "-49e-3345", "0"],
  ["1.8398248447191599520011e19", "796685235.027", "18398248447988284755"],
  ["597.0", "10.282", "607.28199999999999997"],
  ["1.9627551692219e10", "57e-2925", "19627551692.21900000050663948"],
  ["1.698233076e16", "28795", "16982330760028795"],
  ["983e-680", "-8.7", "-8.7"],
  ["-36081", "1.5964022372533918932e14", "159640223689258.1893157958984375"],
  ["80.0", "-0.960687679", "79.039312321"],
  [null, "16048", "16048"],
  ["0.75098494", "-242.005", "-241.25401506"],
  ["1.853e-12", "-0.667", "-0.666999999998147"],
  ["375e310", "077.9", 
    "3749999999999999999977344621605090902680928815818846233998206593480565796071605848739571388518132515" +
    "9132644548465430988514065327762346514767203927644867035685161815022610680040587387740241626008032108" +
    "4686953548874104337777559885293870549204830676485293842614067428415550146709057969054823827887277433" +
    "3002026057728"],
  [null, "1.90e-20", "0"],
  ["510e-4455", "-19.0", "-19"],
  ["1.012790e0", "1.e-12", "1.012790000001"],
  ["1880.0", "-20863", "-18983"],
  ["0e-4909", "-196e-1357", "0"],
  ["091e-2397", "-34e-1051", "0"],
  ["-3128944e-28", "1.0840536771225e-28", "0"],
  ["87147", "-612.5763092", "86534.42369080000000281"],
  ["26240", "-0251573163894280136e-31", "26239.99999999999997513"],
  ["-91832.3", "964.29", "-90868.00999999999999801"],
  ["1.053e-4", "-1.8882198630478934669696709e-29", "0.0001053"],
  ["596e-36", "814540986723041e23", "81454098672304100001854437601398751232"],
  ["107.46385", "8594.9", "8702.36385000000000023"],
  ["59.5045", "0.95", "60.4545"],
  ["-736209406e37", "-01e-1574", "-7362094060000000000238872625011735887907651584"],
  ["1.1", "-1.3573883912327e23", "-135738839123270000001024"],
  [null, "-0.01", "-0.01"],
  ["0.81835", "9.30", "10.11835"],
  ["54937.8016", "64401", "119338.80160000000000053"],
  ["25395", "68e-1103", "25395"],
  ["-33448", "244e-119", "-33448"],
  ["-208e-3659", "-1.07077366863298221481008e-25", "0"],
  ["69957563357432e2", "8.268884", "6995756335743208.26904296875"],
  ["-87.06812", "78.08665", "-8.98147"],
  ["-83509", "71e-4362", "-83509"],
  ["58e-27", "387e230", 
    "3869999999999999999926710415714812080707562047863507234570375566370766898550460443029006219002655310" +
    "8677287148874749203631939102814203658663972046076850395706919702712386412292229340988095764113048273" +
    "078362668728653990323883673124864"],
  [null, "-15.04", "-15.04"],
  ["27188.654751", "96050170733.1", "96050197921.75475100427865982"],
  ["37.59213", "1.0", "38.59213"],
  ["55602", "6396.7319", "61998.73189999999999955"],
  ["-1.303225660613e-11", "6e43", "59999999999999999999656034583161205887598592"],
  ["0.37", "0.24", "0.61"],
  ["3.4413066246", "-82e-3675", "3.4413066246"],
  [null, "0.7", "0.7"],
  ["-42.3", "87264042606534120e-18", "-42.21273595739346588"],
  ["86.0", "-3803869765e8", "-380386976499999914"],
  ["-2.0", "80576", "80574"],
  ["0.2", "1e-3858", "0.2"],
  ["-4884.7", "2218", "-2666.70000000000000018"],
  ["166e157", "1099980801e-17", 
    "1660000000000000000004018699051656090013699319302994885141371964126741884244171022753631579494053167" +
    "108102950406423993314384199471144129887784465567817557606400"],
  ["6.88919867", "6.0", "12.88919867"],
  [null, "33775", "33775"],
  ["-50e-3153", "0.6964772361", "0.6964772361"],
  ["-1.3052521e-27", "12502.5934", "12502.59339999999999993"],
  ["90e-4480", "-313e-2641", "0"],
  ["-461.2", "-15257", "-15718.20000000000000018"],
  ["061332503.858", "5.837", "61332509.69499999999970896"],
  ["-0.4713380", "1.85019426126863893250e-26", "-0.471338"],
  ["-43216", "6.1162372278", "-43209.88376277220000077"],
  ["1.213822567e17", "-0.6", "121382256699999999.3984375"],
  ["0.2739", "52.431", "52.7049"],
  ["1.6867385768e15", "-53990", "1686738576746010"],
  ["089e-4195", "155434819e35", "15543481900000000000528511138526996285358080"],
  ["-61450852992787764442e-9", "-0.236064", "-61450852993.02382843941450119"],
  ["-1.12620832993064e-28", "1.e-2", "0.01"],
  ["04e-1114", "-1.54726388250456e25", "-15472638825045599999492096"],
  ["0.1", "1.99094319e7", "19909432"],
  ["744582942.094", "237e-742", "744582942.09399999998277053"],
  ["1.2502167483492123225040e28", "58e-334", "12502167483492123225572245504"],
  ["-3554.347", "5.29", "-3549.05699999999999994"],
  ["-0004.93538", "-6942750731.0", "-6942750735.93538000015541911"],
  ["5061346118795161e-28", "-42416", "-42415.99999999999949551"],
  ["24.30100", "55369686204085855e-24", "24.3010000553696862"],
  ["5e154", "1.4645e-27", 
    "5000000000000000000120692469206982505376342711368192500136483661496484518175099206725877374049631638" +
    "8707289955476706812234880136831775069677342825560145920"],
  ["7.078", "1.298557145037922e-13", "7.07800000000012986"],
  ["92386708443415259e15", "-892.0", "92386708443415259001119328698368"],
  ["-1.31991816647e11", "3.37430765624", "-131991816643.62569234520196915"],
  ["45701", "7.0", "45708"],
  ["1.024366733920965737363e-22", "-313556874649454064e11", "-31355687464945406400805208064"],
  ["1.147e-18", "428.44525", "428.44525000000000001"],
  ["2e22", "629510975426e-12", "2" + "0".repeat(22)],
  ["41121", "74234", "115355"],
  ["539e-1723", "0351.718", "351.718"],
  ["6345.78675951", "1.1642178950998730008154792e1", "6357.4289384609987299"],
  ["1e-850", "24e-1837", "0"],
  ["1.922517", "58708", "58709.92251699999999914"],
  ["2226049.72", "484765e39", "484764999999999999989073203029506303773900800"],
  [null, "1.0308730735776e13", "10308730735776"],
  ["1.6", "1.198939441674e19", "11989394416740000002"],
  ["57343.2856", "0.87", "57344.15559999999999974"],
  ["8.289", "-87220340054.0", "-87220340045.71100000292062759"],
  ["2.0", "038e-3253", "2"],
  ["56e-2514", "-89246063.6", "-89246063.59999999999854481"],
  ["-1.33e-17", "57927.56063", "57927.56062999999999974"],
  ["-1.6892089674725959088e6", "8.89", "-1689200.07747259590883004"],
  ["1.3e-19", "5450", "5450"],
  ["748e-3964", "17e-1721", "0"],
  ["1.82225e26", "4102009883e-13", "182225000000000000006291456"],
  ["434058259e16", "2e-915", "4340582590000000000065536"],
  ["-1.5210150976e-2", "025.142594", "25.127383849024"],
  ["500975432.430", "1.1070", "500975433.53699999998207204"],
  ["9668", "224e-3580", "9668"],
  [null, "-20775849034703821e35", "-2077584903470382100017821312207548726097860286742528"],
  ["552460544.9", "611e-2378", "552460544.90000000002328306"],
  ["-19613", "8.0", "-19605"],
  ["4.0", "77695815.7", "77695819.69999999999708962"],
  ["4e-2891", "-51e330", 
    "-509999999999999999990902465658777340796378576601774364114216174700143648255072097895700778674522644" +
    "8413563333289704582534168269472705893016425077014376781145005949639992658273523156175428968080970484" +
    "1231463314265889610882965738275168447589600057904545539181667064327256969381315438823360881623365106" +
    "347179007588984821405463980539904"],
  [null, "73e36", "73000000000000000002265209938533941248"],
  [null, "98266", "98266"],
  ["43112373386886e-37", "1.03466938547e19", "10346693854700000000"],
  ["265e288", "643085368294e39", 
    "2649999999999999999934244884264299040434314848311795799243492340978852753473020403095220747031739240" +
    "4444335311357613202180760627026716589804666256556732895379609122372126265347907114548642495990164698" +
    "1249667196640757704018659650274771488582954889712808968989746684062605688638052669157539840"],
  ["0.8", "034915.0", "34915.80000000000000071"],
  ["13993545759e-15", "37410", "37410.00001399354576037"],
  ["0927.44445961", "270e-2626", "927.44445961"],
  [null, "35492.94", "35492.94000000000000128"],
  ["72518", "-1610885.0", "-1538367"],
  ["357331912711734e39", "340.69", "357331912711733999996911329038744276376699567320596480"],
  ["23201", "62856377177e26", "6285637717699999999969714238834868224"],
  ["3304.95", "-1.89410424950168673661367e-21", "3304.94999999999999996"],
  [null, "042707.6375", "42707.63749999999999929"],
  ["-7e-329", "-833.88515808", "-833.88515808000000001"],
  ["1.316979957e-16", "0.499636", "0.49963600000000013"],
  ["790.0", "92e-2305", "790"],
  ["-798560.0", "-0.60594010", "-798560.60594009999999798"],
];

// prettier-ignore
const GOLDEN_INCRBYFLOAT_CHAIN: [string, string][] = [
  ["0.1", "0.1"],
  ["0.7", "0.8"],
  ["1e-3", "0.801"],
  ["-0.33", "0.471"],
  ["1.000000000000000001", "1.471"],
  ["0.1", "1.571"],
  ["0.7", "2.271"],
  ["1e-3", "2.272"],
  ["-0.33", "1.942"],
  ["1.000000000000000001", "2.942"],
  ["0.1", "3.042"],
  ["0.7", "3.742"],
  ["1e-3", "3.743"],
  ["-0.33", "3.413"],
  ["1.000000000000000001", "4.413"],
  ["0.1", "4.513"],
  ["0.7", "5.213"],
  ["1e-3", "5.214"],
  ["-0.33", "4.884"],
  ["1.000000000000000001", "5.884"],
  ["0.1", "5.984"],
  ["0.7", "6.684"],
  ["1e-3", "6.685"],
  ["-0.33", "6.355"],
  ["1.000000000000000001", "7.355"],
  ["0.1", "7.455"],
  ["0.7", "8.155"],
  ["1e-3", "8.156"],
  ["-0.33", "7.826"],
  ["1.000000000000000001", "8.826"],
];

// prettier-ignore
const GOLDEN_HINCRBYFLOAT: [string | null, string, string][] = [
  [null, "1.5", "1.5"],
  [null, "inf", E_INCR_NANINF],
  [null, "x", E_FLOAT],
  ["abc", "inf", E_INCR_NANINF],
  ["abc", "x", E_FLOAT],
  ["abc", "1", E_HASH],
  ["1", "inf", E_INCR_NANINF],
  ["1", "-inf", E_INCR_NANINF],
  ["1", "nan", E_FLOAT],
  ["1", "0.1", "1.1"],
  ["0.1", "0.2", "0.3"],
  ["3", "1e-17", "3.00000000000000001"],
  ["1.1e4932", "1.1e4932", E_NANINF],
  [" 1", "1", E_HASH],
  ["10", "-10", "0"],
  ["1e300", "1", "1" + "0".repeat(20) + 
    "8997324079559193870523944273290747938260082321265646596180935755849152083750497190350372508614274835" +
    "9035925561846729839130962605207486462873271356418436532940842551076060167897266529323700305513829476" +
    "20994540294772781889620606179267611627097410650567187386105690089424915104006144"],
  ["-0", "-0", "0"],
  ["5", "0x1p-2", "5.25"],
  ["1e-4951", "1", E_HASH],
  ["1e5000", "1", E_HASH],
  ["inf", "1", E_NANINF],
  ["12", "1e-4951", E_FLOAT],
];
