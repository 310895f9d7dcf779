// stream.ts — the stream data structure (Redis: t_stream.c's low-level half and stream.h).
//
// A stream is an append-only log of entries, each an ID (ms-seq, two u64) and field/value
// pairs, plus consumer groups. Its storage follows Redis 7.0.15 closely, with one change:
//
//   stream block (72 bytes)      node index u32 | groups u32 | length u64 | last_id |
//                                first_id | max_deleted_entry_id | entries_added u64
//   node index                   a B+tree (ds/idtree.ts) mapping each node's master ID to
//                                the node: master ID -> listpack
//   node                         a listpack in Redis's stream node format, byte for byte
//
// Redis keys its nodes in a radix tree (rax) by the 16-byte big-endian master ID; we use a
// B+tree over the same 128-bit keys, which gives the same order, the same seeks ("<=", first,
// last) and O(log n) inserts/removals with ~20 bytes per node instead of rax's nodes. XINFO
// STREAM still reports "radix-tree-nodes": streamRaxNodes computes, from the sorted master
// IDs, how many nodes Redis's canonical compressed rax holds for them.
//
// The node format (Redis's, so RDB can later store these listpacks verbatim):
//
//   master entry   count | deleted | num-fields | field_1 ... field_N | 0
//   each entry     flags | ms-diff | seq-diff | [num-fields | field_1 value_1 ...] or
//                  [value_1 ... value_N when flags has SAMEFIELDS] | lp-count
//
// count/deleted are the live and tombstoned entries of the node; IDs are deltas from the
// master ID (wrapping u64 arithmetic stored as int64, as Redis does); lp-count is the number
// of elements of the entry before it, so the node can be walked backwards. XDEL only flags an
// entry deleted; a node goes away when its last live entry does. A new node starts when the
// tail one reaches stream-node-max-bytes (with the new entry's payload) or stream-node-max-
// entries (live + deleted), exactly Redis's rule: node boundaries are observable through
// approximate trimming (MAXLEN ~ / MINID ~ remove whole nodes only).
//
// The tail node grows geometrically (its block is sized ahead, then shrunk to fit when the
// next node starts), where Redis preallocates 4 KB: no copy per XADD, no 4 KB per small stream.
// Memory, 1M x `XADD s * f v` (10,000 nodes of 100 entries): 11.7 MB of used_memory here,
// 13.5 MB in redis-server 7.0.15 (listpacks alike; 20 bytes of B+tree per node vs rax).
//
// Consumer groups (Redis: streamCG, streamConsumer, streamNACK):
//
//   groups         a sorted array of group pointers (by name: XINFO GROUPS lists them in
//                  rax order, i.e. bytewise)
//   group (36+)    PEL tree u32 | consumers array u32 | last_id | entries_read i64 | name
//   consumer (16+) PEL tree u32 | name length u32 | seen_time i64 | name
//   NACK (20)      delivery_time i64 | delivery_count u64 | consumer u32
//
// The group PEL maps every pending ID to its NACK; each consumer's PEL maps the IDs it owns
// to the same NACK blocks. Consumers live in a sorted pointer array per group.
//
// Iteration (StreamIterator) mirrors streamIteratorStart/GetID/GetField, including deleted
// entries being skipped unless tombstones are asked for, but resumes from saved positions,
// so a caller need not read every field of an entry before asking for the next one.

import { zfree, zmalloc, zmallocSize, zrealloc } from "../mem/alloc";
import { IdtIter, idtCount, idtDelete, idtDeletedVal, idtFind, idtFree, idtInsert, idtIterRec, idtNew, idtNext,
  idtPrev, idtSeekFirst, idtSeekLast, idtSeekLE, recMs, recSeq, recVal, setRecVal } from "./idtree";
import { LP_INTBUF_SIZE, lpAppend, lpAppendInt, lpBytes, lpDup, lpEqual, lpFirst, lpFree, lpGet,
  lpGetBytes, lpInt, lpLast, lpLastInsert, lpNew, lpNext, lpPrev, lpReplaceInt, lpStrLen,
  lpStrPtr } from "./listpack";
import { streamNodeMaxBytes, streamNodeMaxEntries } from "../config";

// ---- IDs ------------------------------------------------------------------------------------

export const STREAM_ITEM_FLAG_NONE: i64 = 0;
export const STREAM_ITEM_FLAG_DELETED: i64 = 1;
export const STREAM_ITEM_FLAG_SAMEFIELDS: i64 = 2;

/** Largest listpack / entry payload Redis accepts (STREAM_LISTPACK_MAX_SIZE). */
export const STREAM_LISTPACK_MAX_SIZE: u64 = 1 << 30;
/** entries_read value meaning "unknown" (SCG_INVALID_ENTRIES_READ). */
export const SCG_INVALID_ENTRIES_READ: i64 = -1;

@inline export function idCmp(ams: u64, aseq: u64, bms: u64, bseq: u64): i32 {
  if (ams != bms) return ams < bms ? -1 : 1;
  if (aseq != bseq) return aseq < bseq ? -1 : 1;
  return 0;
}

/** Result of idIncr / idDecr. */
export let idMs: u64 = 0;
export let idSeq: u64 = 0;

/** The ID after (ms, seq) into idMs/idSeq; false (and 0-0) past the last one (streamIncrID). */
export function idIncr(ms: u64, seq: u64): bool {
  if (seq == u64.MAX_VALUE) {
    if (ms == u64.MAX_VALUE) {
      idMs = 0;
      idSeq = 0;
      return false;
    }
    idMs = ms + 1;
    idSeq = 0;
    return true;
  }
  idMs = ms;
  idSeq = seq + 1;
  return true;
}

/** The ID before (ms, seq); false (and max-max) before 0-0 (streamDecrID). */
export function idDecr(ms: u64, seq: u64): bool {
  if (seq == 0) {
    if (ms == 0) {
      idMs = u64.MAX_VALUE;
      idSeq = u64.MAX_VALUE;
      return false;
    }
    idMs = ms - 1;
    idSeq = u64.MAX_VALUE;
    return true;
  }
  idMs = ms;
  idSeq = seq - 1;
  return true;
}

// ---- the stream block ---------------------------------------------------------------------

const S_TREE: usize = 0;
const S_GROUPS: usize = 4;
const S_LENGTH: usize = 8;
const S_LAST_MS: usize = 16;
const S_LAST_SEQ: usize = 24;
const S_FIRST_MS: usize = 32;
const S_FIRST_SEQ: usize = 40;
const S_MAXDEL_MS: usize = 48;
const S_MAXDEL_SEQ: usize = 56;
const S_ADDED: usize = 64;
const S_SIZE: usize = 72;

