// @ts-check
// cli.js — the redis-cli parts of the playground that have nothing to do with the page:
// splitting a typed line into arguments, parsing reply bytes into typed values, printing
// them exactly as redis-cli 7.0.15 prints to a terminal, and turning COMMAND DOCS into the
// one-line syntax redis-cli shows in `help <command>` and in its grey hints.
//
// Why re-implement this instead of using the host's RespDecoder: the decoder flattens types
// for programmers (a status and a bulk string are both JS strings, a double and an integer
// both numbers), while redis-cli's output depends on exactly those differences: OK versus
// "OK", (integer) 1 versus (double) 1. So replies are parsed here into hiredis-like nodes
// that keep the RESP type and the raw bytes (bulk strings are binary; sdscatrepr escapes
// them byte by byte).
//
// No DOM and no imports: the file runs in the page and in Node (the tests import it).
//
// Behaviour references (redis-cli.c / sds.c in Redis 7.0.15, checked against the real
// redis-cli --no-raw): cliFormatReplyTTY, cliIsMultilineValueTTY, sdscatrepr, sdssplitargs,
// the hints callback, the prompt (cliRefreshPrompt) and the params string built from
// COMMAND DOCS.

const utf8 = new TextEncoder();
const text = new TextDecoder();

// ---- typing a command ------------------------------------------------------------------

/** C isspace: space, \t \n \v \f \r. */
function isSpace(/** @type {number} */ b) {
  return b === 0x20 || (b >= 0x09 && b <= 0x0d);
}

function hexVal(/** @type {number} */ b) {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x61 && b <= 0x66) return b - 0x61 + 10;
  if (b >= 0x41 && b <= 0x46) return b - 0x41 + 10;
  return -1;
}

/**
 * sdssplitargs over the UTF-8 bytes of `line`: arguments separated by whitespace, "double
 * quotes" with \n \r \t \b \a \xHH and \<any> escapes, 'single quotes' with only \' escaped.
 * A closing quote must be followed by whitespace or the end. Returns null on unbalanced or
 * badly closed quotes (redis-cli then prints "Invalid argument(s)").
 * @param {string} line
 * @returns {Uint8Array[] | null}
 */
export function splitArgs(line) {
  const s = utf8.encode(line);
  const n = s.length;
  /** @type {Uint8Array[]} */
  const out = [];
  let p = 0;
  while (true) {
    while (p < n && isSpace(s[p])) p++;
    if (p >= n || s[p] === 0) return out;
    /** @type {number[]} */
    const cur = [];
    let inq = false, insq = false, done = false;
    while (!done) {
      const c = p < n ? s[p] : 0;
      const next = p + 1 < n ? s[p + 1] : 0;
      if (inq) {
        if (c === 0x5c && next === 0x78 && p + 3 < n && hexVal(s[p + 2]) >= 0 && hexVal(s[p + 3]) >= 0) {
          cur.push(hexVal(s[p + 2]) * 16 + hexVal(s[p + 3]));
          p += 3;
        } else if (c === 0x5c && next !== 0) {
          p++;
          const e = s[p];
          cur.push(e === 0x6e ? 10 : e === 0x72 ? 13 : e === 0x74 ? 9 : e === 0x62 ? 8 : e === 0x61 ? 7 : e);
        } else if (c === 0x22) {
          if (next !== 0 && !isSpace(next)) return null;
          done = true;
        } else if (c === 0) {
          return null;
        } else {
          cur.push(c);
        }
      } else if (insq) {
        if (c === 0x5c && next === 0x27) {
          p++;
          cur.push(0x27);
        } else if (c === 0x27) {
          if (next !== 0 && !isSpace(next)) return null;
          done = true;
        } else if (c === 0) {
          return null;
        } else {
          cur.push(c);
        }
      } else if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0) {
        done = true;
      } else if (c === 0x22) {
        inq = true;
      } else if (c === 0x27) {
        insq = true;
      } else {
        cur.push(c);
      }
      if (p < n) p++;
    }
    out.push(Uint8Array.from(cur));
  }
}

/**
 * A command as a RESP multibulk (what redis-cli sends).
 * @param {Uint8Array[]} args
 */
