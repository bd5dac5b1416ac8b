#!/usr/bin/env bash
# Probe: asking a tunnel client to scrape what it must not. Starts a Ferry (the proxy) on a free
# loopback port with the tokens of tunnel_kit.py, two local HTTP servers (the target, with
# /metrics and /secret, and another port with /secret), and "bin/ferry tunnel-client" for
# gw.site-a allowed only http://127.0.0.1:<target>/metrics. Through the proxy it asks for the
# allowed target (200), another port, /secret on the target's port, /metrics/../secret,
# /%2e%2e/secret, /metrics;x, and the target with _scheme=https: each refused with 403 and counted
# in ferry_tunnel_client_scrapes_total{result="refused"} (the https one is served over the target's
# own scheme). Then it plays a hostile proxy, handing both Ferry's client and the PushProx client
# emulation of the tests a scrape of http://127.0.0.1:<other>/secret (a host other than their
# fqdn): both must refuse it (Ferry's 403, PushProx's 500) and /secret must never be fetched. Exits
# 1 on anything else. About 30 s.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
/usr/bin/python3 "$root/bench/probes/tunnel_kit.py" config >"$work/ferry.yml"
FERRY_URL= start_ferry --config.file="$work/ferry.yml"
for d in target other; do
  mkdir -p "$work/$d"
  printf 'probe_target_up 1\n' >"$work/$d/metrics"
  printf 'the secret\n' >"$work/$d/secret"
done
target_port=$(free_port)
other_port=$(free_port)
/usr/bin/python3 -m http.server --bind 127.0.0.1 --directory "$work/target" "$target_port" >"$work/target.log" 2>&1 &
pids+=($!)
/usr/bin/python3 -m http.server --bind 127.0.0.1 --directory "$work/other" "$other_port" >"$work/other.log" 2>&1 &
pids+=($!)
printf 'tok-a\n' >"$work/token"
metrics_port=$(free_port)
"$root/bin/ferry" tunnel-client --proxy-url "$url/" --fqdn gw.site-a --token-file "$work/token" \
  --target "http://127.0.0.1:$target_port/metrics" --metrics-addr "127.0.0.1:$metrics_port" \
  >"$work/client.log" 2>&1 &
pids+=($!)
fake_port=$(free_port)
export FERRY_PORT=${url##*:} TARGET=$target_port OTHER=$other_port CLIENT_METRICS=$metrics_port FAKE=$fake_port
export ROOT=$root WORK=$work
PYTHONPATH="$root/bench/probes" timeout 150 /usr/bin/python3 - <<'PY'
import subprocess, urllib.request, http.server
from tunnel_kit import *
T, O = os.environ["TARGET"], os.environ["OTHER"]
def through(url):
    s = Scrape(url, PA, timeout_s=8); s.start(); s.join(); return s.answer
wait_until(lambda: status(through("http://gw.site-a:%s/metrics" % T)) == 200, 30)
a = through("http://gw.site-a:%s/metrics" % T)
check("the allowed target: 200", status(a) == 200 and body(a) == b"probe_target_up 1\n", body(a)[:40])
for what, url in [("another port", "http://gw.site-a:%s/secret" % O),
                  ("/secret on the target's port", "http://gw.site-a:%s/secret" % T),
                  ("/metrics/../secret", "http://gw.site-a:%s/metrics/../secret" % T),
                  ("/%2e%2e/secret", "http://gw.site-a:%s/%%2e%%2e/secret" % T),
                  ("/metrics;x", "http://gw.site-a:%s/metrics;x" % T)]:
    a = through(url)
    check("%s: 403 target not allowed" % what, status(a) == 403 and b"target not allowed" in body(a), body(a)[:90])
a = through("http://gw.site-a:%s/metrics?_scheme=https" % T)
check("_scheme=https on an http target: served by the target's own scheme", status(a) == 200, body(a)[:60])
m = urllib.request.urlopen("http://127.0.0.1:%s/metrics" % os.environ["CLIENT_METRICS"], timeout=5).read().decode()
refused = [l for l in m.splitlines() if l.startswith("ferry_tunnel_client_scrapes_total") and 'result="refused"' in l]
check("the refusals are counted", refused and float(refused[0].split()[-1]) == 5, refused)

# A hostile proxy: hands each poll a scrape of a host that is not the client's fqdn.
pushes = []
class Hostile(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0); data = self.rfile.read(n)
        if self.path.endswith("/push"):
            pushes.append((self.headers.get("User-Agent", ""), data)); self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
            return
        if len(pushes) >= 20:
            time.sleep(3)
        req = ("GET http://127.0.0.1:%s/secret HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nId: hostile-%d\r\n"
               "X-Prometheus-Scrape-Timeout-Seconds: 5\r\n\r\n" % (O, O, len(pushes))).encode()
        self.send_response(200); self.send_header("Content-Length", str(len(req))); self.end_headers(); self.wfile.write(req)
srv = http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ["FAKE"])), Hostile)
threading.Thread(target=srv.serve_forever, daemon=True).start()
procs = [subprocess.Popen([os.environ["ROOT"] + "/bin/ferry", "tunnel-client", "--proxy-url",
                           "http://127.0.0.1:%s/" % os.environ["FAKE"], "--fqdn", "gw.site-a", "--metrics-addr", "",
                           "--target", "http://127.0.0.1:%s/metrics" % T], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
emulation = os.environ["ROOT"] + "/ferry/src/test/resources/tunnel/pushprox_client.py"
procs.append(subprocess.Popen(["/usr/bin/python3", emulation, "--proxy-url", "http://127.0.0.1:%s/" % os.environ["FAKE"],
                               "--fqdn", "gw.site-a"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
def by(ferry): return [d for ua, d in list(pushes) if ua.lower().startswith("ferry") == ferry]
wait_until(lambda: by(True) and by(False), 40)
for p in procs: p.terminate()
for p in procs:
    try: p.wait(10)
    except subprocess.TimeoutExpired: p.kill()
srv.shutdown()
for ferry, want in ((True, b"HTTP/1.1 403"), (False, b"HTTP/1.1 500")):
    got = sorted(set(x.split(b"\r\n")[0].decode() for x in by(ferry)))
    check("%s refuses a host that is not its fqdn: %s" % ("Ferry's client" if ferry else "the PushProx emulation",
          want[9:].decode()), by(ferry) and all(x.startswith(want) for x in by(ferry)), got)
secret_fetched = "GET /secret" in open(os.environ["WORK"] + "/other.log").read()
check("/secret on the other port was never fetched", not secret_fetched, secret_fetched)
finish("the clients scrape only what they allow")
PY
