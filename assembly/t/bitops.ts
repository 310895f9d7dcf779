// bitops.ts — bitmaps: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD and BITFIELD_RO
// (Redis: bitops.c).
//
// A bitmap is an ordinary string value (inline in its key entry, db/object.ts): bit 0 is the
// most significant bit of byte 0, and a string is read as if it went on forever with zero
// bytes. Nothing here has its own representation, so every string command sees the same
// bytes and GET of a bitmap is byte-identical to Redis's.
//
// Writers go through lookupStringForBitCommand, like Redis: it creates the key or grows the
// value with zero bytes so the highest bit written is addressable, and (as Redis's
// dbUnshareStringValue does) leaves the value "raw", which OBJECT ENCODING shows. Growth is
// geometric (db.ts dbGrowString), so SETBIT at increasing offsets is amortized O(1).
//
// The scans work a 64-bit word at a time: BITCOUNT is a popcnt per 8 bytes, BITPOS skips
// whole words of the byte it is not looking for, BITOP combines 8 bytes per step while every
// source still has data and finishes byte by byte with missing bytes read as zero. The
// results are those of Redis's byte-oriented definitions; only the speed differs.
//
// Redis's exact argument-checking order is kept, because it decides which error (or which
// early reply) a malformed command gets: e.g. BITCOUNT answers 0 for a missing key before
// looking at its range arguments, while BITPOS validates its bit argument first; BITCOUNT
// answers 0 for a negative inverted range before checking the BIT/BYTE keyword; BITPOS
// parses BIT/BYTE before the end index; BITFIELD parses every operation before touching the
// key. Keywords are compared like C strcasecmp (an argument ends at its first NUL byte).
//
// Bit offsets are limited by proto-max-bulk-len (offset/8 < proto-max-bulk-len), like
// Redis's getBitOffsetFromArgument.

import { argLen, argPtr, Client } from "../client";
import { addReplyArrayLen, addReplyError, addReplyLongLong, addReplyNull, addReplyProto } from "../resp/reply";
import { ERR_BITFIELD_OVERFLOW, ERR_BITFIELD_RO, ERR_BITFIELD_TYPE, ERR_BITOP_NOT, ERR_BITPOS_BIT,
  ERR_BIT_OFFSET, ERR_BIT_VALUE, ERR_OOM, ERR_SYNTAX } from "../resp/errors";
import { notifyKeyspaceEvent, NOTIFY_GENERIC, NOTIFY_STRING } from "../db/notify";
import { addDirty, dbAddEntry, dbDelete, dbGrowString, dbSetString, lastHash, lookupKeyRead, lookupKeyWrite,
  lruClock } from "../db/db";
import { ENC_RAW, entryNew, entryStrLen, entryStrPtr, entryType, OBJ_STRING, setEntryEncoding } from "../db/object";
import { argInt, checkType, getLongLongOrReply } from "./common";
import { parsedLL, string2ll } from "../util/number";
import { protoMaxBulkLen } from "../resp/parser";
import { zfree, zmalloc, zrealloc } from "../mem/alloc";

// ---- helpers ---------------------------------------------------------------------------

/** Length of argument i as a C string (up to its first NUL byte). */
function argCLen(c: Client, i: i32): u32 {
  const p = argPtr(c, i);
  const n = argLen(c, i);
  for (let j: u32 = 0; j < n; j++) if (load<u8>(p + j) == 0) return j;
  return n;
}

/** strcasecmp(argv[i], lit) == 0, with lit lower-case ASCII. */
function argIsC(c: Client, i: i32, lit: string): bool {
  const n = argCLen(c, i);
  if (n != <u32>lit.length) return false;
  const p = argPtr(c, i);
  for (let j: u32 = 0; j < n; j++) {
    let b = load<u8>(p + j);
    if (b >= 65 && b <= 90) b += 32;
    if (b != <u8>lit.charCodeAt(j)) return false;
  }
  return true;
}

