// parser.ts — request framing (Redis: processInlineBuffer / processMultibulkBuffer).
//
// Framing happens in place: an argument is a (pointer, length) slice of the query buffer,
// never a copy. Multibulk parsing is incremental, as Redis's: a command whose bytes arrive
// over many reads is not re-parsed from its start each time (the parser keeps how many
// arguments remain and the length of the bulk being read), so a 1M-argument MSET arriving
// in small chunks costs O(bytes), not O(chunks x arguments).
//
// While a command is partial, argv holds offsets into the query buffer (which the host may
// grow, and which is compacted between exec calls); `finishArgv` turns them into absolute
// pointers once the command is complete.
//
// Protocol errors reply exactly Redis's text and mark the client to be closed after the
// reply; the rest of its input is dropped, as Redis drops it.

import { argvPush, Client, CLIENT_CLOSE_AFTER_REPLY, REQ_INLINE, REQ_MULTIBULK, REQ_UNKNOWN } from "../client";
import { addReplyError, errBegin, errBytes, errEnd, errStr } from "./reply";
import { string2ll, parsedLL } from "../util/number";
import { inlineMaxArgs, splitInlineArgs } from "./inline";
import { zrealloc } from "../mem/alloc";

/** Longest inline request or count line before the client is dropped (PROTO_INLINE_MAX_SIZE). */
const PROTO_INLINE_MAX_SIZE: u32 = 64 * 1024;
/** proto-max-bulk-len (CONFIG SET-able). */
export let protoMaxBulkLen: i64 = 512 * 1024 * 1024;
export function setProtoMaxBulkLen(v: i64): void { protoMaxBulkLen = v; }
/** Whether clients must AUTH first (requirepass set): limits what they may send before. */
export let authRequiredGlobal: bool = false;
export function setAuthRequired(v: bool): void { authRequiredGlobal = v; }

export const PARSE_NEED_MORE: i32 = 0;
export const PARSE_COMMAND: i32 = 1;
export const PARSE_ERROR: i32 = -1;

/**
 * Position of the first `ch` in [from, end), or -1. Like strchr on Redis's NUL-terminated
 * buffer, a NUL byte ends the search (so "*1\0\r\n" never finds its newline, as in Redis).
 */
function findByte(base: usize, from: u32, end: u32, ch: u8): i64 {
  for (let i = from; i < end; i++) {
    const b = load<u8>(base + i);
    if (b == ch) return i;
    if (b == 0) return -1;
  }
  return -1;
}

/** Where the line read by the last successful fastLength ends (past its CRLF). */
let fastNext: u32 = 0;

/**
 * The common case of a length line, "<digits>\r\n" with at most 9 digits and no leading
 * zero, read in one pass: returns the value, or -1 to let the exact (slower) path decide
 * everything else (errors, signs, partial lines), so both paths agree on every input.
 */
@inline function fastLength(base: usize, from: u32, end: u32): i64 {
  if (from >= end) return -1;
  let b = load<u8>(base + from);
  if (b < 0x30 || b > 0x39) return -1;
  let v: i64 = <i64>(b - 0x30);
  let i = from + 1;
  if (v != 0) {
    while (i < end && i - from < 9) {
      b = load<u8>(base + i);
      if (b < 0x30 || b > 0x39) break;
      v = v * 10 + <i64>(b - 0x30);
      i++;
    }
  }
  if (i + 1 >= end || load<u8>(base + i) != 0x0d || load<u8>(base + i + 1) != 0x0a) return -1;
  fastNext = i + 2;
  return v;
}

function protocolError(c: Client, msg: string): i32 {
  addReplyError(c, msg);
  c.flags |= CLIENT_CLOSE_AFTER_REPLY;
  return PARSE_ERROR;
}

function authRequired(c: Client): bool {
  return authRequiredGlobal && (c.flags & 2 /* CLIENT_AUTHENTICATED */) == 0;
}

/** Frames the next command from the query buffer. */
export function parseCommand(c: Client): i32 {
  if (c.reqType == REQ_UNKNOWN) {
    if (c.qpos >= c.qlen) return PARSE_NEED_MORE;
    c.reqType = load<u8>(c.qbuf + c.qpos) == 0x2a ? REQ_MULTIBULK : REQ_INLINE;
  }
  return c.reqType == REQ_MULTIBULK ? parseMultibulk(c) : parseInline(c);
}

