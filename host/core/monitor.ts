// monitor.ts — MONITOR (Redis: monitorCommand and replicationFeedMonitors).
//
// PORTABLE. While some client monitors, the engine logs every command it ran as a MONITOR
// record in the effects log (assembly/server.ts feedMonitors: after the command, admin commands
// left out, passwords redacted). After each exec call the records are turned into Redis's lines
//
//   +1700000000.123456 [0 127.0.0.1:50274] "set" "a" "1"
//
// (time with microseconds, the db the command left selected, the client's address, or "lua"
// for commands a script ran, or "unix:<path>" for unix socket clients; arguments quoted as
// sdscatrepr does) and sent to each monitor through the pub/sub delivery path, which keeps a
// client's stream in order and writes each socket once per exec call.

import type { RespiteCore } from "./server.js";
import type { Session } from "./session.js";
import { CLIENT_FLAG, u32le } from "./engine.js";
import { pubsubOf } from "./pubsub.js";
import { clientFields } from "./cmd/client.js";
import { bin, repr } from "./text.js";

const EFFECT_MONITOR = 4;
/** Engine setting: some client monitors (assembly/index.ts setConfig). */
const CONFIG_MONITORS_ON = 74;

const monitorSets = new WeakMap<RespiteCore, Set<Session>>();

export function monitorsOf(core: RespiteCore): Set<Session> {
  let m = monitorSets.get(core);
  if (!m) monitorSets.set(core, (m = new Set()));
  return m;
}

/** How Redis names the client in a monitor line. */
function monitorAddr(core: RespiteCore, clientId: number): string {
  const s = core.sessions.get(clientId);
  if (!s) return "lua"; // the scripting client is not a connection
  if (s.info.kind === "unix") return `unix:${s.info.addr.replace(/:0$/, "")}`;
  return s.info.addr;
}

/** "1700000000.123456" from unix ms with a fraction. */
function monitorTime(nowMs: number): string {
  const us = Math.floor(nowMs * 1000);
  const sec = Math.floor(us / 1e6);
  return `${sec}.${String(us - sec * 1e6).padStart(6, "0")}`;
}

/** Reads "<digits>\r\n" at p; returns [value, offset after]. */
function readNum(b: Uint8Array, p: number): [number, number] {
  let v = 0;
  while (b[p] !== 0x0d) v = v * 10 + (b[p++] - 0x30);
  return [v, p + 2];
}

function drainMonitorRecords(core: RespiteCore): void {
  const monitors = monitorsOf(core);
  if (monitors.size === 0) return;
  const x = core.engine.x;
  const enc = new TextEncoder();
  const ps = pubsubOf(core);
  let now = "";
  core.engine.forEachEffect(EFFECT_MONITOR, 0, (db, at, _n, mem) => {
    const id = u32le(mem, at); // payload: client id, then the command as a multibulk
    let [argc, p] = readNum(mem, at + 5); // after "*"
    const args: string[] = [];
    while (argc-- > 0) {
      const [len, q] = readNum(mem, p + 1); // after "$"
      args.push(repr(bin(mem.subarray(q, q + len))));
      p = q + len + 2;
    }
    if (now === "") now = monitorTime(core.now());
    const line = enc.encode(`+${now} [${db} ${monitorAddr(core, id)}] ${args.join(" ")}\r\n`);
    for (const m of monitors) {
      if (m.closed) monitors.delete(m);
      else ps.deliver(m, line);
    }
  });
  if (monitors.size === 0) x.setConfig(CONFIG_MONITORS_ON, 0);
  ps.flushPushes();
}

export function installMonitor(core: RespiteCore): void {
  const monitors = monitorsOf(core);
  core.hostCommands.set("monitor", ({ session, w }) => {
    if (monitors.has(session)) return; // already monitoring: ignored, as Redis does
    if (core.engine.x.clientFlags(session.c) & CLIENT_FLAG.denyBlocking) {
      w.error("ERR MONITOR isn't allowed for DENY BLOCKING client");
      return;
    }
    monitors.add(session);
    core.engine.x.setConfig(CONFIG_MONITORS_ON, 1);
    w.ok();
  });
  core.effectsHooks.push(() => drainMonitorRecords(core));
  clientFields.set("flags.monitor", (_c, s) => (monitors.has(s) ? "O" : ""));
}