@inline export function streamTree(s: usize): usize { return <usize>load<u32>(s, S_TREE); }
@inline export function streamGroups(s: usize): usize { return <usize>load<u32>(s, S_GROUPS); }
@inline export function streamLength(s: usize): u64 { return load<u64>(s, S_LENGTH); }
@inline export function streamLastMs(s: usize): u64 { return load<u64>(s, S_LAST_MS); }
@inline export function streamLastSeq(s: usize): u64 { return load<u64>(s, S_LAST_SEQ); }
@inline export function streamFirstMs(s: usize): u64 { return load<u64>(s, S_FIRST_MS); }
@inline export function streamFirstSeq(s: usize): u64 { return load<u64>(s, S_FIRST_SEQ); }
@inline export function streamMaxDelMs(s: usize): u64 { return load<u64>(s, S_MAXDEL_MS); }
@inline export function streamMaxDelSeq(s: usize): u64 { return load<u64>(s, S_MAXDEL_SEQ); }
@inline export function streamEntriesAdded(s: usize): u64 { return load<u64>(s, S_ADDED); }
@inline function setLength(s: usize, v: u64): void { store<u64>(s, v, S_LENGTH); }
/** Sets the entry count (RDB loading restores it as saved). */
export function streamSetLength(s: usize, v: u64): void { setLength(s, v); }
@inline export function streamSetLastId(s: usize, ms: u64, seq: u64): void {
  store<u64>(s, ms, S_LAST_MS);
  store<u64>(s, seq, S_LAST_SEQ);
}
@inline export function streamSetFirstId(s: usize, ms: u64, seq: u64): void {
  store<u64>(s, ms, S_FIRST_MS);
  store<u64>(s, seq, S_FIRST_SEQ);
}
@inline export function streamSetMaxDeleted(s: usize, ms: u64, seq: u64): void {
  store<u64>(s, ms, S_MAXDEL_MS);
  store<u64>(s, seq, S_MAXDEL_SEQ);
}
@inline export function streamSetEntriesAdded(s: usize, v: u64): void { store<u64>(s, v, S_ADDED); }

export function streamNew(): usize {
  const s = zmalloc(S_SIZE);
  memory.fill(s, 0, S_SIZE);
  store<u32>(s, <u32>idtNew(), S_TREE);
  return s;
}

/** Number of listpack nodes (XINFO's radix-tree-keys). */
@inline export function streamNodeCount(s: usize): u64 { return idtCount(streamTree(s)); }

// Tree iterators for internal walks (each use is self-contained).
const walkIt = changetype<IdtIter>(memory.data(offsetof<IdtIter>()));
const walkIt2 = changetype<IdtIter>(memory.data(offsetof<IdtIter>()));

export function streamFree(s: usize): void {
  const t = streamTree(s);
  idtSeekFirst(t, walkIt);
  let r = idtIterRec(walkIt);
  while (r != 0) {
    lpFree(<usize>recVal(r));
    idtNext(walkIt);
    r = idtIterRec(walkIt);
  }
  idtFree(t);
  const g = streamGroups(s);
  if (g != 0) {
    const n = arrLen(g);
    for (let i: u32 = 0; i < n; i++) groupFree(arrAt(g, i));
    zfree(g);
  }
  zfree(s);
}

/** A deep copy (COPY; Redis: streamDup). */
export function streamDup(s: usize): usize {
  const d = zmalloc(S_SIZE);
  memory.copy(d, s, S_SIZE);
  const t = idtNew();
  store<u32>(d, <u32>t, S_TREE);
  store<u32>(d, 0, S_GROUPS);
  const st = streamTree(s);
  idtSeekFirst(st, walkIt);
  let r = idtIterRec(walkIt);
  while (r != 0) {
    idtInsert(t, recMs(r), recSeq(r), <u32>lpDup(<usize>recVal(r)));
    idtNext(walkIt);
    r = idtIterRec(walkIt);
  }
  const g = streamGroups(s);
  if (g != 0) {
    const n = arrLen(g);
    for (let i: u32 = 0; i < n; i++) {
      const cg = arrAt(g, i);
      const ncg = streamCreateCG(d, cg + G_NAME, groupNameLen(cg), groupLastMs(cg), groupLastSeq(cg),
        groupEntriesRead(cg));
      // Group PEL first (NACKs without owner), then each consumer takes its IDs.
      const pel = groupPel(cg);
      const npel = groupPel(ncg);
      idtSeekFirst(pel, walkIt);
      let pr = idtIterRec(walkIt);
      while (pr != 0) {
        const old = <usize>recVal(pr);
        const nk = nackNew(0);
        store<i64>(nk, load<i64>(old, NK_TIME), NK_TIME);
        store<u64>(nk, load<u64>(old, NK_COUNT), NK_COUNT);
        idtInsert(npel, recMs(pr), recSeq(pr), <u32>nk);
        idtNext(walkIt);
        pr = idtIterRec(walkIt);
      }
      const cs = groupConsumers(cg);
      const cn = cs == 0 ? <u32>0 : arrLen(cs);
      for (let j: u32 = 0; j < cn; j++) {
        const cons = arrAt(cs, j);
        const nc = streamCreateConsumer(ncg, cons + C_NAME, consumerNameLen(cons), consumerSeenTime(cons));
        const cpel = consumerPel(cons);
        const ncpel = consumerPel(nc);
        idtSeekFirst(cpel, walkIt2);
        let cr = idtIterRec(walkIt2);
        while (cr != 0) {
          const nr = idtFind(npel, recMs(cr), recSeq(cr));
          const nk = <usize>recVal(nr);
          store<u32>(nk, <u32>nc, NK_CONSUMER);
          idtInsert(ncpel, recMs(cr), recSeq(cr), <u32>nk);
          idtNext(walkIt2);
          cr = idtIterRec(walkIt2);
        }
      }
    }
  }
  return d;
}

// ---- appending --------------------------------------------------------------------------------

export const APPEND_OK: i32 = 0;
/** The ID is not greater than the stream's last ID (errno EDOM in Redis). */
export const APPEND_EDOM: i32 = 1;
/** The fields are too large for a listpack (ERANGE). */
export const APPEND_ERANGE: i32 = 2;

/** ID of the entry the last successful streamAppendItem added. */
export let addedMs: u64 = 0;
export let addedSeq: u64 = 0;

