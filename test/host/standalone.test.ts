// standalone.test.ts — the parts of test/compat/scripts/standalone.txt that involve time or
// chance: WAIT with a timeout replies 0 when it ends (the connection's later commands wait for
// it), and LOLWUT VERSION 5 draws Schotter (random, so its shape is checked, as redis-server's is).

import { describe, test, expect, beforeAll, afterAll } from "vitest";
import Redis from "ioredis";
import { startTestServer, TestServer } from "../e2e/server.js";

let srv: TestServer;
let c: Redis;
beforeAll(async () => { srv = await startTestServer(); c = new Redis({ port: srv.port }); });
afterAll(async () => { c.disconnect(); await srv.close(); });

describe("standalone commands", () => {
  test("WAIT 1 <timeout> replies 0 after the timeout; the next command follows it", async () => {
    const t0 = Date.now();
    const [wait, ping] = await Promise.all([c.call("WAIT", "1", "150"), c.ping()]);
    expect(wait).toBe(0);
    expect(ping).toBe("PONG");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });

  test("LOLWUT VERSION 5: braille rows of the requested width and Redis's caption", async () => {
    const out = String(await c.call("LOLWUT", "VERSION", "5", "20", "4", "3"));
    const lines = out.split("\n");
    expect(lines.at(-1)).toBe("");
    expect(lines.at(-2)).toBe("Georg Nees - schotter, plotter on paper, 1968. Redis ver. 7.0.15");
    const art = lines.slice(0, -3);
    expect(art.length).toBeGreaterThan(2);
    for (const row of art) {
      expect([...row].length).toBe(20);
      for (const ch of row) expect(ch.codePointAt(0)! >> 8).toBe(0x28); // U+28xx braille
    }
    expect(art.join("")).not.toBe("\u2800".repeat(art.length * 20)); // something was drawn
  });
});
