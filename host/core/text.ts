// text.ts — the host's byte-string helpers, each a TypeScript twin of a Redis C routine the
// host-owned commands need: stringmatchlen (glob), sdssplitargs (config file lines), sdscatrepr
// (quoting for config lines and CONFIG REWRITE), string2ll (strict integers), memtoull (memory
// units) and strtol-style prefixes.
//
// PORTABLE: no node: imports.
//
// Byte strings are carried as "binary" JS strings: one char per byte (latin1), so any byte
// sequence a client sends (a password, a file name) survives a round trip unchanged and
// compares like C's memcmp. `bin()` / `binBytes()` convert at the edges. Names of settings and
// commands are ASCII, where binary and UTF-8 agree.
//
// The glob matcher is the same algorithm as assembly/util/glob.ts (Redis's stringmatchlen with
// its quirks, iterative instead of recursive); see that file's essay for the details. The host
// needs it for CONFIG GET, COMMAND LIST FILTERBY PATTERN and friends, on short strings.

/** Bytes -> binary string (one char per byte). */
export function bin(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  return s;
}

/** Binary string -> bytes. */
export function binBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

/** A UTF-8 JS string (a command-line argument, a file path) as a binary string. */
export function utf8ToBin(s: string): string {
  return bin(new TextEncoder().encode(s));
}

/** A binary string as UTF-8 text (for file paths handed to the OS). */
export function binToUtf8(s: string): string {
  return new TextDecoder().decode(binBytes(s));
}

const lower = (c: number) => (c >= 65 && c <= 90 ? c + 32 : c);
/** glibc tolower() on a signed char value (see assembly/util/glob.ts). */
const ctolowerSigned = (c: number) => (c < -1 ? c + 256 : lower(c));
const signed8 = (c: number) => (c > 127 ? c - 256 : c);

function matchOne(pat: string, p: number, c: number, nocase: boolean): number {
  const n = pat.length;
  let b = pat.charCodeAt(p);
  if (b === 0x3f) return p + 1; // ?
  if (b === 0x5b) { // [
    let q = p + 1;
    const negate = q < n && pat.charCodeAt(q) === 0x5e;
    if (negate) q++;
    let matched = false;
    for (;;) {
      if (q >= n) { q--; break; }
      const x = pat.charCodeAt(q);
      if (x === 0x5c && n - q >= 2) {
        q++;
        if (pat.charCodeAt(q) === c) matched = true;
      } else if (x === 0x5d) {
        break;
      } else if (n - q >= 3 && pat.charCodeAt(q + 1) === 0x2d) {
        let lo = signed8(pat.charCodeAt(q)), hi = signed8(pat.charCodeAt(q + 2)), sc = signed8(c);
        if (lo > hi) [lo, hi] = [hi, lo];
        if (nocase) { lo = ctolowerSigned(lo); hi = ctolowerSigned(hi); sc = ctolowerSigned(sc); }
        q += 2;
        if (sc >= lo && sc <= hi) matched = true;
      } else if (nocase ? lower(x) === lower(c) : x === c) {
        matched = true;
      }
      q++;
    }
    if (negate) matched = !matched;
    return matched ? q + 1 : -1;
  }
  if (b === 0x5c && n - p >= 2) { p++; b = pat.charCodeAt(p); }
  return (nocase ? lower(b) === lower(c) : b === c) ? p + 1 : -1;
}