/** Number of set bits in n bytes at p (Redis: redisPopcount), 32 then 8 bytes per step. */
export function popcount(p: usize, n: usize): i64 {
  let bits: i64 = 0;
  let i: usize = 0;
  while (i + 32 <= n) {
    bits += <i64>(popcnt<u64>(load<u64>(p + i)) + popcnt<u64>(load<u64>(p + i + 8)) +
                  popcnt<u64>(load<u64>(p + i + 16)) + popcnt<u64>(load<u64>(p + i + 24)));
    i += 32;
  }
  while (i + 8 <= n) {
    bits += <i64>popcnt<u64>(load<u64>(p + i));
    i += 8;
  }
  while (i < n) {
    bits += <i64>popcnt<u32>(<u32>load<u8>(p + i));
    i++;
  }
  return bits;
}

/**
 * Position of the first bit equal to `bit` in n bytes at p (Redis: redisBitpos). When no
 * such bit exists: -1 when looking for a 1, n*8 when looking for a 0 (the string is read as
 * zero-padded on the right).
 */
export function bitposScan(p: usize, n: usize, bit: i32): i64 {
  const skipWord: u64 = bit != 0 ? 0 : U64.MAX_VALUE;
  const skipByte: u8 = bit != 0 ? 0 : 0xff;
  let i: usize = 0;
  while (i + 8 <= n && load<u64>(p + i) == skipWord) i += 8;
  while (i < n && load<u8>(p + i) == skipByte) i++;
  if (i == n) return bit != 0 ? -1 : <i64>n << 3;
  const b = <u32>load<u8>(p + i);
  const x = bit != 0 ? b : (~b & 0xff);
  return (<i64>i << 3) + <i64>(clz<u32>(x) - 24);
}

/** Offset parsed by the last getBitOffsetOrReply. */
let bitOffset: u64 = 0;

/**
 * Parses a bit offset (Redis: getBitOffsetFromArgument). With `hash` and bits > 0, the
 * form "#N" means N*bits (BITFIELD). Offsets are limited by proto-max-bulk-len.
 */
function getBitOffsetOrReply(c: Client, i: i32, hash: bool, bits: i32): bool {
  const p = argPtr(c, i);
  const n = argLen(c, i);
  const usehash: u32 = hash && bits > 0 && n > 0 && load<u8>(p) == 0x23 ? 1 : 0;
  if (!string2ll(p + usehash, <i32>(n - usehash))) {
    addReplyError(c, ERR_BIT_OFFSET);
    return false;
  }
  let off = parsedLL;
  if (usehash) off *= <i64>bits; // wraps like Redis's signed multiply
  if (off < 0 || (off >> 3) >= protoMaxBulkLen) {
    addReplyError(c, ERR_BIT_OFFSET);
    return false;
  }
  bitOffset = <u64>off;
  return true;
}

/** Set by lookupStringForBitCommand: the key was created or its value grew. */
let bitDirty: bool = false;

const WASM_MAX_BYTES: u64 = <u64>65536 << 16;

/**
 * The string at argv[1], created or zero-padded so that bit `maxbit` exists, and made "raw"
 * (Redis: lookupStringForBitCommand). Replies WRONGTYPE (or OOM when the value could not fit
 * the 4 GB address space) and returns 0 on failure.
 */
function lookupStringForBitCommand(c: Client, maxbit: u64): usize {
  const need: u64 = (maxbit >> 3) + 1;
  const kp = argPtr(c, 1);
  const kl = argLen(c, 1);
  let e = lookupKeyWrite(c.db, kp, kl);
  const h = lastHash;
  if (checkType(c, e, OBJ_STRING)) return 0;
  bitDirty = false;
  const cur: u64 = e != 0 ? <u64>entryStrLen(e) : 0;
  if (need > cur && need + (<u64>memory.size() << 16) + (<u64>16 << 20) > WASM_MAX_BYTES) {
    addReplyError(c, ERR_OOM);
    return 0;
  }
  if (e == 0) {
    e = entryNew(kp, kl, OBJ_STRING, ENC_RAW, <u32>need, lruClock);
    memory.fill(entryStrPtr(e), 0, <usize>need);
    dbAddEntry(c.db, e, h);
    bitDirty = true;
  } else {
    if (need > cur) {
      e = dbGrowString(c.db, e, h, <u32>need);
      memory.fill(entryStrPtr(e) + <usize>cur, 0, <usize>(need - cur));
      store<u32>(e + 16, <u32>need);
      bitDirty = true;
    }
    setEntryEncoding(e, ENC_RAW);
  }
  return e;
}

