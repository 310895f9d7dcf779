// evict.ts — maxmemory: eviction policies, the LRU/LFU clock of each key, OOM refusal
// (Redis: evict.c).
//
// Every key entry has a 32-bit `lru` field (db/object.ts) used the way Redis uses its 24-bit
// robj->lru:
//   - LRU policies (and no policy): the LRU clock in seconds, 24 bits, set on every access;
//     the idle time is the clock minus that value (OBJECT IDLETIME).
//   - LFU policies: (minutes & 0xffff) << 8 | counter, where counter is a logarithmic
//     access counter (starting at LFU_INIT_VAL) that decays by one every lfu-decay-time
//     minutes and grows with probability 1/((counter - 5) * lfu-log-factor + 1).
// db.ts keeps `lruClock` as "the value a new or touched object gets" (the LRU clock, or the
// LFU init value with the current minutes), so the many places that create entries need not
// know the policy; lookupKey calls updateLFU instead of storing the clock under LFU.
//
// Eviction is Redis's approximation, not true LRU: before a command that may use memory
// (deny-oom) runs while used memory is above maxmemory, performEvictions samples
// maxmemory-samples keys per database with dictGetSomeNodes (all keys, or only keys with a
// TTL for volatile-*), scores each (idle time, 255 - LFU counter, or -expire time for
// volatile-ttl), and merges them into a 16-entry pool sorted by score that survives between
// calls. The best candidate is taken from the pool's end; a candidate that vanished meanwhile
// (a "ghost") is skipped. Random policies pick a random key of the next non-empty db. Keys
// are deleted until enough memory was freed, within the budget the tenacity allows (then the
// host's cron continues, as Redis's eviction time proc). Redis's budget is time (500 us at
// the default tenacity 10); the engine has no clock of its own (time comes in with exec), so
// the budget is counted in keys, at the ~0.5 us an eviction costs here: 1000 keys at 10.
//
// Why the same algorithm rather than an exact LRU list: keeping Redis's hit ratio under
// skewed load (bench/evict-hitratio.cjs) and the zero per-key cost of an intrusive list.
//
// The wasm32 address space is 4 GiB and memory.grow failing would abort the instance. So
// there is always an effective limit: maxmemory when it is set (capped to HARD_LIMIT), and
// HARD_LIMIT otherwise, above which deny-oom commands get -OOM even with maxmemory 0.

import { Db, dbAt, dbCount, dbDeleteEntry, lfuModeSet, nowMs, nowMsExact } from "./db";
import { Dict, dictFind, dictGetSomeNodes, dictRandomNode, dictSize, EXPNODE_ENTRY_OFF, EXPNODE_WHEN_OFF } from "../ds/dict";
import { usedMemory, zfree, zmalloc, zrealloc } from "../mem/alloc";
import { hashBytes, randomU64 } from "../util/hash";
import { entryKeyLen, entryKeyPtr, entryLru } from "./object";
import { propagateArg, propagateArgStr, propagateBegin, propagateEnd, propagationEnabled } from "./effects";
import { notifyKeyspaceEvent, NOTIFY_EVICTED } from "./notify";

// ---- settings (pushed by the host: maxmemory, maxmemory-policy ...) ---------------------

export const MAXMEMORY_FLAG_LRU: u32 = 1 << 0;
export const MAXMEMORY_FLAG_LFU: u32 = 1 << 1;
export const MAXMEMORY_FLAG_ALLKEYS: u32 = 1 << 2;
export const MAXMEMORY_VOLATILE_LRU: u32 = (0 << 8) | MAXMEMORY_FLAG_LRU;
export const MAXMEMORY_VOLATILE_LFU: u32 = (1 << 8) | MAXMEMORY_FLAG_LFU;
export const MAXMEMORY_VOLATILE_TTL: u32 = 2 << 8;
export const MAXMEMORY_VOLATILE_RANDOM: u32 = 3 << 8;
export const MAXMEMORY_ALLKEYS_LRU: u32 = (4 << 8) | MAXMEMORY_FLAG_LRU | MAXMEMORY_FLAG_ALLKEYS;
export const MAXMEMORY_ALLKEYS_LFU: u32 = (5 << 8) | MAXMEMORY_FLAG_LFU | MAXMEMORY_FLAG_ALLKEYS;
export const MAXMEMORY_ALLKEYS_RANDOM: u32 = (6 << 8) | MAXMEMORY_FLAG_ALLKEYS;
export const MAXMEMORY_NO_EVICTION: u32 = 7 << 8;

