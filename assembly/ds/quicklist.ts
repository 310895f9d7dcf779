// quicklist.ts — a doubly linked list of listpacks, the one encoding of the list type
// (Redis 7.0.15: quicklist.c).
//
// Why this shape: a plain linked list costs two pointers and a heap block per element; one
// big array makes pushes at the head O(n). Redis's answer, kept here, is a linked list of
// small listpacks ("nodes"): pushes and pops touch only the head or tail node, an element
// costs 2..10 bytes of listpack instead of ~40 bytes of node, and an index lookup skips whole
// nodes by their element counts, walking from the nearer end, before seeking inside one
// listpack of at most a few KB. LINDEX in the middle of a 1M-element list therefore visits
// a few hundred node headers, never a million entries.
//
//   quicklist (20 bytes)            nodes (20 bytes each)                    listpacks
//   +-------+                       +------+------+----+----+-------+
//   | head  |---------------------->| prev | next | lp | sz | count |----> [hdr|e0 e1 ... |FF]
//   | tail  |------------+          +------+--|---+----+----+-------+
//   | count | elements   |                     v
//   | len   | nodes      |          +------+------+----+----+-------+
//   | fill  | i16        +--------->| prev | next | lp | sz | count |----> [hdr|e0 ... |FF]
//   | depth | u16                   +------+------+----+----+-------+
//   +-------+
//
// Node sizes follow Redis exactly, because they are observable (DEBUG OBJECT ql_nodes,
// memory, RDB layout) and because an RDB stores each node's listpack verbatim:
//   * fill (list-max-listpack-size, captured when the list is created, like Redis's
//     quicklistSetOptions): negative = a byte limit per node, -1..-5 -> 4/8/16/32/64 KB;
//     positive = an element count per node (node bytes then also capped at 8 KB).
//   * a push goes into the end node if `node.sz + len + 8` stays within the limit
//     (Redis's _quicklistNodeAllowInsert with SIZE_ESTIMATE_OVERHEAD), else into a new node;
//   * an insert in the middle of a full node splits it at the insertion point and then tries
//     to merge the neighbourhood back (_quicklistInsert, _quicklistSplitNode,
//     _quicklistMergeNodes, with Redis's merge estimate `a.sz + b.sz - 11`);
//   * deletions never merge; a node that becomes empty is unlinked;
//   * LSET replaces in place (7.0.15 does not re-split an oversized node).
//
// list-compress-depth (captured at creation like fill) keeps that many nodes plain at each
// end and LZF-compresses the interior ones, decompressing and recompressing them where
// Redis does (see "compression" below).
//
// Not implemented (a documented difference): "plain" nodes for single elements of 1 GB or
// more (unreachable under the default proto-max-bulk-len of 512 MB and the 4 GB wasm
// address space).
//
// Iteration mirrors quicklistIter: a node, an offset inside it (negative offsets count from
// the node's end) and an entry pointer that is 0 right after positioning or a deletion, in
// which case the next step re-seeks by offset. The iterator and the current entry live in
// module globals (one iteration at a time, nothing allocated); entry pointers are only valid
// until the next mutation of their listpack, and an iteration ends with qlIterRelease (which
// compresses back the node it stopped on).

import { zfree, zmalloc, zrealloc } from "../mem/alloc";
import { lzfCompress, lzfDecompress } from "../util/lzf";
import { lpAppend, lpBytes, lpDeleteRange, lpDelete, lpDup, lpFree, lpInsert, lpLength, lpNew, lpNext,
  lpPrepend, lpPrev, lpReplace, lpSeek, LP_HDR_NUMELE_UNKNOWN, LP_HDR_SIZE } from "./listpack";

// ---- layout ---------------------------------------------------------------------------

const QL_HEAD: usize = 0;
const QL_TAIL: usize = 4;
const QL_COUNT: usize = 8;
const QL_LEN: usize = 12;
const QL_FILL: usize = 16; // i16
const QL_DEPTH: usize = 18; // u16
const QL_SIZE: usize = 20;

const N_PREV: usize = 0;
const N_NEXT: usize = 4;
const N_LP: usize = 8;
const N_SZ: usize = 12;
const N_COUNT: usize = 16; // u16
const N_ENC: usize = 18; // u8: NODE_RAW or NODE_LZF
const N_RECOMPRESS: usize = 19; // u8: decompressed for a moment, compress it back after use
const N_SIZE: usize = 20;