// ---- SETBIT / GETBIT -------------------------------------------------------------------

export function setbitCommand(c: Client): void {
  if (!getBitOffsetOrReply(c, 2, false, 0)) return;
  const offset = bitOffset;
  if (!getLongLongOrReply(c, 3, ERR_BIT_VALUE)) return;
  const on = argInt;
  if ((on & ~1) != 0) {
    addReplyError(c, ERR_BIT_VALUE);
    return;
  }
  const e = lookupStringForBitCommand(c, offset);
  if (e == 0) return;
  const bp = entryStrPtr(e) + <usize>(offset >> 3);
  const shift = <u32>(7 - (offset & 7));
  let byteval = <u32>load<u8>(bp);
  const bitval = (byteval >> shift) & 1;
  if (bitDirty || <i64>bitval != on) {
    byteval &= ~(<u32>1 << shift);
    byteval |= <u32>on << shift;
    store<u8>(bp, <u8>byteval);
    addDirty(1);
    notifyKeyspaceEvent(NOTIFY_STRING, "setbit", argPtr(c, 1), argLen(c, 1), c.dbIndex);
  }
  addReplyProto(c, bitval != 0 ? ":1\r\n" : ":0\r\n");
}

export function getbitCommand(c: Client): void {
  if (!getBitOffsetOrReply(c, 2, false, 0)) return;
  const offset = bitOffset;
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (e == 0) {
    addReplyProto(c, ":0\r\n");
    return;
  }
  if (checkType(c, e, OBJ_STRING)) return;
  const byte = offset >> 3;
  let bitval: u32 = 0;
  if (byte < <u64>entryStrLen(e)) {
    bitval = (<u32>load<u8>(entryStrPtr(e) + <usize>byte) >> <u32>(7 - (offset & 7))) & 1;
  }
  addReplyProto(c, bitval != 0 ? ":1\r\n" : ":0\r\n");
}

// ---- BITCOUNT / BITPOS ------------------------------------------------------------------

// The range both commands resolve (byte indexes, inclusive) and the masks of the bits of
// the first / last byte that fall outside a BIT range.
let rangeStart: i64 = 0;
let rangeEnd: i64 = 0;
let firstByteNegMask: u32 = 0;
let lastByteNegMask: u32 = 0;

/** Clamps [start, end] to a string of totlen units and converts a bit range to bytes. */
function resolveRange(start: i64, end: i64, totlen: i64, isbit: bool): void {
  if (start < 0) start = totlen + start;
  if (end < 0) end = totlen + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= totlen) end = totlen - 1;
  firstByteNegMask = 0;
  lastByteNegMask = 0;
  if (isbit && start <= end) {
    firstByteNegMask = ~((<u32>1 << <u32>(8 - (start & 7))) - 1) & 0xff;
    lastByteNegMask = (<u32>1 << <u32>(7 - (end & 7))) - 1;
    start >>= 3;
    end >>= 3;
  }
  rangeStart = start;
  rangeEnd = end;
}

/** BITCOUNT key [start end [BYTE|BIT]] */
export function bitcountCommand(c: Client): void {
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (e == 0) {
    addReplyProto(c, ":0\r\n");
    return;
  }
  if (checkType(c, e, OBJ_STRING)) return;
  const p = entryStrPtr(e);
  const strlen = <i64>entryStrLen(e);
  let isbit = false;
  if (c.argc == 4 || c.argc == 5) {
    if (!getLongLongOrReply(c, 2)) return;
    const start = argInt;
    if (!getLongLongOrReply(c, 3)) return;
    const end = argInt;
    if (start < 0 && end < 0 && start > end) {
      addReplyProto(c, ":0\r\n");
      return;
    }
    if (c.argc == 5) {
      if (argIsC(c, 4, "bit")) isbit = true;
      else if (!argIsC(c, 4, "byte")) {
        addReplyError(c, ERR_SYNTAX);
        return;
      }
    }
    resolveRange(start, end, isbit ? strlen << 3 : strlen, isbit);
  } else if (c.argc == 2) {
    rangeStart = 0;
    rangeEnd = strlen - 1;
    firstByteNegMask = 0;
    lastByteNegMask = 0;
  } else {
    addReplyError(c, ERR_SYNTAX);
    return;
  }
  const start = rangeStart;
  const end = rangeEnd;
  if (start > end) {
    addReplyProto(c, ":0\r\n");
    return;
  }
  let count = popcount(p + <usize>start, <usize>(end - start + 1));
  // Take away the bits of the edge bytes that lie outside a BIT range.
  if (firstByteNegMask != 0) count -= <i64>popcnt<u32>(<u32>load<u8>(p + <usize>start) & firstByteNegMask);
  if (lastByteNegMask != 0) count -= <i64>popcnt<u32>(<u32>load<u8>(p + <usize>end) & lastByteNegMask);
  addReplyLongLong(c, count);
}

