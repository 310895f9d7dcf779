// engine.ts — loads build/engine.wasm and wraps its ABI (assembly/index.ts).
//
// PORTABLE: no node: imports. The caller supplies the wasm bytes or a compiled module (Node
// reads the file, a browser fetches it), so this file runs in Node, browsers and edge
// runtimes alike.
//
// The wrapper is thin on purpose: hot calls (reserve, exec, outPtr/outLen) go straight to
// the exports. Views of linear memory are re-created after memory.grow (the old ArrayBuffer
// is detached), and bytes handed back to callers are always copies: a view into wasm memory
// is reused by the next command and invalidated by growth.

import { preciseNowUs } from "./clock.js";

export interface EngineExports {
  memory: WebAssembly.Memory;
  init(seedLo: number, seedHi: number, databases: number): void;
  clientCreate(nowMs: number): number;
  clientFree(c: number): void;
  clientId(c: number): number;
  clientReserve(c: number, n: number): number;
  exec(c: number, n: number, nowMs: number): number;
  outPtr(c: number): number;
  outLen(c: number): number;
  outReset(c: number): void;
  replyReserve(c: number, n: number): number;
  replyCommit(c: number, n: number): void;
  argc(c: number): number;
  argPtr(c: number, i: number): number;
  argLen(c: number, i: number): number;
  hostCommandId(c: number): number;
  clientDb(c: number): number;
  clientResp(c: number): number;
  clientFlags(c: number): number;
  clientMultiCount(c: number): number;
  clientSetFlags(c: number, f: number): void;
  clientLastCmd(c: number): number;
  clientNamePtr(c: number): number;
  clientNameLen(c: number): number;
  clientQueryLen(c: number): number;
  clientQueryCap(c: number): number;
  clientOutCap(c: number): number;
  clientArgvMem(c: number): number;
  clientLastInteraction(c: number): number;
  commandCount(): number;
  commandNamePointer(id: number): number;
  commandNameLength(id: number): number;
  commandImplemented(id: number): number;
  commandCallCount(id: number): number;
  cron(nowMs: number, effort: number): void;
  databases(): number;
  dbSize(db: number): number;
  dbExpires(db: number): number;
  dbAvgTtl(db: number): number;
  stat(id: number): number;
  setConfig(id: number, v: number): void;
  setRequirePass(p: number, n: number): void;
  blockedKeyCount(c: number): number;
  blockedKeyPtr(c: number, i: number): number;
  blockedKeyLen(c: number, i: number): number;
  blockedTimeout(c: number): number;
  retryBlocked(c: number, kp: number, kl: number, nowMs: number): number;
  unblockClient(c: number, reason: number, nowMs: number): number;
  readyKeysTaken(): void;
  blockedClientCount(): number;
  effectsPtr(): number;
  effectsLength(): number;
  effectsReset(): void;
  setPropagation(on: number): void;
  scratch(n: number): number;
  // maxmemory / eviction, command and error statistics, slow log peer (assembly/index.ts)
  commandUsecTotal(id: number): number;
  commandRejectedCount(id: number): number;
  commandFailedCount(id: number): number;
  commandLatencyCalls(id: number): number;
  commandLatencyPercentile(id: number, p: number): number;
  errorCodes(): number;
  errorCodeNamePtr(i: number): number;
  errorCodeNameLen(i: number): number;
  errorCodeCallCount(i: number): number;
  noteHostErrorReply(p: number, n: number): void;
  resetStats(): void;
  clientSetPeer(c: number, p: number, n: number): void;
  keyMemoryUsage(db: number, p: number, n: number): number;
  execTime(us: number): void;
  hostCommandTime(c: number, us: number): void;
  // scripting (assembly/db/script.ts)
  setScriptBusy(mode: number): void;
  clientMarkScript(c: number): void;
  clientSelect(c: number, db: number): void;
  clientSetResp(c: number, resp: number): void;
  clientInExec(c: number): number;
  scriptWrapEffects(from: number, db: number): void;
  propagateHostCommand(db: number, argc: number, p: number): void;
  lzfCompressInto(inp: number, n: number, out: number, outLen: number): number;
  commandFlagBits(id: number): number;
  commandArityOf(id: number): number;
}

