#!/usr/bin/env bash
# Live heap per active series of Ferry's scrape path, as bench/RESULTS.md measures it: Ferry alone
# scrapes the burst targets (bench/burst/run.sh with AGENT=0 LIVE_HEAP=1), then jcmd's class
# histogram (a full collection first) gives the live heap. Run at TARGETS targets and at one, so
# that the heap Ferry holds whatever it scrapes is taken out:
#
#   bench/burst/live-heap.sh            # TARGETS=300 by default, ROUNDS=2
#
# Prints both runs' live heap and series, total/series and (difference)/(difference of series).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TARGETS=${TARGETS:-300}
ROUNDS=${ROUNDS:-2}

# measure N: prints "live_bytes series" for a run at N targets.
measure() {
  local out
  out=$(LIVE_HEAP=1 FERRY=1 AGENT=0 TARGETS=$1 ROUNDS=$ROUNDS "$here/run.sh" 2>/dev/null)
  local mib series
  mib=$(awk '/^Live heap/ { getline; print $2 }' <<<"$out")
  series=$(sed -n 's/.*ferry: scrapes the sender reported.*distinct series \([0-9]*\).*/\1/p' <<<"$out")
  [ -n "$mib" ] && [ -n "$series" ] || { echo "live-heap: no figure from run.sh at $1 targets:" >&2; echo "$out" >&2; exit 1; }
  awk -v m="$mib" -v s="$series" 'BEGIN { printf "%d %d\n", m * 1048576, s }'
}

read -r big big_series < <(measure "$TARGETS")
read -r one one_series < <(measure 1)
awk -v b="$big" -v bs="$big_series" -v o="$one" -v os="$one_series" -v t="$TARGETS" 'BEGIN {
  printf "%d targets: live heap %.1f MiB, %d series: %.0f bytes per series\n", t, b / 1048576, bs, b / bs
  printf "1 target:   live heap %.1f MiB, %d series\n", o / 1048576, os
  printf "scrape path: %.0f bytes per active series ((%d - %d bytes) / (%d - %d series))\n", (b - o) / (bs - os), b, o, bs, os
}'
