// skiplist.ts — the big encoding of sorted sets: a skiplist ordered by (score, member) plus a
// member -> node dict (Redis: the zskiplist half of t_zset.c and the zset struct).
//
// Why a skiplist, and why the same one as Redis
// ---------------------------------------------
// A sorted set must answer three kinds of questions fast: "what is the score of member m"
// (ZSCORE, ZADD's existence check), "what is at rank r / what is the rank of m" (ZRANGE,
// ZRANK), and "what lies between two scores or two strings" (ZRANGEBYSCORE, ZCOUNT,
// ZRANGEBYLEX). Redis answers the first with a hash table and the other two with William
// Pugh's skiplist, extended in three ways: equal scores are allowed and ordered by member
// bytes (memcmp, then length: sdscmp), every forward link remembers how many level-0 nodes
// it jumps over (its "span", which makes rank an O(log n) by-product of any search), and
// level 0 is doubly linked (a backward pointer per node) so ZREVRANGE walks backwards.
// Levels are drawn with p = 1/4 and capped at 32 (ZSKIPLIST_MAXLEVEL): an expected
// O(log n) search (about log4(n) levels, a few steps on each) with 1.33 links per node.
// We keep exactly these semantics: ranks, range bounds and the order of equal scores are
// all observable, and the simplest way to match Redis on every corner is to run the same
// algorithm. Only the random levels differ (our PRNG), which nothing can observe.
//
// One block per member
// --------------------
// Redis spends three allocations per member (the skiplist node, the sds member shared with
// the dict, the dictEntry). Here the skiplist node *is* the dict node: its first word is the
// dict chain link and the member bytes sit inline at a fixed offset, so one dictCreateInline
// dict (ds/dict.ts) finds a node by member in O(1) and the skiplist orders the very same
// blocks. To give both views fixed offsets, the level array grows *downwards* from the node
// pointer, in front of the fixed header, while the member follows the header:
//
//   block start                node pointer p
//   |                          |
//   v                          v
//   +-------------+-----+-------------+------+--------+-------+----------+--------+--------------+
//   | level[n-1]  | ... | level[0]    | next | keyLen | score | backward | levels | member bytes |
//   | fwd  | span |     | fwd  | span | u32  | u32    | f64   | u32      | u32    | keyLen bytes |
//   +-------------+-----+-------------+------+--------+-------+----------+--------+--------------+
//    p-8n              p-8            p+0    p+4      p+8     p+16       p+20     p+24
//
//   level[i] lives at p - 8*(i+1): the forward node (0 = end) and the span of that link.
//   next      the dict's chain link (dictCreateInline(ZSL_KEY_OFF, ZSL_KEYLEN_OFF))
//   backward  the previous node at level 0 (0 for the first node)
//
// A 3-byte member therefore costs one block of 24 + 8 * levels + 3 bytes (~48 bytes with the
// allocator's rounding), against ~100 bytes in Redis. The skiplist header is an ordinary node
// with 32 levels and no member. Moving a node to a new score (ZINCRBY, ZADD on an existing
// member) unlinks it from the skiplist and links the *same* block back at its new place, so
// the dict never needs touching.
//
// Range queries take their bounds from module globals (rangeMin/rangeMax/... for scores,
// lexMin*/lexMax* for strings), filled by zslParseRange / zslParseLexRange straight from the
// argument bytes: nothing is copied or allocated to run a range. The functions here never
// allocate except to create nodes, and never recurse.

import { zfree, zmalloc } from "../mem/alloc";
import { Dict, dictAddNode, dictCreateInline, dictFind, dictRelease, dictShrinkIfNeeded, dictUnlinkNode } from "./dict";
import { hashBytes, randomU64 } from "../util/hash";
import { strtodPrefix, parsedDouble } from "../util/number";

export const ZSKIPLIST_MAXLEVEL: i32 = 32;

