// protocol.test.ts — codec tests for request framing and reply bytes, through the embedding
// API (`createRespite().connect().feed(bytes)`), the same exec path every transport uses.
//
// Every case is fed three ways and must give the same bytes each time:
//   - whole, in one chunk;
//   - byte by byte (a slow network), except the cases whose partial line is re-scanned on
//     every byte (64 KiB lines: quadratic, as in Redis);
//   - at random split points (seeded, 20 rounds per case).
// Framing must not depend on where the network cut the stream: a partial command is kept
// and resumed, a multibulk's progress survives between chunks.
//
// The expected replies were recorded from redis-server 7.0.15 over raw TCP, one fresh
// connection per case (the same cases also run as `!raw` steps in
// test/compat/scripts/protocol.txt). Bytes are written as in the compat goldens: printable
// ASCII as is, everything else \xHH, backslash doubled. A protocol error replies its error,
// marks the session closing, and every later byte is ignored: the tests feed a PING after
// the case and expect nothing back. When redis-server is installed (LIVE=0 turns it off)
// the recorded replies are also checked against a live server.

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import net from "node:net";
import { createRespite, type Respite } from "../../host/node/index.js";
import { unescapeBytes, escapeBytes } from "../compat/script.js";
import { redisAvailable, RedisProcess } from "../compat/runner.js";

interface Case {
  name: string;
  /** Escaped request bytes. */
  input: string;
  /** Escaped reply bytes of redis-server 7.0.15. */
  output: string;
  /** Whether the server closed the connection after replying. */
  closes: boolean;
}

