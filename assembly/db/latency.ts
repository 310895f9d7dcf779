// latency.ts — the latency monitor and per-command latency histograms (Redis: latency.c and
// the latency-tracking part of server.c), with the LATENCY command.
//
// Two independent things, both fed from server.ts commandDone with the command's duration:
//
// 1. The latency monitor (latency-monitor-threshold, milliseconds, 0 = off): a duration of
//    at least the threshold is a sample of the event "command" or "fast-command" (eviction
//    adds "eviction-cycle" / "eviction-del"). Each event keeps a ring of 160 (unix second,
//    ms) samples, one per second (the max of that second), and its all-time max: LATENCY
//    LATEST / HISTORY / RESET / GRAPH / DOCTOR read them.
//
//    (Memory for both is outside used_memory: see bookAlloc.)
//
// 2. Latency tracking (latency-tracking yes): every call is counted in a histogram of its
//    command, in nanoseconds as Redis's hdr_histogram (which keeps 2 significant digits);
//    here log-linear buckets, 8 per power of two (12.5% wide), allocated on a command's first
//    call. INFO latencystats reads percentiles (latency-tracking-info-percentiles, through the
//    ABI) and LATENCY HISTOGRAM the cumulative counts per power of two. The update is a clz,
//    two shifts and an increment, so it stays on for every command as in Redis.

import { Client, argLen, argPtr } from "../client";
import { zrealloc } from "../mem/alloc";
import { ll2string } from "../util/number";
import { nowMs } from "./db";
import { COMMAND_COUNT, commandFlags, CMD_FLAG_FAST } from "../commands/table.gen";
import { commandNameLen, commandNamePtr, isContainer, lookupCommandByName, lookupSubcommand } from "../commands/lookup";
import { addReplyArrayLen, addReplyBulk, addReplyBulkStr, addReplyDeferredLen, addReplyError, addReplyLongLong,
  addReplyMapLen, addReplyStatus, errBegin, errBytes, errEnd, errStr, setDeferredMapLen, addReplyVerbatim } from "../resp/reply";

// ---- settings ----------------------------------------------------------------------------

/** latency-monitor-threshold in ms (0 = monitoring off). */
export let latencyMonitorThreshold: f64 = 0;
/** latency-tracking. */
export let latencyTracking: bool = true;
export function setLatencyMonitorThreshold(v: f64): void { latencyMonitorThreshold = v; }
export function setLatencyTracking(on: bool): void { latencyTracking = on; }

// ---- the latency monitor -----------------------------------------------------------------

export const EV_COMMAND: i32 = 0;
export const EV_FAST_COMMAND: i32 = 1;
export const EV_EVICTION_CYCLE: i32 = 2;
export const EV_EVICTION_DEL: i32 = 3;
export const EV_EXPIRE_CYCLE: i32 = 4;
const EV_COUNT: i32 = 5;
const TS_LEN: i32 = 160;
// An event's series: max u32 | idx u32 | TS_LEN x (time i32 s, latency u32 ms).
const TS_SIZE: usize = 8 + <usize>TS_LEN * 8;
const series = new StaticArray<usize>(EV_COUNT);

function eventName(ev: i32): string {
  switch (ev) {
    case EV_COMMAND: return "command";
    case EV_FAST_COMMAND: return "fast-command";
    case EV_EVICTION_CYCLE: return "eviction-cycle";
    case EV_EVICTION_DEL: return "eviction-del";
  }
  return "expire-cycle";
}

function eventByName(p: usize, n: u32): i32 {
  for (let ev = 0; ev < EV_COUNT; ev++) {
    const s = eventName(ev);
    if (<u32>s.length != n) continue;
    let eq = true;
    for (let i: u32 = 0; i < n && eq; i++) eq = load<u8>(p + i) == <u8>s.charCodeAt(i);
    if (eq) return ev;
  }
  return -1;
}

/** Records `ms` for event ev if monitoring is on and it reaches the threshold (latencyAddSampleIfNeeded). */
export function latencyAddSampleIfNeeded(ev: i32, ms: f64): void {
  if (latencyMonitorThreshold == 0 || ms < latencyMonitorThreshold) return;
  latencyAddSample(ev, <u32>ms);
}

