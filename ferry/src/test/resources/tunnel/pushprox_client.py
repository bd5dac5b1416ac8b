#!/usr/bin/python3
"""A re-implementation of PushProx 0.2's client (cmd/client/main.go) for Ferry's tests.

PushProx's binaries cannot be had where Ferry's tests run, so this script does, step by step, what
the reference (shared/reference/pushgateway-pushprox.md, section 5.2) says PushProx's client does on
the wire, with Python's standard library only:

  1. POST <proxy-url>poll with the fqdn as the body and an empty Content-Type;
  2. read the answer as Go's http.ReadRequest does, without looking at the status (PushProx #57);
  3. scrape in a thread of its own while polling again at once: the timeout from
     X-Prometheus-Scrape-Timeout-Seconds (a synthetic 500 when it cannot be read), _scheme=https
     turned into the https scheme, a host other than --fqdn refused with a synthetic 500, every
     header passed to the target unchanged, a failed scrape pushed as 500 "failed to scrape ...";
  4. push the whole response (status line, headers, body; chunked kept chunked) to <proxy-url>push
     with Id and X-Prometheus-Scrape-Timeout (no -Seconds, "%f" of the seconds left) set;
  5. retry a failed poll with backoff: --proxy.retry.initial-wait (1s) times 1.5 up to
     --proxy.retry.max-wait (5s), reset by a poll that worked.

It logs one line per event on stderr ("poll error: ...", "scrape error: ...", "pushed id=...").
Usage: pushprox_client.py --proxy-url URL --fqdn NAME [--proxy.retry.initial-wait S] [--proxy.retry.max-wait S]
"""
import argparse
import http.client
import io
import sys
import threading
import time
import urllib.parse


def log(*parts):
    print(*parts, file=sys.stderr, flush=True)


class BadRequest(Exception):
    pass


def read_request(data):
    """Go's http.ReadRequest: request line, MIME headers up to an empty line; the body is not read."""
    reader = io.BytesIO(data)

    def line():
        raw = reader.readline()
        if not raw:
            raise BadRequest("unexpected EOF")
        return raw.rstrip(b"\n").rstrip(b"\r").decode("latin-1")

    first = line()
    method, sep1, rest = first.partition(" ")
    uri, sep2, proto = rest.partition(" ")
    if not sep1 or not sep2:
        raise BadRequest('malformed HTTP request "%s"' % first)
    if not (len(proto) == 8 and proto.startswith("HTTP/") and proto[5].isdigit() and proto[6] == "."
            and proto[7].isdigit()):
        raise BadRequest('malformed HTTP version "%s"' % proto)
    headers = []
    while True:
        text = line()
        if text == "":
            break
        name, colon, value = text.partition(":")
        if not colon:
            raise BadRequest('malformed MIME header line: %s' % text)
        headers.append((name.strip(), value.strip(" \t")))
    host = next((v for n, v in headers if n.lower() == "host"), "")
    headers = [(n, v) for n, v in headers if n.lower() != "host"]
    url = urllib.parse.urlsplit(uri)
    if not url.netloc:
        url = urllib.parse.urlsplit("http://" + host + uri)
    return method, url, host or url.netloc, headers


def header(headers, name):
    return next((v for n, v in headers if n.lower() == name.lower()), None)


def serialize(status, reason, headers, body, chunked):
    """Go's Response.Write: status line, headers, then the body as its framing says."""
    out = io.BytesIO()
    out.write(("HTTP/1.1 %d %s\r\n" % (status, reason)).encode("latin-1"))
    for n, v in headers:
        if n.lower() in ("content-length", "transfer-encoding"):
            continue
        out.write(("%s: %s\r\n" % (n, v)).encode("latin-1"))
    if chunked:
        out.write(b"Transfer-Encoding: chunked\r\n\r\n")
        if body:
            out.write(b"%x\r\n" % len(body) + body + b"\r\n")
        out.write(b"0\r\n\r\n")
    else:
        out.write(b"Content-Length: %d\r\n\r\n" % len(body))
        out.write(body)
    return out.getvalue()


