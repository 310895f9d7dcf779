// string.ts — the string type (Redis: t_string.c).
//
// Values live inline in the key entry (db/object.ts), so GET is one lookup plus one copy
// into the reply buffer, and SET over an existing key of similar size rewrites the bytes in
// place. Variants share one implementation as in Redis: SET/SETNX/SETEX/PSETEX go through
// setGeneric, INCR/DECR/INCRBY/DECRBY through incrDecr.
//
// Each handler follows Redis's order: parse arguments (errors first), look up, check type,
// mutate, count the write (dirty), reply.
//
// Propagation (AOF / replicas) follows Redis 7.0's rewrites, so a replayed log does not
// depend on the clock or on float formatting: SET/SETEX/PSETEX with a relative or seconds
// expire become `SET k v PXAT <ms>`, GETSET becomes SET, GETEX becomes PEXPIREAT / PERSIST /
// DEL, GETDEL becomes DEL and INCRBYFLOAT becomes `SET k <result> KEEPTTL`. Everything else
// is propagated as received (server.ts).
//
// LCS computes the same dynamic-programming table as Redis, but stores it as one bit per
// cell (the row-to-row differences, computed 64 cells at a time) instead of a u32 per cell;
// see the LCS section for why that gives byte-identical replies.

import { argLen, argPtr, Client } from "../client";
import { addReplyBulk, addReplyError, addReplyLongLong, addReplyNull, addReplyOK, addReplyProto,
  addReplyArrayLen, addReplyBulkStr, addReplyDeferredLen, addReplyMapLen, setDeferredArrayLen,
  errBegin, errBytes, errEnd, errStr } from "../resp/reply";
import { ERR_LCS_IDX_AND_LEN, ERR_LCS_NO_MEMORY, ERR_LCS_NOT_STRINGS, ERR_LCS_TOO_BIG, ERR_NAN_OR_INF,
  ERR_NOT_FLOAT, ERR_NOT_INTEGER, ERR_OFFSET_RANGE, ERR_OVERFLOW, ERR_STRING_TOO_LONG, ERR_SYNTAX } from "../resp/errors";
import { incrbyfloat, INCRF_NOT_FLOAT, LD_STR_MAX } from "../util/longdouble";
import { zcalloc, zfree, zmalloc } from "../mem/alloc";
import { addDirty, dbAddEntry, dbDeleteEntry, dbGrowString, dbSetString, lastHash, lookupKeyRead,
  lookupKeyWrite, nowMs, removeExpire, setExpire, dbDelete } from "../db/db";
import { entryNewString, entryStrLen, entryStrPtr, ENC_INT, ENC_RAW, OBJ_STRING, rawStringEncodingFor,
  setEntryEncoding, stringEncodingFor, entryNew, entryType } from "../db/object";
import { argInt, argIs, checkType, getLongLongOrReply } from "./common";
import { ll2string, parsedLL, string2ll } from "../util/number";
import { commandNameLen, commandNamePtr } from "../commands/lookup";
import { propagateArg, propagateArgInt, propagateArgStr, propagateBegin, propagateEnd,
  propagationEnabled } from "../db/effects";
import { preventDefaultPropagation } from "../server";
import { protoMaxBulkLen } from "../resp/parser";
import { lruClock } from "../db/db";
import { notifyKeyspaceEvent, NOTIFY_GENERIC, NOTIFY_STRING } from "../db/notify";
import { hashBytes } from "../util/hash";

// SET / GETEX option flags (Redis: OBJ_SET_*).
const SET_NX: i32 = 1 << 0;
const SET_XX: i32 = 1 << 1;
const SET_EX: i32 = 1 << 2;
const SET_PX: i32 = 1 << 3;
const SET_KEEPTTL: i32 = 1 << 4;
const SET_GET: i32 = 1 << 5;
const SET_EXAT: i32 = 1 << 6;
const SET_PXAT: i32 = 1 << 7;
const SET_PERSIST: i32 = 1 << 8;
const ANY_EXPIRE: i32 = SET_EX | SET_PX | SET_EXAT | SET_PXAT;

const FOR_SET: i32 = 0;
const FOR_GETEX: i32 = 1;

// Results of parseExtendedArgs.
let optFlags: i32 = 0;
let optExpireArg: i32 = -1; // argv index of the expire value, -1 if none

