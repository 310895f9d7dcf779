// @ts-check
// app.js — the Respite playground page: a redis-cli-like console in the browser.
//
// The engine (build/engine.wasm) runs inside the page through the portable embedding API
// (dist/host/embed.js): `Respite.create` fetches and instantiates the module, and the
// console gets a Connection of its own, exactly like a TCP client of the Node server gets a
// Session. Nothing here knows about the engine beyond that: commands go through a
// Transport (transport.js), which is the seam for talking to a remote Respite server over a
// WebSocket instead ("connect ws://host:port").
//
// What it does the way redis-cli 7.0.15 does in a terminal (cli.js has the details):
//   - the line is split by sdssplitargs rules (quotes, \xHH escapes) and sent as RESP;
//   - replies print like cliFormatReplyTTY: OK, "bulk", (integer) 1, (nil), (error) ERR ...,
//     numbered arrays, 1# key => value maps and 1~ sets under HELLO 3;
//   - the prompt shows the selected db and (TX) inside MULTI; "3 INCR n" repeats a command;
//   - grey hints with the command's syntax as you type (":set nohints" turns them off),
//     Tab completion of command names, up/down history (kept in localStorage);
//   - help, help <command>, help @<group>, clear, quit, connect are handled locally.
// HELP lists the commands this engine implements (engine.commandNames filtered by
// engine.x.commandImplemented); syntax and summaries come from COMMAND DOCS.
//
// Plain ES modules, no bundler: serve the repository root (node web/serve.mjs) and open
// /web/index.html; the page imports /dist/host/embed.js and fetches /build/engine.wasm.

import { Respite } from "../dist/host/embed.js";
import { EngineTransport, WebSocketTransport } from "./transport.js";
import {
  columns, formatReply, hintFor, parseCommandDocs, parseReplies, PromptState,
  splitArgs, takeRepeat,
} from "./cli.js";

const HISTORY_KEY = "respite.playground.history";
const HISTORY_MAX = 500;
/** redis-cli's order of command groups (help.h). */
const GROUP_ORDER = ["generic", "string", "list", "set", "sorted-set", "hash", "pubsub", "transactions",
  "connection", "server", "scripting", "hyperloglog", "cluster", "geo", "stream", "bitmap"];

const utf8 = new TextEncoder();
const text = new TextDecoder();

/**
 * @param {string} id
 * @returns {HTMLElement}
 */
function $(id) {
  const e = document.getElementById(id);
  if (!e) throw new Error(`#${id} missing`);
  return e;
}

/**
 * @param {string} tag
 * @param {string} cls
 * @param {string} [content]
 */
function el(tag, cls, content) {
  const e = document.createElement(tag);
  e.className = cls;
  if (content !== undefined) e.textContent = content;
  return e;
}

class Playground {
  /** @type {Map<string, import("./cli.js").CommandDoc>} */
  docs = new Map();
  /** Full names ("get", "client|list") of the commands the server implements. */
  implemented = new Set();
  state = new PromptState();
  hints = true;
  /** @type {string[]} */
  history = loadHistory();
  /** Position while browsing history (history.length = the line being typed). */
  histPos = this.history.length;
  draft = "";
  busy = false;

  /**
   * @param {Respite} db
   * @param {import("./transport.js").Transport} transport
   */
  constructor(db, transport) {
    this.db = db;
    this.engineTransport = transport;
    /** @type {import("./transport.js").Transport} */
    this.transport = transport;
    this.console = $("console");
    this.output = $("output");
    this.input = /** @type {HTMLInputElement} */ ($("input"));
    this.promptEl = $("prompt");
    this.ghostTyped = $("ghost-typed");
    this.hintEl = $("hint");
    this.statusEl = $("status");
  }

  // ---- wiring ----------------------------------------------------------------------------

  async start() {
    await this.transport.open();
    await this.describe();
    $("line").addEventListener("submit", (ev) => {
      ev.preventDefault();
      this.submit();
    });
    this.input.addEventListener("keydown", (ev) => this.onKey(ev));
    this.input.addEventListener("input", () => this.refreshHint());
    this.console.addEventListener("mouseup", () => {
      // Clicking the console focuses the input, unless the user is selecting text to copy.
      if (!window.getSelection()?.toString()) this.input.focus();
    });
    $("clear").addEventListener("click", () => { this.clear(); this.input.focus(); });
    for (const b of document.querySelectorAll("[data-run]")) {
      b.addEventListener("click", () => this.submit(/** @type {HTMLElement} */ (b).dataset.run ?? ""));
    }
    for (const b of document.querySelectorAll("[data-fill]")) {
      b.addEventListener("click", () => {
        this.input.value = /** @type {HTMLElement} */ (b).dataset.fill ?? "";
        this.refreshHint();
        this.input.focus();
      });
    }
    const intro = el("div", "entry");
    intro.append(el("pre", "note", `Respite ${this.implemented.size ? `(${this.implemented.size} commands) ` : ""}is running in this page. ` +
      "Type commands as in redis-cli; HELP lists them, HELP <command> shows one."));
    this.output.append(intro);
    this.input.disabled = false;
    this.refreshPrompt();
    this.input.focus();
  }

