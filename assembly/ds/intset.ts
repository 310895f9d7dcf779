// intset.ts — a sorted array of integers in Redis's exact byte format (Redis: intset.c).
//
// A set whose members are all integers (and not too many: set-max-intset-entries) is kept
// as one flat block instead of a hash table: 2, 4 or 8 bytes per member instead of a node
// each, and lookups by binary search. The block is byte-for-byte Redis's intset, so an RDB
// writer can store it verbatim (RDB_TYPE_SET_INTSET) and DUMP bodies match redis-server's:
//
//   0          4          8
//   +----------+----------+---------------------------------------------+
//   | encoding | length   | contents: `length` integers, ascending       |
//   | u32 LE   | u32 LE   | each int16/int32/int64 LE (`encoding` bytes) |
//   +----------+----------+---------------------------------------------+
//
// All members share the width of the widest one. Adding a value that does not fit the
// current width "upgrades" the whole block first (every member re-stored wider, from the
// back so nothing is overwritten); since the new value is out of the old range it belongs at
// one end, so no search is needed. Redis never downgrades on removal, and neither do we:
// the width is part of what DUMP shows.
//
// The block is always exactly 8 + length * encoding bytes (Redis reallocates on every add
// and remove), so the memory cost is the integers themselves. Every mutating call may move
// the block and returns the new pointer; results that are not the pointer (was the value
// added? removed? where was it found?) go through module globals, as elsewhere in the engine.
// WebAssembly is little-endian, so plain loads and stores read and write the stored format.

import { zfree, zmalloc, zrealloc } from "../mem/alloc";
import { randomBelow } from "../util/hash";

export const INTSET_ENC_INT16: u32 = 2;
export const INTSET_ENC_INT32: u32 = 4;
export const INTSET_ENC_INT64: u32 = 8;

const HEADER: usize = 8;

/** Set by intsetAdd: true if the value was not there and was inserted. */
export let intsetAdded: bool = false;
/** Set by intsetRemove: true if the value was there and was removed. */
export let intsetRemoved: bool = false;
/** Set by intsetSearch: the value's index, or where it would be inserted. */
export let intsetPos: u32 = 0;

@inline export function intsetEncoding(is: usize): u32 { return load<u32>(is); }
@inline export function intsetLen(is: usize): u32 { return load<u32>(is + 4); }
/** Size of the whole block in bytes (what an RDB file stores). */
@inline export function intsetBlobLen(is: usize): u32 { return <u32>HEADER + intsetLen(is) * intsetEncoding(is); }

/** The smallest width that holds v (Redis: _intsetValueEncoding). */
@inline function valueEncoding(v: i64): u32 {
  if (v < <i64>i32.MIN_VALUE || v > <i64>i32.MAX_VALUE) return INTSET_ENC_INT64;
  if (v < <i64>i16.MIN_VALUE || v > <i64>i16.MAX_VALUE) return INTSET_ENC_INT32;
  return INTSET_ENC_INT16;
}

/** The integer at `pos` read with width `enc`. */
@inline function getEncoded(is: usize, pos: u32, enc: u32): i64 {
  const p = is + HEADER + <usize>pos * <usize>enc;
  if (enc == INTSET_ENC_INT64) return load<i64>(p);
  if (enc == INTSET_ENC_INT32) return <i64>load<i32>(p);
  return <i64>load<i16>(p);
}

@inline function setEncoded(is: usize, pos: u32, v: i64): void {
  const enc = intsetEncoding(is);
  const p = is + HEADER + <usize>pos * <usize>enc;
  if (enc == INTSET_ENC_INT64) store<i64>(p, v);
  else if (enc == INTSET_ENC_INT32) store<i32>(p, <i32>v);
  else store<i16>(p, <i16>v);
}

/** The member at index pos (0 <= pos < length). */
@inline export function intsetGet(is: usize, pos: u32): i64 {
  return getEncoded(is, pos, intsetEncoding(is));
}

/** A new empty intset (16-bit encoding, as Redis's intsetNew). */
export function intsetNew(): usize {
  const is = zmalloc(HEADER);
  store<u32>(is, INTSET_ENC_INT16);
  store<u32>(is + 4, 0);
  return is;
}

export function intsetFree(is: usize): void {
  zfree(is);
}