/** Parses SET/GETEX options from argv[from..] (Redis: parseExtendedStringArgumentsOrReply). */
function parseExtendedArgs(c: Client, from: i32, kind: i32): bool {
  let flags = 0;
  let expireArg = -1;
  for (let j = from; j < c.argc; j++) {
    const hasNext = j < c.argc - 1;
    if (kind == FOR_SET && argIs(c, j, "nx") && (flags & SET_XX) == 0) {
      flags |= SET_NX;
    } else if (kind == FOR_SET && argIs(c, j, "xx") && (flags & SET_NX) == 0) {
      flags |= SET_XX;
    } else if (kind == FOR_SET && argIs(c, j, "get")) {
      flags |= SET_GET;
    } else if (kind == FOR_SET && argIs(c, j, "keepttl") && (flags & (SET_PERSIST | ANY_EXPIRE)) == 0) {
      flags |= SET_KEEPTTL;
    } else if (kind == FOR_GETEX && argIs(c, j, "persist") && (flags & (ANY_EXPIRE | SET_KEEPTTL)) == 0) {
      flags |= SET_PERSIST;
    } else if (hasNext && argIs(c, j, "ex") && (flags & (SET_KEEPTTL | SET_PERSIST | SET_EXAT | SET_PX | SET_PXAT)) == 0) {
      flags |= SET_EX;
      expireArg = ++j;
    } else if (hasNext && argIs(c, j, "px") && (flags & (SET_KEEPTTL | SET_PERSIST | SET_EX | SET_EXAT | SET_PXAT)) == 0) {
      flags |= SET_PX;
      expireArg = ++j;
    } else if (hasNext && argIs(c, j, "exat") && (flags & (SET_KEEPTTL | SET_PERSIST | SET_EX | SET_PX | SET_PXAT)) == 0) {
      flags |= SET_EXAT;
      expireArg = ++j;
    } else if (hasNext && argIs(c, j, "pxat") && (flags & (SET_KEEPTTL | SET_PERSIST | SET_EX | SET_EXAT | SET_PX)) == 0) {
      flags |= SET_PXAT;
      expireArg = ++j;
    } else {
      addReplyError(c, ERR_SYNTAX);
      return false;
    }
  }
  optFlags = flags;
  optExpireArg = expireArg;
  return true;
}

/** "ERR invalid expire time in '<command>' command" */
export function replyInvalidExpireTime(c: Client): void {
  errBegin(c);
  errStr(c, "ERR invalid expire time in '");
  errBytes(c, commandNamePtr(c.lastCmd), commandNameLen(c.lastCmd));
  errStr(c, "' command");
  errEnd(c);
}

let expireMs: i64 = 0;

/**
 * Converts the expire argument to an absolute unix time in ms (Redis:
 * getExpireMillisecondsOrReply). `seconds` says the unit; relative forms add now.
 */
function getExpireMillisecondsOrReply(c: Client, i: i32, seconds: bool, relative: bool): bool {
  if (!getLongLongOrReply(c, i)) return false;
  let ms = argInt;
  if (ms <= 0 || (seconds && ms > I64.MAX_VALUE / 1000)) {
    replyInvalidExpireTime(c);
    return false;
  }
  if (seconds) ms *= 1000;
  if (relative) ms += nowMs;
  if (ms <= 0) {
    replyInvalidExpireTime(c);
    return false;
  }
  expireMs = ms;
  return true;
}

/** Replies the string value of key argv[1] or null; false (after WRONGTYPE) if not a string. */
function getGeneric(c: Client): bool {
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (e == 0) {
    addReplyNull(c);
    return true;
  }
  if (checkType(c, e, OBJ_STRING)) return false;
  addReplyBulk(c, entryStrPtr(e), entryStrLen(e));
  return true;
}

const REPLY_OK: i32 = 0;
const REPLY_ONE_ZERO: i32 = 1;

/**
 * The shared body of SET, SETNX, SETEX and PSETEX (Redis: setGenericCommand).
 * valIdx/expIdx are argv indexes (expIdx -1: no expire).
 */
function setGeneric(c: Client, flags: i32, valIdx: i32, expIdx: i32, replyKind: i32): void {
  const kp = argPtr(c, 1);
  const kl = argLen(c, 1);
  if (expIdx >= 0) {
    const seconds = (flags & (SET_EX | SET_EXAT)) != 0;
    const relative = (flags & (SET_EX | SET_PX)) != 0;
    if (!getExpireMillisecondsOrReply(c, expIdx, seconds, relative)) return;
  }
  if ((flags & SET_GET) != 0 && !getGeneric(c)) return;
  const old = lookupKeyWrite(c.db, kp, kl);
  const h = lastHash;
  if (((flags & SET_NX) != 0 && old != 0) || ((flags & SET_XX) != 0 && old == 0)) {
    if ((flags & SET_GET) == 0) {
      if (replyKind == REPLY_ONE_ZERO) addReplyProto(c, ":0\r\n");
      else addReplyNull(c);
    }
    return;
  }
  const vp = argPtr(c, valIdx);
  const vl = argLen(c, valIdx);
  const e = dbSetString(c.db, kp, kl, h, old, vp, vl, stringEncodingFor(vp, vl), (flags & SET_KEEPTTL) != 0);
  addDirty(1);
  notifyKeyspaceEvent(NOTIFY_STRING, "set", kp, kl, c.dbIndex);
  if (expIdx >= 0) {
    setExpire(c.db, e, h, expireMs);
    notifyKeyspaceEvent(NOTIFY_GENERIC, "expire", kp, kl, c.dbIndex);
    // Any expire but an absolute PXAT is propagated as `SET key value PXAT <ms>` (the
    // other options are dropped: the outcome is already decided).
    if (propagationEnabled && (flags & SET_PXAT) == 0) {
      propagateBegin(c.dbIndex, 5);
      propagateArgStr("SET");
      propagateArg(kp, kl);
      propagateArg(vp, vl);
      propagateArgStr("PXAT");
      propagateArgInt(expireMs);
      propagateEnd();
      preventDefaultPropagation();
    }
  }
  if ((flags & SET_GET) == 0) {
    if (replyKind == REPLY_ONE_ZERO) addReplyProto(c, ":1\r\n");
    else addReplyOK(c);
  }
}

