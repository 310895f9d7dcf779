// multi.test.ts — transactions across several clients, through the embedding API: WATCH
// invalidated by another client's writes (in place, deletes, RENAME, MOVE, SMOVE, LMOVE,
// SWAPDB, FLUSHALL, other dbs), watches cleared by EXEC / UNWATCH / disconnect. Expected
// replies (goldens/multi.json) were recorded from redis-server 7.0.15 with the same steps on
// two TCP connections. Plus what has no Redis equivalent to record: a host-owned command
// queued in a transaction, and MULTI ... EXEC wrapping of the propagated writes.

import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRespite } from "../../host/node/index.js";
import type { Respite } from "../../host/embed.js";
import { encodeCommand } from "../../host/core/resp.js";

const here = dirname(fileURLToPath(import.meta.url));
const goldens = JSON.parse(readFileSync(join(here, "goldens", "multi.json"), "utf8")) as Record<string, string[]>;
const latin1 = (b: Uint8Array) => Buffer.from(b).toString("latin1");

type Step = [number, ...string[]];
const scenarios: { name: string; steps: Step[] }[] = [
  { name: "a write by another client makes EXEC fail", steps: [
    [0, "SET", "k", "1"], [0, "WATCH", "k"], [1, "SET", "k", "2"], [0, "MULTI"], [0, "INCR", "k"], [0, "EXEC"], [0, "GET", "k"]] },
  { name: "a write after MULTI, before EXEC, still counts", steps: [
    [0, "WATCH", "k"], [0, "MULTI"], [0, "SET", "k", "mine"], [1, "SET", "k", "theirs"], [0, "EXEC"], [0, "GET", "k"]] },
  { name: "reads and writes of other keys do not", steps: [
    [0, "SET", "k", "1"], [0, "WATCH", "k"], [1, "GET", "k"], [1, "SET", "other", "x"], [1, "SET", "k", "1", "NX"], [0, "MULTI"], [0, "INCR", "k"], [0, "EXEC"]] },
  { name: "in-place collection writes, deletes, renames, moves", steps: [
    [0, "DEL", "l"], [0, "RPUSH", "l", "a"], [0, "WATCH", "l"], [1, "RPUSH", "l", "b"], [0, "MULTI"], [0, "LLEN", "l"], [0, "EXEC"],
    [0, "WATCH", "l"], [1, "HSET", "h", "f", "v"], [1, "RENAME", "h", "l"], [0, "MULTI"], [0, "TYPE", "l"], [0, "EXEC"],
    [0, "WATCH", "l"], [1, "DEL", "l"], [0, "MULTI"], [0, "EXISTS", "l"], [0, "EXEC"],
    [0, "SET", "src", "v"], [0, "WATCH", "src"], [1, "SELECT", "1"], [1, "DEL", "src"], [1, "SELECT", "0"], [1, "MOVE", "src", "1"], [0, "MULTI"], [0, "EXISTS", "src"], [0, "EXEC"],
    [0, "DEL", "s1", "s2"], [0, "SADD", "s1", "m"], [0, "SADD", "s2", "z"], [0, "WATCH", "s2"], [1, "SMOVE", "s1", "s2", "m"], [0, "MULTI"], [0, "SCARD", "s2"], [0, "EXEC"],
    [0, "DEL", "l2"], [0, "RPUSH", "l2", "x"], [0, "RPUSH", "l1", "y"], [0, "WATCH", "l2"], [1, "LMOVE", "l1", "l2", "LEFT", "RIGHT"], [0, "MULTI"], [0, "LLEN", "l2"], [0, "EXEC"]] },
  { name: "watches are per db", steps: [
    [0, "SET", "k", "1"], [0, "WATCH", "k"], [1, "SELECT", "5"], [1, "SET", "k", "2"], [0, "MULTI"], [0, "GET", "k"], [0, "EXEC"],
    [0, "WATCH", "k"], [1, "SELECT", "0"], [1, "SWAPDB", "0", "5"], [0, "MULTI"], [0, "GET", "k"], [0, "EXEC"], [1, "SWAPDB", "0", "5"],
    [0, "WATCH", "k"], [1, "FLUSHALL"], [0, "MULTI"], [0, "GET", "k"], [0, "EXEC"]] },
  { name: "a failed EXEC or UNWATCH clears the watches", steps: [
    [0, "SET", "k", "1"], [0, "WATCH", "k"], [1, "SET", "k", "2"], [0, "MULTI"], [0, "EXEC"], [1, "SET", "k", "3"], [0, "MULTI"], [0, "GET", "k"], [0, "EXEC"],
    [0, "WATCH", "k"], [1, "SET", "k", "4"], [0, "UNWATCH"], [0, "MULTI"], [0, "GET", "k"], [0, "EXEC"]] },
  { name: "a disconnected watcher leaves nothing behind", steps: [
    [0, "WATCH", "k"], [0, "QUIT"], [1, "SET", "k", "5"], [1, "WATCH", "k"], [1, "MULTI"], [1, "GET", "k"], [1, "EXEC"]] },
  { name: "a served BLMOVE pushing into a watched list", steps: [
    [0, "DEL", "src", "dst"], [0, "RPUSH", "dst", "z"], [0, "WATCH", "dst"], [1, "BLMOVE", "src", "dst", "LEFT", "RIGHT", "0"], [2, "RPUSH", "src", "a"], [0, "MULTI"], [0, "LLEN", "dst"], [0, "EXEC"], [0, "LRANGE", "dst", "0", "-1"]] },
  { name: "multi-key pops touch only the key they popped from", steps: [
    [0, "DEL", "p1", "p2", "z1", "z2"], [0, "RPUSH", "p2", "a", "b", "c", "d"], [0, "WATCH", "p1"], [1, "BLPOP", "p1", "p2", "0"], [0, "MULTI"], [0, "PING"], [0, "EXEC"],
    [0, "WATCH", "p2"], [1, "BLPOP", "p1", "p2", "0"], [0, "MULTI"], [0, "PING"], [0, "EXEC"],
    [0, "WATCH", "p2"], [1, "LMPOP", "2", "p1", "p2", "LEFT"], [0, "MULTI"], [0, "PING"], [0, "EXEC"],
    [0, "WATCH", "p1"], [1, "BLMPOP", "0", "2", "p1", "p2", "RIGHT"], [0, "MULTI"], [0, "PING"], [0, "EXEC"],
    [0, "ZADD", "z2", "1", "a", "2", "b", "3", "c"], [0, "WATCH", "z2"], [1, "ZMPOP", "2", "z1", "z2", "MIN"], [0, "MULTI"], [0, "PING"], [0, "EXEC"],
    [0, "WATCH", "z2"], [1, "BZPOPMAX", "z1", "z2", "0"], [0, "MULTI"], [0, "PING"], [0, "EXEC"]] },
  { name: "queued write pops a list another client waits on; the waiter gets served after EXEC", steps: [
    [0, "DEL", "q"], [0, "MULTI"], [0, "RPUSH", "q", "a", "b"], [0, "LLEN", "q"], [0, "EXEC"], [0, "LRANGE", "q", "0", "-1"]] },
];

