// rewrite.ts — the dataset as commands: the base file of an AOF rewrite when
// aof-use-rdb-preamble is no (Redis: rewriteAppendOnlyFileRio and its rewrite*Object helpers).
//
// The output is what redis-server 7.0.15 writes for the same data, command for command:
//
//   SELECT <db>                         before the keys of each non-empty database
//   SET k v                             strings
//   RPUSH / SADD / ZADD / HMSET k ...   collections, at most 64 items per command
//                                       (ZADD: score then member, scores as %.17g)
//   XADD k id f v ...                   every stream entry, then
//   XSETID k last ENTRIESADDED n MAXDELETEDID id
//   XGROUP CREATE k g last ENTRIESREAD n, then per consumer either XCLAIM ... JUSTID FORCE for
//                                       each pending entry or XGROUP CREATECONSUMER
//                                       (an empty stream first gets XADD k MAXLEN 0 0-1 x y)
//   PEXPIREAT k ms                      after a key with a TTL
//
// Like the RDB writer (rdb/save.ts, whose output buffer it shares) it runs in chunks: the host
// (or the BGSAVE worker over a memory snapshot) calls aofRewriteChunk until it returns 0.

import { Db, dbAt, dbCount, getExpire } from "../db/db";
import { dictBucketHead, dictNodeNext, dictSize, dictTableSize, Dict } from "../ds/dict";
import { ENC_INTSET, ENC_LISTPACK, entryEncoding, entryIsVolatile, entryKeyLen, entryKeyPtr, entryStrLen,
  entryStrPtr, entryType, entryVal, OBJ_HASH, OBJ_LIST, OBJ_SET, OBJ_STREAM, OBJ_STRING, OBJ_ZSET } from "../db/object";
import { hashBytes } from "../util/hash";
import { fmtG17, ll2string, ull2string } from "../util/number";
import { lpFirst, lpGet, lpInt, lpNext, lpStrLen, lpStrPtr } from "../ds/listpack";
import { intsetGet, intsetLen } from "../ds/intset";
import { qlCount, qlEntryP, qlIterRelease, qlIterStart, qlNext } from "../ds/quicklist";
import { ZSet, zslFirst, zslNext, zslNodeKeyLen, zslNodeKeyPtr, zslNodeScore } from "../ds/skiplist";
import { zzlGetScore } from "../t/zset";
import { arrAt, arrLen, consumerName, consumerNameLen, consumerPel, groupConsumers, groupEntriesRead, groupLastMs,
  groupLastSeq, groupName, groupNameLen, nackCount, nackTime, streamEntriesAdded, streamGroups, streamLastMs,
  streamLastSeq, streamLength, streamMaxDelMs, streamMaxDelSeq, StreamIterator, streamIteratorGetField,
  streamIteratorGetID, streamIteratorNew, streamIteratorStart } from "../ds/stream";
import { IdtIter, idtCount, idtIterRec, idtNext, idtSeekFirst, recMs, recSeq, recVal } from "../ds/idtree";
import { rdbOutLen, rdbOutReset, rdbWriteByte, rdbWriteRaw } from "../rdb/save";

/** Redis: AOF_REWRITE_ITEMS_PER_CMD. */
const ITEMS_PER_CMD: u32 = 64;
/** Bytes buffered before a chunk is handed to the host. */
const CHUNK: u32 = 1 << 20;

const NUM: usize = memory.data(64);

// ---- RESP writers over the shared output buffer ---------------------------------------------

function writeCount(prefix: u8, n: i64): void {
  rdbWriteByte(prefix);
  rdbWriteRaw(NUM, <u32>ll2string(NUM, n));
  rdbWriteByte(13);
  rdbWriteByte(10);
}

function writeBulk(p: usize, n: u32): void {
  writeCount(0x24, n);
  rdbWriteRaw(p, n);
  rdbWriteByte(13);
  rdbWriteByte(10);
}

function writeBulkStr(s: string): void {
  writeCount(0x24, s.length);
  for (let i = 0; i < s.length; i++) rdbWriteByte(<u8>s.charCodeAt(i));
  rdbWriteByte(13);
  rdbWriteByte(10);
}

