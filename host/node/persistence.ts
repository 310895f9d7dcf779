// persistence.ts — RDB files for the Node shell: SAVE / BGSAVE to `dir`/`dbfilename`, loading
// at startup, and BGSAVE without fork (Redis: rdbSave, rdbSaveBackground, loadDataFromDisk).
//
// The engine produces and parses the bytes (assembly/rdb/*.ts, driven by host/core/
// persistence.ts); this file only moves them between the engine and the disk:
//
//   SAVE        chunks from the engine go to temp-<pid>.rdb, then fsync, close and rename
//               over the target, so a crash mid-save never leaves a half-written dump.rdb.
//   loading     the file is read in 1 MB chunks and fed to the engine's streaming parser; a
//               corrupt or truncated file aborts startup with the reason (nothing half-loaded).
//   BGSAVE      Redis forks and lets copy-on-write freeze the dataset. Node cannot fork a
//               process with our heap, so we freeze it by copying: the engine's linear memory
//               (the whole dataset: ~100 MB for 1M small keys) is copied in one memcpy, the copy
//               is transferred (not cloned) to a worker thread, which instantiates the same
//               compiled engine.wasm, grows its memory to the same size, copies the snapshot in,
//               restores the few globals the saver reads (bgsaveStateExport/Import: the db
//               array and the hash key) and runs the same chunked save loop, writing the temp
//               file and renaming it. The main thread pauses only for the copy; the serialising,
//               compression, checksum and I/O happen in parallel with serving clients. The
//               price is transient memory (one copy of the heap), where fork pays only for the
//               pages written meanwhile.

import { closeSync, existsSync, fsyncSync, openSync, readSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { resolve } from "node:path";
import { Worker } from "node:worker_threads";
import type { RespiteCore } from "../core/server.js";
import { functionRecords, logLoad, rdbLoadChunks, rdbWrite, RdbBackend, saveNow, setRdbBackend } from "../core/persistence.js";
import { engineModule } from "./load.js";
import type { Logger } from "./log.js";

interface BgsaveExports {
  memory: WebAssembly.Memory;
  bgsaveStateExport(): number;
}

/** The RDB file's path (dbfilename relative to dir, which is the process's cwd as in Redis). */
export function rdbPath(core: RespiteCore): string {
  return resolve(process.cwd(), String(core.config.get("dbfilename")));
}

/** Reads a file in chunks (a generator, so the whole file is never in memory). */
export function* readChunks(path: string, size = 1 << 20): Generator<Uint8Array> {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.allocUnsafe(size);
    for (;;) {
      const n = readSync(fd, buf, 0, size, null);
      if (n === 0) return;
      yield buf.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

/** Timing of the last BGSAVE (for tests and INFO-like reporting). */
export interface BgsaveTiming { pauseMs: number; totalMs: number; bytes: number }
export let lastBgsaveTiming: BgsaveTiming | null = null;
let bgseq = 0;

export function installNodePersistence(core: RespiteCore, log: Logger): void {
  const backend: RdbBackend = {
    persistent: true,
    log: (level, msg) => log.log(level, msg),
    save(c) {
      const tmp = resolve(process.cwd(), `temp-${process.pid}.rdb`);
      let fd = -1;
      try {
        fd = openSync(tmp, "w");
        rdbWrite(c, (chunk) => { writeSync(fd, chunk); });
        fsyncSync(fd);
        closeSync(fd);
        fd = -1;
        renameSync(tmp, rdbPath(c));
      } catch (e) {
        if (fd >= 0) closeSync(fd);
        try { unlinkSync(tmp); } catch { /* already gone */ }
        throw e;
      }
    },
    open(c) {
      const p = rdbPath(c);
      return existsSync(p) ? readChunks(p) : null;
    },
    bgsave(c, done) {
      const tmp = resolve(process.cwd(), `temp-${process.pid}-bg${++bgseq}.rdb`);
      log.notice(`Background saving started by pid ${process.pid}`);
      rdbSaveInBackground(c, log, tmp, rdbPath(c), (ok, err) => {
        if (!ok && err) log.warning(`Write error saving DB on disk: ${err}`);
        done(ok);
      });
    },
  };
  setRdbBackend(core, backend);
}

/**
 * Writes the dataset as of now to `tmp` in a worker thread, then renames it to `target`
 * (BGSAVE, and the base file of an AOF rewrite: an RDB, or with `commands` the dataset as
 * commands, assembly/aof/rewrite.ts). The main thread pauses only for one copy of
 * the engine's memory; done(ok, error) runs when the file is in place (or not).
 */
export function rdbSaveInBackground(c: RespiteCore, log: Logger, tmp: string, target: string,
  done: (ok: boolean, error?: string) => void, commands = false): void {
  const t0 = performance.now();
  const x = c.engine.x as unknown as BgsaveExports;
  // The function libraries live in the host: encoded here, appended by the worker.
  const fns = commands ? new Uint8Array(0) : functionRecords(c);
  const statePtr = x.bgsaveStateExport();
  // The pause: one copy of linear memory (the dataset, frozen as it is now).
  const snapshot = new Uint8Array(x.memory.buffer).slice();
  const pauseMs = performance.now() - t0;
  const snapMb = (snapshot.byteLength / (1 << 20)).toFixed(1);
  const cfg = c.config;
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      module: engineModule(), snapshot, statePtr, tmp, target, now: c.now(), commands, fns,
      compression: cfg.get("rdbcompression") === "yes", checksum: cfg.get("rdbchecksum") === "yes",
      saveLru: /lru/.test(String(cfg.get("maxmemory-policy"))),
    },
    transferList: [snapshot.buffer],
  });
  log.verbose(`Background snapshot: ${snapMb} MB of engine memory copied in ${pauseMs.toFixed(1)} ms`);
  let settled = false;
  const finish = (ok: boolean, err?: string, bytes = 0) => {
    if (settled) return;
    settled = true;
    lastBgsaveTiming = { pauseMs, totalMs: performance.now() - t0, bytes };
    done(ok, err);
  };
  worker.once("message", (m: { ok: boolean; error?: string; bytes: number }) => finish(m.ok, m.error, m.bytes));
  worker.once("error", (e) => finish(false, e.message));
  worker.once("exit", (code) => finish(false, `worker exited with code ${code}`));
  worker.unref();
}

