#!/usr/bin/env python3
"""Writes the scrape bodies of the burst benchmark: a text-format (0.0.4) exposition of about
3,000 series, most of them classic histogram buckets, as an HTTP service would expose them.

    body.py OUT_DIR [VARIANTS]

writes OUT_DIR/0/metrics ... OUT_DIR/(VARIANTS-1)/metrics (default 4 variants): the same series in
the same order, with different values, so targets do not all serve identical bytes. Prints one line,
`series=N bytes=B variants=V`, where N is the exact number of series (sample lines) in every
variant and B the size of variant 0; the harness needs N for the expected sample count.
Deterministic: the same arguments give the same bytes.
"""
import os
import random
import sys

METHODS = ["GET", "POST", "PUT", "DELETE"]
ROUTES = [
    "/users", "/users/:id", "/orders", "/orders/:id",
    "/orders/:id/items", "/products", "/products/:id", "/cart",
    "/cart/items", "/checkout", "/payments", "/sessions",
    "/search", "/healthz",
]
CODES = ["200", "201", "400", "404", "500"]
DURATION_BUCKETS = ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"]
SIZE_BUCKETS = ["100", "1000", "10000", "100000", "1e+06", "1e+07", "+Inf"]
DB_BUCKETS = ["0.001", "0.005", "0.01", "0.05", "0.1", "0.5", "1", "+Inf"]
QUERIES = ["select_user", "select_order", "insert_order", "update_order", "select_product",
           "update_inventory", "insert_payment", "select_session", "delete_session", "search"]
POOLS = ["primary", "replica"]


def combos():
    """The (method, route, code) triples a real service would see: not every method on every route."""
    rnd = random.Random(7)
    out = []
    for route in ROUTES:
        methods = ["GET"] if route in ("/healthz", "/search") else METHODS
        for m in methods:
            for c in CODES:
                if c == "201" and m != "POST":
                    continue
                if rnd.random() < 0.5 and c not in ("200",):
                    continue
                out.append((m, route, c))
    return out


def histogram(lines, rnd, name, labels, buckets, scale):
    """Cumulative bucket counts, then _sum and _count; returns the number of series written."""
    total = rnd.randint(10, 200_000)
    counts = []
    left = total
    acc = 0
    for i, le in enumerate(buckets):
        if le == "+Inf":
            acc = total
        else:
            step = int(left * rnd.uniform(0.1, 0.6))
            left -= step
            acc += step
        counts.append(acc)
    for le, c in zip(buckets, counts):
        lines.append(f'{name}_bucket{{{labels},le="{le}"}} {c}')
    lines.append(f"{name}_sum{{{labels}}} {total * scale * rnd.uniform(0.5, 2):.6g}")
    lines.append(f"{name}_count{{{labels}}} {total}")
    return len(buckets) + 2


def body(variant):
    rnd = random.Random(1000 + variant)
    lines = []
    n = 0
    cs = combos()

    def family(name, typ, help_):
        lines.append(f"# HELP {name} {help_}")
        lines.append(f"# TYPE {name} {typ}")

    family("http_request_duration_seconds", "histogram", "Time spent serving HTTP requests, by method, route and status code.")
    for m, r, c in cs:
        n += histogram(lines, rnd, "http_request_duration_seconds",
                       f'method="{m}",route="{r}",code="{c}"', DURATION_BUCKETS, 0.05)

    family("http_response_size_bytes", "histogram", "Size of HTTP response bodies, by method and route.")
    for m, r, c in cs:
        if c != "200":
            continue
        n += histogram(lines, rnd, "http_response_size_bytes", f'method="{m}",route="{r}"', SIZE_BUCKETS, 2000)

    family("db_query_duration_seconds", "histogram", "Time spent in database queries, by query and pool.")
    for q in QUERIES:
        for p in POOLS:
            n += histogram(lines, rnd, "db_query_duration_seconds", f'query="{q}",pool="{p}"', DB_BUCKETS, 0.01)

    family("http_requests_total", "counter", "HTTP requests served, by method, route and status code.")
    for m, r, c in cs:
        lines.append(f'http_requests_total{{method="{m}",route="{r}",code="{c}"}} {rnd.randint(0, 10**7)}')
        n += 1

    family("node_cpu_seconds_total", "counter", "Seconds the CPUs spent in each mode.")
    for cpu in range(48):
        for mode in ["idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"]:
            lines.append(f'node_cpu_seconds_total{{cpu="{cpu}",mode="{mode}"}} {rnd.uniform(0, 1e6):.2f}')
            n += 1

    family("http_requests_in_flight", "gauge", "HTTP requests being served now, by route.")
    for r in ROUTES:
        lines.append(f'http_requests_in_flight{{route="{r}"}} {rnd.randint(0, 40)}')
        n += 1

    family("cache_operations_total", "counter", "Cache operations, by cache and result.")
    for cache in ["users", "products", "sessions", "carts", "search"]:
        for res in ["hit", "miss", "evict"]:
            lines.append(f'cache_operations_total{{cache="{cache}",result="{res}"}} {rnd.randint(0, 10**8)}')
            n += 1

    family("db_connections", "gauge", "Database connections, by pool and state.")
    for p in POOLS:
        for st in ["idle", "in_use", "max"]:
            lines.append(f'db_connections{{pool="{p}",state="{st}"}} {rnd.randint(0, 64)}')
            n += 1

    family("jvm_memory_used_bytes", "gauge", "Memory used, by area and pool.")
    for area, pool in [("heap", "G1 Eden Space"), ("heap", "G1 Old Gen"), ("heap", "G1 Survivor Space"),
                       ("nonheap", "Metaspace"), ("nonheap", "CodeHeap 'profiled nmethods'"),
                       ("nonheap", "Compressed Class Space")]:
        lines.append(f'jvm_memory_used_bytes{{area="{area}",pool="{pool}"}} {rnd.randint(10**6, 10**9)}')
        n += 1

    for name, typ, help_, value in [
        ("process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.", f"{rnd.uniform(1, 1e5):.2f}"),
        ("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", str(rnd.randint(10**8, 10**9))),
        ("process_open_fds", "gauge", "Number of open file descriptors.", str(rnd.randint(50, 500))),
        ("process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.", f"{1.7e9 + rnd.randint(0, 10**6):.2f}"),
    ]:
        family(name, typ, help_)
        lines.append(f"{name} {value}")
        n += 1

    return "\n".join(lines) + "\n", n


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    out = sys.argv[1]
    variants = int(sys.argv[2]) if len(sys.argv) == 3 else 4
    series = None
    size0 = None
    for v in range(variants):
        text, n = body(v)
        if series is not None and n != series:
            sys.exit(f"variant {v} has {n} series, variant 0 has {series}")
        series = n
        d = os.path.join(out, str(v))
        os.makedirs(d, exist_ok=True)
        data = text.encode()
        with open(os.path.join(d, "metrics"), "wb") as f:
            f.write(data)
        if size0 is None:
            size0 = len(data)
    print(f"series={series} bytes={size0} variants={variants}")


if __name__ == "__main__":
    main()
