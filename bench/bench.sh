#!/usr/bin/env bash
# bench.sh — interleaved redis-benchmark comparison of RESP servers.
#
#   bench.sh NAME=PORT [NAME=PORT ...]        (first target = reference)
#   e.g. bench.sh redis=6410 ceiling=6411 ts=6412
#
# For every round, pipeline depth and test, each target is run back to back
# (target order alternates per round), so every comparison is taken side by
# side in time; the summary uses medians over rounds and the per-round paired
# ratio target/reference. Tests run in the given order for every target
# (lpop/rpop drain what lpush/rpush pushed, spop/zpopmin follow sadd/zadd), and
# each round starts with FLUSHALL on every target (FLUSH=0 to skip).
#
# Environment (defaults in brackets):
#   TESTS      [set,get,incr,lpush,rpush,lpop,rpop,sadd,hset,spop,zadd,zpopmin,lrange_100,mset]
#   PIPELINES  [1 16]           space-separated -P values
#   ROUNDS     [3]
#   CLIENTS    [50]             -c
#   N          []               fixed -n for every test (disables calibration)
#   N_P1, N_P16, N_P<p> []      fixed -n for that pipeline depth
#   SECS       [3]              calibration target: seconds per run (geomean
#                               of the targets' calibration rps x SECS)
#   CAL_N      [20000]          calibration run size (x P)
#   MIN_N      [10000]          lower bound on a calibrated -n
#   RANDOM_KEYS []              e.g. 100000 -> -r 100000
#   DATA_SIZE  [3]              -d
#   THREADS    []               redis-benchmark --threads
#   HOST       [127.0.0.1]
#   FLUSH      [1]              FLUSHALL each target at the start of each round
#   RUN_TIMEOUT [300]           seconds before one redis-benchmark run is killed
#   OUTDIR     [results/<date>-<targets>]  raw CSVs, runs.tsv, summary.md
#
# lrange_<k> tests: the list is pre-filled with max(1000,k) elements by a
# separate "-t lpush" run outside the measurement, then "LRANGE mylist 0 k-1"
# is benchmarked as a custom command (so CPU accounting excludes the fill).
#
# Besides rps and latency (p50/p99 from redis-benchmark --csv) it records, per
# run, CPU seconds of redis-benchmark (bash time) and of the server process
# (/proc/PID/stat, PID found via `ss -ltnp` on the port), the server's read /
# write syscall counts (/proc/PID/io), and the whole machine's busy, softirq
# and steal time (/proc/stat) -> "other" load = machine busy (incl. softirq,
# which is also charged to the process it ran in) - client - server.
# NOTE: 2 cores: redis-benchmark (single-threaded) takes one, the server the
# other; anything else running on the machine shows up as "other".
set -u
HERE=$(cd "$(dirname "$0")" && pwd)

[ $# -ge 1 ] || { sed -n '2,44p' "$0"; exit 2; }
TESTS=${TESTS:-set,get,incr,lpush,rpush,lpop,rpop,sadd,hset,spop,zadd,zpopmin,lrange_100,mset}
PIPELINES=${PIPELINES:-1 16}
ROUNDS=${ROUNDS:-3}
CLIENTS=${CLIENTS:-50}
SECS=${SECS:-3}
CAL_N=${CAL_N:-20000}
MIN_N=${MIN_N:-10000}
DATA_SIZE=${DATA_SIZE:-3}
HOST=${HOST:-127.0.0.1}
FLUSH=${FLUSH:-1}
RUN_TIMEOUT=${RUN_TIMEOUT:-300}
RB=${REDIS_BENCHMARK:-redis-benchmark}
RCLI=${REDIS_CLI:-redis-cli}

NAMES=(); PORTS=(); PIDS=()
for t in "$@"; do
  case "$t" in *=*) ;; *) echo "target must be NAME=PORT: $t" >&2; exit 2;; esac
  NAMES+=("${t%%=*}"); PORTS+=("${t#*=}")