/** Used memory above which deny-oom commands are refused even with maxmemory 0 (3 GiB; tests lower it). */
export let HARD_LIMIT: u64 = <u64>3 << 30;
export function setHardLimit(v: u64): void {
  HARD_LIMIT = v == 0 ? <u64>3 << 30 : v;
  updateLimit();
}

export let maxmemory: u64 = 0;
export let maxmemoryPolicy: u32 = MAXMEMORY_NO_EVICTION;
export let maxmemorySamples: i32 = 5;
export let lfuLogFactor: i32 = 10;
export let lfuDecayTime: i32 = 1;
export let evictionTenacity: i32 = 10;
/** The limit performEvictions enforces (see the file comment); checked before commands. */
export let memoryLimit: u64 = HARD_LIMIT;

export let statEvictedKeys: u64 = 0;
/** Time spent over the limit (INFO total/current_eviction_exceeded_time), ms of the exec clock. */
export let statTotalEvictionExceededMs: f64 = 0;
export let lastEvictionExceededStart: f64 = 0;
/** performEvictions ran out of time with memory still to free: the cron goes on. */
export let evictionRunning: bool = false;

function updateLimit(): void {
  memoryLimit = maxmemory == 0 || maxmemory > HARD_LIMIT ? HARD_LIMIT : maxmemory;
}

export function setMaxmemory(v: u64): void { maxmemory = v; updateLimit(); }

/** maxmemory-policy by its index in Redis's enum table (volatile-lru 0 ... noeviction 7). */
export function setMaxmemoryPolicyIndex(i: i32): void {
  switch (i) {
    case 0: maxmemoryPolicy = MAXMEMORY_VOLATILE_LRU; break;
    case 1: maxmemoryPolicy = MAXMEMORY_VOLATILE_LFU; break;
    case 2: maxmemoryPolicy = MAXMEMORY_VOLATILE_RANDOM; break;
    case 3: maxmemoryPolicy = MAXMEMORY_VOLATILE_TTL; break;
    case 4: maxmemoryPolicy = MAXMEMORY_ALLKEYS_LRU; break;
    case 5: maxmemoryPolicy = MAXMEMORY_ALLKEYS_LFU; break;
    case 6: maxmemoryPolicy = MAXMEMORY_ALLKEYS_RANDOM; break;
    default: maxmemoryPolicy = MAXMEMORY_NO_EVICTION;
  }
  lfuModeSet((maxmemoryPolicy & MAXMEMORY_FLAG_LFU) != 0);
}
export function setMaxmemorySamples(v: i32): void { maxmemorySamples = v < 1 ? 1 : v; }
export function setLfuLogFactor(v: i32): void { lfuLogFactor = v; }
export function setLfuDecayTime(v: i32): void { lfuDecayTime = v; }
export function setEvictionTenacity(v: i32): void { evictionTenacity = v; }

@inline export function lfuPolicy(): bool { return (maxmemoryPolicy & MAXMEMORY_FLAG_LFU) != 0; }

// ---- LRU / LFU ---------------------------------------------------------------------------

export const LFU_INIT_VAL: u32 = 5;
const LRU_CLOCK_MAX: u64 = 0xffffff;

/** Minutes, 16 bits (Redis: LFUGetTimeInMinutes). */
@inline export function lfuTimeInMinutes(): u32 {
  return <u32>((nowMs / 60000) & 65535);
}

/** Milliseconds since the entry was last touched, from the seconds LRU clock (estimateObjectIdleTime). */
export function estimateObjectIdleTime(e: usize, clock: u32): u64 {
  const lru = <u64>entryLru(e);
  const now = <u64>clock;
  return (now >= lru ? now - lru : now + (LRU_CLOCK_MAX - lru)) * 1000;
}

