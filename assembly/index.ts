// index.ts — the engine's ABI: the only exports of build/engine.wasm.
//
// A deliberately small, hand-written interface of u32/f64 values: no loader, no generated
// bindings, no strings. The host (host/core/engine.ts) wraps it.
//
// Feeding bytes:
//   p = clientReserve(c, n)      where to copy n bytes of socket data (in wasm memory)
//   st = exec(c, n, nowMs)       runs every complete command; keeps a partial one
//   outPtr(c) / outLen(c)        the reply bytes to send; outReset(c) once copied out
//   st == EXEC_HOST (1)          a host-owned command is pending: read it with argc/argPtr/
//                                argLen/hostCommandName, reply with replyReserve+replyCommit,
//                                then call exec(c, 0, nowMs) to go on
//   st == EXEC_CLOSE (2)         send the output, then close the connection
//   st == EXEC_BLOCKED (3)       the command blocked (BLPOP ...): stop feeding this client;
//                                its keys: blockedKeyCount/Ptr/Len, timeout: blockedTimeout.
//                                Later retryBlocked (a key is ready) or unblockClient (timeout,
//                                CLIENT UNBLOCK) ends it; then exec(c, 0, nowMs) goes on
//   st == EXEC_READY (4)         keys became ready for blocked clients: serve them (READY_KEY
//                                records in the effects log, readyKeysTaken, retryBlocked),
//                                then exec(c, 0, nowMs) to go on
// Every caller (TCP, WebSocket, embedding API, AOF loading, the master link, Lua) uses this
// same path. Times are unix milliseconds as f64; pointers are u32 (read them with >>> 0).

import { multiClientReset, multiQueuedCount } from "./db/multi";
import { argLen as clientArgLen, argPtr as clientArgPtr, Client, clientCreate as newClient,
  clientFree as freeClient, clientReserveInput, CLIENT_BLOCKED } from "./client";
import { dbAt, dbCount, dbExpiresCount, dbInit, dbKeyCount, dirty, setNow, statExpiredKeys,
  statKeyspaceHits, statKeyspaceMisses } from "./db/db";
import { commandLookupInit, commandNameLen, commandNamePtr } from "./commands/lookup";
import { registerAll } from "./commands/handlers";
import { CLIENT_SCRIPT, propagateHostArgv, scriptWrapEffects as wrapEffects, setScriptBusyMode } from "./db/script";
import { lzfCompress } from "./util/lzf";
import { selectDb } from "./client";
import { setAofWriteError, setClientPauseEnd, setClientPauseType, setMonitorsOn, execClient, statNumCommands, statRejectedCalls, handlers, setQueryBufferLimit, commandCalls } from "./server";
import { usedMemory, usedMemoryPeak, zrealloc } from "./mem/alloc";
import { hashSeed } from "./util/hash";
import { effects, effectsLen, effectsReset as resetEffects, setPropagation as setProp } from "./db/effects";
import { setAuthRequired, setProtoMaxBulkLen } from "./resp/parser";
import { rdbOut, rdbSaveBegin as saveBegin, rdbSaveChunk as saveChunk, rdbSaveChunkTaken as saveChunkTaken,
  rdbSaveEnd as saveEnd, rdbSaveKeys, setRdbChecksum, setRdbCompression, setRdbSaveLru } from "./rdb/save";
import { aofRewriteBegin as rewriteBegin, aofRewriteChunk as rewriteChunk } from "./aof/rewrite";
import { auxCtime, auxUsedMem, auxVerLen, auxVerPtr, checksumDisabled, emptyKeysSkipped, functionsSkipped,
  keysExpired, keysLoaded, loadedBytes, moduleAuxSkipped, rdbErrLen, rdbErrPtr, rdbLoadBegin as loadBegin,
  rdbLoadFeed as loadFeed, rdbLoadRelease, rdbLoadReserve as loadReserve } from "./rdb/load";
