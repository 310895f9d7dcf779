// resp.ts — RESP on the host side: an encoder for host-made replies and client commands, and
// an incremental decoder of replies (for the embedding API, the CLI and the tests).
//
// PORTABLE: no node: imports. The engine formats almost every reply itself; the host only
// formats replies of the commands it owns (COMMAND, INFO, CONFIG, CLIENT LIST ...), through
// RespWriter, whose methods mirror the engine's addReply* writers including the RESP2/RESP3
// differences (null, maps, sets, doubles, booleans, verbatim strings).

const enc = new TextEncoder();
const dec = new TextDecoder();

export type Bytes = Uint8Array;
export type Arg = string | number | Bytes;

export function toBytes(a: Arg): Bytes {
  if (typeof a === "string") return enc.encode(a);
  if (typeof a === "number") return enc.encode(String(a));
  return a;
}

/** A command as a RESP multibulk. */
export function encodeCommand(args: Arg[]): Bytes {
  const parts: Bytes[] = [enc.encode(`*${args.length}\r\n`)];
  for (const a of args) {
    const b = toBytes(a);
    parts.push(enc.encode(`$${b.length}\r\n`), b, CRLF);
  }
  return concat(parts);
}

const CRLF = enc.encode("\r\n");

export function concat(parts: Bytes[]): Bytes {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Builds one reply (possibly nested) for a client speaking RESP `proto`. */
export class RespWriter {
  private parts: Bytes[] = [];
  constructor(readonly proto: number) {}

  private text(s: string): this {
    this.parts.push(enc.encode(s));
    return this;
  }

  raw(b: Bytes): this { this.parts.push(b); return this; }
  status(s: string): this { return this.text(`+${s}\r\n`); }
  ok(): this { return this.text("+OK\r\n"); }
  /** `msg` includes its code: "ERR syntax error". */
  error(msg: string): this { return this.text(`-${msg.replace(/[\r\n]/g, " ")}\r\n`); }
  int(n: number | bigint): this { return this.text(`:${n}\r\n`); }
  bulk(v: Arg): this {
    const b = toBytes(v);
    this.text(`$${b.length}\r\n`);
    this.parts.push(b, CRLF);
    return this;
  }
  null(): this { return this.text(this.proto >= 3 ? "_\r\n" : "$-1\r\n"); }
  nullArray(): this { return this.text(this.proto >= 3 ? "_\r\n" : "*-1\r\n"); }
  array(n: number): this { return this.text(`*${n}\r\n`); }
  map(n: number): this { return this.text(this.proto >= 3 ? `%${n}\r\n` : `*${n * 2}\r\n`); }
  set(n: number): this { return this.text(this.proto >= 3 ? `~${n}\r\n` : `*${n}\r\n`); }
  push(n: number): this { return this.text(this.proto >= 3 ? `>${n}\r\n` : `*${n}\r\n`); }
  bool(v: boolean): this { return this.text(this.proto >= 3 ? (v ? "#t\r\n" : "#f\r\n") : (v ? ":1\r\n" : ":0\r\n")); }
  verbatim(s: string, format = "txt"): this {
    if (this.proto < 3) return this.bulk(s);
    const b = enc.encode(s);
    this.text(`=${b.length + 4}\r\n${format}:`);
    this.parts.push(b, CRLF);
    return this;
  }
  bulkArray(items: Arg[]): this {
    this.array(items.length);
    for (const i of items) this.bulk(i);
    return this;
  }
  bytes(): Bytes { return concat(this.parts); }
}

// ---- decoding ------------------------------------------------------------------------------

/** An error reply, as a value (never thrown by the decoder). */
export class ReplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReplyError";
  }
}

/** A RESP3 verbatim string keeps its format. */
export class VerbatimString {
  constructor(readonly format: string, readonly value: string) {}
  toString(): string { return this.value; }
}

export type Reply =
  | string | Bytes | number | bigint | null | boolean | ReplyError | VerbatimString
  | Reply[] | Map<Reply, Reply> | Set<Reply>;

export interface DecodeOptions {
  /** Bulk and simple strings as Uint8Array instead of UTF-8 strings. */
  buffers?: boolean;
}

const NEED_MORE = Symbol("need-more");

/**
 * Incremental reply decoder: push bytes, take complete replies. Works for any split of the
 * stream (tests feed replies byte by byte).
 */
export class RespDecoder {
  private buf: Bytes = new Uint8Array(0);
  private pos = 0;
  constructor(private opts: DecodeOptions = {}) {}

