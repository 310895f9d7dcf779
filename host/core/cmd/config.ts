// config.ts — CONFIG GET / SET / RESETSTAT / REWRITE / HELP (Redis: config.c's commands), and
// the wiring of settings into the engine and the core.
//
// PORTABLE: no node: imports. The settings themselves (types, parsing, errors, the config file
// and rewrite formats) live in host/core/config.ts; this file is the command layer plus the
// "apply" hooks that make a setting take effect:
//
//   proto-max-bulk-len, client-query-buffer-limit   -> engine.x.setConfig
//   requirepass                                     -> engine.setRequirePass (auth required flag)
//   enable-debug-command, replicaof (immutable)     -> engine.x.setConfig, once at startup
//   hz                                              -> clamped to 1..500 as Redis does, and the
//                                                      cron restarted at the new rate
// The Node shell adds its own hooks (port, bind, maxclients, timeout) in host/node/.
//
// CONFIG REWRITE needs the file system: the shell passes `configIO` (read the old file, replace
// it atomically); without it (browser, embedding) the server has no config file and Redis's
// "The server is running without a config file" error is the answer.

import type { HostCommandContext, RespiteCore } from "../server.js";
import { ENGINE_CONFIG, ENGINE_STRUCTURE_SETTINGS, CLIENT_FLAG } from "../engine.js";
import { bin, binBytes } from "../text.js";
import { writeHelp } from "./command.js";
import { resetStats } from "./info.js";

/** File access for CONFIG REWRITE (the Node shell provides it). */
export interface ConfigFileIO {
  /** The file's text as a binary string, "" when it does not exist; throws an errno text. */
  read(path: string): string;
  /** Replaces the file atomically; throws an errno text. */
  write(path: string, content: string): void;
}

const configIO = new WeakMap<RespiteCore, ConfigFileIO>();

export function setConfigFileIO(core: RespiteCore, io: ConfigFileIO): void {
  configIO.set(core, io);
}

function configGetCommand(ctx: HostCommandContext): void {
  const pairs = ctx.core.config.getMatching(ctx.args.slice(2).map(bin));
  ctx.w.map(pairs.length);
  for (const [k, v] of pairs) ctx.w.bulk(binBytes(k)).bulk(binBytes(v));
}

function configSetCommand(ctx: HostCommandContext): void {
  const { core, args, w } = ctx;
  if (args.length & 1) {
    w.error("ERR syntax error");
    return;
  }
  const pairs: [string, string][] = [];
  for (let i = 2; i < args.length; i += 2) pairs.push([bin(args[i]), bin(args[i + 1])]);
  const mode = core.config.get("enable-protected-configs");
  const local = (core.engine.x.clientFlags(ctx.session.c) & CLIENT_FLAG.local) !== 0;
  const err = core.config.setFromCommand(pairs, { protectedAllowed: mode === "yes" || (mode === "local" && local) });
  if (err === null) w.ok();
  else w.raw(binBytes(`-${err.replace(/[\r\n]/g, " ")}\r\n`));
}

function configResetstatCommand(ctx: HostCommandContext): void {
  resetStats(ctx.core);
  ctx.w.ok();
}

function configRewriteCommand(ctx: HostCommandContext): void {
  const { core, w } = ctx;
  const file = core.config.configFile;
  const io = configIO.get(core);
  if (!file || !io) {
    w.error("ERR The server is running without a config file");
    return;
  }
  try {
    const content = core.config.rewrite(io.read(file));
    io.write(file, content);
    w.ok();
  } catch (e) {
    w.error(`ERR Rewriting config file: ${e instanceof Error ? e.message : String(e)}`);
  }
}

const CONFIG_HELP = [
  "CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
  "GET <pattern>",
  "    Return parameters matching the glob-like <pattern> and their values.",
  "SET <directive> <value>",
  "    Set the configuration <directive> to <value>.",
  "RESETSTAT",
  "    Reset statistics reported by the INFO command.",
  "REWRITE",
  "    Rewrite the configuration file.",
  "HELP",
  "    Prints this help.",
];

/** Pushes the settings the engine acts on, and keeps them pushed on CONFIG SET. */
function wireConfig(core: RespiteCore): void {
  const cfg = core.config;
  const x = core.engine.x;
  const pushLimits = () => {
    x.setConfig(ENGINE_CONFIG.protoMaxBulkLen, cfg.num("proto-max-bulk-len"));
    x.setConfig(ENGINE_CONFIG.queryBufferLimit, cfg.num("client-query-buffer-limit"));
    return null;
  };
  const pushPassword = () => {
    core.engine.setRequirePass(binBytes(cfg.str("requirepass") ?? ""));
    return null;
  };
  const applyHz = () => {
    // Redis takes any hz >= 0 and clamps it (updateHZ); CONFIG GET then shows the clamped value.
    const hz = cfg.num("hz");
    if (hz < 1) cfg.setRaw("hz", "1");
    if (hz > 500) cfg.setRaw("hz", "500");
    core.setCronHz(cfg.num("hz"));
    return null;
  };
  const pushStructures = () => {
    for (const name of ENGINE_STRUCTURE_SETTINGS) x.setConfig(ENGINE_CONFIG[name], cfg.num(name));
    return null;
  };
  cfg.onApply([...ENGINE_STRUCTURE_SETTINGS], pushStructures);
  cfg.onApply(["proto-max-bulk-len", "client-query-buffer-limit"], pushLimits);
  cfg.onApply(["requirepass"], pushPassword);
  cfg.onApply(["hz"], applyHz);
  // Redis's apply functions that adjust the value just set.
  cfg.onApply(["repl-backlog-size"], () => {
    if (cfg.num("repl-backlog-size") < 16384) cfg.setRaw("repl-backlog-size", "16384");
    return null;
  });
  cfg.onApply(["watchdog-period"], () => {
    const p = cfg.num("watchdog-period"), min = Math.trunc(1000 / cfg.num("hz")) * 2;
    if (p > 0 && p < min) cfg.setRaw("watchdog-period", String(min));
    return null;
  });
  pushLimits();
  pushStructures();
  pushPassword();
  applyHz();
  // Immutable settings: pushed once.
  const dbg = cfg.get("enable-debug-command");
  x.setConfig(ENGINE_CONFIG.enableDebugCommand, dbg === "yes" ? 1 : dbg === "local" ? 2 : 0);
  x.setConfig(ENGINE_CONFIG.isReplica, cfg.get("replicaof") !== "" ? 1 : 0);
}

export function installConfigCommands(core: RespiteCore): void {
  const h = core.hostCommands;
  h.set("config|get", configGetCommand);
  h.set("config|set", configSetCommand);
  h.set("config|resetstat", configResetstatCommand);
  h.set("config|rewrite", configRewriteCommand);
  h.set("config|help", (ctx) => writeHelp(ctx.w, CONFIG_HELP));
  wireConfig(core);
}
