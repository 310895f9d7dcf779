// persistence.ts — RDB snapshots, portable half: SAVE, BGSAVE [SCHEDULE], DEBUG RELOAD, save
// points, INFO persistence fields (Redis: the command and cron parts of rdb.c / server.c).
//
// PORTABLE: no node: imports. The engine serialises and parses (assembly/rdb/*.ts) in chunks;
// this file drives those loops and keeps the state Redis keeps (lastsave, rdb_saves, the last
// BGSAVE's status, dirty before a BGSAVE ...). Where the bytes go is a backend's business:
//
//   RdbBackend.save(core)      writes a whole RDB synchronously (Node: temp file, fsync, rename)
//   RdbBackend.bgsave(core, done)   the same without blocking the server (Node: a worker
//                              thread over a copy of the engine's memory, host/node/persistence.ts)
//   RdbBackend.open()          the chunks of the current RDB, for DEBUG RELOAD / startup
//
// Without a backend (browser playground, embedding API), `memoryBackend` keeps the last
// snapshot as bytes, so SAVE / BGSAVE / DEBUG RELOAD still work, and `rdbDump` / `rdbLoadBytes`
// let an embedder snapshot a dataset to bytes and restore it. Save points only run with a
// persistent backend (the Node shell's), so an in-process core never writes on its own.

import type { HostCommandContext, RespiteCore } from "./server.js";
import { STAT } from "./engine.js";
import { infoFields } from "./cmd/info.js";
import { debugSubcommands } from "./cmd/debug.js";
import { scriptingOf } from "./cmd/scripting.js";

/** The engine's persistence exports (assembly/index.ts "persistence"). */
interface RdbExports {
  memory: WebAssembly.Memory;
  rdbSaveBegin(now: number): void;
  rdbSaveChunk(): number;
  rdbSaveChunkTaken(): void;
  rdbSaveEnd(): void;
  rdbOutPtr(): number;
  rdbSavedKeys(): number;
  dirtySubtract(n: number): void;
  rdbLoadBegin(now: number, allowDup: number): void;
  rdbLoadReserve(n: number): number;
  rdbLoadFeed(n: number, eof: number): number;
  rdbLoadAbort(): void;
  rdbLoadErrorPtr(): number;
  rdbLoadErrorLen(): number;
  rdbLoadAuxVerPtr(): number;
  rdbLoadAuxVerLen(): number;
  rdbLoadInfo(id: number): number;
  rdbEmptyData(): void;
  rdbSaveAppendBytes(p: number, n: number): void;
  rdbLoadFunctionCount(): number;
  rdbLoadFunctionPtr(i: number): number;
  rdbLoadFunctionLen(i: number): number;
  scratch(n: number): number;
  clientInExec(c: number): number;
  setConfig(id: number, v: number): void;
}

/** Engine setting ids (assembly/index.ts setConfig). */
export const CONFIG_RDB_COMPRESSION = 70;
export const CONFIG_RDB_CHECKSUM = 71;
export const CONFIG_RDB_SAVE_LRU = 72;
export const CONFIG_RDB_DENY_WRITES = 73;

export type LogLevel = "debug" | "verbose" | "notice" | "warning";

export interface RdbBackend {
  /** Writes the dataset as an RDB now; throws (with the reason) on failure. */
  save(core: RespiteCore): void;
  /** Starts a background save; done(ok) when it ends. Absent: BGSAVE saves synchronously. */
  bgsave?(core: RespiteCore, done: (ok: boolean) => void): void;
  /** The current RDB's bytes in chunks, or null if there is none. */
  open(core: RespiteCore): Iterable<Uint8Array> | null;
  /** Whether save points apply (a file on disk, not a playground's memory). */
  persistent: boolean;
  log(level: LogLevel, msg: string): void;
}

/** Redis's per-server persistence state (server.lastsave, rdb_saves ...). */
export interface PersistenceState {
  backend: RdbBackend;
  rdbSaves: number;
  lastBgsaveOk: boolean;
  bgsaveInProgress: boolean;
  bgsaveStartedAt: number;
  lastBgsaveTimeSec: number;
  lastBgsaveTry: number;
  bgsaveScheduled: boolean;
  dirtyBeforeBgsave: number;
  lastLoadKeysLoaded: number;
  lastLoadKeysExpired: number;
  loading: boolean;
}