function latencyAddSample(ev: i32, ms: u32): void {
  let ts = unchecked(series[ev]);
  if (ts == 0) {
    ts = bookAlloc(TS_SIZE);
    unchecked(series[ev] = ts);
  }
  const now = <i32>(nowMs / 1000);
  if (ms > load<u32>(ts)) store<u32>(ts, ms);
  const idx = load<i32>(ts, 4);
  const prev = ts + 8 + <usize>((idx + TS_LEN - 1) % TS_LEN) * 8;
  if (load<i32>(prev) == now) {
    if (ms > load<u32>(prev, 4)) store<u32>(prev, ms, 4);
    return;
  }
  const at = ts + 8 + <usize>idx * 8;
  store<i32>(at, now);
  store<u32>(at, ms, 4);
  store<i32>(ts, idx + 1 == TS_LEN ? 0 : idx + 1, 4);
}

// ---- per-command histograms --------------------------------------------------------------

const BUCKETS: i32 = 8 + 40 * 8;
const hist = new StaticArray<usize>(COMMAND_COUNT); // per command: total u64 | BUCKETS x u32

@inline function bucketOf(ns: u64): i32 {
  if (ns < 8) return <i32>ns;
  const e = 63 - <i32>clz(ns);
  const b = 8 + (e - 3) * 8 + <i32>((ns >> <u64>(e - 3)) & 7);
  return b < BUCKETS ? b : BUCKETS - 1;
}

/** The largest value that falls in bucket b (hdr: highest equivalent value). */
function bucketTop(b: i32): u64 {
  if (b < 8) return <u64>b;
  const e = (b - 8) / 8 + 3;
  const sub = <u64>((b - 8) % 8);
  return ((8 + sub + 1) << <u64>(e - 3)) - 1;
}

/** The histogram bucket of a duration in microseconds (-1 when latency tracking is off). */
export function latencyBucketOf(us: f64): i32 {
  if (!latencyTracking) return -1;
  return bucketOf(us <= 0 ? 1 : <u64>(us * 1000));
}

/**
 * After each call (server.ts): one more sample in bucket `bucket` (latencyBucketOf, computed
 * once for the many commands of a batch that share a duration), and the latency monitor.
 */
@inline export function latencyTrackCommand(id: i32, us: f64, bucket: i32): void {
  if (bucket >= 0) {
    let h = unchecked(hist[id]);
    if (h == 0) h = histAlloc(id);
    store<u64>(h, load<u64>(h) + 1);
    const at = h + 8 + (<usize>bucket << 2);
    store<u32>(at, load<u32>(at) + 1);
  }
  if (latencyMonitorThreshold != 0 && us >= latencyMonitorThreshold * 1000) {
    latencyAddSample((unchecked(commandFlags[id]) & CMD_FLAG_FAST) != 0 ? EV_FAST_COMMAND : EV_COMMAND, <u32>Math.floor(us / 1000));
  }
}

function histAlloc(id: i32): usize {
  const h = bookAlloc(8 + <usize>BUCKETS * 4);
  unchecked(hist[id] = h);
  return h;
}

/** Calls recorded in the histogram of command id (0 if none). */
export function latencyHistCalls(id: i32): u64 {
  const h = unchecked(hist[id]);
  return h == 0 ? 0 : load<u64>(h);
}

/** Value in microseconds at percentile p (hdr_value_at_percentile / 1000). */
export function latencyHistPercentile(id: i32, p: f64): f64 {
  const h = unchecked(hist[id]);
  if (h == 0) return 0;
  const total = load<u64>(h);
  if (p > 100) p = 100;
  let want = <u64>Math.floor(p / 100.0 * <f64>total + 0.5);
  if (want < 1) want = 1;
  let cum: u64 = 0;
  for (let b = 0; b < BUCKETS; b++) {
    cum += <u64>load<u32>(h + 8 + (<usize>b << 2));
    if (cum >= want) return <f64>bucketTop(b) / 1000.0;
  }
  return 0;
}

/** CONFIG RESETSTAT: drop the histograms. */
export function latencyResetHistograms(): void {
  for (let id = 0; id < COMMAND_COUNT; id++) {
    const h = unchecked(hist[id]);
    if (h != 0) { heap.free(h); unchecked(hist[id] = 0); }
  }
}

