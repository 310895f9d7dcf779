// session.ts — one client of the engine: bytes in, reply bytes out.
//
// PORTABLE. A Session is what a TCP connection, a WebSocket, the embedding API and the tests
// all hold. `feed` copies a chunk into the engine once, runs every complete command with one
// exec call, serves host-owned commands in order when the engine hands them over, and returns
// the reply bytes copied out once.
//
// Blocking commands (host/core/blocking.ts): when a command blocks, the session is parked and
// `blocked`; bytes fed meanwhile are kept here, not given to the engine (the blocked command
// still sits in the engine's query buffer). Once the wait ends, `resume` delivers the reply
// through `onOutput` (the reply arrives later than the feed that sent the command) and runs
// the rest of the input. EXEC_READY (this client's write made keys ready) serves the waiting
// clients before this client's next command runs.

import { CLIENT_FLAG, Engine, EXEC_BLOCKED, EXEC_CLOSE, EXEC_HOST, EXEC_PAUSED, EXEC_READY } from "./engine.js";
import type { RespiteCore } from "./server.js";
import { postponeSession } from "./cmd/pause.js";

export interface SessionInfo {
  /** "ip:port" of the peer, as CLIENT LIST shows it. */
  addr: string;
  laddr: string;
  fd: number;
  /** How the client reached us: tcp, unix, websocket, embedded. */
  kind: string;
}

export class Session {
  readonly c: number;
  readonly id: number;
  readonly createdAt: number;
  /** Unix ms of the last bytes received (idle timeout). */
  lastInteraction = 0;
  /** Since when the reply backlog has been over the soft output-buffer limit (0: it is not). */
  softLimitSince = 0;
  /** Set once the engine asked to close (QUIT, protocol error) or the host killed it. */
  closing = false;
  closed = false;
  /** Called by the core when another client kills this one (CLIENT KILL). */
  onKill: (() => void) | null = null;
  /** In a blocking command: input is buffered until the wait ends. */
  blocked = false;
  /**
   * Receives reply bytes produced outside `feed` (a blocked command served, timed out or
   * unblocked, and whatever input ran after it). The shell sends them to the client.
   */
  onOutput: ((bytes: Uint8Array) => void) | null = null;
  /** Input received while blocked. */
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private readonly engine: Engine;

  constructor(readonly core: RespiteCore, readonly info: SessionInfo) {
    this.engine = core.engine;
    this.createdAt = core.now();
    this.c = this.engine.x.clientCreate(this.createdAt);
    this.id = this.engine.x.clientId(this.c);
    if (isLocalPeer(info)) this.engine.x.clientSetFlags(this.c, this.engine.x.clientFlags(this.c) | CLIENT_FLAG.local);
    // The peer's "ip:port" for SLOWLOG entries.
    const peer = new TextEncoder().encode(info.addr);
    const pp = this.engine.x.scratch(Math.max(1, peer.length)) >>> 0;
    this.engine.mem().set(peer, pp);
    this.engine.x.clientSetPeer(this.c, pp, peer.length);
  }

  /** Runs a chunk of client bytes; returns the reply bytes (possibly empty). */
  feed(bytes: Uint8Array): Uint8Array {
    if (this.closed) return new Uint8Array(0);
    this.core.stats.netInputBytes += bytes.length;
    this.core.stats.readsProcessed++;
    const now = this.core.now();
    this.lastInteraction = now;
    if (this.blocked) {
      // Redis keeps reading a blocked client; its commands run once the wait ends.
      this.pending.push(new Uint8Array(bytes)); // a copy (Buffer.slice would share the caller's memory)
      this.pendingBytes += bytes.length;
      if (this.pendingBytes > this.core.config.num("client-query-buffer-limit")) this.closing = true;
      return new Uint8Array(0);
    }
    const out = this.run(this.engine.feed(this.c, bytes, now));
    this.core.afterExec(this);
    this.core.blocking.flush();
    return out;
  }

  /** Finishes an exec call: host commands, ready keys, blocking; returns the reply bytes. */
  private run(st: number): Uint8Array {
    for (;;) {
      if (st === EXEC_HOST) {
        this.core.runHostCommand(this);
        // A busy script parks its caller: the reply and the rest come through resume().
        if (this.blocked) break;
      }
      else if (st === EXEC_READY) {
        // A command ended that may owe this client pushes after its reply (client-side
        // caching: tracking.ts), and/or made keys ready for blocked clients.
        for (const h of this.core.outputHooks) h(this);
        this.core.blocking.serveReadyKeys();
      }
      else break;
      st = this.engine.exec(this.c, 0, this.core.now());
    }
    if (st === EXEC_BLOCKED) {
      this.blocked = true;
      this.core.blocking.park(this);
    }
    if (st === EXEC_PAUSED) postponeSession(this.core, this); // CLIENT PAUSE (cmd/pause.ts)
    if (st === EXEC_CLOSE) this.closing = true;
    for (const h of this.core.outputHooks) h(this);
    const out = this.engine.takeOutput(this.c);
    if (out.length) {
      this.core.stats.netOutputBytes += out.length;
      this.core.stats.writesProcessed++;
    }
    return out;
  }

  /**
   * The wait ended (served, timed out, unblocked): sends the reply through onOutput and goes
   * on with the input that followed the blocked command, until it blocks again.
   */
  resume(): void {
    if (this.closed) return;
    let out = this.run(this.engine.exec(this.c, 0, this.core.now()));
    this.core.afterExec(this);
    while (!this.blocked && !this.closed && !this.closing && this.pending.length > 0) {
      if (out.length) this.onOutput?.(out);
      const chunk = this.pending.length === 1 ? this.pending[0] : concatChunks(this.pending);
      this.pending = [];
      this.pendingBytes = 0;
      out = this.run(this.engine.feed(this.c, chunk, this.core.now()));
      this.core.afterExec(this);
    }
    if (out.length) this.onOutput?.(out);
  }

  /** Frees the engine-side client. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.core.blocking.forget(this);
    this.engine.x.clientFree(this.c);
    this.core.sessionClosed(this);
  }
}

/** Redis's islocalClient: a unix socket or a loopback peer (and, here, an embedded client). */
function isLocalPeer(info: SessionInfo): boolean {
  if (info.kind === "embedded" || info.kind === "unix") return true;
  const a = info.addr;
  return a.startsWith("127.0.0.1:") || a.startsWith("[::1]:") || a.startsWith("::1:");
}

function concatChunks(chunks: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const c of chunks) n += c.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}