/** Node payload encodings (Redis: QUICKLIST_NODE_ENCODING_RAW / _LZF). */
const NODE_RAW: u8 = 1;
const NODE_LZF: u8 = 2;
/** Redis MIN_COMPRESS_BYTES / MIN_COMPRESS_IMPROVE. */
const MIN_COMPRESS_BYTES: u32 = 48;
const MIN_COMPRESS_IMPROVE: u32 = 8;

/** Redis's byte limits for fill -1..-5. */
const OPTIMIZATION_LEVEL: usize = memory.data<u32>([4096, 8192, 16384, 32768, 65536]);
/** Redis SIZE_SAFETY_LIMIT: bytes cap of a node when the limit is an element count. */
const SIZE_SAFETY_LIMIT: u32 = 8192;
/** Redis SIZE_ESTIMATE_OVERHEAD: the listpack overhead assumed for one new element. */
const SIZE_ESTIMATE_OVERHEAD: u32 = 8;
/** Redis FILL_MAX and COMPRESS_MAX (the bitfield widths of struct quicklist). */
const FILL_MAX: i32 = 32767;
const COMPRESS_MAX: i32 = 65535;

@inline export function qlHead(ql: usize): usize { return <usize>load<u32>(ql + QL_HEAD); }
@inline export function qlTail(ql: usize): usize { return <usize>load<u32>(ql + QL_TAIL); }
/** Number of elements. */
@inline export function qlCount(ql: usize): u32 { return load<u32>(ql + QL_COUNT); }
/** Number of nodes. */
@inline export function qlLen(ql: usize): u32 { return load<u32>(ql + QL_LEN); }
@inline export function qlFill(ql: usize): i32 { return <i32>load<i16>(ql + QL_FILL); }
@inline export function qlCompressDepth(ql: usize): i32 { return <i32>load<u16>(ql + QL_DEPTH); }
@inline function setHead(ql: usize, n: usize): void { store<u32>(ql + QL_HEAD, <u32>n); }
@inline function setTail(ql: usize, n: usize): void { store<u32>(ql + QL_TAIL, <u32>n); }
@inline function setCount(ql: usize, v: u32): void { store<u32>(ql + QL_COUNT, v); }
@inline function setLen(ql: usize, v: u32): void { store<u32>(ql + QL_LEN, v); }

@inline export function nodePrev(n: usize): usize { return <usize>load<u32>(n + N_PREV); }
@inline export function nodeNext(n: usize): usize { return <usize>load<u32>(n + N_NEXT); }
/** The node's listpack. */
@inline export function nodeLp(n: usize): usize { return <usize>load<u32>(n + N_LP); }
/** Bytes of the node's listpack (Redis: node->sz). */
@inline export function nodeSz(n: usize): u32 { return load<u32>(n + N_SZ); }
/** Elements in the node. */
@inline export function nodeCount(n: usize): u32 { return <u32>load<u16>(n + N_COUNT); }
/** Compressed size of an LZF-compressed node's listpack, 0 for a plain node. */
@inline export function nodeCompressedLen(n: usize): u32 {
  return load<u8>(n + N_ENC) == NODE_LZF ? load<u32>(<usize>load<u32>(n + N_LP)) : 0;
}
@inline function setPrev(n: usize, v: usize): void { store<u32>(n + N_PREV, <u32>v); }
@inline function setNext(n: usize, v: usize): void { store<u32>(n + N_NEXT, <u32>v); }
@inline function setNodeCount(n: usize, v: u32): void { store<u16>(n + N_COUNT, <u16>v); }
/** Stores a (possibly moved) listpack and refreshes the cached size. */
@inline function setNodeLp(n: usize, lp: usize): void {
  store<u32>(n + N_LP, <u32>lp);
  store<u32>(n + N_SZ, lpBytes(lp));
}

// ---- creation and release --------------------------------------------------------------

/** An empty quicklist with Redis's clamping of fill (-5..32767) and depth (0..65535). */
export function qlCreate(fill: i64, depth: i64): usize {
  const ql = zmalloc(QL_SIZE);
  setHead(ql, 0);
  setTail(ql, 0);
  setCount(ql, 0);
  setLen(ql, 0);
  let f = fill > <i64>FILL_MAX ? FILL_MAX : fill < -5 ? -5 : <i32>fill;
  let d = depth > <i64>COMPRESS_MAX ? COMPRESS_MAX : depth < 0 ? 0 : <i32>depth;
  store<i16>(ql + QL_FILL, <i16>f);
  store<u16>(ql + QL_DEPTH, <u16>d);
  return ql;
}