// Node header offsets (see the diagram).
export const ZSL_NEXT_OFF: usize = 0;
export const ZSL_KEYLEN_OFF: usize = 4;
export const ZSL_SCORE_OFF: usize = 8;
const ZSL_BACK_OFF: usize = 16;
const ZSL_LEVELS_OFF: usize = 20;
export const ZSL_KEY_OFF: usize = 24;

/** The sorted set of the skiplist encoding: the member dict and the skiplist over the same nodes. */
@unmanaged
export class ZSet {
  dict: Dict;
  header: usize;
  tail: usize;
  length: u32;
  level: i32;
}

// ---- node accessors ---------------------------------------------------------------------

@inline export function zslNodeScore(x: usize): f64 { return load<f64>(x + ZSL_SCORE_OFF); }
@inline function setScore(x: usize, v: f64): void { store<f64>(x + ZSL_SCORE_OFF, v); }
@inline export function zslNodeKeyPtr(x: usize): usize { return x + ZSL_KEY_OFF; }
@inline export function zslNodeKeyLen(x: usize): u32 { return load<u32>(x + ZSL_KEYLEN_OFF); }
@inline export function zslNodeBackward(x: usize): usize { return <usize>load<u32>(x + ZSL_BACK_OFF); }
@inline function setBackward(x: usize, b: usize): void { store<u32>(x + ZSL_BACK_OFF, <u32>b); }
@inline function nodeLevels(x: usize): i32 { return <i32>load<u32>(x + ZSL_LEVELS_OFF); }
@inline function fwd(x: usize, i: i32): usize { return <usize>load<u32>(x - ((<usize>i + 1) << 3)); }
@inline function setFwd(x: usize, i: i32, f: usize): void { store<u32>(x - ((<usize>i + 1) << 3), <u32>f); }
@inline function span(x: usize, i: i32): u32 { return load<u32>(x - ((<usize>i + 1) << 3) + 4); }
@inline function setSpan(x: usize, i: i32, s: u32): void { store<u32>(x - ((<usize>i + 1) << 3) + 4, s); }
/** The node after x at level 0 (0 at the end). */
@inline export function zslNext(x: usize): usize { return <usize>load<u32>(x - 8); }
/** First node (lowest score), 0 if empty. */
@inline export function zslFirst(zs: ZSet): usize { return fwd(zs.header, 0); }

/**
 * sdscmp of the node's member with (kp, kl): memcmp of the common prefix, then the shorter
 * string first. Negative, zero or positive.
 */
@inline export function zslCompareKey(x: usize, kp: usize, kl: u32): i32 {
  const xl = load<u32>(x + ZSL_KEYLEN_OFF);
  const c = memory.compare(x + ZSL_KEY_OFF, kp, xl < kl ? xl : kl);
  if (c != 0) return c;
  return xl < kl ? -1 : (xl > kl ? 1 : 0);
}

/** Does node x sort before (score, kp, kl)? */
@inline function before(x: usize, score: f64, kp: usize, kl: u32): bool {
  const s = zslNodeScore(x);
  return s < score || (s == score && zslCompareKey(x, kp, kl) < 0);
}

// ---- creation and release -------------------------------------------------------------

/** A node block with `level` levels (links not initialised) for member (kp, kl) at score. */
function zslCreateNode(level: i32, score: f64, kp: usize, kl: u32): usize {
  const lv = <usize>level << 3;
  const x = zmalloc(lv + ZSL_KEY_OFF + <usize>kl) + lv;
  store<u32>(x + ZSL_NEXT_OFF, 0);
  store<u32>(x + ZSL_KEYLEN_OFF, kl);
  setScore(x, score);
  setBackward(x, 0);
  store<u32>(x + ZSL_LEVELS_OFF, <u32>level);
  memory.copy(x + ZSL_KEY_OFF, kp, kl);
  return x;
}

/** Frees a node block (already unlinked from both views). */
@inline export function zslFreeNode(x: usize): void {
  zfree(x - (<usize>nodeLevels(x) << 3));
}

