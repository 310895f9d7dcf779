// intset.test.ts — assembly/ds/intset.ts against Redis 7.0.15's intset byte format.
//
//  * GOLDENS below are intset blobs taken from `DUMP key` of sets built by the listed SADD /
//    SREM calls on redis-server 7.0.15 (rdbcompression off, so the RDB string is the raw
//    intset: {encoding u32, length u32, sorted little-endian int16/32/64}). The harness
//    replays the same calls and must produce the same bytes: sorting, width upgrades
//    (prepend for a negative value, append otherwise), no downgrade on removal.
//  * With redis-server installed (LIVE=0 turns it off) the goldens are re-recorded live.
//  * Random add/remove sequences against a reference model (sorted BigInts, widest width
//    ever needed), and intsetRandom's spread.

import { beforeAll, describe, expect, it } from "vitest";
import asc from "assemblyscript/asc";
import { readFile } from "node:fs/promises";
import Redis from "ioredis";
import { redisAvailable, RedisProcess } from "../compat/runner.js";

type Exports = {
  memory: WebAssembly.Memory;
  newSet(): number; freeSet(is: number): void; dupSet(is: number): number;
  add(is: number, v: bigint): number; added(): number;
  remove(is: number, v: bigint): number; removed(): number;
  find(is: number, v: bigint): number; len(is: number): number; get(is: number, i: number): bigint;
  blobLen(is: number): number; random(is: number): bigint; used(): number;
};

let ex: Exports;

beforeAll(async () => {
  const r = await asc.main([
    "test/assembly/intset-harness.ts", "--outFile", "build/test/intset-harness.wasm",
    "--runtime", "minimal", "-O3",
  ]);
  if (r.error) throw r.error;
  const bytes = await readFile("build/test/intset-harness.wasm");
  const { instance } = await WebAssembly.instantiate(bytes, { env: { abort() { throw new Error("abort"); } } });
  ex = instance.exports as unknown as Exports;
}, 120_000);

