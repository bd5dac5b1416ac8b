#!/usr/bin/env bash
# The tunnel at scale: one Ferry as the PushProx-compatible proxy, CLIENTS tunnel clients (Ferry's
# own client code) in a second JVM beside the one target server they all relay to, and a scraper
# standing in for Prometheus in a third, scraping every client once per INTERVAL through the proxy
# and, interleaved, the target directly. Prints the latency of both routes, the added latency,
# failures, and the CPU and RSS of the proxy and of the clients' process; exits 1 when a goal (p99
# added latency under 50 ms, proxy RSS under 1 GiB, no scrape lost) is missed.
#
#   bench/tunnel/run.sh [OUT]        # OUT (logs, profile) defaults to a new directory under /tmp
#
# Environment (defaults in brackets): CLIENTS [10000]; INTERVAL [15] s between two scrapes of a
# client; TIMEOUT [10] s, the scrape timeout sent as X-Prometheus-Scrape-Timeout-Seconds; WARMUP
# [60] s of scrapes after every client is listed in /clients, the first RAMP [30] s of them ramping
# up from none to the full rate, then STEADY [180] s measured;
# DIRECT_EVERY [5]: one direct scrape per that many tunnel scrapes; PROFILE [1]: record JFR
# profiles of the proxy and the clients from the start of the scrapes to their end, and a thread
# dump of the proxy at the end, into OUT;
# FQDNS_PER_CLIENT [1000]: fqdns per tunnel client service in the clients' process;
# CLIENTS_JAVA_OPTS, SCRAPER_JAVA_OPTS: JVM options of those two processes (Ferry's are its
# defaults; FERRY_JAVA_OPTS reaches bin/ferry as usual).
# Needs curl and a JDK 21+ (JAVA_HOME, else the newest under /usr/lib/jvm); builds what it needs
# offline when ~/.m2 has the dependencies.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=../../bin/lib/java.sh
. "$root/bin/lib/java.sh"
ferry_find_java jdk
java="$FERRY_JAVA_HOME/bin/java"
export CLIENTS=${CLIENTS:-10000} INTERVAL=${INTERVAL:-15} TIMEOUT=${TIMEOUT:-10} WARMUP=${WARMUP:-60}
export STEADY=${STEADY:-180} DIRECT_EVERY=${DIRECT_EVERY:-5} RAMP=${RAMP:-$((WARMUP / 2 < 30 ? WARMUP / 2 : 30))}
PROFILE=${PROFILE:-1}

