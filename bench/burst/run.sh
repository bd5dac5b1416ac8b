#!/usr/bin/env bash
# Synchronised scrape burst: Prometheus in agent mode and Ferry scrape the same 1,400 nginx
# targets (a ~250 KB body of ~3,000 series each) every 15 s, in the same run, each remote-writing
# to the same counting receiver. Prints CPU seconds per round, peak RSS, the spread of each
# scraper's rounds in nginx's access log, and samples delivered against samples served.
#
#   bench/burst/run.sh
#
# Environment:
#   ROUNDS    measured rounds (default 8), after WARMUP rounds (default 2)
#   TARGETS   number of targets (default 1400)
#   FERRY=1   scrape with Ferry too (default 0: Ferry does not scrape yet on main)
#   AGENT=0   skip the Prometheus agent
#   OOO=0     skip the receiver's out-of-order check (it keeps a last timestamp per series)
#   KEEP=1    keep the work directory (logs, configs, raw samples) and print its path
#   LIVE_HEAP=1  after the measured rounds, Ferry's live heap (jcmd GC.class_histogram, which
#             forces a full collection; after the CPU figures, so they are not disturbed)
#   PLOT=FILE.svg  also draw each scraper's CPU and RSS over the run, sampled every second
# Needs nginx (Debian nginx-light or nginx), prometheus (2.42 here), python3, curl and a JDK 21+
# (JAVA_HOME, else the newest under /usr/lib/jvm); snappy-java from ~/.m2 for the receiver.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=../../bin/lib/java.sh
. "$root/bin/lib/java.sh"
ferry_find_java jdk # the receiver runs as a source file, which needs the compiler
java="$FERRY_JAVA_HOME/bin/java"

ROUNDS=${ROUNDS:-8}
WARMUP=${WARMUP:-2}
TARGETS=${TARGETS:-1400}
FERRY=${FERRY:-0}
AGENT=${AGENT:-1}
OOO=${OOO:-1}
KEEP=${KEEP:-0}
LIVE_HEAP=${LIVE_HEAP:-0}
INTERVAL=15
RECEIVER_PORT=39300
AGENT_PORT=39301
FERRY_PORT=39302
TARGET_PORT=9100
SNAPPY=${SNAPPY_JAR:-$HOME/.m2/repository/org/xerial/snappy/snappy-java/1.1.10.12/snappy-java-1.1.10.12.jar}
python=$(command -v /usr/bin/python3 || command -v python3)

die() { echo "burst: $*" >&2; exit 1; }
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || die "no nginx: apt-get install nginx-light"
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
[ "$AGENT" = 0 ] || command -v prometheus >/dev/null || die "no prometheus: apt-get install prometheus"
[ -r "$SNAPPY" ] || die "no snappy-java jar at $SNAPPY (set SNAPPY_JAR)"
[ "$TARGETS" -le 254000 ] || die "TARGETS=$TARGETS: at most 254,000 addresses under 127.1.0.0/8 here"

work=$(mktemp -d /tmp/burst.XXXXXX)
chmod 755 "$work" # run as root, nginx serves as nobody, which must reach the bodies
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  # Bounded: whatever ignores SIGTERM for 10 s is killed.
  for _ in $(seq 100); do
    local alive=0
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "$KEEP" = 1 ]; then echo "burst: work directory kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() { date +%s.%N; }
# sleep_until EPOCH: sleeps until the wall clock reaches EPOCH (fractional seconds).
sleep_until() {
  local d
  d=$(awk -v t="$1" -v n="$(now)" 'BEGIN { d = t - n; if (d < 0) d = 0; printf "%.3f", d }')
  sleep "$d"
}
# wait_up URL PID NAME: polls URL until it answers, for at most 60 s.
wait_up() {
  for _ in $(seq 600); do
    curl -sf -o /dev/null "$1" && return 0
    kill -0 "$2" 2>/dev/null || { tail -n 30 "$work/$3.log" >&2; die "$3 exited during start"; }
    sleep 0.1
  done
  die "$3 not up after 60 s: $1"
}

# --- targets: addresses, bodies, nginx -------------------------------------------------------
# 127.1.x.y with y in 1..254: no .0 or .255, which some tools treat as network and broadcast.
"$python" - "$TARGETS" "$TARGET_PORT" >"$work/targets.txt" <<'EOF'
import sys
n, port = int(sys.argv[1]), int(sys.argv[2])
for i in range(n):
    print(f"127.{1 + i // 64516}.{i // 254 % 254}.{i % 254 + 1}:{port}")