import { subDirty } from "./db/db";
import { setLoadAllowDup } from "./rdb/load";
import { setAuxUsedMem, setDenyWritesDiskError } from "./rdb/save";
import { execInProgress } from "./db/multi";
import { loadFunctionCount, loadFunctionLen, loadFunctionPtr } from "./rdb/load";
import { rdbSaveAppend } from "./rdb/save";
import { hashSeedState, hashSeedRestore } from "./util/hash";
import { dbEmpty, dbs as dbsPtr, restoreDbs } from "./db/db";
import { statErrorReplies } from "./resp/reply";
import { COMMAND_COUNT, commandArity, commandFlags } from "./commands/table.gen";
import { databasesCron } from "./db/expire";
import { setStructureConfig } from "./config";
import { setNotifyKeyspaceEvents } from "./db/notify";
import { setTrackingOn } from "./db/tracking";
import { clientSetDefaultAuth, setRequirePass as setPass, setServerIsReplica } from "./t/connection";
import { setEnableDebugCommand } from "./t/debug";
import { setAclHost, setDefaultUserRestricted } from "./acl";
import { blockedClients, blockedKeyArg, readyKeysTaken as readyTaken, retryBlocked as retryBlockedClient,
  unblockClientWith, unblockKeys } from "./db/blocking";

import { setHardLimit } from "./db/evict";
import { evictionCron, lastEvictionExceededStart, memoryLimit, resetEvictionStats, setEvictionTenacity,
  setLfuDecayTime, setLfuLogFactor, setMaxmemory, setMaxmemoryPolicyIndex, setMaxmemorySamples, statEvictedKeys,
  statTotalEvictionExceededMs } from "./db/evict";
import { setSlowlogLogSlowerThan, setSlowlogMaxLen } from "./db/slowlog";
import { latencyHistCalls, latencyHistPercentile, latencyResetHistograms, setLatencyMonitorThreshold,
  setLatencyTracking } from "./db/latency";
import { commandUsec, commandRejected, commandFailed, timingInit, execTime as execTimeReport,
  hostCommandTime as hostCommandTimeReport } from "./server";
import { errorCodeCount, errorCodeCalls, errorCodeLen, errorCodePtr, errorStatRecord, errorStatsReset } from "./resp/errorstats";
import { statErrorRepliesAdd } from "./resp/reply";
import { setClientString } from "./client";
import { dbFindEntry, nowMsExact } from "./db/db";
import { entryMemoryUsage } from "./t/memory";

export function init(seedLo: u32, seedHi: u32, databases: i32): void {
  hashSeed((<u64>seedHi << 32) | <u64>seedLo);
  dbInit(databases);
  commandLookupInit();
  registerAll();
  timingInit(); // which commands are timed per batch (server.ts)
}

// ---- clients -------------------------------------------------------------------------

export function clientCreate(nowMs: f64): u32 {
  setNow(nowMs);
  const c = newClient();
  clientSetDefaultAuth(c); // authenticated from the start when no requirepass is set
  return changetype<u32>(c);
}

export function clientFree(c: u32): void {
  const cl = changetype<Client>(<usize>c);
  unblockKeys(cl); // a blocked client that disconnects stops counting as a waiter
  multiClientReset(cl); // its queued transaction and watched keys go with it
  freeClient(cl);
}

export function clientId(c: u32): f64 {
  return <f64>changetype<Client>(<usize>c).id;
}

export function clientReserve(c: u32, n: u32): u32 {
  return <u32>clientReserveInput(changetype<Client>(<usize>c), n);
}

export function exec(c: u32, n: u32, nowMs: f64): i32 {
  return execClient(changetype<Client>(<usize>c), n, nowMs);
}

export function outPtr(c: u32): u32 { return <u32>changetype<Client>(<usize>c).obuf; }
export function outLen(c: u32): u32 { return changetype<Client>(<usize>c).olen; }
export function outReset(c: u32): void {
  const cl = changetype<Client>(<usize>c);
  cl.olen = 0;
  // Give back a big reply buffer once it has been sent.
  if (cl.ocap > 1024 * 1024) {
    cl.obuf = zrealloc(cl.obuf, 16384);
    cl.ocap = 16384;
  }
}

/** Room for n reply bytes written by the host; then replyCommit(c, n). */
export function replyReserve(c: u32, n: u32): u32 {
  const cl = changetype<Client>(<usize>c);
  const need = cl.olen + n;
  if (need > cl.ocap) {
    let cap = cl.ocap < 16384 ? <u32>16384 : cl.ocap;
    while (cap < need) cap *= 2;
    cl.obuf = zrealloc(cl.obuf, cap);
    cl.ocap = cap;
  }
  return <u32>(cl.obuf + cl.olen);
}

