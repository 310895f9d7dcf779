// server.ts — the command pipeline (Redis: processInputBuffer -> processCommand -> call).
//
// One exec call runs every complete command in a client's query buffer:
//
//   parseCommand -> lookup (name, subcommand) -> generic checks -> handler -> stats/propagation
//
// All generic checks live here (unknown command, arity, authentication, ...), so handlers are
// short chains of early returns. A handler that needs the host (COMMAND DOCS, INFO, CONFIG,
// CLIENT LIST, DEBUG SLEEP, later SUBSCRIBE, EVAL, blocking pops ...) calls `handToHost`:
// exec then stops with EXEC_HOST and the argv still in place; the host replies through the
// ABI and calls exec again, which continues with the next command. Replies stay in order.
//
// Blocking commands (db/blocking.ts) use two more stops: EXEC_BLOCKED when the command
// blocked (it stays unconsumed in the query buffer until the host retries it or times it
// out), and EXEC_READY after a command that made keys ready for blocked clients, so the host
// serves them before this client's next command runs, as Redis does after every call.

import { argLen, argPtr, Client, CLIENT_AUTHENTICATED, CLIENT_CLOSE_AFTER_REPLY, clientCompactInput,
  CLIENT_REPLY_SKIP, CLIENT_REPLY_SKIP_NEXT, CLIENT_BLOCKED } from "./client";
import { COMMAND_COUNT, commandArity, commandFlags, CMD_FLAG_NO_AUTH, CMD_QUIT } from "./commands/table.gen";
import { commandNameLen, commandNamePtr, isContainer, lookupCommandByName, lookupSubcommand } from "./commands/lookup";
import { addReplyError, addReplyOK, errBegin, errBytes, errEnd, errStr } from "./resp/reply";
import { parseCommand, PARSE_ERROR, PARSE_NEED_MORE, resetParser, authRequiredGlobal } from "./resp/parser";
import { dirty, nowMs, nowMsExact, setNow } from "./db/db";
import { monitorRecordBegin, propagateArg, propagateArgStr, propagateBegin, propagateEnd, propagationEnabled } from "./db/effects";
import { CMD_AUTH, CMD_FLAG_ADMIN, CMD_FLAG_MAY_REPLICATE, CMD_HELLO, CMD_MIGRATE } from "./commands/table.gen";
import { argIs } from "./t/common";
import { ERR_NOAUTH } from "./resp/errors";
import { ERR_MISCONF } from "./resp/errors";
import { denyWritesDiskError } from "./rdb/save";
import { readyKeysPending } from "./db/blocking";
import { scriptBusyMode, scriptBusyReject } from "./db/script";
import { CLIENT_MULTI, execCommandAbortArity, execContinue, execInProgress, flagTransaction, queueMultiCommand,
  touchWrittenKeys, watchCount } from "./db/multi";
import { CMD_DISCARD, CMD_EXEC, CMD_MULTI, CMD_RESET, CMD_WATCH, CMD_FLAG_NO_MULTI, CMD_FLAG_WRITE } from "./commands/table.gen";
import { CMD_PING, CMD_PSUBSCRIBE, CMD_PUNSUBSCRIBE, CMD_SSUBSCRIBE, CMD_SUBSCRIBE, CMD_SUNSUBSCRIBE,
  CMD_UNSUBSCRIBE } from "./commands/table.gen";
import { CLIENT_PUBSUB } from "./client";
import { aclDenied, CLIENT_ACL_CHECK } from "./acl";

import { CMD_FLAG_DENYOOM, CMD_FLAG_SKIP_SLOWLOG } from "./commands/table.gen";
import { EVICT_FAIL, memoryLimit, performEvictions } from "./db/evict";
import { usedMemory, zfree, zmalloc } from "./mem/alloc";
import { multiQueueHasFlag, execCommandAbortOom } from "./db/multi";
import { ERR_OOM } from "./resp/errors";
import { statErrorReplies } from "./resp/reply";
import { slowlogCommitCandidate, slowlogDropCandidates, slowlogLogSlowerThan, slowlogPushCommand,
  slowlogSnapshot } from "./db/slowlog";