/**
 * {calls, histogram_usec: {us: cumulative count, ...}} (fillCommandCDF): Redis walks its
 * hdr_histogram in power-of-two steps from 1024 ns and labels each step with the highest
 * value equivalent to it at 2 significant digits (2^k + 2^(k-7) - 1 ns, in whole us: 1, 2,
 * 4, 8, 16, 33, 66, 132 ...), listing only steps where the cumulative count grew.
 */
function fillCommandCDF(c: Client, id: i32): void {
  const h = unchecked(hist[id]);
  const total = load<u64>(h);
  addReplyMapLen(c, 2);
  addReplyBulkStr(c, "calls");
  addReplyLongLong(c, <i64>total);
  addReplyBulkStr(c, "histogram_usec");
  const d = addReplyDeferredLen(c);
  let samples: i64 = 0;
  let prev: u64 = 0;
  let cum: u64 = 0;
  let b = 0;
  for (let k = 10; k < 48; k++) {
    const step = (<u64>1) << <u64>k;
    // every bucket holding values below the step's top
    while (b < BUCKETS && bucketTop(b) < step + (step >> 7)) {
      cum += <u64>load<u32>(h + 8 + (<usize>b << 2));
      b++;
    }
    if (cum > prev) {
      addReplyLongLong(c, <i64>((step + (step >> 7) - 1) / 1000));
      addReplyLongLong(c, <i64>cum);
      samples++;
    }
    prev = cum;
    if (cum == total) break;
  }
  setDeferredMapLen(c, d, samples);
}

// ---- LATENCY -----------------------------------------------------------------------------

export function latencyLatestCommand(c: Client): void {
  let n = 0;
  for (let ev = 0; ev < EV_COUNT; ev++) if (unchecked(series[ev]) != 0) n++;
  addReplyArrayLen(c, n);
  for (let ev = 0; ev < EV_COUNT; ev++) {
    const ts = unchecked(series[ev]);
    if (ts == 0) continue;
    const last = ts + 8 + <usize>((load<i32>(ts, 4) + TS_LEN - 1) % TS_LEN) * 8;
    addReplyArrayLen(c, 4);
    addReplyBulkStr(c, eventName(ev));
    addReplyLongLong(c, <i64>load<i32>(last));
    addReplyLongLong(c, <i64>load<u32>(last, 4));
    addReplyLongLong(c, <i64>load<u32>(ts));
  }
}

export function latencyHistoryCommand(c: Client): void {
  const ev = eventByName(argPtr(c, 2), argLen(c, 2));
  const ts: usize = ev < 0 ? 0 : unchecked(series[ev]);
  if (ts == 0) {
    addReplyArrayLen(c, 0);
    return;
  }
  let n = 0;
  for (let j = 0; j < TS_LEN; j++) if (load<i32>(ts + 8 + <usize>j * 8) != 0) n++;
  addReplyArrayLen(c, n);
  const idx = load<i32>(ts, 4);
  for (let j = 0; j < TS_LEN; j++) {
    const at = ts + 8 + <usize>((idx + j) % TS_LEN) * 8;
    if (load<i32>(at) == 0) continue;
    addReplyArrayLen(c, 2);
    addReplyLongLong(c, <i64>load<i32>(at));
    addReplyLongLong(c, <i64>load<u32>(at, 4));
  }
}

function resetEvent(ev: i32): i32 {
  const ts = unchecked(series[ev]);
  if (ts == 0) return 0;
  heap.free(ts);
  unchecked(series[ev] = 0);
  return 1;
}

export function latencyResetCommand(c: Client): void {
  let resets = 0;
  if (c.argc == 2) {
    for (let ev = 0; ev < EV_COUNT; ev++) resets += resetEvent(ev);
  } else {
    for (let j = 2; j < c.argc; j++) {
      const ev = eventByName(argPtr(c, j), argLen(c, j));
      if (ev >= 0) resets += resetEvent(ev);
    }
  }
  addReplyLongLong(c, resets);
}

