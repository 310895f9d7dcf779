// keyspace.test.ts — keyspace behaviour the differential scripts cannot pin down, through the
// embedding API (createRespite) on build/engine.wasm:
//   - SCAN's guarantee while the table grows and shrinks under it (cursors and batch order
//     depend on the hash function, so they cannot be compared with Redis's);
//   - SCAN never returning expired keys, and Redis 7.0's `TYPE none` quirk (an expired key is
//     removed by the type lookup and then reported), with active expiry off;
//   - FLUSHALL returning used memory exactly to its baseline;
//   - SWAPDB seen by two clients at once (each keeps its db number, sees the other data);
//   - OBJECT IDLETIME and TTLs under a controlled clock.

import { describe, expect, it } from "vitest";
import { createRespite, ReplyError, Respite } from "../../host/node/index.js";

type Conn = ReturnType<Respite["connect"]>;

/** Runs SCAN to completion, calling `between` after each call; returns every key seen. */
function scanAll(conn: Conn, count: number, between: (step: number) => void, extra: string[] = []): Set<string> {
  const seen = new Set<string>();
  let cursor = "0";
  let step = 0;
  do {
    const r = conn.command("SCAN", cursor, "COUNT", String(count), ...extra) as [string, string[]];
    cursor = r[0];
    for (const k of r[1]) seen.add(k);
    between(step++);
    expect(step).toBeLessThan(100000);
  } while (cursor !== "0");
  return seen;
}

/** Replaces the core's clock (the embedding API reads core.now() on every call). */
function setClock(db: Respite, now: () => number): void {
  (db.core as unknown as { now: () => number }).now = now;
}

describe("SCAN", () => {
  it("returns every key present throughout while the table grows", async () => {
    const db = await createRespite({ cron: false });
    const c = db.connect();
    const stable: string[] = [];
    for (let i = 0; i < 2000; i++) {
      stable.push(`stable:${i}`);
      c.command("SET", `stable:${i}`, "v");
    }
    let added = 0;
    const seen = scanAll(c, 10, () => {
      // Grow fast enough to go through several rehashes during the walk.
      for (let j = 0; j < 40; j++) c.command("SET", `new:${added++}`, "v");
    });
    for (const k of stable) expect(seen.has(k), k).toBe(true);
    expect(added).toBeGreaterThan(4000);
    // Nothing that never existed.
    for (const k of seen) expect(k.startsWith("stable:") || k.startsWith("new:")).toBe(true);
    db.close();
  });

  it("returns every key present throughout while the table shrinks", async () => {
    const db = await createRespite({ cron: false });
    const c = db.connect();
    const stable: string[] = [];
    for (let i = 0; i < 300; i++) {
      stable.push(`stable:${i}`);
      c.command("SET", `stable:${i}`, "v");
    }
    const doomed: string[] = [];
    for (let i = 0; i < 20000; i++) {
      doomed.push(`doomed:${i}`);
      c.command("SET", `doomed:${i}`, "v");
    }
    const seen = scanAll(c, 20, () => {
      for (let j = 0; j < 400 && doomed.length; j++) c.command("DEL", doomed.pop()!);
      db.core.cron(); // lets the table start shrinking and rehash
    });
    for (const k of stable) expect(seen.has(k), k).toBe(true);
    db.close();
  });

  it("with MATCH, TYPE and a literal pattern", async () => {
    const db = await createRespite({ cron: false });
    const c = db.connect();
    for (let i = 0; i < 500; i++) c.command("SET", `user:${i}`, "v");
    for (let i = 0; i < 500; i++) c.command("SET", `item:${i}`, "v");
    const users = scanAll(c, 7, () => {}, ["MATCH", "user:*"]);
    expect(users.size).toBe(500);
    const strings = scanAll(c, 7, () => {}, ["TYPE", "string"]);
    expect(strings.size).toBe(1000);
    expect(scanAll(c, 7, () => {}, ["TYPE", "hash"]).size).toBe(0);
    // A literal pattern is one lookup: complete in one call, whatever the cursor.
    expect(c.command("SCAN", "0", "MATCH", "user:42")).toEqual(["0", ["user:42"]]);
    expect(c.command("SCAN", "12345", "MATCH", "user:42")).toEqual(["0", ["user:42"]]);
    expect(c.command("SCAN", "0", "MATCH", "user:4242")).toEqual(["0", []]);
    // Default COUNT is 10: a first call returns at least 10 keys (whole buckets) unless done.
    const first = c.command("SCAN", "0") as [string, string[]];
    expect(first[1].length).toBeGreaterThanOrEqual(10);
    db.close();
  });

  it("never returns expired keys, and deletes them", async () => {
    const db = await createRespite({ cron: false });
    const c = db.connect();
    let now = Date.now();
    setClock(db, () => now);
    for (let i = 0; i < 200; i++) c.command("SET", `live:${i}`, "v");
    for (let i = 0; i < 200; i++) c.command("SET", `dead:${i}`, "v", "PX", "100");
    expect(c.command("DBSIZE")).toBe(400);
    now += 101;
    const seen = scanAll(c, 10, () => {});
    expect(seen.size).toBe(200);
    for (const k of seen) expect(k.startsWith("live:")).toBe(true);
    expect(c.command("DBSIZE")).toBe(200);
    db.close();
  });

  it("reports expired keys under TYPE none, like Redis 7.0", async () => {
    const db = await createRespite({ cron: false });
    const c = db.connect();
    let now = Date.now();
    setClock(db, () => now);
    c.command("SET", "live", "v");
    c.command("SET", "dead", "v", "PX", "10");
    now += 11;
    expect(c.command("KEYS", "*")).toEqual(["live"]);
    expect(c.command("DBSIZE")).toBe(2); // KEYS skips, never deletes
    expect(c.command("SCAN", "0", "TYPE", "none")).toEqual(["0", ["dead"]]);
    expect(c.command("DBSIZE")).toBe(1);
    db.close();
  });
});

