#!/usr/bin/env bash
# custom.sh — side-by-side throughput of arbitrary commands (redis-benchmark's custom-command
# mode) on redis-server 7.0.15 and Respite, interleaved per round; prints rps and the ratio.
#   bash bench/custom.sh                 # the default command set below, P=16
#   P=1 ROUNDS=5 N=200000 bash bench/custom.sh
# Each command line is run as `redis-benchmark -n N -P P -c 50 -r 100000 -q <command...>`;
# __rand_int__ in a command is replaced by redis-benchmark with a random number.
set -euo pipefail
set -f  # commands contain "*": no globbing
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
RPORT=${RPORT:-6410}; SPORT=${SPORT:-6412}; P=${P:-16}; ROUNDS=${ROUNDS:-3}; N=${N:-200000}
CMDS=(
  "XADD s * f v"
  "XRANGE s - + COUNT 10"
  "PFADD hll e:__rand_int__"
  "PFCOUNT hll"
  "SETBIT bits:__rand_int__ 100 1"
  "BITCOUNT bits:__rand_int__"
)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
redis-server --port "$RPORT" --save '' --appendonly no --bind 127.0.0.1 >/dev/null & pids+=($!)
node "$ROOT/dist/host/node/main.js" --port "$SPORT" --save '' --bind 127.0.0.1 >/dev/null & pids+=($!)
for _ in $(seq 50); do redis-cli -p "$RPORT" PING >/dev/null 2>&1 && redis-cli -p "$SPORT" PING >/dev/null 2>&1 && break; sleep 0.1; done
rps() { redis-benchmark -p "$1" -n "$N" -P "$P" -c 50 -r 100000 -q $2 2>/dev/null | tr '\r' '\n' | grep -o '[0-9.]* requests per second' | tail -1 | cut -d' ' -f1 || echo 0; }
printf '| command (P=%s) | redis rps | respite rps | ratio |\n|---|---:|---:|---:|\n' "$P"
for cmd in "${CMDS[@]}"; do
  rs=(); ss=()
  for ((r = 0; r < ROUNDS; r++)); do
    if ((r % 2 == 0)); then rs+=("$(rps "$RPORT" "$cmd")"); ss+=("$(rps "$SPORT" "$cmd")")
    else ss+=("$(rps "$SPORT" "$cmd")"); rs+=("$(rps "$RPORT" "$cmd")"); fi
  done
  med() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
  R=$(med "${rs[@]}"); S=$(med "${ss[@]}")
  printf '| %s | %.0f | %.0f | %.2f |\n' "$cmd" "$R" "$S" "$(awk -v a="$S" -v b="$R" 'BEGIN{print a/b}')"
done
