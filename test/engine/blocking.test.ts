// blocking.test.ts — blocking list commands with several clients, run three ways: through the
// embedding API (Connection.feed + onData), through Respite's TCP server, and against a live
// redis-server 7.0.15 when one is installed. Each scenario is a script of steps on numbered
// clients; what each client received (its whole byte stream) must equal the goldens recorded
// from redis-server (goldens/blocking.json; RECORD_BLOCKING=1 re-records them).
//
// Covered: FIFO service among several waiters, a pusher's pipeline seeing the waiters served
// before its next command, multiple keys, float timeouts (RESP2 and RESP3 nil), keys deleted
// or retyped while clients wait, RENAME / MOVE / SWAPDB waking waiters, BLMOVE chains and a
// BLMOVE whose destination turned into another type, BLMPOP, CLIENT UNBLOCK (TIMEOUT and
// ERROR), a waiter that disconnects, the input a blocked client pipelines or sends while it
// waits, and INFO's blocked_clients. Plus embedding-API specifics (commandAsync) and
// propagation of served commands.

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRespite } from "../../host/node/index.js";
import type { Respite } from "../../host/embed.js";
import { redisAvailable, RedisProcess } from "../compat/runner.js";
import { embeddedDriver, runScenario as run, S, type Scenario, tcpDriver } from "./scenarios.js";
import { startTestServer, TestServer } from "../e2e/server.js";

const here = dirname(fileURLToPath(import.meta.url));
const goldenPath = join(here, "goldens", "blocking.json");
const RECORD = process.env.RECORD_BLOCKING === "1";
const LIVE = redisAvailable();

