// tcp.ts — the TCP front end (Redis: networking.c's accept and read/write handlers).
//
// One socket chunk -> one Session.feed (one copy into wasm, one exec) -> one socket.write.
// Backpressure: when a write does not drain (the client reads slower than it sends), we stop
// reading from that client until it drains, so a pipelining client cannot grow its reply
// buffer without bound.
//
// A client blocked in BLPOP & co. keeps being read, as in Redis: its Session buffers the
// bytes and runs them once the wait ends; the replies produced then (the served or
// timed-out command and what followed it) come through Session.onOutput to the socket.
//
// At accept, as Redis: maxclients is enforced with Redis's error, and protected mode (the
// default: protected-mode yes and no requirepass) refuses clients that are not on the loopback
// interface with Redis's DENIED explanation.
//
// Bind addresses follow Redis's syntax: "*" is every IPv4 address, "::*" every IPv6 address,
// and a leading "-" makes an address optional (skipped if it cannot be bound). IPv6 listeners
// are IPv6-only, so "* -::*" gives two sockets as in Redis.
//
// followConfig() makes CONFIG SET take effect: maxclients and timeout at once; port and bind
// by re-listening. Node binds asynchronously, so unlike Redis a failed re-bind cannot fail the
// CONFIG SET itself: it is logged, and the old listeners are kept.

import net from "node:net";
import { chmodSync, unlinkSync } from "node:fs";
import type { RespiteCore } from "../core/server.js";
import type { Session } from "../core/session.js";
import type { Logger } from "./log.js";
import { CLIENT_FLAG } from "../core/engine.js";
import { aclState } from "../core/cmd/acl.js";

/** Redis's protected mode applies while the default user needs no password (ACL users or requirepass). */
function defaultUserNopass(core: RespiteCore, requirepass: string | null): boolean {
  const acl = aclState(core);
  return acl ? acl.users.defaultUser.nopass : !requirepass;
}

export interface TcpOptions {
  /** 0 picks a free port (tests). */
  port: number;
  bind: string[];
  maxclients: number;
  /** Idle seconds before a client is closed (0 = never). */
  timeout: number;
}

const DENIED = "-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. 4) Setup a an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.\r\n";

/** Redis bind syntax -> Node listen host. */
function listenHost(addr: string): { host: string; ipv6Only: boolean } {
  if (addr === "*") return { host: "0.0.0.0", ipv6Only: false };
  if (addr === "::*") return { host: "::", ipv6Only: true };
  return { host: addr, ipv6Only: addr.includes(":") };
}

function isLoopback(addr: string | undefined): boolean {
  if (!addr) return false;
  return addr.startsWith("127.") || addr === "::1" || addr.startsWith("::ffff:127.");
}

export class TcpServer {
  private servers: net.Server[] = [];
  private sockets = new Map<Session, net.Socket>();
  private idleTimer: ReturnType<typeof setInterval> | null = null;
  private unixServer: net.Server | null = null;
  private unixPath = "";

  constructor(private core: RespiteCore, private opts: TcpOptions, private log: Logger) {
    core.engine.outputAlloc = allocReply;
  }

  /** Listens on every bind address; throws (the first required address's error) on failure. */
  async listen(): Promise<void> {
    this.servers = await this.bindAll(this.opts.port, this.opts.bind);
    this.armIdleTimer();
  }

