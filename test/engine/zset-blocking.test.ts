// zset-blocking.test.ts — BZPOPMIN / BZPOPMAX / BZMPOP with several clients, run through the
// embedding API (Connection.feed + onData) and against a live redis-server 7.0.15 when one is
// installed. Each scenario is a script of steps on numbered clients; what each client received
// (its whole byte stream) must equal the goldens recorded from redis-server
// (goldens/zset-blocking.json; RECORD_ZSET_BLOCKING=1 re-records them). The differential
// script (test/compat/scripts/zset.txt) covers everything that does not wait.
//
// Covered: FIFO service of mixed BZPOPMIN / BZPOPMAX / BZMPOP waiters, fewer members than
// waiters, several keys, float timeouts (RESP2 and RESP3 nulls), RESP3 replies of served
// clients, zsets appearing through ZUNIONSTORE / ZRANGESTORE / ZINCRBY / RENAME / COPY,
// a waited-on key that becomes a list (a BLPOP waiter of the same key is served instead),
// skiplist-encoded sets, CLIENT UNBLOCK, and propagation of served pops.

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRespite } from "../../host/node/index.js";
import type { Respite } from "../../host/embed.js";
import { redisAvailable, RedisProcess } from "../compat/runner.js";
import { embeddedDriver, runScenario as run, S, type Scenario, tcpDriver } from "./scenarios.js";

const here = dirname(fileURLToPath(import.meta.url));
const goldenPath = join(here, "goldens", "zset-blocking.json");
const RECORD = process.env.RECORD_ZSET_BLOCKING === "1";
const LIVE = redisAvailable();


