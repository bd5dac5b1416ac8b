#!/usr/bin/env bash
# Probe: idle and trickling connections must not exhaust the server. Starts a Ferry on a free
# loopback port with --web.max-connections=200 and short timeouts (or uses FERRY_URL, with its own
# settings: then set WAIT to its read-header timeout plus a margin), opens CONNECTIONS (3000) sockets
# that send nothing and 50 that trickle a header byte every half second, asks /-/healthy during the
# flood, waits for the timeouts, and pushes once the flood is over.
# Exits 1 when the probe goes unanswered, when the held sockets are not closed, or when the push fails.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

connections=${CONNECTIONS:-3000}
wait_s=${WAIT:-10}
start_ferry --web.max-connections=200 --web.read-header-timeout=3s --web.idle-timeout=3s

/usr/bin/python3 - "$url" "$connections" "$wait_s" <<'PY'
import socket, subprocess, sys, time, urllib.parse
url, count, wait_s = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
u = urllib.parse.urlparse(url)
addr = (u.hostname, u.port or 80)
held, trickling = [], []
for i in range(count):
    try:
        held.append(socket.create_connection(addr, timeout=5))
    except OSError as e:
        print(f"connect {i}: {e}")
        break
for _ in range(50):
    try:
        s = socket.create_connection(addr, timeout=5)
        s.sendall(b"GET /-/healthy HTTP/1.1\r\nHost: probe\r\nX-Slow: ")
        trickling.append(s)
    except OSError:
        pass
print(f"opened {len(held)} idle and {len(trickling)} trickling connections")

def healthy():
    r = subprocess.run(["curl", "-s", "-m", "5", "-o", "/dev/null", "-w", "%{http_code}", url + "/-/healthy"],
                       capture_output=True, text=True)
    return r.stdout
code = healthy()
print(f"/-/healthy during the flood: {code}")

def closed(s):
    s.setblocking(False)
    try:
        return s.recv(4096) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True

deadline = time.time() + wait_s
while time.time() < deadline:
    for s in trickling:
        try:
            s.send(b"x")
        except OSError:
            pass
    time.sleep(0.5)
open_idle = sum(1 for s in held if not closed(s))
open_trickling = sum(1 for s in trickling if not closed(s))
print(f"after {wait_s:.0f} s: {open_idle} idle and {open_trickling} trickling connections still open")
for s in held + trickling:
    s.close()
failed = code != "200" or open_idle or open_trickling
if code != "200":
    print("FAIL: /-/healthy did not answer during the flood")
if open_idle or open_trickling:
    print("FAIL: connections outlived the timeouts")
sys.exit(1 if failed else 0)
PY

code=$(echo 'after_flood 1' | curl -s -o /dev/null -w '%{http_code}' --data-binary @- -X PUT "$url/metrics/job/probe")
echo "push after the flood: $code"
curl -s "$url/metrics" | grep -E '^ferry_http_connections_(rejected|timed_out)_total' || true
[ "$code" = 200 ] || { echo "FAIL: push after the flood answered $code"; exit 1; }
echo "ok: the flood was refused and cut, the probe answered, the push went through"