// [name, calls on one key, hex of the intset blob in DUMP] recorded from redis-server 7.0.15.
const GOLDENS: [string, string[][], string][] = [
  ["small", [["sadd", "1", "2", "3"]], "0200000003000000010002000300"],
  ["unsorted", [["sadd", "30", "-2", "7", "0", "15"]], "0200000005000000feff000007000f001e00"],
  ["int32", [["sadd", "5", "-3", "100"], ["sadd", "40000"]], "0400000004000000fdffffff0500000064000000409c0000"],
  ["int32neg", [["sadd", "5", "-3", "100"], ["sadd", "-40000"]], "0400000004000000c063fffffdffffff0500000064000000"],
  ["int64", [["sadd", "1", "2"], ["sadd", "-5000000000"]], "0800000003000000000efad5feffffff01000000000000000200000000000000"],
  ["int64pos", [["sadd", "1", "70000"], ["sadd", "5000000000"]], "08000000030000000100000000000000701101000000000000f2052a01000000"],
  ["nodowngrade", [["sadd", "1", "2", "3", "70000"], ["srem", "70000"]], "0400000003000000010000000200000003000000"],
  ["nodowngrade64", [["sadd", "1", "9223372036854776000"], ["srem", "9223372036854776000", "1"], ["sadd", "4"]], "02000000010000000400"],
  ["extremes", [["sadd", "9223372036854775807", "-9223372036854775808", "0", "-1", "1"]], "08000000050000000000000000000080ffffffffffffffff00000000000000000100000000000000ffffffffffffff7f"],
  ["bounds16", [["sadd", "-32768", "32767", "0"]], "020000000300000000800000ff7f"],
  ["bounds32", [["sadd", "-32769", "32768", "-2147483648", "2147483647"]], "040000000400000000000080ff7fffff00800000ffffff7f"],
  ["removes", [["sadd", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"], ["srem", "1", "5", "10", "11"]], "02000000070000000200030004000600070008000900"],
  ["random16", [["sadd", "22606", "13808", "-2064", "28336", "22416", "-28592", "-23824", "27568", "-10992", "6928", "20944", "-15152", "8848", "-2000", "-5296", "10128", "3280", "-8752", "-13712", "-720", "27856", "19440", "-4048", "-22192", "-20752", "-7344", "-4336", "22768", "-16752", "-19312", "16", "-22640", "-19120", "-28432", "6096", "9808", "-23600", "12784", "-25744", "20784", "10544", "1264", "23184", "-26704", "26320", "29104", "24048", "-16080", "28592", "-12688", "16816", "25328", "19312", "-25392", "-29424", "-6640", "8496", "9360", "-16528", "20528", "5064", "18512", "-23152", "6480", "10024", "-26352", "368", "16656", "-4240", "-1552", "-5680", "28624", "-9168", "-23856", "10960", "-23704", "26640", "5456", "-7056", "-272", "7600", "28368", "-6416", "-13872", "-7856", "20432", "12464", "-28280", "21872", "-18576", "-2864", "368", "-3856", "25936", "28944", "-20432", "-29520", "15088", "12592", "19312"]], "0200000062000000b08c108d5090f0908891b0971099709bd09cd0a2f0a268a3d0a390a590a750a9f0ae30b090b450b570b790be70bf30c1d0c4d0c970ca70ce10d530dcd0dd50e150e370e410e6f0e6d0e950eb10ef70ef30f0f0f0d0f4f0f730f8f0f930fdf0fe10007001f004d00cc8135015d0175019101bb01d3021902290245026282790273029d02ab0303031f031f035f03a1041b0415048704bf04bd04f30503051d051705590574e58f058905af05df0625065d0661068b06bd06cb06ed06eb06fd06f1071b071"],
  ["random64", [["sadd", "-1828921913356124160", "-376783617943797760", "-1681194868600160256", "-931844659511033856", "-811417733191499776", "-1053557979771807744", "-3652976595128614912", "-1218547421895720960", "-619474001804861440", "-2124864867953278976", "-2776835001060163584", "-342579254001598464", "-1380117400167940096", "-1123282962896650240", "-375183525731893248", "-2428684276072267776", "-1973914816212172800", "-704527917130776576", "-555892419831808000", "-22317132465045504", "-58435834054311936", "-438566913280000000", "-1148483160267620352", "-2009013118705434624", "-389492260895424512", "-1020727466372628480", "-2613931850580951040", "-1029966205576806400", "-694994960798187520", "-1684745979083882496", "-170797297482858496", "-18280376768708608", "-780299179489492992", "-1668604319391285248", "-867436620834406400", "-1346198390282649600", "-1139264508930293760", "-53127995644182528", "-1725041755439824896", "-61573017099173888", "-710417632854720512", "-3158149179030896640", "-1688101009478647808", "-1268670669660618752", "-1727617171803340800", "-358833164716113920", "-76079603543767040", "-2766496542607343616", "-2150401401521242112", "-127650793344442368", "-992251910139412480", "-3069767731693748224", "-645007337975709696", "-2904504605532291072", "-60523799173275648", "-760576739451863040", "-94030168227348480", "-779751712814333952", "-908565012500135936", "-1674194113841332224"], ["srem", "-13104", "-1392", "-8496", "-2320", "-17136", "-19152", "-21232", "28624", "-3376", "23184", "-8432", "-24144", "12400", "-21872", "-26128", "-28176", "12432", "-25520", "-12016", "-26576", "-4944", "4240", "784", "18992", "3056", "29072", "-16400", "-5712", "24368", "24656"]], "080000003c00000000008b1a24054ecd00002ce40d002cd40000702983fe65d50000c3327320b1d70000f06147b376d900008b510d6e9bd900000bc3d472b9db00c022c584944bde0000d391513d28e20000f01da9f682e200807676368d1ee40000cbd2ee3e9be400007bb8355d9ee60000cce6554506e800004bc0a96b0fe800000c6913a992e80000f04b75949ee800c0e0a22c32abe8000070df5211c4e80000005036edd7e80080a76689d6d8ec0000004eb25751ed0000ec65bfc664ee0000f06f93d916ef0000bb91a6c40ff000000018f78430f000004cbe184c69f000586c71990261f10000f06931d3b4f100006002c7a5d5f10000701825d03af200000024386c11f300c09456ef2064f30000003efd3ef6f30000abe8de43bdf4000000cc07d22bf50000b3d0f2c32df500008c347ce371f500408547ed1624f600001395970339f60000f0f0c3e15af6000070563e790cf700e0d46ead2f67f700c09716ca1249f800c0b44bb7e5e9f900809032da3e98fa000046b74b65c5fa00002c379214cbfa0080774b232b05fb0000d1c9fbe93efb0000f04ac334a1fd0060689f477e3afe0080a3680ff0b1fe00081ff000b6f1fe00000eccaa3f25ff00e0d1e1ecf928ff00000a25eb6430ff000000945e4043ff000004afafb6b0ff0040571c180ebfff"],
];

/** Replays SADD / SREM calls on a fresh intset; returns the blob as hex. */
function replay(calls: string[][]): string {
  let is = ex.newSet();
  for (const [op, ...args] of calls) {
    for (const a of args) {
      if (op === "sadd") is = ex.add(is, BigInt(a));
      else is = ex.remove(is, BigInt(a));
    }
    if (ex.len(is) === 0) {
      // An emptied set key is deleted: the next SADD starts a fresh (int16) intset.
      ex.freeSet(is);
      is = ex.newSet();
    }
  }
  const hex = Buffer.from(new Uint8Array(ex.memory.buffer, is, ex.blobLen(is))).toString("hex");
  ex.freeSet(is);
  return hex;
}

/** The intset blob out of a DUMP payload: type byte 11, then an uncompressed RDB string. */
function blobFromDump(d: Buffer): string {
  expect(d[0]).toBe(11); // RDB_TYPE_SET_INTSET
  const b0 = d[1];
  let len: number, p: number;
  if (b0 >> 6 === 0) { len = b0 & 63; p = 2; }
  else if (b0 >> 6 === 1) { len = ((b0 & 63) << 8) | d[2]; p = 3; }
  else { len = d.readUInt32BE(2); p = 6; }
  return d.subarray(p, p + len).toString("hex");
}

describe("intset format", () => {
  for (const [name, calls, hex] of GOLDENS) {
    it(`${name} equals redis-server's DUMP`, () => {
      expect(replay(calls)).toBe(hex);
    });
  }

  it.skipIf(!redisAvailable() || process.env.LIVE === "0")("goldens still match a live redis-server", async () => {
    const proc = await RedisProcess.start();
    const r = new Redis({ port: proc.port, lazyConnect: true });
    try {
      await r.connect();
      await r.config("SET", "rdbcompression", "no");
      for (const [name, calls, hex] of GOLDENS) {
        await r.del("k");
        for (const [op, ...args] of calls) await r.call(op, "k", ...args);
        expect(await r.call("OBJECT", "ENCODING", "k"), name).toBe("intset");
        expect(blobFromDump((await r.callBuffer("DUMP", "k")) as Buffer), name).toBe(hex);
      }
    } finally {
      r.disconnect();
      proc.stop();
    }
  }, 30_000);
});

describe("intset behaviour", () => {
  const width = (v: bigint) => (v < -(1n << 31n) || v >= 1n << 31n ? 8 : v < -(1n << 15n) || v >= 1n << 15n ? 4 : 2);

  function serialize(members: bigint[], enc: number): string {
    const b = Buffer.alloc(8 + members.length * enc);
    b.writeUInt32LE(enc, 0);
    b.writeUInt32LE(members.length, 4);
    members.forEach((v, i) => {
      if (enc === 2) b.writeInt16LE(Number(v), 8 + i * 2);
      else if (enc === 4) b.writeInt32LE(Number(v), 8 + i * 4);
      else b.writeBigInt64LE(v, 8 + i * 8);
    });
    return b.toString("hex");
  }

  it("matches a reference model over random adds and removes", () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed / 2147483648);
    const pools: bigint[][] = [
      Array.from({ length: 50 }, (_, i) => BigInt(i - 25)),
      [-32769n, -32768n, 32767n, 32768n, 0n, 1n, -1n, 100n],
      [-(1n << 31n) - 1n, -(1n << 31n), (1n << 31n) - 1n, 1n << 31n, 5n, -5n],
      [-(1n << 63n), (1n << 63n) - 1n, 0n, 123456789012345n, -98765432109n, 7n],
    ];
    const before = ex.used();
    for (let round = 0; round < 200; round++) {
      const pool = pools.flat().filter(() => rnd() < 0.5);
      const model = new Set<bigint>();
      let enc = 2;
      let is = ex.newSet();
      for (let step = 0; step < 300; step++) {
        const v = pool.length ? pool[Math.floor(rnd() * pool.length)] : 0n;
        if (rnd() < 0.6) {
          is = ex.add(is, v);
          expect(ex.added()).toBe(model.has(v) ? 0 : 1);
          model.add(v);
          enc = Math.max(enc, width(v));
        } else {
          is = ex.remove(is, v);
          expect(ex.removed()).toBe(model.has(v) ? 1 : 0);
          model.delete(v);
        }
        expect(ex.find(is, v)).toBe(model.has(v) ? 1 : 0);
      }
      const sorted = [...model].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      expect(ex.len(is)).toBe(sorted.length);
      expect(Buffer.from(new Uint8Array(ex.memory.buffer, is, ex.blobLen(is))).toString("hex")).toBe(serialize(sorted, enc));
      for (const v of pools.flat()) expect(ex.find(is, v)).toBe(model.has(v) ? 1 : 0);
      const copy = ex.dupSet(is);
      expect(Buffer.from(new Uint8Array(ex.memory.buffer, copy, ex.blobLen(copy))).toString("hex")).toBe(serialize(sorted, enc));
      ex.freeSet(copy);
      ex.freeSet(is);
    }
    expect(ex.used()).toBe(before); // every block given back
  });

  it("finds nothing wider than its encoding", () => {
    let is = ex.newSet();
    is = ex.add(is, 1n);
    expect(ex.find(is, 1n << 40n)).toBe(0);
    expect(ex.find(is, 70000n)).toBe(0);
    is = ex.remove(is, 1n << 40n);
    expect(ex.removed()).toBe(0);
    expect(ex.blobLen(is)).toBe(10);
    ex.freeSet(is);
  });

  it("picks random members uniformly", () => {
    let is = ex.newSet();
    for (let i = 0; i < 10; i++) is = ex.add(is, BigInt(i * 1000));
    const counts = new Map<bigint, number>();
    for (let i = 0; i < 20000; i++) {
      const v = ex.random(is);
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    expect(counts.size).toBe(10);
    for (const n of counts.values()) expect(Math.abs(n - 2000)).toBeLessThan(300);
    ex.freeSet(is);
  });
});
