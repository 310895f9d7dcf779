// debug.ts — the engine side of DEBUG (Redis: debug.c's debugCommand).
//
// DEBUG is a grab bag of introspection and test hooks. The subcommands that only need the
// keyspace or the calling client run here: HELP, OBJECT, POPULATE, SET-ACTIVE-EXPIRE,
// PROTOCOL and ERROR. Everything else (SLEEP, which must block the whole server as Redis
// does, and whatever the host families add: RELOAD, LOADAOF, LOG ...) is handed to the host
// (host/core/cmd/debug.ts), which also replies Redis's "unknown subcommand" error for the
// subcommands nobody implements.
//
// DEBUG is a "protected" command: Redis 7.0 refuses it unless enable-debug-command is "yes",
// or "local" and the client is local. The host pushes the setting down (setConfig) and marks
// local clients (CLIENT_LOCAL). The default is "no", as in Redis.
//
// DEBUG OBJECT prints Redis's exact line. Its fields are emulated where the engine's layout
// differs from Redis's: "Value at" is the entry's address in linear memory, "refcount" is
// 2147483647 (OBJ_SHARED_REFCOUNT) for the small integers Redis shares (0..9999) and 1
// otherwise, and "serializedlength" is the size of the value's RDB encoding (computed here
// for strings, including LZF compression of strings longer than 20 bytes).

import { argLen, argPtr, Client, CLIENT_LOCAL } from "../client";
import { addReplyArrayLen, addReplyBool, addReplyBulkStr, addReplyError, addReplyLongLong,
  addReplyMapLen, addReplyNull, addReplyOK, addReplyProto, addReplyRaw, addReplySetLen,
  addReplyStatusBytes } from "../resp/reply";
import { ERR_DEBUG_NOT_ALLOWED, ERR_NO_SUCH_KEY, ERR_POSITIVE, ERR_STRING_TOO_LONG } from "../resp/errors";
import { dbSetString, lastHash, lookupKeyWrite, lruClock } from "../db/db";
import { setActiveExpire } from "../db/expire";
import { dictFind } from "../ds/dict";
import { hashBytes } from "../util/hash";
import { entryEncoding, entryLru, entryStrLen, entryStrPtr, entryType, ENC_INT, encodingName,
  OBJ_STRING, rawStringEncodingFor } from "../db/object";
import { ll2string, parsedLL, string2ll } from "../util/number";
import { lzfCompress } from "../util/lzf";
import { zcalloc, zfree, zmalloc } from "../mem/alloc";
import { protoMaxBulkLen } from "../resp/parser";
import { handToHost } from "../server";
import { debugDigestCommand, debugDigestValueCommand } from "./dump";
import { rdbSavedObjectLen } from "../rdb/save";
import { argIs } from "./common";
import { addReplyHelpText } from "./connection";
import { nodeCompressedLen, nodeLp, nodeNext, nodeSz, qlCompressDepth, qlCount, qlFill, qlHead, qlLen,
  qlUncompressedSize } from "../ds/quicklist";
import { fmtFixedF64 } from "../util/longdouble";
import { entryVal, OBJ_LIST, ENC_RAW } from "../db/object";
import { ENC_LISTPACK, OBJ_ZSET } from "../db/object";
import { lpBytes } from "../ds/listpack";
import { ZSet, zslNodeBackward, zslNodeKeyLen, zslNodeKeyPtr } from "../ds/skiplist";

/** enable-debug-command: 0 "no", 1 "yes", 2 "local". */
export let enableDebugCommand: i32 = 0;
export function setEnableDebugCommand(v: i32): void { enableDebugCommand = v; }