function nodeCreate(lp: usize): usize {
  const n = zmalloc(N_SIZE);
  setPrev(n, 0);
  setNext(n, 0);
  setNodeLp(n, lp);
  setNodeCount(n, 0);
  store<u8>(n + N_ENC, NODE_RAW);
  store<u8>(n + N_RECOMPRESS, 0);
  return n;
}

export function qlFree(ql: usize): void {
  let n = qlHead(ql);
  while (n != 0) {
    const next = nodeNext(n);
    lpFree(nodeLp(n));
    zfree(n);
    n = next;
  }
  zfree(ql);
}

/** A deep copy (Redis: quicklistDup): same nodes, same listpack bytes, same options. */
export function qlDup(orig: usize): usize {
  const ql = qlCreate(qlFill(orig), qlCompressDepth(orig));
  for (let cur = qlHead(orig); cur != 0; cur = nodeNext(cur)) {
    let n: usize;
    if (load<u8>(cur + N_ENC) == NODE_LZF) {
      // A compressed node is copied compressed (its LZF block, not a listpack).
      const blk = nodeLp(cur);
      const size: usize = 4 + <usize>load<u32>(blk);
      const copy = zmalloc(size);
      memory.copy(copy, blk, size);
      n = nodeCreate(lpNew());
      lpFree(nodeLp(n));
      store<u32>(n + N_LP, <u32>copy);
      store<u32>(n + N_SZ, nodeSz(cur));
      store<u8>(n + N_ENC, NODE_LZF);
    } else {
      n = nodeCreate(lpDup(nodeLp(cur)));
    }
    setNodeCount(n, nodeCount(cur));
    insertNode(ql, qlTail(ql), n, true);
    setCount(ql, qlCount(ql) + nodeCount(cur));
  }
  return ql;
}

/**
 * Appends a whole listpack as a new tail node, as it is (Redis: quicklistAppendListpack,
 * used by RDB loading so a saved list keeps its node layout).
 */
export function qlAppendListpack(ql: usize, lp: usize): void {
  const n = nodeCreate(lp);
  const count = lpLength(lp);
  setNodeCount(n, count);
  insertNode(ql, qlTail(ql), n, true);
  setCount(ql, qlCount(ql) + count);
}

// ---- node linking ----------------------------------------------------------------------

/** Links `fresh` after (after = true) or before `old`; old = 0 on an empty list. */
function insertNode(ql: usize, old: usize, fresh: usize, after: bool): void {
  if (after) {
    setPrev(fresh, old);
    if (old != 0) {
      setNext(fresh, nodeNext(old));
      if (nodeNext(old) != 0) setPrev(nodeNext(old), fresh);
      setNext(old, fresh);
    }
    if (qlTail(ql) == old) setTail(ql, fresh);
  } else {
    setNext(fresh, old);
    if (old != 0) {
      setPrev(fresh, nodePrev(old));
      if (nodePrev(old) != 0) setNext(nodePrev(old), fresh);
      setPrev(old, fresh);
    }
    if (qlHead(ql) == old) setHead(ql, fresh);
  }
  if (qlLen(ql) == 0) {
    setHead(ql, fresh);
    setTail(ql, fresh);
  }
  setLen(ql, qlLen(ql) + 1);
  if (old != 0) compressNodeOf(ql, old);
  compressNodeOf(ql, fresh);
}

/**
 * Unlinks and frees a node, removing its elements from the count (__quicklistDelNode); its
 * listpack is freed too unless it was handed to another node (a merge).
 */
function delNode(ql: usize, n: usize, freeLp: bool = true): void {
  const next = nodeNext(n);
  const prev = nodePrev(n);
  if (next != 0) setPrev(next, prev);
  if (prev != 0) setNext(prev, next);
  if (n == qlTail(ql)) setTail(ql, prev);
  if (n == qlHead(ql)) setHead(ql, next);
  setLen(ql, qlLen(ql) - 1);
  setCount(ql, qlCount(ql) - nodeCount(n));
  // Nodes may have moved into the uncompressed ends.
  compressForDepth(ql, 0);
  if (freeLp) lpFree(nodeLp(n));
  zfree(n);
}