function writeBulkLL(v: i64): void {
  const n = <u32>ll2string(NUM + 32, v);
  writeBulk(NUM + 32, n);
}

function writeBulkId(ms: u64, seq: u64): void {
  let n = ull2string(NUM + 32, ms);
  store<u8>(NUM + 32 + <usize>n, 0x2d); // '-'
  n++;
  n += ull2string(NUM + 32 + <usize>n, seq);
  writeBulk(NUM + 32, <u32>n);
}

function writeBulkScore(v: f64): void {
  const n = fmtG17(NUM + 32, v);
  writeBulk(NUM + 32, <u32>n);
}

/** A listpack element as a bulk (integers in decimal). */
function writeBulkLp(p: usize): void {
  if (lpGet(p)) writeBulk(lpStrPtr, lpStrLen);
  else writeBulkLL(lpInt);
}

/** Starts a batch command when `count` items have been written in the current one. */
function batchHeader(count: u32, left: u64, name: string, perItem: i32, e: usize): void {
  if (count != 0) return;
  const items = left > <u64>ITEMS_PER_CMD ? <i64>ITEMS_PER_CMD : <i64>left;
  writeCount(0x2a, 2 + items * perItem);
  writeBulkStr(name);
  writeBulk(entryKeyPtr(e), entryKeyLen(e));
}

// ---- per type --------------------------------------------------------------------------------

// Dict-encoded sets and hashes: one walk over both tables, a node writer per kind. The batch
// state lives here because AssemblyScript function references cannot capture variables.
let batchKey: usize = 0;
let batchCount: u32 = 0;
let batchLeft: u64 = 0;

function eachDictNode(d: Dict, write: (n: usize) => void): void {
  batchCount = 0;
  batchLeft = dictSize(d);
  for (let t = 0; t < 2; t++) {
    const size = dictTableSize(d, t);
    for (let i: u64 = 0; i < size; i++) {
      for (let n = dictBucketHead(d, t, i); n != 0; n = dictNodeNext(n)) {
        write(n);
        if (++batchCount == ITEMS_PER_CMD) batchCount = 0;
        batchLeft--;
      }
    }
  }
}

/** Set node: | next | len | member |. */
function writeSetNode(n: usize): void {
  batchHeader(batchCount, batchLeft, "SADD", 1, batchKey);
  writeBulk(n + 8, load<u32>(n + 4));
}

/** Hash node: | next | keyLen | valLen | key | value |. */
function writeHashNode(n: usize): void {
  batchHeader(batchCount, batchLeft, "HMSET", 2, batchKey);
  const kl = load<u32>(n + 4);
  writeBulk(n + 12, kl);
  writeBulk(n + 12 + <usize>kl, load<u32>(n + 8));
}

function rewriteList(e: usize, v: usize): void {
  let left = <u64>qlCount(v);
  let count: u32 = 0;
  qlIterStart(v, true);
  while (qlNext()) {
    batchHeader(count, left, "RPUSH", 1, e);
    writeBulkLp(qlEntryP);
    if (++count == ITEMS_PER_CMD) count = 0;
    left--;
  }
  qlIterRelease();
}

function rewriteSet(e: usize, v: usize): void {
  let count: u32 = 0;
  if (entryEncoding(e) == ENC_INTSET) {
    const n = intsetLen(v);
    let left = <u64>n;
    for (let i: u32 = 0; i < n; i++) {
      batchHeader(count, left, "SADD", 1, e);
      writeBulkLL(intsetGet(v, i));
      if (++count == ITEMS_PER_CMD) count = 0;
      left--;
    }
    return;
  }
  batchKey = e;
  eachDictNode(changetype<Dict>(v), writeSetNode);
}

