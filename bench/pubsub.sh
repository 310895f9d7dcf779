#!/usr/bin/env bash
# pubsub.sh — Pub/Sub fan-out, Respite vs redis-server side by side (bench/pubsub-fanout.cjs).
#
#   bench/pubsub.sh                 1 publisher -> 1000 subscribers, 20000 messages of 32 bytes
#   SUBS=100 MESSAGES=50000 SIZE=256 ROUNDS=3 bench/pubsub.sh
#
# Starts its own redis-server (REDIS_PORT, default 7101) and Respite (RESPITE_PORT, default
# 17101, from dist/: run `npm run build` first), alternates the two for ROUNDS rounds, prints
# each run and the median ratio Respite / Redis of messages published per second. Refuses to
# run if either port is already taken (it must not measure some other server).

set -euo pipefail
cd "$(dirname "$0")/.."
SUBS=${SUBS:-1000}
MESSAGES=${MESSAGES:-20000}
SIZE=${SIZE:-32}
ROUNDS=${ROUNDS:-3}
REDIS_PORT=${REDIS_PORT:-7101}
RESPITE_PORT=${RESPITE_PORT:-17101}

for p in "$REDIS_PORT" "$RESPITE_PORT"; do
  if redis-cli -p "$p" ping >/dev/null 2>&1; then echo "port $p is already in use" >&2; exit 1; fi
done

redis-server --port "$REDIS_PORT" --save '' --appendonly no --daemonize no --loglevel warning >/dev/null &
REDIS_PID=$!
node dist/host/node/main.js --port "$RESPITE_PORT" --save '' --loglevel warning >/dev/null &
RESPITE_PID=$!
trap 'kill $REDIS_PID $RESPITE_PID 2>/dev/null || true' EXIT
for p in "$REDIS_PORT" "$RESPITE_PORT"; do
  for _ in $(seq 100); do redis-cli -p "$p" ping >/dev/null 2>&1 && break; sleep 0.05; done
  redis-cli -p "$p" ping >/dev/null 2>&1 || { echo "no server on port $p" >&2; exit 1; }
done
kill -0 "$REDIS_PID" && kill -0 "$RESPITE_PID" || { echo "a server failed to start" >&2; exit 1; }

declare -a R=() S=()
for r in $(seq "$ROUNDS"); do
  for target in redis respite; do
    port=$REDIS_PORT; [ "$target" = respite ] && port=$RESPITE_PORT
    out=$(node bench/pubsub-fanout.cjs "$port" "$SUBS" "$MESSAGES" "$SIZE")
    rate=$(echo "$out" | sed -E 's/.*"publishedPerSec":([0-9]+).*/\1/')
    echo "round $r $target $out"
    if [ "$target" = redis ]; then R+=("$rate"); else S+=("$rate"); fi
  done
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mr=$(median "${R[@]}")
ms=$(median "${S[@]}")
echo "median published/s: redis $mr  respite $ms  ratio respite/redis $(awk -v a="$ms" -v b="$mr" 'BEGIN{printf "%.2f", a/b}')"
echo "median deliveries/s: redis $((mr * SUBS))  respite $((ms * SUBS))  ($SUBS subscribers, $SIZE-byte payload)"
