// cli.test.ts — the playground's redis-cli emulation (web/cli.js), in Node.
//
// Two layers. Unit tests pin the rules with literal cases (they run everywhere). Differential
// tests then hold the emulation against the real thing when redis-server and redis-cli
// 7.0.15 are installed (.ci/run installs them): the same reply bytes from a real server are
// printed by formatReply and by `redis-cli --no-raw`, lines are split by splitArgs and by
// redis-cli (seen through ECHO), and the syntax line of `help <command>` is compared for
// every command in COMMAND DOCS.

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { spawnSync } from "node:child_process";
import net from "node:net";
// @ts-expect-error plain ES module without type declarations (typed by JSDoc, checked in web/)
import * as cli from "../../web/cli.js";
import { redisAvailable, RedisProcess } from "../compat/runner.js";
import { createRespite } from "../../host/node/index.js";

const enc = new TextEncoder();
const dec = new TextDecoder();
const b = (s: string) => enc.encode(s);
const argv = (line: string) => (cli.splitArgs(line) as Uint8Array[] | null)?.map((a) => dec.decode(a)) ?? null;
const fmt = (resp: string | Uint8Array) => {
  const bytes = typeof resp === "string" ? b(resp) : resp;
  return cli.parseReplies(bytes).map((r: unknown) => cli.formatReply(r)).join("");
};

describe("splitArgs (sdssplitargs)", () => {
  test("words, quotes and escapes", () => {
    expect(argv("SET greeting hello")).toEqual(["SET", "greeting", "hello"]);
    expect(argv("  set   a  \t b  ")).toEqual(["set", "a", "b"]);
    expect(argv(`SET k "hello world"`)).toEqual(["SET", "k", "hello world"]);
    expect(argv(`SET k 'it\\'s'`)).toEqual(["SET", "k", "it's"]);
    expect(argv(`SET k 'a\\nb'`)).toEqual(["SET", "k", "a\\nb"]); // single quotes keep \n as is
    expect(argv(`ECHO "a\\x41\\n\\t\\"q\\\\"`)).toEqual(["ECHO", 'aA\n\t"q\\']);
    expect(argv(`ECHO a"b c"`)).toEqual(["ECHO", "ab c"]); // a quote may open mid-word
    expect(argv(`ECHO ""`)).toEqual(["ECHO", ""]);
    expect(argv("")).toEqual([]);
    expect(argv("   ")).toEqual([]);
  });

  test("bytes: \\xHH makes raw bytes, typed text is UTF-8", () => {
    expect([...(cli.splitArgs(`"\\xff\\x00"`) as Uint8Array[])[0]]).toEqual([0xff, 0x00]);
    expect([...(cli.splitArgs("é") as Uint8Array[])[0]]).toEqual([0xc3, 0xa9]);
  });

  test("bad quoting is refused (Invalid argument(s))", () => {
    expect(cli.splitArgs(`GET "unterminated`)).toBeNull();
    expect(cli.splitArgs(`GET 'unterminated`)).toBeNull();
    expect(cli.splitArgs(`GET "closed"x`)).toBeNull();
    expect(cli.splitArgs(`ECHO a"b c"d`)).toBeNull();
  });
});

