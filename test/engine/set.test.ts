// set.test.ts — set-family behaviour the differential script cannot pin down (test/compat/
// scripts/set.txt covers replies, errors and encodings byte for byte), through the embedding
// API on build/engine.wasm:
//   - SRANDMEMBER / SPOP: counts, uniqueness (positive counts), repetition (negative counts),
//     membership, every Redis case (count >= size, the "most of the set" and "few members"
//     strategies), the survivors' encoding after SPOP rebuilds the set, TTL kept, and a
//     distribution sanity check for both encodings;
//   - propagation: SPOP -> SREM, SPOP count -> SREMs in MULTI/EXEC (one SREM alone), the whole
//     set -> DEL or UNLINK (lazyfree-lazy-server-del), as redis-server 7.0.15's AOF shows;
//   - SSCAN over a big hashtable returns every member (with MATCH and small COUNTs);
//   - big sets: SINTER / SINTERCARD / SUNIONSTORE / SDIFF on 200k-member sets;
//   - memory: a 10-member set of "m:0".."m:9" costs well under Redis's 731 bytes, and
//     deleting sets gives every byte back.

import { describe, expect, it } from "vitest";
import { createRespite, Respite } from "../../host/node/index.js";

type Conn = ReturnType<Respite["connect"]>;

function strs(r: unknown): string[] {
  if (r instanceof Set) return [...r].map(String);
  return (r as unknown[]).map(String);
}

async function open(): Promise<[Respite, Conn]> {
  const db = await createRespite({ cron: false });
  return [db, db.connect()];
}

function fill(c: Conn, key: string, members: string[]): void {
  for (let i = 0; i < members.length; i += 1000) c.command("SADD", key, ...members.slice(i, i + 1000));
}

const ints = (n: number) => Array.from({ length: n }, (_, i) => String(i * 7 - 100));
const words = (n: number) => Array.from({ length: n }, (_, i) => `m:${i}`);

describe("SRANDMEMBER", () => {
  for (const [enc, gen] of [["intset", ints], ["hashtable", words]] as const) {
    it(`follows Redis's count rules (${enc})`, async () => {
      const [db, c] = await open();
      const all = gen(100);
      fill(c, "s", all);
      expect(c.command("OBJECT", "ENCODING", "s")).toBe(enc);
      const members = new Set(all);
      for (const count of [1, 2, 5, 33, 34, 50, 99, 100, 101, 1000]) {
        for (let rep = 0; rep < 5; rep++) {
          const got = strs(c.command("SRANDMEMBER", "s", String(count)));
          expect(got.length).toBe(Math.min(count, 100));
          expect(new Set(got).size).toBe(got.length); // no repeats
          for (const m of got) expect(members.has(m)).toBe(true);
        }
      }
      for (const count of [1, 7, 100, 500]) {
        const got = strs(c.command("SRANDMEMBER", "s", String(-count)));
        expect(got.length).toBe(count);
        for (const m of got) expect(members.has(m)).toBe(true);
      }
      // Repeats do happen with negative counts.
      c.command("SADD", "small", ...gen(3));
      const many = strs(c.command("SRANDMEMBER", "small", "-300"));
      expect(many.length).toBe(300);
      expect(new Set(many).size).toBe(3);
      expect(c.command("SCARD", "s")).toBe(100); // nothing removed
      db.close();
    });

    it(`picks members evenly (${enc})`, async () => {
      const [db, c] = await open();
      const all = gen(10);
      c.command("SADD", "s", ...all);
      const single = new Map<string, number>();
      for (let i = 0; i < 20000; i++) {
        const m = String(c.command("SRANDMEMBER", "s"));
        single.set(m, (single.get(m) ?? 0) + 1);
      }
      expect(single.size).toBe(10);
      for (const n of single.values()) expect(n).toBeGreaterThan(2000 * 0.75);
      // Unique picks of 3 out of 10 (the random-draw strategy) and of 8 (the shuffle).
      for (const k of [3, 8]) {
        const freq = new Map<string, number>();
        for (let i = 0; i < 4000; i++) {
          for (const m of strs(c.command("SRANDMEMBER", "s", String(k)))) freq.set(m, (freq.get(m) ?? 0) + 1);
        }
        expect(freq.size).toBe(10);
        for (const n of freq.values()) expect(n).toBeGreaterThan(400 * k * 0.75);
      }
      db.close();
    });
  }
});

