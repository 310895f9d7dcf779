// tracking.ts — client-side caching: CLIENT TRACKING / CACHING / GETREDIR / TRACKINGINFO, the
// tracking table and the invalidation messages (Redis: tracking.c and the tracking part of
// networking.c's clientCommand).
//
// PORTABLE: no node: imports.
//
// WHO KNOWS WHAT
// The engine sees which keys a command read and which keys were modified; the host knows the
// connections. So the engine reports both as effects records (assembly/db/tracking.ts:
// TRACK_READ with the argv of a read-only command a tracking client ran, TRACK_INVALIDATE
// with a modified key and the client whose command modified it, TRACK_FLUSH for FLUSHDB /
// FLUSHALL), only while `trackingOn` is set (engine setting 82, pushed here while at least one
// client tracks): nobody tracking costs one branch per modified key in the engine, nothing
// here. The per-client bits the engine needs (remember reads; OPTIN / OPTOUT; CLIENT CACHING
// given, which the engine clears after the next command as Redis's resetClient does) are
// engine client flags set from here.
//
// STATE (as Redis's)
//   table      key -> ids of the clients that may cache it (Redis's TrackingTable; keys have
//              no db, like Redis's). Filled from TRACK_READ records: the keys are taken from
//              the argv with the command's key specs (cmd/command.ts getKeysFromCommand, the
//              code of COMMAND GETKEYS). A modified key is dropped from the table once its
//              clients were told (one invalidation per read).
//   prefixes   prefix -> { clients in BCAST mode on it, keys modified since the last
//              broadcast (key -> the client that modified it last, for NOLOOP) }.
//   per client redirect id, bcast / noloop / broken-redirect, its BCAST prefixes.
//
// SCRIPTS behave as in Redis 7.0.15: a read-only command that a script runs remembers, for the
// script's caller, the keys of the EVAL / FCALL itself (Redis's trackingRememberKeys looked at
// the caller's argv; fixed only in 7.2), and the script's writes count as the caller's for
// NOLOOP. The engine logs a TRACK_SCRIPT record (the caller, its argv, whether its reads
// count) before the script's own records; the Lua client's records are credited to it.
//
// DELIVERY
// An invalidation goes to the client itself in RESP3 (">2 invalidate [keys]"), or to its
// REDIRECT client: a RESP3 one gets the same push, a RESP2 one in Pub/Sub mode gets a message
// on "__redis__:invalidate" (Redis sends it whatever the client subscribed to); a redirect
// client that is gone flags the tracking client "broken redirect" and tells it with a
// "tracking-redir-broken" push (RESP3). A flush sends a null in place of the key array.
// Redis sends the messages for keys the current client modified right after that command's
// reply (after EXEC's for a transaction), and BCAST batches once per event-loop turn
// (beforeSleep). Here the records are read through RespiteCore.outputHooks: at the end of
// each exec call, right before the session's reply bytes are taken, and after any command
// of a default-mode tracking client that modified a key (the engine stops its pipeline there
// with EXEC_READY): the session's own messages are appended to its output after that reply,
// as in Redis; the other clients get theirs through the pub/sub delivery path. After a cron
// step (active expiry) they are read by the effects hook. BCAST messages go once per exec
// call. Over tracking-table-max-keys the oldest keys go, where Redis picks random ones.

import type { HostCommandContext, RespiteCore } from "./server.js";
import type { Session } from "./session.js";
import { CLIENT_FLAG } from "./engine.js";
import { pubsubOf } from "./pubsub.js";
import { commandSpecs, getKeysFromCommand } from "./cmd/command.js";
import { clientFields } from "./cmd/client.js";
import { infoFields } from "./cmd/info.js";
import { onClientReset } from "./cmd/connection.js";
import { bin, string2ll } from "./text.js";
import { concat } from "./resp.js";
import { scriptingOf } from "./cmd/scripting.js";

/** Effects log kinds (assembly/db/effects.ts). */
const EFFECT_TRACK_READ = 5;
const EFFECT_TRACK_INVALIDATE = 6;
const EFFECT_TRACK_FLUSH = 7;
const EFFECT_TRACK_SCRIPT = 8;
/** Engine setting: some client tracks (assembly/index.ts setConfig). */
const CONFIG_TRACKING_ON = 82;
/** Engine client flags (assembly/db/tracking.ts). */
const F_READS = 1 << 9;
const F_OPTIN = 1 << 10;
const F_OPTOUT = 1 << 11;
const F_CACHING = 1 << 14;
const F_ALL = F_READS | F_OPTIN | F_OPTOUT | F_CACHING;