const CASES: Case[] = [
  { name: "multibulk PING", input: "*1\\x0d\\x0a$4\\x0d\\x0aPING\\x0d\\x0a", output: "+PONG\\x0d\\x0a", closes: false },
  { name: "multibulk ECHO", input: "*2\\x0d\\x0a$4\\x0d\\x0aECHO\\x0d\\x0a$3\\x0d\\x0afoo\\x0d\\x0a", output: "$3\\x0d\\x0afoo\\x0d\\x0a", closes: false },
  { name: "multibulk lower-case name", input: "*2\\x0d\\x0a$4\\x0d\\x0aecho\\x0d\\x0a$3\\x0d\\x0afoo\\x0d\\x0a", output: "$3\\x0d\\x0afoo\\x0d\\x0a", closes: false },
  { name: "empty bulk argument", input: "*2\\x0d\\x0a$4\\x0d\\x0aECHO\\x0d\\x0a$0\\x0d\\x0a\\x0d\\x0a", output: "$0\\x0d\\x0a\\x0d\\x0a", closes: false },
  { name: "binary key and value with NUL, 0xff and CRLF inside", input: "*3\\x0d\\x0a$3\\x0d\\x0aSET\\x0d\\x0a$4\\x0d\\x0a\\x00\\xff\\x0d\\x0a\\x0d\\x0a$6\\x0d\\x0a\\xff\\x00\\x0d\\x0a\\x00z\\x0d\\x0a*2\\x0d\\x0a$3\\x0d\\x0aGET\\x0d\\x0a$4\\x0d\\x0a\\x00\\xff\\x0d\\x0a\\x0d\\x0a", output: "+OK\\x0d\\x0a$6\\x0d\\x0a\\xff\\x00\\x0d\\x0a\\x00z\\x0d\\x0a", closes: false },
  { name: "non-UTF-8 key and value", input: "*3\\x0d\\x0a$3\\x0d\\x0aSET\\x0d\\x0a$2\\x0d\\x0a\\xc3(\\x0d\\x0a$4\\x0d\\x0a\\xe2(\\xa1\\xfe\\x0d\\x0a*2\\x0d\\x0a$3\\x0d\\x0aGET\\x0d\\x0a$2\\x0d\\x0a\\xc3(\\x0d\\x0a*2\\x0d\\x0a$6\\x0d\\x0aSTRLEN\\x0d\\x0a$2\\x0d\\x0a\\xc3(\\x0d\\x0a", output: "+OK\\x0d\\x0a$4\\x0d\\x0a\\xe2(\\xa1\\xfe\\x0d\\x0a:4\\x0d\\x0a", closes: false },
  { name: "*0 is skipped", input: "*0\\x0d\\x0a*1\\x0d\\x0a$4\\x0d\\x0aPING\\x0d\\x0a", output: "+PONG\\x0d\\x0a", closes: false },
  { name: "*-1 is skipped", input: "*-1\\x0d\\x0a*1\\x0d\\x0a$4\\x0d\\x0aPING\\x0d\\x0a", output: "+PONG\\x0d\\x0a", closes: false },
  { name: "*-5 is skipped", input: "*-5\\x0d\\x0aPING\\x0d\\x0a", output: "+PONG\\x0d\\x0a", closes: false },
  { name: "bulk terminator is not checked", input: "*1\\x0d\\x0a$4\\x0d\\x0aPINGxx*1\\x0d\\x0a$4\\x0d\\x0aPING\\x0d\\x0a", output: "+PONG\\x0d\\x0a+PONG\\x0d\\x0a", closes: false },
  { name: "multibulk then inline", input: "*1\\x0d\\x0a$4\\x0d\\x0aPING\\x0d\\x0aPING\\x0d\\x0a", output: "+PONG\\x0d\\x0a+PONG\\x0d\\x0a", closes: false },
  { name: "mixed inline and multibulk pipeline", input: "PING\\x0d\\x0a*1\\x0d\\x0a$4\\x0d\\x0aPING\\x0d\\x0aECHO \"a b\"\\x0d\\x0a*2\\x0d\\x0a$4\\x0d\\x0aECHO\\x0d\\x0a$1\\x0d\\x0ax\\x0d\\x0aECHO y\\x0a*2\\x0d\\x0a$4\\x0d\\x0aECHO\\x0d\\x0a$1\\x0d\\x0az\\x0d\\x0a", output: "+PONG\\x0d\\x0a+PONG\\x0d\\x0a$3\\x0d\\x0aa b\\x0d\\x0a$1\\x0d\\x0ax\\x0d\\x0a$1\\x0d\\x0ay\\x0d\\x0a$1\\x0d\\x0az\\x0d\\x0a", closes: false },
  { name: "SET then GET pipelined", input: "*3\\x0d\\x0a$3\\x0d\\x0aSET\\x0d\\x0a$1\\x0d\\x0ak\\x0d\\x0a$3\\x0d\\x0aabc\\x0d\\x0a*2\\x0d\\x0a$3\\x0d\\x0aGET\\x0d\\x0a$1\\x0d\\x0ak\\x0d\\x0a", output: "+OK\\x0d\\x0a$3\\x0d\\x0aabc\\x0d\\x0a", closes: false },
  { name: "MGET three arguments", input: "*3\\x0d\\x0a$4\\x0d\\x0aMGET\\x0d\\x0a$1\\x0d\\x0aa\\x0d\\x0a$1\\x0d\\x0ab\\x0d\\x0a", output: "*2\\x0d\\x0a$-1\\x0d\\x0a$-1\\x0d\\x0a", closes: false },
  { name: "unknown command", input: "*1\\x0d\\x0a$3\\x0d\\x0aFOO\\x0d\\x0a", output: "-ERR unknown command 'FOO', with args beginning with: \\x0d\\x0a", closes: false },
  { name: "unknown command with binary name and args", input: "*3\\x0d\\x0a$4\\x0d\\x0a\\xff\\xfe\\x00x\\x0d\\x0a$2\\x0d\\x0a\\x80a\\x0d\\x0a$3\\x0d\\x0aa\\x0d\\x0ab\\x0d\\x0a", output: "-ERR unknown command '\\xff\\xfe', with args beginning with: '\\x80a' 'a  ' \\x0d\\x0a", closes: false },
  { name: "wrong arity over multibulk", input: "*1\\x0d\\x0a$3\\x0d\\x0aGET\\x0d\\x0a", output: "-ERR wrong number of arguments for 'get' command\\x0d\\x0a", closes: false },
  { name: "extra CRLF after a multibulk is an empty inline line", input: "*1\\x0d\\x0a$4\\x0d\\x0aPING\\x0d\\x0a\\x0d\\x0a*1\\x0d\\x0a$4\\x0d\\x0aPING\\x0d\\x0a", output: "+PONG\\x0d\\x0a+PONG\\x0d\\x0a", closes: false },
  { name: "invalid multibulk length: letters", input: "*abc\\x0d\\x0a", output: "-ERR Protocol error: invalid multibulk length\\x0d\\x0a", closes: true },
  { name: "invalid multibulk length: empty", input: "*\\x0d\\x0a", output: "-ERR Protocol error: invalid multibulk length\\x0d\\x0a", closes: true },
  { name: "invalid multibulk length: space", input: "* 1\\x0d\\x0a", output: "-ERR Protocol error: invalid multibulk length\\x0d\\x0a", closes: true },
  { name: "invalid multibulk length: trailing space", input: "*1 \\x0d\\x0a", output: "-ERR Protocol error: invalid multibulk length\\x0d\\x0a", closes: true },
  { name: "invalid multibulk length: leading zero", input: "*01\\x0d\\x0a", output: "-ERR Protocol error: invalid multibulk length\\x0d\\x0a", closes: true },
  { name: "invalid multibulk length: plus sign", input: "*+1\\x0d\\x0a", output: "-ERR Protocol error: invalid multibulk length\\x0d\\x0a", closes: true },
  { name: "invalid multibulk length: above INT_MAX", input: "*2147483648\\x0d\\x0a", output: "-ERR Protocol error: invalid multibulk length\\x0d\\x0a", closes: true },
  { name: "invalid multibulk length: 64-bit overflow", input: "*9223372036854775808\\x0d\\x0a", output: "-ERR Protocol error: invalid multibulk length\\x0d\\x0a", closes: true },
  { name: "invalid multibulk length: LF only", input: "*1\\x0a$4\\x0d\\x0aPING\\x0d\\x0a", output: "-ERR Protocol error: invalid multibulk length\\x0d\\x0a", closes: true },
  { name: "INT_MAX multibulk length waits", input: "*2147483647\\x0d\\x0a", output: "", closes: false },
  { name: "invalid bulk length: -1", input: "*1\\x0d\\x0a$-1\\x0d\\x0a", output: "-ERR Protocol error: invalid bulk length\\x0d\\x0a", closes: true },
  { name: "invalid bulk length: -0", input: "*1\\x0d\\x0a$-0\\x0d\\x0a", output: "-ERR Protocol error: invalid bulk length\\x0d\\x0a", closes: true },
  { name: "invalid bulk length: letters", input: "*1\\x0d\\x0a$abc\\x0d\\x0a", output: "-ERR Protocol error: invalid bulk length\\x0d\\x0a", closes: true },
  { name: "invalid bulk length: empty", input: "*1\\x0d\\x0a$\\x0d\\x0a", output: "-ERR Protocol error: invalid bulk length\\x0d\\x0a", closes: true },
  { name: "invalid bulk length: trailing space", input: "*1\\x0d\\x0a$4 \\x0d\\x0aPING\\x0d\\x0a", output: "-ERR Protocol error: invalid bulk length\\x0d\\x0a", closes: true },
  { name: "invalid bulk length: LF only", input: "*1\\x0d\\x0a$4\\x0aPING\\x0d\\x0a", output: "-ERR Protocol error: invalid bulk length\\x0d\\x0a", closes: true },
  { name: "invalid bulk length: above proto-max-bulk-len", input: "*1\\x0d\\x0a$536870913\\x0d\\x0a", output: "-ERR Protocol error: invalid bulk length\\x0d\\x0a", closes: true },
  { name: "invalid bulk length: 2^32", input: "*3\\x0d\\x0a$3\\x0d\\x0aSET\\x0d\\x0a$1\\x0d\\x0ak\\x0d\\x0a$4294967296\\x0d\\x0a", output: "-ERR Protocol error: invalid bulk length\\x0d\\x0a", closes: true },
  { name: "proto-max-bulk-len exactly waits", input: "*1\\x0d\\x0a$536870912\\x0d\\x0a", output: "", closes: false },
  { name: "missing $: letter", input: "*1\\x0d\\x0afoo\\x0d\\x0a", output: "-ERR Protocol error: expected '$', got 'f'\\x0d\\x0a", closes: true },
  { name: "missing $: colon", input: "*1\\x0d\\x0a:4\\x0d\\x0aPING\\x0d\\x0a", output: "-ERR Protocol error: expected '$', got ':'\\x0d\\x0a", closes: true },
  { name: "missing $: second argument", input: "*2\\x0d\\x0a$4\\x0d\\x0aECHO\\x0d\\x0a+x\\x0d\\x0a", output: "-ERR Protocol error: expected '$', got '+'\\x0d\\x0a", closes: true },
  { name: "missing $: 0xff", input: "*1\\x0d\\x0a\\xff\\x0d\\x0a", output: "-ERR Protocol error: expected '$', got '\\xff'\\x0d\\x0a", closes: true },
  { name: "NUL before CR in bulk count waits", input: "*1\\x0d\\x0ax\\x00\\x0d\\x0a", output: "", closes: false },
  { name: "NUL first in bulk count waits", input: "*1\\x0d\\x0a\\x00abc\\x0d\\x0a", output: "", closes: false },
  { name: "NUL in multibulk count waits", input: "*1\\x00\\x0d\\x0a", output: "", closes: false },
  { name: "replies before a protocol error are kept", input: "PING\\x0d\\x0a*abc\\x0d\\x0aPING\\x0d\\x0a", output: "+PONG\\x0d\\x0a-ERR Protocol error: invalid multibulk length\\x0d\\x0a", closes: true },
  { name: "truncated: count only", input: "*1\\x0d\\x0a", output: "", closes: false },
  { name: "truncated: count without LF", input: "*1\\x0d", output: "", closes: false },
  { name: "truncated: count without CR", input: "*1", output: "", closes: false },
  { name: "truncated: bulk length", input: "*1\\x0d\\x0a$3\\x0d\\x0a", output: "", closes: false },
  { name: "truncated: bulk body", input: "*1\\x0d\\x0a$3\\x0d\\x0afo", output: "", closes: false },
  { name: "truncated: bulk without CRLF", input: "*1\\x0d\\x0a$3\\x0d\\x0afoo", output: "", closes: false },
  { name: "truncated: bulk without LF", input: "*1\\x0d\\x0a$3\\x0d\\x0afoo\\x0d", output: "", closes: false },
  { name: "truncated: second argument missing", input: "*2\\x0d\\x0a$4\\x0d\\x0aECHO\\x0d\\x0a", output: "", closes: false },
  { name: "truncated after a complete command", input: "*1\\x0d\\x0a$4\\x0d\\x0aPING\\x0d\\x0a*2\\x0d\\x0a$4\\x0d\\x0aECHO\\x0d\\x0a$5\\x0d\\x0ahel", output: "+PONG\\x0d\\x0a", closes: false },
  { name: "inline PING", input: "PING\\x0d\\x0a", output: "+PONG\\x0d\\x0a", closes: false },
  { name: "inline LF only", input: "PING\\x0aPING\\x0a", output: "+PONG\\x0d\\x0a+PONG\\x0d\\x0a", closes: false },
  { name: "inline CR CR LF", input: "PING\\x0d\\x0d\\x0a", output: "+PONG\\x0d\\x0a", closes: false },
  { name: "inline leading and trailing spaces", input: "   PING   \\x0d\\x0a", output: "+PONG\\x0d\\x0a", closes: false },
  { name: "inline tabs", input: "ECHO\\x09a\\x0d\\x0a", output: "$1\\x0d\\x0aa\\x0d\\x0a", closes: false },
  { name: "inline empty lines are skipped", input: "\\x0d\\x0a\\x0d\\x0a\\x0a   \\x0d\\x0a\\x09\\x0d\\x0aPING\\x0d\\x0a", output: "+PONG\\x0d\\x0a", closes: false },
  { name: "inline double quotes", input: "ECHO \"a b\"\\x0d\\x0a", output: "$3\\x0d\\x0aa b\\x0d\\x0a", closes: false },
  { name: "inline single quotes with escaped quote", input: "ECHO 'a\\\\'b'\\x0d\\x0a", output: "$3\\x0d\\x0aa'b\\x0d\\x0a", closes: false },
  { name: "inline escapes in double quotes", input: "ECHO \"\\\\x41\\\\n\\\\t\\\\\\\\\\\\\"\\\\r\\\\b\\\\a\\\\z\"\\x0d\\x0a", output: "$9\\x0d\\x0aA\\x0a\\x09\\\\\"\\x0d\\x08\\x07z\\x0d\\x0a", closes: false },
  { name: "inline invalid hex escape", input: "ECHO \"\\\\x4g\"\\x0d\\x0a", output: "$3\\x0d\\x0ax4g\\x0d\\x0a", closes: false },
  { name: "inline adjacent quoted parts", input: "ECHO \"a\"b\\x0d\\x0a", output: "-ERR Protocol error: unbalanced quotes in request\\x0d\\x0a", closes: true },
  { name: "inline unbalanced double quote", input: "ECHO \"abc\\x0d\\x0a", output: "-ERR Protocol error: unbalanced quotes in request\\x0d\\x0a", closes: true },
  { name: "inline unbalanced single quote", input: "ECHO 'abc\\x0d\\x0a", output: "-ERR Protocol error: unbalanced quotes in request\\x0d\\x0a", closes: true },
  { name: "inline quoted empty string", input: "ECHO \"\"\\x0d\\x0a", output: "$0\\x0d\\x0a\\x0d\\x0a", closes: false },
  { name: "inline quoted command name", input: "\"PING\"\\x0d\\x0a", output: "+PONG\\x0d\\x0a", closes: false },
  { name: "inline binary bytes", input: "ECHO \\xff\\xfe\\x0d\\x0a", output: "$2\\x0d\\x0a\\xff\\xfe\\x0d\\x0a", closes: false },
  { name: "inline NUL waits", input: "ECHO \\x00\\x0d\\x0a", output: "", closes: false },
  { name: "inline NUL first waits", input: "\\x00\\x0d\\x0a", output: "", closes: false },
  { name: "inline wrong arity", input: "ECHO a b\\x0d\\x0a", output: "-ERR wrong number of arguments for 'echo' command\\x0d\\x0a", closes: false },
  { name: "inline unknown command", input: "FOO bar baz\\x0d\\x0a", output: "-ERR unknown command 'FOO', with args beginning with: 'bar' 'baz' \\x0d\\x0a", closes: false },
  { name: "inline $ line is a command name", input: "$3\\x0d\\x0afoo\\x0d\\x0a", output: "-ERR unknown command '$3', with args beginning with: \\x0d\\x0a-ERR unknown command 'foo', with args beginning with: \\x0d\\x0a", closes: false },
  { name: "inline without newline waits", input: "PING", output: "", closes: false },
  { name: "QUIT stops the pipeline", input: "PING\\x0d\\x0aQUIT\\x0d\\x0aPING\\x0d\\x0a", output: "+PONG\\x0d\\x0a+OK\\x0d\\x0a", closes: true },
  { name: "QUIT inline lower case", input: "quit\\x0d\\x0a", output: "+OK\\x0d\\x0a", closes: true },
  { name: "QUIT with arguments", input: "*2\\x0d\\x0a$4\\x0d\\x0aQUIT\\x0d\\x0a$1\\x0d\\x0ax\\x0d\\x0aPING\\x0d\\x0a", output: "+OK\\x0d\\x0a", closes: true },
  { name: "unbalanced quotes after good commands", input: "PING\\x0d\\x0aECHO \"x\\x0d\\x0aPING\\x0d\\x0a", output: "+PONG\\x0d\\x0a-ERR Protocol error: unbalanced quotes in request\\x0d\\x0a", closes: true },
  { name: "RESP3 after HELLO: nulls", input: "*2\\x0d\\x0a$5\\x0d\\x0aHELLO\\x0d\\x0a$1\\x0d\\x0a3\\x0d\\x0a*2\\x0d\\x0a$3\\x0d\\x0aGET\\x0d\\x0a$7\\x0d\\x0amissing\\x0d\\x0aCLIENT GETNAME\\x0d\\x0a*2\\x0d\\x0a$4\\x0d\\x0aMGET\\x0d\\x0a$1\\x0d\\x0ax\\x0d\\x0aPING\\x0d\\x0a", output: "%7\\x0d\\x0a$6\\x0d\\x0aserver\\x0d\\x0a$5\\x0d\\x0aredis\\x0d\\x0a$7\\x0d\\x0aversion\\x0d\\x0a$6\\x0d\\x0a7.0.15\\x0d\\x0a$5\\x0d\\x0aproto\\x0d\\x0a:3\\x0d\\x0a$2\\x0d\\x0aid\\x0d\\x0a:512\\x0d\\x0a$4\\x0d\\x0amode\\x0d\\x0a$10\\x0d\\x0astandalone\\x0d\\x0a$4\\x0d\\x0arole\\x0d\\x0a$6\\x0d\\x0amaster\\x0d\\x0a$7\\x0d\\x0amodules\\x0d\\x0a*0\\x0d\\x0a_\\x0d\\x0a_\\x0d\\x0a*1\\x0d\\x0a_\\x0d\\x0a+PONG\\x0d\\x0a", closes: false },
];

