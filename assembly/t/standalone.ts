// standalone.ts — cluster-only commands in a server without cluster mode: CLUSTER (every
// subcommand), READONLY, READWRITE and ASKING reply Redis's error for a standalone instance.
// (ROLE, WAIT, FAILOVER, MODULE and LOLWUT are the host's: host/core/cmd/standalone.ts.)

import { Client } from "../client";
import { addReplyError } from "../resp/reply";

export function clusterDisabledCommand(c: Client): void {
  addReplyError(c, "ERR This instance has cluster support disabled");
}
