// config.ts — redis-server style configuration: an optional config file, then `--name value`
// flags (which override the file), parsed with Redis's rules and refused with Redis's error
// report. Only the settings the server acts on so far are known; the full table of Redis
// 7.0.15's settings (CONFIG GET/SET) lives in host/core/config.ts once it exists.

import { readFileSync } from "node:fs";
import type { RespiteCore } from "../core/server.js";
import { ENGINE_CONFIG } from "../core/engine.js";

type Kind = "int" | "string" | "enum" | "bool";
interface Def { kind: Kind; def: string; min?: number; max?: number; values?: string[] }

const DEFS: Record<string, Def> = {
  port: { kind: "int", def: "6379", min: 0, max: 65535 },
  bind: { kind: "string", def: "127.0.0.1 -::1" },
  databases: { kind: "int", def: "16", min: 1, max: 2147483647 },
  hz: { kind: "int", def: "10", min: 1, max: 500 },
  requirepass: { kind: "string", def: "" },
  maxclients: { kind: "int", def: "10000", min: 1, max: 2147483647 },
  timeout: { kind: "int", def: "0", min: 0, max: 2147483647 },
  loglevel: { kind: "enum", def: "notice", values: ["debug", "verbose", "notice", "warning"] },
  logfile: { kind: "string", def: "" },
  dir: { kind: "string", def: "." },
  "proto-max-bulk-len": { kind: "int", def: "536870912", min: 1024 * 1024, max: Number.MAX_SAFE_INTEGER },
  "client-query-buffer-limit": { kind: "int", def: "1073741824", min: 1024 * 1024, max: Number.MAX_SAFE_INTEGER },
};

export class ConfigError extends Error {
  constructor(readonly line: number, readonly text: string, readonly reason: string) {
    super(reason);
  }
  report(): string {
    return `\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line ${this.line}\n>>> '${this.text}'\n${this.reason}\n`;
  }
}

export class ServerConfig {
  readonly values = new Map<string, string>();
  configFile = "";
  constructor() {
    for (const [k, d] of Object.entries(DEFS)) this.values.set(k, d.def);
  }
  get(name: string): string {
    return this.values.get(name) ?? "";
  }
  /** Pushes engine-side settings down. */
  applyTo(core: RespiteCore): void {
    const x = core.engine.x;
    x.setConfig(ENGINE_CONFIG.protoMaxBulkLen, Number(this.get("proto-max-bulk-len")));
    x.setConfig(ENGINE_CONFIG.queryBufferLimit, Number(this.get("client-query-buffer-limit")));
    core.engine.setRequirePass(this.get("requirepass"));
  }
}

/** Memory units as Redis's memtoull: 1k=1000, 1kb=1024, 1m, 1mb, 1g, 1gb. */
export function parseMemory(s: string): number | null {
  const m = /^(-?\d+)(k|kb|m|mb|g|gb|b)?$/i.exec(s);
  if (!m) return null;
  const mul: Record<string, number> = { "": 1, b: 1, k: 1e3, kb: 1024, m: 1e6, mb: 1024 ** 2, g: 1e9, gb: 1024 ** 3 };
  return Number(m[1]) * mul[(m[2] ?? "").toLowerCase()];
}

function splitLine(line: string): string[] {
  const out: string[] = [];
  const re = /"((?:\\.|[^"\\])*)"|'((?:\\'|[^'])*)'|(\S+)/g;
  let m;
  while ((m = re.exec(line))) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

function applyLine(cfg: ServerConfig, args: string[], lineNo: number, text: string): void {
  const name = args[0].toLowerCase();
  const def = DEFS[name];
  if (!def || args.length < 2) throw new ConfigError(lineNo, text, "Bad directive or wrong number of arguments");
  const value = args.slice(1).join(" ");
  if (def.kind === "int") {
    const n = name.endsWith("len") || name.endsWith("limit") ? parseMemory(value) : (/^-?\d+$/.test(value) ? Number(value) : null);
    if (n === null) throw new ConfigError(lineNo, text, "argument couldn't be parsed into an integer");
    if (n < (def.min ?? -Infinity) || n > (def.max ?? Infinity)) throw new ConfigError(lineNo, text, `argument must be between ${def.min} and ${def.max} inclusive`);
    cfg.values.set(name, String(n));
  } else if (def.kind === "enum") {
    if (!def.values!.includes(value.toLowerCase())) throw new ConfigError(lineNo, text, `argument(s) must be one of the following: ${def.values!.join(", ")}`);
    cfg.values.set(name, value.toLowerCase());
  } else {
    cfg.values.set(name, value);
  }
}

/** Parses `[configfile] [--name value ...]` as redis-server does. */
export function loadServerConfig(argv: string[]): ServerConfig {
  const cfg = new ServerConfig();
  let text = "";
  let i = 0;
  if (argv.length > 0 && !argv[0].startsWith("--")) {
    cfg.configFile = argv[0];
    text = readFileSync(argv[0], "utf8") + "\n";
    i = 1;
  }
  // Flags become config lines appended after the file, as redis-server does.
  const flagLines: string[] = [];
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith("--")) flagLines.push(a.slice(2));
    else if (flagLines.length) flagLines[flagLines.length - 1] += ` "${a}"`;
  }
  const lines = (text + flagLines.join("\n")).split("\n");
  lines.forEach((raw, idx) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const args = splitLine(line);
    applyLine(cfg, args, idx + 1, line);
  });
  return cfg;
}
