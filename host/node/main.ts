#!/usr/bin/env node
// main.ts — `respite [configfile] [--name value ...]`: the redis-server compatible CLI.
//
// Startup: parse the configuration (config.ts: Redis's file format and flags, Redis's
// errors and exit code 1), load the engine with those settings, listen, run the cron, and
// shut down cleanly on SIGINT/SIGTERM. CONFIG SET of port/bind/maxclients/timeout reaches the
// TCP server through its config hooks; CONFIG REWRITE writes the config file given here.

import os from "node:os";
import { RespiteCore } from "../core/server.js";
import { installHostCommands } from "../core/commands.js";
import { setConfigFileIO } from "../core/cmd/config.js";
import { loadAclAtStartup, setAclFileIO } from "../core/cmd/acl.js";
import { nodeAclFileIO } from "./aclfile.js";
import { engineModule } from "./load.js";
import { installNodePersistence, loadDataFromDisk } from "./persistence.js";
import { installAof } from "./aof.js";
import { installMigrate } from "./migrate.js";
import { installShutdown } from "./shutdown.js";
import { TcpServer } from "./tcp.js";
import { Logger, LogLevel } from "./log.js";
import { ConfigFileError, ConfigOpenError, loadServerConfig, nodeConfigFileIO } from "./config.js";
import type { ServerConfig } from "../core/config.js";

const VERSION = "7.0.15";

const USAGE = `Usage: respite [/path/to/redis.conf] [options] [-]
       respite - (read config from stdin)
       respite -v or --version
       respite -h or --help

Examples:
       respite (run the server with default conf)
       echo 'maxmemory 128mb' | respite -
       respite /etc/redis/6379.conf
       respite --port 7777
       respite /etc/myredis.conf --loglevel verbose -
`;

async function main(argv: string[]): Promise<void> {
  if (argv[0] === "-v" || argv[0] === "--version") {
    process.stdout.write(`Respite server v=${VERSION} sha=00000000:0 malloc=respite bits=64 build=0\n`);
    process.exit(0);
  }
  if (argv[0] === "-h" || argv[0] === "--help") {
    process.stderr.write(USAGE);
    process.exit(1);
  }
  if (argv.includes("--sentinel")) {
    process.stderr.write("Respite does not implement Redis Sentinel.\n");
    process.exit(1);
  }
  const boot = new Logger("notice");
  boot.role = "C";
  let cfg: ServerConfig;
  try {
    cfg = loadServerConfig(argv);
  } catch (e) {
    if (e instanceof ConfigFileError) {
      process.stderr.write(e.report(VERSION));
      process.exit(1);
    }
    if (e instanceof ConfigOpenError) {
      boot.warning(e.message);
      process.exit(1);
    }
    throw e;
  }
  const log = new Logger(cfg.get("loglevel") as LogLevel, cfg.str("logfile") ?? "");
  log.role = "C";
  log.warning("oO0OoO0OoO0Oo Respite is starting oO0OoO0OoO0Oo");
  log.warning(`Respite version=${VERSION}, bits=64, commit=00000000, modified=0, pid=${process.pid}, just started`);
  if (!cfg.configFile) log.warning("Warning: no config file specified, using the default config. In order to specify a config file use respite /path/to/redis.conf");
  else log.warning("Configuration loaded");
  log.role = "M";

  const core = await RespiteCore.create(engineModule(), { config: cfg });
  core.env = {
    processId: process.pid,
    executable: process.argv[1] ?? "",
    os: `${os.type()} ${os.release()} ${os.machine?.() ?? process.arch}`,
    tcpPort: cfg.num("port"),
    totalSystemMemory: os.totalmem(),
    rss: () => process.memoryUsage.rss(),
    cpu: () => {
      const u = process.cpuUsage();
      return { user: u.user / 1e6, sys: u.system / 1e6 };
    },
  };
  if (cfg.configFile) setConfigFileIO(core, nodeConfigFileIO);
  installHostCommands(core);
  setAclFileIO(core, nodeAclFileIO);
  const aclErrors = loadAclAtStartup(core); // config-file users and the aclfile (core/cmd/acl.ts)
  if (aclErrors) {
    for (const l of aclErrors) log.warning(l);
    process.exit(1);
  }
  installNodePersistence(core, log); // RDB files: SAVE, BGSAVE, save points (persistence.ts)
  const aof = installAof(core, log); // the append-only file (aof.ts)
  installMigrate(core); // MIGRATE to another server (migrate.ts)
  core.startCron(cfg.num("hz"));

  const port = cfg.num("port");
  const bind = cfg.bindAddrs();
  const unixsocket = cfg.str("unixsocket");
  if ((port === 0 || bind.length === 0) && !unixsocket) {
    log.warning("Configured to not listen anywhere, exiting.");
    process.exit(1);
  }
  const tcp = new TcpServer(core, { port, bind, maxclients: cfg.num("maxclients"), timeout: cfg.num("timeout") }, log);
  try {
    if (port !== 0) await tcp.listen();
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    log.warning(`Warning: Could not create server TCP listening socket ${bind.join(" ")}:${port}: ${err.code === "EADDRINUSE" ? "bind: Address already in use" : err.message}`);
    log.warning(`Failed listening on port ${port} (tcp), aborting.`);
    process.exit(1);
  }
  if (unixsocket) {
    try {
      await tcp.listenUnix(unixsocket, cfg.num("unixsocketperm"));
    } catch (e) {
      log.warning(`Failed opening Unix socket: ${(e as Error).message}`);
      process.exit(1);
    }
    log.notice(`The server is now ready to accept connections at ${unixsocket}`);
  }
  tcp.followConfig();
  cfg.onApply(["loglevel"], () => {
    log.level = cfg.get("loglevel") as LogLevel;
    return null;
  });
  log.notice(`Running mode=standalone, port=${tcp.port}.`);
  log.warning("Server initialized");
  if (cfg.bool("appendonly")) {
    // Redis: with appendonly yes the AOF is the data set; dump.rdb is not read.
    if (!aof.loadAtStartup()) process.exit(1);
    aof.openOnStart();
  } else if (!loadDataFromDisk(core, log)) process.exit(1);
  log.notice("Ready to accept connections");

  installShutdown(core, log, aof, tcp); // SHUTDOWN, SIGTERM, SIGINT (shutdown.ts)
}

main(process.argv.slice(2)).catch((e) => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});