/** The entry's LFU counter after applying the decay of the minutes elapsed (LFUDecrAndReturn). */
export function lfuDecrAndReturn(e: usize): u32 {
  const lru = entryLru(e);
  const ldt = lru >> 8;
  let counter = lru & 255;
  const now = lfuTimeInMinutes();
  const elapsed = now >= ldt ? now - ldt : 65535 - ldt + now;
  const periods: u32 = lfuDecayTime != 0 ? elapsed / <u32>lfuDecayTime : 0;
  if (periods != 0) counter = periods > counter ? 0 : counter - periods;
  return counter;
}

/** Logarithmic increment (LFULogIncr): likelier the smaller the counter. */
function lfuLogIncr(counter: u32): u32 {
  if (counter == 255) return 255;
  const r = <f64>(randomU64() >> 11) / 9007199254740992.0;
  let base = <f64>counter - <f64>LFU_INIT_VAL;
  if (base < 0) base = 0;
  const p = 1.0 / (base * <f64>lfuLogFactor + 1.0);
  return r < p ? counter + 1 : counter;
}

/** An access under an LFU policy (Redis: updateLFU). */
export function updateLFU(e: usize): void {
  const counter = lfuLogIncr(lfuDecrAndReturn(e));
  store<u32>(e + 8, (lfuTimeInMinutes() << 8) | counter);
}

// ---- the eviction pool -------------------------------------------------------------------
// 16 entries of 24 bytes, sorted by ascending score: idle u64 | key ptr u32 (0 = empty) |
// key len u32 | cached buffer u32 (255 bytes, reused for short keys) | db i32.

const EVPOOL_SIZE: i32 = 16;
const EVPOOL_CACHED_SIZE: u32 = 255;
const PE: usize = 24;
let pool: usize = 0;
let samples: usize = 0;
let samplesCap: i32 = 0;

function poolInit(): void {
  pool = zmalloc(<usize>EVPOOL_SIZE * PE);
  for (let k = 0; k < EVPOOL_SIZE; k++) {
    const p = pool + <usize>k * PE;
    store<u64>(p, 0);
    store<u32>(p, 0, 8);
    store<u32>(p, 0, 12);
    store<u32>(p, <u32>zmalloc(EVPOOL_CACHED_SIZE), 16);
    store<i32>(p, 0, 20);
  }
}

@inline function slot(k: i32): usize { return pool + <usize>k * PE; }
@inline function slotKey(k: i32): usize { return <usize>load<u32>(slot(k), 8); }
@inline function slotCached(k: i32): usize { return <usize>load<u32>(slot(k), 16); }

function slotClear(k: i32): void {
  const p = slot(k);
  const key = <usize>load<u32>(p, 8);
  if (key != 0 && key != <usize>load<u32>(p, 16)) zfree(key);
  store<u32>(p, 0, 8);
  store<u64>(p, 0);
}

