// connection.ts — connection commands (Redis: PING, ECHO, SELECT, HELLO, AUTH, CLIENT ...).

import { argLen, argPtr, Client, selectDb } from "../client";
import { addReplyArrayLen, addReplyBulk, addReplyError, addReplyOK, addReplyProto, addReplyBulkStr } from "../resp/reply";
import { ERR_DB_INDEX, ERR_NOT_INTEGER } from "../resp/errors";
import { dbCount } from "../db/db";
import { argInt, getLongLongOrReply } from "./common";

export function pingCommand(c: Client): void {
  if (c.argc > 2) {
    addReplyError(c, "ERR wrong number of arguments for 'ping' command");
    return;
  }
  // (In subscribe mode under RESP2 PING replies ["pong", msg]: handled by the host.)
  if (c.argc == 1) addReplyProto(c, "+PONG\r\n");
  else addReplyBulk(c, argPtr(c, 1), argLen(c, 1));
}

export function echoCommand(c: Client): void {
  addReplyBulk(c, argPtr(c, 1), argLen(c, 1));
}

export function selectCommand(c: Client): void {
  if (!getLongLongOrReply(c, 1, "ERR invalid DB index")) return;
  const id = argInt;
  if (id < 0 || id >= dbCount) {
    addReplyError(c, ERR_DB_INDEX);
    return;
  }
  selectDb(c, <i32>id);
  addReplyOK(c);
}
