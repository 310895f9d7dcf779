// handlers.ts — which function serves which command id. One line per command; a command
// not listed here replies "unknown command" (and is not listed by COMMAND or the README).
// `hostCommand` marks commands the host serves (see server.ts).

import * as T from "./table.gen";
import { hostCommand, registerCommand as reg } from "../server";
import * as str from "../t/string";
import * as conn from "../t/connection";

export function registerAll(): void {
  // strings
  reg(T.CMD_GET, str.getCommand);
  reg(T.CMD_SET, str.setCommand);
  reg(T.CMD_SETNX, str.setnxCommand);
  reg(T.CMD_SETEX, str.setexCommand);
  reg(T.CMD_PSETEX, str.psetexCommand);
  reg(T.CMD_GETEX, str.getexCommand);
  reg(T.CMD_GETDEL, str.getdelCommand);
  reg(T.CMD_GETSET, str.getsetCommand);
  reg(T.CMD_MGET, str.mgetCommand);
  reg(T.CMD_MSET, str.msetCommand);
  reg(T.CMD_MSETNX, str.msetnxCommand);
  reg(T.CMD_APPEND, str.appendCommand);
  reg(T.CMD_STRLEN, str.strlenCommand);
  reg(T.CMD_INCR, str.incrCommand);
  reg(T.CMD_DECR, str.decrCommand);
  reg(T.CMD_INCRBY, str.incrbyCommand);
  reg(T.CMD_DECRBY, str.decrbyCommand);
  reg(T.CMD_GETRANGE, str.getrangeCommand);
  reg(T.CMD_SUBSTR, str.getrangeCommand);
  reg(T.CMD_SETRANGE, str.setrangeCommand);

  // connection
  reg(T.CMD_PING, conn.pingCommand);
  reg(T.CMD_ECHO, conn.echoCommand);
  reg(T.CMD_SELECT, conn.selectCommand);

  // served by the host
  reg(T.CMD_COMMAND, hostCommand);
  reg(T.CMD_INFO, hostCommand);
}
