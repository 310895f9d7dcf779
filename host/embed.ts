// embed.ts — the public embedding API: Respite inside your own process (browser tab, edge
// runtime, worker, test suite), with no sockets.
//
//   import { Respite } from "respite";
//   const db = await Respite.create({ wasm: bytesOrModuleOrUrl });
//   db.command("SET", "k", "v");          // "OK"
//   db.command("GET", "k");               // "v"
//   const conn = db.connect();            // an independent client (own db, RESP version ...)
//   conn.feed(bytes);                     // raw RESP in, raw RESP out
//   await conn.commandAsync("BLPOP", "q", "0");   // blocking commands: the reply comes later
//
// `command()` is synchronous: it returns the reply the command produced during the call. A
// blocking command (BLPOP, BLMOVE, BZPOPMIN ... on empty keys) has no reply yet at that
// point, so use `commandAsync()`, which resolves when the reply arrives (another client
// pushed, the timeout passed, CLIENT UNBLOCK). While such a reply is outstanding, the same
// connection's later commands are queued behind it (use commandAsync for them too).
// Raw `feed()` users receive such late bytes through `onData`.
//
// PORTABLE: no node: imports (Node users can call `createRespite()` from
// "respite/node" which finds build/engine.wasm on disk). Everything goes through the same
// engine exec path as a TCP client.

import { RespiteCore } from "./core/server.js";
import type { EngineSource } from "./core/engine.js";
import { Arg, encodeCommand, Reply, RespDecoder, DecodeOptions } from "./core/resp.js";
import type { Session } from "./core/session.js";
import { installHostCommands } from "./core/commands.js";
import { rdbDump, rdbLoadBytes } from "./core/persistence.js";

export { ReplyError, VerbatimString } from "./core/resp.js";
export type { Reply, Arg } from "./core/resp.js";

export interface RespiteOptions {
  /** engine.wasm as bytes, a compiled module, or a URL to fetch. */
  wasm: EngineSource | URL | string;
  databases?: number;
  /** Run active expiry and rehashing on a timer (default true). */
  cron?: boolean;
  hz?: number;
}

export class Connection {
  private readonly decoder: RespDecoder;
  /** commandAsync callers waiting for their reply, in order. */
  private readonly waiting: ((r: Reply) => void)[] = [];
  /** Reply bytes that arrive after the call that sent the command (blocking commands). */
  onData: ((bytes: Uint8Array) => void) | null = null;

  constructor(readonly session: Session, opts: DecodeOptions = {}) {
    this.decoder = new RespDecoder(opts);
    session.onOutput = (bytes) => this.late(bytes);
  }

  private late(bytes: Uint8Array): void {
    if (this.waiting.length === 0) {
      this.onData?.(bytes);
      return;
    }
    this.decoder.push(bytes);
    this.settle();
  }

  private settle(): void {
    while (this.waiting.length > 0) {
      const r = this.decoder.next();
      if (r === undefined) return;
      this.waiting.shift()!(r);
    }
  }

  /**
   * Runs one command and resolves with its decoded reply when it arrives: at once for most
   * commands, later for a blocking command that waits (error replies resolve as ReplyError).
   */
  commandAsync(...args: Arg[]): Promise<Reply> {
    return new Promise<Reply>((resolve) => {
      this.waiting.push(resolve);
      const out = this.session.feed(encodeCommand(args));
      if (out.length > 0) {
        this.decoder.push(out);
        this.settle();
      }
    });
  }

  /** Runs raw RESP (or inline) bytes; returns the raw reply bytes. */
  feed(bytes: Uint8Array): Uint8Array {
    return this.session.feed(bytes);
  }

  /** Runs one command and returns its decoded reply (error replies come back as ReplyError). */
  command(...args: Arg[]): Reply {
    if (this.waiting.length > 0) throw new Error("a commandAsync reply is still pending on this connection: use commandAsync");
    this.decoder.push(this.session.feed(encodeCommand(args)));
    const r = this.decoder.next();
    return r === undefined ? null : r;
  }

  close(): void {
    this.session.close();
  }
}

export class Respite {
  private defaultConn: Connection | null = null;
  private constructor(readonly core: RespiteCore) {}

  static async create(opts: RespiteOptions): Promise<Respite> {
    let wasm = opts.wasm;
    if (typeof wasm === "string" || wasm instanceof URL) {
      const res = await fetch(wasm);
      wasm = await res.arrayBuffer();
    }
    const core = await RespiteCore.create(wasm, { databases: opts.databases });
    installHostCommands(core);
    if (opts.hz !== undefined) core.config.setRaw("hz", String(opts.hz));
    if (opts.cron !== false) core.startCron(core.config.num("hz"));
    return new Respite(core);
  }

  /** A new independent client. */
  connect(opts: DecodeOptions = {}): Connection {
    return new Connection(this.core.openSession({ addr: "embedded:0", laddr: "embedded:0", fd: -1, kind: "embedded" }), opts);
  }

  /** Runs a command on the default client. */
  command(...args: Arg[]): Reply {
    this.defaultConn ??= this.connect();
    return this.defaultConn.command(...args);
  }

  /** Raw bytes through the default client. */
  feed(bytes: Uint8Array): Uint8Array {
    this.defaultConn ??= this.connect();
    return this.defaultConn.feed(bytes);
  }

  /** The whole dataset as an RDB file (version 10, what SAVE writes; redis-server loads it). */
  snapshot(): Uint8Array {
    return rdbDump(this.core);
  }

  /**
   * Replaces the dataset with an RDB file's (any version Redis 7.0 reads, e.g. a dump.rdb
   * from redis-server). Throws with the reason if it is corrupt; the dataset is then empty.
   */
  loadSnapshot(bytes: Uint8Array): void {
    const x = this.core.engine.x as unknown as { rdbEmptyData(): void };
    x.rdbEmptyData();
    const res = rdbLoadBytes(this.core, bytes);
    if (!res.ok) throw new Error(`RDB load failed: ${res.error}`);
  }

  close(): void {
    this.core.stopCron();
    for (const s of [...this.core.sessions.values()]) s.close();
  }
}
