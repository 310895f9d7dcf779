// slowlog.ts — the slow log (Redis: slowlog.c) and the SLOWLOG command.
//
// A command whose duration (server.ts execTime / hostCommandDone: microseconds, measured by
// the host around each exec call) is at least slowlog-log-slower-than is recorded, newest first, and the list is trimmed to
// slowlog-max-len on each push (CONFIG SET of a smaller length trims at the next push, as in
// Redis). An entry is one heap block, built in two passes (size, then fill):
//
//   +------+----+------+----------+------+---------+---------+----------------------------+
//   | next | id | time | duration | argc | peerLen | nameLen | (len u32, bytes) per arg,  |
//   | u32  | u64| i64 s| i64 us   | u32  | u32     | u32     | then peer bytes, name bytes|
//   +------+----+------+----------+------+---------+---------+----------------------------+
//
// Like Redis, at most 32 arguments are kept (the last slot then says "... (N more
// arguments)") and each argument is cut at 128 bytes ("... (N more bytes)"); integers Redis
// keeps int-encoded are short enough never to be cut. Entries live outside used_memory (server
// bookkeeping, bounded by slowlog-max-len: see db/latency.ts bookAlloc). The client's "ip:port" (set by the host
// with clientSetPeer) and name are copied, since the client may be gone when the log is read.

import { argLen, argPtr, Client } from "../client";
import { aclRedactedArg } from "../acl";

import { nowMs } from "./db";
import { addReplyArrayLen, addReplyBulk, addReplyError, addReplyLongLong, addReplyOK, addReplyStatus, errBegin, errBytes, errEnd,
  errStr } from "../resp/reply";
import { ll2string, string2ll, parsedLL } from "../util/number";

/** slowlog-log-slower-than in microseconds (negative: disabled). */
export let slowlogLogSlowerThan: f64 = 10000;
/** slowlog-max-len. */
export let slowlogMaxLen: u64 = 128;
export function setSlowlogLogSlowerThan(v: f64): void { slowlogLogSlowerThan = v; }
export function setSlowlogMaxLen(v: u64): void { slowlogMaxLen = v; }

const MAX_ARGC: i32 = 32;
const MAX_STRING: u32 = 128;
const HDR: usize = 44;

let head: usize = 0; // newest entry
let length: u64 = 0;
let nextId: u64 = 0;

/** Decimal digits of n (for the "... (N more ...)" suffixes). */
function digits(n: u64): u32 {
  let d: u32 = 1;
  while (n >= 10) { n /= 10; d++; }
  return d;
}

function putStr(p: usize, s: string): usize {
  for (let i = 0; i < s.length; i++) store<u8>(p + i, <u8>s.charCodeAt(i));
  return p + s.length;
}

// Snapshots of candidate commands of the running batch (server.ts execTime decides later,
// when the host reports the batch's time, whether they were slow). Kept back to back in one
// scratch area outside used_memory (transient bookkeeping, reused across batches):
//   [batch index i32 | entry length u32 | entry bytes (the layout above, id/time/duration unset)]
let cand: usize = 0;
let candLen: u32 = 0;
let candCap: u32 = 0;

/** Size of the slow-log entry for c's current argv. */
function entrySize(c: Client): usize {
  const argc = c.argc;
  const slargc = argc > MAX_ARGC ? MAX_ARGC : argc;
  let size: usize = HDR;
  for (let j = 0; j < slargc; j++) {
    if (slargc != argc && j == slargc - 1) {
      size += 4 + 5 + <usize>digits(<u64>(argc - slargc + 1)) + 16; // "... (" N " more arguments)"
    } else if (aclRedactedArg(c, c.lastCmd, j)) {
      size += 4 + 10; // "(redacted)": AUTH's password and the like (acl.ts)
    } else {
      const n = argLen(c, j);
      size += 4 + (n > MAX_STRING ? <usize>MAX_STRING + 5 + <usize>digits(<u64>(n - MAX_STRING)) + 12 : <usize>n);
    }
  }
  return size + <usize>c.peerLen + <usize>c.nameLen;
}

/** Writes the entry for c's argv at e (entrySize bytes); id, time and duration are set on commit. */
function entryFill(c: Client, e: usize): void {
  const argc = c.argc;
  const slargc = argc > MAX_ARGC ? MAX_ARGC : argc;
  store<u32>(e, 0);
  store<u32>(e, <u32>slargc, 28);
  store<u32>(e, c.peerLen, 32);
  store<u32>(e, c.nameLen, 36);
  let p = e + HDR;
  for (let j = 0; j < slargc; j++) {
    const lenAt = p;
    p += 4;
    const start = p;
    if (slargc != argc && j == slargc - 1) {
      p = putStr(p, "... (");
      p += ll2string(p, <i64>(argc - slargc + 1));
      p = putStr(p, " more arguments)");
    } else if (aclRedactedArg(c, c.lastCmd, j)) {
      p = putStr(p, "(redacted)");
    } else {
      const n = argLen(c, j);
      if (n > MAX_STRING) {
        memory.copy(p, argPtr(c, j), MAX_STRING);
        p += MAX_STRING;
        p = putStr(p, "... (");
        p += ll2string(p, <i64>(n - MAX_STRING));
        p = putStr(p, " more bytes)");
      } else {
        memory.copy(p, argPtr(c, j), n);
        p += n;
      }
    }
    store<u32>(lenAt, <u32>(p - start));
  }
  if (c.peerLen > 0) memory.copy(p, c.peer, c.peerLen);
  p += c.peerLen;
  if (c.nameLen > 0) memory.copy(p, c.name, c.nameLen);
}

