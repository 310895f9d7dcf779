// reply.ts — RESP2/RESP3 reply writers (Redis: the addReply* family in networking.c).
//
// Handlers never format protocol themselves: they call these writers, which append straight
// into the client's reply buffer and hide the protocol version. `addReplyNull` writes `$-1`
// under RESP2 and `_` under RESP3; a map is `%n` in RESP3 and a flat array of 2n in RESP2;
// doubles are `,` in RESP3 and bulk strings in RESP2 ...
//
// Lengths known only at the end (KEYS, SCAN) use a deferred header: `addReplyDeferredLen`
// remembers where the body starts and `setDeferredArrayLen` slides the body to make room for
// the real header once the count is known.
//
// Fixed replies (+OK, :0, :1, $-1 ...) are written from AS string literals, which are ASCII;
// user bytes are always copied with memory.copy, never decoded.

import { Client, CLIENT_REPLY_OFF, CLIENT_REPLY_SKIP } from "../client";
import { zrealloc } from "../mem/alloc";
import { fmtG17, ll2string } from "../util/number";
import { errorStatRecord, errorStatRecordStr } from "./errorstats";

@inline function ensureOut(c: Client, n: u32): void {
  const need = c.olen + n;
  if (need > c.ocap) growOut(c, need);
}

function growOut(c: Client, need: u32): void {
  let cap = c.ocap < 16384 ? <u32>16384 : c.ocap;
  while (cap < need) cap = cap < 0x40000000 ? cap * 2 : need;
  c.obuf = zrealloc(c.obuf, cap);
  c.ocap = cap;
}

@inline function replyOff(c: Client): bool {
  return (c.flags & (CLIENT_REPLY_OFF | CLIENT_REPLY_SKIP)) != 0;
}

@inline function putByte(c: Client, b: u8): void {
  store<u8>(c.obuf + c.olen, b);
  c.olen++;
}

@inline function putCRLF(c: Client): void {
  store<u16>(c.obuf + c.olen, 0x0a0d);
  c.olen += 2;
}

function putAscii(c: Client, s: string): void {
  const n = s.length;
  const dst = c.obuf + c.olen;
  for (let i = 0; i < n; i++) store<u8>(dst + i, <u8>s.charCodeAt(i));
  c.olen += n;
}

/** Writes `prefix` followed by a decimal integer and CRLF ("*3\r\n", ":42\r\n"). */
@inline function putPrefixedInt(c: Client, prefix: u8, v: i64): void {
  putByte(c, prefix);
  c.olen += ll2string(c.obuf + c.olen, v);
  putCRLF(c);
}

// ---- raw -----------------------------------------------------------------------------

export function addReplyRaw(c: Client, p: usize, n: u32): void {
  if (replyOff(c)) return;
  ensureOut(c, n);
  memory.copy(c.obuf + c.olen, p, n);
  c.olen += n;
}

/** Appends ASCII protocol text verbatim (e.g. "+OK\r\n"). */
export function addReplyProto(c: Client, s: string): void {
  if (replyOff(c)) return;
  ensureOut(c, s.length);
  putAscii(c, s);
}

// ---- simple types ----------------------------------------------------------------------

export function addReplyOK(c: Client): void {
  addReplyProto(c, "+OK\r\n");
}

export function addReplyStatus(c: Client, s: string): void {
  if (replyOff(c)) return;
  ensureOut(c, s.length + 3);
  putByte(c, 0x2b);
  putAscii(c, s);
  putCRLF(c);
}

/** Status reply from user bytes (CR/LF are not expected there). */
export function addReplyStatusBytes(c: Client, p: usize, n: u32): void {
  if (replyOff(c)) return;
  ensureOut(c, n + 3);
  putByte(c, 0x2b);
  memory.copy(c.obuf + c.olen, p, n);
  c.olen += n;
  putCRLF(c);
}

/** Error reply: `msg` is the whole message with its code, e.g. "ERR syntax error". */
export function addReplyError(c: Client, msg: string): void {
  statErrorReplies++;
  errorStatRecordStr(msg); // INFO errorstats (errorstats.ts)
  if (replyOff(c)) return;
  ensureOut(c, msg.length + 3);
  putByte(c, 0x2d);
  putAscii(c, msg);
  putCRLF(c);
}

export let statErrorReplies: u64 = 0;
export function statErrorRepliesAdd(): void { statErrorReplies++; }

// Errors that embed user bytes are assembled piecewise: errBegin, errStr/errBytes..., errEnd.
// Like Redis's addReplyErrorFormat, CR and LF inside the message become spaces.

/** errBegin was called: the next errStr / errBytes carries the error code (errorstats.ts). */
let errCodePending: bool = false;

export function errBegin(c: Client): void {
  statErrorReplies++;
  errCodePending = true;
  if (replyOff(c)) return;
  ensureOut(c, 1);
  putByte(c, 0x2d);
}

export function errStr(c: Client, s: string): void {
  if (errCodePending) {
    errCodePending = false;
    errorStatRecordStr(s);
  }
  if (replyOff(c)) return;
  ensureOut(c, s.length);
  putAscii(c, s);
}

export function errBytes(c: Client, p: usize, n: u32): void {
  if (errCodePending) {
    errCodePending = false;
    errorStatRecord(p, n);
  }
  if (replyOff(c)) return;
  ensureOut(c, n);
  const dst = c.obuf + c.olen;
  for (let i: u32 = 0; i < n; i++) {
    let b = load<u8>(p + i);
    if (b == 13 || b == 10) b = 32;
    store<u8>(dst + i, b);
  }
  c.olen += n;
}

export function errEnd(c: Client): void {
  if (replyOff(c)) return;
  ensureOut(c, 2);
  putCRLF(c);
}

