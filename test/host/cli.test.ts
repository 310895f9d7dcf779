// cli.test.ts — `respite` refuses bad configuration exactly as redis-server does: the same
// FATAL CONFIG FILE ERROR report on stderr (line numbers, the quoted line, the reason), the
// same "can't open config file" log line on stdout, and exit code 1.
//
// The expected outputs were recorded from redis-server 7.0.15 (goldens/cli.json; re-record
// with RECORD_GOLDENS=1 when redis-server is installed). Each case runs in a scratch directory
// holding a few config files; its path is replaced by <dir>, and log-line prefixes
// ("pid:C 23 Nov 2026 16:08:33.330 ") are removed, so the comparison is exact otherwise.
// Needs dist/ (npm run build:host).

import { describe, expect, test } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const main = join(root, "dist", "host", "node", "main.js");
const goldenPath = join(here, "goldens", "cli.json");
const RECORD = process.env.RECORD_GOLDENS === "1";

const FILES: Record<string, string> = {
  "quotes.conf": 'port 7000\n# c\nhz "abc\n',
  "badmem.conf": "port 7000\nmaxmemory 1x\n",
  "include.conf": "include badmem.conf\nport 1\n",
  "missing-include.conf": "port 7001\ninclude nonexist2.conf\n",
  "crlf.conf": "port 7000\r\n  loglevel   nosuch  \r\n",
};

const CASES: string[][] = [
  ["--port", "abc"], ["--nosuch", "1"], ["nonexistent.conf"], ["--loglevel", "bad"], ["--port", "99999"], ["--port"],
  ["--maxmemory", "1x"], ["--hz", "1", "2"], ["--shutdown-on-sigint", "bad"], ["--save", "10"], ["--port", "1", "--port", "abc"],
  ["--databases", "0"], ["--maxmemory-clients", "200%"], ["--unixsocketperm", "999"], ["--appendonly", "maybe"],
  ["quotes.conf"], ["badmem.conf", "--port", "abc"], ["include.conf"], ["--port", "--nosuch"], ["--save", "10", "1", "--nosuch"],
  ["--requirepass", 'a"b', "--port", "x"], ["--enable-debug-command", "maybe"], ["--client-output-buffer-limit", "x"],
  ["--replicaof", "a"], ["--dir", "/nonexistent/x"], ["--logfile", "/nonexistent/x"], ["--notify-keyspace-events", "Z"],
  ["--oom-score-adj-values", "1", "2"], ["--latency-tracking-info-percentiles", "101"], ["missing-include.conf"],
  ["--port", "7000", "--maxmemory"], ["--requirepass", "a\x01b\\", "--port", "x"], ["crlf.conf"], ["--save", "10 x"],
  ["--client-output-buffer-limit", "master 1 2 3"], ["--bind", "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17"],
  ["--maxclients", "0"], ["--tcp-backlog", "-1"], ["--port", "-1"], ["--hz", "abc"], ["--list-max-ziplist-entries", "5", "--nosuch", "x"],
  ["--dbfilename", "a/b"], ["--proc-title-template", "{nosuch}"], ["--shutdown-on-sigterm", "save nosave"],
];

interface Outcome { args: string[]; status: number | null; stdout: string; stderr: string }

function run(cmd: string, prefix: string[], args: string[]): Outcome {
  const dir = mkdtempSync(join(tmpdir(), "respite-cli-"));
  for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, name), text);
  const r = spawnSync(cmd, [...prefix, ...args], { cwd: dir, encoding: "utf8", timeout: 10000 });
  const norm = (s: string) => s.split(dir).join("<dir>").replace(/^\d+:[CM] \d+ \w+ \d+ [\d:.]+ /gm, "");
  return { args, status: r.status, stdout: norm(r.stdout), stderr: norm(r.stderr) };
}

describe("respite's command line vs redis-server 7.0.15", () => {
  if (RECORD) {
    test("record goldens from redis-server", () => {
      const out = CASES.map((args) => run("redis-server", [], args));
      writeFileSync(goldenPath, JSON.stringify(out, null, 1) + "\n");
    });
  }
  const haveDist = existsSync(main);
  test.runIf(haveDist)("bad options and files: same report, same exit code", () => {
    const want = JSON.parse(readFileSync(goldenPath, "utf8")) as Outcome[];
    expect(want.map((w) => w.args)).toEqual(CASES);
    for (const w of want) {
      const got = run(process.execPath, [main], w.args);
      expect(got, JSON.stringify(w.args)).toEqual(w);
    }
  }, 120000);
});
