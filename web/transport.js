// @ts-check
// transport.js — where the playground's commands go. The console (app.js) talks to a
// Transport and never to the engine directly, so the same console drives either
//
//   EngineTransport     the engine running in this page (build/engine.wasm through the
//                       embedding API, dist/host/embed.js): no server anywhere;
//   WebSocketTransport  a Respite server reached over a WebSocket (the server side is not
//                       written yet; the client side is here so the seam is real).
//
// The contract is deliberately the wire: a command goes out as RESP bytes and exactly one
// reply comes back as RESP bytes, the same bytes redis-cli would read from a socket. The
// console parses and prints them itself (cli.js), so both transports print identically.
//
// The WebSocket protocol assumed for the future server: binary frames carry the RESP byte
// stream in both directions, as TCP does for Redis (a frame boundary means nothing; replies
// are delimited by parsing). Pushes (RESP3 > frames, pub/sub messages) are out of scope
// for now: with this client they would be taken as the reply to the next command.

import { encodeCommand, parseReply } from "./cli.js";

/**
 * @typedef {Object} Transport
 * @property {string} kind        "engine" or "websocket".
 * @property {string} label       Host part of the prompt ("respite", "ws://host:port").
 * @property {boolean} connected  False before open() and after the connection closed.
 * @property {() => Promise<void>} open  Connects (again); a no-op when connected.
 * @property {(argv: Uint8Array[]) => Promise<Uint8Array>} send
 *   Runs one command; resolves with its raw reply (empty when the server sends none, e.g.
 *   after CLIENT REPLY OFF). Opens the connection first when needed, as redis-cli reconnects.
 * @property {() => Promise<Describe>} describe  What the server implements, for HELP.
 * @property {(db: number) => string} status  One line for the status bar.
 * @property {() => void} close   Closes the connection (the next send opens a new one).
 */

/**
 * @typedef {Object} Describe
 * @property {string[]} implemented  Full names of the commands the server serves ("get",
 *   "client|list").
 * @property {Uint8Array | null} docs  Raw COMMAND DOCS reply, if the server gave one.
 */

const utf8 = new TextEncoder();

/**
 * The engine in this page. Every connection is a Connection of one Respite instance (one
 * keyspace): the console's, plus a short-lived side connection for HELP's COMMAND DOCS so
 * that a console inside MULTI or with CLIENT REPLY OFF is not disturbed.
 * @implements {Transport}
 */
export class EngineTransport {
  kind = "engine";
  label = "respite";
  /** @type {import("../dist/host/embed.js").Connection | null} */
  conn = null;

  /** @param {import("../dist/host/embed.js").Respite} db */
  constructor(db) {
    this.db = db;
  }

  get connected() {
    return this.conn !== null && !this.conn.session.closed && !this.conn.session.closing;
  }

  async open() {
    if (this.connected) return;
    this.close();
    this.conn = this.db.connect();
  }

  /** @param {Uint8Array[]} argv */
  async send(argv) {
    await this.open();
    const conn = /** @type {import("../dist/host/embed.js").Connection} */ (this.conn);
    let out = conn.feed(encodeCommand(argv));
    // A blocking command (BLPOP ... on an empty key) answers later, like in redis-cli: when
    // its timeout passes (or, from another client of the page, a push or CLIENT UNBLOCK).
    if (out.length === 0 && conn.session.blocked) {
      out = await new Promise((resolve) => {
        conn.onData = (bytes) => {
          conn.onData = null;
          resolve(bytes);
        };
      });
    }
    // QUIT, CLIENT KILL of itself or a protocol error: the server hangs up after the reply.
    if (!this.connected) this.close();
    return out;
  }

  async describe() {
    const engine = this.db.core.engine;
    const implemented = engine.commandNames.filter((_, id) => engine.x.commandImplemented(id));
    const side = this.db.connect();
    try {
      return { implemented, docs: side.feed(utf8.encode("COMMAND DOCS\r\n")) };
    } finally {
      side.close();
    }
  }

  /** @param {number} db */
  status(db) {
    const x = this.db.core.engine.x;
    const keys = db >= 0 && db < x.databases() ? x.dbSize(db) : 0;
    const mem = this.db.core.usedMemory();
    const wasm = x.memory.buffer.byteLength;
    return `in-page engine · db${db}: ${keys} key${keys === 1 ? "" : "s"} · used_memory ${human(mem)} · wasm memory ${human(wasm)}`;
  }

  close() {
    if (this.conn) this.conn.close();
    this.conn = null;
  }
}

/**
 * A Respite server over a WebSocket (see the file comment for the protocol). Commands are
 * pipelined: replies are matched to commands in order.
 * @implements {Transport}
 */
export class WebSocketTransport {
  kind = "websocket";
  /** @type {WebSocket | null} */
  ws = null;
  /** Unparsed reply bytes. */
  buf = new Uint8Array(0);
  /** @type {{ resolve: (b: Uint8Array) => void, reject: (e: Error) => void }[]} */
  pending = [];

  /** @param {string} url */
  constructor(url) {
    this.url = url;
    this.label = url;
  }

  get connected() {
    return this.ws !== null && this.ws.readyState === WebSocket.OPEN;
  }

  async open() {
    if (this.connected) return;
    this.close();
    const ws = new WebSocket(this.url);
    ws.binaryType = "arraybuffer";
    await new Promise((resolve, reject) => {
      ws.onopen = () => resolve(undefined);
      ws.onerror = () => reject(new Error(`Could not connect to Respite at ${this.url}`));
    });
    ws.onmessage = (ev) => this.receive(new Uint8Array(/** @type {ArrayBuffer} */ (ev.data)));
    ws.onclose = () => this.fail(new Error("Server closed the connection"));
    ws.onerror = null;
    this.ws = ws;
    this.buf = new Uint8Array(0);
  }

  /** @param {Uint8Array[]} argv */
  async send(argv) {
    await this.open();
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      /** @type {WebSocket} */ (this.ws).send(encodeCommand(argv));
    });
  }

  /** @param {Uint8Array} chunk */
  receive(chunk) {
    const b = new Uint8Array(this.buf.length + chunk.length);
    b.set(this.buf);
    b.set(chunk, this.buf.length);
    let pos = 0;
    while (this.pending.length > 0) {
      let r;
      try {
        r = parseReply(b, pos);
      } catch (e) {
        this.fail(/** @type {Error} */ (e));
        this.close();
        return;
      }
      if (r === null) break;
      /** @type {NonNullable<typeof this.pending[0]>} */ (this.pending.shift()).resolve(b.slice(pos, r.end));
      pos = r.end;
    }
    this.buf = b.slice(pos);
  }

  /** @param {Error} err */
  fail(err) {
    const p = this.pending;
    this.pending = [];
    for (const q of p) q.reject(err);
  }

  async describe() {
    const docs = await this.send([utf8.encode("COMMAND"), utf8.encode("DOCS")]);
    // A remote server does not say which commands it implements beyond what COMMAND DOCS lists.
    return { implemented: [], docs };
  }

  status() {
    return `WebSocket ${this.url} · ${this.connected ? "connected" : "not connected"}`;
  }

  close() {
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onclose = null;
      ws.onmessage = null;
      ws.close();
    }
    this.fail(new Error("Connection closed"));
  }
}

/** Bytes as "1.23M" / "845.60K" / "512B" (Redis's bytesToHuman, close enough for a status bar). */
function human(/** @type {number} */ n) {
  if (n < 1024) return `${n}B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(2)}K`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(2)}M`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)}G`;
}
