// stream.ts — the stream type's commands (Redis: t_stream.c's command half): XADD XRANGE
// XREVRANGE XLEN XDEL XTRIM XSETID XREAD XREADGROUP XGROUP (CREATE SETID DESTROY
// CREATECONSUMER DELCONSUMER HELP) XACK XPENDING XCLAIM XAUTOCLAIM XINFO (STREAM [FULL]
// GROUPS CONSUMERS HELP).
//
// The data structure (nodes of listpacks in Redis's format under a B+tree, consumer groups,
// PELs, NACKs) is ds/stream.ts; this file is argument parsing, replies, propagation and
// blocking, written to follow Redis 7.0.15 step by step, because much of what a client sees
// depends on the order of Redis's checks (which error wins), on its C-string handling of
// some arguments (an ID or option is read up to a NUL byte; IDs longer than 127 bytes are
// invalid) and on its number parsing (string2ull: strict integers first, then strtoull,
// which accepts leading blanks and a sign in the sequence part: "5- 3", "5--0").
//
// IDs: 128 bits (ms, seq). Automatic IDs use the engine clock (db.ts nowMs), never going
// back: same ms -> seq + 1. Replies format them as "ms-seq" bulk strings.
//
// Propagation (AOF / replicas), as Redis 7.0.15 rewrites it:
//   * XADD with `*` or `ms-*` propagates the ID it generated; an approximate trim (`~`)
//     propagates as exact (`=`) with the resulting length (MAXLEN) or first ID (MINID), so a
//     replica ends up with the same entries; XTRIM ~ likewise when it removed something;
//   * XREADGROUP propagates, for each entry it delivered, `XCLAIM key group consumer 0 id
//     TIME ms RETRYCOUNT n FORCE JUSTID LASTID last-id` (which carries the group's new last
//     ID); a NOACK read, which creates no PEL entry, propagates the consumer's creation
//     (`XGROUP CREATECONSUMER`) and `XGROUP SETID key group last-id ENTRIESREAD n`;
//   * XCLAIM / XAUTOCLAIM propagate one XCLAIM per claimed entry (the same idempotent form;
//     entries deleted from the stream are propagated with their old owner so the replica
//     drops them too), XCLAIM's LASTID as XGROUP SETID;
//   * several propagated commands of one command are wrapped in MULTI/EXEC, as Redis wraps a
//     command's also-propagated commands; everything else propagates as received.
// Left for the persistence issue: AOF/replica clients must ignore LIMIT (Redis's
// mustObeyClient), and the RDB format of these nodes and groups.
//
// Blocking: XREAD and XREADGROUP with BLOCK use db/blocking.ts. The IDs the client waits
// for are resolved when it blocks (`$` = the stream's last ID then; `>` = the group's last
// delivered ID, re-read at every retry) and kept in the client's bpopData. XADD signals the
// key ready every time (not only when it creates the stream), XGROUP DESTROY too (waiters
// on that group get -NOGROUP). A served client gets its entries, at most COUNT (1000 by
// default), and its effects are propagated as above.

import { argLen, argPtr, Client } from "../client";
import { addReplyArrayLen, addReplyBulk, addReplyBulkStr, addReplyDeferredLen, addReplyError,
  addReplyLongLong, addReplyMapLen, addReplyNull, addReplyNullArray, addReplyOK, errBegin, errBytes, errEnd,
  errStr, setDeferredArrayLen, setDeferredMapLen } from "../resp/reply";
import { ERR_NO_SUCH_KEY, ERR_SYNTAX, ERR_TIMEOUT_NEGATIVE, ERR_STREAM_INVALID_ID, ERR_XADD_ID_ZERO,
  ERR_XADD_ID_SMALL, ERR_XADD_EXHAUSTED, ERR_XADD_TOO_LARGE, ERR_STREAM_INVALID_START, ERR_STREAM_INVALID_END,
  ERR_XMAXLEN_AND_MINID, ERR_XMAXLEN_NEGATIVE, ERR_XLIMIT_NEGATIVE, ERR_XLIMIT_NO_STRATEGY,
  ERR_XTRIM_NO_STRATEGY, ERR_XLIMIT_NO_TILDE, ERR_TIMEOUT_NOT_INTEGER, ERR_XREAD_GROUP, ERR_XREAD_NOACK,
  ERR_XREADGROUP_NO_GROUP, ERR_XREADGROUP_DOLLAR, ERR_XREAD_GT, ERR_XREAD_UNBALANCED, ERR_NOGROUP_BLOCKED,
  ERR_BUSYGROUP, ERR_XGROUP_NO_KEY, ERR_XENTRIESREAD, ERR_XCLAIM_MINIDLE, ERR_XCLAIM_IDLE, ERR_XCLAIM_TIME,
  ERR_XCLAIM_RETRYCOUNT, ERR_XAUTOCLAIM_MINIDLE, ERR_XAUTOCLAIM_COUNT, ERR_XAUTOCLAIM_NOMEM,
  ERR_XSETID_ENTRIES_ADDED, ERR_XSETID_MAXDEL_ARG, ERR_XSETID_SMALL, ERR_XSETID_ENTRIES_SMALL } from "../resp/errors";
import { notifyKeyspaceEvent, NOTIFY_STREAM } from "../db/notify";
import { addDirty, dbAddEntry, dirty, lastHash, lookupKey, lookupKeyRead, lookupKeyWrite, LOOKUP_NOSTATS,
  lruClock, nowMs } from "../db/db";
import { ENC_STREAM, entryNew, entryType, entryVal, OBJ_STREAM, setEntryVal } from "../db/object";
import { argInt, checkType, getLongLongOrReply, getRangeLongOrReply } from "./common";
import { addReplyHelpText } from "./connection";
import { effectsCut, effectsLen, propagateArg, propagateArgInt, propagateArgStr, propagateBegin, propagateEnd,
  propagationEnabled } from "../db/effects";
import { preventDefaultPropagation, replyWrongArity } from "../server";
import { blockForKeys, clientDenyBlocking, SERVE_DONE, SERVE_SKIP, signalKeyAsReady } from "../db/blocking";
import { CMD_XADD, CMD_XREADGROUP } from "../commands/table.gen";
import { zmalloc, zrealloc } from "../mem/alloc";
import { parsedLL, string2ll, ull2string } from "../util/number";
import { streamNodeMaxEntries } from "../config";
import { IdtIter, idtCount, idtFind, idtInsert, idtDelete, idtIterRec, idtNext, idtSeekFirst, idtSeekGE,
  idtSeekLast, recMs, recSeq, recVal } from "../ds/idtree";
import { addedMs, addedSeq, APPEND_EDOM, APPEND_OK, arrAt, arrLen, consumerName, consumerNameLen, consumerPel,
  consumerSeenTime, consumerSetSeenTime, edgeMs, edgeSeq, groupConsumerCount, groupConsumers, groupEntriesRead,
  groupLastMs, groupLastSeq, groupName, groupNameLen, groupPel, groupSetEntriesRead, groupSetLastId, idCmp,
  idDecr, idIncr, idMs, idSeq, nackConsumer, nackCount, nackNew, nackSetConsumer, nackSetCount, nackSetTime,
  nackTime, pelRemove, SCG_INVALID_ENTRIES_READ, streamAppendItem, streamCreateCG, streamCreateConsumer,
  streamDelConsumer, streamDeleteItem, streamDestroyCG, streamEntriesAdded, streamEntryExists,
  streamEstimateDistanceFromFirstEverEntry, streamFirstMs, streamFirstSeq, streamGetEdgeID, streamGroups,
  StreamIterator, streamIteratorGetField, streamIteratorGetID, streamIteratorNew, streamIteratorStart,
  streamLastMs, streamLastSeq, streamLastValidID, streamLength, streamLookupCG, streamLookupConsumer,
  streamMaxDelMs, streamMaxDelSeq, streamNew, streamNodeCount, streamRangeHasTombstones, streamRaxNodes,
  streamSetEntriesAdded, streamSetLastId, streamSetMaxDeleted, streamSetFirstId, streamTrim,
  TRIM_STRATEGY_MAXLEN, TRIM_STRATEGY_MINID, TRIM_STRATEGY_NONE } from "../ds/stream";

// ---- C-string views of arguments -------------------------------------------------------------------

/** Length of (p, n) read as a C string: up to the first NUL. */
function cstrLen(p: usize, n: u32): u32 {
  for (let i: u32 = 0; i < n; i++) if (load<u8>(p + i) == 0) return i;
  return n;
}

/** strcasecmp(argv[i], lit) == 0: a case-insensitive match of the argument read as a C string. */
function optIs(c: Client, i: i32, lit: string): bool {
  const p = argPtr(c, i);
  const n = cstrLen(p, argLen(c, i));
  if (n != <u32>lit.length) return false;
  for (let j: u32 = 0; j < n; j++) {
    let b = load<u8>(p + j);
    if (b >= 65 && b <= 90) b += 32;
    if (b != <u8>lit.charCodeAt(j)) return false;
  }
  return true;
}

/** strcmp(argv[i], s) == 0 for a one-character s ("$", ">", "~", "=", "*"). */
@inline function argIsChar(c: Client, i: i32, ch: u8): bool {
  const p = argPtr(c, i);
  const n = argLen(c, i);
  return n >= 1 && load<u8>(p) == ch && (n == 1 || load<u8>(p + 1) == 0);
}

// ---- ID parsing ---------------------------------------------------------------------------------

let ullVal: u64 = 0;

@inline function isSpace(b: u32): bool {
  return b == 32 || (b >= 9 && b <= 13);
}

/** Redis's string2ull: string2ll (non-negative), else strtoull base 10 over the whole string. */
function string2ull(p: usize, n: u32): bool {
  if (string2ll(p, <i32>n)) {
    if (parsedLL < 0) return false;
    ullVal = <u64>parsedLL;
    return true;
  }
  let i: u32 = 0;
  while (i < n && isSpace(<u32>load<u8>(p + i))) i++;
  let neg = false;
  if (i < n) {
    const b = load<u8>(p + i);
    if (b == 0x2b || b == 0x2d) {
      neg = b == 0x2d;
      i++;
    }
  }
  if (i >= n) return false;
  let v: u64 = 0;
  let overflow = false;
  let digits = 0;
  while (i < n) {
    const d = <u32>load<u8>(p + i) - 0x30;
    if (d > 9) break;
    if (v > (u64.MAX_VALUE - <u64>d) / 10) overflow = true;
    else v = v * 10 + <u64>d;
    digits++;
    i++;
  }
  if (digits == 0 || i != n || overflow) return false;
  ullVal = neg ? <u64>0 - v : v;
  return true;
}

/** The ID parsed last: (pMs, pSeq); pSeqGiven is false for the "ms-*" form. */
let pMs: u64 = 0;
let pSeq: u64 = 0;
let pSeqGiven: bool = true;
let pExclude: bool = false;

/**
 * Redis: streamGenericParseIDOrReply (without the reply). `strict` rejects "-" and "+";
 * `seqStar` accepts "ms-*"; a missing sequence is `missingSeq`.
 */
