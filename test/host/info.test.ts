// info.test.ts — INFO, CLIENT LIST/INFO/KILL and LASTSAVE: the parts of their replies that are
// not inherently variable are compared with a real redis-server 7.0.15 (live): INFO's section
// titles, field names and their order for every section selector, structural values
// (keyspace lines, fixed fields), CLIENT LIST's field names and order; CLIENT KILL's replies
// and errors. Values that depend on time, memory or the process are only checked for form.

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRespite, Respite } from "../../host/node/index.js";
import { encodeCommand } from "../../host/core/resp.js";
import { redisAvailable, RedisProcess, runOnRedis } from "../compat/runner.js";
import { Step } from "../compat/script.js";

const LIVE = redisAvailable();

function toSteps(lines: string[][]): Step[] {
  return lines.map((args, i) => ({ kind: "cmd", line: i + 1, text: args.join(" "), args: args.map((a) => new TextEncoder().encode(a)), mode: "exact" }));
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** The payload of a bulk or verbatim string reply. */
function payload(b: Uint8Array): string {
  const t = text(b);
  const body = t.slice(t.indexOf("\r\n") + 2, -2);
  return t[0] === "=" ? body.slice(4) : body;
}

/** INFO text -> [section title, field names][] */
function shape(info: string): [string, string[]][] {
  expect(info.endsWith("\r\n") || info === "").toBe(true);
  if (info === "") return [];
  return info.slice(0, -2).split("\r\n\r\n").map((sec) => {
    const lines = sec.split("\r\n");
    expect(lines[0]).toMatch(/^# \w+$/);
    return [lines[0], lines.slice(1).map((l) => l.slice(0, l.indexOf(":")))];
  });
}

let redis: RedisProcess | null = null;
let db: Respite;
beforeAll(async () => {
  if (LIVE) redis = await RedisProcess.start();
  db = await createRespite({ cron: false });
}, 30000);
afterAll(() => {
  redis?.stop();
  db.close();
});

async function both(lines: string[][]): Promise<{ want: Uint8Array[]; got: Uint8Array[] }> {
  const want = (await runOnRedis(redis!.port, toSteps([["FLUSHALL"], ...lines]))).map((r) => r.reply).slice(1);
  // The same preamble as runOnRedis (FLUSHALL, CONFIG RESETSTAT) and then this FLUSHALL.
  const c = db.connect();
  c.feed(encodeCommand(["FLUSHALL"]));
  c.feed(encodeCommand(["CONFIG", "RESETSTAT"]));
  c.feed(encodeCommand(["FLUSHALL"]));
  const got = lines.map((l) => c.feed(encodeCommand(l)));
  c.close();
  return { want, got };
}

const SELECTORS = [[], ["default"], ["all"], ["everything"], ["server", "clients"], ["clients", "server"], ["CPU"],
  ["modules"], ["commandstats"], ["errorstats"], ["latencystats"], ["keyspace"], ["server", "server"],
  ["default", "commandstats"], ["all", "nosuch"], ["nosuch"], ["memory"], ["persistence"], ["stats"],
  ["replication"], ["cluster"]];
const SHAPE_SETUP = [["SET", "foo", "bar"], ["SET", "ttl", "x", "EX", "100"]];
const shapeGolden = join(dirname(fileURLToPath(import.meta.url)), "goldens", "info-shape.json");

/** Latency percentiles are per command and timing based: Respite has none (section empty).
 *  Commandstats are in Redis's dict order (random): compared as sets. */
const comparable = (x: [string, string[]][]) => x.map(([t, f]) => [t, t === "# Latencystats" ? [] : t === "# Commandstats" ? [...f].sort() : f]);

test("INFO sections and fields, in order, for every selector (recorded from redis-server)", async () => {
  if (process.env.RECORD_GOLDENS === "1" && LIVE) {
    const want = (await runOnRedis(redis!.port, toSteps([["FLUSHALL"], ...SHAPE_SETUP, ...SELECTORS.map((s) => ["INFO", ...s])]))).map((r) => r.reply);
    writeFileSync(shapeGolden, JSON.stringify(SELECTORS.map((s, i) => ({ selector: s, shape: comparable(shape(payload(want[i + 3]))) })), null, 1) + "\n");
  }
  const golden = JSON.parse(readFileSync(shapeGolden, "utf8")) as { selector: string[]; shape: unknown }[];
  expect(golden.map((g) => g.selector)).toEqual(SELECTORS);
  const c = db.connect();
  c.feed(encodeCommand(["FLUSHALL"]));
  c.feed(encodeCommand(["CONFIG", "RESETSTAT"]));
  c.feed(encodeCommand(["FLUSHALL"]));
  for (const l of SHAPE_SETUP) c.feed(encodeCommand(l));
  for (const g of golden) expect(comparable(shape(payload(c.feed(encodeCommand(["INFO", ...g.selector]))))), `INFO ${g.selector.join(" ")}`).toEqual(g.shape);
  c.close();
});

describe.runIf(LIVE)("INFO vs redis-server 7.0.15", () => {
  test("sections and fields, in order, for every selector", async () => {
    const { want, got } = await both([...SHAPE_SETUP, ...SELECTORS.map((s) => ["INFO", ...s])]);
    SELECTORS.forEach((s, i) => {
      const w = shape(payload(want[i + 2])), g = shape(payload(got[i + 2]));
      expect(comparable(g), `INFO ${s.join(" ")}`).toEqual(comparable(w));
    });
  });

  test("structural values: keyspace, fixed fields, commandstats names", async () => {
    const { want, got } = await both([["SET", "a", "1"], ["SET", "b", "2", "PX", "100000"], ["SELECT", "3"], ["SET", "c", "3"],
      ["INFO", "keyspace"], ["INFO", "everything"]]);
    const keyspace = (b: Uint8Array) => payload(b).replace(/avg_ttl=\d+/g, "avg_ttl=N");
    expect(keyspace(got[4])).toBe(keyspace(want[4]));
    const fields = (b: Uint8Array) => new Map(payload(b).split("\r\n").filter((l) => l.includes(":")).map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 1)]));
    const w = fields(want[5]), g = fields(got[5]);
    for (const k of ["redis_version", "redis_mode", "arch_bits", "process_supervised", "io_threads_active", "connected_clients",
      "maxclients", "maxmemory", "maxmemory_human", "maxmemory_policy", "loading", "async_loading",
      "aof_enabled", "rdb_last_bgsave_status", "role", "connected_slaves", "master_failover_state", "master_replid2",
      "master_repl_offset", "second_repl_offset", "repl_backlog_size", "cluster_enabled", "keyspace_hits", "keyspace_misses",
      "expired_keys", "total_error_replies", "hz", "configured_hz", "config_file"]) {
      expect(g.get(k), k).toBe(w.get(k));
    }
    expect(g.get("run_id")).toMatch(/^[0-9a-f]{40}$/);
    expect(g.get("rdb_changes_since_last_save")).toMatch(/^\d+$/);
    expect(g.get("master_replid")).toMatch(/^[0-9a-f]{40}$/);
    expect(g.get("used_memory_human")).toMatch(/^\d+(\.\d\d[KMGTP])?B?$/);
    const cmdstats = (m: Map<string, string>) => [...m.keys()].filter((k) => k.startsWith("cmdstat_")).sort();
    expect(cmdstats(g)).toEqual(cmdstats(w));
    for (const k of cmdstats(g)) expect(g.get(k)?.replace(/usec=\d+,usec_per_call=[\d.]+/, "U"), k).toBe(w.get(k)?.replace(/usec=\d+,usec_per_call=[\d.]+/, "U"));
  });

  test("RESP3: INFO is a verbatim string, LASTSAVE an integer", async () => {
    const { want, got } = await both([["HELLO", "3"], ["INFO", "cluster"], ["LASTSAVE"]]);
    expect(text(got[1])).toBe(text(want[1]));
    expect(text(got[2])).toMatch(/^:\d{10}\r\n$/);
  });
});

