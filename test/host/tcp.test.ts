// tcp.test.ts — the Node TCP front end follows the settings: protected mode (Redis's DENIED
// text to non-loopback peers while no password is set), and CONFIG SET of maxclients,
// timeout, port taking effect on a running server.

import { afterEach, describe, expect, test } from "vitest";
import net from "node:net";
import os from "node:os";
import { RespiteCore } from "../../host/core/server.js";
import { installHostCommands } from "../../host/core/commands.js";
import { engineModule } from "../../host/node/load.js";
import { TcpServer } from "../../host/node/tcp.js";
import { Logger } from "../../host/node/log.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Connects, sends `send`, and collects what arrives until the peer closes or `ms` pass. */
function talk(port: number, host: string, send: string, ms = 300): Promise<{ data: string; closed: boolean }> {
  return new Promise((resolve) => {
    const s = net.connect(port, host, () => s.write(send));
    let data = "";
    let closed = false;
    s.on("data", (d) => (data += d.toString("latin1")));
    s.on("close", () => { closed = true; resolve({ data, closed }); });
    s.on("error", () => undefined);
    setTimeout(() => { s.destroy(); resolve({ data, closed }); }, ms);
  });
}

const servers: TcpServer[] = [];
afterEach(async () => {
  for (const t of servers.splice(0)) await t.close();
});

async function start(bind: string[]): Promise<{ core: RespiteCore; tcp: TcpServer }> {
  const core = await RespiteCore.create(engineModule());
  installHostCommands(core);
  const tcp = new TcpServer(core, { port: 0, bind, maxclients: 10000, timeout: 0 }, new Logger("warning"));
  await tcp.listen();
  tcp.followConfig();
  servers.push(tcp);
  return { core, tcp };
}

const external = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === "IPv4" && !i.internal)?.address;

describe("TCP front end", () => {
  test.runIf(!!external)("protected mode: non-loopback clients get Redis's DENIED until a password or protected-mode no", async () => {
    const { tcp } = await start(["*"]);
    const denied = await talk(tcp.port, external!, "PING\r\n");
    expect(denied.data).toMatch(/^-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user\. .*\r\n$/);
    expect(denied.closed).toBe(true);
    expect((await talk(tcp.port, "127.0.0.1", "PING\r\n")).data).toBe("+PONG\r\n");
    await talk(tcp.port, "127.0.0.1", "CONFIG SET protected-mode no\r\n");
    expect((await talk(tcp.port, external!, "PING\r\n")).data).toBe("+PONG\r\n");
  });

  test("CONFIG SET maxclients and timeout apply to the running server", async () => {
    const { tcp } = await start(["127.0.0.1"]);
    const holder = net.connect(tcp.port, "127.0.0.1");
    let closed = false;
    holder.on("close", () => (closed = true));
    holder.resume(); // consume replies, or 'close' waits for them to be read
    await new Promise((r) => holder.on("connect", r));
    holder.write("CONFIG SET maxclients 1\r\n");
    await sleep(100);
    expect((await talk(tcp.port, "127.0.0.1", "PING\r\n")).data).toBe("-ERR max number of clients reached\r\n");
    holder.write("CONFIG SET maxclients 10 timeout 1\r\n");
    await sleep(100);
    expect(closed).toBe(false);
    await sleep(2600);
    expect(closed).toBe(true);
  }, 10000);

  test("CONFIG SET port listens on the new port", async () => {
    const { tcp, core } = await start(["127.0.0.1"]);
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", () => r()));
    const newPort = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    expect((await talk(tcp.port, "127.0.0.1", `CONFIG SET port ${newPort}\r\n`)).data).toBe("+OK\r\n");
    await sleep(200);
    expect(tcp.port).toBe(newPort);
    expect(core.env.tcpPort).toBe(newPort);
    expect((await talk(newPort, "127.0.0.1", "CONFIG GET port\r\n")).data).toBe(`*2\r\n$4\r\nport\r\n$${String(newPort).length}\r\n${newPort}\r\n`);
  });
});

test("unix socket: clients are path:0 with flag U, the file is removed on close", async () => {
  const { mkdtempSync, existsSync, statSync } = await import("node:fs");
  const { join } = await import("node:path");
  const path = join(mkdtempSync(join(os.tmpdir(), "respite-sock-")), "r.sock");
  const core = await RespiteCore.create(engineModule());
  installHostCommands(core);
  const tcp = new TcpServer(core, { port: 0, bind: ["127.0.0.1"], maxclients: 10000, timeout: 0 }, new Logger("warning"));
  await tcp.listenUnix(path, 0o700);
  expect(statSync(path).mode & 0o777).toBe(0o700);
  const info = await new Promise<string>((resolve) => {
    const s = net.connect(path, () => s.write("CLIENT INFO\r\n"));
    s.on("data", (d) => { resolve(d.toString()); s.destroy(); });
  });
  expect(info).toMatch(new RegExp(`addr=${path}:0 laddr=${path}:0 fd=\\d+ name= age=\\d+ idle=\\d+ flags=U `));
  await tcp.close();
  expect(existsSync(path)).toBe(false);
});