// ---- compression (list-compress-depth) -----------------------------------------------------
//
// With a depth d > 0, the d nodes at each end stay plain and every interior node keeps its
// listpack LZF-compressed ({u32 compressed length, bytes}; nodeSz stays the plain size).
// Code that touches an interior node decompresses it "for use" (marking it to be
// recompressed) and compresses it back afterwards, exactly where Redis does, so the same
// nodes end up compressed. With the default depth 0 every function here returns at once.

/** __quicklistCompressNode: compresses a plain node if that saves enough. */
function compressNodeRaw(n: usize): bool {
  store<u8>(n + N_RECOMPRESS, 0);
  const sz = nodeSz(n);
  if (sz < MIN_COMPRESS_BYTES) return false;
  const lp = nodeLp(n);
  let blk = zmalloc(4 + <usize>sz);
  const clen = lzfCompress(lp, sz, blk + 4, sz);
  if (clen == 0 || clen + MIN_COMPRESS_IMPROVE >= sz) {
    zfree(blk);
    return false;
  }
  blk = zrealloc(blk, 4 + <usize>clen);
  store<u32>(blk, clen);
  lpFree(lp);
  store<u32>(n + N_LP, <u32>blk);
  store<u8>(n + N_ENC, NODE_LZF);
  return true;
}

/** quicklistCompressNode: only plain nodes. */
@inline function compressIfRaw(n: usize): void {
  if (n != 0 && load<u8>(n + N_ENC) == NODE_RAW) compressNodeRaw(n);
}

/** __quicklistDecompressNode / quicklistDecompressNode: back to a plain listpack. */
function decompressIfLzf(n: usize): void {
  if (n == 0 || load<u8>(n + N_ENC) != NODE_LZF) return;
  store<u8>(n + N_RECOMPRESS, 0);
  const blk = nodeLp(n);
  const sz = nodeSz(n);
  const lp = zmalloc(<usize>sz);
  lzfDecompress(blk + 4, load<u32>(blk), lp, sz);
  zfree(blk);
  store<u32>(n + N_LP, <u32>lp);
  store<u8>(n + N_ENC, NODE_RAW);
}

/** quicklistDecompressNodeForUse: plain for now, compressed again after use. */
@inline function decompressForUse(n: usize): void {
  if (n != 0 && load<u8>(n + N_ENC) == NODE_LZF) {
    decompressIfLzf(n);
    store<u8>(n + N_RECOMPRESS, 1);
  }
}

/** quicklistRecompressOnly */
@inline function recompressOnly(n: usize): void {
  if (load<u8>(n + N_RECOMPRESS) != 0) compressIfRaw(n);
}

/**
 * __quicklistCompress: keeps the `depth` nodes at each end plain and compresses the first
 * node past the depth on each side, and `node` itself if it lies inside (node may be 0).
 */
function compressForDepth(ql: usize, node: usize): void {
  const len = qlLen(ql);
  if (len == 0) return;
  const depth = <u32>qlCompressDepth(ql);
  if (depth == 0 || len < depth * 2) return;
  let forward = qlHead(ql);
  let reverse = qlTail(ql);
  let d: u32 = 0;
  let inDepth = false;
  while (d++ < depth) {
    decompressIfLzf(forward);
    decompressIfLzf(reverse);
    if (forward == node || reverse == node) inDepth = true;
    if (forward == reverse || nodeNext(forward) == reverse) return;
    forward = nodeNext(forward);
    reverse = nodePrev(reverse);
  }
  if (!inDepth) compressIfRaw(node);
  compressIfRaw(forward);
  compressIfRaw(reverse);
}

/** quicklistCompress(ql, node): recompress a node used for a moment, or apply the depth. */
@inline function compressNodeOf(ql: usize, n: usize): void {
  if (load<u8>(n + N_RECOMPRESS) != 0) compressIfRaw(n);
  else compressForDepth(ql, n);
}

// ---- fill rules --------------------------------------------------------------------------

/** _quicklistNodeSizeMeetsOptimizationRequirement: within the byte limit of a negative fill. */
@inline function sizeMeetsOptimization(sz: u64, fill: i32): bool {
  if (fill >= 0) return false;
  const off = -fill - 1;
  if (off >= 5) return false;
  return sz <= <u64>load<u32>(OPTIMIZATION_LEVEL + (<usize>off << 2));
}

