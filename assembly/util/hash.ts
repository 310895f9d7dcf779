// hash.ts — the keyed byte hash used by every dict, and the engine's PRNG.
//
// Redis hashes keys with SipHash keyed by a random seed so that clients cannot craft
// colliding keys. We keep the keyed property (the host passes a random seed at init) but
// use a cheaper mix: 8 bytes at a time through one 64-bit multiply and a rotation, which
// costs a few ns for typical 10-30 byte keys. Tables are powers of two, so the low bits
// must be well mixed: MurmurHash3's 64-bit finalizer takes care of it.
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

/** The dict hash key, for a BGSAVE worker's copy of the engine (host/node/persistence.ts). */
export function hashSeedState(): u64 { return seedLo; }
export function hashSeedRestore(v: u64): void { seedLo = v; }

/** Keyed 32-bit hash of `len` bytes at `p`: one multiply-rotate per 8 bytes, then fmix64. */
export function hashBytes(p: usize, len: usize): u32 {
  let h: u64 = seedLo ^ (<u64>len * 0x9e3779b97f4a7c15);
  let i: usize = 0;
  while (i + 8 <= len) {
    h = rotr<u64>((h ^ load<u64>(p + i)) * 0xbf58476d1ce4e5b9, 31);
    i += 8;
  }
  // Tail of 0..7 bytes, read as at most one u32, one u16 and one u8.
  let tail: u64 = 0;
  const rest = len - i;
  let shift: u64 = 0;
  if (rest & 4) { tail = <u64>load<u32>(p + i); i += 4; shift = 32; }
  if (rest & 2) { tail |= (<u64>load<u16>(p + i)) << shift; i += 2; shift += 16; }
  if (rest & 1) { tail |= (<u64>load<u8>(p + i)) << shift; }
  h = (h ^ tail) * 0x94d049bb133111eb;
  // fmix64 (MurmurHash3's finalizer): every input bit reaches the low bits the tables use.
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccd;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53;
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