function parseID(p: usize, n: u32, strict: bool, missingSeq: u64, seqStar: bool): bool {
  if (n > 127) return false;
  const len = cstrLen(p, n);
  const b0 = len > 0 ? load<u8>(p) : 0;
  if (strict && len == 1 && (b0 == 0x2d || b0 == 0x2b)) return false;
  pSeqGiven = true;
  if (len == 1 && b0 == 0x2d) {
    pMs = 0;
    pSeq = 0;
    return true;
  }
  if (len == 1 && b0 == 0x2b) {
    pMs = u64.MAX_VALUE;
    pSeq = u64.MAX_VALUE;
    return true;
  }
  let dot: i32 = -1;
  for (let i: u32 = 0; i < len; i++) {
    if (load<u8>(p + i) == 0x2d) {
      dot = <i32>i;
      break;
    }
  }
  const msLen: u32 = dot >= 0 ? <u32>dot : len;
  if (!string2ull(p, msLen)) return false;
  const ms = ullVal;
  let seq: u64 = missingSeq;
  if (dot >= 0) {
    const sp = p + <usize>dot + 1;
    const sl = len - <u32>dot - 1;
    if (seqStar && sl == 1 && load<u8>(sp) == 0x2a) {
      seq = 0;
      pSeqGiven = false;
    } else {
      if (!string2ull(sp, sl)) return false;
      seq = ullVal;
    }
  }
  pMs = ms;
  pSeq = seq;
  return true;
}

/** streamParseStrictIDOrReply. */
function parseStrictIDOrReply(c: Client, i: i32, missingSeq: u64, seqStar: bool): bool {
  if (parseID(argPtr(c, i), argLen(c, i), true, missingSeq, seqStar)) return true;
  addReplyError(c, ERR_STREAM_INVALID_ID);
  return false;
}

/** streamParseIDOrReply. */
function parseIDOrReply(c: Client, i: i32, missingSeq: u64): bool {
  if (parseID(argPtr(c, i), argLen(c, i), false, missingSeq, false)) return true;
  addReplyError(c, ERR_STREAM_INVALID_ID);
  return false;
}

/** streamParseIntervalIDOrReply: "(id" is exclusive (pExclude) and strict. */
function parseIntervalIDOrReply(c: Client, i: i32, missingSeq: u64): bool {
  const p = argPtr(c, i);
  const n = argLen(c, i);
  pExclude = n > 1 && load<u8>(p) == 0x28;
  const ok = pExclude ? parseID(p + 1, n - 1, true, missingSeq, false) : parseID(p, n, false, missingSeq, false);
  if (!ok) addReplyError(c, ERR_STREAM_INVALID_ID);
  return ok;
}

// ---- replies ----------------------------------------------------------------------------------------

const idBuf = memory.data(48);

/** Formats "ms-seq" at idBuf; returns its length. */
function formatID(ms: u64, seq: u64): u32 {
  let n = ull2string(idBuf, ms);
  store<u8>(idBuf + <usize>n, 0x2d);
  n++;
  n += ull2string(idBuf + <usize>n, seq);
  return <u32>n;
}

function addReplyStreamID(c: Client, ms: u64, seq: u64): void {
  addReplyBulk(c, idBuf, formatID(ms, seq));
}

/** Error "<prefix>'<a>'<mid>'<b>'<suffix>" with a and b arguments read as C strings. */
function errTwoNames(c: Client, prefix: string, a: i32, mid: string, b: i32, suffix: string): void {
  errBegin(c);
  errStr(c, prefix);
  errBytes(c, argPtr(c, a), cstrLen(argPtr(c, a), argLen(c, a)));
  errStr(c, mid);
  errBytes(c, argPtr(c, b), cstrLen(argPtr(c, b), argLen(c, b)));
  errStr(c, suffix);
  errEnd(c);
}

/** addReplySubcommandSyntaxError: "unknown subcommand or wrong number of arguments for '<sub>'. Try X HELP." */
function replySubcommandSyntaxError(c: Client, cmd: string): void {
  errBegin(c);
  errStr(c, "ERR unknown subcommand or wrong number of arguments for '");
  const p = argPtr(c, 1);
  let n = cstrLen(p, argLen(c, 1));
  if (n > 128) n = 128;
  errBytes(c, p, n);
  errStr(c, "'. Try ");
  errStr(c, cmd);
  errStr(c, " HELP.");
  errEnd(c);
}

// ---- propagation --------------------------------------------------------------------------------

let propStart: u32 = 0;
let propMultiLen: u32 = 0;
let propOps: i32 = 0;

/** Starts collecting a command's propagated commands (MULTI written ahead, dropped if unneeded). */
function propOpen(c: Client): void {
  propOps = 0;
  if (!propagationEnabled) return;
  propStart = effectsLen;
  propagateBegin(c.dbIndex, 1);
  propagateArgStr("MULTI");
  propagateEnd();
  propMultiLen = effectsLen - propStart;
}

/** Ends the collection: EXEC after several commands, no MULTI for one or none. */
function propClose(c: Client): void {
  if (!propagationEnabled) return;
  if (propOps > 1) {
    propagateBegin(c.dbIndex, 1);
    propagateArgStr("EXEC");
    propagateEnd();
  } else {
    effectsCut(propStart, propMultiLen);
  }
}

/** Not propagating the command as received (its effects were), when it counted as a write. */
function suppressArgvPropagation(before: u64): void {
  if (propagationEnabled && dirty != before) preventDefaultPropagation();
}

/**
 * XCLAIM key group consumer 0 id TIME ms RETRYCOUNT n FORCE JUSTID LASTID last-id: the
 * idempotent form of a delivery or claim (Redis: streamPropagateXCLAIM).
 */
function propagateXclaim(c: Client, kp: usize, kl: u32, gp: usize, gl: u32, idp: usize, idl: u32, nk: usize,
                         group: usize): void {
  if (!propagationEnabled) return;
  const owner = nackConsumer(nk);
  propagateBegin(c.dbIndex, 14);
  propagateArgStr("XCLAIM");
  propagateArg(kp, kl);
  propagateArg(gp, gl);
  propagateArg(consumerName(owner), consumerNameLen(owner));
  propagateArgStr("0");
  propagateArg(idp, idl);
  propagateArgStr("TIME");
  propagateArgInt(nackTime(nk));
  propagateArgStr("RETRYCOUNT");
  propagateArgInt(<i64>nackCount(nk));
  propagateArgStr("FORCE");
  propagateArgStr("JUSTID");
  propagateArgStr("LASTID");
  const n = formatID(groupLastMs(group), groupLastSeq(group));
  propagateArg(idBuf, n);
  propagateEnd();
  propOps++;
}

/** XGROUP SETID key group last-id ENTRIESREAD n (Redis: streamPropagateGroupID). */
function propagateGroupID(c: Client, kp: usize, kl: u32, gp: usize, gl: u32, group: usize): void {
  if (!propagationEnabled) return;
  propagateBegin(c.dbIndex, 7);
  propagateArgStr("XGROUP");
  propagateArgStr("SETID");
  propagateArg(kp, kl);
  propagateArg(gp, gl);
  const n = formatID(groupLastMs(group), groupLastSeq(group));
  propagateArg(idBuf, n);
  propagateArgStr("ENTRIESREAD");
  propagateArgInt(groupEntriesRead(group));
  propagateEnd();
  propOps++;
}

/** XGROUP CREATECONSUMER key group consumer (Redis: streamPropagateConsumerCreation). */
function propagateConsumerCreation(c: Client, kp: usize, kl: u32, gp: usize, gl: u32, np: usize, nl: u32): void {
  if (!propagationEnabled) return;
  propagateBegin(c.dbIndex, 5);
  propagateArgStr("XGROUP");
  propagateArgStr("CREATECONSUMER");
  propagateArg(kp, kl);
  propagateArg(gp, gl);
  propagateArg(np, nl);
  propagateEnd();
  propOps++;
}

// ---- keys ---------------------------------------------------------------------------------------

@inline function streamOf(e: usize): usize {
  return <usize>entryVal(e);
}

/** A new empty stream under key (kp, kl), absent at hash h (createStreamObject + dbAdd). */
function streamCreateKey(c: Client, kp: usize, kl: u32, h: u32): usize {
  const e = entryNew(kp, kl, OBJ_STREAM, ENC_STREAM, 0, lruClock);
  setEntryVal(e, <u32>streamNew());
  dbAddEntry(c.db, e, h);
  return e;
}

/** The named consumer with its seen-time refreshed (streamLookupConsumer with SLC_DEFAULT). */
function lookupConsumerRefresh(cg: usize, np: usize, nl: u32): usize {
  const cons = streamLookupConsumer(cg, np, nl);
  if (cons != 0) consumerSetSeenTime(cons, nowMs);
  return cons;
}

/** streamCreateConsumer: a new consumer counts as a write. */
function createConsumer(c: Client, cg: usize, np: usize, nl: u32, kp: usize, kl: u32): usize {
  const cons = streamCreateConsumer(cg, np, nl, nowMs);
  if (cons != 0) {
    addDirty(1);
    notifyKeyspaceEvent(NOTIFY_STREAM, "xgroup-createconsumer", kp, kl, c.dbIndex);
  }
  return cons;
}

// ---- streamReplyWithRange ----------------------------------------------------------------------------

const RWR_NOACK: i32 = 1;
const RWR_RAWENTRIES: i32 = 2;
const RWR_HISTORY: i32 = 4;

let rangeIt: StreamIterator = changetype<StreamIterator>(0);
const pelIt = changetype<IdtIter>(memory.data(offsetof<IdtIter>()));
const pelIt2 = changetype<IdtIter>(memory.data(offsetof<IdtIter>()));

function iter(): StreamIterator {
  if (changetype<usize>(rangeIt) == 0) rangeIt = streamIteratorNew();
  return rangeIt;
}

// Propagation context of a group read: key and group name (Redis: streamPropInfo).
let piKeyP: usize = 0;
let piKeyL: u32 = 0;
let piGroupP: usize = 0;
let piGroupL: u32 = 0;

/**
 * Replies the entries of s in [start, end], at most `count` (0 = all), forward or backward
 * (Redis: streamReplyWithRange). With a group: moves its last delivered ID, creates / moves
 * NACKs to `consumer` (not with NOACK) and, with `prop`, propagates each delivery; with
 * RWR_HISTORY it replies the consumer's own PEL instead. RWR_RAWENTRIES omits the array
 * header. Returns the number of entries emitted.
 */
