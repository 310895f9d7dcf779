// aof.ts — the append-only file on disk, Redis 7.0's multi-part layout (Redis: aof.c).
//
//   <dir>/<appenddirname>/
//     appendonly.aof.manifest        "file appendonly.aof.1.base.rdb seq 1 type b\n"
//                                    "file appendonly.aof.1.incr.aof seq 1 type i\n"
//     appendonly.aof.1.base.rdb      the dataset at the last rewrite: an RDB, or with
//                                    aof-use-rdb-preamble no ".base.aof", the dataset as
//                                    commands (assembly/aof/rewrite.ts)
//     appendonly.aof.1.incr.aof      every write since, as RESP commands
//
// Writing: after each exec the effects hook collects the propagated commands (host/core/aof.ts
// AofFeed). With appendfsync always they are written and fdatasynced at once, before the
// replies of that exec are handed to the socket, so an acknowledged write is on disk. With
// everysec / no, one write per event-loop turn carries every client's commands (Redis does it
// in beforeSleep) and the fdatasync runs once a second in libuv's thread pool (Redis's bio
// thread): at most about a second of writes can be lost, as with Redis under that policy.
//
// Rewrite (BGREWRITEAOF, auto-aof-rewrite-*): a new incr file (seq+1) is opened and the
// manifest lists it, then the base is written from a snapshot of the dataset at that instant;
// once it is complete the manifest switches to the new base + new incr files and the old ones
// are deleted. A crash at any point leaves a manifest that describes complete files.
//
// Loading at start (appendonly yes): the manifest's base then incr files, through the same exec
// path as clients (host/core/aof.ts aofLoadChunks). A torn last command of the last file is
// cut off when aof-load-truncated is yes; anything else wrong refuses to start.

import {
  closeSync, existsSync, fdatasync, fdatasyncSync, fstatSync, ftruncateSync, mkdirSync, openSync, readFileSync,
  readSync, renameSync, statSync, unlinkSync, writeSync,
} from "node:fs";
import { join, resolve } from "node:path";
import type { RespiteCore } from "../core/server.js";
import { AofFeed, aofLoadChunks, AofLoadResult, timestampAnnotation } from "../core/aof.js";
import { logLoad, persistence, rdbLoadChunks, rdbWrite } from "../core/persistence.js";
import { rdbSaveInBackground, readChunks } from "./persistence.js";
import { infoFields } from "../core/cmd/info.js";
import { debugSubcommands } from "../core/cmd/debug.js";
import type { Logger } from "./log.js";

/** The engine's command writer (assembly/aof/rewrite.ts), sharing the RDB writer's buffer. */
interface CommandWriterExports {
  aofRewriteBegin(): void;
  aofRewriteChunk(): number;
  rdbOutPtr(): number;
  rdbSaveChunkTaken(): void;
}

interface ManifestFile { name: string; seq: number; type: "b" | "h" | "i" }

/** The manifest's model (Redis: aofManifest). */
class Manifest {
  base: ManifestFile | null = null;
  incrs: ManifestFile[] = [];
  history: ManifestFile[] = [];
  currBaseSeq = 0;
  currIncrSeq = 0;

  static parse(text: string): Manifest {
    const m = new Manifest();
    for (const raw of text.split("\n")) {
      const line = raw.trim();
      if (line === "" || line.startsWith("#")) continue;
      const parts = line.split(/\s+/);
      if (parts.length % 2 !== 0) throw new Error("Invalid AOF manifest file format");
      const kv = new Map<string, string>();
      for (let i = 0; i < parts.length; i += 2) kv.set(parts[i], parts[i + 1]);
      const name = kv.get("file"), seq = Number(kv.get("seq")), type = kv.get("type");
      if (!name || !Number.isInteger(seq) || (type !== "b" && type !== "h" && type !== "i")) {
        throw new Error("Invalid AOF manifest file format");
      }
      const f: ManifestFile = { name, seq, type };
      if (type === "b") {
        if (m.base) throw new Error("Found duplicate base file information");
        m.base = f;
        m.currBaseSeq = seq;
      } else if (type === "h") {
        m.history.push(f);
      } else {
        if (seq <= m.currIncrSeq) throw new Error("Found a non-monotonic sequence number");
        m.incrs.push(f);
        m.currIncrSeq = seq;
      }
    }
    return m;
  }

