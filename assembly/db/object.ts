// object.ts — the key entry: one heap block per key holding its header, key and (for
// strings) its value (Redis: robj + dictEntry + sds key, folded into one allocation).
//
// Folding entry, key and small value into one block is what keeps a small string key at
// ~48 bytes of heap (Redis: ~88) and makes GET a single chain walk plus one memcpy.
//
//   0      4      5      6      7      8        12       16       20
//   +------+------+------+------+------+--------+--------+--------+-----------+-------------+
//   | next | type | enc  | flags| -    | lru    | keyLen | valLen | key bytes | value bytes |
//   +------+------+------+------+------+--------+--------+--------+-----------+-------------+
//     dict    OBJ_*  ENC_*  VOLATILE     clock    u32      u32 (strings) or a pointer to the
//     chain                 ...          (s)               value's own structure (other types)
//
// The type and encoding numbers are Redis's (they appear in OBJECT ENCODING and in RDB).
// `enc` for strings records what Redis would report (int, embstr, raw); the value is always
// kept as bytes. VOLATILE says the key has a row in the db's expires dict, so lookups of keys
// without a TTL never touch that second table.

import { zmalloc, zmallocSize, zfree } from "../mem/alloc";
import { ENTRY_KEY_OFF, ENTRY_KEYLEN_OFF } from "../ds/dict";
import { string2ll } from "../util/number";
import { qlFree } from "../ds/quicklist";
import { setFreeValue } from "../t/set";
import { zsetFreeValue } from "../t/zset";
import { hashFreeValue } from "../t/hash";
import { streamFree } from "../ds/stream";

export const OBJ_STRING: u8 = 0;
export const OBJ_LIST: u8 = 1;
export const OBJ_SET: u8 = 2;
export const OBJ_ZSET: u8 = 3;
export const OBJ_HASH: u8 = 4;
export const OBJ_MODULE: u8 = 5;
export const OBJ_STREAM: u8 = 6;

export const ENC_RAW: u8 = 0;
export const ENC_INT: u8 = 1;
export const ENC_HT: u8 = 2;
export const ENC_ZIPMAP: u8 = 3;
export const ENC_LINKEDLIST: u8 = 4;
export const ENC_ZIPLIST: u8 = 5;
export const ENC_INTSET: u8 = 6;
export const ENC_SKIPLIST: u8 = 7;
export const ENC_EMBSTR: u8 = 8;
export const ENC_QUICKLIST: u8 = 9;
export const ENC_STREAM: u8 = 10;
export const ENC_LISTPACK: u8 = 11;

export const ENTRY_VOLATILE: u8 = 1;

export const ENTRY_HEADER: usize = ENTRY_KEY_OFF;
const TYPE_OFF: usize = 4;
const ENC_OFF: usize = 5;
const FLAGS_OFF: usize = 6;
const LRU_OFF: usize = 8;
const VAL_OFF: usize = 16;

/** Longest string Redis stores as embstr. */
export const EMBSTR_SIZE_LIMIT: u32 = 44;

@inline export function entryType(e: usize): u8 { return load<u8>(e + TYPE_OFF); }
@inline export function entryEncoding(e: usize): u8 { return load<u8>(e + ENC_OFF); }
@inline export function setEntryEncoding(e: usize, enc: u8): void { store<u8>(e + ENC_OFF, enc); }
@inline export function entryFlags(e: usize): u8 { return load<u8>(e + FLAGS_OFF); }
@inline export function setEntryFlags(e: usize, f: u8): void { store<u8>(e + FLAGS_OFF, f); }
@inline export function entryIsVolatile(e: usize): bool { return (load<u8>(e + FLAGS_OFF) & ENTRY_VOLATILE) != 0; }
@inline export function entryLru(e: usize): u32 { return load<u32>(e + LRU_OFF); }
@inline export function setEntryLru(e: usize, v: u32): void { store<u32>(e + LRU_OFF, v); }
@inline export function entryKeyPtr(e: usize): usize { return e + ENTRY_KEY_OFF; }
@inline export function entryKeyLen(e: usize): u32 { return load<u32>(e + ENTRY_KEYLEN_OFF); }
/** String value: length; other types: pointer to the value structure. */
@inline export function entryVal(e: usize): u32 { return load<u32>(e + VAL_OFF); }
@inline export function setEntryVal(e: usize, v: u32): void { store<u32>(e + VAL_OFF, v); }
/** String value bytes start right after the key. */
@inline export function entryStrPtr(e: usize): usize { return e + ENTRY_KEY_OFF + <usize>load<u32>(e + ENTRY_KEYLEN_OFF); }
@inline export function entryStrLen(e: usize): u32 { return load<u32>(e + VAL_OFF); }

