// standalone.ts — commands about features a standalone server without replicas or modules
// answers in a fixed way, as redis-server 7.0.15 does in that setup: ROLE, WAIT, FAILOVER,
// MODULE (no module can be loaded into a WebAssembly engine), and LOLWUT.
// (CLUSTER, READONLY, READWRITE and ASKING are answered by the engine: assembly/t/standalone.ts.)
//
// PORTABLE: no node: imports.

import type { HostCommandContext, RespiteCore } from "../server.js";
import { bin, string2ll } from "../text.js";
import { writeHelp } from "./command.js";
import { CLIENT_FLAG } from "../engine.js";

const VERSION = "7.0.15";

/** ROLE: a master with no replicas (replication offset 0). */
function roleCommand({ w }: HostCommandContext): void {
  w.array(3).bulk("master").int(0).array(0);
}

/**
 * WAIT numreplicas timeout: no replica ever acknowledges, so 0 — at once when no replica is
 * asked for, else when the timeout ends (0: never, until the client goes away), as Redis.
 */
function waitCommand({ core, session, args, w }: HostCommandContext): void {
  const num = string2ll(bin(args[1]));
  if (num === null) {
    w.error("ERR value is not an integer or out of range");
    return;
  }
  const timeout = string2ll(bin(args[2]));
  if (timeout === null) {
    w.error("ERR timeout is not an integer or out of range");
    return;
  }
  if (timeout < 0n) {
    w.error("ERR timeout is negative");
    return;
  }
  // Inside MULTI/EXEC or a script nothing may block: the count now.
  const noBlock = (core.engine.x.clientFlags(session.c) & (CLIENT_FLAG.multi | CLIENT_FLAG.denyBlocking)) !== 0;
  if (num <= 0n || noBlock) {
    w.int(0);
    return;
  }
  // Park the caller; its reply comes when the timeout ends (Session.resume path).
  session.blocked = true;
  if (timeout === 0n) return; // forever: the client stays parked until it disconnects
  setTimeout(() => {
    if (session.closed) return;
    core.engine.reply(session.c, new TextEncoder().encode(":0\r\n"));
    session.blocked = false;
    core.blocking.queueResume(session);
    core.blocking.flush();
  }, Number(timeout));
}

/** FAILOVER [TO host port [FORCE]] [ABORT] [TIMEOUT ms]: there is never a replica to hand over to. */
function failoverCommand({ args, w }: HostCommandContext): void {
  let abort = false, force = false, to = false, timeout = false;
  for (let j = 1; j < args.length; j++) {
    const a = bin(args[j]).toLowerCase();
    const more = args.length - j - 1;
    if (a === "to" && more >= 2 && !to) {
      if (string2ll(bin(args[j + 2])) === null) {
        w.error("ERR value is not an integer or out of range");
        return;
      }
      to = true;
      j += 2;
    } else if (a === "timeout" && more >= 1 && !timeout) {
      const ms = string2ll(bin(args[j + 1]));
      if (ms === null) {
        w.error("ERR value is not an integer or out of range");
        return;
      }
      if (ms <= 0n) {
        w.error("ERR FAILOVER timeout must be greater than 0");
        return;
      }
      timeout = true;
      j++;
    } else if (a === "force" && !force) {
      force = true;
    } else if (a === "abort" && !abort) {
      abort = true;
    } else {
      w.error("ERR syntax error");
      return;
    }
  }
  if (abort && (force || to || timeout)) {
    w.error("ERR syntax error");
    return;
  }
  if (abort) {
    w.error("ERR No failover in progress.");
    return;
  }
  w.error("ERR FAILOVER requires connected replicas.");
}

const MODULE_HELP = [
  "MODULE <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
  "LIST",
  "    Return a list of loaded modules.",
  "LOAD <path> [<arg> ...]",
  "    Load a module library from <path>, passing to it any optional arguments.",
  "LOADEX <path> [[CONFIG NAME VALUE] [CONFIG NAME VALUE]] [ARGS ...]",
  "    Load a module library from <path>, while passing it module configurations and optional arguments.",
  "UNLOAD <name>",
  "    Unload a module.",
  "HELP",
  "    Prints this help.",
];

/** MODULE LOAD / LOADEX / UNLOAD: refused as enable-module-command says; nothing can load. */
function moduleChangeCommand({ core, session, name, args, w }: HostCommandContext): void {
  const setting = String(core.config.get("enable-module-command"));
  const local = (core.engine.x.clientFlags(session.c) & CLIENT_FLAG.local) !== 0;
  if (setting === "no" || (setting === "local" && !local)) {
    w.error("ERR MODULE command not allowed. If the enable-module-command option is set to \"local\", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.");
    return;
  }
  if (name === "module|unload") {
    w.error("ERR Error unloading module: no such module with that name");
    return;
  }
  void args;
  w.error("ERR Error loading the extension. Please check the server logs.");
}

// ---- LOLWUT ------------------------------------------------------------------------------------