import { CMD_FLAG_FAST, CMD_SET, CMD_SETEX, CMD_PSETEX, CMD_MSET, CMD_MSETNX } from "./commands/table.gen";
import { latencyBucketOf, latencyTrackCommand } from "./db/latency";
import { CLIENT_SCRIPT } from "./db/script";
import { CLIENT_TRACKING_CACHING, setTrackingCurrentClient, trackingAfterCommand, trackingCurrentClient,
  trackingOn, trackingSelfPending, trackingSelfTaken } from "./db/tracking";

export const EXEC_DONE: i32 = 0;
export const EXEC_HOST: i32 = 1;
export const EXEC_CLOSE: i32 = 2;
/** The command blocked (db/blocking.ts): stop feeding the client until it is unblocked. */
export const EXEC_BLOCKED: i32 = 3;
/** Keys became ready: serve the blocked clients, then call exec(c, 0) to go on. */
export const EXEC_READY: i32 = 4;
/** CLIENT PAUSE holds the command (unconsumed) until the host ends the pause: see pauseHolds. */
export const EXEC_PAUSED: i32 = 5;
/** The client's current command waits for the end of a CLIENT PAUSE. */
export const CLIENT_POSTPONED: u32 = 1 << 29;

export type Handler = (c: Client) => void;

/** Handler per command id; null = not implemented (replies "unknown command"). */
export const handlers = new StaticArray<Handler | null>(COMMAND_COUNT);
/** Calls per command id (INFO commandstats). */
export const commandCalls = new StaticArray<u64>(COMMAND_COUNT);
/** Microseconds spent per command id, rejections before running, calls that replied an error (INFO commandstats). */
export const commandUsec = new StaticArray<f64>(COMMAND_COUNT);
export const commandRejected = new StaticArray<u64>(COMMAND_COUNT);
export const commandFailed = new StaticArray<u64>(COMMAND_COUNT);

/**
 * Command timing (INFO commandstats usec, latency histograms, SLOWLOG, LATENCY). The engine
 * has no clock of its own (its only import is env.abort; time comes in with exec), and a
 * clock read costs as much as a GET, so commands are timed per exec call ("batch"): the host
 * measures each exec call and reports it with execTime (host/core/engine.ts Engine.exec),
 * and the batch's time is shared among the commands it ran:
 *  - one command: it gets all of it (the usual case for anything slow: redis-cli, DEBUG
 *    SLEEP, KEYS *, a client waiting for each reply);
 *  - a pipeline: Redis's "fast" commands (and the SET family, O(1) here) get an equal share
 *    capped at FAST_CAP_US when the batch also ran other commands, which split the rest.
 * For the slow log, the batch's first non-fast command (or its only command) is snapshotted
 * (argv cut as the slow log keeps it, db/slowlog.ts) while it runs, and logged when its share
 * reaches slowlog-log-slower-than; with the threshold at 0 every command is. Host-owned
 * commands are timed by the host around their handler (hostCommandTime) and logged at once.
 * Cost: one clock read per exec call on the host side (~4 ns a command at 16 per batch).
 */
const BATCH_MAX: i32 = 1024;
const FAST_CAP_US: f64 = 2;
const batchIds = new StaticArray<i32>(BATCH_MAX);
let batchCount: i32 = 0;
let batchSlowCount: i32 = 0;
/** Commands timed as "fast" in a pipeline: Redis's fast ones plus the SET family. */
const batchFast = new StaticArray<bool>(COMMAND_COUNT);

export function timingInit(): void {
  for (let id = 0; id < COMMAND_COUNT; id++) batchFast[id] = (commandFlags[id] & CMD_FLAG_FAST) != 0;
  batchFast[CMD_SET] = true;
  batchFast[CMD_SETEX] = true;
  batchFast[CMD_PSETEX] = true;
  batchFast[CMD_MSET] = true;
  batchFast[CMD_MSETNX] = true;
}

function batchBegin(): void {
  batchCount = 0;
  batchSlowCount = 0;
  slowlogDropCandidates();
}