describe("SPOP", () => {
  for (const [enc, gen] of [["intset", ints], ["hashtable", words]] as const) {
    it(`pops exactly count distinct members (${enc})`, async () => {
      const [db, c] = await open();
      // count < size/6: draw-and-remove; count close to size: rebuild from the survivors.
      for (const [size, count] of [[100, 1], [100, 10], [100, 16], [100, 17], [100, 50], [100, 90], [100, 99], [60, 59]]) {
        const all = gen(size);
        c.command("DEL", "s");
        fill(c, "s", all);
        c.command("EXPIRE", "s", "1000");
        const popped = strs(c.command("SPOP", "s", String(count)));
        expect(popped.length).toBe(count);
        expect(new Set(popped).size).toBe(count);
        const left = strs(c.command("SMEMBERS", "s"));
        expect(left.length).toBe(size - count);
        expect(new Set([...popped, ...left])).toEqual(new Set(all));
        expect(c.command("TTL", "s")).toBeGreaterThan(990); // the key keeps its TTL
        expect(c.command("OBJECT", "ENCODING", "s")).toBe(enc);
      }
      // One at a time until the key is gone.
      c.command("DEL", "s");
      c.command("SADD", "s", ...gen(20));
      const seen = new Set<string>();
      for (let i = 0; i < 20; i++) seen.add(String(c.command("SPOP", "s")));
      expect(seen.size).toBe(20);
      expect(c.command("EXISTS", "s")).toBe(0);
      expect(c.command("SPOP", "s")).toBe(null);
      db.close();
    });
  }

  it("gives the survivors the encoding Redis's rebuilt set gets", async () => {
    const [db, c] = await open();
    const encs = new Set<string>();
    for (let i = 0; i < 200; i++) {
      c.command("DEL", "s");
      c.command("SADD", "s", "a", "1", "2", "3", "4", "5", "6", "7", "8", "9");
      expect(c.command("OBJECT", "ENCODING", "s")).toBe("hashtable");
      c.command("SPOP", "s", "9"); // 1 survivor: rebuilt from it
      const [left] = strs(c.command("SMEMBERS", "s"));
      const enc = String(c.command("OBJECT", "ENCODING", "s"));
      expect(enc).toBe(left === "a" ? "hashtable" : "intset");
      encs.add(enc);
    }
    expect(encs.size).toBe(2);
    db.close();
  });
});

describe("propagation", () => {
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
        const cmd = new TextDecoder().decode(new Uint8Array(x.memory.buffer, p + o + 9, len));
        out.push(cmd.split("\r\n").filter((_, i) => i > 0 && i % 2 === 0).join(" "));
        o += 9 + len;
      }
      x.effectsReset();
    };
    return out;
  }

  it("rewrites SPOP like Redis 7.0 (as its AOF shows)", async () => {
    const db = await createRespite({ cron: false });
    const c = db.connect();
    const log = capture(db);
    c.command("SADD", "a", "x");
    const x = String(c.command("SPOP", "a"));
    c.command("SPOP", "a"); // gone: nothing
    c.command("SADD", "b", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
    const one = strs(c.command("SPOP", "b", "1"));
    const two = strs(c.command("SPOP", "b", "2"));
    const most = strs(c.command("SPOP", "b", "6")); // rebuild path
    c.command("SPOP", "b", "0"); // nothing
    c.command("SPOP", "nosuch", "3"); // nothing
    c.command("SPOP", "b", "5"); // the last one: DEL
    c.command("SADD", "c", "p", "q");
    c.command("CONFIG", "SET", "lazyfree-lazy-server-del", "yes");
    c.command("SPOP", "c", "2");
    c.command("CONFIG", "SET", "lazyfree-lazy-server-del", "no");
    c.command("SADD", "d", "k");
    c.command("SMOVE", "d", "e", "k");
    c.command("SMOVE", "d", "e", "k"); // nothing to move: not propagated
    c.command("SINTERSTORE", "f", "e", "nosuch"); // nothing to delete: not propagated
    c.command("SUNIONSTORE", "f", "e");
    expect(log).toEqual([
      "SADD a x",
      `SREM a ${x}`,
      "SADD b 1 2 3 4 5 6 7 8 9 10",
      `SREM b ${one[0]}`,
      "MULTI", ...two.map((m) => `SREM b ${m}`), "EXEC",
      "MULTI", ...most.map((m) => `SREM b ${m}`), "EXEC",
      "DEL b",
      "SADD c p q",
      "UNLINK c",
      "SADD d k",
      "SMOVE d e k",
      "SUNIONSTORE f e",
    ]);
    db.close();
  });
});