  toString(): string {
    const line = (f: ManifestFile) => `file ${f.name} seq ${f.seq} type ${f.type}\n`;
    return [...(this.base ? [this.base] : []), ...this.history, ...this.incrs].map(line).join("");
  }
}

export interface AofStats {
  rewrites: number;
  lastRewriteTimeSec: number;
  lastBgrewriteOk: boolean;
  lastWriteOk: boolean;
  rewriteInProgress: boolean;
  rewriteScheduled: boolean;
  rewriteStartedAt: number;
  consecutiveFailures: number;
  delayedFsync: number;
  pendingFsync: number;
}

export class AppendOnlyFile {
  readonly feed: AofFeed;
  enabled = false;
  private fd = -1;
  private manifest = new Manifest();
  /** Bytes in the incr files plus the base (aof_current_size) and at the last rewrite. */
  currentSize = 0;
  baseSize = 0;
  private lastFsync = 0;
  private fsyncTimer: ReturnType<typeof setInterval> | null = null;
  private lastTimestamp = 0;
  /** False while turning on at runtime: the manifest on disk does not describe us yet. */
  private persisted = true;
  readonly stats: AofStats = {
    rewrites: 0, lastRewriteTimeSec: -1, lastBgrewriteOk: true, lastWriteOk: true, rewriteInProgress: false,
    rewriteScheduled: false, rewriteStartedAt: 0, consecutiveFailures: 0, delayedFsync: 0, pendingFsync: 0,
  };

  constructor(private readonly core: RespiteCore, private readonly log: Logger) {
    this.feed = new AofFeed(core);
  }

  private get cfg() { return this.core.config; }
  private get dirPath(): string { return resolve(process.cwd(), String(this.cfg.get("appenddirname"))); }
  private get fileName(): string { return String(this.cfg.get("appendfilename")); }
  private get manifestPath(): string { return join(this.dirPath, `${this.fileName}.manifest`); }

  // ---- loading -------------------------------------------------------------------------------

  /**
   * Loads the AOF at startup (Redis: loadAppendOnlyFiles). Returns false after logging why if
   * the server must not start. Nothing to load (no manifest, no legacy file) is fine.
   */
  loadAtStartup(): boolean {
    let m: Manifest;
    try {
      m = this.readManifest();
    } catch (e) {
      this.log.warning((e as Error).message);
      return false;
    }
    this.manifest = m;
    const files = [...(m.base ? [m.base] : []), ...m.incrs];
    if (files.length === 0) return true;
    for (const f of files) {
      if (!existsSync(join(this.dirPath, f.name))) {
        this.log.warning(`The AOF file ${f.name} doesn't exist`);
        return false;
      }
    }
    const t0 = performance.now();
    const x = this.core.engine.x;
    x.setPropagation(0); // nothing loaded goes back into the file
    let total = 0;
    for (let i = 0; i < files.length; i++) {
      const f = files[i];
      const last = i === files.length - 1;
      const t1 = performance.now();
      if (!this.loadOne(f, last)) return false;
      total += statSync(join(this.dirPath, f.name)).size;
      const kind = f.type === "b" ? "base" : "incr";
      this.log.notice(`DB loaded from ${kind} file ${f.name}: ${((performance.now() - t1) / 1000).toFixed(3)} seconds`);
    }
    this.currentSize = this.baseSize = total;
    this.log.notice(`DB loaded from append only file: ${((performance.now() - t0) / 1000).toFixed(3)} seconds`);
    return true;
  }