/**
 * Adds an entry whose `numfields` field/value pairs are the byte strings described by the
 * (ptr u32, len u32) pairs at `argv` (a client's argv slots) (Redis: streamAppendItem).
 * `useId`: the caller's ID (ms, seq) instead of an automatic one; with `seqGiven` false,
 * the ms-* form picks the sequence. `now` is the clock for automatic IDs.
 */
export function streamAppendItem(s: usize, argv: usize, numfields: i64, useId: bool, ms: u64, seq: u64,
                                 seqGiven: bool, now: u64): i32 {
  const t = streamTree(s);
  idtSeekLast(t, walkIt);
  let tail = idtIterRec(walkIt);
  let lp: usize = tail == 0 ? 0 : <usize>recVal(tail);

  // The new ID.
  const lastMs = streamLastMs(s);
  const lastSeq = streamLastSeq(s);
  let nms: u64, nseq: u64;
  if (useId) {
    if (seqGiven) {
      nms = ms;
      nseq = seq;
    } else if (lastMs == ms) {
      // Redis 7.0.15 returns here without setting errno, and XADD then replies "Elements are
      // too large to be stored".
      if (lastSeq == u64.MAX_VALUE) return APPEND_ERANGE;
      nms = lastMs;
      nseq = lastSeq + 1;
    } else {
      nms = ms;
      nseq = 0;
    }
  } else if (now > lastMs) {
    nms = now;
    nseq = 0;
  } else {
    idIncr(lastMs, lastSeq);
    nms = idMs;
    nseq = idSeq;
  }
  if (useId && idCmp(nms, nseq, lastMs, lastSeq) <= 0) return APPEND_EDOM;

  let totelelen: u64 = 0;
  for (let i: i64 = 0; i < numfields * 2; i++) totelelen += <u64>load<u32>(argv + <usize>(i << 3), 4);
  if (totelelen > STREAM_LISTPACK_MAX_SIZE) return APPEND_ERANGE;

  // Is there room in the tail node?
  if (lp != 0) {
    let maxBytes = <u64>streamNodeMaxBytes;
    if (maxBytes == 0 || maxBytes > STREAM_LISTPACK_MAX_SIZE) maxBytes = STREAM_LISTPACK_MAX_SIZE;
    let full = false;
    if (<u64>lpBytes(lp) + totelelen >= maxBytes) {
      full = true;
    } else if (streamNodeMaxEntries != 0) {
      const p = lpFirst(lp);
      const live = lpGetInteger(p);
      const count = live + lpGetInteger(lpNext(lp, p));
      if (count >= streamNodeMaxEntries) full = true;
    }
    if (full) {
      // The node is done: give back the room it was sized ahead with.
      const fit = zrealloc(lp, <usize>lpBytes(lp));
      if (fit != lp) setRecVal(tail, <u32>fit);
      lp = 0;
    }
  }

  let masterMs: u64, masterSeq: u64;
  let flags = STREAM_ITEM_FLAG_NONE;
  if (lp == 0) {
    masterMs = nms;
    masterSeq = nseq;
    lp = lpNew();
    lp = lpAppendInt(lp, 1); // one live entry: the one being added
    lp = lpAppendInt(lp, 0); // none deleted
    lp = lpAppendInt(lp, numfields);
    for (let i: i64 = 0; i < numfields; i++) {
      const a = argv + <usize>((i * 2) << 3);
      lp = lpAppend(lp, <usize>load<u32>(a), load<u32>(a, 4));
    }
    lp = lpAppendInt(lp, 0); // master entry terminator
    idtInsert(t, nms, nseq, <u32>lp);
    idtSeekLast(t, walkIt);
    tail = idtIterRec(walkIt);
    flags |= STREAM_ITEM_FLAG_SAMEFIELDS;
  } else {
    masterMs = recMs(tail);
    masterSeq = recSeq(tail);
    let p = lpFirst(lp);
    const count = lpGetInteger(p);
    lp = lpReplaceInt(lp, p, count + 1);
    p = lpNext(lp, lpLastInsert); // deleted
    p = lpNext(lp, p); // master num-fields
    const masterFields = lpGetInteger(p);
    p = lpNext(lp, p);
    if (numfields == masterFields) {
      let i: i64 = 0;
      for (; i < masterFields; i++) {
        const a = argv + <usize>((i * 2) << 3);
        if (!lpEqual(p, <usize>load<u32>(a), load<u32>(a, 4))) break;
        p = lpNext(lp, p);
      }
      if (i == masterFields) flags |= STREAM_ITEM_FLAG_SAMEFIELDS;
    }
  }

  // Size the block for the entry ahead of the appends (geometric growth up to the node limit).
  const same = (flags & STREAM_ITEM_FLAG_SAMEFIELDS) != 0;
  const need = <usize>lpBytes(lp) + <usize>totelelen + <usize>numfields * 20 + 50;
  const have = zmallocSize(lp);
  if (need > have) {
    let want = have * 2;
    const limit = <usize>(streamNodeMaxBytes > 0 && <u64>streamNodeMaxBytes < STREAM_LISTPACK_MAX_SIZE
      ? streamNodeMaxBytes : 4096);
    if (want > limit) want = limit;
    if (want < need) want = need;
    lp = zrealloc(lp, want);
  }

  lp = lpAppendInt(lp, flags);
  lp = lpAppendInt(lp, <i64>(nms - masterMs));
  lp = lpAppendInt(lp, <i64>(nseq - masterSeq));
  if (!same) lp = lpAppendInt(lp, numfields);
  for (let i: i64 = 0; i < numfields; i++) {
    const a = argv + <usize>((i * 2) << 3);
    if (!same) lp = lpAppend(lp, <usize>load<u32>(a), load<u32>(a, 4));
    lp = lpAppend(lp, <usize>load<u32>(a, 8), load<u32>(a, 12));
  }
  let lpCount = numfields + 3;
  if (!same) lpCount += numfields + 1;
  lp = lpAppendInt(lp, lpCount);
  setRecVal(tail, <u32>lp);

  setLength(s, streamLength(s) + 1);
  streamSetEntriesAdded(s, streamEntriesAdded(s) + 1);
  streamSetLastId(s, nms, nseq);
  if (streamLength(s) == 1) streamSetFirstId(s, nms, nseq);
  addedMs = nms;
  addedSeq = nseq;
  return APPEND_OK;
}

/** An integer element of a stream listpack (Redis: lpGetInteger; numbers are always ints). */
@inline export function lpGetInteger(p: usize): i64 {
  if (!lpGet(p)) return lpInt;
  return 0; // never stored as a string by the stream code
}

// ---- iterating ------------------------------------------------------------------------------