out=${1:-$(mktemp -d /tmp/tunnel-bench.XXXXXX)}
mkdir -p "$out"
work=$(mktemp -d)
pids=()
# Stops the processes in the reverse order of their start: the clients go before the proxy, so
# their last counters are not about the proxy going away.
cleanup() {
  local i pid
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    pid=${pids[i]}
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Each of the proxy and the clients' process holds one connection per client and a few more.
hard=$(ulimit -Hn)
[ "$hard" = unlimited ] || [ "$hard" -ge $((CLIENTS + 2000)) ] ||
  { echo "tunnel bench: the hard limit on open files ($hard) is below CLIENTS + 2000" >&2; exit 1; }
ulimit -n "$hard"

echo "tunnel bench: building" >&2
(cd "$root" && JAVA_HOME=$FERRY_JAVA_HOME ./mvnw -B -q -o package -pl bench -am -DskipTests) >&2
jar=$root/ferry/target/ferry.jar
aot=$root/ferry/target/ferry.aot
if [ "$(ferry_java_version "$FERRY_JAVA_HOME")" -ge 25 ] && ! { [ -f "$aot" ] && [ "$aot" -nt "$jar" ]; }; then
  # Record the ahead-of-time cache now, as bin/ferry would in the background of the measured run.
  echo "tunnel bench: recording Ferry's ahead-of-time cache" >&2
  find "$aot.lock" -maxdepth 0 -mmin +10 -exec rmdir {} \; 2>/dev/null || true
  if mkdir "$aot.lock" 2>/dev/null; then
    "$root/bin/lib/aot-train.sh" "$java" "$jar" "$aot" >"$out/aot-train.log" 2>&1 || true
    rmdir "$aot.lock"
  fi
fi
bench_jar=$root/bench/target/benchmarks.jar

free_port() { /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port); tunnel_port=$(free_port); target_port=$(free_port)

# Ferry at its defaults but for the tunnel's own listener, which carries the long polls (one idle
# connection per client) under its own connection cap, apart from --web.max-connections (512) of
# the HTTP port. Prometheus' proxy_url and the clients both point at it.
cat >"$work/ferry.yml" <<YAML
tunnel:
  listen_address: 127.0.0.1:$tunnel_port
YAML
"$root/bin/ferry" serve --config.file="$work/ferry.yml" --storage.path="$work/data" \
  --web.listen-address="127.0.0.1:$port" >"$out/ferry.log" 2>&1 &
ferry_pid=$!
pids+=("$ferry_pid")
for _ in $(seq 600); do curl -sf -o /dev/null "http://127.0.0.1:$port/-/ready" && break; sleep 0.1; done
curl -sf -o /dev/null "http://127.0.0.1:$port/-/ready" || { echo "tunnel bench: Ferry did not start" >&2; tail "$out/ferry.log" >&2; exit 1; }
echo "tunnel bench: Ferry (pid $ferry_pid) on 127.0.0.1:$port, tunnel listener 127.0.0.1:$tunnel_port" >&2

# shellcheck disable=SC2086
PROXY_URL="http://127.0.0.1:$tunnel_port/" TARGET_PORT=$target_port \
  "$java" ${CLIENTS_JAVA_OPTS:-} -cp "$bench_jar" io.ferry.bench.tunnel.TunnelClients >"$out/clients.log" 2>&1 &
clients_pid=$!
pids+=("$clients_pid")
for _ in $(seq 1200); do grep -q '^clients started' "$out/clients.log" && break; kill -0 "$clients_pid" || break; sleep 0.1; done
grep -q '^clients started' "$out/clients.log" || { echo "tunnel bench: the clients did not start" >&2; tail "$out/clients.log" >&2; exit 1; }
echo "tunnel bench: $CLIENTS clients (pid $clients_pid); $(grep '^target port' "$out/clients.log")" >&2

jcmd=$FERRY_JAVA_HOME/bin/jcmd
if [ "$PROFILE" = 1 ]; then
  # From here to the end: starting a recording costs a moment of CPU, which the warm-up absorbs.
  "$jcmd" "$ferry_pid" JFR.start name=tunnel settings=profile >/dev/null
  "$jcmd" "$clients_pid" JFR.start name=tunnel settings=profile >/dev/null
fi

{
  echo "# $(date -u +%FT%TZ) $(nproc) cores, $("$java" -version 2>&1 | head -1), Ferry $(git -C "$root" rev-parse --short HEAD), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  # shellcheck disable=SC2086
  PROXY="127.0.0.1:$tunnel_port" PROXY_HTTP="http://127.0.0.1:$tunnel_port" METRICS_URL="http://127.0.0.1:$port/metrics" \
    TARGET="127.0.0.1:$target_port" PIDS="proxy=$ferry_pid,clients=$clients_pid" CLK_TCK=$(getconf CLK_TCK) \
    "$java" ${SCRAPER_JAVA_OPTS:-} -cp "$bench_jar" io.ferry.bench.tunnel.TunnelScraper &&
    status=0 || status=$?
  if [ "$PROFILE" = 1 ]; then
    "$jcmd" "$ferry_pid" JFR.stop name=tunnel filename="$out/proxy.jfr" >/dev/null || true
    "$jcmd" "$clients_pid" JFR.stop name=tunnel filename="$out/clients.jfr" >/dev/null || true
    "$jcmd" "$ferry_pid" Thread.print >"$out/proxy-threads.txt" || true
  fi
  # What the proxy's heap holds: as the run left it, then live after a full collection.
  { "$jcmd" "$ferry_pid" GC.heap_info; "$jcmd" "$ferry_pid" GC.run; "$jcmd" "$ferry_pid" GC.heap_info; } >"$out/proxy-heap.txt" || true
  echo "proxy heap after the run, then after a full GC:"
  # The generations' totals, whatever the collector (G1's heap line, or the throughput collector's two).
  grep -E "garbage-first heap|region size|^(PSYoungGen|ParOldGen|def new generation|tenured generation) " \
    "$out/proxy-heap.txt" | sed 's/^/  /' || true
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); logs in $out"
  exit "$status"
} 2>&1 | tee "$out/scraper.log"
exit "${PIPESTATUS[0]}"
