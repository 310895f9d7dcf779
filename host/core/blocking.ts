// blocking.ts — the host half of blocking commands (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP,
// and BZPOPMIN, BZPOPMAX, BZMPOP through the same path) (Redis: blocked.c's client side).
//
// PORTABLE: no node: imports.
//
// The design: the host parks the client; the engine reports keys that became ready; nothing
// polls. The engine half (assembly/db/blocking.ts) decides *whether* a command blocks and
// *what* serving it means; this file decides *who* is served *when*:
//
//   exec -> EXEC_BLOCKED     park(s): the session stops being fed (bytes that arrive for it
//                            are buffered in the Session), it joins the FIFO of each key it
//                            waits on (per db), and its timeout timer is armed
//   exec -> EXEC_READY       serveReadyKeys(): the READY_KEY records the engine appended to
//                            the effects log name keys that may now serve waiters; for each
//                            key, in the order it became ready, the engine retries the
//                            waiters in FIFO order (retryBlocked); a served one leaves all its
//                            FIFOs and is queued for resumption. Serving can make more keys
//                            ready (BLMOVE pushes), so this loops until no record is left —
//                            all before the writing client's next command runs, as Redis's
//                            handleClientsBlockedOnKeys does after every command
//   timer / CLIENT UNBLOCK   unblock(s, reason): the engine writes the timeout reply (null
//                            array; RESP3 null) or -UNBLOCKED, then the session is queued
//   flush()                  runs after the outermost feed (Redis: processUnblockedClients in
//                            beforeSleep): each queued session gets its reply delivered through
//                            Session.onOutput and goes on with its pipelined and buffered input
//   Session.close()          a blocked client that disconnects leaves the FIFOs (the engine
//                            drops its waiter counts in clientFree)
//
// Also here: INFO's blocked_clients and clients_in_timeout_table, and CLIENT UNBLOCK.

import type { HostCommandContext, RespiteCore } from "./server.js";
import type { Session } from "./session.js";
import { bin, string2ll } from "./text.js";
import { infoFields } from "./cmd/info.js";

/** retryBlocked result bits (assembly/db/blocking.ts). */
const RETRY_SERVED = 1;
const RETRY_KEY_GONE = 2;
/** unblockClient reasons. */
export const UNBLOCK_TIMEOUT = 0;
export const UNBLOCK_ERROR = 1;
/** Effects log record kind of a ready key (assembly/db/effects.ts). */
const EFFECT_READY_KEY = 2;

interface Parked {
  /** FIFO names (db + key) this session waits in. */
  keys: string[];
  /** Absolute unix ms, 0 = never. */
  timeout: number;
  timer: ReturnType<typeof setTimeout> | null;
}

/** FIFO name of key bytes in db. */
function fifoName(db: number, key: Uint8Array): string {
  return `${db}\u0000${bin(key)}`;
}

export class BlockingManager {
  /** Waiting sessions per (db, key), in the order they blocked. */
  private readonly fifos = new Map<string, Session[]>();
  private readonly parked = new Map<Session, Parked>();
  /** Sessions unblocked and waiting to go on with their input (Redis: unblocked_clients). */
  private readonly resumeQueue: Session[] = [];
  /** How far serveReadyKeys has read the effects log since its last reset. */
  private scanOffset = 0;
  private serving = false;
  private flushing = false;
  private timed = 0;

  constructor(private readonly core: RespiteCore) {
    core.cronHooks.push(() => this.checkTimeouts());
  }

  /** Clients blocked on keys (INFO blocked_clients). */
  get blockedCount(): number { return this.parked.size; }
  /** Blocked clients with a timeout (INFO clients_in_timeout_table). */
  get timedCount(): number { return this.timed; }

  isBlocked(s: Session): boolean { return this.parked.has(s); }

  /** Session s's command blocked (exec returned EXEC_BLOCKED). */
  park(s: Session): void {
    const x = this.core.engine.x;
    const eng = this.core.engine;
    const db = x.clientDb(s.c);
    const keys: string[] = [];
    const n = x.blockedKeyCount(s.c);
    for (let i = 0; i < n; i++) {
      const name = fifoName(db, eng.bytes(x.blockedKeyPtr(s.c, i), x.blockedKeyLen(s.c, i)));
      keys.push(name);
      let q = this.fifos.get(name);
      if (!q) this.fifos.set(name, (q = []));
      q.push(s);
    }
    const timeout = x.blockedTimeout(s.c);
    const p: Parked = { keys, timeout, timer: null };
    this.parked.set(s, p);
    if (timeout > 0) {
      this.timed++;
      this.arm(s, p);
    }
  }

  private arm(s: Session, p: Parked): void {
    // Redis times a client out once the clock is past its deadline.
    const delay = Math.max(0, p.timeout - this.core.now()) + 1;
    p.timer = setTimeout(() => {
      p.timer = null;
      if (this.parked.get(s) !== p) return;
      if (this.core.now() > p.timeout) {
        this.unblock(s, UNBLOCK_TIMEOUT);
        this.flush();
      } else {
        this.arm(s, p); // the clock is behind the timer (a test clock): wait again
      }
    }, Math.min(delay, 0x7fffffff));
  }

  /** Times out every blocked client whose deadline passed (also run from the cron). */
  checkTimeouts(): void {
    if (this.timed === 0) return;
    const now = this.core.now();
    let any = false;
    for (const [s, p] of this.parked) {
      if (p.timeout > 0 && now > p.timeout) {
        this.unblock(s, UNBLOCK_TIMEOUT);
        any = true;
      }
    }
    if (any) this.flush();
  }

