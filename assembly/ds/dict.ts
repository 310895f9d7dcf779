// dict.ts — chained hash table with incremental rehashing (Redis: dict.c).
//
// Why chaining and not open addressing: Redis's SCAN guarantee (every element present for
// the whole scan is returned at least once, across any number of resizes) follows from
// power-of-two tables, chaining and a reverse-binary cursor. We keep that algorithm, so
// SCAN, HSCAN ... behave like Redis's under growth and shrinking.
//
// Nodes are caller-owned memory blocks whose first 4 bytes are the chain link. The dict
// never allocates or frees nodes; it only links them. How to read a node's key depends on
// the dict's kind (a keyspace entry holds its key inline; an expires node points at the
// entry), so one implementation serves every table:
//
//   Dict                          bucket array (u32 per slot, 0 = empty)
//   +-----------+                 +------+------+------+------+
//   | table0    |---------------->| node |  0   | node |  0   |
//   | sizeExp0  |                 +--|---+------+--|---+------+
//   | used0     |                    v             v
//   | table1    | (while rehashing) node -> node   node
//   | rehashIdx |                   (+0: u32 next)
//   +-----------+
//
// Growth: when used >= size the dict starts moving buckets from table0 to a table1 twice
// as large, a bucket per operation (plus a time-boxed batch from the server cron), so no
// single command ever pays for a whole rehash. Shrinking (below 10% full) works the same way.

import { zcalloc, zfree, zmalloc } from "../mem/alloc";
import { hashBytes, randomBelow, randomU64 } from "../util/hash";

/** Keyspace dict: nodes are key entries (db/object.ts), key inline. */
export const DICT_KIND_KEYS: i32 = 0;
/** Expires dict: nodes are {next, entry, when}, key read through the entry. */
export const DICT_KIND_EXPIRES: i32 = 1;
/**
 * Any other dict (hash fields, set members, zset members ...): nodes hold their key inline
 * at a fixed offset with its u32 length at another, both given to dictCreateInline.
 */
export const DICT_KIND_INLINE: i32 = 2;

// Key entry layout bits the dict needs (the full diagram lives in db/object.ts).
export const ENTRY_KEYLEN_OFF: usize = 12;
export const ENTRY_KEY_OFF: usize = 20;
// Expires node: +0 next, +4 entry pointer, +8 when (i64 unix ms).
export const EXPNODE_ENTRY_OFF: usize = 4;
export const EXPNODE_WHEN_OFF: usize = 8;
export const EXPNODE_SIZE: usize = 16;

const DICT_INITIAL_EXP: i32 = 2; // 4 buckets
const HT_MIN_FILL: u64 = 10; // shrink below 10% full

@unmanaged
export class Dict {
  table0: usize;
  table1: usize;
  used0: u64;
  used1: u64;
  sizeExp0: i32; // -1: no table
  sizeExp1: i32;
  rehashIdx: i64; // -1: not rehashing
  kind: i32;
  pauseRehash: i32;
  keyOff: u32; // where a node's key bytes start (not used by DICT_KIND_EXPIRES)
  keyLenOff: u32; // where a node's u32 key length is
}

export function dictCreate(kind: i32): Dict {
  const d = changetype<Dict>(zcalloc(offsetof<Dict>()));
  d.sizeExp0 = -1;
  d.sizeExp1 = -1;
  d.rehashIdx = -1;
  d.kind = kind;
  d.keyOff = <u32>ENTRY_KEY_OFF;
  d.keyLenOff = <u32>ENTRY_KEYLEN_OFF;
  return d;
}

/**
 * A dict whose nodes keep their key inline: bytes at node+keyOff, u32 length at
 * node+keyLenOff (the first 4 bytes of every node are the chain link).
 */
export function dictCreateInline(keyOff: u32, keyLenOff: u32): Dict {
  const d = dictCreate(DICT_KIND_INLINE);
  d.keyOff = keyOff;
  d.keyLenOff = keyLenOff;
  return d;
}

/** Frees every node (plain zmalloc blocks), then the tables and the Dict itself. */
export function dictReleaseWithNodes(d: Dict): void {
  for (let t = 0; t < 2; t++) {
    const table = t == 0 ? d.table0 : d.table1;
    if (table == 0) continue;
    const size = tableSize(t == 0 ? d.sizeExp0 : d.sizeExp1);
    for (let i: u64 = 0; i < size; i++) {
      let n = <usize>load<u32>(table + (<usize>i << 2));
      while (n != 0) {
        const next = nodeNext(n);
        zfree(n);
        n = next;
      }
    }
  }
  dictRelease(d);
}

