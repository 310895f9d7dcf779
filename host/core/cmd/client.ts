// client.ts — CLIENT LIST, CLIENT INFO and CLIENT KILL (Redis: networking.c clientCommand's
// host-side parts; the engine serves CLIENT ID/SETNAME/GETNAME/REPLY/... itself).
//
// PORTABLE: no node: imports.
//
// A client's line is Redis's catClientInfoString, field for field and in the same order:
//   id= addr= laddr= fd= name= age= idle= flags= db= sub= psub= ssub= multi= qbuf= qbuf-free=
//   argv-mem= multi-mem= rbs= rbp= obl= oll= omem= tot-mem= events= cmd= user= redir= resp=
// Identity and sockets come from the Session (the shell that accepted it), the rest from the
// engine's client getters. Things the host does not have yet (pub/sub subscriptions, MULTI
// queues, ACL users, tracking) show Redis's values for a client not using them; other
// families can fill them in through `clientFields`.
//
// CLIENT KILL has both of Redis 7.0's forms: the old `CLIENT KILL ip:port` (+OK or "No such
// client") and the filters ID, TYPE, USER, ADDR, LADDR, SKIPME (integer reply: how many were
// killed). A killed client is closed through its shell (Session.onKill closes the socket) and
// freed at once; killing yourself closes the connection after this reply, as in Redis.

import type { HostCommandContext, RespiteCore } from "../server.js";
import type { Session } from "../session.js";
import { CLIENT_FLAG } from "../engine.js";
import { bin, binBytes, string2ll } from "../text.js";

/** Extra per-client values other host families own (e.g. pub/sub counts), by field name. */
export const clientFields = new Map<string, (core: RespiteCore, s: Session) => string | number>();

/** ACL users (cmd/acl.ts replaces this): whether a user exists, for CLIENT KILL USER. */
export const clientUsers = { exists: (_core: RespiteCore, name: string): boolean => name === "default" };

/** Redis client types: normal, replica, pubsub, master. */
const TYPE_NORMAL = 0, TYPE_REPLICA = 1, TYPE_PUBSUB = 2, TYPE_MASTER = 3;

/** Redis getClientTypeByName (case-insensitive): -1 if unknown. */
function clientTypeByName(name: string): number {
  switch (name.toLowerCase()) {
    case "normal": return TYPE_NORMAL;
    case "slave": case "replica": return TYPE_REPLICA;
    case "pubsub": return TYPE_PUBSUB;
    case "master": return TYPE_MASTER;
  }
  return -1;
}

function clientType(core: RespiteCore, s: Session): number {
  const f = clientFields.get("type");
  return f ? Number(f(core, s)) : TYPE_NORMAL;
}

function extra(core: RespiteCore, s: Session, name: string, dflt: string | number): string | number {
  const f = clientFields.get(name);
  return f ? f(core, s) : dflt;
}

/**
 * Redis catClientInfoString for one session (a binary string: the name may hold any byte).
 * `running` is the command being served when `s` is the caller: as in Redis, only a client
 * in the middle of a command has argv-mem (the sum of its argument lengths).
 */
export function clientInfoString(core: RespiteCore, s: Session, running?: HostCommandContext): string {
  const x = core.engine.x;
  const c = s.c;
  const now = core.now();
  const fl = x.clientFlags(c);
  let flags = String(extra(core, s, "flags.monitor", "")) + String(extra(core, s, "flags", ""));
  if (fl & CLIENT_FLAG.multi) flags += "x";
  if (fl & CLIENT_FLAG.blocked) flags += "b";
  flags += String(extra(core, s, "flags.tracking", "")); // t R B (tracking.ts)
  if (fl & CLIENT_FLAG.dirtyCas) flags += "d";
  if (fl & CLIENT_FLAG.closeAfterReply) flags += "c";
  if (s.info.kind === "unix") flags += "U";
  if (fl & CLIENT_FLAG.noEvict) flags += "e";
  if (flags === "") flags = "N";
  const name = bin(core.engine.bytes(x.clientNamePtr(c), x.clientNameLen(c)));
  const qlen = x.clientQueryLen(c);
  const qcap = x.clientQueryCap(c);
  let argvMem = 0;
  if (running && running.session === s) for (const a of running.args) argvMem += a.length;
  else if (fl & CLIENT_FLAG.blocked) for (let i = x.argc(c) - 1; i >= 0; i--) argvMem += x.argLen(c, i); // kept while blocked
  const rbs = Math.max(x.clientOutCap(c), 16384); // Redis never shows less than its 16k buffer
  const lastCmd = x.clientLastCmd(c);
  const cmd = lastCmd >= 0 ? core.engine.commandNames[lastCmd] : "NULL";
  const totMem = qcap + qlen + argvMem + rbs + 1024;
  return `id=${s.id} addr=${s.info.addr} laddr=${s.info.laddr} fd=${s.info.fd} name=${name}` +
    ` age=${Math.floor((now - s.createdAt) / 1000)} idle=${Math.max(0, Math.floor((now - x.clientLastInteraction(c)) / 1000))}` +
    ` flags=${flags} db=${x.clientDb(c)} sub=${extra(core, s, "sub", 0)} psub=${extra(core, s, "psub", 0)}` +
    ` ssub=${extra(core, s, "ssub", 0)} multi=${x.clientMultiCount(c)} qbuf=${qlen} qbuf-free=${qcap - qlen}` +
    ` argv-mem=${argvMem} multi-mem=${extra(core, s, "multi-mem", 0)} rbs=${rbs} rbp=${rbs} obl=0 oll=0 omem=0` +
    ` tot-mem=${totMem} events=r cmd=${cmd} user=${extra(core, s, "user", "default")} redir=${extra(core, s, "redir", -1)} resp=${x.clientResp(c)}`;
}

