// text-harness.ts — test-only wasm entry exposing the byte-level text modules
// (assembly/util/glob.ts and assembly/resp/inline.ts) through thin numeric wrappers.
// Built by test/engine/glob-inline.test.ts with --runtime minimal.

import { stringmatchlen, patternIsLiteral } from "../../assembly/util/glob";
import { splitInlineArgs, inlineMaxArgs } from "../../assembly/resp/inline";

/** Allocate n bytes of linear memory for the test to fill. */
export function alloc(n: i32): usize {
  return heap.alloc(n > 0 ? <usize>n : 1);
}

/** Release a block from alloc(). */
export function free(p: usize): void {
  heap.free(p);
}

/** stringmatchlen as 0/1. */
export function globMatch(pat: usize, patLen: i32, str: usize, strLen: i32, nocase: i32): i32 {
  return stringmatchlen(pat, patLen, str, strLen, nocase != 0) ? 1 : 0;
}

/** patternIsLiteral as 0/1. */
export function globIsLiteral(pat: usize, len: i32): i32 {
  return patternIsLiteral(pat, len) ? 1 : 0;
}

/** splitInlineArgs passthrough. */
export function splitInline(line: usize, len: i32, out: usize, outCap: i32, spans: usize, spansCap: i32): i32 {
  return splitInlineArgs(line, len, out, outCap, spans, spansCap);
}

/** inlineMaxArgs passthrough. */
export function maxInlineArgs(len: i32): i32 {
  return inlineMaxArgs(len);
}
