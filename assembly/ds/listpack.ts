// listpack.ts — Redis 7.0.15's listpack, byte for byte (Redis: listpack.c).
//
// A listpack is one contiguous block holding a sequence of strings and integers: the compact
// encoding of small hashes and sorted sets, and the node format of lists (quicklist). We keep
// Redis's exact format, not just its idea, for two reasons: RDB files and DUMP payloads store
// a listpack verbatim (so SAVE/DUMP can copy the block and RESTORE can adopt one after
// validation), and every byte decision Redis makes (which encoding an element gets, when the
// header count saturates) is observable through DUMP, DEBUG and MEMORY USAGE.
//
//   +-------------+-----------+---------+---------+-----+---------+-----+
//   | total bytes | num elems | entry 0 | entry 1 | ... | entry N | EOF |
//   |  u32 LE     |  u16 LE   |         |         |     |         | FF  |
//   +-------------+-----------+---------+---------+-----+---------+-----+
//    0             4           6
//
//   entry:  +----------+------+---------+
//           | encoding | data | backlen |    backlen = size of encoding+data, written so it
//           +----------+------+---------+    can be read from its LAST byte going left
//
//   encoding byte(s)                          element
//   0xxxxxxx                                  7-bit unsigned int 0..127 (no data)
//   10xxxxxx  + len bytes                     string of 0..63 bytes
//   110xxxxx yyyyyyyy                         13-bit signed int (two's complement, big end first)
//   1110xxxx yyyyyyyy + len bytes             string of 64..4095 bytes (12-bit length)
//   11110000 + u32 LE len + len bytes         string of 4096+ bytes
//   11110001 / 0xF2 / 0xF3 / 0xF4 + LE int    16 / 24 / 32 / 64-bit signed int
//   11111111                                  end of listpack (EOF)
//
//   backlen: 1..5 bytes of 7 bits each. The rightmost byte holds the lowest 7 bits and has
//   the high bit set when more bytes follow on its left; the leftmost byte has it clear.
//   1 byte up to 127, 2 bytes below 16383, 3 below 2097151, 4 below 268435455, else 5.
//
// Element encoding rule (Redis: lpEncodeGetType): a string that is the canonical decimal
// spelling of an int64 ("0", "-12", not "01", "+1", " 1", "-0") is stored as the smallest
// integer encoding that holds it; anything else as a string. So callers just hand bytes to
// lpAppend/lpInsert/lpReplace and read them back with lpGet/lpGetBytes.
//
// The header count is a u16: at 65535 it means "unknown" and stays so (inserts no longer
// count, deletes neither) until lpLength walks the listpack and finds fewer than 65535
// elements, at which point it writes the count back, exactly as Redis does.
//
// API conventions (shared by the list, hash and zset types):
//  * A listpack is a pointer to a zmalloc block; an entry is a pointer into it (0 = none).
//  * Every mutating call may move the block and returns the new listpack pointer; entry
//    pointers taken before a mutation are invalid after it (lpLastInsert / lpLastDeleteNext
//    give the position the caller usually needs next).
//  * Results that are more than one value come through module globals (lpStrPtr/lpStrLen,
//    lpInt), so reading an element allocates nothing.
//  * Memory is allocated to the exact size (the allocator rounds to 16 bytes), grown only
//    when the block is too small and shrunk right away, like Redis's lp_realloc calls.

import { zfree, zmalloc, zmallocSize, zrealloc } from "../mem/alloc";
import { ll2string, parsedLL, string2ll } from "../util/number";
import { randomBelow } from "../util/hash";

export const LP_HDR_SIZE: usize = 6;
export const LP_HDR_NUMELE_UNKNOWN: u32 = 65535;
export const LP_EOF: u8 = 0xff;
/** Bytes lpGetBytes may write into its scratch buffer (an int64 in decimal). */
export const LP_INTBUF_SIZE: i32 = 21;

