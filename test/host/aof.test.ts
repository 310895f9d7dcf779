// aof.test.ts — the append-only file (host/core/aof.ts, host/node/aof.ts) through real server
// processes: restarts keep every key (DEBUG DIGEST equal), torn tails and unfinished MULTI are
// handled as Redis handles them, bad files refuse to start, BGREWRITEAOF switches the manifest,
// SIGKILL at random moments loses no acknowledged write, and the files move between Respite and
// redis-server 7.0.15 in both directions (live part skipped when redis-server is absent).

import { describe, test, expect, afterEach } from "vitest";
import { spawn, ChildProcess, execFileSync } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import net from "node:net";
import Redis from "ioredis";
import { redisAvailable } from "../compat/runner.js";
import { datasetCommands } from "./rdb-dataset.js";

const here = dirname(fileURLToPath(import.meta.url));
const MAIN = join(here, "..", "..", "dist", "host", "node", "main.js");
const LIVE = redisAvailable();

interface Server { proc: ChildProcess; port: number; log: () => string; exited: Promise<number | null> }
const running: Server[] = [];
const clients: Redis[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.disconnect();
  for (const s of running.splice(0)) {
    if (s.proc.exitCode === null) s.proc.kill("SIGKILL");
    await s.exited;
  }
});

async function freePort(): Promise<number> {
  return new Promise((res) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => res(p));
    });
  });
}

/** Starts a server process in `dir`; resolves when it accepts connections (or exits). */
async function start(cmd: "respite" | "redis", dir: string, extra: string[] = []): Promise<Server> {
  const port = await freePort();
  const args = ["--port", String(port), "--dir", dir, "--save", "", "--enable-debug-command", "yes", ...extra];
  const proc = cmd === "respite" ? spawn(process.execPath, [MAIN, ...args]) : spawn("redis-server", args);
  let out = "";
  proc.stdout!.on("data", (d) => (out += d));
  proc.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((r) => proc.on("exit", (code) => r(code)));
  const s: Server = { proc, port, log: () => out, exited };
  running.push(s);
  await new Promise<void>((res) => {
    const t = setInterval(() => {
      if (/Ready to accept connections/.test(out) || proc.exitCode !== null) {
        clearInterval(t);
        res();
      }
    }, 20);
    proc.on("exit", () => { clearInterval(t); res(); });
  });
  return s;
}

function client(s: Server): Redis {
  const c = new Redis({ port: s.port, maxRetriesPerRequest: 0, retryStrategy: () => null });
  c.on("error", () => { /* the server is killed on purpose */ });
  clients.push(c);
  return c;
}

async function stop(s: Server, sig: NodeJS.Signals = "SIGTERM"): Promise<void> {
  s.proc.kill(sig);
  await s.exited;
}

function tmp(): string {
  return mkdtempSync(join(tmpdir(), "respite-aof-"));
}

const aofDir = (dir: string) => join(dir, "appendonlydir");
const incrPath = (dir: string, seq = 1) => join(aofDir(dir), `appendonly.aof.${seq}.incr.aof`);
const manifest = (dir: string) => readFileSync(join(aofDir(dir), "appendonly.aof.manifest"), "latin1");

/** Waits until no AOF rewrite runs (it is a background job in both servers). */
async function waitRewrite(c: Redis): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const info = await c.info("persistence");
    if (info.includes("aof_rewrite_in_progress:0") && !info.includes("aof_rewrite_scheduled:1")) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("AOF rewrite did not finish");
}

async function loadDataset(c: Redis): Promise<void> {
  for (const cmd of datasetCommands()) await c.call(cmd[0], ...cmd.slice(1));
}