export function debugCommand(c: Client): void {
  if (enableDebugCommand != 1 && !(enableDebugCommand == 2 && (c.flags & CLIENT_LOCAL) != 0)) {
    addReplyError(c, ERR_DEBUG_NOT_ALLOWED);
    return;
  }
  if (c.argc == 2 && argIs(c, 1, "help")) {
    addReplyHelpText(c, DEBUG_HELP);
  } else if (argIs(c, 1, "object") && c.argc == 3) {
    debugObject(c);
  } else if (argIs(c, 1, "populate") && c.argc >= 3 && c.argc <= 5) {
    debugPopulate(c);
  } else if (argIs(c, 1, "set-active-expire") && c.argc == 3) {
    setActiveExpire(atoi(argPtr(c, 2), argLen(c, 2)) != 0);
    addReplyOK(c);
  } else if (argIs(c, 1, "protocol") && c.argc == 3) {
    debugProtocol(c);
  } else if (argIs(c, 1, "error") && c.argc == 3) {
    debugError(c);
  } else if (argIs(c, 1, "digest") && c.argc == 2) {
    debugDigestCommand(c); // rdb/digest.ts via t/dump.ts
  } else if (argIs(c, 1, "digest-value") && c.argc >= 2) {
    debugDigestValueCommand(c);
  } else {
    // SLEEP and the host's subcommands; the host replies the unknown-subcommand error.
    handToHost(c);
  }
}

/** C's atoi: optional spaces and sign, then digits up to the first non-digit; (int)strtol. */
function atoi(p: usize, n: u32): i32 {
  let i: u32 = 0;
  while (i < n) {
    const b = load<u8>(p + i);
    if (b != 32 && (b < 9 || b > 13)) break;
    i++;
  }
  let neg = false;
  if (i < n && (load<u8>(p + i) == 45 || load<u8>(p + i) == 43)) {
    neg = load<u8>(p + i) == 45;
    i++;
  }
  let v: i64 = 0;
  let overflow = false;
  while (i < n) {
    const b = load<u8>(p + i);
    if (b < 48 || b > 57) break;
    if (v > (i64.MAX_VALUE - <i64>(b - 48)) / 10) overflow = true;
    else v = v * 10 + <i64>(b - 48);
    i++;
  }
  if (overflow) v = neg ? i64.MIN_VALUE : i64.MAX_VALUE; // strtol saturates
  else if (neg) v = -v;
  return <i32>v; // then truncates to int
}

// ---- DEBUG OBJECT --------------------------------------------------------------------------

/** Bytes of an RDB length prefix (Redis: rdbSaveLen). */
function rdbLenSize(n: u64): u64 {
  if (n < 64) return 1;
  if (n < 16384) return 2;
  if (n <= 0xffffffff) return 5;
  return 9;
}

/** Bytes of an integer in RDB's compact int encodings, 0 if it needs a string (rdbEncodeInteger). */
function rdbIntSize(v: i64): u64 {
  if (v >= -128 && v <= 127) return 2;
  if (v >= -32768 && v <= 32767) return 3;
  if (v >= -2147483648 && v <= 2147483647) return 5;
  return 0;
}

/** Size of a string value in an RDB file (Redis: rdbSaveStringObject with rdbcompression yes). */
export function rdbStringSize(p: usize, n: u32, enc: u8): u64 {
  if (enc == ENC_INT || (n <= 11 && n > 0)) {
    // Integer encoding when the bytes are a canonical integer that fits 32 bits.
    if (string2ll(p, <i32>n)) {
      const s = rdbIntSize(parsedLL);
      if (s > 0) return s;
    }
  }
  if (n > 20) {
    const outLen = n - 4;
    const out = zmalloc(<usize>outLen + 1);
    const comp = lzfCompress(p, n, out, outLen);
    zfree(out);
    if (comp > 0) return 1 + rdbLenSize(comp) + rdbLenSize(n) + <u64>comp;
  }
  return rdbLenSize(n) + <u64>n;
}

/** serializedlength of an entry (Redis: rdbSavedObjectLen). */
function serializedLength(e: usize): u64 {
  if (entryType(e) == OBJ_STRING) return rdbStringSize(entryStrPtr(e), entryStrLen(e), entryEncoding(e));
  if (entryType(e) == OBJ_LIST) return listSerializedLength(<usize>entryVal(e));
  if (entryType(e) == OBJ_ZSET) return zsetSerializedLength(e);
  return rdbSavedObjectLen(e); // the RDB writer itself (rdb/save.ts)
}