export function replyCommit(c: u32, n: u32): void {
  changetype<Client>(<usize>c).olen += n;
}

// ---- the pending host-owned command ----------------------------------------------------

export function argc(c: u32): i32 { return changetype<Client>(<usize>c).argc; }
export function argPtr(c: u32, i: i32): u32 { return <u32>clientArgPtr(changetype<Client>(<usize>c), i); }
export function argLen(c: u32, i: i32): u32 { return clientArgLen(changetype<Client>(<usize>c), i); }
/** Id of the command handed to the host (its full name via commandNamePtr/Len). */
export function hostCommandId(c: u32): i32 { return changetype<Client>(<usize>c).hostCmd; }
export function clientDb(c: u32): i32 { return changetype<Client>(<usize>c).dbIndex; }
export function clientResp(c: u32): i32 { return changetype<Client>(<usize>c).resp; }
export function clientFlags(c: u32): u32 { return changetype<Client>(<usize>c).flags; }
/** Commands queued in MULTI, -1 outside a transaction (CLIENT LIST multi=). */
export function clientMultiCount(c: u32): i32 { return multiQueuedCount(changetype<Client>(<usize>c)); }
export function clientSetFlags(c: u32, f: u32): void { changetype<Client>(<usize>c).flags = f; }
export function clientLastCmd(c: u32): i32 { return changetype<Client>(<usize>c).lastCmd; }
export function clientNamePtr(c: u32): u32 { return <u32>changetype<Client>(<usize>c).name; }
export function clientNameLen(c: u32): u32 { return changetype<Client>(<usize>c).nameLen; }
export function clientQueryLen(c: u32): u32 {
  const cl = changetype<Client>(<usize>c);
  // A blocked command was already parsed out of the buffer in Redis: count what follows it.
  return cl.qlen - ((cl.flags & CLIENT_BLOCKED) != 0 ? cl.qpos : cl.cmdStart);
}
export function clientQueryCap(c: u32): u32 { return changetype<Client>(<usize>c).qcap; }
export function clientOutCap(c: u32): u32 { return changetype<Client>(<usize>c).ocap; }
export function clientArgvMem(c: u32): u32 { return <u32>changetype<Client>(<usize>c).argvCap << 3; }
/** Unix ms of the client's last command (CLIENT LIST idle=). */
export function clientLastInteraction(c: u32): f64 { return <f64>changetype<Client>(<usize>c).lastInteraction; }

// ---- the command table ---------------------------------------------------------------

export function commandCount(): i32 { return COMMAND_COUNT; }
export function commandNamePointer(id: i32): u32 { return <u32>commandNamePtr(id); }
export function commandNameLength(id: i32): u32 { return commandNameLen(id); }
export function commandImplemented(id: i32): bool { return handlers[id] != null; }
/** CMD_FLAG_* bits and arity of a command (scripts check redis.call commands like Redis's scriptCall). */
export function commandFlagBits(id: i32): u32 { return commandFlags[id]; }
export function commandArityOf(id: i32): i32 { return commandArity[id]; }
/** Calls of a command since start (INFO commandstats). */
export function commandCallCount(id: i32): f64 { return <f64>commandCalls[id]; }

// ---- server-wide state ---------------------------------------------------------------

/** Periodic work (Redis: serverCron's databasesCron): active expiry and rehashing. */
export function cron(nowMs: f64, effort: i32): void {
  setNow(nowMs);
  databasesCron(effort);
  evictionCron(); // an eviction cut short by its time budget goes on (db/evict.ts)
}

// ---- memory, eviction and command statistics (db/evict.ts, server.ts, resp/errorstats.ts) --