/** Frees the dict's tables and the Dict itself (its nodes are the caller's to free first). */
export function dictRelease(d: Dict): void {
  dictClear(d);
  zfree(changetype<usize>(d));
}

@inline function tableSize(exp: i32): u64 {
  return exp < 0 ? 0 : (<u64>1) << <u64>exp;
}

@inline export function dictSize(d: Dict): u64 {
  return d.used0 + d.used1;
}

@inline export function dictSlots(d: Dict): u64 {
  return tableSize(d.sizeExp0) + tableSize(d.sizeExp1);
}

@inline export function dictIsRehashing(d: Dict): bool {
  return d.rehashIdx != -1;
}

/** Pointer to the key bytes of a node. */
@inline export function nodeKeyPtr(d: Dict, node: usize): usize {
  if (d.kind == DICT_KIND_EXPIRES) return <usize>load<u32>(node + EXPNODE_ENTRY_OFF) + ENTRY_KEY_OFF;
  return node + <usize>d.keyOff;
}

@inline export function nodeKeyLen(d: Dict, node: usize): u32 {
  if (d.kind == DICT_KIND_EXPIRES) return load<u32>(<usize>load<u32>(node + EXPNODE_ENTRY_OFF) + ENTRY_KEYLEN_OFF);
  return load<u32>(node + <usize>d.keyLenOff);
}

@inline function nodeNext(node: usize): usize {
  return <usize>load<u32>(node);
}

@inline function setNodeNext(node: usize, next: usize): void {
  store<u32>(node, <u32>next);
}

@inline function keyEquals(d: Dict, node: usize, kp: usize, kl: u32): bool {
  return nodeKeyLen(d, node) == kl && memory.compare(nodeKeyPtr(d, node), kp, kl) == 0;
}

function nodeHash(d: Dict, node: usize): u32 {
  return hashBytes(nodeKeyPtr(d, node), nodeKeyLen(d, node));
}

// ---------------------------------------------------------------------------------------
// Rehashing

/** Moves up to `n` buckets from table0 to table1. Returns true while more work remains. */
export function dictRehash(d: Dict, n: i32): bool {
  if (d.rehashIdx == -1) return false;
  let emptyVisits = n * 10;
  const size0 = tableSize(d.sizeExp0);
  const mask1 = <u32>(tableSize(d.sizeExp1) - 1);
  while (n-- > 0 && d.used0 != 0) {
    while (load<u32>(d.table0 + (<usize>d.rehashIdx << 2)) == 0) {
      d.rehashIdx++;
      if (--emptyVisits == 0) return true;
    }
    const slot0 = d.table0 + (<usize>d.rehashIdx << 2);
    let node = <usize>load<u32>(slot0);
    while (node != 0) {
      const next = nodeNext(node);
      const slot1 = d.table1 + (<usize>(nodeHash(d, node) & mask1) << 2);
      setNodeNext(node, <usize>load<u32>(slot1));
      store<u32>(slot1, <u32>node);
      d.used0--;
      d.used1++;
      node = next;
    }
    store<u32>(slot0, 0);
    d.rehashIdx++;
    if (<u64>d.rehashIdx >= size0) break;
  }
  if (d.used0 == 0) {
    // Done: table1 becomes table0.
    zfree(d.table0);
    d.table0 = d.table1;
    d.sizeExp0 = d.sizeExp1;
    d.used0 = d.used1;
    d.table1 = 0;
    d.sizeExp1 = -1;
    d.used1 = 0;
    d.rehashIdx = -1;
    return false;
  }
  return true;
}

@inline function rehashStep(d: Dict): void {
  if (d.pauseRehash == 0) dictRehash(d, 1);
}

function expandTo(d: Dict, minSize: u64): void {
  if (dictIsRehashing(d) || d.used0 > minSize) return;
  let exp = DICT_INITIAL_EXP;
  while (((<u64>1) << <u64>exp) < minSize && exp < 31) exp++;
  if (exp == d.sizeExp0) return;
  const bytes = (<usize>1 << <usize>exp) << 2;
  const table = zcalloc(bytes);
  if (d.table0 == 0) {
    d.table0 = table;
    d.sizeExp0 = exp;
    return;
  }
  d.table1 = table;
  d.sizeExp1 = exp;
  d.rehashIdx = 0;
}