/**
 * The save before exiting on SIGTERM / SIGINT when save points are configured (Redis:
 * prepareForShutdown). False if it failed: the server then keeps running, as Redis does.
 */
export function finalSave(core: RespiteCore, log: Logger): boolean {
  if (core.config.savePoints().length === 0) return true;
  log.warning("Saving the final RDB snapshot before exiting.");
  if (saveNow(core)) return true;
  log.warning("Error trying to save the DB, can't exit.");
  return false;
}

/**
 * Loads `dir`/`dbfilename` at startup (Redis: loadDataFromDisk). Returns false (after logging
 * why) if the file exists but cannot be loaded: the caller exits, as Redis does.
 */
export function loadDataFromDisk(core: RespiteCore, log: Logger): boolean {
  const p = rdbPath(core);
  if (!existsSync(p)) return true;
  const t0 = performance.now();
  const total = statSync(p).size;
  // Progress in the log for big files: at most one line a second while loading.
  function* withProgress(chunks: Iterable<Uint8Array>): Generator<Uint8Array> {
    let done = 0;
    let last = t0;
    for (const c of chunks) {
      yield c;
      done += c.length;
      const now = performance.now();
      if (now - last >= 1000 && done < total) {
        last = now;
        log.notice(`Loading RDB: ${((100 * done) / total).toFixed(1)}% (${(done / (1 << 20)).toFixed(1)} of ${(total / (1 << 20)).toFixed(1)} MB)`);
      }
    }
  }
  let res;
  try {
    res = rdbLoadChunks(core, withProgress(readChunks(p)));
  } catch (e) {
    log.warning(`Fatal error loading the DB: ${(e as Error).message}. Exiting.`);
    return false;
  }
  logLoad(core, res, (level, msg) => log.log(level, msg));
  if (!res.ok) {
    log.warning(`Internal error in RDB reading file ${p} -> ${res.error}`);
    log.warning("Terminating server after rdb file reading failure.");
    return false;
  }
  log.notice(`DB loaded from disk: ${((performance.now() - t0) / 1000).toFixed(3)} seconds`);
  return true;
}

/**
 * The BGSAVE worker: a second engine instance over a copy of the first one's memory. It only
 * runs the rdbSave* loop and writes the file; it never touches the main instance.
 */
const WORKER_SOURCE = `
const { workerData, parentPort } = require("node:worker_threads");
const fs = require("node:fs");
const d = workerData;
let fd = -1;
let bytes = 0;
try {
  // Whatever the engine imports: abort throws, clocks read the real time.
  const imports = {};
  for (const imp of WebAssembly.Module.imports(d.module)) {
    if (imp.kind !== "function") continue;
    imports[imp.module] = imports[imp.module] || {};
    imports[imp.module][imp.name] = imp.name === "abort" ? () => { throw new Error("engine abort"); } : () => performance.now() * 1000;
  }
  const inst = new WebAssembly.Instance(d.module, imports);
  const x = inst.exports;
  const have = x.memory.buffer.byteLength;
  if (d.snapshot.byteLength > have) x.memory.grow((d.snapshot.byteLength - have) / 65536);
  new Uint8Array(x.memory.buffer).set(d.snapshot);
  x.bgsaveStateImport(d.statePtr);
  x.setConfig(70, d.compression ? 1 : 0); // CONFIG_RDB_* of host/core/persistence.ts
  x.setConfig(71, d.checksum ? 1 : 0);
  x.setConfig(72, d.saveLru ? 1 : 0);
  fd = fs.openSync(d.tmp, "w");
  if (d.commands) x.aofRewriteBegin(); else x.rdbSaveBegin(d.now);
  if (!d.commands && d.fns.length > 0) {
    const p = x.scratch(d.fns.length) >>> 0;
    new Uint8Array(x.memory.buffer, p, d.fns.length).set(d.fns);
    x.rdbSaveAppendBytes(p, d.fns.length);
  }
  for (;;) {
    const n = d.commands ? x.aofRewriteChunk() : x.rdbSaveChunk();
    if (n === 0) break;
    const p = x.rdbOutPtr() >>> 0;
    fs.writeSync(fd, new Uint8Array(x.memory.buffer, p, n));
    bytes += n;
    x.rdbSaveChunkTaken();
  }
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fd = -1;
  fs.renameSync(d.tmp, d.target);
  parentPort.postMessage({ ok: true, bytes });
} catch (e) {
  try { if (fd >= 0) fs.closeSync(fd); fs.unlinkSync(d.tmp); } catch {}
  parentPort.postMessage({ ok: false, error: String(e && e.message || e), bytes });
}
`;