const LP_BEFORE: i32 = 0;
const LP_AFTER: i32 = 1;
const LP_REPLACE: i32 = 2;

const ENC_6BIT_STR: u8 = 0x80;
const ENC_13BIT_INT: u8 = 0xc0;
const ENC_12BIT_STR: u8 = 0xe0;
const ENC_32BIT_STR: u8 = 0xf0;
const ENC_16BIT_INT: u8 = 0xf1;
const ENC_24BIT_INT: u8 = 0xf2;
const ENC_32BIT_INT: u8 = 0xf3;
const ENC_64BIT_INT: u8 = 0xf4;

// ---- results of the last read / write ----------------------------------------------------

/** String element read by lpGet / lpGetBytes: its bytes and length. */
export let lpStrPtr: usize = 0;
export let lpStrLen: u32 = 0;
/** Integer element read by lpGet. */
export let lpInt: i64 = 0;
/** Position of the element written by the last insert / replace / append / prepend. */
export let lpLastInsert: usize = 0;
/** After lpDelete / lpDeleteRangeWithEntry: the entry that followed the deleted ones, or 0. */
export let lpLastDeleteNext: usize = 0;

/** Encoding + length bytes of the element being inserted (the data is copied separately). */
const ENC_BUF: usize = memory.data(16);

// ---- header ---------------------------------------------------------------------------

/** Total size of the listpack in bytes (header and EOF included). */
@inline export function lpBytes(lp: usize): u32 { return load<u32>(lp); }
@inline function setBytes(lp: usize, n: u32): void { store<u32>(lp, n); }
/** The raw u16 count field (65535 = unknown). */
@inline export function lpHeaderCount(lp: usize): u32 { return <u32>load<u16>(lp + 4); }
@inline function setCount(lp: usize, n: u32): void { store<u16>(lp + 4, <u16>n); }

/** An empty listpack: header + EOF, 7 bytes (Redis: lpNew(0)). */
export function lpNew(): usize {
  const lp = zmalloc(LP_HDR_SIZE + 1);
  setBytes(lp, <u32>LP_HDR_SIZE + 1);
  setCount(lp, 0);
  store<u8>(lp + LP_HDR_SIZE, LP_EOF);
  return lp;
}

export function lpFree(lp: usize): void {
  zfree(lp);
}

/** A copy of the listpack (exact size). */
export function lpDup(lp: usize): usize {
  const n = <usize>lpBytes(lp);
  const c = zmalloc(n);
  memory.copy(c, lp, n);
  return c;
}

/** Number of elements; walks the listpack when the header count saturated (Redis: lpLength). */
export function lpLength(lp: usize): u32 {
  const n = lpHeaderCount(lp);
  if (n != LP_HDR_NUMELE_UNKNOWN) return n;
  let count: u32 = 0;
  let p = lp + LP_HDR_SIZE;
  while (load<u8>(p) != LP_EOF) {
    count++;
    p += entrySize(p);
  }
  if (count < LP_HDR_NUMELE_UNKNOWN) setCount(lp, count);
  return count;
}

// ---- entry sizes -----------------------------------------------------------------------

/** Bytes needed for the backlen of an element whose encoding+data is l bytes. */
@inline export function backlenSize(l: u32): u32 {
  if (l <= 127) return 1;
  if (l < 16383) return 2;
  if (l < 2097151) return 3;
  if (l < 268435455) return 4;
  return 5;
}

/** Writes the backlen of l (n = backlenSize(l) bytes) at dst. */
function writeBacklen(dst: usize, l: u32, n: u32): void {
  // Leftmost byte: the highest bits, no continuation flag; then 7 bits per byte, flagged.
  store<u8>(dst, <u8>(l >> (7 * (n - 1))));
  for (let i: u32 = 1; i < n; i++) {
    store<u8>(dst + i, <u8>(((l >> (7 * (n - 1 - i))) & 127) | 128));
  }
}

