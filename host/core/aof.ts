// aof.ts — the append-only file, portable half: what goes into it and how it is read back
// (Redis: feedAppendOnlyFile and loadSingleAppendOnlyFile in aof.c).
//
// PORTABLE: no node: imports. Files, fsync and the multi-part layout live in host/node/aof.ts.
//
// Writing. The engine records every write it executed as a PROPAGATE record in its effects log
// (assembly/db/effects.ts), already in the form Redis propagates (SET .. EX -> PXAT, SPOP ->
// SREM, a transaction wrapped in MULTI/EXEC ...). `AofFeed.collect` runs after each exec, copies
// those commands into an append buffer and puts a SELECT in front whenever the database changes,
// exactly as Redis's feedAppendOnlyFile does; the Node shell writes the buffer to the file
// before the replies of that exec leave the process.
//
//   effects log record:  | kind u8 | db u32 | len u32 | payload: "*3\r\n$3\r\nSET\r\n..." |
//
// Reading. An AOF is a sequence of RESP multibulk commands, with "#..." annotation lines
// (aof-timestamp-enabled). `AofScanner` finds command boundaries without executing anything, so
// the loader knows the offset of the last complete command (a torn tail is truncated there when
// aof-load-truncated allows it), rejects bytes that are not RESP (Redis's "Bad file format"), and
// tracks MULTI without EXEC at the end (reverted, as Redis does). Complete commands are then fed,
// in big batches, through a Session like any client's input: the same exec path as everything.

import type { RespiteCore } from "./server.js";
import { Session } from "./session.js";

const EFFECT_PROPAGATE = 1;
const CR = 13, LF = 10;

/** Collects propagated commands into the bytes to append to the AOF. */
export class AofFeed {
  private buf = new Uint8Array(64 * 1024);
  private len = 0;
  /** The db the file's reader will have selected (-1: unknown, the next command selects). */
  selectedDb = -1;

  constructor(private readonly core: RespiteCore) {}

  get pending(): number { return this.len; }

  /** Appends the PROPAGATE records of the effects log (call before the log is reset). */
  collect(): void {
    this.core.engine.forEachEffect(EFFECT_PROPAGATE, 0, this.onPropagate);
  }

  /** One propagated command (a bound field: nothing is allocated per exec call). */
  private readonly onPropagate = (db: number, p: number, n: number, mem: Uint8Array): void => {
    if (db !== this.selectedDb) {
      this.append(selectCommand(db));
      this.selectedDb = db;
    }
    this.append(mem.subarray(p, p + n));
  };

  /** Appends raw bytes (an annotation, a command made by the host). */
  append(bytes: Uint8Array): void {
    const need = this.len + bytes.length;
    if (need > this.buf.length) {
      let cap = this.buf.length * 2;
      while (cap < need) cap *= 2;
      const next = new Uint8Array(cap);
      next.set(this.buf.subarray(0, this.len));
      this.buf = next;
    }
    this.buf.set(bytes, this.len);
    this.len = need;
  }

  /** The pending bytes (a view, valid until the next collect/append) and clears them. */
  take(): Uint8Array {
    const out = this.buf.subarray(0, this.len);
    this.len = 0;
    if (this.buf.length > 4 << 20 && out.length < 64 * 1024) {
      // a burst grew the buffer: give the memory back once it has been written
      const copy = out.slice();
      this.buf = new Uint8Array(64 * 1024);
      return copy;
    }
    return out;
  }
}

const enc = new TextEncoder();
const selects: Uint8Array[] = [];

/** "*2\r\n$6\r\nSELECT\r\n$<n>\r\n<db>\r\n" (cached per db). */
export function selectCommand(db: number): Uint8Array {
  let s = selects[db];
  if (!s) {
    const d = String(db);
    s = selects[db] = enc.encode(`*2\r\n$6\r\nSELECT\r\n$${d.length}\r\n${d}\r\n`);
  }
  return s;
}

/** "#TS:<unix seconds>\r\n", the annotation aof-timestamp-enabled writes. */
export function timestampAnnotation(unixSeconds: number): Uint8Array {
  return enc.encode(`#TS:${unixSeconds}\r\n`);
}

// ---- reading ---------------------------------------------------------------------------------

export const SCAN_INCOMPLETE = -1;
export const SCAN_BAD_FORMAT = -2;

/** What one scanned command is, for MULTI tracking and the unknown-command check. */
export interface ScannedCommand {
  /** Offset just past the command. */
  end: number;
  /** Lower-case command name ("" for an annotation line). */
  name: string;
}

/**
 * Scans the command (or annotation line) starting at `pos`. Returns its end and name, or
 * SCAN_INCOMPLETE if the bytes end first, or SCAN_BAD_FORMAT if they are not an AOF command.
 * Mirrors loadSingleAppendOnlyFile: "*<argc>" (argc >= 1), then argc times "$<len>" + len
 * bytes + 2 bytes.
 */