@inline function expandIfNeeded(d: Dict): void {
  if (dictIsRehashing(d)) return;
  if (d.table0 == 0) expandTo(d, 4);
  else if (d.used0 >= tableSize(d.sizeExp0)) expandTo(d, d.used0 + 1);
}

/** Starts shrinking when the table is less than 10% full (Redis: htNeedsResize + dictResize). */
export function dictShrinkIfNeeded(d: Dict): void {
  if (dictIsRehashing(d)) return;
  const size = tableSize(d.sizeExp0);
  if (size > 4 && d.used0 * 100 / size < HT_MIN_FILL) {
    expandTo(d, d.used0 < 4 ? 4 : d.used0);
  }
}

// ---------------------------------------------------------------------------------------
// Lookup and update

/** Finds the node holding key (kp, kl) with hash h, or 0. */
export function dictFind(d: Dict, kp: usize, kl: u32, h: u32): usize {
  if (d.used0 + d.used1 == 0) return 0;
  if (dictIsRehashing(d)) rehashStep(d);
  let node = <usize>load<u32>(d.table0 + (<usize>(h & <u32>(tableSize(d.sizeExp0) - 1)) << 2));
  while (node != 0) {
    if (keyEquals(d, node, kp, kl)) return node;
    node = nodeNext(node);
  }
  if (!dictIsRehashing(d)) return 0;
  node = <usize>load<u32>(d.table1 + (<usize>(h & <u32>(tableSize(d.sizeExp1) - 1)) << 2));
  while (node != 0) {
    if (keyEquals(d, node, kp, kl)) return node;
    node = nodeNext(node);
  }
  return 0;
}

/** Links a node whose key is not yet present (the caller checked). */
export function dictAddNode(d: Dict, node: usize, h: u32): void {
  if (dictIsRehashing(d)) rehashStep(d);
  expandIfNeeded(d);
  let slot: usize;
  if (dictIsRehashing(d)) {
    slot = d.table1 + (<usize>(h & <u32>(tableSize(d.sizeExp1) - 1)) << 2);
    d.used1++;
  } else {
    slot = d.table0 + (<usize>(h & <u32>(tableSize(d.sizeExp0) - 1)) << 2);
    d.used0++;
  }
  setNodeNext(node, <usize>load<u32>(slot));
  store<u32>(slot, <u32>node);
}

/**
 * Finds the slot (the u32 cell) that points at `node`, whose key hashes to h. Returns 0
 * if the node is not linked. Used to unlink or replace a node in place.
 */
function findLink(d: Dict, node: usize, h: u32): usize {
  for (let t = 0; t < 2; t++) {
    const table = t == 0 ? d.table0 : d.table1;
    if (table == 0) continue;
    const exp = t == 0 ? d.sizeExp0 : d.sizeExp1;
    let link = table + (<usize>(h & <u32>(tableSize(exp) - 1)) << 2);
    let cur = <usize>load<u32>(link);
    while (cur != 0) {
      if (cur == node) return link;
      link = cur; // a node's first field is its next link
      cur = nodeNext(cur);
    }
  }
  return 0;
}

@inline function tableOfLinkIs1(d: Dict, node: usize, h: u32): bool {
  // After findLink succeeded, decide which table's counter to decrement.
  if (!dictIsRehashing(d)) return false;
  let cur = <usize>load<u32>(d.table1 + (<usize>(h & <u32>(tableSize(d.sizeExp1) - 1)) << 2));
  while (cur != 0) {
    if (cur == node) return true;
    cur = nodeNext(cur);
  }
  return false;
}

/** Unlinks `node` (key hash h) without freeing it. */
export function dictUnlinkNode(d: Dict, node: usize, h: u32): bool {
  if (dictIsRehashing(d)) rehashStep(d);
  const link = findLink(d, node, h);
  if (link == 0) return false;
  if (tableOfLinkIs1(d, node, h)) d.used1--;
  else d.used0--;
  store<u32>(link, load<u32>(node));
  return true;
}

/** Puts `fresh` where `old` was linked (same key, e.g. after the entry was reallocated). */
export function dictReplaceNode(d: Dict, old: usize, fresh: usize, h: u32): void {
  const link = findLink(d, old, h);
  if (link == 0) return;
  setNodeNext(fresh, nodeNext(old));
  store<u32>(link, <u32>fresh);
}