EOF
read -r series body_bytes variants < <("$python" "$here/body.py" "$work/bodies" 4 |
  sed -n 's/^series=\([0-9]*\) bytes=\([0-9]*\) variants=\([0-9]*\)$/\1 \2 \3/p')
[ -n "${series:-}" ] || die "body.py printed no series count"

mkdir -p "$work/nginx/logs" "$work/nginx/tmp"
{
  cat <<EOF
# One worker: serving a file with sendfile costs little, and with one process no two workers
# race to accept on the same 1,400 listening sockets; bench/burst/run.sh reports its CPU.
worker_processes 1;
worker_rlimit_nofile 20000;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 10000; }
http {
  log_format burst '\$msec \$server_addr "\$http_user_agent" \$status \$body_bytes_sent \$request_time';
  access_log $work/nginx/logs/access.log burst buffer=256k flush=1s;
  client_body_temp_path $work/nginx/tmp/body;
  proxy_temp_path $work/nginx/tmp/proxy;
  fastcgi_temp_path $work/nginx/tmp/fastcgi;
  uwsgi_temp_path $work/nginx/tmp/uwsgi;
  scgi_temp_path $work/nginx/tmp/scgi;
  sendfile on;
  tcp_nopush on;
  gzip off;
  # Scrapers keep one connection per target across rounds 15 s apart.
  keepalive_timeout 300s;
  keepalive_requests 1000000;
  open_file_cache max=64 inactive=3600s;
  open_file_cache_valid 3600s;
  # Four bodies with the same series and different values, picked by the address's last digit.
  map \$server_addr \$variant { ~[048]\$ 0; ~[159]\$ 1; ~[26]\$ 2; default 3; }
  server {
EOF
  sed 's/^\(.*\)$/    listen \1;/' "$work/targets.txt"
  cat <<EOF
    location = /metrics {
      types { }
      default_type "text/plain; version=0.0.4; charset=utf-8";
      root $work/bodies/\$variant;
    }
    location / { return 404; }
  }
}
EOF
} >"$work/nginx/nginx.conf"

"$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/logs/error.log" -t -q 2>"$work/nginx.log" ||
  { cat "$work/nginx.log" >&2; die "nginx rejected its config"; }
"$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/logs/error.log" >>"$work/nginx.log" 2>&1 &
nginx_pid=$!
pids+=("$nginx_pid")
wait_up "http://$(tail -n 1 "$work/targets.txt")/metrics" "$nginx_pid" nginx
got=$(curl -s -o /dev/null -w '%{size_download} %{content_type}' "http://$(head -n 1 "$work/targets.txt")/metrics")
case $got in
  *"text/plain; version=0.0.4"*) ;;
  *) die "nginx serves '$got', not a text/plain; version=0.0.4 body" ;;
esac

# --- receiver ----------------------------------------------------------------------------------
ooo_arg=""; if [ "$OOO" = 1 ]; then ooo_arg=ooo; fi
# nodelay: without it the JDK server can hold a response back for the client's delayed ACK.
"$java" -Xms1g -Xmx4g -XX:+UseParallelGC -Dsun.net.httpserver.nodelay=true --enable-native-access=ALL-UNNAMED -cp "$SNAPPY" \
  "$here/Receiver.java" "$RECEIVER_PORT" $ooo_arg >"$work/receiver.log" 2>&1 &
receiver_pid=$!
pids+=("$receiver_pid")
wait_up "http://127.0.0.1:$RECEIVER_PORT/counts" "$receiver_pid" receiver

# --- scrapers ----------------------------------------------------------------------------------
# scrape_config PATH: the same job for both scrapers, remote-writing to PATH on the receiver.
scrape_config() {
  cat <<EOF
global:
  scrape_interval: ${INTERVAL}s
  scrape_timeout: 10s
scrape_configs:
  - job_name: burst
    static_configs:
      - targets:
EOF
  sed 's/^\(.*\)$/          - "\1"/' "$work/targets.txt"
  cat <<EOF
remote_write:
  - url: http://127.0.0.1:$RECEIVER_PORT/$1
EOF
}

