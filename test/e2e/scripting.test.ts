// scripting.test.ts — Lua scripts against a real Respite TCP server: busy scripts (another
// client gets -BUSY, SCRIPT KILL / FUNCTION KILL stop them, a script that wrote is
// UNKILLABLE, the server keeps serving sockets while a script loops), ioredis's EVALSHA-first
// custom commands, FUNCTION DUMP / RESTORE round trips, and BullMQ (whose queues are Lua
// scripts throughout) processing jobs through a Queue and a Worker.

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import net from "node:net";
import Redis from "ioredis";
import { Queue, Worker, QueueEvents } from "bullmq";
import { startTestServer, TestServer } from "./server.js";
import { encodeCommand, RespDecoder, Reply } from "../../host/core/resp.js";

let srv: TestServer;
beforeAll(async () => { srv = await startTestServer(); });
afterAll(async () => { await srv.close(); });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A raw client: send commands, await decoded replies in order. */
class Client {
  private dec = new RespDecoder();
  private waiting: ((r: Reply) => void)[] = [];
  constructor(readonly sock: net.Socket) {
    sock.on("data", (d) => {
      this.dec.push(d);
      for (let r = this.dec.next(); r !== undefined; r = this.dec.next()) this.waiting.shift()?.(r);
    });
  }
  static connect(): Promise<Client> {
    return new Promise((resolve, reject) => {
      const s = net.connect(srv.port, "127.0.0.1", () => resolve(new Client(s)));
      s.once("error", reject);
    });
  }
  send(...args: string[]): Promise<Reply> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.sock.write(encodeCommand(args));
    });
  }
  close(): void { this.sock.destroy(); }
}

const msg = (r: Reply) => (r instanceof Error ? r.message : r);

describe("busy scripts", () => {
  test("others get -BUSY while a script loops; SCRIPT KILL ends it; the server keeps serving", async () => {
    const a = await Client.connect();
    const b = await Client.connect();
    expect(await b.send("CONFIG", "SET", "busy-reply-threshold", "100")).toBe("OK");
    expect(await b.send("SCRIPT", "KILL")).toHaveProperty("message", "NOTBUSY No scripts in execution right now.");
    const started = Date.now();
    const looping = a.send("EVAL", "local i = 0 while true do i = i + 1 end", "0");
    await sleep(300);
    // The event loop is alive: b's commands are read and answered while the script runs.
    expect(msg(await b.send("PING"))).toBe("BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.");
    expect(msg(await b.send("GET", "k"))).toMatch(/^BUSY /);
    expect(msg(await b.send("FUNCTION", "KILL"))).toBe("BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.");
    expect(msg(await b.send("FUNCTION", "STATS"))).toMatch(/^BUSY /);
    expect(await b.send("SCRIPT", "KILL")).toBe("OK");
    const r = await looping;
    expect(msg(r)).toMatch(/^ERR Script killed by user with SCRIPT KILL\.\.\. script: [0-9a-f]{40}, on @user_script:1\.$/);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await b.send("PING")).toBe("PONG");
    expect(await a.send("PING")).toBe("PONG"); // the killed script's client goes on
    a.close();
    b.close();
  });

  test("pcall cannot swallow the kill; commands pipelined behind the script run after it", async () => {
    const a = await Client.connect();
    const b = await Client.connect();
    await b.send("CONFIG", "SET", "busy-reply-threshold", "100");
    const looping = a.send("EVAL", "while true do pcall(function() while true do end end) end", "0");
    const after = a.send("SET", "after", "1");
    await sleep(300);
    expect(await b.send("SCRIPT", "KILL")).toBe("OK");
    expect(msg(await looping)).toMatch(/^ERR Script killed by user/);
    expect(await after).toBe("OK");
    a.close();
    b.close();
  });

  test("a script that wrote is UNKILLABLE; it still ends on its own and its writes stay", async () => {
    const a = await Client.connect();
    const b = await Client.connect();
    await b.send("CONFIG", "SET", "busy-reply-threshold", "100");
    const t0 = Date.now();
    const spin = "redis.call('set', KEYS[1], 'v') " +
      "local function ms() local t = redis.call('time') return t[1] * 1000 + t[2] / 1000 end " +
      "local start = ms() while ms() < start + 1000 do end return 'done'";
    const running = a.send("EVAL", spin, "1", "wk");
    await sleep(300);
    expect(msg(await b.send("SCRIPT", "KILL"))).toMatch(/^UNKILLABLE Sorry the script already executed write commands/);
    const r = await running;
    expect(r).toBe("done");
    expect(Date.now() - t0).toBeGreaterThan(300);
    expect(await b.send("GET", "wk")).toBe("v");
    a.close();
    b.close();
  }, 10000);

  test("FUNCTION KILL stops a busy function; FUNCTION STATS shows it; SCRIPT KILL does not", async () => {
    const a = await Client.connect();
    const b = await Client.connect();
    await b.send("CONFIG", "SET", "busy-reply-threshold", "100");
    expect(await b.send("FUNCTION", "LOAD", "REPLACE", "#!lua name=busy\nredis.register_function('spin', function() while true do end end)")).toBe("busy");
    const spinning = a.send("FCALL", "spin", "0");
    await sleep(300);
    expect(msg(await b.send("PING"))).toBe("BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.");
    const stats = (await b.send("FUNCTION", "STATS")) as Reply[];
    expect(stats[0]).toBe("running_script");
    const running = stats[1] as Reply[];
    expect(running.slice(0, 4)).toEqual(["name", "spin", "command", ["FCALL", "spin", "0"]]);
    expect(msg(await b.send("SCRIPT", "KILL"))).toBe("BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.");
    expect(await b.send("FUNCTION", "KILL")).toBe("OK");
    expect(msg(await spinning)).toBe("ERR Script killed by user with SCRIPT KILL... script: spin, on @user_function:2.");
    a.close();
    b.close();
  });
});

