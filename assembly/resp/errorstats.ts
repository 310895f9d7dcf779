// errorstats.ts — error replies counted per error code (Redis: server.errors, INFO errorstats).
//
// Redis counts every error reply under its code: the text before the first space within the
// first 32 bytes ("ERR", "WRONGTYPE", "OOM" ...), or "ERR" when there is none. The table is
// tiny and append-only (Redis caps it at 128 codes; further new codes are not tracked), so a
// linear scan of at most a handful of entries is the cheapest lookup.
//
//   entry: count u64 | code length u32 | code bytes (up to 32)

import { zcalloc } from "../mem/alloc";

const MAX_CODES: i32 = 128;
const ENTRY: usize = 48;
let table: usize = 0;
export let errorCodeCount: i32 = 0;

/** Counts an error reply whose text (without "-") starts at p, n bytes available. */
export function errorStatRecord(p: usize, n: u32): void {
  const lim = n < 32 ? n : 32;
  let sp: u32 = 0;
  while (sp < lim && load<u8>(p + sp) != 0x20) sp++;
  if (sp == lim) {
    recordCode(changetype<usize>(ERR_CODE), 3);
    return;
  }
  recordCode(p, sp);
}

const ERR_CODE = memory.data<u8>([0x45, 0x52, 0x52]);

/** The same for an error given as a string literal. */
export function errorStatRecordStr(s: string): void {
  // Literals are ASCII; copy the head into a small buffer to scan it as bytes.
  const buf = memory.data(32);
  const n = s.length < 32 ? s.length : 32;
  for (let i = 0; i < n; i++) store<u8>(buf + i, <u8>s.charCodeAt(i));
  errorStatRecord(buf, <u32>n);
}

function recordCode(p: usize, n: u32): void {
  if (table == 0) table = zcalloc(<usize>MAX_CODES * ENTRY);
  for (let i = 0; i < errorCodeCount; i++) {
    const e = table + <usize>i * ENTRY;
    if (load<u32>(e, 8) == n && memory.compare(e + 12, p, n) == 0) {
      store<u64>(e, load<u64>(e) + 1);
      return;
    }
  }
  if (errorCodeCount == MAX_CODES) return;
  const e = table + <usize>errorCodeCount * ENTRY;
  store<u64>(e, 1);
  store<u32>(e, n, 8);
  memory.copy(e + 12, p, n);
  errorCodeCount++;
}

export function errorCodePtr(i: i32): usize { return table + <usize>i * ENTRY + 12; }
export function errorCodeLen(i: i32): u32 { return load<u32>(table + <usize>i * ENTRY, 8); }
export function errorCodeCalls(i: i32): u64 { return load<u64>(table + <usize>i * ENTRY); }

/** CONFIG RESETSTAT. */
export function errorStatsReset(): void { errorCodeCount = 0; }
