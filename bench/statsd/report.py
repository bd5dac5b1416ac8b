"""Markdown tables from the records of one bench/statsd/run.sh run: report.py OUT"""
import os
import sys


def read_records(path):
    rows = []
    with open(path) as f:
        for line in f:
            kv = {}
            for word in line.split():
                if "=" in word:
                    k, v = word.split("=", 1)
                    kv[k] = v
            if kv:
                rows.append(kv)
    return rows


def own_drops(rows):
    """Adds to each record "own_drops": the increase of the server's own drop counters (Ferry's
    ferry_statsd_*drops_total, cumulative in the records) since its previous record of the same run."""
    prev = {}
    for r in rows:
        cur = {k: int(v) for k, v in r.items() if k.startswith("ferry_statsd_") and k.endswith("drops_total")}
        if not cur:
            continue
        before = prev.get(r["server"], {})
        if r["phase"] == "burst" and r.get("round") == "1":
            before = {}
        r["own_drops"] = ", ".join("%s %s" % (k[len("ferry_statsd_"):-len("_total")], "{:,}".format(v - before.get(k, 0)))
                                   for k, v in sorted(cur.items()) if "unixgram" not in k)
        prev[r["server"]] = cur


def num(x, digits=0):
    v = float(x)
    return "{:,.{d}f}".format(v, d=digits)


def table(head, rows):
    out = ["| " + " | ".join(head) + " |", "| " + " | ".join("---" if i == 0 else "---:" for i in range(len(head))) + " |"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def burst(rows):
    b = [r for r in rows if r["phase"] == "burst"]
    if not b:
        return ""
    cpu = {r["server"]: r for r in rows if r["phase"] == "burst-cpu"}
    out = []
    servers = list(dict.fromkeys(r["server"] for r in b))
    for s in servers:
        sent = counted = drops = 0
        for r in (r for r in b if r["server"] == s):
            sent += int(r["sent"])
            counted += int(r["counted"])
            drops += int(r["kernel_drops"])
            own = r.get("own_drops", "")
            out.append([s, r["round"], num(r["sent"]), num(r["counted"]), num(r["lost"]),
                        "%.1f%%" % (100.0 * int(r["lost"]) / max(1, int(r["sent"]))), num(r["kernel_drops"]),
                        "%.3f s" % float(r["send_seconds"]), own or ""])
        c = cpu.get(s, {})
        per = (float(c["cpu_seconds"]) * 1e6 / counted) if c and counted else 0
        out.append(["**%s, all rounds**" % s, "", "**%s**" % num(sent), "**%s**" % num(counted),
                    "**%s**" % num(sent - counted), "**%.1f%%**" % (100.0 * (sent - counted) / max(1, sent)),
                    num(drops), "", "CPU %s s, %.1f µs per counted line" % (c.get("cpu_seconds", "?"), per)])
    return table(["server", "round", "sent", "counted", "lost", "lost %", "kernel drops (packets)", "sending took",
                  "the server's own drop counters (packets)"], out)


def sustained(rows, cores):
    st = [r for r in rows if r["phase"] == "sustained"]
    if not st:
        return ""
    out = []
    for r in st:
        counted = int(r["counted"])
        wall = float(r["wall"])
        out.append([r["server"], r["lines_per_packet"], num(r["asked"]), num(r["achieved"]), num(r["sent"]),
                    num(r["counted"]), num(r["lost"]), "%s%%" % r["lost_pct"], num(r["kernel_drop_packets"]),
                    r["server_cpu"], "%.2f" % (float(r["server_cpu"]) * 1e6 / counted) if counted else "-",
                    "%.2f" % (float(r["sender_cpu"]) / float(r["seconds"])), "%.2f" % (cores - float(r["machine_idle"]) / wall),
                    r["load"].split(",")[0], r.get("own_drops", "-")])
    t = table(["server", "lines/packet", "asked lines/s", "achieved lines/s", "sent", "counted", "lost", "lost %",
               "kernel drops (packets)", "server CPU s", "server CPU µs/line", "sender cores", "machine busy cores",
               "load 1m", "the server's own drop counters (packets)"], out)
    best = []
    for key in dict.fromkeys((r["server"], r["lines_per_packet"]) for r in st):
        ok = [r for r in st if (r["server"], r["lines_per_packet"]) == key and int(r["lost"]) == 0]
        top = max(ok, key=lambda r: float(r["achieved"])) if ok else None
        best.append([key[0], key[1], num(top["achieved"]) if top else "none lossless",
                     "%.2f" % (float(top["server_cpu"]) * 1e6 / int(top["counted"])) if top else "-"])
    return t + "\n\nHighest step with no line lost:\n\n" + table(["server", "lines/packet", "lines/s", "server CPU µs/line"], best)


def ceiling(rows):
    c = [r for r in rows if r["phase"] == "ceiling"]
    if not c:
        return ""
    return table(["lines/packet", "lines/s", "packets/s", "sender cores"],
                 [[r["lines_per_packet"], num(r["achieved"]), num(int(r["packets"]) / float(r["seconds"])),
                   "%.2f" % (float(r["cpu"]) / float(r["seconds"]))] for r in c])


def memory(rows):
    m = [r for r in rows if r["phase"] == "memory"]
    if not m:
        return ""
    out = []
    for r in m:
        out.append([r["server"], num(r["series_sent"]), num(r["series"]), num(int(r["rss_before_kib"]) / 1024.0, 1),
                    num(int(r["rss_after_kib"]) / 1024.0, 1), num(r["rss_bytes_per_series"]),
                    ("%s → %s MiB, %s B/series" % (num(int(r["live_before"]) / 1048576.0, 1),
                                                   num(int(r["live_after"]) / 1048576.0, 1),
                                                   num(r["live_bytes_per_series"])))
                    if r.get("live_before") else "-",
                    ("%s MiB, %s B/series" % (num(int(r["live_after_scrape"]) / 1048576.0, 1),
                                             num(r["live_bytes_per_series_after_scrape"])))
                    if r.get("live_after_scrape") else "-"])
    return table(["server", "series sent", "series held", "RSS before MiB", "RSS after MiB", "RSS bytes/series",
                  "live heap (after a full GC)",
                  "live heap after the first scrape of /metrics"], out)


def main(out):
    rows = read_records(os.path.join(out, "records.txt"))
    own_drops(rows)
    with open(os.path.join(out, "machine.txt")) as f:
        print("```\n" + f.read().rstrip() + "\n```\n")
    cores = int(open(os.path.join(out, "machine.txt")).read().split("cores=", 1)[1].split()[0])
    for title, fn in (("The sender alone, to a socket never read", ceiling), ("Burst", burst), ("Sustained", lambda r: sustained(r, cores)), ("Memory per series", memory)):
        t = fn(rows)
        if t:
            print("### %s\n\n%s\n" % (title, t))


if __name__ == "__main__":
    main(sys.argv[1])
