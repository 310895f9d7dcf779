// config.ts — redis-server's command line: `respite [configfile] [-] [--name value ...]`.
//
// The settings themselves (every Redis 7.0.15 setting, its type, bounds and error texts, the
// config-file syntax) are host/core/config.ts, shared with CONFIG GET/SET; this file is the
// Node side of startup, doing what redis-server's main() and loadServerConfig() do:
//   - the first argument, unless it starts with "-", is the config file (made absolute);
//   - "-" reads more config from stdin;
//   - the options become config lines appended after the file ("--port 1 --save" ->
//     'port "1"' and 'save ""'), so they override it and errors point at "line N" the way
//     Redis counts (the file's lines, one empty line, then one line per option);
//   - include files are read relative to the working directory;
//   - the log file must be writable.
// Errors are thrown as ConfigFileError (main prints Redis's FATAL CONFIG FILE ERROR report to
// stderr) or ConfigOpenError (logged "Fatal error, can't open config file"); both exit 1.

import { readFileSync, openSync, closeSync, renameSync, writeFileSync, fsyncSync, unlinkSync } from "node:fs";
import { resolve } from "node:path";
import { ConfigEnv, ConfigFileError, ConfigOpenError, optionsToConfigText, ServerConfig } from "../core/config.js";
import { bin, binBytes, binToUtf8, utf8ToBin } from "../core/text.js";
import type { ConfigFileIO } from "../core/cmd/config.js";

export { ConfigFileError, ConfigOpenError } from "../core/config.js";

/** C strerror() texts for the errno codes file operations produce. */
const STRERROR: Record<string, string> = {
  ENOENT: "No such file or directory", EACCES: "Permission denied", EISDIR: "Is a directory",
  ENOTDIR: "Not a directory", EPERM: "Operation not permitted", ELOOP: "Too many levels of symbolic links",
  ENAMETOOLONG: "File name too long", EROFS: "Read-only file system", ENOSPC: "No space left on device",
  EEXIST: "File exists", EBUSY: "Device or resource busy", EMFILE: "Too many open files",
};

export function strerror(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code ?? "";
  return STRERROR[code] ?? ((e as Error)?.message || String(e));
}

/** The process's working directory, for the `dir` setting. */
export function nodeConfigEnv(): ConfigEnv {
  return {
    getcwd: () => utf8ToBin(process.cwd()),
    chdir: (dir: string) => {
      try {
        process.chdir(binToUtf8(dir));
        return null;
      } catch (e) {
        return strerror(e);
      }
    },
  };
}

/** CONFIG REWRITE's file access: read the old file, replace it through a temp file + rename. */
export const nodeConfigFileIO: ConfigFileIO = {
  read(path: string): string {
    try {
      return bin(readFileSync(binToUtf8(path)));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return "";
      throw new Error(strerror(e));
    }
  },
  write(path: string, content: string): void {
    const p = binToUtf8(path);
    const tmp = `${p}.${process.pid}.${Date.now()}.tmp`;
    try {
      writeFileSync(tmp, binBytes(content), { mode: 0o644 });
      const fd = openSync(tmp, "r+");
      try { fsyncSync(fd); } finally { closeSync(fd); }
      renameSync(tmp, p);
    } catch (e) {
      try { unlinkSync(tmp); } catch { /* already gone */ }
      throw new Error(strerror(e));
    }
  },
};

function readConfigFile(path: string): string {
  try {
    return bin(readFileSync(binToUtf8(path)));
  } catch (e) {
    throw new ConfigOpenError(path, strerror(e));
  }
}

export interface CliOptions {
  /** Reads stdin (for "-"); default: fd 0. */
  stdin?: () => string;
}

/**
 * Parses `[configfile] [-] [--name value ...]` into a ServerConfig, exactly as redis-server
 * does. `argv` excludes node and the script. Throws ConfigFileError / ConfigOpenError.
 */
export function loadServerConfig(argv: string[], opts: CliOptions = {}): ServerConfig {
  const cfg = new ServerConfig(nodeConfigEnv());
  const args = argv.map(utf8ToBin);
  let j = 0;
  if (args.length > 0 && args[0][0] !== "-") {
    cfg.configFile = resolve(argv[0]);
    j = 1;
  }
  let fromStdin = false;
  const rest: string[] = [];
  for (; j < args.length; j++) {
    // "-" as the first or last argument reads the configuration from stdin.
    if (args[j] === "-" && (j === 0 || j === args.length - 1)) fromStdin = true;
    else rest.push(args[j]);
  }
  let text = cfg.configFile ? readConfigFile(utf8ToBin(cfg.configFile)) : "";
  if (fromStdin) text += opts.stdin ? opts.stdin() : readFileSync(0, "latin1");
  const options = optionsToConfigText(rest);
  if (options) text += "\n" + options;
  cfg.loadFromString(text, readConfigFile);
  const logfile = cfg.str("logfile");
  if (logfile) {
    try {
      closeSync(openSync(binToUtf8(logfile), "a"));
    } catch (e) {
      throw new ConfigFileError(`Can't open the log file: ${strerror(e)}`);
    }
  }
  return cfg;
}
