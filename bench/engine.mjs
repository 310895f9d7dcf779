#!/usr/bin/env node
// engine.mjs — engine-only throughput: RESP bytes in, reply bytes out, no sockets.
// Measures the cost per command of the exec path (parse, dispatch, keyspace, reply) as the
// host drives it: one copy in, one exec, one copy out per batch of pipelined commands.
//
//   node bench/engine.mjs [batch=16] [seconds=2]
import { readFileSync } from "node:fs";
import { Engine } from "../dist/host/core/engine.js";
import { encodeCommand, concat } from "../dist/host/core/resp.js";

const batch = Number(process.argv[2] ?? 16);
const secs = Number(process.argv[3] ?? 2);
const wasm = readFileSync(new URL(process.env.ENGINE_WASM ?? "../build/engine.wasm", import.meta.url));
const engine = await Engine.load(wasm);
const c = engine.x.clientCreate(Date.now());

function run(name, makeCmd) {
  const chunks = [];
  for (let i = 0; i < 64; i++) {
    const cmds = [];
    for (let j = 0; j < batch; j++) cmds.push(encodeCommand(makeCmd(i * batch + j)));
    chunks.push(concat(cmds));
  }
  let n = 0, k = 0;
  const t0 = performance.now();
  const end = t0 + secs * 1000;
  while (performance.now() < end) {
    for (let r = 0; r < 100; r++) {
      engine.feed(c, chunks[k++ & 63], Date.now());
      engine.takeOutput(c);
      n += batch;
    }
  }
  const dt = performance.now() - t0;
  console.log(`${name.padEnd(24)} ${(n / dt * 1000 / 1e6).toFixed(2)} M cmd/s  ${(dt * 1e6 / n).toFixed(0)} ns/cmd`);
}

run("SET key:<100k> (3 B)", (i) => ["SET", `key:${i % 100000}`, "xxx"]);
run("GET key:<100k>", (i) => ["GET", `key:${i % 100000}`]);
run("INCR counter", () => ["INCR", "counter"]);
run("SET key:<1M> (100 B)", (i) => ["SET", `key:${(i * 7919) % 1000000}`, "x".repeat(100)]);
run("MSET 10 keys", (i) => ["MSET", ...Array.from({ length: 10 }, (_, j) => [`k${(i + j) % 1000}`, "v"]).flat()]);
run("PING", () => ["PING"]);