  /**
   * Also listens on a unix socket (Redis's unixsocket / unixsocketperm): a stale socket file
   * is removed first, and the permissions applied when given (octal, e.g. 0o700).
   */
  async listenUnix(path: string, perm: number): Promise<void> {
    try { unlinkSync(path); } catch { /* not there */ }
    const server = net.createServer({ pauseOnConnect: true }, (sock) => this.accept(sock, path));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen({ path, backlog: this.core.config.num("tcp-backlog") || 511 }, () => {
        server.off("error", reject);
        resolve();
      });
    });
    if (perm) chmodSync(path, perm);
    this.unixServer = server;
    this.unixPath = path;
  }

  private async bindAll(port: number, bind: string[]): Promise<net.Server[]> {
    const servers: net.Server[] = [];
    try {
      for (const spec of bind) {
        const optional = spec.startsWith("-");
        const { host, ipv6Only } = listenHost(optional ? spec.slice(1) : spec);
        const server = net.createServer({ noDelay: true, pauseOnConnect: true }, (sock) => this.accept(sock));
        try {
          await new Promise<void>((resolve, reject) => {
            server.once("error", reject);
            // With port 0, later addresses share the port the first one got.
            const p = port === 0 && servers.length ? (servers[0].address() as net.AddressInfo).port : port;
            server.listen({ port: p, host, ipv6Only, backlog: this.core.config.num("tcp-backlog") || 511 }, () => {
              server.off("error", reject);
              resolve();
            });
          });
        } catch (e) {
          if (optional) continue;
          throw e;
        }
        servers.push(server);
      }
    } catch (e) {
      await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
      throw e;
    }
    return servers;
  }

  private armIdleTimer(): void {
    if (this.idleTimer) clearInterval(this.idleTimer);
    this.idleTimer = null;
    if (this.opts.timeout > 0) {
      this.idleTimer = setInterval(() => this.closeIdle(), 1000);
      this.idleTimer.unref();
    }
  }

  /** Applies CONFIG SET of maxclients, timeout, port and bind to this server. */
  followConfig(): void {
    const cfg = this.core.config;
    cfg.onApply(["maxclients"], () => {
      this.opts.maxclients = cfg.num("maxclients");
      return null;
    });
    cfg.onApply(["timeout"], () => {
      this.opts.timeout = cfg.num("timeout");
      this.armIdleTimer();
      return null;
    });
    cfg.onApply(["port", "bind"], () => {
      const port = cfg.num("port"), bind = cfg.bindAddrs();
      if (port === this.opts.port && bind.join(" ") === this.opts.bind.join(" ")) return null;
      this.opts.port = port;
      this.opts.bind = bind;
      this.core.env.tcpPort = port;
      void this.rebind(port, bind);
      return null;
    });
  }

  private async rebind(port: number, bind: string[]): Promise<void> {
    try {
      const next = port === 0 ? [] : await this.bindAll(port, bind);
      const old = this.servers;
      this.servers = next;
      await Promise.all(old.map((s) => new Promise<void>((r) => s.close(() => r()))));
      this.log.notice(`Listening on ${bind.join(" ")} port ${port}`);
    } catch (e) {
      this.log.warning(`Could not listen on ${bind.join(" ")} port ${port}: ${(e as Error).message}`);
    }
  }

  get port(): number {
    const a = this.servers[0]?.address();
    return a && typeof a === "object" ? a.port : this.opts.port;
  }

  /** Writes a refusal and closes at once, as Redis does (no reading from the peer). */
  private refuse(sock: net.Socket, msg: string): void {
    this.core.stats.rejectedConnections++;
    sock.on("error", () => sock.destroy());
    sock.write(msg, () => sock.destroy());
  }

  /** A new connection; `unixPath` for unix socket clients (shown as "path:0", flag U). */
  private accept(sock: net.Socket, unixPath?: string): void {
    if (this.core.sessions.size >= this.opts.maxclients) {
      this.refuse(sock, "-ERR max number of clients reached\r\n");
      return;
    }
    const cfg = this.core.config;
    if (!unixPath && cfg.bool("protected-mode") && defaultUserNopass(this.core, cfg.str("requirepass")) && !isLoopback(sock.remoteAddress)) {
      this.refuse(sock, DENIED);
      return;
    }
    if (!unixPath) {
      sock.setNoDelay(true);
      const ka = cfg.num("tcp-keepalive");
      if (ka > 0) sock.setKeepAlive(true, ka * 1000);
    }
    const addr = unixPath ? `${unixPath}:0` : peerId(sock.remoteAddress, sock.remotePort);
    const laddr = unixPath ? `${unixPath}:0` : peerId(sock.localAddress, sock.localPort);
    const fd = (sock as unknown as { _handle?: { fd?: number } })._handle?.fd ?? -1;
    const s = this.core.openSession({ addr, laddr, fd, kind: unixPath ? "unix" : "tcp" });
    this.sockets.set(s, sock);
    s.onKill = () => sock.destroy();
    // Replies produced outside a read (a blocked command served or timed out, and the
    // input the session had buffered meanwhile) go out the same way.
    s.onOutput = (out) => {
      if (sock.destroyed) return;
      if (!sock.write(out)) {
        sock.pause();
        this.enforceOutputLimit(s, sock);
      }
      if (s.closing) sock.end();
    };
    readChunks(sock, (chunk) => {
      const out = s.feed(chunk);
      if (out.length > 0 && !sock.write(out)) {
        // Backpressure: stop reading from a client that does not read its replies.
        sock.pause();
        this.enforceOutputLimit(s, sock);
      }
      if (s.closing) sock.end();
    });
    sock.on("drain", () => sock.resume());
    sock.on("error", () => sock.destroy());
    sock.on("close", () => {
      this.sockets.delete(s);
      s.close();
    });
  }

  /**
   * client-output-buffer-limit for the client's class (Redis: checkClientOutputBufferLimits):
   * past the hard limit, or past the soft limit for longer than its seconds, the client is
   * dropped. The reply backlog is what the socket has not sent yet.
   */
  private enforceOutputLimit(s: Session, sock: net.Socket): void {
    // Class "normal", or "pubsub" while the client is subscribed (Redis: getClientType).
    const subscribed = (this.core.engine.x.clientFlags(s.c) & CLIENT_FLAG.pubsub) !== 0;
    const [hard, soft, softSeconds] = this.core.config.obufLimits()[subscribed ? 2 : 0];
    const used = BigInt(sock.writableLength);
    let over = hard > 0n && used >= hard;
    if (!over && soft > 0n && used >= soft) {
      const now = Date.now();
      if (s.softLimitSince === 0) s.softLimitSince = now;
      else if (now - s.softLimitSince >= softSeconds * 1000) over = true;
    } else if (!over) {
      s.softLimitSince = 0;
    }
    if (over) {
      this.log.warning(`Client id=${s.id} addr=${s.info.addr} scheduled to be closed ASAP for overcoming of output buffer limits.`);
      sock.destroy();
    }
  }

  private closeIdle(): void {
    const limit = Date.now() - this.opts.timeout * 1000;
    for (const [s, sock] of this.sockets) {
      if ((s.lastInteraction || s.createdAt) < limit) sock.destroy();
    }
  }

  async close(): Promise<void> {
    if (this.idleTimer) clearInterval(this.idleTimer);
    for (const sock of this.sockets.values()) sock.destroy();
    const all = this.unixServer ? [...this.servers, this.unixServer] : this.servers;
    await Promise.all(all.map((s) => new Promise<void>((r) => s.close(() => r()))));
    // As Redis at shutdown: remove the socket file.
    if (this.unixPath) try { unlinkSync(this.unixPath); } catch { /* already gone */ }
  }
}

