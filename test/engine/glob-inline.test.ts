// glob-inline.test.ts — tests for the byte-level text modules of the engine:
//   assembly/util/glob.ts    stringmatchlen / patternIsLiteral (Redis glob matching)
//   assembly/resp/inline.ts  splitInlineArgs (Redis sdssplitargs, the inline-command splitter)
//
// The literal tables below were recorded from a real redis-server 7.0.15 (KEYS and SCAN MATCH
// over the key set, COMMAND LIST FILTERBY PATTERN for nocase matching, raw-socket inline
// commands for the splitter), so this file needs no Redis to run.

import { beforeAll, describe, expect, it } from "vitest";
import asc from "assemblyscript/asc";
import { readFile } from "node:fs/promises";

type Exports = {
  memory: WebAssembly.Memory;
  alloc(n: number): number;
  free(p: number): void;
  globMatch(pat: number, patLen: number, str: number, strLen: number, nocase: number): number;
  globIsLiteral(pat: number, len: number): number;
  splitInline(line: number, len: number, out: number, outCap: number, spans: number, spansCap: number): number;
  maxInlineArgs(len: number): number;
};

let ex: Exports;

beforeAll(async () => {
  const r = await asc.main([
    "test/assembly/text-harness.ts",
    "--outFile",
    "build/test/text-harness.wasm",
    "--runtime",
    "minimal",
    "-O3",
  ]);
  if (r.error) throw r.error;
  const bytes = await readFile("build/test/text-harness.wasm");
  const { instance } = await WebAssembly.instantiate(bytes, {
    env: {
      abort() {
        throw new Error("abort");
      },
    },
  });
  ex = instance.exports as unknown as Exports;
}, 120_000);

// ---------------------------------------------------------------------------------------------
// Helpers

/** Latin-1 string -> bytes (each char code 0..255 is one byte). */
const B = (s: string): Uint8Array => Uint8Array.from(s, (ch) => ch.charCodeAt(0) & 0xff);
/** bytes -> Latin-1 string. */
const S = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.length).toString("latin1");
/** Printable form for failure messages. */
const show = (s: string): string => JSON.stringify(s.length > 60 ? s.slice(0, 60) + `...(${s.length})` : s);

function put(b: Uint8Array): number {
  const p = ex.alloc(b.length);
  new Uint8Array(ex.memory.buffer, p, b.length).set(b);
  return p;
}

function match(pat: Uint8Array | string, str: Uint8Array | string, nocase = false): boolean {
  const pb = typeof pat === "string" ? B(pat) : pat;
  const sb = typeof str === "string" ? B(str) : str;
  const pp = put(pb);
  const sp = put(sb);
  const r = ex.globMatch(pp, pb.length, sp, sb.length, nocase ? 1 : 0);
  ex.free(sp);
  ex.free(pp);
  return r === 1;
}

function isLiteral(pat: string): boolean {
  const b = B(pat);
  const p = put(b);
  const r = ex.globIsLiteral(p, b.length);
  ex.free(p);
  return r === 1;
}

/** Split a line; returns argv as Latin-1 strings, or the negative error code. */
function split(line: string | Uint8Array, outCap?: number, spansCap?: number): string[] | number {
  const lb = typeof line === "string" ? B(line) : line;
  const lp = put(lb);
  const oc = outCap ?? lb.length;
  const sc = spansCap ?? ex.maxInlineArgs(lb.length);
  const op = ex.alloc(oc);
  const sp = ex.alloc(sc * 8);
  const argc = ex.splitInline(lp, lb.length, op, oc, sp, sc);
  let res: string[] | number = argc;
  if (argc >= 0) {
    res = [];
    const spans = new Int32Array(ex.memory.buffer, sp, sc * 2);
    for (let i = 0; i < argc; i++) {
      const off = spans[2 * i];
      const len = spans[2 * i + 1];
      expect(off).toBeGreaterThanOrEqual(0);
      expect(off + len).toBeLessThanOrEqual(oc);
      res.push(S(new Uint8Array(ex.memory.buffer, op + off, len)));
    }
  }
  ex.free(sp);
  ex.free(op);
  ex.free(lp);
  return res;
}

/** Small deterministic PRNG (mulberry32) so fuzz failures reproduce. */
function prng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n: number) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % n) | 0;
  };
}

// ---------------------------------------------------------------------------------------------
// JS reference glob: a deliberately naive, fully backtracking recursive matcher written from the
// documented semantics (no skipLongerMatches shortcut), used to fuzz the iterative wasm version.

