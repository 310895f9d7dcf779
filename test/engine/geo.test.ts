// geo.test.ts — engine-level checks of the GEO commands beyond the differential scripts
// (test/compat/scripts/geo.txt, georandom.txt):
//   - propagation: GEOADD is propagated as the ZADD Redis rewrites it into (lower-case "zadd",
//     options kept, geohash scores), no-ops are not propagated, the STORE forms verbatim;
//   - completeness of the 9-cell search on a big (skiplist) set: GEOSEARCH BYRADIUS / BYBOX
//     return exactly the members a brute-force scan with Redis's formulas finds (points on a
//     boundary, within 1 mm of it, are left out of the comparison);
//   - repeated searches do not grow memory (scratch buffers are reused);
//   - a zset created by GEOADD / GEOSEARCHSTORE serves clients blocked in BZPOPMIN / BZPOPMAX.

import { describe, expect, it } from "vitest";
import { createRespite, Respite } from "../../host/node/index.js";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const R = 6372797.560856;
const DR = Math.PI / 180;
function dist(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const u = Math.sin((lat2 * DR - lat1 * DR) / 2);
  const v = Math.sin((lon2 * DR - lon1 * DR) / 2);
  return 2 * R * Math.asin(Math.sqrt(u * u + Math.cos(lat1 * DR) * Math.cos(lat2 * DR) * v * v));
}

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
        const kind = v.getUint8(p + o);
        const len = v.getUint32(p + o + 5, true);
        if (kind === 1) {
          const cmd = new TextDecoder().decode(new Uint8Array(x.memory.buffer, p + o + 9, len));
          out.push(cmd.split("\r\n").filter((_, i) => i > 0 && i % 2 === 0).join(" "));
        }
        o += 9 + len;
      }
      x.effectsReset();
    };
    return out;
  }

  it("propagates GEOADD as ZADD with geohash scores and the STORE forms verbatim", async () => {
    const db = await createRespite({ cron: false });
    const c = db.connect();
    const log = capture(db);
    c.command("GEOADD", "g", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania");
    c.command("GEOADD", "g", "13.361389", "38.115556", "Palermo"); // no change
    c.command("GEOADD", "g", "CH", "XX", "13.5", "38", "Palermo", "1", "1", "x");
    c.command("GEOADD", "g", "200", "0", "bad"); // error
    c.command("GEORADIUS", "g", "15", "37", "200", "km", "STORE", "d");
    c.command("GEOSEARCHSTORE", "d2", "g", "FROMMEMBER", "Catania", "BYRADIUS", "1", "m");
    c.command("GEOSEARCHSTORE", "d3", "g", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "m"); // empty, nothing to delete
    c.command("GEOSEARCH", "g", "FROMMEMBER", "Catania", "BYRADIUS", "1", "m");
    expect(log).toEqual([
      "zadd g 3479099956230698 Palermo 3479447370796909 Catania",
      "zadd g CH XX 3479097324432493 Palermo 3377822707026402 x",
      "GEORADIUS g 15 37 200 km STORE d",
      "GEOSEARCHSTORE d2 g FROMMEMBER Catania BYRADIUS 1 m",
    ]);
    expect(c.command("ZSCORE", "g", "Palermo")).toBe("3479097324432493");
    expect(c.command("EXISTS", "x")).toBe(0);
    db.close();
  });
});

describe("search completeness", () => {
  it("finds exactly the members a brute-force scan finds, radius and box, on a 20k-member set", async () => {
    const db = await createRespite({ cron: false });
    const c = db.connect();
    const rnd = rng(42);
    const args: string[] = [];
    for (let i = 0; i < 20000; i++) {
      const lon = -30 + rnd() * 60;
      const lat = 20 + rnd() * 50;
      args.push(lon.toFixed(6), lat.toFixed(6), `p${i}`);
    }
    c.command("GEOADD", "g", ...args);
    expect(c.command("OBJECT", "ENCODING", "g")).toBe("skiplist");
    // Positions as stored (cell centres).
    const pos = new Map<string, [number, number]>();
    const names = Array.from({ length: 20000 }, (_, i) => `p${i}`);
    const ps = c.command("GEOPOS", "g", ...names) as [string, string][];
    names.forEach((n, i) => pos.set(n, [Number(ps[i][0]), Number(ps[i][1])]));
    for (let q = 0; q < 60; q++) {
      const lon = -25 + rnd() * 50;
      const lat = 25 + rnd() * 40;
      const radius = Math.pow(10, 3 + rnd() * 3.5);
      const box = q % 2 === 1;
      const w = radius * (0.3 + rnd() * 1.5);
      const h = radius * (0.3 + rnd() * 1.5);
      const got = new Set((box
        ? c.command("GEOSEARCH", "g", "FROMLONLAT", String(lon), String(lat), "BYBOX", String(w), String(h), "m")
        : c.command("GEOSEARCH", "g", "FROMLONLAT", String(lon), String(lat), "BYRADIUS", String(radius), "m")) as string[]);
      for (const [n, [x, y]] of pos) {
        let inside: boolean;
        let margin: number;
        if (box) {
          const dx = dist(x, y, lon, y);
          const dy = dist(x, y, x, lat);
          inside = dx <= w / 2 && dy <= h / 2;
          margin = Math.min(Math.abs(dx - w / 2), Math.abs(dy - h / 2));
        } else {
          const d = dist(lon, lat, x, y);
          inside = d <= radius;
          margin = Math.abs(d - radius);
        }
        if (margin < 1e-3) continue;
        if (inside !== got.has(n)) throw new Error(`query ${q} (${box ? "box" : "radius"}): ${n} inside=${inside}`);
      }
    }
    db.close();
  });

  it("does not grow memory over repeated searches", async () => {
    const db = await createRespite({ cron: false });
    const c = db.connect();
    const args: string[] = [];
    for (let i = 0; i < 3000; i++) args.push(String((i % 100) * 0.01), String(40 + Math.floor(i / 100) * 0.01), `m${i}`);
    c.command("GEOADD", "g", ...args);
    const used = () => Number(/used_memory:(\d+)/.exec(String(c.command("INFO", "memory")))![1]);
    c.command("GEOSEARCH", "g", "FROMLONLAT", "0.5", "40.15", "BYRADIUS", "100", "km", "WITHDIST", "WITHCOORD", "ASC");
    const before = used();
    for (let i = 0; i < 200; i++) {
      c.command("GEOSEARCH", "g", "FROMLONLAT", "0.5", "40.15", "BYRADIUS", "100", "km", "WITHDIST", "WITHCOORD", "ASC");
      c.command("GEORADIUS", "g", "0.5", "40.15", "50", "km", "COUNT", "10");
    }
    expect(used()).toBe(before);
    db.close();
  });
});

describe("blocking", () => {
  it("GEOADD and GEOSEARCHSTORE creating a zset serve a blocked BZPOPMIN", async () => {
    const db = await createRespite({ cron: false });
    const a = db.connect();
    const b = db.connect();
    const p1 = a.commandAsync("BZPOPMIN", "g", "0");
    b.command("GEOADD", "g", "13.361389", "38.115556", "Palermo");
    expect(await p1).toEqual(["g", "Palermo", "3479099956230698"]);
    b.command("GEOADD", "src", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania");
    const p2 = a.commandAsync("BZPOPMAX", "dst", "0");
    expect(b.command("GEOSEARCHSTORE", "dst", "src", "FROMMEMBER", "Palermo", "BYRADIUS", "200", "km", "STOREDIST")).toBe(2);
    expect(await p2).toEqual(["dst", "Catania", "166.27415156960032"]);
    db.close();
  });
});
