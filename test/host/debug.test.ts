// debug.test.ts — DEBUG subcommands Redis's own test suite relies on, compared byte for byte
// with redis-server 7.0.15 started with enable-debug-command yes (the differential scripts run
// with DEBUG refused, Redis's default). Replies are recorded in goldens/debug.json so the
// comparison runs without redis-server; live when it is installed.

import { describe, test, expect } from "vitest";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parseScript } from "../compat/script.js";
import { compareStep, redisAvailable, RedisProcess, runOnRedis, runOnRespite } from "../compat/runner.js";
import { escapeBytes, unescapeBytes } from "../compat/script.js";
import { createRespite } from "../../host/node/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const GOLDEN = join(here, "goldens", "debug.json");

const SCRIPT = `
DEBUG QUICKLIST-PACKED-THRESHOLD 0
DEBUG QUICKLIST-PACKED-THRESHOLD 1k
DEBUG QUICKLIST-PACKED-THRESHOLD 4294967295
DEBUG QUICKLIST-PACKED-THRESHOLD -1
DEBUG QUICKLIST-PACKED-THRESHOLD abc
DEBUG QUICKLIST-PACKED-THRESHOLD
DEBUG CHANGE-REPL-ID
DEBUG LOG hello
DEBUG REPLYBUFFER PEAK-RESET-TIME 100
DEBUG REPLYBUFFER RESIZING 0
DEBUG REPLYBUFFER X Y
DEBUG SET-SKIP-CHECKSUM-VALIDATION 0
DEBUG AOF-FLUSH-SLEEP 0
DEBUG SET-DISABLE-DENY-SCRIPTS 0
DEBUG PAUSE-CRON 1
DEBUG PAUSE-CRON 0
DEBUG CLIENT-EVICTION
DEBUG MALLCTL x
DEBUG MALLCTL-STR x y
DEBUG STRINGMATCH-TEST
DEBUG NOSUCH
`;

describe("DEBUG (enable-debug-command yes)", () => {
  test("subcommands used by Redis's tests reply as redis-server's", async () => {
    const steps = parseScript(SCRIPT);
    let want: string[];
    if (redisAvailable()) {
      const r = await RedisProcess.start(["--enable-debug-command", "yes"]);
      try {
        want = (await runOnRedis(r.port, steps)).map((s) => escapeBytes(s.reply));
      } finally {
        r.stop();
      }
      if (process.env.RECORD_GOLDENS === "1" || !existsSync(GOLDEN)) writeFileSync(GOLDEN, JSON.stringify(want, null, 1) + "\n");
    } else {
      want = JSON.parse(readFileSync(GOLDEN, "utf8"));
    }
    const db = await createRespite({ cron: true });
    db.core.engine.x.setConfig(3, 1); // enable-debug-command yes
    const got = await runOnRespite(steps, db);
    const bad: string[] = [];
    got.forEach((g, i) => {
      const m = compareStep(steps[i], unescapeBytes(want[i]), g.reply);
      if (m) bad.push(`${g.text}: ${m}`);
    });
    expect(bad).toEqual([]);
  });
});