function refGlob(p: Uint8Array, s: Uint8Array, nocase: boolean): boolean {
  const low = (c: number) => (c >= 65 && c <= 90 ? c + 32 : c);
  const signed = (c: number) => (c >= 128 ? c - 256 : c); // C char on x86/ARM Linux
  const ctolower = (c: number) => (c >= 65 && c <= 90 ? c + 32 : c < -1 ? c + 256 : c); // glibc
  const eq = (a: number, b: number) => (nocase ? low(a) === low(b) : a === b);

  // One element at pi against byte c: returns the next pattern index or -1.
  function one(pi: number, c: number): number {
    const b = p[pi];
    if (b === 0x3f) return pi + 1;
    if (b === 0x5b) {
      let i = pi + 1;
      const neg = i < p.length && p[i] === 0x5e;
      if (neg) i++;
      let hit = false;
      for (;;) {
        if (i >= p.length) return (hit !== neg) ? p.length : -1; // unterminated: closes at end
        const rem = p.length - i;
        if (p[i] === 0x5c && rem >= 2) {
          if (p[i + 1] === c) hit = true;
          i += 2;
        } else if (p[i] === 0x5d) {
          return (hit !== neg) ? i + 1 : -1;
        } else if (rem >= 3 && p[i + 1] === 0x2d) {
          let lo = signed(p[i]), hi = signed(p[i + 2]), x = signed(c);
          if (lo > hi) [lo, hi] = [hi, lo];
          if (nocase) [lo, hi, x] = [ctolower(lo), ctolower(hi), ctolower(x)];
          if (x >= lo && x <= hi) hit = true;
          i += 3;
        } else {
          if (eq(p[i], c)) hit = true;
          i += 1;
        }
      }
    }
    if (b === 0x5c && p.length - pi >= 2) return eq(p[pi + 1], c) ? pi + 2 : -1;
    return eq(b, c) ? pi + 1 : -1;
  }

  function go(pi: number, si: number, depth: number): boolean {
    if (depth > 1000) return false;
    while (pi < p.length && si < s.length) {
      if (p[pi] === 0x2a) {
        while (pi + 1 < p.length && p[pi + 1] === 0x2a) pi++;
        if (pi + 1 === p.length) return true;
        for (let k = si; k < s.length; k++) if (go(pi + 1, k, depth + 1)) return true;
        return false;
      }
      pi = one(pi, s[si]);
      if (pi < 0) return false;
      si++;
      if (si === s.length) while (pi < p.length && p[pi] === 0x2a) pi++;
    }
    return pi === p.length && si === s.length;
  }
  return go(0, 0, 0);
}

// JS reference splitter, from the documented sdssplitargs grammar.
function refSplit(line: Uint8Array): string[] | null {
  const at = (i: number) => (i < line.length ? line[i] : 0);
  const space = (c: number) => c === 32 || (c >= 9 && c <= 13);
  const hex = (c: number) => (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 102);
  const argv: string[] = [];
  let i = 0;
  for (;;) {
    while (at(i) !== 0 && space(at(i))) i++;
    if (at(i) === 0) return argv;
    let cur = "";
    let mode: "plain" | "dq" | "sq" = "plain";
    for (;;) {
      const c = at(i);
      if (mode === "dq") {
        if (c === 0) return null;
        if (c === 0x5c && at(i + 1) === 0x78 && hex(at(i + 2)) && hex(at(i + 3))) {
          cur += String.fromCharCode(parseInt(S(line.subarray(i + 2, i + 4)), 16));
          i += 4;
        } else if (c === 0x5c && at(i + 1) !== 0) {
          const m: Record<number, number> = { 0x6e: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x61: 7 };
          cur += String.fromCharCode(m[at(i + 1)] ?? at(i + 1));
          i += 2;
        } else if (c === 0x22) {
          if (at(i + 1) !== 0 && !space(at(i + 1))) return null;
          i++;
          break;
        } else {
          cur += String.fromCharCode(c);
          i++;
        }
      } else if (mode === "sq") {
        if (c === 0) return null;
        if (c === 0x5c && at(i + 1) === 0x27) {
          cur += "'";
          i += 2;
        } else if (c === 0x27) {
          if (at(i + 1) !== 0 && !space(at(i + 1))) return null;
          i++;
          break;
        } else {
          cur += String.fromCharCode(c);
          i++;
        }
      } else {
        if (c === 0) break;
        if (c === 32 || c === 10 || c === 13 || c === 9) {
          i++;
          break;
        }
        if (c === 0x22) mode = "dq";
        else if (c === 0x27) mode = "sq";
        else cur += String.fromCharCode(c);
        i++;
      }
    }
    argv.push(cur);
  }
}

// ---------------------------------------------------------------------------------------------
// Recorded from redis-server 7.0.15: KEYS <pattern> over KEYS (SCAN MATCH gave identical sets).
// Each row: [pattern, indices of the keys it matched]. Note row "*": KEYS and SCAN short-cut the
// exact pattern "*" to "all keys", so the empty key (index 0) is listed, but the matcher itself
// does not match "" with "*" (see "**", which goes through the matcher).