export function setCommand(c: Client): void {
  if (!parseExtendedArgs(c, 3, FOR_SET)) return;
  setGeneric(c, optFlags, 2, optExpireArg, REPLY_OK);
}

export function setnxCommand(c: Client): void {
  setGeneric(c, SET_NX, 2, -1, REPLY_ONE_ZERO);
}

export function setexCommand(c: Client): void {
  setGeneric(c, SET_EX, 3, 2, REPLY_OK);
}

export function psetexCommand(c: Client): void {
  setGeneric(c, SET_PX, 3, 2, REPLY_OK);
}

export function getCommand(c: Client): void {
  getGeneric(c);
}

export function getexCommand(c: Client): void {
  if (!parseExtendedArgs(c, 2, FOR_GETEX)) return;
  const flags = optFlags;
  const expIdx = optExpireArg;
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  const h = lastHash;
  if (e == 0) {
    addReplyNull(c);
    return;
  }
  if (checkType(c, e, OBJ_STRING)) return;
  if (expIdx >= 0) {
    const seconds = (flags & (SET_EX | SET_EXAT)) != 0;
    const relative = (flags & (SET_EX | SET_PX)) != 0;
    if (!getExpireMillisecondsOrReply(c, expIdx, seconds, relative)) return;
  }
  addReplyBulk(c, entryStrPtr(e), entryStrLen(e));
  const kp = argPtr(c, 1);
  const kl = argLen(c, 1);
  if ((flags & (SET_EXAT | SET_PXAT)) != 0 && expireMs <= nowMs) {
    // An absolute time already past deletes the key, propagated as DEL.
    dbDeleteEntry(c.db, e, h);
    addDirty(1);
    propagateKeyCommand(c, "DEL", kp, kl);
    notifyKeyspaceEvent(NOTIFY_GENERIC, "del", kp, kl, c.dbIndex);
  } else if (expIdx >= 0) {
    setExpire(c.db, e, h, expireMs);
    addDirty(1);
    notifyKeyspaceEvent(NOTIFY_GENERIC, "expire", kp, kl, c.dbIndex);
    if (propagationEnabled) {
      propagateBegin(c.dbIndex, 3);
      propagateArgStr("PEXPIREAT");
      propagateArg(kp, kl);
      propagateArgInt(expireMs);
      propagateEnd();
      preventDefaultPropagation();
    }
  } else if ((flags & SET_PERSIST) != 0) {
    if (removeExpire(c.db, e, h)) {
      addDirty(1);
      propagateKeyCommand(c, "PERSIST", kp, kl);
      notifyKeyspaceEvent(NOTIFY_GENERIC, "persist", kp, kl, c.dbIndex);
    }
  }
}

/** Propagates `<name> key` in place of the running command (call only after a write). */
function propagateKeyCommand(c: Client, name: string, kp: usize, kl: u32): void {
  if (!propagationEnabled) return;
  propagateBegin(c.dbIndex, 2);
  propagateArgStr(name);
  propagateArg(kp, kl);
  propagateEnd();
  preventDefaultPropagation();
}

export function getdelCommand(c: Client): void {
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  const h = lastHash;
  if (e == 0) {
    addReplyNull(c);
    return;
  }
  if (checkType(c, e, OBJ_STRING)) return;
  addReplyBulk(c, entryStrPtr(e), entryStrLen(e));
  dbDeleteEntry(c.db, e, h);
  addDirty(1);
  propagateKeyCommand(c, "DEL", argPtr(c, 1), argLen(c, 1));
  notifyKeyspaceEvent(NOTIFY_GENERIC, "del", argPtr(c, 1), argLen(c, 1), c.dbIndex);
}