/** Drops every table (nodes are the caller's to free first). */
export function dictClear(d: Dict): void {
  zfree(d.table0);
  zfree(d.table1);
  d.table0 = 0;
  d.table1 = 0;
  d.used0 = 0;
  d.used1 = 0;
  d.sizeExp0 = -1;
  d.sizeExp1 = -1;
  d.rehashIdx = -1;
}

// ---------------------------------------------------------------------------------------
// Iteration, random picks and SCAN

/** Calls nothing: fills `out` (u32 node pointers) with up to `max` nodes of bucket `i` of table t. */
export function dictBucketHead(d: Dict, t: i32, i: u64): usize {
  const table = t == 0 ? d.table0 : d.table1;
  if (table == 0) return 0;
  return <usize>load<u32>(table + (<usize>i << 2));
}

@inline export function dictNodeNext(node: usize): usize {
  return nodeNext(node);
}

export function dictTableSize(d: Dict, t: i32): u64 {
  return tableSize(t == 0 ? d.sizeExp0 : d.sizeExp1);
}

/** A random node (Redis: dictGetRandomKey), 0 if empty. */
export function dictRandomNode(d: Dict): usize {
  if (dictSize(d) == 0) return 0;
  if (dictIsRehashing(d)) rehashStep(d);
  let head: usize = 0;
  if (dictIsRehashing(d)) {
    const s0 = tableSize(d.sizeExp0);
    const span = s0 + tableSize(d.sizeExp1) - <u64>d.rehashIdx;
    do {
      const i = <u64>d.rehashIdx + randomBelow(span);
      head = i >= s0 ? dictBucketHead(d, 1, i - s0) : dictBucketHead(d, 0, i);
    } while (head == 0);
  } else {
    const mask = tableSize(d.sizeExp0) - 1;
    do {
      head = dictBucketHead(d, 0, randomU64Masked(mask));
    } while (head == 0);
  }
  let len: u64 = 0;
  for (let n = head; n != 0; n = nodeNext(n)) len++;
  let pick = randomBelow(len);
  let n = head;
  while (pick-- > 0) n = nodeNext(n);
  return n;
}

/** Longest chain seen so far by dictFairRandomNode: the bound of its rejection sampling. */
let fairChainBound: u64 = 4;

/**
 * A uniformly random node of a non-empty dict (Redis approximates this with
 * dictGetFairRandomKey: picking a bucket and then a node of its chain, as dictRandomNode
 * does, favours nodes in short chains). Rejection sampling: draw a slot among all buckets of
 * both tables and a position below the longest chain seen; keep the draw only if that chain
 * has a node at that position, so every node has the same chance per draw. A longer chain
 * raises the bound and the draw starts over. Expected draws: slots * bound / size (tables
 * are kept at least 10% full by dictShrinkIfNeeded).
 */
export function dictFairRandomNode(d: Dict): usize {
  if (dictSize(d) == 0) return 0;
  const s0 = tableSize(d.sizeExp0);
  const total = s0 + tableSize(d.sizeExp1);
  while (true) {
    const r = randomBelow(total);
    const head = r < s0 ? dictBucketHead(d, 0, r) : dictBucketHead(d, 1, r - s0);
    if (head == 0) continue;
    let len: u64 = 0;
    for (let n = head; n != 0; n = nodeNext(n)) len++;
    if (len > fairChainBound) {
      fairChainBound = len;
      continue;
    }
    let k = randomBelow(fairChainBound);
    if (k >= len) continue;
    let n = head;
    while (k-- > 0) n = nodeNext(n);
    return n;
  }
  return 0;
}

@inline function randomU64Masked(mask: u64): u64 {
  return randomBelow(mask + 1);
}

/** Reverses the bits of a 64-bit value (for the SCAN cursor). */
@inline function rev(v: u64): u64 {
  let s: u64 = 64;
  let mask: u64 = ~(<u64>0);
  while ((s >>= 1) > 0) {
    mask ^= mask << s;
    v = ((v >> s) & mask) | ((v << s) & ~mask);
  }
  return v;
}

/** Node pointers collected by the last dictScan call. */
export let scanOut: usize = 0;
export let scanOutCount: i32 = 0;
let scanOutCap: i32 = 0;