  /** DEBUG LOADAOF: the files on disk loaded again into an emptied dataset. */
  reload(): boolean {
    const propagating = this.enabled;
    const ok = this.loadAtStartup();
    if (propagating) this.core.engine.x.setPropagation(1); // loading turned it off
    return ok;
  }

  private loadOne(f: ManifestFile, last: boolean): boolean {
    const path = join(this.dirPath, f.name);
    if (statSync(path).size === 0) return true; // an empty file (fresh incr) loads nothing
    const head = Buffer.alloc(5);
    const hfd = openSync(path, "r");
    readSync(hfd, head, 0, 5, 0);
    closeSync(hfd);
    if (head.toString("latin1") === "REDIS") {
      this.log.notice("Reading RDB base file on AOF loading...");
      const res = rdbLoadChunks(this.core, readChunks(path), true);
      logLoad(this.core, res, (level, msg) => this.log.log(level, msg));
      if (!res.ok) {
        this.log.warning(`Internal error in RDB reading file ${f.name} -> ${res.error}`);
        return false;
      }
      return true;
    }
    const res = aofLoadChunks(this.core, readChunks(path));
    return this.checkLoad(f, path, res, last);
  }

  private checkLoad(f: ManifestFile, path: string, res: AofLoadResult, last: boolean): boolean {
    if (res.status === "ok") return true;
    if (res.status === "unknown-command") {
      this.log.warning(`Unknown command '${res.unknown}' reading the append only file ${f.name}`);
      return false;
    }
    if (res.status === "bad-format") {
      this.log.warning(`Bad file format reading the append only file ${f.name}: make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>`);
      return false;
    }
    // truncated: a torn tail, or a MULTI without its EXEC
    if (res.revertedMulti) this.log.warning("Revert incomplete MULTI/EXEC transaction in AOF file " + f.name);
    if (last && this.cfg.bool("aof-load-truncated")) {
      this.log.warning(`!!! Warning: short read while loading the AOF file ${f.name}!!!`);
      this.log.warning(`!!! Truncating the AOF ${f.name} at offset ${res.validUpTo} !!!`);
      const fd = openSync(path, "r+");
      try { ftruncateSync(fd, res.validUpTo); } finally { closeSync(fd); }
      this.log.warning(`AOF ${f.name} loaded anyway because aof-load-truncated is enabled`);
      return true;
    }
    if (!last) {
      this.log.warning(`Fatal error: the truncated file is not the last file`);
      return false;
    }
    this.log.warning(`Unexpected end of file reading the append only file ${f.name}. You can: 1) Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. 2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server.`);
    return false;
  }

  /** The manifest on disk; a Redis 6 single appendonly.aof in `dir` becomes the base. */
  private readManifest(): Manifest {
    if (existsSync(this.manifestPath)) return Manifest.parse(readFileSync(this.manifestPath, "latin1"));
    const legacy = resolve(process.cwd(), this.fileName);
    const m = new Manifest();
    if (existsSync(legacy) && this.cfg.bool("appendonly")) {
      // Redis 7.0's upgrade: the old file moves into the directory as the base.
      mkdirSync(this.dirPath, { recursive: true });
      renameSync(legacy, join(this.dirPath, this.fileName));
      m.base = { name: this.fileName, seq: 1, type: "b" };
      m.currBaseSeq = 1;
      this.writeManifest(m);
      this.log.notice(`Successfully migrated an old-style AOF into the AOF directory`);
    }
    return m;
  }

  private writeManifest(m: Manifest): void {
    const tmp = join(this.dirPath, `temp-${this.fileName}.manifest`);
    const fd = openSync(tmp, "w");
    try {
      writeSync(fd, m.toString());
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.manifestPath);
  }

  // ---- writing -------------------------------------------------------------------------------

