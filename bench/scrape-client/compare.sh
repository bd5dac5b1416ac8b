#!/usr/bin/env bash
# Ferry's CPU per scrape round with one HTTP client against another: runs bench/burst/run.sh
# (Ferry alone, no agent) from each checkout given, alternating, RUNS times each, and beside the
# burst's own figures prints Ferry's CPU by thread over the measured rounds (from
# /proc/<pid>/task/*/stat, thread names with their numbers folded), and `uptime` before each run.
#
#   bench/scrape-client/compare.sh /tmp/old-checkout /path/to/new-checkout
#
# Environment: RUNS (default 3), TARGETS (default 300), ROUNDS (default 2), WARMUP (default 2).
# Each checkout is built (bin/ferry builds a stale jar) and its ahead-of-time cache recorded before
# the first run, so no run pays for either.
set -euo pipefail

RUNS=${RUNS:-3}
TARGETS=${TARGETS:-300}
ROUNDS=${ROUNDS:-2}
WARMUP=${WARMUP:-2}
[ $# -ge 1 ] || { echo "usage: $0 CHECKOUT..." >&2; exit 2; }

# threads PID: `name ticks` per thread, names with digits folded to N.
threads() {
  local f
  for f in /proc/"$1"/task/*/stat; do
    awk '{ s = $0; sub(/^[^(]*\(/, "", s); name = s; sub(/\).*$/, "", name); sub(/^.*\) /, "", s);
           split(s, a, " "); gsub(/[0-9]+/, "N", name); gsub(/ /, "_", name); print name, a[12] + a[13] }' "$f" 2>/dev/null || true
  done
}

# descendant_java PID: the pid of the java process below PID serving Ferry, or nothing.
descendant_java() {
  local p c
  for c in $(pgrep -P "$1" || true); do
    if [ "$(cat /proc/"$c"/comm 2>/dev/null)" = java ] && grep -q "ferry.jar" /proc/"$c"/cmdline 2>/dev/null; then
      echo "$c"; return
    fi
    p=$(descendant_java "$c"); [ -n "$p" ] && { echo "$p"; return; }
  done
}

prepare() {
  local root=$1
  . "$root/bin/lib/java.sh"
  ferry_find_java jdk
  "$root/bin/ferry" --version >/dev/null
  local jar=$root/ferry/target/ferry.jar aot=$root/ferry/target/ferry.aot
  if [ ! -f "$aot" ] || [ "$jar" -nt "$aot" ]; then
    echo "compare: recording $aot" >&2
    "$root/bin/lib/aot-train.sh" "$FERRY_JAVA_HOME/bin/java" "$jar" "$aot" >"$aot.log" 2>&1
  fi
}

# The burst's addresses and ports are fixed: wait while another burst holds them (at most 30 min).
wait_for_ports() {
  local i
  for i in $(seq 360); do
    ss -ltn | grep -qE "127\.1\.0\.1:9100 |:3930[0-2] " || return 0
    [ "$i" = 1 ] && echo "compare: another burst holds the ports; waiting" >&2
    sleep 5
  done
  echo "compare: the ports stayed busy" >&2; exit 1
}

one() {
  local root=$1 log pid run_pid
  log=$(mktemp /tmp/scrape-client.XXXXXX)
  wait_for_ports
  echo "=== $root ($(git -C "$root" rev-parse --short HEAD)) $(uptime)"
  FERRY=1 AGENT=0 TARGETS=$TARGETS ROUNDS=$ROUNDS WARMUP=$WARMUP "$root/bench/burst/run.sh" >"$log.out" 2>"$log" &
  run_pid=$!
  # The first measured round starts when run.sh says "round 1/": sample the threads then and
  # ROUNDS intervals later.
  until grep -q "round 1/" "$log" 2>/dev/null; do
    kill -0 "$run_pid" 2>/dev/null || break
    sleep 0.2
  done
  pid=$(descendant_java "$run_pid")
  if [ -n "$pid" ]; then
    threads "$pid" >"$log.a"
    sleep $((ROUNDS * 15))
    threads "$pid" >"$log.b"
  fi
  wait "$run_pid" || echo "compare: run.sh failed: $(tail -n 3 "$log")"
  grep -iE "cpu|ferry|round|delivered" "$log.out" | head -40 || true
  if [ -n "$pid" ]; then
    echo "Ferry's CPU by thread over the measured rounds (seconds per round; threads that used any):"
    awk -v hz="$(getconf CLK_TCK)" -v r="$ROUNDS" 'NR == FNR { a[$1] += $2; next } { b[$1] += $2 }
      END { for (n in b) { d = (b[n] - a[n]) / hz / r; t += d; if (d > 0) printf "  %-18s %6.3f\n", n, d } printf "  %-18s %6.3f\n", "total", t }' \
      "$log.a" "$log.b" | sort -k2 -rn
  fi
  rm -f "$log" "$log.out" "$log.a" "$log.b"
}

for root in "$@"; do prepare "$root"; done
for i in $(seq "$RUNS"); do
  for root in "$@"; do one "$root"; done
done