const KEYS: string[] = [
  "", "a", "b", "A", "ab", "aB", "abc", "abcabc", "aa", "aaa", "a*b", "a?b", "a[b", "a]b", "a\\b", "a-b", "a^b", "a b", "\x00", "a\x00b", "\xff", "\x80", "\x7f", "a\xffb", "\xff\x00", "*", "?", "[", "]", "\\", "-", "^", "hello", "hallo", "hxllo", "heeeello", "hllo", "foo:1", "foo:bar:2", "foobar", "zzz", "Z", "]]", "a-", "-a",
];
const GOLDEN: [string, number[]][] = [
  ["", [0]],
  ["*", [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44]],
  ["**", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44]],
  ["***", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44]],
  ["?", [1, 2, 3, 18, 20, 21, 22, 25, 26, 27, 28, 29, 30, 31, 41]],
  ["??", [4, 5, 8, 24, 42, 43, 44]],
  ["???", [6, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19, 23, 40]],
  ["a", [1]],
  ["a*", [1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19, 23, 43]],
  ["*a", [1, 8, 9, 44]],
  ["*a*", [1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19, 23, 33, 38, 39, 43, 44]],
  ["a*b", [4, 10, 11, 12, 13, 14, 15, 16, 17, 19, 23]],
  ["a**b", [4, 10, 11, 12, 13, 14, 15, 16, 17, 19, 23]],
  ["a?b", [10, 11, 12, 13, 14, 15, 16, 17, 19, 23]],
  ["?b", [4]],
  ["a?", [4, 5, 8, 43]],
  ["*b*", [2, 4, 6, 7, 10, 11, 12, 13, 14, 15, 16, 17, 19, 23, 38, 39]],
  ["h?llo", [32, 33, 34]],
  ["h*llo", [32, 33, 34, 35, 36]],
  ["h[ae]llo", [32, 33]],
  ["h[^e]llo", [33, 34]],
  ["h[a-b]llo", [33]],
  ["h[b-a]llo", [33]],
  ["h[^a-e]llo", [34]],
  ["foo:*", [37, 38]],
  ["foo:*:*", [38]],
  ["*:*", [37, 38]],
  ["*\\:*", [37, 38]],
  ["a\\*b", [10]],
  ["a\\?b", [11]],
  ["a\\[b", [12]],
  ["a\\]b", [13]],
  ["a\\\\b", [14]],
  ["\\a", [1]],
  ["\\", [29]],
  ["a\\", []],
  ["*\\", [29]],
  ["\\\\", [29]],
  ["[\\\\]", [29]],
  ["[\\]]", [28]],
  ["[]]", []],
  ["[]", []],
  ["[]a]", []],
  ["[^]]", [42]],
  ["[", []],
  ["[^", [1, 2, 3, 18, 20, 21, 22, 25, 26, 27, 28, 29, 30, 31, 41]],
  ["[a", [1]],
  ["[ab", [1, 2]],
  ["a[", []],
  ["a[b", [4]],
  ["[a-", [1, 30]],
  ["[a-]", [1, 28, 31]],
  ["[a-]b", [1, 2, 28, 31]],
  ["[-a]", [1, 30]],
  ["[a-b-]", [1, 2, 30]],
  ["[-]", [30]],
  ["[^-]", [1, 2, 3, 18, 20, 21, 22, 25, 26, 27, 28, 29, 31, 41]],
  ["[*]", [25]],
  ["[?]", [26]],
  ["[[]", [27]],
  ["[\\[]", [27]],
  ["[^a]", [2, 3, 18, 20, 21, 22, 25, 26, 27, 28, 29, 30, 31, 41]],
  ["[^ab]", [3, 18, 20, 21, 22, 25, 26, 27, 28, 29, 30, 31, 41]],
  ["[^^]", [1, 2, 3, 18, 20, 21, 22, 25, 26, 27, 28, 29, 30, 41]],
  ["[\\^]", [31]],
  ["[^\\^]", [1, 2, 3, 18, 20, 21, 22, 25, 26, 27, 28, 29, 30, 41]],
  ["^", [31]],
  ["-", [30]],
  ["]", [28]],
  ["]]", [42]],
  ["[]]]", []],
  ["[a-z]", [1, 2]],
  ["[z-a]", [1, 2]],
  ["[A-a]", [1, 3, 27, 28, 29, 31, 41]],
  ["[a-A]", [1, 3, 27, 28, 29, 31, 41]],
  ["[A-Z]", [3, 41]],
  ["[Z-A]", [3, 41]],
  ["[a-a]", [1]],
  ["[b-b]", [2]],
  ["\x00", [18]],
  ["*\x00*", [18, 19, 24]],
  ["a\x00b", [19]],
  ["a?b", [10, 11, 12, 13, 14, 15, 16, 17, 19, 23]],
  ["[\x00]", [18]],
  ["[\x00-a]", [1, 3, 18, 25, 26, 27, 28, 29, 30, 31, 41]],
  ["[\x00-\xff]", [18, 20]],
  ["[\xff-\x00]", [18, 20]],
  ["[\x80-\xff]", [20, 21]],
  ["[\x7f-\x80]", [1, 2, 3, 18, 20, 21, 22, 25, 26, 27, 28, 29, 30, 31, 41]],
  ["[a-\xff]", [1, 3, 18, 20, 25, 26, 27, 28, 29, 30, 31, 41]],
  ["[\xff-a]", [1, 3, 18, 20, 25, 26, 27, 28, 29, 30, 31, 41]],
  ["[^\x00-\xff]", [1, 2, 3, 21, 22, 25, 26, 27, 28, 29, 30, 31, 41]],
  ["\xff", [20]],
  ["*\xff", [20]],
  ["\xff*", [20, 24]],
  ["[\xff]", [20]],
  ["[\x80]", [21]],
  ["[\x7f-\xff]", [1, 2, 3, 18, 20, 22, 25, 26, 27, 28, 29, 30, 31, 41]],
  ["a*b*c", [6, 7]],
  ["a*b*c*", [6, 7]],
  ["*c", [6, 7]],
  ["abc*abc", [7]],
  ["*abc", [6, 7]],
  ["*bc*bc", [7]],
  ["a*a", [8, 9]],
  ["*a*a*", [7, 8, 9]],
  ["*a*a*a", [9]],
  ["?*", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44]],
  ["*?", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44]],
  ["*?*", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44]],
  ["?*?", [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19, 23, 24, 32, 33, 34, 35, 36, 37, 38, 39, 40, 42, 43, 44]],
  ["??*", [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19, 23, 24, 32, 33, 34, 35, 36, 37, 38, 39, 40, 42, 43, 44]],
  ["a**", [1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19, 23, 43]],
  ["**a**", [1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19, 23, 33, 38, 39, 43, 44]],
  ["z*", [40]],
  ["Z*", [41]],
  ["[zZ]*", [40, 41]],
  ["*[0-9]", [37, 38]],
  ["[a\\-b]", [1, 2, 30]],
  ["a[-]b", [15]],
  ["a[ ]b", [17]],
  ["a b", [17]],
  ["* *", [17]],
  ["[[]", [27]],
  ["\\[", [27]],
  ["[\\", [29]],
  ["[\\a", [1]],
  ["[a\\", [1, 29]],
  ["[^\\", [1, 2, 3, 18, 20, 21, 22, 25, 26, 27, 28, 30, 31, 41]],
  ["[\\]", [28]],
  ["h\\ello", [32]],
  ["h\\*llo", []],
  ["[h]ello", [32]],
  ["[h]*", [32, 33, 34, 35, 36]],
  ["[hH]ello", [32]],
  ["[^h]*", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 37, 38, 39, 40, 41, 42, 43, 44]],
  ["[^]", [1, 2, 3, 18, 20, 21, 22, 25, 26, 27, 28, 29, 30, 31, 41]],
  ["[^]a]", []],
  ["[!a]", [1]],
  ["[a]]", []],
  ["[a]]]", []],
  ["a]", []],
  ["\\]", [28]],
  ["\\-", [30]],
  ["[\\-]", [30]],
  ["[a\\-z]", [1, 30]],
  ["[\\a-z]", [1, 30]],
  ["[a-\\z]", [1, 28, 29, 31]],
  ["[a-\\]", [1, 28, 29, 31]],
];