export function getsetCommand(c: Client): void {
  if (!getGeneric(c)) return;
  const kp = argPtr(c, 1);
  const kl = argLen(c, 1);
  const old = lookupKeyWrite(c.db, kp, kl);
  const vp = argPtr(c, 2);
  const vl = argLen(c, 2);
  dbSetString(c.db, kp, kl, lastHash, old, vp, vl, stringEncodingFor(vp, vl), false);
  addDirty(1);
  notifyKeyspaceEvent(NOTIFY_STRING, "set", kp, kl, c.dbIndex);
  // Propagated as SET (Redis rewrites argv[0]).
  if (propagationEnabled) {
    propagateBegin(c.dbIndex, 3);
    propagateArgStr("SET");
    propagateArg(kp, kl);
    propagateArg(vp, vl);
    propagateEnd();
    preventDefaultPropagation();
  }
}

export function mgetCommand(c: Client): void {
  addReplyArrayLen(c, c.argc - 1);
  for (let i = 1; i < c.argc; i++) {
    const e = lookupKeyRead(c.db, argPtr(c, i), argLen(c, i));
    if (e == 0 || entryType(e) != OBJ_STRING) addReplyNull(c);
    else addReplyBulk(c, entryStrPtr(e), entryStrLen(e));
  }
}

function msetGeneric(c: Client, nx: bool): void {
  if ((c.argc & 1) == 0) {
    errBegin(c);
    errStr(c, "ERR wrong number of arguments for '");
    errBytes(c, commandNamePtr(c.lastCmd), commandNameLen(c.lastCmd));
    errStr(c, "' command");
    errEnd(c);
    return;
  }
  if (nx) {
    for (let j = 1; j < c.argc; j += 2) {
      if (lookupKeyWrite(c.db, argPtr(c, j), argLen(c, j)) != 0) {
        addReplyProto(c, ":0\r\n");
        return;
      }
    }
  }
  for (let j = 1; j < c.argc; j += 2) {
    const kp = argPtr(c, j);
    const kl = argLen(c, j);
    const old = lookupKeyWrite(c.db, kp, kl);
    const vl = argLen(c, j + 1);
    dbSetString(c.db, kp, kl, lastHash, old, argPtr(c, j + 1), vl, stringEncodingFor(argPtr(c, j + 1), vl), false);
    notifyKeyspaceEvent(NOTIFY_STRING, "set", kp, kl, c.dbIndex);
  }
  addDirty(<u64>((c.argc - 1) / 2));
  if (nx) addReplyProto(c, ":1\r\n");
  else addReplyOK(c);
}

export function msetCommand(c: Client): void {
  msetGeneric(c, false);
}

export function msetnxCommand(c: Client): void {
  msetGeneric(c, true);
}

/** Replies the string-length error and returns false if size exceeds proto-max-bulk-len. */
function checkStringLength(c: Client, size: i64): bool {
  if (size > protoMaxBulkLen) {
    addReplyError(c, ERR_STRING_TOO_LONG);
    return false;
  }
  return true;
}

export function appendCommand(c: Client): void {
  const kp = argPtr(c, 1);
  const kl = argLen(c, 1);
  const vp = argPtr(c, 2);
  const vl = argLen(c, 2);
  let e = lookupKeyWrite(c.db, kp, kl);
  const h = lastHash;
  let total: i64;
  if (e == 0) {
    e = entryNewString(kp, kl, vp, vl, stringEncodingFor(vp, vl), lruClock);
    dbAddEntry(c.db, e, h);
    total = vl;
  } else {
    if (checkType(c, e, OBJ_STRING)) return;
    const cur = entryStrLen(e);
    total = <i64>cur + vl;
    if (!checkStringLength(c, total)) return;
    e = dbGrowString(c.db, e, h, <u32>total);
    memory.copy(entryStrPtr(e) + cur, vp, vl);
    store<u32>(e + 16, <u32>total);
    setEntryEncoding(e, ENC_RAW);
  }
  addDirty(1);
  notifyKeyspaceEvent(NOTIFY_STRING, "append", kp, kl, c.dbIndex);
  addReplyLongLong(c, total);
}

export function strlenCommand(c: Client): void {
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (e == 0) {
    addReplyProto(c, ":0\r\n");
    return;
  }
  if (checkType(c, e, OBJ_STRING)) return;
  addReplyLongLong(c, entryStrLen(e));
}

// ---- counters ------------------------------------------------------------------------

let numBuf: usize = memory.data(32);

/** INCR/DECR/INCRBY/DECRBY (Redis: incrDecrCommand). Keeps the key's TTL. */
function incrDecr(c: Client, incr: i64): void {
  const kp = argPtr(c, 1);
  const kl = argLen(c, 1);
  const e = lookupKeyWrite(c.db, kp, kl);
  const h = lastHash;
  if (checkType(c, e, OBJ_STRING)) return;
  let value: i64 = 0;
  if (e != 0) {
    if (!string2ll(entryStrPtr(e), <i32>entryStrLen(e))) {
      addReplyError(c, ERR_NOT_INTEGER);
      return;
    }
    value = parsedLL;
  }
  if ((incr < 0 && value < 0 && incr < I64.MIN_VALUE - value) ||
      (incr > 0 && value > 0 && incr > I64.MAX_VALUE - value)) {
    addReplyError(c, ERR_OVERFLOW);
    return;
  }
  value += incr;
  const n = ll2string(numBuf, value);
  dbSetString(c.db, kp, kl, h, e, numBuf, n, ENC_INT, true);
  addDirty(1);
  notifyKeyspaceEvent(NOTIFY_STRING, "incrby", kp, kl, c.dbIndex);
  addReplyLongLong(c, value);
}

