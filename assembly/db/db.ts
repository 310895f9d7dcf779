// db.ts — the keyspace API every command goes through (Redis: db.c + parts of expire.c).
//
// A database is two dicts: `dict` maps keys to entries (db/object.ts) and `expires` holds a
// small node {next, entry, when} for each key with a TTL. Handlers never touch the dicts:
// they call lookupKeyRead / lookupKeyWrite (which expire lazily and count hits and misses),
// dbAdd / dbSetString / dbDelete, and setExpire / removeExpire / getExpire.
//
// A key's hash is computed once per operation: each lookup leaves it in `lastHash`, and the
// write helpers that follow a lookup reuse it.

import { signalModifiedKey, touchAllWatchedKeysInDb } from "./multi";
import { Dict, DICT_KIND_EXPIRES, DICT_KIND_KEYS, dictAddNode, dictClear, dictCreate, dictFind,
  dictReplaceNode, dictSize, dictUnlinkNode, EXPNODE_ENTRY_OFF, EXPNODE_SIZE, EXPNODE_WHEN_OFF,
  dictBucketHead, dictNodeNext, dictTableSize } from "../ds/dict";
import { zcalloc, zfree, zmalloc } from "../mem/alloc";
import { hashBytes } from "../util/hash";
import { ENTRY_HEADER, ENTRY_VOLATILE, entryFlags, entryFree, entryIsVolatile, entryKeyLen,
  entryKeyPtr, entryNewString, entryStrCapacity, entryStrPtr, entryType, OBJ_STRING,
  setEntryEncoding, setEntryFlags, setEntryLru, setEntryVal, entryEncoding, entryStrLen } from "./object";
import { ENTRY_KEYLEN_OFF } from "../ds/dict";
import { scanDatabaseForReadyKeys, signalIfBlockingType } from "./blocking";
import { qlDup } from "../ds/quicklist";
import { OBJ_LIST } from "./object";
import { entryNew, entryVal, OBJ_SET } from "./object";
import { setDupValue } from "../t/set";
import { zsetDupValue } from "../t/zset";
import { OBJ_ZSET } from "./object";
import { streamDup } from "../ds/stream";
import { OBJ_STREAM } from "./object";
import { hashDupValue } from "../t/hash";
import { OBJ_HASH } from "./object";
import { notifyKeyspaceEvent, notifyMask, NOTIFY_EXPIRED, NOTIFY_KEY_MISS, NOTIFY_NEW, overwriting, setOverwriting } from "./notify";
import { entryLru } from "./object";
import { LFU_INIT_VAL, updateLFU } from "./evict";

@unmanaged
export class Db {
  dict: Dict;
  expires: Dict;
  id: i32;
  avgTtl: i64;
  expiresCursor: u64;
}

export let dbs: usize = 0; // array of Db pointers (u32 each)
export let dbCount: i32 = 16;

// ---- server-wide clock and statistics the keyspace maintains ---------------------------

/** Current time in unix ms, set by the host for each exec / cron call. */
export let nowMs: i64 = 0;
/**
 * The lru field a new or touched entry gets: the LRU clock (seconds, 24 bits, as Redis's
 * LRU_CLOCK()), or under an LFU maxmemory policy (minutes << 8) | LFU_INIT_VAL, the value
 * Redis's createObject gives (db/evict.ts).
 */
export let lruClock: u32 = 0;
/** An LFU maxmemory policy is selected: lookups update the LFU counter (db/evict.ts). */
export let lfuMode: bool = false;
export function lfuModeSet(on: bool): void {
  lfuMode = on;
  setNow(nowMsExact);
}
export let statKeyspaceHits: u64 = 0;
export let statKeyspaceMisses: u64 = 0;
export let statExpiredKeys: u64 = 0;
export function statExpiredKeysAdd(n: u64): void { statExpiredKeys += n; }
/** Writes since the last save (Redis: server.dirty). */
export let dirty: u64 = 0;
/** Hash of the key the last lookup/add touched. */
export let lastHash: u32 = 0;