  push(chunk: Bytes): void {
    const rest = this.buf.subarray(this.pos);
    this.buf = rest.length ? concat([rest, chunk]) : chunk;
    this.pos = 0;
  }

  /** Next complete reply, or undefined. */
  next(): Reply | undefined {
    const start = this.pos;
    const v = this.read();
    if (v === NEED_MORE) {
      this.pos = start;
      return undefined;
    }
    return v as Reply;
  }

  /** Bytes of the next complete reply, undecoded (for byte-exact comparisons). */
  nextRaw(): Bytes | undefined {
    const start = this.pos;
    const v = this.read();
    if (v === NEED_MORE) {
      this.pos = start;
      return undefined;
    }
    return this.buf.slice(start, this.pos);
  }

  get pending(): number { return this.buf.length - this.pos; }

  private line(): string | typeof NEED_MORE {
    const b = this.buf;
    for (let i = this.pos; i + 1 < b.length; i++) {
      if (b[i] === 13 && b[i + 1] === 10) {
        const s = dec.decode(b.subarray(this.pos, i));
        this.pos = i + 2;
        return s;
      }
    }
    return NEED_MORE;
  }

  private lineBytes(): Bytes | typeof NEED_MORE {
    const b = this.buf;
    for (let i = this.pos; i + 1 < b.length; i++) {
      if (b[i] === 13 && b[i + 1] === 10) {
        const s = b.slice(this.pos, i);
        this.pos = i + 2;
        return s;
      }
    }
    return NEED_MORE;
  }

  private str(b: Bytes): string | Bytes {
    return this.opts.buffers ? b : dec.decode(b);
  }

  private read(): Reply | typeof NEED_MORE {
    if (this.pos >= this.buf.length) return NEED_MORE;
    const type = this.buf[this.pos++];
    switch (type) {
      case 0x2b: { // + simple string
        const l = this.lineBytes();
        return l === NEED_MORE ? l : this.str(l);
      }
      case 0x2d: { // - error
        const l = this.line();
        return l === NEED_MORE ? l : new ReplyError(l);
      }
      case 0x3a: { // : integer
        const l = this.line();
        if (l === NEED_MORE) return l;
        const n = Number(l);
        return Number.isSafeInteger(n) ? n : BigInt(l);
      }
      case 0x24: case 0x21: case 0x3d: { // $ bulk, ! blob error, = verbatim
        const l = this.line();
        if (l === NEED_MORE) return l;
        const n = Number(l);
        if (n < 0) return null;
        if (this.pos + n + 2 > this.buf.length) return NEED_MORE;
        const body = this.buf.slice(this.pos, this.pos + n);
        this.pos += n + 2;
        if (type === 0x21) return new ReplyError(dec.decode(body));
        if (type === 0x3d) return new VerbatimString(dec.decode(body.subarray(0, 3)), dec.decode(body.subarray(4)));
        return this.str(body);
      }
      case 0x2a: case 0x7e: case 0x3e: { // * array, ~ set, > push
        const l = this.line();
        if (l === NEED_MORE) return l;
        const n = Number(l);
        if (n < 0) return null;
        const items: Reply[] = [];
        for (let i = 0; i < n; i++) {
          const v = this.read();
          if (v === NEED_MORE) return v;
          items.push(v);
        }
        return type === 0x7e ? new Set(items) : items;
      }
      case 0x25: case 0x7c: { // % map, | attribute (attributes are skipped)
        const l = this.line();
        if (l === NEED_MORE) return l;
        const n = Number(l);
        const m = new Map<Reply, Reply>();
        for (let i = 0; i < n; i++) {
          const k = this.read();
          if (k === NEED_MORE) return k;
          const v = this.read();
          if (v === NEED_MORE) return v;
          m.set(k, v);
        }
        return type === 0x7c ? this.read() : m;
      }
      case 0x5f: { // _ null
        const l = this.line();
        return l === NEED_MORE ? l : null;
      }
      case 0x23: { // # boolean
        const l = this.line();
        return l === NEED_MORE ? l : l === "t";
      }
      case 0x2c: { // , double
        const l = this.line();
        if (l === NEED_MORE) return l;
        return l === "inf" ? Infinity : l === "-inf" ? -Infinity : Number(l);
      }
      case 0x28: { // ( big number
        const l = this.line();
        return l === NEED_MORE ? l : BigInt(l);
      }
      default:
        throw new Error(`RESP decode: unexpected type byte 0x${type.toString(16)}`);
    }
  }
}