const tmpByte: usize = memory.data(8);

/** Bitpos of the single byte b. */
function bitposByte(b: u32, bit: i32): i64 {
  store<u8>(tmpByte, <u8>b);
  return bitposScan(tmpByte, 1, bit);
}

/** BITPOS key bit [start [end [BYTE|BIT]]] */
export function bitposCommand(c: Client): void {
  if (!getLongLongOrReply(c, 2)) return;
  const bitArg = argInt;
  if (bitArg != 0 && bitArg != 1) {
    addReplyError(c, ERR_BITPOS_BIT);
    return;
  }
  const bit = <i32>bitArg;
  // A missing key is an infinite run of zeros.
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (e == 0) {
    addReplyLongLong(c, bit != 0 ? -1 : 0);
    return;
  }
  if (checkType(c, e, OBJ_STRING)) return;
  const p = entryStrPtr(e);
  const strlen = <i64>entryStrLen(e);
  let isbit = false;
  let endGiven = false;
  if (c.argc >= 4 && c.argc <= 6) {
    if (!getLongLongOrReply(c, 3)) return;
    const start = argInt;
    if (c.argc == 6) {
      if (argIsC(c, 5, "bit")) isbit = true;
      else if (!argIsC(c, 5, "byte")) {
        addReplyError(c, ERR_SYNTAX);
        return;
      }
    }
    let end: i64;
    if (c.argc >= 5) {
      if (!getLongLongOrReply(c, 4)) return;
      end = argInt;
      endGiven = true;
    } else {
      end = isbit ? (strlen << 3) + 7 : strlen - 1;
    }
    resolveRange(start, end, isbit ? strlen << 3 : strlen, isbit);
  } else if (c.argc == 3) {
    rangeStart = 0;
    rangeEnd = strlen - 1;
    firstByteNegMask = 0;
    lastByteNegMask = 0;
  } else {
    addReplyError(c, ERR_SYNTAX);
    return;
  }
  let start = rangeStart;
  const end = rangeEnd;
  // An empty range holds neither a 0 nor a 1.
  if (start > end) {
    addReplyLongLong(c, -1);
    return;
  }
  // Redis's walk: the partial first byte, the whole bytes, then the partial last byte; each
  // step stops early when it found the bit. `pos` is relative to `start`, `bytes` is what is
  // left of the range, both as Redis leaves them (the end_given rule below compares them).
  let bytes = end - start + 1;
  let pos: i64 = -1;
  const fm = firstByteNegMask;
  const lm = lastByteNegMask;
  let done = false;
  if (fm != 0) {
    let t = <u32>load<u8>(p + <usize>start);
    t = bit != 0 ? t & ~fm : t | fm;
    if (lm != 0 && bytes == 1) t = bit != 0 ? t & ~lm : t | lm;
    pos = bitposByte(t & 0xff, bit);
    if (bytes == 1 || (pos != -1 && pos != 8)) done = true;
    else {
      start++;
      bytes--;
    }
  }
  if (!done) {
    const curbytes = bytes - (lm != 0 ? 1 : 0);
    if (curbytes > 0) {
      pos = bitposScan(p + <usize>start, <usize>curbytes, bit);
      if (bytes == curbytes || (pos != -1 && pos != curbytes << 3)) done = true;
      else {
        start += curbytes;
        bytes -= curbytes;
      }
    }
  }
  if (!done) {
    let t = <u32>load<u8>(p + <usize>end);
    t = bit != 0 ? t & ~lm : t | lm;
    pos = bitposByte(t & 0xff, bit);
  }
  // Looking for a 0 inside an explicit range: the bit just past the range does not count.
  if (endGiven && bit == 0 && pos == bytes << 3) {
    addReplyLongLong(c, -1);
    return;
  }
  if (pos != -1) pos += start << 3;
  addReplyLongLong(c, pos);
}

