# shellcheck shell=bash
# What every probe shares; each sources it after "set -euo pipefail":
#   root         the checkout
#   work         a scratch directory, removed at exit with the Ferry below stopped, and every
#                process whose pid a probe adds to pids
#   free_port    prints a loopback port nothing listens on
#   start_ferry [FLAG...]
#                starts "bin/ferry serve" on a free loopback port, its state under $work/data and
#                its log in $work/ferry.log, sets url and pid, and waits (30 s at most) for
#                /-/healthy; with FERRY_URL set, uses that Ferry instead (pid stays empty).
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d)
pid=
pids=()
url=
probe_cleanup() {
  local p
  for p in $pid "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap probe_cleanup EXIT

free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_ferry() {
  if [ -n "${FERRY_URL:-}" ]; then
    url=$FERRY_URL
    return 0
  fi
  local port
  port=$(free_port)
  "$root/bin/ferry" serve --web.listen-address="127.0.0.1:$port" --storage.path="$work/data" "$@" \
    >>"$work/ferry.log" 2>&1 &
  pid=$!
  url="http://127.0.0.1:$port"
  for _ in $(seq 300); do
    curl -s -o /dev/null "$url/-/healthy" && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "Ferry did not start; the end of its log:" >&2
  tail -n 20 "$work/ferry.log" >&2
  exit 1
}