/** An empty sorted set (Redis: createZsetObject: dict + zslCreate). */
export function zsetCreate(): ZSet {
  const zs = changetype<ZSet>(zmalloc(offsetof<ZSet>()));
  zs.dict = dictCreateInline(<u32>ZSL_KEY_OFF, <u32>ZSL_KEYLEN_OFF);
  const h = zslCreateNode(ZSKIPLIST_MAXLEVEL, 0, 0, 0);
  for (let i = 0; i < ZSKIPLIST_MAXLEVEL; i++) {
    setFwd(h, i, 0);
    setSpan(h, i, 0);
  }
  zs.header = h;
  zs.tail = 0;
  zs.length = 0;
  zs.level = 1;
  return zs;
}

/** Frees every node, the dict and the set itself. */
export function zsetFree(zs: ZSet): void {
  let x = fwd(zs.header, 0);
  while (x != 0) {
    const next = fwd(x, 0);
    zslFreeNode(x);
    x = next;
  }
  zslFreeNode(zs.header);
  dictRelease(zs.dict);
  zfree(changetype<usize>(zs));
}

/**
 * A random level in 1..32 with P(level > k) = 4^-k (Redis: zslRandomLevel with
 * ZSKIPLIST_P = 0.25). One 64-bit draw gives 32 two-bit coin pairs, exactly enough.
 */
@inline function zslRandomLevel(): i32 {
  let r = randomU64();
  let level = 1;
  while ((r & 3) == 0 && level < ZSKIPLIST_MAXLEVEL) {
    level++;
    r >>= 2;
  }
  return level;
}

// Scratch of the search path: update[i] is the last node before the insert/delete point at
// level i, rank[i] its rank (u32: a set holds fewer than 2^32 members).
const UPDATE: usize = memory.data(ZSKIPLIST_MAXLEVEL * 4);
const RANK: usize = memory.data(ZSKIPLIST_MAXLEVEL * 4);
@inline function upd(i: i32): usize { return <usize>load<u32>(UPDATE + (<usize>i << 2)); }
@inline function setUpd(i: i32, x: usize): void { store<u32>(UPDATE + (<usize>i << 2), <u32>x); }
@inline function rnk(i: i32): u32 { return load<u32>(RANK + (<usize>i << 2)); }
@inline function setRnk(i: i32, v: u32): void { store<u32>(RANK + (<usize>i << 2), v); }

// ---- insert, delete, update ----------------------------------------------------------------

/**
 * Links node x (score and member already set, levels fixed) at its place (Redis: the body of
 * zslInsert). The member must not be in the skiplist.
 */
function zslInsertNode(zs: ZSet, x: usize): void {
  const score = zslNodeScore(x);
  const kp = x + ZSL_KEY_OFF;
  const kl = zslNodeKeyLen(x);
  let p = zs.header;
  const top = zs.level - 1;
  for (let i = top; i >= 0; i--) {
    let r: u32 = i == top ? 0 : rnk(i + 1);
    let f = fwd(p, i);
    while (f != 0 && before(f, score, kp, kl)) {
      r += span(p, i);
      p = f;
      f = fwd(p, i);
    }
    setRnk(i, r);
    setUpd(i, p);
  }
  const level = nodeLevels(x);
  if (level > zs.level) {
    for (let i = zs.level; i < level; i++) {
      setRnk(i, 0);
      setUpd(i, zs.header);
      setSpan(zs.header, i, zs.length);
    }
    zs.level = level;
  }
  const r0 = rnk(0);
  for (let i = 0; i < level; i++) {
    const u = upd(i);
    setFwd(x, i, fwd(u, i));
    setFwd(u, i, x);
    // x takes over the part of u's link beyond the insert point.
    const d = r0 - rnk(i);
    setSpan(x, i, span(u, i) - d);
    setSpan(u, i, d + 1);
  }
  for (let i = level; i < zs.level; i++) {
    const u = upd(i);
    setSpan(u, i, span(u, i) + 1);
  }
  const u0 = upd(0);
  setBackward(x, u0 == zs.header ? 0 : u0);
  const n = fwd(x, 0);
  if (n != 0) setBackward(n, x);
  else zs.tail = x;
  zs.length++;
}