function rewriteZset(e: usize, v: usize): void {
  let count: u32 = 0;
  if (entryEncoding(e) == ENC_LISTPACK) {
    let left: u64 = 0;
    for (let p = lpFirst(v); p != 0; p = lpNext(v, lpNext(v, p))) left++;
    let p = lpFirst(v);
    while (p != 0) {
      const sp = lpNext(v, p);
      batchHeader(count, left, "ZADD", 2, e);
      writeBulkScore(zzlGetScore(sp));
      writeBulkLp(p);
      if (++count == ITEMS_PER_CMD) count = 0;
      left--;
      p = lpNext(v, sp);
    }
    return;
  }
  const zs = changetype<ZSet>(v);
  let left: u64 = 0;
  for (let x = zslFirst(zs); x != 0; x = zslNext(x)) left++;
  for (let x = zslFirst(zs); x != 0; x = zslNext(x)) {
    batchHeader(count, left, "ZADD", 2, e);
    writeBulkScore(zslNodeScore(x));
    writeBulk(zslNodeKeyPtr(x), zslNodeKeyLen(x));
    if (++count == ITEMS_PER_CMD) count = 0;
    left--;
  }
}

function rewriteHash(e: usize, v: usize): void {
  let count: u32 = 0;
  if (entryEncoding(e) == ENC_LISTPACK) {
    let left: u64 = 0;
    for (let p = lpFirst(v); p != 0; p = lpNext(v, lpNext(v, p))) left++;
    let p = lpFirst(v);
    while (p != 0) {
      const q = lpNext(v, p);
      batchHeader(count, left, "HMSET", 2, e);
      writeBulkLp(p);
      writeBulkLp(q);
      if (++count == ITEMS_PER_CMD) count = 0;
      left--;
      p = lpNext(v, q);
    }
    return;
  }
  batchKey = e;
  eachDictNode(changetype<Dict>(v), writeHashNode);
}

let si: StreamIterator | null = null;
const pelIt = changetype<IdtIter>(memory.data(offsetof<IdtIter>()));

function rewriteStream(e: usize, s: usize): void {
  const kp = entryKeyPtr(e);
  const kl = entryKeyLen(e);
  if (streamLength(s) > 0) {
    if (si == null) si = streamIteratorNew();
    const it = changetype<StreamIterator>(changetype<usize>(si));
    streamIteratorStart(it, s, 0, 0, u64.MAX_VALUE, u64.MAX_VALUE, false);
    while (streamIteratorGetID(it)) {
      const fields = it.numFields;
      writeCount(0x2a, 3 + <i64>fields * 2);
      writeBulkStr("XADD");
      writeBulk(kp, kl);
      writeBulkId(it.idMs, it.idSeq);
      for (let f: i64 = 0; f < fields; f++) {
        streamIteratorGetField(it);
        writeBulk(it.fieldPtr, it.fieldLen);
        writeBulk(it.valuePtr, it.valueLen);
      }
    }
  } else {
    // an empty stream: created by an XADD trimmed to nothing (XSETID then sets its IDs)
    writeCount(0x2a, 7);
    writeBulkStr("XADD");
    writeBulk(kp, kl);
    writeBulkStr("MAXLEN");
    writeBulkStr("0");
    writeBulkId(0, 1);
    writeBulkStr("x");
    writeBulkStr("y");
  }
  writeCount(0x2a, 7);
  writeBulkStr("XSETID");
  writeBulk(kp, kl);
  writeBulkId(streamLastMs(s), streamLastSeq(s));
  writeBulkStr("ENTRIESADDED");
  writeBulkLL(<i64>streamEntriesAdded(s));
  writeBulkStr("MAXDELETEDID");
  writeBulkId(streamMaxDelMs(s), streamMaxDelSeq(s));
  const groups = streamGroups(s);
  const ng: u32 = groups == 0 ? 0 : arrLen(groups);
  for (let i: u32 = 0; i < ng; i++) {
    const g = arrAt(groups, i);
    writeCount(0x2a, 7);
    writeBulkStr("XGROUP");
    writeBulkStr("CREATE");
    writeBulk(kp, kl);
    writeBulk(groupName(g), groupNameLen(g));
    writeBulkId(groupLastMs(g), groupLastSeq(g));
    writeBulkStr("ENTRIESREAD");
    writeBulkLL(groupEntriesRead(g));
    const cs = groupConsumers(g);
    const nc: u32 = cs == 0 ? 0 : arrLen(cs);
    for (let j: u32 = 0; j < nc; j++) {
      const c = arrAt(cs, j);
      const cpel = consumerPel(c);
      if (idtCount(cpel) == 0) {
        writeCount(0x2a, 5);
        writeBulkStr("XGROUP");
        writeBulkStr("CREATECONSUMER");
        writeBulk(kp, kl);
        writeBulk(groupName(g), groupNameLen(g));
        writeBulk(consumerName(c), consumerNameLen(c));
        continue;
      }
      idtSeekFirst(cpel, pelIt);
      for (let r = idtIterRec(pelIt); r != 0; idtNext(pelIt), r = idtIterRec(pelIt)) {
        const nk = <usize>recVal(r);
        writeCount(0x2a, 12);
        writeBulkStr("XCLAIM");
        writeBulk(kp, kl);
        writeBulk(groupName(g), groupNameLen(g));
        writeBulk(consumerName(c), consumerNameLen(c));
        writeBulkStr("0");
        writeBulkId(recMs(r), recSeq(r));
        writeBulkStr("TIME");
        writeBulkLL(nackTime(nk));
        writeBulkStr("RETRYCOUNT");
        writeBulkLL(<i64>nackCount(nk));
        writeBulkStr("JUSTID");
        writeBulkStr("FORCE");
      }
    }
  }
}

