// config.test.ts — the settings: defaults, CONFIG SET/GET semantics and errors for every
// setting against a real redis-server 7.0.15 (live), and the config-file, command-line and
// CONFIG REWRITE formats (always).

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RespiteCore } from "../../host/core/server.js";
import { installHostCommands } from "../../host/core/commands.js";
import { encodeCommand, RespDecoder, Reply } from "../../host/core/resp.js";
import { ConfigFileError, optionsToConfigText, ServerConfig } from "../../host/core/config.js";
import { CONFIG_DEFS } from "../../host/core/configs.gen.js";
import { setConfigFileIO } from "../../host/core/cmd/config.js";
import { engineModule } from "../../host/node/load.js";
import { loadServerConfig, nodeConfigEnv, nodeConfigFileIO } from "../../host/node/config.js";
import { redisAvailable, RedisProcess, runOnRedis } from "../compat/runner.js";
import { escapeBytes, Step } from "../compat/script.js";

const LIVE = redisAvailable();
/** The flags the differential runner starts redis-server with. */
const REDIS_FLAGS = ["--save", "", "--appendonly", "no", "--bind", "127.0.0.1"];

async function respiteWith(flags: string[]): Promise<{ core: RespiteCore; run(lines: string[][]): Uint8Array[] }> {
  const cfg = new ServerConfig(nodeConfigEnv());
  cfg.loadFromString("\n" + optionsToConfigText(flags));
  const core = await RespiteCore.create(engineModule(), { config: cfg });
  installHostCommands(core);
  const s = core.openSession({ addr: "127.0.0.1:40000", laddr: "127.0.0.1:6379", fd: 8, kind: "tcp" });
  return { core, run: (lines) => lines.map((l) => s.feed(encodeCommand(l))) };
}

function toSteps(lines: string[][]): Step[] {
  return lines.map((args, i) => ({ kind: "cmd", line: i + 1, text: args.join(" "), args: args.map((a) => new TextEncoder().encode(a)), mode: "exact" }));
}

function decode(b: Uint8Array): Reply {
  const d = new RespDecoder();
  d.push(b);
  return d.next()!;
}

let redis: RedisProcess | null = null;
beforeAll(async () => {
  if (LIVE) redis = await RedisProcess.start();
}, 30000);
afterAll(() => redis?.stop());