/** A copy of the whole block. */
export function intsetDup(is: usize): usize {
  const n = <usize>intsetBlobLen(is);
  const copy = zmalloc(n);
  memory.copy(copy, is, n);
  return copy;
}

/** Reallocates the block for `len` members of the current width. */
@inline function resize(is: usize, len: u32): usize {
  return zrealloc(is, HEADER + <usize>len * <usize>intsetEncoding(is));
}

/**
 * Binary search (Redis: intsetSearch). True if v is present, with its index in intsetPos;
 * otherwise false with the insertion point in intsetPos. Values beyond either end are
 * answered without searching, which makes appending ascending values cheap.
 */
export function intsetSearch(is: usize, v: i64): bool {
  const len = intsetLen(is);
  if (len == 0) {
    intsetPos = 0;
    return false;
  }
  const enc = intsetEncoding(is);
  if (v > getEncoded(is, len - 1, enc)) {
    intsetPos = len;
    return false;
  }
  if (v < getEncoded(is, 0, enc)) {
    intsetPos = 0;
    return false;
  }
  let lo: i64 = 0;
  let hi: i64 = <i64>len - 1;
  while (hi >= lo) {
    const mid = (lo + hi) >> 1;
    const cur = getEncoded(is, <u32>mid, enc);
    if (v > cur) lo = mid + 1;
    else if (v < cur) hi = mid - 1;
    else {
      intsetPos = <u32>mid;
      return true;
    }
  }
  intsetPos = <u32>lo;
  return false;
}

/** True if v is a member. */
export function intsetFind(is: usize, v: i64): bool {
  return valueEncoding(v) <= intsetEncoding(is) && intsetSearch(is, v);
}

/**
 * Widens every member to v's encoding and adds v, which lies beyond the old range: at the
 * front if negative, at the back otherwise (Redis: intsetUpgradeAndAdd).
 */
function upgradeAndAdd(is: usize, v: i64): usize {
  const oldEnc = intsetEncoding(is);
  const len = intsetLen(is);
  const prepend: u32 = v < 0 ? 1 : 0;
  store<u32>(is, valueEncoding(v));
  is = resize(is, len + 1);
  // From the back: a wider slot never overlaps an unread narrower one further left.
  for (let i = <i64>len - 1; i >= 0; i--) {
    setEncoded(is, <u32>i + prepend, getEncoded(is, <u32>i, oldEnc));
  }
  if (prepend) setEncoded(is, 0, v);
  else setEncoded(is, len, v);
  store<u32>(is + 4, len + 1);
  return is;
}

/** Adds v; intsetAdded says whether it was new. Returns the (possibly moved) block. */
export function intsetAdd(is: usize, v: i64): usize {
  if (valueEncoding(v) > intsetEncoding(is)) {
    intsetAdded = true;
    return upgradeAndAdd(is, v);
  }
  if (intsetSearch(is, v)) {
    intsetAdded = false;
    return is;
  }
  const pos = intsetPos;
  const len = intsetLen(is);
  is = resize(is, len + 1);
  const enc = <usize>intsetEncoding(is);
  if (pos < len) {
    const at = is + HEADER + <usize>pos * enc;
    memory.copy(at + enc, at, <usize>(len - pos) * enc);
  }
  setEncoded(is, pos, v);
  store<u32>(is + 4, len + 1);
  intsetAdded = true;
  return is;
}

/** Removes v; intsetRemoved says whether it was there. Returns the (possibly moved) block. */
export function intsetRemove(is: usize, v: i64): usize {
  if (valueEncoding(v) > intsetEncoding(is) || !intsetSearch(is, v)) {
    intsetRemoved = false;
    return is;
  }
  const pos = intsetPos;
  const len = intsetLen(is);
  const enc = <usize>intsetEncoding(is);
  if (pos < len - 1) {
    const at = is + HEADER + <usize>pos * enc;
    memory.copy(at, at + enc, <usize>(len - pos - 1) * enc);
  }
  store<u32>(is + 4, len - 1);
  intsetRemoved = true;
  return resize(is, len - 1);
}

/** A uniformly random member of a non-empty intset (Redis: intsetRandom). */
export function intsetRandom(is: usize): i64 {
  return intsetGet(is, <u32>randomBelow(<u64>intsetLen(is)));
}