agent_pid=""
ferry_pid=""
if [ "$AGENT" = 1 ]; then
  scrape_config agent >"$work/prometheus.yml"
  promtool check config --agent "$work/prometheus.yml" >/dev/null 2>"$work/promtool.log" ||
    { cat "$work/promtool.log" >&2; die "promtool rejected prometheus.yml"; }
  prometheus --enable-feature=agent --config.file="$work/prometheus.yml" \
    --storage.agent.path="$work/agent-data" --web.listen-address="127.0.0.1:$AGENT_PORT" \
    >"$work/agent.log" 2>&1 &
  agent_pid=$!
  pids+=("$agent_pid")
fi
if [ "$FERRY" = 1 ]; then
  scrape_config ferry >"$work/ferry.yml"
  "$root/bin/ferry" --version >/dev/null # builds the jar when it is stale, before the clock starts
  "$root/bin/ferry" serve --config.file="$work/ferry.yml" --storage.path="$work/ferry-data" \
    --web.listen-address="127.0.0.1:$FERRY_PORT" >"$work/ferry.log" 2>&1 &
  ferry_pid=$!
  pids+=("$ferry_pid")
fi
if [ -n "$agent_pid" ]; then wait_up "http://127.0.0.1:$AGENT_PORT/-/ready" "$agent_pid" agent; fi
if [ -n "$ferry_pid" ]; then wait_up "http://127.0.0.1:$FERRY_PORT/-/healthy" "$ferry_pid" ferry; fi

# --- measurement -------------------------------------------------------------------------------
# The processes measured: name and pid. nginx counts as its master plus its workers.
procs() {
  if [ -n "$agent_pid" ]; then echo "agent $agent_pid"; fi
  if [ -n "$ferry_pid" ]; then echo "ferry $ferry_pid"; fi
  echo "receiver $receiver_pid"
  echo "nginx $nginx_pid"
  local w
  for w in $(pgrep -P "$nginx_pid" || true); do echo "nginx $w"; done
}
# sample LABEL: one line per process, `LABEL time name pid ticks` (utime+stime+cutime+cstime,
# so children reaped count too), then the machine's busy and total ticks from /proc/stat.
sample() {
  local t name pid
  t=$(now)
  while read -r name pid; do
    [ -r "/proc/$pid/stat" ] || continue
    # Fields after the ")" that ends the command name: utime is the 12th, then stime, cutime, cstime.
    awk -v l="$1" -v t="$t" -v n="$name" -v p="$pid" \
      '{ sub(/^.*\) /, ""); print l, t, n, p, $12 + $13 + $14 + $15 }' "/proc/$pid/stat"
  done < <(procs)
  awk -v l="$1" -v t="$t" '/^cpu / { print l, t, "machine-busy", 0, $2 + $3 + $4 + $7 + $8 + $9; print l, t, "machine-total", 0, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat
  curl -s "http://127.0.0.1:$RECEIVER_PORT/counts" | sed "s|^|$1 $t counts |" >>"$work/counts.txt" || true
}

# The JVM options Ferry runs with: bin/ferry's own choice, as the process was started.
if [ -n "$ferry_pid" ]; then
  tr '\0' ' ' <"/proc/$ferry_pid/cmdline" | sed 's/ -jar .*//; s/^[^ ]* //' >"$work/ferry-jvm.txt" || true
fi
# trace: every second, each scraper's CPU ticks and RSS, for the plot.
trace() {
  local name pid
  while true; do
    for name in agent ferry; do
      pid=$([ "$name" = agent ] && echo "$agent_pid" || echo "$ferry_pid")
      [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] || continue
      awk -v t="$(now)" -v n="$name" '
        FILENAME ~ /stat$/ { sub(/^.*\) /, ""); ticks = $12 + $13 }
        FILENAME ~ /status$/ && /^VmRSS:/ { rss = $2 }
        END { print t, n, ticks, rss }' "/proc/$pid/stat" "/proc/$pid/status" 2>/dev/null || true
    done
    sleep 1
  done
}
trace >"$work/trace.txt" &
trace_pid=$!
pids+=("$trace_pid")

