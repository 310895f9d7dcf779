// stream-blocking.test.ts — XREAD / XREADGROUP with BLOCK and several clients, run through the
// embedding API (Connection.feed + onData) and against a live redis-server 7.0.15 when one is
// installed. Each scenario is a script of steps on numbered clients; what each client received
// (its whole byte stream) must equal the goldens recorded from redis-server
// (goldens/stream-blocking.json; RECORD_STREAM_BLOCKING=1 re-records them). The differential
// script (test/compat/scripts/stream.txt) covers everything that does not wait.
//
// Covered: every XREAD waiter served by one XADD (streams are not consumed), `$` resolved when
// the client blocks (a re-created stream with smaller IDs serves nobody), explicit IDs,
// COUNT and the default of 1000 for blocked reads, several keys, streams that appear through
// RENAME / XGROUP CREATE MKSTREAM / SWAPDB, a waited-on key that becomes a list, XREADGROUP
// waiters of one group sharing new entries one consumer at a time (and of different groups
// all served), NOACK, XGROUP DESTROY ending waits with -NOGROUP, timeouts (RESP2 and RESP3
// nulls), RESP3 maps when served, CLIENT UNBLOCK, the writer's pipeline seeing waiters served
// before its next command; plus the propagation of served XREADGROUPs.

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRespite } from "../../host/node/index.js";
import type { Respite } from "../../host/embed.js";
import { redisAvailable, RedisProcess } from "../compat/runner.js";
import { embeddedDriver, runScenario as run, S, type Scenario, tcpDriver } from "./scenarios.js";

const here = dirname(fileURLToPath(import.meta.url));
const goldenPath = join(here, "goldens", "stream-blocking.json");
const RECORD = process.env.RECORD_STREAM_BLOCKING === "1";
const LIVE = redisAvailable();


const many = (key: string, n: number): string[][] =>
  Array.from({ length: n }, (_, i) => ["XADD", key, `${i + 1}-0`, "f", String(i + 1)]);

