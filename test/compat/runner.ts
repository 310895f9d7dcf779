// runner.ts — runs a differential script against Respite (in process, through the embedding
// API's exec path) or against a real redis-server over TCP, returning the raw reply bytes of
// every step; and compares two such runs.

import net from "node:net";
import { spawn, spawnSync, ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRespite } from "../../host/node/index.js";
import type { Respite, Connection } from "../../host/embed.js";
import { encodeCommand, RespDecoder } from "../../host/core/resp.js";
import { Step, escapeBytes } from "./script.js";

export interface StepResult { line: number; text: string; reply: Uint8Array }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- Respite -------------------------------------------------------------------------------

/** An embedded connection plus the bytes pushed to it outside its own calls (Pub/Sub). */
class EmbeddedConn {
  late: Uint8Array[] = [];
  constructor(readonly conn: Connection) {
    conn.onData = (b) => this.late.push(b.slice());
  }
  takeLate(): Uint8Array {
    const b = Buffer.concat(this.late);
    this.late = [];
    return b;
  }
  /** What a socket would show after sending `bytes`: earlier pushes, then the replies. */
  send(bytes: Uint8Array): Uint8Array {
    if (this.conn.session.closed) return this.takeLate();
    const out = this.conn.feed(bytes);
    return Buffer.concat([this.takeLate(), out]);
  }
}

export async function runOnRespite(steps: Step[], db?: Respite): Promise<StepResult[]> {
  const server = db ?? (await createRespite({ cron: true }));
  const conns = new Map<string, EmbeddedConn>();
  let name = "main";
  let conn = new EmbeddedConn(server.connect());
  conns.set(name, conn);
  const results: StepResult[] = [];
  try {
    for (const s of steps) {
      if (s.kind === "sleep") { await sleep(s.ms); continue; }
      if (s.kind === "newconn") { conn.conn.close(); conn = new EmbeddedConn(server.connect()); conns.set(name, conn); continue; }
      if (s.kind === "conn") {
        name = s.name;
        let c = conns.get(name);
        if (!c) conns.set(name, (c = new EmbeddedConn(server.connect())));
        conn = c;
        continue;
      }
      if (s.kind === "read") {
        await sleep(0);
        results.push({ line: s.line, text: s.text, reply: conn.takeLate() });
        continue;
      }
      if (s.kind === "raw") {
        results.push({ line: s.line, text: s.text, reply: conn.send(s.bytes) });
        continue;
      }
      // As RawConn.command: the first complete reply that arrives.
      const all = conn.send(encodeCommand(withIds(s.args, (n) => conns.get(n)?.conn.session.id)));
      const dec = new RespDecoder();
      dec.push(all);
      results.push({ line: s.line, text: s.text, reply: dec.nextRaw() ?? new Uint8Array(0) });
    }
  } finally {
    if (!db) server.close();
  }
  return results;
}

// ---- redis-server ----------------------------------------------------------------------------

export function redisAvailable(): boolean {
  if (process.env.LIVE === "0") return false;
  return spawnSync("redis-server", ["--version"]).status === 0;
}

export class RedisProcess {
  constructor(readonly port: number, private proc: ChildProcess) {}

  static async start(extra: string[] = []): Promise<RedisProcess> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const port = 20000 + Math.floor(Math.random() * 20000);
      // Its own empty dir: a dump.rdb in the cwd (left by a benchmark) would be loaded (LOADING).
      const dir = mkdtempSync(join(tmpdir(), "respite-redis-"));
      const proc = spawn("redis-server", ["--port", String(port), "--save", "", "--appendonly", "no", "--bind", "127.0.0.1",
        "--dir", dir, ...extra], { stdio: "ignore" });
      for (let i = 0; i < 100; i++) {
        await sleep(20);
        if (proc.exitCode !== null) break;
        if (await ping(port)) return new RedisProcess(port, proc);
      }
      proc.kill("SIGKILL");
    }
    throw new Error("could not start redis-server");
  }

  stop(): void {
    this.proc.kill("SIGKILL");
  }
}

async function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("error", () => resolve(false));
    s.once("data", () => { s.destroy(); resolve(true); });
    s.once("connect", () => s.write("PING\r\n"));
  });
}

/** A TCP connection that returns whole replies. */
class RawConn {
  private sock: net.Socket;
  private chunks: Buffer[] = [];
  private waiter: (() => void) | null = null;
  closed = false;

  private constructor(sock: net.Socket) {
    this.sock = sock;
    sock.on("data", (d) => { this.chunks.push(d); this.waiter?.(); });
    sock.on("close", () => { this.closed = true; this.waiter?.(); });
    sock.on("error", () => { this.closed = true; this.waiter?.(); });
  }