function streamReplyWithRange(c: Client, s: usize, sms: u64, sseq: u64, ems: u64, eseq: u64, count: u64,
                              rev: bool, group: usize, consumer: usize, flags: i32, prop: bool): u64 {
  if (group != 0 && (flags & RWR_HISTORY) != 0) {
    return replyFromConsumerPEL(c, s, sms, sseq, count, consumer);
  }
  const noack = (flags & RWR_NOACK) != 0;
  const raw = (flags & RWR_RAWENTRIES) != 0;
  const lenAt = raw ? -1 : addReplyDeferredLen(c);
  const si = iter();
  streamIteratorStart(si, s, sms, sseq, ems, eseq, rev);
  let arraylen: u64 = 0;
  let propagateLastId = false;
  while (streamIteratorGetID(si)) {
    const ms = si.idMs;
    const seq = si.idSeq;
    if (group != 0 && idCmp(ms, seq, groupLastMs(group), groupLastSeq(group)) > 0) {
      const er = groupEntriesRead(group);
      if (er != SCG_INVALID_ENTRIES_READ && !streamRangeHasTombstones(s, ms, seq, u64.MAX_VALUE, u64.MAX_VALUE)) {
        groupSetEntriesRead(group, er + 1);
      } else if (streamEntriesAdded(s) != 0) {
        groupSetEntriesRead(group, streamEstimateDistanceFromFirstEverEntry(s, ms, seq));
      }
      groupSetLastId(group, ms, seq);
      // Only NOACK reads propagate the group's ID: otherwise each XCLAIM carries it (LASTID).
      if (noack) propagateLastId = true;
    }
    addReplyArrayLen(c, 2);
    addReplyStreamID(c, ms, seq);
    let nf = si.numFields;
    addReplyArrayLen(c, nf * 2);
    while (nf-- > 0) {
      streamIteratorGetField(si);
      addReplyBulk(c, si.fieldPtr, si.fieldLen);
      addReplyBulk(c, si.valuePtr, si.valueLen);
    }
    if (group != 0 && !noack) {
      const pel = groupPel(group);
      const r = idtFind(pel, ms, seq);
      let nk: usize;
      if (r == 0) {
        nk = nackNew(consumer);
        nackSetTime(nk, nowMs);
        idtInsert(pel, ms, seq, <u32>nk);
        idtInsert(consumerPel(consumer), ms, seq, <u32>nk);
      } else {
        // Already pending (the group's ID was set back): it now belongs to this consumer.
        nk = <usize>recVal(r);
        const old = nackConsumer(nk);
        if (old != 0) idtDelete(consumerPel(old), ms, seq);
        nackSetConsumer(nk, consumer);
        nackSetTime(nk, nowMs);
        nackSetCount(nk, 1);
        idtInsert(consumerPel(consumer), ms, seq, <u32>nk);
      }
      if (prop) {
        const idl = formatID(ms, seq);
        const tmp = memory.data(48);
        memory.copy(tmp, idBuf, idl);
        propagateXclaim(c, piKeyP, piKeyL, piGroupP, piGroupL, tmp, idl, nk, group);
      }
    }
    arraylen++;
    if (count != 0 && count == arraylen) break;
  }
  if (prop && propagateLastId) propagateGroupID(c, piKeyP, piKeyL, piGroupP, piGroupL, group);
  if (!raw) setDeferredArrayLen(c, lenAt, <i64>arraylen);
  return arraylen;
}

/**
 * XREADGROUP with an ID other than ">": the consumer's pending entries from `start`
 * (Redis: streamReplyWithRangeFromConsumerPEL). An entry deleted from the stream meanwhile
 * shows as [id, nil]; the others count one more delivery, now.
 */
function replyFromConsumerPEL(c: Client, s: usize, sms: u64, sseq: u64, count: u64, consumer: usize): u64 {
  const lenAt = addReplyDeferredLen(c);
  let arraylen: u64 = 0;
  idtSeekGE(consumerPel(consumer), pelIt, sms, sseq);
  let r = idtIterRec(pelIt);
  while (r != 0 && (count == 0 || arraylen < count)) {
    const ms = recMs(r);
    const seq = recSeq(r);
    if (streamReplyWithRange(c, s, ms, seq, ms, seq, 1, false, 0, 0, RWR_RAWENTRIES, false) == 0) {
      addReplyArrayLen(c, 2);
      addReplyStreamID(c, ms, seq);
      addReplyNullArray(c);
    } else {
      const nk = <usize>recVal(r);
      nackSetTime(nk, nowMs);
      nackSetCount(nk, nackCount(nk) + 1);
    }
    arraylen++;
    idtNext(pelIt);
    r = idtIterRec(pelIt);
  }
  setDeferredArrayLen(c, lenAt, <i64>arraylen);
  return arraylen;
}

// ---- XADD / XTRIM argument parsing --------------------------------------------------------------------

// Redis: streamAddTrimArgs
let taStrategy: i32 = TRIM_STRATEGY_NONE;
let taStrategyArg: i32 = 0;
let taApprox: bool = false;
let taLimit: i64 = 0;
let taMaxlen: i64 = 0;
let taMinMs: u64 = 0;
let taMinSeq: u64 = 0;
let taIdGiven: bool = false;
let taSeqGiven: bool = true;
let taMs: u64 = 0;
let taSeq: u64 = 0;
let taNoMkstream: bool = false;

/**
 * Parses XADD / XTRIM options (Redis: streamParseAddOrTrimArgsOrReply). Returns the index
 * where parsing stopped (XADD: the ID argument), or -1 after replying an error.
 */
function parseAddTrimArgs(c: Client, xadd: bool): i32 {
  taStrategy = TRIM_STRATEGY_NONE;
  taStrategyArg = 0;
  taApprox = false;
  taLimit = 0;
  taMaxlen = 0;
  taMinMs = 0;
  taMinSeq = 0;
  taIdGiven = false;
  taSeqGiven = true;
  taMs = 0;
  taSeq = 0;
  taNoMkstream = false;
  let limitGiven = false;
  let i = 2;
  for (; i < c.argc; i++) {
    const moreargs = c.argc - 1 - i;
    if (xadd && argIsChar(c, i, 0x2a)) {
      break; // "*": the common case, an automatic ID
    } else if (moreargs > 0 && optIs(c, i, "maxlen")) {
      if (taStrategy != TRIM_STRATEGY_NONE) {
        addReplyError(c, ERR_XMAXLEN_AND_MINID);
        return -1;
      }
      taApprox = false;
      if (moreargs >= 2 && argIsChar(c, i + 1, 0x7e)) {
        taApprox = true;
        i++;
      } else if (moreargs >= 2 && argIsChar(c, i + 1, 0x3d)) {
        i++;
      }
      if (!getLongLongOrReply(c, i + 1)) return -1;
      taMaxlen = argInt;
      if (taMaxlen < 0) {
        addReplyError(c, ERR_XMAXLEN_NEGATIVE);
        return -1;
      }
      i++;
      taStrategy = TRIM_STRATEGY_MAXLEN;
      taStrategyArg = i;
    } else if (moreargs > 0 && optIs(c, i, "minid")) {
      if (taStrategy != TRIM_STRATEGY_NONE) {
        addReplyError(c, ERR_XMAXLEN_AND_MINID);
        return -1;
      }
      taApprox = false;
      if (moreargs >= 2 && argIsChar(c, i + 1, 0x7e)) {
        taApprox = true;
        i++;
      } else if (moreargs >= 2 && argIsChar(c, i + 1, 0x3d)) {
        i++;
      }
      if (!parseStrictIDOrReply(c, i + 1, 0, false)) return -1;
      taMinMs = pMs;
      taMinSeq = pSeq;
      i++;
      taStrategy = TRIM_STRATEGY_MINID;
      taStrategyArg = i;
    } else if (moreargs > 0 && optIs(c, i, "limit")) {
      if (!getLongLongOrReply(c, i + 1)) return -1;
      taLimit = argInt;
      if (taLimit < 0) {
        addReplyError(c, ERR_XLIMIT_NEGATIVE);
        return -1;
      }
      limitGiven = true;
      i++;
    } else if (xadd && optIs(c, i, "nomkstream")) {
      taNoMkstream = true;
    } else if (xadd) {
      // A syntax error or the ID.
      if (!parseStrictIDOrReply(c, i, 0, true)) return -1;
      taMs = pMs;
      taSeq = pSeq;
      taSeqGiven = pSeqGiven;
      taIdGiven = true;
      break;
    } else {
      addReplyError(c, ERR_SYNTAX);
      return -1;
    }
  }
  if (taLimit != 0 && taStrategy == TRIM_STRATEGY_NONE) {
    addReplyError(c, ERR_XLIMIT_NO_STRATEGY);
    return -1;
  }
  if (!xadd && taStrategy == TRIM_STRATEGY_NONE) {
    addReplyError(c, ERR_XTRIM_NO_STRATEGY);
    return -1;
  }
  if (limitGiven) {
    if (!taApprox) {
      addReplyError(c, ERR_XLIMIT_NO_TILDE);
      return -1;
    }
  } else if (taApprox) {
    // No LIMIT: at most 100 nodes' worth of entries per call.
    taLimit = 100 * streamNodeMaxEntries;
    if (taLimit <= 0 || taLimit > 1000000) taLimit = 10000;
  } else {
    taLimit = 0; // exact trimming is never limited
  }
  return i;
}

/**
 * Propagates XADD / XTRIM as received except: the ID argument (`idpos` >= 0) replaced by
 * the added ID, and after an approximate trim "~" replaced by "=" and the threshold by the
 * stream's length (MAXLEN) or first ID (MINID) (Redis: streamRewriteApproxSpecifier,
 * streamRewriteTrimArgument).
 */
function propagateAddTrim(c: Client, s: usize, idpos: i32, rewriteTrim: bool): void {
  propagateBegin(c.dbIndex, c.argc);
  for (let i = 0; i < c.argc; i++) {
    if (i == idpos) {
      const n = formatID(addedMs, addedSeq);
      propagateArg(idBuf, n);
    } else if (rewriteTrim && i == taStrategyArg - 1) {
      propagateArgStr("=");
    } else if (rewriteTrim && i == taStrategyArg) {
      if (taStrategy == TRIM_STRATEGY_MAXLEN) {
        propagateArgInt(<i64>streamLength(s));
      } else {
        const n = formatID(streamFirstMs(s), streamFirstSeq(s));
        propagateArg(idBuf, n);
      }
    } else {
      propagateArg(argPtr(c, i), argLen(c, i));
    }
  }
  propagateEnd();
  preventDefaultPropagation();
}

// ---- XADD ---------------------------------------------------------------------------------------

export function xaddCommand(c: Client): void {
  const idpos = parseAddTrimArgs(c, true);
  if (idpos < 0) return;
  const fieldPos = idpos + 1;
  const nargs = c.argc - fieldPos;
  if (nargs < 2 || (nargs % 2) == 1) {
    replyWrongArity(c, CMD_XADD);
    return;
  }
  // 0-0 is refused before the stream would be created.
  if (taIdGiven && taSeqGiven && taMs == 0 && taSeq == 0) {
    addReplyError(c, ERR_XADD_ID_ZERO);
    return;
  }
  const kp = argPtr(c, 1);
  const kl = argLen(c, 1);
  let e = lookupKeyWrite(c.db, kp, kl);
  const h = lastHash;
  if (checkType(c, e, OBJ_STREAM)) return;
  if (e == 0) {
    if (taNoMkstream) {
      addReplyNull(c);
      return;
    }
    e = streamCreateKey(c, kp, kl, h);
  }
  const s = streamOf(e);
  if (streamLastMs(s) == u64.MAX_VALUE && streamLastSeq(s) == u64.MAX_VALUE) {
    addReplyError(c, ERR_XADD_EXHAUSTED);
    return;
  }
  const r = streamAppendItem(s, c.argv + (<usize>fieldPos << 3), <i64>(nargs / 2), taIdGiven, taMs, taSeq,
    taSeqGiven, <u64>nowMs);
  if (r != APPEND_OK) {
    addReplyError(c, r == APPEND_EDOM ? ERR_XADD_ID_SMALL : ERR_XADD_TOO_LARGE);
    return;
  }
  addReplyStreamID(c, addedMs, addedSeq);
  addDirty(1);
  notifyKeyspaceEvent(NOTIFY_STREAM, "xadd", kp, kl, c.dbIndex);
  signalKeyAsReady(c.db, kp, kl, h);
  if (taStrategy != TRIM_STRATEGY_NONE) {
    if (streamTrim(s, taStrategy, taMaxlen, taMinMs, taMinSeq, taApprox, taLimit) != 0) {
      notifyKeyspaceEvent(NOTIFY_STREAM, "xtrim", kp, kl, c.dbIndex);
    }
  }
  if (propagationEnabled && (!taIdGiven || !taSeqGiven || taApprox)) {
    propagateAddTrim(c, s, taIdGiven && taSeqGiven ? -1 : idpos, taApprox);
  }
}