const enc = new TextEncoder();
const bytes = (s: string) => enc.encode(s);
const latin1 = (b: Uint8Array) => Buffer.from(b).toString("latin1");
const PING = bytes("PING\r\n");

/** Cases too large to write out: built here, replies recorded from redis-server 7.0.15 too. */
interface BigCase { name: string; input: () => Uint8Array; output: () => Uint8Array; closes: boolean; byteByByte: boolean }
const x = (n: number) => "x".repeat(n);
const BIG: BigCase[] = [
  { name: "inline of 65536 bytes without newline waits", input: () => bytes("A".repeat(65536)), output: () => bytes(""), closes: false, byteByByte: false },
  { name: "inline of 65537 bytes without newline: too big", input: () => bytes("A".repeat(65537)),
    output: () => bytes("-ERR Protocol error: too big inline request\r\n"), closes: true, byteByByte: false },
  { name: "multibulk count of 70000 bytes: too big", input: () => bytes("*" + "1".repeat(70000)),
    output: () => bytes("-ERR Protocol error: too big mbulk count string\r\n"), closes: true, byteByByte: false },
  { name: "bulk count of 70000 bytes: too big", input: () => bytes("*1\r\n$" + "1".repeat(70000)),
    output: () => bytes("-ERR Protocol error: too big bulk count string\r\n"), closes: true, byteByByte: false },
  { name: "100000-byte bulk argument", input: () => bytes(`*2\r\n$4\r\nECHO\r\n$100000\r\n${x(100000)}\r\n`),
    output: () => bytes(`$100000\r\n${x(100000)}\r\n`), closes: false, byteByByte: true },
  { name: "100000-byte command name", input: () => bytes(`*1\r\n$100000\r\n${x(100000)}\r\n`),
    output: () => bytes(`-ERR unknown command '${x(128)}', with args beginning with: \r\n`), closes: false, byteByByte: true },
];

