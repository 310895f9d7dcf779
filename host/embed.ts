// embed.ts — the public embedding API: Respite inside your own process (browser tab, edge
// runtime, worker, test suite), with no sockets.
//
//   import { Respite } from "respite";
//   const db = await Respite.create({ wasm: bytesOrModuleOrUrl });
//   db.command("SET", "k", "v");          // "OK"
//   db.command("GET", "k");               // "v"
//   const conn = db.connect();            // an independent client (own db, RESP version ...)
//   conn.feed(bytes);                     // raw RESP in, raw RESP out
//
// PORTABLE: no node: imports (Node users can call `createRespite()` from
// "respite/node" which finds build/engine.wasm on disk). Everything goes through the same
// engine exec path as a TCP client.

import { RespiteCore } from "./core/server.js";
import type { EngineSource } from "./core/engine.js";
import { Arg, encodeCommand, Reply, RespDecoder, DecodeOptions } from "./core/resp.js";
import type { Session } from "./core/session.js";
import { installHostCommands } from "./core/commands.js";

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
  constructor(readonly session: Session, opts: DecodeOptions = {}) {
    this.decoder = new RespDecoder(opts);
  }

  /** Runs raw RESP (or inline) bytes; returns the raw reply bytes. */
  feed(bytes: Uint8Array): Uint8Array {
    return this.session.feed(bytes);
  }

  /** Runs one command and returns its decoded reply (error replies come back as ReplyError). */
  command(...args: Arg[]): Reply {
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

  close(): void {
    this.core.stopCron();
    for (const s of [...this.core.sessions.values()]) s.close();
  }
}