// ---- XTRIM --------------------------------------------------------------------------------------

export function xtrimCommand(c: Client): void {
  if (parseAddTrimArgs(c, false) < 0) return;
  const e = lookupKeyWrite(c.db, argPtr(c, 1), argLen(c, 1));
  if (e == 0) {
    addReplyLongLong(c, 0);
    return;
  }
  if (checkType(c, e, OBJ_STREAM)) return;
  const s = streamOf(e);
  const deleted = streamTrim(s, taStrategy, taMaxlen, taMinMs, taMinSeq, taApprox, taLimit);
  if (deleted != 0) {
    if (taApprox && propagationEnabled) propagateAddTrim(c, s, -1, true);
    addDirty(<u64>deleted);
    notifyKeyspaceEvent(NOTIFY_STREAM, "xtrim", argPtr(c, 1), argLen(c, 1), c.dbIndex);
  }
  addReplyLongLong(c, deleted);
}

// ---- XLEN / XRANGE / XREVRANGE / XDEL -------------------------------------------------------------------

export function xlenCommand(c: Client): void {
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (e == 0) {
    addReplyLongLong(c, 0);
    return;
  }
  if (checkType(c, e, OBJ_STREAM)) return;
  addReplyLongLong(c, <i64>streamLength(streamOf(e)));
}

function xrangeGeneric(c: Client, rev: bool): void {
  const startArg = rev ? 3 : 2;
  const endArg = rev ? 2 : 3;
  if (!parseIntervalIDOrReply(c, startArg, 0)) return;
  let sms = pMs;
  let sseq = pSeq;
  if (pExclude) {
    if (!idIncr(sms, sseq)) {
      addReplyError(c, ERR_STREAM_INVALID_START);
      return;
    }
    sms = idMs;
    sseq = idSeq;
  }
  if (!parseIntervalIDOrReply(c, endArg, u64.MAX_VALUE)) return;
  let ems = pMs;
  let eseq = pSeq;
  if (pExclude) {
    if (!idDecr(ems, eseq)) {
      addReplyError(c, ERR_STREAM_INVALID_END);
      return;
    }
    ems = idMs;
    eseq = idSeq;
  }
  let count: i64 = -1;
  for (let j = 4; j < c.argc; j++) {
    const additional = c.argc - j - 1;
    if (additional >= 1 && optIs(c, j, "count")) {
      if (!getLongLongOrReply(c, j + 1)) return;
      count = argInt < 0 ? 0 : argInt;
      j++;
    } else {
      addReplyError(c, ERR_SYNTAX);
      return;
    }
  }
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (e == 0) {
    addReplyArrayLen(c, 0);
    return;
  }
  if (checkType(c, e, OBJ_STREAM)) return;
  if (count == 0) {
    addReplyNullArray(c);
    return;
  }
  streamReplyWithRange(c, streamOf(e), sms, sseq, ems, eseq, count < 0 ? 0 : <u64>count, rev, 0, 0, 0, false);
}

export function xrangeCommand(c: Client): void {
  xrangeGeneric(c, false);
}

export function xrevrangeCommand(c: Client): void {
  xrangeGeneric(c, true);
}

/** Parsed IDs of XDEL / XACK (ms, seq pairs), reused. */
let idsBuf: usize = 0;
let idsCap: i32 = 0;

function idsReserve(n: i32): void {
  if (n <= idsCap) return;
  idsCap = n < 16 ? 16 : n;
  idsBuf = zrealloc(idsBuf, <usize>idsCap << 4);
}

export function xdelCommand(c: Client): void {
  const kp = argPtr(c, 1);
  const kl = argLen(c, 1);
  const e = lookupKeyWrite(c.db, kp, kl);
  if (e == 0) {
    addReplyLongLong(c, 0);
    return;
  }
  if (checkType(c, e, OBJ_STREAM)) return;
  const s = streamOf(e);
  const n = c.argc - 2;
  idsReserve(n);
  for (let j = 0; j < n; j++) {
    if (!parseStrictIDOrReply(c, j + 2, 0, false)) return;
    store<u64>(idsBuf + (<usize>j << 4), pMs);
    store<u64>(idsBuf + (<usize>j << 4), pSeq, 8);
  }
  let deleted: i64 = 0;
  let firstEntry = false;
  for (let j = 0; j < n; j++) {
    const ms = load<u64>(idsBuf + (<usize>j << 4));
    const seq = load<u64>(idsBuf + (<usize>j << 4), 8);
    if (streamDeleteItem(s, ms, seq)) {
      if (idCmp(ms, seq, streamFirstMs(s), streamFirstSeq(s)) == 0) firstEntry = true;
      if (idCmp(ms, seq, streamMaxDelMs(s), streamMaxDelSeq(s)) > 0) streamSetMaxDeleted(s, ms, seq);
      deleted++;
    }
  }
  if (deleted != 0) {
    if (streamLength(s) == 0) {
      streamSetFirstId(s, 0, 0);
    } else if (firstEntry) {
      streamGetEdgeID(s, true, true);
      streamSetFirstId(s, edgeMs, edgeSeq);
    }
    addDirty(<u64>deleted);
    notifyKeyspaceEvent(NOTIFY_STREAM, "xdel", argPtr(c, 1), argLen(c, 1), c.dbIndex);
  }
  addReplyLongLong(c, deleted);
}

// ---- XSETID -------------------------------------------------------------------------------------

export function xsetidCommand(c: Client): void {
  if (!parseStrictIDOrReply(c, 2, 0, false)) return;
  const ms = pMs;
  const seq = pSeq;
  let entriesAdded: i64 = -1;
  let dms: u64 = 0;
  let dseq: u64 = 0;
  let i = 3;
  while (i < c.argc) {
    const moreargs = c.argc - 1 - i;
    if (moreargs > 0 && optIs(c, i, "entriesadded")) {
      if (!getLongLongOrReply(c, i + 1)) return;
      entriesAdded = argInt;
      if (entriesAdded < 0) {
        addReplyError(c, ERR_XSETID_ENTRIES_ADDED);
        return;
      }
      i += 2;
    } else if (moreargs > 0 && optIs(c, i, "maxdeletedid")) {
      if (!parseStrictIDOrReply(c, i + 1, 0, false)) return;
      dms = pMs;
      dseq = pSeq;
      if (idCmp(ms, seq, dms, dseq) < 0) {
        addReplyError(c, ERR_XSETID_MAXDEL_ARG);
        return;
      }
      i += 2;
    } else {
      addReplyError(c, ERR_SYNTAX);
      return;
    }
  }
  const e = lookupKeyWrite(c.db, argPtr(c, 1), argLen(c, 1));
  if (e == 0) {
    addReplyError(c, ERR_NO_SUCH_KEY);
    return;
  }
  if (checkType(c, e, OBJ_STREAM)) return;
  const s = streamOf(e);
  if (streamLength(s) > 0) {
    streamLastValidID(s);
    if (idCmp(ms, seq, edgeMs, edgeSeq) < 0) {
      addReplyError(c, ERR_XSETID_SMALL);
      return;
    }
    if (entriesAdded != -1 && streamLength(s) > <u64>entriesAdded) {
      addReplyError(c, ERR_XSETID_ENTRIES_SMALL);
      return;
    }
  }
  streamSetLastId(s, ms, seq);
  if (entriesAdded != -1) streamSetEntriesAdded(s, <u64>entriesAdded);
  if (dms != 0 || dseq != 0) streamSetMaxDeleted(s, dms, dseq);
  addReplyOK(c);
  addDirty(1);
  notifyKeyspaceEvent(NOTIFY_STREAM, "xsetid", argPtr(c, 1), argLen(c, 1), c.dbIndex);
}

// ---- XREAD / XREADGROUP ---------------------------------------------------------------------------

/** Default COUNT of a blocked XREAD served later (XREAD_BLOCKED_DEFAULT_COUNT). */
const XREAD_BLOCKED_DEFAULT_COUNT: i64 = 1000;

// bpopData of a blocked XREAD / XREADGROUP:
//   +0 count i64 | +8 noack u32 | +12 group argv index (-1: XREAD) | +16 streams argv index |
//   +20 number of streams | +24 the IDs waited for, (ms u64, seq u64) per stream
const BD_COUNT: usize = 0;
const BD_NOACK: usize = 8;
const BD_GROUP: usize = 12;
const BD_STREAMS: usize = 16;
const BD_NSTREAMS: usize = 20;
const BD_IDS: usize = 24;

