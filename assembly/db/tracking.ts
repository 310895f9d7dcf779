// tracking.ts — client-side caching, engine half (Redis: tracking.c's trackingRememberKeys and
// the calls of trackingInvalidateKey / trackingInvalidateKeysOnFlush).
//
// The tracking table (key -> ids of the clients that may cache it), the BCAST prefixes, the
// redirections and the invalidation messages are the host's (host/core/tracking.ts): they are
// about connections, like Pub/Sub. What only the engine sees is which keys a command read and
// which keys were modified, so it reports both as records of the effects log, which the host
// reads in order after each exec call (and cron step):
//
//   TRACK_READ        payload = client id u32 | command id u32 | the argv as a RESP multibulk:
//                     a read-only command ran for a client that tracks in default (non-BCAST)
//                     mode and wants this command's keys remembered (OPTIN/OPTOUT with CLIENT
//                     CACHING decided here, from its flags). The host takes the keys out of
//                     the argv with the command's key specs (COMMAND GETKEYS' code), exactly
//                     as Redis's getKeysFromCommand does.
//   TRACK_INVALIDATE  payload = current client id u32 | key: a key was modified
//                     (signalModifiedKey: writes, lazy and active expiry, eviction); the id is
//                     the client whose command runs (0 from the cron), for NOLOOP.
//   TRACK_FLUSH       payload = current client id u32: FLUSHDB / FLUSHALL (Redis sends every
//                     tracking client a null invalidation and empties the table).
//   TRACK_SCRIPT      as TRACK_READ, for EVAL / EVALSHA / FCALL (and _RO), with 1 in the db field
//                     when the caller wants keys remembered: the read-only commands the script
//                     then runs (TRACK_READ records of the Lua client) remember the keys of this
//                     command, as Redis 7.0.15 does; writes of the Lua client count as its
//                     caller's for NOLOOP.
//
// Zero cost when nobody tracks: the host sets `trackingOn` (setConfig 82) only while some
// client has tracking enabled, and every hook here is one load and a branch before that.
// The per-client bits below are set by the host (clientSetFlags) from CLIENT TRACKING / CLIENT
// CACHING; the engine clears CACHING after each command, as Redis's resetClient does.

import { argLen, argPtr, Client } from "../client";
import { effectTrack, effectTrackArgv, EFFECT_TRACK_FLUSH, EFFECT_TRACK_INVALIDATE, EFFECT_TRACK_READ, EFFECT_TRACK_SCRIPT,
  propagateArg as effectTrackArgvArg, propagateEnd as effectTrackArgvEnd } from "./effects";
import { commandFlags, commandParent, CMD_CLIENT, CMD_EVAL, CMD_EVALSHA, CMD_EVAL_RO, CMD_EVALSHA_RO, CMD_FCALL,
  CMD_FCALL_RO, CMD_FLAG_PUBSUB, CMD_FLAG_READONLY } from "../commands/table.gen";
import { CLIENT_SCRIPT } from "./script";
import { CLIENT_MULTI, execInProgress } from "./multi";

/** Tracking in default mode (not BCAST): the keys of its read-only commands are remembered. */
export const CLIENT_TRACKING_READS: u32 = 1 << 9;
/** OPTIN: only keys read right after CLIENT CACHING YES are remembered. */
export const CLIENT_TRACKING_OPTIN: u32 = 1 << 10;
/** OPTOUT: keys read right after CLIENT CACHING NO are not remembered. */
export const CLIENT_TRACKING_OPTOUT: u32 = 1 << 11;
/** CLIENT CACHING was given for the next command (cleared after it). */
export const CLIENT_TRACKING_CACHING: u32 = 1 << 14;

/** Some client tracks (set by the host): the hooks below record anything at all. */
export let trackingOn: bool = false;
export function setTrackingOn(on: bool): void { trackingOn = on; }

/** The id of the client whose command is running (Redis: server.current_client), for NOLOOP. */
export let trackingCurrentClient: u32 = 0;
/** That client tracks in default mode: a key it modifies may be one it was told about. */
let trackingCurrentReads: bool = false;
export function setTrackingCurrentClient(c: Client | null): void {
  trackingCurrentClient = c == null ? 0 : <u32>c.id;
  trackingCurrentReads = c != null && (c.flags & CLIENT_TRACKING_READS) != 0;
}