/** LOLWUT [VERSION v [...]]: version 5 draws Georg Nees's Schotter; others print the version. */
function lolwutCommand({ args, w }: HostCommandContext): void {
  let ver = 7n;
  if (args.length >= 3 && bin(args[1]).toLowerCase() === "version") {
    const v = string2ll(bin(args[2]));
    if (v === null) {
      w.error("ERR value is not an integer or out of range");
      return;
    }
    ver = v;
  }
  if (ver === 5n || ver === 6n) {
    const nums: number[] = [];
    for (let i = 3; i < Math.min(args.length, 6); i++) {
      const n = string2ll(bin(args[i]));
      if (n === null) {
        w.error("ERR value is not an integer or out of range");
        return;
      }
      nums.push(Number(n));
    }
    const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
    const cols = clamp(nums[0] ?? 66, 1, 1000);
    const perRow = clamp(nums[1] ?? 8, 1, 200);
    const perCol = clamp(nums[2] ?? 12, 1, 200);
    w.verbatim(renderBraille(drawSchotter(cols, perRow, perCol)) +
      `\nGeorg Nees - schotter, plotter on paper, 1968. Redis ver. ${VERSION}\n`);
    return;
  }
  w.verbatim(`Redis ver. ${VERSION}\n`);
}

interface Canvas { width: number; height: number; pixels: Uint8Array }

function pixel(c: Canvas, x: number, y: number): number {
  return x < 0 || x >= c.width || y < 0 || y >= c.height ? 0 : c.pixels[x + y * c.width];
}

/** Bresenham's line. */
function line(c: Canvas, x1: number, y1: number, x2: number, y2: number): void {
  const dx = Math.abs(x2 - x1), dy = Math.abs(y2 - y1);
  const sx = x1 < x2 ? 1 : -1, sy = y1 < y2 ? 1 : -1;
  let err = dx - dy;
  for (;;) {
    if (x1 >= 0 && x1 < c.width && y1 >= 0 && y1 < c.height) c.pixels[x1 + y1 * c.width] = 1;
    if (x1 === x2 && y1 === y2) break;
    const e2 = err * 2;
    if (e2 > -dy) { err -= dy; x1 += sx; }
    if (e2 < dx) { err += dx; y1 += sy; }
  }
}

/** A square of side `size` centred at (x, y), rotated by `angle`. */
function square(c: Canvas, x: number, y: number, size: number, angle: number): void {
  const half = Math.round(size / Math.SQRT2);
  const px: number[] = [], py: number[] = [];
  let k = Math.PI / 4 + angle;
  for (let j = 0; j < 4; j++) {
    px.push(Math.round(Math.sin(k) * half + x));
    py.push(Math.round(Math.cos(k) * half + y));
    k += Math.PI / 2;
  }
  for (let j = 0; j < 4; j++) line(c, px[j], py[j], px[(j + 1) % 4], py[(j + 1) % 4]);
}

/** Rows of squares, more rotated and displaced at random the lower they are. */
function drawSchotter(cols: number, perRow: number, perCol: number): Canvas {
  const width = cols * 2;
  const padding = width > 4 ? 2 : 0;
  const side = (width - padding * 2) / perRow;
  const height = Math.trunc(side * perCol + padding * 2);
  const c: Canvas = { width, height, pixels: new Uint8Array(width * height) };
  for (let y = 0; y < perCol; y++) {
    for (let x = 0; x < perRow; x++) {
      let sx = Math.trunc(x * side + side / 2 + padding);
      let sy = Math.trunc(y * side + side / 2 + padding);
      let angle = 0;
      if (y > 1) {
        const r = () => (Math.random() / perCol) * y * (Math.random() < 0.5 ? -1 : 1);
        angle = r();
        sx = Math.trunc(sx + (r() * side) / 3);
        sy = Math.trunc(sy + (r() * side) / 3);
      }
      square(c, sx, sy, side, angle);
    }
  }
  return c;
}

/** The canvas in Unicode braille: one character per 2x4 pixels. */
function renderBraille(c: Canvas): string {
  let out = "";
  for (let y = 0; y < c.height; y += 4) {
    for (let x = 0; x < c.width; x += 2) {
      const bits = pixel(c, x, y) | (pixel(c, x, y + 1) << 1) | (pixel(c, x, y + 2) << 2) |
        (pixel(c, x + 1, y) << 3) | (pixel(c, x + 1, y + 1) << 4) | (pixel(c, x + 1, y + 2) << 5) |
        (pixel(c, x, y + 3) << 6) | (pixel(c, x + 1, y + 3) << 7);
      out += String.fromCharCode(0x2800 + bits);
    }
    if (y !== c.height - 1) out += "\n";
  }
  return out;
}

export function installStandaloneCommands(core: RespiteCore): void {
  const h = core.hostCommands;
  h.set("role", roleCommand);
  h.set("wait", waitCommand);
  h.set("failover", failoverCommand);
  h.set("lolwut", lolwutCommand);
  h.set("module|list", ({ w }) => w.array(0));
  h.set("module|help", ({ w }) => writeHelp(w, MODULE_HELP));
  h.set("module|load", moduleChangeCommand);
  h.set("module|loadex", moduleChangeCommand);
  h.set("module|unload", moduleChangeCommand);
}
