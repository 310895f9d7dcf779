// server.ts — the portable server core: one engine, its sessions, the host-owned commands
// and the periodic cron (Redis: the parts of server.c that are not the event loop).
//
// PORTABLE: no node: imports. The Node shell (host/node/) adds sockets and files around it;
// the browser playground and the embedding API use it as it is.
//
// Host-owned commands are looked up by their full name ("info", "client|list") in
// `hostCommands`; each gets the session, the arguments and a RespWriter for its reply.

import { CLIENT_FLAG, Engine, EngineSource, STAT } from "./engine.js";
import { preciseNow, preciseNowUs } from "./clock.js";
import { RespWriter } from "./resp.js";
import { Session, SessionInfo } from "./session.js";
import { ServerConfig } from "./config.js";
import { BlockingManager } from "./blocking.js";

export interface HostCommandContext {
  core: RespiteCore;
  session: Session;
  /** Full command name, lower case ("client|list"). */
  name: string;
  args: Uint8Array[];
  /** Protocol version of the client (2 or 3). */
  proto: number;
  w: RespWriter;
}

export type HostCommand = (ctx: HostCommandContext) => void;

export interface CoreOptions {
  databases?: number;
  seed?: [number, number];
  /** Clock in unix ms (tests may pass a fake). */
  now?: () => number;
  /** The settings (config file, command line); Redis's defaults when absent. */
  config?: ServerConfig;
}

/** Facts about the process around the core, for INFO (the Node shell fills them in). */
export interface HostEnv {
  processId: number;
  executable: string;
  /** uname-style "Linux 6.1.0 x86_64". */
  os: string;
  tcpPort: number;
  totalSystemMemory: number;
  /** Resident set size in bytes (0 when unknown). */
  rss(): number;
  /** CPU time used, in seconds. */
  cpu(): { user: number; sys: number };
}

const dec = new TextDecoder();

export class RespiteCore {
  readonly sessions = new Map<number, Session>();
  readonly hostCommands = new Map<string, HostCommand>();
  readonly startedAt: number;
  readonly now: () => number;
  /** INFO stats the host keeps. */
  readonly stats = {
    totalConnectionsReceived: 0, rejectedConnections: 0,
    netInputBytes: 0, netOutputBytes: 0, readsProcessed: 0, writesProcessed: 0, hostErrorReplies: 0,
  };
  /** The settings (CONFIG GET/SET); see config.ts. */
  readonly config: ServerConfig;
  /** The process around the core (INFO server/memory/cpu). */
  env: HostEnv = {
    processId: 0, executable: "", os: "", tcpPort: 0, totalSystemMemory: 0,
    rss: () => 0, cpu: () => ({ user: 0, sys: 0 }),
  };
  /** Unix seconds of the last successful save (LASTSAVE, INFO); the start time until then. */
  lastSave: number;
  private cronTimer: ReturnType<typeof setInterval> | null = null;
  private cronHz = 10;
  /** Host work run on every cron tick (INFO's instantaneous metrics ...). */
  readonly cronHooks: (() => void)[] = [];
  /** Clients parked in blocking commands (BLPOP ...): see blocking.ts. */
  readonly blocking: BlockingManager;
  /** A Lua script runs past busy-reply-threshold (others get -BUSY): see scripting/scripting.ts. */
  scriptBusy = false;

  private constructor(readonly engine: Engine, opts: CoreOptions, config: ServerConfig) {
    this.now = opts.now ?? preciseNow;
    this.startedAt = this.now();
    this.lastSave = Math.floor(this.startedAt / 1000);
    this.config = config;
    this.blocking = new BlockingManager(this);
  }

  static async create(wasm: EngineSource, opts: CoreOptions = {}): Promise<RespiteCore> {
    const config = opts.config ?? new ServerConfig();
    if (opts.databases !== undefined) config.setRaw("databases", String(opts.databases));
    const engine = await Engine.load(wasm, { databases: config.num("databases"), seed: opts.seed });
    return new RespiteCore(engine, opts, config);
  }

  openSession(info: SessionInfo): Session {
    const s = new Session(this, info);
    this.sessions.set(s.id, s);
    this.stats.totalConnectionsReceived++;
    return s;
  }

  sessionClosed(s: Session): void {
    this.sessions.delete(s.id);
    for (const h of this.closeHooks) h(s);
  }

