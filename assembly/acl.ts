// acl.ts — the engine's half of ACLs (Redis: acl.c ACLCheckAllPerm's call site and
// ACLAuthenticateUser's); the users themselves live in the host (host/core/acl.ts).
//
// Why the split: an ACL check needs the user's command bitmap, its key and channel patterns
// and, for keys, the command's key specs and key-finding functions. All of those already
// exist in the host (the generated command specs, COMMAND GETKEYS's extraction, the glob
// matcher) and rules are parsed and described there (ACL SETUSER / LIST / GETUSER / SAVE),
// so the whole check lives in one place, in TypeScript. The engine only decides *whether*
// to ask:
//
//   - Each client carries CLIENT_ACL_CHECK in its flags when its user is restricted (the
//     root selector lacks any of allcommands / allkeys / allchannels). The default user out
//     of the box is unrestricted, so the hot path costs one test of a flags word that
//     processCommand has already loaded for the authentication check: no extra memory load.
//   - A restricted client's commands call the host synchronously through the `aclCheck`
//     import (command id; the host reads argv through the ABI), which returns ACL_OK or the
//     reason. The host writes the ACL LOG entry; the engine replies the NOPERM error and
//     counts the rejection like any other.
//   - AUTH and HELLO AUTH call `aclAuth` (user and password bytes): the host checks the
//     credentials, remembers the client's user and logs failures; the engine sets
//     CLIENT_AUTHENTICATED and CLIENT_ACL_CHECK from the answer.
//
// Without an ACL host (a bare engine: benchmarks, engine tests) `aclHost` is false and the
// engine keeps its built-in requirepass check (t/connection.ts).

import { Client } from "./client";
import { commandNameLen, commandNamePtr } from "./commands/lookup";
import { errBegin, errBytes, errEnd, errStr } from "./resp/reply";
import { CMD_ACL_SETUSER, CMD_AUTH, CMD_CONFIG_SET, CMD_EXEC, CMD_HELLO, CMD_MIGRATE, CMD_PSUBSCRIBE, CMD_PUBLISH,
  CMD_SPUBLISH, CMD_SSUBSCRIBE, CMD_SUBSCRIBE } from "./commands/table.gen";
import { argIs } from "./t/common";
import { discardTransaction } from "./db/multi";

/** The client's user is restricted: every command is checked by the host. */
export const CLIENT_ACL_FULL: u32 = 1 << 28;
/**
 * The client's user may run every command on every key but not on every channel (a new user
 * given "+@all ~*": acl-pubsub-default is resetchannels): only the commands naming channels
 * (PUBLISH, SPUBLISH, SUBSCRIBE, SSUBSCRIBE, PSUBSCRIBE) are checked.
 */
export const CLIENT_ACL_CHANNELS: u32 = 1 << 22;
/** Some check is needed (the one test processCommand makes). */
export const CLIENT_ACL_CHECK: u32 = CLIENT_ACL_FULL | CLIENT_ACL_CHANNELS;

/** Reasons, as Redis numbers them (ACL_DENIED_*). */
export const ACL_OK: i32 = 0;
export const ACL_DENIED_CMD: i32 = 1;
export const ACL_DENIED_KEY: i32 = 2;
export const ACL_DENIED_AUTH: i32 = 3;
export const ACL_DENIED_CHANNEL: i32 = 4;

/** Host check of the client's pending command (argv in place): ACL_OK or a reason. */
@external("env", "aclCheck")
declare function hostAclCheck(c: u32, id: i32): i32;

/**
 * Host credential check. (up, ul) = user name, (pp, pl) = password; ul == 0 and up == 0 means
 * the one-argument AUTH form (the default user). Returns bit 0 = authenticated, bit 1 = the
 * user is restricted, bit 2 = restricted on channels only, or -1 for the one-argument form when the default user has no password.
 */
@external("env", "aclAuth")
declare function hostAclAuth(c: u32, up: u32, ul: u32, pp: u32, pl: u32): i32;

/** Set by the host once it owns the users (host/core/acl.ts installAcl). */
export let aclHost: bool = false;
export function setAclHost(v: bool): void { aclHost = v; }

/** The default user's check flags (0, CLIENT_ACL_FULL or CLIENT_ACL_CHANNELS): new and RESET clients get them. */
export let defaultUserCheck: u32 = 0;
export function setDefaultUserRestricted(mode: i32): void {
  defaultUserCheck = mode == 1 ? CLIENT_ACL_FULL : mode == 2 ? CLIENT_ACL_CHANNELS : 0;
}

/** Result of aclAuthenticate when the one-argument AUTH form meets a nopass default user. */
export const AUTH_NOPASS_DEFAULT: i32 = -1;

/**
 * Asks the host to authenticate the client as user argument `u` with password argument `pw`
 * (u < 0: the default user, one-argument AUTH). True on success, with the client's flags set.
 */