const scenarios: Scenario[] = [
  {
    name: "every XREAD waiter is served by one XADD; $ is the last ID when the client blocked",
    clients: 3,
    steps: [S(0, "XREAD", "BLOCK", "0", "STREAMS", "s", "$"), S(1, "XREAD", "BLOCK", "0", "STREAMS", "s", "$"),
      S(2, "XADD", "s", "1-0", "f", "v"), S(2, "XADD", "s", "2-0", "f", "w"),
      S(0, "XREAD", "BLOCK", "0", "STREAMS", "s", "$"), S(1, "XREAD", "BLOCK", "0", "STREAMS", "s", "1-0"),
      S(2, "XADD", "s", "3-0", "g", "x", "h", "y")],
  },
  {
    name: "several keys: only the ready key's entries are replied",
    clients: 2,
    steps: [S(0, "XREAD", "BLOCK", "0", "STREAMS", "a", "b", "$", "$"), S(1, "XADD", "b", "1-0", "f", "v"),
      S(1, "XADD", "a", "5-0", "f", "v"), S(0, "XREAD", "BLOCK", "0", "STREAMS", "a", "b", "$", "0"),
      S(0, "XREAD", "BLOCK", "0", "STREAMS", "b", "b", "$", "0"), S(1, "XADD", "b", "2-0", "f", "v")],
  },
  {
    name: "COUNT, and the default of 1000 entries for a blocked read",
    clients: 3,
    steps: [S(0, "XREAD", "BLOCK", "0", "COUNT", "2", "STREAMS", "s", "0-0"),
      S(1, "XREAD", "BLOCK", "0", "STREAMS", "big", "0"),
      { c: 2, pipeline: many("src", 5) }, S(2, "RENAME", "src", "s"),
      { c: 2, pipeline: many("tmp", 1005) }, S(2, "RENAME", "tmp", "big"), S(2, "XLEN", "big")],
  },
  {
    name: "a stream re-created with smaller IDs serves nobody until it passes the ID waited for",
    clients: 2,
    steps: [S(1, "XADD", "s", "5-0", "f", "v"), S(0, "XREAD", "BLOCK", "0", "STREAMS", "s", "$"),
      S(1, "DEL", "s"), S(1, "LPUSH", "s", "x"), S(1, "DEL", "s"), S(1, "XADD", "s", "1-0", "f", "v"),
      S(1, "XADD", "s", "5-0", "f", "v"), S(1, "XADD", "s", "6-0", "f", "v")],
  },
  {
    name: "streams appearing through XGROUP CREATE MKSTREAM and SWAPDB",
    clients: 2,
    steps: [S(0, "XREAD", "BLOCK", "0", "STREAMS", "s", "$"), S(1, "SELECT", "1"), S(1, "XADD", "s", "1-0", "f", "v"),
      S(1, "SELECT", "0"), S(1, "SWAPDB", "0", "1"), S(0, "XREAD", "BLOCK", "0", "STREAMS", "m", "$"),
      S(1, "XGROUP", "CREATE", "m", "g", "$", "MKSTREAM"), S(1, "XADD", "m", "1-0", "f", "v")],
  },
  {
    name: "XREADGROUP waiters of one group get new entries one consumer at a time",
    clients: 3,
    steps: [S(2, "XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"),
      S(0, "XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", "s", ">"),
      S(1, "XREADGROUP", "GROUP", "g", "bob", "BLOCK", "0", "STREAMS", "s", ">"),
      S(2, "XADD", "s", "1-0", "f", "v"), S(2, "XPENDING", "s", "g"), S(2, "XADD", "s", "2-0", "f", "v"),
      S(2, "XPENDING", "s", "g"), S(2, "XINFO", "GROUPS", "s")],
  },
  {
    name: "XREADGROUP waiters of different groups are all served; NOACK adds nothing pending",
    clients: 3,
    steps: [S(2, "XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"), S(2, "XGROUP", "CREATE", "s", "h", "$"),
      S(0, "XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", "s", ">"),
      S(1, "XREADGROUP", "GROUP", "h", "bob", "NOACK", "BLOCK", "0", "COUNT", "1", "STREAMS", "s", ">"),
      S(2, "XADD", "s", "1-0", "f", "v"), S(2, "XPENDING", "s", "g"), S(2, "XPENDING", "s", "h"),
      S(2, "XINFO", "GROUPS", "s")],
  },
  {
    name: "XGROUP DESTROY ends the group's waits with NOGROUP; XREAD waiters keep waiting",
    clients: 3,
    steps: [S(2, "XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"),
      S(0, "XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", "s", ">"),
      S(1, "XREAD", "BLOCK", "0", "STREAMS", "s", "$"), S(2, "XGROUP", "DESTROY", "s", "g"),
      S(2, "XADD", "s", "1-0", "f", "v")],
  },
  {
    name: "a waiter on a key that became a list is not served by it",
    clients: 3,
    steps: [S(0, "XREAD", "BLOCK", "0", "STREAMS", "k", "$"), S(1, "BLPOP", "k", "0"), S(2, "RPUSH", "k", "x", "y"),
      S(2, "LLEN", "k"), S(2, "DEL", "k"), S(2, "XADD", "k", "1-0", "f", "v")],
  },
  {
    name: "timeouts: null array in RESP2, null in RESP3",
    clients: 1,
    steps: [S(0, "XREAD", "BLOCK", "50", "STREAMS", "s", "$"), { sleep: 300 },
      S(0, "XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"),
      S(0, "XREADGROUP", "GROUP", "g", "c", "BLOCK", "50", "STREAMS", "s", ">"), { sleep: 300 },
      { c: 0, hide: ["HELLO", "3"] }, S(0, "XREAD", "BLOCK", "50", "STREAMS", "s", "$"), { sleep: 300 },
      S(0, "XINFO", "GROUPS", "s")],
  },
  {
    name: "RESP3 clients are served maps",
    clients: 2,
    steps: [{ c: 0, hide: ["HELLO", "3"] }, S(0, "XREAD", "BLOCK", "0", "STREAMS", "s", "$"),
      S(1, "XADD", "s", "1-0", "f", "v"), S(1, "XGROUP", "CREATE", "s", "g", "$"),
      S(0, "XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">"), S(1, "XADD", "s", "2-0", "f", "v")],
  },
  {
    name: "CLIENT UNBLOCK ends the wait with a timeout or an error",
    clients: 2,
    steps: [S(0, "XREAD", "BLOCK", "0", "STREAMS", "s", "$"), { c: 1, unblock: 0 },
      S(0, "XREAD", "BLOCK", "0", "STREAMS", "s", "$"), { c: 1, unblock: 0, reason: "ERROR" },
      S(1, "XADD", "s", "1-0", "f", "v")],
  },
  {
    name: "the writer's pipeline sees the waiters served before its next command",
    clients: 2,
    steps: [S(1, "XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"),
      S(0, "XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", "s", ">"),
      { c: 1, pipeline: [["XADD", "s", "1-0", "f", "v"], ["XPENDING", "s", "g"], ["XINFO", "GROUPS", "s"]] }],
  },
  {
    name: "a blocked client's pipelined commands run after it is served",
    clients: 2,
    steps: [{ c: 0, pipeline: [["XREAD", "BLOCK", "0", "STREAMS", "s", "$"], ["XLEN", "s"], ["PING"]] },
      S(1, "XADD", "s", "1-0", "f", "v")],
  },
];

let goldens: Record<string, string[]> = existsSync(goldenPath) ? JSON.parse(readFileSync(goldenPath, "utf8")) : {};
let redis: RedisProcess | null = null;
let db: Respite;

beforeAll(async () => {
  if (LIVE || RECORD) redis = await RedisProcess.start();
  if (RECORD) {
    const rd = tcpDriver("redis", redis!.port);
    goldens = {};
    for (const sc of scenarios) goldens[sc.name] = await run(rd, sc);
    writeFileSync(goldenPath, JSON.stringify(goldens, null, 1) + "\n");
  }
  db = await createRespite({ cron: true });
}, 120000);

afterAll(() => {
  redis?.stop();
  db?.close();
});

describe("stream blocking scenarios vs redis-server 7.0.15", () => {
  for (const sc of scenarios) {
    test(`embedded: ${sc.name}`, async () => {
      expect(goldens[sc.name], "no goldens: RECORD_STREAM_BLOCKING=1").toBeDefined();
      expect(await run(embeddedDriver(db), sc)).toEqual(goldens[sc.name]);
    });
    test.runIf(LIVE)(`live redis: ${sc.name}`, async () => {
      expect(await run(tcpDriver("redis", redis!.port), sc)).toEqual(goldens[sc.name]);
    });
  }
});

describe("propagation of served XREADGROUP", () => {
  test("a read served later is replicated as XCLAIM, like one served at once", async () => {
    const rdb = await createRespite({ cron: false });
    (rdb.core as unknown as { now: () => number }).now = () => 5000;
    const x = rdb.core.engine.x as unknown as {
      memory: WebAssembly.Memory; setPropagation(on: boolean): void;
      effectsPtr(): number; effectsLength(): number; effectsReset(): void;
    };
    x.setPropagation(true);
    const log: string[] = [];
    const core = rdb.core as unknown as { afterExec: () => void };
    const orig = core.afterExec?.bind(rdb.core);
    core.afterExec = () => {
      const p = x.effectsPtr() >>> 0;
      const n = x.effectsLength();
      const v = new DataView(x.memory.buffer);
      for (let o = 0; o < n;) {
        const kind = v.getUint8(p + o);
        const len = v.getUint32(p + o + 5, true);
        if (kind === 1) {
          const cmd = new TextDecoder().decode(new Uint8Array(x.memory.buffer, p + o + 9, len));
          log.push(cmd.split("\r\n").filter((_, i) => i > 0 && i % 2 === 0).join(" "));
        }
        o += 9 + len;
      }
      orig?.();
    };
    const a = rdb.connect();
    const b = rdb.connect();
    a.command("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
    const p1 = a.commandAsync("XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", "s", ">");
    const p2 = b.commandAsync("XREADGROUP", "GROUP", "g", "bob", "NOACK", "BLOCK", "0", "STREAMS", "s", ">");
    const w = rdb.connect();
    w.command("XADD", "s", "1-0", "f", "v");
    w.command("XADD", "s", "2-0", "f", "v");
    expect(await p1).toEqual([["s", [["1-0", ["f", "v"]]]]]);
    expect(await p2).toEqual([["s", [["2-0", ["f", "v"]]]]]);
    expect(log).toEqual([
      "XGROUP CREATE s g $ MKSTREAM",
      "XADD s 1-0 f v",
      "XCLAIM s g alice 0 1-0 TIME 5000 RETRYCOUNT 1 FORCE JUSTID LASTID 1-0",
      "XADD s 2-0 f v",
      "MULTI",
      "XGROUP CREATECONSUMER s g bob",
      "XGROUP SETID s g 2-0 ENTRIESREAD 2",
      "EXEC",
    ]);
    rdb.close();
  });
});