/** The same time with its sub-millisecond part (TIME replies microseconds). */
export let nowMsExact: f64 = 0;

export function setNow(ms: f64): void {
  nowMsExact = ms;
  nowMs = <i64>ms;
  lruClock = lfuMode ? (<u32>((nowMs / 60000) & 65535) << 8) | LFU_INIT_VAL : <u32>((nowMs / 1000) & 0xffffff);
}

@inline export function addDirty(n: u64): void { dirty += n; }
export function resetDirty(): void { dirty = 0; }
/** A BGSAVE worker's engine copy points at the original's db array (index.ts bgsaveStateImport). */
export function restoreDbs(p: usize, count: i32): void {
  dbs = p;
  dbCount = count;
}
/** A finished BGSAVE covers the writes made before it started (rdb persistence). */
export function subDirty(n: u64): void { dirty = dirty > n ? dirty - n : 0; }

export function dbInit(count: i32): void {
  dbCount = count;
  dbs = zmalloc(<usize>count << 2);
  for (let i = 0; i < count; i++) {
    const db = changetype<Db>(zcalloc(offsetof<Db>()));
    db.dict = dictCreate(DICT_KIND_KEYS);
    db.expires = dictCreate(DICT_KIND_EXPIRES);
    db.id = i;
    store<u32>(dbs + (<usize>i << 2), changetype<u32>(db));
  }
}

@inline export function dbAt(i: i32): Db {
  return changetype<Db>(<usize>load<u32>(dbs + (<usize>i << 2)));
}

// ---- expires -------------------------------------------------------------------------

function findExpireNode(db: Db, e: usize, h: u32): usize {
  return dictFind(db.expires, entryKeyPtr(e), entryKeyLen(e), h);
}

/** The key's absolute expire time in ms, or -1 if it has none. */
export function getExpire(db: Db, e: usize, h: u32): i64 {
  if (!entryIsVolatile(e)) return -1;
  const n = findExpireNode(db, e, h);
  return n == 0 ? -1 : load<i64>(n + EXPNODE_WHEN_OFF);
}

export function setExpire(db: Db, e: usize, h: u32, when: i64): void {
  if (entryIsVolatile(e)) {
    const n = findExpireNode(db, e, h);
    if (n != 0) {
      store<i64>(n + EXPNODE_WHEN_OFF, when);
      return;
    }
  }
  const n = zmalloc(EXPNODE_SIZE);
  store<u32>(n + EXPNODE_ENTRY_OFF, <u32>e);
  store<i64>(n + EXPNODE_WHEN_OFF, when);
  setEntryFlags(e, entryFlags(e) | ENTRY_VOLATILE);
  dictAddNode(db.expires, n, h);
}

/** Drops the key's TTL. Returns true if it had one. */
export function removeExpire(db: Db, e: usize, h: u32): bool {
  if (!entryIsVolatile(e)) return false;
  setEntryFlags(e, entryFlags(e) & ~ENTRY_VOLATILE);
  const n = findExpireNode(db, e, h);
  if (n == 0) return false;
  dictUnlinkNode(db.expires, n, h);
  zfree(n);
  return true;
}

/** Points the expires node of a reallocated entry at its new block. */
function moveExpire(db: Db, old: usize, fresh: usize, h: u32): void {
  const n = findExpireNode(db, old, h);
  if (n != 0) store<u32>(n + EXPNODE_ENTRY_OFF, <u32>fresh);
}

/** True if the key is logically expired now (Redis: keyIsExpired). */
@inline export function keyIsExpired(db: Db, e: usize, h: u32): bool {
  if (!entryIsVolatile(e)) return false;
  const when = getExpire(db, e, h);
  return when >= 0 && when <= nowMs;
}

// ---- deleting ------------------------------------------------------------------------

