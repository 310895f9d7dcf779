// shutdown.ts — stopping the Node server as Redis does (Redis: prepareForShutdown and
// finishShutdown), for the SHUTDOWN command and for SIGTERM / SIGINT.
//
// Order: the AOF is flushed and fsynced; the final RDB is saved when asked (SAVE) or when save
// points are configured (unless NOSAVE); if that save fails and FORCE was not given, the
// shutdown is abandoned and the server keeps serving (SHUTDOWN replies an error; a signal just
// logs it). Then the listeners close and the process exits 0. The signals take their flags
// from shutdown-on-sigterm / shutdown-on-sigint ("default" = a plain SHUTDOWN).

import type { RespiteCore } from "../core/server.js";
import { setShutdownHandler, ShutdownFlags } from "../core/cmd/shutdown.js";
import { saveNow } from "../core/persistence.js";
import type { AppendOnlyFile } from "./aof.js";
import type { TcpServer } from "./tcp.js";
import type { Logger } from "./log.js";

export function installShutdown(core: RespiteCore, log: Logger, aof: AppendOnlyFile, tcp: TcpServer): void {
  let stopping = false;

  /** Returns false if the server must keep running (the final save failed without FORCE). */
  const prepareForShutdown = (flags: ShutdownFlags): boolean => {
    if (stopping) return true;
    log.warning("User requested shutdown...");
    if (aof.enabled) {
      log.notice("Calling fsync() on the AOF file.");
      aof.close();
    }
    const save = flags.save || (!flags.nosave && core.config.savePoints().length > 0);
    if (save) {
      log.notice("Saving the final RDB snapshot before exiting.");
      if (!saveNow(core)) {
        if (!flags.force) {
          log.warning("Error trying to save the DB, can't exit.");
          log.warning("Errors trying to shut down the server. Check the logs for more information.");
          return false;
        }
        log.warning("Error trying to save the DB. Exit anyway.");
      }
    }
    stopping = true;
    core.stopCron();
    void tcp.close().then(() => {
      log.warning("Respite is now ready to exit, bye bye...");
      process.exit(0);
    });
    return true;
  };

  setShutdownHandler(core, (flags) => prepareForShutdown(flags));

  const onSignal = (sig: "SIGTERM" | "SIGINT") => {
    if (stopping) return;
    log.warning(`Received ${sig} scheduling shutdown...`);
    const v = String(core.config.get(sig === "SIGTERM" ? "shutdown-on-sigterm" : "shutdown-on-sigint"));
    const words = v.split(/\s+/);
    prepareForShutdown({
      save: words.includes("save"), nosave: words.includes("nosave"),
      now: words.includes("now"), force: words.includes("force"),
    });
  };
  process.on("SIGINT", () => onSignal("SIGINT"));
  process.on("SIGTERM", () => onSignal("SIGTERM"));
}