function scanCollect(node: usize): void {
  if (scanOutCount == scanOutCap) {
    const cap = scanOutCap == 0 ? 64 : scanOutCap * 2;
    const buf = zmalloc(<usize>cap << 2);
    if (scanOut != 0) {
      memory.copy(buf, scanOut, <usize>scanOutCount << 2);
      zfree(scanOut);
    }
    scanOut = buf;
    scanOutCap = cap;
  }
  store<u32>(scanOut + (<usize>scanOutCount << 2), <u32>node);
  scanOutCount++;
}

function collectBucket(table: usize, idx: u64): void {
  let n = <usize>load<u32>(table + (<usize>idx << 2));
  while (n != 0) {
    scanCollect(n);
    n = nodeNext(n);
  }
}

/**
 * One step of Redis's SCAN: appends the nodes of the bucket(s) at `cursor` to scanOut and
 * returns the next cursor (0 when the scan is complete). The cursor increments its reversed
 * bits, so buckets already visited stay visited when the table grows or shrinks; while
 * rehashing, the smaller table's bucket and all its expansions in the larger table are
 * visited together. Call `dictScanReset()` before a SCAN command collects.
 */
export function dictScan(d: Dict, cursor: u64): u64 {
  if (dictSize(d) == 0) return 0;
  d.pauseRehash++;
  let v = cursor;
  if (!dictIsRehashing(d)) {
    const m0 = tableSize(d.sizeExp0) - 1;
    collectBucket(d.table0, v & m0);
    v |= ~m0;
    v = rev(v);
    v++;
    v = rev(v);
  } else {
    let tSmall = d.table0, tLarge = d.table1;
    let m0 = tableSize(d.sizeExp0) - 1, m1 = tableSize(d.sizeExp1) - 1;
    if (m0 > m1) {
      tSmall = d.table1; tLarge = d.table0;
      const t = m0; m0 = m1; m1 = t;
    }
    collectBucket(tSmall, v & m0);
    do {
      collectBucket(tLarge, v & m1);
      v |= ~m1;
      v = rev(v);
      v++;
      v = rev(v);
    } while ((v & (m0 ^ m1)) != 0);
  }
  d.pauseRehash--;
  return v;
}

export function dictScanReset(): void {
  scanOutCount = 0;
}

/**
 * Up to `count` nodes sampled near one random spot of the dict, written as u32 pointers to
 * `out` (Redis: dictGetSomeKeys, the sampler of maxmemory eviction). Not uniform: it walks
 * consecutive buckets from a random index (both tables while rehashing), jumping elsewhere
 * after a run of empty buckets, and gives up after count*10 steps. Returns how many it wrote.
 */
export function dictGetSomeNodes(d: Dict, out: usize, count: u32): u32 {
  const size = dictSize(d);
  if (<u64>count > size) count = <u32>size;
  if (count == 0) return 0;
  let maxSteps: u64 = <u64>count * 10;
  // Rehashing work proportional to count.
  for (let j: u32 = 0; j < count && dictIsRehashing(d); j++) rehashStep(d);
  const tables = dictIsRehashing(d) ? 2 : 1;
  let mask = tableSize(d.sizeExp0) - 1;
  if (tables == 2 && tableSize(d.sizeExp1) - 1 > mask) mask = tableSize(d.sizeExp1) - 1;
  let i = randomU64() & mask;
  let emptyLen: u64 = 0;
  let stored: u32 = 0;
  while (stored < count && maxSteps-- > 0) {
    for (let t = 0; t < tables; t++) {
      // Buckets of table0 below rehashIdx are empty (already moved).
      if (tables == 2 && t == 0 && i < <u64>d.rehashIdx) {
        if (i >= tableSize(d.sizeExp1)) i = <u64>d.rehashIdx;
        else continue;
      }
      if (i >= tableSize(t == 0 ? d.sizeExp0 : d.sizeExp1)) continue;
      let n = dictBucketHead(d, t, i);
      if (n == 0) {
        emptyLen++;
        if (emptyLen >= 5 && emptyLen > <u64>count) {
          i = randomU64() & mask;
          emptyLen = 0;
        }
      } else {
        emptyLen = 0;
        while (n != 0) {
          store<u32>(out + (<usize>stored << 2), <u32>n);
          stored++;
          if (stored == count) return stored;
          n = nodeNext(n);
        }
      }
    }
    i = (i + 1) & mask;
  }
  return stored;
}