// ---- BITOP -----------------------------------------------------------------------------

const BITOP_AND: i32 = 0;
const BITOP_OR: i32 = 1;
const BITOP_XOR: i32 = 2;
const BITOP_NOT: i32 = 3;

// Per source key: value pointer and length (missing keys: length 0).
let srcPtrs: usize = 0;
let srcLens: usize = 0;
let srcCap: i32 = 0;

/** BITOP AND|OR|XOR|NOT destkey srckey [srckey ...] */
export function bitopCommand(c: Client): void {
  let op: i32;
  if (argIsC(c, 1, "and")) op = BITOP_AND;
  else if (argIsC(c, 1, "or")) op = BITOP_OR;
  else if (argIsC(c, 1, "xor")) op = BITOP_XOR;
  else if (argIsC(c, 1, "not")) op = BITOP_NOT;
  else {
    addReplyError(c, ERR_SYNTAX);
    return;
  }
  if (op == BITOP_NOT && c.argc != 4) {
    addReplyError(c, ERR_BITOP_NOT);
    return;
  }
  const numkeys = c.argc - 3;
  if (numkeys > srcCap) {
    srcPtrs = zrealloc(srcPtrs, <usize>numkeys << 2);
    srcLens = zrealloc(srcLens, <usize>numkeys << 2);
    srcCap = numkeys;
  }
  let maxlen: u32 = 0;
  let minlen: u32 = U32.MAX_VALUE;
  for (let j = 0; j < numkeys; j++) {
    const e = lookupKeyRead(c.db, argPtr(c, j + 3), argLen(c, j + 3));
    let sp: usize = 0, sl: u32 = 0;
    if (e != 0) {
      if (checkType(c, e, OBJ_STRING)) return;
      sp = entryStrPtr(e);
      sl = entryStrLen(e);
    }
    store<u32>(srcPtrs + (<usize>j << 2), <u32>sp);
    store<u32>(srcLens + (<usize>j << 2), sl);
    if (sl > maxlen) maxlen = sl;
    if (sl < minlen) minlen = sl;
  }
  const dp = argPtr(c, 2);
  const dl = argLen(c, 2);
  if (maxlen == 0) {
    // Every source is empty: the result is the empty string, i.e. no key.
    if (dbDelete(c.db, dp, dl)) {
      addDirty(1);
      notifyKeyspaceEvent(NOTIFY_GENERIC, "del", dp, dl, c.dbIndex);
    }
    addReplyProto(c, ":0\r\n");
    return;
  }
  const res = zmalloc(<usize>maxlen);
  const s0 = <usize>load<u32>(srcPtrs);
  const l0 = load<u32>(srcLens);
  // Fast path: 8 bytes at a time while every source has data.
  let j: u32 = 0;
  const wordEnd = minlen & ~7;
  if (op == BITOP_NOT) {
    for (; j < wordEnd; j += 8) store<u64>(res + j, ~load<u64>(s0 + j));
  } else if (wordEnd > 0) {
    memory.copy(res, s0, wordEnd);
    for (let i = 1; i < numkeys; i++) {
      const si = <usize>load<u32>(srcPtrs + (<usize>i << 2));
      let k: u32 = 0;
      if (op == BITOP_AND) for (; k < wordEnd; k += 8) store<u64>(res + k, load<u64>(res + k) & load<u64>(si + k));
      else if (op == BITOP_OR) for (; k < wordEnd; k += 8) store<u64>(res + k, load<u64>(res + k) | load<u64>(si + k));
      else for (; k < wordEnd; k += 8) store<u64>(res + k, load<u64>(res + k) ^ load<u64>(si + k));
    }
    j = wordEnd;
  }
  // The rest byte by byte, reading past a source's end as zero.
  for (; j < maxlen; j++) {
    let out: u32 = j < l0 ? <u32>load<u8>(s0 + j) : 0;
    if (op == BITOP_NOT) out = ~out & 0xff;
    for (let i = 1; i < numkeys; i++) {
      const li = load<u32>(srcLens + (<usize>i << 2));
      const b: u32 = j < li ? <u32>load<u8>(<usize>load<u32>(srcPtrs + (<usize>i << 2)) + j) : 0;
      if (op == BITOP_AND) out &= b;
      else if (op == BITOP_OR) out |= b;
      else out ^= b;
    }
    store<u8>(res + j, <u8>out);
  }
  // Redis stores the result as a new raw string object, dropping any TTL (setKey).
  const old = lookupKeyWrite(c.db, dp, dl);
  dbSetString(c.db, dp, dl, lastHash, old, res, maxlen, ENC_RAW, false);
  zfree(res);
  addDirty(1);
  notifyKeyspaceEvent(NOTIFY_STRING, "set", dp, dl, c.dbIndex);
  addReplyLongLong(c, maxlen);
}

