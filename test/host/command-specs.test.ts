// command-specs.test.ts — COMMAND INFO, COMMAND DOCS and COMMAND GETKEYS(ANDFLAGS) for EVERY
// command of Redis 7.0.15 (not only those the engine implements yet), compared with a real
// redis-server byte for byte in RESP2 and RESP3.
//
// The host only lists implemented commands, so here the renderers run on a stand-in core that
// claims every command. Subcommand lists are in Redis's dict order (random per process), so a
// container's own reply is compared with its subcommands as a set; every subcommand is also
// compared on its own, exactly. Skipped when redis-server is not installed.

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { RespDecoder, RespWriter, Reply } from "../../host/core/resp.js";
import { createRespite } from "../../host/node/index.js";
import { COMMAND_SPECS } from "../../host/core/commands.gen.js";
import { writeCommandDocs, writeCommandInfo, writeGetKeys } from "../../host/core/cmd/command.js";
import type { RespiteCore } from "../../host/core/server.js";
import { redisAvailable, RedisProcess, runOnRedis } from "../compat/runner.js";
import { splitArgs, Step, escapeBytes } from "../compat/script.js";

const LIVE = redisAvailable();

/** A core whose engine claims to implement every command. */
const everyCommand = {
  engine: { commandNames: COMMAND_SPECS.map((s) => s.name), x: { commandImplemented: () => 1 } },
} as unknown as RespiteCore;

function steps(lines: string[][], resp3: boolean): Step[] {
  const all = resp3 ? [["HELLO", "3"], ...lines] : lines;
  return all.map((args, i) => ({ kind: "cmd", line: i + 1, text: args.join(" "), args: args.map((a) => new TextEncoder().encode(a)), mode: "exact" }));
}

async function redisReplies(port: number, lines: string[][], resp3: boolean): Promise<Uint8Array[]> {
  const r = await runOnRedis(port, steps(lines, resp3));
  return (resp3 ? r.slice(1) : r).map((x) => x.reply);
}

function decode(b: Uint8Array): Reply {
  const d = new RespDecoder();
  d.push(b);
  return d.next()!;
}

/** JSON of a decoded reply with maps as entry lists and the given path's list sorted. */
function canon(r: Reply): unknown {
  if (r instanceof Map) return [...r.entries()].map(([k, v]) => [canon(k), canon(v)]);
  if (r instanceof Set) return [...r].map(canon);
  if (Array.isArray(r)) return r.map(canon);
  if (r instanceof Uint8Array) return escapeBytes(r);
  if (typeof r === "bigint") return String(r);
  return r;
}

/** A container's COMMAND INFO with its subcommand infos reduced to a sorted list of names. */
function infoWithSubNames(b: Uint8Array): string {
  const r = decode(b) as Reply[];
  const info = (r[0] as Reply[]).slice();
  const subs = info[9] as Reply[];
  info[9] = subs.map((s) => (s as Reply[])[0] as string).sort();
  return JSON.stringify(canon(info));
}

/** A container's COMMAND DOCS with the subcommands map reduced to its sorted keys. */
function docsWithSubNames(b: Uint8Array, resp3: boolean): string {
  const r = decode(b);
  const body = resp3 ? [...(r as Map<Reply, Reply>).values()][0] : (r as Reply[])[1];
  const entries: [Reply, Reply][] = resp3
    ? [...(body as Map<Reply, Reply>).entries()]
    : (body as Reply[]).flatMap((v, i, a) => (i % 2 === 0 ? [[v, a[i + 1]] as [Reply, Reply]] : []));
  const out = entries.map(([k, v]) => {
    if (k !== "subcommands") return [k, canon(v)];
    const names = resp3 ? [...(v as Map<Reply, Reply>).keys()] : (v as Reply[]).filter((_, i) => i % 2 === 0);
    return [k, names.map(String).sort()];
  });
  return JSON.stringify(out);
}

let redis: RedisProcess | null = null;
beforeAll(async () => {
  if (LIVE) redis = await RedisProcess.start();
}, 30000);
afterAll(() => redis?.stop());

