#!/usr/bin/env bash
# Probe: a push whose grouping key is over the label limits must leave no group behind, not even for
# its failure time. Starts a Ferry on a free loopback port (or uses FERRY_URL), pushes with a
# 2,000-byte label name and with 202 labels in the grouping key, and looks at /metrics.
# Exits 1 when a refused key shows up in push_failure_time_seconds.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

start_ferry

long=$(printf 'l%.0s' $(seq 2000))
many=$(for i in $(seq 201); do printf '/k%d/v' "$i"; done)
for path in "/metrics/job/probe/$long/x" "/metrics/job/probe$many"; do
  code=$(echo 'm 1' | curl -s -o "$work/answer" -w '%{http_code}' --data-binary @- -X PUT "$url$path")
  echo "PUT grouping key of ${#path} bytes: $code $(head -c 160 "$work/answer")"
done
if curl -s "$url/metrics" | grep -q '^push_failure_time_seconds{.*job="probe'; then
  echo "FAIL: a refused grouping key was stored for its failure time"
  exit 1
fi
echo "ok: no trace of the refused keys on /metrics"
