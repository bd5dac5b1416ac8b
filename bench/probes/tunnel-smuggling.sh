#!/usr/bin/env bash
# Probe: smuggling through the tunnel proxy. Starts a Ferry on a free loopback port with the tokens
# of tunnel_kit.py and plays both a client (site-a's token, holding a poll for gw.site-a) and
# Prometheus. Requests: a Host header naming another fqdn than the absolute URL (the URL must
# route, and the client must see the URL's host), userinfo and "@" in the URL (refused, or routed
# to the host after the "@"), encoded and odd host names, a path with "..", an encoded CRLF in the
# query, a 9 KiB URL or header (414, 431), 120 headers, a bare CR in a header value (400). Pushed
# responses: Content-Length and chunked together (chunked wins, as Go's ReadResponse), negative
# and 17-digit chunk sizes (400), a control character in a header (400), hop-by-hop headers and
# those a Connection header names (never relayed), and 100, 101 and 103 answers (400: relayed as
# final answers they left Prometheus' kept-alive connection out of step). Exits 1 on a wrong
# answer; prints the cases that are reported, not judged. About 40 s.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
/usr/bin/python3 "$root/bench/probes/tunnel_kit.py" config >"$work/ferry.yml"
FERRY_URL= start_ferry --config.file="$work/ferry.yml"
FERRY_PORT=${url##*:} PYTHONPATH="$root/bench/probes" timeout 200 /usr/bin/python3 - <<'PY'
from tunnel_kit import *
got, ans = via("http://gw.site-a:9100/metrics", host="gw.site-b:9100")
check("Host gw.site-b, URL gw.site-a: the URL routes", got is not None and got[0].startswith("GET http://gw.site-a:9100/"), got and got[0])
check("  and the client sees the URL's host as Host", got is not None and got[1].get("host") == "gw.site-a:9100", got and got[1].get("host"))
got, ans = via("http://gw.site-b:9100/metrics", host="gw.site-a:9100", wait=2)
check("Host gw.site-a, URL gw.site-b: site-a's client is not asked", got is None, got and got[0])
check("  and Prometheus gets PushProx's 500 timeout", status(ans) == 500, body(ans)[:60])
got, ans = via("http://evil.example@gw.site-a:9100/metrics", wait=2)
check("userinfo in the URL: 400, the client not asked", got is None and status(ans) == 400, body(ans)[:90])
got, ans = via("http://gw.site-a:9100@evil.example/metrics", wait=2)
check("gw.site-a:9100@evil.example: not site-a's scrape", got is None, got and got[0])
got, ans = via("http://gw.site-a%2f@x/metrics", wait=2)
check("encoded userinfo: not site-a's scrape", got is None, status(ans))
for odd in ("gw%2esite-a", "GW.SITE-A", "gw.site-a."):
    got, ans = via("http://%s:9100/metrics" % odd, wait=2)
    print("     report: host %-12s -> %s, Prometheus %d (routing is by the exact host name, as PushProx's)"
          % (odd, "site-a's client asked" if got else "not routed to site-a", status(ans)))
got, ans = via("http://gw.site-a:9100/metrics/../../etc/passwd")
print("     report: a path with '..' reaches the client as %s (the client's allow-list judges it: tunnel-allow-list.sh)" % (got and got[0]))
got, ans = via("http://gw.site-a:9100/metrics?x=%0d%0aInjected:%20yes")
check("an encoded CRLF in the query stays encoded", got is not None and "injected" not in got[1], got and got[0])
got, ans = via("http://gw.site-a:9100/" + "a" * 9000, wait=2)
check("a 9 KiB URL: 414", status(ans) == 414 and got is None, status(ans))
got, ans = via("http://gw.site-a:9100/metrics", extra=[("X-Long", "v" * 9000)], wait=2)
check("a 9 KiB header: 431", status(ans) == 431 and got is None, status(ans))
got, ans = via("http://gw.site-a:9100/metrics", extra=[("X-Many-%d" % i, "v") for i in range(120)], wait=2)
print("     report: 120 request headers -> %s, Prometheus %d (more than a Ferry client parses: 100)"
      % ("relayed" if got else "not relayed", status(ans)))
got, ans = via("http://gw.site-a:9100/metrics", extra=[("X-Cr", "a\rInjected: yes")], wait=2)
check("a bare CR in a header value: 400, the client not asked", got is None and status(ans) == 400, status(ans))

def pushed(head, payload=b"ok 1\n"):
    return lambda i: head.replace("{id}", i).encode("latin-1") + payload
got, ans = via("http://gw.site-a:9100/metrics", pushed=pushed(
    "HTTP/1.1 200 OK\r\nId: {id}\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", b"5\r\nok 1\n\r\n0\r\n\r\n"))
check("Content-Length and chunked: chunked wins", got and got[2] == 200 and body(ans) == b"ok 1\n", body(ans)[:20])
for size in ("-5", "fffffffffffffffff", "5 5", "0x5"):
    got, ans = via("http://gw.site-a:9100/metrics", wait=2, pushed=pushed(
        "HTTP/1.1 200 OK\r\nId: {id}\r\nTransfer-Encoding: chunked\r\n\r\n", size.encode() + b"\r\nok 1\n\r\n0\r\n\r\n"))
    check("chunk size %r: push 400" % size, got is not None and got[2] == 400, got and got[3])
got, ans = via("http://gw.site-a:9100/metrics", wait=2, pushed=pushed(
    "HTTP/1.1 200 OK\r\nId: {id}\r\nX-Bad: a\x01b\r\nContent-Length: 5\r\n\r\n"))
check("a control character in a pushed header: push 400", got is not None and got[2] == 400, got and got[3])
got, ans = via("http://gw.site-a:9100/metrics", pushed=pushed(
    "HTTP/1.1 200 OK\r\nId: {id}\r\nConnection: close, X-Secret\r\nX-Secret: s\r\nKeep-Alive: timeout=999\r\n"
    "Proxy-Authenticate: Basic realm=x\r\nUpgrade: h2c\r\nTrailer: X\r\nProxy-Connection: keep-alive\r\nTE: trailers\r\n"
    "X-Kept: k\r\nContent-Length: 5\r\n\r\n"))
names = [l.split(b":")[0].lower() for l in ans.split(b"\r\n\r\n")[0].split(b"\r\n")[1:]]
leaked = [n.decode() for n in names if n in (b"x-secret", b"keep-alive", b"proxy-authenticate", b"upgrade", b"trailer",
                                              b"proxy-connection", b"te")]
check("hop-by-hop headers of a push stay with the client", got and got[2] == 200 and not leaked and b"x-kept" in names, leaked)
for st in ("HTTP/1.1 100 Continue", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade",
           "HTTP/1.1 103 Early Hints"):
    p = Poll("gw.site-a", "tok-a"); p.start(); time.sleep(0.3)
    s = socket.create_connection((HOST, PORT), timeout=4)
    s.sendall(("GET http://gw.site-a:9100/metrics HTTP/1.1\r\nHost: gw.site-a:9100\r\nProxy-Authorization: %s\r\n"
               "X-Prometheus-Scrape-Timeout-Seconds: 2\r\n\r\n" % PA).encode())
    p.join(5); line, hs = p.request()
    r = push(hs["id"], "tok-a", raw_push=(st + "\r\nId: " + hs["id"] + "\r\nContent-Length: 5\r\n\r\nok 1\n").encode())
    out = b""
    try:
        while b"Error scraping" not in out:
            c = s.recv(65536)
            if not c: break
            out += c
    except socket.timeout: pass
    s.close()
    check("a pushed %s: push 400, Prometheus never sees a 1xx" % st.split("\r\n")[0][9:], status(r) == 400
          and not out.startswith(b"HTTP/1.1 1"), (status(r), out[:40]))
for l in metric("ferry_tunnel_refused_total{reason=\"bad_push\"", "tok-read"): print("    ", l)
finish("nothing smuggled through the proxy")
PY
