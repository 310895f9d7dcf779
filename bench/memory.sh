#!/usr/bin/env bash
# memory.sh PORT — bytes per key of a RESP server, from the server's RSS and,
# where the server has it, INFO memory used_memory.
#
# For each kind: FLUSHALL (+ MEMORY PURGE, errors ignored), read RSS/used_memory,
# bulk-load the data set, wait SETTLE seconds, check DBSIZE, read them again;
# bytes/key = delta / keys. The server PID comes from `ss -ltnp` on PORT and
# RSS from /proc/PID/status (VmRSS), so the server must run on this machine.
#
# Data sets (gen-dataset.cjs, cached under $CACHE):
#   strings  1,000,000 x  SET key:<i> val               (= DEBUG POPULATE 1000000 key 3)
#   hashes     100,000 x  HSET hash:<i> f0 v00 .. f9 v99 (10 fields, 3-byte values)
#   lists      100,000 x  RPUSH list:<i> el0 .. el9      (10 elements of 3 bytes)
#   sets       100,000 x  SADD set:<i> m:0 .. m:9        (optional kind)
#   zsets      100,000 x  ZADD zset:<i> 0 m:0 .. 9 m:9   (optional kind)
#
# Environment:
#   KINDS    ["strings hashes lists"]   any of strings hashes lists sets zsets
#   N_STRINGS [1000000]  N_AGG [100000] (keys for the other kinds)  FIELDS [10]
#   LOADER   [pipe]  pipe = redis-cli --pipe (target must implement ECHO),
#                    node = load.cjs (counts replies, needs no ECHO),
#                    populate = DEBUG POPULATE for strings (pipe for the rest),
#                    auto = populate if the target accepts DEBUG POPULATE, else pipe
#   SETTLE   [2]     seconds to wait before reading memory after a load / flush
#   HOST     [127.0.0.1]   CACHE [/tmp/perf-memory]   OUT [] append TSV rows here
#
# RSS caveat: allocators (jemalloc, V8, a WASM linear memory that never
# shrinks) keep freed pages, so after a previous kind was loaded and flushed the
# "before" RSS is inflated and the next delta understated. For clean RSS numbers
# run one kind per freshly started server (KINDS=strings memory.sh PORT, restart,
# KINDS=hashes ...). used_memory is not affected.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
PORT=${1:?usage: memory.sh PORT}
HOST=${HOST:-127.0.0.1}
KINDS=${KINDS:-strings hashes lists}
N_STRINGS=${N_STRINGS:-1000000}
N_AGG=${N_AGG:-100000}
FIELDS=${FIELDS:-10}
LOADER=${LOADER:-pipe}
SETTLE=${SETTLE:-2}
CACHE=${CACHE:-/tmp/perf-memory}
OUT=${OUT:-}
RCLI=${REDIS_CLI:-redis-cli}
cli() { "$RCLI" -h "$HOST" -p "$PORT" "$@"; }

PID=$(ss -ltnpH "sport = :$PORT" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
[ -n "$PID" ] || { echo "no local process listens on port $PORT" >&2; exit 1; }
cli PING >/dev/null 2>&1 || { echo "port $PORT does not answer PING" >&2; exit 1; }
mkdir -p "$CACHE"

rss_kb() { awk '/^VmRSS:/{print $2}' "/proc/$PID/status"; }
used_mem() { cli INFO memory 2>/dev/null | tr -d '\r' | awk -F: '/^used_memory:/{print $2; f=1} END{if(!f) print "n/a"}'; }
dbsize() { cli DBSIZE 2>/dev/null | tr -d '\r'; }
per_key() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN{ if (a=="n/a"||b=="n/a") print "n/a"; else printf "%.1f", (b-a)/n }'; }

echo "# memory.sh port=$PORT pid=$PID cmd=$(tr '\0' ' ' < /proc/$PID/cmdline | sed 's/ *$//') loader=$LOADER $(date -Is)"
echo "# idle: VmRSS=$(rss_kb) kB used_memory=$(used_mem) dbsize=$(dbsize)"
printf '%-8s %9s %10s %12s %12s %10s %14s %14s %10s %8s\n' kind keys elements rss_before_kB rss_after_kB rss_B/key used_before used_after used_B/key load_s

for kind in $KINDS; do
  if [ "$kind" = strings ]; then n=$N_STRINGS; elems=$n; else n=$N_AGG; elems=$(( n * FIELDS )); fi
  cli FLUSHALL >/dev/null 2>&1; cli MEMORY PURGE >/dev/null 2>&1; sleep "$SETTLE"
  r0=$(rss_kb); u0=$(used_mem)
  method=$LOADER
  if [ "$kind" = strings ] && [ "$method" = auto ]; then
    if [ "$(cli DEBUG POPULATE 0 2>&1 | tr -d '\r')" = OK ]; then method=populate; else method=pipe; fi
  fi
  [ "$kind" != strings ] && [ "$method" = populate -o "$method" = auto ] && method=pipe
  t0=$(date +%s.%N)
  case "$method" in
    populate)
      res=$(cli DEBUG POPULATE "$n" key 3 2>&1 | tr -d '\r');;
    pipe|node)
      file=$CACHE/$kind-$n-$FIELDS.resp
      [ -s "$file" ] || node "$HERE/gen-dataset.cjs" "$kind" "$n" "$FIELDS" > "$file"
      if [ "$method" = pipe ]; then res=$(cli --pipe < "$file" 2>&1 | tail -1)
      else res=$(node "$HERE/load.cjs" "$PORT" "$file" "$n" "$HOST" 2>&1 | tail -1); fi;;
    *) echo "unknown LOADER=$method" >&2; exit 2;;
  esac
  t1=$(date +%s.%N)
  sleep "$SETTLE"
  d=$(dbsize)
  [ "$d" = "$n" ] || echo "WARN: $kind: DBSIZE=$d, expected $n (loader said: $res)" >&2
  r1=$(rss_kb); u1=$(used_mem)
  rb=$(awk -v a="$r0" -v b="$r1" -v n="$n" 'BEGIN{ printf "%.1f", (b-a)*1024/n }')
  ub=$(per_key "$u0" "$u1" "$n")
  ls=$(awk -v a="$t0" -v b="$t1" 'BEGIN{ printf "%.2f", b-a }')
  printf '%-8s %9d %10d %12d %12d %10s %14s %14s %10s %8s  (%s: %s)\n' "$kind" "$n" "$elems" "$r0" "$r1" "$rb" "$u0" "$u1" "$ub" "$ls" "$method" "$res"
  [ -n "$OUT" ] && printf '%s\t%s\t%s\t%d\t%d\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -Is)" "$PORT" "$kind" "$n" "$elems" "$r0" "$r1" "$rb" "$u0" "$u1" "$ub" "$ls" "$method" >> "$OUT"
done
cli FLUSHALL >/dev/null 2>&1
exit 0