/** _quicklistNodeAllowInsert: may an element of `sz` bytes go into node n? */
function allowInsert(n: usize, fill: i32, sz: u32): bool {
  if (n == 0) return false;
  const newSz = <u64>nodeSz(n) + <u64>sz + <u64>SIZE_ESTIMATE_OVERHEAD;
  if (sizeMeetsOptimization(newSz, fill)) return true;
  if (newSz > <u64>SIZE_SAFETY_LIMIT) return false;
  return <i32>nodeCount(n) < fill;
}

/** _quicklistNodeAllowMerge: may nodes a and b become one? */
function allowMerge(a: usize, b: usize, fill: i32): bool {
  if (a == 0 || b == 0) return false;
  // Redis's estimate removes 11 bytes (a ziplist's header and trailer) from the sum.
  const mergeSz = <u64>(<u32>(nodeSz(a) + nodeSz(b) - 11));
  if (sizeMeetsOptimization(mergeSz, fill)) return true;
  if (mergeSz > <u64>SIZE_SAFETY_LIMIT) return false;
  return <i32>(nodeCount(a) + nodeCount(b)) <= fill;
}

// ---- push and pop ----------------------------------------------------------------------

/** Adds (p, len) at the head (quicklistPushHead). */
export function qlPushHead(ql: usize, p: usize, len: u32): void {
  const head = qlHead(ql);
  if (allowInsert(head, qlFill(ql), len)) {
    setNodeLp(head, lpPrepend(nodeLp(head), p, len));
    setNodeCount(head, nodeCount(head) + 1);
  } else {
    const n = nodeCreate(lpPrepend(lpNew(), p, len));
    setNodeCount(n, 1);
    insertNode(ql, head, n, false);
  }
  setCount(ql, qlCount(ql) + 1);
}

/** Adds (p, len) at the tail (quicklistPushTail). */
export function qlPushTail(ql: usize, p: usize, len: u32): void {
  const tail = qlTail(ql);
  if (allowInsert(tail, qlFill(ql), len)) {
    setNodeLp(tail, lpAppend(nodeLp(tail), p, len));
    setNodeCount(tail, nodeCount(tail) + 1);
  } else {
    const n = nodeCreate(lpAppend(lpNew(), p, len));
    setNodeCount(n, 1);
    insertNode(ql, tail, n, true);
  }
  setCount(ql, qlCount(ql) + 1);
}

@inline export function qlPush(ql: usize, p: usize, len: u32, head: bool): void {
  if (head) qlPushHead(ql, p, len);
  else qlPushTail(ql, p, len);
}

/** The first (head) or last element's listpack entry, 0 if the list is empty. */
export function qlPeek(ql: usize, head: bool): usize {
  const n = head ? qlHead(ql) : qlTail(ql);
  if (n == 0) return 0;
  return lpSeek(nodeLp(n), head ? 0 : -1);
}

/** Removes the first or last element (read it with qlPeek first). */
export function qlPopDiscard(ql: usize, head: bool): void {
  const n = head ? qlHead(ql) : qlTail(ql);
  if (n == 0) return;
  delIndex(ql, n, lpSeek(nodeLp(n), head ? 0 : -1));
}

/** Deletes the entry at p in node n (quicklistDelIndex). Returns true if the node went away. */
function delIndex(ql: usize, n: usize, p: usize): bool {
  const lp = lpDelete(nodeLp(n), p);
  setNodeCount(n, nodeCount(n) - 1);
  let gone = false;
  if (nodeCount(n) == 0) {
    store<u32>(n + N_LP, <u32>lp);
    delNode(ql, n); // its count is already 0: qlCount adjusts below
    gone = true;
  } else {
    setNodeLp(n, lp);
  }
  setCount(ql, qlCount(ql) - 1);
  return gone;
}

// ---- iteration ---------------------------------------------------------------------------

/** Iterator state (Redis: quicklistIter): node, offset in it, entry (0 = seek by offset). */
let itQl: usize = 0;
let itNode: usize = 0;
let itOffset: i64 = 0;
let itP: usize = 0;
let itForward: bool = true;

/** The element the last qlNext returned: its node, listpack entry and offset in the node. */
export let qlEntryNode: usize = 0;
export let qlEntryP: usize = 0;
export let qlEntryOffset: i64 = 0;

/** An iterator from the head (forward) or the tail (quicklistGetIterator). */
export function qlIterStart(ql: usize, forward: bool): void {
  itQl = ql;
  itForward = forward;
  itNode = forward ? qlHead(ql) : qlTail(ql);
  itOffset = forward ? 0 : -1;
  itP = 0;
}