// ---- splitting ---------------------------------------------------------------------------

/** mulberry32: a small seeded PRNG, so a failing split can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function byteByByte(b: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < b.length; i++) out.push(b.subarray(i, i + 1));
  return out;
}

/** Cuts b at 1..12 random points (or into random chunks of up to 16 KiB for big inputs). */
function randomSplit(b: Uint8Array, seed: number): Uint8Array[] {
  const rnd = prng(seed);
  const cuts = new Set<number>();
  if (b.length > 4096) {
    for (let at = 0; at < b.length; ) {
      at += 1 + Math.floor(rnd() * 16384);
      if (at < b.length) cuts.add(at);
    }
  } else {
    const n = 1 + Math.floor(rnd() * 12);
    for (let i = 0; i < n && b.length > 1; i++) cuts.add(1 + Math.floor(rnd() * (b.length - 1)));
  }
  const points = [0, ...[...cuts].sort((p, q) => p - q), b.length];
  const out: Uint8Array[] = [];
  for (let i = 0; i + 1 < points.length; i++) out.push(b.subarray(points[i], points[i + 1]));
  return out;
}

// ---- running -------------------------------------------------------------------------------

interface Run { out: Uint8Array; closing: boolean; after: Uint8Array }

/** Feeds chunks on a fresh connection; then a PING (which a closing session must ignore). */
function feedChunks(db: Respite, chunks: Uint8Array[]): Run {
  const conn = db.connect();
  const parts = chunks.map((ch) => conn.feed(ch));
  const closing = conn.session.closing;
  const after = conn.feed(PING);
  conn.close();
  return { out: Buffer.concat(parts), closing, after };
}