// ---- BITFIELD --------------------------------------------------------------------------

const BFOP_GET: u8 = 0;
const BFOP_SET: u8 = 1;
const BFOP_INCRBY: u8 = 2;

const BFOVERFLOW_WRAP: u8 = 0;
const BFOVERFLOW_SAT: u8 = 1;
const BFOVERFLOW_FAIL: u8 = 2;

// Parsed operations, executed once all are valid: 24 bytes each.
//   0 offset u64 | 8 value (SET) or increment (INCRBY) i64 | 16 opcode | 17 overflow | 18 bits | 19 sign
const OP_SIZE: usize = 24;
let opsBuf: usize = 0;
let opsCap: i32 = 0;

/** Bit width and signedness parsed by the last getBitfieldTypeOrReply. */
let bfBits: i32 = 0;
let bfSigned: bool = false;

/** "i1".."i64" or "u1".."u63" (Redis: getBitfieldTypeFromArgument). */
function getBitfieldTypeOrReply(c: Client, i: i32): bool {
  const p = argPtr(c, i);
  const n = argCLen(c, i); // Redis reads the digits with strlen
  const t: u8 = n > 0 ? load<u8>(p) : 0;
  if (t != 0x69 && t != 0x75) { // 'i' / 'u'
    addReplyError(c, ERR_BITFIELD_TYPE);
    return false;
  }
  const signed = t == 0x69;
  if (!string2ll(p + 1, <i32>n - 1) || parsedLL < 1 || (signed && parsedLL > 64) || (!signed && parsedLL > 63)) {
    addReplyError(c, ERR_BITFIELD_TYPE);
    return false;
  }
  bfSigned = signed;
  bfBits = <i32>parsedLL;
  return true;
}

/** Reads `bits` bits at bit `offset` of p as an unsigned integer (big-endian bit order). */
function getUnsignedBitfield(p: usize, offset: u64, bits: i32): u64 {
  let v: u64 = 0;
  for (let j = 0; j < bits; j++) {
    const b = <u64>load<u8>(p + <usize>(offset >> 3));
    v = (v << 1) | ((b >> (7 - (offset & 7))) & 1);
    offset++;
  }
  return v;
}

function getSignedBitfield(p: usize, offset: u64, bits: i32): i64 {
  let v = <i64>getUnsignedBitfield(p, offset, bits);
  if (bits < 64 && (v & (<i64>1 << (bits - 1))) != 0) v |= <i64>-1 << bits;
  return v;
}

/** Writes the low `bits` bits of v at bit `offset` of p. */
function setUnsignedBitfield(p: usize, offset: u64, bits: i32, v: u64): void {
  for (let j = 0; j < bits; j++) {
    const bitval = <u32>((v >> <u64>(bits - 1 - j)) & 1);
    const bp = p + <usize>(offset >> 3);
    const shift = <u32>(7 - (offset & 7));
    store<u8>(bp, <u8>((<u32>load<u8>(bp) & ~(<u32>1 << shift)) | (bitval << shift)));
    offset++;
  }
}

/** The value an overflowing operation stores under WRAP / SAT (set by the checks below). */
let bfLimit: u64 = 0;

/**
 * Does value + incr overflow an unsigned field of `bits` bits? 1 above, -1 below, 0 if it
 * fits; on overflow bfLimit is the wrapped or saturated result (Redis:
 * checkUnsignedBitfieldOverflow, with its exact signed comparisons).
 */
