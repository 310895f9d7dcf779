// pause.test.ts — CLIENT PAUSE over TCP: WRITE holds writes (and EXEC of a transaction with
// writes) but not reads; ALL holds everything, CLIENT UNPAUSE included; held commands run in
// order when the pause ends, with the input that followed them. Arguments and errors are
// differential (test/compat/scripts/pause.txt). Times are asserted only as "still waiting" /
// "done after the end", never as durations.

import { describe, test, expect, afterAll, beforeAll } from "vitest";
import net from "node:net";
import { startTestServer, TestServer } from "../e2e/server.js";

let srv: TestServer;
beforeAll(async () => { srv = await startTestServer(); });
afterAll(async () => { await srv.close(); });

class Conn {
  private buf = "";
  private constructor(private sock: net.Socket) {
    sock.on("data", (d) => (this.buf += d.toString("latin1")));
  }
  static open(port: number): Promise<Conn> {
    return new Promise((res) => { const s = net.connect(port, "127.0.0.1", () => res(new Conn(s))); });
  }
  send(s: string): void { this.sock.write(s); }
  /** Everything received so far, consumed. */
  take(): string { const b = this.buf; this.buf = ""; return b; }
  async waitFor(text: string, ms = 3000): Promise<string> {
    const t0 = Date.now();
    while (!this.buf.includes(text)) {
      if (Date.now() - t0 > ms) throw new Error(`timeout waiting for ${JSON.stringify(text)}, got ${JSON.stringify(this.buf)}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    return this.take();
  }
  close(): void { this.sock.destroy(); }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("CLIENT PAUSE", () => {
  test("WRITE holds writes, not reads; held pipelines resume in order", async () => {
    const a = await Conn.open(srv.port), b = await Conn.open(srv.port), c = await Conn.open(srv.port);
    a.send("SET k before\r\nCLIENT PAUSE 400 WRITE\r\n");
    await a.waitFor("+OK\r\n+OK\r\n");
    b.send("GET k\r\n");
    expect(await b.waitFor("before")).toBe("$6\r\nbefore\r\n");
    // a write, then a read pipelined behind it: both wait, and come back in order
    c.send("SET k after\r\nGET k\r\n");
    b.send("MULTI\r\nGET k\r\nEXEC\r\n"); // a read-only transaction is not held
    expect(await b.waitFor("*1\r\n")).toBe("+OK\r\n+QUEUED\r\n*1\r\n$6\r\nbefore\r\n");
    await sleep(100);
    expect(c.take()).toBe(""); // still held
    expect(await c.waitFor("after\r\n")).toBe("+OK\r\n$5\r\nafter\r\n");
    a.close(); b.close(); c.close();
  });

  test("ALL holds every command, CLIENT UNPAUSE from another client included", async () => {
    const a = await Conn.open(srv.port), b = await Conn.open(srv.port);
    a.send("CLIENT PAUSE 300 ALL\r\n");
    await a.waitFor("+OK\r\n");
    b.send("PING\r\nCLIENT UNPAUSE\r\n");
    await sleep(100);
    expect(b.take()).toBe("");
    expect(await b.waitFor("+OK\r\n")).toBe("+PONG\r\n+OK\r\n");
    a.close(); b.close();
  });

  test("CLIENT UNPAUSE releases a WRITE pause at once; EXEC with writes was held", async () => {
    const a = await Conn.open(srv.port), b = await Conn.open(srv.port);
    a.send("CLIENT PAUSE 100000 WRITE\r\n");
    await a.waitFor("+OK\r\n");
    b.send("MULTI\r\nGET k\r\n");
    await b.waitFor("+QUEUED\r\n");
    b.send("SET k x\r\nEXEC\r\n"); // SET is held before it is even queued
    await sleep(50);
    expect(b.take()).toBe("");
    a.send("CLIENT UNPAUSE\r\n");
    await a.waitFor("+OK\r\n");
    expect(await b.waitFor("*2\r\n")).toMatch(/^\+QUEUED\r\n\*2\r\n\$\d+\r\n\w+\r\n\+OK\r\n$/);
    a.close(); b.close();
  });
});
