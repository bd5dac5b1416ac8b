"""What the tunnel probes (tunnel-*.sh) share: raw HTTP/1.1 exchanges with a Ferry's tunnel proxy.

Each probe runs a Python program with this directory on PYTHONPATH and FERRY_PORT set. Standard
library only; every socket has a timeout, so nothing here waits for ever.
"""
import socket, threading, time, json, base64, sys, os
HOST = "127.0.0.1"
PORT = int(os.environ.get("FERRY_PORT", "0"))
def raw(data, timeout=10.0, read_until_close=True):
    """Sends bytes, returns the whole answer (the server closes or timeout)."""
    s = socket.create_connection((HOST, PORT), timeout=timeout)
    s.sendall(data)
    out = b""
    try:
        while True:
            c = s.recv(65536)
            if not c: break
            out += c
            if not read_until_close and complete(out): break
    except socket.timeout:
        pass
    s.close()
    return out
def complete(b):
    if b"\r\n\r\n" not in b: return False
    head, body = b.split(b"\r\n\r\n", 1)
    for l in head.split(b"\r\n"):
        if l.lower().startswith(b"content-length:"):
            return len(body) >= int(l.split(b":")[1])
    return head.startswith(b"HTTP/1.1 204") or head.startswith(b"HTTP/1.1 1")
def req(method, target, headers=(), body=b"", timeout=10.0):
    h = "%s %s HTTP/1.1\r\nHost: %s:%d\r\nConnection: close\r\n" % (method, target, HOST, PORT)
    for k, v in headers: h += "%s: %s\r\n" % (k, v)
    if body or method in ("POST", "PUT"): h += "Content-Length: %d\r\n" % len(body)
    return raw(h.encode("latin-1") + b"\r\n" + body, timeout)
def status(ans):
    try: return int(ans.split(b" ", 2)[1])
    except Exception: return 0
def body(ans): return ans.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in ans else b""
def bearer(t): return [("Authorization", "Bearer " + t)]
class Poll(threading.Thread):
    def __init__(self, fqdn, token=None, extra=(), timeout=15.0):
        super().__init__(daemon=True); self.fqdn=fqdn; self.token=token; self.extra=list(extra); self.timeout=timeout; self.answer=None
    def run(self):
        hs = (bearer(self.token) if self.token else []) + self.extra
        self.answer = req("POST", "/poll", hs, self.fqdn.encode(), self.timeout)
    def request(self):
        """The scrape request the poll got: (request line, {header lower: value})."""
        b = body(self.answer).decode("latin-1"); lines = b.split("\r\n")
        hs = {}
        for l in lines[1:]:
            if not l: break
            k, v = l.split(":", 1); hs.setdefault(k.strip().lower(), v.strip())
        return lines[0], hs
def push(id_, token=None, status_line="HTTP/1.1 200 OK", headers=(), payload=b"ok 1\n", raw_push=None):
    if raw_push is None:
        h = status_line + "\r\nId: " + id_ + "\r\nContent-Type: text/plain\r\n"
        for k, v in headers: h += "%s: %s\r\n" % (k, v)
        raw_push = h.encode("latin-1") + b"Content-Length: %d\r\n\r\n" % len(payload) + payload
    return req("POST", "/push", bearer(token) if token else [], raw_push)
class Scrape(threading.Thread):
    def __init__(self, url, proxy_auth=None, extra=(), timeout_s=5, host=None):
        super().__init__(daemon=True); self.url=url; self.pa=proxy_auth; self.extra=list(extra); self.t=timeout_s; self.host=host; self.answer=None
    def run(self):
        hs = [("X-Prometheus-Scrape-Timeout-Seconds", str(self.t))] + self.extra
        if self.pa: hs.append(("Proxy-Authorization", self.pa))
        h = "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n" % (self.url, self.host or self.url.split("/")[2])
        for k, v in hs: h += "%s: %s\r\n" % (k, v)
        self.answer = raw(h.encode("latin-1") + b"\r\n", self.t + 5)
def wait_until(cond, secs=5):
    end = time.time() + secs
    while time.time() < end:
        if cond(): return True
        time.sleep(0.05)
    return False
def basic(u, p): return "Basic " + base64.b64encode(("%s:%s" % (u, p)).encode()).decode()
failures = []
def check(what, ok, got):
    print("%-4s %-70s %s" % ("ok" if ok else "FAIL", what, got)); 
    if not ok: failures.append(what)
def metric(name_prefix, tok=None):
    b = body(req("GET", "/metrics", bearer(tok) if tok else [])).decode()
    return [l for l in b.splitlines() if l.startswith(name_prefix)]
PA = basic("prometheus", "tok-read")  # Proxy-Authorization of a token with read
def via(url, host=None, extra=(), pushed=None, fqdn="gw.site-a", tok="tok-a", wait=3):
    """Holds a poll for fqdn, scrapes url through the proxy and, when the poll got the scrape, pushes
    pushed(id) (raw bytes; a plain 200 by default). Returns (None, Prometheus' answer) when the poll
    got nothing, else ((request line, headers, push status, push answer body), Prometheus' answer)."""
    p = Poll(fqdn, tok, timeout=wait + 2); p.start(); time.sleep(0.3)
    s = Scrape(url, PA, extra=extra, timeout_s=wait, host=host); s.start()
    p.join(wait + 3)
    got = None
    if p.answer and status(p.answer) == 200:
        got = p.request()
        r = push(got[1]["id"], tok, raw_push=pushed(got[1]["id"]) if pushed else None)
        got = got + (status(r), body(r)[:120])
    s.join(wait + 6)
    return got, s.answer
def finish(name):
    print(("ok: " + name) if not failures else "FAIL: %d check(s): %s" % (len(failures), "; ".join(failures)))
    sys.exit(1 if failures else 0)
# The tokens every tunnel probe's Ferry has ("python3 tunnel_kit.py config > ferry.yml").
CONFIG = """auth:
  read: token
  tokens:
    - {name: site-a, token: tok-a, actions: [tunnel], fqdns: ["*.site-a"]}
    - {name: site-a-too, token: tok-a2, actions: [tunnel], fqdns: ["*.site-a"]}
    - {name: site-b, token: tok-b, actions: [tunnel], fqdns: ["*.site-b"]}
    - {name: anywhere, token: tok-any, actions: [tunnel], fqdns: ["*"]}
    - {name: pusher, token: tok-push, actions: [push], jobs: ["*"]}
    - {name: prometheus, token: tok-read, actions: [read]}
"""
if __name__ == "__main__" and sys.argv[1:] == ["config"]:
    sys.stdout.write(CONFIG)
