// pubsub.ts — Pub/Sub state and message delivery, and keyspace notifications turned into
// messages (Redis: pubsub.c and notify.c's publishing half).
//
// PORTABLE: no node: imports.
//
// WHY THE HOST OWNS PUB/SUB
// Subscriptions are about connections, not data: who listens, and pushing bytes to sockets
// that are not the one being served. The engine only needs one bit per client (CLIENT_PUBSUB,
// set here through clientSetFlags) so that its dispatcher can refuse commands in RESP2
// subscribed mode and PING can answer ["pong", msg], exactly where Redis checks.
//
// STATE
//   channels / shardChannels   channel -> subscribers, in subscription order (a Set keeps
//                              insertion order, like Redis's per-channel client list)
//   patterns                   pattern -> subscribers
//   per session                the channels, patterns and shard channels it holds
// Channel names are binary strings (text.ts: one char per byte), so any bytes work as names
// and compare like memcmp. Patterns match with text.ts's stringmatch, the TS twin of the
// engine's stringmatchlen (same quirks, byte for byte).
//
// DELIVERY (the hot path)
// A PUBLISH encodes its message once per (channel | matching pattern) in RESP2 ("*3 ...") and,
// only if some subscriber speaks RESP3, a second copy differing in the first byte (">3 ...").
// Every subscriber of that protocol gets the same bytes: no per-subscriber encoding; the frame
// is only referenced until the write. A subscriber whose engine output is empty and that has
// a shell (Session.onOutput) gets its messages queued here and written to its socket as ONE
// write when the exec call ends (after every exec, from the effects hook): a pipeline of 200
// PUBLISH to 1000 subscribers costs 1000 socket writes, not 200 000, like Redis writing each
// client's output buffer once per event-loop turn. A subscriber that has replies waiting in
// the engine (the publisher itself in RESP3, a blocked client just served and not yet
// flushed) gets them appended to its engine output instead, so that its stream stays in
// order, as Redis's single output buffer per client keeps it.
//
// KEYSPACE NOTIFICATIONS
// The engine logs NOTIFY records (assembly/db/notify.ts) only for the classes enabled by
// notify-keyspace-events (pushed to it as a mask). After each exec call and each cron step,
// the records are read here and published as Redis does: "__keyspace@<db>__:<key>" with the
// event as message (K), and "__keyevent@<db>__:<event>" with the key as message (E). A PUBLISH
// first drains what is pending, so messages keep the order their causes had.
//
// Slow subscribers are the shell's business: host/node/tcp.ts applies the "pubsub" class of
// client-output-buffer-limit to clients with CLIENT_PUBSUB set.

import { CLIENT_FLAG, ENGINE_CONFIG } from "./engine.js";
import type { RespiteCore } from "./server.js";
import type { Session } from "./session.js";
import { bin, stringmatch } from "./text.js";
import { NOTIFY } from "./config.js";
import { concat } from "./resp.js";

/** Effects log record kind of a keyspace notification (assembly/db/effects.ts). */
const EFFECT_NOTIFY = 3;

export type SubKind = "channel" | "pattern" | "shard";

interface SubState {
  channels: Set<string>;
  patterns: Set<string>;
  shard: Set<string>;
}

const enc = new TextEncoder();
const HDR_MESSAGE = enc.encode("*3\r\n$7\r\nmessage\r\n");
const HDR_PMESSAGE = enc.encode("*4\r\n$8\r\npmessage\r\n");
const HDR_SMESSAGE = enc.encode("*3\r\n$8\r\nsmessage\r\n");

/** Writes "$<n>\r\n<bytes>\r\n" at o; returns the new offset. */
function putBulk(out: Uint8Array, o: number, b: Uint8Array | string): number {
  const n = b.length;
  const head = `$${n}\r\n`;
  for (let i = 0; i < head.length; i++) out[o++] = head.charCodeAt(i);
  if (typeof b === "string") for (let i = 0; i < n; i++) out[o++] = b.charCodeAt(i);
  else {
    out.set(b, o);
    o += n;
  }
  out[o++] = 13;
  out[o++] = 10;
  return o;
}

const bulkSize = (n: number) => 1 + String(n).length + 2 + n + 2;

/** A whole message frame (RESP2 form): header, optional pattern, channel, payload. */
function encodeMessage(hdr: Uint8Array, pattern: string | null, channel: Uint8Array | string, msg: Uint8Array): Uint8Array {
  let n = hdr.length + bulkSize(channel.length) + bulkSize(msg.length);
  if (pattern !== null) n += bulkSize(pattern.length);
  const out = new Uint8Array(n);
  out.set(hdr, 0);
  let o = hdr.length;
  if (pattern !== null) o = putBulk(out, o, pattern);
  o = putBulk(out, o, channel);
  putBulk(out, o, msg);
  return out;
}