export function incrCommand(c: Client): void {
  incrDecr(c, 1);
}

export function decrCommand(c: Client): void {
  incrDecr(c, -1);
}

export function incrbyCommand(c: Client): void {
  if (!getLongLongOrReply(c, 2)) return;
  incrDecr(c, argInt);
}

export function decrbyCommand(c: Client): void {
  if (!getLongLongOrReply(c, 2)) return;
  if (argInt == I64.MIN_VALUE) {
    addReplyError(c, "ERR decrement would overflow");
    return;
  }
  incrDecr(c, -argInt);
}

// ---- ranges --------------------------------------------------------------------------

export function getrangeCommand(c: Client): void {
  if (!getLongLongOrReply(c, 2)) return;
  let start = argInt;
  if (!getLongLongOrReply(c, 3)) return;
  let end = argInt;
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (e == 0) {
    addReplyProto(c, "$0\r\n\r\n");
    return;
  }
  if (checkType(c, e, OBJ_STRING)) return;
  const len = <i64>entryStrLen(e);
  if (start < 0 && end < 0 && start > end) {
    addReplyProto(c, "$0\r\n\r\n");
    return;
  }
  if (start < 0) start = len + start;
  if (end < 0) end = len + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (<u64>end >= <u64>len) end = len - 1;
  if (start > end || len == 0) {
    addReplyProto(c, "$0\r\n\r\n");
    return;
  }
  addReplyBulk(c, entryStrPtr(e) + <usize>start, <u32>(end - start + 1));
}

export function setrangeCommand(c: Client): void {
  const kp = argPtr(c, 1);
  const kl = argLen(c, 1);
  const vp = argPtr(c, 3);
  const vl = argLen(c, 3);
  if (!getLongLongOrReply(c, 2)) return;
  const offset = argInt;
  if (offset < 0) {
    addReplyError(c, ERR_OFFSET_RANGE);
    return;
  }
  let e = lookupKeyWrite(c.db, kp, kl);
  const h = lastHash;
  if (e == 0) {
    if (vl == 0) {
      addReplyProto(c, ":0\r\n");
      return;
    }
    if (!checkStringLength(c, offset + vl)) return;
    const total = <u32>(offset + vl);
    e = entryNew(kp, kl, OBJ_STRING, ENC_RAW, total, lruClock);
    memory.fill(entryStrPtr(e), 0, <usize>offset);
    dbAddEntry(c.db, e, h);
  } else {
    if (checkType(c, e, OBJ_STRING)) return;
    const cur = entryStrLen(e);
    if (vl == 0) {
      addReplyLongLong(c, cur);
      return;
    }
    if (!checkStringLength(c, offset + vl)) return;
    const need = <i64>offset + vl;
    if (need > <i64>cur) {
      e = dbGrowString(c.db, e, h, <u32>need);
      memory.fill(entryStrPtr(e) + cur, 0, <usize>(need - cur));
      store<u32>(e + 16, <u32>need);
    }
    setEntryEncoding(e, ENC_RAW);
  }
  memory.copy(entryStrPtr(e) + <usize>offset, vp, vl);
  addDirty(1);
  notifyKeyspaceEvent(NOTIFY_STRING, "setrange", kp, kl, c.dbIndex);
  addReplyLongLong(c, entryStrLen(e));
}

// ---- INCRBYFLOAT ---------------------------------------------------------------------

/** Scratch for the new value's text (at most LD_STR_MAX bytes: "%.17Lf" of LDBL_MAX). */
const floatBuf: usize = memory.data(LD_STR_MAX);

/**
 * INCRBYFLOAT key increment (Redis: incrbyfloatCommand). The arithmetic is x87 80-bit long
 * double, emulated exactly by util/longdouble.ts. The result is stored as the text Redis
 * replies (a plain string object: embstr up to 44 bytes, raw above, never "int"), the key
 * keeps its TTL (dbOverwrite), and the command is propagated as `SET key <result> KEEPTTL`.
 */