export function xreadCommand(c: Client): void {
  const xreadgroup = c.lastCmd == CMD_XREADGROUP;
  const before = dirty;
  let blocking = false;
  let timeout: i64 = 0;
  let count: i64 = 0;
  let streamsArg = 0;
  let streamsCount = 0;
  let noack = false;
  let groupArg = -1;
  for (let i = 1; i < c.argc; i++) {
    const moreargs = c.argc - i - 1;
    if (moreargs > 0 && optIs(c, i, "block")) {
      i++;
      if (!getLongLongOrReply(c, i, ERR_TIMEOUT_NOT_INTEGER)) return;
      timeout = argInt;
      if (timeout < 0) {
        addReplyError(c, ERR_TIMEOUT_NEGATIVE);
        return;
      }
      if (timeout > 0) {
        const t = timeout + nowMs;
        timeout = t <= 0 ? i64.MAX_VALUE : t; // an overflowing deadline waits forever
      }
      blocking = true;
    } else if (moreargs > 0 && optIs(c, i, "count")) {
      i++;
      if (!getLongLongOrReply(c, i)) return;
      count = argInt < 0 ? 0 : argInt;
    } else if (moreargs > 0 && optIs(c, i, "streams")) {
      streamsArg = i + 1;
      streamsCount = c.argc - streamsArg;
      if ((streamsCount % 2) != 0) {
        addReplyError(c, ERR_XREAD_UNBALANCED); // the same text for XREADGROUP in 7.0.15
        return;
      }
      streamsCount /= 2;
      break;
    } else if (moreargs >= 2 && optIs(c, i, "group")) {
      if (!xreadgroup) {
        addReplyError(c, ERR_XREAD_GROUP);
        return;
      }
      groupArg = i + 1;
      i += 2;
    } else if (optIs(c, i, "noack")) {
      if (!xreadgroup) {
        addReplyError(c, ERR_XREAD_NOACK);
        return;
      }
      noack = true;
    } else {
      addReplyError(c, ERR_SYNTAX);
      return;
    }
  }
  if (streamsArg == 0) {
    addReplyError(c, ERR_SYNTAX);
    return;
  }
  if (xreadgroup && groupArg < 0) {
    addReplyError(c, ERR_XREADGROUP_NO_GROUP);
    return;
  }

  // Resolve the IDs ($ and > included) and the groups.
  idsReserve(streamsCount * 2);
  const ids = idsBuf; // (ms, seq) per stream
  const groups = idsBuf + (<usize>streamsCount << 4); // group pointer per stream (u32 at +0 of 16 bytes)
  const gp = groupArg >= 0 ? argPtr(c, groupArg) : 0;
  const gl = groupArg >= 0 ? argLen(c, groupArg) : 0;
  for (let i = streamsArg + streamsCount; i < c.argc; i++) {
    const k = i - streamsArg - streamsCount;
    const keyArg = i - streamsCount;
    const e = lookupKeyRead(c.db, argPtr(c, keyArg), argLen(c, keyArg));
    if (checkType(c, e, OBJ_STREAM)) return;
    if (groupArg >= 0) {
      const g = e == 0 ? <usize>0 : streamLookupCG(streamOf(e), gp, gl);
      if (g == 0) {
        errTwoNames(c, "NOGROUP No such key '", keyArg, "' or consumer group '", groupArg,
          "' in XREADGROUP with GROUP option");
        return;
      }
      store<u32>(groups + (<usize>k << 4), <u32>g);
    }
    const slot = ids + (<usize>k << 4);
    if (argIsChar(c, i, 0x24)) { // "$"
      if (xreadgroup) {
        addReplyError(c, ERR_XREADGROUP_DOLLAR);
        return;
      }
      if (e != 0) {
        store<u64>(slot, streamLastMs(streamOf(e)));
        store<u64>(slot, streamLastSeq(streamOf(e)), 8);
      } else {
        store<u64>(slot, 0);
        store<u64>(slot, 0, 8);
      }
      continue;
    } else if (argIsChar(c, i, 0x3e)) { // ">"
      if (!xreadgroup) {
        addReplyError(c, ERR_XREAD_GT);
        return;
      }
      store<u64>(slot, u64.MAX_VALUE);
      store<u64>(slot, u64.MAX_VALUE, 8);
      continue;
    }
    if (!parseStrictIDOrReply(c, i, 0, false)) return;
    store<u64>(slot, pMs);
    store<u64>(slot, pSeq, 8);
  }

  // Serve what can be served now.
  if (xreadgroup) propOpen(c);
  let arraylen: i64 = 0;
  let lenAt: i64 = -1;
  for (let k = 0; k < streamsCount; k++) {
    const keyArg = streamsArg + k;
    const kp = argPtr(c, keyArg);
    const kl = argLen(c, keyArg);
    const e = lookupKeyRead(c.db, kp, kl);
    if (e == 0) continue;
    const s = streamOf(e);
    const slot = ids + (<usize>k << 4);
    let gms = load<u64>(slot);
    let gseq = load<u64>(slot, 8);
    const g = groupArg >= 0 ? <usize>load<u32>(groups + (<usize>k << 4)) : 0;
    let serve = false;
    let history = false;
    if (groupArg >= 0) {
      if (gms != u64.MAX_VALUE || gseq != u64.MAX_VALUE) {
        serve = true;
        history = true;
      } else if (streamLength(s) != 0) {
        streamLastValidID(s);
        if (idCmp(edgeMs, edgeSeq, groupLastMs(g), groupLastSeq(g)) > 0) {
          serve = true;
          gms = groupLastMs(g);
          gseq = groupLastSeq(g);
        }
      }
    } else if (streamLength(s) != 0) {
      streamLastValidID(s);
      if (idCmp(edgeMs, edgeSeq, gms, gseq) > 0) serve = true;
    }
    if (!serve) continue;
    arraylen++;
    if (arraylen == 1) lenAt = addReplyDeferredLen(c);
    idIncr(gms, gseq); // IDs greater than the one given (wraps to 0-0 after the last ID)
    const sms = idMs;
    const sseq = idSeq;
    if (c.resp == 2) addReplyArrayLen(c, 2);
    addReplyBulk(c, kp, kl);
    let consumer: usize = 0;
    if (g != 0) {
      const np = argPtr(c, groupArg + 1);
      const nl = argLen(c, groupArg + 1);
      consumer = lookupConsumerRefresh(g, np, nl);
      if (consumer == 0) {
        consumer = createConsumer(c, g, np, nl, kp, kl);
        if (noack) propagateConsumerCreation(c, kp, kl, gp, gl, np, nl);
      }
    }
    let flags = 0;
    if (noack) flags |= RWR_NOACK;
    if (history) flags |= RWR_HISTORY;
    piKeyP = kp;
    piKeyL = kl;
    piGroupP = gp;
    piGroupL = gl;
    streamReplyWithRange(c, s, sms, sseq, u64.MAX_VALUE, u64.MAX_VALUE, <u64>count, false, g, consumer, flags,
      g != 0);
    if (g != 0) addDirty(1);
  }
  if (xreadgroup) propClose(c);
  if (arraylen != 0) {
    if (c.resp == 2) setDeferredArrayLen(c, lenAt, arraylen);
    else setDeferredMapLen(c, lenAt, arraylen);
    if (xreadgroup) suppressArgvPropagation(before);
    return;
  }

  if (blocking) {
    // Not allowed to block (MULTI, scripts): answer as a timeout would.
    if (clientDenyBlocking(c)) {
      addReplyNullArray(c);
      if (xreadgroup) suppressArgvPropagation(before);
      return;
    }
    const data = zmalloc(BD_IDS + (<usize>streamsCount << 4));
    store<i64>(data, count != 0 ? count : XREAD_BLOCKED_DEFAULT_COUNT, BD_COUNT);
    store<u32>(data, noack ? 1 : 0, BD_NOACK);
    store<i32>(data, groupArg, BD_GROUP);
    store<i32>(data, streamsArg, BD_STREAMS);
    store<i32>(data, streamsCount, BD_NSTREAMS);
    memory.copy(data + BD_IDS, ids, <usize>streamsCount << 4);
    blockForKeys(c, streamsArg, streamsCount, 1, timeout);
    c.bpopData = data;
    if (xreadgroup) suppressArgvPropagation(before);
    return;
  }
  addReplyNullArray(c);
  if (xreadgroup) suppressArgvPropagation(before);
}

/**
 * A blocked XREAD / XREADGROUP retried because stream key (kp, kl) may have new entries
 * (Redis: serveClientsBlockedOnStreamKey). Replies [[key, entries]] (RESP3: {key: entries})
 * when the stream has entries past the ID waited for; a group that no longer exists ends
 * the wait with -NOGROUP.
 */
export function xreadServe(c: Client, kp: usize, kl: u32): i32 {
  const e = lookupKey(c.db, kp, kl, LOOKUP_NOSTATS);
  if (e == 0 || entryType(e) != OBJ_STREAM) return SERVE_SKIP;
  const s = streamOf(e);
  const data = c.bpopData;
  if (data == 0) return SERVE_SKIP;
  const streamsArg = load<i32>(data, BD_STREAMS);
  const n = load<i32>(data, BD_NSTREAMS);
  let k = 0;
  for (; k < n; k++) {
    const a = streamsArg + k;
    if (argLen(c, a) == kl && memory.compare(argPtr(c, a), kp, kl) == 0) break;
  }
  if (k == n) return SERVE_SKIP;
  const slot = data + BD_IDS + (<usize>k << 4);
  const groupArg = load<i32>(data, BD_GROUP);
  let g: usize = 0;
  const gp = groupArg >= 0 ? argPtr(c, groupArg) : 0;
  const gl = groupArg >= 0 ? argLen(c, groupArg) : 0;
  if (groupArg >= 0) {
    g = streamLookupCG(s, gp, gl);
    if (g == 0) {
      addReplyError(c, ERR_NOGROUP_BLOCKED);
      return SERVE_DONE;
    }
    store<u64>(slot, groupLastMs(g));
    store<u64>(slot, groupLastSeq(g), 8);
  }
  const gms = load<u64>(slot);
  const gseq = load<u64>(slot, 8);
  if (idCmp(streamLastMs(s), streamLastSeq(s), gms, gseq) <= 0) return SERVE_SKIP;
  idIncr(gms, gseq);
  const sms = idMs;
  const sseq = idSeq;
  const noack = load<u32>(data, BD_NOACK) != 0;
  propOpen(c);
  let consumer: usize = 0;
  if (g != 0) {
    const np = argPtr(c, groupArg + 1);
    const nl = argLen(c, groupArg + 1);
    consumer = lookupConsumerRefresh(g, np, nl);
    if (consumer == 0) {
      consumer = createConsumer(c, g, np, nl, kp, kl);
      if (noack) propagateConsumerCreation(c, kp, kl, gp, gl, np, nl);
    }
  }
  if (c.resp == 2) {
    addReplyArrayLen(c, 1);
    addReplyArrayLen(c, 2);
  } else {
    addReplyMapLen(c, 1);
  }
  addReplyBulk(c, kp, kl);
  piKeyP = kp;
  piKeyL = kl;
  piGroupP = gp;
  piGroupL = gl;
  streamReplyWithRange(c, s, sms, sseq, u64.MAX_VALUE, u64.MAX_VALUE, <u64>load<i64>(data, BD_COUNT), false, g,
    consumer, noack ? RWR_NOACK : 0, g != 0);
  propClose(c);
  return SERVE_DONE;
}

// ---- XGROUP -------------------------------------------------------------------------------------

const XGROUP_HELP =
  "XGROUP <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\n" +
  "CREATE <key> <groupname> <id|$> [option]\n" +
  "    Create a new consumer group. Options are:\n" +
  "    * MKSTREAM\n" +
  "      Create the empty stream if it does not exist.\n" +
  "    * ENTRIESREAD entries_read\n" +
  "      Set the group's entries_read counter (internal use).\n" +
  "CREATECONSUMER <key> <groupname> <consumer>\n" +
  "    Create a new consumer in the specified group.\n" +
  "DELCONSUMER <key> <groupname> <consumer>\n" +
  "    Remove the specified consumer.\n" +
  "DESTROY <key> <groupname>\n" +
  "    Remove the specified group.\n" +
  "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]\n" +
  "    Set the current group ID and entries_read counter.\n" +
  "HELP\n" +
  "    Prints this help.";

export function xgroupHelpCommand(c: Client): void {
  addReplyHelpText(c, XGROUP_HELP);
}