/**
 * An iterator positioned on element `idx` (negative: from the tail) that then moves
 * forward or backward (quicklistGetIteratorAtIdx). The node is found by skipping whole
 * nodes from the nearer end. False if idx is out of range.
 */
export function qlIterAtIdx(ql: usize, forward: bool, idx: i64): bool {
  itNode = 0; // nothing to release if idx is out of range
  itP = 0;
  const count = <u64>qlCount(ql);
  const fromHead = idx >= 0;
  const index: u64 = fromHead ? <u64>idx : <u64>(-(idx + 1));
  if (index >= count) return false;
  // Seek from the other end if that is shorter.
  let seekForward = fromHead;
  let seekIndex = index;
  if (index > (count - 1) / 2) {
    seekForward = !fromHead;
    seekIndex = count - 1 - index;
  }
  let n = seekForward ? qlHead(ql) : qlTail(ql);
  let accum: u64 = 0;
  while (n != 0) {
    const nc = <u64>nodeCount(n);
    if (accum + nc > seekIndex) break;
    accum += nc;
    n = seekForward ? nodeNext(n) : nodePrev(n);
  }
  if (n == 0) return false;
  if (seekForward != fromHead) accum = count - <u64>nodeCount(n) - accum;
  itQl = ql;
  itForward = forward;
  itNode = n;
  itP = 0;
  itOffset = fromHead ? <i64>(index - accum) : -<i64>index - 1 + <i64>accum;
  return true;
}

/**
 * Moves to the next element (quicklistNext): true with qlEntryNode/qlEntryP/qlEntryOffset
 * set, false at the end.
 */
export function qlNext(): bool {
  while (itNode != 0) {
    if (itP == 0) {
      decompressForUse(itNode);
      itP = lpSeek(nodeLp(itNode), itOffset);
    } else if (itForward) {
      itP = lpNext(nodeLp(itNode), itP);
      itOffset++;
    } else {
      itP = lpPrev(nodeLp(itNode), itP);
      itOffset--;
    }
    if (itP != 0) {
      qlEntryNode = itNode;
      qlEntryP = itP;
      qlEntryOffset = itOffset;
      return true;
    }
    // This node is done: on to the next one in the iteration's direction.
    compressNodeOf(itQl, itNode);
    if (itForward) {
      itNode = nodeNext(itNode);
      itOffset = 0;
    } else {
      itNode = nodePrev(itNode);
      itOffset = -1;
    }
    itP = 0;
  }
  return false;
}

/**
 * Deletes the element qlNext just returned, keeping the iterator usable (quicklistDelEntry):
 * the next qlNext returns the element that followed it in the iteration's direction.
 */
export function qlDelEntry(): void {
  const n = qlEntryNode;
  const prev = nodePrev(n);
  const next = nodeNext(n);
  const gone = delIndex(itQl, n, qlEntryP);
  itP = 0;
  if (gone) {
    if (itForward) {
      itNode = next;
      itOffset = 0;
    } else {
      itNode = prev;
      itOffset = -1;
    }
  }
  // Otherwise the offset stays: a forward iterator finds the next element at the same
  // offset, a backward one (negative offsets) finds the previous one there.
}

/** Ends an iteration (quicklistReleaseIterator): the node it stopped on is compressed back. */
export function qlIterRelease(): void {
  if (itNode != 0) compressNodeOf(itQl, itNode);
  itNode = 0;
  itP = 0;
}

/**
 * The listpack entry of element idx (negative: from the tail), 0 if out of range. The
 * caller reads it, then calls qlIterRelease.
 */
export function qlIndex(ql: usize, idx: i64): usize {
  if (!qlIterAtIdx(ql, false, idx)) return 0;
  qlNext();
  return qlEntryP;
}

// ---- replace, insert, delete ranges --------------------------------------------------------

/** LSET: replaces element idx with (p, len); false if idx is out of range. */
export function qlReplaceAtIndex(ql: usize, idx: i64, p: usize, len: u32): bool {
  if (!qlIterAtIdx(ql, false, idx)) return false;
  qlNext();
  const n = qlEntryNode;
  setNodeLp(n, lpReplace(nodeLp(n), qlEntryP, p, len));
  compressNodeOf(ql, n);
  itNode = 0; // the iterator is spent (Redis: resetIterator)
  itP = 0;
  return true;
}

