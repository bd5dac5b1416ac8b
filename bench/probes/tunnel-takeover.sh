#!/usr/bin/env bash
# Probe: taking over another client's fqdn or scrapes, and credentials, on the tunnel proxy. Starts
# a Ferry on a free loopback port with the tokens of tunnel_kit.py (site-a and site-a-too both
# scoped to *.site-a, site-b to *.site-b, a push-only and a read-only token; read: token), then:
# site-b polls for gw.site-a (403); site-a-too polls while site-a holds it (409); no or unknown
# credentials on /poll, /push, /clients and proxy requests (401, 407; a known token without read
# on a proxy request: 403); push-only and read-only tokens poll (403); a scrape's Id pushed by
# site-b, site-a-too, the push-only token and nobody (403, 403, 403, 401) before site-a's own push
# reaches Prometheus (200); the Id replayed and a guessed one (404). It checks what the client
# received: no Proxy-Authorization, Prometheus' Authorization for the target kept. Exits 1 on any
# other answer. About 10 s.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
/usr/bin/python3 "$root/bench/probes/tunnel_kit.py" config >"$work/ferry.yml"
FERRY_URL= start_ferry --config.file="$work/ferry.yml"
FERRY_PORT=${url##*:} PYTHONPATH="$root/bench/probes" timeout 120 /usr/bin/python3 - <<'PY'
from tunnel_kit import *
a = req("POST", "/poll", bearer("tok-b"), b"gw.site-a")
check("site-b polls for gw.site-a: 403", status(a) == 403, body(a)[:70])
for name, hs in [("no credentials", []), ("an unknown token", bearer("nope")),
                 ("a wrong basic password", [("Authorization", basic("x", "y"))])]:
    for path in ("/poll", "/push", "/clients"):
        a = req("GET" if path == "/clients" else "POST", path, hs, b"gw.site-a" if path == "/poll" else b"")
        check("%s on %s: 401" % (name, path), status(a) == 401, status(a))
for tok in ("tok-push", "tok-read"):
    a = req("POST", "/poll", bearer(tok), b"gw.site-a")
    check("%s polls: 403" % tok, status(a) == 403, status(a))

holder = Poll("gw.site-a", "tok-a"); holder.start(); time.sleep(0.5)
a = req("POST", "/poll", bearer("tok-a2"), b"gw.site-a", timeout=3)
check("site-a-too polls while site-a holds gw.site-a: 409", status(a) == 409, body(a)[:70])
for name, pa, want in [("no", None, 407), ("a wrong basic", basic("x", "bad"), 407),
                       ("an unknown bearer", "Bearer nope", 407), ("a push-only token's", "Bearer tok-push", 403)]:
    s = Scrape("http://gw.site-a:9100/metrics", pa, timeout_s=2); s.start(); s.join()
    check("a scrape with %s Proxy-Authorization: %d" % (name, want), status(s.answer) == want, status(s.answer))
s = Scrape("http://gw.site-a:9100/metrics", PA, extra=[("Authorization", "Bearer for-the-target")], timeout_s=5)
s.start(); holder.join(6)
line, hs = holder.request()
print("     the client received:", line, hs)
check("Proxy-Authorization never reaches the client", "proxy-authorization" not in hs, sorted(hs))
check("Authorization (for the target) does", hs.get("authorization") == "Bearer for-the-target", hs.get("authorization"))
sid = hs["id"]
for tok, want in [("tok-b", 403), ("tok-a2", 403), ("tok-push", 403), (None, 401)]:
    a = push(sid, tok, payload=b"stolen 1\n")
    check("push of site-a's Id by %s: %d" % (tok or "nobody", want), status(a) == want, body(a)[:70])
a = push(sid, "tok-a")
check("site-a's own push: 200", status(a) == 200, status(a))
s.join()
check("Prometheus gets site-a's response, not a thief's", status(s.answer) == 200 and body(s.answer) == b"ok 1\n",
      body(s.answer)[:40])
a = push(sid, "tok-a")
check("the Id replayed: 404", status(a) == 404, body(a)[:70])
a = push("4b1c0c3e-0000-4000-8000-000000000000", "tok-a")
check("a guessed Id: 404", status(a) == 404, status(a))
for l in metric("ferry_tunnel_refused_total", "tok-read"): print("    ", l)
finish("no takeover, every refusal as documented")
PY