/** Creates and links a node for (kp, kl) at score; returns it (not yet in the dict). */
export function zslInsert(zs: ZSet, score: f64, kp: usize, kl: u32): usize {
  const x = zslCreateNode(zslRandomLevel(), score, kp, kl);
  zslInsertNode(zs, x);
  return x;
}

/** Unlinks x given the search path in UPDATE (Redis: zslDeleteNode). */
function zslDeleteNode(zs: ZSet, x: usize): void {
  for (let i = 0; i < zs.level; i++) {
    const u = upd(i);
    if (fwd(u, i) == x) {
      setSpan(u, i, span(u, i) + span(x, i) - 1);
      setFwd(u, i, fwd(x, i));
    } else {
      setSpan(u, i, span(u, i) - 1);
    }
  }
  const n = fwd(x, 0);
  if (n != 0) setBackward(n, zslNodeBackward(x));
  else zs.tail = zslNodeBackward(x);
  while (zs.level > 1 && fwd(zs.header, zs.level - 1) == 0) zs.level--;
  zs.length--;
}

/** Fills UPDATE with the path to (score, member); returns the level-0 candidate after it. */
function zslSearchPath(zs: ZSet, score: f64, kp: usize, kl: u32): usize {
  let p = zs.header;
  for (let i = zs.level - 1; i >= 0; i--) {
    let f = fwd(p, i);
    while (f != 0 && before(f, score, kp, kl)) {
      p = f;
      f = fwd(p, i);
    }
    setUpd(i, p);
  }
  return fwd(p, 0);
}

/**
 * Unlinks node x (in the skiplist at its current score) from the skiplist only; the caller
 * handles the dict and frees it (Redis: zslDelete with a node out-parameter).
 */
export function zslUnlink(zs: ZSet, x: usize): void {
  const f = zslSearchPath(zs, zslNodeScore(x), x + ZSL_KEY_OFF, zslNodeKeyLen(x));
  if (f == x) zslDeleteNode(zs, x);
}

/**
 * Moves node x to newScore (Redis: zslUpdateScore). When the node would stay where it is, only
 * the score changes; otherwise the same block is unlinked and linked again at its new place.
 */
export function zslUpdateScore(zs: ZSet, x: usize, newScore: f64): void {
  const b = zslNodeBackward(x);
  const n = fwd(x, 0);
  if ((b == 0 || zslNodeScore(b) < newScore) && (n == 0 || zslNodeScore(n) > newScore)) {
    setScore(x, newScore);
    return;
  }
  zslUnlink(zs, x);
  setScore(x, newScore);
  zslInsertNode(zs, x);
}

// ---- the dict side ------------------------------------------------------------------------

/** The node of member (kp, kl), or 0 (Redis: dictFind on zs->dict). */
@inline export function zsetFind(zs: ZSet, kp: usize, kl: u32): usize {
  return dictFind(zs.dict, kp, kl, hashBytes(kp, kl));
}

/** Adds a member known to be absent: a skiplist node, also linked into the dict. */
export function zsetInsertNew(zs: ZSet, score: f64, kp: usize, kl: u32): usize {
  const x = zslInsert(zs, score, kp, kl);
  dictAddNode(zs.dict, x, hashBytes(kp, kl));
  return x;
}

/**
 * A node for (kp, kl) at score, in the dict but not yet in the skiplist: ZUNION's accumulator
 * adds each member once and sums into the node's score; zsetLinkPending links them all at the
 * end.
 */
export function zsetAddPending(zs: ZSet, score: f64, kp: usize, kl: u32, h: u32): usize {
  const x = zslCreateNode(zslRandomLevel(), score, kp, kl);
  dictAddNode(zs.dict, x, h);
  return x;
}

/** Sets a node's score without moving it (only for nodes not linked in the skiplist yet). */
@inline export function zsetSetPendingScore(x: usize, v: f64): void { setScore(x, v); }

/** Links into the skiplist a node created by zsetAddPending. */
export function zsetLinkPending(zs: ZSet, x: usize): void {
  zslInsertNode(zs, x);
}

