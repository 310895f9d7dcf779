// errors.ts — every fixed error message the engine replies, in one place (Redis: shared.*
// and the literal strings of the command implementations). Each constant is the whole
// message after the "-": the error code first, then Redis's exact text. A differential test
// catches any drift by one character, so never retype these elsewhere.

export const ERR_SYNTAX = "ERR syntax error";
export const ERR_WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
export const ERR_NOT_INTEGER = "ERR value is not an integer or out of range";
export const ERR_NOT_FLOAT = "ERR value is not a valid float";
export const ERR_OVERFLOW = "ERR increment or decrement would overflow";
export const ERR_NAN_OR_INF = "ERR increment would produce NaN or Infinity";
export const ERR_NO_SUCH_KEY = "ERR no such key";
export const ERR_DB_INDEX = "ERR DB index is out of range";
export const ERR_INVALID_DB_INDEX = "ERR invalid DB index"; // MOVE/COPY with a bad db number
export const ERR_SAME_OBJECT = "ERR source and destination objects are the same";
export const ERR_NOAUTH = "NOAUTH Authentication required.";
export const ERR_WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";
export const ERR_AUTH_NOPASS = "ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?";
export const ERR_STRING_TOO_LONG = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
export const ERR_OFFSET_RANGE = "ERR offset is out of range";
export const ERR_INVALID_EXPIRE_PREFIX = "ERR invalid expire time in '";
export const ERR_NX_XX_GT_LT = "ERR NX and XX, GT or LT options at the same time are not compatible";
export const ERR_GT_LT_NX = "ERR GT, LT, and/or NX options at the same time are not compatible";
export const ERR_OOM = "OOM command not allowed when used memory > 'maxmemory'.";
export const ERR_PROTO_VERSION = "NOPROTO unsupported protocol version";
// LCS (t/string.ts)
export const ERR_LCS_NOT_STRINGS = "ERR The specified keys must contain string values";
export const ERR_LCS_IDX_AND_LEN = "ERR If you want both the length and indexes, please just use IDX.";
export const ERR_LCS_TOO_BIG = "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len";
export const ERR_LCS_NO_MEMORY = "ERR Insufficient memory, failed allocating transient memory for LCS";
// keyspace (t/keyspace.ts)
export const ERR_INVALID_CURSOR = "ERR invalid cursor";
export const ERR_GT_AND_LT = "ERR GT and LT options at the same time are not compatible";
export const ERR_INT_RANGE = "ERR value is out of range, value must between -2147483648 and 2147483647";
export const ERR_INVALID_FIRST_DB = "ERR invalid first DB index";
export const ERR_INVALID_SECOND_DB = "ERR invalid second DB index";
export const ERR_LFU_SELECTED = "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.";
export const ERR_LFU_NOT_SELECTED = "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.";
// connection / server commands (t/connection.ts, t/debug.ts)
export const ERR_POSITIVE = "ERR value is out of range, must be positive";
export const ERR_HELLO_PROTOVER = "ERR Protocol version is not an integer or out of range";
export const ERR_HELLO_NOAUTH = "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time";
export const ERR_CLIENT_NAME = "ERR Client names cannot contain spaces, newlines or special characters.";
export const ERR_DEBUG_NOT_ALLOWED = "ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.";
// sets (t/set.ts); the numkeys messages are shared with the other *CARD / *MPOP commands
export const ERR_NUMKEYS_POSITIVE = "ERR numkeys should be greater than 0";
export const ERR_NUMKEYS_TOO_MANY = "ERR Number of keys can't be greater than number of args";
export const ERR_LIMIT_NEGATIVE = "ERR LIMIT can't be negative";
/** getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX) (SRANDMEMBER, HRANDFIELD, ZRANDMEMBER counts). */
export const ERR_RANGE_LONG_SYMMETRIC = "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";
// bitmaps (t/bitops.ts)
export const ERR_BIT_OFFSET = "ERR bit offset is not an integer or out of range";
export const ERR_BIT_VALUE = "ERR bit is not an integer or out of range";
export const ERR_BITFIELD_TYPE = "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";
export const ERR_BITFIELD_RO = "ERR BITFIELD_RO only supports the GET subcommand";
export const ERR_BITFIELD_OVERFLOW = "ERR Invalid OVERFLOW type specified";
export const ERR_BITOP_NOT = "ERR BITOP NOT must be called with a single source key.";
export const ERR_BITPOS_BIT = "ERR The bit argument must be 1 or 0.";
// HyperLogLog (t/hll.ts)
export const ERR_HLL_WRONGTYPE = "WRONGTYPE Key is not a valid HyperLogLog string value.";
export const ERR_HLL_INVALID = "INVALIDOBJ Corrupted HLL object detected";
export const ERR_PFDEBUG_NO_KEY = "ERR The specified key does not exist";
export const ERR_HLL_NOT_SPARSE = "ERR HLL encoding is not sparse";
// hashes (t/hash.ts)
export const ERR_HASH_NOT_INTEGER = "ERR hash value is not an integer";
export const ERR_HASH_NOT_FLOAT = "ERR hash value is not a float";
export const ERR_VALUE_NAN_OR_INF = "ERR value is NaN or Infinity";
export const ERR_HRANDFIELD_RANGE = "ERR value is out of range";
// sorted sets (t/zset.ts)
export const ERR_ZADD_XX_NX = "ERR XX and NX options at the same time are not compatible";
export const ERR_ZADD_INCR_PAIR = "ERR INCR option supports a single increment-element pair";
export const ERR_ZADD_NAN = "ERR resulting score is not a number (NaN)";
export const ERR_ZRANGE_NOT_FLOAT = "ERR min or max is not a float";
export const ERR_ZRANGE_NOT_STRING = "ERR min or max not valid string range item";
export const ERR_ZRANGE_LIMIT = "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX";
export const ERR_ZRANGE_WITHSCORES_BYLEX = "ERR syntax error, WITHSCORES not supported in combination with BYLEX";
export const ERR_ZWEIGHT_NOT_FLOAT = "ERR weight value is not a float";
export const ERR_ZCOUNT_POSITIVE = "ERR count should be greater than 0";
export const ERR_ZRANDMEMBER_RANGE = "ERR value is out of range";
// blocking commands (db/blocking.ts) and lists (t/list.ts)
export const ERR_TIMEOUT_NEGATIVE = "ERR timeout is negative";
export const ERR_TIMEOUT_NOT_FLOAT = "ERR timeout is not a float or out of range";
export const ERR_UNBLOCKED = "UNBLOCKED client unblocked via CLIENT UNBLOCK";
// SORT (t/sort.ts)
export const ERR_SORT_SCORES = "ERR One or more scores can't be converted into double";
// streams (t/stream.ts)
export const ERR_STREAM_INVALID_ID = "ERR Invalid stream ID specified as stream command argument";
export const ERR_XADD_ID_ZERO = "ERR The ID specified in XADD must be greater than 0-0";
export const ERR_XADD_ID_SMALL = "ERR The ID specified in XADD is equal or smaller than the target stream top item";
export const ERR_XADD_EXHAUSTED = "ERR The stream has exhausted the last possible ID, unable to add more items";
export const ERR_XADD_TOO_LARGE = "ERR Elements are too large to be stored";
export const ERR_STREAM_INVALID_START = "ERR invalid start ID for the interval";
export const ERR_STREAM_INVALID_END = "ERR invalid end ID for the interval";
export const ERR_XMAXLEN_AND_MINID = "ERR syntax error, MAXLEN and MINID options at the same time are not compatible";
export const ERR_XMAXLEN_NEGATIVE = "ERR The MAXLEN argument must be >= 0.";
export const ERR_XLIMIT_NEGATIVE = "ERR The LIMIT argument must be >= 0.";
export const ERR_XLIMIT_NO_STRATEGY = "ERR syntax error, LIMIT cannot be used without specifying a trimming strategy";
export const ERR_XTRIM_NO_STRATEGY = "ERR syntax error, XTRIM must be called with a trimming strategy";
export const ERR_XLIMIT_NO_TILDE = "ERR syntax error, LIMIT cannot be used without the special ~ option";
export const ERR_TIMEOUT_NOT_INTEGER = "ERR timeout is not an integer or out of range";
export const ERR_XREAD_GROUP = "ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.";
export const ERR_XREAD_NOACK = "ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.";
export const ERR_XREADGROUP_NO_GROUP = "ERR Missing GROUP option for XREADGROUP";
export const ERR_XREADGROUP_DOLLAR = "ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.";
export const ERR_XREAD_GT = "ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.";
export const ERR_XREAD_UNBALANCED = "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.";
export const ERR_NOGROUP_BLOCKED = "NOGROUP the consumer group this client was blocked on no longer exists";
export const ERR_BUSYGROUP = "BUSYGROUP Consumer Group name already exists";
export const ERR_XGROUP_NO_KEY = "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.";
export const ERR_XENTRIESREAD = "ERR value for ENTRIESREAD must be positive or -1";
export const ERR_XCLAIM_MINIDLE = "ERR Invalid min-idle-time argument for XCLAIM";
export const ERR_XCLAIM_IDLE = "ERR Invalid IDLE option argument for XCLAIM";
export const ERR_XCLAIM_TIME = "ERR Invalid TIME option argument for XCLAIM";
export const ERR_XCLAIM_RETRYCOUNT = "ERR Invalid RETRYCOUNT option argument for XCLAIM";
export const ERR_XAUTOCLAIM_MINIDLE = "ERR Invalid min-idle-time argument for XAUTOCLAIM";
export const ERR_XAUTOCLAIM_COUNT = "ERR COUNT must be > 0";
export const ERR_XAUTOCLAIM_NOMEM = "ERR Insufficient memory, failed allocating transient memory, COUNT too high.";
export const ERR_XSETID_ENTRIES_ADDED = "ERR entries_added must be positive";
export const ERR_XSETID_MAXDEL_ARG = "ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id";
export const ERR_XSETID_SMALL = "ERR The ID specified in XSETID is smaller than the target stream top item";
export const ERR_XSETID_ENTRIES_SMALL = "ERR The entries_added specified in XSETID is smaller than the target stream length";
export const ERR_EXECABORT = "EXECABORT Transaction discarded because of previous errors.";

// DUMP / RESTORE (t/dump.ts)
export const ERR_BUSYKEY = "BUSYKEY Target key name already exists.";
export const ERR_DUMP_PAYLOAD = "ERR DUMP payload version or checksum are wrong";
export const ERR_BAD_DATA_FORMAT = "ERR Bad data format";
export const ERR_INVALID_TTL = "ERR Invalid TTL value, must be >= 0";
export const ERR_INVALID_IDLETIME = "ERR Invalid IDLETIME value, must be >= 0";
export const ERR_INVALID_FREQ = "ERR Invalid FREQ value, must be >= 0 and <= 255";
export const ERR_MISCONF = "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.";
// scripting (db/script.ts): other clients while a script runs past busy-reply-threshold
export const ERR_BUSY_EVAL = "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.";
export const ERR_BUSY_FUNCTION = "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.";
