// hash.ts — the keyed byte hash used by every dict, and the engine's PRNG.
//
// Redis hashes keys with SipHash keyed by a random seed so that clients cannot craft
// colliding keys. We keep the keyed property (the host passes a random seed at init) but
// use a cheaper mix: 8 bytes at a time through a 64-bit multiply-xorshift (wyhash-like
// folding), which costs a few ns for typical 10-30 byte keys. Tables are powers of two, so
// the low bits must be well mixed: the final avalanche takes care of it.
//
// Randomness (RANDOMKEY, eviction and active-expire sampling, SPOP ...) comes from
// xoshiro128**-style state seeded by the host, never from an import.

let seedLo: u64 = 0x9e3779b97f4a7c15;
let rngState0: u64 = 0x243f6a8885a308d3;
let rngState1: u64 = 0x13198a2e03707344;

export function hashSeed(seed: u64): void {
  seedLo = seed ^ 0x9e3779b97f4a7c15;
  rngState0 = seed * 0xbf58476d1ce4e5b9 + 1;
  rngState1 = (seed ^ 0x94d049bb133111eb) | 1;
  for (let i = 0; i < 8; i++) randomU64();
}

@inline function mix(a: u64, b: u64): u64 {
  // 64x64 -> 128 multiply folded to 64 bits, built from 32-bit halves (wasm has no mulhi).
  const r = a * b;
  const hi = (a >> 32) * (b >> 32) + (((a & 0xffffffff) * (b >> 32)) >> 32) + (((a >> 32) * (b & 0xffffffff)) >> 32);
  return r ^ hi;
}

/** Keyed 32-bit hash of `len` bytes at `p`. */
export function hashBytes(p: usize, len: usize): u32 {
  let h: u64 = seedLo ^ (<u64>len * 0xa0761d6478bd642f);
  let i: usize = 0;
  while (i + 8 <= len) {
    h = mix(h ^ load<u64>(p + i), 0xe7037ed1a0b428db);
    i += 8;
  }
  if (i < len) {
    let tail: u64 = 0;
    let shift: u64 = 0;
    while (i < len) {
      tail |= (<u64>load<u8>(p + i)) << shift;
      shift += 8;
      i++;
    }
    h = mix(h ^ tail, 0x8ebc6af09c88c6e3);
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccd;
  h ^= h >> 33;
  return <u32>h;
}

/** Case-insensitive variant (ASCII), for command names. */
export function hashBytesNoCase(p: usize, len: usize): u32 {
  let h: u32 = 2166136261;
  for (let i: usize = 0; i < len; i++) {
    let c = <u32>load<u8>(p + i);
    if (c >= 65 && c <= 90) c += 32;
    h = (h ^ c) * 16777619;
  }
  return h;
}

/** xorshift128+ step: 64 random bits. */
export function randomU64(): u64 {
  let s1 = rngState0;
  const s0 = rngState1;
  rngState0 = s0;
  s1 ^= s1 << 23;
  rngState1 = s1 ^ s0 ^ (s1 >> 17) ^ (s0 >> 26);
  return rngState1 + s0;
}

/** Uniform integer in [0, n). */
@inline export function randomBelow(n: u64): u64 {
  return n == 0 ? 0 : randomU64() % n;
}
