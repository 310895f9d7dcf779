// listpack-harness.ts — test-only wasm entry exposing assembly/ds/listpack.ts through thin
// numeric wrappers (pointers into linear memory; results read back through getters).
// Built by test/engine/listpack.test.ts with --runtime minimal.

import * as L from "../../assembly/ds/listpack";
import { zfree, zmalloc, usedMemory } from "../../assembly/mem/alloc";
import { hashSeed } from "../../assembly/util/hash";

export function alloc(n: i32): usize { return zmalloc(n > 0 ? <usize>n : 1); }
export function free(p: usize): void { zfree(p); }
export function used(): f64 { return <f64>usedMemory; }
export function seed(s: u32): void { hashSeed(<u64>s); }

export function lpNew(): usize { return L.lpNew(); }
export function lpFree(lp: usize): void { L.lpFree(lp); }
export function lpDup(lp: usize): usize { return L.lpDup(lp); }
export function lpBytes(lp: usize): u32 { return L.lpBytes(lp); }
export function lpLength(lp: usize): u32 { return L.lpLength(lp); }
export function lpHeaderCount(lp: usize): u32 { return L.lpHeaderCount(lp); }

export function lpFirst(lp: usize): usize { return L.lpFirst(lp); }
export function lpLast(lp: usize): usize { return L.lpLast(lp); }
export function lpNext(lp: usize, p: usize): usize { return L.lpNext(lp, p); }
export function lpPrev(lp: usize, p: usize): usize { return L.lpPrev(lp, p); }
export function lpSeek(lp: usize, i: i64): usize { return L.lpSeek(lp, i); }
export function lpEof(lp: usize): usize { return L.lpEof(lp); }

/** 1: string (strPtr/strLen), 0: integer (intVal). */
export function lpGet(p: usize): i32 { return L.lpGet(p) ? 1 : 0; }
export function lpGetBytes(p: usize, scratch: usize): void { L.lpGetBytes(p, scratch); }
export function strPtr(): usize { return L.lpStrPtr; }
export function strLen(): u32 { return L.lpStrLen; }
export function intVal(): i64 { return L.lpInt; }
export function lastInsert(): usize { return L.lpLastInsert; }
export function lastDeleteNext(): usize { return L.lpLastDeleteNext; }

export function lpEqual(p: usize, ptr: usize, len: u32): i32 { return L.lpEqual(p, ptr, len) ? 1 : 0; }
export function lpFind(lp: usize, p: usize, ptr: usize, len: u32, skip: i32): usize { return L.lpFind(lp, p, ptr, len, skip); }

export function lpAppend(lp: usize, ptr: usize, len: u32): usize { return L.lpAppend(lp, ptr, len); }
export function lpAppendInt(lp: usize, v: i64): usize { return L.lpAppendInt(lp, v); }
export function lpPrepend(lp: usize, ptr: usize, len: u32): usize { return L.lpPrepend(lp, ptr, len); }
export function lpPrependInt(lp: usize, v: i64): usize { return L.lpPrependInt(lp, v); }
export function lpInsert(lp: usize, p: usize, ptr: usize, len: u32, after: i32): usize { return L.lpInsert(lp, p, ptr, len, after != 0); }
export function lpInsertInt(lp: usize, p: usize, v: i64, after: i32): usize { return L.lpInsertInt(lp, p, v, after != 0); }
export function lpReplace(lp: usize, p: usize, ptr: usize, len: u32): usize { return L.lpReplace(lp, p, ptr, len); }
export function lpReplaceInt(lp: usize, p: usize, v: i64): usize { return L.lpReplaceInt(lp, p, v); }
export function lpDelete(lp: usize, p: usize): usize { return L.lpDelete(lp, p); }
export function lpDeleteRange(lp: usize, index: i64, count: i64): usize { return L.lpDeleteRange(lp, index, count); }
export function lpDeleteRangeWithEntry(lp: usize, p: usize, n: u32): usize { return L.lpDeleteRangeWithEntry(lp, p, n); }
export function lpEntrySizeFor(ptr: usize, len: u32): u32 { return L.lpEntrySizeFor(ptr, len); }

export function lpRandomPairs(lp: usize, pairs: u32, count: u32, out: usize): void { L.lpRandomPairs(lp, pairs, count, out); }
export function lpRandomPairsUnique(lp: usize, pairs: u32, count: u32, out: usize): u32 { return L.lpRandomPairsUnique(lp, pairs, count, out); }
export function lpRandomPair(lp: usize, pairs: u32): usize { return L.lpRandomPair(lp, pairs); }
export function lpValidate(lp: usize, size: u32, pairs: i32): i32 { return L.lpValidate(lp, size, pairs != 0) ? 1 : 0; }