describe("FLUSHALL", () => {
  it("returns used memory to its baseline", async () => {
    const db = await createRespite({ cron: false });
    const c = db.connect();
    const other = db.connect();
    c.command("PING");
    other.command("PING");
    const used = () => db.core.engine.x.stat(0);
    const baseline = used();
    for (let d = 0; d < 4; d++) {
      c.command("SELECT", String(d));
      for (let i = 0; i < 3000; i++) {
        c.command("SET", `key:${d}:${i}`, i % 3 === 0 ? "x".repeat(i % 300) : String(i));
        if (i % 4 === 0) c.command("EXPIRE", `key:${d}:${i}`, "1000");
      }
      for (let i = 0; i < 200; i++) c.command("COPY", `key:${d}:${i}`, `copy:${d}:${i}`);
      for (let i = 200; i < 400; i++) c.command("RENAME", `key:${d}:${i}`, `renamed:${d}:${i}`);
      for (let i = 400; i < 600; i++) c.command("MOVE", `key:${d}:${i}`, String((d + 1) % 16));
      c.command("APPEND", `key:${d}:1`, "y".repeat(5000));
    }
    c.command("SWAPDB", "0", "9");
    c.command("SELECT", "0");
    expect(used()).toBeGreaterThan(baseline + 500000);
    expect(c.command("FLUSHALL")).toBe("OK");
    expect(used()).toBe(baseline);
    // And once more after FLUSHDB on a single db.
    for (let i = 0; i < 1000; i++) c.command("SET", `k${i}`, "v", "EX", "100");
    expect(c.command("FLUSHDB", "ASYNC")).toBe("OK");
    expect(used()).toBe(baseline);
    db.close();
  });
});

describe("SWAPDB", () => {
  it("is seen by every client, each keeping its db number", async () => {
    const db = await createRespite({ cron: false });
    const a = db.connect();
    const b = db.connect();
    a.command("SET", "where", "zero");
    b.command("SELECT", "1");
    b.command("SET", "where", "one");
    b.command("SET", "t", "v", "EX", "100");
    expect(a.command("SWAPDB", "0", "1")).toBe("OK");
    expect(a.command("GET", "where")).toBe("one");
    expect(b.command("GET", "where")).toBe("zero");
    expect(a.command("TTL", "t")).toBe(100);
    expect(b.command("EXISTS", "t")).toBe(0);
    expect(a.command("DBSIZE")).toBe(2);
    expect(b.command("DBSIZE")).toBe(1);
    // b is still on db 1: a write there is seen by a after swapping back.
    b.command("SET", "fromb", "x");
    a.command("SWAPDB", "1", "0");
    expect(a.command("GET", "fromb")).toBe("x");
    expect(b.command("GET", "where")).toBe("one");
    db.close();
  });
});