/**
 * A sorted set in RDB: a listpack as one string (RDB_TYPE_ZSET_LISTPACK); a skiplist as the
 * member count, then from the highest score down each member as a string and its score as an
 * 8-byte binary double (RDB_TYPE_ZSET_2).
 */
function zsetSerializedLength(e: usize): u64 {
  const v = <usize>entryVal(e);
  if (entryEncoding(e) == ENC_LISTPACK) return rdbStringSize(v, lpBytes(v), ENC_RAW);
  const zs = changetype<ZSet>(v);
  let n = rdbLenSize(<u64>zs.length);
  for (let x = zs.tail; x != 0; x = zslNodeBackward(x)) n += rdbStringSize(zslNodeKeyPtr(x), zslNodeKeyLen(x), ENC_RAW) + 8;
  return n;
}

/**
 * A list in RDB (RDB_TYPE_LIST_QUICKLIST_2): the node count, then per node its container
 * type (1 byte) and its listpack as a string (LZF-compressed when that pays, like any string).
 */
function listSerializedLength(ql: usize): u64 {
  let n = rdbLenSize(<u64>qlLen(ql));
  for (let node = qlHead(ql); node != 0; node = nodeNext(node)) {
    const clen = nodeCompressedLen(node);
    // A compressed node is written as its LZF blob: marker, both lengths, the bytes.
    if (clen != 0) n += 2 + rdbLenSize(<u64>clen) + rdbLenSize(<u64>nodeSz(node)) + <u64>clen;
    else n += 1 + rdbStringSize(nodeLp(node), nodeSz(node), ENC_RAW);
  }
  return n;
}

let lineBuf: usize = 0;
let lineLen: u32 = 0;

function putStr(s: string): void {
  for (let i = 0; i < s.length; i++) store<u8>(lineBuf + lineLen + i, <u8>s.charCodeAt(i));
  lineLen += s.length;
}

function putNum(v: i64): void {
  lineLen += ll2string(lineBuf + lineLen, v);
}

function putHex(v: u64): void {
  putStr("0x");
  let digits = 1;
  while (digits < 16 && (v >> (<u64>digits * 4)) != 0) digits++;
  for (let i = digits - 1; i >= 0; i--) {
    const d = <u8>((v >> (<u64>i * 4)) & 15);
    store<u8>(lineBuf + lineLen++, d < 10 ? 48 + d : 87 + d);
  }
}

function debugObject(c: Client): void {
  const kp = argPtr(c, 2);
  const kl = argLen(c, 2);
  // A raw dict lookup, as Redis's: no lazy expiry, no LRU update, no stats.
  const e = dictFind(c.db.dict, kp, kl, hashBytes(kp, kl));
  if (e == 0) {
    addReplyError(c, ERR_NO_SUCH_KEY);
    return;
  }
  const enc = entryEncoding(e);
  let refcount: i64 = 1;
  if (entryType(e) == OBJ_STRING && enc == ENC_INT && string2ll(entryStrPtr(e), <i32>entryStrLen(e))
      && parsedLL >= 0 && parsedLL < 10000) {
    refcount = 2147483647; // one of Redis's shared integer objects
  }
  const lru = entryLru(e);
  const idle: i64 = lruClock >= lru ? <i64>(lruClock - lru) : <i64>(lruClock + (0xffffff - lru));
  if (lineBuf == 0) lineBuf = zmalloc(512);
  lineLen = 0;
  putStr("Value at:");
  putHex(<u64>e);
  putStr(" refcount:");
  putNum(refcount);
  putStr(" encoding:");
  putStr(encodingName(enc));
  putStr(" serializedlength:");
  putNum(<i64>serializedLength(e));
  putStr(" lru:");
  putNum(<i64>lru);
  putStr(" lru_seconds_idle:");
  putNum(idle);
  if (entryType(e) == OBJ_LIST) {
    // Redis appends the quicklist's shape for lists.
    const ql = <usize>entryVal(e);
    putStr(" ql_nodes:");
    putNum(<i64>qlLen(ql));
    putStr(" ql_avg_node:");
    lineLen += fmtFixedF64(lineBuf + lineLen, <f64>qlCount(ql) / <f64>qlLen(ql), 2);
    putStr(" ql_listpack_max:");
    putNum(<i64>qlFill(ql));
    putStr(" ql_compressed:");
    putNum(qlCompressDepth(ql) != 0 ? 1 : 0);
    putStr(" ql_uncompressed_size:");
    putNum(<i64>qlUncompressedSize(ql));
  }
  addReplyStatusBytes(c, lineBuf, lineLen);
}