  /** Learns what the server implements and its COMMAND DOCS (for help, hints, completion). */
  async describe() {
    try {
      const d = await this.transport.describe();
      const reply = d.docs ? parseReplies(d.docs)[0] : undefined;
      this.docs = reply && reply.type !== "error" ? parseCommandDocs(reply) : new Map();
      // A remote server that does not say: everything it documents, minus bare containers.
      this.implemented = new Set(d.implemented.length ? d.implemented
        : [...this.docs.values()].filter((x) => x.subcommands.length === 0).map((x) => x.name));
    } catch {
      this.docs = new Map();
      this.implemented = new Set();
    }
  }

  /** @param {KeyboardEvent} ev */
  onKey(ev) {
    if (ev.key === "ArrowUp" || ev.key === "ArrowDown") {
      ev.preventDefault();
      this.browseHistory(ev.key === "ArrowUp" ? -1 : 1);
    } else if (ev.key === "Tab") {
      ev.preventDefault();
      this.complete();
    } else if (ev.key === "Escape" || (ev.ctrlKey && ev.key === "u")
      || (ev.ctrlKey && ev.key === "c" && this.input.selectionStart === this.input.selectionEnd)) {
      // Ctrl+C without a selection abandons the line, as in a terminal (with one, it copies).
      this.input.value = "";
      this.refreshHint();
    } else if (ev.ctrlKey && ev.key === "l") {
      ev.preventDefault();
      this.clear();
    }
  }

  // ---- running a line --------------------------------------------------------------------

  /** Runs the input line (or `line`), like pressing Enter in redis-cli. */
  async submit(line = this.input.value) {
    if (this.busy) return;
    this.busy = true;
    this.input.value = "";
    this.refreshHint();
    this.input.disabled = true;
    try {
      await this.run(line);
    } finally {
      this.busy = false;
      this.input.disabled = false;
      this.refreshPrompt();
      this.input.focus();
      this.scrollToEnd();
    }
  }

  /**
   * One line typed at the prompt: echoed with its prompt, then handled locally (help,
   * clear, quit, connect, :set) or sent, possibly repeated.
   * @param {string} line
   */
  async run(line) {
    const entry = this.echo(line);
    const argv = splitArgs(line);
    if (argv === null) {
      this.addHistory(line);
      this.print(entry, "Invalid argument(s)");
      return;
    }
    if (argv.length === 0) return;
    this.addHistory(line, argv);
    const words = argv.map((a) => text.decode(a));
    const cmd = words[0].toLowerCase();

    if (cmd === "help" || cmd === "?") return this.help(entry, words.slice(1));
    if (cmd === "quit" || cmd === "exit") {
      this.transport.close();
      this.note(entry, "Connection closed; the next command opens a new one.");
      return;
    }
    if (cmd === "clear" && argv.length === 1) return this.clear();
    if (cmd === "connect" && argv.length <= 3) return this.connect(entry, words.slice(1));
    if (cmd.startsWith(":")) return this.preference(entry, words);

    const r = takeRepeat(argv);
    if ("error" in r) {
      this.print(entry, r.error);
      return;
    }
    for (let i = 0; i < r.repeat; i++) {
      if (!(await this.send(entry, r.argv))) break;
    }
  }

  /**
   * Sends one command and prints its reply. False when the connection failed.
   * @param {HTMLElement} entry
   * @param {Uint8Array[]} argv
   */
  async send(entry, argv) {
    try {
      if (!this.transport.connected) await this.reconnect();
      const bytes = await this.transport.send(argv);
      for (const reply of parseReplies(bytes)) {
        this.print(entry, formatReply(reply).replace(/\n$/, ""), reply.type === "error" ? "error" : "");
        this.state.update(argv, reply);
      }
      return true;
    } catch (e) {
      this.print(entry, `Error: ${/** @type {Error} */ (e).message}`, "error");
      return false;
    } finally {
      this.refreshStatus();
    }
  }

