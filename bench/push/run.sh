#!/usr/bin/env bash
# Push benchmarks: Ferry and the Pushgateway (Debian's prometheus-pushgateway) in the same run,
# each started fresh for each scenario on loopback, with the same load generator.
#
#   bench/push/run.sh [scenario...]     scenarios: put put-100k fsync ceiling sequential heap
#                                       (default: all of them, in that order), and many-groups
#                                       (not by default: the Pushgateway takes about 15 minutes to load it)
#
# Needs wrk, python3 and prometheus-pushgateway (Debian packages wrk, python3,
# prometheus-pushgateway); a JDK 21+ is found as bin/ferry finds it. Environment:
#   DURATION  seconds of each measured wrk run (default 10), after WARMUP seconds (default 10)
#   RUNS      measured wrk runs per figure (default 3)
#   PGW=0     skip the Pushgateway
#   CONNECTIONS  wrk's connections (default 16)
#   FERRY_ADDR, PGW_ADDR  where the servers listen (default 127.0.0.1:39091 and :39092)
# Prints one line per figure; bench/RESULTS.md records them.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=../../bin/lib/java.sh
. "$root/bin/lib/java.sh"
ferry_find_java jdk # jcmd, for the heap figure

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-10}
RUNS=${RUNS:-3}
PGW=${PGW:-1}
FERRY_ADDR=${FERRY_ADDR:-127.0.0.1:39091}
PGW_ADDR=${PGW_ADDR:-127.0.0.1:39092}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=2
python=$(command -v /usr/bin/python3 || command -v python3)

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

say() { printf '%s\n' "$*"; }

