// idtree.ts — an ordered map from 128-bit stream IDs (ms, seq) to u32 values: a B+tree
// (Redis uses a radix tree, rax, for the same jobs in streams).
//
// Streams need three ordered maps keyed by IDs, all with the same shape:
//   * the node index: master ID of each listpack node -> the listpack (ds/stream.ts);
//   * a consumer group's PEL: entry ID -> its NACK (delivery time, count, owner);
//   * each consumer's PEL: entry ID -> the same NACK.
// Their access patterns are append-mostly (new IDs are always the greatest), with removals
// mostly at the front (trimming, acknowledging the oldest messages), plus lookups by ID and
// range scans in both directions from any ID. A B+tree does all of that in O(log n) with
// little memory per key, and its leaves, chained both ways, are what range scans walk.
//
//   tree header (24 bytes)   root u32 | height u32 (0: the root is a leaf) | count u64 |
//                            first leaf u32 | last leaf u32
//   node                     n u16 | cap u16 | leaf u8 | - | prev u32 | next u32 |
//                            records[cap]: { ms u64, seq u64, val u32 } (20 bytes each)
//
// Leaves and internal nodes share one layout. In an internal node, record i holds child i
// and the smallest key that may live under it; record 0's key is never read (it stands for
// minus infinity), so removing a subtree's first key never touches its ancestors. prev/next
// chain the leaves only.
//
// Memory: nodes start with room for 4 records and double up to IDT_MAX (64), so a PEL of
// one entry costs a 96-byte node, and a big tree ~20-25 bytes per key. A full node that
// receives a record at its end (the append case) splits by moving just that record to a new
// node, which keeps append-built trees ~100% full; other splits move half. A node that falls
// under a quarter of IDT_MAX merges with a neighbour when both fit in one node; an emptied
// node is freed; an internal root left with one child is replaced by it.
//
// Positions: an iterator (IdtIter: leaf + index) is valid until the next change to the
// tree; callers re-seek after writes, like Redis's raxSeek after raxRemove.

import { zfree, zmalloc, zrealloc } from "../mem/alloc";

export const IDT_MAX: i32 = 64;
const MIN_CAP: i32 = 4;
const NODE_HDR: usize = 16;
export const IDT_REC: usize = 20;

// tree header
const T_ROOT: usize = 0;
const T_HEIGHT: usize = 4;
const T_COUNT: usize = 8;
const T_FIRST: usize = 16;
const T_LAST: usize = 20;
const T_SIZE: usize = 24;

// ---- node accessors -------------------------------------------------------------------------

@inline function nN(n: usize): i32 { return <i32>load<u16>(n); }
@inline function setN(n: usize, v: i32): void { store<u16>(n, <u16>v); }
@inline function nCap(n: usize): i32 { return <i32>load<u16>(n, 2); }
@inline function isLeaf(n: usize): bool { return load<u8>(n, 4) != 0; }
@inline function nPrev(n: usize): usize { return <usize>load<u32>(n, 8); }
@inline function nNext(n: usize): usize { return <usize>load<u32>(n, 12); }
@inline function setPrev(n: usize, p: usize): void { store<u32>(n, <u32>p, 8); }
@inline function setNext(n: usize, p: usize): void { store<u32>(n, <u32>p, 12); }
@inline function rec(n: usize, i: i32): usize { return n + NODE_HDR + <usize>i * IDT_REC; }
@inline function child(n: usize, i: i32): usize { return <usize>load<u32>(rec(n, i), 16); }

/** Key of a record: ms and seq; its value. */
@inline export function recMs(r: usize): u64 { return load<u64>(r); }
@inline export function recSeq(r: usize): u64 { return load<u64>(r, 8); }
@inline export function recVal(r: usize): u32 { return load<u32>(r, 16); }
@inline export function setRecVal(r: usize, v: u32): void { store<u32>(r, v, 16); }

@inline function cmpRec(r: usize, ms: u64, seq: u64): i32 {
  const a = load<u64>(r);
  if (a != ms) return a < ms ? -1 : 1;
  const b = load<u64>(r, 8);
  if (b != seq) return b < seq ? -1 : 1;
  return 0;
}