describe("MULTI / WATCH with two clients (goldens from redis-server 7.0.15)", () => {
  for (const sc of scenarios) {
    it(sc.name, async () => {
      const db = await createRespite({ cron: false });
      const conns = [db.connect(), db.connect(), db.connect()];
      const got: string[] = [];
      for (const [c, ...args] of sc.steps) got.push(latin1(conns[c].feed(encodeCommand(args))));
      expect(got).toEqual(goldens[sc.name]);
      db.close();
    });
  }

  it("a blocked client is served by a transaction's push after EXEC", async () => {
    const db = await createRespite({ cron: false });
    const a = db.connect();
    const b = db.connect();
    const popped = b.commandAsync("BLPOP", "q", "0");
    expect(latin1(a.feed(encodeCommand(["MULTI"])))).toBe("+OK\r\n");
    expect(latin1(a.feed(encodeCommand(["RPUSH", "q", "x", "y"])))).toBe("+QUEUED\r\n");
    expect(latin1(a.feed(encodeCommand(["LLEN", "q"])))).toBe("+QUEUED\r\n");
    expect(latin1(a.feed(encodeCommand(["EXEC"])))).toBe("*2\r\n:2\r\n:2\r\n");
    expect(await popped).toEqual(["q", "x"]);
    expect(a.command("LRANGE", "q", "0", "-1")).toEqual(["y"]);
    db.close();
  });
});

describe("CLIENT LIST of a client in MULTI (fields as redis-server 7.0.15 shows them)", () => {
  it("flags x / d, multi= queued count (nothing stored once doomed), cmd= last queued", async () => {
    const db = await createRespite({ cron: false });
    const a = db.connect();
    const b = db.connect();
    const id = a.command("CLIENT", "ID");
    const fields = () => {
      const line = String(b.command("CLIENT", "LIST")).split("\n").find((l) => l.startsWith(`id=${id} `))!;
      return line.match(/flags=\S+|multi=-?\d+|cmd=\S+/g)!.join(" ");
    };
    a.command("SET", "k", "1");
    a.command("WATCH", "k");
    a.command("UNWATCH");
    for (const cmd of [["MULTI"], ["SET", "a", "1"], ["GET", "a"], ["INCR", "a"], ["INCR", "a"]]) a.command(...cmd);
    expect(fields()).toBe("flags=x multi=4 cmd=incr");
    a.command("EXEC");
    expect(fields()).toBe("flags=N multi=-1 cmd=exec");
    a.command("WATCH", "k");
    b.command("SET", "k", "2");
    for (const cmd of [["MULTI"], ["SET", "a", "1"], ["GET", "a"], ["INCR", "a"], ["INCR", "a"]]) a.command(...cmd);
    expect(fields()).toBe("flags=xd multi=0 cmd=incr");
    expect(a.command("EXEC")).toBe(null);
    db.close();
  });
});