  /** A new connection: like redis-cli's cliConnect, it selects the db the user had chosen. */
  async reconnect() {
    await this.transport.open();
    const db = this.state.dbnum;
    this.state.reset();
    if (db !== 0) {
      const r = parseReplies(await this.transport.send([utf8.encode("SELECT"), utf8.encode(String(db))]))[0];
      if (r && r.type !== "error") this.state.dbnum = db;
    }
  }

  // ---- local commands --------------------------------------------------------------------

  /**
   * The help command: alone, with a command (and subcommand), or with "@" and a group name.
   * @param {HTMLElement} entry
   * @param {string[]} args
   */
  help(entry, args) {
    if (args.length === 0) {
      this.print(entry, this.generalHelp());
      return;
    }
    const first = args[0].toLowerCase();
    if (first.startsWith("@")) {
      const group = first.slice(1);
      const docs = [...this.docs.values()].filter((d) => d.group === group && this.runnable(d));
      docs.sort((a, b) => a.name.localeCompare(b.name));
      const here = docs.filter((d) => this.implemented.has(d.name));
      const missing = docs.filter((d) => !this.implemented.has(d.name));
      if (here.length === 0 && missing.length === 0) {
        this.note(entry, `No commands in group @${group}. Groups: ${GROUP_ORDER.map((g) => "@" + g).join(" ")}`);
        return;
      }
      const pre = this.helpBlock(here, false);
      if (missing.length) pre.append(`\n  Not implemented in Respite yet:\n${columns(missing.map(displayName), this.width(), "    ")}`);
      entry.append(pre);
      return;
    }
    // redis-cli prints every entry whose words start with the ones given: "help client"
    // shows the CLIENT subcommands, "help client kill" just that one.
    const want = args.map((a) => a.toLowerCase());
    const found = [...this.docs.values()].filter((d) => {
      const w = d.name.split("|");
      return want.length <= w.length && want.every((x, i) => x === w[i]) && this.runnable(d);
    });
    found.sort((a, b) => a.name.localeCompare(b.name));
    if (found.length) entry.append(this.helpBlock(found, true));
    else this.note(entry, `No help for '${args.join(" ")}': ${this.transport.kind === "engine" ? "not a command Respite implements" : "unknown command"}. Type HELP for the list.`);
  }

  /**
   * Help entries laid out like redis-cli's (bold name, grey syntax, labelled summary, since
   * and group); the text is exactly formatCommandHelp's.
   * @param {import("./cli.js").CommandDoc[]} docs
   * @param {boolean} withGroup
   */
  helpBlock(docs, withGroup) {
    const pre = el("pre", "reply help");
    /** @param {string} label @param {string} value */
    const field = (label, value) => pre.append("  ", el("span", "label", `${label}:`), ` ${value}\n`);
    for (const d of docs) {
      pre.append("\n  ", el("span", "name", displayName(d)));
      if (d.params) pre.append(" ", el("span", "params", d.params));
      pre.append("\n");
      field("summary", d.summary);
      field("since", d.since);
      if (withGroup) field("group", d.group);
      if (!this.implemented.has(d.name)) pre.append(el("span", "label", "  (not implemented in Respite yet)"), "\n");
    }
    // A <pre> shows a final newline as an empty line: drop it, like print() does.
    const last = pre.lastChild;
    if (last && last.nodeType === Node.TEXT_NODE && last.textContent?.endsWith("\n")) last.textContent = last.textContent.slice(0, -1);
    return pre;
  }

  /** False for a container like CLIENT that does nothing itself (COMMAND alone does). */
  runnable(/** @type {import("./cli.js").CommandDoc} */ d) {
    return d.subcommands.length === 0 || this.implemented.has(d.name);
  }

  generalHelp() {
    const remote = this.transport.kind !== "engine";
    let s = `Respite, Redis 7.0.15 compatible, ${remote ? `connected to ${this.transport.label}` : "running in this page (WebAssembly)"}
To get help about Redis commands type:
      "help @<group>" to get a list of commands in <group>
      "help <command>" for help on <command>
      "clear" to clear the screen (or Ctrl+L)
      "quit" to close the connection (the next command opens a new one)
      "connect ws://host:port" to use a Respite server, "connect" to come back to this page

To set preferences:
      ":set hints" enable online hints
      ":set nohints" disable online hints
`;
    const names = [...this.implemented].sort();
    /** @type {Map<string, string[]>} */
    const byGroup = new Map();
    for (const n of names) {
      const d = this.docs.get(n);
      const g = d?.group || "other";
      if (!byGroup.has(g)) byGroup.set(g, []);
      /** @type {string[]} */ (byGroup.get(g)).push(displayName({ name: n }));
    }
    const groups = [...byGroup.keys()].sort((a, b) => groupRank(a) - groupRank(b) || a.localeCompare(b));
    let count = 0;
    for (const g of groups) count += /** @type {string[]} */ (byGroup.get(g)).length;
    s += `\nCommands supported ${remote ? "there" : "here"} (${count}):\n`;
    for (const g of groups) {
      s += `  @${g}\n${columns(/** @type {string[]} */ (byGroup.get(g)), this.width(), "    ")}`;
    }
    return s.replace(/\n$/, "");
  }