/**
 * The current client modified a key while tracking (or flushed): Redis sends it the
 * invalidation right after that command's reply (tracking_pending_keys), so the dispatcher
 * stops after the command (EXEC_READY) and the host appends the messages before the next
 * command's reply (server.ts runParsedCommand).
 */
export let trackingSelfPending: bool = false;
export function trackingSelfTaken(): void { trackingSelfPending = false; }

/**
 * After a command ran (server.ts call): remember the keys it read when the client tracks
 * (Redis: call's trackingRememberKeys block), then drop a CLIENT CACHING that applied to it.
 * Read-only scripts are not themselves remembered, only the commands they run.
 */
export function trackingAfterCommand(c: Client, id: i32): void {
  const f = c.flags;
  const flags = unchecked(commandFlags[id]);
  const reads = (flags & CMD_FLAG_READONLY) != 0 && (flags & CMD_FLAG_PUBSUB) == 0;
  if ((f & CLIENT_SCRIPT) != 0) {
    // A script's command: the host credits its caller (the last TRACK_SCRIPT record).
    if (trackingOn && reads) recordArgv(EFFECT_TRACK_READ, c, id, 0);
  } else if (id == CMD_EVAL || id == CMD_EVALSHA || id == CMD_EVAL_RO || id == CMD_EVALSHA_RO ||
      id == CMD_FCALL || id == CMD_FCALL_RO) {
    // Redis 7.0.15 remembers, for each read-only command a script runs, the keys of the
    // script's own command (trackingRememberKeys(caller) looks at the caller's argv): the
    // host does that from this record, decided here while CLIENT CACHING still applies.
    if (trackingOn) recordArgv(EFFECT_TRACK_SCRIPT, c, id, (f & CLIENT_TRACKING_READS) != 0 && wantsKeys(f) ? 1 : 0);
  } else if ((f & CLIENT_TRACKING_READS) != 0 && reads && wantsKeys(f)) {
    recordArgv(EFFECT_TRACK_READ, c, id, 0);
  }
  // Redis resetClient: CACHING lasts one command, unless that was a CLIENT command or the
  // client is in a transaction (queueing it, or EXEC running it: then it applies to every
  // command the EXEC runs).
  if ((f & CLIENT_TRACKING_CACHING) != 0 && (c.flags & CLIENT_MULTI) == 0 && !execInProgress(c) &&
      id != CMD_CLIENT && unchecked(commandParent[id]) != CMD_CLIENT) {
    c.flags &= ~CLIENT_TRACKING_CACHING;
  }
}

/** OPTIN without CACHING YES, or OPTOUT with CACHING NO: the keys are not remembered. */
function wantsKeys(f: u32): bool {
  const optin = (f & CLIENT_TRACKING_OPTIN) != 0;
  const optout = (f & CLIENT_TRACKING_OPTOUT) != 0;
  const caching = (f & CLIENT_TRACKING_CACHING) != 0;
  return !((optin && !caching) || (optout && caching));
}

function recordArgv(kind: u8, c: Client, id: i32, flag: u32): void {
  effectTrackArgv(kind, flag, <u32>c.id, id, c.argc);
  for (let i = 0; i < c.argc; i++) effectTrackArgvArg(argPtr(c, i), argLen(c, i));
  effectTrackArgvEnd();
}

/** Key (kp, kl) was modified (from signalModifiedKey): any db, as Redis's table has no db. */
export function trackingInvalidateKey(kp: usize, kl: u32): void {
  if (trackingCurrentReads) trackingSelfPending = true;
  effectTrack(EFFECT_TRACK_INVALIDATE, trackingCurrentClient, kp, kl);
}

/** FLUSHDB / FLUSHALL (Redis: trackingInvalidateKeysOnFlush). */
export function trackingInvalidateKeysOnFlush(): void {
  if (!trackingOn) return;
  if (trackingCurrentReads) trackingSelfPending = true;
  effectTrack(EFFECT_TRACK_FLUSH, trackingCurrentClient, 0, 0);
}