function rewriteKey(db: Db, e: usize): void {
  const type = entryType(e);
  const v = <usize>entryVal(e);
  if (type == OBJ_STRING) {
    writeCount(0x2a, 3);
    writeBulkStr("SET");
    writeBulk(entryKeyPtr(e), entryKeyLen(e));
    writeBulk(entryStrPtr(e), entryStrLen(e));
  } else if (type == OBJ_LIST) {
    rewriteList(e, v);
  } else if (type == OBJ_SET) {
    rewriteSet(e, v);
  } else if (type == OBJ_ZSET) {
    rewriteZset(e, v);
  } else if (type == OBJ_HASH) {
    rewriteHash(e, v);
  } else if (type == OBJ_STREAM) {
    rewriteStream(e, v);
  }
  if (entryIsVolatile(e)) {
    const when = getExpire(db, e, hashBytes(entryKeyPtr(e), entryKeyLen(e)));
    if (when != -1) {
      writeCount(0x2a, 3);
      writeBulkStr("PEXPIREAT");
      writeBulk(entryKeyPtr(e), entryKeyLen(e));
      writeBulkLL(when);
    }
  }
}

// ---- the chunked walk over every database ---------------------------------------------------

let curDb: i32 = 0;
let curTable: i32 = 0;
let curBucket: u64 = 0;
let dbStarted = false;
let done = true;

export function aofRewriteBegin(): void {
  rdbOutReset();
  curDb = 0;
  curTable = 0;
  curBucket = 0;
  dbStarted = false;
  done = false;
}

/** Appends keys until about 1 MB is buffered; returns the bytes ready (0 at the end). */
export function aofRewriteChunk(): u32 {
  if (done) return 0;
  while (rdbOutLen < CHUNK) {
    if (curDb >= dbCount) {
      done = true;
      return rdbOutLen;
    }
    const db = dbAt(curDb);
    const d = db.dict;
    if (!dbStarted) {
      dbStarted = true;
      curTable = 0;
      curBucket = 0;
      if (dictSize(d) != 0) {
        writeCount(0x2a, 2);
        writeBulkStr("SELECT");
        writeBulkLL(curDb);
      }
    }
    if (curBucket >= dictTableSize(d, curTable)) {
      if (curTable == 0) {
        curTable = 1;
        curBucket = 0;
        continue;
      }
      curDb++;
      dbStarted = false;
      continue;
    }
    for (let e = dictBucketHead(d, curTable, curBucket); e != 0; e = dictNodeNext(e)) rewriteKey(db, e);
    curBucket++;
  }
  return rdbOutLen;
}