export function encodeCommand(args) {
  /** @type {Uint8Array[]} */
  const parts = [utf8.encode(`*${args.length}\r\n`)];
  for (const a of args) parts.push(utf8.encode(`$${a.length}\r\n`), a, CRLF);
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
const CRLF = utf8.encode("\r\n");

// ---- reading replies -------------------------------------------------------------------

/**
 * A reply as hiredis gives it to redis-cli. `str` holds the bytes of status, error, bulk,
 * verbatim (without its "txt:" prefix), double and big number replies; `elements` the
 * children of aggregates (maps flattened: key, value, key, value ...).
 * @typedef {{ type: "status"|"error"|"integer"|"string"|"nil"|"double"|"bool"|"bignum"|"verb"
 *   |"array"|"set"|"map"|"push", str?: Uint8Array, integer?: bigint, bool?: boolean,
 *   format?: string, elements?: Reply[] }} Reply
 */

/**
 * Parses one complete reply at `pos`. Returns the reply and where it ends, or null when the
 * bytes stop before the reply does (more must arrive). Throws on a byte that starts no RESP
 * type (a protocol error). RESP3 attributes are read and dropped: the reply they annotate
 * is returned.
 * @param {Uint8Array} buf
 * @param {number} [pos]
 * @returns {{ reply: Reply, end: number } | null}
 */
export function parseReply(buf, pos = 0) {
  if (pos >= buf.length) return null;
  const type = buf[pos];
  let eol = -1;
  for (let i = pos + 1; i + 1 < buf.length; i++) {
    if (buf[i] === 13 && buf[i + 1] === 10) { eol = i; break; }
  }
  if (eol < 0) return null;
  const line = buf.subarray(pos + 1, eol);
  const after = eol + 2;
  const lineText = () => text.decode(line);
  switch (type) {
    case 0x2b: return { reply: { type: "status", str: line.slice() }, end: after };
    case 0x2d: return { reply: { type: "error", str: line.slice() }, end: after };
    case 0x3a: return { reply: { type: "integer", integer: BigInt(lineText()) }, end: after };
    case 0x2c: return { reply: { type: "double", str: line.slice() }, end: after };
    case 0x28: return { reply: { type: "bignum", str: line.slice() }, end: after };
    case 0x23: return { reply: { type: "bool", bool: line[0] === 0x74 }, end: after };
    case 0x5f: return { reply: { type: "nil" }, end: after };
    case 0x24: case 0x21: case 0x3d: { // $ bulk, ! blob error, = verbatim
      const n = Number(lineText());
      if (n < 0) return { reply: { type: "nil" }, end: after };
      if (after + n + 2 > buf.length) return null;
      const body = buf.slice(after, after + n);
      const end = after + n + 2;
      if (type === 0x21) return { reply: { type: "error", str: body }, end };
      if (type === 0x3d) return { reply: { type: "verb", format: text.decode(body.subarray(0, 3)), str: body.slice(4) }, end };
      return { reply: { type: "string", str: body }, end };
    }
    case 0x2a: case 0x7e: case 0x3e: case 0x25: case 0x7c: { // * ~ > % |
      const n = Number(lineText());
      if (n < 0) return { reply: { type: "nil" }, end: after };
      const count = type === 0x25 || type === 0x7c ? n * 2 : n;
      /** @type {Reply[]} */
      const elements = [];
      let p = after;
      for (let i = 0; i < count; i++) {
        const r = parseReply(buf, p);
        if (r === null) return null;
        elements.push(r.reply);
        p = r.end;
      }
      if (type === 0x7c) return parseReply(buf, p); // attribute: skip to the reply it annotates
      const t = type === 0x2a ? "array" : type === 0x7e ? "set" : type === 0x3e ? "push" : "map";
      return { reply: { type: t, elements }, end: p };
    }
    default:
      throw new Error(`Protocol error, got "${String.fromCharCode(type)}" as reply type byte`);
  }
}

/**
 * Every complete reply in `buf` (the in-page engine answers a command in one piece).
 * @param {Uint8Array} buf
 * @returns {Reply[]}
 */
export function parseReplies(buf) {
  /** @type {Reply[]} */
  const out = [];
  let p = 0;
  while (p < buf.length) {
    const r = parseReply(buf, p);
    if (r === null) break;
    out.push(r.reply);
    p = r.end;
  }
  return out;
}

/** Bytes of a textual reply as a JS string (UTF-8, as a terminal would show them). */
export function replyText(/** @type {Reply} */ r) {
  return r.str ? text.decode(r.str) : "";
}

// ---- printing replies --------------------------------------------------------------------

/**
 * sdscatrepr: a quoted string where \ and " are escaped, \n \r \t \a \b use their escapes,
 * printable ASCII stays as it is and every other byte is \xHH (lower-case hex). Bytes, not
 * characters: "é" is "\xc3\xa9", as in redis-cli.
 * @param {Uint8Array} b
 */
export function repr(b) {
  let s = '"';
  for (const c of b) {
    switch (c) {
      case 0x5c: s += "\\\\"; break;
      case 0x22: s += '\\"'; break;
      case 0x0a: s += "\\n"; break;
      case 0x0d: s += "\\r"; break;
      case 0x09: s += "\\t"; break;
      case 0x07: s += "\\a"; break;
      case 0x08: s += "\\b"; break;
      default:
        s += c >= 0x20 && c <= 0x7e ? String.fromCharCode(c) : "\\x" + c.toString(16).padStart(2, "0");
    }
  }
  return s + '"';
}

/**
 * cliIsMultilineValueTTY: whether a map value goes on its own lines after "key => ".
 * @param {Reply} r
 * @returns {boolean}
 */
function isMultiline(r) {
  const e = r.elements;
  switch (r.type) {
    case "array": case "set": case "push":
      if (!e || e.length === 0) return false;
      return e.length > 1 || isMultiline(e[0]);
    case "map":
      if (!e || e.length === 0) return false;
      return e.length > 2 || isMultiline(e[1]);
    default:
      return false;
  }
}

const EMPTY = { array: "(empty array)", map: "(empty hash)", set: "(empty set)", push: "(empty push)" };

/**
 * cliFormatReplyTTY: a reply as redis-cli prints it to a terminal, newline-terminated.
 * Aggregates are numbered ("1) ", "1~ " for sets, "1# k => v" for maps), indices padded to
 * the widest one, nested aggregates indented by the width of their parent's index. Big
 * numbers, which 7.0.15's redis-cli cannot print, come out as "(big number) N" like later
 * versions.
 * @param {Reply} r
 * @param {string} [prefix]
 * @returns {string}
 */
export function formatReply(r, prefix = "") {
  switch (r.type) {
    case "error": return `(error) ${replyText(r)}\n`;
    case "status": return `${replyText(r)}\n`;
    case "integer": return `(integer) ${r.integer}\n`;
    case "double": return `(double) ${replyText(r)}\n`;
    case "bignum": return `(big number) ${replyText(r)}\n`;
    case "string": return `${repr(r.str ?? new Uint8Array(0))}\n`;
    case "verb": return `${replyText(r)}\n`;
    case "nil": return "(nil)\n";
    case "bool": return r.bool ? "(true)\n" : "(false)\n";
    default: {
      const els = r.elements ?? [];
      if (els.length === 0) return `${EMPTY[r.type] ?? "(empty aggregate type)"}\n`;
      const isMap = r.type === "map";
      const count = isMap ? els.length / 2 : els.length;
      const idxlen = String(count).length;
      const childPrefix = prefix + " ".repeat(idxlen + 2);
      const sep = r.type === "set" ? "~" : isMap ? "#" : ")";
      let out = "";
      for (let i = 0; i < els.length; i++) {
        const human = (isMap ? i / 2 : i) + 1;
        out += `${i === 0 ? "" : prefix}${String(human).padStart(idxlen)}${sep} `;
        out += formatReply(els[i], childPrefix);
        if (isMap) {
          i++;
          out = out.slice(0, -1) + " => ";
          if (isMultiline(els[i])) out += "\n" + childPrefix;
          out += formatReply(els[i], childPrefix);
        }
      }
      return out;
    }
  }
}

// ---- the prompt --------------------------------------------------------------------------

/**
 * What redis-cli remembers about the connection to draw its prompt, updated after each
 * reply the way cliSendCommand does it: SELECT n (not an error) sets the db, MULTI enters
 * (TX), EXEC/DISCARD leave it, RESET clears everything, HELLO switches RESP by the reply's
 * shape.
 */
export class PromptState {
  dbnum = 0;
  inMulti = false;
  resp3 = false;

  /**
   * @param {Uint8Array[]} argv
   * @param {Reply | undefined} reply
   */
  update(argv, reply) {
    if (argv.length === 0 || reply === undefined) return;
    const cmd = text.decode(argv[0]).toLowerCase();
    const err = reply.type === "error";
    const argc = argv.length;
    if (cmd === "select" && argc === 2 && !err) {
      this.dbnum = atoi(text.decode(argv[1]));
    } else if (cmd === "multi" && argc === 1 && !err) {
      this.inMulti = true;
    } else if (cmd === "exec" && argc === 1 && this.inMulti) {
      this.inMulti = false;
    } else if (cmd === "discard" && argc === 1 && !err) {
      this.inMulti = false;
    } else if (cmd === "reset" && argc === 1 && !err) {
      this.inMulti = false;
      this.dbnum = 0;
      this.resp3 = false;
    } else if (cmd === "hello") {
      if (reply.type === "map") this.resp3 = true;
      else if (reply.type === "array") this.resp3 = false;
    }
  }

  reset() {
    this.dbnum = 0;
    this.inMulti = false;
    this.resp3 = false;
  }

  /** "host[db](TX)> " (cliRefreshPrompt), or "not connected> ". */
  prompt(/** @type {string} */ host, connected = true) {
    if (!connected) return "not connected> ";
    return `${host}${this.dbnum !== 0 ? `[${this.dbnum}]` : ""}${this.inMulti ? "(TX)" : ""}> `;
  }
}

/** C atoi: leading whitespace, optional sign, digits; anything else stops it (0 if none). */
function atoi(/** @type {string} */ s) {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s);
  return m ? Number.parseInt(m[1], 10) | 0 : 0;
}

