// client.ts — per-connection state kept inside the engine (Redis: the client struct).
//
// The host owns the socket; the engine owns everything the protocol and the commands need:
// the query buffer (bytes not yet executed), the parser's progress through a partial
// command, the argument vector of the command being run, the reply buffer, the selected
// database, RESP version, name and flags. A Client is a fixed-size block from zmalloc
// (an @unmanaged class, so field access compiles to plain loads and stores).
//
//   query buffer  [ executed ... | cmdStart: partial command ... qlen | free ... qcap ]
//   argv          (ptr, len) pairs: while a command is only partly parsed, `ptr` holds an
//                 offset into the query buffer (the buffer may move between exec calls);
//                 once it is complete they are made absolute for the handlers.
//   reply buffer  [ bytes for the host to send ... olen | free ... ocap ]

import { zcalloc, zfree, zmalloc, zrealloc } from "./mem/alloc";
import { Db, dbAt } from "./db/db";

export const CLIENT_CLOSE_AFTER_REPLY: u32 = 1 << 0;
export const CLIENT_AUTHENTICATED: u32 = 1 << 1;
export const CLIENT_NO_EVICT: u32 = 1 << 2;
export const CLIENT_REPLY_OFF: u32 = 1 << 3;
export const CLIENT_REPLY_SKIP_NEXT: u32 = 1 << 4;
export const CLIENT_REPLY_SKIP: u32 = 1 << 5;
export const CLIENT_NO_TOUCH: u32 = 1 << 6;
/** Waiting in a blocking command (db/blocking.ts); the command is still in the query buffer. */
export const CLIENT_BLOCKED: u32 = 1 << 12;
/** Blocking commands must not block (MULTI, scripts): they reply as on a timeout. */
export const CLIENT_DENY_BLOCKING: u32 = 1 << 13;
/** A local connection (loopback, unix socket, embedded): set by the host; enable-debug-command "local". */
export const CLIENT_LOCAL: u32 = 1 << 20;
/**
 * Subscribed to a channel, pattern or shard channel (Redis: CLIENT_PUBSUB): set and cleared by
 * the host (host/core/pubsub.ts); in RESP2 it restricts the commands the client may run.
 */
export const CLIENT_PUBSUB: u32 = 1 << 18;
/** 1 << 28 and 1 << 22 are CLIENT_ACL_FULL and CLIENT_ACL_CHANNELS (acl.ts). */

export const REQ_UNKNOWN: i32 = 0;
export const REQ_MULTIBULK: i32 = 1;
export const REQ_INLINE: i32 = 2;

@unmanaged
export class Client {
  id: u64;
  db: Db;
  dbIndex: i32;
  resp: i32;
  flags: u32;
  // query buffer and parser state
  qbuf: usize;
  qlen: u32;
  qcap: u32;
  qpos: u32; // parse position
  cmdStart: u32; // start of the command being parsed
  reqType: i32;
  mbRemaining: i32; // multibulk arguments still to read; -1 = count line not read yet
  bulkLen: i64; // length of the bulk being read; -1 = "$" line not read yet
  // argument vector
  argc: i32;
  argvCap: i32;
  argv: usize; // (u32 ptr, u32 len) pairs
  inlineBuf: usize; // decoded inline arguments
  inlineCap: u32;
  // reply buffer
  obuf: usize;
  olen: u32;
  ocap: u32;
  // identity and bookkeeping
  name: usize;
  nameLen: u32;
  libName: usize;
  libNameLen: u32;
  libVer: usize;
  libVerLen: u32;
  ctime: i64;
  lastInteraction: i64;
  lastCmd: i32;
  hostCmd: i32; // command handed to the host, -1 if none
  totalNetIn: u64;
  argvMem: u64;
  // One-entry command cache: the exact bytes of the last top-level command name (up to 16)
  // and its id, so a pipeline of the same command skips lower-casing and hashing.
  cacheName0: u64;
  cacheName1: u64;
  cacheLen: u32;
  cacheId: i32;
  // blocking commands (db/blocking.ts): absolute timeout (unix ms, 0 = none) and the argv
  // indexes (u32 each) of the keys waited on
  bpopTimeout: i64;
  bpopKeys: usize;
  bpopNumKeys: i32;
  // a blocked command's own state (XREAD: the resolved IDs), freed by unblockKeys
  bpopData: usize;
  // MULTI: the queued commands and EXEC's progress (db/multi.ts), 0 outside a transaction
  mstate: usize;
  // a command handed to the host: when it started and the error count then (server.ts commandDone)
  cmdStartUs: f64;
  cmdErrors: u64;
  // "ip:port" of the peer as the host gave it (SLOWLOG entries), 0 if unknown
  peer: usize;
  peerLen: u32;
}