/** Microseconds, rejected calls and failed calls of a command (INFO commandstats). */
export function commandUsecTotal(id: i32): f64 { return Math.floor(commandUsec[id]); }
export function commandRejectedCount(id: i32): f64 { return <f64>commandRejected[id]; }
export function commandFailedCount(id: i32): f64 { return <f64>commandFailed[id]; }
/** Latency tracking histogram of a command: calls, and the value (usec) at percentile p. */
export function commandLatencyCalls(id: i32): f64 { return <f64>latencyHistCalls(id); }
export function commandLatencyPercentile(id: i32, p: f64): f64 { return latencyHistPercentile(id, p); }
/** Error codes seen in error replies (INFO errorstats): count, name pointer/length, calls. */
export function errorCodes(): i32 { return errorCodeCount; }
export function errorCodeNamePtr(i: i32): u32 { return <u32>errorCodePtr(i); }
export function errorCodeNameLen(i: i32): u32 { return errorCodeLen(i); }
export function errorCodeCallCount(i: i32): f64 { return <f64>errorCodeCalls(i); }
/** An error reply made by the host (a host-owned command): counted like the engine's own. */
export function noteHostErrorReply(p: u32, n: u32): void {
  statErrorRepliesAdd();
  errorStatRecord(<usize>p, n);
}
/** CONFIG RESETSTAT: the engine's counters. */
export function resetStats(): void {
  // (calls are not zeroed: the host keeps a baseline of them, host/core/cmd/info.ts)
  for (let id = 0; id < COMMAND_COUNT; id++) {
    commandUsec[id] = 0;
    commandRejected[id] = 0;
    commandFailed[id] = 0;
  }
  errorStatsReset();
  latencyResetHistograms();
  resetEvictionStats();
}
/**
 * The host's measure of the exec call that just returned, in microseconds: shared among the
 * commands it ran (commandstats, latency, slow log: server.ts execTime). Optional.
 */
export function execTime(us: f64): void { execTimeReport(us); }
/** The host's measure of the host-owned command it is handing back (before exec(c, 0)). */
export function hostCommandTime(c: u32, us: f64): void { hostCommandTimeReport(changetype<Client>(<usize>c), us); }
/** "ip:port" of the client's peer (SLOWLOG entries); n bytes at p (e.g. scratch). */
export function clientSetPeer(c: u32, p: u32, n: u32): void {
  const cl = changetype<Client>(<usize>c);
  cl.peer = setClientString(cl.peer, <usize>p, n);
  cl.peerLen = n;
}
/** Bytes of one key (MEMORY USAGE's measure, t/memory.ts), -1 if absent. */
export function keyMemoryUsage(db: i32, p: u32, n: u32): f64 {
  const e = dbFindEntry(dbAt(db), <usize>p, n);
  return e == 0 ? -1 : <f64>entryMemoryUsage(e);
}

export function databases(): i32 { return dbCount; }
export function dbSize(db: i32): f64 { return <f64>dbKeyCount(dbAt(db)); }
export function dbExpires(db: i32): f64 { return <f64>dbExpiresCount(dbAt(db)); }
export function dbAvgTtl(db: i32): f64 { return <f64>dbAt(db).avgTtl; }

export const STAT_USED_MEMORY: i32 = 0;
export const STAT_USED_MEMORY_PEAK: i32 = 1;
export const STAT_NUM_COMMANDS: i32 = 2;
export const STAT_KEYSPACE_HITS: i32 = 3;
export const STAT_KEYSPACE_MISSES: i32 = 4;
export const STAT_EXPIRED_KEYS: i32 = 5;
export const STAT_DIRTY: i32 = 6;
export const STAT_LINEAR_MEMORY: i32 = 7;
export const STAT_REJECTED_CALLS: i32 = 8;
export const STAT_ERROR_REPLIES: i32 = 9;

/** Engine counters for INFO (ids above). */
export function stat(id: i32): f64 {
  switch (id) {
    case 0: return <f64>usedMemory;
    case 1: return <f64>usedMemoryPeak;
    case 2: return <f64>statNumCommands;
    case 3: return <f64>statKeyspaceHits;
    case 4: return <f64>statKeyspaceMisses;
    case 5: return <f64>statExpiredKeys;
    case 6: return <f64>dirty;
    case 7: return <f64>(<u64>memory.size() << 16);
    case 8: return <f64>statRejectedCalls;
    case 9: return <f64>statErrorReplies;
    case 20: return <f64>statEvictedKeys;
    case 21: return Math.floor(statTotalEvictionExceededMs);
    case 22: return lastEvictionExceededStart == 0 ? 0 : Math.floor(nowMsExact - lastEvictionExceededStart);
    case 23: return <f64>memoryLimit;
  }
  return -1;
}