/** Redis stringmatchlen() on binary strings. */
export function stringmatch(pat: string, str: string, nocase: boolean): boolean {
  const pn = pat.length, sn = str.length;
  if (sn === 0) return pn === 0;
  let p = 0, s = 0, starP = -1, starS = 0, stars = 0;
  for (;;) {
    if (p < pn) {
      if (pat.charCodeAt(p) === 0x2a) {
        while (p + 1 < pn && pat.charCodeAt(p + 1) === 0x2a) p++;
        if (p + 1 === pn) return true;
        if (++stars > 1000) return false;
        p++;
        starP = p;
        starS = s;
        continue;
      }
      const np = matchOne(pat, p, str.charCodeAt(s), nocase);
      if (np >= 0) {
        p = np;
        s++;
        if (s < sn) continue;
        while (p < pn && pat.charCodeAt(p) === 0x2a) p++;
        if (p === pn) return true;
      }
    }
    if (starP < 0) return false;
    starS++;
    if (starS >= sn) return false;
    p = starP;
    s = starS;
  }
}

const isHex = (c: string) => /^[0-9a-fA-F]$/.test(c);
const isSpace = (c: string) => c === " " || c === "\n" || c === "\r" || c === "\t" || c === "\v" || c === "\f";

/**
 * Redis sdssplitargs(): splits a line into arguments ("double quotes" with \n \r \t \b \a \xHH
 * escapes, 'single quotes' with \'), or null for unbalanced quotes / a closing quote not
 * followed by a space. Binary strings in, binary strings out.
 */
export function splitArgs(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  for (;;) {
    while (i < n && isSpace(line[i])) i++;
    if (i >= n) return out;
    let cur = "";
    let inq = false, insq = false, done = false;
    while (!done) {
      const ch = line[i];
      if (inq) {
        if (i >= n) return null;
        if (ch === "\\" && line[i + 1] === "x" && i + 3 < n && isHex(line[i + 2]) && isHex(line[i + 3])) {
          cur += String.fromCharCode(parseInt(line.slice(i + 2, i + 4), 16));
          i += 3;
        } else if (ch === "\\" && i + 1 < n) {
          i++;
          const e = line[i];
          cur += e === "n" ? "\n" : e === "r" ? "\r" : e === "t" ? "\t" : e === "b" ? "\b" : e === "a" ? "\x07" : e;
        } else if (ch === '"') {
          if (i + 1 < n && !isSpace(line[i + 1])) return null;
          done = true;
        } else {
          cur += ch;
        }
      } else if (insq) {
        if (i >= n) return null;
        if (ch === "\\" && line[i + 1] === "'") {
          i++;
          cur += "'";
        } else if (ch === "'") {
          if (i + 1 < n && !isSpace(line[i + 1])) return null;
          done = true;
        } else {
          cur += ch;
        }
      } else if (i >= n || isSpace(ch)) {
        done = true;
      } else if (ch === '"') {
        inq = true;
      } else if (ch === "'") {
        insq = true;
      } else {
        cur += ch;
      }
      if (i < n) i++;
    }
    out.push(cur);
  }
}

/** Redis sdscatrepr(): a double-quoted, escaped representation of a binary string. */
export function repr(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 0x5c: out += "\\\\"; break;
      case 0x22: out += '\\"'; break;
      case 0x0a: out += "\\n"; break;
      case 0x0d: out += "\\r"; break;
      case 0x09: out += "\\t"; break;
      case 0x07: out += "\\a"; break;
      case 0x08: out += "\\b"; break;
      default:
        out += c >= 0x20 && c < 0x7f ? s[i] : "\\x" + c.toString(16).padStart(2, "0");
    }
  }
  return out + '"';
}

const LLONG_MIN = -(2n ** 63n), LLONG_MAX = 2n ** 63n - 1n, ULLONG_MAX = 2n ** 64n - 1n;

/** Redis string2ll(): strict decimal int64 (no spaces, no '+', no leading zeros, no "-0"). */
export function string2ll(s: string): bigint | null {
  if (s.length === 0 || s.length >= 21) return null;
  if (s === "0") return 0n;
  if (!/^-?[1-9][0-9]*$/.test(s)) return null;
  const v = BigInt(s);
  return v < LLONG_MIN || v > LLONG_MAX ? null : v;
}