/** Samples `d` (keys or expires of db `dbid`) into the pool (Redis: evictionPoolPopulate). */
function poolPopulate(dbid: i32, d: Dict, isExpires: bool): void {
  if (maxmemorySamples > samplesCap) {
    samples = zrealloc(samples, <usize>maxmemorySamples << 2);
    samplesCap = maxmemorySamples;
  }
  const count = dictGetSomeNodes(d, samples, <u32>maxmemorySamples);
  for (let j: u32 = 0; j < count; j++) {
    const n = <usize>load<u32>(samples + (<usize>j << 2));
    const e = isExpires ? <usize>load<u32>(n + EXPNODE_ENTRY_OFF) : n;
    let idle: u64;
    if ((maxmemoryPolicy & MAXMEMORY_FLAG_LRU) != 0) idle = estimateObjectIdleTime(e, lruClockSeconds());
    else if ((maxmemoryPolicy & MAXMEMORY_FLAG_LFU) != 0) idle = 255 - <u64>lfuDecrAndReturn(e);
    else idle = u64.MAX_VALUE - <u64>load<i64>(n + EXPNODE_WHEN_OFF); // volatile-ttl
    // The first slot whose score is not below ours (or an empty one).
    let k = 0;
    while (k < EVPOOL_SIZE && slotKey(k) != 0 && load<u64>(slot(k)) < idle) k++;
    if (k == 0 && slotKey(EVPOOL_SIZE - 1) != 0) {
      continue; // worse than everything in a full pool
    } else if (k < EVPOOL_SIZE && slotKey(k) == 0) {
      // an empty slot: insert there
    } else if (slotKey(EVPOOL_SIZE - 1) == 0) {
      // room on the right: shift k.. right by one, keeping the cached buffers in place
      const cached = slotCached(EVPOOL_SIZE - 1);
      memory.copy(slot(k + 1), slot(k), <usize>(EVPOOL_SIZE - k - 1) * PE);
      store<u32>(slot(k), <u32>cached, 16);
    } else {
      // full: drop the lowest score (slot 0) and shift ..k-1 left
      k--;
      const cached = slotCached(0);
      const key0 = slotKey(0);
      if (key0 != cached) zfree(key0);
      memory.copy(slot(0), slot(1), <usize>k * PE);
      store<u32>(slot(k), <u32>cached, 16);
    }
    const kl = entryKeyLen(e);
    const p = slot(k);
    let dst: usize;
    if (kl > EVPOOL_CACHED_SIZE) dst = zmalloc(<usize>kl);
    else dst = <usize>load<u32>(p, 16);
    memory.copy(dst, entryKeyPtr(e), kl);
    store<u64>(p, idle);
    store<u32>(p, <u32>dst, 8);
    store<u32>(p, kl, 12);
    store<i32>(p, dbid, 20);
  }
}

// ---- performEvictions --------------------------------------------------------------------

export const EVICT_OK: i32 = 0;
export const EVICT_RUNNING: i32 = 1;
export const EVICT_FAIL: i32 = 2;

let nextDb: u32 = 0;

/** The seconds LRU clock (db.ts's lruClock holds the LFU init value under LFU policies). */
@inline function lruClockSeconds(): u32 {
  return <u32>((nowMs / 1000) & 0xffffff);
}

/** Eviction budget in keys for the tenacity (Redis: evictionTimeLimitUs, at 0.5 us a key). */
function evictionKeyLimit(): f64 {
  return evictionTimeLimitUs() * 2;
}

function evictionTimeLimitUs(): f64 {
  const t = evictionTenacity;
  if (t <= 10) return 50.0 * <f64>t;
  if (t < 100) return Math.floor(500.0 * Math.pow(1.15, <f64>t - 10.0));
  return Infinity;
}

/** Bytes over the limit (0 = fine). mem_not_counted_for_evict is 0 here (no AOF/replica buffers in the engine). */
@inline export function memoryToFree(): u64 {
  return usedMemory > memoryLimit ? usedMemory - memoryLimit : 0;
}

/**
 * Evicts keys until used memory is back under the limit, per the policy (Redis:
 * performEvictions). EVICT_FAIL: over the limit and nothing (more) can be evicted;
 * EVICT_RUNNING: the time budget ran out, the cron continues.
 */
export function performEvictions(): i32 {
  let result = EVICT_FAIL;
  const toFree = memoryToFree();
  if (toFree == 0) {
    result = EVICT_OK;
  } else if (maxmemory == 0 || maxmemoryPolicy == MAXMEMORY_NO_EVICTION) {
    result = EVICT_FAIL; // over the (implicit) limit and the policy forbids evicting
  } else {
    result = evictLoop(<i64>toFree);
  }
  // INFO total_eviction_exceeded_time / current_eviction_exceeded_time
  if (result != EVICT_OK) {
    if (lastEvictionExceededStart == 0) lastEvictionExceededStart = nowMsExact;
  } else if (lastEvictionExceededStart != 0) {
    statTotalEvictionExceededMs += nowMsExact - lastEvictionExceededStart;
    lastEvictionExceededStart = 0;
  }
  return result;
}