const states = new WeakMap<RespiteCore, PersistenceState>();
const dec = new TextDecoder();

function rx(core: RespiteCore): RdbExports {
  return core.engine.x as unknown as RdbExports;
}

export function persistence(core: RespiteCore): PersistenceState {
  let st = states.get(core);
  if (!st) {
    st = {
      backend: memoryBackend(), rdbSaves: 0, lastBgsaveOk: true, bgsaveInProgress: false, bgsaveStartedAt: 0,
      lastBgsaveTimeSec: -1, lastBgsaveTry: 0, bgsaveScheduled: false, dirtyBeforeBgsave: 0,
      lastLoadKeysLoaded: 0, lastLoadKeysExpired: 0, loading: false,
    };
    states.set(core, st);
  }
  return st;
}

export function setRdbBackend(core: RespiteCore, backend: RdbBackend): void {
  persistence(core).backend = backend;
}

// ---- the engine loops --------------------------------------------------------------------------

/**
 * The function libraries as RDB records (RDB_OPCODE_FUNCTION2 + code each), written after the
 * aux fields as Redis does (host/core/scripting/functions.ts encodes them).
 */
export function functionRecords(core: RespiteCore): Uint8Array {
  const fn = scriptingOf(core).fn;
  return fn.libraries.size > 0 ? fn.rdbRecords() : new Uint8Array(0);
}

/** Serialises the dataset, handing each chunk (a copy) to `write`. Returns the keys written. */
export function rdbWrite(core: RespiteCore, write: (chunk: Uint8Array) => void): number {
  const x = rx(core);
  const fns = functionRecords(core);
  x.rdbSaveBegin(core.now());
  try {
    if (fns.length > 0) {
      const p = x.scratch(fns.length) >>> 0;
      new Uint8Array(x.memory.buffer, p, fns.length).set(fns);
      x.rdbSaveAppendBytes(p, fns.length);
    }
    for (;;) {
      const n = x.rdbSaveChunk();
      if (n === 0) break;
      const p = x.rdbOutPtr() >>> 0;
      write(new Uint8Array(x.memory.buffer, p, n).slice());
      x.rdbSaveChunkTaken();
    }
    return x.rdbSavedKeys();
  } finally {
    x.rdbSaveEnd();
  }
}

/** The whole dataset as one RDB file in memory (playground snapshots, tests). */
export function rdbDump(core: RespiteCore): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  rdbWrite(core, (c) => { parts.push(c); total += c.length; });
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) { out.set(p, off); off += p.length; }
  return out;
}

export interface LoadResult {
  ok: boolean;
  /** Why the load failed (Redis's log text). */
  error?: string;
  keysLoaded: number;
  keysExpired: number;
  emptyKeysSkipped: number;
  functionsSkipped: number;
  /** Function libraries loaded from the file (FUNCTION LOAD'ed again). */
  functionsLoaded: number;
  moduleAuxSkipped: number;
  checksumDisabled: boolean;
  /** Aux fields: redis-ver, ctime (unix s), used-mem (bytes); absent when not in the file. */
  redisVer?: string;
  ctime?: number;
  usedMem?: number;
}

/**
 * Loads RDB chunks into the keyspace (Redis: rdbLoadRio). On failure nothing stays loaded.
 * The caller empties the keyspace first (startup has nothing; DEBUG RELOAD flushes).
 */