/** Removes node x from both views and frees it. */
export function zsetDeleteNode(zs: ZSet, x: usize): void {
  dictUnlinkNode(zs.dict, x, hashBytes(x + ZSL_KEY_OFF, zslNodeKeyLen(x)));
  zslUnlink(zs, x);
  zslFreeNode(x);
}

/** Removes member (kp, kl); true if it was there (Redis: zsetRemoveFromSkiplist). */
export function zsetRemove(zs: ZSet, kp: usize, kl: u32): bool {
  const h = hashBytes(kp, kl);
  const x = dictFind(zs.dict, kp, kl, h);
  if (x == 0) return false;
  dictUnlinkNode(zs.dict, x, h);
  zslUnlink(zs, x);
  zslFreeNode(x);
  return true;
}

/** Shrinks the dict after deletions (Redis: if (htNeedsResize(dict)) dictResize(dict)). */
@inline export function zsetShrinkIfNeeded(zs: ZSet): void {
  dictShrinkIfNeeded(zs.dict);
}

/** A deep copy (Redis: zsetDup): inserting from the largest keeps each insert at the head. */
export function zsetDup(zs: ZSet): ZSet {
  const out = zsetCreate();
  let x = zs.tail;
  while (x != 0) {
    zsetInsertNew(out, zslNodeScore(x), x + ZSL_KEY_OFF, zslNodeKeyLen(x));
    x = zslNodeBackward(x);
  }
  return out;
}

// ---- ranks -----------------------------------------------------------------------------------

/** 1-based rank of (score, member), 0 if absent (Redis: zslGetRank). */
export function zslGetRank(zs: ZSet, score: f64, kp: usize, kl: u32): u64 {
  let rank: u64 = 0;
  let x = zs.header;
  for (let i = zs.level - 1; i >= 0; i--) {
    let f = fwd(x, i);
    while (f != 0) {
      const s = zslNodeScore(f);
      if (s < score || (s == score && zslCompareKey(f, kp, kl) <= 0)) {
        rank += <u64>span(x, i);
        x = f;
        f = fwd(x, i);
      } else break;
    }
    if (x != zs.header && zslNodeScore(x) == score && zslCompareKey(x, kp, kl) == 0) return rank;
  }
  return 0;
}

/** 1-based rank of a node that is in the skiplist. */
@inline export function zslNodeRank(zs: ZSet, x: usize): u64 {
  return zslGetRank(zs, zslNodeScore(x), x + ZSL_KEY_OFF, zslNodeKeyLen(x));
}

/** The node at 1-based rank, or 0 (Redis: zslGetElementByRank). */
export function zslGetElementByRank(zs: ZSet, rank: u64): usize {
  let traversed: u64 = 0;
  let x = zs.header;
  for (let i = zs.level - 1; i >= 0; i--) {
    let f = fwd(x, i);
    while (f != 0 && traversed + <u64>span(x, i) <= rank) {
      traversed += <u64>span(x, i);
      x = f;
      f = fwd(x, i);
    }
    if (traversed == rank) return x == zs.header ? 0 : x;
  }
  return 0;
}

// ---- score ranges ----------------------------------------------------------------------------

/** The score range of the running command (Redis: zrangespec), set by zslParseRange. */
export let rangeMin: f64 = 0;
export let rangeMax: f64 = 0;
export let rangeMinEx: bool = false;
export let rangeMaxEx: bool = false;

/** Sets the score range directly (blocking pops, tests). */
export function zslSetRange(min: f64, minEx: bool, max: f64, maxEx: bool): void {
  rangeMin = min;
  rangeMinEx = minEx;
  rangeMax = max;
  rangeMaxEx = maxEx;
}

/** Length of the C string view of (p, n): argv is NUL-terminated in Redis, strtod stops there. */
@inline function cstrLen(p: usize, n: u32): i32 {
  let i: u32 = 0;
  while (i < n && load<u8>(p + i) != 0) i++;
  return <i32>i;
}

