#!/usr/bin/env bash
# StatsD ingestion, Ferry beside Etsy statsd 0.9.0 (npm), one after the other in the same run on
# the same sender (bench/statsd/blast.c, compiled here with gcc). Three measurements per server:
#
#  burst      PRODUCERS producers (each its own UDP socket, so its own source port), each sending
#             MIN..MAX one-line counter packets "burst.c:1|c|#instance:p<i>", all at once,
#             ROUNDS rounds GAP s apart; sent against counted (the counter values the server
#             holds, summed over its series).
#  sustained  paced steps of STEPS lines/s, STEP_SECONDS each, in packets of each of PACKET_LINES
#             lines (~70 bytes a line: 1 line, and 20 lines ~1,400 bytes), over SOCKETS sockets;
#             sent, counted and lost per step; a server's steps stop after one losing over
#             STOP_LOSS percent, or one where the sender reached less than 80% of the rate asked
#             (the sender's own limit beside that server). CPU per event = the server's CPU time (/proc/PID/stat) over the
#             step and its drain, divided by the lines it counted.
#  ceiling    first, the sender alone: as fast as it can for 5 s, in packets of each size, to a
#             socket that is never read (the kernel drops what does not fit), so no server takes
#             CPU: the most this sender makes of the machine.
#  memory     a fresh server, warmed, then SERIES distinct counter series at SERIES_RATE lines/s:
#             (RSS after - RSS before) / series held; for Ferry also the live heap (jcmd
#             GC.class_histogram, a full collection) before, after, and after the first scrape.
#
#   bench/statsd/run.sh [OUT]      # OUT: raw output, default bench/statsd/results/<UTC time>
#
# Environment (defaults in brackets): SERVERS ["etsy ferry"]; PRODUCERS [1400]; MIN [40];
# MAX [80]; ROUNDS [3]; GAP [10]; STEPS ["25000 50000 100000 200000 400000 700000 1000000 1500000
# 2000000 3000000"];
# STEP_SECONDS [10]; PACKET_LINES ["1 20"]; SOCKETS [64]; STOP_LOSS [5]; SERIES [200000];
# SERIES_RATE [20000]; PHASES ["ceiling burst sustained memory"]; ports, all below 32768 (Etsy statsd
# failed here on a port in the ephemeral range): ETSY_PORT [8125], ETSY_MGMT_PORT [8126],
# FERRY_STATSD_PORT [9125], FERRY_WEB_PORT [9126]; ETSY_DIR [/tmp/ferry-bench-etsy-statsd], where
# npm installs statsd@0.9.0 when it is not there yet.
# Ferry runs at its defaults (bin/ferry, no FERRY_JAVA_OPTS: the script refuses to run with it set)
# but for its listen addresses; its ahead-of-time cache is recorded before the first measurement.
# Etsy statsd runs with flushInterval 1 h (its counters reset at each flush) and no backend.
# Needs gcc, node and npm, curl, /usr/bin/python3 and a JDK 21+ (JAVA_HOME, else the newest
# under /usr/lib/jvm).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=../../bin/lib/java.sh
. "$root/bin/lib/java.sh"
ferry_find_java jdk
java="$FERRY_JAVA_HOME/bin/java"

SERVERS=${SERVERS:-etsy ferry}
PHASES=${PHASES:-ceiling burst sustained memory}
PRODUCERS=${PRODUCERS:-1400} MIN=${MIN:-40} MAX=${MAX:-80} ROUNDS=${ROUNDS:-3} GAP=${GAP:-10}
STEPS=${STEPS:-25000 50000 100000 200000 400000 700000 1000000 1500000 2000000 3000000}
STEP_SECONDS=${STEP_SECONDS:-10} PACKET_LINES=${PACKET_LINES:-1 20} SOCKETS=${SOCKETS:-64}
STOP_LOSS=${STOP_LOSS:-5} SERIES=${SERIES:-200000} SERIES_RATE=${SERIES_RATE:-20000}
ETSY_PORT=${ETSY_PORT:-8125} ETSY_MGMT_PORT=${ETSY_MGMT_PORT:-8126}
FERRY_STATSD_PORT=${FERRY_STATSD_PORT:-9125} FERRY_WEB_PORT=${FERRY_WEB_PORT:-9126}
ETSY_DIR=${ETSY_DIR:-/tmp/ferry-bench-etsy-statsd}
ETSY_VERSION=0.9.0
python=/usr/bin/python3
probe=("$python" "$here/probe.py")
clk_tck=$(getconf CLK_TCK)