/** The RESP3 push form of a RESP2 message frame: the same bytes but the type byte. */
function asPush(frame: Uint8Array): Uint8Array {
  const p = frame.slice();
  p[0] = 0x3e; // '>'
  return p;
}

export class PubSub {
  /** channel -> subscribers (binary string names). */
  readonly channels = new Map<string, Set<Session>>();
  /** pattern -> subscribers. */
  readonly patterns = new Map<string, Set<Session>>();
  /** shard channel -> subscribers. */
  readonly shardChannels = new Map<string, Set<Session>>();
  private readonly subs = new Map<Session, SubState>();
  /** The session running the command that publishes (its pushes go through its engine output). */
  publisher: Session | null = null;
  /** How far the effects log has been read for NOTIFY records since its last reset. */
  private notifyOffset = 0;
  /** Messages for sessions with an idle output, written once per exec call (flushPushes). */
  private queued = new Map<Session, Uint8Array | Uint8Array[]>();
  private flushScheduled = false;

  constructor(private readonly core: RespiteCore) {
    core.closeHooks.push((s) => this.unsubscribeAll(s));
    core.effectsHooks.push(() => {
      this.drainNotifications();
      this.flushPushes();
    });
    core.effectsResetHooks.push(() => { this.notifyOffset = 0; });
    const pushMask = () => {
      core.engine.x.setConfig(ENGINE_CONFIG.notifyKeyspaceEvents, core.config.notifyFlags());
      return null;
    };
    core.config.onApply(["notify-keyspace-events"], pushMask);
    pushMask();
  }

  // ---- subscriptions ---------------------------------------------------------------------

  state(s: Session): SubState | undefined {
    return this.subs.get(s);
  }

  /** Channels + patterns (the count SUBSCRIBE / PSUBSCRIBE replies report). */
  count(s: Session): number {
    const st = this.subs.get(s);
    return st ? st.channels.size + st.patterns.size : 0;
  }

  shardCount(s: Session): number {
    return this.subs.get(s)?.shard.size ?? 0;
  }

  private serverMap(kind: SubKind): Map<string, Set<Session>> {
    return kind === "channel" ? this.channels : kind === "pattern" ? this.patterns : this.shardChannels;
  }

  private clientSet(st: SubState, kind: SubKind): Set<string> {
    return kind === "channel" ? st.channels : kind === "pattern" ? st.patterns : st.shard;
  }

  /** Adds a subscription; false if s already had it. */
  subscribe(s: Session, kind: SubKind, name: string): boolean {
    let st = this.subs.get(s);
    if (!st) this.subs.set(s, (st = { channels: new Set(), patterns: new Set(), shard: new Set() }));
    const mine = this.clientSet(st, kind);
    if (mine.has(name)) return false;
    mine.add(name);
    const map = this.serverMap(kind);
    let set = map.get(name);
    if (!set) map.set(name, (set = new Set()));
    set.add(s);
    return true;
  }

  /** Removes a subscription; false if s did not have it. */
  unsubscribe(s: Session, kind: SubKind, name: string): boolean {
    const st = this.subs.get(s);
    if (!st) return false;
    const mine = this.clientSet(st, kind);
    if (!mine.delete(name)) return false;
    const map = this.serverMap(kind);
    const set = map.get(name);
    if (set) {
      set.delete(s);
      if (set.size === 0) map.delete(name);
    }
    return true;
  }

  /** The names s holds of one kind, in subscription order (a copy). */
  names(s: Session, kind: SubKind): string[] {
    const st = this.subs.get(s);
    return st ? [...this.clientSet(st, kind)] : [];
  }

  /** Sets or clears the engine's CLIENT_PUBSUB flag after s's subscriptions changed. */
  updateFlag(s: Session): void {
    if (s.closed) return;
    const st = this.subs.get(s);
    const any = !!st && st.channels.size + st.patterns.size + st.shard.size > 0;
    if (!any && st) this.subs.delete(s);
    const x = this.core.engine.x;
    const f = x.clientFlags(s.c);
    const want = any ? f | CLIENT_FLAG.pubsub : f & ~CLIENT_FLAG.pubsub;
    if (want !== f) x.clientSetFlags(s.c, want);
  }

  /** Silently drops every subscription of s (RESET, disconnect). */
  unsubscribeAll(s: Session): void {
    const st = this.subs.get(s);
    if (!st) return;
    for (const kind of ["channel", "pattern", "shard"] as SubKind[]) {
      for (const name of [...this.clientSet(st, kind)]) this.unsubscribe(s, kind, name);
    }
    this.subs.delete(s);
    this.updateFlag(s);
  }