function newNode(cap: i32, leaf: bool): usize {
  const n = zmalloc(NODE_HDR + <usize>cap * IDT_REC);
  store<u16>(n, 0);
  store<u16>(n, <u16>cap, 2);
  store<u8>(n, leaf ? 1 : 0, 4);
  store<u8>(n, 0, 5);
  store<u16>(n, 0, 6);
  store<u32>(n, 0, 8);
  store<u32>(n, 0, 12);
  return n;
}

// ---- the tree header ------------------------------------------------------------------------

export function idtNew(): usize {
  const t = zmalloc(T_SIZE);
  memory.fill(t, 0, T_SIZE);
  return t;
}

@inline export function idtCount(t: usize): u64 { return load<u64>(t, T_COUNT); }
@inline function root(t: usize): usize { return <usize>load<u32>(t, T_ROOT); }

/** Frees the tree's nodes and header (values are the caller's: free them first). */
export function idtFree(t: usize): void {
  const r = root(t);
  if (r != 0) freeSubtree(r);
  zfree(t);
}

function freeSubtree(n: usize): void {
  if (!isLeaf(n)) {
    const k = nN(n);
    for (let i = 0; i < k; i++) freeSubtree(child(n, i));
  }
  zfree(n);
}

// ---- search -----------------------------------------------------------------------------------