/** Records a command that ran in this batch; snapshots it for the slow log if it is a candidate. */
@inline function batchRecord(c: Client, id: i32): void {
  if (batchCount == BATCH_MAX) return;
  const fast = unchecked(batchFast[id]);
  // Candidates: every command at threshold 0; else the first non-fast command, or a fast
  // command that is alone in its batch (first, and no more input waiting behind it).
  if (slowlogLogSlowerThan == 0 || (slowlogLogSlowerThan > 0 &&
      (fast ? batchCount == 0 && c.qpos >= c.qlen : batchSlowCount == 0))) {
    slowlogSnapshot(c, batchCount);
  }
  if (!fast) batchSlowCount++;
  unchecked(batchIds[batchCount++] = id);
}

/** The host measured the last exec call: share its time among the batch's commands (see above). */
export function execTime(us: f64): void {
  const n = batchCount;
  if (n == 0) return;
  if (us < 0) us = 0;
  const slow = batchSlowCount;
  let fastShare = us / <f64>n;
  let slowShare = fastShare;
  if (slow > 0 && slow < n) {
    if (fastShare > FAST_CAP_US) fastShare = FAST_CAP_US;
    slowShare = (us - fastShare * <f64>(n - slow)) / <f64>slow;
  }
  // The shares are the same for all fast / all other commands: bucket and slow-log test once.
  const fastBucket = latencyBucketOf(fastShare);
  const slowBucket = slow > 0 && slow < n ? latencyBucketOf(slowShare) : fastBucket;
  const logFast = slowlogLogSlowerThan >= 0 && fastShare >= slowlogLogSlowerThan;
  const logSlow = slowlogLogSlowerThan >= 0 && slowShare >= slowlogLogSlowerThan;
  for (let i = 0; i < n; i++) {
    const id = unchecked(batchIds[i]);
    const fast = unchecked(batchFast[id]);
    const d = fast ? fastShare : slowShare;
    unchecked(commandUsec[id] += d);
    latencyTrackCommand(id, d, fast ? fastBucket : slowBucket);
    if (fast ? logFast : logSlow) slowlogCommitCandidate(i, d);
  }
  batchCount = 0;
  batchSlowCount = 0;
  slowlogDropCandidates();
}

/** The host timed the host-owned command it is about to hand back (its handler's duration). */
export function hostCommandTime(c: Client, us: f64): void {
  c.cmdStartUs = us;
}

export let statNumCommands: u64 = 0;
export let statRejectedCalls: u64 = 0;
/** client-query-buffer-limit. */
export let queryBufferLimit: u64 = 1024 * 1024 * 1024;
export function setQueryBufferLimit(v: u64): void { queryBufferLimit = v; }

export function registerCommand(id: i32, h: Handler): void {
  handlers[id] = h;
}

/** Marks the running command as the host's to finish (see the file comment). */
export function handToHost(c: Client): void {
  c.hostCmd = c.lastCmd;
}

/** Host-owned commands register this as their handler. */
export function hostCommand(c: Client): void {
  handToHost(c);
}

/** Runs everything complete in the client's query buffer after `n` new bytes arrived. */
export function execClient(c: Client, n: u32, now: f64): i32 {
  setNow(now);
  batchBegin();
  return execClientBatch(c, n);
}