function clientListCommand(ctx: HostCommandContext): void {
  const { core, args, w } = ctx;
  const argv = args.map(bin);
  let type = -1;
  let out: string | null = null;
  if (argv.length === 4 && argv[2].toLowerCase() === "type") {
    type = clientTypeByName(argv[3]);
    if (type === -1) {
      w.raw(binBytes(`-ERR Unknown client type '${argv[3]}'\r\n`));
      return;
    }
  } else if (argv.length > 3 && argv[2].toLowerCase() === "id") {
    out = "";
    for (let j = 3; j < argv.length; j++) {
      const id = string2ll(argv[j]);
      if (id === null) {
        w.error("ERR Invalid client ID");
        return;
      }
      const s = core.sessions.get(Number(id));
      if (s && !s.closed) out += clientInfoString(core, s, ctx) + "\n";
    }
  } else if (argv.length !== 2) {
    w.error("ERR syntax error");
    return;
  }
  if (out === null) {
    out = "";
    for (const s of core.sessions.values()) {
      if (s.closed) continue;
      if (type !== -1 && clientType(core, s) !== type) continue;
      out += clientInfoString(core, s, ctx) + "\n";
    }
  }
  writeVerbatimBinary(ctx, out);
}

function clientInfoCommand(ctx: HostCommandContext): void {
  writeVerbatimBinary(ctx, clientInfoString(ctx.core, ctx.session, ctx) + "\n");
}

/** A verbatim "txt" reply (RESP3) or bulk string (RESP2) of a binary string. */
function writeVerbatimBinary(ctx: HostCommandContext, s: string): void {
  const b = binBytes(s);
  if (ctx.proto >= 3) ctx.w.raw(binBytes(`=${b.length + 4}\r\ntxt:`)).raw(b).raw(binBytes("\r\n"));
  else ctx.w.bulk(b);
}

/** Closes another client (or, for the caller itself, after this reply). */
export function killSession(core: RespiteCore, s: Session, self: Session): void {
  const x = core.engine.x;
  if (s === self) {
    x.clientSetFlags(s.c, x.clientFlags(s.c) | CLIENT_FLAG.closeAfterReply);
    return;
  }
  if (s.onKill) s.onKill();
  s.closing = true;
  s.close();
}

function clientKillCommand(ctx: HostCommandContext): void {
  const { core, args, w, session } = ctx;
  const argv = args.map(bin);
  let addr: string | null = null, laddr: string | null = null;
  let type = -1, id = 0, skipme = true;
  let user: string | null = null;
  if (argv.length === 3) {
    // Old form: CLIENT KILL ip:port (you may kill yourself).
    addr = argv[2];
    skipme = false;
  } else if (argv.length > 3) {
    for (let i = 2; i < argv.length; i += 2) {
      const opt = argv[i].toLowerCase();
      const more = argv.length > i + 1;
      const val = argv[i + 1];
      if (opt === "id" && more) {
        const v = string2ll(val);
        if (v === null || v < 1n) {
          w.error("ERR client-id should be greater than 0");
          return;
        }
        id = Number(v);
      } else if (opt === "type" && more) {
        type = clientTypeByName(val);
        if (type === -1) {
          w.raw(binBytes(`-ERR Unknown client type '${val}'\r\n`));
          return;
        }
      } else if (opt === "addr" && more) {
        addr = val;
      } else if (opt === "laddr" && more) {
        laddr = val;
      } else if (opt === "user" && more) {
        if (!clientUsers.exists(core, val)) {
          w.raw(binBytes(`-ERR No such user '${val}'\r\n`));
          return;
        }
        user = val;
      } else if (opt === "skipme" && more) {
        const v = val.toLowerCase();
        if (v === "yes") skipme = true;
        else if (v === "no") skipme = false;
        else {
          w.error("ERR syntax error");
          return;
        }
      } else {
        w.error("ERR syntax error");
        return;
      }
    }
  } else {
    w.error("ERR syntax error");
    return;
  }
  let killed = 0;
  for (const s of [...core.sessions.values()]) {
    if (s.closed) continue;
    if (addr !== null && s.info.addr !== addr) continue;
    if (laddr !== null && s.info.laddr !== laddr) continue;
    if (type !== -1 && clientType(core, s) !== type) continue;
    if (id !== 0 && s.id !== id) continue;
    if (user !== null && extra(core, s, "user", "default") !== user) continue;
    if (s === session && skipme) continue;
    killSession(core, s, session);
    killed++;
  }
  if (argv.length === 3) {
    if (killed === 0) w.error("ERR No such client");
    else w.ok();
  } else {
    w.int(killed);
  }
}

export function installClientCommands(core: RespiteCore): void {
  core.hostCommands.set("client|list", clientListCommand);
  core.hostCommands.set("client|info", clientInfoCommand);
  core.hostCommands.set("client|kill", clientKillCommand);
}