describe("clock-driven", () => {
  it("OBJECT IDLETIME counts seconds since the last access", async () => {
    const db = await createRespite({ cron: false });
    const c = db.connect();
    let now = Date.now();
    setClock(db, () => now);
    c.command("SET", "k", "v");
    expect(c.command("OBJECT", "IDLETIME", "k")).toBe(0);
    now += 5200;
    expect(c.command("OBJECT", "IDLETIME", "k")).toBeGreaterThanOrEqual(5);
    expect(c.command("OBJECT", "IDLETIME", "k")).toBeLessThanOrEqual(6);
    // EXISTS, TYPE, TTL and OBJECT do not touch; GET and TOUCH do.
    c.command("EXISTS", "k");
    c.command("TYPE", "k");
    c.command("TTL", "k");
    expect(c.command("OBJECT", "IDLETIME", "k")).toBeGreaterThanOrEqual(5);
    c.command("TOUCH", "k");
    expect(c.command("OBJECT", "IDLETIME", "k")).toBe(0);
    now += 3000;
    c.command("GET", "k");
    expect(c.command("OBJECT", "IDLETIME", "k")).toBe(0);
    db.close();
  });

  it("TTL rounds, PTTL is exact, and keys expire at their time", async () => {
    const db = await createRespite({ cron: false });
    const c = db.connect();
    let now = 1_700_000_000_000;
    setClock(db, () => now);
    c.command("SET", "k", "v");
    expect(c.command("PEXPIRE", "k", "10499")).toBe(1);
    expect(c.command("PTTL", "k")).toBe(10499);
    expect(c.command("TTL", "k")).toBe(10);
    expect(c.command("PEXPIRETIME", "k")).toBe(now + 10499);
    expect(c.command("EXPIRETIME", "k")).toBe(Math.floor((now + 10499 + 500) / 1000));
    expect(c.command("PEXPIRE", "k", "10500")).toBe(1);
    expect(c.command("TTL", "k")).toBe(11);
    now += 10499;
    expect(c.command("PTTL", "k")).toBe(1);
    expect(c.command("RANDOMKEY")).toBe("k");
    now += 1;
    expect(c.command("RANDOMKEY")).toBe(null);
    expect(c.command("DBSIZE")).toBe(0);
    c.command("SET", "k", "v");
    expect(c.command("PEXPIREAT", "k", String(now))).toBe(1); // now counts as the past
    expect(c.command("EXISTS", "k")).toBe(0);
    expect(c.command("EXPIRE", "k", "abc")).toBeInstanceOf(ReplyError);
    db.close();
  });
});

describe("propagation", () => {
  /** Turns propagation on and collects each exec's PROPAGATE records as RESP text. */
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
        const len = v.getUint32(p + o + 5, true);
        const dbid = v.getUint32(p + o + 1, true);
        out.push(`${dbid}:` + new TextDecoder().decode(new Uint8Array(x.memory.buffer, p + o + 9, len)).replace(/\r\n/g, " "));
        o += 9 + len;
      }
      x.effectsReset();
    };
    return out;
  }

  it("rewrites EXPIRE as PEXPIREAT and a past time as DEL; FLUSHDB always propagates", async () => {
    const db = await createRespite({ cron: false });
    const c = db.connect();
    const now = 1_700_000_000_000;
    setClock(db, () => now);
    const log = capture(db);
    c.command("SET", "k", "v");
    c.command("EXPIRE", "k", "100", "NX");
    c.command("PEXPIRE", "k", "5000");
    c.command("EXPIREAT", "k", "1800000000");
    c.command("PEXPIREAT", "k", "1800000000001");
    c.command("EXPIRE", "missing", "100"); // no change: nothing
    c.command("EXPIRE", "k", "100", "NX"); // refused: nothing
    c.command("EXPIRE", "k", "-1");
    c.command("FLUSHDB"); // empty db, still propagated
    c.command("SELECT", "3");
    c.command("SET", "a", "1");
    c.command("DEL", "a", "b");
    c.command("DEL", "b");
    expect(log).toEqual([
      "0:*3 $3 SET $1 k $1 v ",
      `0:*4 $9 PEXPIREAT $1 k $13 ${now + 100000} $2 NX `,
      `0:*3 $9 PEXPIREAT $1 k $13 ${now + 5000} `,
      "0:*3 $9 PEXPIREAT $1 k $13 1800000000000 ",
      "0:*3 $9 PEXPIREAT $1 k $13 1800000000001 ",
      "0:*2 $3 DEL $1 k ",
      "0:*1 $7 FLUSHDB ",
      "3:*3 $3 SET $1 a $1 1 ",
      "3:*3 $3 DEL $1 a $1 b ",
    ]);
    db.close();
  });
});
