#!/usr/bin/env bash
# xreadgroup.sh — XREADGROUP throughput (issue 4's bar), Respite side by side with redis-server
# 7.0.15: both get the same 1M-entry stream and a consumer group, then redis-benchmark runs
# `XREADGROUP GROUP g c COUNT 10 STREAMS s >` (P=16, 50 clients); before each round the group
# is rewound (XGROUP SETID s g 0) so every round reads entries again. Prints rps and the ratio.
#   bash bench/xreadgroup.sh            ROUNDS=3 N=100000 P=16
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
RPORT=${RPORT:-6430}; SPORT=${SPORT:-6432}; ROUNDS=${ROUNDS:-3}; N=${N:-100000}; P=${P:-16}
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
redis-server --port "$RPORT" --save '' --appendonly no --bind 127.0.0.1 >/dev/null & pids+=($!)
node "$ROOT/dist/host/node/main.js" --port "$SPORT" --save '' --bind 127.0.0.1 >/dev/null & pids+=($!)
for _ in $(seq 50); do
  redis-cli -p "$RPORT" PING >/dev/null 2>&1 && redis-cli -p "$SPORT" PING >/dev/null 2>&1 && break
  sleep 0.1
done
for port in "$RPORT" "$SPORT"; do
  redis-benchmark -p "$port" -n 1000000 -P 64 -c 10 -q XADD s '*' f v >/dev/null 2>&1
  redis-cli -p "$port" XGROUP CREATE s g 0 >/dev/null
done
rps() { redis-benchmark -p "$1" -n "$N" -P "$P" -c 50 --csv XREADGROUP GROUP g c COUNT 10 STREAMS s '>' 2>/dev/null | tail -1 | cut -d, -f2 | tr -d '"'; }
echo "| round | redis rps | respite rps | ratio |"
echo "|---|---:|---:|---:|"
ratios=()
for r in $(seq "$ROUNDS"); do
  redis-cli -p "$RPORT" XGROUP SETID s g 0 >/dev/null; redis-cli -p "$SPORT" XGROUP SETID s g 0 >/dev/null
  a=$(rps "$RPORT"); b=$(rps "$SPORT")
  ratio=$(node -e "console.log(($b/$a).toFixed(2))")
  ratios+=("$ratio")
  echo "| $r | $a | $b | $ratio |"
done
echo "median ratio: $(printf '%s\n' "${ratios[@]}" | sort -n | sed -n "$(( (ROUNDS + 1) / 2 ))p")"
