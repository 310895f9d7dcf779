// pubsub.test.ts — Pub/Sub over real sockets: a subscriber that stops reading is dropped by
// the "pubsub" class of client-output-buffer-limit (hard and soft limits) while the server's
// memory stays bounded; the normal class does not apply to subscribers; CLIENT LIST / INFO
// pub/sub fields; a publisher's own RESP3 pushes come before its reply.

import { afterEach, describe, expect, test } from "vitest";
import net from "node:net";
import { RespiteCore } from "../../host/core/server.js";
import { installHostCommands } from "../../host/core/commands.js";
import { engineModule } from "../../host/node/load.js";
import { TcpServer } from "../../host/node/tcp.js";
import { Logger } from "../../host/node/log.js";
import { encodeCommand } from "../../host/core/resp.js";
import { pubsubOf } from "../../host/core/pubsub.js";
import { createRespite } from "../../host/node/index.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor(pred: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred() && Date.now() < end) await sleep(5);
}

const servers: TcpServer[] = [];
afterEach(async () => {
  for (const t of servers.splice(0)) await t.close();
});

async function start(): Promise<{ core: RespiteCore; tcp: TcpServer }> {
  const core = await RespiteCore.create(engineModule());
  installHostCommands(core);
  const tcp = new TcpServer(core, { port: 0, bind: ["127.0.0.1"], maxclients: 10000, timeout: 0 }, new Logger("warning"));
  await tcp.listen();
  tcp.followConfig();
  servers.push(tcp);
  return { core, tcp };
}

/** A raw client: collects what arrives; `closed` once the server drops it. */
class Raw {
  data = "";
  closed = false;
  readonly sock: net.Socket;
  constructor(port: number) {
    this.sock = net.connect(port, "127.0.0.1");
    this.sock.on("data", (d) => (this.data += d.toString("latin1")));
    this.sock.on("close", () => (this.closed = true));
    this.sock.on("error", () => undefined);
  }
  send(...args: string[]): void { this.sock.write(encodeCommand(args)); }
  async until(pred: (d: string) => boolean, ms = 3000): Promise<string> {
    const end = Date.now() + ms;
    while (!pred(this.data) && Date.now() < end) await sleep(5);
    return this.data;
  }
  take(): string { const d = this.data; this.data = ""; return d; }
}

/** Publishes `n` messages of `size` bytes, pipelined, and waits for all the replies. */
async function flood(pub: Raw, channel: string, n: number, size: number): Promise<void> {
  const payload = "x".repeat(size);
  const chunk = Buffer.concat(Array.from({ length: 16 }, () => encodeCommand(["PUBLISH", channel, payload])));
  for (let i = 0; i < n; i += 16) {
    if (!pub.sock.write(chunk)) await new Promise((r) => pub.sock.once("drain", r));
  }
  await pub.until((d) => (d.match(/\r\n/g)?.length ?? 0) >= n, 20000);
}

describe("Pub/Sub output buffer limits", () => {
  test("a subscriber that stops reading is dropped at the pubsub hard limit; memory stays bounded", async () => {
    const { core, tcp } = await start();
    const admin = new Raw(tcp.port);
    admin.send("CONFIG", "SET", "client-output-buffer-limit", "pubsub 1mb 0 0");
    await admin.until((d) => d.includes("+OK"));
    const sub = new Raw(tcp.port);
    sub.send("SUBSCRIBE", "flood");
    await sub.until((d) => d.includes(":1\r\n"));
    sub.sock.pause(); // stop reading: the kernel buffers fill, then the server's
    const pub = new Raw(tcp.port);
    const before = core.usedMemory();
    await flood(pub, "flood", 1024, 64 * 1024); // 64 MB for a subscriber that reads nothing
    // The server dropped it (the paused client notices once it reads again).
    await waitFor(() => pubsubOf(core).channels.size === 0);
    expect(pubsubOf(core).channels.size).toBe(0);
    sub.sock.resume();
    await sub.until(() => sub.closed, 3000);
    expect(sub.closed).toBe(true);
    // Pushed messages never sit in the engine: its memory did not grow with the backlog.
    expect(core.usedMemory() - before).toBeLessThan(4 * 1024 * 1024);
    // The publisher was not affected, and sees no subscriber any more.
    admin.take();
    admin.send("PUBSUB", "NUMSUB", "flood");
    expect(await admin.until((d) => d.includes(":0\r\n"))).toBe("*2\r\n$5\r\nflood\r\n:0\r\n");
    expect(pub.closed).toBe(false);
  }, 30000);

  test("the soft limit drops a subscriber that stays over it for its seconds", async () => {
    const { core, tcp } = await start();
    const admin = new Raw(tcp.port);
    admin.send("CONFIG", "SET", "client-output-buffer-limit", "pubsub 0 256kb 1");
    await admin.until((d) => d.includes("+OK"));
    const sub = new Raw(tcp.port);
    sub.send("SUBSCRIBE", "slow");
    await sub.until((d) => d.includes(":1\r\n"));
    sub.sock.pause();
    const pub = new Raw(tcp.port);
    await flood(pub, "slow", 256, 64 * 1024);
    expect(pubsubOf(core).channels.size).toBe(1); // over the soft limit, but not for 1 s yet
    await sleep(1100);
    pub.take();
    await flood(pub, "slow", 16, 1024); // the next write checks the limit again
    await waitFor(() => pubsubOf(core).channels.size === 0);
    expect(pubsubOf(core).channels.size).toBe(0);
  }, 30000);

  test("subscribers are in the pubsub class, not the normal one", async () => {
    const { tcp } = await start();
    const admin = new Raw(tcp.port);
    // A tiny normal-class limit must not touch a subscriber (pubsub class: no limits).
    admin.send("CONFIG", "SET", "client-output-buffer-limit", "normal 64kb 0 0 pubsub 0 0 0");
    await admin.until((d) => d.includes("+OK"));
    const sub = new Raw(tcp.port);
    sub.send("SUBSCRIBE", "c");
    await sub.until((d) => d.includes(":1\r\n"));
    sub.sock.pause();
    const pub = new Raw(tcp.port);
    await flood(pub, "c", 128, 64 * 1024);
    await sleep(100);
    expect(sub.closed).toBe(false);
    sub.sock.resume();
    await sub.until((d) => (d.match(/\$7\r\nmessage\r\n/g)?.length ?? 0) >= 128, 10000);
    expect(sub.data.match(/\$7\r\nmessage\r\n/g)?.length).toBe(128);
  }, 30000);
});