/** Links a filled entry (a fresh block) as the newest, trimming to slowlog-max-len. */
function linkEntry(e: usize, durationUs: f64): void {
  store<u64>(e, nextId++, 4);
  store<i64>(e, nowMs / 1000, 12);
  store<i64>(e, <i64>durationUs, 20);
  store<u32>(e, <u32>head);
  head = e;
  length++;
  if (length > slowlogMaxLen) {
    if (slowlogMaxLen == 0) {
      slowlogReset();
      return;
    }
    let keep = head;
    for (let i: u64 = 1; i < slowlogMaxLen; i++) keep = <usize>load<u32>(keep);
    let n = <usize>load<u32>(keep);
    store<u32>(keep, 0);
    while (n != 0) {
      const next = <usize>load<u32>(n);
      heap.free(n);
      length--;
      n = next;
    }
  }
}

/** Logs the command in c's argv that took `durationUs` (Redis: slowlogPushEntryIfNeeded). */
export function slowlogPushCommand(c: Client, durationUs: f64): void {
  const size = entrySize(c);
  const e = heap.alloc(size);
  entryFill(c, e);
  linkEntry(e, durationUs);
}

/** Keeps a copy of c's argv as the batch's command number `index`, in case it turns out slow. */
export function slowlogSnapshot(c: Client, index: i32): void {
  const size = <u32>entrySize(c);
  const need = candLen + 8 + size;
  if (need > candCap) {
    let cap = candCap < 4096 ? <u32>4096 : candCap;
    while (cap < need) cap *= 2;
    cand = cand == 0 ? heap.alloc(cap) : heap.realloc(cand, cap); // not counted in used_memory: transient
    candCap = cap;
  }
  const at = cand + candLen;
  store<i32>(at, index);
  store<u32>(at, size, 4);
  entryFill(c, at + 8);
  candLen = need;
}

/** The batch's command `index` took `durationUs`, at least the threshold: log its snapshot. */
export function slowlogCommitCandidate(index: i32, durationUs: f64): void {
  let p: u32 = 0;
  while (p < candLen) {
    const at = cand + p;
    const size = load<u32>(at, 4);
    if (load<i32>(at) == index) {
      const e = heap.alloc(size);
      memory.copy(e, at + 8, size);
      linkEntry(e, durationUs);
      return;
    }
    p += 8 + size;
  }
}

export function slowlogDropCandidates(): void { candLen = 0; }

export function slowlogReset(): void {
  let n = head;
  while (n != 0) {
    const next = <usize>load<u32>(n);
    heap.free(n);
    n = next;
  }
  head = 0;
  length = 0;
}

// ---- SLOWLOG ---------------------------------------------------------------------------

export function slowlogGetCommand(c: Client): void {
  if (c.argc > 3) {
    // Redis: addReplySubcommandSyntaxError
    errBegin(c);
    errStr(c, "ERR unknown subcommand or wrong number of arguments for '");
    errBytes(c, argPtr(c, 1), argLen(c, 1) < 128 ? argLen(c, 1) : 128);
    errStr(c, "'. Try SLOWLOG HELP.");
    errEnd(c);
    return;
  }
  let count: i64 = 10;
  if (c.argc == 3) {
    if (!string2ll(argPtr(c, 2), <i32>argLen(c, 2)) || parsedLL < -1) {
      addReplyError(c, "ERR count should be greater than or equal to -1");
      return;
    }
    count = parsedLL;
    if (count == -1) count = <i64>length;
  }
  if (count > <i64>length) count = <i64>length;
  addReplyArrayLen(c, count);
  let e = head;
  while (count-- > 0) {
    addReplyArrayLen(c, 6);
    addReplyLongLong(c, <i64>load<u64>(e, 4));
    addReplyLongLong(c, load<i64>(e, 12));
    addReplyLongLong(c, load<i64>(e, 20));
    const argc = load<u32>(e, 28);
    addReplyArrayLen(c, argc);
    let p = e + HDR;
    for (let j: u32 = 0; j < argc; j++) {
      const n = load<u32>(p);
      addReplyBulk(c, p + 4, n);
      p += 4 + <usize>n;
    }
    const peerLen = load<u32>(e, 32);
    addReplyBulk(c, p, peerLen);
    addReplyBulk(c, p + peerLen, load<u32>(e, 36));
    e = <usize>load<u32>(e);
  }
}

export function slowlogLenCommand(c: Client): void {
  addReplyLongLong(c, <i64>length);
}

export function slowlogResetCommand(c: Client): void {
  slowlogReset();
  addReplyOK(c);
}

export function slowlogHelpCommand(c: Client): void {
  addReplyArrayLen(c, 12);
  addReplyStatus(c, "SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
  addReplyStatus(c, "GET [<count>]");
  addReplyStatus(c, "    Return top <count> entries from the slowlog (default: 10, -1 mean all).");
  addReplyStatus(c, "    Entries are made of:");
  addReplyStatus(c, "    id, timestamp, time in microseconds, arguments array, client IP and port,");
  addReplyStatus(c, "    client name");
  addReplyStatus(c, "LEN");
  addReplyStatus(c, "    Return the length of the slowlog.");
  addReplyStatus(c, "RESET");
  addReplyStatus(c, "    Reset the slowlog.");
  addReplyStatus(c, "HELP");
  addReplyStatus(c, "    Prints this help.");
}
