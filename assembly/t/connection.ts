// connection.ts — connection commands (Redis: PING, ECHO, SELECT, HELLO, AUTH, RESET, TIME
// and the engine-side CLIENT subcommands; networking.c, server.c and acl.c).
//
// Everything here acts on the calling client's own state (db, RESP version, name, reply
// mode, authentication), which lives in the engine's Client block, so these commands never
// leave the engine. The CLIENT subcommands that need the whole list of connections (LIST,
// INFO, KILL) are the host's: they are registered with `hostCommand` in handlers.ts.
//
// Authentication follows Redis 7.0 with only the "default" user (no ACL users yet):
//   - `requirepass` is the default user's password. The host pushes it down with the
//     setRequirePass ABI call; an empty password means the default user is "nopass".
//   - A client is born authenticated when no password is set (clientCreate in index.ts), so
//     setting a password later does not lock out connections that were already open, as in
//     Redis. Without a password, AUTH <user> <anything> succeeds for "default" (nopass).
//   - The password is compared in full every time (no early exit on the first different
//     byte), so the time taken does not tell how much of a guess was right.
//
// HELLO processes its options left to right as Redis 7.0.15 does, each taking effect at once:
// an AUTH option authenticates, a SETNAME option names the client, and a later error (syntax,
// wrong password, bad name, still not authenticated) does not undo them. Only the protocol
// switch waits until the whole command succeeded.

import { multiClientReset } from "../db/multi";
import { CLIENT_PUBSUB } from "../client";
import { argLen, argPtr, Client, CLIENT_AUTHENTICATED, CLIENT_NO_EVICT, CLIENT_REPLY_OFF,
  CLIENT_REPLY_SKIP, CLIENT_REPLY_SKIP_NEXT, selectDb, setClientString } from "../client";
import { addReplyArrayLen, addReplyBulk, addReplyBulkLongLong, addReplyBulkStr, addReplyError,
  addReplyLongLong, addReplyMapLen, addReplyNull, addReplyOK, addReplyProto, addReplyRaw,
  errBegin, errBytes, errEnd, errStr } from "../resp/reply";
import { ERR_AUTH_NOPASS, ERR_CLIENT_NAME, ERR_DB_INDEX, ERR_HELLO_NOAUTH, ERR_HELLO_PROTOVER,
  ERR_INT_RANGE, ERR_NOT_INTEGER, ERR_PROTO_VERSION, ERR_SYNTAX, ERR_WRONGPASS } from "../resp/errors";
import { dbCount, nowMsExact } from "../db/db";
import { argIs } from "./common";
import { parsedLL, string2ll } from "../util/number";
import { setAuthRequired } from "../resp/parser";
import { handToHost } from "../server";
import { zfree, zmalloc } from "../mem/alloc";
import { aclAuthenticate, aclHost, AUTH_NOPASS_DEFAULT, CLIENT_ACL_CHECK, defaultUserCheck } from "../acl";
import { authRequiredGlobal } from "../resp/parser";

// ---- server-wide state pushed down by the host -----------------------------------------

/** The default user's password (requirepass); 0 / 0 when none is set. */
let requirePass: usize = 0;
let requirePassLen: u32 = 0;

/** Sets requirepass to (p, n); n == 0 clears it (the default user becomes "nopass"). */
export function setRequirePass(p: usize, n: u32): void {
  zfree(requirePass);
  requirePass = 0;
  requirePassLen = n;
  if (n > 0) {
    requirePass = zmalloc(n);
    memory.copy(requirePass, p, n);
  }
  setAuthRequired(n > 0);
}

/** Whether this server is a replica (HELLO's "role"); set by the host's replication. */
export let serverIsReplica: bool = false;
export function setServerIsReplica(v: bool): void { serverIsReplica = v; }

/** The client's authentication state right after connecting or RESET (Redis: clientSetDefaultAuth). */
export function clientSetDefaultAuth(c: Client): void {
  if (aclHost) {
    // The host owns the users (acl.ts): it pushed whether the default user needs a password
    // (or is disabled) and whether it is restricted.
    if (authRequiredGlobal) c.flags &= ~CLIENT_AUTHENTICATED;
    else c.flags |= CLIENT_AUTHENTICATED;
    c.flags = (c.flags & ~CLIENT_ACL_CHECK) | defaultUserCheck;
    return;
  }
  if (requirePassLen == 0) c.flags |= CLIENT_AUTHENTICATED;
  else c.flags &= ~CLIENT_AUTHENTICATED;
}

// ---- PING, ECHO, SELECT ----------------------------------------------------------------

