// memory.ts — MEMORY USAGE (Redis: object.c memoryCommand / objectComputeSize).
//
// Redis estimates a collection's size by sampling `SAMPLES` elements and extrapolating. Our
// allocator counts every block exactly (mem/alloc.ts), so instead of a per-type walker the
// size of a value is measured: the entry is deep-copied with entryDup (the same code COPY
// uses), the growth of used memory is the size of entry + key + value, and the copy is freed
// at once. That is exact for every type (a copy is laid out as compactly as the original,
// give or take a dict's table size), O(N) like Redis's SAMPLES 0, and needs no code per type.
// SAMPLES is parsed and validated as Redis does but does not change the answer. Above half
// the implicit memory limit (db/evict.ts HARD_LIMIT) the copy is not risked: the answer is
// then the entry block plus the value's top-level block only.
// The rest of the MEMORY family (STATS, DOCTOR, MALLOC-STATS, PURGE, HELP) is host-side:
// host/core/cmd/memory.ts.

import { argLen, argPtr, Client } from "../client";
import { dbFindEntry } from "../db/db";
import { entryDup, } from "../db/db";
import { entryFree, entryKeyLen, entryKeyPtr, entryType, entryVal, OBJ_STRING } from "../db/object";
import { HARD_LIMIT } from "../db/evict";
import { usedMemory, zmallocSize } from "../mem/alloc";
import { addReplyError, addReplyLongLong, addReplyNull } from "../resp/reply";
import { ERR_SYNTAX, ERR_NOT_INTEGER } from "../resp/errors";
import { string2ll, parsedLL } from "../util/number";
import { argIs } from "./common";

export function memoryUsageCommand(c: Client): void {
  for (let j = 3; j < c.argc; j++) {
    if (argIs(c, j, "samples") && j + 1 < c.argc) {
      if (!string2ll(argPtr(c, j + 1), <i32>argLen(c, j + 1))) {
        addReplyError(c, ERR_NOT_INTEGER);
        return;
      }
      if (parsedLL < 0) {
        addReplyError(c, ERR_SYNTAX);
        return;
      }
      j++;
    } else {
      addReplyError(c, ERR_SYNTAX);
      return;
    }
  }
  // Like Redis's dbFind: no expiry check, no stats, no LRU update.
  const e = dbFindEntry(c.db, argPtr(c, 2), argLen(c, 2));
  if (e == 0) {
    addReplyNull(c);
    return;
  }
  addReplyLongLong(c, <i64>entryMemoryUsage(e));
}

/** Bytes held by entry e: its block (header, key, inline string) and its value's structures. */
export function entryMemoryUsage(e: usize): u64 {
  // The copy needs as much memory again as the value: near the address-space ceiling, give
  // the entry block and the value's top-level block only rather than risk running out.
  if (usedMemory > HARD_LIMIT / 2) {
    let size = <u64>zmallocSize(e) + 4;
    if (entryType(e) != OBJ_STRING && entryVal(e) != 0) size += <u64>zmallocSize(<usize>entryVal(e)) + 4;
    return size;
  }
  const before = usedMemory;
  const copy = entryDup(e, entryKeyPtr(e), entryKeyLen(e));
  if (copy == 0) return <u64>zmallocSize(e) + 4;
  const size = usedMemory - before;
  entryFree(copy);
  return size;
}