export function scanCommand(b: Uint8Array, pos: number, out: ScannedCommand): number {
  const n = b.length;
  if (pos >= n) return SCAN_INCOMPLETE;
  if (b[pos] === 0x23) { // '#': annotation, skipped
    const lf = b.indexOf(LF, pos);
    if (lf < 0) return SCAN_INCOMPLETE;
    out.end = lf + 1;
    out.name = "";
    return out.end;
  }
  if (b[pos] !== 0x2a) return SCAN_BAD_FORMAT;
  let p = pos + 1;
  const argc = readLineNumber(b, p);
  if (argc === INCOMPLETE) return SCAN_INCOMPLETE;
  if (argc < 1) return SCAN_BAD_FORMAT;
  p = lineEnd;
  let name = "";
  for (let i = 0; i < argc; i++) {
    if (p >= n) return SCAN_INCOMPLETE;
    if (b[p] !== 0x24) return SCAN_BAD_FORMAT;
    const len = readLineNumber(b, p + 1);
    if (len === INCOMPLETE) return SCAN_INCOMPLETE;
    if (len < 0) return SCAN_BAD_FORMAT;
    p = lineEnd;
    if (p + len + 2 > n) return SCAN_INCOMPLETE;
    if (i === 0) name = lowerLatin1(b, p, len);
    p += len + 2;
  }
  out.end = p;
  out.name = name;
  return p;
}

const INCOMPLETE = -0x7fffffff;
/** Offset after the line readLineNumber read. */
let lineEnd = 0;

/** Parses "<digits>\r\n" at p (strtol-like: a bad number reads as -1). */
function readLineNumber(b: Uint8Array, p: number): number {
  const lf = b.indexOf(LF, p);
  if (lf < 0) return INCOMPLETE;
  lineEnd = lf + 1;
  let end = lf;
  if (end > p && b[end - 1] === CR) end--;
  if (end === p || end - p > 18) return -1;
  let v = 0;
  for (let i = p; i < end; i++) {
    const d = b[i] - 0x30;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

function lowerLatin1(b: Uint8Array, p: number, len: number): string {
  if (len > 64) len = 64; // no command name is longer; enough to say "unknown"
  let s = "";
  for (let i = 0; i < len; i++) {
    const c = b[p + i];
    s += String.fromCharCode(c >= 0x41 && c <= 0x5a ? c | 0x20 : c);
  }
  return s;
}

export interface AofLoadResult {
  /** "ok", "truncated" (a torn tail or an unfinished MULTI), "bad-format", "unknown-command". */
  status: "ok" | "truncated" | "bad-format" | "unknown-command";
  /** Offset after the last command that was kept (where a truncation would cut). */
  validUpTo: number;
  /** Total bytes read. */
  size: number;
  /** Commands executed (annotations not counted). */
  commands: number;
  /** The unknown command's name, for the error. */
  unknown?: string;
  /** The torn tail was an unfinished MULTI/EXEC block. */
  revertedMulti?: boolean;
}

/**
 * Runs the commands of one AOF (given in chunks) through a fake client, as Redis's
 * loadSingleAppendOnlyFile. Stops at the first bad or unknown command (the caller refuses to
 * start); a torn tail or an unfinished MULTI is reported as "truncated" with the offset to cut.
 */
export function aofLoadChunks(core: RespiteCore, chunks: Iterable<Uint8Array>): AofLoadResult {
  const known = commandNameSet(core);
  const s = new Session(core, { addr: "", laddr: "", fd: -1, kind: "aof" });
  const cmd: ScannedCommand = { end: 0, name: "" };
  let carry: Uint8Array = new Uint8Array(0);
  let carryAt = 0; // file offset of carry[0]
  let validUpTo = 0, beforeMulti = -1, commands = 0, size = 0;
  let result: AofLoadResult | null = null;
  try {
    for (const chunk of chunks) {
      size += chunk.length;
      const buf = carry.length === 0 ? chunk : concat(carry, chunk);
      let pos = 0, runFrom = 0;
      for (;;) {
        const st = scanCommand(buf, pos, cmd);
        if (st === SCAN_INCOMPLETE) break;
        if (st === SCAN_BAD_FORMAT) {
          result = { status: "bad-format", validUpTo, size, commands };
          break;
        }
        if (cmd.name !== "") {
          if (!known.has(cmd.name)) {
            result = { status: "unknown-command", validUpTo, size, commands, unknown: cmd.name };
            break;
          }
          if (cmd.name === "multi") beforeMulti = carryAt + pos;
          else if (cmd.name === "exec") beforeMulti = -1;
          commands++;
        }
        pos = cmd.end;
        if (beforeMulti < 0) validUpTo = carryAt + pos;
        // feed in batches of ~1 MB so replies stay small
        if (pos - runFrom >= 1 << 20) {
          runCommands(s, buf.subarray(runFrom, pos));
          runFrom = pos;
        }
      }
      if (pos > runFrom) runCommands(s, buf.subarray(runFrom, pos));
      if (result) break;
      carry = buf.slice(pos);
      carryAt += pos;
    }
    if (!result) {
      const torn = carry.length > 0 || beforeMulti >= 0;
      result = { status: torn ? "truncated" : "ok", validUpTo, size, commands, revertedMulti: beforeMulti >= 0 };
    }
  } finally {
    s.close(); // an unfinished MULTI's queue is dropped with the client: nothing of it ran
  }
  return result;
}

/** Feeds complete commands to the fake client and drops the replies. */
function runCommands(s: Session, bytes: Uint8Array): void {
  s.feed(bytes);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

let namesCache: { core: RespiteCore; names: Set<string> } | null = null;

/** Every command name the table knows (top-level, lower case). */
function commandNameSet(core: RespiteCore): Set<string> {
  if (namesCache?.core === core) return namesCache.names;
  const names = new Set<string>();
  for (const n of core.engine.commandNames) if (n && !n.includes("|")) names.add(n);
  namesCache = { core, names };
  return names;
}
