// migrate.ts — MIGRATE host port key|"" destination-db timeout [COPY] [REPLACE] [AUTH password]
// [AUTH2 username password] [KEYS key ...] (Redis: cluster.c migrateCommand), to any Redis.
//
// The keys are serialised by the engine itself — DUMP and PTTL run on an internal client,
// through the same exec path as everything — and sent to the target as RESTORE commands
// (after AUTH and SELECT), pipelined on one connection. Redis blocks its whole event loop
// meanwhile; Node cannot block on a socket, so instead the caller is parked (its reply comes
// later, like a blocked command's) and writes from every client are held with the CLIENT PAUSE
// machinery until the target has answered: the keys cannot change between DUMP and the DEL
// that follows a successful move, and reads go on being served. Errors and replies are
// Redis's: NOKEY, IOERR for connect/write/read failures or timeouts, "Target instance replied
// with error: ..." for the first key the target refused (the others that moved are deleted).

import net from "node:net";
import type { HostCommandContext, RespiteCore } from "../core/server.js";
import { Session } from "../core/session.js";
import { CLIENT_FLAG } from "../core/engine.js";
import { encodeCommand, RespDecoder, ReplyError, concat, Reply } from "../core/resp.js";
import { bin, string2ll } from "../core/text.js";
import { holdWrites } from "../core/cmd/pause.js";

const enc = new TextEncoder();
/** Engine setting of the pause mode (host/core/cmd/pause.ts). */
const CONFIG_CLIENT_PAUSE = 75;

/** One client of the engine for DUMP / PTTL / DEL on MIGRATE's behalf. */
function internalClient(core: RespiteCore): Session {
  const s = new Session(core, { addr: "", laddr: "", fd: -1, kind: "migrate" });
  const x = core.engine.x;
  x.clientSetFlags(s.c, x.clientFlags(s.c) | CLIENT_FLAG.authenticated | CLIENT_FLAG.denyBlocking);
  return s;
}

/** Runs one command on the internal client; returns its decoded reply. */
function run(s: Session, dbid: number, args: (string | Uint8Array)[]): Reply {
  const out = s.feed(concat([encodeCommand(["SELECT", String(dbid)]), encodeCommand(args)]));
  const d = new RespDecoder({ buffers: true });
  d.push(out);
  d.next(); // SELECT's +OK
  return d.next() as Reply;
}

interface Parsed {
  host: string; port: number; dbid: number; timeout: number;
  copy: boolean; replace: boolean; auth: (string | Uint8Array)[] | null; keys: Uint8Array[];
}

/** Parses MIGRATE's arguments, or returns Redis's error. */
function parse(args: Uint8Array[]): Parsed | string {
  let copy = false, replace = false, auth: Uint8Array[] | null = null;
  let keys: Uint8Array[] = [args[3]];
  for (let j = 6; j < args.length; j++) {
    const more = args.length - j - 1;
    const opt = bin(args[j]).toLowerCase();
    if (opt === "copy") copy = true;
    else if (opt === "replace") replace = true;
    else if (opt === "auth") {
      if (!more) return "ERR syntax error";
      auth = [enc.encode("AUTH"), args[++j]];
    } else if (opt === "auth2") {
      if (more < 2) return "ERR syntax error";
      auth = [enc.encode("AUTH"), args[j + 1], args[j + 2]];
      j += 2;
    } else if (opt === "keys") {
      if (args[3].length !== 0) {
        return "ERR When using MIGRATE KEYS option, the key argument must be set to the empty string";
      }
      keys = args.slice(j + 1);
      break;
    } else {
      return "ERR syntax error";
    }
  }
  const timeout = string2ll(bin(args[5]));
  const dbid = string2ll(bin(args[4]));
  if (timeout === null || dbid === null) return "ERR value is not an integer or out of range";
  return {
    host: bin(args[1]), port: Number(bin(args[2])), dbid: Number(dbid),
    timeout: timeout <= 0n ? 1000 : Number(timeout), copy, replace, auth, keys,
  };
}