/** XGROUP CREATE / SETID / DESTROY / CREATECONSUMER / DELCONSUMER (Redis: xgroupCommand). */
export function xgroupCommand(c: Client): void {
  const create = optIs(c, 1, "create");
  const setid = optIs(c, 1, "setid");
  const destroy = optIs(c, 1, "destroy");
  const createconsumer = optIs(c, 1, "createconsumer");
  const delconsumer = optIs(c, 1, "delconsumer");
  let mkstream = false;
  let entriesRead: i64 = SCG_INVALID_ENTRIES_READ;
  let s: usize = 0;
  let cg: usize = 0;
  const kp = argPtr(c, 2);
  const kl = argLen(c, 2);
  const gp = argPtr(c, 3);
  const gl = argLen(c, 3);
  let h: u32 = 0;
  if (c.argc >= 4) {
    if (create) {
      let i = 5;
      while (i < c.argc) {
        if (optIs(c, i, "mkstream")) {
          mkstream = true;
          i++;
        } else if (optIs(c, i, "entriesread") && i + 1 < c.argc) {
          if (!getLongLongOrReply(c, i + 1)) return;
          entriesRead = argInt;
          if (entriesRead < 0 && entriesRead != SCG_INVALID_ENTRIES_READ) {
            addReplyError(c, ERR_XENTRIESREAD);
            return;
          }
          i += 2;
        } else {
          replySubcommandSyntaxError(c, "XGROUP");
          return;
        }
      }
    } else if (setid) {
      if (c.argc == 7) {
        if (optIs(c, 5, "entriesread")) {
          if (!getLongLongOrReply(c, 6)) return;
          entriesRead = argInt;
          if (entriesRead < 0 && entriesRead != SCG_INVALID_ENTRIES_READ) {
            addReplyError(c, ERR_XENTRIESREAD);
            return;
          }
        } else {
          replySubcommandSyntaxError(c, "XGROUP");
          return;
        }
      } else if (c.argc != 5) {
        replySubcommandSyntaxError(c, "XGROUP");
        return;
      }
    }
    const e = lookupKeyWrite(c.db, kp, kl);
    h = lastHash;
    if (e != 0) {
      if (checkType(c, e, OBJ_STREAM)) return;
      s = streamOf(e);
    }
    if (!mkstream) {
      if (s == 0) {
        addReplyError(c, ERR_XGROUP_NO_KEY);
        return;
      }
      cg = streamLookupCG(s, gp, gl);
      if (cg == 0 && (setid || createconsumer || delconsumer)) {
        errTwoNames(c, "NOGROUP No such consumer group '", 3, "' for key name '", 2, "'");
        return;
      }
    }
  }

  if (create && c.argc >= 5 && c.argc <= 8) {
    let ms: u64 = 0;
    let seq: u64 = 0;
    if (argIsChar(c, 4, 0x24)) {
      if (s != 0) {
        ms = streamLastMs(s);
        seq = streamLastSeq(s);
      }
    } else {
      if (!parseStrictIDOrReply(c, 4, 0, false)) return;
      ms = pMs;
      seq = pSeq;
    }
    if (s == 0) {
      const e = streamCreateKey(c, kp, kl, h);
      s = streamOf(e);
    }
    if (streamCreateCG(s, gp, gl, ms, seq, entriesRead) != 0) {
      addReplyOK(c);
      addDirty(1);
      notifyKeyspaceEvent(NOTIFY_STREAM, "xgroup-create", kp, kl, c.dbIndex);
    } else {
      addReplyError(c, ERR_BUSYGROUP);
    }
  } else if (setid && (c.argc == 5 || c.argc == 7)) {
    let ms: u64;
    let seq: u64;
    if (argIsChar(c, 4, 0x24)) {
      ms = streamLastMs(s);
      seq = streamLastSeq(s);
    } else {
      if (!parseIDOrReply(c, 4, 0)) return;
      ms = pMs;
      seq = pSeq;
    }
    groupSetLastId(cg, ms, seq);
    groupSetEntriesRead(cg, entriesRead);
    addReplyOK(c);
    addDirty(1);
    notifyKeyspaceEvent(NOTIFY_STREAM, "xgroup-setid", kp, kl, c.dbIndex);
  } else if (destroy && c.argc == 4) {
    if (cg != 0) {
      streamDestroyCG(s, gp, gl);
      addReplyLongLong(c, 1);
      addDirty(1);
      notifyKeyspaceEvent(NOTIFY_STREAM, "xgroup-destroy", kp, kl, c.dbIndex);
      // XREADGROUP clients blocked on this group get -NOGROUP.
      signalKeyAsReady(c.db, kp, kl, h);
    } else {
      addReplyLongLong(c, 0);
    }
  } else if (createconsumer && c.argc == 5) {
    const cons = createConsumer(c, cg, argPtr(c, 4), argLen(c, 4), kp, kl);
    addReplyLongLong(c, cons != 0 ? 1 : 0);
  } else if (delconsumer && c.argc == 5) {
    const pending = streamDelConsumer(cg, argPtr(c, 4), argLen(c, 4));
    addReplyLongLong(c, pending < 0 ? 0 : pending);
    if (pending >= 0) {
      addDirty(1); // deleting no consumer is not a write
      notifyKeyspaceEvent(NOTIFY_STREAM, "xgroup-delconsumer", kp, kl, c.dbIndex);
    }
  } else {
    replySubcommandSyntaxError(c, "XGROUP");
  }
}

// ---- XACK -----------------------------------------------------------------------------------------

export function xackCommand(c: Client): void {
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  let g: usize = 0;
  if (e != 0) {
    if (checkType(c, e, OBJ_STREAM)) return;
    g = streamLookupCG(streamOf(e), argPtr(c, 2), argLen(c, 2));
  }
  if (e == 0 || g == 0) {
    addReplyLongLong(c, 0);
    return;
  }
  const n = c.argc - 3;
  idsReserve(n);
  for (let j = 0; j < n; j++) {
    if (!parseStrictIDOrReply(c, j + 3, 0, false)) return;
    store<u64>(idsBuf + (<usize>j << 4), pMs);
    store<u64>(idsBuf + (<usize>j << 4), pSeq, 8);
  }
  let acked: i64 = 0;
  for (let j = 0; j < n; j++) {
    if (pelRemove(g, load<u64>(idsBuf + (<usize>j << 4)), load<u64>(idsBuf + (<usize>j << 4), 8))) {
      acked++;
      addDirty(1);
    }
  }
  addReplyLongLong(c, acked);
}

// ---- XPENDING -------------------------------------------------------------------------------------

export function xpendingCommand(c: Client): void {
  const justinfo = c.argc == 3;
  let sms: u64 = 0, sseq: u64 = 0, ems: u64 = 0, eseq: u64 = 0;
  let count: i64 = 0;
  let minidle: i64 = 0;
  let consumerArg = -1;
  if (c.argc != 3 && (c.argc < 6 || c.argc > 9)) {
    addReplyError(c, ERR_SYNTAX);
    return;
  }
  if (c.argc >= 6) {
    let startidx = 3;
    if (optIs(c, 3, "idle")) {
      if (!getLongLongOrReply(c, 4)) return;
      minidle = argInt;
      if (c.argc < 8) {
        addReplyError(c, ERR_SYNTAX);
        return;
      }
      startidx += 2;
    }
    if (!getLongLongOrReply(c, startidx + 2)) return;
    count = argInt < 0 ? 0 : argInt;
    if (!parseIntervalIDOrReply(c, startidx, 0)) return;
    sms = pMs;
    sseq = pSeq;
    if (pExclude) {
      if (!idIncr(sms, sseq)) {
        addReplyError(c, ERR_STREAM_INVALID_START);
        return;
      }
      sms = idMs;
      sseq = idSeq;
    }
    if (!parseIntervalIDOrReply(c, startidx + 1, u64.MAX_VALUE)) return;
    ems = pMs;
    eseq = pSeq;
    if (pExclude) {
      if (!idDecr(ems, eseq)) {
        addReplyError(c, ERR_STREAM_INVALID_END);
        return;
      }
      ems = idMs;
      eseq = idSeq;
    }
    if (startidx + 3 < c.argc) consumerArg = startidx + 3;
  }
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (checkType(c, e, OBJ_STREAM)) return;
  const g = e == 0 ? <usize>0 : streamLookupCG(streamOf(e), argPtr(c, 2), argLen(c, 2));
  if (g == 0) {
    errTwoNames(c, "NOGROUP No such key '", 1, "' or consumer group '", 2, "'");
    return;
  }
  const pel = groupPel(g);
  if (justinfo) {
    addReplyArrayLen(c, 4);
    addReplyLongLong(c, <i64>idtCount(pel));
    if (idtCount(pel) == 0) {
      addReplyNull(c);
      addReplyNull(c);
      addReplyNullArray(c);
      return;
    }
    idtSeekFirst(pel, pelIt);
    let r = idtIterRec(pelIt);
    addReplyStreamID(c, recMs(r), recSeq(r));
    idtSeekLast(pel, pelIt);
    r = idtIterRec(pelIt);
    addReplyStreamID(c, recMs(r), recSeq(r));
    const cs = groupConsumers(g);
    const n = cs == 0 ? <u32>0 : arrLen(cs);
    const lenAt = addReplyDeferredLen(c);
    let arraylen: i64 = 0;
    for (let i: u32 = 0; i < n; i++) {
      const cons = arrAt(cs, i);
      const pending = idtCount(consumerPel(cons));
      if (pending == 0) continue;
      addReplyArrayLen(c, 2);
      addReplyBulk(c, consumerName(cons), consumerNameLen(cons));
      addReplyBulkU64(c, pending);
      arraylen++;
    }
    setDeferredArrayLen(c, lenAt, arraylen);
    return;
  }
  let tree = pel;
  if (consumerArg >= 0) {
    const cons = streamLookupConsumer(g, argPtr(c, consumerArg), argLen(c, consumerArg));
    if (cons == 0) {
      addReplyArrayLen(c, 0);
      return;
    }
    tree = consumerPel(cons);
  }
  const now = nowMs;
  idtSeekGE(tree, pelIt, sms, sseq);
  const lenAt = addReplyDeferredLen(c);
  let arraylen: i64 = 0;
  let r = idtIterRec(pelIt);
  while (count != 0 && r != 0 && idCmp(recMs(r), recSeq(r), ems, eseq) <= 0) {
    const nk = <usize>recVal(r);
    const ms = recMs(r);
    const seq = recSeq(r);
    idtNext(pelIt);
    r = idtIterRec(pelIt);
    if (minidle != 0 && now - nackTime(nk) < minidle) continue;
    arraylen++;
    count--;
    addReplyArrayLen(c, 4);
    addReplyStreamID(c, ms, seq);
    const owner = nackConsumer(nk);
    addReplyBulk(c, consumerName(owner), consumerNameLen(owner));
    let elapsed = now - nackTime(nk);
    if (elapsed < 0) elapsed = 0;
    addReplyLongLong(c, elapsed);
    addReplyLongLong(c, <i64>nackCount(nk));
  }
  setDeferredArrayLen(c, lenAt, arraylen);
}

/** Bulk string of an unsigned counter (addReplyBulkLongLong of a size). */
function addReplyBulkU64(c: Client, v: u64): void {
  const n = ull2string(idBuf, v);
  addReplyBulk(c, idBuf, <u32>n);
}