/**
 * Splits node n at element `offset` (>= 0) (_quicklistSplitNode). With after, n keeps
 * [0, offset] and the returned new node holds [offset+1, end]; otherwise n keeps
 * [offset, end] and the new node holds [0, offset-1]. The new node is not linked yet.
 */
function splitNode(n: usize, offset: i64, after: bool): usize {
  const copy = lpDup(nodeLp(n));
  const ALL: i64 = 0x7fffffff;
  const origStart: i64 = after ? offset + 1 : 0;
  const origExtent: i64 = after ? ALL : offset;
  const newStart: i64 = after ? 0 : offset;
  const newExtent: i64 = after ? offset + 1 : ALL;
  const lp = lpDeleteRange(nodeLp(n), origStart, origExtent);
  setNodeLp(n, lp);
  setNodeCount(n, lpLength(lp));
  const fresh = nodeCreate(lpDeleteRange(copy, newStart, newExtent));
  setNodeCount(fresh, lpLength(nodeLp(fresh)));
  return fresh;
}

/**
 * One listpack holding a's elements then b's (Redis: lpMerge): the larger block is grown
 * and the smaller one's entries copied in; the smaller block is freed.
 */
function mergeListpacks(a: usize, b: usize): usize {
  const ab = <usize>lpBytes(a);
  const bb = <usize>lpBytes(b);
  let total = lpLength(a) + lpLength(b);
  if (total > LP_HDR_NUMELE_UNKNOWN) total = LP_HDR_NUMELE_UNKNOWN;
  const nb = ab + bb - LP_HDR_SIZE - 1;
  let lp: usize;
  if (ab >= bb) {
    // Keep a: b's entries and EOF go over a's EOF.
    lp = zrealloc(a, nb);
    memory.copy(lp + ab - 1, b + LP_HDR_SIZE, bb - LP_HDR_SIZE);
    zfree(b);
  } else {
    // Keep b: slide its entries right, then put a's entries in front.
    lp = zrealloc(b, nb);
    memory.copy(lp + ab - 1, lp + LP_HDR_SIZE, bb - LP_HDR_SIZE);
    memory.copy(lp + LP_HDR_SIZE, a + LP_HDR_SIZE, ab - LP_HDR_SIZE - 1);
    zfree(a);
  }
  store<u32>(lp, <u32>nb);
  store<u16>(lp + 4, <u16>total);
  return lp;
}

/** Merges node b (right of a) into a single node; returns the node that remains. */
function mergeNodes(ql: usize, a: usize, b: usize): usize {
  decompressIfLzf(a);
  decompressIfLzf(b);
  const lp = mergeListpacks(nodeLp(a), nodeLp(b));
  // Which node survives does not matter to the list: it takes the pair's place.
  const keep = a;
  const drop = b;
  setNodeLp(keep, lp);
  setNodeCount(keep, lpLength(lp));
  setNodeCount(drop, 0); // its elements now count in `keep`
  delNode(ql, drop, false); // its block was merged (and freed) by mergeListpacks
  compressNodeOf(ql, keep);
  return keep;
}

/**
 * Tries to merge around `center` (_quicklistMergeNodes): (prev-prev, prev), (next,
 * next-next), (prev, center), then (center, next).
 */
function mergeAround(ql: usize, center: usize): void {
  const fill = qlFill(ql);
  let prev: usize = 0, prevPrev: usize = 0, next: usize = 0, nextNext: usize = 0;
  if (nodePrev(center) != 0) {
    prev = nodePrev(center);
    prevPrev = nodePrev(prev);
  }
  if (nodeNext(center) != 0) {
    next = nodeNext(center);
    nextNext = nodeNext(next);
  }
  if (allowMerge(prev, prevPrev, fill)) mergeNodes(ql, prevPrev, prev);
  if (allowMerge(next, nextNext, fill)) mergeNodes(ql, next, nextNext);
  let target: usize;
  if (allowMerge(center, nodePrev(center), fill)) target = mergeNodes(ql, nodePrev(center), center);
  else target = center;
  if (allowMerge(target, nodeNext(target), fill)) mergeNodes(ql, target, nodeNext(target));
}

/**
 * Inserts (p, len) before or after the element qlNext last returned (_quicklistInsert),
 * splitting a full node and merging the neighbourhood back as Redis does.
 */