let nextClientId: u64 = 1;

export function clientCreate(): Client {
  const c = changetype<Client>(zcalloc(offsetof<Client>()));
  c.id = nextClientId++;
  c.db = dbAt(0);
  c.dbIndex = 0;
  c.resp = 2;
  c.mbRemaining = -1;
  c.bulkLen = -1;
  c.lastCmd = -1;
  c.hostCmd = -1;
  c.cacheId = -1;
  c.argvCap = 16;
  c.argv = zmalloc(16 << 3);
  return c;
}

export function clientFree(c: Client): void {
  zfree(c.qbuf);
  zfree(c.argv);
  zfree(c.inlineBuf);
  zfree(c.obuf);
  zfree(c.name);
  zfree(c.libName);
  zfree(c.libVer);
  zfree(c.peer);
  zfree(changetype<usize>(c));
}

export function selectDb(c: Client, id: i32): void {
  c.dbIndex = id;
  c.db = dbAt(id);
}

/** Makes room for n more bytes at the end of the query buffer; returns where to write. */
export function clientReserveInput(c: Client, n: u32): usize {
  const need = c.qlen + n;
  if (need > c.qcap) {
    let cap = c.qcap < 16384 ? <u32>16384 : c.qcap;
    while (cap < need) cap = cap < 0x40000000 ? cap * 2 : need;
    c.qbuf = zrealloc(c.qbuf, cap);
    c.qcap = cap;
  }
  return c.qbuf + c.qlen;
}

/** Drops executed bytes: moves the partial command to the buffer start. */
export function clientCompactInput(c: Client): void {
  const shift = c.cmdStart;
  if (shift == 0) return;
  const rest = c.qlen - shift;
  if (rest > 0) memory.copy(c.qbuf, c.qbuf + shift, rest);
  c.qlen = rest;
  c.qpos -= shift;
  c.cmdStart = 0;
  // argv of a partial multibulk command holds offsets: shift them too
  for (let i = 0; i < c.argc; i++) {
    const slot = c.argv + (<usize>i << 3);
    store<u32>(slot, load<u32>(slot) - shift);
  }
  // Give back a big buffer once it is mostly empty (Redis: clientsCronResizeQueryBuffer).
  if (c.qcap > 65536 && rest < c.qcap / 4) {
    let cap = rest < 16384 ? <u32>16384 : rest * 2;
    c.qbuf = zrealloc(c.qbuf, cap);
    c.qcap = cap;
  }
}

@inline export function argPtr(c: Client, i: i32): usize {
  return <usize>load<u32>(c.argv + (<usize>i << 3));
}

@inline export function argLen(c: Client, i: i32): u32 {
  return load<u32>(c.argv + (<usize>i << 3), 4);
}

export function argvPush(c: Client, ptr: u32, len: u32): void {
  if (c.argc == c.argvCap) {
    c.argvCap *= 2;
    c.argv = zrealloc(c.argv, <usize>c.argvCap << 3);
  }
  const slot = c.argv + (<usize>c.argc << 3);
  store<u32>(slot, ptr);
  store<u32>(slot, len, 4);
  c.argc++;
}

/** Replaces a stored byte string (name, lib-name ...) with a copy of (p, n). */
export function setClientString(old: usize, p: usize, n: u32): usize {
  zfree(old);
  if (n == 0) return 0;
  const b = zmalloc(n);
  memory.copy(b, p, n);
  return b;
}