  /** Removes s from its FIFOs and clears its timer. */
  private unpark(s: Session): void {
    const p = this.parked.get(s);
    if (!p) return;
    this.parked.delete(s);
    if (p.timeout > 0) this.timed--;
    if (p.timer) clearTimeout(p.timer);
    for (const name of p.keys) {
      const q = this.fifos.get(name);
      if (!q) continue;
      const i = q.indexOf(s);
      if (i >= 0) q.splice(i, 1);
      if (q.length === 0) this.fifos.delete(name);
    }
  }

  /**
   * Ends s's wait without serving it (timeout, CLIENT UNBLOCK): the engine writes the reply;
   * the session is queued to go on. False if s was not blocked.
   */
  unblock(s: Session, reason: number): boolean {
    if (!this.parked.has(s)) return false;
    this.core.engine.x.unblockClient(s.c, reason, this.core.now());
    this.unpark(s);
    s.blocked = false;
    this.resumeQueue.push(s);
    return true;
  }

  /** A session is closing: forget it (the engine frees its waiter counts itself). */
  forget(s: Session): void {
    this.unpark(s);
    const i = this.resumeQueue.indexOf(s);
    if (i >= 0) this.resumeQueue.splice(i, 1);
  }

  /**
   * Serves the keys the engine reported ready (READY_KEY records in the effects log), waiters
   * in FIFO order, until no record is left (serving BLMOVE can make more keys ready).
   */
  serveReadyKeys(): void {
    if (this.serving) return;
    this.serving = true;
    try {
      for (;;) {
        const ready = this.takeReadyKeys();
        if (ready.length === 0) break;
        for (const [db, key] of ready) this.serveKey(db, key);
      }
    } finally {
      this.serving = false;
    }
  }

  /** Reads the READY_KEY records appended since the last call; tells the engine they are taken. */
  private takeReadyKeys(): [number, Uint8Array][] {
    const x = this.core.engine.x;
    const len = x.effectsLength();
    if (len <= this.scanOffset) return [];
    const mem = this.core.engine.mem();
    const base = x.effectsPtr() >>> 0;
    const dv = new DataView(mem.buffer, mem.byteOffset);
    const out: [number, Uint8Array][] = [];
    let off = this.scanOffset;
    while (off + 9 <= len) {
      const kind = mem[base + off];
      const db = dv.getUint32(base + off + 1, true);
      const n = dv.getUint32(base + off + 5, true);
      if (kind === EFFECT_READY_KEY) out.push([db, mem.slice(base + off + 9, base + off + 9 + n)]);
      off += 9 + n;
    }
    this.scanOffset = len;
    if (out.length) x.readyKeysTaken();
    return out;
  }

  private serveKey(db: number, key: Uint8Array): void {
    const q = this.fifos.get(fifoName(db, key));
    if (!q || q.length === 0) return;
    const x = this.core.engine.x;
    const eng = this.core.engine;
    // Copy: serving removes sessions from the FIFO as we go.
    for (const s of [...q]) {
      if (!this.parked.has(s)) continue;
      const p = x.scratch(Math.max(1, key.length)) >>> 0;
      eng.mem().set(key, p);
      const r = x.retryBlocked(s.c, p, key.length, this.core.now());
      if (r & RETRY_SERVED) {
        this.unpark(s);
        s.blocked = false;
        this.resumeQueue.push(s);
      }
      if (r & RETRY_KEY_GONE) break;
    }
  }

  /** The effects log was reset (RespiteCore.afterExec): start reading from its beginning. */
  effectsReset(): void {
    this.scanOffset = 0;
  }

  /**
   * Lets every unblocked session go on: its reply goes out through Session.onOutput, then its
   * pipelined and buffered input runs (which may block it again).
   */
  /** Queues a session that was held elsewhere (CLIENT PAUSE) to resume at the next flush. */
  queueResume(s: Session): void {
    this.resumeQueue.push(s);
  }

  flush(): void {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.resumeQueue.length) {
        const s = this.resumeQueue.shift()!;
        if (!s.closed) s.resume();
      }
    } finally {
      this.flushing = false;
    }
  }
}

// ---- CLIENT UNBLOCK and INFO ------------------------------------------------------------------

/** CLIENT UNBLOCK client-id [TIMEOUT|ERROR] (Redis: clientCommand's "unblock"). */
function clientUnblockCommand(ctx: HostCommandContext): void {
  const { core, args, w } = ctx;
  if (args.length > 4) {
    w.error("ERR unknown subcommand or wrong number of arguments for 'unblock'. Try CLIENT HELP.");
    return;
  }
  let reason = UNBLOCK_TIMEOUT;
  if (args.length === 4) {
    const r = bin(args[3]).toLowerCase();
    if (r === "timeout") reason = UNBLOCK_TIMEOUT;
    else if (r === "error") reason = UNBLOCK_ERROR;
    else {
      w.error("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
      return;
    }
  }
  const id = string2ll(bin(args[2]));
  if (id === null) {
    w.error("ERR value is not an integer or out of range");
    return;
  }
  const target = core.sessions.get(Number(id));
  if (target && !target.closed && core.blocking.unblock(target, reason)) w.int(1);
  else w.int(0);
}

export function installBlockingCommands(core: RespiteCore): void {
  core.hostCommands.set("client|unblock", clientUnblockCommand);
}

infoFields.set("blocked_clients", (core) => core.blocking.blockedCount);
infoFields.set("clients_in_timeout_table", (core) => core.blocking.timedCount);