// Recorded from redis-server 7.0.15 with COMMAND LIST FILTERBY PATTERN, which matches command
// names with nocase = 1. Rows: [pattern, indices into NOCASE_NAMES that it matched].
const NOCASE_NAMES: string[] = [
  "get", "set", "getset", "getdel", "getex", "setex", "psetex", "setnx", "setrange", "getrange", "config|get", "config|set", "client|list", "ping", "echo", "del", "exists", "expire", "keys", "scan", "zadd", "lpush", "xadd", "object|encoding", "acl|setuser",
];
const NOCASE_GOLDEN: [string, number[]][] = [
  ["GET", [0]],
  ["get", [0]],
  ["Get", [0]],
  ["G*", [0, 2, 3, 4, 9]],
  ["g*", [0, 2, 3, 4, 9]],
  ["*ET", [0, 1, 2, 10, 11]],
  ["?ET", [0, 1]],
  ["[G]ET", [0]],
  ["[g]et", [0]],
  ["[\\G]et", []],
  ["[\\g]ET", [0]],
  ["\\GET", [0]],
  ["[A-Z]et", [0, 1]],
  ["[a-z]ET", [0, 1]],
  ["[Z-a]et", []],
  ["[a-Z]et", []],
  ["[G-G]ET", [0]],
  ["[^G]ET", [1]],
  ["[^g]et", [1]],
  ["*|GET", [10]],
  ["CONFIG|*", [10, 11]],
  ["C*|*", [10, 11, 12]],
  ["*[|]*", [10, 11, 12, 23, 24]],
  ["[\x80-z]et", []],
  ["[\xff-z]et", [0, 1]],
  ["[\xfe-z]et", []],
  ["[z-\xff]et", [0, 1]],
  ["[^\x80-z]et", [0, 1]],
  ["[\x00-\xff]et", []],
  ["*E*", [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 16, 17, 18, 23, 24]],
  ["*EX", [4, 5, 6]],
  ["[S-S]*", [1, 5, 7, 8, 19]],
  ["?ET*", [0, 1, 2, 3, 4, 5, 7, 8, 9]],
  ["*X*", [4, 5, 6, 7, 16, 17, 22]],
  ["*[XZ]*", [4, 5, 6, 7, 16, 17, 20, 22]],
  ["[e-g]*[t-t]", [0, 2]],
];