interface ClientTracking {
  redirect: number;
  bcast: boolean;
  noloop: boolean;
  brokenRedir: boolean;
  /** BCAST prefixes (binary strings). */
  prefixes: Set<string>;
}

interface BcastState {
  clients: Set<Session>;
  /** Keys modified since the last broadcast -> id of the client that modified it last (0: none). */
  keys: Map<string, number>;
}

const enc = new TextEncoder();
const PUSH_INVALIDATE = enc.encode(">2\r\n$10\r\ninvalidate\r\n");
const MSG_INVALIDATE = enc.encode("*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n");
const NULL2 = enc.encode("$-1\r\n");
const NULL3 = enc.encode("_\r\n");

/** Bytes of a binary string. */
function binBytes(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return b;
}

/** "*1\r\n$<n>\r\n<key>\r\n" */
function keyArray(key: string): Uint8Array {
  return binBytes(`*1\r\n$${key.length}\r\n${key}\r\n`);
}

export class Tracking {
  readonly clients = new Map<Session, ClientTracking>();
  /** key -> client ids (Redis's TrackingTable). */
  readonly table = new Map<string, Set<number>>();
  totalItems = 0;
  readonly prefixTable = new Map<string, BcastState>();
  /** Read offset in the effects log since its last reset. */
  private offset = 0;
  /** Messages of the records being read (see DELIVERY). */
  private outbox: [Session, Uint8Array][] = [];
  private bcastPending = false;
  /** Turns the table has stayed over tracking-table-max-keys (limitUsedSlots' effort). */
  private overLimitRuns = 0;
  /** The script running or last run (TRACK_SCRIPT record): its caller, and whether its reads count. */
  private script: { caller: number; luaId: number; remember: boolean; cmdId: number; argv: Uint8Array } | null = null;
  /** The client id of the Lua client (scripting's; not a connection, so not in core.sessions). */
  private luaClientId(): number {
    return scriptingOf(this.core).sc.luaClient().id;
  }

  constructor(private readonly core: RespiteCore) {
    core.effectsHooks.push(() => this.drain(null));
    core.outputHooks.push((s) => {
      if (!core.scriptBusy) this.drain(s);
    });
    core.effectsResetHooks.push(() => { this.offset = 0; });
    core.closeHooks.push((s) => this.disable(s));
    onClientReset(core, (s) => this.disable(s));
    // A lowered tracking-table-max-keys applies without waiting for a write (Redis: beforeSleep).
    core.cronHooks.push(() => {
      if (this.table.size === 0) return;
      this.limitUsedSlots();
      this.deliver(null);
    });
  }

  // ---- enabling / disabling ----------------------------------------------------------------

  private updateEngine(s: Session): void {
    const x = this.core.engine.x;
    x.setConfig(CONFIG_TRACKING_ON, this.clients.size > 0 ? 1 : 0);
    if (s.closed) return;
    const st = this.clients.get(s);
    const f = x.clientFlags(s.c);
    let want = f & ~(F_READS | F_OPTIN | F_OPTOUT);
    if (st && !st.bcast) want |= F_READS;
    if (st) want |= f & (F_OPTIN | F_OPTOUT);
    if (!st) want &= ~F_CACHING;
    if (want !== f) x.clientSetFlags(s.c, want);
  }

  /** Redis disableTracking: leaves its prefixes; its ids in the table go lazily. */
  disable(s: Session): void {
    const st = this.clients.get(s);
    if (!st) return;
    for (const p of st.prefixes) {
      const bs = this.prefixTable.get(p);
      if (!bs) continue;
      bs.clients.delete(s);
      if (bs.clients.size === 0) this.prefixTable.delete(p);
    }
    this.clients.delete(s);
    if (!s.closed) {
      const x = this.core.engine.x;
      x.clientSetFlags(s.c, x.clientFlags(s.c) & ~F_ALL);
    }
    this.updateEngine(s);
  }