describe("SSCAN", () => {
  it("returns every member of a big hashtable, with MATCH and small COUNTs", async () => {
    const [db, c] = await open();
    const all = words(5000);
    fill(c, "s", all);
    for (const [count, match] of [[1, null], [7, null], [100, null], [10, "m:1*"], [3, "*9"]] as const) {
      const seen = new Set<string>();
      let cursor = "0";
      let calls = 0;
      do {
        const args = ["SSCAN", "s", cursor, "COUNT", String(count)];
        if (match) args.push("MATCH", match);
        const [next, batch] = c.command(...args) as [string, string[]];
        for (const m of batch) seen.add(m);
        cursor = next;
        calls++;
      } while (cursor !== "0");
      const want = all.filter((m) => !match || (match.startsWith("*") ? m.endsWith(match.slice(1)) : m.startsWith(match.slice(0, -1))));
      expect(seen).toEqual(new Set(want));
      if (count === 1) expect(calls).toBeGreaterThan(100); // really incremental
    }
    db.close();
  });
});

describe("big sets", () => {
  it("intersects, counts, unites and subtracts 200k-member sets", async () => {
    const [db, c] = await open();
    const N = 200_000;
    const a = Array.from({ length: N }, (_, i) => `m:${i}`);
    const b = Array.from({ length: N }, (_, i) => `m:${i + N / 2}`);
    fill(c, "a", a);
    fill(c, "b", b);
    const inter = c.command("SINTER", "a", "b") as string[];
    expect(inter.length).toBe(N / 2);
    expect(new Set(inter)).toEqual(new Set(a.slice(N / 2)));
    expect(c.command("SINTERCARD", "2", "a", "b")).toBe(N / 2);
    expect(c.command("SINTERCARD", "2", "a", "b", "LIMIT", "1000")).toBe(1000);
    expect(c.command("SUNIONSTORE", "u", "a", "b")).toBe(N * 1.5);
    expect(c.command("SDIFFSTORE", "d", "a", "b")).toBe(N / 2);
    expect(c.command("SISMEMBER", "d", "m:0")).toBe(1);
    expect(c.command("SISMEMBER", "d", `m:${N / 2}`)).toBe(0);
    expect(c.command("SINTERSTORE", "i", "b", "a")).toBe(N / 2);
    db.close();
  }, 60_000);

  it("handles hundreds of source keys", async () => {
    const [db, c] = await open();
    const keys = Array.from({ length: 300 }, (_, i) => `k${i}`);
    keys.forEach((k, i) => c.command("SADD", k, String(i), String(i + 1), "common"));
    const union = strs(c.command("SUNION", ...keys));
    expect(new Set(union)).toEqual(new Set([...Array.from({ length: 301 }, (_, i) => String(i)), "common"]));
    expect(c.command("SINTER", ...keys)).toEqual(["common"]);
    expect(c.command("SINTERCARD", "300", ...keys)).toBe(1);
    expect(c.command("SDIFF", ...keys)).toEqual(["0"]);
    expect(c.command("SDIFFSTORE", "d", "k0", ...keys.slice(2))).toBe(2);
    expect(c.command("SUNIONSTORE", "u", ...keys, "nosuch")).toBe(302);
    expect(c.command("OBJECT", "ENCODING", "u")).toBe("hashtable");
    db.close();
  });

  it("keeps an intset up to set-max-intset-entries, sorted", async () => {
    const [db, c] = await open();
    const all = Array.from({ length: 512 }, (_, i) => String(1000 - i * 3));
    c.command("SADD", "s", ...all);
    expect(c.command("OBJECT", "ENCODING", "s")).toBe("intset");
    expect(c.command("SMEMBERS", "s")).toEqual([...all].sort((x, y) => Number(x) - Number(y)));
    c.command("SADD", "s", "5000");
    expect(c.command("OBJECT", "ENCODING", "s")).toBe("hashtable");
    expect(c.command("SCARD", "s")).toBe(513);
    db.close();
  });
});

describe("memory", () => {
  it("stores a 10-member set well under Redis's 731 bytes, and frees it all", async () => {
    const [db, c] = await open();
    const x = db.core.engine.x as unknown as { stat(id: number): number };
    const members = words(10);
    c.command("SADD", "warm", ...members); // first-use buffers
    c.command("DEL", "warm");
    const before = x.stat(0);
    const N = 20000;
    for (let i = 0; i < N; i++) c.command("SADD", `set:${i}`, ...members);
    const per = (x.stat(0) - before) / N;
    expect(per).toBeLessThan(731 * 0.6);
    for (let i = 0; i < N; i++) c.command("DEL", `set:${i}`);
    c.command("SADD", "i", "1", "2", "3");
    c.command("SADD", "i", "x");
    c.command("COPY", "i", "j");
    c.command("SUNIONSTORE", "k", "i", "j");
    c.command("DEL", "i", "j", "k");
    // Only the keyspace table may stay bigger than before (it does not shrink on its own).
    expect(x.stat(0) - before).toBeLessThan(N * 8);
    db.close();
  }, 60_000);
});