describe("formatReply (cliFormatReplyTTY)", () => {
  test("simple types", () => {
    expect(fmt("+OK\r\n")).toBe("OK\n");
    expect(fmt("$5\r\nhello\r\n")).toBe('"hello"\n');
    expect(fmt("$-1\r\n")).toBe("(nil)\n");
    expect(fmt("_\r\n")).toBe("(nil)\n");
    expect(fmt(":42\r\n")).toBe("(integer) 42\n");
    expect(fmt(":-9223372036854775808\r\n")).toBe("(integer) -9223372036854775808\n");
    expect(fmt("-ERR unknown command 'foo', with args beginning with: \r\n")).toBe("(error) ERR unknown command 'foo', with args beginning with: \n");
    expect(fmt(",3.141\r\n")).toBe("(double) 3.141\n");
    expect(fmt("#t\r\n#f\r\n")).toBe("(true)\n(false)\n");
    expect(fmt("(12345678901234567890\r\n")).toBe("(big number) 12345678901234567890\n");
    expect(fmt("=15\r\ntxt:hello\nworld\r\n")).toBe("hello\nworld\n");
    expect(fmt("!5\r\nOOPS!\r\n")).toBe("(error) OOPS!\n");
  });

  test("bulk strings are escaped byte by byte (sdscatrepr)", () => {
    const raw = new Uint8Array([0x24, 0x39, 13, 10, 0x61, 0x01, 0x7f, 0xc3, 0xa9, 0x09, 0x5c, 0x22, 0x0a, 13, 10]);
    expect(fmt(raw)).toBe('"a\\x01\\x7f\\xc3\\xa9\\t\\\\\\"\\n"\n');
  });

  test("aggregates: numbering, padding, nesting, empty ones", () => {
    const eleven = "*11\r\n" + "abcdefghijk".split("").map((c) => `$1\r\n${c}\r\n`).join("");
    expect(fmt(eleven)).toBe(" 1) \"a\"\n 2) \"b\"\n 3) \"c\"\n 4) \"d\"\n 5) \"e\"\n 6) \"f\"\n 7) \"g\"\n 8) \"h\"\n 9) \"i\"\n10) \"j\"\n11) \"k\"\n");
    expect(fmt("*2\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,2.5\r\n"))
      .toBe('1) 1) "a"\n   2) (double) 1\n2) 1) "b"\n   2) (double) 2.5\n');
    expect(fmt("*0\r\n%0\r\n~0\r\n>0\r\n*-1\r\n")).toBe("(empty array)\n(empty hash)\n(empty set)\n(empty push)\n(nil)\n");
    expect(fmt("%2\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n")).toBe('1# "a" => "1"\n2# "b" => "2"\n');
    expect(fmt("~2\r\n+readonly\r\n+fast\r\n")).toBe("1~ readonly\n2~ fast\n");
  });

  test("map values spanning lines start on their own line (cliIsMultilineValueTTY)", () => {
    const resp = "%3\r\n" +
      "$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n" +
      "$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n" +
      "$7\r\nmodules\r\n*0\r\n";
    expect(fmt(resp)).toBe(
      '1# "flags" => \n' +
      "   1~ RO\n" +
      "   2~ access\n" +
      '2# "spec" => 1# "index" => (integer) 1\n' +
      '3# "modules" => (empty array)\n');
  });

  test("attributes are skipped, partial input waits for more", () => {
    expect(fmt("|1\r\n+key-popularity\r\n%0\r\n:7\r\n")).toBe("(integer) 7\n");
    expect(cli.parseReply(b("$5\r\nhel"))).toBeNull();
    expect(cli.parseReply(b("*2\r\n:1\r\n"))).toBeNull();
    expect(() => cli.parseReply(b("?x\r\n"))).toThrow(/Protocol error/);
  });
});

describe("prompt state and repeat prefix", () => {
  const reply = (resp: string) => cli.parseReplies(b(resp))[0];
  const args = (line: string) => cli.splitArgs(line) as Uint8Array[];

  test("SELECT, MULTI/EXEC/DISCARD, RESET and HELLO as redis-cli tracks them", () => {
    const st = new cli.PromptState();
    expect(st.prompt("respite")).toBe("respite> ");
    st.update(args("SELECT 2"), reply("+OK\r\n"));
    expect(st.prompt("respite")).toBe("respite[2]> ");
    st.update(args("SELECT 99"), reply("-ERR DB index is out of range\r\n"));
    expect(st.dbnum).toBe(2);
    st.update(args("MULTI"), reply("+OK\r\n"));
    expect(st.prompt("respite")).toBe("respite[2](TX)> ");
    st.update(args("EXEC"), reply("*0\r\n"));
    expect(st.prompt("respite")).toBe("respite[2]> ");
    st.update(args("HELLO 3"), reply("%0\r\n"));
    expect(st.resp3).toBe(true);
    st.update(args("RESET"), reply("+RESET\r\n"));
    expect(st.prompt("respite")).toBe("respite> ");
    expect(st.resp3).toBe(false);
    expect(st.prompt("respite", false)).toBe("not connected> ");
  });

  test("a leading count repeats the command", () => {
    const r = cli.takeRepeat(args("3 INCR n"));
    expect(r.repeat).toBe(3);
    expect(r.argv.map((a: Uint8Array) => dec.decode(a))).toEqual(["INCR", "n"]);
    expect(cli.takeRepeat(args("3")).repeat).toBe(1); // a lone number is a command
    expect(cli.takeRepeat(args("0 PING")).error).toBe("Invalid redis-cli repeat command option value.");
    expect(cli.takeRepeat(args("-1 PING")).error).toBe("Invalid redis-cli repeat command option value.");
  });
});

