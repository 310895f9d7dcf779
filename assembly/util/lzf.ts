// lzf.ts — LZF compression as Redis configures it (Redis: lzf_c.c with lzfP.h's HLOG 16,
// VERY_FAST), so that the compressed size of a string is exactly Redis's: RDB files store
// strings longer than 20 bytes LZF-compressed, and DEBUG OBJECT reports that size as
// `serializedlength`.
//
// The format: a stream of
//   000LLLLL <L+1 literal bytes>          a run of 1..32 literal bytes
//   LLLooooo oooooooo                     a back reference of L+2 bytes (L < 7), offset o+1
//   111ooooo LLLLLLLL oooooooo            a back reference of L+9 bytes
//
// The compressor walks the input hashing each 3-byte window into a 65536-slot table that
// remembers the last position seen with that hash; a remembered position less than 8 KiB
// back whose 3 bytes really match starts a back reference, extended as far as the bytes
// agree (at most 264). After a match, only the last two positions it covered are hashed
// (the VERY_FAST trade-off). Output that would not fit in `outLen` makes it give up and
// return 0 ("not compressible"), which callers treat as "store verbatim".
//
// Redis 7.0.15's copy accepts a match up to the last 3 bytes of the input (no "ip + 4 < end"
// guard, which some liblzf versions have): checked against DEBUG OBJECT's serializedlength on
// thousands of random strings (test/engine/connection.test.ts keeps a live check).
//
// The table holds positions tagged with a per-call base instead of pointers, so it never has
// to be cleared between calls (Redis keeps its table uninitialised on the stack; a fresh
// table is the deterministic equivalent). Reads stay inside [in, in + inLen).

import { zcalloc } from "../mem/alloc";

const HLOG: u32 = 16;
const HSIZE: u32 = 1 << HLOG;
const MAX_LIT: u32 = 1 << 5;
const MAX_OFF: u32 = 1 << 13;
const MAX_REF: u32 = (1 << 8) + (1 << 3);

let htab: usize = 0; // HSIZE x u32: base + position + 1 of the last window with that hash
let base: u32 = 0;

@inline function idx(h: u32): u32 {
  return ((h >> (24 - HLOG)) - h * 5) & (HSIZE - 1);
}

/**
 * Compresses (inp, inLen) into at most outLen bytes at out. Returns the compressed size,
 * or 0 if the result would not fit (or the input is empty).
 */