/**
 * redis-cli's repeat prefix: "3 INCR n" runs INCR n three times. Returns the count and the
 * arguments left, or an error message for a bad count ("0 PING").
 * @param {Uint8Array[]} argv
 * @returns {{ repeat: number, argv: Uint8Array[] } | { error: string }}
 */
export function takeRepeat(argv) {
  if (argv.length > 1) {
    const first = text.decode(argv[0]);
    if (first === "") return { error: "Invalid redis-cli repeat command option value." }; // strtol("") = 0
    if (/^[ \t\n\v\f\r]*[+-]?\d+$/.test(first)) {
      const n = Number(first.trim());
      if (!(n > 0) || n > 2 ** 63) return { error: "Invalid redis-cli repeat command option value." };
      return { repeat: n, argv: argv.slice(1) };
    }
  }
  return { repeat: 1, argv };
}

// ---- help from COMMAND DOCS --------------------------------------------------------------

/**
 * One command's documentation, from COMMAND DOCS.
 * @typedef {{ name: string, summary: string, since: string, group: string,
 *   params: string, subcommands: CommandDoc[] }} CommandDoc
 */

/**
 * COMMAND DOCS (RESP2 or RESP3) as name -> CommandDoc, subcommands included both nested and
 * under their full name ("client|list").
 * @param {Reply} reply
 * @returns {Map<string, CommandDoc>}
 */