  /** Redis enableTracking. */
  enable(s: Session, redirect: number, bcast: boolean, optin: boolean, optout: boolean, noloop: boolean,
    prefixes: string[]): void {
    let st = this.clients.get(s);
    if (!st) this.clients.set(s, (st = { redirect: 0, bcast: false, noloop: false, brokenRedir: false, prefixes: new Set() }));
    st.redirect = redirect;
    st.brokenRedir = false;
    st.noloop = noloop;
    st.bcast = bcast;
    if (bcast) {
      if (prefixes.length === 0) this.bcastPrefix(s, st, "");
      for (const p of prefixes) this.bcastPrefix(s, st, p);
    }
    const x = this.core.engine.x;
    let f = x.clientFlags(s.c) & ~(F_OPTIN | F_OPTOUT);
    if (optin) f |= F_OPTIN;
    if (optout) f |= F_OPTOUT;
    x.clientSetFlags(s.c, f);
    this.updateEngine(s);
  }

  private bcastPrefix(s: Session, st: ClientTracking, p: string): void {
    let bs = this.prefixTable.get(p);
    if (!bs) this.prefixTable.set(p, (bs = { clients: new Set(), keys: new Map() }));
    bs.clients.add(s);
    st.prefixes.add(p);
  }

  // ---- the effects records ---------------------------------------------------------------

  /** Reads the records logged since the last call; `current` ran the exec call (or null). */
  private drain(current: Session | null): void {
    const x = this.core.engine.x;
    const end = x.effectsLength();
    if (end <= this.offset) return;
    let off = this.offset;
    this.offset = end;
    if (this.clients.size === 0 && this.table.size === 0) return;
    const mem = this.core.engine.mem();
    const base = x.effectsPtr() >>> 0;
    const dv = new DataView(mem.buffer, mem.byteOffset);
    while (off + 9 <= end) {
      const at = base + off;
      const kind = mem[at];
      const n = dv.getUint32(at + 5, true);
      off += 9 + n;
      if (kind < EFFECT_TRACK_READ || kind > EFFECT_TRACK_SCRIPT) continue;
      let id = dv.getUint32(at + 9, true);
      const script = this.script;
      const fromScript = script !== null && id === script.luaId;
      if (fromScript) id = script.caller; // the Lua client acts for the script's caller
      if (kind === EFFECT_TRACK_INVALIDATE) {
        this.invalidateKey(id, bin(mem.subarray(at + 13, at + 9 + n)), true);
      } else if (kind === EFFECT_TRACK_FLUSH) {
        this.invalidateOnFlush();
      } else if (kind === EFFECT_TRACK_SCRIPT) {
        // A script starts: its commands act for this caller (see assembly/db/tracking.ts).
        this.script = {
          caller: id, luaId: this.luaClientId(), remember: dv.getUint32(at + 1, true) !== 0,
          cmdId: dv.getUint32(at + 13, true), argv: mem.slice(at + 17, at + 9 + n),
        };
      } else if (fromScript) {
        if (script.remember) this.rememberKeys(id, script.cmdId, script.argv);
      } else {
        this.rememberKeys(id, dv.getUint32(at + 13, true), mem.subarray(at + 17, at + 9 + n));
      }
    }
    if (this.bcastPending) this.broadcast();
    this.limitUsedSlots();
    this.deliver(current);
  }

  /** Redis trackingRememberKeys, from a TRACK_READ record's argv multibulk. */
  private rememberKeys(clientId: number, cmdId: number, mb: Uint8Array): void {
    const spec = commandSpecs.get(this.core.engine.commandNames[cmdId]);
    if (!spec) return;
    const argv: string[] = [];
    let p = 1;
    let argc = 0;
    while (mb[p] !== 0x0d) argc = argc * 10 + mb[p++] - 0x30;
    p += 2;
    for (let i = 0; i < argc; i++) {
      let len = 0;
      p++; // "$"
      while (mb[p] !== 0x0d) len = len * 10 + mb[p++] - 0x30;
      p += 2;
      argv.push(bin(mb.subarray(p, p + len)));
      p += len + 2;
    }
    for (const k of getKeysFromCommand(spec, argv)) {
      const key = argv[k.pos];
      if (key === undefined) continue;
      let ids = this.table.get(key);
      if (!ids) this.table.set(key, (ids = new Set()));
      if (!ids.has(clientId)) {
        ids.add(clientId);
        this.totalItems++;
      }
    }
  }

