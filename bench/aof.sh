#!/usr/bin/env bash
# aof.sh — write throughput with the append-only file on (appendfsync everysec by default),
# Respite side by side with redis-server 7.0.15, each writing its AOF to its own temp dir.
#
#   bash bench/aof.sh                                    # set,incr,lpush,hset,zadd at P=1 and P=16
#   FSYNC=always TESTS=set PIPELINES=16 bash bench/aof.sh
#
# The issue's bar: Respite's throughput >= 0.9x redis-server's under everysec.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
RPORT=${RPORT:-6420}
SPORT=${SPORT:-6422}
FSYNC=${FSYNC:-everysec}
export TESTS=${TESTS:-set,incr,lpush,hset,zadd}
[ -f "$ROOT/dist/host/node/main.js" ] && [ -f "$ROOT/build/engine.wasm" ] || (cd "$ROOT" && npm run build >/dev/null)

RDIR=$(mktemp -d /tmp/aofbench-redis.XXXX)
SDIR=$(mktemp -d /tmp/aofbench-respite.XXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; sleep 0.3; rm -rf "$RDIR" "$SDIR"; }
trap cleanup EXIT

redis-server --port "$RPORT" --save '' --appendonly yes --appendfsync "$FSYNC" --dir "$RDIR" --bind 127.0.0.1 >/dev/null &
pids+=($!)
node "$ROOT/dist/host/node/main.js" --port "$SPORT" --save '' --appendonly yes --appendfsync "$FSYNC" --dir "$SDIR" --bind 127.0.0.1 >/dev/null &
pids+=($!)
for _ in $(seq 50); do
  redis-cli -p "$RPORT" PING >/dev/null 2>&1 && redis-cli -p "$SPORT" PING >/dev/null 2>&1 && break
  sleep 0.1
done
echo "# appendonly yes, appendfsync $FSYNC"
"$HERE/bench.sh" redis="$RPORT" respite="$SPORT"
echo "# AOF sizes: redis $(du -sb "$RDIR" | cut -f1) B, respite $(du -sb "$SDIR" | cut -f1) B"