describe("AOF", () => {
  test("a fresh server creates Redis 7.0's layout and logs it", async () => {
    const dir = tmp();
    // always: each write is in the file before its reply (everysec writes once per loop turn)
    const s = await start("respite", dir, ["--appendonly", "yes", "--appendfsync", "always"]);
    expect(s.log()).toContain("Creating AOF base file appendonly.aof.1.base.rdb on server start");
    expect(s.log()).toContain("Creating AOF incr file appendonly.aof.1.incr.aof on server start");
    expect(manifest(dir)).toBe("file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n");
    const c = client(s);
    await c.set("a", "1");
    await c.set("b", "2", "EX", 100);
    await c.select(3);
    await c.incrbyfloat("f", "1.5");
    // the propagated forms, with a SELECT whenever the db changes (as Redis writes them)
    const text = readFileSync(incrPath(dir), "latin1");
    expect(text).toMatch(/^\*2\r\n\$6\r\nSELECT\r\n\$1\r\n0\r\n\*3\r\n\$3\r\nset\r\n\$1\r\na\r\n\$1\r\n1\r\n\*5\r\n\$3\r\nSET\r\n\$1\r\nb\r\n\$1\r\n2\r\n\$4\r\nPXAT\r\n\$13\r\n\d{13}\r\n\*2\r\n\$6\r\nSELECT\r\n\$1\r\n3\r\n\*4\r\n\$3\r\nSET\r\n\$1\r\nf\r\n\$3\r\n1.5\r\n\$7\r\nKEEPTTL\r\n$/);
    const info = await c.info("persistence");
    expect(info).toContain("aof_enabled:1");
    expect(info).toMatch(/aof_current_size:\d+/);
    rmSync(dir, { recursive: true, force: true });
  });

  test("every type survives a restart (same DEBUG DIGEST), after SIGKILL too", async () => {
    const dir = tmp();
    let s = await start("respite", dir, ["--appendonly", "yes"]);
    let c = client(s);
    await loadDataset(c);
    const digest = await c.call("DEBUG", "DIGEST");
    expect(digest).not.toBe("0".repeat(40));
    await stop(s, "SIGKILL");
    s = await start("respite", dir, ["--appendonly", "yes"]);
    expect(s.log()).toContain("DB loaded from append only file");
    c = client(s);
    expect(await c.call("DEBUG", "DIGEST")).toBe(digest);
    rmSync(dir, { recursive: true, force: true });
  });

  test("a torn last command is cut off with aof-load-truncated yes, refused with no", async () => {
    const dir = tmp();
    let s = await start("respite", dir, ["--appendonly", "yes"]);
    let c = client(s);
    await c.set("k", "v");
    await stop(s);
    const good = statSync(incrPath(dir)).size;
    appendFileSync(incrPath(dir), "*3\r\n$3\r\nSET\r\n$1\r\nq");
    s = await start("respite", dir, ["--appendonly", "yes", "--aof-load-truncated", "no"]);
    expect(await s.exited).toBe(1);
    expect(s.log()).toContain("Unexpected end of file reading the append only file appendonly.aof.1.incr.aof.");
    s = await start("respite", dir, ["--appendonly", "yes"]);
    expect(s.log()).toContain("!!! Warning: short read while loading the AOF file appendonly.aof.1.incr.aof!!!");
    expect(s.log()).toContain(`!!! Truncating the AOF appendonly.aof.1.incr.aof at offset ${good} !!!`);
    expect(s.log()).toContain("AOF appendonly.aof.1.incr.aof loaded anyway because aof-load-truncated is enabled");
    c = client(s);
    expect(await c.get("k")).toBe("v");
    await c.set("after", "1"); // appended after the cut, readable on the next start
    await stop(s);
    s = await start("respite", dir, ["--appendonly", "yes"]);
    c = client(s);
    expect(await c.mget("k", "q", "after")).toEqual(["v", null, "1"]);
    rmSync(dir, { recursive: true, force: true });
  });

  test("an unfinished MULTI at the end is reverted; nothing of it runs", async () => {
    const dir = tmp();
    let s = await start("respite", dir, ["--appendonly", "yes"]);
    const c = client(s);
    await c.set("k", "v");
    await stop(s);
    const good = statSync(incrPath(dir)).size;
    appendFileSync(incrPath(dir), "*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nX\r\n");
    s = await start("respite", dir, ["--appendonly", "yes"]);
    expect(s.log()).toContain("Revert incomplete MULTI/EXEC transaction in AOF file appendonly.aof.1.incr.aof");
    expect(await client(s).get("k")).toBe("v");
    expect(statSync(incrPath(dir)).size).toBe(good);
    rmSync(dir, { recursive: true, force: true });
  });

  test("bad bytes and unknown commands refuse to start (never a partial load)", async () => {
    const dir = tmp();
    let s = await start("respite", dir, ["--appendonly", "yes"]);
    await client(s).set("k", "v");
    await stop(s);
    const orig = readFileSync(incrPath(dir));
    appendFileSync(incrPath(dir), "xx*1\r\n$4\r\nPING\r\n");
    s = await start("respite", dir, ["--appendonly", "yes"]);
    expect(await s.exited).toBe(1);
    expect(s.log()).toContain("Bad file format reading the append only file appendonly.aof.1.incr.aof: make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>");
    appendFileSync(incrPath(dir), ""); // (keeps the file as is)
    execFileSync("truncate", ["-s", String(orig.length), incrPath(dir)]);
    appendFileSync(incrPath(dir), "*1\r\n$7\r\nNOSUCHC\r\n");
    s = await start("respite", dir, ["--appendonly", "yes"]);
    expect(await s.exited).toBe(1);
    expect(s.log()).toContain("Unknown command 'nosuchc' reading the append only file appendonly.aof.1.incr.aof");
    rmSync(dir, { recursive: true, force: true });
  });

  test("BGREWRITEAOF: new base and incr files, old ones removed, data intact", async () => {
    const dir = tmp();
    let s = await start("respite", dir, ["--appendonly", "yes"]);
    let c = client(s);
    await loadDataset(c);
    const digest = await c.call("DEBUG", "DIGEST");
    expect(await c.bgrewriteaof()).toBe("Background append only file rewriting started");
    await c.set("later", "x"); // while the base is being written: goes to the new incr file
    await waitRewrite(c);
    expect(manifest(dir)).toBe("file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n");
    expect(readdirSync(aofDir(dir)).sort()).toEqual(["appendonly.aof.2.base.rdb", "appendonly.aof.2.incr.aof", "appendonly.aof.manifest"]);
    expect(await c.info("persistence")).toContain("aof_rewrites:1");
    await c.del("later");
    await stop(s);
    s = await start("respite", dir, ["--appendonly", "yes"]);
    c = client(s);
    expect(await c.call("DEBUG", "DIGEST")).toBe(digest);
    rmSync(dir, { recursive: true, force: true });
  });

  test("CONFIG SET appendonly yes writes the data set as the base, then appends", async () => {
    const dir = tmp();
    let s = await start("respite", dir);
    let c = client(s);
    await c.set("before", "1");
    expect(await c.config("SET", "appendonly", "yes")).toBe("OK");
    await c.set("after", "2");
    await waitRewrite(c);
    expect(manifest(dir)).toBe("file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n");
    expect(existsSync(join(aofDir(dir), "appendonly.aof.manifest"))).toBe(true);
    await stop(s);
    s = await start("respite", dir, ["--appendonly", "yes"]);
    c = client(s);
    expect(await c.mget("before", "after")).toEqual(["1", "2"]);
    rmSync(dir, { recursive: true, force: true });
  });

  test("appendfsync always: kill -9 at random moments loses no acknowledged write", async () => {
    const dir = tmp();
    let acked = 0;
    for (let round = 0; round < 3; round++) {
      const s = await start("respite", dir, ["--appendonly", "yes", "--appendfsync", "always"]);
      const c = client(s);
      expect(Number(await c.get("counter") ?? 0)).toBeGreaterThanOrEqual(acked);
      const killAt = 20 + Math.floor(Math.random() * 80);
      const writer = (async () => {
        for (;;) {
          try {
            acked = Math.max(acked, await c.incr("counter"));
          } catch {
            return;
          }
        }
      })();
      await new Promise((r) => setTimeout(r, killAt));
      s.proc.kill("SIGKILL");
      await s.exited;
      await writer;
      c.disconnect();
    }
    const s = await start("respite", dir, ["--appendonly", "yes"]);
    const v = Number(await client(s).get("counter"));
    expect(acked).toBeGreaterThan(0);
    expect(v).toBeGreaterThanOrEqual(acked);
    rmSync(dir, { recursive: true, force: true });
  }, 30000);
});

