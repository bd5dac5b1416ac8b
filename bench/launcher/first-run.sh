#!/usr/bin/env bash
# The first "serve" after a build, through bin/ferry: how long it takes to stop after SIGTERM and
# what it writes to stdout, with no ahead-of-time cache beside the jar (as after a build), then
# with the cache the first run left.
#   bench/launcher/first-run.sh [LAUNCHER]     # default: this checkout's bin/ferry
# Waits for a background training run (bin/lib/aot-train.sh) to end before the second start.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
launcher=${1:-$root/bin/ferry}
"$launcher" --version >/dev/null # builds the jar when it is stale
aot=$root/ferry/target/ferry.aot
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -f "$aot"

serve_and_stop() {
  local name=$1 pid t0 t1 address=
  "$launcher" serve --web.listen-address=127.0.0.1:0 --storage.path="$work/data-$name" >"$work/$name.out" 2>"$work/$name.err" &
  pid=$!
  for _ in $(seq 600); do
    grep -q 'msg="listening"' "$work/$name.err" && break
    sleep 0.1
  done
  t0=$(date +%s%N)
  kill -TERM "$pid"
  wait "$pid" || true
  t1=$(date +%s%N)
  printf '%-22s stop %5d ms, stdout %d lines\n' "$name" $(((t1 - t0) / 1000000)) "$(wc -l <"$work/$name.out")"
}

serve_and_stop "first (no cache)"
for _ in $(seq 1200); do [ -d "$aot.lock" ] || break; sleep 0.1; done
[ -f "$aot" ] && echo "cache: $(du -h "$aot" | cut -f1)" || echo "cache: none"
serve_and_stop "second"
