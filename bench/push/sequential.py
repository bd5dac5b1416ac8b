#!/usr/bin/env python3
"""Pushes GROUPS groups of SERIES series, one PUT after another over one keep-alive connection,
and prints the wall time. Usage: sequential.py HOST:PORT GROUPS SERIES [JOB]

Each group is /metrics/job/JOB/instance/<n>; its body holds gauge families of up to 10 series
each, labelled kind="k0".."k9" (so every series has job, instance and kind).

The requests are built before the clock starts and written to a plain socket, and the client reads
each response (status line, headers, body) before sending the next: the time is the servers'."""
import socket
import sys
import time


def body(group, series):
    lines = []
    for f in range((series + 9) // 10):
        lines.append(f"# TYPE bench_metric_{f} gauge\n")
        for k in range(min(10, series - f * 10)):
            lines.append(f'bench_metric_{f}{{kind="k{k}"}} {group * 1000 + f * 10 + k}\n')
    return "".join(lines).encode()


def request(host, job, group, payload):
    head = (f"PUT /metrics/job/{job}/instance/{group} HTTP/1.1\r\nHost: {host}\r\n"
            f"Content-Type: text/plain; version=0.0.4\r\nContent-Length: {len(payload)}\r\n\r\n")
    return head.encode() + payload


class Responses:
    """Reads HTTP/1.1 responses with a Content-Length from a socket."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = b""

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        self.buf += chunk

    def next_status(self):
        while b"\r\n\r\n" not in self.buf:
            self._fill()
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ")[1])
        length = 0
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        while len(self.buf) < length:
            self._fill()
        self.buf = self.buf[length:]
        return status


def main():
    address = sys.argv[1]
    host, port = address.rsplit(":", 1)
    groups, series = int(sys.argv[2]), int(sys.argv[3])
    job = sys.argv[4] if len(sys.argv) > 4 else "seq"
    requests = [request(address, job, g, body(g, series)) for g in range(groups)]
    sock = socket.create_connection((host, int(port)), timeout=600)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    responses = Responses(sock)
    start = time.monotonic()
    for g, r in enumerate(requests):
        sock.sendall(r)
        status = responses.next_status()
        if status // 100 != 2:
            sys.exit(f"group {g}: HTTP {status}")
    elapsed = time.monotonic() - start
    sock.close()
    print(f"{groups} groups x {series} series: {elapsed:.3f} s ({groups / elapsed:.0f} pushes/s)")


if __name__ == "__main__":
    main()