/** Removes an entry already found at hash h and frees it. */
export function dbDeleteEntry(db: Db, e: usize, h: u32): void {
  if (entryIsVolatile(e)) removeExpire(db, e, h);
  dictUnlinkNode(db.dict, e, h);
  signalModifiedKey(db, entryKeyPtr(e), entryKeyLen(e)); // WATCH (db/multi.ts)
  entryFree(e);
}

/** Deletes key (kp, kl). Returns true if it existed (expired keys count as absent). */
export function dbDelete(db: Db, kp: usize, kl: u32): bool {
  const h = hashBytes(kp, kl);
  const e = dictFind(db.dict, kp, kl, h);
  if (e == 0) return false;
  const expired = keyIsExpired(db, e, h);
  if (expired) {
    // Redis expires it first (expireIfNeeded): an "expired" event, not a deletion.
    expireIfNeeded(db, e, h);
    return false;
  }
  dbDeleteEntry(db, e, h);
  return true;
}

/** Deletes e if it is expired; true if it was (Redis: expireIfNeeded). */
export function expireIfNeeded(db: Db, e: usize, h: u32): bool {
  if (!keyIsExpired(db, e, h)) return false;
  if (notifyMask != 0) notifyExpired(db, e);
  dbDeleteEntry(db, e, h);
  statExpiredKeys++;
  return true;
}

/** The "expired" keyspace event of entry e (Redis: deleteExpiredKeyAndPropagate). */
export function notifyExpired(db: Db, e: usize): void {
  notifyKeyspaceEvent(NOTIFY_EXPIRED, "expired", entryKeyPtr(e), entryKeyLen(e), db.id);
}

// ---- lookups -------------------------------------------------------------------------

export const LOOKUP_NONE: i32 = 0;
export const LOOKUP_NOTOUCH: i32 = 1;
export const LOOKUP_NONOTIFY: i32 = 2;
export const LOOKUP_NOSTATS: i32 = 4;
export const LOOKUP_WRITE: i32 = 8;

/** Finds a live key, expiring it lazily; updates LRU and hit/miss stats (Redis: lookupKey). */
export function lookupKey(db: Db, kp: usize, kl: u32, flags: i32): usize {
  const h = hashBytes(kp, kl);
  lastHash = h;
  let e = dictFind(db.dict, kp, kl, h);
  if (e != 0 && entryIsVolatile(e) && expireIfNeeded(db, e, h)) e = 0;
  if (e != 0) {
    if ((flags & LOOKUP_NOTOUCH) == 0) {
      if (lfuMode) updateLFU(e);
      else setEntryLru(e, lruClock);
    }
    if ((flags & (LOOKUP_NOSTATS | LOOKUP_WRITE)) == 0) statKeyspaceHits++;
  } else {
    if ((flags & (LOOKUP_NONOTIFY | LOOKUP_WRITE)) == 0) notifyKeyspaceEvent(NOTIFY_KEY_MISS, "keymiss", kp, kl, db.id);
    if ((flags & (LOOKUP_NOSTATS | LOOKUP_WRITE)) == 0) statKeyspaceMisses++;
  }
  return e;
}

/** The entry of key (kp, kl) as stored, expired or not, without stats or LRU update (Redis: dbFind). */
export function dbFindEntry(db: Db, kp: usize, kl: u32): usize {
  const h = hashBytes(kp, kl);
  lastHash = h;
  return dictFind(db.dict, kp, kl, h);
}

@inline export function lookupKeyRead(db: Db, kp: usize, kl: u32): usize {
  return lookupKey(db, kp, kl, LOOKUP_NONE);
}

@inline export function lookupKeyWrite(db: Db, kp: usize, kl: u32): usize {
  return lookupKey(db, kp, kl, LOOKUP_WRITE);
}

// ---- adding and overwriting ----------------------------------------------------------