function execClientBatch(c: Client, n: u32): i32 {
  c.lastInteraction = nowMs;
  c.totalNetIn += n;
  c.qlen += n;
  // A blocked client is not fed (the host buffers its bytes); its command waits in place.
  if ((c.flags & CLIENT_BLOCKED) != 0) return EXEC_BLOCKED;
  if (c.hostCmd >= 0) {
    // The host finished the command we handed it: count it and move past it.
    statNumCommands++;
    commandCalls[c.hostCmd]++;
    hostCommandDone(c, c.hostCmd, c.cmdStartUs, c.cmdErrors);
    c.hostCmd = -1;
    if (execInProgress(c)) {
      // It was a command queued in a transaction (db/multi.ts): run the rest of it.
      if (!execContinue(c)) return EXEC_HOST;
      statNumCommands++; // the EXEC itself, counted as call() would have
      commandCalls[CMD_EXEC]++;
    }
    afterCommand(c);
    if (readyKeysPending) return EXEC_READY;
  }
  if ((c.flags & CLIENT_POSTPONED) != 0) {
    // The pause ended: run the held command (already parsed), then go on with the input.
    c.flags &= ~CLIENT_POSTPONED;
    const st = runParsedCommand(c);
    if (st >= 0) return st;
  }
  while (true) {
    if ((c.flags & CLIENT_CLOSE_AFTER_REPLY) != 0) return dropInput(c);
    const r = parseCommand(c);
    if (r == PARSE_NEED_MORE) break;
    if (r == PARSE_ERROR) return dropInput(c);
    if (c.argc > 0) {
      const st = runParsedCommand(c);
      if (st >= 0) return st;
    } else {
      resetParser(c);
    }
  }
  clientCompactInput(c);
  if (<u64>(c.qlen - c.cmdStart) > queryBufferLimit) return dropInput(c);
  return EXEC_DONE;
}

/** Runs the parsed command; returns the EXEC_* stop it causes, or -1 to go on with the input. */
@inline function runParsedCommand(c: Client): i32 {
  processCommand(c);
  if (c.hostCmd >= 0) return EXEC_HOST;
  if ((c.flags & CLIENT_BLOCKED) != 0) return EXEC_BLOCKED;
  if ((c.flags & CLIENT_POSTPONED) != 0) return EXEC_PAUSED;
  afterCommand(c);
  if (trackingSelfPending) {
    // Client-side caching: the host appends this client's own invalidations now, after this
    // command's reply, as Redis does (db/tracking.ts), then serves any ready keys.
    trackingSelfTaken();
    return EXEC_READY;
  }
  return readyKeysPending ? EXEC_READY : -1;
}

function dropInput(c: Client): i32 {
  c.qlen = 0;
  c.qpos = 0;
  c.cmdStart = 0;
  c.argc = 0;
  return EXEC_CLOSE;
}

function afterCommand(c: Client): void {
  // CLIENT REPLY SKIP silences exactly the next command's reply.
  if ((c.flags & CLIENT_REPLY_SKIP) != 0) c.flags &= ~CLIENT_REPLY_SKIP;
  if ((c.flags & CLIENT_REPLY_SKIP_NEXT) != 0) {
    c.flags &= ~CLIENT_REPLY_SKIP_NEXT;
    c.flags |= CLIENT_REPLY_SKIP;
  }
  resetParser(c);
}

/** Length of a C string view of (p, n): Redis formats names with %s, which stops at NUL. */
function cstrLen(p: usize, n: u32, max: u32): u32 {
  let i: u32 = 0;
  while (i < n && i < max && load<u8>(p + i) != 0) i++;
  return i;
}

function replyUnknownCommand(c: Client): void {
  // "ERR unknown command '%.128s', with args beginning with: " + "'%.*s' " per argument
  // while fewer than 128 bytes of arguments were written (each capped to what is left).
  const a0 = argPtr(c, 0);
  errBegin(c);
  errStr(c, "ERR unknown command '");
  errBytes(c, a0, cstrLen(a0, argLen(c, 0), 128));
  errStr(c, "', with args beginning with: ");
  let used: u32 = 0;
  for (let i = 1; i < c.argc && used < 128; i++) {
    const p = argPtr(c, i);
    const n = cstrLen(p, argLen(c, i), 128 - used);
    errStr(c, "'");
    errBytes(c, p, n);
    errStr(c, "' ");
    used += n + 3;
  }
  errEnd(c);
}

function replyUnknownSubcommand(c: Client, parent: i32): void {
  errBegin(c);
  errStr(c, "ERR unknown subcommand '");
  const p = argPtr(c, 1);
  errBytes(c, p, cstrLen(p, argLen(c, 1), 128));
  errStr(c, "'. Try ");
  // The container's name as the client typed it, upper-cased.
  const np = commandNamePtr(parent);
  const nn = commandNameLen(parent);
  for (let i: u32 = 0; i < nn; i++) {
    const b = load<u8>(np + i);
    const up = memory.data(1);
    store<u8>(up, b >= 97 && b <= 122 ? b - 32 : b);
    errBytes(c, up, 1);
  }
  errStr(c, " HELP.");
  errEnd(c);
}