  /**
   * connect                  back to the engine in this page
   * connect ws://host:port   a Respite server over a WebSocket
   * connect host port        the same, as redis-cli spells it
   * @param {HTMLElement} entry
   * @param {string[]} args
   */
  async connect(entry, args) {
    this.transport.close();
    this.state.reset();
    if (args.length === 0) {
      this.transport = this.engineTransport;
    } else {
      let url = args.length === 2 ? `ws://${args[0]}:${args[1]}` : args[0];
      if (!/^wss?:\/\//i.test(url)) url = `ws://${url}`;
      this.transport = new WebSocketTransport(url);
    }
    try {
      await this.transport.open();
      await this.describe();
    } catch (e) {
      this.print(entry, /** @type {Error} */ (e).message, "error");
      this.docs = new Map();
      this.implemented = new Set();
    }
    this.refreshStatus();
  }

  /**
   * :set hints / :set nohints.
   * @param {HTMLElement} entry
   * @param {string[]} words
   */
  preference(entry, words) {
    const opt = (words[1] ?? "").toLowerCase();
    if (words[0].toLowerCase() === ":set" && opt === "hints") this.hints = true;
    else if (words[0].toLowerCase() === ":set" && opt === "nohints") this.hints = false;
    else this.print(entry, `Unknown ${words[0].slice(1)} option '${words.slice(1).join(" ")}'.`, "error");
    this.refreshHint();
  }

  clear() {
    this.output.replaceChildren();
  }

  // ---- output ----------------------------------------------------------------------------

  /** The prompt and the line, as the terminal shows them once Enter is pressed. */
  echo(/** @type {string} */ line) {
    const entry = el("div", "entry");
    const cmd = el("pre", "cmd");
    cmd.append(el("span", "prompt", this.promptText()), document.createTextNode(line));
    entry.append(cmd);
    this.output.append(entry);
    return entry;
  }

  /**
   * @param {HTMLElement} entry
   * @param {string} s
   * @param {string} [cls]
   */
  print(entry, s, cls = "") {
    entry.append(el("pre", cls ? `reply ${cls}` : "reply", s));
  }

  /**
   * @param {HTMLElement} entry
   * @param {string} s
   */
  note(entry, s) {
    entry.append(el("pre", "note", s));
  }

  scrollToEnd() {
    this.console.scrollTop = this.console.scrollHeight;
  }

  promptText() {
    return this.state.prompt(this.transport.label, this.transport.connected);
  }

  refreshPrompt() {
    this.promptEl.textContent = this.promptText();
    this.refreshStatus();
  }

  refreshStatus() {
    try {
      this.statusEl.textContent = this.transport.status(this.state.dbnum);
    } catch {
      this.statusEl.textContent = "";
    }
  }

  refreshHint() {
    const v = this.input.value;
    this.ghostTyped.textContent = v;
    this.hintEl.textContent = this.hints ? hintFor(v, this.docs) : "";
  }

  /** Console width in characters, for HELP's columns. */
  width() {
    const probe = el("span", "", "0".repeat(10));
    probe.style.visibility = "hidden";
    probe.style.position = "absolute";
    this.output.append(probe);
    const ch = probe.getBoundingClientRect().width / 10 || 8;
    probe.remove();
    return Math.max(40, Math.min(140, Math.floor(this.output.clientWidth / ch) - 2));
  }

  // ---- history and completion ------------------------------------------------------------

  /**
   * Remembers a line, except those carrying a password (AUTH, HELLO ... AUTH, MIGRATE ...
   * AUTH, ACL SETUSER, CONFIG SET of a password), as redis-cli leaves them out of its file.
   * @param {string} line
   * @param {Uint8Array[]} [argv]
   */
  addHistory(line, argv) {
    if (argv && isSensitive(argv.map((a) => text.decode(a).toLowerCase()))) {
      this.histPos = this.history.length;
      return;
    }
    if (this.history[this.history.length - 1] !== line) this.history.push(line);
    if (this.history.length > HISTORY_MAX) this.history.splice(0, this.history.length - HISTORY_MAX);
    this.histPos = this.history.length;
    this.draft = "";
    saveHistory(this.history);
  }

  /** @param {number} dir -1 older, +1 newer */
  browseHistory(dir) {
    if (this.histPos === this.history.length) this.draft = this.input.value;
    const pos = Math.max(0, Math.min(this.history.length, this.histPos + dir));
    if (pos === this.histPos) return;
    this.histPos = pos;
    this.input.value = pos === this.history.length ? this.draft : this.history[pos];
    const end = this.input.value.length;
    this.input.setSelectionRange(end, end);
    this.refreshHint();
  }

  /**
   * Tab: completes the command name (or a container's subcommand) to the longest common
   * prefix of the candidates; when that adds nothing and several remain, lists them.
   */
  complete() {
    const v = this.input.value;
    const m = /^(\s*)(\S*)(\s+(\S*))?$/.exec(v);
    if (!m) return;
    const top = [...new Set([...this.implemented].map((n) => n.split("|")[0]))];
    let prefix, candidates, before;
    if (m[3] === undefined) {
      before = m[1];
      prefix = m[2];
      candidates = top;
    } else {
      const container = m[2].toLowerCase();
      before = v.slice(0, v.length - (m[4] ?? "").length);
      prefix = m[4] ?? "";
      candidates = [...this.implemented].filter((n) => n.startsWith(container + "|")).map((n) => n.split("|")[1]);
    }
    const lower = prefix.toLowerCase();
    const found = candidates.filter((c) => c.startsWith(lower)).sort();
    if (found.length === 0) return;
    if (found.length === 1) {
      this.input.value = `${before}${found[0].toUpperCase()} `;
    } else {
      let common = found[0];
      for (const f of found) while (!f.startsWith(common)) common = common.slice(0, -1);
      if (common.length > lower.length) {
        this.input.value = before + common.toUpperCase();
      } else {
        const entry = this.echo(v);
        this.print(entry, columns(found.map((f) => f.toUpperCase()), this.width(), "").replace(/\n$/, ""));
        this.scrollToEnd();
      }
    }
    this.refreshHint();
  }
}

/** "client|list" -> "CLIENT LIST". */
function displayName(/** @type {{ name: string }} */ d) {
  return d.name.toUpperCase().replace("|", " ");
}

function groupRank(/** @type {string} */ g) {
  const i = GROUP_ORDER.indexOf(g);
  return i < 0 ? GROUP_ORDER.length : i;
}

/** @param {string[]} w lower-cased words */
function isSensitive(w) {
  const c = w[0];
  if (c === "auth") return true;
  if (c === "hello" || c === "migrate") return w.includes("auth") || w.includes("auth2");
  if (c === "acl") return w[1] === "setuser";
  if (c === "config") return w[1] === "set" && w.slice(2).some((x) => /pass|auth/.test(x));
  return false;
}

/** @returns {string[]} */
function loadHistory() {
  try {
    const h = JSON.parse(localStorage.getItem(HISTORY_KEY) ?? "[]");
    return Array.isArray(h) ? h.filter((x) => typeof x === "string").slice(-HISTORY_MAX) : [];
  } catch {
    return [];
  }
}

/** @param {string[]} h */
function saveHistory(h) {
  try {
    localStorage.setItem(HISTORY_KEY, JSON.stringify(h));
  } catch {
    // private mode or storage full: history lives for this page only
  }
}

// ---- start -------------------------------------------------------------------------------

async function main() {
  const status = $("status");
  let db;
  try {
    db = await Respite.create({ wasm: new URL("../build/engine.wasm", import.meta.url).href });
  } catch (e) {
    status.textContent = "engine failed to load";
    const entry = el("div", "entry");
    entry.append(el("pre", "reply error",
      `Could not load the engine: ${/** @type {Error} */ (e).message}\n` +
      "Build it with `npm run build` and serve the repository root: node web/serve.mjs, then open /web/index.html."));
    $("output").append(entry);
    document.documentElement.dataset.state = "failed";
    return;
  }
  const app = new Playground(db, new EngineTransport(db));
  // For the console of the browser's developer tools, and for the tests: the embedding API
  // is right there (playground.db.command("SET", "k", "v")).
  Object.assign(window, { playground: { db, app, get transport() { return app.transport; }, run: (/** @type {string} */ l) => app.submit(l) } });
  await app.start();
  const ws = new URLSearchParams(location.search).get("ws");
  if (ws) await app.submit(`connect ${ws}`);
  document.documentElement.dataset.state = "ready";
}

main();