const scenarios: Scenario[] = [
  {
    name: "mixed waiters are served in the order they blocked",
    clients: 4,
    steps: [S(0, "BZPOPMIN", "z", "0"), S(1, "BZPOPMAX", "z", "0"), S(2, "BZMPOP", "0", "1", "z", "MIN", "COUNT", "2"),
      S(3, "ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e", "6", "f"), S(3, "ZRANGE", "z", "0", "-1", "WITHSCORES")],
  },
  {
    name: "fewer members than waiters: the rest keep waiting",
    clients: 3,
    steps: [S(0, "BZPOPMIN", "z", "0"), S(1, "BZMPOP", "0", "1", "z", "MAX", "COUNT", "5"), S(2, "ZADD", "z", "1", "a"),
      S(2, "EXISTS", "z"), S(2, "ZADD", "z", "1", "x", "2", "y"), S(2, "EXISTS", "z")],
  },
  {
    name: "several keys: served from the one that became ready; a key listed twice counts once",
    clients: 2,
    steps: [S(0, "BZPOPMAX", "k1", "k2", "k2", "0"), S(1, "ZADD", "k2", "5", "v"), S(1, "ZADD", "k1", "1", "w"),
      S(0, "BZMPOP", "0", "3", "k3", "k1", "k3", "MIN"), S(1, "ZADD", "k3", "7", "seven")],
  },
  {
    name: "float timeouts, RESP2 and RESP3",
    clients: 1,
    steps: [S(0, "BZPOPMIN", "nokey", "0.1"), { sleep: 400 }, S(0, "BZPOPMAX", "nokey", "nokey2", ".05"), { sleep: 300 },
      S(0, "BZMPOP", "0.05", "1", "nokey", "MIN"), { sleep: 300 }, { c: 0, hide: ["HELLO", "3"] },
      S(0, "BZPOPMIN", "nokey", "0.05"), { sleep: 300 }, S(0, "BZMPOP", "0.05", "2", "a", "b", "MAX", "COUNT", "2"),
      { sleep: 300 }, S(0, "PING")],
  },
  {
    name: "RESP3 clients get doubles and nested pairs when served",
    clients: 3,
    steps: [{ c: 0, hide: ["HELLO", "3"] }, { c: 1, hide: ["HELLO", "3"] }, S(0, "BZPOPMIN", "z", "0"),
      S(1, "BZMPOP", "0", "1", "z", "MAX", "COUNT", "2"), S(2, "ZADD", "z", "1.5", "a", "inf", "b", "-inf", "c", "2", "d")],
  },
  {
    name: "zsets created by ZUNIONSTORE, ZRANGESTORE, ZINCRBY, RENAME and COPY wake waiters",
    clients: 6,
    steps: [S(5, "ZADD", "src", "1", "a", "2", "b", "3", "c"),
      S(0, "BZPOPMIN", "u", "0"), S(1, "BZPOPMAX", "r", "0"), S(2, "BZPOPMIN", "i", "0"), S(3, "BZPOPMIN", "n", "0"),
      S(4, "BZMPOP", "0", "1", "cp", "MAX", "COUNT", "10"),
      S(5, "ZUNIONSTORE", "u", "2", "src", "src"), S(5, "ZRANGESTORE", "r", "src", "0", "1"), S(5, "ZINCRBY", "i", "2.5", "m"),
      S(5, "ZADD", "tmp", "9", "t"), S(5, "RENAME", "tmp", "n"), S(5, "COPY", "src", "cp"),
      S(5, "ZRANGE", "u", "0", "-1", "WITHSCORES"), S(5, "EXISTS", "r", "i", "n", "cp")],
  },
  {
    name: "a waited-on key that becomes a list serves the BLPOP waiter, not the zset waiter",
    clients: 3,
    steps: [S(0, "BZPOPMIN", "q", "0"), S(1, "BLPOP", "q", "0"), S(2, "RPUSH", "q", "x", "y"), S(2, "LRANGE", "q", "0", "-1"),
      S(2, "DEL", "q"), S(2, "ZADD", "q", "1", "a", "2", "b"), S(2, "ZRANGE", "q", "0", "-1")],
  },
  {
    name: "a zset with a wrong-typed key first is served; XX does not create",
    clients: 2,
    steps: [S(1, "SET", "s", "x"), S(0, "BZPOPMIN", "nokey", "z", "0"), S(1, "ZADD", "z", "XX", "1", "a"),
      S(1, "ZADD", "z", "NX", "1", "a"), S(0, "BZPOPMIN", "z", "s", "0"), S(0, "BZPOPMIN", "s", "z", "0")],
  },
  {
    name: "skiplist-encoded sets",
    clients: 3,
    steps: [S(2, "CONFIG", "SET", "zset-max-listpack-entries", "1"), S(0, "BZMPOP", "0", "1", "z", "MIN", "COUNT", "2"),
      S(1, "BZPOPMAX", "z", "0"), S(2, "ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d"),
      S(2, "OBJECT", "ENCODING", "z"), S(2, "ZRANGE", "z", "0", "-1"),
      S(2, "CONFIG", "SET", "zset-max-listpack-entries", "128")],
  },
  {
    name: "CLIENT UNBLOCK ends the wait with a timeout or an error",
    clients: 3,
    steps: [S(0, "BZPOPMIN", "z", "0"), S(1, "BZMPOP", "0", "1", "z", "MIN"), { c: 2, unblock: 0 },
      { c: 2, unblock: 1, reason: "ERROR" }, S(2, "ZADD", "z", "1", "a"), S(0, "ZCARD", "z")],
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

describe("zset blocking scenarios vs redis-server 7.0.15", () => {
  for (const sc of scenarios) {
    test(`embedded: ${sc.name}`, async () => {
      expect(goldens[sc.name], "no goldens: RECORD_ZSET_BLOCKING=1").toBeDefined();
      expect(await run(embeddedDriver(db), sc)).toEqual(goldens[sc.name]);
    });
    test.runIf(LIVE)(`live redis: ${sc.name}`, async () => {
      expect(await run(tcpDriver("redis", redis!.port), sc)).toEqual(goldens[sc.name]);
    });
  }
});

describe("propagation of blocking pops", () => {
  test("served at once or later, they are replicated as ZPOPMIN/ZPOPMAX key [count]", async () => {
    const rdb = await createRespite({ cron: false });
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
    a.command("ZADD", "z", "1", "a", "2", "b", "3", "c");
    a.command("BZPOPMIN", "z", "0");
    a.command("BZMPOP", "0", "1", "z", "MAX");
    a.command("BZMPOP", "0", "1", "z", "MIN", "COUNT", "5");
    const p1 = a.commandAsync("BZPOPMAX", "w", "0");
    const p2 = b.commandAsync("BZMPOP", "0", "1", "w", "MIN", "COUNT", "3");
    const c = rdb.connect();
    c.command("ZADD", "w", "1", "x", "2", "y");
    expect(await p1).toEqual(["w", "y", "2"]);
    expect(await p2).toEqual(["w", [["x", "1"]]]);
    expect(log).toEqual([
      "ZADD z 1 a 2 b 3 c",
      "ZPOPMIN z",
      "ZPOPMAX z 1",
      "ZPOPMIN z 1",
      "ZADD w 1 x 2 y",
      "ZPOPMAX w",
      "ZPOPMIN w 1",
    ]);
    rdb.close();
  });
});
