#!/usr/bin/env bash
# memory-all.sh — bytes per key, Respite vs redis-server, one fresh pair of servers per data
# set (allocators and wasm memory keep freed pages, so kinds must not share a server).
#   bash bench/memory-all.sh [kinds...]    default: strings hashes lists sets zsets
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
RPORT=${RPORT:-6410}
SPORT=${SPORT:-6412}
KINDS=${*:-strings hashes lists sets zsets}
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; pids=(); }
trap cleanup EXIT
for kind in $KINDS; do
  redis-server --port "$RPORT" --save '' --appendonly no --bind 127.0.0.1 >/dev/null & pids+=($!)
  node "$ROOT/dist/host/node/main.js" --port "$SPORT" --save '' --bind 127.0.0.1 >/dev/null & pids+=($!)
  for _ in $(seq 50); do redis-cli -p "$RPORT" PING >/dev/null 2>&1 && redis-cli -p "$SPORT" PING >/dev/null 2>&1 && break; sleep 0.1; done
  r=$(KINDS=$kind LOADER=pipe SETTLE=1 "$HERE/memory.sh" "$RPORT" | tail -1)
  s=$(KINDS=$kind LOADER=pipe SETTLE=1 "$HERE/memory.sh" "$SPORT" | tail -1)
  echo "redis   $r"
  echo "respite $s"
  cleanup; sleep 0.5
done