export const CONFIG_PROTO_MAX_BULK_LEN: i32 = 0;
export const CONFIG_QUERY_BUFFER_LIMIT: i32 = 1;
export const CONFIG_AUTH_REQUIRED: i32 = 2;
export const CONFIG_ENABLE_DEBUG_COMMAND: i32 = 3; // 0 no, 1 yes, 2 local
export const CONFIG_IS_REPLICA: i32 = 4; // HELLO's role: master / replica
export const CONFIG_NOTIFY_KEYSPACE_EVENTS: i32 = 40; // notify-keyspace-events flags (db/notify.ts)
export const CONFIG_RDB_COMPRESSION: i32 = 70;
export const CONFIG_RDB_CHECKSUM: i32 = 71;
export const CONFIG_RDB_SAVE_LRU: i32 = 72;
export const CONFIG_RDB_DENY_WRITES: i32 = 73;

/** Engine-side settings the host's CONFIG pushes down (ids above). */
export function setConfig(id: i32, v: f64): void {
  switch (id) {
    case 0: setProtoMaxBulkLen(<i64>v); break;
    case 1: setQueryBufferLimit(<u64>v); break;
    case 2: setAuthRequired(v != 0); break;
    case 3: setEnableDebugCommand(<i32>v); break;
    case 4: setServerIsReplica(v != 0); break;
    // maxmemory, eviction, slow log, latency (db/evict.ts, db/slowlog.ts, db/latency.ts)
    case 50: setMaxmemory(<u64>v); break;
    case 51: setMaxmemoryPolicyIndex(<i32>v); break;
    case 52: setMaxmemorySamples(<i32>v); break;
    case 53: setLfuLogFactor(<i32>v); break;
    case 54: setLfuDecayTime(<i32>v); break;
    case 55: setEvictionTenacity(<i32>v); break;
    case 56: setSlowlogLogSlowerThan(v); break;
    case 57: setSlowlogMaxLen(<u64>v); break;
    case 58: setLatencyMonitorThreshold(v); break;
    case 59: setLatencyTracking(v != 0); break;
    case 60: setHardLimit(<u64>v); break; // the implicit limit with maxmemory 0 (tests; 0 = 3 GiB)
    case 40: setNotifyKeyspaceEvents(<i32>v); break;
    case 70: setRdbCompression(v != 0); break; // rdbcompression (rdb/save.ts)
    case 71: setRdbChecksum(v != 0); break; // rdbchecksum
    case 72: setRdbSaveLru(v != 0); break; // maxmemory-policy is an LRU one: save idle times
    case 73: setDenyWritesDiskError(v != 0); break; // stop-writes-on-bgsave-error in effect
    case 90: setAclHost(v != 0); break; // the host owns the ACL users (acl.ts)
    case 91: setDefaultUserRestricted(<i32>v); break; // the check flags new clients get
    case 74: setMonitorsOn(v != 0); break; // MONITOR clients exist: log commands (server.ts feedMonitors)
    case 75: setClientPauseType(<i32>v); break; // CLIENT PAUSE: 0 none, 1 WRITE, 2 ALL (server.ts)
    case 76: setClientPauseEnd(v); break; // CLIENT PAUSE: its end (unix ms)
    case 82: setTrackingOn(v != 0); break; // some client tracks keys (db/tracking.ts)
    default: setStructureConfig(id, <i64>v);
  }
}

/** requirepass: the default user's password (n bytes at p, e.g. from scratch); n = 0 clears it. */
export function setRequirePass(p: u32, n: u32): void {
  setPass(<usize>p, n);
}

// ---- blocked clients (db/blocking.ts) -----------------------------------------------------

export function blockedKeyCount(c: u32): i32 { return changetype<Client>(<usize>c).bpopNumKeys; }
export function blockedKeyPtr(c: u32, i: i32): u32 {
  const cl = changetype<Client>(<usize>c);
  return <u32>clientArgPtr(cl, blockedKeyArg(cl, i));
}
export function blockedKeyLen(c: u32, i: i32): u32 {
  const cl = changetype<Client>(<usize>c);
  return clientArgLen(cl, blockedKeyArg(cl, i));
}
/** Absolute unix ms at which the blocked client times out; 0 = never. */
export function blockedTimeout(c: u32): f64 { return <f64>changetype<Client>(<usize>c).bpopTimeout; }
/**
 * Serves blocked client c from ready key (kp, kl) of its db if it can: bit 1 = served (its
 * reply is in its output; call exec(c, 0) to go on), bit 2 = the key no longer exists.
 */