# Ready, not only healthy: a server takes traffic once it says it is ready (Ferry compiles its
# /metrics path before that), as a load balancer or a Kubernetes Service would send it.
wait_ready() { # URL PID
  for _ in $(seq 300); do
    curl -sf -o /dev/null "$1/-/ready" && return 0
    kill -0 "$2" 2>/dev/null || { say "server exited; log:"; cat "$work"/*.log >&2; exit 1; }
    sleep 0.1
  done
  say "not ready after 30 s: $1"; exit 1
}

# The ahead-of-time cache bin/ferry uses on JDK 25+, recorded before anything is measured: after a
# rebuild bin/ferry would record it in the background, beside the first scenario, which would then
# run without it and share the cores with the training run.
ensure_aot_cache() {
  local jar=$root/ferry/target/ferry.jar aot=$root/ferry/target/ferry.aot
  [ "$(ferry_java_version "$FERRY_JAVA_HOME")" -ge 25 ] || return 0
  [ -f "$aot" ] && [ "$aot" -nt "$jar" ] && return 0
  "$root/bin/lib/aot-train.sh" "$FERRY_JAVA_HOME/bin/java" "$jar" "$aot" >"$work/aot-train.log" 2>&1 ||
    { cat "$work/aot-train.log" >&2; say "could not record the ahead-of-time cache"; exit 1; }
}

# start_ferry [ferry flags...]: a fresh Ferry on FERRY_ADDR; sets SERVER_PID.
start_ferry() {
  rm -rf "$work/ferry-data"
  "$root/bin/ferry" --version >/dev/null # builds the jar when it is stale
  ensure_aot_cache
  # No StatsD or OTLP listeners: their fixed ports may be taken on a shared machine, and no scenario uses them.
  "$root/bin/ferry" serve --web.listen-address="$FERRY_ADDR" --storage.path="$work/ferry-data" \
    --statsd.listen-udp= --statsd.listen-tcp= --otlp.http-listen-address= --otlp.grpc-listen-address= "$@" \
    >"$work/ferry.log" 2>&1 &
  SERVER_PID=$!
  pids+=("$SERVER_PID")
  wait_ready "http://$FERRY_ADDR" "$SERVER_PID"
}

# start_pgw: a fresh Pushgateway on PGW_ADDR, persisting every 5 minutes as usually configured.
start_pgw() {
  rm -f "$work/pgw.db"
  prometheus-pushgateway --web.listen-address="$PGW_ADDR" --persistence.file="$work/pgw.db" \
    >"$work/pgw.log" 2>&1 &
  SERVER_PID=$!
  pids+=("$SERVER_PID")
  wait_ready "http://$PGW_ADDR" "$SERVER_PID"
}

stop_server() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
}

# Stored groups, counted from the push_time_seconds series /metrics serves.
groups_served() { curl -s "$1/metrics" | grep -c '^push_time_seconds{' || true; }

# put_rate URL GROUPS: warm-up, which goes on in 5 s steps, each beginning where the last one
# stopped, until every group is stored (the measured runs come right after the fill); then RUNS
# measured wrk runs. Prints requests/s of each, and fails if any answer was not 2xx.
put_rate() {
  local url=$1 groups=$2 out rates=() step offset=0 duration=$WARMUP
  for step in $(seq 60); do
    out=$(PUSH_GROUPS=$groups PUSH_OFFSET=$offset THREADS=$THREADS \
      wrk -t$THREADS -c$CONNECTIONS -d"${duration}s" -s "$here/put.lua" "$url")
    offset=$(( (offset + $(awk '/requests in/ {print $1}' <<<"$out")) % groups ))
    duration=5
    [ "$(groups_served "$url")" -ge "$groups" ] && break
  done
  for _ in $(seq "$RUNS"); do
    out=$(PUSH_GROUPS=$groups THREADS=$THREADS wrk -t$THREADS -c$CONNECTIONS -d"${DURATION}s" -s "$here/put.lua" "$url")
    if grep -q "Non-2xx" <<<"$out"; then say "$out" >&2; say "FAILED: answers other than 2xx" >&2; exit 1; fi
    rates+=("$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$out")")
  done
  say "${rates[*]}"
}

scenario_put() {
  local groups=${1:-1000} rates stored
  start_ferry
  rates=$(put_rate "http://$FERRY_ADDR" "$groups")
  stored=$(groups_served "http://$FERRY_ADDR")
  say "put ferry groups=$groups stored=$stored pushes/s (runs): $rates"
  stop_server
  if [ "$PGW" = 1 ] && [ "$groups" -le 1000 ]; then
    start_pgw
    rates=$(put_rate "http://$PGW_ADDR" "$groups")
    stored=$(groups_served "http://$PGW_ADDR")
    say "put pushgateway groups=$groups stored=$stored pushes/s (runs): $rates"
    stop_server
  fi
}

scenario_fsync() {
  local rates
  printf 'storage:\n  fsync: false\n' >"$work/nofsync.yml"
  start_ferry --config.file="$work/nofsync.yml"
  rates=$(put_rate "http://$FERRY_ADDR" 1000)
  say "put ferry groups=1000 fsync=off pushes/s (runs): $rates"
  stop_server
}

# The same PUT load against AckAfterForce.java, which answers after a group-committed force and
# does nothing else: the ceiling of a durable acknowledgement on this machine, with and without the force.
scenario_ceiling() {
  local mode rates
  "$root/bin/ferry" --version >/dev/null # the jar that carries Vert.x
  for mode in force noforce; do
    "$FERRY_JAVA_HOME/bin/java" -cp "$root/ferry/target/ferry.jar" "$here/AckAfterForce.java" \
      "${FERRY_ADDR##*:}" "$work/ceiling.log" "$mode" >"$work/ceiling.out" 2>&1 &
    SERVER_PID=$!
    pids+=("$SERVER_PID")
    wait_healthy_ceiling
    rates=$(put_rate "http://$FERRY_ADDR" 1000)
    say "put ack-after-force mode=$mode pushes/s (runs): $rates"
    stop_server
  done
}

wait_healthy_ceiling() {
  for _ in $(seq 300); do
    grep -q '^ready' "$work/ceiling.out" && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$work/ceiling.out" >&2; exit 1; }
    sleep 0.1
  done
  say "AckAfterForce not ready after 30 s"; exit 1
}

# 1,000 groups of 100 series pushed one after another from one client (RUNS times, the same
# groups again after the first), then, PAUSE seconds after the last push (0: at once), GET /metrics:
# the first six, then 20 measured after 30 scrapes (early) and 20 more after 100 more (steady: the
# JIT has settled; a Prometheus scraping every 15 s gets there within the hour).
sequential_then_scrape() { # NAME URL RUNS PAUSE
  local name=$1 url=$2 first
  for i in $(seq "$3"); do
    say "sequential $name run $i: $("$python" "$here/sequential.py" "${url#http://}" 1000 100)"
  done
  sleep "$4"
  first=$(scrapes "$url" 6)
  scrapes "$url" 25 >/dev/null
  say "scrape $name series=100000 bytes=$(curl -s "$url/metrics" | wc -c)" \
    "ms: first six, $4 s after the last push: $(millis <<<"$first")," \
    "early (scrapes 33-52) $(scrapes "$url" 20 | summary)"
  scrapes "$url" 100 >/dev/null
  say "scrape $name steady (scrapes 153-172) $(scrapes "$url" 20 | summary)"
  # Gzipped, as Prometheus asks: the first six gzipped scrapes (after the plain ones), then 20.
  first=$(COMPRESSED=1 scrapes "$url" 6)
  say "scrape $name gzip bytes=$(curl -s -H 'Accept-Encoding: gzip' "$url/metrics" | wc -c)" \
    "ms: first six $(millis <<<"$first")," \
    "next 20 $(COMPRESSED=1 scrapes "$url" 20 | summary)"
}

# Every group pushed again while a scraper asks gzipped, as Prometheus does; then its next scrape,
# at once and PAUSE seconds after the last push.
repush_then_scrape() { # NAME URL PAUSE
  local name=$1 url=$2
  "$python" "$here/sequential.py" "${url#http://}" 1000 100 >/dev/null
  say "scrape $name gzip after every group was pushed again ms: at once $(COMPRESSED=1 scrapes "$url" 1 | millis)"
  "$python" "$here/sequential.py" "${url#http://}" 1000 100 >/dev/null
  sleep "$3"
  say "scrape $name gzip after every group was pushed again ms: $3 s after $(COMPRESSED=1 scrapes "$url" 1 | millis)"
}

# Ten of the 1,000 groups pushed again, then the next scrape at once, three times: plain, then gzipped.
# What a scraper sees where a few jobs push between two scrapes.
repush_few_then_scrape() { # NAME URL
  local name=$1 url=$2 t
  for compressed in "" 1; do
    t=""
    for _ in 1 2 3; do
      "$python" "$here/sequential.py" "${url#http://}" 10 100 >/dev/null
      t="$t $(COMPRESSED=$compressed scrapes "$url" 1 | millis)"
    done
    say "scrape $name ${compressed:+gzip }after 10 of the 1000 groups were pushed again ms: at once$t"
  done
}

scrapes() { # URL N: the times of N scrapes in seconds, one a line (gzipped with COMPRESSED=1)
  for _ in $(seq "$2"); do
    curl -s ${COMPRESSED:+--compressed} -o /dev/null -w '%{time_total}\n' "$1/metrics"
  done
}

millis() { # seconds on stdin, one a line: the same in ms on one line
  awk '{printf "%s%.1f", (NR > 1 ? " " : ""), $1 * 1000}'
}

summary() { # seconds on stdin, 20 of them: min, median, max in ms
  sort -n | awk '{t[NR] = $1 * 1000} END {printf "min %.1f median %.1f max %.1f", t[1], (t[10] + t[11]) / 2, t[NR]}'
}

# Ferry renders /metrics ahead of its scrape once the pushes stop (docs/RATIONALE.md), so its first
# scrape is timed at once and, in a second server, one second after the last push.
scenario_sequential() {
  start_ferry
  sequential_then_scrape ferry "http://$FERRY_ADDR" 2 0
  stop_server
  start_ferry
  sequential_then_scrape ferry "http://$FERRY_ADDR" 2 1
  repush_then_scrape ferry "http://$FERRY_ADDR" 1
  repush_few_then_scrape ferry "http://$FERRY_ADDR"
  stop_server
  if [ "$PGW" = 1 ]; then
    start_pgw
    sequential_then_scrape pushgateway "http://$PGW_ADDR" 1 0 # about 90 s a run
    stop_server
  fi
}

# 10,000 groups of 10 series (100,000 series, as in sequential, in ten times the groups), pushed one
# after another, then GET /metrics of the unchanged store: 20 scrapes after 40. What a scrape costs
# per group rather than per series (the liveness and push time series of each group).
scenario_many_groups() {
  start_ferry
  many_groups_then_scrape ferry "http://$FERRY_ADDR"
  stop_server
  if [ "$PGW" = 1 ]; then
    start_pgw
    many_groups_then_scrape pushgateway "http://$PGW_ADDR"
    stop_server
  fi
}

many_groups_then_scrape() { # NAME URL
  say "many-groups $1: $("$python" "$here/sequential.py" "${2#http://}" 10000 10)"
  scrapes "$2" 40 >/dev/null
  say "scrape $1 groups=10000 series=100000 steady (scrapes 41-60) $(scrapes "$2" 20 | summary)"
}

# Live heap after a full collection (jcmd GC.class_histogram), empty and with 1,000,000 series:
# 10,000 groups of 100 series, every series with job, instance and kind labels.
# The histogram's total less its filler arrays: dead space the collection left in place rather
# than compact, which the histogram lists as objects of jdk.internal.vm.FillerElement.
live_bytes() { # PID
  "$FERRY_JAVA_HOME/bin/jcmd" "$1" GC.class_histogram |
    awk '/FillerElement/ {filler += $3} /^Total/ {total = $3} END {printf "%d", total - filler}'
}

scenario_heap() {
  local before stored after
  start_ferry
  before=$(live_bytes "$SERVER_PID")
  "$python" "$here/sequential.py" "$FERRY_ADDR" 10000 100 >/dev/null
  # Each figure 5 s after what it follows, so that no render is in flight: Ferry renders /metrics
  # ahead of its first scrape once the pushes stop (plain and gzipped text: the render memory), and
  # a million series take it a second or two.
  sleep 5
  stored=$(live_bytes "$SERVER_PID")
  curl -s -o /dev/null "http://$FERRY_ADDR/metrics"
  sleep 5
  after=$(live_bytes "$SERVER_PID")
  # Both with what a scrape keeps for the next one (the merged families' order and what every family
  # rendered to); before this was rendered ahead, "stored" was the store alone.
  say "heap ferry series=1000000 live bytes empty=$before stored=$stored scraped=$after" \
    "per series: stored $(((stored - before) / 1000000)), after a scrape $(((after - before) / 1000000))"
  stop_server
  if [ "$PGW" = 1 ]; then
    # The Pushgateway's Go heap in use, from its own metrics, empty and with 100,000 series
    # (a million would take it hours to accept).
    start_pgw
    before=$(curl -s "http://$PGW_ADDR/metrics" | awk '/^go_memstats_heap_inuse_bytes/ {printf "%d", $2}')
    "$python" "$here/sequential.py" "$PGW_ADDR" 1000 100 >/dev/null
    curl -s -o /dev/null "http://$PGW_ADDR/metrics"
    after=$(curl -s "http://$PGW_ADDR/metrics" | awk '/^go_memstats_heap_inuse_bytes/ {printf "%d", $2}')
    say "heap pushgateway series=100000 heap in use empty=$before full=$after per series=$(((after - before) / 100000))"
    stop_server
  fi
}

scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(put put-100k fsync ceiling sequential heap)
say "# $(date -u +%FT%TZ) $(nproc) cores, $("$FERRY_JAVA_HOME/bin/java" -version 2>&1 | head -1)," \
  "$(prometheus-pushgateway --version 2>&1 | head -1), wrk -t$THREADS -c$CONNECTIONS, ${RUNS}x${DURATION}s after ${WARMUP}s"
for s in "${scenarios[@]}"; do
  case $s in
    put) scenario_put 1000 ;;
    put-100k) scenario_put 100000 ;;
    fsync) scenario_fsync ;;
    ceiling) scenario_ceiling ;;
    sequential) scenario_sequential ;;
    heap) scenario_heap ;;
    many-groups) scenario_many_groups ;;
    *) say "unknown scenario: $s"; exit 2 ;;
  esac
done