function evictLoop(toFree: i64): i32 {
  if (pool == 0) poolInit();
  const keyLimit = evictionKeyLimit();
  let freed: i64 = 0;
  let keysFreed: i32 = 0;
  evictionRunning = false;
  const allkeys = (maxmemoryPolicy & MAXMEMORY_FLAG_ALLKEYS) != 0;
  while (freed < toFree) {
    let best: usize = 0; // the entry to evict
    let bestDb: Db | null = null;
    let bestHash: u32 = 0;
    if ((maxmemoryPolicy & (MAXMEMORY_FLAG_LRU | MAXMEMORY_FLAG_LFU)) != 0 || maxmemoryPolicy == MAXMEMORY_VOLATILE_TTL) {
      while (best == 0) {
        let total: u64 = 0;
        for (let i = 0; i < dbCount; i++) {
          const db = dbAt(i);
          const d = allkeys ? db.dict : db.expires;
          const n = dictSize(d);
          if (n != 0) {
            poolPopulate(i, d, !allkeys);
            total += n;
          }
        }
        if (total == 0) break; // nothing to evict
        // From the best candidate (highest score) down; skip ghosts.
        for (let k = EVPOOL_SIZE - 1; k >= 0; k--) {
          const kp = slotKey(k);
          if (kp == 0) continue;
          const kl = load<u32>(slot(k), 12);
          const db = dbAt(load<i32>(slot(k), 20));
          const h = hashBytes(kp, kl);
          let n = dictFind(allkeys ? db.dict : db.expires, kp, kl, h);
          slotClear(k);
          if (n != 0) {
            best = allkeys ? n : <usize>load<u32>(n + EXPNODE_ENTRY_OFF);
            bestDb = db;
            bestHash = h;
            break;
          }
        }
      }
    } else {
      // allkeys-random / volatile-random: a random key of the next non-empty db.
      for (let i = 0; i < dbCount; i++) {
        nextDb++;
        const db = dbAt(<i32>(nextDb % <u32>dbCount));
        const d = allkeys ? db.dict : db.expires;
        if (dictSize(d) != 0) {
          const n = dictRandomNode(d);
          best = allkeys ? n : <usize>load<u32>(n + EXPNODE_ENTRY_OFF);
          bestDb = db;
          bestHash = hashBytes(entryKeyPtr(best), entryKeyLen(best));
          break;
        }
      }
    }
    if (best == 0) return EVICT_FAIL;
    evictKey(changetype<Db>(bestDb), best, bestHash);
    freed += lastEvictFreed;
    keysFreed++;
    if ((keysFreed & 15) == 0 && <f64>keysFreed > keyLimit) {
      if (memoryToFree() == 0) return EVICT_OK;
      evictionRunning = true;
      return EVICT_RUNNING;
    }
  }
  return EVICT_OK;
}

/** Bytes the last evictKey gave back. */
let lastEvictFreed: i64 = 0;

/** Deletes an evicted key: stats, WATCH, notification, propagation as DEL. */
function evictKey(db: Db, e: usize, h: u32): void {
  const kl = entryKeyLen(e);
  // The key bytes live in the entry: copy them out for propagation / notification first.
  const tmp = keyScratch(kl);
  memory.copy(tmp, entryKeyPtr(e), kl);
  const before = usedMemory;
  dbDeleteEntry(db, e, h);
  lastEvictFreed = <i64>before - <i64>usedMemory;
  statEvictedKeys++;
  onKeyEvicted(db.id, tmp, kl);
  if (propagationEnabled) {
    propagateBegin(db.id, 2);
    propagateArgStr("DEL");
    propagateArg(tmp, kl);
    propagateEnd();
  }
}

let keyBuf: usize = 0;
let keyBufCap: u32 = 0;
function keyScratch(n: u32): usize {
  if (n > keyBufCap) {
    keyBuf = zrealloc(keyBuf, <usize>n);
    keyBufCap = n;
  }
  return keyBuf;
}

/** Hook for the "evicted" keyspace notification (class e). */
@inline function onKeyEvicted(dbId: i32, kp: usize, kl: u32): void {
  notifyKeyspaceEvent(NOTIFY_EVICTED, "evicted", kp, kl, dbId);
}

/** Cron: an eviction cut short by its time budget goes on (Redis: evictionTimeProc). */
export function evictionCron(): void {
  if (!evictionRunning) return;
  if (performEvictions() != EVICT_RUNNING) evictionRunning = false;
}

export function resetEvictionStats(): void {
  statEvictedKeys = 0;
  statTotalEvictionExceededMs = 0;
}