/** HELLO's reply carries the connection id, which differs between servers. */
function normalize(s: string): string {
  return s.replace(/(\$2\r\nid\r\n:)\d+\r\n/g, "$1N\r\n");
}

function check(db: Respite, name: string, chunks: Uint8Array[], want: Uint8Array, closes: boolean): void {
  const r = feedChunks(db, chunks);
  expect(escapeBytes(Buffer.from(normalize(latin1(r.out)), "latin1")), name).toBe(escapeBytes(Buffer.from(normalize(latin1(want)), "latin1")));
  expect(r.closing, `${name}: closing`).toBe(closes);
  if (closes) expect(r.after.length, `${name}: bytes after the close`).toBe(0);
}

let db: Respite;
beforeAll(async () => {
  db = await createRespite({ cron: false });
});
afterAll(() => db?.close());

describe("protocol: recorded cases", () => {
  for (const c of CASES) {
    test(c.name, () => {
      const input = unescapeBytes(c.input);
      const want = unescapeBytes(c.output);
      check(db, `${c.name} [whole]`, [input], want, c.closes);
      check(db, `${c.name} [byte by byte]`, byteByByte(input), want, c.closes);
      for (let seed = 1; seed <= 20; seed++) check(db, `${c.name} [split seed ${seed}]`, randomSplit(input, seed), want, c.closes);
    });
  }
  for (const c of BIG) {
    test(c.name, () => {
      const input = c.input();
      const want = c.output();
      check(db, `${c.name} [whole]`, [input], want, c.closes);
      if (c.byteByByte) check(db, `${c.name} [byte by byte]`, byteByByte(input), want, c.closes);
      for (let seed = 1; seed <= 5; seed++) check(db, `${c.name} [split seed ${seed}]`, randomSplit(input, seed), want, c.closes);
    });
  }
});