export function incrbyfloatCommand(c: Client): void {
  const kp = argPtr(c, 1);
  const kl = argLen(c, 1);
  const e = lookupKeyWrite(c.db, kp, kl);
  const h = lastHash;
  if (checkType(c, e, OBJ_STRING)) return;
  const n = incrbyfloat(e != 0 ? entryStrPtr(e) : 0, e != 0 ? <i32>entryStrLen(e) : -1,
    argPtr(c, 2), <i32>argLen(c, 2), floatBuf);
  if (n == INCRF_NOT_FLOAT) {
    addReplyError(c, ERR_NOT_FLOAT);
    return;
  }
  if (n < 0) {
    addReplyError(c, ERR_NAN_OR_INF);
    return;
  }
  dbSetString(c.db, kp, kl, h, e, floatBuf, <u32>n, rawStringEncodingFor(<u32>n), true);
  addDirty(1);
  notifyKeyspaceEvent(NOTIFY_STRING, "incrbyfloat", kp, kl, c.dbIndex);
  addReplyBulk(c, floatBuf, <u32>n);
  if (propagationEnabled) {
    propagateBegin(c.dbIndex, 4);
    propagateArgStr("SET");
    propagateArg(kp, kl);
    propagateArg(floatBuf, <u32>n);
    propagateArgStr("KEEPTTL");
    propagateEnd();
    preventDefaultPropagation();
  }
}

// ---- LCS -----------------------------------------------------------------------------
//
// Redis fills a (alen+1) x (blen+1) table of u32, LCS(i,j) = length of the longest common
// subsequence of a[0..i) and b[0..j), then walks back from (alen,blen): on equal bytes it
// steps diagonally, otherwise it steps up (i--) if LCS(i-1,j) > LCS(i,j-1), else left (j--).
// That walk decides which subsequence and which match ranges are reported, so we must make
// the same decisions; but it only ever compares neighbouring cells, and neighbours in the LCS
// table differ by 0 or 1. So we keep one bit per cell instead of 32:
//
//   D_k[p] = LCS(k, p) - LCS(k, p-1)      along one string ("S", indexed by p = 1..m),
//                                          for each prefix of the other ("T", k = 1..n)
//
// computed 64 cells per step with the bit-parallel recurrence of Allison-Dix / Crochemore et
// al. (V = ~D; U = V & Match[T[k-1]]; V' = (V + U) | (V - U)). Any LCS value is a prefix
// popcount of a row, and the walk keeps the current value in hand and updates it as it moves,
// recounting a row only when it changes rows. The table is n * ceil(m/64) u64 words, plus one
// match mask of ceil(m/64) words per distinct byte of T; we pick the orientation where that
// is smaller (normally: vectorize the shorter string). That is about 1/32 of Redis's memory
// (a 10 KB x 10 KB LCS takes 12.5 MB, not 400 MB: the wasm heap never shrinks) and a small
// fraction of its time. LEN keeps no table at all.
//
// Orientation A: S = b, T = a, rows are Redis's rows: D_i[j] = LCS(i,j) -
// LCS(i,j-1). Orientation B: S = a, T = b, D_j[i] = LCS(i,j) - LCS(i-1,j) (columns).
//
// Redis's memory guard is kept as it is visible: it refuses when its own u32 table would be
// larger than proto-max-bulk-len.

/** Popcount of bits [0, p) of the bit row at `row`. */
function prefixCount(row: usize, p: u32): u32 {
  let n: u32 = 0;
  const full = p >> 6;
  for (let w: u32 = 0; w < full; w++) n += <u32>popcnt<u64>(load<u64>(row + (<usize>w << 3)));
  const rest = p & 63;
  if (rest != 0) n += <u32>popcnt<u64>(load<u64>(row + (<usize>full << 3)) & ((<u64>1 << rest) - 1));
  return n;
}

/** Bit p (0-based) of the bit row at `row`, as 0 or 1. */
@inline function bitAt(row: usize, p: u32): u32 {
  return <u32>((load<u64>(row + (<usize>(p >> 6) << 3)) >> (p & 63)) & 1);
}

/** Per byte value: its match-mask slot (0..sigma-1) if it occurs in the string, else -1. */
const slotsA: usize = memory.data(256 * 4);
const slotsB: usize = memory.data(256 * 4);

/** Fills `slots` for the bytes of (p, n) in order of first occurrence; returns how many. */
function distinctBytes(p: usize, n: u32, slots: usize): u32 {
  memory.fill(slots, 0xff, 256 * 4);
  let sigma: u32 = 0;
  for (let k: u32 = 0; k < n && sigma < 256; k++) {
    const at = slots + (<usize>load<u8>(p + k) << 2);
    if (load<i32>(at) < 0) store<i32>(at, sigma++);
  }
  return sigma;
}

/**
 * The bit-parallel pass: S (sp, m bytes) vectorized, T (tp, n bytes) iterated. With `table`
 * non-zero, row k-1 of it (words words each) receives D_k for k = 1..n. `vec` is scratch of
 * `words` u64; `pm` holds one match mask of `words` u64 per byte of T, at the slot `slots`
 * gives it (zeroed by the caller; bytes of S absent from T need no mask). Returns LCS(S, T).
 */