export function pingCommand(c: Client): void {
  if (c.argc > 2) {
    addReplyError(c, "ERR wrong number of arguments for 'ping' command");
    return;
  }
  if ((c.flags & CLIENT_PUBSUB) != 0 && c.resp == 2) {
    // RESP2 subscribed mode: ["pong", msg] (msg "" without an argument), as Redis.
    addReplyArrayLen(c, 2);
    addReplyBulkStr(c, "pong");
    if (c.argc == 1) addReplyBulk(c, 0, 0);
    else addReplyBulk(c, argPtr(c, 1), argLen(c, 1));
    return;
  }
  if (c.argc == 1) addReplyProto(c, "+PONG\r\n");
  else addReplyBulk(c, argPtr(c, 1), argLen(c, 1));
}

export function echoCommand(c: Client): void {
  addReplyBulk(c, argPtr(c, 1), argLen(c, 1));
}

export function selectCommand(c: Client): void {
  // Redis: getIntFromObjectOrReply, then the range of configured databases.
  if (!string2ll(argPtr(c, 1), <i32>argLen(c, 1))) {
    addReplyError(c, ERR_NOT_INTEGER);
    return;
  }
  const id = parsedLL;
  if (id < -2147483648 || id > 2147483647) {
    addReplyError(c, ERR_INT_RANGE);
    return;
  }
  if (id < 0 || id >= dbCount) {
    addReplyError(c, ERR_DB_INDEX);
    return;
  }
  selectDb(c, <i32>id);
  addReplyOK(c);
}

// ---- AUTH and HELLO ----------------------------------------------------------------------

/** True if (p, n) is the configured password; compares every byte whatever the outcome. */
function passwordMatches(p: usize, n: u32): bool {
  let diff: u32 = n ^ requirePassLen;
  const m = n < requirePassLen ? n : requirePassLen;
  for (let i: u32 = 0; i < m; i++) diff |= <u32>(load<u8>(p + i) ^ load<u8>(requirePass + i));
  return diff == 0;
}

/** Byte-exact (case-sensitive) comparison of argument i with "default". */
function isDefaultUser(c: Client, i: i32): bool {
  const n = argLen(c, i);
  if (n != 7) return false;
  const p = argPtr(c, i);
  const lit = "default";
  for (let j = 0; j < 7; j++) if (load<u8>(p + j) != <u8>lit.charCodeAt(j)) return false;
  return true;
}

/**
 * Checks user argument u and password argument pw (Redis: ACLAuthenticateUser); marks the
 * client authenticated on success. Only "default" exists: with no password it is nopass.
 */
function authenticateUser(c: Client, u: i32, pw: i32): bool {
  if (aclHost) return aclAuthenticate(c, argPtr(c, u), argLen(c, u), argPtr(c, pw), argLen(c, pw)) == 1;
  if (!isDefaultUser(c, u)) return false;
  if (requirePassLen != 0 && !passwordMatches(argPtr(c, pw), argLen(c, pw))) return false;
  c.flags |= CLIENT_AUTHENTICATED;
  return true;
}

export function authCommand(c: Client): void {
  if (c.argc > 3) {
    addReplyError(c, ERR_SYNTAX);
    return;
  }
  let ok: bool;
  if (aclHost && c.argc == 2) {
    // The default user through the host's ACL users (acl.ts); -1: it needs no password.
    const r = aclAuthenticate(c, 0, 0, argPtr(c, 1), argLen(c, 1));
    if (r == AUTH_NOPASS_DEFAULT) {
      addReplyError(c, ERR_AUTH_NOPASS);
      return;
    }
    ok = r == 1;
  } else if (c.argc == 2) {
    // The old one-argument form is an error when the default user needs no password.
    if (requirePassLen == 0) {
      addReplyError(c, ERR_AUTH_NOPASS);
      return;
    }
    ok = passwordMatches(argPtr(c, 1), argLen(c, 1));
    if (ok) c.flags |= CLIENT_AUTHENTICATED;
  } else {
    ok = authenticateUser(c, 1, 2);
  }
  if (ok) addReplyOK(c);
  else addReplyError(c, ERR_WRONGPASS);
}

/** Redis: validateClientName — printable ASCII without spaces ('!'..'~'); empty is allowed. */
function clientNameIsValid(p: usize, n: u32): bool {
  for (let i: u32 = 0; i < n; i++) {
    const b = load<u8>(p + i);
    if (b < 0x21 || b > 0x7e) return false;
  }
  return true;
}

/** Sets (or with an empty name, removes) the client's name. */
function clientSetName(c: Client, p: usize, n: u32): void {
  c.name = setClientString(c.name, p, n);
  c.nameLen = n;
}