  /** Redis trackingInvalidateKey: `by` is the client whose command modified the key (0: none). */
  private invalidateKey(by: number, key: string, bcast: boolean): void {
    if (bcast && this.prefixTable.size > 0) {
      for (const [p, bs] of this.prefixTable) {
        if (p.length > key.length || !key.startsWith(p)) continue;
        bs.keys.delete(key); // re-inserted: the last modifier counts (raxInsert overwrites)
        bs.keys.set(key, by);
        this.bcastPending = true;
      }
    }
    const ids = this.table.get(key);
    if (!ids) return;
    for (const id of ids) {
      const target = this.core.sessions.get(id);
      if (!target) continue;
      const st = this.clients.get(target);
      if (!st || st.bcast) continue;
      if (st.noloop && id === by) continue;
      this.send(target, st, keyArray(key));
    }
    this.totalItems -= ids.size;
    this.table.delete(key);
  }

  /** Redis trackingInvalidateKeysOnFlush: a null to every tracking client, the table emptied. */
  private invalidateOnFlush(): void {
    const x = this.core.engine.x;
    for (const [s, st] of this.clients) {
      if (s.closed) continue;
      this.send(s, st, x.clientResp(s.c) >= 3 ? NULL3 : NULL2);
    }
    this.table.clear();
    this.totalItems = 0;
  }

  /** Redis trackingBroadcastInvalidationMessages (beforeSleep). */
  private broadcast(): void {
    this.bcastPending = false;
    const prefixes = [...this.prefixTable.keys()].sort(byteOrder);
    for (const p of prefixes) {
      const bs = this.prefixTable.get(p)!;
      if (bs.keys.size === 0) continue;
      const keys = [...bs.keys.entries()].sort((a, b) => byteOrder(a[0], b[0]));
      bs.keys = new Map();
      let all: Uint8Array | null = null;
      for (const s of bs.clients) {
        const st = this.clients.get(s);
        if (!st || s.closed) continue;
        if (st.noloop) {
          const mine = keys.filter(([, by]) => by !== s.id);
          if (mine.length > 0) this.send(s, st, keysProto(mine.map(([k]) => k)));
        } else {
          this.send(s, st, (all ??= keysProto(keys.map(([k]) => k))));
        }
      }
    }
  }

  /**
   * Redis trackingLimitUsedSlots (every event-loop turn): over tracking-table-max-keys, keys
   * are invalidated as if modified, with an effort that grows while the table stays over the
   * limit (100 keys, then 200 ...). Redis picks them by a random walk; the oldest go here.
   */
  private limitUsedSlots(): void {
    const max = this.core.config.num("tracking-table-max-keys");
    if (max === 0 || this.table.size <= max) {
      this.overLimitRuns = 0;
      return;
    }
    let effort = 100 * (this.overLimitRuns + 1);
    for (const key of this.table.keys()) {
      if (effort-- <= 0) break;
      this.invalidateKey(0, key, false);
      if (this.table.size <= max) {
        this.overLimitRuns = 0;
        return;
      }
    }
    this.overLimitRuns++;
  }

  /** Redis sendTrackingMessage: `value` is the RESP of the key array (or the flush null). */
  private send(target: Session, st: ClientTracking, value: Uint8Array): void {
    const x = this.core.engine.x;
    let c = target;
    let redirected = false;
    if (st.redirect !== 0) {
      const r = this.core.sessions.get(st.redirect);
      if (!r || r.closed) {
        st.brokenRedir = true;
        if (x.clientResp(target.c) >= 3) {
          this.outbox.push([target, enc.encode(`>2\r\n$21\r\ntracking-redir-broken\r\n:${st.redirect}\r\n`)]);
        }
        return;
      }
      c = r;
      redirected = true;
    }
    if (x.clientResp(c.c) >= 3) this.outbox.push([c, concat([PUSH_INVALIDATE, value])]);
    else if (redirected && (x.clientFlags(c.c) & CLIENT_FLAG.pubsub) !== 0) this.outbox.push([c, concat([MSG_INVALIDATE, value])]);
  }