@unmanaged
export class StreamIterator {
  stream: usize;
  // range (inclusive) and direction
  startMs: u64;
  startSeq: u64;
  endMs: u64;
  endSeq: u64;
  rev: bool;
  skipTombstones: bool;
  // node position: the tree iterator, and whether its current node was not visited yet
  leaf: usize;
  idx: i32;
  fresh: bool;
  // current node
  lp: usize;
  masterMs: u64;
  masterSeq: u64;
  masterFieldsCount: i64;
  masterFieldsStart: usize;
  masterFieldsPtr: usize;
  // current entry
  lpEle: usize; // next element to read (fields), 0 = the node is done
  lpFlags: usize; // the entry's flags element
  entryFlags: i64;
  fieldsLeft: i64; // field/value pairs not yet read
  // outputs
  idMs: u64;
  idSeq: u64;
  numFields: i64;
  fieldPtr: usize;
  fieldLen: u32;
  valuePtr: usize;
  valueLen: u32;
  fieldBuf: usize; // LP_INTBUF_SIZE scratch for integer fields
  valueBuf: usize;
}

/** A few iterators with their scratch buffers, for the command code to use one at a time. */
export function streamIteratorNew(): StreamIterator {
  const si = changetype<StreamIterator>(zmalloc(offsetof<StreamIterator>()));
  si.fieldBuf = zmalloc(<usize>LP_INTBUF_SIZE * 2 + 6);
  si.valueBuf = si.fieldBuf + <usize>LP_INTBUF_SIZE + 3;
  return si;
}

const nodeIt = changetype<IdtIter>(memory.data(offsetof<IdtIter>()));

/**
 * Starts iterating the entries of s from (sms, sseq) to (ems, eseq) inclusive, forward or
 * backward (Redis: streamIteratorStart). Deleted entries are skipped (skipTombstones).
 */
export function streamIteratorStart(si: StreamIterator, s: usize, sms: u64, sseq: u64, ems: u64, eseq: u64,
                                    rev: bool): void {
  si.stream = s;
  si.startMs = sms;
  si.startSeq = sseq;
  si.endMs = ems;
  si.endSeq = eseq;
  si.rev = rev;
  si.skipTombstones = true;
  si.lp = 0;
  si.lpEle = 0;
  const t = streamTree(s);
  // Seek the node holding the first entry to visit: the last node whose master ID is <= the
  // bound (or the first / last node).
  if (!rev) {
    if (sms != 0 || sseq != 0) {
      idtSeekLE(t, nodeIt, sms, sseq);
      if (nodeIt.leaf == 0) idtSeekFirst(t, nodeIt);
    } else {
      idtSeekFirst(t, nodeIt);
    }
  } else {
    if (ems != 0 || eseq != 0) {
      idtSeekLE(t, nodeIt, ems, eseq);
      // Redis then seeks the last node, whose entries are all > the bound: nothing to emit.
    } else {
      idtSeekLast(t, nodeIt);
    }
  }
  si.leaf = nodeIt.leaf;
  si.idx = nodeIt.idx;
  si.fresh = true;
}

/** Moves to the next node in the iteration direction; false at the end. */
function nextNode(si: StreamIterator): bool {
  nodeIt.leaf = si.leaf;
  nodeIt.idx = si.idx;
  if (si.fresh) {
    si.fresh = false;
  } else if (si.rev) {
    idtPrev(nodeIt);
  } else {
    idtNext(nodeIt);
  }
  si.leaf = nodeIt.leaf;
  si.idx = nodeIt.idx;
  const r = idtIterRec(nodeIt);
  if (r == 0) return false;
  si.masterMs = recMs(r);
  si.masterSeq = recSeq(r);
  const lp = <usize>recVal(r);
  si.lp = lp;
  let p = lpFirst(lp); // count
  p = lpNext(lp, p); // deleted
  p = lpNext(lp, p); // num fields
  si.masterFieldsCount = lpGetInteger(p);
  p = lpNext(lp, p);
  si.masterFieldsStart = p;
  if (!si.rev) {
    for (let i: i64 = 0; i < si.masterFieldsCount; i++) p = lpNext(lp, p);
    si.lpEle = p; // the master terminator: "the previous entry's lp-count"
  } else {
    si.lpEle = lpLast(lp); // the last entry's lp-count
  }
  si.fieldsLeft = 0;
  return true;
}

/**
 * The next entry in range: its ID in idMs/idSeq and field count in numFields; the fields are
 * then read with streamIteratorGetField. False when the iteration is over.
 */
export function streamIteratorGetID(si: StreamIterator): bool {
  while (true) {
    if (si.lp == 0 || si.lpEle == 0) {
      if (!nextNode(si)) return false;
    } else if (si.rev) {
      // Continue before the entry emitted last: the lp-count of the one before it.
      si.lpEle = lpPrev(si.lp, si.lpFlags);
    } else {
      skipRestOfEntry(si);
    }
    const lp = si.lp;
    while (true) {
      let p: usize;
      if (!si.rev) {
        p = lpNext(lp, si.lpEle); // past the previous entry's lp-count
        if (p == 0) {
          si.lpEle = 0;
          break;
        }
      } else {
        let lpCount = lpGetInteger(si.lpEle);
        if (lpCount == 0) { // the master entry: this node is done
          si.lp = 0;
          si.lpEle = 0;
          break;
        }
        p = si.lpEle;
        while (lpCount-- > 0) p = lpPrev(lp, p);
      }
      si.lpFlags = p;
      const flags = lpGetInteger(p);
      p = lpNext(lp, p);
      const ms = si.masterMs + <u64>lpGetInteger(p);
      p = lpNext(lp, p);
      const seq = si.masterSeq + <u64>lpGetInteger(p);
      p = lpNext(lp, p);
      let nf: i64;
      if ((flags & STREAM_ITEM_FLAG_SAMEFIELDS) != 0) {
        nf = si.masterFieldsCount;
      } else {
        nf = lpGetInteger(p);
        p = lpNext(lp, p);
      }
      si.lpEle = p;
      si.entryFlags = flags;
      si.fieldsLeft = nf;
      si.masterFieldsPtr = si.masterFieldsStart;
      const live = !si.skipTombstones || (flags & STREAM_ITEM_FLAG_DELETED) == 0;
      if (!si.rev) {
        if (live && idCmp(ms, seq, si.startMs, si.startSeq) >= 0) {
          if (idCmp(ms, seq, si.endMs, si.endSeq) > 0) return false;
          si.idMs = ms;
          si.idSeq = seq;
          si.numFields = nf;
          return true;
        }
        skipRestOfEntry(si);
      } else {
        if (live && idCmp(ms, seq, si.endMs, si.endSeq) <= 0) {
          if (idCmp(ms, seq, si.startMs, si.startSeq) < 0) return false;
          si.idMs = ms;
          si.idSeq = seq;
          si.numFields = nf;
          return true;
        }
        si.lpEle = lpPrev(lp, si.lpFlags);
      }
    }
  }
}