/** string2ll, as a JS number when it is one (most callers), else null. */
export function string2int(s: string): number | null {
  const v = string2ll(s);
  return v === null ? null : Number(v);
}

/**
 * C strtoll/strtoull with base 10 or 8: leading spaces, an optional sign, digits. Returns the
 * value (wrapped like C on overflow: clamped, with `range` set), and where parsing stopped.
 */
export function strtoll(s: string, base = 10, unsigned = false): { v: bigint; end: number; range: boolean } {
  let i = 0;
  while (i < s.length && isSpace(s[i])) i++;
  let neg = false;
  if (s[i] === "+" || s[i] === "-") { neg = s[i] === "-"; i++; }
  const digitRe = base === 8 ? /[0-7]/ : /[0-9]/;
  const start = i;
  let v = 0n;
  while (i < s.length && digitRe.test(s[i])) { v = v * BigInt(base) + BigInt(s.charCodeAt(i) - 48); i++; }
  if (i === start) return { v: 0n, end: 0, range: false };
  let range = false;
  if (unsigned) {
    if (v > ULLONG_MAX) { v = ULLONG_MAX; range = true; neg = false; }
    if (neg) v = BigInt.asUintN(64, -v);
  } else {
    if (neg) v = -v;
    if (v > LLONG_MAX) { v = LLONG_MAX; range = true; }
    if (v < LLONG_MIN) { v = LLONG_MIN; range = true; }
  }
  return { v, end: i, range };
}

/**
 * Redis memtoull(): "<digits>[b|k|kb|m|mb|g|gb]" (units any case) -> bytes, or null. As in C,
 * the digit part goes through strtoull, so an empty digit part ("", "kb") is 0 and a huge one
 * is ULLONG_MAX.
 */
export function memtoull(s: string): bigint | null {
  if (s[0] === "-") return null;
  let u = 0;
  while (u < s.length && s.charCodeAt(u) >= 48 && s.charCodeAt(u) <= 57) u++;
  const unit = s.slice(u).toLowerCase();
  const MUL: Record<string, bigint> = { "": 1n, b: 1n, k: 1000n, kb: 1024n, m: 1000000n, mb: 1048576n, g: 1000000000n, gb: 1073741824n };
  const mul = MUL[unit];
  if (mul === undefined) return null;
  if (u >= 128) return null;
  // strtoull saturates at ULLONG_MAX and Redis 7.0 does not check for it; the product wraps.
  const digits = s.slice(0, u);
  let v = digits === "" ? 0n : BigInt(digits);
  if (v > ULLONG_MAX) v = ULLONG_MAX;
  return BigInt.asUintN(64, v * mul);
}

/** C atoi(): leading spaces, sign, digits; 0 when nothing parses; wraps to int32. */
export function atoi(s: string): number {
  const r = strtoll(s, 10);
  return Number(BigInt.asIntN(32, r.v));
}

const SHA256_K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/**
 * SHA-256 of a binary string, as 64 hex digits (synchronous: WebCrypto's digest is async).
 * Redis stores ACL passwords this way; CONFIG REWRITE writes the default user's as "#<hex>".
 */
export function sha256hex(s: string): string {
  const msg = binBytes(s);
  const len = msg.length;
  const padded = new Uint8Array(((len + 9 + 63) >> 6) << 6);
  padded.set(msg);
  padded[len] = 0x80;
  const dv = new DataView(padded.buffer);
  dv.setUint32(padded.length - 8, Math.floor(len / 0x20000000));
  dv.setUint32(padded.length - 4, (len << 3) >>> 0);
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = new Uint32Array(64);
  const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = dv.getUint32(off + i * 4);
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
      const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let i = 0; i < 64; i++) {
      const S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const t1 = (hh + S1 + ((e & f) ^ (~e & g)) + SHA256_K[i] + w[i]) >>> 0;
      const S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      hh = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
  }
  return [...h].map((x) => x.toString(16).padStart(8, "0")).join("");
}