/**
 * One bound of a score range (Redis: zslParseRange on a raw string argument): "(" makes it
 * exclusive; the rest goes through C strtod (leading spaces allowed, hex, inf), which must end
 * exactly at the string's end (the first NUL). An empty rest converts nothing and reads as 0,
 * as in Redis ("(" alone is "(0"). NaN is refused; overflow is not checked (1e999 is inf).
 * Returns false when the bound is not a valid float; the value goes to parsedBound/boundEx.
 */
let parsedBound: f64 = 0;
let boundEx: bool = false;
function parseScoreBound(p: usize, n: u32): bool {
  let len = cstrLen(p, n);
  boundEx = false;
  if (len > 0 && load<u8>(p) == 0x28) {
    boundEx = true;
    p++;
    len--;
  }
  if (len == 0) {
    parsedBound = 0;
    return true;
  }
  const used = strtodPrefix(p, len);
  if (used != len) return false;
  const v = parsedDouble;
  if (v != v) return false;
  parsedBound = v;
  return true;
}

/** Parses min and max into the range globals; false = "min or max is not a float". */
export function zslParseRange(minP: usize, minL: u32, maxP: usize, maxL: u32): bool {
  if (!parseScoreBound(minP, minL)) return false;
  rangeMin = parsedBound;
  rangeMinEx = boundEx;
  if (!parseScoreBound(maxP, maxL)) return false;
  rangeMax = parsedBound;
  rangeMaxEx = boundEx;
  return true;
}

@inline export function zslValueGteMin(v: f64): bool {
  return rangeMinEx ? v > rangeMin : v >= rangeMin;
}

@inline export function zslValueLteMax(v: f64): bool {
  return rangeMaxEx ? v < rangeMax : v <= rangeMax;
}

/** True when no score can be in the range (Redis: the first test of zslIsInRange). */
@inline export function zslRangeIsEmpty(): bool {
  return rangeMin > rangeMax || (rangeMin == rangeMax && (rangeMinEx || rangeMaxEx));
}

function zslIsInRange(zs: ZSet): bool {
  if (zslRangeIsEmpty()) return false;
  const t = zs.tail;
  if (t == 0 || !zslValueGteMin(zslNodeScore(t))) return false;
  const f = fwd(zs.header, 0);
  if (f == 0 || !zslValueLteMax(zslNodeScore(f))) return false;
  return true;
}

/** First node in the score range, or 0 (Redis: zslFirstInRange). */
export function zslFirstInRange(zs: ZSet): usize {
  if (!zslIsInRange(zs)) return 0;
  let x = zs.header;
  for (let i = zs.level - 1; i >= 0; i--) {
    let f = fwd(x, i);
    while (f != 0 && !zslValueGteMin(zslNodeScore(f))) {
      x = f;
      f = fwd(x, i);
    }
  }
  x = fwd(x, 0);
  if (x == 0 || !zslValueLteMax(zslNodeScore(x))) return 0;
  return x;
}

/** Last node in the score range, or 0 (Redis: zslLastInRange). */
export function zslLastInRange(zs: ZSet): usize {
  if (!zslIsInRange(zs)) return 0;
  let x = zs.header;
  for (let i = zs.level - 1; i >= 0; i--) {
    let f = fwd(x, i);
    while (f != 0 && zslValueLteMax(zslNodeScore(f))) {
      x = f;
      f = fwd(x, i);
    }
  }
  if (x == zs.header || !zslValueGteMin(zslNodeScore(x))) return 0;
  return x;
}

// ---- lexicographic ranges -------------------------------------------------------------------

// A lex bound is a member string, or one of the two infinities "-" and "+".
export const LEX_BYTES: i32 = 0;
export const LEX_MINUS_INF: i32 = 1; // "-": below every string (Redis: shared.minstring)
export const LEX_PLUS_INF: i32 = 2; // "+": above every string (Redis: shared.maxstring)

export let lexMinKind: i32 = LEX_BYTES;
export let lexMinPtr: usize = 0;
export let lexMinLen: u32 = 0;
export let lexMinEx: bool = false;
export let lexMaxKind: i32 = LEX_BYTES;
export let lexMaxPtr: usize = 0;
export let lexMaxLen: u32 = 0;
export let lexMaxEx: bool = false;