/** Forward: moves lpEle from the unread fields of the current entry to its lp-count. */
function skipRestOfEntry(si: StreamIterator): void {
  const lp = si.lp;
  let p = si.lpEle;
  const per: i64 = (si.entryFlags & STREAM_ITEM_FLAG_SAMEFIELDS) != 0 ? 1 : 2;
  for (let i: i64 = si.fieldsLeft * per; i > 0; i--) p = lpNext(lp, p);
  si.fieldsLeft = 0;
  si.lpEle = p;
}

/** Reads the next field/value pair of the current entry into fieldPtr/Len, valuePtr/Len. */
export function streamIteratorGetField(si: StreamIterator): void {
  const lp = si.lp;
  if ((si.entryFlags & STREAM_ITEM_FLAG_SAMEFIELDS) != 0) {
    lpGetBytes(si.masterFieldsPtr, si.fieldBuf);
    si.masterFieldsPtr = lpNext(lp, si.masterFieldsPtr);
  } else {
    lpGetBytes(si.lpEle, si.fieldBuf);
    si.lpEle = lpNext(lp, si.lpEle);
  }
  si.fieldPtr = lpStrPtr;
  si.fieldLen = lpStrLen;
  lpGetBytes(si.lpEle, si.valueBuf);
  si.valuePtr = lpStrPtr;
  si.valueLen = lpStrLen;
  si.lpEle = lpNext(lp, si.lpEle);
  si.fieldsLeft--;
}

/**
 * Deletes the entry the iterator is on (Redis: streamIteratorRemoveEntry): flags it, updates
 * the node's counters, drops the node when no live entry is left. The iterator must not be
 * used afterwards (callers delete one entry per iteration).
 */
function streamIteratorRemoveEntry(si: StreamIterator): void {
  let lp = si.lp;
  const flags = lpGetInteger(si.lpFlags) | STREAM_ITEM_FLAG_DELETED;
  lp = lpReplaceInt(lp, si.lpFlags, flags);
  let p = lpFirst(lp);
  const live = lpGetInteger(p);
  const t = streamTree(si.stream);
  if (live == 1) {
    lpFree(lp);
    idtDelete(t, si.masterMs, si.masterSeq);
  } else {
    lp = lpReplaceInt(lp, p, live - 1);
    p = lpNext(lp, lpLastInsert);
    const deleted = lpGetInteger(p);
    lp = lpReplaceInt(lp, p, deleted + 1);
    const r = idtFind(t, si.masterMs, si.masterSeq);
    setRecVal(r, <u32>lp);
  }
  setLength(si.stream, streamLength(si.stream) - 1);
  si.lp = 0;
  si.lpEle = 0;
}

const opIt = changetype<StreamIterator>(memory.data(offsetof<StreamIterator>()));
const opBufs = memory.data(64);

function opIterStart(s: usize, sms: u64, sseq: u64, ems: u64, eseq: u64, rev: bool): StreamIterator {
  opIt.fieldBuf = opBufs;
  opIt.valueBuf = opBufs + 32;
  streamIteratorStart(opIt, s, sms, sseq, ems, eseq, rev);
  return opIt;
}

/** Deletes entry (ms, seq) if it exists (Redis: streamDeleteItem). */
export function streamDeleteItem(s: usize, ms: u64, seq: u64): bool {
  const si = opIterStart(s, ms, seq, ms, seq, false);
  if (!streamIteratorGetID(si)) return false;
  streamIteratorRemoveEntry(si);
  return true;
}

/** True if entry (ms, seq) exists and is not deleted (Redis: streamEntryExists). */
export function streamEntryExists(s: usize, ms: u64, seq: u64): bool {
  const si = opIterStart(s, ms, seq, ms, seq, false);
  return streamIteratorGetID(si);
}

/** Result of streamGetEdgeID / streamLastValidID. */
export let edgeMs: u64 = 0;
export let edgeSeq: u64 = 0;

/**
 * The first (or last) entry's ID, tombstones skipped or not (Redis: streamGetEdgeID); with
 * no entry: max-max for the first, 0-0 for the last.
 */
export function streamGetEdgeID(s: usize, first: bool, skipTombstones: bool): void {
  const si = opIterStart(s, 0, 0, u64.MAX_VALUE, u64.MAX_VALUE, !first);
  si.skipTombstones = skipTombstones;
  if (streamIteratorGetID(si)) {
    edgeMs = si.idMs;
    edgeSeq = si.idSeq;
  } else if (first) {
    edgeMs = u64.MAX_VALUE;
    edgeSeq = u64.MAX_VALUE;
  } else {
    edgeMs = 0;
    edgeSeq = 0;
  }
}

/** The last live entry's ID (Redis: streamLastValidID); 0-0 for an empty stream. */
@inline export function streamLastValidID(s: usize): void {
  streamGetEdgeID(s, false, true);
}

/** ID of the last entry of node lp (deleted or not), from its master ID (lpGetEdgeStreamID). */
function lpLastEntryId(lp: usize, masterMs: u64, masterSeq: u64): void {
  let p = lpLast(lp);
  let lpCount = lpGetInteger(p);
  if (lpCount == 0) return; // only the master entry (cannot happen)
  while (lpCount-- > 0) p = lpPrev(lp, p);
  p = lpNext(lp, p);
  edgeMs = masterMs + <u64>lpGetInteger(p);
  p = lpNext(lp, p);
  edgeSeq = masterSeq + <u64>lpGetInteger(p);
}

// ---- trimming ---------------------------------------------------------------------------------

export const TRIM_STRATEGY_NONE: i32 = 0;
export const TRIM_STRATEGY_MAXLEN: i32 = 1;
export const TRIM_STRATEGY_MINID: i32 = 2;

/**
 * Trims from the head (Redis: streamTrim): MAXLEN keeps at most `maxlen` entries, MINID
 * drops entries below (minMs, minSeq). `approx` removes whole nodes only; `limit` (> 0) caps
 * the entries removed (whole nodes only as well). Returns the number of entries removed.
 */