describe("MULTI: Respite specifics", () => {
  it("host-owned commands (INFO, CONFIG ...) queued in MULTI run in order inside EXEC", async () => {
    const db = await createRespite({ cron: false });
    const c = db.connect();
    const out = latin1(c.feed(encodeCommand(["MULTI"]))) +
      latin1(c.feed(encodeCommand(["SET", "a", "1"]))) +
      latin1(c.feed(encodeCommand(["INFO", "server"]))) +
      latin1(c.feed(encodeCommand(["CONFIG", "GET", "maxmemory"]))) +
      latin1(c.feed(encodeCommand(["INCR", "a"]))) +
      latin1(c.feed(encodeCommand(["EXEC"])));
    expect(out.startsWith("+OK\r\n+QUEUED\r\n+QUEUED\r\n+QUEUED\r\n+QUEUED\r\n*4\r\n+OK\r\n$")).toBe(true);
    expect(out).toContain("# Server\r\nredis_version:7.0.15\r\n");
    expect(out.endsWith("\r\n*2\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n:2\r\n")).toBe(true);
    // several host commands in a row, then one at the very end, with propagation on
    const log = capture(db);
    const out2 = [["MULTI"], ["CONFIG", "GET", "maxmemory"], ["CONFIG", "GET", "maxmemory"], ["SET", "b", "1"],
      ["DBSIZE"], ["INCR", "b"], ["CONFIG", "GET", "maxmemory"], ["EXEC"]].map((a) => latin1(c.feed(encodeCommand(a)))).join("");
    const cg = "*2\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n";
    expect(out2).toBe("+OK\r\n" + "+QUEUED\r\n".repeat(6) + "*6\r\n" + cg + cg + "+OK\r\n:2\r\n:2\r\n" + cg);
    expect(log).toEqual(["0:*1 $5 MULTI ", "0:*3 $3 SET $1 b $1 1 ", "0:*2 $4 INCR $1 b ", "0:*1 $4 EXEC "]);
    // pipelined: the whole transaction and a command after it in one write
    const pipe = [["MULTI"], ["CONFIG", "GET", "maxmemory"], ["GET", "b"], ["EXEC"], ["PING"]].map((a) => Buffer.from(encodeCommand(a)));
    expect(latin1(c.feed(Buffer.concat(pipe)))).toBe("+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n" + cg + "$1\r\n2\r\n+PONG\r\n");
    expect(c.command("PING")).toBe("PONG");
    db.close();
  });

  function capture(db: Respite): string[] {
    const x = db.core.engine.x as unknown as {
      memory: WebAssembly.Memory; setPropagation(on: boolean): void;
      effectsPtr(): number; effectsLength(): number; effectsReset(): void;
    };
    x.setPropagation(true);
    const out: string[] = [];
    (db.core as unknown as { afterExec: () => void }).afterExec = () => {
      const p = x.effectsPtr() >>> 0;
      const n = x.effectsLength();
      const v = new DataView(x.memory.buffer);
      for (let o = 0; o < n;) {
        const kind = v.getUint8(p + o);
        const len = v.getUint32(p + o + 5, true);
        const dbid = v.getUint32(p + o + 1, true);
        if (kind === 1) out.push(`${dbid}:` + new TextDecoder().decode(new Uint8Array(x.memory.buffer, p + o + 9, len)).replace(/\r\n/g, " "));
        o += 9 + len;
      }
      x.effectsReset();
    };
    return out;
  }

  it("propagates a transaction's writes wrapped in MULTI ... EXEC (one write alone, none: nothing)", async () => {
    const db = await createRespite({ cron: false });
    const c = db.connect();
    const log = capture(db);
    for (const cmd of [["MULTI"], ["SET", "a", "1"], ["GET", "a"], ["INCR", "a"], ["EXEC"]]) c.command(...cmd);
    for (const cmd of [["MULTI"], ["INCR", "a"], ["GET", "a"], ["EXEC"]]) c.command(...cmd);
    for (const cmd of [["MULTI"], ["GET", "a"], ["EXEC"]]) c.command(...cmd);
    expect(log).toEqual([
      "0:*1 $5 MULTI ",
      "0:*3 $3 SET $1 a $1 1 ",
      "0:*2 $4 INCR $1 a ",
      "0:*1 $4 EXEC ",
      "0:*2 $4 INCR $1 a ",
    ]);
    db.close();
  });
});