/** Reads a backlen ending at p (its last byte), going left (Redis: lpDecodeBacklen). */
@inline function readBacklen(p: usize): u32 {
  let v: u32 = 0;
  let shift: u32 = 0;
  while (true) {
    const b = <u32>load<u8>(p);
    v |= (b & 127) << shift;
    if ((b & 128) == 0) break;
    shift += 7;
    p--;
    if (shift > 28) break; // corrupt: more than 5 bytes (lpValidate rejects these)
  }
  return v;
}

/** Size of the encoding + data of the element at p (Redis: lpCurrentEncodedSizeUnsafe). */
@inline export function encodedSize(p: usize): u32 {
  const b = <u32>load<u8>(p);
  if (b < 0x80) return 1; // 7-bit uint
  if (b < 0xc0) return 1 + (b & 0x3f); // 6-bit string
  if (b < 0xe0) return 2; // 13-bit int
  if (b < 0xf0) return 2 + (((b & 0x0f) << 8) | <u32>load<u8>(p + 1)); // 12-bit string
  switch (b) {
    case 0xf0: return 5 + load<u32>(p + 1); // 32-bit string
    case 0xf1: return 3;
    case 0xf2: return 4;
    case 0xf3: return 5;
    case 0xf4: return 9;
  }
  return 1; // EOF (or an invalid byte)
}

/** Full size of the entry at p: encoding, data and backlen. */
@inline export function entrySize(p: usize): u32 {
  const b = load<u8>(p);
  if (b < 0x80) return 2; // the common small-int case
  if (b < 0xc0) return 2 + (<u32>b & 0x3f); // 6-bit strings: enc+data <= 64, 1-byte backlen
  const l = encodedSize(p);
  return l + backlenSize(l);
}

// ---- navigation ----------------------------------------------------------------------

/** First element, 0 if empty. */
@inline export function lpFirst(lp: usize): usize {
  const p = lp + LP_HDR_SIZE;
  return load<u8>(p) == LP_EOF ? 0 : p;
}

/** The element after p, 0 at the end. */
@inline export function lpNext(lp: usize, p: usize): usize {
  const q = p + entrySize(p);
  return load<u8>(q) == LP_EOF ? 0 : q;
}

/** The element before p (p may be the EOF byte), 0 at the start. */
export function lpPrev(lp: usize, p: usize): usize {
  if (p - lp == LP_HDR_SIZE) return 0;
  const l = readBacklen(p - 1);
  return p - <usize>(l + backlenSize(l));
}

/** Last element, 0 if empty. */
export function lpLast(lp: usize): usize {
  return lpPrev(lp, lp + <usize>lpBytes(lp) - 1);
}

/** Position of the EOF byte (appending inserts before it). */
@inline export function lpEof(lp: usize): usize {
  return lp + <usize>lpBytes(lp) - 1;
}

/**
 * Element at index (negative: from the end, -1 = last), 0 if out of range. Walks from the
 * nearer end when the count is known (Redis: lpSeek).
 */
export function lpSeek(lp: usize, index: i64): usize {
  const n = lpHeaderCount(lp);
  let forward = true;
  if (n != LP_HDR_NUMELE_UNKNOWN) {
    if (index < 0) index += <i64>n;
    if (index < 0 || index >= <i64>n) return 0;
    if (index > <i64>(n / 2)) {
      forward = false;
      index -= <i64>n;
    }
  } else if (index < 0) {
    forward = false;
  }
  if (forward) {
    let p = lpFirst(lp);
    while (index > 0 && p != 0) {
      p = lpNext(lp, p);
      index--;
    }
    return p;
  }
  let p = lpLast(lp);
  while (index < -1 && p != 0) {
    p = lpPrev(lp, p);
    index++;
  }
  return p;
}

// ---- reading ---------------------------------------------------------------------------