export function streamTrim(s: usize, strategy: i32, maxlen: i64, minMs: u64, minSeq: u64, approx: bool,
                           limit: i64): i64 {
  if (strategy == TRIM_STRATEGY_NONE) return 0;
  const t = streamTree(s);
  let deleted: i64 = 0;
  while (true) {
    if (strategy == TRIM_STRATEGY_MAXLEN && streamLength(s) <= <u64>maxlen) break;
    idtSeekFirst(t, walkIt);
    const r = idtIterRec(walkIt);
    if (r == 0) break;
    let lp = <usize>recVal(r);
    const masterMs = recMs(r);
    const masterSeq = recSeq(r);
    let p = lpFirst(lp);
    const entries = lpGetInteger(p);
    if (limit != 0 && deleted + entries > limit) break;

    let removeNode: bool;
    if (strategy == TRIM_STRATEGY_MAXLEN) {
      removeNode = <i64>streamLength(s) - entries >= maxlen;
    } else {
      lpLastEntryId(lp, masterMs, masterSeq);
      removeNode = idCmp(edgeMs, edgeSeq, minMs, minSeq) < 0;
    }
    if (removeNode) {
      lpFree(lp);
      idtDelete(t, masterMs, masterSeq);
      setLength(s, streamLength(s) - <u64>entries);
      deleted += entries;
      continue;
    }
    if (approx) break;

    // Flag entries deleted inside this node, oldest first.
    let deletedFromLp: i64 = 0;
    p = lpNext(lp, p); // deleted
    p = lpNext(lp, p); // master num-fields
    const masterFields = lpGetInteger(p);
    p = lpNext(lp, p);
    for (let j: i64 = 0; j < masterFields; j++) p = lpNext(lp, p);
    p = lpNext(lp, p); // past the master terminator: the first entry
    while (p != 0) {
      const flagsAt = p;
      let flags = lpGetInteger(p);
      p = lpNext(lp, p);
      const msDelta = lpGetInteger(p);
      p = lpNext(lp, p);
      const seqDelta = lpGetInteger(p);
      p = lpNext(lp, p);
      let stop: bool;
      if (strategy == TRIM_STRATEGY_MAXLEN) {
        stop = streamLength(s) <= <u64>maxlen;
      } else {
        stop = idCmp(masterMs + <u64>msDelta, masterSeq + <u64>seqDelta, minMs, minSeq) >= 0;
      }
      if (stop) break;
      let toSkip: i64;
      if ((flags & STREAM_ITEM_FLAG_SAMEFIELDS) != 0) {
        toSkip = masterFields;
      } else {
        toSkip = lpGetInteger(p) * 2;
        p = lpNext(lp, p);
      }
      while (toSkip-- > 0) p = lpNext(lp, p);
      p = lpNext(lp, p); // past lp-count
      if ((flags & STREAM_ITEM_FLAG_DELETED) == 0) {
        const off: usize = p == 0 ? 0 : p - lp;
        flags |= STREAM_ITEM_FLAG_DELETED;
        lp = lpReplaceInt(lp, flagsAt, flags);
        deletedFromLp++;
        setLength(s, streamLength(s) - 1);
        if (p != 0) p = lp + off;
      }
    }
    deleted += deletedFromLp;
    // The node's counters.
    p = lpFirst(lp);
    lp = lpReplaceInt(lp, p, entries - deletedFromLp);
    p = lpNext(lp, lpLastInsert);
    const marked = lpGetInteger(p);
    lp = lpReplaceInt(lp, p, marked + deletedFromLp);
    setRecVal(idtFind(t, masterMs, masterSeq), <u32>lp);
    break; // this node had enough to delete: the next ones stay
  }
  if (streamLength(s) == 0) {
    streamSetFirstId(s, 0, 0);
  } else {
    streamGetEdgeID(s, true, true);
    streamSetFirstId(s, edgeMs, edgeSeq);
  }
  return deleted;
}

// ---- lag and read counters (Redis 7.0) ---------------------------------------------------------

/** True if a tombstone may lie in [start, end] (Redis: streamRangeHasTombstones). */
export function streamRangeHasTombstones(s: usize, sms: u64, sseq: u64, ems: u64, eseq: u64): bool {
  const dms = streamMaxDelMs(s);
  const dseq = streamMaxDelSeq(s);
  if (streamLength(s) == 0 || (dms == 0 && dseq == 0)) return false;
  if (idCmp(streamFirstMs(s), streamFirstSeq(s), dms, dseq) > 0) return false;
  return idCmp(sms, sseq, dms, dseq) <= 0 && idCmp(dms, dseq, ems, eseq) <= 0;
}

/**
 * The logical read counter of ID (ms, seq): how many entries were ever added up to it, when
 * that can be known (Redis: streamEstimateDistanceFromFirstEverEntry); -1 otherwise.
 */
export function streamEstimateDistanceFromFirstEverEntry(s: usize, ms: u64, seq: u64): i64 {
  const added = streamEntriesAdded(s);
  if (added == 0) return 0;
  const lms = streamLastMs(s);
  const lseq = streamLastSeq(s);
  if (streamLength(s) == 0 && idCmp(ms, seq, lms, lseq) < 1) return <i64>added;
  const cmpLast = idCmp(ms, seq, lms, lseq);
  if (cmpLast == 0) return <i64>added;
  if (cmpLast > 0) return SCG_INVALID_ENTRIES_READ;
  const fms = streamFirstMs(s);
  const fseq = streamFirstSeq(s);
  const cmpFirst = idCmp(ms, seq, fms, fseq);
  const dms = streamMaxDelMs(s);
  const dseq = streamMaxDelSeq(s);
  if ((dms == 0 && dseq == 0) || idCmp(dms, dseq, fms, fseq) < 0) {
    if (cmpFirst < 0) return <i64>(added - streamLength(s));
    if (cmpFirst == 0) return <i64>(added - streamLength(s) + 1);
  }
  return SCG_INVALID_ENTRIES_READ;
}

// ---- radix tree shape (XINFO STREAM radix-tree-nodes) ----------------------------------------------

/** Common prefix, in bytes, of two 16-byte big-endian IDs. */
@inline function lcpBytes(ams: u64, aseq: u64, bms: u64, bseq: u64): i32 {
  if (ams != bms) return <i32>(clz<u64>(ams ^ bms) >> 3);
  if (aseq != bseq) return 8 + <i32>(clz<u64>(aseq ^ bseq) >> 3);
  return 16;
}

/**
 * Nodes of Redis's rax holding the stream's master IDs. Redis's rax keeps a canonical
 * compressed shape: a head node, a node per key, a node per branching prefix, and a node for
 * each child of a branching node (the child edge's first byte ends a node; a compressed node
 * holds the rest of the run). Computed from the sorted keys with the LCP of neighbours:
 * branching prefixes are the distinct LCP intervals (found with a stack), every adjacent
 * pair adds one child edge to the branching node at its LCP, and children that are
 * themselves branching nodes or keys are not counted twice.
 */
