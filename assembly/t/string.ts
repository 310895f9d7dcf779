// string.ts — the string type (Redis: t_string.c).
//
// Values live inline in the key entry (db/object.ts), so GET is one lookup plus one copy
// into the reply buffer, and SET over an existing key of similar size rewrites the bytes in
// place. Variants share one implementation as in Redis: SET/SETNX/SETEX/PSETEX go through
// setGeneric, INCR/DECR/INCRBY/DECRBY through incrDecr.
//
// Each handler follows Redis's order: parse arguments (errors first), look up, check type,
// mutate, count the write (dirty), reply.

import { argLen, argPtr, Client } from "../client";
import { addReplyBulk, addReplyError, addReplyLongLong, addReplyNull, addReplyOK, addReplyProto,
  addReplyArrayLen, errBegin, errBytes, errEnd, errStr } from "../resp/reply";
import { ERR_NOT_INTEGER, ERR_OFFSET_RANGE, ERR_OVERFLOW, ERR_STRING_TOO_LONG, ERR_SYNTAX } from "../resp/errors";
import { addDirty, dbAddEntry, dbDeleteEntry, dbGrowString, dbSetString, lastHash, lookupKeyRead,
  lookupKeyWrite, nowMs, removeExpire, setExpire, dbDelete } from "../db/db";
import { entryNewString, entryStrLen, entryStrPtr, ENC_INT, ENC_RAW, OBJ_STRING, rawStringEncodingFor,
  setEntryEncoding, stringEncodingFor, entryNew, entryType } from "../db/object";
import { argInt, argIs, checkType, getLongLongOrReply } from "./common";
import { ll2string, parsedLL, string2ll } from "../util/number";
import { commandNameLen, commandNamePtr } from "../commands/lookup";
import { protoMaxBulkLen } from "../resp/parser";
import { lruClock } from "../db/db";
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
  if (expIdx >= 0) setExpire(c.db, e, h, expireMs);
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
  if ((flags & (SET_EXAT | SET_PXAT)) != 0 && expireMs <= nowMs) {
    dbDeleteEntry(c.db, e, h);
    addDirty(1);
  } else if (expIdx >= 0) {
    setExpire(c.db, e, h, expireMs);
    addDirty(1);
  } else if ((flags & SET_PERSIST) != 0) {
    if (removeExpire(c.db, e, h)) addDirty(1);
  }
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
  addReplyLongLong(c, entryStrLen(e));
}