const scenarios: Scenario[] = [
  {
    name: "waiters are served in the order they blocked",
    clients: 4,
    steps: [S(0, "BLPOP", "q", "0"), S(1, "BLPOP", "q", "0"), S(2, "BRPOP", "q", "0"),
      { c: 3, info: "blocked_clients" }, S(3, "RPUSH", "q", "1", "2", "3", "4"), S(3, "LRANGE", "q", "0", "-1"),
      { c: 3, info: "blocked_clients" }],
  },
  {
    name: "the pusher's next pipelined command runs after the waiters were served",
    clients: 2,
    steps: [S(0, "BLPOP", "q", "0"), { c: 1, pipeline: [["RPUSH", "q", "x"], ["LLEN", "q"], ["EXISTS", "q"]] }],
  },
  {
    name: "fewer elements than waiters: the rest keep waiting",
    clients: 3,
    steps: [S(0, "BLPOP", "q", "0"), S(1, "BLPOP", "q", "0"), S(2, "RPUSH", "q", "one"),
      { c: 2, info: "blocked_clients" }, S(2, "RPUSH", "q", "two"), { c: 2, info: "blocked_clients" }],
  },
  {
    name: "several keys: served from the one that became ready; a key listed twice counts once",
    clients: 2,
    steps: [S(0, "BLPOP", "k1", "k2", "k2", "0"), S(1, "RPUSH", "k2", "v"), S(1, "RPUSH", "k1", "w"),
      S(0, "BRPOP", "k1", "k1", "0")],
  },
  {
    name: "float timeouts, RESP2 and RESP3",
    clients: 1,
    steps: [S(0, "BLPOP", "nokey", "0.1"), { sleep: 400 }, S(0, "BRPOP", "nokey", "nokey2", ".05"), { sleep: 300 },
      S(0, "BLMOVE", "nokey", "dst", "LEFT", "RIGHT", "0.05"), { sleep: 300 },
      S(0, "BRPOPLPUSH", "nokey", "dst", "0.05"), { sleep: 300 },
      S(0, "BLMPOP", "0.05", "1", "nokey", "LEFT", "COUNT", "3"), { sleep: 300 },
      { c: 0, hide: ["HELLO", "3"] }, S(0, "BLPOP", "nokey", "0.05"), { sleep: 300 },
      S(0, "BLMOVE", "nokey", "dst", "LEFT", "RIGHT", "0.05"), { sleep: 300 }, S(0, "EXISTS", "dst")],
  },
  {
    name: "a key deleted or given another type while clients wait does not wake them",
    clients: 2,
    steps: [S(0, "BLPOP", "k", "0"), S(1, "SET", "k", "str"), S(1, "DEL", "k"), S(1, "SADD", "k", "m"),
      S(1, "DEL", "k"), { c: 1, info: "blocked_clients" }, S(1, "LPUSH", "k", "v"), S(1, "EXISTS", "k")],
  },
  {
    name: "RENAME, MOVE and SWAPDB wake waiters",
    clients: 3,
    steps: [S(0, "BLPOP", "dst", "0"), S(1, "RPUSH", "src", "a"), S(1, "RENAME", "src", "dst"),
      S(0, "BLPOP", "mk", "0"), S(1, "SELECT", "1"), S(1, "RPUSH", "mk", "b"), S(1, "MOVE", "mk", "0"),
      S(0, "BLPOP", "sk", "0"), S(1, "RPUSH", "sk", "c"), S(1, "SWAPDB", "0", "1"), S(2, "LRANGE", "sk", "0", "-1"),
      S(1, "DBSIZE")],
  },
  {
    name: "BLMOVE chains",
    clients: 4,
    steps: [S(0, "BLMOVE", "a", "b", "LEFT", "LEFT", "0"), S(1, "BLMOVE", "b", "c", "RIGHT", "RIGHT", "0"),
      S(2, "BRPOPLPUSH", "c", "d", "0"), S(3, "RPUSH", "a", "x"), S(3, "LRANGE", "d", "0", "-1"),
      S(3, "EXISTS", "a", "b", "c")],
  },
  {
    name: "BLMOVE to a destination of another type: WRONGTYPE, nothing popped",
    clients: 2,
    steps: [S(0, "BLMOVE", "src", "dst", "LEFT", "LEFT", "0"), S(1, "SET", "dst", "str"), S(1, "RPUSH", "src", "x"),
      S(1, "LLEN", "src"), S(0, "PING")],
  },
  {
    name: "BLMPOP served from a ready key with COUNT",
    clients: 2,
    steps: [S(0, "BLMPOP", "0", "2", "k1", "k2", "RIGHT", "COUNT", "2"), S(1, "RPUSH", "k2", "a", "b", "c"),
      S(1, "LRANGE", "k2", "0", "-1"), S(0, "BLMPOP", "0", "1", "k1", "LEFT", "COUNT", "5"), S(1, "RPUSH", "k1", "z"),
      S(1, "EXISTS", "k1")],
  },
  {
    name: "CLIENT UNBLOCK with TIMEOUT and ERROR",
    clients: 2,
    steps: [S(0, "BLPOP", "q", "0"), { c: 1, unblock: 0 }, S(0, "BLMOVE", "q", "r", "LEFT", "LEFT", "0"),
      { c: 1, unblock: 0, reason: "ERROR" }, { c: 1, unblock: 0 }, { c: 1, unblock: 0, reason: "error" },
      { c: 0, hide: ["HELLO", "3"] }, S(0, "BRPOP", "q", "0"), { c: 1, unblock: 0, reason: "TIMEOUT" },
      S(1, "CLIENT", "UNBLOCK", "x"), S(1, "CLIENT", "UNBLOCK", "1", "maybe")],
  },
  {
    name: "a waiter that disconnects is forgotten",
    clients: 3,
    steps: [S(0, "BLPOP", "q", "0"), S(1, "BLPOP", "q", "0"), { close: 0 }, { c: 2, info: "blocked_clients" },
      S(2, "RPUSH", "q", "x", "y"), S(2, "LRANGE", "q", "0", "-1"), { c: 2, info: "blocked_clients" }],
  },
  {
    name: "input a blocked client pipelines or sends while waiting runs after it is served",
    clients: 2,
    steps: [{ c: 0, pipeline: [["BLPOP", "q", "0"], ["PING"], ["BLPOP", "q2", "0"], ["ECHO", "after"]] },
      S(0, "ECHO", "sent while blocked"), S(1, "RPUSH", "q", "x"), S(1, "RPUSH", "q2", "y"),
      S(0, "ECHO", "done")],
  },
  {
    name: "timeout 0 waits while other keys change; a pushed list of many elements serves everyone",
    clients: 4,
    steps: [S(0, "BLPOP", "q", "0"), S(1, "BRPOP", "q", "0"), S(2, "BLMPOP", "0", "1", "q", "LEFT", "COUNT", "2"),
      S(3, "RPUSH", "other", "1"), { sleep: 150 }, { c: 3, info: "blocked_clients" },
      S(3, "RPUSH", "q", "a", "b", "c", "d", "e", "f"), S(3, "LRANGE", "q", "0", "-1")],
  },
];

// ---- the tests ------------------------------------------------------------------------------

let goldens: Record<string, string[]> = existsSync(goldenPath) ? JSON.parse(readFileSync(goldenPath, "utf8")) : {};
let redis: RedisProcess | null = null;
let tcp: TestServer;
let db: Respite;

beforeAll(async () => {
  if (LIVE || RECORD) redis = await RedisProcess.start();
  if (RECORD) {
    const rd = tcpDriver("redis", redis!.port);
    goldens = {};
    for (const sc of scenarios) goldens[sc.name] = await run(rd, sc);
    writeFileSync(goldenPath, JSON.stringify(goldens, null, 1) + "\n");
  }
  tcp = await startTestServer();
  db = await createRespite({ cron: true });
}, 120000);

afterAll(async () => {
  redis?.stop();
  await tcp?.close();
  db?.close();
});

describe("blocking scenarios vs redis-server 7.0.15", () => {
  for (const sc of scenarios) {
    test(`embedded: ${sc.name}`, async () => {
      expect(goldens[sc.name], "no goldens: RECORD_BLOCKING=1").toBeDefined();
      expect(await run(embeddedDriver(db), sc)).toEqual(goldens[sc.name]);
    });
    test(`tcp: ${sc.name}`, async () => {
      expect(await run(tcpDriver("respite", tcp.port), sc)).toEqual(goldens[sc.name]);
    });
    test.runIf(LIVE)(`live redis: ${sc.name}`, async () => {
      expect(await run(tcpDriver("redis", redis!.port), sc)).toEqual(goldens[sc.name]);
    });
  }
});
