// browser.test.ts — the playground in a real browser: web/serve.mjs serves the repository
// root on a random port, headless Chromium opens /web/index.html, which loads
// /dist/host/embed.js and /build/engine.wasm, and the test types at the console like a
// person would, then reads what the page shows.
//
// Needs `npm run build` output (dist/, build/): `npm test` builds first (pretest).
// Chromium comes from apt (/usr/bin/chromium; .ci/run installs it). Where it is missing the
// suite is skipped: playwright-core ships no browser of its own and nothing here downloads one.

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { existsSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { chromium, type Browser, type Page } from "playwright-core";
// @ts-expect-error plain ES module without type declarations
import { startServer } from "../../web/serve.mjs";

const CHROMIUM = "/usr/bin/chromium";

/** A port nothing listens on (taken from the OS, then released). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

interface Served { port: number; url: string; close(): Promise<void> }

// Skipped without Chromium: there is no browser to run the page in.
describe.runIf(existsSync(CHROMIUM))("playground in headless Chromium", () => {
  let srv: Served;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const wasmTypes: string[] = [];

  beforeAll(async () => {
    srv = await startServer({ port: 0 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    page.on("pageerror", (e) => pageErrors.push(e.message));
    // (Chromium logs refused WebSockets itself: those come from the connect test, on purpose.)
    page.on("console", (m) => { if (m.type() === "error" && !m.text().startsWith("WebSocket connection to")) pageErrors.push(m.text()); });
    page.on("response", (r) => { if (r.url().endsWith(".wasm")) wasmTypes.push(r.headers()["content-type"] ?? ""); });
    await page.goto(`${srv.url}/`);
    await page.waitForSelector("html[data-state]", { timeout: 30000 });
    const state = await page.evaluate(() => document.documentElement.dataset.state);
    if (state !== "ready") throw new Error(`playground failed: ${await page.textContent("#output")}`);
  });

  afterAll(async () => {
    await browser?.close();
    await srv?.close();
  });

  /** Types a line, presses Enter, and returns what the console printed for it. */
  async function run(line: string): Promise<{ echo: string; replies: string[]; classes: string[] }> {
    await page.fill("#input", line);
    await page.press("#input", "Enter");
    await page.waitForFunction(() => !(document.getElementById("input") as HTMLInputElement).disabled);
    return page.evaluate(() => {
      const entries = document.querySelectorAll("#output .entry");
      const last = entries[entries.length - 1];
      if (!last) return { echo: "", replies: [], classes: [] };
      const out = [...last.querySelectorAll(".reply, .note")];
      return {
        echo: last.querySelector(".cmd")?.textContent ?? "",
        replies: out.map((e) => e.textContent ?? ""),
        classes: out.map((e) => e.className),
      };
    });
  }

  test("the engine loaded from /build/engine.wasm through the static server", async () => {
    expect(wasmTypes).toEqual(["application/wasm"]);
    expect(await page.textContent("#prompt")).toBe("respite> ");
    expect(await page.textContent("#status")).toMatch(/^in-page engine · db0: 0 keys · used_memory /);
  });

  test("SET / GET / INCR / an unknown command print like redis-cli", async () => {
    expect(await run("SET greeting hello")).toEqual({ echo: "respite> SET greeting hello", replies: ["OK"], classes: ["reply"] });
    expect((await run("GET greeting")).replies).toEqual(['"hello"']);
    expect((await run("INCR n")).replies).toEqual(["(integer) 1"]);
    expect((await run("INCR n")).replies).toEqual(["(integer) 2"]);
    expect((await run("GET nokey")).replies).toEqual(["(nil)"]);
    const unknown = await run("NOSUCHCOMMAND a 'b c'");
    expect(unknown.replies).toEqual(["(error) ERR unknown command 'NOSUCHCOMMAND', with args beginning with: 'a' 'b c' "]);
    expect(unknown.classes).toEqual(["reply error"]);
    expect((await run("GET")).replies).toEqual(["(error) ERR wrong number of arguments for 'get' command"]);
    expect((await run(`SET q "a\\x00b\\n"`)).replies).toEqual(["OK"]);
    expect((await run("GET q")).replies).toEqual(['"a\\x00b\\n"']);
    expect((await run(`GET "unbalanced`)).replies).toEqual(["Invalid argument(s)"]);
  });

  test("arrays, RESP3 maps, repeat counts and the prompt", async () => {
    await run("MSET a 1 b 2 c 3");
    expect((await run("MGET a nokey c")).replies).toEqual(['1) "1"\n2) (nil)\n3) "3"']);
    expect((await run("3 INCR n")).replies).toEqual(["(integer) 3", "(integer) 4", "(integer) 5"]);
    const hello = (await run("HELLO 3")).replies[0];
    expect(hello.split("\n").slice(0, 3)).toEqual(['1# "server" => "redis"', '2# "version" => "7.0.15"', '3# "proto" => (integer) 3']);
    expect((await run("CONFIG GET maxmemory")).replies).toEqual(['1# "maxmemory" => "0"']);
    await run("HELLO 2");
    expect((await run("CONFIG GET maxmemory")).replies).toEqual(['1) "maxmemory"\n2) "0"']);
    expect((await run("SELECT 3")).replies).toEqual(["OK"]);
    expect(await page.textContent("#prompt")).toBe("respite[3]> ");
    expect((await run("DBSIZE")).echo).toBe("respite[3]> DBSIZE");
    await run("SELECT 0");
    expect(await page.textContent("#prompt")).toBe("respite> ");
  });

  test("the engine answers through the embedding API directly, same keyspace as the console", async () => {
    const got = await page.evaluate(() => {
      const db = (window as unknown as { playground: { db: { command(...a: string[]): unknown } } }).playground.db;
      return [db.command("SET", "api", "from-the-page"), db.command("GET", "api"), db.command("GET", "greeting"), db.command("INCR", "n")];
    });
    expect(got).toEqual(["OK", "from-the-page", "hello", 6]);
    expect((await run("GET api")).replies).toEqual(['"from-the-page"']);
  });

  test("HELP lists exactly the commands the engine implements", async () => {
    const fromEngine = await page.evaluate(() => {
      const { engine } = (window as unknown as { playground: { db: { core: { engine: {
        commandNames: string[]; x: { commandImplemented(id: number): number } } } } } }).playground.db.core;
      return engine.commandNames.filter((_, id) => engine.x.commandImplemented(id));
    });
    expect(fromEngine).toContain("get");
    const help = (await run("HELP")).replies[0];
    expect(help).toContain(`Commands supported here (${fromEngine.length}):`);
    const listed = help.slice(help.indexOf("Commands supported here")).split("\n").slice(1)
      .filter((l) => !l.trimStart().startsWith("@"))
      .flatMap((l) => l.trim().split(/ {2,}/)).filter(Boolean);
    expect(listed.map((n) => n.toLowerCase().replace(" ", "|")).sort()).toEqual([...fromEngine].sort());
    const set = (await run("help set")).replies[0];
    expect(set).toBe("\n  SET key value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]\n" +
      "  summary: Set the string value of a key\n  since: 1.0.0\n  group: string");
  });

  test("history, completion and hints", async () => {
    await run("ECHO first");
    await run("ECHO second");
    await page.press("#input", "ArrowUp");
    expect(await page.inputValue("#input")).toBe("ECHO second");
    await page.press("#input", "ArrowUp");
    expect(await page.inputValue("#input")).toBe("ECHO first");
    await page.press("#input", "ArrowDown");
    await page.press("#input", "ArrowDown");
    expect(await page.inputValue("#input")).toBe("");

    await page.fill("#input", "incrbyf");
    await page.press("#input", "Tab");
    expect(await page.inputValue("#input")).toBe("INCRBYFLOAT ");
    expect(await page.textContent("#hint")).toBe("key increment");

    await page.fill("#input", "");
    await page.type("#input", "set k");
    expect(await page.textContent("#hint")).toBe(" value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]");
    await page.fill("#input", "");
  });

  test("quit closes the connection, the next command reconnects to the selected db", async () => {
    await run("SELECT 5");
    await run("SET in5 yes");
    const quit = await run("quit");
    expect(quit.replies).toEqual(["Connection closed; the next command opens a new one."]);
    expect(await page.textContent("#prompt")).toBe("not connected> ");
    expect((await run("GET in5")).replies).toEqual(['"yes"']);
    expect(await page.textContent("#prompt")).toBe("respite[5]> ");
    await run("SELECT 0");
  });

  test("connect: the transport seam (no server side yet: a refused WebSocket), then back", async () => {
    const closed = await freePort();
    const ws = await run(`connect 127.0.0.1 ${closed}`);
    expect(ws.replies).toEqual([`Could not connect to Respite at ws://127.0.0.1:${closed}`]);
    expect(await page.textContent("#prompt")).toBe("not connected> ");
    expect((await run("PING")).replies).toEqual([`Error: Could not connect to Respite at ws://127.0.0.1:${closed}`]);
    expect((await run("connect")).replies).toEqual([]);
    expect(await page.textContent("#prompt")).toBe("respite> ");
    expect((await run("GET greeting")).replies).toEqual(['"hello"']);
  });

  test("clear empties the screen; no errors on the page", async () => {
    await run("clear");
    expect(await page.locator("#output .entry").count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  test("the static server: redirect, 404, no escaping the root", async () => {
    const get = (path: string) => new Promise<{ status: number; location?: string }>((resolve, reject) => {
      http.get({ host: "127.0.0.1", port: srv.port, path }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, location: res.headers.location });
      }).on("error", reject);
    });
    expect(await get("/")).toEqual({ status: 302, location: "/web/index.html" });
    expect((await get("/web/index.html")).status).toBe(200);
    expect((await get("/dist/host/embed.js")).status).toBe(200);
    expect((await get("/nope.txt")).status).toBe(404);
    expect((await get("/..%2f..%2f..%2fetc%2fpasswd")).status).not.toBe(200);
    expect((await get("/web/%2e%2e/%2e%2e/%2e%2e/etc/passwd")).status).not.toBe(200);
  });
});