  /**
   * Turns the AOF on at startup (Redis: aofOpenIfNeededOnServerStart): creates the directory,
   * an empty base if there is none, and opens the last incr file (or a new one) for appending.
   */
  openOnStart(): void {
    mkdirSync(this.dirPath, { recursive: true });
    const m = this.manifest;
    if (!m.base && m.incrs.length === 0) {
      const name = `${this.fileName}.1${this.baseSuffix}`;
      this.log.notice(`Creating AOF base file ${name} on server start`);
      this.writeBase(join(this.dirPath, name));
      m.base = { name, seq: 1, type: "b" };
      m.currBaseSeq = 1;
      this.baseSize = this.currentSize = statSync(join(this.dirPath, name)).size;
    }
    if (m.incrs.length === 0) {
      const f = this.newIncr(m);
      this.log.notice(`Creating AOF incr file ${f.name} on server start`);
    } else {
      this.log.notice(`Opening AOF incr file ${m.incrs[m.incrs.length - 1].name} on server start`);
    }
    this.writeManifest(m);
    this.openIncr();
    this.start();
  }

  /** CONFIG SET appendonly yes at runtime: a rewrite makes the base of the data set now. */
  enableAtRuntime(): boolean {
    mkdirSync(this.dirPath, { recursive: true });
    try {
      this.manifest = this.readManifestQuiet();
    } catch {
      this.manifest = new Manifest();
    }
    this.persisted = false; // the manifest is written once the first base is complete
    this.start();
    return this.rewrite();
  }

  private readManifestQuiet(): Manifest {
    return existsSync(this.manifestPath) ? Manifest.parse(readFileSync(this.manifestPath, "latin1")) : new Manifest();
  }

  private start(): void {
    this.enabled = true;
    this.feed.selectedDb = -1;
    this.core.engine.x.setPropagation(1);
    this.fsyncTimer ??= setInterval(() => this.everysec(), 1000);
    (this.fsyncTimer as unknown as { unref?: () => void }).unref?.();
  }

  /** CONFIG SET appendonly no (Redis: stopAppendOnly). */
  stop(): void {
    this.flush();
    if (this.fd >= 0) {
      try { fdatasyncSync(this.fd); } catch { /* closing anyway */ }
      closeSync(this.fd);
    }
    this.fd = -1;
    this.enabled = false;
    this.core.engine.x.setPropagation(0);
    if (this.fsyncTimer) clearInterval(this.fsyncTimer);
    this.fsyncTimer = null;
  }

  private newIncr(m: Manifest): ManifestFile {
    const seq = ++m.currIncrSeq;
    const f: ManifestFile = { name: `${this.fileName}.${seq}.incr.aof`, seq, type: "i" };
    m.incrs.push(f);
    return f;
  }

  private openIncr(): void {
    const m = this.manifest;
    const f = m.incrs[m.incrs.length - 1];
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = openSync(join(this.dirPath, f.name), "a");
    this.feed.selectedDb = -1; // a new file starts with a SELECT
  }

  /** After each exec (core.effectsHooks): collect, write, and fsync as the policy says. */
  afterExec(): void {
    if (!this.enabled) return;
    if (this.cfg.bool("aof-timestamp-enabled")) {
      const now = Math.floor(this.core.now() / 1000);
      if (now !== this.lastTimestamp && this.core.engine.x.effectsLength() > 0) {
        this.lastTimestamp = now;
        this.feed.append(timestampAnnotation(now));
      }
    }
    this.feed.collect();
    if (this.feed.pending === 0) return;
    if (String(this.cfg.get("appendfsync")) === "always") {
      this.flush(); // write + fdatasync before this exec's replies are handed to the socket
    } else if (!this.flushScheduled) {
      // everysec / no: one write per event-loop turn for all clients (Redis: beforeSleep).
      this.flushScheduled = true;
      setImmediate(this.scheduledFlush);
    }
  }

  private flushScheduled = false;
  private readonly scheduledFlush = () => {
    this.flushScheduled = false;
    this.flush();
  };