function checkUnsignedBitfieldOverflow(value: u64, incr: i64, bits: i32, owtype: u8): i32 {
  const max: u64 = bits == 64 ? U64.MAX_VALUE : (<u64>1 << bits) - 1;
  const maxincr = <i64>(max - value);
  const minincr = <i64>(0 - value);
  let r: i32 = 0;
  if (value > max || (incr > 0 && incr > maxincr)) {
    r = 1;
    if (owtype == BFOVERFLOW_SAT) bfLimit = max;
  } else if (incr < 0 && incr < minincr) {
    r = -1;
    if (owtype == BFOVERFLOW_SAT) bfLimit = 0;
  }
  if (r != 0 && owtype == BFOVERFLOW_WRAP) {
    const mask: u64 = bits == 64 ? 0 : U64.MAX_VALUE << bits;
    bfLimit = (value + <u64>incr) & ~mask;
  }
  return r;
}

/** The signed counterpart (Redis: checkSignedBitfieldOverflow). */
function checkSignedBitfieldOverflow(value: i64, incr: i64, bits: i32, owtype: u8): i32 {
  const max: i64 = bits == 64 ? I64.MAX_VALUE : (<i64>1 << (bits - 1)) - 1;
  const min: i64 = -max - 1;
  // Both may wrap; they are only used once `value` is known to be in range.
  const maxincr = <i64>(<u64>max - <u64>value);
  const minincr = <i64>(<u64>min - <u64>value);
  let r: i32 = 0;
  if (value > max || (bits != 64 && incr > maxincr) || (value >= 0 && incr > 0 && incr > maxincr)) {
    r = 1;
    if (owtype == BFOVERFLOW_SAT) bfLimit = <u64>max;
  } else if (value < min || (bits != 64 && incr < minincr) || (value < 0 && incr < 0 && incr < minincr)) {
    r = -1;
    if (owtype == BFOVERFLOW_SAT) bfLimit = <u64>min;
  }
  if (r != 0 && owtype == BFOVERFLOW_WRAP) {
    const msb: u64 = <u64>1 << (bits - 1);
    let sum: u64 = <u64>value + <u64>incr;
    if (bits < 64) {
      const mask: u64 = U64.MAX_VALUE << bits;
      sum = (sum & msb) != 0 ? sum | mask : sum & ~mask;
    }
    bfLimit = sum;
  }
  return r;
}

const getBuf: usize = memory.data(16);