  /** Run when a session closes (pub/sub drops its subscriptions). */
  readonly closeHooks: ((s: Session) => void)[] = [];
  /**
   * Readers of the effects log, run after each exec (and cron step) before the log is reset:
   * each reads the records of its kind (pub/sub: keyspace notifications).
   */
  readonly effectsHooks: (() => void)[] = [];
  /** Run right after the effects log was reset (readers rewind their offsets). */
  readonly effectsResetHooks: (() => void)[] = [];
  /**
   * Run at the end of a session's exec call, right before its reply bytes are taken: a
   * reader of the effects log may append to that session's output what must follow its
   * replies in the same write (client-side caching: tracking.ts).
   */
  readonly outputHooks: ((s: Session) => void)[] = [];

  /** Serves the command the engine handed over for session s. */
  runHostCommand(s: Session): void {
    const x = this.engine.x;
    const id = x.hostCommandId(s.c);
    const name = this.engine.commandNames[id];
    const proto = x.clientResp(s.c);
    const w = new RespWriter(proto);
    const handler = this.hostCommands.get(name);
    const args = this.engine.args(s.c);
    if (handler) {
      const t0 = preciseNowUs();
      handler({ core: this, session: s, name, args, proto, w });
      x.hostCommandTime(s.c, preciseNowUs() - t0); // commandstats, SLOWLOG (assembly/server.ts)
    } else {
      w.error(`ERR unknown command '${dec.decode(args[0])}', with args beginning with: `);
    }
    // CLIENT REPLY OFF / SKIP silence host replies too.
    const reply = w.bytes();
    if (reply[0] === 0x2d) {
      // Counted by the engine like its own errors (total_error_replies, errorstats, failed_calls).
      const cr = reply.indexOf(0x0d);
      const n = Math.min((cr < 0 ? reply.length : cr) - 1, 32);
      const p = x.scratch(Math.max(1, n)) >>> 0;
      this.engine.mem().set(reply.subarray(1, 1 + n), p);
      x.noteHostErrorReply(p, n);
    }
    if ((x.clientFlags(s.c) & (CLIENT_FLAG.replyOff | CLIENT_FLAG.replySkip)) === 0) this.engine.reply(s.c, reply);
  }

  /** Hook after each exec (effects log draining lives here). */
  afterExec(_s?: Session): void {
    // A script past busy-reply-threshold is mid-run (scripting/scripting.ts): its effects
    // and ready keys stay in the log until it ends.
    if (this.scriptBusy) return;
    this.blocking.serveReadyKeys(); // any READY_KEY record left (serving may add PROPAGATE ones)
    for (const h of this.effectsHooks) h();
    const x = this.engine.x;
    if (x.effectsLength() > 0) x.effectsReset();
    this.blocking.effectsReset();
    for (const h of this.effectsResetHooks) h();
  }

  /** Runs the engine's periodic work `hz` times a second. */
  startCron(hz = this.cronHz): void {
    this.stopCron();
    this.cronHz = hz;
    this.cronTimer = setInterval(() => this.cron(hz), Math.max(1, Math.round(1000 / hz)));
    const t = this.cronTimer as unknown as { unref?: () => void };
    t.unref?.();
  }

  /** CONFIG SET hz: the new rate, applied at once if the cron is running. */
  setCronHz(hz: number): void {
    this.cronHz = hz;
    if (this.cronTimer) this.startCron(hz);
  }

  stopCron(): void {
    if (this.cronTimer) clearInterval(this.cronTimer);
    this.cronTimer = null;
  }

  cron(hz = 10): void {
    // No active expiry (or other cron work) in the middle of a busy script: it is atomic.
    if (this.scriptBusy) return;
    // Redis spends up to 25% of each tick expiring keys; ~200k keys/s of sampling at hz=10.
    this.engine.x.cron(this.now(), Math.max(200, Math.round(200000 / hz)));
    // Active expiry may have logged effects (keyspace notifications): drain them now.
    if (this.engine.x.effectsLength() > 0) {
      this.afterExec();
      this.blocking.flush();
    }
    for (const h of this.cronHooks) h();
  }

  usedMemory(): number {
    return this.engine.x.stat(STAT.usedMemory);
  }
}