  /** Writes the pending commands (Redis: flushAppendOnlyFile). */
  flush(): void {
    if (this.feed.pending === 0 || this.fd < 0) return;
    const bytes = this.feed.take();
    try {
      let off = 0;
      while (off < bytes.length) off += writeSync(this.fd, bytes, off, bytes.length - off);
      this.currentSize += bytes.length;
      if (String(this.cfg.get("appendfsync")) === "always" && !this.fsyncPausedByRewrite()) {
        fdatasyncSync(this.fd);
        this.lastFsync = Date.now();
      }
      if (!this.stats.lastWriteOk) {
        this.log.warning("AOF write error looks solved, Redis can write again.");
        this.setWriteError(null);
      }
      this.stats.lastWriteOk = true;
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (String(this.cfg.get("appendfsync")) === "always") {
        this.log.warning(`Can't recover from AOF write error when the AOF fsync policy is 'always'. Exiting...`);
        process.exit(1);
      }
      if (this.stats.lastWriteOk) this.log.warning(`Error writing to the AOF file: ${strerror(err)}`);
      this.stats.lastWriteOk = false;
      // Writes are refused with MISCONF until a retry (each cron tick) gets the bytes out.
      this.setWriteError(strerror(err));
      this.feed.append(bytes);
    }
  }

  /** no-appendfsync-on-rewrite yes: no fsync while a rewrite or BGSAVE writes its file. */
  private fsyncPausedByRewrite(): boolean {
    return this.cfg.bool("no-appendfsync-on-rewrite") && (this.stats.rewriteInProgress || persistence(this.core).bgsaveInProgress);
  }

  /** Tells the engine to refuse writes with "MISCONF Errors writing to the AOF file: <why>". */
  private setWriteError(why: string | null): void {
    const x = this.core.engine.x as unknown as { scratch(n: number): number; aofWriteError(p: number, n: number): void };
    if (why === null) {
      x.aofWriteError(0, 0);
      return;
    }
    const bytes = new TextEncoder().encode(why);
    const p = x.scratch(bytes.length) >>> 0;
    this.core.engine.mem().set(bytes, p);
    x.aofWriteError(p, bytes.length);
  }

  /** appendfsync everysec: one fdatasync a second, off the main thread. */
  private everysec(): void {
    if (!this.enabled || this.fd < 0 || String(this.cfg.get("appendfsync")) !== "everysec") return;
    if (this.fsyncPausedByRewrite()) return;
    if (this.stats.pendingFsync > 0) {
      this.stats.delayedFsync++;
      return;
    }
    this.stats.pendingFsync++;
    fdatasync(this.fd, () => {
      this.stats.pendingFsync--;
      this.lastFsync = Date.now();
    });
  }

  /** On shutdown: everything written and on disk. */
  close(): void {
    if (!this.enabled) return;
    this.stop();
    if (!this.persisted) {
      // turned on at runtime and the first base is not done: write it now, as Redis refuses
      // to exit before the initial AOF exists
      const m = this.manifest;
      const baseSeq = m.currBaseSeq + 1;
      const name = `${this.fileName}.${baseSeq}${this.baseSuffix}`;
      this.writeBase(join(this.dirPath, name));
      m.base = { name, seq: baseSeq, type: "b" };
      m.currBaseSeq = baseSeq;
      m.incrs = m.incrs.slice(-1); // the incr file opened when the AOF was turned on
      this.writeManifest(m);
      this.persisted = true;
    }
  }

  // ---- rewrite -------------------------------------------------------------------------------