// Respite's COMMAND DOCS lists the commands it implements; the syntax of every Redis command
// is checked against redis-cli below.
describe("help and hints from Respite's COMMAND DOCS", () => {
  let docs: Map<string, { name: string; params: string; group: string; summary: string; since: string }>;
  beforeAll(async () => {
    const db = await createRespite({ cron: false });
    const c = db.connect();
    docs = cli.parseCommandDocs(cli.parseReplies(c.feed(b("COMMAND DOCS\r\n")))[0]);
    db.close();
  });

  test("syntax lines", () => {
    expect(docs.get("set")?.params).toBe("key value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]");
    expect(docs.get("mset")?.params).toBe("key value [key value ...]");
    expect(docs.get("getex")?.params).toBe("key [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|PERSIST]");
    expect(docs.get("client|list")?.params).toBe("[TYPE NORMAL|MASTER|REPLICA|PUBSUB] [ID client-id [client-id ...]]");
    expect(docs.get("get")?.group).toBe("string");
    expect(cli.formatCommandHelp(docs.get("get"))).toBe("\n  GET key\n  summary: Get the value of a key\n  since: 1.0.0\n  group: string\n");
  });

  test("hints drop what was typed, stop at optional parts, follow subcommands", () => {
    expect(cli.hintFor("set", docs)).toBe(" key value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]");
    expect(cli.hintFor("SET k", docs)).toBe(" value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]");
    expect(cli.hintFor("set k ", docs)).toBe("value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]");
    expect(cli.hintFor("set k v", docs)).toBe(" [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]");
    expect(cli.hintFor("get k", docs)).toBe("");
    expect(cli.hintFor("client kill ", docs)).toMatch(/^ip:port\|\[ID client-id\]/);
    expect(cli.hintFor("nosuchcommand", docs)).toBe("");
    expect(cli.hintFor("", docs)).toBe("");
  });

  test("columns", () => {
    expect(cli.columns(["GET", "SET", "DEL"], 14, "  ")).toBe("  GET  SET\n  DEL\n");
  });
});

// ---- against the real redis-cli ----------------------------------------------------------

const hasCli = spawnSync("redis-cli", ["--version"]).status === 0;
const LIVE = redisAvailable() && hasCli;

/** Sends commands on one connection and returns each reply's bytes. */
async function rawReplies(port: number, cmds: string[][]): Promise<Uint8Array[]> {
  const sock = net.connect(port, "127.0.0.1");
  await new Promise<void>((resolve, reject) => { sock.once("connect", () => resolve()); sock.once("error", reject); });
  let buf = new Uint8Array(0);
  const out: Uint8Array[] = [];
  try {
    for (const c of cmds) {
      sock.write(cli.encodeCommand(c.map(b)));
      while (true) {
        const r = cli.parseReply(buf, 0);
        if (r) {
          out.push(buf.slice(0, r.end));
          buf = buf.slice(r.end);
          break;
        }
        const chunk: Buffer = await new Promise((resolve) => sock.once("data", resolve));
        const nb = new Uint8Array(buf.length + chunk.length);
        nb.set(buf);
        nb.set(chunk, buf.length);
        buf = nb;
      }
    }
  } finally {
    sock.destroy();
  }
  return out;
}

function redisCli(port: number, args: string[], input?: string): string {
  const r = spawnSync("redis-cli", ["-p", String(port), ...args], { input: input ?? "", encoding: "utf8" });
  return r.stdout + r.stderr;
}

