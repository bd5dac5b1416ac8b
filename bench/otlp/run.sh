#!/usr/bin/env bash
# OTLP throughput: one Ferry at its defaults (but for loopback listeners and no StatsD), and the
# sender (io.ferry.bench.otlp.OtlpSender) in a second JVM, sending pre-encoded exports of
# cumulative sums as fast as Ferry acknowledges them (each acknowledged once durable), for each of
# gRPC and HTTP, batches of 1,000 and 10,000 points, gzip off and on, each size into families of its
# own; then 1,000-point exports into the 10,000-point families, over each transport. Prints a table: points/s,
# exports/s, Ferry's CPU (cores) and CPU per point, the sender's CPU; then the heap per stored
# series (after a full GC, against the heap before the first export).
#
#   bench/otlp/run.sh [OUT]          # OUT (Ferry's log, the raw lines) defaults to a new /tmp directory
#
# Environment (defaults in brackets): SECONDS_PER_RUN [20]; INFLIGHT [16] exports in flight;
# INSTANCES [64] resources (one group each) the exports rotate over.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=../../bin/lib/java.sh
. "$root/bin/lib/java.sh"
ferry_find_java jdk
java="$FERRY_JAVA_HOME/bin/java"
jcmd="$FERRY_JAVA_HOME/bin/jcmd"
SECONDS_PER_RUN=${SECONDS_PER_RUN:-20} INFLIGHT=${INFLIGHT:-16} INSTANCES=${INSTANCES:-64}

out=${1:-$(mktemp -d /tmp/otlp-bench.XXXXXX)}
mkdir -p "$out"
work=$(mktemp -d)
ferry_pid=
cleanup() {
  if [ -n "$ferry_pid" ]; then
    kill "$ferry_pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$ferry_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$ferry_pid" 2>/dev/null || true
  fi
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "otlp bench: building" >&2
(cd "$root" && JAVA_HOME=$FERRY_JAVA_HOME ./mvnw -B -q -o package -pl bench -am -DskipTests) >&2
jar=$root/ferry/target/ferry.jar
bench_jar=$root/bench/target/benchmarks.jar

free_port() { /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port); http_port=$(free_port); grpc_port=$(free_port)
"$java" -jar "$jar" serve --web.listen-address=127.0.0.1:"$port" --storage.path="$work/data" \
  --otlp.http-listen-address=127.0.0.1:"$http_port" --otlp.grpc-listen-address=127.0.0.1:"$grpc_port" \
  --statsd.listen-udp= --statsd.listen-tcp= 2>"$out/ferry.log" &
ferry_pid=$!
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/-/ready" >/dev/null && break; sleep 0.1; done

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
heap_used_kb() {
  "$jcmd" "$1" GC.run >/dev/null
  "$jcmd" "$1" GC.heap_info | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub("K", "", v); print v; exit } }'
}
heap_before=$(heap_used_kb "$ferry_pid")

printf '%-5s %7s %7s %5s %12s %10s %11s %14s %12s %s\n' transport points "family" gzip "points/s" "exports/s" "ferry cores" "ferry us/point" "sender cores" errors
# One row: TRANSPORT POINTS GZIP [FAMILY_POINTS] (the export size the families are named for;
# POINTS unless given: a smaller export into larger stored families shows what a write costs).
row() {
  local transport=$1 points=$2 gzip=$3 family=${4:-$2}
  local p=$grpc_port; [ "$transport" = http ] && p=$http_port
  local before after start end line rate exports errors su ss
  before=$(ticks "$ferry_pid")
  start=$(date +%s.%N)
  line=$(/usr/bin/time -f '%U %S' -o "$work/time" "$java" -cp "$bench_jar" io.ferry.bench.otlp.OtlpSender \
    "$transport" 127.0.0.1 "$p" "$points" "$gzip" "$SECONDS_PER_RUN" "$INFLIGHT" "$INSTANCES" "$family")
  end=$(date +%s.%N)
  after=$(ticks "$ferry_pid")
  echo "$transport $points $family $gzip $line $(cat "$work/time")" >>"$out/raw.txt"
  read -r rate exports _ errors <<<"$line"
  read -r su ss <"$work/time"
  awk -v t="$transport" -v n="$points" -v f="$family" -v g="$gzip" -v rate="$rate" -v ex="$exports" -v b="$before" -v a="$after" \
    -v hz="$hz" -v s="$start" -v e="$end" -v su="$su" -v ss="$ss" -v err="$errors" -v secs="$SECONDS_PER_RUN" 'BEGIN {
      wall = e - s; cores = (a - b) / hz / wall; sent = rate * secs
      printf "%-5s %7d %7d %5s %12.0f %10.1f %11.2f %14.2f %12.2f %s\n", t, n, f, g, rate, ex, cores,
             (a - b) / hz * 1e6 / (sent > 0 ? sent : 1), (su + ss) / wall, err }'
}
for transport in grpc http; do
  for points in 1000 10000; do
    for gzip in false true; do
      row "$transport" "$points" "$gzip"
    done
  done
done
# 1,000-point exports into the families the 10,000-point rows filled: each write carries the
# families it touches whole (bench/RESULTS.md), whatever the transport.
for transport in grpc http; do
  row "$transport" 1000 false 10000
done
heap_after=$(heap_used_kb "$ferry_pid")
series=$(curl -sf "http://127.0.0.1:$port/metrics" | grep -c '^bench_requests_')
awk -v b="$heap_before" -v a="$heap_after" -v n="$series" 'BEGIN {
  printf "stored series %d, heap %.0f MiB -> %.0f MiB after a full GC: %.0f bytes per series\n", n, b / 1024, a / 1024, (a - b) * 1024 / n }'
