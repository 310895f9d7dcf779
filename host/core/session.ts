// session.ts — one client of the engine: bytes in, reply bytes out.
//
// PORTABLE. A Session is what a TCP connection, a WebSocket, the embedding API and the tests
// all hold. `feed` copies a chunk into the engine once, runs every complete command with one
// exec call, serves host-owned commands in order when the engine hands them over, and returns
// the reply bytes copied out once.

import { CLIENT_FLAG, Engine, EXEC_CLOSE, EXEC_HOST } from "./engine.js";
import type { RespiteCore } from "./server.js";

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
  private readonly engine: Engine;

  constructor(readonly core: RespiteCore, readonly info: SessionInfo) {
    this.engine = core.engine;
    this.createdAt = core.now();
    this.c = this.engine.x.clientCreate(this.createdAt);
    this.id = this.engine.x.clientId(this.c);
    if (isLocalPeer(info)) this.engine.x.clientSetFlags(this.c, this.engine.x.clientFlags(this.c) | CLIENT_FLAG.local);
  }

  /** Runs a chunk of client bytes; returns the reply bytes (possibly empty). */
  feed(bytes: Uint8Array): Uint8Array {
    if (this.closed) return new Uint8Array(0);
    this.core.stats.netInputBytes += bytes.length;
    this.core.stats.readsProcessed++;
    const now = this.core.now();
    this.lastInteraction = now;
    let st = this.engine.feed(this.c, bytes, now);
    while (st === EXEC_HOST) {
      this.core.runHostCommand(this);
      st = this.engine.x.exec(this.c, 0, this.core.now());
    }
    if (st === EXEC_CLOSE) this.closing = true;
    const out = this.engine.takeOutput(this.c);
    if (out.length) {
      this.core.stats.netOutputBytes += out.length;
      this.core.stats.writesProcessed++;
    }
    this.core.afterExec(this);
    return out;
  }

  /** Frees the engine-side client. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
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