  /**
   * Hands the messages out: the session whose exec call is ending gets them appended to its
   * output (after its replies, in the same write); the others through the pub/sub path.
   */
  private deliver(current: Session | null): void {
    const out = this.outbox;
    if (out.length === 0) return;
    this.outbox = [];
    const ps = pubsubOf(this.core);
    for (const [s, bytes] of out) {
      if (s.closed) continue;
      if (s === current) this.core.engine.reply(s.c, bytes);
      else ps.deliver(s, bytes);
    }
    ps.flushPushes();
  }

  // ---- commands ----------------------------------------------------------------------------

  trackingCommand(ctx: HostCommandContext): void {
    const { core, session: s, args, w } = ctx;
    const argv = args.map(bin);
    let redir = 0;
    let bcast = false, optin = false, optout = false, noloop = false;
    const prefixes: string[] = [];
    for (let j = 3; j < argv.length; j++) {
      const more = argv.length - 1 - j;
      const a = argv[j].toLowerCase();
      if (a === "redirect" && more > 0) {
        j++;
        if (redir !== 0) {
          w.error("ERR A client can only redirect to a single other client");
          return;
        }
        const v = string2ll(argv[j]);
        if (v === null) {
          w.error("ERR value is not an integer or out of range");
          return;
        }
        redir = Number(v);
        const r = core.sessions.get(redir);
        if (!r || r.closed) {
          w.error("ERR The client ID you want redirect to does not exist");
          return;
        }
      } else if (a === "bcast") bcast = true;
      else if (a === "optin") optin = true;
      else if (a === "optout") optout = true;
      else if (a === "noloop") noloop = true;
      else if (a === "prefix" && more > 0) prefixes.push(argv[++j]);
      else {
        w.error("ERR syntax error");
        return;
      }
    }
    const mode = argv[2].toLowerCase();
    if (mode === "on") {
      const st = this.clients.get(s);
      const fl = core.engine.x.clientFlags(s.c);
      if (!bcast && prefixes.length > 0) {
        w.error("ERR PREFIX option requires BCAST mode to be enabled");
        return;
      }
      if (st && st.bcast !== bcast) {
        w.error("ERR You can't switch BCAST mode on/off before disabling tracking for this client, " +
          "and then re-enabling it with a different mode.");
        return;
      }
      if (bcast && (optin || optout)) {
        w.error("ERR OPTIN and OPTOUT are not compatible with BCAST");
        return;
      }
      if (optin && optout) {
        w.error("ERR You can't specify both OPTIN mode and OPTOUT mode");
        return;
      }
      if ((optin && (fl & F_OPTOUT)) || (optout && (fl & F_OPTIN))) {
        w.error("ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, " +
          "and then re-enabling it with a different mode.");
        return;
      }
      if (bcast) {
        const r = checkPrefixCollisions(st ? [...st.prefixes].sort(byteOrder) : [], prefixes);
        if (r !== null) {
          w.raw(errorBytes(r.msg));
          // Redis 7.0.15 (checkPrefixCollisionsOrReply returns the index i of the prefix that
          // overlaps a later one): for i > 0 it goes on enabling tracking and also replies +OK.
          if (!r.proceed) return;
        }
      }
      this.enable(s, redir, bcast, optin, optout, noloop, prefixes);
    } else if (mode === "off") {
      this.disable(s);
    } else {
      w.error("ERR syntax error");
      return;
    }
    w.ok();
  }

  cachingCommand(ctx: HostCommandContext): void {
    const { core, session: s, args, w } = ctx;
    const x = core.engine.x;
    if (!this.clients.has(s)) {
      w.error("ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled");
      return;
    }
    const opt = bin(args[2]).toLowerCase();
    const fl = x.clientFlags(s.c);
    if (opt === "yes") {
      if (!(fl & F_OPTIN)) {
        w.error("ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.");
        return;
      }
    } else if (opt === "no") {
      if (!(fl & F_OPTOUT)) {
        w.error("ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.");
        return;
      }
    } else {
      w.error("ERR syntax error");
      return;
    }
    x.clientSetFlags(s.c, fl | F_CACHING);
    w.ok();
  }

  getredirCommand(ctx: HostCommandContext): void {
    const st = this.clients.get(ctx.session);
    ctx.w.int(st ? st.redirect : -1);
  }