describe.runIf(LIVE)("COMMAND INFO / DOCS of every command vs redis-server", () => {
  for (const resp3 of [false, true]) {
    test(`COMMAND INFO, RESP${resp3 ? 3 : 2}`, async () => {
      const want = await redisReplies(redis!.port, COMMAND_SPECS.map((s) => ["COMMAND", "INFO", s.name]), resp3);
      const bad: string[] = [];
      COMMAND_SPECS.forEach((s, i) => {
        const w = new RespWriter(resp3 ? 3 : 2);
        w.array(1);
        writeCommandInfo(everyCommand, w, s);
        const got = w.bytes();
        if (s.subcommands) {
          if (infoWithSubNames(got) !== infoWithSubNames(want[i])) bad.push(`${s.name}:\n want ${infoWithSubNames(want[i])}\n got  ${infoWithSubNames(got)}`);
        } else if (escapeBytes(got) !== escapeBytes(want[i])) {
          bad.push(`${s.name}:\n want ${escapeBytes(want[i])}\n got  ${escapeBytes(got)}`);
        }
      });
      expect(bad).toEqual([]);
    }, 60000);

    test(`COMMAND DOCS, RESP${resp3 ? 3 : 2}`, async () => {
      const want = await redisReplies(redis!.port, COMMAND_SPECS.map((s) => ["COMMAND", "DOCS", s.name]), resp3);
      const bad: string[] = [];
      COMMAND_SPECS.forEach((s, i) => {
        const w = new RespWriter(resp3 ? 3 : 2);
        w.map(1).bulk(s.name);
        writeCommandDocs(everyCommand, w, s);
        const got = w.bytes();
        if (s.subcommands) {
          if (docsWithSubNames(got, resp3) !== docsWithSubNames(want[i], resp3)) bad.push(`${s.name}: container docs differ`);
        } else if (escapeBytes(got) !== escapeBytes(want[i])) {
          bad.push(`${s.name}:\n want ${escapeBytes(want[i])}\n got  ${escapeBytes(got)}`);
        }
      });
      expect(bad).toEqual([]);
    }, 60000);
  }

  // Command lines exercising every kind of key spec and every special key function.
  const GETKEYS = [
    "get a", "get", "mget a b c", "mset a 1 b 2", "mset a 1 b", "set a b", "set a b get", "set a b GET", "set a b nx get",
    "set a b getx", "sort a", "sort a store b", "sort a by x get y store b", "sort a store b store c",
    "sort a limit 0 1 store b", "sort a store", "sort a get store b", "sort_ro a by b", "zunionstore d 2 a b", "zunionstore d 0 a",
    "zunionstore d 3 a b", "zunionstore d abc a", "zunionstore d -1 a", "zunion 2 a b withscores", "zinterstore d 1 a weights 1",
    "zdiff 1 a", "zdiffstore d 2 a b", "zintercard 2 a b", "eval s 0", "eval s 2 a b c", "eval s 3 a b", "eval s -1 a",
    "eval s abc a", "eval s 01 a", "evalsha x 1 k", "eval_ro s 1 k", "evalsha_ro s 0", "fcall f 1 k a", "fcall_ro f 0",
    "migrate h p k 0 100", 'migrate h p "" 0 100 keys a b', "migrate h p k 0 100 keys a b",
    'migrate h p "" 0 100 auth pw keys a', 'migrate h p "" 0 100 auth2 u pw keys a b', 'migrate h p "" 0 100 copy replace keys a',
    'migrate h p "" 0 100', "migrate h p k 0 100 copy", "xread streams a b 0 0", "xread count 1 streams a 0",
    "xread streams a b 0", "xread block 0 streams a 0", "xread streams", "xread foo streams a 0",
    "xreadgroup group g c streams a 0", "xreadgroup group g c count 1 streams a b 0 0", "xreadgroup group g c noack streams a 0",
    "georadius k 0 0 1 km store d", "georadius k 0 0 1 km storedist d", "georadius k 0 0 1 km", "georadius k 0 0 1 km store",
    "georadius k 0 0 1 km store d storedist e", "georadiusbymember k m 1 km store d", "georadius_ro k 0 0 1 km",
    "bitfield k get u8 0", "bitfield k set u8 0 1", "bitfield k incrby u8 0 1", "bitfield k overflow wrap get u8 0",
    "bitfield k foo", "bitfield k", "bitfield k get u8", "bitfield_ro k get u8 0", "lmpop 2 a b left", "lmpop 0 a left",
    "blmpop 0 2 a b left", "zmpop 1 a min", "bzmpop 0 1 a min", "sintercard 2 a b", "sintercard 2 a b limit 1",
    "sintercard 3 a b", "blpop a b 0", "brpoplpush a b 0", "rename a b", "smove a b m", "lmove a b left right",
    "object encoding k", "pfcount a b", "pfmerge d a b", "bitop and d a b", "xadd s * f v", "xgroup create s g 0",
    "xinfo stream s", "memory usage k", "client list", "ping", "config get x", "debug object k", "watch a b",
    "exists a b", "del a", "lcs a b", "sunionstore d a b", "geosearchstore d s frommember m byradius 1 km asc",
    "publish c m", "spublish c m", "subscribe a", "restore k 0 v", "dump k", "touch a b", "wait 0 0",
    "xautoclaim s g c 0 0", "nosuch a", "client|list", "command getkeys get a", "CLIENT KILL a", "object nosuch k",
    "GET a", "MiGrAtE h p \"\" 0 100 KeYs a",
  ].map((l) => splitArgs(l)!.map((b) => new TextDecoder().decode(b)));

  for (const resp3 of [false, true]) {
    for (const withFlags of [false, true]) {
      test(`COMMAND GETKEYS${withFlags ? "ANDFLAGS" : ""}, RESP${resp3 ? 3 : 2}`, async () => {
        const sub = withFlags ? "GETKEYSANDFLAGS" : "GETKEYS";
        const lines = GETKEYS.filter((l) => l.length >= 2);
        const want = await redisReplies(redis!.port, lines.map((l) => ["COMMAND", sub, ...l]), resp3);
        const bad: string[] = [];
        lines.forEach((l, i) => {
          const w = new RespWriter(resp3 ? 3 : 2);
          writeGetKeys(everyCommand, w, l.map((a) => new TextEncoder().encode(a)), withFlags);
          const got = w.bytes();
          if (escapeBytes(got) !== escapeBytes(want[i])) bad.push(`${l.join(" ")}:\n want ${escapeBytes(want[i])}\n got  ${escapeBytes(got)}`);
        });
        expect(bad).toEqual([]);
      }, 60000);
    }
  }
});

test("the host's command specs and the engine's table list the same commands", async () => {
  const db = await createRespite({ cron: false });
  expect(COMMAND_SPECS.map((s) => s.name)).toEqual(db.core.engine.commandNames);
  db.close();
});