export function qlInsert(ql: usize, p: usize, len: u32, after: bool): void {
  const fill = qlFill(ql);
  const node = qlEntryNode;
  const cnt = <i64>nodeCount(node);
  let offset = qlEntryOffset;
  const full = !allowInsert(node, fill, len);
  let atTail = false, atHead = false, availNext = false, availPrev = false;
  if (after && (offset == cnt - 1 || offset == -1)) {
    atTail = true;
    if (allowInsert(nodeNext(node), fill, len)) availNext = true;
  }
  if (!after && (offset == 0 || offset == -cnt)) {
    atHead = true;
    if (allowInsert(nodePrev(node), fill, len)) availPrev = true;
  }
  if (!full) {
    decompressForUse(node);
    setNodeLp(node, lpInsert(nodeLp(node), qlEntryP, p, len, after));
    setNodeCount(node, nodeCount(node) + 1);
    recompressOnly(node);
  } else if (atTail && availNext && after) {
    const nx = nodeNext(node);
    decompressForUse(nx);
    setNodeLp(nx, lpPrepend(nodeLp(nx), p, len));
    setNodeCount(nx, nodeCount(nx) + 1);
    recompressOnly(nx);
    recompressOnly(node);
  } else if (atHead && availPrev && !after) {
    const pv = nodePrev(node);
    decompressForUse(pv);
    setNodeLp(pv, lpAppend(nodeLp(pv), p, len));
    setNodeCount(pv, nodeCount(pv) + 1);
    recompressOnly(pv);
    recompressOnly(node);
  } else if ((atTail && !availNext && after) || (atHead && !availPrev && !after)) {
    const fresh = nodeCreate(lpPrepend(lpNew(), p, len));
    setNodeCount(fresh, 1);
    insertNode(ql, node, fresh, after);
  } else {
    // A full node, inserting inside it: split at the element, put the new one at the
    // near end of the split-off part, then merge what can be merged.
    if (offset < 0) offset += cnt;
    decompressForUse(node);
    const fresh = splitNode(node, offset, after);
    if (after) setNodeLp(fresh, lpPrepend(nodeLp(fresh), p, len));
    else setNodeLp(fresh, lpAppend(nodeLp(fresh), p, len));
    setNodeCount(fresh, nodeCount(fresh) + 1);
    insertNode(ql, node, fresh, after);
    mergeAround(ql, node);
  }
  setCount(ql, qlCount(ql) + 1);
  itNode = 0; // the iterator may not be used after an insert
  itP = 0;
}

/**
 * Deletes `count` elements from index `start` (negative: from the tail), clipped to the
 * list (quicklistDelRange). Whole nodes in the range are unlinked without touching their
 * listpacks. Returns false if nothing was deleted.
 */
export function qlDelRange(ql: usize, start: i64, count: i64): bool {
  if (count <= 0) return false;
  let extent = <u64>count;
  const total = <u64>qlCount(ql);
  if (start >= 0 && extent > total - <u64>start) extent = total - <u64>start;
  else if (start < 0 && extent > <u64>(-start)) extent = <u64>(-start);
  if (!qlIterAtIdx(ql, false, start)) return false;
  let node = itNode;
  let offset = itOffset;
  qlIterRelease();
  while (extent != 0) {
    const next = nodeNext(node);
    const nc = <u64>nodeCount(node);
    let del: u64;
    let entire = false;
    if (offset == 0 && extent >= nc) {
      entire = true;
      del = nc;
    } else if (offset >= 0 && extent + <u64>offset >= nc) {
      del = nc - <u64>offset;
    } else if (offset < 0) {
      del = <u64>(-offset);
      if (del > extent) del = extent;
    } else {
      del = extent;
    }
    if (entire) {
      delNode(ql, node);
    } else {
      decompressForUse(node);
      setNodeLp(node, lpDeleteRange(nodeLp(node), offset, <i64>del));
      setNodeCount(node, nodeCount(node) - <u32>del);
      setCount(ql, qlCount(ql) - <u32>del);
      if (nodeCount(node) == 0) delNode(ql, node);
      else recompressOnly(node);
    }
    extent -= del;
    node = next;
    offset = 0;
  }
  return true;
}

// ---- introspection ---------------------------------------------------------------------

/** Sum of the nodes' listpack sizes (DEBUG OBJECT ql_uncompressed_size). */
export function qlUncompressedSize(ql: usize): u64 {
  let sz: u64 = 0;
  for (let n = qlHead(ql); n != 0; n = nodeNext(n)) sz += <u64>nodeSz(n);
  return sz;
}