/** First index in [0, n) whose key is >= (ms, seq); n if none. */
function lowerBound(node: usize, ms: u64, seq: u64): i32 {
  let lo = 0;
  let hi = nN(node);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cmpRec(rec(node, mid), ms, seq) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The child of an internal node whose range holds (ms, seq). */
function childIndex(node: usize, ms: u64, seq: u64): i32 {
  let lo = 1;
  let hi = nN(node);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cmpRec(rec(node, mid), ms, seq) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

// The path of the last descent: nodes and the child index taken in each.
const pathNode = memory.data(4 * 16);
const pathIdx = memory.data(4 * 16);
@inline function pNode(d: i32): usize { return <usize>load<u32>(pathNode + (<usize>d << 2)); }
@inline function pIdx(d: i32): i32 { return load<i32>(pathIdx + (<usize>d << 2)); }

/** Descends to the leaf for (ms, seq), filling the path; returns the leaf and its depth in descentDepth. */
let descentDepth: i32 = 0;
function descend(t: usize, ms: u64, seq: u64): usize {
  let node = root(t);
  let d = 0;
  while (!isLeaf(node)) {
    const i = childIndex(node, ms, seq);
    store<u32>(pathNode + (<usize>d << 2), <u32>node);
    store<i32>(pathIdx + (<usize>d << 2), i);
    d++;
    node = child(node, i);
  }
  descentDepth = d;
  return node;
}

/** The record holding (ms, seq), or 0. */
export function idtFind(t: usize, ms: u64, seq: u64): usize {
  if (root(t) == 0) return 0;
  const leaf = descend(t, ms, seq);
  const i = lowerBound(leaf, ms, seq);
  if (i < nN(leaf) && cmpRec(rec(leaf, i), ms, seq) == 0) return rec(leaf, i);
  return 0;
}

// ---- iterators --------------------------------------------------------------------------------

/** A position in the tree: a leaf and an index in it (leaf 0 = past either end). */
@unmanaged
export class IdtIter {
  leaf: usize;
  idx: i32;
}

export function idtIterNew(): IdtIter {
  const it = changetype<IdtIter>(zmalloc(offsetof<IdtIter>()));
  it.leaf = 0;
  it.idx = 0;
  return it;
}

export function idtIterFree(it: IdtIter): void {
  zfree(changetype<usize>(it));
}

/** The record at the iterator, 0 if it is past the end. */
@inline export function idtIterRec(it: IdtIter): usize {
  return it.leaf == 0 ? 0 : rec(it.leaf, it.idx);
}

export function idtSeekFirst(t: usize, it: IdtIter): void {
  it.leaf = <usize>load<u32>(t, T_FIRST);
  it.idx = 0;
}

export function idtSeekLast(t: usize, it: IdtIter): void {
  const l = <usize>load<u32>(t, T_LAST);
  it.leaf = l;
  it.idx = l == 0 ? 0 : nN(l) - 1;
}

/** First record >= (ms, seq). */
export function idtSeekGE(t: usize, it: IdtIter, ms: u64, seq: u64): void {
  if (root(t) == 0) {
    it.leaf = 0;
    return;
  }
  const leaf = descend(t, ms, seq);
  const i = lowerBound(leaf, ms, seq);
  if (i < nN(leaf)) {
    it.leaf = leaf;
    it.idx = i;
  } else {
    it.leaf = nNext(leaf);
    it.idx = 0;
  }
}

/** Last record <= (ms, seq). */
export function idtSeekLE(t: usize, it: IdtIter, ms: u64, seq: u64): void {
  if (root(t) == 0) {
    it.leaf = 0;
    return;
  }
  const leaf = descend(t, ms, seq);
  const i = lowerBound(leaf, ms, seq);
  if (i < nN(leaf) && cmpRec(rec(leaf, i), ms, seq) == 0) {
    it.leaf = leaf;
    it.idx = i;
  } else if (i > 0) {
    it.leaf = leaf;
    it.idx = i - 1;
  } else {
    const p = nPrev(leaf);
    it.leaf = p;
    it.idx = p == 0 ? 0 : nN(p) - 1;
  }
}

/** Moves to the next record (leaf 0 past the end). */
export function idtNext(it: IdtIter): void {
  if (it.leaf == 0) return;
  if (it.idx + 1 < nN(it.leaf)) {
    it.idx++;
    return;
  }
  it.leaf = nNext(it.leaf);
  it.idx = 0;
}

/** Moves to the previous record (leaf 0 past the start). */
export function idtPrev(it: IdtIter): void {
  if (it.leaf == 0) return;
  if (it.idx > 0) {
    it.idx--;
    return;
  }
  const p = nPrev(it.leaf);
  it.leaf = p;
  it.idx = p == 0 ? 0 : nN(p) - 1;
}

// ---- insertion --------------------------------------------------------------------------------

/** Gives `old` (now moved to `fresh`) its new address in its parent / the header / the leaf chain. */
function relocate(t: usize, fresh: usize, parent: usize, pidx: i32): void {
  if (parent != 0) store<u32>(rec(parent, pidx), <u32>fresh, 16);
  else store<u32>(t, <u32>fresh, T_ROOT);
  if (isLeaf(fresh)) {
    const p = nPrev(fresh);
    const q = nNext(fresh);
    if (p != 0) setNext(p, fresh);
    else store<u32>(t, <u32>fresh, T_FIRST);
    if (q != 0) setPrev(q, fresh);
    else store<u32>(t, <u32>fresh, T_LAST);
  }
}

function resize(t: usize, node: usize, cap: i32, parent: usize, pidx: i32): usize {
  const fresh = zrealloc(node, NODE_HDR + <usize>cap * IDT_REC);
  store<u16>(fresh, <u16>cap, 2);
  if (fresh != node) relocate(t, fresh, parent, pidx);
  return fresh;
}

@inline function putRec(r: usize, ms: u64, seq: u64, val: u32): void {
  store<u64>(r, ms);
  store<u64>(r, seq, 8);
  store<u32>(r, val, 16);
}

function capFor(n: i32): i32 {
  let c = MIN_CAP;
  while (c < n) c <<= 1;
  return c > IDT_MAX ? IDT_MAX : c;
}

/**
 * Inserts (ms, seq) -> val. Returns true if the key was new; false if it existed, in which
 * case its value is replaced.
 */
export function idtInsert(t: usize, ms: u64, seq: u64, val: u32): bool {
  if (root(t) == 0) {
    const leaf = newNode(MIN_CAP, true);
    putRec(rec(leaf, 0), ms, seq, val);
    setN(leaf, 1);
    store<u32>(t, <u32>leaf, T_ROOT);
    store<u32>(t, 0, T_HEIGHT);
    store<u32>(t, <u32>leaf, T_FIRST);
    store<u32>(t, <u32>leaf, T_LAST);
    store<u64>(t, 1, T_COUNT);
    return true;
  }
  const leaf = descend(t, ms, seq);
  const pos = lowerBound(leaf, ms, seq);
  if (pos < nN(leaf) && cmpRec(rec(leaf, pos), ms, seq) == 0) {
    store<u32>(rec(leaf, pos), val, 16);
    return false;
  }
  store<u64>(t, idtCount(t) + 1, T_COUNT);
  insertAt(t, leaf, descentDepth, pos, ms, seq, val);
  return true;
}

/** Puts a record at index pos of `node` (at path depth `depth`), splitting upward as needed. */
function insertAt(t: usize, node: usize, depth: i32, pos: i32, ms: u64, seq: u64, val: u32): void {
  const n = nN(node);
  const parent = depth > 0 ? pNode(depth - 1) : 0;
  const pidx = depth > 0 ? pIdx(depth - 1) : 0;
  if (n < IDT_MAX) {
    if (n == nCap(node)) node = resize(t, node, nCap(node) << 1, parent, pidx);
    const r = rec(node, pos);
    memory.copy(r + IDT_REC, r, <usize>(n - pos) * IDT_REC);
    putRec(r, ms, seq, val);
    setN(node, n + 1);
    return;
  }
  // Full: split. Appending at the end moves only the new record to the new node.
  const leaf = isLeaf(node);
  const splitAt = pos == n ? n : n >> 1;
  const moved = n - splitAt;
  const right = newNode(capFor(moved + 1), leaf);
  memory.copy(rec(right, 0), rec(node, splitAt), <usize>moved * IDT_REC);
  setN(right, moved);
  setN(node, splitAt);
  if (leaf) {
    const q = nNext(node);
    setPrev(right, node);
    setNext(right, q);
    if (q != 0) setPrev(q, right);
    else store<u32>(t, <u32>right, T_LAST);
    setNext(node, right);
  }
  // The new record goes to whichever half holds its position.
  const target = pos < splitAt ? node : right;
  const tpos = pos < splitAt ? pos : pos - splitAt;
  const tn = nN(target);
  const r = rec(target, tpos);
  memory.copy(r + IDT_REC, r, <usize>(tn - tpos) * IDT_REC);
  putRec(r, ms, seq, val);
  setN(target, tn + 1);
  // The separator: the smallest key under `right`.
  const sepMs = recMs(rec(right, 0));
  const sepSeq = recSeq(rec(right, 0));
  if (depth == 0) {
    const nr = newNode(MIN_CAP, false);
    putRec(rec(nr, 0), 0, 0, <u32>node);
    putRec(rec(nr, 1), sepMs, sepSeq, <u32>right);
    setN(nr, 2);
    store<u32>(t, <u32>nr, T_ROOT);
    store<u32>(t, load<u32>(t, T_HEIGHT) + 1, T_HEIGHT);
    return;
  }
  insertAt(t, parent, depth - 1, pidx + 1, sepMs, sepSeq, <u32>right);
}

// ---- removal ----------------------------------------------------------------------------------

/** Value of the record the last idtDelete removed. */
export let idtDeletedVal: u32 = 0;

/** Removes (ms, seq). Returns false if absent; the removed value is in idtDeletedVal. */
export function idtDelete(t: usize, ms: u64, seq: u64): bool {
  if (root(t) == 0) return false;
  const leaf = descend(t, ms, seq);
  const pos = lowerBound(leaf, ms, seq);
  const n = nN(leaf);
  if (pos >= n || cmpRec(rec(leaf, pos), ms, seq) != 0) return false;
  const r = rec(leaf, pos);
  idtDeletedVal = recVal(r);
  memory.copy(r, r + IDT_REC, <usize>(n - pos - 1) * IDT_REC);
  setN(leaf, n - 1);
  store<u64>(t, idtCount(t) - 1, T_COUNT);
  rebalance(t, leaf, descentDepth);
  return true;
}

/** Removes record i of node (no rebalancing). */
function removeRec(node: usize, i: i32): void {
  const n = nN(node);
  const r = rec(node, i);
  memory.copy(r, r + IDT_REC, <usize>(n - i - 1) * IDT_REC);
  setN(node, n - 1);
}

function unlinkLeaf(t: usize, leaf: usize): void {
  const p = nPrev(leaf);
  const q = nNext(leaf);
  if (p != 0) setNext(p, q);
  else store<u32>(t, <u32>q, T_FIRST);
  if (q != 0) setPrev(q, p);
  else store<u32>(t, <u32>p, T_LAST);
}

/** Restores the tree's shape after `node` (at path depth `depth`) lost a record. */
function rebalance(t: usize, node: usize, depth: i32): void {
  let n = nN(node);
  if (depth == 0) {
    if (n == 0) {
      zfree(node);
      store<u32>(t, 0, T_ROOT);
      store<u32>(t, 0, T_HEIGHT);
      store<u32>(t, 0, T_FIRST);
      store<u32>(t, 0, T_LAST);
      return;
    }
    // An internal root with a single child gives way to it.
    while (!isLeaf(node) && nN(node) == 1) {
      const c = child(node, 0);
      zfree(node);
      node = c;
      store<u32>(t, <u32>node, T_ROOT);
      store<u32>(t, load<u32>(t, T_HEIGHT) - 1, T_HEIGHT);
    }
    shrinkIfSparse(t, node, 0, 0);
    return;
  }
  const parent = pNode(depth - 1);
  const pidx = pIdx(depth - 1);
  if (n == 0) {
    if (isLeaf(node)) unlinkLeaf(t, node);
    zfree(node);
    removeRec(parent, pidx);
    rebalance(t, parent, depth - 1);
    return;
  }
  if (n < (IDT_MAX >> 2)) {
    const pn = nN(parent);
    if (pidx + 1 < pn) {
      const sib = child(parent, pidx + 1);
      if (n + nN(sib) <= IDT_MAX) {
        mergeInto(t, node, parent, pidx, sib, pidx + 1);
        rebalance(t, parent, depth - 1);
        return;
      }
    }
    if (pidx > 0) {
      const sib = child(parent, pidx - 1);
      if (n + nN(sib) <= IDT_MAX) {
        mergeInto(t, sib, parent, pidx - 1, node, pidx);
        rebalance(t, parent, depth - 1);
        return;
      }
    }
  }
  shrinkIfSparse(t, node, parent, pidx);
}

/** Moves every record of `right` (parent record ri) to the end of `left` (record li = ri - 1), frees right. */
function mergeInto(t: usize, left: usize, parent: usize, li: i32, right: usize, ri: i32): void {
  const ln = nN(left);
  const rn = nN(right);
  if (!isLeaf(right)) {
    // right's first child keeps its lower bound: the separator the parent held for right
    const sep = rec(parent, ri);
    store<u64>(rec(right, 0), recMs(sep));
    store<u64>(rec(right, 0), recSeq(sep), 8);
  }
  if (ln + rn > nCap(left)) left = resize(t, left, capFor(ln + rn), parent, li);
  memory.copy(rec(left, ln), rec(right, 0), <usize>rn * IDT_REC);
  setN(left, ln + rn);
  if (isLeaf(right)) unlinkLeaf(t, right);
  zfree(right);
  removeRec(parent, ri);
}

function shrinkIfSparse(t: usize, node: usize, parent: usize, pidx: i32): void {
  const cap = nCap(node);
  if (cap > MIN_CAP && nN(node) <= (cap >> 2)) resize(t, node, cap >> 1, parent, pidx);
}

// ---- whole-tree helpers ---------------------------------------------------------------------

/** Number of records stored (same as idtCount; for symmetry with Redis's raxSize). */
@inline export function idtSize(t: usize): u64 { return idtCount(t); }

/** Bytes used by the tree's own blocks (MEMORY USAGE estimates). */
export function idtBytes(t: usize): u64 {
  const r = root(t);
  return <u64>T_SIZE + (r == 0 ? 0 : subtreeBytes(r));
}

function subtreeBytes(n: usize): u64 {
  let b = <u64>(NODE_HDR + <usize>nCap(n) * IDT_REC);
  if (!isLeaf(n)) {
    const k = nN(n);
    for (let i = 0; i < k; i++) b += subtreeBytes(child(n, i));
  }
  return b;
}