  static open(port: number): Promise<RawConn> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, "127.0.0.1", () => resolve(new RawConn(s)));
      s.once("error", reject);
    });
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => { this.waiter = null; resolve(); }, ms);
      this.waiter = () => { clearTimeout(t); this.waiter = null; resolve(); };
    });
  }

  private take(): Buffer {
    const b = Buffer.concat(this.chunks);
    this.chunks = [];
    return b;
  }

  /** Sends a command and returns exactly one reply. */
  async command(bytes: Uint8Array): Promise<Uint8Array> {
    if (this.closed) return new Uint8Array(0);
    this.sock.write(bytes);
    const dec = new RespDecoder();
    const deadline = Date.now() + 10000;
    while (Date.now() < deadline) {
      const buf = this.take();
      if (buf.length) dec.push(buf);
      const r = dec.nextRaw();
      if (r) return r;
      if (this.closed) return new Uint8Array(0);
      await this.wait(50);
    }
    throw new Error("no reply from redis-server");
  }

  /** Sends raw bytes and returns everything received until idle (100 ms) or closed. */
  async raw(bytes: Uint8Array): Promise<Uint8Array> {
    if (this.closed) return this.take();
    if (bytes.length) this.sock.write(bytes);
    const got: Buffer[] = [];
    while (true) {
      await this.wait(100);
      const b = this.take();
      if (b.length === 0) break;
      got.push(b);
      if (this.closed) break;
    }
    return Buffer.concat(got);
  }

  close(): void { this.sock.destroy(); }

  /** The local port: this connection's addr= in CLIENT LIST. */
  get localPort(): number { return this.sock.localPort ?? 0; }
}

export async function runOnRedis(port: number, steps: Step[]): Promise<StepResult[]> {
  let conn = await RawConn.open(port);
  await conn.command(encodeCommand(["FLUSHALL"]));
  await conn.command(encodeCommand(["CONFIG", "RESETSTAT"]));
  const conns = new Map<string, RawConn>([["main", conn]]);
  let name = "main";
  let side: RawConn | null = null;
  const results: StepResult[] = [];
  try {
    for (const s of steps) {
      if (s.kind === "sleep") { await sleep(s.ms); continue; }
      if (s.kind === "newconn") { conn.close(); conn = await RawConn.open(port); conns.set(name, conn); continue; }
      if (s.kind === "conn") {
        name = s.name;
        let c = conns.get(name);
        if (!c) conns.set(name, (c = await RawConn.open(port)));
        conn = c;
        continue;
      }
      if (s.kind === "read") { results.push({ line: s.line, text: s.text, reply: await conn.raw(new Uint8Array(0)) }); continue; }
      if (s.kind === "raw") { results.push({ line: s.line, text: s.text, reply: await conn.raw(s.bytes) }); continue; }
      // {id:NAME}: found in CLIENT LIST from a side connection (NAME may be subscribed).
      const ids = new Map<string, number>();
      for (const n of idRefs(s.args)) {
        const c = conns.get(n);
        if (!c) continue;
        side ??= await RawConn.open(port);
        const list = new TextDecoder().decode(await side.command(encodeCommand(["CLIENT", "LIST"])));
        const m = list.match(new RegExp(`id=(\\d+) addr=[^ ]*:${c.localPort} `));
        if (m) ids.set(n, Number(m[1]));
      }
      results.push({ line: s.line, text: s.text, reply: await conn.command(encodeCommand(withIds(s.args, (n) => ids.get(n)))) });
    }
  } finally {
    side?.close();
    for (const c of conns.values()) c.close();
  }
  return results;
}

// ---- {id:NAME}: the client id of connection NAME --------------------------------------------
//
// Client ids differ between the two servers (the recorder's probes take some), so a step that
// names a client (CLIENT TRACKING ... REDIRECT, CLIENT KILL ID) writes {id:NAME} in an argument.

const ID_REF = /\{id:([^}]+)\}/g;

function idRefs(args: Uint8Array[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    const t = Buffer.from(a).toString("latin1");
    for (const m of t.matchAll(ID_REF)) out.push(m[1]);
  }
  return out;
}

function withIds(args: Uint8Array[], idOf: (name: string) => number | undefined): Uint8Array[] {
  return args.map((a) => {
    const t = Buffer.from(a).toString("latin1");
    if (!t.includes("{id:")) return a;
    return Buffer.from(t.replace(ID_REF, (m, n: string) => String(idOf(n) ?? m)), "latin1");
  });
}

// ---- comparing -------------------------------------------------------------------------------

/**
 * The elements of an array/set reply, sorted, for !unordered. An element that is itself an
 * array or set is compared unordered too (SCAN's [cursor, [keys...]]).
 */
function elements(reply: Uint8Array): string[] | null {
  if (reply.length === 0 || (reply[0] !== 0x2a && reply[0] !== 0x7e)) return null;
  const nl = reply.indexOf(10);
  const n = Number(new TextDecoder().decode(reply.subarray(1, nl - 1)));
  const dec = new RespDecoder();
  dec.push(reply.subarray(nl + 1));
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = dec.nextRaw();
    if (!r) return null;
    const inner = r[0] === 0x2a || r[0] === 0x7e ? elements(r) : null;
    out.push(inner ? String.fromCharCode(r[0]) + JSON.stringify(inner) : escapeBytes(r));
  }
  return out.sort();
}

/** A description of how `got` differs from `want` under the step's mode, or null if equal. */
export function compareStep(step: Step | undefined, want: Uint8Array, got: Uint8Array): string | null {
  const mode = step?.kind === "cmd" ? step.mode : "exact";
  if (mode === "ignore") {
    if (want.length === 0 && got.length === 0) return null;
    return want[0] === got[0] ? null : `type differs: want ${escapeBytes(want.subarray(0, 40))} got ${escapeBytes(got.subarray(0, 40))}`;
  }
  if (mode === "unordered") {
    const a = elements(want), b = elements(got);
    if (a && b && want[0] === got[0] && JSON.stringify(a) === JSON.stringify(b)) return null;
  }
  if (Buffer.from(want).equals(Buffer.from(got))) return null;
  return `want ${escapeBytes(want)}\n      got  ${escapeBytes(got)}`;
}