// ---- DEBUG POPULATE -------------------------------------------------------------------------

/** Redis: getPositiveLongFromObjectOrReply with its default message for every failure. */
function positiveArg(c: Client, i: i32): i64 {
  if (!string2ll(argPtr(c, i), <i32>argLen(c, i)) || parsedLL < 0) {
    addReplyError(c, ERR_POSITIVE);
    return -1;
  }
  return parsedLL;
}

/**
 * DEBUG POPULATE count [prefix] [size]: keys "<prefix>:<n>" (default prefix "key") holding
 * "value:<n>", padded with zero bytes or cut to `size` when given; keys that already exist
 * are left alone. Like Redis, nothing is propagated and the dirty counter does not move.
 */
function debugPopulate(c: Client): void {
  const keys = positiveArg(c, 2);
  if (keys < 0) return;
  let valsize: i64 = 0;
  if (c.argc == 5) {
    valsize = positiveArg(c, 4);
    if (valsize < 0) return;
    if (valsize > protoMaxBulkLen) { // Redis would try; we refuse sizes that cannot fit
      addReplyError(c, ERR_STRING_TOO_LONG);
      return;
    }
  }
  // The key is snprintf'd into 128 bytes: "%s:%lu" with the prefix up to its first NUL.
  const kbuf = memory.data(160);
  let plen: u32 = 3;
  if (c.argc == 3) {
    store<u8>(kbuf, 107); store<u8>(kbuf + 1, 101); store<u8>(kbuf + 2, 121); // "key"
  } else {
    const pp = argPtr(c, 3);
    const pn = argLen(c, 3);
    plen = 0;
    while (plen < pn && plen < 127 && load<u8>(pp + plen) != 0) {
      store<u8>(kbuf + plen, load<u8>(pp + plen));
      plen++;
    }
  }
  const vbuf = memory.data(32);
  const big = valsize > 0 ? zcalloc(<usize>valsize) : 0;
  for (let j: i64 = 0; j < keys; j++) {
    let kl = plen;
    if (kl < 127) {
      store<u8>(kbuf + kl, 58); // ':'
      kl++;
      kl += ll2string(kbuf + kl, j);
      if (kl > 127) kl = 127;
    }
    if (lookupKeyWrite(c.db, kbuf, kl) != 0) continue;
    const h = lastHash;
    store<u32>(vbuf, 0x756c6176); // "valu"
    store<u16>(vbuf + 4, 0x3a65); // "e:"
    const vl = <u32>(6 + ll2string(vbuf + 6, j));
    if (valsize == 0) {
      dbSetString(c.db, kbuf, kl, h, 0, vbuf, vl, rawStringEncodingFor(vl), false);
    } else {
      const n = <u32>valsize;
      memory.copy(big, vbuf, n < vl ? n : vl);
      dbSetString(c.db, kbuf, kl, h, 0, big, n, rawStringEncodingFor(n), false);
    }
  }
  zfree(big);
  addReplyOK(c);
}

// ---- DEBUG PROTOCOL / ERROR ------------------------------------------------------------------