/** Redis formatPeerId: "ip:port", IPv6 as "[ip]:port"; IPv4-mapped IPv6 shown as IPv4. */
function peerId(ip: string | undefined, port: number | undefined): string {
  let a = ip ?? "?";
  if (a.startsWith("::ffff:") && a.includes(".")) a = a.slice(7);
  return a.includes(":") ? `[${a}]:${port}` : `${a}:${port}`;
}

/**
 * Reply buffers: views handed out back to back from 1 MB slabs (Node's own pool only serves
 * allocations under 4 KB, and a fresh ArrayBuffer per larger batch of replies costs more than
 * copying the bytes). A full slab is left to the GC, which frees it once no pending socket
 * write holds a view of it; a reply over 128 KB gets a buffer of its own.
 */
const SLAB = 1 << 20;
let slab = Buffer.allocUnsafeSlow(SLAB);
let slabUsed = 0;

function allocReply(n: number): Uint8Array {
  if (n > SLAB >> 3) return Buffer.allocUnsafe(n);
  if (slabUsed + n > SLAB) {
    slab = Buffer.allocUnsafeSlow(SLAB);
    slabUsed = 0;
  }
  const out = slab.subarray(slabUsed, slabUsed + n);
  slabUsed = (slabUsed + n + 7) & ~7;
  return out;
}

/**
 * Reads a socket chunk by chunk into one buffer shared by all sockets (each chunk is consumed
 * synchronously — copied into wasm — before libuv reads the next socket). This is Node's
 * `onread` socket option: it skips the per-read Buffer allocation and the Readable stream
 * machinery, about 1.5 µs of server CPU per request at P=1. net.Server does not offer the
 * option for accepted sockets, so it is switched on through the socket's own fields (the
 * server pauses new sockets so that no read happens before); if a Node version lacks them,
 * plain 'data' events are used. Pause/resume keep working either way (backpressure).
 */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);
const READ_VIEW = new Uint8Array(READ_BUFFER.buffer, READ_BUFFER.byteOffset, READ_BUFFER.length);
const findSymbol = (o: object, name: string) => Object.getOwnPropertySymbols(o).find((k) => k.description === name);

function readChunks(sock: net.Socket, onChunk: (chunk: Uint8Array) => void): void {
  const kBuffer = findSymbol(sock, "kBuffer");
  const kBufferCb = findSymbol(sock, "kBufferCb");
  const handle = (sock as unknown as { _handle?: { useUserBuffer?: (b: Uint8Array) => void } })._handle;
  if (kBuffer && kBufferCb && handle?.useUserBuffer) {
    const fields = sock as unknown as Record<symbol, unknown>;
    fields[kBuffer] = READ_BUFFER;
    // A plain Uint8Array view (not a Buffer): whoever keeps bytes past the call copies them
    // with .slice(), which copies for Uint8Array but would share memory for a Buffer.
    fields[kBufferCb] = (n: number) => onChunk(READ_VIEW.subarray(0, n));
    handle.useUserBuffer(READ_BUFFER);
  } else {
    sock.on("data", onChunk);
  }
  sock.resume();
}