export const EXEC_DONE = 0;
export const EXEC_HOST = 1;
export const EXEC_CLOSE = 2;
/** The command blocked (BLPOP ...): see host/core/blocking.ts. */
export const EXEC_BLOCKED = 3;
/** Keys became ready for blocked clients: serve them, then exec(c, 0) again. */
export const EXEC_READY = 4;
/** CLIENT PAUSE holds the command: the session waits for the pause to end (cmd/pause.ts). */
export const EXEC_PAUSED = 5;

export const STAT = {
  usedMemory: 0, usedMemoryPeak: 1, numCommands: 2, keyspaceHits: 3, keyspaceMisses: 4,
  expiredKeys: 5, dirty: 6, linearMemory: 7, rejectedCalls: 8, errorReplies: 9,
  /** assembly/db/evict.ts: evicted keys, total / current eviction exceeded time (ms), the enforced limit. */
  evictedKeys: 20, evictionExceededTotal: 21, evictionExceededCurrent: 22, memoryLimit: 23,
} as const;

export const ENGINE_CONFIG = {
  protoMaxBulkLen: 0, queryBufferLimit: 1, authRequired: 2,
  /** enable-debug-command: 0 no, 1 yes, 2 local. */
  enableDebugCommand: 3,
  /** 1 while this server is a replica (HELLO's role). */
  isReplica: 4,
  /** The host owns the ACL users / the default user is restricted (assembly/acl.ts). */
  aclHost: 90, aclDefaultRestricted: 91,
  // maxmemory, eviction, slow log, latency (assembly/db/evict.ts, slowlog.ts, latency.ts)
  maxmemory: 50, maxmemoryPolicy: 51, maxmemorySamples: 52, lfuLogFactor: 53, lfuDecayTime: 54,
  evictionTenacity: 55, slowlogLogSlowerThan: 56, slowlogMaxLen: 57, latencyMonitorThreshold: 58,
  latencyTracking: 59,
  /** The implicit memory limit that applies with maxmemory 0 (0 = the default 3 GiB): tests. */
  memoryHardLimit: 60,
  /** notify-keyspace-events flags (assembly/db/notify.ts). */
  notifyKeyspaceEvents: 40,
  // Collection encodings (assembly/config.ts), pushed from the settings of the same names.
  "hash-max-listpack-entries": 10,
  "hash-max-listpack-value": 11,
  "set-max-intset-entries": 12,
  "zset-max-listpack-entries": 13,
  "zset-max-listpack-value": 14,
  "list-max-listpack-size": 15,
  "list-compress-depth": 16,
  "lazyfree-lazy-server-del": 17,
  "hll-sparse-max-bytes": 18,
  "stream-node-max-bytes": 19,
  "stream-node-max-entries": 20,
} as const;

/** The settings pushed to the engine under their own names (see ENGINE_CONFIG). */
export const ENGINE_STRUCTURE_SETTINGS = [
  "hash-max-listpack-entries", "hash-max-listpack-value", "set-max-intset-entries",
  "zset-max-listpack-entries", "zset-max-listpack-value", "list-max-listpack-size", "list-compress-depth",
  "lazyfree-lazy-server-del", "hll-sparse-max-bytes", "stream-node-max-bytes", "stream-node-max-entries",
] as const;

/** Client flags shared with assembly/client.ts. */
export const CLIENT_FLAG = {
  closeAfterReply: 1 << 0, authenticated: 1 << 1, noEvict: 1 << 2, replyOff: 1 << 3,
  replySkipNext: 1 << 4, replySkip: 1 << 5, noTouch: 1 << 6,
  /** Waiting in a blocking command (CLIENT LIST flag "b"). */
  blocked: 1 << 12,
  /** In MULTI (CLIENT LIST flag "x") / a watched key was touched ("d"): assembly/db/multi.ts. */
  multi: 1 << 24, dirtyCas: 1 << 25,
  /** Blocking commands reply at once instead of blocking (MULTI, scripts). */
  denyBlocking: 1 << 13,
  /** Loopback, unix socket or embedded: DEBUG is allowed when enable-debug-command is "local". */
  local: 1 << 20,
  /** Subscribed to something (CLIENT LIST flag "P"; RESP2 subscribed mode): host/core/pubsub.ts. */
  pubsub: 1 << 18,
} as const;