/** One reply of each RESP type, as Redis's test values. */
function debugProtocol(c: Client): void {
  const resp3 = c.resp >= 3;
  if (argIs(c, 2, "string")) {
    addReplyBulkStr(c, "Hello World");
  } else if (argIs(c, 2, "integer")) {
    addReplyLongLong(c, 12345);
  } else if (argIs(c, 2, "double")) {
    addReplyProto(c, resp3 ? ",3.141\r\n" : "$5\r\n3.141\r\n");
  } else if (argIs(c, 2, "bignum")) {
    addReplyProto(c, resp3 ? "(1234567999999999999999999999999999999\r\n"
      : "$37\r\n1234567999999999999999999999999999999\r\n");
  } else if (argIs(c, 2, "null")) {
    addReplyNull(c);
  } else if (argIs(c, 2, "array") || argIs(c, 2, "set")) {
    if (argIs(c, 2, "set")) addReplySetLen(c, 3);
    else addReplyArrayLen(c, 3);
    for (let j = 0; j < 3; j++) addReplyLongLong(c, j);
  } else if (argIs(c, 2, "map")) {
    addReplyMapLen(c, 3);
    for (let j = 0; j < 3; j++) {
      addReplyLongLong(c, j);
      addReplyBool(c, j == 1);
    }
  } else if (argIs(c, 2, "attrib")) {
    if (resp3) addReplyProto(c, "|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n");
    addReplyBulkStr(c, "Some real reply following the attribute");
  } else if (argIs(c, 2, "push")) {
    if (!resp3) {
      addReplyError(c, "ERR RESP2 is not supported by this command");
      return;
    }
    addReplyProto(c, ">2\r\n$16\r\nserver-cpu-usage\r\n:42\r\n");
    addReplyBulkStr(c, "Some real reply following the push reply");
  } else if (argIs(c, 2, "true")) {
    addReplyBool(c, true);
  } else if (argIs(c, 2, "false")) {
    addReplyBool(c, false);
  } else if (argIs(c, 2, "verbatim")) {
    addReplyProto(c, resp3 ? "=29\r\ntxt:This is a verbatim\nstring\r\n" : "$25\r\nThis is a verbatim\nstring\r\n");
  } else {
    addReplyError(c, "ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false");
  }
}

/** DEBUG ERROR msg: "-msg" with CR/LF turned to spaces; written raw, so not counted as an error reply. */
function debugError(c: Client): void {
  const p = argPtr(c, 2);
  const n = argLen(c, 2);
  addReplyProto(c, "-");
  const before = c.olen;
  addReplyRaw(c, p, n);
  if (c.olen == before + n) {
    const out = c.obuf + before;
    for (let i: u32 = 0; i < n; i++) {
      const b = load<u8>(out + i);
      if (b == 13 || b == 10) store<u8>(out + i, 32);
    }
  }
  addReplyProto(c, "\r\n");
}