  // ---- publishing --------------------------------------------------------------------------

  /** Delivers bytes to a session the way messages go (MONITOR lines use it: monitor.ts). */
  deliver(s: Session, bytes: Uint8Array): void {
    this.send(s, bytes);
  }

  /** Appends `bytes` to s's stream in order (see DELIVERY in the file comment). */
  private send(s: Session, bytes: Uint8Array): void {
    if (s.closed) return;
    const x = this.core.engine.x;
    if (s === this.publisher || s.onOutput === null || x.outLen(s.c) > 0) {
      this.core.engine.reply(s.c, bytes);
      return;
    }
    const q = this.queued.get(s);
    if (q === undefined) {
      // The common case, one message per subscriber per exec call: no array at all.
      this.queued.set(s, bytes);
      if (!this.flushScheduled) {
        // afterExec flushes at the end of the feed; this is only the safety net.
        this.flushScheduled = true;
        queueMicrotask(() => this.flushPushes());
      }
    } else if (q instanceof Uint8Array) {
      this.queued.set(s, [q, bytes]);
    } else {
      q.push(bytes);
    }
  }

  /**
   * Hands each subscriber its queued messages as one write (Redis: one write per client per
   * event-loop turn, from its output buffer). Runs after every exec call (effects hook).
   */
  flushPushes(): void {
    this.flushScheduled = false;
    if (this.queued.size === 0) return;
    const batch = this.queued;
    this.queued = new Map();
    for (const [s, q] of batch) {
      if (s.closed || !s.onOutput) continue;
      const out = q instanceof Uint8Array ? q : concat(q);
      this.core.stats.netOutputBytes += out.length;
      s.onOutput(out);
    }
  }

  /** Sends a RESP2 frame to every session of `set` (RESP3 ones get the push form). */
  private fanOut(set: Set<Session>, frame: Uint8Array): void {
    const x = this.core.engine.x;
    let push: Uint8Array | null = null;
    for (const s of set) {
      if (s.closed) continue;
      if (x.clientResp(s.c) >= 3) this.send(s, (push ??= asPush(frame)));
      else this.send(s, frame);
    }
  }

  /**
   * PUBLISH / SPUBLISH: delivers `msg` to the subscribers of `channel` (and, for PUBLISH, of
   * every matching pattern). Returns how many receptions there were (Redis's reply).
   */
  publish(channel: Uint8Array | string, msg: Uint8Array, shard = false): number {
    const name = typeof channel === "string" ? channel : bin(channel);
    let receivers = 0;
    const set = (shard ? this.shardChannels : this.channels).get(name);
    if (set && set.size) {
      this.fanOut(set, encodeMessage(shard ? HDR_SMESSAGE : HDR_MESSAGE, null, channel, msg));
      receivers += set.size;
    }
    if (!shard && this.patterns.size) {
      for (const [pat, subs] of this.patterns) {
        if (!stringmatch(pat, name, false)) continue;
        this.fanOut(subs, encodeMessage(HDR_PMESSAGE, pat, channel, msg));
        receivers += subs.size;
      }
    }
    return receivers;
  }

  // ---- keyspace notifications ------------------------------------------------------------

  /** Publishes the NOTIFY records logged since the last call (see the file comment). */
  drainNotifications(): void {
    const from = this.notifyOffset;
    if (this.core.engine.x.effectsLength() <= from) return;
    // Nobody listens: nothing to build (the records are skipped).
    if (this.channels.size === 0 && this.patterns.size === 0) {
      this.notifyOffset = this.core.engine.x.effectsLength();
      return;
    }
    const flags = this.core.config.notifyFlags();
    // Records are copied out first: publishing does not touch the log, but be safe anyway.
    const recs: [number, string, Uint8Array][] = [];
    this.notifyOffset = this.core.engine.forEachEffect(EFFECT_NOTIFY, from, (db, p, n, mem) => {
      const el = mem[p + 4]; // payload: type u32 | event length u8 | event | key
      let event = "";
      for (let i = 0; i < el; i++) event += String.fromCharCode(mem[p + 5 + i]);
      recs.push([db, event, mem.slice(p + 5 + el, p + n)]);
    });
    for (const [db, event, key] of recs) {
      if (flags & NOTIFY.KEYSPACE) this.publish(`__keyspace@${db}__:` + bin(key), enc.encode(event));
      if (flags & NOTIFY.KEYEVENT) this.publish(`__keyevent@${db}__:${event}`, key);
    }
  }
}

/** The PubSub of a core (created on first use). */
const instances = new WeakMap<RespiteCore, PubSub>();
export function pubsubOf(core: RespiteCore): PubSub {
  let p = instances.get(core);
  if (!p) instances.set(core, (p = new PubSub(core)));
  return p;
}