export function aclAuthenticate(c: Client, up: usize, ul: u32, pp: usize, pl: u32): i32 {
  const r = hostAclAuth(changetype<u32>(c), <u32>up, ul, <u32>pp, pl);
  if (r < 0) return r;
  if ((r & 1) != 0) {
    c.flags |= 2; // CLIENT_AUTHENTICATED
    c.flags &= ~CLIENT_ACL_CHECK;
    if ((r & 2) != 0) c.flags |= CLIENT_ACL_FULL;
    else if ((r & 4) != 0) c.flags |= CLIENT_ACL_CHANNELS;
  }
  return r & 1;
}

/** The commands whose arguments are channels ACLs check (Redis getChannelsFromCommand). */
function namesChannels(id: i32): bool {
  return id == CMD_PUBLISH || id == CMD_SPUBLISH || id == CMD_SUBSCRIBE || id == CMD_SSUBSCRIBE || id == CMD_PSUBSCRIBE;
}

/**
 * Redis processCommand's ACLCheckAllPerm block for a restricted client: true (and the NOPERM
 * error written) if the command `id` is denied.
 */
export function aclDenied(c: Client, id: i32): bool {
  if ((c.flags & CLIENT_ACL_FULL) == 0 && !namesChannels(id)) return false;
  c.lastCmd = id; // Redis sets c->lastcmd before the check: the ACL LOG's client info shows it
  const r = hostAclCheck(changetype<u32>(c), id);
  if (r == ACL_OK) return false;
  errBegin(c);
  if (id == CMD_EXEC) {
    // Redis rejectCommand: a refused EXEC aborts the transaction (execCommandAbort).
    discardTransaction(c);
    errStr(c, "EXECABORT Transaction discarded because of: ");
  }
  if (r == ACL_DENIED_CMD) {
    errStr(c, "NOPERM this user has no permissions to run the '");
    errBytes(c, commandNamePtr(id), commandNameLen(id));
    errStr(c, "' command");
  } else if (r == ACL_DENIED_KEY) {
    errStr(c, "NOPERM this user has no permissions to access one of the keys used as arguments");
  } else if (r == ACL_DENIED_CHANNEL) {
    errStr(c, "NOPERM this user has no permissions to access one of the channels used as arguments");
  } else {
    errStr(c, "NOPERM no permission");
  }
  errEnd(c);
  return true;
}

/**
 * Redis execCommand's re-check of a queued command of a restricted client (rules may have
 * changed since it was queued): true, with the error written, if it is now denied.
 */
export function aclExecDenied(c: Client, id: i32): bool {
  if ((c.flags & CLIENT_ACL_FULL) == 0 && !namesChannels(id)) return false;
  const r = hostAclCheck(changetype<u32>(c), id);
  if (r == ACL_OK) return false;
  errBegin(c);
  errStr(c, "NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call. This command is no longer allowed for the following reason: ");
  if (r == ACL_DENIED_CMD) errStr(c, "no permission to execute the command or subcommand");
  else if (r == ACL_DENIED_KEY) errStr(c, "no permission to touch the specified keys");
  else if (r == ACL_DENIED_CHANNEL) errStr(c, "no permission to access one of the channels used as arguments");
  else errStr(c, "no permission");
  errEnd(c);
  return true;
}

/**
 * Arguments Redis replaces with "(redacted)" in the slow log (redactClientCommandArgument):
 * AUTH's, HELLO's AUTH user and password, ACL SETUSER's, the values of CONFIG SET requirepass /
 * masterauth, MIGRATE's AUTH / AUTH2 credentials. `id` is the command c's argv holds.
 */
export function aclRedactedArg(c: Client, id: i32, j: i32): bool {
  if (j == 0) return false;
  if (id == CMD_AUTH) return true;
  if (id == CMD_ACL_SETUSER) return j >= 2;
  if (id == CMD_HELLO) {
    for (let i = c.argc >= 2 ? 2 : 1; i < c.argc; i++) {
      const more = c.argc - 1 - i;
      if (argIs(c, i, "auth") && more >= 2) {
        if (j == i + 1 || j == i + 2) return true;
        i += 2;
      } else if (argIs(c, i, "setname") && more >= 1) i++;
      else break;
    }
    return false;
  }
  if (id == CMD_CONFIG_SET) {
    return j >= 3 && (j & 1) == 1 && (argIs(c, j - 1, "requirepass") || argIs(c, j - 1, "masterauth"));
  }
  if (id == CMD_MIGRATE) {
    for (let i = 6; i < c.argc; i++) {
      if (argIs(c, i, "auth")) {
        if (j == i + 1) return true;
        i++;
      } else if (argIs(c, i, "auth2")) {
        if (j == i + 1 || j == i + 2) return true;
        i += 2;
      } else if (argIs(c, i, "keys")) break;
    }
  }
  return false;
}

/**
 * Redis ACLUserCheckCmdWithUnrestrictedKeyAccess(CMD_KEY_ACCESS) for SORT's BY / GET patterns
 * (which read keys no key spec names): can c's user run this command and read every key?
 * Clients without CLIENT_ACL_FULL have allkeys on their root selector.
 */
export function aclFullReadAccess(c: Client): bool {
  if ((c.flags & CLIENT_ACL_FULL) == 0) return true;
  return hostAclCheck(changetype<u32>(c), -1 - c.lastCmd) != 0;
}
