"""Pushes to a Pushgateway-compatible server with Python's prometheus_client, one step per run.

    python3 python_client.py HOST:PORT push|pushadd|delete

Used by io.ferry.compat.PythonClientIT, which checks the server's /metrics after each step. The
grouping key has a value with '/' and an empty value, which the client sends base64-encoded
(path@base64/L3Zhci90bXA=, shard@base64/=).
"""
import sys

from prometheus_client import (CollectorRegistry, Counter, Gauge, Histogram, Summary,
                               delete_from_gateway, push_to_gateway, pushadd_to_gateway)

JOB = "py-batch"
GROUPING_KEY = {"instance": "host-1", "path": "/var/tmp", "shard": ""}
TIMEOUT = 10


def push(gateway):
    """PUT: the whole group becomes these families."""
    registry = CollectorRegistry()
    Counter("py_jobs_processed", "Jobs processed.", registry=registry).inc(3)
    Gauge("py_queue_depth", "Jobs waiting.", registry=registry).set(5)
    latency = Histogram("py_latency_seconds", "Job latency.", buckets=(0.1, 1.0), registry=registry)
    for v in (0.05, 0.5, 2.0):
        latency.observe(v)
    Summary("py_size_bytes", "Job size.", registry=registry).observe(512)
    push_to_gateway(gateway, job=JOB, registry=registry, grouping_key=GROUPING_KEY, timeout=TIMEOUT)


def pushadd(gateway):
    """POST: replaces py_queue_depth, adds py_extra, keeps the other families."""
    registry = CollectorRegistry()
    Gauge("py_queue_depth", "Jobs waiting.", registry=registry).set(7)
    Gauge("py_extra", "Added by pushadd.", ["kind"], registry=registry).labels(kind="a/b").set(1)
    pushadd_to_gateway(gateway, job=JOB, registry=registry, grouping_key=GROUPING_KEY, timeout=TIMEOUT)


def delete(gateway):
    """DELETE: the group goes."""
    delete_from_gateway(gateway, job=JOB, grouping_key=GROUPING_KEY, timeout=TIMEOUT)


if __name__ == "__main__":
    gateway, step = sys.argv[1], sys.argv[2]
    {"push": push, "pushadd": pushadd, "delete": delete}[step](gateway)
    print("done " + step)