class Client:
    def __init__(self, proxy_url, fqdn):
        self.proxy = urllib.parse.urlsplit(proxy_url.rstrip("/") + "/")
        self.fqdn = fqdn

    def proxy_connection(self, timeout=None):
        cls = http.client.HTTPSConnection if self.proxy.scheme == "https" else http.client.HTTPConnection
        return cls(self.proxy.hostname, self.proxy.port, timeout=timeout)

    def poll(self):
        conn = self.proxy_connection()
        try:
            body = self.fqdn.encode()
            conn.putrequest("POST", self.proxy.path + "poll", skip_accept_encoding=True)
            conn.putheader("Content-Type", "")
            conn.putheader("Content-Length", str(len(body)))
            conn.putheader("User-Agent", "Go-http-client/1.1")
            conn.endheaders(body)
            answer = conn.getresponse().read()  # the status is not looked at, as in PushProx 0.2
        finally:
            conn.close()
        request = read_request(answer)
        threading.Thread(target=self.scrape, args=(request,), daemon=True).start()

    def scrape(self, request):
        method, url, host, headers = request
        scrape_id = header(headers, "Id")
        started = time.monotonic()
        timeout_header = header(headers, "X-Prometheus-Scrape-Timeout-Seconds")
        try:
            timeout = float(timeout_header if timeout_header is not None else "")
        except ValueError:
            self.push_error(scrape_id, started, 5.0, 'strconv.ParseFloat: parsing "%s": invalid syntax'
                            % (timeout_header or ""))
            return
        query = urllib.parse.parse_qsl(url.query, keep_blank_values=True)
        scheme = url.scheme
        if ("_scheme", "https") in query:
            scheme = "https"
            query = [(k, v) for k, v in query if k != "_scheme"]
        url = url._replace(scheme=scheme, query=urllib.parse.urlencode(query))
        if url.hostname != self.fqdn:
            self.push_error(scrape_id, started, timeout, "scrape target doesn't match client fqdn")
            return
        target = urllib.parse.urlunsplit(url)
        try:
            cls = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
            conn = cls(url.hostname, url.port, timeout=timeout)
            path = url.path or "/"
            if url.query:
                path += "?" + url.query
            conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            conn.putheader("Host", host)
            for n, v in headers:
                conn.putheader(n, v)
            conn.endheaders()
            response = conn.getresponse()
            chunked = (response.getheader("Transfer-Encoding") or "").lower() == "chunked"
            body = response.read()
            conn.close()
        except Exception as e:  # what Go's client.Do would return as err
            log("scrape error:", e)
            self.push_error(scrape_id, started, timeout, "failed to scrape %s: %s" % (target, e))
            return
        self.push(scrape_id, started, timeout, response.status, response.reason, response.getheaders(), body,
                  chunked)

    def push_error(self, scrape_id, started, timeout, text):
        body = text.encode()
        self.push(scrape_id, started, timeout, 500, "Internal Server Error",
                  [("Content-Type", "text/plain; charset=utf-8")], body, False)

    def push(self, scrape_id, started, timeout, status, reason, headers, body, chunked):
        left = max(0.0, timeout - (time.monotonic() - started))
        headers = [(n, v) for n, v in headers if n.lower() not in ("id", "x-prometheus-scrape-timeout")]
        headers.append(("Id", scrape_id or ""))
        headers.append(("X-Prometheus-Scrape-Timeout", "%f" % left))
        payload = serialize(status, reason, headers, body, chunked)
        try:
            conn = self.proxy_connection(timeout=max(left, 0.001))
            conn.putrequest("POST", self.proxy.path + "push", skip_accept_encoding=True)
            conn.putheader("Content-Length", str(len(payload)))
            conn.putheader("User-Agent", "Go-http-client/1.1")
            conn.endheaders(payload)
            answer = conn.getresponse()
            answer.read()
            conn.close()
            log("pushed id=%s status=%d proxy=%d" % (scrape_id, status, answer.status))
        except Exception as e:
            log("push error:", e)

    def loop(self, initial_wait, max_wait):
        wait = initial_wait
        while True:
            try:
                self.poll()
                wait = initial_wait
            except Exception as e:
                log("poll error:", e)
                time.sleep(wait)
                wait = min(wait * 1.5, max_wait)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--proxy-url", required=True)
    parser.add_argument("--fqdn", required=True)
    parser.add_argument("--proxy.retry.initial-wait", dest="initial_wait", type=float, default=1.0)
    parser.add_argument("--proxy.retry.max-wait", dest="max_wait", type=float, default=5.0)
    args = parser.parse_args()
    log("polling", args.proxy_url, "as", args.fqdn)
    Client(args.proxy_url, args.fqdn).loop(args.initial_wait, args.max_wait)


if __name__ == "__main__":
    main()
