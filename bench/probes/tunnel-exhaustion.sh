#!/usr/bin/env bash
# Probe: exhausting the tunnel proxy. Starts a Ferry on a free loopback port with the tokens of
# tunnel_kit.py, --web.read-timeout=3s and --web.max-connections=100, then: polls for N (2000)
# different fqdns on one kept-alive connection with a token scoped to "*" (each poll renewed after
# a millisecond) and counts what /clients lists; declares 1,199 targets and 700 labels in a poll
# (400, 431); queues 70 scrapes for an fqdn nobody polls (64 wait, 6 are refused at once with
# queue_full); trickles a push body a byte every 250 ms (cut by the read timeout); holds 90
# scrapes with a 60 s scrape timeout for 90 silent fqdns and pushes a group meanwhile. Exits 1 when
# a bound documented today does not hold; the registry's size is reported, not judged: main has no
# bound on it (tunnel.max_clients is to come), so a client with a wide token registers what it likes
# for registration_timeout (5m) after its poll ends. About 40 s.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
/usr/bin/python3 "$root/bench/probes/tunnel_kit.py" config >"$work/ferry.yml"
FERRY_URL= start_ferry --config.file="$work/ferry.yml" --web.read-timeout=3s --web.max-connections=100
FERRY_PORT=${url##*:} N=${N:-2000} PYTHONPATH="$root/bench/probes" timeout 200 /usr/bin/python3 - <<'PY'
from tunnel_kit import *
from collections import Counter
n = int(os.environ["N"])
s = socket.create_connection((HOST, PORT), timeout=10)
f = s.makefile("rb")
t0 = time.time(); codes = Counter()
for i in range(n):
    fq = "x%d.flood" % i
    s.sendall(("POST /poll HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer tok-any\r\nX-Ferry-Poll-Renew-Seconds: 0.001\r\n"
               "Content-Length: %d\r\n\r\n%s" % (len(fq), fq)).encode())
    codes[int(f.readline().split()[1])] += 1
    length = 0
    while True:
        l = f.readline()
        if l in (b"\r\n", b""): break
        if l.lower().startswith(b"content-length:"): length = int(l.split(b":")[1])
    f.read(length)
s.close()
listed = json.loads(body(req("GET", "/clients", bearer("tok-read"))))
print("     report: %d polls for %d fqdns on one connection in %.1f s (%s); /clients lists %d, %s"
      % (n, n, time.time() - t0, dict(codes), len(listed), metric("ferry_tunnel_clients ", "tok-read")))
if len(listed) >= n:
    print("     report: the registry is not bounded on main: each stays listed for registration_timeout")
p = Poll("big.flood", "tok-any", extra=[("X-Ferry-Client-Targets", ", ".join("%d/" % q for q in range(1, 1200)))])
p.start(); p.join()
check("1,199 declared targets: 400", status(p.answer) == 400, body(p.answer)[:60])
p = Poll("big.flood", "tok-any", extra=[("X-Ferry-Client-Labels", json.dumps({"l%d" % i: "v" * 5 for i in range(700)}))])
p.start(); p.join()
check("700 declared labels (12 KB): 431 or 400", status(p.answer) in (400, 431), status(p.answer))
scrapes = [Scrape("http://silent.flood:9100/metrics", PA, timeout_s=4) for _ in range(70)]
for x in scrapes: x.start(); time.sleep(0.005)
for x in scrapes: x.join()
full = [x for x in scrapes if b"scrapes already wait" in body(x.answer)]
timed = [x for x in scrapes if b"context deadline exceeded" in body(x.answer)]
check("70 scrapes for a silent fqdn: 64 wait out their timeout, 6 are refused", len(full) == 6 and len(timed) == 64,
      "%d refused, %d timed out" % (len(full), len(timed)))
sk = socket.create_connection((HOST, PORT), timeout=20)
sk.sendall(b"POST /push HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer tok-any\r\nContent-Length: 200\r\n\r\nHTTP/1.1 200 OK\r\n")
t0 = time.time(); cut = False
try:
    for i in range(40):
        sk.sendall(b"X"); time.sleep(0.25)
        if i > 30: break
except OSError:
    cut = True
check("a push body trickled a byte every 250 ms is cut by the read timeout (3 s)", cut, "%.1f s" % (time.time() - t0))
sk.close()
held = [Scrape("http://silent%d.flood:9100/metrics" % i, PA, timeout_s=60) for i in range(90)]
for x in held: x.start()
time.sleep(2)
a = req("PUT", "/metrics/job/probe", bearer("tok-push"), b"probe_up 1\n", timeout=5)
print("     report: a push while 90 scrapes wait (HTTP port cap 100): %d; held scrapes count against the HTTP "
      "port's connections: tunnel.listen_address gives them their own" % status(a))
check("the push still gets through under the cap", status(a) == 200, status(a))
print("    ", metric("ferry_tunnel_refused_total{reason=\"queue_full\"", "tok-read"),
      metric("ferry_http_connections_timed_out_total{reason=\"read_timeout\"", "tok-read"))
finish("the tunnel's documented bounds hold")
PY