export function replyWrongArity(c: Client, id: i32): void {
  errBegin(c);
  errStr(c, "ERR wrong number of arguments for '");
  errBytes(c, commandNamePtr(id), commandNameLen(id));
  errStr(c, "' command");
  errEnd(c);
}

/** Id of the top-level command named by argv[0], through the client's one-entry cache. */
@inline function lookupCommandCached(c: Client, a0: usize, l0: u32): i32 {
  const cache = changetype<usize>(c) + offsetof<Client>("cacheName0");
  if (l0 == c.cacheLen && memory.compare(a0, cache, l0) == 0) return c.cacheId;
  const id = lookupCommandByName(a0, l0);
  if (id >= 0 && l0 <= 16) {
    memory.copy(cache, a0, l0);
    c.cacheLen = l0;
    c.cacheId = id;
  }
  return id;
}

/** Commands a RESP2 client may run while subscribed (QUIT is served before any check). */
function allowedWhileSubscribed(id: i32): bool {
  return id == CMD_PING || id == CMD_SUBSCRIBE || id == CMD_SSUBSCRIBE || id == CMD_UNSUBSCRIBE ||
    id == CMD_SUNSUBSCRIBE || id == CMD_PSUBSCRIBE || id == CMD_PUNSUBSCRIBE || id == CMD_RESET;
}

function processCommand(c: Client): void {
  const a0 = argPtr(c, 0);
  const l0 = argLen(c, 0);
  let id = lookupCommandCached(c, a0, l0);
  if (id == CMD_QUIT) {
    // Like Redis, QUIT is served before any other check (even arity or authentication).
    addReplyOK(c);
    c.flags |= CLIENT_CLOSE_AFTER_REPLY;
    return;
  }
  if (id >= 0 && isContainer(id) && c.argc >= 2) {
    const sub = lookupSubcommand(id, argPtr(c, 1), argLen(c, 1));
    if (sub < 0 || unchecked(handlers[sub]) == null) {
      statRejectedCalls++;
      flagTransaction(c);
      replyUnknownSubcommand(c, id);
      return;
    }
    id = sub;
  }
  if (id < 0 || (unchecked(handlers[id]) == null && !isContainer(id))) {
    statRejectedCalls++;
    flagTransaction(c);
    replyUnknownCommand(c);
    return;
  }
  const arity = unchecked(commandArity[id]);
  if ((arity > 0 && arity != c.argc) || c.argc < -arity) {
    statRejectedCalls++;
    unchecked(commandRejected[id]++);
    flagTransaction(c);
    if (id == CMD_EXEC) {
      // Redis: rejectCommand -> execCommandAbort ("EXECABORT ... because of: <error>").
      execCommandAbortArity(c);
      return;
    }
    replyWrongArity(c, id);
    return;
  }
  if (authRequiredGlobal && (c.flags & CLIENT_AUTHENTICATED) == 0 && (unchecked(commandFlags[id]) & CMD_FLAG_NO_AUTH) == 0) {
    statRejectedCalls++;
    unchecked(commandRejected[id]++);
    flagTransaction(c);
    addReplyError(c, ERR_NOAUTH);
    return;
  }
  // ACLs (acl.ts): only clients of a restricted user ask the host; the default user is not.
  if ((c.flags & CLIENT_ACL_CHECK) != 0 && aclDenied(c, id)) {
    statRejectedCalls++;
    unchecked(commandRejected[id]++);
    flagTransaction(c);
    return;
  }
  if ((c.flags & CLIENT_SCRIPT) != 0) {
    if (preCommandOomState && scriptRejectOnOom(c, id)) return;
    if ((unchecked(commandFlags[id]) & CMD_FLAG_WRITE) != 0) scriptWrote = true;
  } else if (usedMemory > memoryLimit) {
    if (rejectOnOom(c, id)) return;
  } else {
    preCommandOomState = false;
  }
  // stop-writes-on-bgsave-error: the last background save failed (flag set by the host,
  // host/core/persistence.ts): writes and PING are refused, as Redis's processCommand does.
  // The AOF could not be written (host/node/aof.ts): the same, with the write error's text.
  if ((denyWritesDiskError || aofWriteErrorLen != 0) &&
      ((unchecked(commandFlags[id]) & CMD_FLAG_WRITE) != 0 || id == CMD_PING)) {
    statRejectedCalls++;
    flagTransaction(c);
    if (denyWritesDiskError) {
      addReplyError(c, ERR_MISCONF);
    } else {
      errBegin(c);
      errStr(c, "MISCONF Errors writing to the AOF file: ");
      errBytes(c, aofWriteError, aofWriteErrorLen);
      errEnd(c);
    }
    return;
  }
  if ((c.flags & CLIENT_PUBSUB) != 0 && c.resp == 2 && !allowedWhileSubscribed(id)) {
    // RESP2 subscribed mode (Redis: processCommand's Pub/Sub context check).
    statRejectedCalls++;
    flagTransaction(c);
    errBegin(c);
    errStr(c, "ERR Can't execute '");
    errBytes(c, commandNamePtr(id), commandNameLen(id));
    errStr(c, "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context");
    errEnd(c);
    return;
  }
  // A script running past busy-reply-threshold (db/script.ts): only allow-busy commands.
  if (scriptBusyMode != 0 && scriptBusyReject(c, id)) {
    statRejectedCalls++;
    return;
  }
  // CLIENT PAUSE (host/core/cmd/pause.ts): the command waits, unconsumed, for the pause to end
  // (Redis: blockPostponeClient) — with WRITE, only commands that may write or replicate.
  if (clientPauseType != 0 && (c.flags & CLIENT_SCRIPT) == 0 && pauseHolds(c, id)) {
    c.flags |= CLIENT_POSTPONED;
    return;
  }
  if ((c.flags & CLIENT_MULTI) != 0) {
    // In a transaction (db/multi.ts): commands are queued, except those that end or
    // manage it; no-multi commands (SAVE, SYNC ...) are refused and abort it.
    if ((unchecked(commandFlags[id]) & CMD_FLAG_NO_MULTI) != 0) {
      statRejectedCalls++;
      flagTransaction(c);
      addReplyError(c, "ERR Command not allowed inside a transaction");
      return;
    }
    if (id != CMD_EXEC && id != CMD_DISCARD && id != CMD_MULTI && id != CMD_WATCH && id != CMD_RESET) {
      queueMultiCommand(c, id);
      return;
    }
  }
  call(c, id);
}