export function parseCommandDocs(reply) {
  /** @type {Map<string, CommandDoc>} */
  const out = new Map();
  const top = pairs(reply);
  for (const [name, body] of top) addDoc(out, name, body);
  return out;
}

/**
 * @param {Map<string, CommandDoc>} out
 * @param {string} name
 * @param {Reply} body
 * @returns {CommandDoc}
 */
function addDoc(out, name, body) {
  const f = new Map(pairs(body));
  const s = (/** @type {string} */ k) => { const v = f.get(k); return v ? replyText(v) : ""; };
  const args = f.get("arguments");
  const doc = {
    name,
    summary: s("summary"),
    since: s("since"),
    group: s("group"),
    params: args ? joinArgs(args.elements ?? [], " ") : "",
    /** @type {CommandDoc[]} */
    subcommands: [],
  };
  out.set(name, doc);
  const subs = f.get("subcommands");
  if (subs) for (const [sub, b] of pairs(subs)) doc.subcommands.push(addDoc(out, sub, b));
  return doc;
}

/**
 * The key/value pairs of a map, or of a flat RESP2 array standing for one.
 * @param {Reply} r
 * @returns {[string, Reply][]}
 */
function pairs(r) {
  const e = r.elements ?? [];
  /** @type {[string, Reply][]} */
  const out = [];
  for (let i = 0; i + 1 < e.length; i += 2) out.push([replyText(e[i]), e[i + 1]]);
  return out;
}