// ---- XCLAIM -----------------------------------------------------------------------------------------

export function xclaimCommand(c: Client): void {
  const before = dirty;
  const kp = argPtr(c, 1);
  const kl = argLen(c, 1);
  const gp = argPtr(c, 2);
  const gl = argLen(c, 2);
  const e = lookupKeyRead(c.db, kp, kl);
  let g: usize = 0;
  if (e != 0) {
    if (checkType(c, e, OBJ_STREAM)) return;
    g = streamLookupCG(streamOf(e), gp, gl);
  }
  if (e == 0 || g == 0) {
    errTwoNames(c, "NOGROUP No such key '", 1, "' or consumer group '", 2, "'");
    return;
  }
  const s = streamOf(e);
  if (!getLongLongOrReply(c, 4, ERR_XCLAIM_MINIDLE)) return;
  const minidle: i64 = argInt < 0 ? 0 : argInt;
  // IDs first (all or nothing), then the options after them.
  let j = 5;
  for (; j < c.argc; j++) {
    if (!parseID(argPtr(c, j), argLen(c, j), true, 0, false)) break;
  }
  const lastIdArg = j - 1;
  const now = nowMs;
  let deliverytime: i64 = -1;
  let retrycount: i64 = -1;
  let force = false;
  let justid = false;
  let lms: u64 = 0, lseq: u64 = 0;
  for (; j < c.argc; j++) {
    const moreargs = c.argc - 1 - j;
    if (optIs(c, j, "force")) {
      force = true;
    } else if (optIs(c, j, "justid")) {
      justid = true;
    } else if (moreargs > 0 && optIs(c, j, "idle")) {
      j++;
      if (!getLongLongOrReply(c, j, ERR_XCLAIM_IDLE)) return;
      deliverytime = now - argInt;
    } else if (moreargs > 0 && optIs(c, j, "time")) {
      j++;
      if (!getLongLongOrReply(c, j, ERR_XCLAIM_TIME)) return;
      deliverytime = argInt;
    } else if (moreargs > 0 && optIs(c, j, "retrycount")) {
      j++;
      if (!getLongLongOrReply(c, j, ERR_XCLAIM_RETRYCOUNT)) return;
      retrycount = argInt;
    } else if (moreargs > 0 && optIs(c, j, "lastid")) {
      j++;
      if (!parseStrictIDOrReply(c, j, 0, false)) return;
      lms = pMs;
      lseq = pSeq;
    } else {
      errBegin(c);
      errStr(c, "ERR Unrecognized XCLAIM option '");
      errBytes(c, argPtr(c, j), cstrLen(argPtr(c, j), argLen(c, j)));
      errStr(c, "'");
      errEnd(c);
      return;
    }
  }
  let propagateLastId = false;
  if (idCmp(lms, lseq, groupLastMs(g), groupLastSeq(g)) > 0) {
    groupSetLastId(g, lms, lseq);
    propagateLastId = true;
  }
  if (deliverytime != -1) {
    // A bogus time (negative or in the future) means now.
    if (deliverytime < 0 || deliverytime > now) deliverytime = now;
  } else {
    deliverytime = now;
  }
  propOpen(c);
  let consumer: usize = 0;
  const np = argPtr(c, 3);
  const nl = argLen(c, 3);
  const lenAt = addReplyDeferredLen(c);
  let arraylen: i64 = 0;
  const pel = groupPel(g);
  for (let k = 5; k <= lastIdArg; k++) {
    parseID(argPtr(c, k), argLen(c, k), true, 0, false);
    const ms = pMs;
    const seq = pSeq;
    const r = idtFind(pel, ms, seq);
    let nk: usize = r == 0 ? 0 : <usize>recVal(r);
    if (!streamEntryExists(s, ms, seq)) {
      // The entry is gone: drop it from the PEL (and tell the replicas).
      if (nk != 0) {
        propagateXclaim(c, kp, kl, gp, gl, argPtr(c, k), argLen(c, k), nk, g);
        propagateLastId = false;
        addDirty(1);
        pelRemove(g, ms, seq);
      }
      continue;
    }
    if (force && nk == 0) {
      // FORCE creates the PEL entry (replicas and AOF use this form).
      nk = nackNew(0);
      idtInsert(pel, ms, seq, <u32>nk);
    }
    if (nk == 0) continue;
    if (nackConsumer(nk) != 0 && minidle != 0) {
      if (now - nackTime(nk) < minidle) continue;
    }
    if (consumer == 0) {
      consumer = lookupConsumerRefresh(g, np, nl);
      if (consumer == 0) consumer = createConsumer(c, g, np, nl, kp, kl);
    }
    const old = nackConsumer(nk);
    if (old != consumer && old != 0) idtDelete(consumerPel(old), ms, seq);
    nackSetTime(nk, deliverytime);
    if (retrycount >= 0) nackSetCount(nk, <u64>retrycount);
    else if (!justid) nackSetCount(nk, nackCount(nk) + 1);
    if (old != consumer) {
      idtInsert(consumerPel(consumer), ms, seq, <u32>nk);
      nackSetConsumer(nk, consumer);
    }
    if (justid) {
      addReplyStreamID(c, ms, seq);
    } else if (streamReplyWithRange(c, s, ms, seq, ms, seq, 1, false, 0, 0, RWR_RAWENTRIES, false) == 0) {
      addReplyNull(c);
    }
    arraylen++;
    propagateXclaim(c, kp, kl, gp, gl, argPtr(c, k), argLen(c, k), nk, g);
    propagateLastId = false;
    addDirty(1);
  }
  if (propagateLastId) {
    propagateGroupID(c, kp, kl, gp, gl, g);
    addDirty(1);
  }
  setDeferredArrayLen(c, lenAt, arraylen);
  propClose(c);
  suppressArgvPropagation(before);
}

// ---- XAUTOCLAIM ---------------------------------------------------------------------------------

/** Writes a bulk "ms-seq" at reply offset `at` (a deferred position), sliding what follows. */
function setDeferredStreamID(c: Client, at: i64, ms: u64, seq: u64): void {
  if (at < 0) return;
  const before = c.olen;
  addReplyStreamID(c, ms, seq);
  const n = c.olen - before;
  if (n == 0) return;
  // Rotate the just-written bytes to `at`.
  const tmp = memory.data(64);
  memory.copy(tmp, c.obuf + before, n);
  const start = c.obuf + <usize>at;
  memory.copy(start + n, start, before - <u32>at);
  memory.copy(start, tmp, n);
}

export function xautoclaimCommand(c: Client): void {
  const before = dirty;
  const kp = argPtr(c, 1);
  const kl = argLen(c, 1);
  const gp = argPtr(c, 2);
  const gl = argLen(c, 2);
  const e = lookupKeyRead(c.db, kp, kl);
  if (!getLongLongOrReply(c, 4, ERR_XAUTOCLAIM_MINIDLE)) return;
  const minidle: i64 = argInt < 0 ? 0 : argInt;
  if (!parseIntervalIDOrReply(c, 5, 0)) return;
  let sms = pMs;
  let sseq = pSeq;
  if (pExclude) {
    if (!idIncr(sms, sseq)) {
      addReplyError(c, ERR_STREAM_INVALID_START);
      return;
    }
    sms = idMs;
    sseq = idSeq;
  }
  let count: i64 = 100;
  let justid = false;
  let j = 6;
  while (j < c.argc) {
    const moreargs = c.argc - 1 - j;
    if (moreargs > 0 && optIs(c, j, "count")) {
      // LONG_MAX / max(sizeof(streamID), attempts factor 10)
      if (!getRangeLongOrReply(c, j + 1, 1, 576460752303423487, ERR_XAUTOCLAIM_COUNT)) return;
      count = argInt;
      j++;
    } else if (optIs(c, j, "justid")) {
      justid = true;
    } else {
      addReplyError(c, ERR_SYNTAX);
      return;
    }
    j++;
  }
  let g: usize = 0;
  if (e != 0) {
    if (checkType(c, e, OBJ_STREAM)) return;
    g = streamLookupCG(streamOf(e), gp, gl);
  }
  if (e == 0 || g == 0) {
    errTwoNames(c, "NOGROUP No such key '", 1, "' or consumer group '", 2, "'");
    return;
  }
  const s = streamOf(e);
  // Redis allocates room for COUNT deleted IDs up front (ztrymalloc) and fails when the
  // system refuses; here: when it exceeds a 47-bit address space, Linux x86-64's user space.
  if (count > (<i64>1 << 43)) {
    addReplyError(c, ERR_XAUTOCLAIM_NOMEM);
    return;
  }
  let attempts: i64 = count * 10;
  propOpen(c);
  addReplyArrayLen(c, 3);
  const endAt = addReplyDeferredLen(c);
  const lenAt = addReplyDeferredLen(c);
  let arraylen: i64 = 0;
  const now = nowMs;
  const np = argPtr(c, 3);
  const nl = argLen(c, 3);
  let consumer: usize = 0;
  const pel = groupPel(g);
  // Deleted IDs are remembered to be replied last (at most `count` of them).
  idsAppendReset();
  idtSeekGE(pel, pelIt2, sms, sseq);
  let r: usize = 0;
  let deletedNum: i32 = 0;
  while (attempts-- > 0 && count != 0) {
    r = idtIterRec(pelIt2);
    if (r == 0) break;
    const ms = recMs(r);
    const seq = recSeq(r);
    const nk = <usize>recVal(r);
    if (!streamEntryExists(s, ms, seq)) {
      const idl = formatID(ms, seq);
      const tmp = memory.data(48);
      memory.copy(tmp, idBuf, idl);
      propagateXclaim(c, kp, kl, gp, gl, tmp, idl, nk, g);
      addDirty(1);
      pelRemove(g, ms, seq);
      idsAppend(deletedNum, ms, seq);
      deletedNum++;
      idtSeekGE(pel, pelIt2, ms, seq);
      count--;
      continue;
    }
    idtNext(pelIt2);
    if (minidle != 0 && now - nackTime(nk) < minidle) continue;
    if (consumer == 0) {
      consumer = lookupConsumerRefresh(g, np, nl);
      if (consumer == 0) consumer = createConsumer(c, g, np, nl, kp, kl);
    }
    const old = nackConsumer(nk);
    if (old != consumer && old != 0) idtDelete(consumerPel(old), ms, seq);
    nackSetTime(nk, now);
    if (!justid) nackSetCount(nk, nackCount(nk) + 1);
    if (old != consumer) {
      idtInsert(consumerPel(consumer), ms, seq, <u32>nk);
      nackSetConsumer(nk, consumer);
    }
    // Inserting into the consumer PEL does not touch the group PEL: pelIt2 stays valid.
    if (justid) {
      addReplyStreamID(c, ms, seq);
    } else if (streamReplyWithRange(c, s, ms, seq, ms, seq, 1, false, 0, 0, RWR_RAWENTRIES, false) == 0) {
      addReplyNull(c);
    }
    arraylen++;
    count--;
    const idl = formatID(ms, seq);
    const tmp = memory.data(48);
    memory.copy(tmp, idBuf, idl);
    propagateXclaim(c, kp, kl, gp, gl, tmp, idl, nk, g);
    addDirty(1);
  }
  // The cursor: the next PEL entry after the last one examined, 0-0 at the end.
  r = idtIterRec(pelIt2);
  const cms = r == 0 ? 0 : recMs(r);
  const cseq = r == 0 ? 0 : recSeq(r);
  setDeferredArrayLen(c, lenAt, arraylen);
  setDeferredStreamID(c, endAt, cms, cseq);
  addReplyArrayLen(c, deletedNum);
  for (let i = 0; i < deletedNum; i++) {
    const at = delBuf + (<usize>i << 4);
    addReplyStreamID(c, load<u64>(at), load<u64>(at, 8));
  }
  propClose(c);
  suppressArgvPropagation(before);
}