describe("protocol: partial commands and pipelines", () => {
  test("a partial command is kept across feeds and resumed", () => {
    const conn = db.connect();
    expect(latin1(conn.feed(bytes("*2\r\n$4\r\nECHO\r\n$5\r\nhel")))).toBe("");
    expect(latin1(conn.feed(bytes("lo\r")))).toBe("");
    expect(latin1(conn.feed(bytes("\n*1\r\n$4\r\nPI")))).toBe("$5\r\nhello\r\n");
    expect(latin1(conn.feed(bytes("NG\r\nPI")))).toBe("+PONG\r\n");
    expect(latin1(conn.feed(bytes("NG\n")))).toBe("+PONG\r\n");
    conn.close();
  });

  test("10000 pipelined commands in one chunk reply in order", () => {
    const conn = db.connect();
    let req = "";
    let want = "";
    for (let i = 0; i < 10000; i++) {
      if (i % 2) {
        req += `*2\r\n$4\r\nECHO\r\n$${String(i).length}\r\n${i}\r\n`;
        want += `$${String(i).length}\r\n${i}\r\n`;
      } else {
        req += `ECHO ${i}\r\n`;
        want += `$${String(i).length}\r\n${i}\r\n`;
      }
    }
    expect(latin1(conn.feed(bytes(req))) === want).toBe(true);
    conn.close();
  });

  test("a 4 MiB value round-trips in 64 KiB chunks", () => {
    const conn = db.connect();
    const v = new Uint8Array(4 * 1024 * 1024);
    for (let i = 0; i < v.length; i++) v[i] = (i * 131 + 7) & 0xff;
    const req = Buffer.concat([bytes(`*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$${v.length}\r\n`), v, bytes("\r\n*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n")]);
    const outs: Uint8Array[] = [];
    for (let i = 0; i < req.length; i += 65536) outs.push(conn.feed(req.subarray(i, i + 65536)));
    const out = Buffer.concat(outs);
    const head = bytes(`+OK\r\n$${v.length}\r\n`);
    expect(out.length).toBe(head.length + v.length + 2);
    expect(Buffer.from(out.subarray(0, head.length)).equals(Buffer.from(head))).toBe(true);
    expect(Buffer.from(out.subarray(head.length, head.length + v.length)).equals(Buffer.from(v))).toBe(true);
    conn.feed(bytes("DEL big\r\n"));
    conn.close();
  });

  test("proto-max-bulk-len is pushed down from the host", async () => {
    const own = await createRespite({ cron: false });
    own.core.engine.x.setConfig(0, 1024 * 1024);
    const r1 = feedChunks(own, [bytes("*1\r\n$1048577\r\n")]);
    expect(latin1(r1.out)).toBe("-ERR Protocol error: invalid bulk length\r\n");
    expect(r1.closing).toBe(true);
    const r2 = feedChunks(own, [bytes("*1\r\n$1048576\r\n")]);
    expect(latin1(r2.out)).toBe("");
    expect(r2.closing).toBe(false);
    own.close();
  });
});