export function latencyGraphCommand(c: Client): void {
  const ev = eventByName(argPtr(c, 2), argLen(c, 2));
  const ts: usize = ev < 0 ? 0 : unchecked(series[ev]);
  if (ts == 0) {
    errBegin(c);
    errStr(c, "ERR No samples available for event '");
    errBytes(c, argPtr(c, 2), argLen(c, 2));
    errStr(c, "'");
    errEnd(c);
    return;
  }
  latencyGraph(c, ev, ts);
}

export function latencyDoctorCommand(c: Client): void {
  let any = false;
  for (let ev = 0; ev < EV_COUNT; ev++) if (unchecked(series[ev]) != 0) any = true;
  tbReset();
  if (!any && latencyMonitorThreshold == 0) {
    tbStr("I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. If we weren't in a deep space mission I'd suggest to take a look at https://redis.io/topics/latency-monitor.\n");
  } else if (!any) {
    tbStr("Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n");
  } else {
    doctorReport();
  }
  addReplyVerbatim(c, tb, tbLen);
}

export function latencyHistogramCommand(c: Client): void {
  const d = addReplyDeferredLen(c);
  let n: i64 = 0;
  if (c.argc == 2) {
    for (let id = 0; id < COMMAND_COUNT; id++) {
      if (unchecked(hist[id]) == 0) continue;
      addReplyBulk(c, commandNamePtr(id), commandNameLen(id));
      fillCommandCDF(c, id);
      n++;
    }
  } else {
    for (let j = 2; j < c.argc; j++) {
      const id = lookupFullName(argPtr(c, j), argLen(c, j));
      if (id < 0) continue;
      if (unchecked(hist[id]) != 0) {
        addReplyBulk(c, commandNamePtr(id), commandNameLen(id));
        fillCommandCDF(c, id);
        n++;
      }
      if (isContainer(id)) {
        for (let sub = 0; sub < COMMAND_COUNT; sub++) {
          if (unchecked(hist[sub]) == 0 || !isSubcommandOf(sub, id)) continue;
          addReplyBulk(c, commandNamePtr(sub), commandNameLen(sub));
          fillCommandCDF(c, sub);
          n++;
        }
      }
    }
  }
  setDeferredMapLen(c, d, n);
}

