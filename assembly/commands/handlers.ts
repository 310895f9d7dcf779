// handlers.ts — which function serves which command id. One line per command; a command
// not listed here replies "unknown command" (and is not listed by COMMAND or the README).
// `hostCommand` marks commands the host serves (see server.ts).

import * as T from "./table.gen";
import { hostCommand, registerCommand as reg } from "../server";
import * as str from "../t/string";
import * as conn from "../t/connection";
import * as dbg from "../t/debug";
import * as ks from "../t/keyspace";
import * as list from "../t/list";
import { registerBlockingServe as regBlocking } from "../db/blocking";
import * as set from "../t/set";
import * as zset from "../t/zset";
import * as hash from "../t/hash";
import * as bitops from "../t/bitops";
import * as hll from "../t/hll";
import * as stream from "../t/stream";
import * as sort from "../t/sort";
import * as geo from "../t/geo";
import * as multi from "../db/multi";
import * as slowlog from "../db/slowlog";
import * as latency from "../db/latency";
import * as mem from "../t/memory";
import * as dump from "../t/dump";
import * as standalone from "../t/standalone";

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
  reg(T.CMD_INCRBYFLOAT, str.incrbyfloatCommand);
  reg(T.CMD_LCS, str.lcsCommand);

  // bitmaps and HyperLogLog (strings underneath)
  reg(T.CMD_SETBIT, bitops.setbitCommand);
  reg(T.CMD_GETBIT, bitops.getbitCommand);
  reg(T.CMD_BITCOUNT, bitops.bitcountCommand);
  reg(T.CMD_BITPOS, bitops.bitposCommand);
  reg(T.CMD_BITOP, bitops.bitopCommand);
  reg(T.CMD_BITFIELD, bitops.bitfieldCommand);
  reg(T.CMD_BITFIELD_RO, bitops.bitfieldRoCommand);
  reg(T.CMD_PFADD, hll.pfaddCommand);
  reg(T.CMD_PFCOUNT, hll.pfcountCommand);
  reg(T.CMD_PFMERGE, hll.pfmergeCommand);
  reg(T.CMD_PFDEBUG, hll.pfdebugCommand);
  reg(T.CMD_PFSELFTEST, hll.pfselftestCommand);

  // keyspace
  reg(T.CMD_DEL, ks.delCommand);
  reg(T.CMD_UNLINK, ks.unlinkCommand);
  reg(T.CMD_EXISTS, ks.existsCommand);
  reg(T.CMD_TYPE, ks.typeCommand);
  reg(T.CMD_TOUCH, ks.touchCommand);
  reg(T.CMD_DBSIZE, ks.dbsizeCommand);
  reg(T.CMD_KEYS, ks.keysCommand);
  reg(T.CMD_SCAN, ks.scanCommand);
  reg(T.CMD_RANDOMKEY, ks.randomkeyCommand);
  reg(T.CMD_RENAME, ks.renameCommand);
  reg(T.CMD_RENAMENX, ks.renamenxCommand);
  reg(T.CMD_MOVE, ks.moveCommand);
  reg(T.CMD_COPY, ks.copyCommand);
  reg(T.CMD_SWAPDB, ks.swapdbCommand);
  reg(T.CMD_FLUSHDB, ks.flushdbCommand);
  reg(T.CMD_FLUSHALL, ks.flushallCommand);
  reg(T.CMD_EXPIRE, ks.expireCommand);
  reg(T.CMD_PEXPIRE, ks.pexpireCommand);
  reg(T.CMD_EXPIREAT, ks.expireatCommand);
  reg(T.CMD_PEXPIREAT, ks.pexpireatCommand);
  reg(T.CMD_TTL, ks.ttlCommand);
  reg(T.CMD_PTTL, ks.pttlCommand);
  reg(T.CMD_EXPIRETIME, ks.expiretimeCommand);
  reg(T.CMD_PEXPIRETIME, ks.pexpiretimeCommand);
  reg(T.CMD_PERSIST, ks.persistCommand);
  reg(T.CMD_OBJECT_ENCODING, ks.objectEncodingCommand);
  reg(T.CMD_OBJECT_REFCOUNT, ks.objectRefcountCommand);
  reg(T.CMD_OBJECT_IDLETIME, ks.objectIdletimeCommand);
  reg(T.CMD_OBJECT_FREQ, ks.objectFreqCommand);
  reg(T.CMD_OBJECT_HELP, ks.objectHelpCommand);
  // slow log, latency monitor, memory (db/slowlog.ts, db/latency.ts, t/memory.ts; host/core/cmd/memory.ts)
  reg(T.CMD_SLOWLOG_GET, slowlog.slowlogGetCommand);
  reg(T.CMD_SLOWLOG_LEN, slowlog.slowlogLenCommand);
  reg(T.CMD_SLOWLOG_RESET, slowlog.slowlogResetCommand);
  reg(T.CMD_SLOWLOG_HELP, slowlog.slowlogHelpCommand);
  reg(T.CMD_LATENCY_LATEST, latency.latencyLatestCommand);
  reg(T.CMD_LATENCY_HISTORY, latency.latencyHistoryCommand);
  reg(T.CMD_LATENCY_RESET, latency.latencyResetCommand);
  reg(T.CMD_LATENCY_GRAPH, latency.latencyGraphCommand);
  reg(T.CMD_LATENCY_DOCTOR, latency.latencyDoctorCommand);
  reg(T.CMD_LATENCY_HISTOGRAM, latency.latencyHistogramCommand);
  reg(T.CMD_LATENCY_HELP, latency.latencyHelpCommand);
  reg(T.CMD_MEMORY_USAGE, mem.memoryUsageCommand);
  reg(T.CMD_MEMORY_STATS, hostCommand);
  reg(T.CMD_MEMORY_DOCTOR, hostCommand);
  reg(T.CMD_MEMORY_MALLOC_STATS, hostCommand);
  reg(T.CMD_MEMORY_PURGE, hostCommand);
  reg(T.CMD_MEMORY_HELP, hostCommand);
  reg(T.CMD_DUMP, dump.dumpCommand);
  reg(T.CMD_RESTORE, dump.restoreCommand);

  // hashes
  reg(T.CMD_HSET, hash.hsetCommand);
  reg(T.CMD_HMSET, hash.hmsetCommand);
  reg(T.CMD_HSETNX, hash.hsetnxCommand);
  reg(T.CMD_HGET, hash.hgetCommand);
  reg(T.CMD_HMGET, hash.hmgetCommand);
  reg(T.CMD_HDEL, hash.hdelCommand);
  reg(T.CMD_HLEN, hash.hlenCommand);
  reg(T.CMD_HSTRLEN, hash.hstrlenCommand);
  reg(T.CMD_HEXISTS, hash.hexistsCommand);
  reg(T.CMD_HKEYS, hash.hkeysCommand);
  reg(T.CMD_HVALS, hash.hvalsCommand);
  reg(T.CMD_HGETALL, hash.hgetallCommand);
  reg(T.CMD_HINCRBY, hash.hincrbyCommand);
  reg(T.CMD_HINCRBYFLOAT, hash.hincrbyfloatCommand);
  reg(T.CMD_HRANDFIELD, hash.hrandfieldCommand);
  reg(T.CMD_HSCAN, hash.hscanCommand);

  // sets
  reg(T.CMD_SADD, set.saddCommand);
  reg(T.CMD_SREM, set.sremCommand);
  reg(T.CMD_SCARD, set.scardCommand);
  reg(T.CMD_SISMEMBER, set.sismemberCommand);
  reg(T.CMD_SMISMEMBER, set.smismemberCommand);
  reg(T.CMD_SMEMBERS, set.smembersCommand);
  reg(T.CMD_SRANDMEMBER, set.srandmemberCommand);
  reg(T.CMD_SPOP, set.spopCommand);
  reg(T.CMD_SMOVE, set.smoveCommand);
  reg(T.CMD_SINTER, set.sinterCommand);
  reg(T.CMD_SINTERCARD, set.sintercardCommand);
  reg(T.CMD_SINTERSTORE, set.sinterstoreCommand);
  reg(T.CMD_SUNION, set.sunionCommand);
  reg(T.CMD_SUNIONSTORE, set.sunionstoreCommand);
  reg(T.CMD_SDIFF, set.sdiffCommand);
  reg(T.CMD_SDIFFSTORE, set.sdiffstoreCommand);
  reg(T.CMD_SSCAN, set.sscanCommand);

  // sorted sets
  reg(T.CMD_ZADD, zset.zaddCommand);
  reg(T.CMD_ZINCRBY, zset.zincrbyCommand);
  reg(T.CMD_ZREM, zset.zremCommand);
  reg(T.CMD_ZCARD, zset.zcardCommand);
  reg(T.CMD_ZCOUNT, zset.zcountCommand);
  reg(T.CMD_ZLEXCOUNT, zset.zlexcountCommand);
  reg(T.CMD_ZSCORE, zset.zscoreCommand);
  reg(T.CMD_ZMSCORE, zset.zmscoreCommand);
  reg(T.CMD_ZRANK, zset.zrankCommand);
  reg(T.CMD_ZREVRANK, zset.zrevrankCommand);
  reg(T.CMD_ZRANGE, zset.zrangeCommand);
  reg(T.CMD_ZRANGESTORE, zset.zrangestoreCommand);
  reg(T.CMD_ZRANGEBYSCORE, zset.zrangebyscoreCommand);
  reg(T.CMD_ZREVRANGEBYSCORE, zset.zrevrangebyscoreCommand);
  reg(T.CMD_ZRANGEBYLEX, zset.zrangebylexCommand);
  reg(T.CMD_ZREVRANGEBYLEX, zset.zrevrangebylexCommand);
  reg(T.CMD_ZREVRANGE, zset.zrevrangeCommand);
  reg(T.CMD_ZREMRANGEBYRANK, zset.zremrangebyrankCommand);
  reg(T.CMD_ZREMRANGEBYSCORE, zset.zremrangebyscoreCommand);
  reg(T.CMD_ZREMRANGEBYLEX, zset.zremrangebylexCommand);
  reg(T.CMD_ZPOPMIN, zset.zpopminCommand);
  reg(T.CMD_ZPOPMAX, zset.zpopmaxCommand);
  reg(T.CMD_ZMPOP, zset.zmpopCommand);
  reg(T.CMD_ZRANDMEMBER, zset.zrandmemberCommand);
  reg(T.CMD_ZUNION, zset.zunionCommand);
  reg(T.CMD_ZINTER, zset.zinterCommand);
  reg(T.CMD_ZDIFF, zset.zdiffCommand);
  reg(T.CMD_ZUNIONSTORE, zset.zunionstoreCommand);
  reg(T.CMD_ZINTERSTORE, zset.zinterstoreCommand);
  reg(T.CMD_ZDIFFSTORE, zset.zdiffstoreCommand);
  reg(T.CMD_ZINTERCARD, zset.zintercardCommand);
  reg(T.CMD_ZSCAN, zset.zscanCommand);
  reg(T.CMD_BZPOPMIN, zset.bzpopminCommand);
  reg(T.CMD_BZPOPMAX, zset.bzpopmaxCommand);
  reg(T.CMD_BZMPOP, zset.bzmpopCommand);
  regBlocking(T.CMD_BZPOPMIN, zset.bzpopServe);
  regBlocking(T.CMD_BZPOPMAX, zset.bzpopServe);
  regBlocking(T.CMD_BZMPOP, zset.bzmpopServe);

  // lists (blocking forms: handler + the function that serves them when a key is ready)
  reg(T.CMD_LPUSH, list.lpushCommand);
  reg(T.CMD_RPUSH, list.rpushCommand);
  reg(T.CMD_LPUSHX, list.lpushxCommand);
  reg(T.CMD_RPUSHX, list.rpushxCommand);
  reg(T.CMD_LPOP, list.lpopCommand);
  reg(T.CMD_RPOP, list.rpopCommand);
  reg(T.CMD_LLEN, list.llenCommand);
  reg(T.CMD_LINDEX, list.lindexCommand);
  reg(T.CMD_LSET, list.lsetCommand);
  reg(T.CMD_LINSERT, list.linsertCommand);
  reg(T.CMD_LRANGE, list.lrangeCommand);
  reg(T.CMD_LREM, list.lremCommand);
  reg(T.CMD_LTRIM, list.ltrimCommand);
  reg(T.CMD_LPOS, list.lposCommand);
  reg(T.CMD_LMOVE, list.lmoveCommand);
  reg(T.CMD_RPOPLPUSH, list.rpoplpushCommand);
  reg(T.CMD_LMPOP, list.lmpopCommand);
  reg(T.CMD_BLPOP, list.blpopCommand);
  reg(T.CMD_BRPOP, list.brpopCommand);
  reg(T.CMD_BLMOVE, list.blmoveCommand);
  reg(T.CMD_BRPOPLPUSH, list.brpoplpushCommand);
  reg(T.CMD_BLMPOP, list.blmpopCommand);
  regBlocking(T.CMD_BLPOP, list.blpopServe);
  regBlocking(T.CMD_BRPOP, list.blpopServe);
  regBlocking(T.CMD_BLMOVE, list.blmoveServe);
  regBlocking(T.CMD_BRPOPLPUSH, list.blmoveServe);
  regBlocking(T.CMD_BLMPOP, list.blmpopServe);

  // geo (sorted sets of geohashes)
  reg(T.CMD_GEOADD, geo.geoaddCommand);
  reg(T.CMD_GEOPOS, geo.geoposCommand);
  reg(T.CMD_GEODIST, geo.geodistCommand);
  reg(T.CMD_GEOHASH, geo.geohashCommand);
  reg(T.CMD_GEORADIUS, geo.georadiusCommand);
  reg(T.CMD_GEORADIUS_RO, geo.georadiusroCommand);
  reg(T.CMD_GEORADIUSBYMEMBER, geo.georadiusbymemberCommand);
  reg(T.CMD_GEORADIUSBYMEMBER_RO, geo.georadiusbymemberroCommand);
  reg(T.CMD_GEOSEARCH, geo.geosearchCommand);
  reg(T.CMD_GEOSEARCHSTORE, geo.geosearchstoreCommand);

  // SORT (lists, sets, sorted sets)
  reg(T.CMD_SORT, sort.sortCommand);
  reg(T.CMD_SORT_RO, sort.sortroCommand);

  // connection
  reg(T.CMD_PING, conn.pingCommand);
  // transactions (db/multi.ts)
  reg(T.CMD_MULTI, multi.multiCommand);
  reg(T.CMD_EXEC, multi.execCommand);
  reg(T.CMD_DISCARD, multi.discardCommand);
  reg(T.CMD_WATCH, multi.watchCommand);
  reg(T.CMD_UNWATCH, multi.unwatchCommand);
  reg(T.CMD_ECHO, conn.echoCommand);
  reg(T.CMD_SELECT, conn.selectCommand);
  reg(T.CMD_HELLO, conn.helloCommand);
  reg(T.CMD_AUTH, conn.authCommand);
  // ACL users live in the host (host/core/cmd/acl.ts; checks: assembly/acl.ts)
  reg(T.CMD_ACL_CAT, hostCommand);
  reg(T.CMD_ACL_DELUSER, hostCommand);
  reg(T.CMD_ACL_DRYRUN, hostCommand);
  reg(T.CMD_ACL_GENPASS, hostCommand);
  reg(T.CMD_ACL_GETUSER, hostCommand);
  reg(T.CMD_ACL_HELP, hostCommand);
  reg(T.CMD_ACL_LIST, hostCommand);
  reg(T.CMD_ACL_LOAD, hostCommand);
  reg(T.CMD_ACL_LOG, hostCommand);
  reg(T.CMD_ACL_SAVE, hostCommand);
  reg(T.CMD_ACL_SETUSER, hostCommand);
  reg(T.CMD_ACL_USERS, hostCommand);
  reg(T.CMD_ACL_WHOAMI, hostCommand);
  reg(T.CMD_RESET, conn.resetCommand);
  reg(T.CMD_TIME, conn.timeCommand);
  reg(T.CMD_CLIENT_ID, conn.clientIdCommand);
  reg(T.CMD_CLIENT_SETNAME, conn.clientSetnameCommand);
  reg(T.CMD_CLIENT_GETNAME, conn.clientGetnameCommand);
  reg(T.CMD_CLIENT_REPLY, conn.clientReplyCommand);
  reg(T.CMD_CLIENT_NO_EVICT, conn.clientNoEvictCommand);
  reg(T.CMD_CLIENT_GETREDIR, hostCommand); // client-side caching: host/core/tracking.ts
  reg(T.CMD_CLIENT_TRACKING, hostCommand);
  reg(T.CMD_CLIENT_TRACKINGINFO, hostCommand);
  reg(T.CMD_CLIENT_CACHING, hostCommand);
  reg(T.CMD_CLIENT_HELP, conn.clientHelpCommand);
  reg(T.CMD_CLIENT_INFO, hostCommand);
  reg(T.CMD_CLIENT_LIST, hostCommand);
  reg(T.CMD_CLIENT_KILL, hostCommand);
  reg(T.CMD_CLIENT_UNBLOCK, hostCommand);
  reg(T.CMD_DEBUG, dbg.debugCommand);

  // streams
  reg(T.CMD_XADD, stream.xaddCommand);
  reg(T.CMD_XRANGE, stream.xrangeCommand);
  reg(T.CMD_XREVRANGE, stream.xrevrangeCommand);
  reg(T.CMD_XLEN, stream.xlenCommand);
  reg(T.CMD_XDEL, stream.xdelCommand);
  reg(T.CMD_XTRIM, stream.xtrimCommand);
  reg(T.CMD_XSETID, stream.xsetidCommand);
  reg(T.CMD_XREAD, stream.xreadCommand);
  reg(T.CMD_XREADGROUP, stream.xreadCommand);
  regBlocking(T.CMD_XREAD, stream.xreadServe);
  regBlocking(T.CMD_XREADGROUP, stream.xreadServe);
  reg(T.CMD_XGROUP_CREATE, stream.xgroupCommand);
  reg(T.CMD_XGROUP_SETID, stream.xgroupCommand);
  reg(T.CMD_XGROUP_DESTROY, stream.xgroupCommand);
  reg(T.CMD_XGROUP_CREATECONSUMER, stream.xgroupCommand);
  reg(T.CMD_XGROUP_DELCONSUMER, stream.xgroupCommand);
  reg(T.CMD_XGROUP_HELP, stream.xgroupHelpCommand);
  reg(T.CMD_XACK, stream.xackCommand);
  reg(T.CMD_XPENDING, stream.xpendingCommand);
  reg(T.CMD_XCLAIM, stream.xclaimCommand);
  reg(T.CMD_XAUTOCLAIM, stream.xautoclaimCommand);
  reg(T.CMD_XINFO_STREAM, stream.xinfoStreamCommand);
  reg(T.CMD_XINFO_GROUPS, stream.xinfoGroupsCommand);
  reg(T.CMD_XINFO_CONSUMERS, stream.xinfoConsumersCommand);
  reg(T.CMD_XINFO_HELP, stream.xinfoHelpCommand);

  // served by the host
  reg(T.CMD_COMMAND, hostCommand);
  reg(T.CMD_COMMAND_COUNT, hostCommand);
  reg(T.CMD_COMMAND_LIST, hostCommand);
  reg(T.CMD_COMMAND_INFO, hostCommand);
  reg(T.CMD_COMMAND_DOCS, hostCommand);
  reg(T.CMD_COMMAND_GETKEYS, hostCommand);
  reg(T.CMD_COMMAND_GETKEYSANDFLAGS, hostCommand);
  reg(T.CMD_COMMAND_HELP, hostCommand);
  reg(T.CMD_CONFIG_GET, hostCommand);
  reg(T.CMD_CONFIG_SET, hostCommand);
  reg(T.CMD_CONFIG_RESETSTAT, hostCommand);
  reg(T.CMD_CONFIG_REWRITE, hostCommand);
  reg(T.CMD_CONFIG_HELP, hostCommand);
  reg(T.CMD_INFO, hostCommand);
  // Pub/Sub (host/core/pubsub.ts)
  reg(T.CMD_SUBSCRIBE, hostCommand);
  reg(T.CMD_UNSUBSCRIBE, hostCommand);
  reg(T.CMD_PSUBSCRIBE, hostCommand);
  reg(T.CMD_PUNSUBSCRIBE, hostCommand);
  reg(T.CMD_SSUBSCRIBE, hostCommand);
  reg(T.CMD_SUNSUBSCRIBE, hostCommand);
  reg(T.CMD_PUBLISH, hostCommand);
  reg(T.CMD_SPUBLISH, hostCommand);
  reg(T.CMD_PUBSUB_CHANNELS, hostCommand);
  reg(T.CMD_PUBSUB_NUMSUB, hostCommand);
  reg(T.CMD_PUBSUB_NUMPAT, hostCommand);
  reg(T.CMD_PUBSUB_SHARDCHANNELS, hostCommand);
  reg(T.CMD_PUBSUB_SHARDNUMSUB, hostCommand);
  reg(T.CMD_PUBSUB_HELP, hostCommand);
  reg(T.CMD_LASTSAVE, hostCommand);
  // scripting and functions (host/core/cmd/scripting.ts)
  reg(T.CMD_EVAL, hostCommand);
  reg(T.CMD_EVALSHA, hostCommand);
  reg(T.CMD_EVAL_RO, hostCommand);
  reg(T.CMD_EVALSHA_RO, hostCommand);
  reg(T.CMD_SCRIPT_LOAD, hostCommand);
  reg(T.CMD_SCRIPT_EXISTS, hostCommand);
  reg(T.CMD_SCRIPT_FLUSH, hostCommand);
  reg(T.CMD_SCRIPT_KILL, hostCommand);
  reg(T.CMD_SCRIPT_HELP, hostCommand);
  reg(T.CMD_SCRIPT_DEBUG, hostCommand);
  reg(T.CMD_FCALL, hostCommand);
  reg(T.CMD_FCALL_RO, hostCommand);
  reg(T.CMD_FUNCTION_LOAD, hostCommand);
  reg(T.CMD_FUNCTION_DELETE, hostCommand);
  reg(T.CMD_FUNCTION_FLUSH, hostCommand);
  reg(T.CMD_FUNCTION_LIST, hostCommand);
  reg(T.CMD_FUNCTION_DUMP, hostCommand);
  reg(T.CMD_FUNCTION_RESTORE, hostCommand);
  reg(T.CMD_FUNCTION_STATS, hostCommand);
  reg(T.CMD_FUNCTION_KILL, hostCommand);
  reg(T.CMD_FUNCTION_HELP, hostCommand);
  reg(T.CMD_SAVE, hostCommand); // host/core/persistence.ts
  reg(T.CMD_BGSAVE, hostCommand);
  reg(T.CMD_BGREWRITEAOF, hostCommand); // host/node/aof.ts
  reg(T.CMD_SHUTDOWN, hostCommand); // host/core/cmd/shutdown.ts
  reg(T.CMD_MONITOR, hostCommand); // host/core/monitor.ts
  reg(T.CMD_CLIENT_PAUSE, hostCommand); // host/core/cmd/pause.ts
  reg(T.CMD_CLIENT_UNPAUSE, hostCommand);
  reg(T.CMD_MIGRATE, hostCommand); // host/node/migrate.ts (the Node shell: it opens a socket)
  // standalone: no cluster mode (t/standalone.ts), no replicas or modules (host/core/cmd/standalone.ts)
  reg(T.CMD_CLUSTER_ADDSLOTS, standalone.clusterDisabledCommand);
  reg(T.CMD_CLUSTER_ADDSLOTSRANGE, standalone.clusterDisabledCommand);
  reg(T.CMD_CLUSTER_BUMPEPOCH, standalone.clusterDisabledCommand);
  reg(T.CMD_CLUSTER_COUNTKEYSINSLOT, standalone.clusterDisabledCommand);
  reg(T.CMD_CLUSTER_COUNT_FAILURE_REPORTS, standalone.clusterDisabledCommand);
  reg(T.CMD_CLUSTER_DELSLOTS, standalone.clusterDisabledCommand);
  reg(T.CMD_CLUSTER_DELSLOTSRANGE, standalone.clusterDisabledCommand);
  reg(T.CMD_CLUSTER_FAILOVER, standalone.clusterDisabledCommand);
  reg(T.CMD_CLUSTER_FLUSHSLOTS, standalone.clusterDisabledCommand);
  reg(T.CMD_CLUSTER_FORGET, standalone.clusterDisabledCommand);
  reg(T.CMD_CLUSTER_GETKEYSINSLOT, standalone.clusterDisabledCommand);
  reg(T.CMD_CLUSTER_HELP, standalone.clusterDisabledCommand);
  reg(T.CMD_CLUSTER_INFO, standalone.clusterDisabledCommand);
  reg(T.CMD_CLUSTER_KEYSLOT, standalone.clusterDisabledCommand);
  reg(T.CMD_CLUSTER_LINKS, standalone.clusterDisabledCommand);
  reg(T.CMD_CLUSTER_MEET, standalone.clusterDisabledCommand);
  reg(T.CMD_CLUSTER_MYID, standalone.clusterDisabledCommand);
  reg(T.CMD_CLUSTER_NODES, standalone.clusterDisabledCommand);
  reg(T.CMD_CLUSTER_REPLICAS, standalone.clusterDisabledCommand);
  reg(T.CMD_CLUSTER_REPLICATE, standalone.clusterDisabledCommand);
  reg(T.CMD_CLUSTER_RESET, standalone.clusterDisabledCommand);
  reg(T.CMD_CLUSTER_SAVECONFIG, standalone.clusterDisabledCommand);
  reg(T.CMD_CLUSTER_SETSLOT, standalone.clusterDisabledCommand);
  reg(T.CMD_CLUSTER_SET_CONFIG_EPOCH, standalone.clusterDisabledCommand);
  reg(T.CMD_CLUSTER_SHARDS, standalone.clusterDisabledCommand);
  reg(T.CMD_CLUSTER_SLAVES, standalone.clusterDisabledCommand);
  reg(T.CMD_CLUSTER_SLOTS, standalone.clusterDisabledCommand);
  reg(T.CMD_READONLY, standalone.clusterDisabledCommand);
  reg(T.CMD_READWRITE, standalone.clusterDisabledCommand);
  reg(T.CMD_ASKING, standalone.clusterDisabledCommand);
  reg(T.CMD_RESTORE_ASKING, dump.restoreCommand);
  reg(T.CMD_ROLE, hostCommand);
  reg(T.CMD_WAIT, hostCommand);
  reg(T.CMD_FAILOVER, hostCommand);
  reg(T.CMD_LOLWUT, hostCommand);
  reg(T.CMD_MODULE_LIST, hostCommand);
  reg(T.CMD_MODULE_HELP, hostCommand);
  reg(T.CMD_MODULE_LOAD, hostCommand);
  reg(T.CMD_MODULE_LOADEX, hostCommand);
  reg(T.CMD_MODULE_UNLOAD, hostCommand);
}