/**
 * The params string of an argument list, as redis-cli 7.0 builds it: names for values,
 * tokens for pure tokens, "TOKEN name" for tokened values, blocks joined by spaces, one-ofs
 * by "|", "x [x ...]" for multiple (the token repeated only with multiple_token) and [..]
 * around optional ones.
 * @param {Reply[]} args
 * @param {string} sep
 * @returns {string}
 */
function joinArgs(args, sep) {
  return args.map(argSyntax).join(sep);
}

/**
 * @param {Reply} a
 * @returns {string}
 */
function argSyntax(a) {
  const f = new Map(pairs(a));
  const s = (/** @type {string} */ k) => { const v = f.get(k); return v ? replyText(v) : ""; };
  const type = s("type");
  // An empty token (MIGRATE's "" in place of a key) shows as "", as in redis-cli.
  const token = f.has("token") && s("token") === "" ? '""' : s("token");
  const flags = new Set((f.get("flags")?.elements ?? []).map(replyText));
  const sub = f.get("arguments")?.elements ?? [];
  let inner;
  let part;
  if (type === "pure-token") {
    inner = part = token;
  } else {
    inner = type === "block" ? joinArgs(sub, " ") : type === "oneof" ? joinArgs(sub, "|") : s("name");
    part = token ? `${token} ${inner}` : inner;
  }
  if (flags.has("multiple")) part = `${part} [${flags.has("multiple_token") ? part : inner} ...]`;
  if (flags.has("optional")) part = `[${part}]`;
  return part;
}

/**
 * The grey hint redis-cli shows after what was typed: the params of the longest matching
 * command ("client kill" beats "client"), minus the arguments already typed (it stops at
 * the first optional part), with a leading space unless the line ends with one.
 * @param {string} line
 * @param {Map<string, CommandDoc>} docs
 * @returns {string}
 */
export function hintFor(line, docs) {
  const argv = splitArgs(line);
  if (!argv || argv.length === 0) return "";
  const words = argv.map((a) => text.decode(a).toLowerCase());
  let doc = null;
  let matchlen = 0;
  if (words.length >= 2) {
    const d = docs.get(`${words[0]}|${words[1]}`);
    if (d) { doc = d; matchlen = 2; }
  }
  if (!doc) {
    const d = docs.get(words[0]);
    if (d && !d.name.includes("|")) { doc = d; matchlen = 1; }
  }
  if (!doc || !doc.params) return "";
  let hint = doc.params;
  let toremove = words.length - matchlen;
  while (toremove > 0 && hint.length) {
    if (hint[0] === "[") break;
    if (hint[0] === " ") toremove--;
    hint = hint.slice(1);
  }
  if (!hint) return "";
  return /\s$/.test(line) ? hint : " " + hint;
}

/**
 * `help <command>` text, like redis-cli's (without its colours).
 * @param {CommandDoc} d
 * @param {boolean} withGroup
 */
export function formatCommandHelp(d, withGroup = true) {
  const title = d.name.toUpperCase().replace("|", " ");
  let s = `\n  ${title}${d.params ? " " + d.params : ""}\n  summary: ${d.summary}\n  since: ${d.since}\n`;
  if (withGroup) s += `  group: ${d.group}\n`;
  return s;
}

/**
 * Words laid out in columns no wider than `width` characters.
 * @param {string[]} words
 * @param {number} width
 * @param {string} indent
 */
export function columns(words, width = 80, indent = "  ") {
  if (words.length === 0) return "";
  const colw = Math.max(...words.map((w) => w.length)) + 2;
  const per = Math.max(1, Math.floor((width - indent.length) / colw));
  let out = "";
  for (let i = 0; i < words.length; i += per) {
    out += indent + words.slice(i, i + per).map((w, j, row) => (j === row.length - 1 ? w : w.padEnd(colw))).join("") + "\n";
  }
  return out;
}