// Recorded from redis-server 7.0.15 (KEYS): the star-nesting limit (1000) and long subjects.
// NEST_ROWS[i][j] is "1" when NEST_PATS[i] matched NEST_KEYS[j].
const NEST_KEYS = [
  "a".repeat(999),
  "a".repeat(1001),
  "a".repeat(1002),
  "a".repeat(1001) + "b",
  "a".repeat(2000) + "b",
  "ab".repeat(1200),
  "a".repeat(3000),
];
const NEST_PATS = [
  "a*".repeat(1000) + "a",
  "a*".repeat(1001) + "a",
  "a*".repeat(1001),
  "a*".repeat(1002),
  "*a".repeat(1000),
  "*a".repeat(1001),
  "*a".repeat(1000) + "*",
  "*a".repeat(1001) + "*",
  "a*".repeat(1000) + "b",
  "a*".repeat(1001) + "b",
  "*?".repeat(1000) + "b",
  "*?".repeat(1001) + "b",
  "*?".repeat(1001),
  "?*".repeat(1001),
  "**".repeat(3000) + "b",
  ("*a" + "*b").repeat(500),
  ("*a" + "*b").repeat(501),
  "*[ab]".repeat(1000),
  "*[ab]".repeat(1001),
];
const NEST_ROWS = [
  "0110001", "0000000", "0111111", "0000000", "0110001", "0000000", "0111111", "0000000", "0001110", "0000000",
  "0001110", "0000000", "0000000", "0111111", "0001110", "0000010", "0000000", "0111111", "0000000",
];

