#!/usr/bin/env bash
# Probe: a disk that fills up must cost Ferry pushes only while it is full. Mounts a small tmpfs
# (root only), starts a Ferry whose storage is on it, pushes a group, fills the disk, and expects:
# a 503 for the next push, /-/ready 503, ferry_push_log_write_failures_total 1, and a log line that
# says "No space left on device". Then frees the disk and expects /-/ready 200 again within 60 s
# (the store retries every 1 s, doubling to 30 s), ferry_push_log_recoveries_total 1, a push
# acknowledged, and both acknowledged pushes there after a restart. Exits 1 when any of that fails.
# Not root (a tmpfs cannot be mounted, and chmod does not stop writes through an open file until a
# new segment is due at 64 MiB): says so and exits 0; DurableGroupStoreFailingDiskTest covers it.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d)
disk=$work/disk
pid=
mounted=
stop_ferry() { [ -z "$pid" ] || { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; pid=; }
cleanup() { stop_ferry; [ -z "$mounted" ] || umount "$disk" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

mkdir -p "$disk"
if [ "$(id -u)" != 0 ] || ! mount -t tmpfs -o size=16m tmpfs "$disk" 2>/dev/null; then
  echo "skipped: needs root to mount a small tmpfs to fill"
  exit 0
fi
mounted=1

port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
start_ferry() {
  "$root/bin/ferry" serve --web.listen-address="127.0.0.1:$port" --storage.path="$disk/data" >>"$work/ferry.log" 2>&1 &
  pid=$!
  for _ in $(seq 600); do curl -sf -o /dev/null "$url/-/ready" && return 0; sleep 0.1; done
  echo "FAIL: Ferry did not become ready"; tail -5 "$work/ferry.log"; exit 1
}
status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
# A body of about 64 KiB: larger than what is left of the log file's last page when the disk is full.
body() { echo "# TYPE probe_value gauge"; for i in $(seq 2000); do echo "probe_value{n=\"$i\",pad=\"xxxxxxxxxx\"} $1"; done; }
push() { body "$2" | curl -s -o "$work/answer" -w '%{http_code}' --data-binary @- -X PUT "$url/metrics/job/$1"; }
metric() { curl -s "$url/metrics" | awk -v m="$1" '$1 == m { print $2 }'; }
fail() { echo "FAIL: $*"; tail -5 "$work/ferry.log"; exit 1; }

start_ferry
[ "$(push before 1)" = 200 ] || fail "the first push was not acknowledged"
dd if=/dev/zero of="$disk/filler" bs=64k 2>/dev/null || true # until the disk is full
code=$(push full 2)
echo "push on a full disk: $code $(head -c 200 "$work/answer")"
[ "$code" = 503 ] || fail "a push on a full disk got $code, not 503"
ready=$(status "$url/-/ready")
echo "/-/ready on a full disk: $ready"
[ "$ready" = 503 ] || fail "/-/ready answered $ready on a full disk"
[ "$(metric ferry_push_log_write_failures_total)" = 1 ] || fail "ferry_push_log_write_failures_total is not 1"
grep -q 'No space left on device' "$work/ferry.log" || fail "the log does not say why the write failed"
grep 'writing the push log failed' "$work/ferry.log" | head -1

rm -f "$disk/filler"
start=$(date +%s)
for _ in $(seq 600); do [ "$(status "$url/-/ready")" = 200 ] && break; sleep 0.1; done
[ "$(status "$url/-/ready")" = 200 ] || fail "not ready 60 s after the disk was freed"
echo "ready again $(( $(date +%s) - start )) s after the disk was freed"
[ "$(metric ferry_push_log_recoveries_total)" = 1 ] || fail "ferry_push_log_recoveries_total is not 1"
[ "$(push after 3)" = 200 ] || fail "a push after the recovery was not acknowledged"

stop_ferry
start_ferry
groups=$(curl -s "$url/metrics" | grep -o 'push_time_seconds{[^}]*job="[a-z]*"' | grep -o 'job="[a-z]*"' | sort | tr '\n' ' ')
echo "groups after a restart: $groups"
[ "$groups" = 'job="after" job="before" ' ] || fail "after a restart the groups are $groups, not before and after"
echo "ok: a full disk cost pushes only while it was full, and nothing acknowledged was lost"