export function rdbLoadChunks(core: RespiteCore, chunks: Iterable<Uint8Array>, allowDup = false): LoadResult {
  const x = rx(core);
  const st = persistence(core);
  st.loading = true;
  x.rdbLoadBegin(core.now(), allowDup ? 1 : 0);
  let status = 0;
  try {
    for (const chunk of chunks) {
      // Big chunks are fed in slices so the engine's buffer stays small.
      for (let off = 0; off < chunk.length && status === 0; off += 1 << 20) {
        const part = chunk.subarray(off, Math.min(chunk.length, off + (1 << 20)));
        const p = x.rdbLoadReserve(part.length) >>> 0;
        new Uint8Array(x.memory.buffer, p, part.length).set(part);
        status = x.rdbLoadFeed(part.length, 0);
      }
      if (status !== 0) break;
    }
    if (status === 0) {
      x.rdbLoadReserve(0);
      status = x.rdbLoadFeed(0, 1);
    }
  } catch (e) {
    x.rdbLoadAbort();
    x.rdbEmptyData();
    st.loading = false;
    throw e;
  }
  st.loading = false;
  const info = (id: number) => x.rdbLoadInfo(id);
  const res: LoadResult = {
    ok: status === 1,
    keysLoaded: info(0), keysExpired: info(1), emptyKeysSkipped: info(2), functionsSkipped: info(3),
    moduleAuxSkipped: info(4), checksumDisabled: info(5) === 1, functionsLoaded: 0,
  };
  const vl = x.rdbLoadAuxVerLen();
  if (vl > 0) res.redisVer = dec.decode(new Uint8Array(x.memory.buffer, x.rdbLoadAuxVerPtr() >>> 0, vl));
  if (info(6) >= 0) res.ctime = info(6);
  if (info(7) >= 0) res.usedMem = info(7);
  if (!res.ok) {
    res.error = dec.decode(new Uint8Array(x.memory.buffer, x.rdbLoadErrorPtr() >>> 0, x.rdbLoadErrorLen()));
  } else if (x.rdbLoadFunctionCount() > 0) {
    // Function libraries (Redis: rdbFunctionLoad, REPLACE semantics as a reload's merge).
    const fn = scriptingOf(core).fn;
    for (let i = 0; i < x.rdbLoadFunctionCount() && res.ok; i++) {
      const p = x.rdbLoadFunctionPtr(i) >>> 0;
      const code = new Uint8Array(x.memory.buffer, p, x.rdbLoadFunctionLen(i)).slice();
      let err: string | null;
      try { err = fn.loadLibraryCode(code); } catch (e) { err = (e as Error).message; }
      if (err !== null) {
        res.ok = false;
        res.error = `Failed loading library, ${err}`;
        x.rdbEmptyData();
      } else {
        res.functionsLoaded++;
      }
    }
  }
  if (res.ok) {
    st.lastLoadKeysLoaded = res.keysLoaded;
    st.lastLoadKeysExpired = res.keysExpired;
  }
  return res;
}

/** Loads one RDB held in memory. */
export function rdbLoadBytes(core: RespiteCore, bytes: Uint8Array, allowDup = false): LoadResult {
  return rdbLoadChunks(core, [bytes], allowDup);
}

/** Logs what Redis logs around a load ("Loading RDB produced by version ..."). */
export function logLoad(core: RespiteCore, res: LoadResult, log: (level: LogLevel, msg: string) => void): void {
  if (res.redisVer !== undefined) log("notice", `Loading RDB produced by version ${res.redisVer}`);
  if (res.ctime !== undefined) log("notice", `RDB age ${Math.max(0, Math.floor(core.now() / 1000) - res.ctime)} seconds`);
  if (res.usedMem !== undefined) log("notice", `RDB memory usage when created ${(res.usedMem / (1024 * 1024)).toFixed(2)} Mb`);
  if (res.moduleAuxSkipped > 0) log("warning", `Skipped ${res.moduleAuxSkipped} module AUX records (no modules here)`);
  if (res.checksumDisabled) log("warning", "RDB file was saved with checksum disabled: no check performed.");
  if (!res.ok) return;
  if (res.emptyKeysSkipped > 0) {
    log("warning", `Done loading RDB, keys loaded: ${res.keysLoaded}, keys expired: ${res.keysExpired}, empty keys skipped: ${res.emptyKeysSkipped}.`);
  } else {
    log("notice", `Done loading RDB, keys loaded: ${res.keysLoaded}, keys expired: ${res.keysExpired}.`);
  }
}

/** A backend keeping the last snapshot in memory (no file system). */
export function memoryBackend(): RdbBackend & { snapshot: Uint8Array | null } {
  const b = {
    snapshot: null as Uint8Array | null,
    persistent: false,
    save(core: RespiteCore) { b.snapshot = rdbDump(core); },
    open() { return b.snapshot ? [b.snapshot] : null; },
    log() { /* no log */ },
  };
  return b;
}