/**
 * Reads the element at p. Returns true for a string (bytes at lpStrPtr, length lpStrLen,
 * pointing inside the listpack) and false for an integer (in lpInt).
 */
export function lpGet(p: usize): bool {
  const b = <u32>load<u8>(p);
  if (b < 0x80) {
    lpInt = <i64>b;
    return false;
  }
  if (b < 0xc0) {
    lpStrPtr = p + 1;
    lpStrLen = b & 0x3f;
    return true;
  }
  if (b < 0xe0) {
    // 13 bits, two's complement: sign-extend from bit 12.
    const u = ((b & 0x1f) << 8) | <u32>load<u8>(p + 1);
    lpInt = <i64>((<i32>(u << 19)) >> 19);
    return false;
  }
  if (b < 0xf0) {
    lpStrPtr = p + 2;
    lpStrLen = ((b & 0x0f) << 8) | <u32>load<u8>(p + 1);
    return true;
  }
  switch (b) {
    case 0xf0: {
      lpStrPtr = p + 5;
      lpStrLen = load<u32>(p + 1);
      return true;
    }
    case 0xf1: lpInt = <i64>load<i16>(p + 1); return false;
    case 0xf2: lpInt = <i64>((<i32>(<u32>load<u16>(p + 1) << 8 | <u32>load<u8>(p + 3) << 24)) >> 8); return false;
    case 0xf3: lpInt = <i64>load<i32>(p + 1); return false;
    case 0xf4: lpInt = load<i64>(p + 1); return false;
  }
  // Invalid byte: Redis returns 12345678900000000 + byte (unreachable on valid listpacks).
  lpInt = 12345678900000000 + <i64>b;
  return false;
}

/**
 * Reads the element at p as bytes: strings point inside the listpack, integers are written
 * in decimal into `scratch` (at least LP_INTBUF_SIZE bytes). Sets lpStrPtr / lpStrLen.
 */
export function lpGetBytes(p: usize, scratch: usize): void {
  if (!lpGet(p)) {
    lpStrLen = <u32>ll2string(scratch, lpInt);
    lpStrPtr = scratch;
  }
}

/** True if the element at p is an integer entry. */
@inline export function lpIsInt(p: usize): bool {
  const b = load<u8>(p);
  return b < 0x80 || (b >= 0xc0 && b < 0xe0) || (b >= 0xf1 && b <= 0xf4);
}

/**
 * Compares the element at p with (ptr, len) (Redis: lpCompare): a string entry compares
 * bytes; an integer entry equals the bytes only if they spell that integer canonically.
 */
export function lpEqual(p: usize, ptr: usize, len: u32): bool {
  if (load<u8>(p) == LP_EOF) return false;
  if (lpGet(p)) return lpStrLen == len && memory.compare(lpStrPtr, ptr, len) == 0;
  const v = lpInt;
  return string2ll(ptr, <i32>len) && parsedLL == v;
}

/**
 * First element equal to (ptr, len) starting at p (included), comparing only every
 * (skip+1)-th element: skip = 1 looks at the fields of a field/value listpack (Redis: lpFind).
 * Returns 0 if none.
 */
export function lpFind(lp: usize, p: usize, ptr: usize, len: u32, skip: i32): usize {
  if (p == 0) return 0;
  // Whether the bytes spell an integer is decided once; integer entries then compare
  // numerically and string entries by bytes.
  const isInt = len < 32 && string2ll(ptr, <i32>len);
  const iv = isInt ? parsedLL : 0;
  let skipcnt = 0;
  while (true) {
    const b = <u32>load<u8>(p);
    if (b == LP_EOF) break;
    if (skipcnt == 0) {
      if (b >= 0x80 && b < 0xc0) {
        // Short string, the usual hash field / zset member: compare in place.
        const sl = b & 0x3f;
        if (sl == len && memory.compare(p + 1, ptr, len) == 0) return p;
        p += 2 + <usize>sl;
        skipcnt = skip;
        continue;
      }
      if (lpGet(p)) {
        if (lpStrLen == len && memory.compare(lpStrPtr, ptr, len) == 0) return p;
      } else if (isInt && lpInt == iv) {
        return p;
      }
      skipcnt = skip;
    } else {
      skipcnt--;
    }
    p += entrySize(p);
  }
  return 0;
}