export function lzfCompress(inp: usize, inLen: u32, out: usize, outLen: u32): u32 {
  if (inLen == 0 || outLen == 0) return 0;
  if (htab == 0) htab = zcalloc(<usize>HSIZE << 2);
  // Positions of earlier calls must read as "empty": start above all of them.
  if (base > 0xffffffff - inLen - 16) {
    memory.fill(htab, 0, <usize>HSIZE << 2);
    base = 0;
  }
  const b = base;
  base += inLen + 1;

  let ip: u32 = 0;
  let op: u32 = 1; // out[op - lit - 1] is the header of the current literal run
  let lit: u32 = 0;
  let hval: u32 = inLen >= 2 ? (<u32>load<u8>(inp) << 8) | <u32>load<u8>(inp + 1) : 0;

  while (inLen >= 3 && ip < inLen - 2) {
    hval = (hval << 8) | <u32>load<u8>(inp + ip + 2);
    const slot = htab + (<usize>idx(hval) << 2);
    const tagged = load<u32>(slot);
    store<u32>(slot, b + ip + 1);
    let matched = false;
    if (tagged > b) {
      const ref = tagged - b - 1; // an earlier position of this call
      const off = ip - ref - 1;
      if (ref < ip && off < MAX_OFF && ref > 0
          && load<u8>(inp + ref) == load<u8>(inp + ip)
          && load<u8>(inp + ref + 1) == load<u8>(inp + ip + 1)
          && load<u8>(inp + ref + 2) == load<u8>(inp + ip + 2)) {
        matched = true;
        let len: u32 = 2;
        let maxlen = inLen - ip - len;
        if (maxlen > MAX_REF) maxlen = MAX_REF;
        // Close the literal run (dropping its header if it is empty).
        store<u8>(out + op - lit - 1, <u8>(lit - 1));
        if (lit == 0) op--;
        if (op + 3 + 1 >= outLen) return 0;
        // Extend the match. (Redis unrolls 16 steps without the maxlen bound when
        // maxlen > 16, then continues bounded; the result is the same length.)
        let stop = false;
        if (maxlen > 16) {
          for (let k = 0; k < 16; k++) {
            len++;
            if (load<u8>(inp + ref + len) != load<u8>(inp + ip + len)) { stop = true; break; }
          }
        }
        if (!stop) {
          do {
            len++;
          } while (len < maxlen && load<u8>(inp + ref + len) == load<u8>(inp + ip + len));
        }
        len -= 2; // octets - 1
        ip++;
        if (len < 7) {
          store<u8>(out + op++, <u8>((off >> 8) + (len << 5)));
        } else {
          store<u8>(out + op++, <u8>((off >> 8) + (7 << 5)));
          store<u8>(out + op++, <u8>(len - 7));
        }
        store<u8>(out + op++, <u8>off);
        lit = 0;
        op++; // start a new run
        ip += len + 1;
        if (ip >= inLen - 2) break;
        // Hash the last two positions the match covered.
        ip -= 2;
        hval = (<u32>load<u8>(inp + ip) << 8) | <u32>load<u8>(inp + ip + 1);
        hval = (hval << 8) | <u32>load<u8>(inp + ip + 2);
        store<u32>(htab + (<usize>idx(hval) << 2), b + ip + 1);
        ip++;
        hval = (hval << 8) | <u32>load<u8>(inp + ip + 2);
        store<u32>(htab + (<usize>idx(hval) << 2), b + ip + 1);
        ip++;
      }
    }
    if (!matched) {
      if (op >= outLen) return 0;
      lit++;
      store<u8>(out + op++, load<u8>(inp + ip++));
      if (lit == MAX_LIT) {
        store<u8>(out + op - lit - 1, <u8>(lit - 1));
        lit = 0;
        op++;
      }
    }
  }
  if (op + 3 > outLen) return 0; // at most 3 bytes can be missing here
  while (ip < inLen) {
    lit++;
    store<u8>(out + op++, load<u8>(inp + ip++));
    if (lit == MAX_LIT) {
      store<u8>(out + op - lit - 1, <u8>(lit - 1));
      lit = 0;
      op++;
    }
  }
  store<u8>(out + op - lit - 1, <u8>(lit - 1));
  if (lit == 0) op--;
  return op;
}

/**
 * Decompresses (inp, inLen) into out, which holds outLen bytes (Redis: lzf_decompress).
 * Returns the decompressed size, or 0 if the input is corrupt or would overflow out.
 */
export function lzfDecompress(inp: usize, inLen: u32, out: usize, outLen: u32): u32 {
  let ip: u32 = 0;
  let op: u32 = 0;
  while (ip < inLen) {
    let ctrl = <u32>load<u8>(inp + ip++);
    if (ctrl < 32) {
      // A literal run of ctrl + 1 bytes.
      ctrl++;
      if (op + ctrl > outLen || ip + ctrl > inLen) return 0;
      memory.copy(out + op, inp + ip, ctrl);
      op += ctrl;
      ip += ctrl;
    } else {
      // A back reference: len + 2 bytes from (offset + 1) bytes back.
      let len = ctrl >> 5;
      if (ip >= inLen) return 0;
      if (len == 7) {
        len += <u32>load<u8>(inp + ip++);
        if (ip >= inLen) return 0;
      }
      const back = ((ctrl & 0x1f) << 8) + <u32>load<u8>(inp + ip++) + 1;
      if (back > op || op + len + 2 > outLen) return 0;
      // Byte by byte: the source may overlap what is being written (runs).
      let ref = op - back;
      for (let k: u32 = 0; k < len + 2; k++) store<u8>(out + op++, load<u8>(out + ref++));
    }
  }
  return op;
}
