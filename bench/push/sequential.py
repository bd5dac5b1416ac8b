#!/usr/bin/env python3
"""Pushes GROUPS groups of SERIES series, one PUT after another over one keep-alive connection,
and prints the wall time. Usage: sequential.py HOST:PORT GROUPS SERIES [JOB]

Each group is /metrics/job/JOB/instance/<n>; its body holds gauge families of up to 10 series
each, labelled kind="k0".."k9" (so every series has job, instance and kind)."""
import http.client
import sys
import time


def body(group, series):
    lines = []
    for f in range((series + 9) // 10):
        lines.append(f"# TYPE bench_metric_{f} gauge\n")
        for k in range(min(10, series - f * 10)):
            lines.append(f'bench_metric_{f}{{kind="k{k}"}} {group * 1000 + f * 10 + k}\n')
    return "".join(lines).encode()


def main():
    host, port = sys.argv[1].rsplit(":", 1)
    groups, series = int(sys.argv[2]), int(sys.argv[3])
    job = sys.argv[4] if len(sys.argv) > 4 else "seq"
    bodies = [body(g, series) for g in range(groups)]
    conn = http.client.HTTPConnection(host, int(port), timeout=600)
    start = time.monotonic()
    for g in range(groups):
        conn.request("PUT", f"/metrics/job/{job}/instance/{g}", bodies[g],
                     {"Content-Type": "text/plain; version=0.0.4"})
        r = conn.getresponse()
        r.read()
        if r.status // 100 != 2:
            sys.exit(f"group {g}: HTTP {r.status}")
    elapsed = time.monotonic() - start
    print(f"{groups} groups x {series} series: {elapsed:.3f} s ({groups / elapsed:.0f} pushes/s)")


if __name__ == "__main__":
    main()