// ---- encoding --------------------------------------------------------------------------

/** Writes the smallest integer encoding of v at buf; returns its length (1..9). */
function encodeInt(buf: usize, v: i64): u32 {
  if (v >= 0 && v <= 127) {
    store<u8>(buf, <u8>v);
    return 1;
  }
  if (v >= -4096 && v <= 4095) {
    const u = <u32>v & 0x1fff;
    store<u8>(buf, <u8>((u >> 8) | ENC_13BIT_INT));
    store<u8>(buf + 1, <u8>u);
    return 2;
  }
  if (v >= -32768 && v <= 32767) {
    store<u8>(buf, ENC_16BIT_INT);
    store<u16>(buf + 1, <u16>v);
    return 3;
  }
  if (v >= -8388608 && v <= 8388607) {
    store<u8>(buf, ENC_24BIT_INT);
    store<u16>(buf + 1, <u16>v);
    store<u8>(buf + 3, <u8>(v >> 16));
    return 4;
  }
  if (v >= -2147483648 && v <= 2147483647) {
    store<u8>(buf, ENC_32BIT_INT);
    store<u32>(buf + 1, <u32>v);
    return 5;
  }
  store<u8>(buf, ENC_64BIT_INT);
  store<i64>(buf + 1, v);
  return 9;
}

/** Writes a string header for a len-byte string at buf; returns its length (1, 2 or 5). */
function encodeStrHeader(buf: usize, len: u32): u32 {
  if (len < 64) {
    store<u8>(buf, <u8>(len | ENC_6BIT_STR));
    return 1;
  }
  if (len < 4096) {
    store<u8>(buf, <u8>((len >> 8) | ENC_12BIT_STR));
    store<u8>(buf + 1, <u8>len);
    return 2;
  }
  store<u8>(buf, ENC_32BIT_STR);
  store<u32>(buf + 1, len);
  return 5;
}

/** Size of the entry (encoding, data and backlen) that storing (ptr, len) would take. */
export function lpEntrySizeFor(ptr: usize, len: u32): u32 {
  let l: u32;
  if (string2ll(ptr, <i32>len)) l = encodeInt(ENC_BUF, parsedLL);
  else l = (len < 64 ? 1 : len < 4096 ? 2 : 5) + len;
  return l + backlenSize(l);
}

// ---- writing ---------------------------------------------------------------------------

/**
 * The one insertion routine (Redis: lpInsert): puts a new element before p, after p, or in
 * place of p. The element is either the bytes (sp, sl) — stored as an integer when they
 * spell one canonically — or, with isInt, the integer iv.
 */