// ---- saving as Redis does (rdbSave / rdbSaveBackground) ------------------------------------------

/** Redis: rdbSave. True on success (dirty reset, lastsave updated). */
export function saveNow(core: RespiteCore): boolean {
  const st = persistence(core);
  try {
    st.backend.save(core);
  } catch (e) {
    st.backend.log("warning", `Write error saving DB on disk: ${(e as Error).message}`);
    st.lastBgsaveOk = false;
    updateDenyWrites(core);
    return false;
  }
  st.backend.log("notice", "DB saved on disk");
  const x = rx(core);
  x.dirtySubtract(core.engine.x.stat(STAT.dirty));
  core.lastSave = Math.floor(core.now() / 1000);
  st.lastBgsaveOk = true;
  updateDenyWrites(core);
  return true;
}

/** Redis: rdbSaveBackground. False if a save is running. */
export function bgsaveStart(core: RespiteCore): boolean {
  const st = persistence(core);
  if (st.bgsaveInProgress) return false;
  st.rdbSaves++;
  st.dirtyBeforeBgsave = core.engine.x.stat(STAT.dirty);
  st.lastBgsaveTry = Math.floor(core.now() / 1000);
  const finish = (ok: boolean) => {
    st.bgsaveInProgress = false;
    st.lastBgsaveTimeSec = Math.floor((core.now() - st.bgsaveStartedAt) / 1000);
    if (ok) {
      st.backend.log("notice", "Background saving terminated with success");
      rx(core).dirtySubtract(st.dirtyBeforeBgsave);
      core.lastSave = Math.floor(core.now() / 1000);
      st.lastBgsaveOk = true;
    } else {
      st.backend.log("warning", "Background saving error");
      st.lastBgsaveOk = false;
    }
    updateDenyWrites(core);
  };
  st.bgsaveInProgress = true;
  st.bgsaveStartedAt = core.now();
  if (st.backend.bgsave) {
    st.backend.bgsave(core, finish);
  } else {
    // No background machinery here: save at once, report completion asynchronously.
    let ok = true;
    try { st.backend.save(core); } catch { ok = false; }
    queueMicrotask(() => finish(ok));
  }
  return true;
}

/**
 * stop-writes-on-bgsave-error: writes (and PING) are refused with MISCONF while the last
 * background save failed, save points are configured and this is not a replica (Redis:
 * writeCommandsDeniedByDiskError). The engine checks the flag (assembly/server.ts).
 */
export function updateDenyWrites(core: RespiteCore): void {
  const st = persistence(core);
  const cfg = core.config;
  const deny = !st.lastBgsaveOk && cfg.get("stop-writes-on-bgsave-error") === "yes" &&
    cfg.savePoints().length > 0 && cfg.get("replicaof") === "";
  rx(core).setConfig(CONFIG_RDB_DENY_WRITES, deny ? 1 : 0);
}

/** Save points and scheduled BGSAVEs, run from the cron (Redis: serverCron). */
export function persistenceCron(core: RespiteCore): void {
  const st = persistence(core);
  if (!st.backend.persistent || st.bgsaveInProgress) return;
  const now = Math.floor(core.now() / 1000);
  const dirty = core.engine.x.stat(STAT.dirty);
  const retryOk = now - st.lastBgsaveTry > 5 || st.lastBgsaveOk;
  for (const [seconds, changes] of core.config.savePoints()) {
    if (dirty >= changes && now - core.lastSave > seconds && retryOk) {
      st.backend.log("notice", `${changes} changes in ${seconds} seconds. Saving...`);
      bgsaveStart(core);
      return;
    }
  }
  if (st.bgsaveScheduled && retryOk) {
    if (bgsaveStart(core)) st.bgsaveScheduled = false;
  }
}

// ---- commands ----------------------------------------------------------------------------------

function saveCommand(ctx: HostCommandContext): void {
  const st = persistence(ctx.core);
  if (st.bgsaveInProgress) {
    ctx.w.error("ERR Background save already in progress");
    return;
  }
  st.rdbSaves++;
  if (saveNow(ctx.core)) ctx.w.ok();
  else ctx.w.error("ERR");
}

