"""What the servers of bench/statsd/run.sh counted, and what the kernel and /proc say about them.

  probe.py ferry URL NAME        Ferry's /metrics: lines = the values of the counter series of family
                                 NAME (escaped, with or without _total) summed, series = how many,
                                 and Ferry's own ferry_statsd_* families summed over their labels
  probe.py etsy HOST PORT KEY    Etsy statsd's management port, command "counters": lines = the
                                 counters whose key is KEY or starts with KEY + ";" summed, series =
                                 how many, and its packets_received, metrics_received, bad_lines_seen
  probe.py udp PORT              the kernel's view of every UDP socket bound to local PORT
                                 (/proc/net/udp and udp6): sockets, rx_queue bytes, drops
  probe.py proc PID              cpu_ticks (utime + stime) and rss_kib of a process

Each prints one line of key=value pairs (values without spaces) and exits 1 when it cannot read.
"""
import re
import socket
import sys
import urllib.request


def ferry(url, name):
    with urllib.request.urlopen(url, timeout=30) as r:
        text = r.read().decode("utf-8", "replace")
    want = re.compile(r"^" + re.escape(name) + r"(?:_total)?(?:\{.*\})?\s+(\S+)")
    lines = 0.0
    series = 0
    own = {}
    for line in text.splitlines():
        if not line or line[0] == "#":
            continue
        m = want.match(line)
        if m:
            lines += float(m.group(1))
            series += 1
            continue
        if line.startswith("ferry_statsd_"):
            family = re.split(r"[{\s]", line, 1)[0]
            try:
                own[family] = own.get(family, 0.0) + float(line.rsplit(None, 1)[1])
            except ValueError:
                pass
    out = {"lines": "%d" % lines, "series": series}
    for k in sorted(own):
        out[k] = "%d" % own[k]
    return out


def etsy(host, port, key):
    s = socket.create_connection((host, int(port)), timeout=60)
    s.sendall(b"counters\n")
    buf = b""
    while not buf.endswith(b"END\n\n"):
        chunk = s.recv(1 << 20)
        if not chunk:
            break
        buf += chunk
    try:
        s.sendall(b"quit\n")
    except OSError:
        pass
    s.close()
    # util.inspect of a plain object: "  'key': 123," one per line (quotes only when needed).
    entry = re.compile(r"^\s*\{?\s*'?([^':]+?)'?:\s*([-+0-9.eE]+|NaN|Infinity),?\s*\}?\s*$")
    lines = 0.0
    series = 0
    out = {}
    for line in buf.decode("utf-8", "replace").splitlines():
        m = entry.match(line)
        if not m:
            continue
        k, v = m.group(1), float(m.group(2))
        if k == key or k.startswith(key + ";"):
            lines += v
            series += 1
        elif k.startswith("statsd."):
            out[k[len("statsd."):]] = "%d" % v
    return dict({"lines": "%d" % lines, "series": series}, **out)


def udp(port):
    want = ":%04X" % int(port)
    sockets = queue = drops = 0
    for path in ("/proc/net/udp", "/proc/net/udp6"):
        try:
            with open(path) as f:
                next(f)
                for row in f:
                    c = row.split()
                    if c[1].endswith(want):
                        sockets += 1
                        queue += int(c[4].split(":")[1], 16)
                        drops += int(c[12])
        except FileNotFoundError:
            pass
    return {"sockets": sockets, "rx_queue": queue, "drops": drops}


def proc(pid):
    with open("/proc/%s/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    rss = 0
    with open("/proc/%s/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
    # fields[0] is the state (field 3); utime and stime are fields 14 and 15.
    return {"cpu_ticks": int(fields[11]) + int(fields[12]), "rss_kib": rss}


def main(argv):
    kinds = {"ferry": (ferry, 2), "etsy": (etsy, 3), "udp": (udp, 1), "proc": (proc, 1)}
    if len(argv) < 2 or argv[1] not in kinds or len(argv) != 2 + kinds[argv[1]][1]:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        out = kinds[argv[1]][0](*argv[2:])
    except (OSError, ValueError) as e:
        print("probe.py %s: %s" % (argv[1], e), file=sys.stderr)
        return 1
    print(" ".join("%s=%s" % kv for kv in out.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