/** Sends the commands, returns the target's replies (or the IOERR text). */
function talk(host: string, port: number, timeout: number, payload: Uint8Array, replies: number): Promise<Reply[] | string> {
  return new Promise((resolve) => {
    const got: Reply[] = [];
    const dec = new RespDecoder();
    let phase: "writing" | "reading" = "writing";
    let done = false;
    const finish = (r: Reply[] | string) => {
      if (done) return;
      done = true;
      sock.destroy();
      resolve(r);
    };
    const fail = () => finish(phase === "writing"
      ? "IOERR error or timeout writing to target instance"
      : "IOERR error or timeout reading to target instance");
    const sock = net.connect({ host, port });
    sock.setTimeout(timeout, fail);
    sock.on("error", fail);
    sock.on("close", fail);
    sock.on("connect", () => {
      sock.write(payload, () => { phase = "reading"; });
    });
    sock.on("data", (d) => {
      phase = "reading";
      dec.push(d);
      for (let r = dec.next(); r !== undefined; r = dec.next()) {
        got.push(r);
        if (got.length === replies) finish(got);
      }
    });
  });
}

function migrateCommand(ctx: HostCommandContext): void {
  const { core, session, args, w } = ctx;
  const p = parse(args);
  if (typeof p === "string") {
    w.error(p);
    return;
  }
  const clientDb = core.engine.x.clientDb(session.c);
  const internal = internalClient(core);
  // Serialise the keys that exist, as of now.
  const moving: { key: Uint8Array; ttl: number; payload: Uint8Array }[] = [];
  for (const key of p.keys) {
    const payload = run(internal, clientDb, ["DUMP", key]);
    if (!(payload instanceof Uint8Array)) continue;
    const ttl = Number(run(internal, clientDb, ["PTTL", key]));
    moving.push({ key, ttl: ttl > 0 ? ttl : 0, payload });
  }
  if (moving.length === 0) {
    internal.close();
    w.status("NOKEY");
    return;
  }
  const cmds: Uint8Array[] = [];
  if (p.auth) cmds.push(encodeCommand(p.auth));
  cmds.push(encodeCommand(["SELECT", String(p.dbid)]));
  for (const m of moving) {
    const restore: (string | Uint8Array)[] = ["RESTORE", m.key, String(m.ttl), m.payload];
    if (p.replace) restore.push("REPLACE");
    cmds.push(encodeCommand(restore));
  }
  // Park the caller and hold every client's writes until the target has answered.
  session.blocked = true;
  const release = holdWrites(core);
  void talk(p.host, p.port, p.timeout, concat(cmds), cmds.length).then((res) => {
    let reply: string;
    if (typeof res === "string") {
      reply = `-${res}\r\n`;
    } else {
      let error: string | null = null;
      const moved: Uint8Array[] = [];
      let i = 0;
      const firstError = (r: Reply) => {
        if (error === null) error = `-ERR Target instance replied with error: ${(r as ReplyError).message}\r\n`;
      };
      if (p.auth && res[i++] instanceof ReplyError) firstError(res[i - 1]);
      if (res[i++] instanceof ReplyError) firstError(res[i - 1]);
      for (const m of moving) {
        const r = res[i++];
        if (r instanceof ReplyError) firstError(r);
        else moved.push(m.key);
      }
      // The moved keys leave this server (propagated as DEL, as Redis does), unless COPY.
      if (!p.copy && moved.length > 0) {
        // Our own write goes through the hold (lifted for this one call: nothing else runs
        // in between); the held clients resume after it, on release().
        core.engine.x.setConfig(CONFIG_CLIENT_PAUSE, 0);
        run(internal, clientDb, ["DEL", ...moved]);
        core.afterExec();
      }
      reply = error ?? "+OK\r\n";
    }
    internal.close();
    release();
    if (session.closed) return;
    core.engine.reply(session.c, enc.encode(reply));
    session.blocked = false;
    core.blocking.queueResume(session);
    core.blocking.flush();
  });
}

export function installMigrate(core: RespiteCore): void {
  core.hostCommands.set("migrate", migrateCommand);
}