describe.runIf(LIVE)("settings vs redis-server 7.0.15", () => {
  test("CONFIG GET * lists the same settings with the same values", async () => {
    const [want] = await runOnRedis(redis!.port, toSteps([["CONFIG", "GET", "*"]]));
    const r = await respiteWith(REDIS_FLAGS);
    const [got] = r.run([["CONFIG", "GET", "*"]]);
    const pairs = (b: Uint8Array) => {
      const a = decode(b) as string[];
      const m = new Map<string, string>();
      for (let i = 0; i < a.length; i += 2) m.set(a[i], a[i + 1]);
      m.delete("port"); // the runner picks a random port
      m.delete("dir"); // and gives the redis-server its own empty directory
      return [...m.entries()].sort();
    };
    expect(pairs(got)).toEqual(pairs(want.reply));
  });

  // Values tried for every setting of each kind; the setting's default is restored after each.
  const NUMBERS = ["abc", "-1", "0", "1", "7", "99999999999999999999", "18446744073709551615", "9223372036854775807",
    "-9223372036854775808", "-9223372036854775809", "2147483648", "4294967296", "1k", "1KB", "3mb", "2g", "1gb",
    "10%", "100%", "101%", "-5%", "%", " 5", "+5", "05", "", "0x10", "1.5", "777", "1000", "-100", "kb", "12b"];
  const SPECIAL: Record<string, string[]> = {
    save: ["10", "10 1", "", "a b", "10 1 20 2", "0 1", "1 -1", "+10 -0", "10  1", " 10 1", "10 5000000000"],
    "client-output-buffer-limit": ["normal 1mb 2 3", "replica 1 2 3 pubsub 4 5 6", "slave 1gb 1gb 60", "master 1 2 3",
      "normal 1 2", "normal x 2 3", "normal 1 2 -1", "normal 1 2 x", "foo 1 2 3", "NORMAL 0 0 0", ""],
    "notify-keyspace-events": ["KEA", "x", "A$", "Kgx", "An", "Em", "", "gsz$lhxetdnKEm"],
    "latency-tracking-info-percentiles": ["50", "", "1.5 2e1", "101", "-1", "abc", "50 99 99.9", "0 100", "inf"],
    "oom-score-adj-values": ["1 2", "x y z", "0 200 3000", "-2000 0 2000", "0 200 800"],
  };
  // Settings whose valid values would change the real server's behaviour for the test (its
  // port, its addresses, AOF, OOM score, TLS listeners, passwords) are tried with bad values only.
  const BAD_ONLY = new Set(["port", "bind", "appendonly", "oom-score-adj", "tls-port", "requirepass", "masterauth",
    "maxclients", "tls-cluster", "tls-replication", "cluster-announce-ip", "cluster-announce-hostname"]);

  function valuesFor(name: string): string[] {
    const def = CONFIG_DEFS.find((d) => d.name === name)!;
    if (SPECIAL[name]) return SPECIAL[name];
    if (def.type === "bool") return BAD_ONLY.has(name) ? ["maybe", ""] : ["maybe", "", "YES", "no", "yes"];
    if (def.type === "enum") {
      const names = def.enum!.map(([n]) => n);
      const bad = ["nosuch", "", "save nosave", names[0] + " x"];
      return BAD_ONLY.has(name) ? bad : [...bad, ...names, ...names.map((n) => n.toUpperCase()), names.slice(0, 2).join(" ")];
    }
    if (def.type === "string" || def.type === "sds") {
      return BAD_ONLY.has(name) ? [] : ["x", "a/b", "", "{title} {port}", "{nosuch}", "a b"];
    }
    if (def.type === "special") return [];
    return BAD_ONLY.has(name) ? ["abc", "-1", "", "99999999999999999999"] : NUMBERS;
  }

  test("CONFIG SET then CONFIG GET, every setting, many values", async () => {
    const r = await respiteWith(REDIS_FLAGS);
    const defaults = new Map(CONFIG_DEFS.map((d) => [d.name, (decode(r.run([["CONFIG", "GET", d.name]])[0]) as string[])[1]]));
    const lines: string[][] = [];
    for (const def of CONFIG_DEFS) {
      const names = def.alias ? [def.name, def.alias] : [def.name];
      for (const name of names) {
        for (const v of valuesFor(def.name)) {
          lines.push(["CONFIG", "SET", name, v]);
          if (def.name !== "port") lines.push(["CONFIG", "GET", name]);
          if (!def.flags.includes("immutable") && !BAD_ONLY.has(def.name)) lines.push(["CONFIG", "SET", def.name, defaults.get(def.name)!]);
        }
      }
    }
    const want = (await runOnRedis(redis!.port, toSteps(lines))).map((x) => x.reply);
    const got = r.run(lines);
    const bad: string[] = [];
    const lost = want.findIndex((w) => w.length === 0);
    expect(lost < 0 ? "" : JSON.stringify(lines[lost - 1]), "redis-server stopped answering after").toBe("");
    lines.forEach((l, i) => {
      if (escapeBytes(got[i]) !== escapeBytes(want[i])) bad.push(`${JSON.stringify(l)}: want ${escapeBytes(want[i])} got ${escapeBytes(got[i])}`);
    });
    expect(bad).toEqual([]);
  }, 60000);

  test("CONFIG SET errors: unknown, immutable, protected, duplicate, arity, atomicity", async () => {
    const lines = [
      ["CONFIG", "SET", "nosuch", "1"], ["CONFIG", "SET", "port"], ["CONFIG", "SET", "databases", "3"],
      ["CONFIG", "SET", "SLAVEOF", "a 1"], ["CONFIG", "SET", "hz", "1", "hz", "2"], ["CONFIG", "SET", "hz", "1", "HZ", "2"],
      ["CONFIG", "SET", "hz", "1", "nosuch", "2"], ["CONFIG", "SET", "nosuch", "1", "databases", "2"],
      ["CONFIG", "SET", "databases", "2", "nosuch", "1"], ["CONFIG", "SET", "port", "abc", "databases", "2"],
      ["CONFIG", "SET", "hz", "20", "maxmemory", "1x"], ["CONFIG", "GET", "hz"], ["CONFIG", "SET", "a", "b", "c"],
      ["CONFIG", "SET", "dir", "/"], ["CONFIG", "SET", "dbfilename", "x.rdb"], ["CONFIG", "SET", "PORT", "abc"],
      ["CONFIG", "SET", "hz", "30", "maxmemory", "2mb"], ["CONFIG", "GET", "hz", "maxmemory"],
      ["CONFIG", "SET", "hz", "10", "maxmemory", "0"], ["CONFIG", "GET", "MAXMEMORY"], ["CONFIG", "GET", "maxmemory", "MAXMEMORY"],
      ["CONFIG", "GET", "nosuch"], ["CONFIG", "GET", "key-load-delay"], ["CONFIG", "GET", "key-load*"],
      ["CONFIG", "GET", "SLAVEOF"], ["CONFIG", "GET"], ["CONFIG", "SET", "hz", "1000"], ["CONFIG", "GET", "hz"],
      ["CONFIG", "SET", "hz", "0"], ["CONFIG", "GET", "hz"], ["CONFIG", "SET", "hz", "10"],
      ["CONFIG", "HELP"], ["CONFIG"], ["CONFIG", "nosuch"], ["CONFIG", "RESETSTAT", "x"], ["CONFIG", "REWRITE"],
      ["CONFIG", "help", "x"],
    ];
    const r = await respiteWith(REDIS_FLAGS);
    const want = (await runOnRedis(redis!.port, toSteps(lines))).map((x) => x.reply);
    const got = r.run(lines);
    // CONFIG GET of several names replies in Redis's dict order (random): compared as maps.
    const norm = (l: string[], b: Uint8Array) =>
      l[1] === "GET" && l.length > 3 ? JSON.stringify((decode(b) as string[]).flatMap((v, i, a) => (i % 2 ? [] : [`${v}=${a[i + 1]}`])).sort()) : escapeBytes(b);
    lines.forEach((l, i) => expect(norm(l, got[i]), JSON.stringify(l)).toBe(norm(l, want[i])));
  });
});

