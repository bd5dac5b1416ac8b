#!/usr/bin/env bash
# Soak: one Ferry at its defaults holding a million pushed series for 30 minutes under a steady
# push load, scraped every second, pulling a target and remote-writing to a receiver that goes
# away for 5 minutes and comes back. Prints push latency, scrape time and RSS over time, writes
# samples.csv, summary.txt and plot.svg to OUT, and exits 1 when anything acknowledged was lost.
#
#   bench/soak/run.sh [OUT]          # OUT defaults to a new directory under /tmp
#
# Environment (defaults in brackets): DURATION [1800] seconds of load after the fill; GROUPS
# [10000] x SERIES [100] pushed series; PUSH_RATE [200] PUTs/s (each replaces one group's SERIES
# series); OUTAGE_AT [600] and OUTAGE_FOR [300] seconds: the receiver's absence; TARGET_SERIES
# [5000] series in the target Ferry scrapes every second.
# Needs curl, /usr/bin/python3, a JDK 21+ (JAVA_HOME, else the newest under /usr/lib/jvm) and
# snappy-java in ~/.m2 (for bench/burst/Receiver.java).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=../../bin/lib/java.sh
. "$root/bin/lib/java.sh"
ferry_find_java jdk
java="$FERRY_JAVA_HOME/bin/java"
SNAPPY=${SNAPPY_JAR:-$HOME/.m2/repository/org/xerial/snappy/snappy-java/1.1.10.12/snappy-java-1.1.10.12.jar}
[ -r "$SNAPPY" ] || { echo "soak: no snappy-java jar at $SNAPPY (set SNAPPY_JAR)" >&2; exit 1; }

out=${1:-$(mktemp -d /tmp/soak.XXXXXX)}
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

free_port() { /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port); target_port=$(free_port); receiver_port=$(free_port)
cat >"$work/ferry.yml" <<YAML
scrape_configs:
  - job_name: soak-target
    scrape_interval: 1s
    static_configs: [{targets: ["127.0.0.1:$target_port"]}]
remote_write:
  # Everything: the target and, through the self-scrape every global.scrape_interval (1m), the
  # million pushed series.
  - url: http://127.0.0.1:$receiver_port/all
    name: all
  # The target's samples and up alone: what Ferry scraped (up 1) is checked against what arrived.
  - url: http://127.0.0.1:$receiver_port/target
    name: target
    write_relabel_configs:
      - {source_labels: [__name__, job], regex: "(soak_target_total|up);soak-target", action: keep}
YAML
"$root/bin/ferry" --version >/dev/null # builds the jar when it is stale, before the clock starts
"$root/bin/ferry" serve --config.file="$work/ferry.yml" --storage.path="$work/data" \
  --web.listen-address="127.0.0.1:$port" >"$out/ferry.log" 2>&1 &
ferry_pid=$!
for _ in $(seq 600); do curl -sf -o /dev/null "http://127.0.0.1:$port/-/ready" && break; sleep 0.1; done
# bin/ferry execs java, so its pid is the JVM's: RSS is read from /proc/$ferry_pid.
echo "soak: Ferry on port $port (pid $ferry_pid), results in $out"

FERRY_URL="http://127.0.0.1:$port" FERRY_PID=$ferry_pid TARGET_PORT=$target_port RECEIVER_PORT=$receiver_port \
  RECEIVER_CMD="$java -Xmx1g --enable-native-access=ALL-UNNAMED -cp $SNAPPY $root/bench/burst/Receiver.java $receiver_port" \
  OUT="$out" "$java" -Xmx2g "$here/Soak.java" && status=0 || status=$?
/usr/bin/python3 "$here/report.py" "$out"
exit "$status"
