#!/usr/bin/env bash
# CPU per push: a fresh Ferry (bin/ferry, its defaults) on loopback, wrk PUTs of bench/push/put.lua
# over 1,000 groups, and the CPU time the Ferry process used during each measured run divided by
# the requests wrk completed. Per-request CPU is steadier than throughput on a shared machine.
#
#   bench/push/cpu.sh [connections...]      (default: 256 16)
#
# Environment: SERVER=ceiling measures bench/push/AckAfterForce.java instead (MODE=force or noforce);
# DURATION (seconds per measured run, default 10), WARMUP (default 15), RUNS (default 3),
# THREADS=1 prints the CPU per request of each thread group (event loops, writer, GC, JIT...).
# Prints per run: connections, requests/s, CPU us per request, load average.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=../../bin/lib/java.sh
. "$root/bin/lib/java.sh"
ferry_find_java jdk
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-15}
RUNS=${RUNS:-3}
ADDR=${ADDR:-127.0.0.1:39191} # not run.sh's address, so both can run
work=$(mktemp -d)
pid=
cleanup() {
  [ -z "$pid" ] || { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT
tick=$(getconf CLK_TCK)

# ticks PID: "name<TAB>user ticks<TAB>system ticks" for every thread (digits in names folded).
ticks() {
  for f in /proc/"$1"/task/*/stat; do
    sed -E 's/^[0-9]+ \((.*)\) [A-Za-z] (.*)$/\1\t\2/' "$f" 2>/dev/null || true # a thread that just ended
  done | awk -F'\t' '{split($2, a, " "); name = $1; gsub(/[0-9]+/, "N", name); print name "\t" a[11] "\t" a[12]}'
}

"$root/bin/ferry" --version >/dev/null
if [ "${SERVER:-ferry}" = ceiling ]; then
  "$FERRY_JAVA_HOME/bin/java" -cp "$root/ferry/target/ferry.jar" "$here/AckAfterForce.java" "${ADDR##*:}" \
    "$work/ceiling.log" "${MODE:-force}" >"$work/ferry.log" 2>&1 &
  pid=$!
  for _ in $(seq 300); do grep -q '^ready' "$work/ferry.log" && break; sleep 0.1; done
else
"$root/bin/ferry" serve --web.listen-address="$ADDR" --storage.path="$work/data" --statsd.listen-udp= --statsd.listen-tcp= \
  --otlp.http-listen-address= --otlp.grpc-listen-address=  >"$work/ferry.log" 2>&1 &
pid=$!
fi
for _ in $(seq 300); do curl -sf -o /dev/null "http://$ADDR/-/healthy" && break; sleep 0.1; done
curl -sf -o /dev/null "http://$ADDR/-/healthy" || { cat "$work/ferry.log" >&2; echo "the server did not start" >&2; exit 1; }
conns=("$@")
[ ${#conns[@]} -gt 0 ] || conns=(256 16)
wrk -t2 -c"${conns[0]}" -d"${WARMUP}s" -s "$here/put.lua" "http://$ADDR" >/dev/null
for r in $(seq "$RUNS"); do
  for c in "${conns[@]}"; do
    ticks "$pid" >"$work/t0"
    out=$(THREADS=2 wrk -t2 -c"$c" -d"${DURATION}s" -s "$here/put.lua" "http://$ADDR")
    ticks "$pid" >"$work/t1"
    if grep -q "Non-2xx" <<<"$out"; then echo "$out" >&2; echo "FAILED: answers other than 2xx" >&2; exit 1; fi
    reqs=$(awk '/requests in/ {print $1}' <<<"$out")
    rate=$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$out")
    awk -F'\t' 'NR == FNR { u[$1] -= $2; s[$1] -= $3; next } { u[$1] += $2; s[$1] += $3 }
      END { for (k in u) print k "\t" u[k] "\t" s[k] }' "$work/t0" "$work/t1" |
      awk -F'\t' -v t="$tick" -v n="$reqs" -v c="$c" -v rate="$rate" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" \
        -v detail="${THREADS:-0}" '
        { u[$1] += $2; s[$1] += $3; total += $2 + $3; user += $2 }
        END {
          printf "c=%d pushes/s=%d cpu_us_per_push=%.1f (user %.1f) load=%s\n", c, rate, total / t / n * 1e6,
            user / t / n * 1e6, load
          if (detail == 1) for (k in u) if (u[k] + s[k] > 0)
            printf "    %-16s user %5.1f us  system %5.1f us\n", k, u[k] / t / n * 1e6, s[k] / t / n * 1e6
        }'
  done
done
