// bitops.test.ts — random differential runs of the bitmap and HyperLogLog commands against a
// live redis-server 7.0.15 (skipped when it is not installed, or with LIVE=0). The scripts in
// test/compat pin the edge cases; this covers the space between them: random strings (runs
// of 0x00 / 0xff, random bytes) under random BITCOUNT / BITPOS ranges in BYTE and BIT units,
// random BITFIELD programs (every width, signedness, #N offsets, the three overflow modes,
// values near the limits) with the string's bytes after each, and random PFADD / PFMERGE /
// PFCOUNT sequences under a random hll-sparse-max-bytes with GET of the HLL after every step
// (sparse splits, merges and promotions must produce Redis's bytes).

import { afterAll, beforeAll, expect, test } from "vitest";
import { redisAvailable, RedisProcess, runOnRedis, runOnRespite } from "../compat/runner.js";
import { escapeBytes, Step } from "../compat/script.js";

const LIVE = redisAvailable();

function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const enc = (s: string) => new TextEncoder().encode(s);
let line = 0;
const cmd = (...args: (string | Uint8Array)[]): Step => {
  const a = args.map((x) => (typeof x === "string" ? enc(x) : x));
  return { kind: "cmd", line: ++line, text: a.map(escapeBytes).join(" "), args: a, mode: "exact" };
};

function randomSteps(seed: number): Step[] {
  const steps: Step[] = [];
  const r = mulberry32(seed);
  const ri = (n: number) => Math.floor(r() * n);
  for (let k = 0; k < 1500; k++) {
    const len = ri(40);
    const b = new Uint8Array(len);
    const mode = ri(4);
    for (let i = 0; i < len; i++) b[i] = mode === 0 ? 0 : mode === 1 ? 255 : mode === 2 ? (r() < 0.9 ? 255 : ri(256)) : ri(256);
    if (mode === 2 && r() < 0.5) for (let i = 0; i < len; i++) b[i] = 255 - b[i];
    steps.push(cmd("SET", "s", b));
    const rn = () => String(ri(2) ? ri(len * 8 + 20) - 10 : ri(len * 2 + 4) - len - 2);
    const unit = ["", "BIT", "BYTE"][ri(3)];
    const bit = String(ri(2));
    switch (ri(4)) {
      case 0: steps.push(unit ? cmd("BITCOUNT", "s", rn(), rn(), unit) : cmd("BITCOUNT", "s", rn(), rn())); break;
      case 1: steps.push(unit ? cmd("BITPOS", "s", bit, rn(), rn(), unit) : cmd("BITPOS", "s", bit, rn(), rn())); break;
      case 2: steps.push(cmd("BITPOS", "s", bit, rn())); break;
      case 3: {
        const ops: string[] = [];
        for (let j = 0; j < 4; j++) {
          const t = (ri(2) ? "i" : "u") + String(1 + ri(63));
          const off = ri(4) ? String(ri(len * 8 + 70)) : "#" + ri(10);
          const o = ri(4);
          if (o === 0) ops.push("GET", t, off);
          else if (o === 1) ops.push("SET", t, off, String(BigInt(Math.floor((r() - 0.5) * 2 ** 53)) * BigInt(ri(3) ? 1 : 1024)));
          else if (o === 2) ops.push("INCRBY", t, off, String(Math.floor((r() - 0.5) * 2 ** (1 + ri(62)))));
          else ops.push("OVERFLOW", ["WRAP", "SAT", "FAIL"][ri(3)]);
        }
        steps.push(cmd("BITFIELD", "s", ...ops), cmd("GET", "s"));
      }
    }
  }
  // HLL: random adds and merges with a small sparse limit
  steps.push(cmd("CONFIG", "SET", "hll-sparse-max-bytes", String(100 + ri(3000))));
  for (let k = 0; k < 1000; k++) {
    const key = "h" + ri(5);
    const o = ri(10);
    if (o < 7) { const els: string[] = []; const n = 1 + ri(ri(2) ? 3 : 60); for (let i = 0; i < n; i++) els.push(String(ri(100000))); steps.push(cmd("PFADD", key, ...els)); }
    else if (o === 7) steps.push(cmd("PFMERGE", key, "h" + ri(5), "h" + ri(5)));
    else if (o === 8) steps.push(cmd("PFCOUNT", key));
    else steps.push(cmd("PFCOUNT", key, "h" + ri(5)));
    steps.push(cmd("GET", key));
  }
  steps.push(cmd("CONFIG", "SET", "hll-sparse-max-bytes", "3000"));
  return steps;
}

let redis: RedisProcess | null = null;
beforeAll(async () => {
  if (LIVE) redis = await RedisProcess.start();
}, 30000);
afterAll(() => redis?.stop());

for (const seed of [1, 2]) {
  test.runIf(LIVE)(`random bitmap and HLL commands, seed ${seed} (live)`, async () => {
    const steps = randomSteps(seed);
    const want = await runOnRedis(redis!.port, steps);
    const got = await runOnRespite(steps);
    const bad: string[] = [];
    for (let i = 0; i < want.length; i++) {
      const w = escapeBytes(want[i].reply), g = escapeBytes(got[i].reply);
      if (w !== g) bad.push(`${want[i].text.slice(0, 200)}\n want ${w.slice(0, 200)}\n got  ${g.slice(0, 200)}`);
    }
    expect(bad.slice(0, 5)).toEqual([]);
  }, 120000);
}