export function latencyHelpCommand(c: Client): void {
  addReplyArrayLen(c, 17);
  addReplyStatus(c, "LATENCY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
  addReplyStatus(c, "DOCTOR");
  addReplyStatus(c, "    Return a human readable latency analysis report.");
  addReplyStatus(c, "GRAPH <event>");
  addReplyStatus(c, "    Return an ASCII latency graph for the <event> class.");
  addReplyStatus(c, "HISTORY <event>");
  addReplyStatus(c, "    Return time-latency samples for the <event> class.");
  addReplyStatus(c, "LATEST");
  addReplyStatus(c, "    Return the latest latency samples for all events.");
  addReplyStatus(c, "RESET [<event> ...]");
  addReplyStatus(c, "    Reset latency data of one or more <event> classes.");
  addReplyStatus(c, "    (default: reset all data for all event classes)");
  addReplyStatus(c, "HISTOGRAM [COMMAND ...]");
  addReplyStatus(c, "    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.");
  addReplyStatus(c, "    If no commands are specified then all histograms are replied.");
  addReplyStatus(c, "HELP");
  addReplyStatus(c, "    Prints this help.");
}

// ---- helpers -----------------------------------------------------------------------------

/**
 * Zeroed memory for the server's own bookkeeping (histograms, latency series, the slow log),
 * taken from the heap directly, outside used_memory: it is bounded, and keeping it out makes
 * used_memory (and so eviction) a function of data and clients only, and keeps a command's
 * first call from moving the memory figures.
 */
export function bookAlloc(n: usize): usize {
  const p = heap.alloc(n);
  memory.fill(p, 0, n);
  return p;
}

/** "get" or "config|get" (any case) to a command id, -1 if unknown (lookupCommandBySds). */
function lookupFullName(p: usize, n: u32): i32 {
  let bar: u32 = 0;
  while (bar < n && load<u8>(p + bar) != 0x7c) bar++;
  const id = lookupCommandByName(p, bar);
  if (id < 0 || bar == n) return id;
  if (!isContainer(id)) return -1;
  return lookupSubcommand(id, p + bar + 1, n - bar - 1);
}

/** Whether `sub`'s full name is "<parent name>|...". */
function isSubcommandOf(sub: i32, parent: i32): bool {
  const pl = commandNameLen(parent);
  if (commandNameLen(sub) <= pl + 1) return false;
  if (load<u8>(commandNamePtr(sub) + pl) != 0x7c) return false;
  return memory.compare(commandNamePtr(sub), commandNamePtr(parent), pl) == 0;
}

// A growable text buffer for the DOCTOR / GRAPH replies (no managed strings in the engine).
let tb: usize = 0;
let tbLen: u32 = 0;
let tbCap: u32 = 0;
function tbReset(): void { tbLen = 0; }
function tbEnsure(n: u32): void {
  if (tbLen + n <= tbCap) return;
  let cap = tbCap < 1024 ? <u32>1024 : tbCap;
  while (cap < tbLen + n) cap *= 2;
  tb = zrealloc(tb, cap);
  tbCap = cap;
}
function tbStr(s: string): void {
  tbEnsure(<u32>s.length);
  for (let i = 0; i < s.length; i++) store<u8>(tb + tbLen + i, <u8>s.charCodeAt(i));
  tbLen += <u32>s.length;
}
function tbNum(v: i64): void {
  tbEnsure(24);
  tbLen += <u32>ll2string(tb + tbLen, v);
}
function tbByte(b: u8, times: i32): void {
  tbEnsure(<u32>times);
  for (let i = 0; i < times; i++) store<u8>(tb + tbLen + i, b);
  tbLen += <u32>times;
}

/** LATENCY DOCTOR when events exist: a short per-event report (Redis's advice text is not reproduced). */
function doctorReport(): void {
  tbStr("Dave, I have observed latency spikes in this Redis instance. You don't mind talking about it, do you Dave?\n\n");
  let i = 1;
  for (let ev = 0; ev < EV_COUNT; ev++) {
    const ts = unchecked(series[ev]);
    if (ts == 0) continue;
    let n = 0;
    let sum: u64 = 0;
    for (let j = 0; j < TS_LEN; j++) {
      const at = ts + 8 + <usize>j * 8;
      if (load<i32>(at) == 0) continue;
      n++;
      sum += <u64>load<u32>(at, 4);
    }
    tbNum(i); tbStr(". "); tbStr(eventName(ev)); tbStr(": "); tbNum(n);
    tbStr(" latency spikes (average "); tbNum(n > 0 ? <i64>(sum / <u64>n) : 0);
    tbStr("ms) worst all time event "); tbNum(<i64>load<u32>(ts)); tbStr("ms.\n");
    i++;
  }
  tbStr("\nI have a few advices for you:\n\n- Check your system for sources of latency (slow commands, SLOWLOG GET).\n");
}

/** LATENCY GRAPH: the event's samples as columns, oldest left (latencyCommandGenSparkeline, simplified). */
function latencyGraph(c: Client, ev: i32, ts: usize): void {
  const max = load<u32>(ts);
  let min: u32 = 0xffffffff;
  const idx = load<i32>(ts, 4);
  for (let j = 0; j < TS_LEN; j++) {
    const at = ts + 8 + <usize>j * 8;
    if (load<i32>(at) != 0 && load<u32>(at, 4) < min) min = load<u32>(at, 4);
  }
  tbReset();
  tbStr(eventName(ev)); tbStr(" - high "); tbNum(max); tbStr(" ms, low "); tbNum(min);
  tbStr(" ms (all time high "); tbNum(max); tbStr(" ms)\n");
  tbByte(0x2d, 80);
  tbStr("\n");
  const rows = 4;
  for (let r = rows; r >= 1; r--) {
    for (let j = 0; j < TS_LEN; j++) {
      const at = ts + 8 + <usize>((idx + j) % TS_LEN) * 8;
      if (load<i32>(at) == 0) continue;
      const v = load<u32>(at, 4);
      const level = max == min ? rows : <i32>Math.ceil(<f64>(v - min) / <f64>(max - min) * <f64>rows);
      tbByte(level > r ? 0x7c : level == r ? 0x5f : 0x20, 1);
    }
    tbStr("\n");
  }
  addReplyVerbatim(c, tb, tbLen);
}