done
NT=${#NAMES[@]}

pid_of_port() { ss -ltnpH "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2; }
for i in "${!PORTS[@]}"; do
  p=${PORTS[$i]}
  if ! "$RCLI" -h "$HOST" -p "$p" PING >/dev/null 2>&1; then echo "target ${NAMES[$i]} ($HOST:$p) does not answer PING" >&2; exit 1; fi
  pid=$(pid_of_port "$p"); PIDS+=("${pid:-0}")
done

STAMP=$(date +%Y%m%d-%H%M%S)
OUTDIR=${OUTDIR:-${TMPDIR:-/tmp}/respite-bench/$STAMP-$(IFS=-; echo "${NAMES[*]}")}
mkdir -p "$OUTDIR/raw"
RUNS=$OUTDIR/runs.tsv
TICK=$(getconf CLK_TCK)
NCPU=$(nproc)

COMMON=(-h "$HOST" -c "$CLIENTS" -d "$DATA_SIZE")
[ -n "${RANDOM_KEYS:-}" ] && COMMON+=(-r "$RANDOM_KEYS")
[ -n "${THREADS:-}" ] && COMMON+=(--threads "$THREADS")

{
  echo "# bench.sh $* ; $(date -Is) ; $(uname -n) ; $NCPU cpus ; $($RB --version 2>/dev/null | head -1)"
  echo "# TESTS=$TESTS PIPELINES='$PIPELINES' ROUNDS=$ROUNDS CLIENTS=$CLIENTS SECS=$SECS N=${N:-} RANDOM_KEYS=${RANDOM_KEYS:-} DATA_SIZE=$DATA_SIZE THREADS=${THREADS:-}"
  for i in "${!NAMES[@]}"; do echo "# target ${NAMES[$i]} port=${PORTS[$i]} pid=${PIDS[$i]} cmd=$(tr '\0' ' ' < /proc/${PIDS[$i]}/cmdline 2>/dev/null | sed 's/ *$//')"; done
} > "$OUTDIR/meta.txt"
cat "$OUTDIR/meta.txt" >&2
printf 'phase\tround\tP\ttest\ttarget\tn\trps\tavg_ms\tmin_ms\tp50_ms\tp95_ms\tp99_ms\tmax_ms\twall_s\tcli_user_s\tcli_sys_s\tsrv_user_s\tsrv_sys_s\tsrv_syscr\tsrv_syscw\tmach_busy_s\tmach_softirq_s\tmach_steal_s\n' > "$RUNS"

proc_cpu() { # utime stime (ticks) of PID
  [ "$1" != 0 ] && [ -r "/proc/$1/stat" ] && awk '{ sub(/^.*\) /, ""); print $12, $13 }' "/proc/$1/stat" || echo "0 0"
}
proc_io() { [ "$1" != 0 ] && [ -r "/proc/$1/io" ] && awk '/^syscr/{r=$2} /^syscw/{w=$2} END{print r+0, w+0}' "/proc/$1/io" || echo "0 0"; }
mach_cpu() { awk '/^cpu /{ print $2+$3+$4+$7, $8, $9 }' /proc/stat; } # busy(user+nice+sys+irq) softirq steal

# run_one PHASE ROUND P TEST IDX N  -> appends a row to runs.tsv, echoes rps
run_one() {
  local phase=$1 round=$2 P=$3 test=$4 i=$5 n=$6
  local name=${NAMES[$i]} port=${PORTS[$i]} pid=${PIDS[$i]}
  local raw="$OUTDIR/raw/$phase-r$round-P$P-$test-$name"
  local args=("${COMMON[@]}" -p "$port" -P "$P" -n "$n" --csv)
  case "$test" in
    lrange_*)
      local k=${test#lrange_} fill
      fill=$(( k > 1000 ? k : 1000 ))
      "$RCLI" -h "$HOST" -p "$port" DEL mylist >/dev/null 2>&1
      "$RB" -h "$HOST" -p "$port" -c "$CLIENTS" -d "$DATA_SIZE" -n "$fill" -t lpush --csv >/dev/null 2>&1
      args+=(LRANGE mylist 0 $((k - 1)));;
    *) args+=(-t "$test");;
  esac
  local c0 c1 io0 io1 m0 m1 t
  read -r -a c0 <<<"$(proc_cpu "$pid")"; read -r -a io0 <<<"$(proc_io "$pid")"; read -r -a m0 <<<"$(mach_cpu)"
  t=$( { TIMEFORMAT='%R %U %S'; time timeout "$RUN_TIMEOUT" "$RB" "${args[@]}" >"$raw.csv" 2>"$raw.err"; } 2>&1 | tail -1 )
  read -r -a c1 <<<"$(proc_cpu "$pid")"; read -r -a io1 <<<"$(proc_io "$pid")"; read -r -a m1 <<<"$(mach_cpu)"
  [ -s "$raw.err" ] || rm -f "$raw.err"
  # the measured line: the last CSV row that is not the header nor the LRANGE fill
  local line
  line=$(grep -v '^"test"' "$raw.csv" | grep -v 'needed to benchmark' | tail -1 | tr -d '"')
  if [ -z "$line" ]; then
    echo "WARN: no result for $name $test P=$P (see $raw.err)" >&2
    line="$test,0,0,0,0,0,0,0"
  fi
  local f; IFS=, read -r -a f <<<"$line"
  local tv; read -r -a tv <<<"$t"
  awk -v OFS='\t' -v ph="$phase" -v r="$round" -v P="$P" -v te="$test" -v nm="$name" -v n="$n" \
      -v rps="${f[1]}" -v avg="${f[2]}" -v mn="${f[3]}" -v p50="${f[4]}" -v p95="${f[5]}" -v p99="${f[6]}" -v mx="${f[7]}" \
      -v wall="${tv[0]:-0}" -v cu="${tv[1]:-0}" -v cs="${tv[2]:-0}" \
      -v su="$(( c1[0] - c0[0] ))" -v ss="$(( c1[1] - c0[1] ))" -v tick="$TICK" \
      -v rd="$(( io1[0] - io0[0] ))" -v wr="$(( io1[1] - io0[1] ))" \
      -v mb="$(( m1[0] - m0[0] ))" -v msi="$(( m1[1] - m0[1] ))" -v mst="$(( m1[2] - m0[2] ))" \
      'BEGIN { print ph, r, P, te, nm, n, rps, avg, mn, p50, p95, p99, mx, wall, cu, cs, su/tick, ss/tick, rd, wr, mb/tick, msi/tick, mst/tick }' >> "$RUNS"
  echo "${f[1]}"
}

flush_all() { [ "$FLUSH" = 1 ] || return 0; for i in "${!PORTS[@]}"; do "$RCLI" -h "$HOST" -p "${PORTS[$i]}" FLUSHALL >/dev/null 2>&1; done; }

IFS=, read -r -a TL <<<"$TESTS"
declare -A NN
# ---- choose -n per (P, test) ------------------------------------------------------
flush_all
for P in $PIPELINES; do
  fixed_var="N_P$P"; fixed=${!fixed_var:-${N:-}}
  for test in "${TL[@]}"; do
    if [ -n "$fixed" ]; then NN[$P,$test]=$fixed; continue; fi
    logsum=0
    for i in "${!NAMES[@]}"; do
      rps=$(run_one cal 0 "$P" "$test" "$i" $(( CAL_N * P )))
      logsum=$(awk -v a="$logsum" -v r="$rps" 'BEGIN{ if (r < 1) r = 1; print a + log(r) }')
    done
    NN[$P,$test]=$(awk -v s="$logsum" -v k="$NT" -v secs="$SECS" -v mn="$MIN_N" \
      'BEGIN{ n = exp(s/k) * secs; n = int(n/1000+0.5)*1000; if (n < mn) n = mn; print n }')
    echo "n[P=$P,$test]=${NN[$P,$test]}" >&2
  done
done

# ---- measured rounds ------------------------------------------------------------------
for (( round=1; round<=ROUNDS; round++ )); do
  flush_all
  order=("${!NAMES[@]}")
  if (( round % 2 == 0 )); then order=(); for (( i=NT-1; i>=0; i-- )); do order+=("$i"); done; fi
  for P in $PIPELINES; do
    for test in "${TL[@]}"; do
      line="round $round P=$P $test:"
      for i in "${order[@]}"; do
        rps=$(run_one run "$round" "$P" "$test" "$i" "${NN[$P,$test]}")
        line+=" ${NAMES[$i]}=$rps"
      done
      echo "$line" >&2
    done
  done
done

node "$HERE/summarize.cjs" "$RUNS" "${NAMES[0]}" | tee "$OUTDIR/summary.md"
echo "(raw: $OUTDIR)" >&2