let itemKind: i32 = 0;
let itemPtr: usize = 0;
let itemLen: u32 = 0;
let itemEx: bool = false;

/**
 * One lex bound (Redis: zslParseLexRangeItem): "(x" exclusive, "[x" inclusive, "-" / "+" the
 * infinities (the byte after the sign must be the C string's end). The bound's bytes point
 * into the argument itself.
 */
function parseLexItem(p: usize, n: u32): bool {
  if (n == 0) return false;
  const c = load<u8>(p);
  if (c == 0x2b || c == 0x2d) {
    if (n > 1 && load<u8>(p + 1) != 0) return false;
    itemKind = c == 0x2b ? LEX_PLUS_INF : LEX_MINUS_INF;
    itemEx = true;
    itemPtr = 0;
    itemLen = 0;
    return true;
  }
  if (c == 0x28 || c == 0x5b) {
    itemKind = LEX_BYTES;
    itemEx = c == 0x28;
    itemPtr = p + 1;
    itemLen = n - 1;
    return true;
  }
  return false;
}

/** Parses a lex range into the lex globals; false = "min or max not valid string range item". */
export function zslParseLexRange(minP: usize, minL: u32, maxP: usize, maxL: u32): bool {
  if (!parseLexItem(minP, minL)) return false;
  lexMinKind = itemKind; lexMinPtr = itemPtr; lexMinLen = itemLen; lexMinEx = itemEx;
  if (!parseLexItem(maxP, maxL)) return false;
  lexMaxKind = itemKind; lexMaxPtr = itemPtr; lexMaxLen = itemLen; lexMaxEx = itemEx;
  return true;
}

/** sdscmp of two byte strings. */
@inline export function bytesCompare(ap: usize, al: u32, bp: usize, bl: u32): i32 {
  const c = memory.compare(ap, bp, al < bl ? al : bl);
  if (c != 0) return c;
  return al < bl ? -1 : (al > bl ? 1 : 0);
}

/** sdscmplex of a member (vp, vl) against a bound. */
@inline function cmpBound(vp: usize, vl: u32, kind: i32, bp: usize, bl: u32): i32 {
  if (kind == LEX_MINUS_INF) return 1;
  if (kind == LEX_PLUS_INF) return -1;
  return bytesCompare(vp, vl, bp, bl);
}

@inline export function zslLexValueGteMin(vp: usize, vl: u32): bool {
  const c = cmpBound(vp, vl, lexMinKind, lexMinPtr, lexMinLen);
  return lexMinEx ? c > 0 : c >= 0;
}

@inline export function zslLexValueLteMax(vp: usize, vl: u32): bool {
  const c = cmpBound(vp, vl, lexMaxKind, lexMaxPtr, lexMaxLen);
  return lexMaxEx ? c < 0 : c <= 0;
}

/** True when no string can be in the lex range (Redis: the first test of zslIsInLexRange). */
export function zslLexRangeIsEmpty(): bool {
  // sdscmplex(min, max): equal infinities compare equal; "-" is below and "+" above all.
  let cmp: i32;
  if (lexMinKind != LEX_BYTES && lexMinKind == lexMaxKind) cmp = 0;
  else if (lexMinKind == LEX_MINUS_INF || lexMaxKind == LEX_PLUS_INF) cmp = -1;
  else if (lexMinKind == LEX_PLUS_INF || lexMaxKind == LEX_MINUS_INF) cmp = 1;
  else cmp = bytesCompare(lexMinPtr, lexMinLen, lexMaxPtr, lexMaxLen);
  return cmp > 0 || (cmp == 0 && (lexMinEx || lexMaxEx));
}

@inline function nodeGteMin(x: usize): bool { return zslLexValueGteMin(x + ZSL_KEY_OFF, zslNodeKeyLen(x)); }
@inline function nodeLteMax(x: usize): bool { return zslLexValueLteMax(x + ZSL_KEY_OFF, zslNodeKeyLen(x)); }