export function streamRaxNodes(s: usize): u64 {
  const t = streamTree(s);
  const n = idtCount(t);
  if (n == 0) return 1;
  if (n == 1) return 2;
  const stack = memory.data(32); // LCP lengths (0..15) of the open intervals, one byte each
  let sp = 0;
  let branches: u64 = 0;
  let rootBranch = false;
  let childBranch: u64 = 0;
  let childKeys: u64 = 0;
  idtSeekFirst(t, walkIt);
  let r = idtIterRec(walkIt);
  let pms = recMs(r);
  let pseq = recSeq(r);
  let prevL = -1; // LCP with the previous key
  idtNext(walkIt);
  r = idtIterRec(walkIt);
  while (r != 0) {
    const ms = recMs(r);
    const seq = recSeq(r);
    const l = lcpBytes(pms, pseq, ms, seq);
    // The key before this boundary: its parent branching node is at max(prevL, l).
    if ((prevL > l ? prevL : l) == 15) childKeys++;
    while (sp > 0 && <i32>load<u8>(stack + sp - 1) > l) {
      const x = <i32>load<u8>(stack + sp - 1);
      sp--;
      const parentL = sp > 0 && <i32>load<u8>(stack + sp - 1) >= l ? <i32>load<u8>(stack + sp - 1) : l;
      if (parentL == x - 1) childBranch++;
    }
    if (!(sp > 0 && <i32>load<u8>(stack + sp - 1) == l)) {
      store<u8>(stack + sp, <u8>l);
      sp++;
      branches++;
      if (l == 0) rootBranch = true;
    }
    prevL = l;
    pms = ms;
    pseq = seq;
    idtNext(walkIt);
    r = idtIterRec(walkIt);
  }
  if (prevL == 15) childKeys++; // the last key
  while (sp > 0) {
    const x = <i32>load<u8>(stack + sp - 1);
    sp--;
    if (sp > 0 && <i32>load<u8>(stack + sp - 1) == x - 1) childBranch++;
  }
  const children = (n - 1) + branches;
  return 1 + n + (branches - (rootBranch ? 1 : 0)) + (children - childBranch - childKeys);
}

// ---- pointer arrays sorted by name (groups, consumers) ---------------------------------------

// Block: n u32 | cap u32 | pointers u32 ...
@inline export function arrLen(a: usize): u32 { return load<u32>(a); }
@inline export function arrAt(a: usize, i: u32): usize { return <usize>load<u32>(a + 8 + (<usize>i << 2)); }

/** Bytewise order with the shorter string first on a common prefix (rax order). */
function nameCmp(ap: usize, al: u32, bp: usize, bl: u32): i32 {
  const m = al < bl ? al : bl;
  const c = memory.compare(ap, bp, m);
  if (c != 0) return c;
  return al == bl ? 0 : (al < bl ? -1 : 1);
}

