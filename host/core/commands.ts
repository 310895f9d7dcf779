// commands.ts — registers every host-owned command on a core. Each family lives in its own
// file under host/core/cmd/; this is the index.

import type { RespiteCore } from "./server.js";
import { installConnectionCommands } from "./cmd/connection.js";
import { installDebugCommands } from "./cmd/debug.js";
import { installCommandCommands } from "./cmd/command.js";
import { installConfigCommands } from "./cmd/config.js";
import { installInfoCommands } from "./cmd/info.js";
import { installClientCommands } from "./cmd/client.js";
import { installShutdownCommand } from "./cmd/shutdown.js";
import { installPauseCommands } from "./cmd/pause.js";
import { installStandaloneCommands } from "./cmd/standalone.js";
import { installMonitor } from "./monitor.js";
import { installBlockingCommands } from "./blocking.js";
import { installMemoryCommands } from "./cmd/memory.js";
import { installScriptingCommands } from "./cmd/scripting.js";
import { installPubsubCommands } from "./cmd/pubsub.js";
import { installAcl } from "./cmd/acl.js";
import { installTracking } from "./tracking.js";
import { installPersistenceCommands } from "./persistence.js";

export function installHostCommands(core: RespiteCore): void {
  // (host command families are registered here as they are added)
  installConnectionCommands(core);
  installDebugCommands(core);
  installCommandCommands(core);
  installConfigCommands(core);
  installInfoCommands(core);
  installClientCommands(core);
  installShutdownCommand(core);
  installPauseCommands(core); // CLIENT PAUSE / UNPAUSE (cmd/pause.ts)
  installStandaloneCommands(core); // ROLE, WAIT, FAILOVER, MODULE, LOLWUT (cmd/standalone.ts)
  installBlockingCommands(core);
  installMemoryCommands(core);
  installScriptingCommands(core);
  installPubsubCommands(core);
  installAcl(core); // ACL users, AUTH's checks, requirepass (cmd/acl.ts)
  installMonitor(core); // MONITOR (monitor.ts)
  installPersistenceCommands(core);
  installTracking(core); // client-side caching: CLIENT TRACKING & co (tracking.ts)
}