function parseInline(c: Client): i32 {
  const base = c.qbuf;
  const nl = findByte(base, c.qpos, c.qlen, 0x0a);
  if (nl < 0) {
    if (c.qlen - c.qpos > PROTO_INLINE_MAX_SIZE) return protocolError(c, "ERR Protocol error: too big inline request");
    return PARSE_NEED_MORE;
  }
  let lineEnd = <u32>nl;
  if (lineEnd > c.qpos && load<u8>(base + lineEnd - 1) == 0x0d) lineEnd--;
  const lineLen = lineEnd - c.qpos;
  // Decoded arguments are never longer than the line: decode into the inline buffer,
  // followed by the (offset, length) spans of each argument.
  const maxArgs = inlineMaxArgs(<i32>lineLen);
  const spansOff = (lineLen + 7) & ~7;
  const need = spansOff + (<u32>maxArgs << 3) + 8;
  if (c.inlineCap < need) {
    c.inlineBuf = zrealloc(c.inlineBuf, need);
    c.inlineCap = need;
  }
  const spans = c.inlineBuf + spansOff;
  const argc = splitInlineArgs(base + c.qpos, <i32>lineLen, c.inlineBuf, <i32>lineLen, spans, maxArgs);
  c.qpos = <u32>nl + 1;
  if (argc < 0) return protocolError(c, "ERR Protocol error: unbalanced quotes in request");
  c.argc = 0;
  for (let i = 0; i < argc; i++) {
    const at = spans + (<usize>i << 3);
    argvPush(c, <u32>(c.inlineBuf + <usize>load<i32>(at)), <u32>load<i32>(at, 4));
  }
  return PARSE_COMMAND;
}


function parseMultibulk(c: Client): i32 {
  const base = c.qbuf;
  if (c.mbRemaining < 0) {
    // "*<count>\r\n"
    let ok: bool;
    let ll: i64;
    let next: u32;
    const fast = fastLength(base, c.qpos + 1, c.qlen);
    if (fast >= 0) {
      ok = true;
      ll = fast;
      next = fastNext;
    } else {
      const nl = findByte(base, c.qpos, c.qlen, 0x0d);
      if (nl < 0) {
        if (c.qlen - c.qpos > PROTO_INLINE_MAX_SIZE) return protocolError(c, "ERR Protocol error: too big mbulk count string");
        return PARSE_NEED_MORE;
      }
      if (<u32>nl + 1 >= c.qlen) return PARSE_NEED_MORE; // the '\n' is not here yet
      ok = string2ll(base + c.qpos + 1, <i32>(<u32>nl - c.qpos - 1));
      ll = parsedLL;
      next = <u32>nl + 2;
    }
    if (!ok || ll > 2147483647) return protocolError(c, "ERR Protocol error: invalid multibulk length");
    if (ll > 10 && authRequired(c)) return protocolError(c, "ERR Protocol error: unauthenticated multibulk length");
    c.qpos = next;
    if (ll <= 0) {
      c.argc = 0;
      return PARSE_COMMAND; // empty command: nothing to run
    }
    c.mbRemaining = <i32>ll;
    c.argc = 0;
  }
  while (c.mbRemaining > 0) {
    if (c.bulkLen < 0) {
      // "$<len>\r\n"
      let ll: i64 = -1;
      let next: u32 = 0;
      if (c.qpos < c.qlen && load<u8>(base + c.qpos) == 0x24) {
        ll = fastLength(base, c.qpos + 1, c.qlen);
        next = fastNext;
      }
      if (ll < 0) {
        const nl = findByte(base, c.qpos, c.qlen, 0x0d);
        if (nl < 0) {
          if (c.qlen - c.qpos > PROTO_INLINE_MAX_SIZE) return protocolError(c, "ERR Protocol error: too big bulk count string");
          return PARSE_NEED_MORE;
        }
        if (<u32>nl + 1 >= c.qlen) return PARSE_NEED_MORE;
        const first = load<u8>(base + c.qpos);
        if (first != 0x24) {
          errBegin(c);
          errStr(c, "ERR Protocol error: expected '$', got '");
          errByte(c, first);
          errStr(c, "'");
          errEnd(c);
          c.flags |= CLIENT_CLOSE_AFTER_REPLY;
          return PARSE_ERROR;
        }
        const ok = string2ll(base + c.qpos + 1, <i32>(<u32>nl - c.qpos - 1));
        ll = ok ? parsedLL : -1;
        next = <u32>nl + 2;
      }
      if (ll < 0 || ll > protoMaxBulkLen) return protocolError(c, "ERR Protocol error: invalid bulk length");
      if (ll > 16384 && authRequired(c)) return protocolError(c, "ERR Protocol error: unauthenticated bulk length");
      c.qpos = next;
      c.bulkLen = ll;
    }
    // The bulk plus its trailing CRLF (which Redis skips without checking).
    if (<i64>(c.qlen - c.qpos) < c.bulkLen + 2) return PARSE_NEED_MORE;
    argvPush(c, c.qpos, <u32>c.bulkLen);
    c.qpos += <u32>c.bulkLen + 2;
    c.bulkLen = -1;
    c.mbRemaining--;
  }
  // Complete: turn offsets into pointers.
  for (let i = 0; i < c.argc; i++) {
    const slot = c.argv + (<usize>i << 3);
    store<u32>(slot, <u32>(base + <usize>load<u32>(slot)));
  }
  c.mbRemaining = -1;
  return PARSE_COMMAND;
}

function errByte(c: Client, b: u8): void {
  const tmp = memory.data(1);
  store<u8>(tmp, b);
  errBytes(c, tmp, 1);
}

/** Readies the client for its next command. */
export function resetParser(c: Client): void {
  c.argc = 0;
  c.reqType = REQ_UNKNOWN;
  c.mbRemaining = -1;
  c.bulkLen = -1;
  c.cmdStart = c.qpos;
}