/**
 * Links a new entry whose key is absent (hash h). Like Redis's dbAdd, a new list / zset /
 * stream wakes clients blocked on that key (db/blocking.ts).
 */
@inline export function dbAddEntry(db: Db, e: usize, h: u32): void {
  dictAddNode(db.dict, e, h);
  signalModifiedKey(db, entryKeyPtr(e), entryKeyLen(e)); // WATCH (db/multi.ts)
  signalIfBlockingType(db, e, entryKeyPtr(e), entryKeyLen(e), h);
  if (overwriting) setOverwriting(false);
  else notifyKeyspaceEvent(NOTIFY_NEW, "new", entryKeyPtr(e), entryKeyLen(e), db.id);
}

/**
 * Sets key to a string value (Redis: setKey with a string object). `old` is the live entry
 * found by the caller's lookup at hash h (0 if absent). With keepTtl the key's TTL survives,
 * otherwise it is removed. Returns the entry now holding the value.
 */
export function dbSetString(db: Db, kp: usize, kl: u32, h: u32, old: usize,
                            vp: usize, vl: u32, enc: u8, keepTtl: bool): usize {
  signalModifiedKey(db, kp, kl); // WATCH (db/multi.ts)
  if (old != 0 && !keepTtl && entryIsVolatile(old)) removeExpire(db, old, h);
  if (old != 0 && entryType(old) == OBJ_STRING) {
    // Overwrite in place when the block fits and is not more than twice too big.
    const cap = entryStrCapacity(old);
    if (<usize>vl <= cap && (cap <= 64 || <usize>vl * 2 >= cap)) {
      setEntryFlags(old, entryFlags(old) & ~ENTRY_UNSHARED); // a fresh value (OBJECT REFCOUNT)
      memory.copy(entryStrPtr(old), vp, vl);
      setEntryVal(old, vl);
      setEntryEncoding(old, enc);
      if (!lfuMode) setEntryLru(old, lruClock); // LFU: the key keeps its counter (dbOverwrite)
      return old;
    }
  }
  const e = entryNewString(kp, kl, vp, vl, enc, lruClock);
  if (old == 0) {
    dictAddNode(db.dict, e, h);
    notifyKeyspaceEvent(NOTIFY_NEW, "new", kp, kl, db.id);
    return e;
  }
  setEntryFlags(e, entryFlags(old) & ~ENTRY_UNSHARED); // keeps VOLATILE when the TTL stays
  if (lfuMode) setEntryLru(e, entryLru(old)); // LFU: the key keeps its counter (dbOverwrite)
  dictReplaceNode(db.dict, old, e, h);
  if (entryIsVolatile(e)) moveExpire(db, old, e, h);
  entryFree(old);
  return e;
}

/**
 * Makes room for a string value of `vl` bytes in entry `e` (for APPEND / SETRANGE), keeping
 * the current bytes. Returns the (possibly moved) entry. `exact` allocates just `vl` (a
 * value that reaches its final size at once, like a dense HyperLogLog).
 */
export function dbGrowString(db: Db, e: usize, h: u32, vl: u32, exact: bool = false): usize {
  if (<usize>vl <= entryStrCapacity(e)) return e;
  const kl = entryKeyLen(e);
  // Grow geometrically like sdsMakeRoomFor, so repeated APPENDs are amortized O(1).
  let want = <usize>vl;
  if (!exact) want = want < 1024 * 1024 ? want * 2 : want + 1024 * 1024;
  const fresh = zmalloc(ENTRY_HEADER + <usize>kl + want);
  memory.copy(fresh, e, ENTRY_HEADER + <usize>kl + <usize>load<u32>(e + 16));
  dictReplaceNode(db.dict, e, fresh, h);
  if (entryIsVolatile(fresh)) moveExpire(db, e, fresh, h);
  zfree(e);
  return fresh;
}

// ---- generic keyspace operations (COPY, RENAME, MOVE, SWAPDB) ------------------------------