describe("Pub/Sub introspection", () => {
  test("CLIENT LIST sub/psub/ssub and flag P, TYPE pubsub, INFO pubsub_*", async () => {
    const { tcp } = await start();
    const sub = new Raw(tcp.port);
    sub.send("SUBSCRIBE", "a", "b");
    sub.send("PSUBSCRIBE", "p*");
    sub.send("SSUBSCRIBE", "s");
    await sub.until((d) => d.includes("ssubscribe"));
    const admin = new Raw(tcp.port);
    admin.send("CLIENT", "LIST", "TYPE", "pubsub");
    const list = await admin.until((d) => d.endsWith("\n\r\n"));
    expect(list).toMatch(/ flags=P db=0 sub=2 psub=1 ssub=1 multi=-1 /);
    expect(list.split("\n").filter((l) => l.includes("id=")).length).toBe(1);
    admin.take();
    admin.send("CLIENT", "LIST", "TYPE", "normal");
    const normal = await admin.until((d) => d.endsWith("\n\r\n"));
    expect(normal).toMatch(/ flags=N db=0 sub=0 psub=0 ssub=0 /);
    expect(normal).not.toMatch(/flags=P/);
    admin.take();
    admin.send("INFO", "stats");
    const info = await admin.until((d) => d.includes("pubsubshard_channels"));
    expect(info).toMatch(/pubsub_channels:2\r\npubsub_patterns:1\r\npubsubshard_channels:1\r\n/);
    // RESET leaves subscribed mode: the client is normal again.
    sub.take();
    sub.send("RESET");
    await sub.until((d) => d.includes("+RESET"));
    admin.take();
    admin.send("CLIENT", "LIST", "TYPE", "pubsub");
    expect(await admin.until((d) => d.length > 0)).toBe("$0\r\n\r\n");
  });

  test("RESP3: a client publishing to itself gets the push before the reply", async () => {
    const { tcp } = await start();
    const c = new Raw(tcp.port);
    c.send("HELLO", "3");
    await c.until((d) => d.includes("modules"));
    c.take();
    c.send("SUBSCRIBE", "me");
    c.send("PUBLISH", "me", "hi");
    c.send("GET", "k");
    const out = await c.until((d) => d.endsWith("_\r\n"));
    expect(out).toBe(">3\r\n$9\r\nsubscribe\r\n$2\r\nme\r\n:1\r\n>3\r\n$7\r\nmessage\r\n$2\r\nme\r\n$2\r\nhi\r\n:1\r\n_\r\n");
  });
});

describe("keyspace notifications outside commands", () => {
  test("active expiry (the cron) publishes \"expired\" with no command running", async () => {
    const db = await createRespite({ cron: false });
    try {
      const sub = db.connect();
      const late: string[] = [];
      sub.onData = (b) => late.push(Buffer.from(b).toString("latin1"));
      sub.feed(encodeCommand(["PSUBSCRIBE", "__keyevent@0__:expired"]));
      const c = db.connect();
      expect(c.command("CONFIG", "SET", "notify-keyspace-events", "Ex")).toBe("OK");
      expect(c.command("SET", "gone", "v", "PX", "5")).toBe("OK");
      await sleep(20);
      expect(late).toEqual([]);
      db.core.cron();
      expect(late.join("")).toBe("*4\r\n$8\r\npmessage\r\n$22\r\n__keyevent@0__:expired\r\n" +
        "$22\r\n__keyevent@0__:expired\r\n$4\r\ngone\r\n");
      expect(c.command("DBSIZE")).toBe(0);
    } finally {
      db.close();
    }
  });

  test("notifications off cost no effects records; a disconnected subscriber is forgotten", async () => {
    const db = await createRespite({ cron: false });
    try {
      const x = db.core.engine.x;
      const c = db.connect();
      c.command("SET", "a", "1");
      expect(x.effectsLength()).toBe(0);
      const sub = db.connect();
      sub.feed(encodeCommand(["SUBSCRIBE", "ch"]));
      expect(pubsubOf(db.core).channels.get("ch")?.size).toBe(1);
      sub.close();
      expect(pubsubOf(db.core).channels.size).toBe(0);
      expect(c.command("PUBLISH", "ch", "x")).toBe(0);
    } finally {
      db.close();
    }
  });
});