export function helloCommand(c: Client): void {
  let ver: i64 = 0;
  let next = 1;
  if (c.argc >= 2) {
    if (!string2ll(argPtr(c, 1), <i32>argLen(c, 1))) {
      addReplyError(c, ERR_HELLO_PROTOVER);
      return;
    }
    ver = parsedLL;
    next = 2;
    if (ver < 2 || ver > 3) {
      addReplyError(c, ERR_PROTO_VERSION);
      return;
    }
  }
  for (let j = next; j < c.argc; j++) {
    const more = c.argc - 1 - j;
    if (argIs(c, j, "auth") && more >= 2) {
      if (!authenticateUser(c, j + 1, j + 2)) {
        addReplyError(c, ERR_WRONGPASS);
        return;
      }
      j += 2;
    } else if (argIs(c, j, "setname") && more >= 1) {
      if (!clientNameIsValid(argPtr(c, j + 1), argLen(c, j + 1))) {
        addReplyError(c, ERR_CLIENT_NAME);
        return;
      }
      clientSetName(c, argPtr(c, j + 1), argLen(c, j + 1));
      j++;
    } else {
      // "Syntax error in HELLO option '%s'" (the option as typed, up to a NUL byte).
      const p = argPtr(c, j);
      let n: u32 = 0;
      while (n < argLen(c, j) && load<u8>(p + n) != 0) n++;
      errBegin(c);
      errStr(c, "ERR Syntax error in HELLO option '");
      errBytes(c, p, n);
      errStr(c, "'");
      errEnd(c);
      return;
    }
  }
  if ((c.flags & CLIENT_AUTHENTICATED) == 0) {
    addReplyError(c, ERR_HELLO_NOAUTH);
    return;
  }
  if (ver != 0) c.resp = <i32>ver;
  addReplyMapLen(c, 7);
  addReplyBulkStr(c, "server");
  addReplyBulkStr(c, "redis");
  addReplyBulkStr(c, "version");
  addReplyBulkStr(c, "7.0.15");
  addReplyBulkStr(c, "proto");
  addReplyLongLong(c, c.resp);
  addReplyBulkStr(c, "id");
  addReplyLongLong(c, <i64>c.id);
  addReplyBulkStr(c, "mode");
  addReplyBulkStr(c, "standalone");
  addReplyBulkStr(c, "role");
  addReplyBulkStr(c, serverIsReplica ? "replica" : "master");
  addReplyBulkStr(c, "modules");
  addReplyArrayLen(c, 0);
}

// ---- RESET and TIME ------------------------------------------------------------------------

/**
 * RESET (Redis: clearClientConnectionState): db 0, RESP2, no name, replies on, default
 * authentication. CLIENT NO-EVICT survives (as in 7.0.15), and a pending CLIENT REPLY SKIP
 * still silences this very reply. The host is handed the command afterwards (with the
 * reply already written) so it can drop what it keeps per client: subscriptions, MONITOR,
 * tracking. Engine families with per-client state (MULTI, WATCH) reset it here too.
 */
export function resetCommand(c: Client): void {
  multiClientReset(c); // leaves MULTI, drops the queue and every watched key (db/multi.ts)
  selectDb(c, 0);
  c.resp = 2;
  clientSetDefaultAuth(c);
  clientSetName(c, 0, 0);
  c.flags &= ~(CLIENT_REPLY_OFF | CLIENT_REPLY_SKIP_NEXT);
  addReplyProto(c, "+RESET\r\n");
  handToHost(c);
}

/** TIME: [unix seconds, microseconds] as bulk strings, from the host's sub-ms clock. */
export function timeCommand(c: Client): void {
  const ms = nowMsExact;
  const sec = Math.floor(ms / 1000);
  let usec = Math.floor((ms - sec * 1000) * 1000);
  if (usec > 999999) usec = 999999;
  if (usec < 0) usec = 0;
  addReplyArrayLen(c, 2);
  addReplyBulkLongLong(c, <i64>sec);
  addReplyBulkLongLong(c, <i64>usec);
}

// ---- CLIENT (engine-side subcommands) ------------------------------------------------------

export function clientIdCommand(c: Client): void {
  addReplyLongLong(c, <i64>c.id);
}

export function clientSetnameCommand(c: Client): void {
  const p = argPtr(c, 2);
  const n = argLen(c, 2);
  if (!clientNameIsValid(p, n)) {
    addReplyError(c, ERR_CLIENT_NAME);
    return;
  }
  clientSetName(c, p, n);
  addReplyOK(c);
}