/**
 * Entry flag: this value is a private copy, not one of Redis's shared integer objects
 * (0..9999 stored as "int" are shared in Redis and OBJECT REFCOUNT reports 2147483647 for
 * them; a COPY of one is a new object with refcount 1). Only COPY sets it; any new value
 * written by dbSetString clears it. See t/keyspace.ts objectRefcount.
 */
export const ENTRY_UNSHARED: u8 = 2;

/**
 * A deep copy of entry e under key (kp, kl), without TTL, for COPY (Redis: the per-type
 * dup functions COPY calls: dupStringObject, listTypeDup, setTypeDup ...). The single place
 * where types plug in: each collection type adds a case that duplicates its value structure
 * and stores the new pointer with setEntryVal. Returns 0 for a type that cannot be copied.
 */
export function entryDup(e: usize, kp: usize, kl: u32): usize {
  const type = entryType(e);
  let fresh: usize = 0;
  switch (type) {
    case OBJ_STRING: {
      fresh = entryNewString(kp, kl, entryStrPtr(e), entryStrLen(e), entryEncoding(e), lruClock);
      break;
    }
    case OBJ_HASH: {
      fresh = entryNew(kp, kl, type, entryEncoding(e), 0, lruClock);
      setEntryVal(fresh, <u32>hashDupValue(entryEncoding(e), <usize>entryVal(e)));
      break;
    }
    case OBJ_SET: {
      fresh = entryNew(kp, kl, type, entryEncoding(e), 0, lruClock);
      setEntryVal(fresh, <u32>setDupValue(entryEncoding(e), <usize>entryVal(e)));
      break;
    }
    case OBJ_ZSET: {
      fresh = entryNew(kp, kl, type, entryEncoding(e), 0, lruClock);
      setEntryVal(fresh, <u32>zsetDupValue(entryEncoding(e), <usize>entryVal(e)));
      break;
    }
    case OBJ_LIST: {
      fresh = entryNew(kp, kl, type, entryEncoding(e), 0, lruClock);
      setEntryVal(fresh, <u32>qlDup(<usize>entryVal(e)));
      break;
    }
    case OBJ_STREAM: {
      fresh = entryNew(kp, kl, type, entryEncoding(e), 0, lruClock);
      setEntryVal(fresh, <u32>streamDup(<usize>entryVal(e)));
      break;
    }
    default: return 0;
  }
  setEntryFlags(fresh, ENTRY_UNSHARED);
  return fresh;
}

/**
 * Gives the value of entry e (hash h) the new name (kp, kl), whose hash hd the caller got
 * from its lookup and which must be absent from db; the TTL, LRU and flags go along (Redis:
 * RENAME's dbAdd of the same object under the new name, then dbDelete of the old one). The
 * key lives inside the entry block, so the block is re-made with the new name: the header
 * and an inline string value are copied, a collection's value pointer simply moves over.
 * Returns the new entry.
 */
export function dbRename(db: Db, e: usize, h: u32, kp: usize, kl: u32, hd: u32): usize {
  const when = getExpire(db, e, h);
  const inl: usize = entryType(e) == OBJ_STRING ? <usize>entryStrLen(e) : 0;
  const fresh = zmalloc(ENTRY_HEADER + <usize>kl + inl);
  memory.copy(fresh, e, ENTRY_HEADER); // type, encoding, flags, lru, value length/pointer
  store<u32>(fresh + ENTRY_KEYLEN_OFF, kl);
  memory.copy(fresh + ENTRY_HEADER, kp, kl);
  if (inl > 0) memory.copy(fresh + ENTRY_HEADER + <usize>kl, entryStrPtr(e), inl);
  setEntryFlags(fresh, entryFlags(e) & ~ENTRY_VOLATILE);
  // Unlink the old name; zfree, not entryFree: its value now belongs to `fresh`.
  if (entryIsVolatile(e)) removeExpire(db, e, h);
  dictUnlinkNode(db.dict, e, h);
  zfree(e);
  dictAddNode(db.dict, fresh, hd);
  notifyKeyspaceEvent(NOTIFY_NEW, "new", kp, kl, db.id);
  signalModifiedKey(db, kp, kl); // WATCH (db/multi.ts): the new name (the old one: server.ts call)
  if (when >= 0) setExpire(db, fresh, hd, when);
  signalIfBlockingType(db, fresh, kp, kl, hd);
  return fresh;
}