/** Index of the named element (name at +nameOff, length u32 at +lenOff), or -(insertion point) - 1. */
function arrFind(a: usize, np: usize, nl: u32, nameOff: usize, lenOff: usize): i32 {
  let lo = 0;
  let hi = <i32>arrLen(a);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const e = arrAt(a, <u32>mid);
    const c = nameCmp(e + nameOff, load<u32>(e + lenOff), np, nl);
    if (c == 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return -lo - 1;
}

function arrInsert(a: usize, at: i32, ptr: usize): usize {
  let n = arrLen(a);
  let cap = load<u32>(a, 4);
  if (n == cap) {
    cap = cap * 2;
    a = zrealloc(a, 8 + (<usize>cap << 2));
    store<u32>(a, cap, 4);
  }
  const slot = a + 8 + (<usize>at << 2);
  memory.copy(slot + 4, slot, <usize>(n - <u32>at) << 2);
  store<u32>(slot, <u32>ptr);
  store<u32>(a, n + 1);
  return a;
}

function arrRemove(a: usize, at: i32): void {
  const n = arrLen(a);
  const slot = a + 8 + (<usize>at << 2);
  memory.copy(slot, slot + 4, <usize>(n - <u32>at - 1) << 2);
  store<u32>(a, n - 1);
}

function arrNew(): usize {
  const a = zmalloc(8 + 4 * 2);
  store<u32>(a, 0);
  store<u32>(a, 2, 4);
  return a;
}

// ---- consumer groups --------------------------------------------------------------------------

const G_PEL: usize = 0;
const G_CONSUMERS: usize = 4;
const G_LAST_MS: usize = 8;
const G_LAST_SEQ: usize = 16;
const G_ENTRIES_READ: usize = 24;
const G_NAMELEN: usize = 32;
export const G_NAME: usize = 36;

@inline export function groupPel(g: usize): usize { return <usize>load<u32>(g, G_PEL); }
@inline export function groupConsumers(g: usize): usize { return <usize>load<u32>(g, G_CONSUMERS); }
@inline export function groupLastMs(g: usize): u64 { return load<u64>(g, G_LAST_MS); }
@inline export function groupLastSeq(g: usize): u64 { return load<u64>(g, G_LAST_SEQ); }
@inline export function groupEntriesRead(g: usize): i64 { return load<i64>(g, G_ENTRIES_READ); }
@inline export function groupNameLen(g: usize): u32 { return load<u32>(g, G_NAMELEN); }
@inline export function groupName(g: usize): usize { return g + G_NAME; }
@inline export function groupSetLastId(g: usize, ms: u64, seq: u64): void {
  store<u64>(g, ms, G_LAST_MS);
  store<u64>(g, seq, G_LAST_SEQ);
}
@inline export function groupSetEntriesRead(g: usize, v: i64): void { store<i64>(g, v, G_ENTRIES_READ); }
/** Number of consumers of group g. */
export function groupConsumerCount(g: usize): u32 {
  const cs = groupConsumers(g);
  return cs == 0 ? <u32>0 : arrLen(cs);
}

const C_PEL: usize = 0;
const C_NAMELEN: usize = 4;
const C_SEEN: usize = 8;
export const C_NAME: usize = 16;

@inline export function consumerPel(c: usize): usize { return <usize>load<u32>(c, C_PEL); }
@inline export function consumerNameLen(c: usize): u32 { return load<u32>(c, C_NAMELEN); }
@inline export function consumerName(c: usize): usize { return c + C_NAME; }
@inline export function consumerSeenTime(c: usize): i64 { return load<i64>(c, C_SEEN); }
@inline export function consumerSetSeenTime(c: usize, t: i64): void { store<i64>(c, t, C_SEEN); }

export const NK_TIME: usize = 0;
export const NK_COUNT: usize = 8;
export const NK_CONSUMER: usize = 16;
const NK_SIZE: usize = 20;

@inline export function nackTime(nk: usize): i64 { return load<i64>(nk, NK_TIME); }
@inline export function nackCount(nk: usize): u64 { return load<u64>(nk, NK_COUNT); }
@inline export function nackConsumer(nk: usize): usize { return <usize>load<u32>(nk, NK_CONSUMER); }
@inline export function nackSetTime(nk: usize, t: i64): void { store<i64>(nk, t, NK_TIME); }
@inline export function nackSetCount(nk: usize, v: u64): void { store<u64>(nk, v, NK_COUNT); }
@inline export function nackSetConsumer(nk: usize, c: usize): void { store<u32>(nk, <u32>c, NK_CONSUMER); }

/** A NACK delivered now-ish to consumer c, count 1 (the caller sets the time: streamCreateNACK). */
export function nackNew(consumer: usize): usize {
  const nk = zmalloc(NK_SIZE);
  store<i64>(nk, 0, NK_TIME);
  store<u64>(nk, 1, NK_COUNT);
  store<u32>(nk, <u32>consumer, NK_CONSUMER);
  return nk;
}

/** The group named (np, nl), or 0 (Redis: streamLookupCG). */
export function streamLookupCG(s: usize, np: usize, nl: u32): usize {
  const g = streamGroups(s);
  if (g == 0) return 0;
  const i = arrFind(g, np, nl, G_NAME, G_NAMELEN);
  return i < 0 ? 0 : arrAt(g, <u32>i);
}

/** Creates a group; 0 if the name is taken (Redis: streamCreateCG). */
export function streamCreateCG(s: usize, np: usize, nl: u32, ms: u64, seq: u64, entriesRead: i64): usize {
  let g = streamGroups(s);
  if (g == 0) {
    g = arrNew();
    store<u32>(s, <u32>g, S_GROUPS);
  }
  const i = arrFind(g, np, nl, G_NAME, G_NAMELEN);
  if (i >= 0) return 0;
  const cg = zmalloc(G_NAME + <usize>nl);
  store<u32>(cg, <u32>idtNew(), G_PEL);
  store<u32>(cg, 0, G_CONSUMERS);
  groupSetLastId(cg, ms, seq);
  store<i64>(cg, entriesRead, G_ENTRIES_READ);
  store<u32>(cg, nl, G_NAMELEN);
  memory.copy(cg + G_NAME, np, nl);
  g = arrInsert(g, -i - 1, cg);
  store<u32>(s, <u32>g, S_GROUPS);
  return cg;
}

/** Removes and frees the named group; false if absent. */
export function streamDestroyCG(s: usize, np: usize, nl: u32): bool {
  const g = streamGroups(s);
  if (g == 0) return false;
  const i = arrFind(g, np, nl, G_NAME, G_NAMELEN);
  if (i < 0) return false;
  groupFree(arrAt(g, <u32>i));
  arrRemove(g, i);
  return true;
}

function groupFree(cg: usize): void {
  const pel = groupPel(cg);
  idtSeekFirst(pel, walkIt2);
  let r = idtIterRec(walkIt2);
  while (r != 0) {
    zfree(<usize>recVal(r));
    idtNext(walkIt2);
    r = idtIterRec(walkIt2);
  }
  idtFree(pel);
  const cs = groupConsumers(cg);
  if (cs != 0) {
    const n = arrLen(cs);
    for (let i: u32 = 0; i < n; i++) {
      const c = arrAt(cs, i);
      idtFree(consumerPel(c));
      zfree(c);
    }
    zfree(cs);
  }
  zfree(cg);
}

/** The named consumer of group cg, or 0 (seen-time refreshes are the caller's). */
export function streamLookupConsumer(cg: usize, np: usize, nl: u32): usize {
  const cs = groupConsumers(cg);
  if (cs == 0) return 0;
  const i = arrFind(cs, np, nl, C_NAME, C_NAMELEN);
  return i < 0 ? 0 : arrAt(cs, <u32>i);
}

/** Creates a consumer seen at `now`; 0 if the name is taken (Redis: streamCreateConsumer). */
export function streamCreateConsumer(cg: usize, np: usize, nl: u32, now: i64): usize {
  let cs = groupConsumers(cg);
  if (cs == 0) {
    cs = arrNew();
    store<u32>(cg, <u32>cs, G_CONSUMERS);
  }
  const i = arrFind(cs, np, nl, C_NAME, C_NAMELEN);
  if (i >= 0) return 0;
  const c = zmalloc(C_NAME + <usize>nl);
  store<u32>(c, <u32>idtNew(), C_PEL);
  store<u32>(c, nl, C_NAMELEN);
  store<i64>(c, now, C_SEEN);
  memory.copy(c + C_NAME, np, nl);
  cs = arrInsert(cs, -i - 1, c);
  store<u32>(cg, <u32>cs, G_CONSUMERS);
  return c;
}

/**
 * Deletes the named consumer and its pending entries from the group PEL; returns how many
 * it had pending (Redis: streamDelConsumer). -1 if there is no such consumer.
 */
export function streamDelConsumer(cg: usize, np: usize, nl: u32): i64 {
  const cs = groupConsumers(cg);
  if (cs == 0) return -1;
  const i = arrFind(cs, np, nl, C_NAME, C_NAMELEN);
  if (i < 0) return -1;
  const c = arrAt(cs, <u32>i);
  const cpel = consumerPel(c);
  const pending = <i64>idtCount(cpel);
  const gpel = groupPel(cg);
  idtSeekFirst(cpel, walkIt2);
  let r = idtIterRec(walkIt2);
  while (r != 0) {
    idtDelete(gpel, recMs(r), recSeq(r));
    zfree(<usize>recVal(r));
    idtNext(walkIt2);
    r = idtIterRec(walkIt2);
  }
  idtFree(cpel);
  zfree(c);
  arrRemove(cs, i);
  return pending;
}

/** Drops pending entry (ms, seq) from the group and its owner, freeing the NACK. */
export function pelRemove(cg: usize, ms: u64, seq: u64): bool {
  if (!idtDelete(groupPel(cg), ms, seq)) return false;
  const nk = <usize>idtDeletedVal;
  const owner = nackConsumer(nk);
  if (owner != 0) idtDelete(consumerPel(owner), ms, seq);
  zfree(nk);
  return true;
}