export function retryBlocked(c: u32, kp: u32, kl: u32, nowMs: f64): i32 {
  setNow(nowMs);
  return retryBlockedClient(changetype<Client>(<usize>c), <usize>kp, kl);
}
/** Ends a wait without serving: reason 0 = timeout (null reply), 1 = -UNBLOCKED error. */
export function unblockClient(c: u32, reason: i32, nowMs: f64): bool {
  setNow(nowMs);
  return unblockClientWith(changetype<Client>(<usize>c), reason);
}
/** The host has read the READY_KEY records so far: later signals start a new batch. */
export function readyKeysTaken(): void { readyTaken(); }
/** Clients blocked on keys (engine count). */
export function blockedClientCount(): i32 { return <i32>blockedClients; }

// ---- scripting (db/script.ts) ----------------------------------------------------------------

/** 0: no busy script; 1: an EVAL script, 2: a function runs past busy-reply-threshold (-BUSY). */
export function setScriptBusy(mode: i32): void { setScriptBusyMode(mode); }
/** Marks c as a Lua client (exempt from BUSY). */
export function clientMarkScript(c: u32): void { changetype<Client>(<usize>c).flags |= CLIENT_SCRIPT; }
/** The Lua client runs in the caller's db with the protocol the script chose. */
export function clientSelect(c: u32, db: i32): void { selectDb(changetype<Client>(<usize>c), db); }
export function clientSetResp(c: u32, resp: i32): void { changetype<Client>(<usize>c).resp = resp; }
/** A script ended: wrap its PROPAGATE records since `from` in MULTI/EXEC when more than one. */
export function scriptWrapEffects(from: u32, db: i32): void { wrapEffects(from, db); }
/** Propagates a host-owned write command (argc (u32 len, bytes) pairs at p) to AOF / replicas. */
export function propagateHostCommand(db: i32, argc: i32, p: u32): void { propagateHostArgv(db, argc, <usize>p); }
/** LZF-compresses n bytes at inp into out (room: outLen); 0 if it does not fit (FUNCTION DUMP strings). */
export function lzfCompressInto(inp: u32, n: u32, out: u32, outLen: u32): u32 { return lzfCompress(<usize>inp, n, <usize>out, outLen); }

// ---- effects log ---------------------------------------------------------------------

export function effectsPtr(): u32 { return <u32>effects; }
export function effectsLength(): u32 { return effectsLen; }
export function effectsReset(): void { resetEffects(); }
export function setPropagation(on: bool): void { setProp(on); }

/** The AOF could not be written: writes get MISCONF with this strerror text (n bytes at p,
 *  e.g. scratch); n = 0 when the AOF is fine again (server.ts). */
export function aofWriteError(p: u32, n: u32): void { setAofWriteError(p, n); }

// ---- scratch memory for the host -------------------------------------------------------

let scratchBuf: usize = 0;
let scratchCap: u32 = 0;

/** A reusable area of at least n bytes (valid until the next call). */
export function scratch(n: u32): u32 {
  if (n > scratchCap) {
    scratchBuf = zrealloc(scratchBuf, n);
    scratchCap = n;
  }
  return <u32>scratchBuf;
}


// ---- persistence (rdb/*.ts): streaming SAVE and load ------------------------------------------------

/** Starts writing an RDB of the whole dataset (header and aux fields); then rdbSaveChunk. */
export function rdbSaveBegin(nowMs: f64): void {
  setNow(nowMs);
  saveBegin();
}
/** Bytes of the next chunk at rdbOutPtr(); 0 when the file is complete. */
export function rdbSaveChunk(): u32 { return saveChunk(); }
/** The host copied the chunk: the buffer is reused for the next one. */
export function rdbSaveChunkTaken(): void { saveChunkTaken(); }
export function rdbSaveEnd(): void { saveEnd(); }
export function rdbOutPtr(): u32 { return <u32>rdbOut; }
/** The dataset as commands (AOF base with aof-use-rdb-preamble no): begin, then chunks at
 *  rdbOutPtr() until 0, each taken with rdbSaveChunkTaken (assembly/aof/rewrite.ts). */
