// dump.ts — DUMP, RESTORE and DEBUG DIGEST / DIGEST-VALUE (Redis: cluster.c's dumpCommand /
// restoreCommand and debug.c's digest subcommands).
//
// DUMP serialises one value exactly as an RDB file stores it (rdb/save.ts rdbSaveObject),
// followed by the RDB version (2 bytes, little-endian) and a CRC-64 of everything before it,
// so payloads are interchangeable with redis-server's: a value DUMPed by Redis restores here
// and the other way round. RESTORE checks the footer first ("DUMP payload version or checksum
// are wrong"), then parses with the RDB loader (rdb/load.ts restoreObject), which converts
// encodings where loading would ("Bad data format" if anything is off, leaking nothing).
//
// RESTORE's option loop, its error order (options, then BUSYKEY, then TTL, then payload) and
// its propagation follow Redis 7.0.15: a relative TTL is rewritten to an absolute one with
// ABSTTL appended, and a key restored already expired is not created (if REPLACE deleted an
// old one, that propagates as DEL, or UNLINK with lazyfree-lazy-server-del).

import { argLen, argPtr, Client } from "../client";
import { addReplyBulk, addReplyError, addReplyNull, addReplyOK, addReplyStatusBytes, addReplyArrayLen } from "../resp/reply";
import { ERR_BAD_DATA_FORMAT, ERR_BUSYKEY, ERR_DUMP_PAYLOAD, ERR_INVALID_FREQ, ERR_INVALID_IDLETIME,
  ERR_INVALID_TTL, ERR_NOT_INTEGER, ERR_SYNTAX } from "../resp/errors";
import { addDirty, dbAddEntry, dbDelete, lookupKeyRead, lookupKeyWrite, nowMs,
  setExpire } from "../db/db";
import { dictFind } from "../ds/dict";
import { hashBytes } from "../util/hash";
import { entryFree } from "../db/object";
import { ll2string, parsedLL, string2ll } from "../util/number";
import { createDumpPayload, rdbOut, rdbOutLen, rdbOutReset } from "../rdb/save";
import { objectSetLRUOrLFU, restoreObject, verifyDumpPayload } from "../rdb/load";
import { computeDatasetDigest, digestHex, xorObjectDigest } from "../rdb/digest";
import { argIs } from "./common";
import { propagateArg, propagateArgStr, propagateBegin, propagateEnd, propagationEnabled } from "../db/effects";
import { preventDefaultPropagation } from "../server";
import { lazyfreeLazyServerDel } from "../config";
import { notifyKeyspaceEvent, NOTIFY_GENERIC } from "../db/notify";
import { serverIsReplica } from "./connection";

export function dumpCommand(c: Client): void {
  const e = lookupKeyRead(c.db, argPtr(c, 1), argLen(c, 1));
  if (e == 0) {
    addReplyNull(c);
    return;
  }
  createDumpPayload(e);
  addReplyBulk(c, rdbOut, rdbOutLen);
  rdbOutReset();
}

/** getLongLongFromObjectOrReply on argument i into parsedLL. */
function argLongLong(c: Client, i: i32): bool {
  if (string2ll(argPtr(c, i), <i32>argLen(c, i))) return true;
  addReplyError(c, ERR_NOT_INTEGER);
  return false;
}

const TTLBUF: usize = memory.data(32);