function lcsBitParallel(sp: usize, m: u32, tp: usize, n: u32, words: u32,
                        vec: usize, pm: usize, slots: usize, table: usize): u32 {
  for (let p: u32 = 0; p < m; p++) {
    const slot = load<i32>(slots + (<usize>load<u8>(sp + p) << 2));
    if (slot < 0) continue;
    const a = pm + ((<usize>slot * words + (p >> 6)) << 3);
    store<u64>(a, load<u64>(a) | (<u64>1 << (p & 63)));
  }
  for (let w: u32 = 0; w < words; w++) store<u64>(vec + (<usize>w << 3), U64.MAX_VALUE);
  const lastMask: u64 = (m & 63) == 0 ? U64.MAX_VALUE : (<u64>1 << (m & 63)) - 1;
  let row = table;
  for (let k: u32 = 0; k < n; k++) {
    const mrow = pm + ((<usize>load<i32>(slots + (<usize>load<u8>(tp + k) << 2)) * words) << 3);
    let carry: u64 = 0;
    for (let w: u32 = 0; w < words; w++) {
      const off = <usize>w << 3;
      const v = load<u64>(vec + off);
      const u = v & load<u64>(mrow + off);
      const s1 = v + u;
      const s2 = s1 + carry;
      carry = <u64>(s1 < v) | <u64>(s2 < s1);
      store<u64>(vec + off, s2 | (v & ~u));
    }
    if (table != 0) {
      for (let w: u32 = 0; w < words; w++) {
        const off = <usize>w << 3;
        let d = ~load<u64>(vec + off);
        if (w == words - 1) d &= lastMask;
        store<u64>(row + off, d);
      }
      row += <usize>words << 3;
    }
  }
  let total: u32 = 0;
  for (let w: u32 = 0; w < words; w++) {
    let d = ~load<u64>(vec + (<usize>w << 3));
    if (w == words - 1) d &= lastMask;
    total += <u32>popcnt<u64>(d);
  }
  return total;
}

const WASM_MAX_BYTES: u64 = <u64>65536 << 16;