export type EngineSource = BufferSource | WebAssembly.Module;

export interface EngineOptions {
  databases?: number;
  /** 64 bits of randomness for the dict hash seed and the PRNG (default: crypto random). */
  seed?: [number, number];
}

const textDecoder = new TextDecoder();

/** A little-endian u32 of linear memory (effects records). */
export function u32le(m: Uint8Array, p: number): number {
  return (m[p] | (m[p + 1] << 8) | (m[p + 2] << 16) | (m[p + 3] << 24)) >>> 0;
}

export class Engine {
  readonly x: EngineExports;
  private u8: Uint8Array;
  /** Full names of commands by id ("get", "client|list"). */
  readonly commandNames: string[] = [];
  /** The ACL users' host side (host/core/acl.ts): answers the engine's aclCheck / aclAuth. */
  acl: AclHooks | null = null;

  private constructor(instance: WebAssembly.Instance, opts: EngineOptions) {
    this.x = instance.exports as unknown as EngineExports;
    this.u8 = new Uint8Array(this.x.memory.buffer);
    const seed = opts.seed ?? randomSeed();
    this.x.init(seed[0] >>> 0, seed[1] >>> 0, opts.databases ?? 16);
    const n = this.x.commandCount();
    for (let id = 0; id < n; id++) {
      this.commandNames.push(this.string(this.x.commandNamePointer(id), this.x.commandNameLength(id)));
    }
  }

  static async load(source: EngineSource, opts: EngineOptions = {}): Promise<Engine> {
    const box: EngineBox = { e: null };
    const imports = { env: { abort: engineAbort, ...aclImports(box) } };
    const instance = source instanceof WebAssembly.Module
      ? await WebAssembly.instantiate(source, imports)
      : (await WebAssembly.instantiate(source, imports)).instance;
    return (box.e = new Engine(instance, opts));
  }

  /** Synchronous variant for a precompiled module (embedding in tests, workers). */
  static loadSync(module: WebAssembly.Module, opts: EngineOptions = {}): Engine {
    const box: EngineBox = { e: null };
    return (box.e = new Engine(new WebAssembly.Instance(module, { env: { abort: engineAbort, ...aclImports(box) } }), opts));
  }

  /** Linear memory as bytes (re-created if memory grew). */
  mem(): Uint8Array {
    if (this.u8.buffer !== this.x.memory.buffer) this.u8 = new Uint8Array(this.x.memory.buffer);
    return this.u8;
  }

  /**
   * Walks the effects log (assembly/db/effects.ts: records `kind u8 | db u32 | len u32 |
   * payload`) from byte `from`, calling fn for each record of `kind` with its db and the
   * payload's place in linear memory (valid during the call only). Returns the log's end, for
   * callers that resume where they stopped.
   */
  forEachEffect(kind: number, from: number, fn: (db: number, p: number, n: number, mem: Uint8Array) => void): number {
    const end = this.x.effectsLength();
    if (end <= from) return end;
    const mem = this.mem();
    const base = this.x.effectsPtr() >>> 0;
    for (let off = from; off < end;) {
      const at = base + off;
      const n = u32le(mem, at + 5);
      if (mem[at] === kind) fn(u32le(mem, at + 1), at + 9, n, mem);
      off += 9 + n;
    }
    return end;
  }

  /** Copies `bytes` into the client's query buffer and runs them. Returns an EXEC_* status. */
  feed(c: number, bytes: Uint8Array, nowMs: number): number {
    const n = bytes.length;
    const p = this.x.clientReserve(c, n) >>> 0;
    this.mem().set(bytes, p);
    return this.exec(c, n, nowMs);
  }

