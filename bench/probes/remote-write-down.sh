#!/usr/bin/env bash
# Probe: a remote_write receiver that is down must show while it is down. Starts a Ferry whose
# remote_write points at a closed loopback port (the self-scrape sends Ferry's own metrics every
# second), waits SECONDS (default 8), and prints ferry_remote_write_samples_retried_total, the sent
# counter and the "remote write failed; retrying" log lines. Exits 1 when no retry was counted or
# logged while nothing could be sent.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SECONDS_TO_WAIT=${1:-8}

closed=$(free_port) # bound and released: nothing listens there
cat >"$work/ferry.yml" <<YAML
global:
  scrape_interval: 1s
  scrape_timeout: 1s
remote_write:
  - url: http://127.0.0.1:$closed/api/v1/write
    name: down
    queue_config: {min_backoff: 100ms, max_backoff: 1s}
YAML
FERRY_URL= start_ferry --config.file="$work/ferry.yml"
sleep "$SECONDS_TO_WAIT"
metrics=$(curl -s "$url/metrics")
retried=$(awk '/^ferry_remote_write_samples_retried_total\{/ {print $2}' <<<"$metrics")
sent=$(awk '/^ferry_remote_write_samples_sent_total\{/ {print $2}' <<<"$metrics")
echo "after ${SECONDS_TO_WAIT}s: retried=$retried sent=$sent"
grep 'remote write failed; retrying' "$work/ferry.log" | head -3 || true
if [ "${retried:-0}" = 0 ] || ! grep -q 'remote write failed; retrying' "$work/ferry.log"; then
  echo "FAIL: the receiver has been down for ${SECONDS_TO_WAIT}s and neither the counter nor the log says so"
  exit 1
fi
echo "ok"