function bitfieldGeneric(c: Client, readonlyCommand: bool): void {
  let numops = 0;
  let owtype = BFOVERFLOW_WRAP;
  let readonly = true;
  let highestWrite: u64 = 0;
  for (let j = 2; j < c.argc; j++) {
    const remargs = c.argc - j - 1;
    let opcode: u8;
    if (argIsC(c, j, "get") && remargs >= 2) opcode = BFOP_GET;
    else if (argIsC(c, j, "set") && remargs >= 3) opcode = BFOP_SET;
    else if (argIsC(c, j, "incrby") && remargs >= 3) opcode = BFOP_INCRBY;
    else if (argIsC(c, j, "overflow") && remargs >= 1) {
      j++;
      if (argIsC(c, j, "wrap")) owtype = BFOVERFLOW_WRAP;
      else if (argIsC(c, j, "sat")) owtype = BFOVERFLOW_SAT;
      else if (argIsC(c, j, "fail")) owtype = BFOVERFLOW_FAIL;
      else {
        addReplyError(c, ERR_BITFIELD_OVERFLOW);
        return;
      }
      continue;
    } else {
      addReplyError(c, ERR_SYNTAX);
      return;
    }
    if (!getBitfieldTypeOrReply(c, j + 1)) return;
    const bits = bfBits;
    if (!getBitOffsetOrReply(c, j + 2, true, bits)) return;
    const offset = bitOffset;
    let v: i64 = 0;
    if (opcode != BFOP_GET) {
      readonly = false;
      if (highestWrite < offset + <u64>bits - 1) highestWrite = offset + <u64>bits - 1;
      if (!getLongLongOrReply(c, j + 3)) return;
      v = argInt;
    }
    if (numops == opsCap) {
      opsCap = opsCap == 0 ? 8 : opsCap * 2;
      opsBuf = zrealloc(opsBuf, <usize>opsCap * OP_SIZE);
    }
    const op = opsBuf + <usize>numops * OP_SIZE;
    store<u64>(op, offset);
    store<i64>(op, v, 8);
    store<u8>(op, opcode, 16);
    store<u8>(op, owtype, 17);
    store<u8>(op, <u8>bits, 18);
    store<u8>(op, bfSigned ? 1 : 0, 19);
    numops++;
    j += opcode == BFOP_GET ? 2 : 3;
  }

  let e: usize;
  let dirty = false;
  if (readonly) {
    // Reading a missing key is fine (all zeros); another type is not.
    e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
    if (e != 0 && checkType(c, e, OBJ_STRING)) return;
  } else {
    if (readonlyCommand) {
      addReplyError(c, ERR_BITFIELD_RO);
      return;
    }
    e = lookupStringForBitCommand(c, highestWrite);
    if (e == 0) return;
    dirty = bitDirty;
  }

  addReplyArrayLen(c, numops);
  let changes: u64 = 0;
  for (let k = 0; k < numops; k++) {
    const op = opsBuf + <usize>k * OP_SIZE;
    const offset = load<u64>(op);
    const v = load<i64>(op, 8);
    const opcode = load<u8>(op, 16);
    const ow = load<u8>(op, 17);
    const bits = <i32>load<u8>(op, 18);
    const signed = load<u8>(op, 19) != 0;
    if (opcode == BFOP_GET) {
      // Copy the (up to) 9 bytes holding the field, zero-padded past the string's end.
      store<u64>(getBuf, 0);
      store<u64>(getBuf + 8, 0);
      const byte = offset >> 3;
      if (e != 0) {
        const len = <u64>entryStrLen(e);
        const sp = entryStrPtr(e);
        for (let i: u64 = 0; i < 9 && byte + i < len; i++) store<u8>(getBuf + <usize>i, load<u8>(sp + <usize>(byte + i)));
      }
      const rel = offset - (byte << 3);
      if (signed) addReplyLongLong(c, getSignedBitfield(getBuf, rel, bits));
      else addReplyLongLong(c, <i64>getUnsignedBitfield(getBuf, rel, bits));
      continue;
    }
    const p = entryStrPtr(e);
    let overflow: i32;
    let oldval: u64, newval: u64, retval: u64;
    if (signed) {
      const o = getSignedBitfield(p, offset, bits);
      oldval = <u64>o;
      if (opcode == BFOP_INCRBY) {
        overflow = checkSignedBitfieldOverflow(o, v, bits, ow);
        newval = overflow != 0 ? bfLimit : <u64>(o + v);
        retval = newval;
      } else {
        newval = <u64>v;
        overflow = checkSignedBitfieldOverflow(v, 0, bits, ow);
        if (overflow != 0) newval = bfLimit;
        retval = oldval;
      }
    } else {
      oldval = getUnsignedBitfield(p, offset, bits);
      if (opcode == BFOP_INCRBY) {
        newval = oldval + <u64>v;
        overflow = checkUnsignedBitfieldOverflow(oldval, v, bits, ow);
        if (overflow != 0) newval = bfLimit;
        retval = newval;
      } else {
        newval = <u64>v;
        overflow = checkUnsignedBitfieldOverflow(newval, 0, bits, ow);
        if (overflow != 0) newval = bfLimit;
        retval = oldval;
      }
    }
    // FAIL: an overflowing operation writes nothing and replies null.
    if (overflow != 0 && ow == BFOVERFLOW_FAIL) {
      addReplyNull(c);
      continue;
    }
    addReplyLongLong(c, <i64>retval);
    setUnsignedBitfield(p, offset, bits, newval);
    if (dirty || oldval != newval) changes++;
  }
  if (changes > 0) {
    addDirty(changes);
    notifyKeyspaceEvent(NOTIFY_STRING, "setbit", argPtr(c, 1), argLen(c, 1), c.dbIndex);
  }
}

/** BITFIELD key [GET type offset | SET type offset value | INCRBY type offset increment | OVERFLOW WRAP|SAT|FAIL ...] */
export function bitfieldCommand(c: Client): void {
  bitfieldGeneric(c, false);
}

/** BITFIELD_RO key [GET type offset ...] */
export function bitfieldRoCommand(c: Client): void {
  bitfieldGeneric(c, true);
}