  /**
   * BGREWRITEAOF (Redis: rewriteAppendOnlyFileBackground + backgroundRewriteDoneHandler):
   *   1. with the AOF on, writes from now on go to a new incr file, listed in the manifest at once
   *   2. a worker writes the dataset as of this instant to a temp file, renamed to the new base
   *   3. the manifest switches to the new base + the new incr file; the old files are deleted
   * The server keeps serving meanwhile; a crash at any step leaves a manifest naming complete
   * files. Returns false if a rewrite is already running.
   */
  rewrite(done?: (ok: boolean) => void): boolean {
    if (this.stats.rewriteInProgress) return false;
    const t0 = Date.now();
    this.stats.rewriteInProgress = true;
    this.stats.rewriteStartedAt = t0;
    const m = this.manifest;
    this.flush();
    let incr: ManifestFile | null = null;
    if (this.enabled) {
      incr = this.newIncr(m);
      this.log.notice(`Creating AOF incr file ${incr.name} on background rewrite`);
      if (this.persisted) this.writeManifest(m);
      this.openIncr();
    }
    const baseSeq = m.currBaseSeq + 1;
    const baseName = `${this.fileName}.${baseSeq}${this.baseSuffix}`;
    const tmpName = `temp-rewriteaof-bg-${process.pid}.aof`;
    this.log.notice(`Background append only file rewriting started by pid ${process.pid}`);
    const commands = !this.cfg.bool("aof-use-rdb-preamble");
    rdbSaveInBackground(this.core, this.log, join(this.dirPath, tmpName), join(this.dirPath, baseName), (ok, err) => {
      this.stats.rewriteInProgress = false;
      this.stats.lastRewriteTimeSec = Math.floor((Date.now() - t0) / 1000);
      if (!ok) {
        this.stats.lastBgrewriteOk = false;
        this.stats.consecutiveFailures++;
        this.log.warning(`Background AOF rewrite terminated with error: ${err ?? "unknown"}`);
        done?.(false);
        return;
      }
      this.log.notice("Background AOF rewrite terminated with success");
      this.log.notice(`Successfully renamed the temporary AOF base file ${tmpName} into ${baseName}`);
      const old = [...(m.base ? [m.base] : []), ...m.history];
      const keep = incr ? m.incrs.indexOf(incr) : m.incrs.length;
      old.push(...m.incrs.slice(0, keep));
      m.base = { name: baseName, seq: baseSeq, type: "b" };
      m.currBaseSeq = baseSeq;
      m.incrs = m.incrs.slice(keep);
      m.history = [];
      try {
        this.writeManifest(m);
        this.persisted = true;
      } catch (e) {
        this.stats.lastBgrewriteOk = false;
        this.log.warning(`Error trying to persist the AOF manifest: ${(e as Error).message}`);
        done?.(false);
        return;
      }
      for (const f of old) {
        this.log.notice(`Removing the history file ${f.name} in the background`);
        try { unlinkSync(join(this.dirPath, f.name)); } catch { /* already gone */ }
      }
      this.baseSize = statSync(join(this.dirPath, baseName)).size;
      this.currentSize = this.baseSize + (this.fd >= 0 ? fstatSync(this.fd).size : 0);
      this.stats.rewrites++;
      this.stats.lastBgrewriteOk = true;
      this.stats.consecutiveFailures = 0;
      this.log.notice("Background AOF rewrite finished successfully");
      done?.(true);
    }, commands);
    return true;
  }

  /** ".base.rdb", or ".base.aof" when the base is written as commands. */
  private get baseSuffix(): string {
    return this.cfg.bool("aof-use-rdb-preamble") ? ".base.rdb" : ".base.aof";
  }

