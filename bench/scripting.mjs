// scripting.mjs — EVAL of a script doing N redis.call('INCR'), Respite side by side with
// redis-server 7.0.15 (started here on a free port), both over TCP through ioredis.
//
//   npm run build && node bench/scripting.mjs            # N = 10000, 30 runs each
//   N=100000 RUNS=10 node bench/scripting.mjs
//
// Prints the median and minimum milliseconds per EVAL for both servers and their ratio
// (the scripting issue's bar: within 5x of redis-server).

import { spawn } from "node:child_process";
import net from "node:net";
import Redis from "ioredis";
import { RespiteCore } from "../dist/host/core/server.js";
import { installHostCommands } from "../dist/host/core/commands.js";
import { engineModule } from "../dist/host/node/load.js";
import { TcpServer } from "../dist/host/node/tcp.js";
import { Logger } from "../dist/host/node/log.js";

const N = Number(process.env.N ?? 10000);
const RUNS = Number(process.env.RUNS ?? 30);
const script = `for i = 1, ${N} do redis.call('INCR', 'cnt') end return redis.call('GET', 'cnt')`;

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

async function measure(port) {
  const r = new Redis({ port, host: "127.0.0.1", maxRetriesPerRequest: 1 });
  const times = [];
  for (let i = 0; i < 5; i++) await r.eval(script, 0); // warm up (JIT, script cache)
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await r.eval(script, 0);
    times.push(performance.now() - t);
  }
  r.disconnect();
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0] };
}

const rport = await freePort();
const redis = spawn("redis-server", ["--port", String(rport), "--save", "", "--appendonly", "no"], { stdio: "ignore" });
await new Promise((r) => setTimeout(r, 300));

const core = await RespiteCore.create(engineModule());
installHostCommands(core);
const tcp = new TcpServer(core, { port: 0, bind: ["127.0.0.1"], maxclients: 100, timeout: 0 }, new Logger("warning"));
await tcp.listen();

const resp = await measure(tcp.port);
const red = await measure(rport);
redis.kill();
await tcp.close();
const f = (x) => x.toFixed(2).padStart(8);
console.log(`EVAL with ${N} x redis.call('INCR'), ${RUNS} runs`);
console.log(`            median ms   min ms`);
console.log(`respite     ${f(resp.median)} ${f(resp.min)}`);
console.log(`redis       ${f(red.median)} ${f(red.min)}`);
console.log(`ratio       ${f(resp.median / red.median)} ${f(resp.min / red.min)}`);
process.exit(0);
