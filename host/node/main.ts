#!/usr/bin/env node
// main.ts — `respite [configfile] [--name value ...]`: the redis-server compatible CLI.
//
// Startup: parse the configuration (config.ts: Redis's file format and flags, Redis's
// errors), load the engine, listen, run the cron, and shut down cleanly on SIGINT/SIGTERM.

import { RespiteCore } from "../core/server.js";
import { installHostCommands } from "../core/commands.js";
import { engineModule } from "./load.js";
import { TcpServer } from "./tcp.js";
import { Logger } from "./log.js";
import { loadServerConfig, ConfigError } from "./config.js";

const VERSION = "7.0.15";

async function main(argv: string[]): Promise<void> {
  let cfg;
  try {
    cfg = loadServerConfig(argv);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(e.report());
      process.exit(1);
    }
    throw e;
  }
  const log = new Logger(cfg.get("loglevel") as "notice", cfg.get("logfile"));
  log.notice("oO0OoO0OoO0Oo Respite is starting oO0OoO0OoO0Oo");
  log.notice(`Respite version=${VERSION}, bits=64, pid=${process.pid}, just started`);
  if (!cfg.configFile) log.warning("Warning: no config file specified, using the default config. In order to specify a config file use respite /path/to/redis.conf");

  const core = await RespiteCore.create(engineModule(), { databases: Number(cfg.get("databases")) });
  installHostCommands(core);
  cfg.applyTo(core);
  core.startCron(Number(cfg.get("hz")));

  const tcp = new TcpServer(core, {
    port: Number(cfg.get("port")),
    bind: cfg.get("bind").split(/\s+/).filter(Boolean),
    maxclients: Number(cfg.get("maxclients")),
    timeout: Number(cfg.get("timeout")),
  }, log);
  try {
    await tcp.listen();
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    log.warning(`Warning: Could not create server TCP listening socket ${cfg.get("bind")}:${cfg.get("port")}: ${err.code === "EADDRINUSE" ? "bind: Address already in use" : err.message}`);
    log.warning("Failed listening on port " + cfg.get("port") + " (tcp), aborting.");
    process.exit(1);
  }
  log.notice("Server initialized");
  log.notice(`Ready to accept connections tcp (port ${tcp.port})`);

  let stopping = false;
  const shutdown = async (sig: string) => {
    if (stopping) return;
    stopping = true;
    log.warning(`Received ${sig} scheduling shutdown...`);
    log.notice("User requested shutdown...");
    core.stopCron();
    await tcp.close();
    log.warning("Respite is now ready to exit, bye bye...");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main(process.argv.slice(2)).catch((e) => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});