export function restoreCommand(c: Client): void {
  let replace = false;
  let absttl = false;
  let lruIdle: i64 = -1;
  let lfuFreq: i64 = -1;
  for (let j = 4; j < c.argc; j++) {
    const additional = c.argc - j - 1;
    if (argIs(c, j, "replace")) {
      replace = true;
    } else if (argIs(c, j, "absttl")) {
      absttl = true;
    } else if (argIs(c, j, "idletime") && additional >= 1 && lfuFreq == -1) {
      if (!argLongLong(c, j + 1)) return;
      lruIdle = parsedLL;
      if (lruIdle < 0) {
        addReplyError(c, ERR_INVALID_IDLETIME);
        return;
      }
      j++;
    } else if (argIs(c, j, "freq") && additional >= 1 && lruIdle == -1) {
      if (!argLongLong(c, j + 1)) return;
      lfuFreq = parsedLL;
      if (lfuFreq < 0 || lfuFreq > 255) {
        addReplyError(c, ERR_INVALID_FREQ);
        return;
      }
      j++;
    } else {
      addReplyError(c, ERR_SYNTAX);
      return;
    }
  }
  const db = c.db;
  const kp = argPtr(c, 1);
  const kl = argLen(c, 1);
  if (!replace && lookupKeyWrite(db, kp, kl) != 0) {
    addReplyError(c, ERR_BUSYKEY);
    return;
  }
  if (!argLongLong(c, 2)) return;
  let ttl = parsedLL;
  if (ttl < 0) {
    addReplyError(c, ERR_INVALID_TTL);
    return;
  }
  const pp = argPtr(c, 3);
  const pl = argLen(c, 3);
  if (!verifyDumpPayload(pp, pl)) {
    addReplyError(c, ERR_DUMP_PAYLOAD);
    return;
  }
  const e = restoreObject(pp, pl, kp, kl);
  if (e == 0) {
    addReplyError(c, ERR_BAD_DATA_FORMAT);
    return;
  }
  let deleted = false;
  if (replace) deleted = dbDelete(db, kp, kl);
  if (ttl != 0 && !absttl) ttl += nowMs;
  if (ttl != 0 && ttl <= nowMs && !serverIsReplica) {
    // Already expired: nothing is created (checkAlreadyExpired).
    if (deleted) {
      addDirty(1);
      notifyKeyspaceEvent(NOTIFY_GENERIC, "del", kp, kl, db.id);
      if (propagationEnabled) {
        propagateBegin(c.dbIndex, 2);
        propagateArgStr(lazyfreeLazyServerDel ? "UNLINK" : "DEL");
        propagateArg(kp, kl);
        propagateEnd();
      }
    }
    preventDefaultPropagation();
    entryFree(e);
    addReplyOK(c);
    return;
  }
  const h = hashBytes(kp, kl);
  dbAddEntry(db, e, h);
  if (ttl != 0) setExpire(db, e, h, ttl);
  objectSetLRUOrLFU(e, lfuFreq, lruIdle); // IDLETIME / FREQ (rdb/load.ts)
  notifyKeyspaceEvent(NOTIFY_GENERIC, "restore", kp, kl, db.id);
  addReplyOK(c);
  addDirty(1);
  if (ttl != 0 && !absttl) {
    // Propagate the TTL as an absolute time, with ABSTTL appended.
    preventDefaultPropagation();
    if (propagationEnabled) {
      propagateBegin(c.dbIndex, c.argc + 1);
      for (let i = 0; i < c.argc; i++) {
        if (i == 2) propagateArg(TTLBUF, <u32>ll2string(TTLBUF, ttl));
        else propagateArg(argPtr(c, i), argLen(c, i));
      }
      propagateArgStr("ABSTTL");
      propagateEnd();
    }
  }
}


// ---- DEBUG DIGEST / DIGEST-VALUE ---------------------------------------------------------------

const DIG: usize = memory.data(20);
const HEX: usize = memory.data(40);

export function debugDigestCommand(c: Client): void {
  computeDatasetDigest(DIG);
  digestHex(DIG, HEX);
  addReplyStatusBytes(c, HEX, 40);
}

export function debugDigestValueCommand(c: Client): void {
  addReplyArrayLen(c, c.argc - 2);
  for (let j = 2; j < c.argc; j++) {
    memory.fill(DIG, 0, 20);
    // A raw dict lookup, as Redis's: logically expired keys are digested too.
    const kp = argPtr(c, j);
    const kl = argLen(c, j);
    const e = dictFind(c.db.dict, kp, kl, hashBytes(kp, kl));
    if (e != 0) xorObjectDigest(c.db, e, DIG);
    digestHex(DIG, HEX);
    addReplyStatusBytes(c, HEX, 40);
  }
}