export function addReplyLongLong(c: Client, v: i64): void {
  if (replyOff(c)) return;
  ensureOut(c, 24);
  putPrefixedInt(c, 0x3a, v);
}

export function addReplyNull(c: Client): void {
  addReplyProto(c, c.resp >= 3 ? "_\r\n" : "$-1\r\n");
}

/** The null *array* (RESP2 "*-1"), e.g. for a timed-out BLPOP or an aborted EXEC. */
export function addReplyNullArray(c: Client): void {
  addReplyProto(c, c.resp >= 3 ? "_\r\n" : "*-1\r\n");
}

export function addReplyBool(c: Client, v: bool): void {
  if (c.resp >= 3) addReplyProto(c, v ? "#t\r\n" : "#f\r\n");
  else addReplyProto(c, v ? ":1\r\n" : ":0\r\n");
}

// ---- aggregates ----------------------------------------------------------------------

export function addReplyArrayLen(c: Client, n: i64): void {
  if (replyOff(c)) return;
  ensureOut(c, 24);
  putPrefixedInt(c, 0x2a, n);
}

export function addReplyMapLen(c: Client, n: i64): void {
  if (replyOff(c)) return;
  ensureOut(c, 24);
  if (c.resp >= 3) putPrefixedInt(c, 0x25, n);
  else putPrefixedInt(c, 0x2a, n * 2);
}

export function addReplySetLen(c: Client, n: i64): void {
  if (replyOff(c)) return;
  ensureOut(c, 24);
  putPrefixedInt(c, c.resp >= 3 ? 0x7e : 0x2a, n);
}

/** RESP3 attribute/push headers are written by the host (pub/sub); not needed here. */

// ---- bulk strings --------------------------------------------------------------------

export function addReplyBulk(c: Client, p: usize, n: u32): void {
  if (replyOff(c)) return;
  ensureOut(c, n + 24);
  putPrefixedInt(c, 0x24, n);
  memory.copy(c.obuf + c.olen, p, n);
  c.olen += n;
  putCRLF(c);
}

/** Bulk string from an ASCII AS string. */
export function addReplyBulkStr(c: Client, s: string): void {
  if (replyOff(c)) return;
  ensureOut(c, s.length + 24);
  putPrefixedInt(c, 0x24, s.length);
  putAscii(c, s);
  putCRLF(c);
}

/** Bulk string holding the decimal form of v (Redis: addReplyBulkLongLong). */
export function addReplyBulkLongLong(c: Client, v: i64): void {
  if (replyOff(c)) return;
  ensureOut(c, 40);
  const tmp = c.obuf + c.olen + 16; // format past where the header will go, then slide
  const n = ll2string(tmp, v);
  putPrefixedInt(c, 0x24, n);
  memory.copy(c.obuf + c.olen, tmp, n);
  c.olen += n;
  putCRLF(c);
}

/**
 * A double (Redis 7.0: addReplyDouble): "%.17g" as a bulk string under RESP2, a RESP3 double
 * ",<%.17g>" otherwise; infinities are "inf" / "-inf" in both (util/number.ts fmtG17).
 */
export function addReplyDouble(c: Client, d: f64): void {
  if (replyOff(c)) return;
  ensureOut(c, 64);
  if (c.resp >= 3) {
    putByte(c, 0x2c);
    c.olen += fmtG17(c.obuf + c.olen, d);
    putCRLF(c);
    return;
  }
  const tmp = c.obuf + c.olen + 16; // format past where the header will go, then slide
  const n = fmtG17(tmp, d);
  putPrefixedInt(c, 0x24, n);
  memory.copy(c.obuf + c.olen, tmp, n);
  c.olen += n;
  putCRLF(c);
}

/** Verbatim string (RESP3 "=", format "txt"); a bulk string under RESP2. */
export function addReplyVerbatim(c: Client, p: usize, n: u32): void {
  if (c.resp < 3) {
    addReplyBulk(c, p, n);
    return;
  }
  if (replyOff(c)) return;
  ensureOut(c, n + 28);
  putPrefixedInt(c, 0x3d, n + 4);
  putAscii(c, "txt:");
  memory.copy(c.obuf + c.olen, p, n);
  c.olen += n;
  putCRLF(c);
}

// ---- deferred lengths ----------------------------------------------------------------

/** Marks where an aggregate's header will go; returns a handle for setDeferred*Len. */
export function addReplyDeferredLen(c: Client): i64 {
  if (replyOff(c)) return -1;
  return <i64>c.olen;
}

function setDeferred(c: Client, at: i64, prefix: u8, n: i64): void {
  if (at < 0) return;
  // Format the header in spare room past the end (at most 23 bytes, so it cannot overlap
  // the body once the body slides right by the header's length), then insert it.
  ensureOut(c, 48);
  const hdr = c.obuf + c.olen + 24;
  store<u8>(hdr, prefix);
  let hl = 1 + ll2string(hdr + 1, n);
  store<u16>(hdr + hl, 0x0a0d);
  hl += 2;
  const start = c.obuf + <usize>at;
  memory.copy(start + hl, start, c.olen - <u32>at);
  memory.copy(start, hdr, hl);
  c.olen += hl;
}

export function setDeferredArrayLen(c: Client, at: i64, n: i64): void {
  setDeferred(c, at, 0x2a, n);
}

export function setDeferredMapLen(c: Client, at: i64, n: i64): void {
  if (c.resp >= 3) setDeferred(c, at, 0x25, n);
  else setDeferred(c, at, 0x2a, n * 2);
}

export function setDeferredSetLen(c: Client, at: i64, n: i64): void {
  setDeferred(c, at, c.resp >= 3 ? 0x7e : 0x2a, n);
}
