// server.ts — starts a real Respite TCP server in this process for end-to-end tests.

import { RespiteCore } from "../../host/core/server.js";
import { installHostCommands } from "../../host/core/commands.js";
import { engineModule } from "../../host/node/load.js";
import { TcpServer } from "../../host/node/tcp.js";
import { Logger } from "../../host/node/log.js";

export interface TestServer { port: number; core: RespiteCore; close(): Promise<void> }

export async function startTestServer(): Promise<TestServer> {
  const core = await RespiteCore.create(engineModule());
  installHostCommands(core);
  core.startCron(10);
  const tcp = new TcpServer(core, { port: 0, bind: ["127.0.0.1"], maxclients: 10000, timeout: 0 }, new Logger("warning"));
  await tcp.listen();
  return {
    port: tcp.port,
    core,
    async close() {
      core.stopCron();
      await tcp.close();
    },
  };
}