describe("config file and command line", () => {
  const parse = (text: string) => {
    const c = new ServerConfig();
    c.loadFromString(text);
    return c;
  };
  const fileError = (text: string) => {
    try {
      parse(text);
    } catch (e) {
      return (e as ConfigFileError).report();
    }
    return "";
  };

  test("options become quoted config lines after the file", () => {
    expect(optionsToConfigText(["--port", "7000", "--save", "", "--loglevel", "verbose"])).toBe('port "7000" \nsave "" \nloglevel "verbose" ');
    expect(optionsToConfigText(["--save"])).toBe('save ""');
    expect(optionsToConfigText(["--save", "--port", "1"])).toBe('save ""\nport "1" ');
    expect(optionsToConfigText(["--port", "--nosuch"])).toBe('port "--nosuch" ');
    expect(optionsToConfigText(["--requirepass", 'a"b\n'])).toBe('requirepass "a\\"b\\n" ');
  });

  test("file syntax: quotes, escapes, comments, multi-arg lines, save accumulation", () => {
    const c = parse('# comment\n  port 7000  \nrequirepass "a\\x41\\n b"\nsave 900 1\nsave 300 10\nbind 127.0.0.1 ::1\nhz 1000\n');
    expect(c.get("port")).toBe("7000");
    expect(c.get("requirepass")).toBe("aA\n b");
    expect(c.get("save")).toBe("900 1 300 10");
    expect(c.get("bind")).toBe("127.0.0.1 ::1");
    expect(c.get("hz")).toBe("500");
    expect(parse('save ""\nsave 60 1\n').get("save")).toBe("60 1");
    expect(parse("save '60 1 120 2'\n").get("save")).toBe("60 1 120 2");
    expect(parse("client-output-buffer-limit normal 1mb 2mb 3\n").get("client-output-buffer-limit"))
      .toBe("normal 1048576 2097152 3 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
  });

  test("file errors read like Redis's", () => {
    expect(fileError("port 1\nhz \"abc\n")).toBe("\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 2\n>>> 'hz \"abc'\nUnbalanced quotes in configuration line\n");
    expect(fileError("maxmemory 1x")).toContain("argument must be a memory value");
    expect(fileError("nosuch 1")).toContain("Bad directive or wrong number of arguments");
    expect(fileError("port 1 2")).toContain("wrong number of arguments");
    expect(fileError("loglevel x")).toContain("argument(s) must be one of the following: debug, verbose, notice, warning");
    expect(fileError("list-max-ziplist-entries 5\nrename-command FOO BAR")).toBe("");
  });

  test("the command line: file, overrides, include, stdin", () => {
    const dir = mkdtempSync(join(tmpdir(), "respite-cfg-"));
    writeFileSync(join(dir, "inc.conf"), "maxmemory 2mb\n");
    writeFileSync(join(dir, "main.conf"), `port 7000\ninclude ${join(dir, "inc.conf")}\nhz 20\n`);
    const c = loadServerConfig([join(dir, "main.conf"), "--hz", "30", "-"], { stdin: () => "maxmemory-policy allkeys-lru\n" });
    expect(c.configFile).toBe(join(dir, "main.conf"));
    expect([c.get("port"), c.get("maxmemory"), c.get("hz"), c.get("maxmemory-policy")]).toEqual(["7000", "2097152", "30", "allkeys-lru"]);
  });

  test("CONFIG REWRITE keeps the file's structure and appends what changed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "respite-rw-"));
    const file = join(dir, "r.conf");
    writeFileSync(file, "# my config\nport 7000\nslaveof 127.0.0.1 9999\nhz 15\nhz 16\nlist-max-ziplist-entries 5\nrename-command FOO \"\"\nsave 900 1\n\n\n# end\n");
    const cfg = loadServerConfig([file]);
    const core = await RespiteCore.create(engineModule(), { config: cfg });
    installHostCommands(core);
    setConfigFileIO(core, nodeConfigFileIO);
    const s = core.openSession({ addr: "127.0.0.1:1", laddr: "127.0.0.1:2", fd: 1, kind: "tcp" });
    const run = (...a: string[]) => new TextDecoder().decode(s.feed(encodeCommand(a)));
    expect(run("CONFIG", "SET", "maxmemory", "3mb", "notify-keyspace-events", "KEA", "hz", "12")).toBe("+OK\r\n");
    expect(run("CONFIG", "SET", "save", "")).toBe("+OK\r\n");
    expect(run("CONFIG", "SET", "requirepass", "p w")).toBe("+OK\r\n");
    expect(run("CONFIG", "REWRITE")).toBe("+OK\r\n");
    const text = readFileSync(file, "utf8");
    // As Redis: lines rewritten in place (slaveof -> replicaof), duplicates blanked, unknown
    // directives commented out, blank runs collapsed, the rest appended after the signature.
    expect(text).toBe(
      "# my config\nport 7000\nreplicaof 127.0.0.1 9999\nhz 12\n\n# ??? list-max-ziplist-entries 5\nrename-command FOO \"\"\nsave \"\"\n\n# end\n\n" +
      "# Generated by CONFIG REWRITE\n" +
      `dir ${JSON.stringify(process.cwd())}\n` +
      "latency-tracking-info-percentiles 50 99 99.9\nmaxmemory 3mb\nnotify-keyspace-events \"AKE\"\nrequirepass \"p w\"\n" +
      "user default on #98913e6cb4a5776c38dbbc32f28532ae88f01ced08853a91c1bbdcbe3210f68e ~* &* +@all\n");
    // As Redis: the old file's last "\n" leaves an empty last line, so a second rewrite adds one
    // blank line at the end, and from then on blank runs collapse and the file is stable.
    expect(run("CONFIG", "REWRITE")).toBe("+OK\r\n");
    expect(readFileSync(file, "utf8")).toBe(text + "\n");
    expect(run("CONFIG", "REWRITE")).toBe("+OK\r\n");
    expect(readFileSync(file, "utf8")).toBe(text + "\n");
  });

  test("CONFIG REWRITE without a config file", async () => {
    const core = await RespiteCore.create(engineModule());
    installHostCommands(core);
    const s = core.openSession({ addr: "embedded:0", laddr: "embedded:0", fd: -1, kind: "embedded" });
    expect(new TextDecoder().decode(s.feed(encodeCommand(["CONFIG", "REWRITE"])))).toBe("-ERR The server is running without a config file\r\n");
  });
});

