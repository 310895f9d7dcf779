// sha1.ts — SHA-1 (FIPS 180-4), one-shot over a byte range.
//
// Used by DEBUG DIGEST / DIGEST-VALUE (rdb/digest.ts), which must produce the very digests
// Redis's debug.c computes, so the same dataset hashes alike in both servers. Every use is a
// single call over bytes already in memory (a key, a member, a 20-byte running digest), so
// there is no streaming context: sha1(p, n, out) hashes and writes 20 bytes at out. The
// message schedule and the final padding block live in static scratch (no allocation).

const W: usize = memory.data(80 * 4);
const TAIL: usize = memory.data(128);

@inline function rol(x: u32, n: u32): u32 { return (x << n) | (x >>> (32 - n)); }

@inline function bswap32(x: u32): u32 {
  return ((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24);
}

let h0: u32 = 0;
let h1: u32 = 0;
let h2: u32 = 0;
let h3: u32 = 0;
let h4: u32 = 0;

function block(p: usize): void {
  for (let i: usize = 0; i < 16; i++) store<u32>(W + (i << 2), bswap32(load<u32>(p + (i << 2))));
  for (let i: usize = 16; i < 80; i++) {
    const v = load<u32>(W + ((i - 3) << 2)) ^ load<u32>(W + ((i - 8) << 2)) ^
      load<u32>(W + ((i - 14) << 2)) ^ load<u32>(W + ((i - 16) << 2));
    store<u32>(W + (i << 2), rol(v, 1));
  }
  let a = h0, b = h1, c = h2, d = h3, e = h4;
  for (let i: usize = 0; i < 80; i++) {
    let f: u32, k: u32;
    if (i < 20) { f = (b & c) | (~b & d); k = 0x5a827999; }
    else if (i < 40) { f = b ^ c ^ d; k = 0x6ed9eba1; }
    else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8f1bbcdc; }
    else { f = b ^ c ^ d; k = 0xca62c1d6; }
    const t = rol(a, 5) + f + e + k + load<u32>(W + (i << 2));
    e = d; d = c; c = rol(b, 30); b = a; a = t;
  }
  h0 += a; h1 += b; h2 += c; h3 += d; h4 += e;
}

/** SHA-1 of n bytes at p, 20 bytes written at out (out may overlap the input). */
export function sha1(p: usize, n: usize, out: usize): void {
  h0 = 0x67452301; h1 = 0xefcdab89; h2 = 0x98badcfe; h3 = 0x10325476; h4 = 0xc3d2e1f0;
  let off: usize = 0;
  while (n - off >= 64) {
    block(p + off);
    off += 64;
  }
  const rest = n - off;
  memory.copy(TAIL, p + off, rest);
  store<u8>(TAIL + rest, 0x80);
  const total: usize = rest + 1 + 8 <= 64 ? 64 : 128;
  memory.fill(TAIL + rest + 1, 0, total - rest - 1);
  const bits = <u64>n << 3;
  for (let i: usize = 0; i < 8; i++) store<u8>(TAIL + total - 1 - i, <u8>(bits >> (<u64>i << 3)));
  block(TAIL);
  if (total == 128) block(TAIL + 64);
  store<u32>(out, bswap32(h0));
  store<u32>(out + 4, bswap32(h1));
  store<u32>(out + 8, bswap32(h2));
  store<u32>(out + 12, bswap32(h3));
  store<u32>(out + 16, bswap32(h4));
}
