// tcp.ts — the TCP front end (Redis: networking.c's accept and read/write handlers).
//
// One socket chunk -> one Session.feed (one copy into wasm, one exec) -> one socket.write.
// Backpressure: when a write does not drain (the client reads slower than it sends), we stop
// reading from that client until it drains, so a pipelining client cannot grow its reply
// buffer without bound. maxclients is enforced at accept with Redis's error.

import net from "node:net";
import type { RespiteCore } from "../core/server.js";
import type { Session } from "../core/session.js";
import type { Logger } from "./log.js";

export interface TcpOptions {
  port: number;
  bind: string[];
  maxclients: number;
  /** Idle seconds before a client is closed (0 = never). */
  timeout: number;
}

export class TcpServer {
  private servers: net.Server[] = [];
  private sockets = new Map<Session, net.Socket>();
  private idleTimer: ReturnType<typeof setInterval> | null = null;
  private lastActive = new Map<Session, number>();

  constructor(private core: RespiteCore, private opts: TcpOptions, private log: Logger) {}

  async listen(): Promise<void> {
    // As Redis: an address prefixed with "-" is optional (skipped if unavailable).
    for (const spec of this.opts.bind) {
      const optional = spec.startsWith("-");
      const host = optional ? spec.slice(1) : spec;
      const server = net.createServer({ noDelay: true }, (sock) => this.accept(sock));
      try {
        await new Promise<void>((resolve, reject) => {
          server.once("error", reject);
          server.listen({ port: this.opts.port, host, backlog: 511 }, () => {
            server.off("error", reject);
            resolve();
          });
        });
      } catch (e) {
        if (optional) continue;
        throw e;
      }
      this.servers.push(server);
    }
    if (this.opts.timeout > 0) {
      this.idleTimer = setInterval(() => this.closeIdle(), 1000);
      this.idleTimer.unref();
    }
  }

  get port(): number {
    const a = this.servers[0]?.address();
    return a && typeof a === "object" ? a.port : this.opts.port;
  }

  private accept(sock: net.Socket): void {
    if (this.core.sessions.size >= this.opts.maxclients) {
      this.core.stats.rejectedConnections++;
      sock.end("-ERR max number of clients reached\r\n");
      return;
    }
    sock.setNoDelay(true);
    const addr = `${sock.remoteAddress}:${sock.remotePort}`;
    const laddr = `${sock.localAddress}:${sock.localPort}`;
    const fd = (sock as unknown as { _handle?: { fd?: number } })._handle?.fd ?? -1;
    const s = this.core.openSession({ addr, laddr, fd, kind: "tcp" });
    this.sockets.set(s, sock);
    s.onKill = () => sock.destroy();
    sock.on("data", (chunk: Buffer) => {
      this.lastActive.set(s, Date.now());
      const out = s.feed(chunk);
      if (out.length > 0 && !sock.write(out)) sock.pause();
      if (s.closing) sock.end();
    });
    sock.on("drain", () => sock.resume());
    sock.on("error", () => sock.destroy());
    sock.on("close", () => {
      this.sockets.delete(s);
      this.lastActive.delete(s);
      s.close();
    });
  }

  private closeIdle(): void {
    const limit = Date.now() - this.opts.timeout * 1000;
    for (const [s, sock] of this.sockets) {
      if ((this.lastActive.get(s) ?? s.createdAt) < limit) sock.destroy();
    }
  }

  async close(): Promise<void> {
    if (this.idleTimer) clearInterval(this.idleTimer);
    for (const sock of this.sockets.values()) sock.destroy();
    await Promise.all(this.servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  }
}