// Recorded from redis-server 7.0.15 by sending `RPUSH L <line>\r\n` over a raw socket and reading
// the list back: the expected argv of <line>, or null for
// "-ERR Protocol error: unbalanced quotes in request" (after which Redis closes the connection).
// [] means the line split into no arguments (Redis then answered RPUSH's arity error).
const INLINE_GOLDEN: [string, string[] | null][] = [
  ["a b c", ["a", "b", "c"]],
  ["  a   b  ", ["a", "b"]],
  ["\"a\\x41b\" \"x y\"", ["aAb", "x y"]],
  ["\"\\x4a\\x4A\\x4g\\xZZ\\x\"", ["JJx4gxZZx"]],
  ["\"\\n\\r\\t\\b\\a\\\"\\\\\\z\\0\"", ["\x0a\x0d\x09\x08\x07\"\\z0"]],
  ["'a\\'b' 'c\\\\d' 'e\"f'", ["a'b", "c\\\\d", "e\"f"]],
  ["\"\"", [""]],
  ["''", [""]],
  ["\"\" '' \"\"", ["", "", ""]],
  ["a\"b c\"d", null],
  ["a\"b c\" d", ["ab c", "d"]],
  ["a'b c' d", ["ab c", "d"]],
  ["\"a\"b", null],
  ["'a'b", null],
  ["\"abc", null],
  ["'abc", null],
  ["\"a\\\"", null],
  ["'a\\\\'", null],
  ["'a\\\\' ", null],
  ["a\x09b", ["a", "b"]],
  ["a\x0bb", ["a\x0bb"]],
  ["a\x0cb", ["a\x0cb"]],
  ["\x0ba\x0cb\x0b", ["a\x0cb\x0b"]],
  ["\"x\"\x0by", ["x", "y"]],
  ["\"x\"\x0cy", ["x", "y"]],
  ["'x'\x09y", ["x", "y"]],
  ["a\x0db", ["a", "b"]],
  ["\"a\x0db\"", ["a\x0db"]],
  ["a\\x41", ["a\\x41"]],
  ["a\\ b", ["a\\", "b"]],
  ["\"\\x00z\"", ["\x00z"]],
  ["\"\\xff\\xFf\"", ["\xff\xff"]],
  ["\"a\" \"b\"c", null],
  ["\"\" \"\"x", null],
  ["x\"\"", ["x"]],
  ["x\"\" y", ["x", "y"]],
  ["x''", ["x"]],
  ["\"it's\"", ["it's"]],
  ["'say \"hi\"'", ["say \"hi\""]],
  ["\"\\'\"", ["'"]],
  ["'\\\"'", ["\\\""]],
  ["\xff\x80 \x7f", ["\xff\x80", "\x7f"]],
  ["\"\xff\"", ["\xff"]],
  ["\"a\\", null],
  ["a\\", ["a\\"]],
  ["\"a b\\\" c\"", ["a b\" c"]],
  ["\"\\xa\"", ["xa"]],
  ["\"\\xag\"", ["xag"]],
  ["\\\"", null],
  ["\\'", null],
  ["\"", null],
  ["'", null],
  ["\"\\", null],
  ["''''", null],
  ["\"\"\"\"", null],
  ["\"\" ", [""]],
  [" \"\"", [""]],
  ["'\\x41'", ["\\x41"]],
  ["'a b'c", null],
  ["'a\\\\b'", ["a\\\\b"]],
  ["\"\\X41\"", ["X41"]],
  ["\"\\x4G\"", ["x4G"]],
  ["\"\\\\x41\"", ["\\x41"]],
  ["\"\\x414\"", ["A4"]],
  ["a\"\"b", null],
  ["a''b", null],
  ["a'' b", ["a", "b"]],
  ["\"a\"\x09\"b\"", ["a", "b"]],
  ["'a'\x0d'b'", ["a", "b"]],
  ["\"a\"\x0b\x0c\"b\"", ["a", "b"]],
  ["a\x0b\"b\"", ["a\x0bb"]],
  ["\x09\x09", []],
  ["   ", []],
  ["single", ["single"]],
  ["\"\\xFF\\x80\\x7f\"", ["\xff\x80\x7f"]],
  ["\"tab\x09here\"", ["tab\x09here"]],
  ["'tab\x09here'", ["tab\x09here"]],
  ["\x01 \x02", ["\x01", "\x02"]],
];

// ---------------------------------------------------------------------------------------------