export function clientGetnameCommand(c: Client): void {
  if (c.nameLen == 0) addReplyNull(c);
  else addReplyBulk(c, c.name, c.nameLen);
}

/** CLIENT REPLY ON|OFF|SKIP. OFF and SKIP reply nothing (they take effect at once). */
export function clientReplyCommand(c: Client): void {
  if (argIs(c, 2, "on")) {
    c.flags &= ~(CLIENT_REPLY_SKIP | CLIENT_REPLY_OFF);
    addReplyOK(c);
  } else if (argIs(c, 2, "off")) {
    c.flags |= CLIENT_REPLY_OFF;
  } else if (argIs(c, 2, "skip")) {
    if ((c.flags & CLIENT_REPLY_OFF) == 0) c.flags |= CLIENT_REPLY_SKIP_NEXT;
  } else {
    addReplyError(c, ERR_SYNTAX);
  }
}

export function clientNoEvictCommand(c: Client): void {
  if (argIs(c, 2, "on")) {
    c.flags |= CLIENT_NO_EVICT;
    addReplyOK(c);
  } else if (argIs(c, 2, "off")) {
    c.flags &= ~CLIENT_NO_EVICT;
    addReplyOK(c);
  } else {
    addReplyError(c, ERR_SYNTAX);
  }
}

const CLIENT_HELP = "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\n" +
  "CACHING (YES|NO)\n" +
  "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.\n" +
  "GETREDIR\n" +
  "    Return the client ID we are redirecting to when tracking is enabled.\n" +
  "GETNAME\n" +
  "    Return the name of the current connection.\n" +
  "ID\n" +
  "    Return the ID of the current connection.\n" +
  "INFO\n" +
  "    Return information about the current client connection.\n" +
  "KILL <ip:port>\n" +
  "    Kill connection made from <ip:port>.\n" +
  "KILL <option> <value> [<option> <value> [...]]\n" +
  "    Kill connections. Options are:\n" +
  "    * ADDR (<ip:port>|<unixsocket>:0)\n" +
  "      Kill connections made from the specified address\n" +
  "    * LADDR (<ip:port>|<unixsocket>:0)\n" +
  "      Kill connections made to specified local address\n" +
  "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)\n" +
  "      Kill connections by type.\n" +
  "    * USER <username>\n" +
  "      Kill connections authenticated by <username>.\n" +
  "    * SKIPME (YES|NO)\n" +
  "      Skip killing current connection (default: yes).\n" +
  "LIST [options ...]\n" +
  "    Return information about client connections. Options:\n" +
  "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)\n" +
  "      Return clients of specified type.\n" +
  "UNPAUSE\n" +
  "    Stop the current client pause, resuming traffic.\n" +
  "PAUSE <timeout> [WRITE|ALL]\n" +
  "    Suspend all, or just write, clients for <timeout> milliseconds.\n" +
  "REPLY (ON|OFF|SKIP)\n" +
  "    Control the replies sent to the current connection.\n" +
  "SETNAME <name>\n" +
  "    Assign the name <name> to the current connection.\n" +
  "UNBLOCK <clientid> [TIMEOUT|ERROR]\n" +
  "    Unblock the specified blocked client.\n" +
  "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]\n" +
  "         [OPTIN] [OPTOUT] [NOLOOP]\n" +
  "    Control server assisted client side caching.\n" +
  "TRACKINGINFO\n" +
  "    Report tracking status for the current connection.\n" +
  "NO-EVICT (ON|OFF)\n" +
  "    Protect current client connection from eviction.\n" +
  "HELP\n" +
  "    Prints this help.";

export function clientHelpCommand(c: Client): void {
  addReplyHelpText(c, CLIENT_HELP);
}

/**
 * A HELP reply (Redis: addReplyHelp): an array with one status reply per line of `text`
 * (ASCII lines separated by "\n", header and the closing HELP lines included).
 */
export function addReplyHelpText(c: Client, text: string): void {
  let lines = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) == 10) lines++;
  addReplyArrayLen(c, lines);
  const tmp = memory.data(256);
  store<u8>(tmp, 0x2b); // '+'
  let n = 1;
  for (let i = 0; i <= text.length; i++) {
    const ch = i < text.length ? text.charCodeAt(i) : 10;
    if (ch == 10) {
      store<u16>(tmp + n, 0x0a0d);
      addReplyRaw(c, tmp, n + 2);
      store<u8>(tmp, 0x2b);
      n = 1;
      continue;
    }
    store<u8>(tmp + n, <u8>ch);
    n++;
    if (n >= 250) { // a long line goes out in pieces
      addReplyRaw(c, tmp, n);
      n = 0;
    }
  }
}
