// script.ts — the differential test script format, shared by the runner and the recorder.
//
// A script is a text file of steps, one per line, run on one connection:
//
//   SET k "a b\x00c"        a command: arguments split like redis-cli (quotes, \xHH escapes),
//                           sent as a RESP multibulk; its reply is compared byte for byte
//   !unordered SMEMBERS s   the reply's top-level array elements are compared as a multiset
//   !ignore TIME            run, but the reply is not compared (only its RESP type byte)
//   !raw "PING\r\n"         raw bytes sent as they are; every reply byte that comes back
//                           (until the connection closes or goes idle) is compared
//   !sleep 120              wait 120 ms (expiry tests)
//   !newconn                continue on a fresh connection (same server)
//   !conn NAME              continue on connection NAME (opened on first use; the script
//                           starts on "main"): several clients at once, for Pub/Sub
//   !read                   compare what arrived unasked on this connection since its last
//                           step (pushed messages), without sending anything; a connection
//                           that received pushes must !read them before its next command,
//                           since a command step compares only the first reply it gets
//   {id:NAME}               inside an argument: the client id of connection NAME (ids differ
//                           between the two servers; runner.ts asks each for it)
//   # comment
//
// Goldens (goldens/<script>.json) hold redis-server 7.0.15's replies for each step.

export type Step =
  | { kind: "cmd"; line: number; text: string; args: Uint8Array[]; mode: "exact" | "unordered" | "ignore" }
  | { kind: "raw"; line: number; text: string; bytes: Uint8Array }
  | { kind: "sleep"; line: number; text: string; ms: number }
  | { kind: "newconn"; line: number; text: string }
  | { kind: "conn"; line: number; text: string; name: string }
  | { kind: "read"; line: number; text: string };

/** Splits a line like redis-cli / sdssplitargs: "double quotes" with escapes, 'single'. */
export function splitArgs(line: string): Uint8Array[] | null {
  const out: Uint8Array[] = [];
  let i = 0;
  const n = line.length;
  while (true) {
    while (i < n && /\s/.test(line[i])) i++;
    if (i >= n) return out;
    const bytes: number[] = [];
    let inq = false, insq = false, done = false;
    while (!done) {
      const ch = line[i];
      if (inq) {
        if (i >= n) return null;
        if (ch === "\\" && line[i + 1] === "x" && /^[0-9a-fA-F]{2}$/.test(line.slice(i + 2, i + 4))) {
          bytes.push(parseInt(line.slice(i + 2, i + 4), 16));
          i += 3;
        } else if (ch === "\\" && i + 1 < n) {
          i++;
          const e = line[i];
          const map: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, a: 7 };
          if (e in map) bytes.push(map[e]);
          else pushUtf8(bytes, e);
        } else if (ch === '"') {
          if (i + 1 < n && !/\s/.test(line[i + 1])) return null;
          done = true;
        } else pushUtf8(bytes, ch);
      } else if (insq) {
        if (i >= n) return null;
        if (ch === "\\" && line[i + 1] === "'") {
          i++;
          bytes.push(39);
        } else if (ch === "'") {
          if (i + 1 < n && !/\s/.test(line[i + 1])) return null;
          done = true;
        } else pushUtf8(bytes, ch);
      } else {
        if (i >= n || /\s/.test(ch)) done = true;
        else if (ch === '"') inq = true;
        else if (ch === "'") insq = true;
        else pushUtf8(bytes, ch);
      }
      if (i < n) i++;
    }
    out.push(Uint8Array.from(bytes));
  }
}

function pushUtf8(bytes: number[], ch: string): void {
  for (const b of new TextEncoder().encode(ch)) bytes.push(b);
}

export function parseScript(text: string): Step[] {
  const steps: Step[] = [];
  text.split("\n").forEach((raw, idx) => {
    const line = idx + 1;
    const t = raw.trim();
    if (!t || t.startsWith("#")) return;
    if (t.startsWith("!sleep ")) {
      steps.push({ kind: "sleep", line, text: t, ms: Number(t.slice(7)) });
      return;
    }
    if (t.startsWith("!conn ")) {
      steps.push({ kind: "conn", line, text: t, name: t.slice(6).trim() });
      return;
    }
    if (t === "!read") {
      steps.push({ kind: "read", line, text: t });
      return;
    }
    if (t === "!newconn") {
      steps.push({ kind: "newconn", line, text: t });
      return;
    }
    if (t.startsWith("!raw ")) {
      const a = splitArgs(t.slice(5));
      if (!a || a.length !== 1) throw new Error(`line ${line}: !raw takes one quoted argument`);
      steps.push({ kind: "raw", line, text: t, bytes: a[0] });
      return;
    }
    let mode: "exact" | "unordered" | "ignore" = "exact";
    let body = t;
    if (t.startsWith("!unordered ")) { mode = "unordered"; body = t.slice(11); }
    else if (t.startsWith("!ignore ")) { mode = "ignore"; body = t.slice(8); }
    const args = splitArgs(body);
    if (!args || args.length === 0) throw new Error(`line ${line}: cannot split ${JSON.stringify(t)}`);
    steps.push({ kind: "cmd", line, text: t, args, mode });
  });
  return steps;
}

/** Bytes <-> JSON-friendly text: printable ASCII kept, everything else as \xHH; backslash doubled. */
export function escapeBytes(b: Uint8Array): string {
  let s = "";
  for (const c of b) {
    if (c === 0x5c) s += "\\\\";
    else if (c >= 0x20 && c < 0x7f) s += String.fromCharCode(c);
    else s += "\\x" + c.toString(16).padStart(2, "0");
  }
  return s;
}

export function unescapeBytes(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "\\" && s[i + 1] === "\\") { out.push(0x5c); i++; }
    else if (s[i] === "\\" && s[i + 1] === "x") { out.push(parseInt(s.slice(i + 2, i + 4), 16)); i += 3; }
    else out.push(s.charCodeAt(i));
  }
  return Uint8Array.from(out);
}