// A growable list of IDs for XAUTOCLAIM's deleted entries.
let delBuf: usize = 0;
let delCap: i32 = 0;

function idsAppendReset(): usize {
  if (delBuf == 0) {
    delCap = 16;
    delBuf = zmalloc(<usize>delCap << 4);
  }
  return delBuf;
}

function idsAppend(i: i32, ms: u64, seq: u64): void {
  if (i >= delCap) {
    delCap *= 2;
    delBuf = zrealloc(delBuf, <usize>delCap << 4);
  }
  store<u64>(delBuf + (<usize>i << 4), ms);
  store<u64>(delBuf + (<usize>i << 4), seq, 8);
}

// ---- XINFO --------------------------------------------------------------------------------------

const XINFO_HELP =
  "XINFO <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\n" +
  "CONSUMERS <key> <groupname>\n" +
  "    Show consumers of <groupname>.\n" +
  "GROUPS <key>\n" +
  "    Show the stream consumer groups.\n" +
  "STREAM <key> [FULL [COUNT <count>]\n" +
  "    Show information about the stream.\n" +
  "HELP\n" +
  "    Prints this help.";

export function xinfoHelpCommand(c: Client): void {
  addReplyHelpText(c, XINFO_HELP);
}

/** The stream of argv[2] for XINFO, or 0 after replying "no such key" / WRONGTYPE. */
function xinfoLookup(c: Client): usize {
  const e = lookupKeyRead(c.db, argPtr(c, 2), argLen(c, 2));
  if (e == 0) {
    addReplyError(c, ERR_NO_SUCH_KEY);
    return 0;
  }
  if (checkType(c, e, OBJ_STREAM)) return 0;
  return streamOf(e);
}

/** The group's lag, or nil when it cannot be known (Redis: streamReplyWithCGLag). */
function replyCGLag(c: Client, s: usize, g: usize): void {
  const added = streamEntriesAdded(s);
  if (added == 0) {
    addReplyLongLong(c, 0);
    return;
  }
  const er = groupEntriesRead(g);
  if (er != SCG_INVALID_ENTRIES_READ &&
      !streamRangeHasTombstones(s, groupLastMs(g), groupLastSeq(g), u64.MAX_VALUE, u64.MAX_VALUE)) {
    addReplyLongLong(c, <i64>added - er);
    return;
  }
  const est = streamEstimateDistanceFromFirstEverEntry(s, groupLastMs(g), groupLastSeq(g));
  if (est != SCG_INVALID_ENTRIES_READ) addReplyLongLong(c, <i64>added - est);
  else addReplyNull(c);
}

function replyEntriesRead(c: Client, g: usize): void {
  const er = groupEntriesRead(g);
  if (er != SCG_INVALID_ENTRIES_READ) addReplyLongLong(c, er);
  else addReplyNull(c);
}

export function xinfoConsumersCommand(c: Client): void {
  const s = xinfoLookup(c);
  if (s == 0) return;
  const g = streamLookupCG(s, argPtr(c, 3), argLen(c, 3));
  if (g == 0) {
    errTwoNames(c, "NOGROUP No such consumer group '", 3, "' for key name '", 2, "'");
    return;
  }
  const n = groupConsumerCount(g);
  addReplyArrayLen(c, n);
  const cs = groupConsumers(g);
  const now = nowMs;
  for (let i: u32 = 0; i < n; i++) {
    const cons = arrAt(cs, i);
    let idle = now - consumerSeenTime(cons);
    if (idle < 0) idle = 0;
    addReplyMapLen(c, 3);
    addReplyBulkStr(c, "name");
    addReplyBulk(c, consumerName(cons), consumerNameLen(cons));
    addReplyBulkStr(c, "pending");
    addReplyLongLong(c, <i64>idtCount(consumerPel(cons)));
    addReplyBulkStr(c, "idle");
    addReplyLongLong(c, idle);
  }
}

export function xinfoGroupsCommand(c: Client): void {
  const s = xinfoLookup(c);
  if (s == 0) return;
  const gs = streamGroups(s);
  const n = gs == 0 ? <u32>0 : arrLen(gs);
  addReplyArrayLen(c, n);
  for (let i: u32 = 0; i < n; i++) {
    const g = arrAt(gs, i);
    addReplyMapLen(c, 6);
    addReplyBulkStr(c, "name");
    addReplyBulk(c, groupName(g), groupNameLen(g));
    addReplyBulkStr(c, "consumers");
    addReplyLongLong(c, groupConsumerCount(g));
    addReplyBulkStr(c, "pending");
    addReplyLongLong(c, <i64>idtCount(groupPel(g)));
    addReplyBulkStr(c, "last-delivered-id");
    addReplyStreamID(c, groupLastMs(g), groupLastSeq(g));
    addReplyBulkStr(c, "entries-read");
    replyEntriesRead(c, g);
    addReplyBulkStr(c, "lag");
    replyCGLag(c, s, g);
  }
}

export function xinfoStreamCommand(c: Client): void {
  const s = xinfoLookup(c);
  if (s == 0) return;
  let full = true;
  let count: i64 = 10;
  const nopt = c.argc - 3;
  if (nopt > 0) {
    if (!optIs(c, 3, "full")) {
      replySubcommandSyntaxError(c, "XINFO");
      return;
    }
    if (nopt > 1) {
      if (nopt != 3 || !optIs(c, 4, "count")) {
        replySubcommandSyntaxError(c, "XINFO");
        return;
      }
      if (!getLongLongOrReply(c, 5)) return;
      count = argInt < 0 ? 10 : argInt;
    }
  } else {
    full = false;
  }
  addReplyMapLen(c, full ? 9 : 10);
  addReplyBulkStr(c, "length");
  addReplyLongLong(c, <i64>streamLength(s));
  addReplyBulkStr(c, "radix-tree-keys");
  addReplyLongLong(c, <i64>streamNodeCount(s));
  addReplyBulkStr(c, "radix-tree-nodes");
  addReplyLongLong(c, <i64>streamRaxNodes(s));
  addReplyBulkStr(c, "last-generated-id");
  addReplyStreamID(c, streamLastMs(s), streamLastSeq(s));
  addReplyBulkStr(c, "max-deleted-entry-id");
  addReplyStreamID(c, streamMaxDelMs(s), streamMaxDelSeq(s));
  addReplyBulkStr(c, "entries-added");
  addReplyLongLong(c, <i64>streamEntriesAdded(s));
  addReplyBulkStr(c, "recorded-first-entry-id");
  addReplyStreamID(c, streamFirstMs(s), streamFirstSeq(s));
  const gs = streamGroups(s);
  const ng = gs == 0 ? <u32>0 : arrLen(gs);
  if (!full) {
    addReplyBulkStr(c, "groups");
    addReplyLongLong(c, ng);
    addReplyBulkStr(c, "first-entry");
    if (streamReplyWithRange(c, s, 0, 0, u64.MAX_VALUE, u64.MAX_VALUE, 1, false, 0, 0, RWR_RAWENTRIES, false) == 0) {
      addReplyNull(c);
    }
    addReplyBulkStr(c, "last-entry");
    if (streamReplyWithRange(c, s, 0, 0, u64.MAX_VALUE, u64.MAX_VALUE, 1, true, 0, 0, RWR_RAWENTRIES, false) == 0) {
      addReplyNull(c);
    }
    return;
  }
  addReplyBulkStr(c, "entries");
  streamReplyWithRange(c, s, 0, 0, u64.MAX_VALUE, u64.MAX_VALUE, <u64>count, false, 0, 0, 0, false);
  addReplyBulkStr(c, "groups");
  addReplyArrayLen(c, ng);
  for (let i: u32 = 0; i < ng; i++) {
    const g = arrAt(gs, i);
    addReplyMapLen(c, 7);
    addReplyBulkStr(c, "name");
    addReplyBulk(c, groupName(g), groupNameLen(g));
    addReplyBulkStr(c, "last-delivered-id");
    addReplyStreamID(c, groupLastMs(g), groupLastSeq(g));
    addReplyBulkStr(c, "entries-read");
    replyEntriesRead(c, g);
    addReplyBulkStr(c, "lag");
    replyCGLag(c, s, g);
    const pel = groupPel(g);
    addReplyBulkStr(c, "pel-count");
    addReplyLongLong(c, <i64>idtCount(pel));
    addReplyBulkStr(c, "pending");
    let lenAt = addReplyDeferredLen(c);
    let n: i64 = 0;
    idtSeekFirst(pel, pelIt);
    let r = idtIterRec(pelIt);
    while (r != 0 && (count == 0 || n < count)) {
      const nk = <usize>recVal(r);
      addReplyArrayLen(c, 4);
      addReplyStreamID(c, recMs(r), recSeq(r));
      const owner = nackConsumer(nk);
      addReplyBulk(c, consumerName(owner), consumerNameLen(owner));
      addReplyLongLong(c, nackTime(nk));
      addReplyLongLong(c, <i64>nackCount(nk));
      n++;
      idtNext(pelIt);
      r = idtIterRec(pelIt);
    }
    setDeferredArrayLen(c, lenAt, n);
    addReplyBulkStr(c, "consumers");
    const nc = groupConsumerCount(g);
    addReplyArrayLen(c, nc);
    const cs = groupConsumers(g);
    for (let k: u32 = 0; k < nc; k++) {
      const cons = arrAt(cs, k);
      addReplyMapLen(c, 4);
      addReplyBulkStr(c, "name");
      addReplyBulk(c, consumerName(cons), consumerNameLen(cons));
      addReplyBulkStr(c, "seen-time");
      addReplyLongLong(c, consumerSeenTime(cons));
      const cpel = consumerPel(cons);
      addReplyBulkStr(c, "pel-count");
      addReplyLongLong(c, <i64>idtCount(cpel));
      addReplyBulkStr(c, "pending");
      lenAt = addReplyDeferredLen(c);
      n = 0;
      idtSeekFirst(cpel, pelIt);
      r = idtIterRec(pelIt);
      while (r != 0 && (count == 0 || n < count)) {
        const nk = <usize>recVal(r);
        addReplyArrayLen(c, 3);
        addReplyStreamID(c, recMs(r), recSeq(r));
        addReplyLongLong(c, nackTime(nk));
        addReplyLongLong(c, <i64>nackCount(nk));
        n++;
        idtNext(pelIt);
        r = idtIterRec(pelIt);
      }
      setDeferredArrayLen(c, lenAt, n);
    }
  }
}
