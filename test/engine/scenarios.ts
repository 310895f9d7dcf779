// scenarios.ts — the multi-client scenario runner shared by the blocking tests (lists,
// sorted sets, streams): a scenario is a list of steps for numbered clients; `runScenario`
// plays it through a driver (the embedding API, or TCP to Respite or to redis-server) and
// returns what each client received, with server-specific replies (INFO lines, hidden
// replies) rewritten so that the streams of the two servers compare byte for byte.

import net from "node:net";
import type { Respite } from "../../host/embed.js";
import { encodeCommand, RespDecoder } from "../../host/core/resp.js";

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type Step =
  | { c: number; cmd: string[] }
  /** several commands in one write */
  | { c: number; pipeline: string[][] }
  /** CLIENT UNBLOCK <id of client `of`> [reason], sent by client c */
  | { c: number; unblock: number; reason?: string }
  /** INFO clients, of which only the named field's line is kept */
  | { c: number; info: string }
  /** a command whose reply differs between servers (HELLO: the client id): replaced by <hidden> */
  | { c: number; hide: string[] }
  | { close: number }
  | { sleep: number };

export interface Scenario { name: string; clients: number; steps: Step[] }

export const S = (c: number, ...cmd: string[]): Step => ({ c, cmd });

// ---- drivers ----------------------------------------------------------------------------

export interface Client { send(bytes: Uint8Array): void; received(): string; close(): void }
export interface Driver { name: string; open(): Promise<Client>; gap: number; flushall(): Promise<void> }

function latin1(b: Uint8Array): string {
  return Buffer.from(b).toString("latin1");
}

export function embeddedDriver(db: Respite): Driver {
  return {
    name: "embedded",
    gap: 5,
    async open() {
      const conn = db.connect();
      let got = "";
      conn.onData = (b) => { got += latin1(b); };
      return {
        send(bytes) { got += latin1(conn.feed(bytes)); },
        received: () => got,
        close: () => conn.close(),
      };
    },
    async flushall() { db.command("FLUSHALL"); db.command("SELECT", "0"); },
  };
}

export function tcpDriver(name: string, port: number): Driver {
  return {
    name,
    gap: 40,
    open() {
      return new Promise((resolve, reject) => {
        const sock = net.connect(port, "127.0.0.1", () => {
          let got = "";
          sock.on("data", (d) => { got += d.toString("latin1"); });
          resolve({ send: (b) => sock.write(b), received: () => got, close: () => sock.destroy() });
        });
        sock.once("error", reject);
      });
    },
    async flushall() {
      const c = await this.open();
      c.send(encodeCommand(["FLUSHALL"]));
      await sleep(50);
      c.close();
    },
  };
}

/** Runs a scenario; returns what each client received (after its CLIENT ID line). */
export async function runScenario(d: Driver, sc: Scenario): Promise<string[]> {
  await d.flushall();
  const clients: Client[] = [];
  const ids: string[] = [];
  const skip: number[] = [];
  for (let i = 0; i < sc.clients; i++) {
    const c = await d.open();
    c.send(encodeCommand(["CLIENT", "ID"]));
    await sleep(d.gap);
    const r = c.received();
    ids.push(r.slice(1, r.indexOf("\r")));
    skip.push(r.length);
    clients.push(c);
  }
  // Replies rewritten after the run: [offset in the stream, INFO field or null = hide].
  const marks: [number, string | null][][] = clients.map(() => []);
  for (const st of sc.steps) {
    if ("sleep" in st) { await sleep(st.sleep); continue; }
    if ("close" in st) { clients[st.close].close(); await sleep(d.gap); continue; }
    const c = clients[st.c];
    if ("cmd" in st) c.send(encodeCommand(st.cmd));
    else if ("pipeline" in st) c.send(Buffer.concat(st.pipeline.map((a) => Buffer.from(encodeCommand(a)))));
    else if ("unblock" in st) c.send(encodeCommand(["CLIENT", "UNBLOCK", ids[st.unblock], ...(st.reason ? [st.reason] : [])]));
    else if ("info" in st || "hide" in st) {
      marks[st.c].push([c.received().length, "info" in st ? st.info : null]);
      c.send(encodeCommand("info" in st ? ["INFO", "clients"] : st.hide));
    }
    await sleep(d.gap);
  }
  await sleep(d.gap);
  const out = clients.map((c, i) => {
    // INFO replies vary between servers: keep only the picked line, where the reply was.
    let s = c.received();
    for (const [at, field] of [...marks[i]].reverse()) {
      const dec = new RespDecoder();
      dec.push(Buffer.from(s.slice(at), "latin1"));
      const raw = dec.nextRaw();
      const len = raw ? raw.length : s.length - at;
      const text = s.slice(at, at + len);
      const repl = field === null ? "<hidden>"
        : `<info ${text.split("\r\n").find((l) => l.startsWith(field + ":")) ?? "(missing)"}>`;
      s = s.slice(0, at) + repl + s.slice(at + len);
    }
    return s.slice(skip[i]);
  });
  for (const c of clients) c.close();
  return out;
}