describe("glob: stringmatchlen vs redis-server 7.0.15", () => {
  it("KEYS/SCAN table (case-sensitive)", () => {
    const bad: string[] = [];
    let checked = 0;
    for (const [pat, hits] of GOLDEN) {
      const want = new Set(hits);
      if (pat === "*") want.delete(0); // KEYS' "all keys" shortcut, not the matcher
      KEYS.forEach((key, i) => {
        checked++;
        const got = match(pat, key);
        if (got !== want.has(i)) bad.push(`${show(pat)} vs ${show(key)}: want ${want.has(i)}`);
      });
    }
    expect(bad).toEqual([]);
    expect(checked).toBe(GOLDEN.length * KEYS.length);
  });

  it("COMMAND LIST FILTERBY PATTERN table (nocase)", () => {
    const bad: string[] = [];
    for (const [pat, hits] of NOCASE_GOLDEN) {
      const want = new Set(hits);
      NOCASE_NAMES.forEach((name, i) => {
        if (match(pat, name, true) !== want.has(i)) bad.push(`${show(pat)} vs ${name}: want ${want.has(i)}`);
      });
    }
    expect(bad).toEqual([]);
  });

  it("star-nesting limit and long subjects", () => {
    const bad: string[] = [];
    NEST_PATS.forEach((pat, i) => {
      NEST_KEYS.forEach((key, j) => {
        const want = NEST_ROWS[i][j] === "1";
        if (match(pat, key) !== want) bad.push(`pat#${i} ${show(pat)} vs key#${j}: want ${want}`);
      });
    });
    expect(bad).toEqual([]);
  });

  it("spot checks of the quirks", () => {
    expect(match("*", "")).toBe(false); // empty subject matches only the empty pattern
    expect(match("", "")).toBe(true);
    expect(match("[abc", "b")).toBe(true); // unterminated set closes at the end
    expect(match("[", "[")).toBe(false);
    expect(match("[^", "x")).toBe(true);
    expect(match("[a-]b", "b")).toBe(true); // range ']'..'a', set left open, then 'b' member
    expect(match("[a-]b", "^")).toBe(true);
    expect(match("[z-a]", "m")).toBe(true); // reversed range is swapped
    expect(match("a\\", "a\\")).toBe(true); // trailing backslash is literal
    expect(match("[\\]]", "]")).toBe(true);
    expect(match("[\x00-\xff]", "\x00")).toBe(true); // signed chars: range is -1..0
    expect(match("[\x00-\xff]", "a")).toBe(false);
    expect(match("[\x00-\xff]", "\xff")).toBe(true);
    expect(match("[\x80-\xff]", "\x90")).toBe(true);
    expect(match("[\\G]et", "get", true)).toBe(false); // escaped set member ignores nocase
    expect(match("[Z-a]et", "get", true)).toBe(false); // nocase lowers after swapping
    expect(match("[\xff-z]et", "get", true)).toBe(true); // tolower(-1) == -1 (EOF)
    expect(match("[\x80-z]et", "get", true)).toBe(false); // tolower(-128) == 128
    expect(match("hello", "HELLO", true)).toBe(true);
    expect(match("hello", "HELLO", false)).toBe(false);
    expect(match("h\xe9llo", "H\xc9LLO", true)).toBe(false); // ASCII-only folding
  });

  it("fuzz: matches a naive backtracking reference", () => {
    const rnd = prng(0x5eed);
    const FRAG = [
      "*", "*", "**", "?", "a", "b", "A", "B", "-", "^", "]", "[", "\\", "\\*", "\\a", "\\\\",
      "[ab]", "[^a]", "[a-b]", "[b-a]", "[A-b]", "[a-]", "[-a]", "[\\]]", "[]]", "[^", "[a",
      "\x00", "\xff", "\x80", "[\x00-\xff]", "[\x80-\xff]", "[a-\xff]", "[\xff-A]", "[\\A]",
    ].map(B);
    const SALPHA = B("abAB-^][\\*?\x00\xff\x80\x7f");
    let agree = 0;
    let positives = 0;
    const bad: string[] = [];
    for (let t = 0; t < 30000; t++) {
      const parts: Uint8Array[] = [];
      const n = rnd(6);
      for (let i = 0; i < n; i++) parts.push(FRAG[rnd(FRAG.length)]);
      const pat = B(parts.map(S).join(""));
      let str: Uint8Array;
      if (rnd(3) === 0) {
        // Derive the subject from the pattern so that matches are common.
        str = B(S(pat).replace(/[*?\[\]\\^]/g, () => S(SALPHA.subarray(rnd(4), rnd(4) + rnd(3)))));
      } else {
        str = new Uint8Array(rnd(9)).map(() => SALPHA[rnd(SALPHA.length)]);
      }
      const nocase = rnd(2) === 1;
      const want = refGlob(pat, str, nocase);
      const got = match(pat, str, nocase);
      if (want) positives++;
      if (got === want) agree++;
      else if (bad.length < 10) bad.push(`${show(S(pat))} vs ${show(S(str))} nocase=${nocase}: want ${want}`);
    }
    expect(bad).toEqual([]);
    expect(agree).toBe(30000);
    expect(positives).toBeGreaterThan(1000); // the fuzz exercises both outcomes
  });

  it("pathological patterns finish with the right answer", () => {
    const longA = "a".repeat(200_000);
    expect(match("*a*a*a*a*a*a*a*b", longA)).toBe(false);
    expect(match("*a*a*a*a*a*a*a*b", longA + "b")).toBe(true);
    expect(match("*a".repeat(500) + "b", "a".repeat(20_000))).toBe(false);
    expect(match("*a".repeat(500) + "*b", "a".repeat(20_000) + "b")).toBe(true);
    expect(match("*" + "a".repeat(300) + "b", "a".repeat(20_000))).toBe(false); // quadratic-ish
    expect(match("*" + "a".repeat(300) + "b", "a".repeat(20_000) + "b")).toBe(true);
    // 1 MB patterns: the matcher is iterative, so the wasm stack never grows with the pattern.
    const MB = 1 << 20;
    expect(match("*a".repeat(MB / 2), "a".repeat(MB / 2))).toBe(false); // > 1000 stars: false
    expect(match("a*".repeat(MB / 2), "a".repeat(MB))).toBe(false); // reaches star #1001
    expect(match("a*".repeat(1000), "a".repeat(MB))).toBe(true); // star #1000 is trailing
    expect(match("*".repeat(MB), "x")).toBe(true);
    expect(match("*".repeat(MB) + "b", "a".repeat(MB) + "b")).toBe(true);
    expect(match("?".repeat(MB), "q".repeat(MB))).toBe(true);
    expect(match("?".repeat(MB), "q".repeat(MB - 1))).toBe(false);
    expect(match("[" + "a".repeat(MB), "a")).toBe(true); // one 1 MB unterminated set
    expect(match("[" + "a".repeat(MB), "b")).toBe(false);
    expect(match("\\".repeat(MB), "\\".repeat(MB / 2))).toBe(true);
    expect(match("[\\".repeat(MB / 2), "[".repeat(MB / 4))).toBe(false);
  });
});