describe("settings reach the engine and the core", () => {
  test("requirepass, proto-max-bulk-len, client-query-buffer-limit, hz", async () => {
    const core = await RespiteCore.create(engineModule());
    installHostCommands(core);
    const open = () => core.openSession({ addr: "127.0.0.1:1", laddr: "127.0.0.1:2", fd: 1, kind: "tcp" });
    const a = open();
    const run = (s: ReturnType<typeof open>, ...args: string[]) => new TextDecoder().decode(s.feed(encodeCommand(args)));
    expect(run(a, "CONFIG", "SET", "requirepass", "sekret")).toBe("+OK\r\n");
    const b = open();
    expect(run(b, "GET", "x")).toBe("-NOAUTH Authentication required.\r\n");
    expect(run(b, "AUTH", "sekret")).toBe("+OK\r\n");
    expect(run(b, "GET", "x")).toBe("$-1\r\n");
    expect(run(a, "CONFIG", "SET", "requirepass", "")).toBe("+OK\r\n");
    expect(run(open(), "GET", "x")).toBe("$-1\r\n");

    expect(run(a, "CONFIG", "SET", "proto-max-bulk-len", "1mb")).toBe("+OK\r\n");
    const c = open();
    expect(new TextDecoder().decode(c.feed(new TextEncoder().encode("*2\r\n$3\r\nGET\r\n$2000000\r\n")))).toBe("-ERR Protocol error: invalid bulk length\r\n");
    expect(run(a, "CONFIG", "SET", "proto-max-bulk-len", "512mb", "client-query-buffer-limit", "1mb")).toBe("+OK\r\n");
    const d = open();
    d.feed(new TextEncoder().encode("*2\r\n$3\r\nGET\r\n$3000000\r\n" + "x".repeat(1100000)));
    expect(d.closing).toBe(true);

    expect(run(a, "CONFIG", "SET", "hz", "1000")).toBe("+OK\r\n");
    expect(run(a, "CONFIG", "GET", "hz")).toBe("*2\r\n$2\r\nhz\r\n$3\r\n500\r\n");
    core.stopCron();
  });
});
