#!/usr/bin/env bash
# Probe: a user's regex must not stall a request. Starts a Ferry on a free loopback port (or uses
# FERRY_URL), pushes a group whose instance is 28 characters ("a" x 27, then "b"), and sends
# DELETE /api/v1/groups?match[]={instance=~"((a+)+)+c"}, which a backtracking engine takes more
# than 20 s to answer on that value (RE2: microseconds). Prints the time; exits 1 when the answer
# takes over 2 s (or none comes within 30 s), or when the group was deleted although it does not match.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

start_ferry

instance=$(printf 'a%.0s' $(seq 27))b
echo 'm 1' | curl -sf -o /dev/null --data-binary @- -X PUT "$url/metrics/job/regex-probe/instance/$instance"
selector='{instance=~"((a+)+)+c"}'
set +e
result=$(curl -s -o "$work/answer" -w '%{http_code} %{time_total}' --max-time 30 -G -X DELETE \
  --data-urlencode "match[]=$selector" "$url/api/v1/groups")
set -e
read -r code seconds <<<"$result"
echo "DELETE match[]=$selector on a ${#instance}-character instance: $code in ${seconds}s: $(head -c 160 "$work/answer")"
if [ "$code" != 200 ] || awk -v s="$seconds" 'BEGIN { exit !(s > 2) }'; then
  echo "FAIL: the regex stalled the request (or it failed)"
  exit 1
fi
if ! curl -s "$url/metrics" | grep -q "instance=\"$instance\",job=\"regex-probe\"\|job=\"regex-probe\".*instance=\"$instance\""; then
  echo "FAIL: the group is gone although the selector does not match it"
  exit 1
fi
echo "ok: answered in ${seconds}s, and the group that does not match stays"