die() { echo "statsd bench: $*" >&2; exit 1; }
say() { echo "statsd bench: $*" >&2; }
[ -z "${FERRY_JAVA_OPTS:-}" ] || die "FERRY_JAVA_OPTS is set; Ferry is measured at its defaults"
for p in $ETSY_PORT $ETSY_MGMT_PORT $FERRY_STATSD_PORT $FERRY_WEB_PORT; do
  [ "$p" -lt 32768 ] || die "port $p is in the ephemeral range; use one below 32768"
  ! ss -Hlnut "sport = :$p" | grep -q . || die "port $p is in use: $(ss -Hlnutp "sport = :$p" | head -n 1)"
done
for c in gcc node npm curl "$python"; do command -v "$c" >/dev/null || die "$c is missing"; done

out=${1:-$here/results/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d /tmp/statsd-bench.XXXXXX)
records=$out/records.txt
: >"$records"

# Every process this script starts is in pids until it is stopped and reaped.
pids=()
# stop_pid PID: SIGTERM, SIGKILL after 10 s; reaps it and forgets it, so that the exit trap never
# signals a pid reused by another process.
stop_pid() {
  local p kept=()
  kill "$1" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  for p in "${pids[@]}"; do [ "$p" = "$1" ] || kept+=("$p"); done
  pids=("${kept[@]}")
}
cleanup() {
  while [ ${#pids[@]} -gt 0 ]; do stop_pid "${pids[${#pids[@]} - 1]}"; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- the sender, Etsy statsd and Ferry -------------------------------------------------------------
gcc -O2 -Wall -Wextra -o "$work/blast" "$here/blast.c"
blast=$work/blast

if [ ! -f "$ETSY_DIR/node_modules/statsd/package.json" ] ||
  ! grep -q "\"version\": \"$ETSY_VERSION\"" "$ETSY_DIR/node_modules/statsd/package.json"; then
  say "installing statsd@$ETSY_VERSION with npm into $ETSY_DIR"
  mkdir -p "$ETSY_DIR"
  # --ignore-scripts: its one install script builds modern-syslog, an optional logger not used here.
  (cd "$ETSY_DIR" && timeout 300 npm install --no-audit --no-fund --no-save --ignore-scripts \
    "statsd@$ETSY_VERSION") >"$out/npm.log" 2>&1 || { tail "$out/npm.log" >&2; die "npm install failed"; }
fi
cat >"$work/etsy-config.js" <<EOF
{ address: "127.0.0.1", port: $ETSY_PORT, mgmt_address: "127.0.0.1", mgmt_port: $ETSY_MGMT_PORT,
  flushInterval: 3600000, backends: [] }
EOF

if [[ " $SERVERS " == *" ferry "* ]]; then
  "$root/bin/ferry" --version >/dev/null # builds the jar when it is stale, before any clock starts
  jar=$root/ferry/target/ferry.jar
  aot=$root/ferry/target/ferry.aot
  if [ "$(ferry_java_version "$FERRY_JAVA_HOME")" -ge 25 ] && ! { [ -f "$aot" ] && [ "$aot" -nt "$jar" ]; }; then
    # Recorded now, as bin/ferry would do in the background of the first measured run.
    say "recording Ferry's ahead-of-time cache"
    find "$aot.lock" -maxdepth 0 -mmin +10 -exec rmdir {} \; 2>/dev/null || true
    if mkdir "$aot.lock" 2>/dev/null; then
      "$root/bin/lib/aot-train.sh" "$java" "$jar" "$aot" >"$out/aot-train.log" 2>&1 || true
      rmdir "$aot.lock"
    fi
  fi
fi

server_pid=""
# start SERVER TAG: starts a fresh server; its log goes to OUT/TAG.log.
start() {
  local name=$1 tag=$2
  case $name in
    etsy)
      node "$ETSY_DIR/node_modules/statsd/stats.js" "$work/etsy-config.js" >"$out/$tag.log" 2>&1 &
      server_pid=$!
      pids+=("$server_pid")
      ;;
    ferry)
      rm -rf "$work/ferry-data"
      "$root/bin/ferry" serve --storage.path="$work/ferry-data" --web.listen-address="127.0.0.1:$FERRY_WEB_PORT" \
        --statsd.listen-udp="127.0.0.1:$FERRY_STATSD_PORT" --statsd.listen-tcp="127.0.0.1:$FERRY_STATSD_PORT" \
        >"$out/$tag.log" 2>&1 &
      server_pid=$!
      pids+=("$server_pid")
      ;;
  esac
  for _ in $(seq 600); do
    if count "$name" warm.lines >/dev/null 2>&1 && [ "$(udp_field "$(port_of "$name")" sockets)" -gt 0 ]; then
      # The receive buffer each socket got (skmem rb: what the kernel grants, twice what was asked).
      ss -uanm "sport = :$(port_of "$name")" >"$out/$tag-sockets.txt" 2>&1 || true
      return 0
    fi
    kill -0 "$server_pid" 2>/dev/null || { tail -n 20 "$out/$tag.log" >&2; die "$name exited during start"; }
    sleep 0.1
  done
  die "$name not up after 60 s"
}
# stop: stops the server started last.
stop() { stop_pid "$server_pid"; }
port_of() { if [ "$1" = etsy ]; then echo "$ETSY_PORT"; else echo "$FERRY_STATSD_PORT"; fi; }

# count SERVER NAME: one line of key=value, "lines" = the counter values of NAME summed over series.
count() {
  if [ "$1" = etsy ]; then
    "${probe[@]}" etsy 127.0.0.1 "$ETSY_MGMT_PORT" "$2"
  else
    "${probe[@]}" ferry "http://127.0.0.1:$FERRY_WEB_PORT/metrics" "${2//./_}"
  fi
}
field() { sed -n "s/.*\\b$2=\\([^ ]*\\).*/\\1/p" <<<"$1"; } # field LINE KEY
udp_field() { field "$("${probe[@]}" udp "$1")" "$2"; }
cpu_ticks() { field "$("${probe[@]}" proc "$server_pid")" cpu_ticks; }
rss_kib() { field "$("${probe[@]}" proc "$server_pid")" rss_kib; }
# The machine's idle ticks (idle + iowait): with a tickless kernel they are measured, while the busy
# fields are sampled at ticks and came out below the processes' own times here. Busy cores over an
# interval = cores - idle ticks / CLK_TCK / seconds.
machine_idle() { awk '/^cpu / { print $5 + $6 }' /proc/stat; }
now() { date +%s.%N; }
sleep_until() { sleep "$(awk -v t="$1" -v n="$(now)" 'BEGIN { d = t - n; printf "%.3f", d < 0 ? 0 : d }')"; }

# settle SERVER: waits until the server has taken in everything sent: no bytes left in its UDP
# sockets' queues and at most 2 ticks of CPU in each of two 0.5 s intervals in a row (a parse
# queue inside the server still burns CPU); at most 30 s. Prints the seconds it waited.
settle() {
  local t0 quiet=0 prev cur
  t0=$(now)
  prev=$(cpu_ticks)
  for _ in $(seq 60); do
    sleep 0.5
    cur=$(cpu_ticks)
    if [ "$(udp_field "$(port_of "$1")" rx_queue)" = 0 ] && [ $((cur - prev)) -le 2 ]; then
      quiet=$((quiet + 1))
      [ "$quiet" -ge 2 ] && break
    else
      quiet=0
    fi
    prev=$cur
  done
  awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'
}

# warm SERVER: a few seconds of traffic of another name, so that neither server meets the
# measured load with cold code (both JIT-compile: V8 and HotSpot).
warm() {
  "$blast" rate 127.0.0.1 "$(port_of "$1")" 20000 3 20 8 warm.lines >>"$out/$1-warm.txt" 2>&1
  "$blast" rate 127.0.0.1 "$(port_of "$1")" 20000 2 1 8 warm.lines >>"$out/$1-warm.txt" 2>&1
  settle "$1" >/dev/null
}

record() { echo "$*" | tee -a "$records" >&2; }

load() { cut -d' ' -f1-3 /proc/loadavg | tr ' ' ,; }

# --- burst -----------------------------------------------------------------------------------------
burst() {
  local name=$1 port t0 r before after sent lines c0 c1 d0 d1 b c waited
  port=$(port_of "$name")
  c0=$(cpu_ticks); d0=$(udp_field "$port" drops)
  before=$(field "$(count "$name" burst.c)" lines)
  t0=$(awk -v n="$(now)" 'BEGIN { printf "%.3f", n + 1 }')
  for r in $(seq 1 "$ROUNDS"); do
    sleep_until "$(awk -v t="$t0" -v r="$r" -v g="$GAP" 'BEGIN { printf "%.3f", t + (r - 1) * g }')"
    b=$("$blast" burst 127.0.0.1 "$port" "$PRODUCERS" "$MIN" "$MAX" "$r" burst.c)
    echo "round=$r $b" >>"$out/$name-burst-sender.txt"
    if [ "$r" -lt "$ROUNDS" ]; then
      # Counted just before the next round, GAP s after this one began.
      sleep_until "$(awk -v t="$t0" -v r="$r" -v g="$GAP" 'BEGIN { printf "%.3f", t + r * g - 0.5 }')"
      waited=0
    else
      waited=$(settle "$name")
    fi
    c=$(count "$name" burst.c)
    echo "round=$r $c" >>"$out/$name-burst-counts.txt"
    after=$(field "$c" lines)
    d1=$(udp_field "$port" drops)
    sent=$(field "$b" packets)
    lines=$((after - before))
    record "phase=burst server=$name round=$r sent=$sent counted=$lines lost=$((sent - lines))" \
      "kernel_drops=$((d1 - d0)) send_seconds=$(field "$b" seconds) sender_cpu=$(field "$b" cpu)" \
      "errors=$(field "$b" errors) settle=$waited load=$(load) $(grep -o 'ferry_statsd_[a-z_]*drops_total=[0-9]*' <<<"$c" | tr '\n' ' ')"
    before=$after; d0=$d1
  done
  c1=$(cpu_ticks)
  record "phase=burst-cpu server=$name cpu_seconds=$(awk -v t="$((c1 - c0))" -v k="$clk_tck" 'BEGIN { printf "%.2f", t / k }')" \
    "series=$(field "$c" series) rss_kib=$(rss_kib)"
}

# --- sustained -------------------------------------------------------------------------------------
sustained() {
  local name=$1 port per rate c before after d0 d1 c0 c1 m0 m1 b sent lines lost waited pct t0 t1
  port=$(port_of "$name")
  for per in $PACKET_LINES; do
    for rate in $STEPS; do
      before=$(field "$(count "$name" sus.lines)" lines)
      d0=$(udp_field "$port" drops); c0=$(cpu_ticks); m0=$(machine_idle); t0=$(now)
      b=$("$blast" rate 127.0.0.1 "$port" "$rate" "$STEP_SECONDS" "$per" "$SOCKETS" sus.lines 2>>"$out/$name-sustained-sender.txt")
      waited=$(settle "$name")
      c1=$(cpu_ticks); m1=$(machine_idle); t1=$(now)
      c=$(count "$name" sus.lines)
      echo "lines_per_packet=$per rate=$rate $c" >>"$out/$name-sustained-counts.txt"
      echo "lines_per_packet=$per rate=$rate $b" >>"$out/$name-sustained-sender.txt"
      after=$(field "$c" lines)
      d1=$(udp_field "$port" drops)
      sent=$(field "$b" lines)
      lines=$((after - before))
      lost=$((sent - lines))
      pct=$(awk -v l="$lost" -v s="$sent" 'BEGIN { printf "%.3f", s ? 100 * l / s : 0 }')
      record "phase=sustained server=$name lines_per_packet=$per asked=$rate seconds=$(field "$b" seconds)" \
        "sent=$sent achieved=$(awk -v s="$sent" -v t="$(field "$b" seconds)" 'BEGIN { printf "%.0f", s / t }')" \
        "counted=$lines lost=$lost lost_pct=$pct kernel_drop_packets=$((d1 - d0)) slips=$(field "$b" slips)" \
        "server_cpu=$(awk -v t="$((c1 - c0))" -v k="$clk_tck" 'BEGIN { printf "%.2f", t / k }')" \
        "sender_cpu=$(field "$b" cpu) machine_idle=$(awk -v t="$((m1 - m0))" -v k="$clk_tck" 'BEGIN { printf "%.2f", t / k }')" \
        "wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') settle=$waited load=$(load)" \
        "$(grep -o 'ferry_statsd_[a-z_]*drops_total=[0-9]*' <<<"$c" | tr '\n' ' ')"
      if awk -v p="$pct" -v s="$STOP_LOSS" 'BEGIN { exit !(p > s) }'; then
        say "$name lost $pct% at $rate lines/s in packets of $per; no higher steps"
        break
      fi
      if awk -v s="$sent" -v r="$rate" -v t="$STEP_SECONDS" 'BEGIN { exit !(s < 0.8 * r * t) }'; then
        say "the sender reached less than 80% of $rate lines/s in packets of $per beside $name; no higher steps"
        break
      fi
    done
  done
}

# --- memory ----------------------------------------------------------------------------------------
live_heap() { # live bytes after a full collection (Ferry only)
  "$FERRY_JAVA_HOME/bin/jcmd" "$server_pid" GC.class_histogram 2>/dev/null | awk '/^Total/ { print $3 }'
}
memory() {
  local name=$1 port r0 r1 l0="" l1="" l2="" b c
  port=$(port_of "$name")
  if [ "$name" = ferry ]; then l0=$(live_heap); fi
  settle "$name" >/dev/null
  r0=$(rss_kib)
  b=$("$blast" series 127.0.0.1 "$port" "$SERIES" 20 "$SERIES_RATE" mem.c)
  echo "$b" >"$out/$name-memory-sender.txt"
  settle "$name" >/dev/null
  sleep 2
  r1=$(rss_kib)
  # Ferry's live heap before the first scrape of the series, then after it: /metrics keeps what it
  # built last (push.PushedFamilies' memory), the StatsD series too.
  if [ "$name" = ferry ]; then l1=$(live_heap); fi
  c=$(count "$name" mem.c)
  echo "$c" >"$out/$name-memory-counts.txt"
  if [ "$name" = ferry ]; then l2=$(live_heap); fi
  record "phase=memory server=$name series_sent=$SERIES series=$(field "$c" series) counted=$(field "$c" lines)" \
    "rss_before_kib=$r0 rss_after_kib=$r1" \
    "rss_bytes_per_series=$(awk -v a="$r0" -v b="$r1" -v n="$(field "$c" series)" 'BEGIN { printf "%.0f", n ? (b - a) * 1024 / n : 0 }')" \
    "${l0:+live_before=$l0 live_after=$l1 live_bytes_per_series=$(awk -v a="$l0" -v b="$l1" -v n="$(field "$c" series)" 'BEGIN { printf "%.0f", n ? (b - a) / n : 0 }')}" \
    "${l0:+live_after_scrape=$l2 live_bytes_per_series_after_scrape=$(awk -v a="$l0" -v b="$l2" -v n="$(field "$c" series)" 'BEGIN { printf "%.0f", n ? (b - a) / n : 0 }')}"
}

# --- the sender's ceiling ------------------------------------------------------------------------
ceiling() {
  local per b pid
  "$python" -c 'import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", int(sys.argv[1])))
time.sleep(float(sys.argv[2]))' "$ETSY_PORT" 60 &
  pid=$!
  pids+=("$pid")
  for _ in $(seq 50); do [ "$(udp_field "$ETSY_PORT" sockets)" -gt 0 ] && break; sleep 0.1; done
  for per in $PACKET_LINES; do
    b=$("$blast" rate 127.0.0.1 "$ETSY_PORT" 20000000 5 "$per" "$SOCKETS" sus.lines 2>/dev/null)
    record "phase=ceiling lines_per_packet=$per $b achieved=$(awk -v s="$(field "$b" lines)" -v t="$(field "$b" seconds)" 'BEGIN { printf "%.0f", s / t }') load=$(load)"
  done
  stop_pid "$pid"
}

# --- the run ---------------------------------------------------------------------------------------
{
  echo "date=$(date -u +%FT%TZ) commit=$(git -C "$root" rev-parse --short HEAD) cores=$(nproc)"
  echo "cpu=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)"
  echo "mem=$(awk '/MemTotal/ { printf "%.0fGiB", $2 / 1048576 }' /proc/meminfo) kernel=$(uname -r)"
  echo "java=$("$java" -version 2>&1 | head -n 1) node=$(node --version) etsy_statsd=$ETSY_VERSION gcc=$(gcc -dumpversion)"
  echo "rmem_default=$(cat /proc/sys/net/core/rmem_default) rmem_max=$(cat /proc/sys/net/core/rmem_max) netdev_max_backlog=$(cat /proc/sys/net/core/netdev_max_backlog)"
  echo "uptime_start=$(uptime)"
  echo "settings: SERVERS='$SERVERS' PHASES='$PHASES' PRODUCERS=$PRODUCERS MIN=$MIN MAX=$MAX ROUNDS=$ROUNDS GAP=$GAP STEPS='$STEPS' STEP_SECONDS=$STEP_SECONDS PACKET_LINES='$PACKET_LINES' SOCKETS=$SOCKETS STOP_LOSS=$STOP_LOSS SERIES=$SERIES SERIES_RATE=$SERIES_RATE"
} | tee "$out/machine.txt" >&2

if [[ " $PHASES " == *" ceiling "* ]]; then ceiling; fi
for name in $SERVERS; do
  if [[ " $PHASES " == *" burst "* ]] || [[ " $PHASES " == *" sustained "* ]]; then
    say "$name: burst and sustained (load $(load))"
    start "$name" "$name"
    warm "$name"
    [[ " $PHASES " != *" burst "* ]] || burst "$name"
    [[ " $PHASES " != *" sustained "* ]] || sustained "$name"
    if [ "$name" = ferry ]; then curl -s -m 30 "http://127.0.0.1:$FERRY_WEB_PORT/metrics" | grep '^ferry_statsd_' >"$out/ferry-statsd-metrics.txt" || true; fi
    stop
  fi
  if [[ " $PHASES " == *" memory "* ]]; then
    say "$name: memory (load $(load))"
    start "$name" "$name-memory"
    warm "$name"
    memory "$name"
    stop
  fi
done
echo "uptime_end=$(uptime)" | tee -a "$out/machine.txt" >&2
"$python" "$here/report.py" "$out" | tee "$out/report.md"