function zslIsInLexRange(zs: ZSet): bool {
  if (zslLexRangeIsEmpty()) return false;
  const t = zs.tail;
  if (t == 0 || !nodeGteMin(t)) return false;
  const f = fwd(zs.header, 0);
  if (f == 0 || !nodeLteMax(f)) return false;
  return true;
}

/** First node in the lex range, or 0 (Redis: zslFirstInLexRange). */
export function zslFirstInLexRange(zs: ZSet): usize {
  if (!zslIsInLexRange(zs)) return 0;
  let x = zs.header;
  for (let i = zs.level - 1; i >= 0; i--) {
    let f = fwd(x, i);
    while (f != 0 && !nodeGteMin(f)) {
      x = f;
      f = fwd(x, i);
    }
  }
  x = fwd(x, 0);
  if (x == 0 || !nodeLteMax(x)) return 0;
  return x;
}

/** Last node in the lex range, or 0 (Redis: zslLastInLexRange). */
export function zslLastInLexRange(zs: ZSet): usize {
  if (!zslIsInLexRange(zs)) return 0;
  let x = zs.header;
  for (let i = zs.level - 1; i >= 0; i--) {
    let f = fwd(x, i);
    while (f != 0 && nodeLteMax(f)) {
      x = f;
      f = fwd(x, i);
    }
  }
  if (x == zs.header || !nodeGteMin(x)) return 0;
  return x;
}

// ---- range deletion --------------------------------------------------------------------------

/** Deletes x (its search path in UPDATE) from both views and frees it; returns the next node. */
function deleteOnPath(zs: ZSet, x: usize): usize {
  const next = fwd(x, 0);
  zslDeleteNode(zs, x);
  dictUnlinkNode(zs.dict, x, hashBytes(x + ZSL_KEY_OFF, zslNodeKeyLen(x)));
  zslFreeNode(x);
  return next;
}

/** Deletes every member in the score range; returns how many (Redis: zslDeleteRangeByScore). */
export function zslDeleteRangeByScore(zs: ZSet): u64 {
  let x = zs.header;
  for (let i = zs.level - 1; i >= 0; i--) {
    let f = fwd(x, i);
    while (f != 0 && !zslValueGteMin(zslNodeScore(f))) {
      x = f;
      f = fwd(x, i);
    }
    setUpd(i, x);
  }
  let removed: u64 = 0;
  x = fwd(x, 0);
  while (x != 0 && zslValueLteMax(zslNodeScore(x))) {
    x = deleteOnPath(zs, x);
    removed++;
  }
  return removed;
}

/** Deletes every member in the lex range; returns how many (Redis: zslDeleteRangeByLex). */
export function zslDeleteRangeByLex(zs: ZSet): u64 {
  let x = zs.header;
  for (let i = zs.level - 1; i >= 0; i--) {
    let f = fwd(x, i);
    while (f != 0 && !nodeGteMin(f)) {
      x = f;
      f = fwd(x, i);
    }
    setUpd(i, x);
  }
  let removed: u64 = 0;
  x = fwd(x, 0);
  while (x != 0 && nodeLteMax(x)) {
    x = deleteOnPath(zs, x);
    removed++;
  }
  return removed;
}

/** Deletes ranks start..end (1-based, inclusive); returns how many (Redis: zslDeleteRangeByRank). */
export function zslDeleteRangeByRank(zs: ZSet, start: u64, end: u64): u64 {
  let traversed: u64 = 0;
  let x = zs.header;
  for (let i = zs.level - 1; i >= 0; i--) {
    let f = fwd(x, i);
    while (f != 0 && traversed + <u64>span(x, i) < start) {
      traversed += <u64>span(x, i);
      x = f;
      f = fwd(x, i);
    }
    setUpd(i, x);
  }
  traversed++;
  let removed: u64 = 0;
  x = fwd(x, 0);
  while (x != 0 && traversed <= end) {
    x = deleteOnPath(zs, x);
    removed++;
    traversed++;
  }
  return removed;
}