/** Bytes the block can hold for key + string value without reallocating. */
@inline export function entryStrCapacity(e: usize): usize {
  return zmallocSize(e) - ENTRY_KEY_OFF - <usize>entryKeyLen(e);
}

/** Allocates an entry for key (kp, kl) with room for a `vl`-byte string value (not written). */
export function entryNew(kp: usize, kl: u32, type: u8, enc: u8, vl: u32, lru: u32): usize {
  const e = zmalloc(ENTRY_KEY_OFF + <usize>kl + <usize>vl);
  store<u32>(e, 0);
  store<u8>(e + TYPE_OFF, type);
  store<u8>(e + ENC_OFF, enc);
  store<u8>(e + FLAGS_OFF, 0);
  store<u8>(e + 7, 0);
  store<u32>(e + LRU_OFF, lru);
  store<u32>(e + ENTRY_KEYLEN_OFF, kl);
  store<u32>(e + VAL_OFF, vl);
  memory.copy(e + ENTRY_KEY_OFF, kp, kl);
  return e;
}

/** New string entry holding a copy of (vp, vl), encoded as Redis would report it. */
export function entryNewString(kp: usize, kl: u32, vp: usize, vl: u32, enc: u8, lru: u32): usize {
  const e = entryNew(kp, kl, OBJ_STRING, enc, vl, lru);
  memory.copy(e + ENTRY_KEY_OFF + <usize>kl, vp, vl);
  return e;
}

/**
 * The encoding Redis's tryObjectEncoding gives a string argument: "int" for a canonical
 * integer of at most 20 chars, "embstr" up to 44 bytes, else "raw".
 */
export function stringEncodingFor(vp: usize, vl: u32): u8 {
  if (vl <= 20 && vl > 0 && string2ll(vp, <i32>vl)) return ENC_INT;
  return vl <= EMBSTR_SIZE_LIMIT ? ENC_EMBSTR : ENC_RAW;
}

/** The encoding of a string object created from raw bytes (createStringObject). */
@inline export function rawStringEncodingFor(vl: u32): u8 {
  return vl <= EMBSTR_SIZE_LIMIT ? ENC_EMBSTR : ENC_RAW;
}

/**
 * Frees an entry and whatever its value owns. The one place where each collection type
 * plugs in its release function (strings live inline and need none), like entryDup in db.ts.
 */
export function entryFree(e: usize): void {
  switch (entryType(e)) {
    case OBJ_STRING: break;
    case OBJ_LIST: qlFree(<usize>entryVal(e)); break;
    case OBJ_SET: setFreeValue(entryEncoding(e), <usize>entryVal(e)); break;
    case OBJ_ZSET: zsetFreeValue(entryEncoding(e), <usize>entryVal(e)); break;
    case OBJ_HASH: hashFreeValue(entryEncoding(e), <usize>entryVal(e)); break;
    case OBJ_STREAM: streamFree(<usize>entryVal(e)); break;
    // case OBJ_LIST: listFreeValue(entryEncoding(e), entryVal(e)); break;  ... one case per type
    default: break;
  }
  zfree(e);
}

/** Redis's type names, as TYPE replies them. */
export function typeName(t: u8): string {
  switch (t) {
    case OBJ_STRING: return "string";
    case OBJ_LIST: return "list";
    case OBJ_SET: return "set";
    case OBJ_ZSET: return "zset";
    case OBJ_HASH: return "hash";
    case OBJ_STREAM: return "stream";
  }
  return "none";
}

/** Redis's encoding names, as OBJECT ENCODING replies them. */
export function encodingName(enc: u8): string {
  switch (enc) {
    case ENC_RAW: return "raw";
    case ENC_INT: return "int";
    case ENC_HT: return "hashtable";
    case ENC_ZIPMAP: return "zipmap";
    case ENC_LINKEDLIST: return "linkedlist";
    case ENC_ZIPLIST: return "ziplist";
    case ENC_INTSET: return "intset";
    case ENC_SKIPLIST: return "skiplist";
    case ENC_EMBSTR: return "embstr";
    case ENC_QUICKLIST: return "quicklist";
    case ENC_STREAM: return "stream";
    case ENC_LISTPACK: return "listpack";
  }
  return "unknown";
}
