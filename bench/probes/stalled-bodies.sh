#!/usr/bin/env bash
# Probe: unfinished uploads must not exhaust the heap. Starts a Ferry on a free loopback port with a
# 256 MiB heap (or uses FERRY_URL: then set WAIT to its --web.read-timeout plus a margin), opens
# UPLOADS (60) pushes declaring 16 MiB, sends 15 MiB of each and stalls; counts the 503s with
# Retry-After, asks /-/healthy meanwhile, waits for the read timeout, then pushes normally.
# Exits 1 when no upload is refused, when a refusal lacks Retry-After, when the probe or the final
# push fails, or when the log shows an OutOfMemoryError.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

uploads=${UPLOADS:-60}
wait_s=${WAIT:-15}
FERRY_JAVA_OPTS="-Xmx256m" start_ferry --web.read-timeout=10s

/usr/bin/python3 - "$url" "$uploads" "$wait_s" <<'PY'
import socket, subprocess, sys, time, urllib.parse
url, count, wait_s = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
u = urllib.parse.urlparse(url)
addr = (u.hostname, u.port or 80)
declared, sent = 16 << 20, 15 << 20
chunk = b"m 1\n" * (1 << 16)  # 256 KiB
socks, refused, bad = [], 0, 0
start = time.time()
for i in range(count):
    s = socket.create_connection(addr, timeout=5)
    s.sendall(f"PUT /metrics/job/stalled{i} HTTP/1.1\r\nHost: probe\r\nContent-Length: {declared}\r\n\r\n".encode())
    s.settimeout(0.3)  # a refusal comes on the headers, before any of the body
    try:
        answer = s.recv(4096).decode("latin-1")
    except socket.timeout:
        answer = ""
    except OSError:
        answer = "closed"
    if answer.startswith("HTTP/1.1 503"):
        refused += 1
        bad += "Retry-After:" not in answer
        s.close()
        continue
    s.settimeout(30)
    try:
        for _ in range(sent // len(chunk)):
            s.sendall(chunk)
    except OSError as e:
        print(f"upload {i}: {e}")
    socks.append(s)
print(f"{count} uploads of 15 of 16 MiB in {time.time() - start:.1f} s: {refused} answered 503, "
      f"{bad} of them without Retry-After")
r = subprocess.run(["curl", "-s", "-m", "5", "-o", "/dev/null", "-w", "%{http_code}", url + "/-/healthy"],
                   capture_output=True, text=True)
print(f"/-/healthy while they stall: {r.stdout}")
time.sleep(wait_s)
for s in socks:
    s.close()
sys.exit(1 if refused == 0 or bad or r.stdout != "200" else 0)
PY

code=$(echo 'after_stall 1' | curl -s -o /dev/null -w '%{http_code}' --data-binary @- -X PUT "$url/metrics/job/probe")
echo "push after the stalled uploads: $code"
curl -s "$url/metrics" | grep -E '^ferry_http_(requests_rejected_total|body_bytes_in_flight)' || true
if [ -n "$pid" ] && grep -q OutOfMemoryError "$work/ferry.log"; then
  echo "FAIL: OutOfMemoryError in the log"; exit 1
fi
[ "$code" = 200 ] || { echo "FAIL: push after the stalled uploads answered $code"; exit 1; }
echo "ok: the budget refused what did not fit, the heap held, the push went through"