  trackinginfoCommand(ctx: HostCommandContext): void {
    const { core, session: s, w } = ctx;
    const st = this.clients.get(s);
    const fl = core.engine.x.clientFlags(s.c);
    const flags = [st ? "on" : "off"];
    if (st?.bcast) flags.push("bcast");
    if (st && fl & F_OPTIN) {
      flags.push("optin");
      if (fl & F_CACHING) flags.push("caching-yes");
    }
    if (st && fl & F_OPTOUT) {
      flags.push("optout");
      if (fl & F_CACHING) flags.push("caching-no");
    }
    if (st?.noloop) flags.push("noloop");
    if (st?.brokenRedir) flags.push("broken_redirect");
    w.map(3);
    w.bulk("flags");
    w.set(flags.length);
    for (const f of flags) w.bulk(f);
    w.bulk("redirect");
    w.int(st ? st.redirect : -1);
    w.bulk("prefixes");
    const ps = st ? [...st.prefixes].sort(byteOrder) : [];
    w.array(ps.length);
    for (const p of ps) w.bulk(binBytes(p));
  }
}

/** memcmp order of binary strings (rax iteration order). */
function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function keysProto(keys: string[]): Uint8Array {
  let s = `*${keys.length}\r\n`;
  for (const k of keys) s += `$${k.length}\r\n${k}\r\n`;
  return binBytes(s);
}

/** An error reply from a binary string message (newlines become spaces, as addReplyError does). */
function errorBytes(msg: string): Uint8Array {
  return binBytes(`-${msg.replace(/[\r\n]/g, " ")}\r\n`);
}

/** The prefix up to its first NUL (Redis formats the prefixes with %s). */
const cstr = (s: string) => {
  const z = s.indexOf("\0");
  return z < 0 ? s : s.slice(0, z);
};

/** Redis checkPrefixCollisionsOrReply: null when no prefix overlaps. */
function checkPrefixCollisions(existing: string[], prefixes: string[]): { msg: string; proceed: boolean } | null {
  const overlaps = (a: string, b: string) => {
    const n = Math.min(a.length, b.length);
    return a.slice(0, n) === b.slice(0, n);
  };
  for (let i = 0; i < prefixes.length; i++) {
    for (const e of existing) {
      if (overlaps(e, prefixes[i])) {
        return {
          msg: `ERR Prefix '${cstr(prefixes[i])}' overlaps with an existing prefix '${cstr(e)}'. ` +
            "Prefixes for a single client must not overlap.",
          proceed: false,
        };
      }
    }
    for (let j = i + 1; j < prefixes.length; j++) {
      if (overlaps(prefixes[i], prefixes[j])) {
        return {
          msg: `ERR Prefix '${cstr(prefixes[i])}' overlaps with another provided prefix '${cstr(prefixes[j])}'. ` +
            "Prefixes for a single client must not overlap.",
          proceed: i > 0,
        };
      }
    }
  }
  return null;
}

const instances = new WeakMap<RespiteCore, Tracking>();
export function trackingOf(core: RespiteCore): Tracking {
  let t = instances.get(core);
  if (!t) instances.set(core, (t = new Tracking(core)));
  return t;
}

export function installTracking(core: RespiteCore): void {
  const t = trackingOf(core);
  core.hostCommands.set("client|tracking", (ctx) => t.trackingCommand(ctx));
  core.hostCommands.set("client|caching", (ctx) => t.cachingCommand(ctx));
  core.hostCommands.set("client|getredir", (ctx) => t.getredirCommand(ctx));
  core.hostCommands.set("client|trackinginfo", (ctx) => t.trackinginfoCommand(ctx));
  clientFields.set("flags.tracking", (_c, s) => {
    const st = t.clients.get(s);
    if (!st) return "";
    return "t" + (st.brokenRedir ? "R" : "") + (st.bcast ? "B" : "");
  });
  clientFields.set("redir", (_c, s) => t.clients.get(s)?.redirect ?? -1);
  infoFields.set("tracking_clients", () => t.clients.size);
  infoFields.set("tracking_total_keys", () => t.table.size);
  infoFields.set("tracking_total_items", () => t.totalItems);
  infoFields.set("tracking_total_prefixes", () => t.prefixTable.size);
}