export function aofRewriteBegin(): void { rewriteBegin(); }
export function aofRewriteChunk(): u32 { return rewriteChunk(); }
/** Keys written by the last save. */
export function rdbSavedKeys(): f64 { return <f64>rdbSaveKeys; }
/** After a successful BGSAVE: dirty -= the count when it started (Redis: backgroundSaveDoneHandler). */
export function dirtySubtract(n: f64): void { subDirty(<u64>n); }

/**
 * Starts loading an RDB into the keyspace (which the host emptied unless DEBUG RELOAD
 * NOFLUSH); allowDup (DEBUG RELOAD MERGE) lets a loaded key replace an existing one.
 */
export function rdbLoadBegin(nowMs: f64, allowDup: bool): void {
  setNow(nowMs);
  setLoadAllowDup(allowDup);
  loadBegin();
}
/** Whether the client is running EXEC's queued commands (a BGSAVE there is only scheduled). */
export function clientInExec(c: u32): bool { return execInProgress(changetype<Client>(<usize>c)); }
/** Function libraries of the last load: count, and each one's code (host/core/persistence.ts). */
export function rdbLoadFunctionCount(): u32 { return loadFunctionCount(); }
export function rdbLoadFunctionPtr(i: u32): u32 { return <u32>loadFunctionPtr(i); }
export function rdbLoadFunctionLen(i: u32): u32 { return loadFunctionLen(i); }
/** Bytes the host encoded (FUNCTION2 records), right after rdbSaveBegin. */
export function rdbSaveAppendBytes(p: u32, n: u32): void { rdbSaveAppend(<usize>p, n); }
/** Empties every db (DEBUG RELOAD's emptyData before loading). */
export function rdbEmptyData(): void {
  for (let i = 0; i < dbCount; i++) dbEmpty(dbAt(i));
}

// BGSAVE without fork: the host copies linear memory to a worker thread that instantiates the
// same engine.wasm, copies the memory in and restores the few globals saving reads (the db
// array, the hash key) from the block below before running the rdbSave* loop on its copy.
// Allocator state lives in memory (its root at a fixed address), so allocation in the copy
// continues where the original stood.
const BGSAVE_STATE: usize = memory.data(32);
/** Main instance: records the globals the copy needs; returns where (inside linear memory). */
export function bgsaveStateExport(): u32 {
  store<u32>(BGSAVE_STATE, <u32>dbsPtr);
  store<i32>(BGSAVE_STATE + 4, dbCount);
  store<u64>(BGSAVE_STATE + 8, hashSeedState());
  store<u64>(BGSAVE_STATE + 16, usedMemory);
  return <u32>BGSAVE_STATE;
}
/** Worker instance, after its memory was overwritten with the copy. */
export function bgsaveStateImport(p: u32): void {
  restoreDbs(<usize>load<u32>(p), load<i32>(p + 4));
  hashSeedRestore(load<u64>(p + 8));
  setAuxUsedMem(<i64>load<u64>(p + 16));
}
/** Where to copy the next n bytes of the file. */
export function rdbLoadReserve(n: u32): u32 { return <u32>loadReserve(n); }
/** n bytes were copied; eof = the file ends there. 0 more, 1 done, -1 error (keyspace emptied). */
export function rdbLoadFeed(n: u32, eof: bool): i32 { return loadFeed(n, eof); }
export function rdbLoadAbort(): void { rdbLoadRelease(); }
export function rdbLoadErrorPtr(): u32 { return <u32>rdbErrPtr(); }
export function rdbLoadErrorLen(): u32 { return rdbErrLen; }
export function rdbLoadAuxVerPtr(): u32 { return <u32>auxVerPtr(); }
export function rdbLoadAuxVerLen(): u32 { return auxVerLen; }
/** Loading facts: 0 keys loaded, 1 expired, 2 empty skipped, 3 functions skipped, 4 module aux
 *  skipped, 5 checksum disabled, 6 aux ctime, 7 aux used-mem, 8 bytes parsed. */
export function rdbLoadInfo(id: i32): f64 {
  switch (id) {
    case 0: return <f64>keysLoaded;
    case 1: return <f64>keysExpired;
    case 2: return <f64>emptyKeysSkipped;
    case 3: return <f64>functionsSkipped;
    case 4: return <f64>moduleAuxSkipped;
    case 5: return checksumDisabled ? 1 : 0;
    case 6: return <f64>auxCtime;
    case 7: return <f64>auxUsedMem;
    case 8: return loadedBytes;
  }
  return -1;
}