start=$(now)
echo "burst: $TARGETS targets x $series series ($body_bytes bytes), warm-up ${WARMUP} x ${INTERVAL}s, then $ROUNDS rounds; work in $work" >&2
t0=$(awk -v s="$start" -v w="$WARMUP" -v i="$INTERVAL" 'BEGIN { printf "%.3f", s + w * i }')
sleep_until "$t0"
for r in $(seq 0 "$ROUNDS"); do
  sleep_until "$(awk -v t="$t0" -v r="$r" -v i="$INTERVAL" 'BEGIN { printf "%.3f", t + r * i }')"
  sample "$r" >>"$work/cpu.txt"
  [ -z "$agent_pid" ] || kill -0 "$agent_pid" 2>/dev/null || die "the agent exited; $(tail -n 5 "$work/agent.log")"
  [ -z "$ferry_pid" ] || kill -0 "$ferry_pid" 2>/dev/null || die "Ferry exited; $(tail -n 5 "$work/ferry.log")"
  if [ "$r" -lt "$ROUNDS" ]; then echo "burst: round $((r + 1))/$ROUNDS" >&2; fi
done
t_end=$(awk -v t="$t0" -v r="$ROUNDS" -v i="$INTERVAL" 'BEGIN { printf "%.3f", t + r * i }')

# The scrapers' own view (scrape durations, remote write queues), kept for KEEP=1 runs.
if [ -n "$agent_pid" ]; then curl -s -m 10 "http://127.0.0.1:$AGENT_PORT/metrics" >"$work/agent-metrics.txt" || true; fi
if [ -n "$ferry_pid" ]; then curl -s -m 10 "http://127.0.0.1:$FERRY_PORT/metrics" >"$work/ferry-metrics.txt" || true; fi

# Peak RSS just before the stop, which would otherwise add the shutdown's own allocations.
while read -r name pid; do
  awk -v n="$name" -v p="$pid" '/^VmHWM:/ { print n, p, $2 }' "/proc/$pid/status" 2>/dev/null || true
done < <(procs) >"$work/hwm.txt"
if [ "$LIVE_HEAP" = 1 ] && [ -n "$ferry_pid" ]; then
  "$FERRY_JAVA_HOME/bin/jcmd" "$ferry_pid" GC.class_histogram | awk '/^Total/ { print "ferry", $3 }' >"$work/live.txt" || true
fi

kill "$trace_pid" 2>/dev/null || true

# SIGTERM to the scrapers, then up to 120 s for them to flush their queues and exit.
delivered() { curl -s "http://127.0.0.1:$RECEIVER_PORT/counts" | awk '$2 == "samples" { printf "%s ", $3 }'; }
stop_t=$(now)
scrapers="$agent_pid $ferry_pid"
for p in $scrapers; do kill "$p" 2>/dev/null || true; done
for _ in $(seq 1200); do
  alive=0
  for p in $scrapers; do if kill -0 "$p" 2>/dev/null; then alive=1; fi; done
  if [ "$alive" = 0 ]; then break; fi
  sleep 0.1
done
for p in $scrapers; do
  if kill -0 "$p" 2>/dev/null; then echo "burst: scraper $p still running 120 s after SIGTERM; killing it" >&2; kill -9 "$p"; fi
done
# A sender may hand its last batches over just before exiting: wait until the counts stand
# still for 3 s, for at most 60 s.
prev=""; still=0
for _ in $(seq 120); do
  cur=$(delivered)
  if [ "$cur" = "$prev" ]; then still=$((still + 1)); else still=0; fi
  [ "$still" -ge 6 ] && break
  prev=$cur
  sleep 0.5
done
curl -s "http://127.0.0.1:$RECEIVER_PORT/counts" >"$work/final-counts.txt"
# nginx writes out its log buffer when it stops gracefully (SIGQUIT).
kill -QUIT "$nginx_pid" 2>/dev/null || true
for _ in $(seq 100); do kill -0 "$nginx_pid" 2>/dev/null || break; sleep 0.1; done

"$python" "$here/report.py" \
  --work "$work" --series "$series" --body-bytes "$body_bytes" --targets "$TARGETS" \
  --interval "$INTERVAL" --rounds "$ROUNDS" --t0 "$t0" --t-end "$t_end" --stop "$stop_t" \
  --clk-tck "$(getconf CLK_TCK)" \
  --header "$(date -u +%Y-%m-%dT%H:%M:%SZ) $(nproc) cores, $("$java" -version 2>&1 | head -n 1), $(prometheus --version 2>/dev/null | head -n 1), nginx $("$nginx_bin" -v 2>&1 | sed 's|.*/||')"
if [ -n "${PLOT:-}" ]; then
  "$python" "$here/plot.py" "$work/trace.txt" "$(getconf CLK_TCK)" \
    "$TARGETS targets every ${INTERVAL}s: CPU and RSS, $(date -u +%Y-%m-%d)" >"$PLOT"
  echo "burst: plot written to $PLOT" >&2
fi