/**
 * Moves entry e (hash h) from db src to db dst, where its key must be absent, with its TTL
 * (Redis: MOVE's dbAdd(dst) + setExpire + dbDelete(src)). Same name, so the block itself is
 * relinked: nothing is copied.
 */
export function dbMove(src: Db, e: usize, h: u32, dst: Db): void {
  const when = getExpire(src, e, h);
  if (entryIsVolatile(e)) removeExpire(src, e, h);
  dictUnlinkNode(src.dict, e, h);
  dictAddNode(dst.dict, e, h);
  notifyKeyspaceEvent(NOTIFY_NEW, "new", entryKeyPtr(e), entryKeyLen(e), dst.id);
  signalModifiedKey(src, entryKeyPtr(e), entryKeyLen(e)); // WATCH (db/multi.ts)
  signalModifiedKey(dst, entryKeyPtr(e), entryKeyLen(e));
  if (when >= 0) setExpire(dst, e, h, when);
  signalIfBlockingType(dst, e, entryKeyPtr(e), entryKeyLen(e), h);
}

/**
 * Swaps the contents of dbs a and b (Redis: dbSwapDatabases). The Db structs stay where
 * they are, with their ids: a client's `db` pointer keeps naming its selected index and
 * simply sees the other data set, so no client needs fixing.
 */
export function dbSwap(a: i32, b: i32): void {
  if (a == b) return;
  const x = dbAt(a);
  const y = dbAt(b);
  touchAllWatchedKeysInDb(x, y); // WATCH (db/multi.ts): keys that exist in either db
  touchAllWatchedKeysInDb(y, x);
  const d = x.dict; x.dict = y.dict; y.dict = d;
  const ex = x.expires; x.expires = y.expires; y.expires = ex;
  const t = x.avgTtl; x.avgTtl = y.avgTtl; y.avgTtl = t;
  const cur = x.expiresCursor; x.expiresCursor = y.expiresCursor; y.expiresCursor = cur;
  // Clients stay blocked on their db index, which now shows other data (Redis: swapdb).
  scanDatabaseForReadyKeys(x);
  scanDatabaseForReadyKeys(y);
}

/** Unlinks every key of a db and frees them. Returns the number of keys removed. */
export function dbEmpty(db: Db): u64 {
  touchAllWatchedKeysInDb(db, null); // WATCH (db/multi.ts)
  const removed = dictSize(db.dict);
  freeAllNodes(db.expires, false);
  freeAllNodes(db.dict, true);
  dictClear(db.expires);
  dictClear(db.dict);
  db.avgTtl = 0;
  db.expiresCursor = 0;
  return removed;
}

function freeAllNodes(d: Dict, entries: bool): void {
  for (let t = 0; t < 2; t++) {
    const size = dictTableSize(d, t);
    for (let i: u64 = 0; i < size; i++) {
      let n = dictBucketHead(d, t, i);
      while (n != 0) {
        const next = dictNodeNext(n);
        if (entries) entryFree(n);
        else zfree(n);
        n = next;
      }
    }
  }
}

/** Keys in a db (expired-but-not-yet-removed included, as Redis's DBSIZE). */
@inline export function dbKeyCount(db: Db): u64 { return dictSize(db.dict); }
@inline export function dbExpiresCount(db: Db): u64 { return dictSize(db.expires); }