/**
 * Over the memory limit before a command (Redis: processCommand's performEvictions block):
 * evicts per the policy; if that cannot bring memory back, deny-oom commands (and anything
 * but EXEC/DISCARD/RESET queued in MULTI; EXEC of a queue holding a deny-oom command) are
 * refused with -OOM. True if the command was refused.
 */
function rejectOnOom(c: Client, id: i32): bool {
  preCommandOomState = performEvictions() == EVICT_FAIL;
  scriptWrote = false;
  if (!preCommandOomState) return false;
  let reject = (unchecked(commandFlags[id]) & CMD_FLAG_DENYOOM) != 0 ||
    (id == CMD_EXEC && multiQueueHasFlag(c, CMD_FLAG_DENYOOM));
  if ((c.flags & CLIENT_MULTI) != 0 && id != CMD_EXEC && id != CMD_DISCARD && id != CMD_RESET) reject = true;
  if (!reject) return false;
  statRejectedCalls++;
  unchecked(commandRejected[id]++);
  flagTransaction(c);
  if (id == CMD_EXEC) execCommandAbortOom(c);
  else addReplyError(c, ERR_OOM);
  return true;
}

/**
 * Out of memory when the last command from a real client started (Redis:
 * server.pre_command_oom_state), and whether a script has run a write command since (Redis:
 * SCRIPT_WRITE_DIRTY): a script (EVAL, FCALL) decides with them, since its commands neither
 * evict nor see a fresh OOM state.
 */
let preCommandOomState: bool = false;
let scriptWrote: bool = false;