describe("scripts through clients", () => {
  test("ioredis defineCommand (EVALSHA, NOSCRIPT fallback to EVAL), KEYS/ARGV, errors", async () => {
    const r = new Redis({ port: srv.port, host: "127.0.0.1", lazyConnect: true, maxRetriesPerRequest: 1 });
    await r.connect();
    await r.script("FLUSH");
    r.defineCommand("incrTwice", { numberOfKeys: 1, lua: "redis.call('incr', KEYS[1]) return redis.call('incrby', KEYS[1], ARGV[1])" });
    const rr = r as unknown as { incrTwice(k: string, by: number): Promise<number> };
    expect(await rr.incrTwice("io:cnt", 10)).toBe(11);
    expect(await rr.incrTwice("io:cnt", 10)).toBe(22);
    await expect(r.eval("return redis.call('nosuch')", 0)).rejects.toThrow(/Unknown Redis command called from script/);
    expect(await r.eval("return {1, 'two', {3}}", 0)).toEqual([1, "two", [3]]);
    r.disconnect();
  });

  test("FUNCTION DUMP / RESTORE round trip, byte-identical to redis-server 7.0.15's payload", async () => {
    const c = await Client.connect();
    await c.send("FUNCTION", "FLUSH");
    const code = "#!lua name=d1\nredis.register_function('d1f', function() return 'd1' end)";
    expect(await c.send("FUNCTION", "LOAD", code)).toBe("d1");
    const dump = (await new Promise<Buffer>((resolve) => {
      c.sock.once("data", (d) => resolve(d));
      c.sock.write(encodeCommand(["FUNCTION", "DUMP"]));
    }));
    // $85\r\n<payload>\r\n: the bytes redis-server 7.0.15 produces for this library (an
    // RDB_OPCODE_FUNCTION2 record, RDB version 10, CRC-64), as test/compat/goldens/functions.json shows.
    const payload = dump.subarray(dump.indexOf("\r\n") + 2, dump.length - 2);
    const fromRedis = Buffer.concat([Buffer.from("f54048", "hex"), Buffer.from(code), Buffer.from("0a001053bead7ae4cfbd", "hex")]);
    expect(payload).toEqual(fromRedis);
    const restoreArgs = (p: Buffer, policy?: string) => {
      const args: (string | Buffer)[] = ["FUNCTION", "RESTORE", p];
      if (policy) args.push(policy);
      return new Promise<string>((resolve) => {
        c.sock.once("data", (d) => resolve(d.toString("latin1")));
        c.sock.write(encodeCommand(args as never));
      });
    };
    expect(await restoreArgs(payload)).toBe("-ERR Library d1 already exists\r\n");
    expect(await restoreArgs(payload, "REPLACE")).toBe("+OK\r\n");
    expect(await restoreArgs(payload, "FLUSH")).toBe("+OK\r\n");
    expect(await c.send("FCALL", "d1f", "0")).toBe("d1");
    const bad = Buffer.from(payload);
    bad[5] ^= 1;
    expect(await restoreArgs(bad)).toBe("-ERR DUMP payload version or checksum are wrong\r\n");
    c.close();
  });
});

describe("BullMQ", () => {
  test("a Queue and a Worker process jobs (Lua scripts end to end)", async () => {
    const connection = { host: "127.0.0.1", port: srv.port, maxRetriesPerRequest: null };
    const name = `q${Date.now()}`;
    const queue = new Queue(name, { connection });
    const events = new QueueEvents(name, { connection });
    await events.waitUntilReady();
    const done: number[] = [];
    const worker = new Worker(name, async (job) => {
      if (job.data.fail) throw new Error("job failed on purpose");
      done.push(job.data.n);
      return job.data.n * 2;
    }, { connection, concurrency: 2 });
    const jobs = await queue.addBulk([1, 2, 3, 4, 5].map((n) => ({ name: "double", data: { n } })));
    const failing = await queue.add("fail", { fail: true }, { attempts: 1 });
    const delayed = await queue.add("later", { n: 6 }, { delay: 200 });
    const results = await Promise.all(jobs.map((j) => j.waitUntilFinished(events, 10000)));
    expect(results).toEqual([2, 4, 6, 8, 10]);
    await expect(failing.waitUntilFinished(events, 10000)).rejects.toThrow("job failed on purpose");
    expect(await delayed.waitUntilFinished(events, 10000)).toBe(12);
    expect(done.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    const counts = await queue.getJobCounts("completed", "failed", "waiting", "active", "delayed");
    expect(counts).toMatchObject({ completed: 6, failed: 1, waiting: 0, active: 0, delayed: 0 });
    await worker.close();
    await events.close();
    await queue.obliterate({ force: true });
    await queue.close();
  }, 30000);
});