const DEBUG_HELP =
  "DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\n" +
  "AOF-FLUSH-SLEEP <microsec>\n" +
  "    Server will sleep before flushing the AOF, this is used for testing.\n" +
  "ASSERT\n" +
  "    Crash by assertion failed.\n" +
  "CHANGE-REPL-ID\n" +
  "    Change the replication IDs of the instance.\n" +
  "    Dangerous: should be used only for testing the replication subsystem.\n" +
  "CONFIG-REWRITE-FORCE-ALL\n" +
  "    Like CONFIG REWRITE but writes all configuration options, including\n" +
  "    keywords not listed in original configuration file or default values.\n" +
  "CRASH-AND-RECOVER [<milliseconds>]\n" +
  "    Hard crash and restart after a <milliseconds> delay (default 0).\n" +
  "DIGEST\n" +
  "    Output a hex signature representing the current DB content.\n" +
  "DIGEST-VALUE <key> [<key> ...]\n" +
  "    Output a hex signature of the values of all the specified keys.\n" +
  "ERROR <string>\n" +
  "    Return a Redis protocol error with <string> as message. Useful for clients\n" +
  "    unit tests to simulate Redis errors.\n" +
  "LEAK <string>\n" +
  "    Create a memory leak of the input string.\n" +
  "LOG <message>\n" +
  "    Write <message> to the server log.\n" +
  "HTSTATS <dbid>\n" +
  "    Return hash table statistics of the specified Redis database.\n" +
  "HTSTATS-KEY <key>\n" +
  "    Like HTSTATS but for the hash table stored at <key>'s value.\n" +
  "LOADAOF\n" +
  "    Flush the AOF buffers on disk and reload the AOF in memory.\n" +
  "REPLICATE <string>\n" +
  "    Replicates the provided string to replicas, allowing data divergence.\n" +
  "MALLCTL <key> [<val>]\n" +
  "    Get or set a malloc tuning integer.\n" +
  "MALLCTL-STR <key> [<val>]\n" +
  "    Get or set a malloc tuning string.\n" +
  "OBJECT <key>\n" +
  "    Show low level info about `key` and associated value.\n" +
  "DROP-CLUSTER-PACKET-FILTER <packet-type>\n" +
  "    Drop all packets that match the filtered type. Set to -1 allow all packets.\n" +
  "OOM\n" +
  "    Crash the server simulating an out-of-memory error.\n" +
  "PANIC\n" +
  "    Crash the server simulating a panic.\n" +
  "POPULATE <count> [<prefix>] [<size>]\n" +
  "    Create <count> string keys named key:<num>. If <prefix> is specified then\n" +
  "    it is used instead of the 'key' prefix. These are not propagated to\n" +
  "    replicas. Cluster slots are not respected so keys not belonging to the\n" +
  "    current node can be created in cluster mode.\n" +
  "PROTOCOL <type>\n" +
  "    Reply with a test value of the specified type. <type> can be: string,\n" +
  "    integer, double, bignum, null, array, set, map, attrib, push, verbatim,\n" +
  "    true, false.\n" +
  "RELOAD [option ...]\n" +
  "    Save the RDB on disk and reload it back to memory. Valid <option> values:\n" +
  "    * MERGE: conflicting keys will be loaded from RDB.\n" +
  "    * NOFLUSH: the existing database will not be removed before load, but\n" +
  "      conflicting keys will generate an exception and kill the server.\n" +
  "    * NOSAVE: the database will be loaded from an existing RDB file.\n" +
  "    Examples:\n" +
  "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload\n" +
  "      the database.\n" +
  "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an\n" +
  "      existing RDB file.\n" +
  "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB\n" +
  "      file to the database.\n" +
  "RESTART [<milliseconds>]\n" +
  "    Graceful restart: save config, db, restart after a <milliseconds> delay (default 0).\n" +
  "SDSLEN <key>\n" +
  "    Show low level SDS string info representing `key` and value.\n" +
  "SEGFAULT\n" +
  "    Crash the server with sigsegv.\n" +
  "SET-ACTIVE-EXPIRE <0|1>\n" +
  "    Setting it to 0 disables expiring keys in background when they are not\n" +
  "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the\n" +
  "    default.\n" +
  "QUICKLIST-PACKED-THRESHOLD <size>\n" +
  "    Sets the threshold for elements to be inserted as plain vs packed nodes\n" +
  "    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.\n" +
  "SET-SKIP-CHECKSUM-VALIDATION <0|1>\n" +
  "    Enables or disables checksum checks for RDB files and RESTORE's payload.\n" +
  "SLEEP <seconds>\n" +
  "    Stop the server for <seconds>. Decimals allowed.\n" +
  "STRINGMATCH-TEST\n" +
  "    Run a fuzz tester against the stringmatchlen() function.\n" +
  "STRUCTSIZE\n" +
  "    Return the size of different Redis core C structures.\n" +
  "LISTPACK <key>\n" +
  "    Show low level info about the listpack encoding of <key>.\n" +
  "QUICKLIST <key> [<0|1>]\n" +
  "    Show low level info about the quicklist encoding of <key>.\n" +
  "    The optional argument (0 by default) sets the level of detail\n" +
  "CLIENT-EVICTION\n" +
  "    Show low level client eviction pools info (maxmemory-clients).\n" +
  "PAUSE-CRON <0|1>\n" +
  "    Stop periodic cron job processing.\n" +
  "REPLYBUFFER PEAK-RESET-TIME <NEVER||RESET|time>\n" +
  "    Sets the time (in milliseconds) to wait between client reply buffer peak resets.\n" +
  "    In case NEVER is provided the last observed peak will never be reset\n" +
  "    In case RESET is provided the peak reset time will be restored to the default value\n" +
  "REPLYBUFFER RESIZING <0|1>\n" +
  "    Enable or disable the reply buffer resize cron job\n" +
  "CLUSTERLINK KILL <to|from|all> <node-id>\n" +
  "    Kills the link based on the direction to/from (both) with the provided node.\n" +
  "HELP\n" +
  "    Prints this help.";