function insertAt(lp: usize, p: usize, where: i32, sp: usize, sl: u32, isInt: bool, iv: i64): usize {
  if (!isInt && string2ll(sp, <i32>sl)) {
    isInt = true;
    iv = parsedLL;
  }
  let hdr: u32, enclen: u32;
  if (isInt) {
    hdr = encodeInt(ENC_BUF, iv);
    enclen = hdr;
  } else {
    hdr = encodeStrHeader(ENC_BUF, sl);
    enclen = hdr + sl;
  }
  const blen = backlenSize(enclen);
  if (where == LP_AFTER) {
    p += entrySize(p);
    where = LP_BEFORE;
  }
  const poff = p - lp;
  const old = <usize>lpBytes(lp);
  const replaced: usize = where == LP_REPLACE ? <usize>entrySize(p) : 0;
  const newBytes = <u64>old + <u64>enclen + <u64>blen - <u64>replaced;
  if (newBytes > <u64>u32.MAX_VALUE) unreachable(); // cannot fit a 32-bit address space anyway
  const nb = <usize>newBytes;
  // Bytes taken from this very listpack would move with it: copy them out first.
  let tmp: usize = 0;
  if (!isInt && sl > 0 && sp >= lp && sp < lp + old) {
    tmp = zmalloc(sl);
    memory.copy(tmp, sp, sl);
    sp = tmp;
  }
  if (nb > old && nb > zmallocSize(lp)) lp = zrealloc(lp, nb);
  let dst = lp + poff;
  const add = <usize>enclen + <usize>blen;
  memory.copy(dst + add, dst + replaced, old - poff - replaced);
  if (nb < old) {
    lp = zrealloc(lp, nb);
    dst = lp + poff;
  }
  memory.copy(dst, ENC_BUF, hdr);
  if (!isInt) memory.copy(dst + hdr, sp, sl);
  writeBacklen(dst + enclen, enclen, blen);
  if (where != LP_REPLACE) {
    const n = lpHeaderCount(lp);
    if (n != LP_HDR_NUMELE_UNKNOWN) setCount(lp, n + 1);
  }
  setBytes(lp, <u32>nb);
  lpLastInsert = dst;
  if (tmp != 0) zfree(tmp);
  return lp;
}

/** Appends (ptr, len) at the end. Returns the listpack; lpLastInsert = the new element. */
export function lpAppend(lp: usize, ptr: usize, len: u32): usize {
  return insertAt(lp, lpEof(lp), LP_BEFORE, ptr, len, false, 0);
}

/** Appends the integer v (Redis: lpAppendInteger). */
export function lpAppendInt(lp: usize, v: i64): usize {
  return insertAt(lp, lpEof(lp), LP_BEFORE, 0, 0, true, v);
}

/** Inserts (ptr, len) as the first element. */
export function lpPrepend(lp: usize, ptr: usize, len: u32): usize {
  return insertAt(lp, lp + LP_HDR_SIZE, LP_BEFORE, ptr, len, false, 0);
}

/** Inserts the integer v as the first element. */
export function lpPrependInt(lp: usize, v: i64): usize {
  return insertAt(lp, lp + LP_HDR_SIZE, LP_BEFORE, 0, 0, true, v);
}

/**
 * Inserts (ptr, len) before (after = false) or after entry p; p may be the EOF byte when
 * inserting before (= append). lpLastInsert = the new element.
 */
export function lpInsert(lp: usize, p: usize, ptr: usize, len: u32, after: bool): usize {
  return insertAt(lp, p, after ? LP_AFTER : LP_BEFORE, ptr, len, false, 0);
}

/** Inserts the integer v before / after entry p. */
export function lpInsertInt(lp: usize, p: usize, v: i64, after: bool): usize {
  return insertAt(lp, p, after ? LP_AFTER : LP_BEFORE, 0, 0, true, v);
}

/** Replaces the element at p with (ptr, len). lpLastInsert = the element's new position. */
export function lpReplace(lp: usize, p: usize, ptr: usize, len: u32): usize {
  return insertAt(lp, p, LP_REPLACE, ptr, len, false, 0);
}

/** Replaces the element at p with the integer v. */
export function lpReplaceInt(lp: usize, p: usize, v: i64): usize {
  return insertAt(lp, p, LP_REPLACE, 0, 0, true, v);
}

/** Removes `bytes` bytes at offset poff, `n` elements; sets lpLastDeleteNext. */
function removeBytes(lp: usize, poff: usize, bytes: usize, n: u32): usize {
  const old = <usize>lpBytes(lp);
  memory.copy(lp + poff, lp + poff + bytes, old - poff - bytes);
  const nb = old - bytes;
  setBytes(lp, <u32>nb);
  const cnt = lpHeaderCount(lp);
  if (cnt != LP_HDR_NUMELE_UNKNOWN) setCount(lp, cnt - n);
  lp = zrealloc(lp, nb);
  lpLastDeleteNext = load<u8>(lp + poff) == LP_EOF ? 0 : lp + poff;
  return lp;
}