describe("AOF after a restart", () => {
  test("writes after loading are appended", async () => {
    const dir = tmp();
    let s = await start("respite", dir, ["--appendonly", "yes"]);
    let c = client(s);
    await loadDataset(c);
    await stop(s);
    s = await start("respite", dir, ["--appendonly", "yes"]);
    c = client(s);
    await c.set("after", "1");
    await stop(s);
    s = await start("respite", dir, ["--appendonly", "yes"]);
    c = client(s);
    expect(await c.get("after")).toBe("1");
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("DEBUG LOADAOF", () => {
  test("reloads the dataset from the AOF files", async () => {
    const dir = tmp();
    const s = await start("respite", dir, ["--appendonly", "yes"]);
    const c = client(s);
    await loadDataset(c);
    const digest = await c.call("DEBUG", "DIGEST");
    expect(await c.call("DEBUG", "LOADAOF")).toBe("OK");
    expect(await c.call("DEBUG", "DIGEST")).toBe(digest);
    await c.set("after", "1"); // still appended after the reload
    expect(await c.call("DEBUG", "LOADAOF")).toBe("OK");
    expect(await c.get("after")).toBe("1");
    expect(s.log()).toContain("Append Only File loaded by DEBUG LOADAOF");
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("AOF write errors", () => {
  test("a full file refuses writes with Redis's MISCONF; what was written stays readable", async () => {
    const dir = tmp();
    // A 64 KB file size limit (ulimit -f, SIGXFSZ ignored): appends past it fail with EFBIG.
    const port = await freePort();
    const proc = spawn("sh", ["-c", `ulimit -f 128; trap '' XFSZ; exec "${process.execPath}" "${MAIN}" --port ${port} --dir "${dir}" --save "" --appendonly yes`]);
    let out = "";
    proc.stdout!.on("data", (d) => (out += d));
    const s: Server = { proc, port, log: () => out, exited: new Promise((r) => proc.on("exit", (code) => r(code))) };
    running.push(s);
    while (!/Ready to accept connections/.test(out) && proc.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    const c = client(s);
    const big = "x".repeat(4096);
    let written = 0;
    let error = "";
    for (let i = 0; i < 40 && !error; i++) {
      try {
        await c.set(`k${i}`, big);
        written = i + 1;
        await new Promise((r) => setTimeout(r, 5)); // let the once-per-turn write happen
      } catch (e) {
        error = (e as Error).message;
      }
    }
    expect(error).toBe("MISCONF Errors writing to the AOF file: File too large");
    expect(out).toContain("Error writing to the AOF file: File too large");
    expect(written).toBeGreaterThan(5);
    expect(await c.get("k0")).toBe(big); // reads still work
    await expect(c.call("PING")).rejects.toThrow("MISCONF Errors writing to the AOF file: File too large");
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("AOF without the RDB preamble", () => {
  test("the base is the dataset as commands, as Redis writes them, and loads back", async () => {
    const dir = tmp();
    let s = await start("respite", dir, ["--appendonly", "yes", "--aof-use-rdb-preamble", "no"]);
    let c = client(s);
    await loadDataset(c);
    const digest = await c.call("DEBUG", "DIGEST");
    await c.bgrewriteaof();
    await waitRewrite(c);
    expect(manifest(dir)).toBe("file appendonly.aof.2.base.aof seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n");
    const base = readFileSync(join(aofDir(dir), "appendonly.aof.2.base.aof"), "latin1");
    expect(base.startsWith("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n")).toBe(true);
    await stop(s);
    s = await start("respite", dir, ["--appendonly", "yes", "--aof-use-rdb-preamble", "no"]);
    c = client(s);
    expect(await c.call("DEBUG", "DIGEST")).toBe(digest);
    rmSync(dir, { recursive: true, force: true });
  });

  test("one key of each kind is written command for command as redis-server 7.0.15 writes it", async () => {
    const dir = tmp();
    const s = await start("respite", dir, ["--appendonly", "yes", "--aof-use-rdb-preamble", "no"]);
    const c = client(s);
    // one key per db, so that the dict order cannot matter
    const script: string[][] = [
      ["RPUSH", "l", "a", "1", "b"], ["SADD", "si", "1", "2", "3"], ["ZADD", "z", "1.5", "a", "inf", "b"],
      ["HSET", "h", "f", "v"], ["SET", "k", "v"], ["XADD", "s", "1-1", "a", "1", "b", "2"], ["XADD", "s", "2-1", "c", "3"],
      ["XADD", "s", "3-1", "d", "4"], ["XDEL", "s", "3-1"], ["XGROUP", "CREATE", "s", "g", "0"],
      ["XREADGROUP", "GROUP", "g", "alice", "COUNT", "1", "STREAMS", "s", ">"], ["XGROUP", "CREATECONSUMER", "s", "g", "bob"],
      ["XADD", "e", "5-5", "x", "y"], ["XDEL", "e", "5-5"],
    ];
    let db = 0;
    for (const cmd of script) {
      if (cmd[0] !== "XDEL" && cmd[0] !== "XGROUP" && cmd[0] !== "XREADGROUP" && !(cmd[0] === "XADD" && cmd[2] !== "1-1" && cmd[1] === "s")) await c.select(db++);
      await c.call(cmd[0], ...cmd.slice(1));
    }
    await c.bgrewriteaof();
    await waitRewrite(c);
    const base = readFileSync(join(aofDir(dir), "appendonly.aof.2.base.aof"), "latin1");
    // XCLAIM carries the delivery time: compare it apart
    const times = [...base.matchAll(/TIME\r\n\$13\r\n(\d{13})\r\n/g)].map((m) => m[1]);
    expect(times.length).toBe(1);
    const expected = [
      "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*5\r\n$5\r\nRPUSH\r\n$1\r\nl\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n",
      "*2\r\n$6\r\nSELECT\r\n$1\r\n1\r\n*5\r\n$4\r\nSADD\r\n$2\r\nsi\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n",
      "*2\r\n$6\r\nSELECT\r\n$1\r\n2\r\n*6\r\n$4\r\nZADD\r\n$1\r\nz\r\n$3\r\n1.5\r\n$1\r\na\r\n$3\r\ninf\r\n$1\r\nb\r\n",
      "*2\r\n$6\r\nSELECT\r\n$1\r\n3\r\n*4\r\n$5\r\nHMSET\r\n$1\r\nh\r\n$1\r\nf\r\n$1\r\nv\r\n",
      "*2\r\n$6\r\nSELECT\r\n$1\r\n4\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n",
      "*2\r\n$6\r\nSELECT\r\n$1\r\n5\r\n*7\r\n$4\r\nXADD\r\n$1\r\ns\r\n$3\r\n1-1\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n" +
        "*5\r\n$4\r\nXADD\r\n$1\r\ns\r\n$3\r\n2-1\r\n$1\r\nc\r\n$1\r\n3\r\n" +
        "*7\r\n$6\r\nXSETID\r\n$1\r\ns\r\n$3\r\n3-1\r\n$12\r\nENTRIESADDED\r\n$1\r\n3\r\n$12\r\nMAXDELETEDID\r\n$3\r\n3-1\r\n" +
        "*7\r\n$6\r\nXGROUP\r\n$6\r\nCREATE\r\n$1\r\ns\r\n$1\r\ng\r\n$3\r\n1-1\r\n$11\r\nENTRIESREAD\r\n$2\r\n-1\r\n" +
        `*12\r\n$6\r\nXCLAIM\r\n$1\r\ns\r\n$1\r\ng\r\n$5\r\nalice\r\n$1\r\n0\r\n$3\r\n1-1\r\n$4\r\nTIME\r\n$13\r\n${times[0]}\r\n$10\r\nRETRYCOUNT\r\n$1\r\n1\r\n$6\r\nJUSTID\r\n$5\r\nFORCE\r\n` +
        "*5\r\n$6\r\nXGROUP\r\n$14\r\nCREATECONSUMER\r\n$1\r\ns\r\n$1\r\ng\r\n$3\r\nbob\r\n",
      "*2\r\n$6\r\nSELECT\r\n$1\r\n6\r\n*7\r\n$4\r\nXADD\r\n$1\r\ne\r\n$6\r\nMAXLEN\r\n$1\r\n0\r\n$3\r\n0-1\r\n$1\r\nx\r\n$1\r\ny\r\n" +
        "*7\r\n$6\r\nXSETID\r\n$1\r\ne\r\n$3\r\n5-5\r\n$12\r\nENTRIESADDED\r\n$1\r\n1\r\n$12\r\nMAXDELETEDID\r\n$3\r\n5-5\r\n",
    ].join("");
    expect(base).toBe(expected);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe.skipIf(!LIVE)("AOF with redis-server 7.0.15 (live: needs redis-server)", () => {
  test("redis-server loads Respite's appendonly dir; Respite loads redis-server's; redis-check-aof accepts ours", async () => {
    const variants = [["respite", "redis", "yes"], ["redis", "respite", "yes"], ["respite", "redis", "no"], ["redis", "respite", "no"]] as const;
    for (const [writer, reader, preamble] of variants) {
      const dir = tmp();
      let s = await start(writer, dir, ["--appendonly", "yes", "--aof-use-rdb-preamble", preamble]);
      let c = client(s);
      await loadDataset(c);
      await c.bgrewriteaof(); // a base with data + an incr with more
      await waitRewrite(c);
      await c.set("after-rewrite", "1");
      await c.select(5);
      await c.rpush("l5", "a", "b");
      await c.select(0);
      const digest = await c.call("DEBUG", "DIGEST");
      await stop(s);
      if (writer === "respite") {
        const out = execFileSync("redis-check-aof", [join(aofDir(dir), "appendonly.aof.manifest")]).toString();
        expect(out).toContain("All AOF files and manifest are valid");
      }
      s = await start(reader, dir, ["--appendonly", "yes"]);
      c = client(s);
      expect(await c.call("DEBUG", "DIGEST")).toBe(digest);
      await stop(s);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30000);
});

describe("SHUTDOWN", () => {
  test("flags, errors, SAVE / NOSAVE and the exit", async () => {
    const dir = tmp();
    let s = await start("respite", dir, ["--save", "3600 1"]);
    let c = client(s);
    await expect(c.call("SHUTDOWN", "ABORT")).rejects.toThrow("ERR No shutdown in progress.");
    await expect(c.call("SHUTDOWN", "FOO")).rejects.toThrow("ERR syntax error");
    await expect(c.call("SHUTDOWN", "SAVE", "NOSAVE")).rejects.toThrow("ERR syntax error");
    await expect(c.call("SHUTDOWN", "ABORT", "NOW")).rejects.toThrow("ERR syntax error");
    await c.set("k", "v");
    c.call("SHUTDOWN", "NOSAVE").catch(() => undefined); // no reply: the connection closes
    expect(await s.exited).toBe(0);
    expect(existsSync(join(dir, "dump.rdb"))).toBe(false);
    s = await start("respite", dir);
    c = client(s);
    await c.set("k", "v");
    c.call("SHUTDOWN", "SAVE").catch(() => undefined);
    expect(await s.exited).toBe(0);
    expect(s.log()).toContain("User requested shutdown...");
    expect(s.log()).toContain("Saving the final RDB snapshot before exiting.");
    expect(existsSync(join(dir, "dump.rdb"))).toBe(true);
    s = await start("respite", dir, ["--appendonly", "yes"]);
    c = client(s);
    await c.set("a", "1");
    await stop(s); // SIGTERM: the AOF is fsynced and closed
    expect(s.log()).toContain("Calling fsync() on the AOF file.");
    rmSync(dir, { recursive: true, force: true });
  });
});
