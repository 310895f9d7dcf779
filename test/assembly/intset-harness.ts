// intset-harness.ts — test-only wasm entry exposing assembly/ds/intset.ts through thin
// numeric wrappers. Built by test/engine/intset.test.ts with --runtime minimal.

import { intsetAdd, intsetAdded, intsetBlobLen, intsetFind, intsetGet, intsetLen, intsetNew,
  intsetRandom, intsetRemove, intsetRemoved, intsetFree, intsetDup } from "../../assembly/ds/intset";
import { usedMemory } from "../../assembly/mem/alloc";

export function newSet(): usize { return intsetNew(); }
export function freeSet(is: usize): void { intsetFree(is); }
export function dupSet(is: usize): usize { return intsetDup(is); }
/** Adds v; returns the (possibly moved) block. `added()` tells whether v was new. */
export function add(is: usize, v: i64): usize { return intsetAdd(is, v); }
export function added(): i32 { return intsetAdded ? 1 : 0; }
export function remove(is: usize, v: i64): usize { return intsetRemove(is, v); }
export function removed(): i32 { return intsetRemoved ? 1 : 0; }
export function find(is: usize, v: i64): i32 { return intsetFind(is, v) ? 1 : 0; }
export function len(is: usize): u32 { return intsetLen(is); }
export function get(is: usize, i: u32): i64 { return intsetGet(is, i); }
export function blobLen(is: usize): u32 { return intsetBlobLen(is); }
export function random(is: usize): i64 { return intsetRandom(is); }
export function used(): f64 { return <f64>usedMemory; }