/**
 * A command from a script's client while the script's caller started out of memory (Redis:
 * scriptVerifyOOM): a deny-oom command is refused unless the script already wrote (it cannot
 * be stopped halfway). Nothing is evicted in the middle of a script.
 */
function scriptRejectOnOom(c: Client, id: i32): bool {
  if ((unchecked(commandFlags[id]) & CMD_FLAG_DENYOOM) == 0 || scriptWrote) return false;
  statRejectedCalls++;
  unchecked(commandRejected[id]++);
  addReplyError(c, ERR_OOM);
  return true;
}

/**
 * A host-owned command finished, taking `us` by the host's measure (hostCommandTime): its
 * time, failed_calls if it replied an error, the slow log (its argv is still in place).
 */
function hostCommandDone(c: Client, id: i32, us: f64, errorsBefore: u64): void {
  unchecked(commandUsec[id] += us);
  if (statErrorReplies != errorsBefore) unchecked(commandFailed[id]++);
  latencyTrackCommand(id, us, latencyBucketOf(us));
  if (slowlogLogSlowerThan >= 0 && us >= slowlogLogSlowerThan &&
      (unchecked(commandFlags[id]) & CMD_FLAG_SKIP_SLOWLOG) == 0) {
    slowlogPushCommand(c, us);
  }
}

/** Runs a command whose checks passed (Redis: call). */
export function call(c: Client, id: i32): void {
  c.lastCmd = id;
  const before = dirty;
  const errorsBefore = statErrorReplies;
  const h = unchecked(handlers[id]);
  // Client-side caching (db/tracking.ts): whose command modifies keys (NOLOOP), and the keys
  // a tracking client read. The outermost call is the current client (EXEC's queue, a script's
  // commands run inside theirs).
  const outermost = trackingCurrentClient == 0;
  if (trackingOn && outermost) setTrackingCurrentClient(c);
  if (h != null) h(c);
  if (trackingOn) {
    trackingAfterCommand(c, id);
    if (outermost) setTrackingCurrentClient(null);
  } else if ((c.flags & CLIENT_TRACKING_CACHING) != 0) trackingAfterCommand(c, id);
  if (monitorsOn) feedMonitors(c, id);
  if (c.hostCmd >= 0) {
    // counted when the host finishes it (hostCommandDone)
    c.cmdStartUs = 0;
    c.cmdErrors = errorsBefore;
    return;
  }
  if ((c.flags & CLIENT_BLOCKED) != 0) return; // counted when it is served or times out
  statNumCommands++;
  unchecked(commandCalls[id]++);
  if (statErrorReplies != errorsBefore) unchecked(commandFailed[id]++);
  if ((unchecked(commandFlags[id]) & CMD_FLAG_SKIP_SLOWLOG) == 0 || slowlogLogSlowerThan < 0) batchRecord(c, id);
  else if (batchCount < BATCH_MAX) { // timed, never logged (EXEC)
    if (!unchecked(batchFast[id])) batchSlowCount++;
    unchecked(batchIds[batchCount++] = id);
  }
  // WATCH: a write command that changed the dataset touches the keys it may have written in
  // place (LPUSH on an existing list goes through no db.ts write path): db/multi.ts.
  if ((watchCount > 0 || trackingOn) && dirty != before && (unchecked(commandFlags[id]) & CMD_FLAG_WRITE) != 0) {
    if (trackingOn && outermost) setTrackingCurrentClient(c);
    touchWrittenKeys(c, id);
    if (trackingOn && outermost) setTrackingCurrentClient(null);
  }
  if (propagationEnabled && dirty != before) propagateArgv(c);
  // A handler's preventDefaultPropagation covers its own call only: never the next command
  // (with propagation off, or a call that changed nothing, the flag was not consumed above).
  propagateSuppressed = false;
}

/**
 * A blocked command was served or ended (timeout, CLIENT UNBLOCK): count it like a finished
 * call and consume it from the query buffer; the host's next exec(c, 0) goes on from there.
 */
export function finishBlockedCommand(c: Client): void {
  statNumCommands++;
  unchecked(commandCalls[c.lastCmd]++);
  afterCommand(c);
}

