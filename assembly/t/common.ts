// common.ts — small helpers shared by command handlers: argument access and the parsing
// helpers that reply Redis's error on failure (Redis: getLongLongFromObjectOrReply,
// checkType ...). Each "OrReply" helper returns false after writing the error, so handlers
// read as a chain of early returns.

import { argLen, argPtr, Client } from "../client";
import { addReplyError } from "../resp/reply";
import { ERR_NOT_INTEGER, ERR_WRONGTYPE } from "../resp/errors";
import { parsedLL, string2ll } from "../util/number";
import { entryType } from "../db/object";

/** Value parsed by the last successful *OrReply integer helper. */
export let argInt: i64 = 0;

export function getLongLongOrReply(c: Client, i: i32, err: string = ERR_NOT_INTEGER): bool {
  if (!string2ll(argPtr(c, i), <i32>argLen(c, i))) {
    addReplyError(c, err);
    return false;
  }
  argInt = parsedLL;
  return true;
}

/** Like getLongLongOrReply, then checks min <= v <= max (Redis: getRangeLongFromObjectOrReply). */
export function getRangeLongOrReply(c: Client, i: i32, min: i64, max: i64, err: string): bool {
  if (!string2ll(argPtr(c, i), <i32>argLen(c, i)) || parsedLL < min || parsedLL > max) {
    addReplyError(c, err);
    return false;
  }
  argInt = parsedLL;
  return true;
}

/** Replies WRONGTYPE and returns true if entry e is not of type t (Redis: checkType). */
export function checkType(c: Client, e: usize, t: u8): bool {
  if (e != 0 && entryType(e) != t) {
    addReplyError(c, ERR_WRONGTYPE);
    return true;
  }
  return false;
}

/** Case-insensitive comparison of argument i with a lower-case ASCII literal. */
export function argIs(c: Client, i: i32, lit: string): bool {
  const n = argLen(c, i);
  if (n != <u32>lit.length) return false;
  const p = argPtr(c, i);
  for (let j: u32 = 0; j < n; j++) {
    let b = load<u8>(p + j);
    if (b >= 65 && b <= 90) b += 32;
    if (b != <u8>lit.charCodeAt(j)) return false;
  }
  return true;
}