describe("glob: patternIsLiteral", () => {
  it("flags exactly * ? [ \\ as special", () => {
    for (const p of ["", "a", "foo:bar", "a]b", "a^b", "a-b", "]", "^", "-", "\x00\xff", "user:{1}", "a b"]) {
      expect(isLiteral(p), show(p)).toBe(true);
    }
    for (const p of ["*", "a*", "?", "a?b", "[", "a[b]", "\\", "a\\b", "]*", "[]"]) {
      expect(isLiteral(p), show(p)).toBe(false);
    }
  });

  it("a literal pattern matches itself and nothing else", () => {
    const rnd = prng(7);
    const A = B("ab]^-\x00\xff ");
    for (let t = 0; t < 3000; t++) {
      const p = new Uint8Array(rnd(5)).map(() => A[rnd(A.length)]);
      const s = rnd(2) ? p : new Uint8Array(rnd(5)).map(() => A[rnd(A.length)]);
      expect(isLiteral(S(p))).toBe(true);
      expect(match(p, s)).toBe(S(p) === S(s));
    }
  });
});

describe("inline: splitInlineArgs vs redis-server 7.0.15", () => {
  it("recorded table", () => {
    const bad: string[] = [];
    for (const [line, want] of INLINE_GOLDEN) {
      const got = split(line);
      const norm = want === null ? -1 : want;
      if (JSON.stringify(got) !== JSON.stringify(norm)) bad.push(`${show(line)}: got ${JSON.stringify(got)}`);
      // The recorded lines were sent after "RPUSH L ": splitting the whole line must agree too.
      const whole = split("RPUSH L " + line);
      const wantWhole = want === null ? -1 : ["RPUSH", "L", ...want];
      if (JSON.stringify(whole) !== JSON.stringify(wantWhole)) bad.push(`RPUSH L ${show(line)}: got ${JSON.stringify(whole)}`);
    }
    expect(bad).toEqual([]);
  });

  it("empty and blank lines give argc 0", () => {
    expect(split("")).toEqual([]);
    expect(split(" \t\r\n\v\f")).toEqual([]);
  });

  it("a NUL byte ends the line, as in sdssplitargs on a C string", () => {
    expect(split("a\x00b c")).toEqual(["a"]);
    expect(split("a \x00 b")).toEqual(["a"]);
    expect(split('"a\x00b"')).toBe(-1);
    expect(split('"\\x00"')).toEqual(["\x00"]); // an escaped NUL is fine
  });

  it("reports lack of room with -2 and never writes past the caps", () => {
    expect(split("abc def", 5)).toBe(-2); // needs 6 output bytes
    expect(split("abc def", 6)).toEqual(["abc", "def"]);
    expect(split("a b c", undefined, 2)).toBe(-2);
    expect(split("a b c", undefined, 3)).toEqual(["a", "b", "c"]);
    expect(split('"" "" ""', 0)).toEqual(["", "", ""]); // empty args need no output bytes
    expect(ex.maxInlineArgs(0)).toBe(0);
    expect(ex.maxInlineArgs(5)).toBe(3);
  });

  it("decodes in place (out == line)", () => {
    const line = B('SET "a\\x41b" \'x y\' "\\n"');
    const lp = put(line);
    const sp = ex.alloc(64);
    const argc = ex.splitInline(lp, line.length, lp, line.length, sp, 8);
    expect(argc).toBe(4);
    const spans = new Int32Array(ex.memory.buffer, sp, 8);
    const args: string[] = [];
    for (let i = 0; i < argc; i++) args.push(S(new Uint8Array(ex.memory.buffer, lp + spans[2 * i], spans[2 * i + 1])));
    expect(args).toEqual(["SET", "aAb", "x y", "\n"]);
    ex.free(sp);
    ex.free(lp);
  });

  it("fuzz: matches the reference splitter, within the documented bounds", () => {
    const rnd = prng(0x1d1e);
    const FRAG = ["a", "b", " ", "  ", "\t", "\r", "\n", "\v", "\f", '"', "'", "\\", "x", "4", "F", "g", "n", "\\x41", "\\'", '\\"', "\xff", "\x00", '""', "''"];
    let ok = 0;
    let failures = 0;
    for (let t = 0; t < 20000; t++) {
      const n = rnd(10);
      let s = "";
      for (let i = 0; i < n; i++) s += FRAG[rnd(FRAG.length)];
      const line = B(s);
      const want = refSplit(line);
      const got = split(line); // out = len bytes, spans = maxInlineArgs(len): must always fit
      if (want === null) failures++;
      if (JSON.stringify(got) === JSON.stringify(want === null ? -1 : want)) ok++;
      else expect.fail(`${show(s)}: got ${JSON.stringify(got)} want ${JSON.stringify(want)}`);
    }
    expect(ok).toBe(20000);
    expect(failures).toBeGreaterThan(1000);
  });
});