// ---- AOF write errors ---------------------------------------------------------------------------

/** strerror of the last failed AOF write (n = 0: the AOF is fine); set by the host. */
let aofWriteError: usize = 0;
let aofWriteErrorLen: u32 = 0;
export function setAofWriteError(p: usize, n: u32): void {
  if (aofWriteError != 0) zfree(aofWriteError);
  aofWriteError = n == 0 ? 0 : zmalloc(n);
  if (n != 0) memory.copy(aofWriteError, p, n);
  aofWriteErrorLen = n;
}

// ---- CLIENT PAUSE ------------------------------------------------------------------------------

/** 0: no pause; 1: WRITE; 2: ALL (set by the host: setConfig 75), until clientPauseEnd
 *  (unix ms, setConfig 76): a pause whose end has passed holds nothing even before the host's
 *  timer clears it. */
export let clientPauseType: i32 = 0;
let clientPauseEnd: f64 = 0;
export function setClientPauseType(t: i32): void { clientPauseType = t; }
export function setClientPauseEnd(ms: f64): void { clientPauseEnd = ms; }

function pauseHolds(c: Client, id: i32): bool {
  if (nowMsExact >= clientPauseEnd) return false;
  if (clientPauseType == 2) return true;
  const mayWrite = CMD_FLAG_WRITE | CMD_FLAG_MAY_REPLICATE;
  if ((unchecked(commandFlags[id]) & mayWrite) != 0) return true;
  return id == CMD_EXEC && multiQueueHasFlag(c, mayWrite);
}

// ---- MONITOR (Redis: replicationFeedMonitors) -------------------------------------------------
//
// While the host has MONITOR clients, every command that ran is logged (effects MONITOR) after
// it ran — with the db it left selected, commands of a transaction as EXEC runs them, then EXEC
// — and host-owned ones (EVAL, PUBLISH ...) before the host runs them, so a script's commands
// follow its EVAL. Admin commands are never shown; passwords are "(redacted)". The host formats
// the lines ("+<time> [<db> <addr>] "arg" ...") and writes them to the monitors.

export let monitorsOn: bool = false;
export function setMonitorsOn(on: bool): void { monitorsOn = on; }

const REDACTED = "(redacted)";

function feedMonitors(c: Client, id: i32): void {
  if ((unchecked(commandFlags[id]) & CMD_FLAG_ADMIN) != 0) return;
  const argc = c.argc;
  monitorRecordBegin(<u32>c.id, c.dbIndex, argc);
  // AUTH: every argument; HELLO: the two after AUTH; MIGRATE: after AUTH one, after AUTH2 two.
  let redactFrom = argc, redactLeft = 0;
  if (id == CMD_AUTH) redactFrom = 1;
  for (let i = 0; i < argc; i++) {
    const p = argPtr(c, i), n = argLen(c, i);
    if (i >= redactFrom) {
      propagateArgStr(REDACTED);
      continue;
    }
    if (redactLeft > 0) {
      redactLeft--;
      propagateArgStr(REDACTED);
      continue;
    }
    propagateArg(p, n);
    if (i > 0 && (id == CMD_HELLO || id == CMD_MIGRATE) && n >= 4 && n <= 5) {
      if (argIs(c, i, "auth")) redactLeft = id == CMD_HELLO ? 2 : 1;
      else if (id == CMD_MIGRATE && argIs(c, i, "auth2")) redactLeft = 2;
    }
  }
  propagateEnd();
}

/** Propagates the command as it was received (handlers with rewrites propagate themselves). */
export let propagateSuppressed: bool = false;
function propagateArgv(c: Client): void {
  if (propagateSuppressed) {
    propagateSuppressed = false;
    return;
  }
  propagateBegin(c.dbIndex, c.argc);
  for (let i = 0; i < c.argc; i++) propagateArg(argPtr(c, i), argLen(c, i));
  propagateEnd();
}

/** Handlers that propagated a rewritten form call this so the original is not logged too. */
export function preventDefaultPropagation(): void {
  propagateSuppressed = true;
}