// Without redis-server and redis-cli installed there is nothing to compare with: skipped.
describe.runIf(LIVE)("same output as redis-cli 7.0.15", () => {
  let redis: RedisProcess;
  beforeAll(async () => {
    redis = await RedisProcess.start(["--enable-debug-command", "yes"]);
    await rawReplies(redis.port, [
      ["RPUSH", "l", ..."abcdefghijk".split("")],
      ["HSET", "h", "a", "1", "b", "2"],
      ["SADD", "s", "x", "y"],
      ["ZADD", "z", "1", "a", "2.5", "b"],
      ["SET", "bin", "a\x01\x7f\u00e9\t\\\"\n"],
    ]);
  });
  afterAll(() => redis?.stop());

  const cases: [boolean, string[]][] = [
    [false, ["SET", "greeting", "hello"]],
    [false, ["GET", "greeting"]],
    [false, ["GET", "nokey"]],
    [false, ["GET", "bin"]],
    [false, ["EXISTS", "greeting", "nokey"]],
    [false, ["NOSUCHCOMMAND", "x"]],
    [false, ["LRANGE", "l", "0", "-1"]],
    [false, ["LRANGE", "nokey", "0", "-1"]],
    [false, ["HGETALL", "h"]],
    [false, ["ZRANGE", "z", "0", "-1", "WITHSCORES"]],
    [false, ["COMMAND", "INFO", "get", "nosuch"]],
    [false, ["OBJECT", "HELP"]],
    [true, ["HGETALL", "h"]],
    [true, ["HGETALL", "nokey"]],
    [true, ["SMEMBERS", "nokey"]],
    [true, ["ZRANGE", "z", "0", "-1", "WITHSCORES"]],
    [true, ["ZSCORE", "z", "b"]],
    [true, ["GET", "nokey"]],
    [true, ["COMMAND", "INFO", "get", "set"]],
    [true, ["COMMAND", "DOCS", "get", "client"]],
    [true, ["CONFIG", "GET", "maxmemory*"]],
    [true, ["DEBUG", "PROTOCOL", "true"]],
    [true, ["DEBUG", "PROTOCOL", "false"]],
    [true, ["DEBUG", "PROTOCOL", "double"]],
    [true, ["DEBUG", "PROTOCOL", "verbatim"]],
    [true, ["DEBUG", "PROTOCOL", "map"]],
    [true, ["DEBUG", "PROTOCOL", "set"]],
    [true, ["DEBUG", "PROTOCOL", "null"]],
  ];

  test.each(cases)("RESP3 %s: %j", async (resp3, cmd) => {
    const replies = await rawReplies(redis.port, resp3 ? [["HELLO", "3"], cmd] : [cmd]);
    const want = redisCli(redis.port, ["--no-raw", ...(resp3 ? ["-3"] : []), ...cmd]);
    expect(fmt(replies[replies.length - 1])).toBe(want);
  });

  test("lines are split like redis-cli splits them (seen through ECHO)", async () => {
    const lines = [
      `ECHO "a\\x41b\\n\\t\\a\\b\\r\\\\\\"\\z"`, `ECHO 'it\\'s'`, `ECHO 'a\\nb'`, `ECHO a"b c"`,
      `ECHO "\\xc3\\xa9"`, `ECHO "\\xZZ"`, `ECHO "bad"x`, `ECHO a"b c"d`, `ECHO "open`, `ECHO ""`,
      `ECHO   spaced\tout`, `ECHO é`,
    ];
    const want = redisCli(redis.port, ["--no-raw"], lines.join("\n") + "\n").split("\n");
    const got: string[] = [];
    for (const line of lines) {
      const a = cli.splitArgs(line);
      if (a === null) { got.push("Invalid argument(s)"); continue; }
      const [r] = await rawReplies(redis.port, [a.map((x: Uint8Array) => dec.decode(x))]);
      got.push(fmt(r).replace(/\n$/, ""));
    }
    // ECHO's argument went through a UTF-8 string in rawReplies: compare only lines that
    // are valid text both ways.
    expect(got).toEqual(want.slice(0, lines.length));
  });

  test("`help <command>` syntax for every command in COMMAND DOCS", async () => {
    const [raw] = await rawReplies(redis.port, [["COMMAND", "DOCS"]]);
    const docs: Map<string, { name: string; params: string; subcommands: unknown[] }> = cli.parseCommandDocs(cli.parseReplies(raw)[0]);
    const names = [...docs.values()].filter((d) => d.subcommands.length === 0).map((d) => d.name);
    expect(names.length).toBeGreaterThan(200);
    const out = redisCli(redis.port, [], names.map((n) => `help ${n.replace("|", " ")}`).join("\n") + "\n");
    // "  \e[1mCLIENT KILL\e[0m \e[90mip:port|...\e[0m"
    const theirs = new Map<string, string>();
    for (const m of out.matchAll(/^ {2}\x1b\[1m([^\x1b]+)\x1b\[0m \x1b\[90m([^\x1b]*)\x1b\[0m\r?$/gm)) {
      theirs.set(m[1].toLowerCase().replace(" ", "|"), m[2]);
    }
    const diffs: string[] = [];
    for (const n of names) {
      const want = theirs.get(n);
      const got = docs.get(n)?.params;
      if (want !== undefined && want !== got) diffs.push(`${n}:\n  redis-cli: ${want}\n  playground: ${got}`);
    }
    expect(diffs).toEqual([]);
    expect(theirs.size).toBeGreaterThan(200);
  });
});
