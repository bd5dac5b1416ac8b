#!/usr/bin/env bash
# Probe: a damaged push log must never cost acknowledged groups silently. For each damage, starts a
# Ferry (bin/ferry) on a free loopback port with a fresh --storage.path, pushes N groups (N,
# default 200), stops it, damages the newest log segment, starts it again and counts the groups:
#   flip-middle  one byte flipped in the middle: the start must stop with a message naming the file
#                and --storage.repair; with --storage.repair it must start, say what it cut, and keep
#                a copy (<segment>.damaged-<offset>)
#   zero-tail    4,096 zero bytes appended (ext4 after a power loss): every group, and a warning
#   torn-tail    half a record appended (a crash during a write): every group, and a warning
# Exits 1 when Ferry starts without --storage.repair and serves fewer groups than were acknowledged,
# refuses to start after what a crash leaves, or repairs without keeping a copy or saying so.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
groups=${N:-200}
failed=0

# start DATA LOG [FLAGS...]: starts Ferry; returns 0 once it answers, 1 if it exits first.
start() {
  local data=$1 log=$2
  shift 2
  port=$(free_port)
  "$root/bin/ferry" serve --web.listen-address="127.0.0.1:$port" --storage.path="$data" "$@" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 600); do
    if ! kill -0 "$pid" 2>/dev/null; then
      wait "$pid" 2>/dev/null || true
      pid=
      return 1
    fi
    curl -sf -o /dev/null "http://127.0.0.1:$port/-/ready" && return 0
    sleep 0.1
  done
  echo "Ferry did not answer within 60 s; see $log" >&2
  exit 2
}

stop() { kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; pid=; }

served() { curl -s "http://127.0.0.1:$port/metrics" | grep -c '^push_time_seconds{.*job="probe"' || true; }

# damage KIND FILE: does KIND to FILE, prints the offset damaged.
damage() {
  /usr/bin/python3 - "$1" "$2" <<'EOF'
import struct, sys
kind, path = sys.argv[1], sys.argv[2]
data = bytearray(open(path, 'rb').read())
starts, p = [], 0
while p + 8 <= len(data):
    starts.append(p)
    p += 8 + struct.unpack('>I', data[p:p + 4])[0]
if kind == 'flip-middle':
    at = starts[len(starts) // 2] + 8 + 1   # inside the middle record's payload
    data[at] ^= 0x10
elif kind == 'zero-tail':
    at = len(data)
    data += bytes(4096)
elif kind == 'torn-tail':
    at = len(data)
    last = data[starts[-1]:]
    data += last[:len(last) // 2]
open(path, 'wb').write(data)
print(at)
EOF
}

for kind in flip-middle zero-tail torn-tail; do
  data=$work/$kind
  start "$data" "$work/$kind.push.log" || { echo "Ferry did not start; see the log:"; cat "$work/$kind.push.log"; exit 2; }
  acked=0
  for i in $(seq "$groups"); do
    code=$(echo "probe_value $i" | curl -s -o /dev/null -w '%{http_code}' --data-binary @- -X PUT \
      "http://127.0.0.1:$port/metrics/job/probe/instance/i$i")
    [ "$code" = 200 ] && acked=$((acked + 1))
  done
  stop
  segment=$(ls "$data"/push/wal-* | grep -v damaged | sort | tail -1)
  at=$(damage "$kind" "$segment")
  log=$work/$kind.restart.log
  echo "== $kind: $acked groups acknowledged; damaged $(basename "$segment") at byte $at"
  if start "$data" "$log"; then
    n=$(served)
    cut=$(grep -E 'cut the torn|repaired a damaged' "$log" | head -1 || true)
    echo "   restarted: serving $n of $acked groups"
    [ -z "$cut" ] || echo "   logged: $cut" | cut -c1-400
    stop
    if [ "$n" -lt "$acked" ]; then
      echo "   FAIL: Ferry started and serves $((acked - n)) fewer groups than were acknowledged"
      failed=1
    elif [ "$kind" = flip-middle ]; then
      echo "   FAIL: damage with good records after it did not stop the start"
      failed=1
    fi
    continue
  fi
  reason=$(grep -m1 'cannot start' "$log" | cut -c1-600 || true)
  echo "   refused to start: $reason"
  if [ "$kind" != flip-middle ]; then
    echo "   FAIL: a $kind is what a crash leaves, and must be cut with a warning, not stop the start"
    failed=1
    continue
  fi
  if ! grep -q -- '--storage.repair' "$log"; then
    echo "   FAIL: the message does not say what to do (--storage.repair)"
    failed=1
  fi
  if ! start "$data" "$work/$kind.repair.log" --storage.repair; then
    echo "   FAIL: --storage.repair did not start:"; grep -m1 'cannot start' "$work/$kind.repair.log" || true
    failed=1
    continue
  fi
  n=$(served)
  stop
  copies=$(ls "$data"/push/ | grep -c 'damaged-' || true)
  echo "   with --storage.repair: serving $n of $acked groups; copies of what was cut: $copies"
  grep -m1 'repaired a damaged' "$work/$kind.repair.log" | cut -c1-400 | sed 's/^/   logged: /' || true
  if [ "$copies" -lt 1 ] || ! grep -q 'repaired a damaged' "$work/$kind.repair.log"; then
    echo "   FAIL: the repair kept no copy of what it cut, or did not report the loss"
    failed=1
  fi
done
if [ "$failed" = 0 ]; then
  echo "ok: nothing acknowledged was lost without a refusal or a report"
fi
exit "$failed"