describe.runIf(LIVE)("CLIENT LIST / INFO / KILL vs redis-server 7.0.15", () => {
  const FIELDS = "id addr laddr fd name age idle flags db sub psub ssub multi qbuf qbuf-free argv-mem multi-mem rbs rbp obl oll omem tot-mem events cmd user redir resp".split(" ");
  const fieldNames = (line: string) => line.split(" ").map((kv) => kv.slice(0, kv.indexOf("=")));

  test("field names and order; errors and replies", async () => {
    const lines = [["CLIENT", "SETNAME", "me"], ["SELECT", "2"], ["CLIENT", "INFO"], ["CLIENT", "LIST"],
      ["CLIENT", "LIST", "TYPE", "normal"], ["CLIENT", "LIST", "TYPE", "master"], ["CLIENT", "LIST", "TYPE", "foo"],
      ["CLIENT", "LIST", "ID", "abc"], ["CLIENT", "LIST", "ID", "0"], ["CLIENT", "LIST", "ID"], ["CLIENT", "LIST", "foo"],
      ["CLIENT", "LIST", "TYPE", "normal", "ID", "1"], ["CLIENT", "INFO", "x"],
      ["CLIENT", "KILL", "1.2.3.4:5"], ["CLIENT", "KILL", "ID", "0"], ["CLIENT", "KILL", "ID", "abc"], ["CLIENT", "KILL", "ID", "99999"],
      ["CLIENT", "KILL", "TYPE", "foo"], ["CLIENT", "KILL", "USER", "nobody"], ["CLIENT", "KILL", "USER", "default", "SKIPME", "yes"],
      ["CLIENT", "KILL", "SKIPME", "maybe"], ["CLIENT", "KILL", "MAXAGE", "1"], ["CLIENT", "KILL", "ID"],
      ["CLIENT", "KILL", "ADDR", "1.2.3.4:5", "LADDR", "x"], ["CLIENT", "KILL", "ID", "1", "TYPE", "normal", "ID", "2"],
      ["CLIENT", "KILL", "TYPE", "master"], ["CLIENT", "KILL", "TYPE", "slave"], ["CLIENT", "KILL", "TYPE", "replica"],
      ["CLIENT", "KILL", "TYPE", "pubsub"], ["CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes"], ["CLIENT", "KILL", "a", "b", "c"]];
    const { want, got } = await both(lines);
    const info = payload(got[2]);
    expect(info.endsWith("\n")).toBe(true);
    expect(fieldNames(info.trim())).toEqual(FIELDS);
    expect(fieldNames(payload(want[2]).trim())).toEqual(FIELDS);
    expect(info).toMatch(/ name=me .* db=2 .* cmd=client\|info user=default redir=-1 resp=2\n$/);
    for (const l of payload(got[3]).trim().split("\n")) expect(fieldNames(l)).toEqual(FIELDS);
    lines.forEach((l, i) => {
      if (i <= 4) return; // lists: variable
      expect(text(got[i]), l.join(" ")).toBe(text(want[i]));
    });
  });
});

describe("CLIENT KILL closes connections", () => {
  test("by id and by address, and yourself after the reply", () => {
    const a = db.connect(), b = db.connect();
    const idOf = (c: ReturnType<Respite["connect"]>) => String(c.command("CLIENT", "ID"));
    const bid = idOf(b);
    expect(a.command("CLIENT", "KILL", "ID", bid)).toBe(1);
    expect(b.session.closed).toBe(true);
    expect(String(a.command("CLIENT", "LIST", "ID", bid))).toBe("");
    const c = db.connect();
    const addr = /addr=(\S+)/.exec(String(c.command("CLIENT", "INFO")))![1];
    expect(addr).toBe("embedded:0");
    expect(text(c.feed(encodeCommand(["CLIENT", "KILL", "ID", idOf(c), "SKIPME", "no"])))).toBe(":1\r\n");
    expect(c.session.closing).toBe(true);
    a.close();
  });
});