function bgsaveCommand(ctx: HostCommandContext): void {
  const st = persistence(ctx.core);
  let schedule = false;
  if (ctx.args.length > 1) {
    if (ctx.args.length === 2 && dec.decode(ctx.args[1]).toLowerCase() === "schedule") schedule = true;
    else {
      ctx.w.error("ERR syntax error");
      return;
    }
  }
  const inExec = rx(ctx.core).clientInExec(ctx.session.c) !== 0;
  if (st.bgsaveInProgress) {
    // Redis refuses while its own RDB child runs, SCHEDULE or not.
    ctx.w.error("ERR Background save already in progress");
  } else if (inExec) {
    st.bgsaveScheduled = true;
    ctx.w.status("Background saving scheduled");
  } else if (bgsaveStart(ctx.core)) {
    ctx.w.status("Background saving started");
  } else {
    ctx.w.error("ERR");
  }
}

/** DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE] (Redis: debug.c). */
function debugReload(ctx: HostCommandContext): void {
  const core = ctx.core;
  const st = persistence(core);
  let flush = true, save = true, merge = false;
  for (const a of ctx.args.slice(2)) {
    const o = dec.decode(a).toLowerCase();
    if (o === "merge") merge = true;
    else if (o === "noflush") flush = false;
    else if (o === "nosave") save = false;
    else {
      ctx.w.error("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
      return;
    }
  }
  if (save && !saveNow(core)) {
    ctx.w.error("ERR");
    return;
  }
  if (flush) {
    rx(core).rdbEmptyData();
    // emptyData without EMPTYDB_NOFUNCTIONS: the libraries go too, and come back from the file.
    const fn = scriptingOf(core).fn;
    if (fn.libraries.size > 0) fn.flush();
  }
  const chunks = st.backend.open(core);
  const res = chunks ? rdbLoadChunks(core, chunks, merge) : { ok: false, error: "no RDB file" } as LoadResult;
  if (!res.ok) {
    st.backend.log("warning", `Error loading the RDB: ${res.error}`);
    ctx.w.error("ERR Error trying to load the RDB dump");
    return;
  }
  st.backend.log("warning", "DB reloaded by DEBUG RELOAD");
  ctx.w.ok();
}

export function installPersistenceCommands(core: RespiteCore): void {
  persistence(core);
  core.hostCommands.set("save", saveCommand);
  core.hostCommands.set("bgsave", bgsaveCommand);
  debugSubcommands.set("reload", { argc: (n) => n >= 2, run: debugReload });
  // Engine-side settings.
  const x = rx(core);
  const cfg = core.config;
  const push = () => {
    x.setConfig(CONFIG_RDB_COMPRESSION, cfg.get("rdbcompression") === "yes" ? 1 : 0);
    x.setConfig(CONFIG_RDB_CHECKSUM, cfg.get("rdbchecksum") === "yes" ? 1 : 0);
    x.setConfig(CONFIG_RDB_SAVE_LRU, /lru/.test(String(cfg.get("maxmemory-policy"))) ? 1 : 0);
    return null;
  };
  push();
  cfg.onApply(["rdbcompression", "maxmemory-policy"], push);
  cfg.onApply(["stop-writes-on-bgsave-error", "save", "replicaof"], () => { updateDenyWrites(core); return null; });
  core.cronHooks.push(() => persistenceCron(core));
  // INFO persistence.
  const f = (name: string, fn: (st: PersistenceState) => string | number) =>
    infoFields.set(name, (c) => fn(persistence(c)));
  f("loading", (st) => (st.loading ? 1 : 0));
  f("rdb_bgsave_in_progress", (st) => (st.bgsaveInProgress ? 1 : 0));
  f("rdb_last_bgsave_status", (st) => (st.lastBgsaveOk ? "ok" : "err"));
  f("rdb_last_bgsave_time_sec", (st) => st.lastBgsaveTimeSec);
  f("rdb_current_bgsave_time_sec", (st) => (st.bgsaveInProgress ? Math.floor((core.now() - st.bgsaveStartedAt) / 1000) : -1));
  f("rdb_saves", (st) => st.rdbSaves);
  f("rdb_last_load_keys_expired", (st) => st.lastLoadKeysExpired);
  f("rdb_last_load_keys_loaded", (st) => st.lastLoadKeysLoaded);
}