/** Deletes the element at p. lpLastDeleteNext = the element that followed it, or 0. */
export function lpDelete(lp: usize, p: usize): usize {
  return removeBytes(lp, p - lp, <usize>entrySize(p), 1);
}

/**
 * Deletes up to `num` elements starting at p (Redis: lpDeleteRangeWithEntry).
 * lpLastDeleteNext = the element after the deleted ones, or 0.
 */
export function lpDeleteRangeWithEntry(lp: usize, p: usize, num: u32): usize {
  let q = p;
  let deleted: u32 = 0;
  while (deleted < num && load<u8>(q) != LP_EOF) {
    q += entrySize(q);
    deleted++;
  }
  if (deleted == 0) {
    lpLastDeleteNext = 0;
    return lp;
  }
  return removeBytes(lp, p - lp, q - p, deleted);
}

/**
 * Deletes `count` elements from `index` on (negative index: from the end) (Redis:
 * lpDeleteRange). A range running past the end simply truncates there.
 */
export function lpDeleteRange(lp: usize, index: i64, count: i64): usize {
  if (count <= 0) return lp;
  const p = lpSeek(lp, index);
  if (p == 0) return lp;
  const n = lpHeaderCount(lp);
  if (n != LP_HDR_NUMELE_UNKNOWN) {
    if (index < 0) index += <i64>n;
    if (<i64>n - index <= count) {
      // Everything from p to the end goes: move the EOF.
      store<u8>(p, LP_EOF);
      const nb = p - lp + 1;
      setBytes(lp, <u32>nb);
      setCount(lp, <u32>index);
      lpLastDeleteNext = 0;
      return zrealloc(lp, nb);
    }
  }
  return lpDeleteRangeWithEntry(lp, p, count > <i64>u32.MAX_VALUE ? u32.MAX_VALUE : <u32>count);
}

// ---- random picks (HRANDFIELD, ZRANDMEMBER) ---------------------------------------------

/**
 * Picks `count` random pairs (key entry followed by its value) with repetition, writing the
 * key entry pointers (u32 each) to `out` in pick order (Redis: lpRandomPairs). The listpack
 * holds `pairs` pairs (lpLength / 2), which must be > 0.
 */
export function lpRandomPairs(lp: usize, pairs: u32, count: u32, out: usize): void {
  if (count == 0) return;
  // Draw the indexes, sort (index, order) pairs, then fetch them in one walk.
  const picks = zmalloc(<usize>count << 3);
  for (let i: u32 = 0; i < count; i++) {
    store<u32>(picks + (<usize>i << 3), <u32>randomBelow(pairs));
    store<u32>(picks + (<usize>i << 3) + 4, i);
  }
  sortPairsU32(picks, count);
  let idx: u32 = 0;
  let p = lpFirst(lp);
  for (let k: u32 = 0; k < count; k++) {
    const want = load<u32>(picks + (<usize>k << 3));
    while (idx < want) {
      p += entrySize(p);
      p += entrySize(p);
      idx++;
    }
    store<u32>(out + (<usize>load<u32>(picks + (<usize>k << 3) + 4) << 2), <u32>p);
  }
  zfree(picks);
}

/**
 * Picks min(count, pairs) distinct random pairs, in listpack order, writing key entry
 * pointers to `out`; returns how many (Redis: lpRandomPairsUnique, selection sampling: each
 * pair is taken with probability remaining-to-pick / remaining-to-visit).
 */
