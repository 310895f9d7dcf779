// rdb-dataset.ts — one dataset with every type and encoding, as commands, so Respite and
// redis-server can build exactly the same data (the RDB round-trip tests compare them).

export function datasetCommands(): string[][] {
  const c: string[][] = [];
  const big = (n: number, f: (i: number) => string[]) => { for (let i = 0; i < n; i++) c.push(f(i)); };
  c.push(["SELECT", "0"]);
  // strings: int, embstr, raw, compressible, binary, with TTLs
  c.push(["SET", "s:int", "12345"], ["SET", "s:neg", "-99"], ["SET", "s:i64", "9223372036854775807"]);
  c.push(["SET", "s:embstr", "hello world"], ["SET", "s:empty", ""]);
  c.push(["SET", "s:raw", "x".repeat(10) + "y".repeat(50) + "0123456789"]);
  c.push(["SET", "s:lzf", "abc".repeat(400)]);
  c.push(["SET", "s:bin", "\x00\x01\xff\xfe binary"]);
  c.push(["SET", "s:ttl", "v", "PX", "100000000"]);
  c.push(["SET", "s:ttl2", "w", "EX", "50000"]);
  c.push(["SETRANGE", "s:setrange", "100", "tail"]);
  // lists: one listpack node, many nodes, compressed interior nodes
  c.push(["RPUSH", "l:small", "a", "b", "1", "-2", "300000", "9999999999", "c"]);
  big(40, (i) => ["RPUSH", "l:big", ...Array.from({ length: 50 }, (_, j) => `item-${i}-${j}`)]);
  c.push(["CONFIG", "SET", "list-compress-depth", "1"]);
  big(20, (i) => ["RPUSH", "l:comp", ...Array.from({ length: 100 }, (_, j) => `compressible-element-${j % 7}-${i}`)]);
  c.push(["CONFIG", "SET", "list-compress-depth", "0"]);
  c.push(["LPUSH", "l:ttl", "x"], ["PEXPIRE", "l:ttl", "90000000"]);
  // sets: intset (16/32/64-bit), hashtable from strings and from size
  c.push(["SADD", "set:i16", "1", "2", "3", "-5"]);
  c.push(["SADD", "set:i64", "1", "4294967296", "-9223372036854775808"]);
  c.push(["SADD", "set:str", "a", "b", "c", "dd", "e"]);
  big(1, () => ["SADD", "set:bigint", ...Array.from({ length: 600 }, (_, j) => String(j * 3))]);
  // sorted sets: listpack, skiplist by size, skiplist by member length
  c.push(["ZADD", "z:lp", "1", "a", "2.5", "b", "-3", "c", "1e300", "d", "0.1", "e"]);
  big(1, () => ["ZADD", "z:sk", ...Array.from({ length: 300 }, (_, j) => [String(j / 7), `m${j}`]).flat()]);
  c.push(["ZADD", "z:long", "1", "m".repeat(100), "2", "short"]);
  c.push(["ZADD", "z:inf", "inf", "a", "-inf", "b", "0", "c"]);
  // hashes: listpack, hashtable by size, hashtable by value length
  c.push(["HSET", "h:lp", "f1", "v1", "f2", "2", "num", "-12345678901", "empty", ""]);
  big(1, () => ["HSET", "h:ht", ...Array.from({ length: 600 }, (_, j) => [`field${j}`, `value${j}`]).flat()]);
  c.push(["HSET", "h:long", "f", "v".repeat(100), "g", "1"]);
  // streams: several nodes, deletions, groups, consumers, pending entries
  big(250, (i) => ["XADD", "x:s", `${1000 + i}-${i % 3}`, "field", `v${i}`, "n", String(i)]);
  c.push(["XADD", "x:s", "5000-0", "other", "layout", "more", "fields"]);
  c.push(["XDEL", "x:s", "1005-2", "1100-1", "1249-0"]);
  c.push(["XGROUP", "CREATE", "x:s", "g1", "0"]);
  c.push(["XGROUP", "CREATE", "x:s", "g2", "$"]);
  c.push(["XGROUP", "CREATECONSUMER", "x:s", "g1", "idle-consumer"]);
  c.push(["XREADGROUP", "GROUP", "g1", "alice", "COUNT", "5", "STREAMS", "x:s", ">"]);
  c.push(["XREADGROUP", "GROUP", "g1", "bob", "COUNT", "3", "STREAMS", "x:s", ">"]);
  c.push(["XACK", "x:s", "g1", "1001-1"]);
  c.push(["XADD", "x:empty", "1-1", "a", "b"], ["XDEL", "x:empty", "1-1"]);
  c.push(["XADD", "x:trim", "MAXLEN", "2", "7-1", "a", "1"]);
  // another database
  c.push(["SELECT", "3"]);
  c.push(["SET", "db3:k", "v"], ["RPUSH", "db3:l", "1", "2"], ["HSET", "db3:h", "a", "b"]);
  c.push(["SELECT", "0"]);
  return c;
}
