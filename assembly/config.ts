// config.ts — engine-side settings that shape data structures (Redis: the server.* fields
// behind hash-max-listpack-entries and friends). The host owns the configuration table
// (host/core/config.ts) and pushes these down through setConfig; defaults are Redis 7.0.15's.
//
// Conversions follow Redis: a small collection uses its compact encoding (listpack or
// intset) until an insert crosses a threshold, then converts for good (Redis never converts
// back, except where noted by the type).

/** hash-max-listpack-entries / hash-max-listpack-value */
export let hashMaxListpackEntries: i64 = 512; // (this redis-server 7.0.15 build defaults to 512)
export let hashMaxListpackValue: i64 = 64;
/** set-max-intset-entries */
export let setMaxIntsetEntries: i64 = 512;
/** zset-max-listpack-entries / zset-max-listpack-value */
export let zsetMaxListpackEntries: i64 = 128;
export let zsetMaxListpackValue: i64 = 64;
/** list-max-listpack-size (negative: a byte limit class -1..-5; positive: entries per node) */
export let listMaxListpackSize: i64 = -2;
/** list-compress-depth */
export let listCompressDepth: i64 = 0;
/** lazyfree-lazy-server-del: deletions the server decides (SPOP of a whole set ...) propagate as UNLINK. */
export let lazyfreeLazyServerDel: bool = false;
/** hll-sparse-max-bytes: a sparse HyperLogLog longer than this (header included) turns dense. */
export let hllSparseMaxBytes: i64 = 3000;
/** stream-node-max-bytes / stream-node-max-entries: when the tail node of a stream is full (0 = no limit). */
export let streamNodeMaxBytes: i64 = 4096;
export let streamNodeMaxEntries: i64 = 100;

export const CFG_HASH_MAX_LISTPACK_ENTRIES: i32 = 10;
export const CFG_HASH_MAX_LISTPACK_VALUE: i32 = 11;
export const CFG_SET_MAX_INTSET_ENTRIES: i32 = 12;
export const CFG_ZSET_MAX_LISTPACK_ENTRIES: i32 = 13;
export const CFG_ZSET_MAX_LISTPACK_VALUE: i32 = 14;
export const CFG_LIST_MAX_LISTPACK_SIZE: i32 = 15;
export const CFG_LIST_COMPRESS_DEPTH: i32 = 16;
export const CFG_LAZYFREE_LAZY_SERVER_DEL: i32 = 17;
export const CFG_HLL_SPARSE_MAX_BYTES: i32 = 18;
export const CFG_STREAM_NODE_MAX_BYTES: i32 = 19;
export const CFG_STREAM_NODE_MAX_ENTRIES: i32 = 20;

/** Applies a data-structure setting; false if the id is not one of these. */
export function setStructureConfig(id: i32, v: i64): bool {
  switch (id) {
    case CFG_HASH_MAX_LISTPACK_ENTRIES: hashMaxListpackEntries = v; return true;
    case CFG_HASH_MAX_LISTPACK_VALUE: hashMaxListpackValue = v; return true;
    case CFG_SET_MAX_INTSET_ENTRIES: setMaxIntsetEntries = v; return true;
    case CFG_ZSET_MAX_LISTPACK_ENTRIES: zsetMaxListpackEntries = v; return true;
    case CFG_ZSET_MAX_LISTPACK_VALUE: zsetMaxListpackValue = v; return true;
    case CFG_LIST_MAX_LISTPACK_SIZE: listMaxListpackSize = v; return true;
    case CFG_LIST_COMPRESS_DEPTH: listCompressDepth = v; return true;
    case CFG_LAZYFREE_LAZY_SERVER_DEL: lazyfreeLazyServerDel = v != 0; return true;
    case CFG_HLL_SPARSE_MAX_BYTES: hllSparseMaxBytes = v; return true;
    case CFG_STREAM_NODE_MAX_BYTES: streamNodeMaxBytes = v; return true;
    case CFG_STREAM_NODE_MAX_ENTRIES: streamNodeMaxEntries = v; return true;
  }
  return false;
}