export function lpRandomPairsUnique(lp: usize, pairs: u32, count: u32, out: usize): u32 {
  if (count > pairs) count = pairs;
  let picked: u32 = 0;
  let p = lpFirst(lp);
  let index: u32 = 0;
  while (picked < count && p != 0) {
    const left = <u64>(pairs - index);
    // Take it with probability (count - picked) / left, exactly.
    if (randomBelow(left) < <u64>(count - picked)) {
      store<u32>(out + (<usize>picked << 2), <u32>p);
      picked++;
    }
    p += entrySize(p);
    p += entrySize(p);
    if (load<u8>(p) == LP_EOF) p = 0;
    index++;
  }
  return picked;
}

/** A random pair's key entry (Redis: lpRandomPair); the listpack holds `pairs` > 0 pairs. */
export function lpRandomPair(lp: usize, pairs: u32): usize {
  return lpSeek(lp, <i64>(randomBelow(pairs) << 1));
}

/** In-place sort of n (u32 key, u32 payload) pairs by key (heap sort: no recursion, no alloc). */
function sortPairsU32(a: usize, n: u32): void {
  if (n < 2) return;
  let start = <i32>(n / 2) - 1;
  for (; start >= 0; start--) siftDown(a, <u32>start, n);
  for (let end = n - 1; end > 0; end--) {
    const t = load<u64>(a);
    store<u64>(a, load<u64>(a + (<usize>end << 3)));
    store<u64>(a + (<usize>end << 3), t);
    siftDown(a, 0, end);
  }
}

function siftDown(a: usize, root: u32, n: u32): void {
  while (true) {
    let child = root * 2 + 1;
    if (child >= n) return;
    if (child + 1 < n && load<u32>(a + (<usize>(child + 1) << 3)) > load<u32>(a + (<usize>child << 3))) child++;
    if (load<u32>(a + (<usize>root << 3)) >= load<u32>(a + (<usize>child << 3))) return;
    const t = load<u64>(a + (<usize>root << 3));
    store<u64>(a + (<usize>root << 3), load<u64>(a + (<usize>child << 3)));
    store<u64>(a + (<usize>child << 3), t);
    root = child;
  }
}

// ---- validation (RESTORE / RDB loading) --------------------------------------------------

/**
 * Checks that `size` bytes at lp are a well-formed listpack (Redis: lpValidateIntegrity with
 * deep = 1): header size matches, every entry's encoding, length and backlen lie inside the
 * block and agree, the EOF is the last byte, and the count matches unless it is 65535.
 * When `pairs` is true the element count must also be even.
 */
export function lpValidate(lp: usize, size: usize, pairs: bool): bool {
  if (size < LP_HDR_SIZE + 1) return false;
  if (<usize>lpBytes(lp) != size) return false;
  if (load<u8>(lp + size - 1) != LP_EOF) return false;
  const end = lp + size - 1; // the EOF byte
  let p = lp + LP_HDR_SIZE;
  let count: u32 = 0;
  while (p < end) {
    const b = load<u8>(p);
    if (b == LP_EOF) return false; // EOF before the end
    if (b >= 0xf5 && b != LP_EOF) return false; // unknown encoding
    // The encoding header must fit before the EOF, then the whole entry.
    let hdr: usize = 1;
    if (b >= 0xe0 && b < 0xf0) hdr = 2;
    else if (b == 0xf0) hdr = 5;
    if (p + hdr > end) return false;
    const l = <u64>encodedSize(p);
    const bl = <u64>backlenSize(<u32>l);
    if (<u64>(p - lp) + l + bl > <u64>(size - 1)) return false;
    if (readBacklen(p + <usize>(l + bl) - 1) != <u32>l) return false;
    // Its leftmost byte carries no continuation flag, so it reads back with exactly bl bytes.
    if ((load<u8>(p + <usize>l) & 128) != 0) return false;
    p += <usize>(l + bl);
    count++;
  }
  if (p != end) return false;
  const hc = lpHeaderCount(lp);
  if (hc != LP_HDR_NUMELE_UNKNOWN && hc != count) return false;
  if (pairs && (count & 1) != 0) return false;
  return true;
}
