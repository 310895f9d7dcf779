// expire.ts — active expiry and the keyspace's periodic housekeeping (Redis: expire.c's
// activeExpireCycle and server.c's databasesCron).
//
// Keys with a TTL are removed lazily when touched (db.ts: expireIfNeeded) and actively here,
// so memory is reclaimed for keys nobody reads again. Like Redis 7.0, each db keeps a cursor
// into its expires dict and walks buckets from there, testing up to 20 keys per round; it
// keeps going while more than 10% of the sampled keys were expired (a sign that many more
// are), until the effort budget for this call runs out. The engine has no clock import, so
// the budget is a count of sampled keys given by the host (which calls cron `hz` times a
// second) instead of Redis's microseconds; 25% of a cron tick at Redis's speed is ~20k keys.
//
// The same cron step also advances incremental rehashing and starts shrinking tables that
// are less than 10% full.

import { Db, dbAt, dbCount, dbDeleteEntry, notifyExpired, nowMs, statExpiredKeysAdd } from "./db";
import { notifyMask } from "./notify";
import { dictBucketHead, dictNodeNext, dictRehash, dictScan, dictScanReset, dictShrinkIfNeeded, dictSize,
  EXPNODE_ENTRY_OFF, EXPNODE_WHEN_OFF, scanOut, scanOutCount, dictIsRehashing } from "../ds/dict";
import { hashBytes } from "../util/hash";
import { entryKeyLen, entryKeyPtr } from "./object";

const KEYS_PER_LOOP: i32 = 20;
const ACCEPTABLE_STALE: i32 = 10; // percent

let currentDb: i32 = 0;
export let activeExpireEnabled: bool = true;
export function setActiveExpire(on: bool): void { activeExpireEnabled = on; }

/** Samples up to `budget` keys with a TTL across the dbs and deletes the expired ones. */
export function activeExpireCycle(budget: i32): void {
  if (!activeExpireEnabled) return;
  let dbsLeft = dbCount;
  while (dbsLeft-- > 0 && budget > 0) {
    const db = dbAt(currentDb);
    currentDb = (currentDb + 1) % dbCount;
    let rounds = 0;
    while (dictSize(db.expires) > 0 && budget > 0) {
      let sampled = 0;
      let expired = 0;
      let ttlSum: i64 = 0;
      let ttlSamples = 0;
      dictScanReset();
      let cursor = db.expiresCursor;
      // Visit buckets until 20 keys were seen (or the whole table was walked).
      do {
        cursor = dictScan(db.expires, cursor);
      } while (cursor != 0 && scanOutCount < KEYS_PER_LOOP);
      db.expiresCursor = cursor;
      for (let i = 0; i < scanOutCount; i++) {
        const node = <usize>load<u32>(scanOut + (<usize>i << 2));
        const when = load<i64>(node + EXPNODE_WHEN_OFF);
        sampled++;
        if (when <= nowMs) {
          const e = <usize>load<u32>(node + EXPNODE_ENTRY_OFF);
          if (notifyMask != 0) notifyExpired(db, e);
          dbDeleteEntry(db, e, hashBytes(entryKeyPtr(e), entryKeyLen(e)));
          expired++;
        } else {
          ttlSum += when - nowMs;
          ttlSamples++;
        }
      }
      statExpiredKeysAdd(<u64>expired);
      if (ttlSamples > 0) {
        // Running average as Redis keeps it: 2% of the new sample mean per round.
        const avg = ttlSum / ttlSamples;
        db.avgTtl = db.avgTtl == 0 ? avg : (db.avgTtl / 50) * 49 + avg / 50;
      }
      budget -= sampled == 0 ? 1 : sampled;
      rounds++;
      if (sampled == 0 || expired * 100 / sampled <= ACCEPTABLE_STALE) break;
    }
  }
}

/** One cron step: active expiry within `effort` sampled keys, then rehash/shrink work. */
export function databasesCron(effort: i32): void {
  activeExpireCycle(effort);
  for (let i = 0; i < dbCount; i++) {
    const db = dbAt(i);
    dictShrinkIfNeeded(db.dict);
    dictShrinkIfNeeded(db.expires);
    // Redis spends up to 1 ms rehashing per db; 1000 buckets is about that here.
    if (dictIsRehashing(db.dict)) dictRehash(db.dict, 1000);
    if (dictIsRehashing(db.expires)) dictRehash(db.expires, 1000);
  }
}