  /**
   * x.exec, timed: the engine has no clock, so the call's duration (from `nowMs`, which the
   * caller read just before, to now: one clock read) is reported with execTime and shared
   * among the commands it ran (INFO commandstats, latency tracking, SLOWLOG: assembly/server.ts).
   */
  exec(c: number, n: number, nowMs: number): number {
    const st = this.x.exec(c, n, nowMs);
    const us = preciseNowUs() - nowMs * 1000;
    // A caller with its own clock (tests pass a fake `now`) gives no usable duration.
    if (us >= 0 && us < 60e6) this.x.execTime(us);
    return st;
  }

  /**
   * Allocates the buffer replies are copied into. The Node shell sets Buffer.allocUnsafe
   * (pooled, cheaper than a fresh ArrayBuffer per batch); the default is portable.
   */
  outputAlloc: (n: number) => Uint8Array = (n) => new Uint8Array(n);

  /** Copy of the pending reply bytes (and resets the reply buffer). */
  takeOutput(c: number): Uint8Array {
    const len = this.x.outLen(c);
    if (len === 0) return EMPTY;
    const p = this.x.outPtr(c) >>> 0;
    const out = this.outputAlloc(len);
    out.set(this.mem().subarray(p, p + len));
    this.x.outReset(c);
    return out;
  }

  /** Appends host-made reply bytes to a client's output. */
  reply(c: number, bytes: Uint8Array): void {
    const p = this.x.replyReserve(c, bytes.length) >>> 0;
    this.mem().set(bytes, p);
    this.x.replyCommit(c, bytes.length);
  }

  /** The arguments of the command pending with EXEC_HOST, copied. */
  args(c: number): Uint8Array[] {
    const argc = this.x.argc(c);
    const mem = this.mem();
    const out: Uint8Array[] = [];
    for (let i = 0; i < argc; i++) {
      const p = this.x.argPtr(c, i) >>> 0;
      out.push(mem.slice(p, p + this.x.argLen(c, i)));
    }
    return out;
  }

  /**
   * Sets requirepass (the default user's password; empty = no password). Bytes are used as
   * they are; a string is UTF-8 encoded. Clients already connected keep their state.
   */
  setRequirePass(pw: string | Uint8Array): void {
    const b = typeof pw === "string" ? new TextEncoder().encode(pw) : pw;
    if (this.acl) return this.acl.setDefaultPassword(b); // the default user's password (acl.ts)
    const p = this.x.scratch(Math.max(1, b.length)) >>> 0;
    this.mem().set(b, p);
    this.x.setRequirePass(p, b.length);
  }

  string(p: number, n: number): string {
    return textDecoder.decode(this.mem().subarray(p >>> 0, (p >>> 0) + n));
  }

  bytes(p: number, n: number): Uint8Array {
    return this.mem().slice(p >>> 0, (p >>> 0) + n);
  }
}

const EMPTY = new Uint8Array(0);

/** What the engine asks of the ACL host (assembly/acl.ts): see host/core/acl.ts. */
export interface AclHooks {
  check(c: number, id: number): number;
  auth(c: number, up: number, ul: number, pp: number, pl: number): number;
  setDefaultPassword(pw: Uint8Array): void;
}
interface EngineBox { e: Engine | null }
/** The ACL imports, bound to the engine once it exists; without an ACL host: allowed / refused. */
function aclImports(box: EngineBox) {
  return {
    aclCheck: (c: number, id: number) => box.e?.acl?.check(c, id) ?? 0,
    aclAuth: (c: number, up: number, ul: number, pp: number, pl: number) => box.e?.acl?.auth(c, up, ul, pp, pl) ?? 0,
  };
}

function engineAbort(msg: number, file: number, line: number, col: number): never {
  throw new Error(`engine abort at ${line}:${col} (msg@${msg}, file@${file})`);
}

function randomSeed(): [number, number] {
  const a = new Uint32Array(2);
  globalThis.crypto.getRandomValues(a);
  return [a[0], a[1]];
}
