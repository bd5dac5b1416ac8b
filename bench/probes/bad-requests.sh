#!/usr/bin/env bash
# Probe: a client's HTTP mistakes must be answered 4xx (or, the client gone, not at all), counted in
# ferry_http_bad_requests_total{reason}, and leave no error line in the log. Starts a Ferry on a free
# loopback port (or uses FERRY_URL, whose log it cannot read) and sends each malformed request
# ROUNDS times (default 50) over raw sockets: a bad chunk size, a wrong chunk length, a 100 KB chunk
# extension, a 100 KB trailer, a %zz in the path, a close and a reset in the middle of a body, a reset
# before the head is complete, garbage after the HTTP/2 preface; then gzip bodies with trailing
# garbage and cut short. Exits 1 on a 5xx, a missing answer, an error line or a counter that did not move.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
rounds=${1:-50}

start_ferry

counters() { curl -s "$url/metrics" | grep '^ferry_http_bad_requests_total' || true; }
counters >"$work/before"

# Sends each case ROUNDS times; prints "case: status-lines seen" and fails on a 5xx or a missing 4xx.
status=0
/usr/bin/python3 - "$url" "$rounds" <<'EOF' || status=1
import socket, struct, sys, time
host, port = sys.argv[1].split("//")[1].split(":")
port, rounds = int(port), int(sys.argv[2])
put = b"PUT /metrics/job/probe HTTP/1.1\r\nHost: x\r\n"
chunked = put + b"Transfer-Encoding: chunked\r\n\r\n"
cases = [  # name, bytes, expected status line prefix (None: no answer expected), reset at the end
    ("bad chunk size", chunked + b"zz\r\nm 1\n\r\n0\r\n\r\n", b"HTTP/1.1 400", False),
    ("wrong chunk length", chunked + b"2\r\nm 1\n\r\n0\r\n\r\n", b"HTTP/1.1 400", False),
    ("huge chunk extension", chunked + b"4;" + b"x" * 100000 + b"\r\nm 1\n\r\n0\r\n\r\n", b"HTTP/1.1 400", False),
    ("huge trailer", chunked + b"4\r\nm 1\n\r\n0\r\nX: " + b"y" * 100000 + b"\r\n\r\n", b"HTTP/1.1 400", False),
    ("%zz in the path", b"GET /metrics/job/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", b"HTTP/1.1 400", False),
    ("close mid-body", put + b"Content-Length: 100\r\n\r\nm 1\n", None, False),
    ("reset mid-body", chunked + b"100\r\nm 1\n", None, True),
    ("reset mid-head", b"GET /-/healthy HTTP/1.1\r\nHost: x\r\n", None, True),
    ("HTTP/2 preface then garbage", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + b"\0" * 50, None, False),
]
bad = 0
for name, data, expect, reset in cases:
    seen = {}
    for _ in range(rounds):
        s = socket.create_connection((host, port), timeout=5)
        try:
            s.sendall(data)
        except OSError:
            pass  # answered and closed before everything was sent
        answer = b""
        if expect is None:
            time.sleep(0.01)
            if reset:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        else:
            try:
                while True:
                    d = s.recv(65536)
                    if not d:
                        break
                    answer += d
            except OSError:
                pass
        s.close()
        line = answer.split(b"\r\n", 1)[0].decode("latin-1") or "(nothing)"
        seen[line] = seen.get(line, 0) + 1
        if (expect is not None and not answer.startswith(expect)) or b" 50" in answer[:13]:
            bad += 1
    print(f"{name}: {seen}")
sys.exit(1 if bad else 0)
EOF

for case in trailing-garbage truncated; do
  printf 'm 1\n' | gzip >"$work/body.gz"
  if [ "$case" = trailing-garbage ]; then printf 'garbage!' >>"$work/body.gz"; else truncate -s -4 "$work/body.gz"; fi
  code=$(curl -s -o "$work/answer" -w '%{http_code}' -X PUT -H 'Content-Encoding: gzip' --data-binary @"$work/body.gz" \
    "$url/metrics/job/probe")
  echo "gzip body, $case: $code $(cat "$work/answer")"
  [ "$code" = 400 ] || status=1
done

counters >"$work/after"
echo "counters after:"; cat "$work/after"
for reason in malformed_body chunk_metadata_too_large invalid_path closed_mid_body closed_mid_head; do
  b=$(awk -v r="reason=\"$reason\"" 'index($0, r) {print $2}' "$work/before"); a=$(awk -v r="reason=\"$reason\"" 'index($0, r) {print $2}' "$work/after")
  if [ -z "$a" ] || [ "${a%.*}" -le "${b:-0}" ]; then echo "FAIL: ferry_http_bad_requests_total{reason=\"$reason\"} did not move"; status=1; fi
done
if [ -n "$pid" ]; then
  errors=$(grep -c 'level=error' "$work/ferry.log" || true)
  echo "error lines in the log: $errors"
  [ "$errors" = 0 ] || { grep 'level=error' "$work/ferry.log" | head -5; status=1; }
fi
if [ "$status" = 0 ]; then echo "ok: every mistake was the client's"; else echo "FAIL: see above"; fi
exit "$status"