// ---- live: the recorded replies still match redis-server ----------------------------------

const LIVE = redisAvailable();

/** Sends bytes on a fresh TCP connection; returns what came back until idle or closed. */
function rawExchange(port: number, input: Uint8Array, idleMs = 200): Promise<{ out: Uint8Array; closed: boolean }> {
  return new Promise((resolve) => {
    const sock = net.connect(port, "127.0.0.1");
    const got: Buffer[] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    const finish = (closed: boolean) => {
      if (timer) clearTimeout(timer);
      sock.destroy();
      resolve({ out: Buffer.concat(got), closed });
    };
    const arm = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => finish(false), idleMs);
    };
    sock.on("connect", () => { sock.write(input); arm(); });
    sock.on("data", (d) => { got.push(d); arm(); });
    sock.on("end", () => finish(true));
    sock.on("error", () => finish(true));
  });
}

describe.runIf(LIVE)("protocol: recorded cases vs live redis-server", () => {
  let redis: RedisProcess;
  beforeAll(async () => { redis = await RedisProcess.start(); }, 30000);
  afterAll(() => redis?.stop());

  test("every case", async () => {
    const all = [
      ...CASES.map((c) => ({ name: c.name, input: unescapeBytes(c.input), output: unescapeBytes(c.output), closes: c.closes })),
      ...BIG.map((c) => ({ name: c.name, input: c.input(), output: c.output(), closes: c.closes })),
    ];
    const results = await Promise.all(all.map((c) => rawExchange(redis.port, c.input)));
    all.forEach((c, i) => {
      expect(escapeBytes(Buffer.from(normalize(latin1(results[i].out)), "latin1")), c.name).toBe(escapeBytes(Buffer.from(normalize(latin1(c.output)), "latin1")));
      expect(results[i].closed, `${c.name}: closed`).toBe(c.closes);
    });
  }, 30000);
});