export function lcsCommand(c: Client): void {
  let ea = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  let eb = lookupKeyRead(c.db, argPtr(c, 2), argLen(c, 2));
  if ((ea != 0 && entryType(ea) != OBJ_STRING) || (eb != 0 && entryType(eb) != OBJ_STRING)) {
    addReplyError(c, ERR_LCS_NOT_STRINGS);
    return;
  }
  // Missing keys are empty strings.
  const ap: usize = ea != 0 ? entryStrPtr(ea) : 0;
  const alen: u32 = ea != 0 ? entryStrLen(ea) : 0;
  const bp: usize = eb != 0 ? entryStrPtr(eb) : 0;
  const blen: u32 = eb != 0 ? entryStrLen(eb) : 0;

  let getlen = false, getidx = false, withmatchlen = false;
  let minmatchlen: i64 = 0;
  for (let j = 3; j < c.argc; j++) {
    const moreargs = c.argc - 1 - j;
    if (argIs(c, j, "idx")) {
      getidx = true;
    } else if (argIs(c, j, "len")) {
      getlen = true;
    } else if (argIs(c, j, "withmatchlen")) {
      withmatchlen = true;
    } else if (argIs(c, j, "minmatchlen") && moreargs > 0) {
      if (!getLongLongOrReply(c, j + 1)) return;
      minmatchlen = argInt < 0 ? 0 : argInt;
      j++;
    } else {
      addReplyError(c, ERR_SYNTAX);
      return;
    }
  }
  if (getidx && getlen) {
    addReplyError(c, ERR_LCS_IDX_AND_LEN);
    return;
  }
  // Redis's guard on its own table of (alen+1)*(blen+1) u32.
  const redisTable = (<u64>alen + 1) * (<u64>blen + 1) * 4;
  if (<i64>redisTable > protoMaxBulkLen) {
    addReplyError(c, ERR_LCS_TOO_BIG);
    return;
  }

  // Pick the orientation with the smaller table + match masks (see the section comment).
  const sigmaA = distinctBytes(ap, alen, slotsA); // T = a in orientation A
  const sigmaB = distinctBytes(bp, blen, slotsB);
  const computelcs = getidx || !getlen;
  const costA = (<u64>(computelcs ? alen : 1) + sigmaA) * <u64>((blen + 63) >> 6);
  const costB = (<u64>(computelcs ? blen : 1) + sigmaB) * <u64>((alen + 63) >> 6);
  const orientA = costA <= costB;
  const sp = orientA ? bp : ap;
  const m = orientA ? blen : alen;
  const tp = orientA ? ap : bp;
  const n = orientA ? alen : blen;
  const words: u32 = (m + 63) >> 6;
  const rowBytes = <usize>words << 3;
  const tableBytes: u64 = computelcs ? <u64>n * <u64>rowBytes : 0;
  const pmBytes: u64 = <u64>(orientA ? sigmaA : sigmaB) * <u64>rowBytes;
  // Allocation failure would abort the instance: refuse what the 4 GB address space cannot
  // hold instead (Redis: ztrymalloc failing).
  if (tableBytes + pmBytes + (<u64>memory.size() << 16) + (<u64>16 << 20) > WASM_MAX_BYTES) {
    addReplyError(c, ERR_LCS_NO_MEMORY);
    return;
  }

  let total: u32 = 0;
  let table: usize = 0;
  if (m > 0 && n > 0) {
    const vec = zmalloc(rowBytes);
    const pm = zcalloc(<usize>pmBytes);
    if (computelcs) table = zmalloc(<usize>tableBytes);
    total = lcsBitParallel(sp, m, tp, n, words, vec, pm, orientA ? slotsA : slotsB, table);
    zfree(pm);
    zfree(vec);
  }

  // The walk back (Redis's loop, decisions taken on the bit table).
  let idx = total;
  let result: usize = 0;
  if (computelcs && !getidx && total > 0) result = zmalloc(<usize>total);
  let arrayHandle: i64 = -1;
  let arraylen: i64 = 0;
  if (getidx) {
    addReplyMapLen(c, 2);
    addReplyBulkStr(c, "matches");
    arrayHandle = addReplyDeferredLen(c);
  }
  let arangeStart: u32 = alen; // alen: no range open
  let arangeEnd: u32 = 0, brangeStart: u32 = 0, brangeEnd: u32 = 0;
  let i = alen, j = blen;
  let L = total; // LCS(i, j)
  // The other neighbour's value: orientation A tracks LCS(i-1, j) in row i-1, orientation B
  // LCS(i, j-1) in column j-1. `stale` says it must be recounted (after a row change).
  let other: u32 = 0;
  let stale = true;
  while (computelcs && i > 0 && j > 0) {
    let emit = false;
    if (load<u8>(ap + i - 1) == load<u8>(bp + j - 1)) {
      if (result != 0) store<u8>(result + idx - 1, load<u8>(ap + i - 1));
      if (arangeStart == alen) {
        arangeStart = i - 1;
        arangeEnd = i - 1;
        brangeStart = j - 1;
        brangeEnd = j - 1;
      } else if (arangeStart == i && brangeStart == j) {
        arangeStart--;
        brangeStart--;
      } else {
        emit = true;
      }
      if (arangeStart == 0 || brangeStart == 0) emit = true;
      idx--; i--; j--; L--;
      stale = true;
    } else {
      let lcs1: u32, lcs2: u32; // LCS(i-1, j), LCS(i, j-1)
      if (orientA) {
        // Row r of Redis's table is bit row r-1 of ours; row 0 is all zeros.
        if (stale) {
          other = i > 1 ? prefixCount(table + <usize>(i - 2) * rowBytes, j) : 0;
          stale = false;
        }
        lcs1 = other;
        lcs2 = L - bitAt(table + <usize>(i - 1) * rowBytes, j - 1);
      } else {
        if (stale) {
          other = j > 1 ? prefixCount(table + <usize>(j - 2) * rowBytes, i) : 0;
          stale = false;
        }
        lcs1 = L - bitAt(table + <usize>(j - 1) * rowBytes, i - 1);
        lcs2 = other;
      }
      if (lcs1 > lcs2) {
        // Up: LCS(i-1, j).
        if (orientA) {
          stale = true;
        } else if (j > 1) {
          other -= bitAt(table + <usize>(j - 2) * rowBytes, i - 1); // LCS(i-1, j-1)
        }
        L = lcs1;
        i--;
      } else {
        // Left: LCS(i, j-1).
        if (!orientA) {
          stale = true;
        } else if (i > 1) {
          other -= bitAt(table + <usize>(i - 2) * rowBytes, j - 1); // LCS(i-1, j-1)
        }
        L = lcs2;
        j--;
      }
      if (arangeStart != alen) emit = true;
    }
    if (emit) {
      const matchLen = arangeEnd - arangeStart + 1;
      if (minmatchlen == 0 || <i64>matchLen >= minmatchlen) {
        if (getidx) {
          addReplyArrayLen(c, withmatchlen ? 3 : 2);
          addReplyArrayLen(c, 2);
          addReplyLongLong(c, arangeStart);
          addReplyLongLong(c, arangeEnd);
          addReplyArrayLen(c, 2);
          addReplyLongLong(c, brangeStart);
          addReplyLongLong(c, brangeEnd);
          if (withmatchlen) addReplyLongLong(c, matchLen);
          arraylen++;
        }
      }
      arangeStart = alen;
    }
  }
  if (table != 0) zfree(table);

  if (getidx) {
    addReplyBulkStr(c, "len");
    addReplyLongLong(c, total);
    setDeferredArrayLen(c, arrayHandle, arraylen);
  } else if (getlen) {
    addReplyLongLong(c, idx);
  } else {
    addReplyBulk(c, result, total);
  }
  if (result != 0) zfree(result);
}