  /** Writes the dataset (an RDB, or commands without the RDB preamble) to `path`, fsynced. */
  private writeBase(path: string): void {
    const fd = openSync(path, "w");
    try {
      if (this.cfg.bool("aof-use-rdb-preamble")) {
        rdbWrite(this.core, (chunk) => { writeSync(fd, chunk); });
      } else {
        const x = this.core.engine.x as unknown as CommandWriterExports;
        x.aofRewriteBegin();
        for (let n = x.aofRewriteChunk(); n > 0; n = x.aofRewriteChunk()) {
          writeSync(fd, this.core.engine.mem(), x.rdbOutPtr() >>> 0, n);
          x.rdbSaveChunkTaken();
        }
      }
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** auto-aof-rewrite-percentage / -min-size, checked from the cron. */
  cron(): void {
    if (this.enabled && !this.stats.lastWriteOk) this.flush(); // retry a failed write
    if (!this.enabled || this.stats.rewriteInProgress) return;
    const pct = this.cfg.num("auto-aof-rewrite-percentage");
    const min = this.cfg.num("auto-aof-rewrite-min-size");
    if (pct > 0 && this.currentSize > min) {
      const base = this.baseSize || 1;
      const growth = ((this.currentSize * 100) / base) - 100;
      if (growth >= pct) {
        this.log.notice(`Starting automatic rewriting of AOF on ${Math.floor(growth)}% growth`);
        this.rewrite();
      }
    }
  }
}

/** The C library's text for a write error, as Redis prints strerror(errno). */
function strerror(e: NodeJS.ErrnoException): string {
  const texts: Record<string, string> = {
    ENOSPC: "No space left on device", EDQUOT: "Disk quota exceeded", EIO: "Input/output error",
    EFBIG: "File too large", EROFS: "Read-only file system", EBADF: "Bad file descriptor",
    EACCES: "Permission denied", EPERM: "Operation not permitted", EINTR: "Interrupted system call",
  };
  return (e.code && texts[e.code]) || e.message;
}

/** Wires the AOF into a core: effects hook, cron, BGREWRITEAOF, CONFIG SET appendonly, INFO. */
export function installAof(core: RespiteCore, log: Logger): AppendOnlyFile {
  const aof = new AppendOnlyFile(core, log);
  core.effectsHooks.push(() => aof.afterExec());
  core.cronHooks.push(() => aof.cron());
  core.hostCommands.set("bgrewriteaof", ({ w }) => {
    if (!aof.rewrite()) {
      w.error("ERR Background append only file rewriting already in progress");
      return;
    }
    w.status("Background append only file rewriting started");
  });
  // DEBUG LOADAOF (Redis's tests): flush, empty the dataset, load the AOF files again.
  debugSubcommands.set("loadaof", {
    argc: (n) => n === 2,
    run: ({ w }) => {
      if (aof.enabled) aof.flush();
      (core.engine.x as unknown as { rdbEmptyData(): void }).rdbEmptyData();
      if (!aof.reload()) process.exit(1); // as Redis: a file that no longer loads is fatal
      log.warning("Append Only File loaded by DEBUG LOADAOF");
      w.ok();
    },
  });
  core.config.onApply(["appendonly"], () => {
    const on = core.config.bool("appendonly");
    if (on && !aof.enabled) {
      if (!aof.enableAtRuntime()) return "Unable to turn on AOF. Check server logs.";
    } else if (!on && aof.enabled) {
      aof.stop();
    }
    return null;
  });
  const f = (name: string, fn: () => string | number) => infoFields.set(name, fn);
  f("aof_enabled", () => (aof.enabled ? 1 : 0));
  f("aof_rewrite_in_progress", () => (aof.stats.rewriteInProgress ? 1 : 0));
  f("aof_rewrite_scheduled", () => (aof.stats.rewriteScheduled ? 1 : 0));
  f("aof_last_rewrite_time_sec", () => aof.stats.lastRewriteTimeSec);
  f("aof_current_rewrite_time_sec", () => (aof.stats.rewriteInProgress ? Math.floor((Date.now() - aof.stats.rewriteStartedAt) / 1000) : -1));
  f("aof_last_bgrewrite_status", () => (aof.stats.lastBgrewriteOk ? "ok" : "err"));
  f("aof_rewrites", () => aof.stats.rewrites);
  f("aof_rewrites_consecutive_failures", () => aof.stats.consecutiveFailures);
  f("aof_last_write_status", () => (aof.stats.lastWriteOk ? "ok" : "err"));
  f("aof_current_size", () => aof.currentSize);
  f("aof_base_size", () => aof.baseSize);
  f("aof_pending_rewrite", () => (aof.stats.rewriteScheduled ? 1 : 0));
  f("aof_buffer_length", () => aof.feed.pending);
  f("aof_pending_bio_fsync", () => aof.stats.pendingFsync);
  f("aof_delayed_fsync", () => aof.stats.delayedFsync);
  return aof;
}
