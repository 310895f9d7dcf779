#!/usr/bin/env bash
# run.sh — Respite side by side with redis-server 7.0.15 in one run: throughput, server CPU
# per request (bench.sh) and bytes per key (memory.sh), each server started fresh here.
#
#   npm run bench                                  # full matrix, P=1 and P=16
#   TESTS=set,get PIPELINES="16" npm run bench     # a subset (bench.sh's variables apply)
#   RANDOM_KEYS=100000 DATA_SIZE=100 npm run bench # the server-bound variant
#   MEMORY=1 npm run bench                         # also bytes/key for 1M strings (fresh servers)
#
# The scripts bench.sh, summarize.cjs, memory.sh, gen-dataset.cjs, load.cjs come from the
# project's shared benchmark kit (they compare any RESP servers).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
RPORT=${RPORT:-6410}
SPORT=${SPORT:-6412}

[ -f "$ROOT/dist/host/node/main.js" ] && [ -f "$ROOT/build/engine.wasm" ] || (cd "$ROOT" && npm run build >/dev/null)

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

start_servers() {
  redis-server --port "$RPORT" --save '' --appendonly no --bind 127.0.0.1 >/dev/null &
  pids+=($!)
  node "$ROOT/dist/host/node/main.js" --port "$SPORT" --save '' --bind 127.0.0.1 >/dev/null &
  pids+=($!)
  for _ in $(seq 50); do
    redis-cli -p "$RPORT" PING >/dev/null 2>&1 && redis-cli -p "$SPORT" PING >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "servers did not start" >&2; exit 1
}
stop_servers() { cleanup; pids=(); sleep 0.3; }

start_servers
"$HERE/bench.sh" redis="$RPORT" respite="$SPORT"
stop_servers

if [ "${MEMORY:-0}" = 1 ]; then
  for kind in ${MEMORY_KINDS:-strings}; do
    start_servers
    echo "== memory: $kind (redis-server, then respite; fresh servers)"
    KINDS=$kind LOADER=${LOADER:-auto} "$HERE/memory.sh" "$RPORT" | tail -1
    KINDS=$kind LOADER=${LOADER:-auto} "$HERE/memory.sh" "$SPORT" | tail -1
    stop_servers
  done
fi
