// compat.test.ts — differential tests: every script in scripts/ runs against Respite and its
// replies must equal redis-server 7.0.15's byte for byte.
//
//   npm test                         Respite vs the recorded goldens (no redis needed), plus a
//                                    live comparison when redis-server is installed (LIVE=0: off)
//   npm run goldens                  re-records goldens/ from a local redis-server 7.0.15
//   SCRIPT=strings npm test          one script only

import { describe, expect, test, beforeAll, afterAll } from "vitest";
import { readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parseScript, escapeBytes, unescapeBytes, Step } from "./script.js";
import { compareStep, redisAvailable, RedisProcess, runOnRedis, runOnRespite, StepResult } from "./runner.js";

const here = dirname(fileURLToPath(import.meta.url));
const scriptsDir = join(here, "scripts");
const goldensDir = join(here, "goldens");
const RECORD = process.env.RECORD_GOLDENS === "1";
const LIVE = redisAvailable();
const only = process.env.SCRIPT;

const scripts = readdirSync(scriptsDir).filter((f) => f.endsWith(".txt")).map((f) => f.slice(0, -4))
  .filter((n) => !only || n === only).sort();

interface Golden { script: string; version: string; steps: { line: number; text: string; reply: string }[] }

function mismatches(steps: Step[], want: StepResult[], got: StepResult[]): string[] {
  const byLine = new Map(steps.map((s) => [s.line, s]));
  const out: string[] = [];
  if (want.length !== got.length) out.push(`step count: want ${want.length} got ${got.length}`);
  for (let i = 0; i < Math.min(want.length, got.length); i++) {
    const d = compareStep(byLine.get(want[i].line), want[i].reply, got[i].reply);
    if (d) out.push(`line ${want[i].line}: ${want[i].text}\n      ${d}`);
  }
  return out;
}

let redis: RedisProcess | null = null;
beforeAll(async () => {
  if (LIVE || RECORD) redis = await RedisProcess.start();
}, 30000);
afterAll(() => redis?.stop());

describe("differential vs redis-server 7.0.15", () => {
  for (const name of scripts) {
    const steps = parseScript(readFileSync(join(scriptsDir, `${name}.txt`), "utf8"));
    const goldenPath = join(goldensDir, `${name}.json`);

    test(`${name} (goldens)`, async () => {
      if (RECORD) {
        const rec = await runOnRedis(redis!.port, steps);
        const g: Golden = { script: name, version: "redis-server 7.0.15", steps: rec.map((r) => ({ line: r.line, text: r.text, reply: escapeBytes(r.reply) })) };
        writeFileSync(goldenPath, JSON.stringify(g, null, 1) + "\n");
      }
      expect(existsSync(goldenPath), `no goldens for ${name}: run npm run goldens`).toBe(true);
      const g = JSON.parse(readFileSync(goldenPath, "utf8")) as Golden;
      const cmdSteps = steps.filter((s) => s.kind === "cmd" || s.kind === "raw" || s.kind === "read");
      expect(g.steps.map((s) => s.text), "goldens are stale: run npm run goldens").toEqual(cmdSteps.map((s) => s.text));
      const want = g.steps.map((s) => ({ line: s.line, text: s.text, reply: unescapeBytes(s.reply) }));
      const got = await runOnRespite(steps);
      expect(mismatches(steps, want, got)).toEqual([]);
    }, 60000);

    test.runIf(LIVE)(`${name} (live)`, async () => {
      const want = await runOnRedis(redis!.port, steps);
      const got = await runOnRespite(steps);
      expect(mismatches(steps, want, got)).toEqual([]);
    }, 60000);
  }
});
