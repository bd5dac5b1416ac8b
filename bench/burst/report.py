#!/usr/bin/env python3
"""Turns what bench/burst/run.sh recorded into its report (run.sh calls it; see bench/README.md).

Reads, from the work directory: cpu.txt (`round time name pid ticks` at each round boundary),
counts.txt (the receiver's /counts at each boundary), final-counts.txt (after the scrapers
stopped), hwm.txt (`name pid VmHWM-kB` just before the stop), nginx/logs/access.log
(`msec server_addr "user agent" status bytes request_time`) and the bodies' sizes.
"""
import argparse
import collections
import os
import re
import statistics
import sys

SCRAPERS = {"agent": "/agent", "ferry": "/ferry"}
SYNTHETIC = 5  # up, scrape_duration_seconds, scrape_samples_scraped, ..._post_metric_relabeling, scrape_series_added


def scraper_of(user_agent):
    if user_agent.startswith("Prometheus/"):
        return "agent"
    if "ferry" in user_agent.lower():
        return "ferry"
    return "other:" + user_agent


def fmt(x, digits=2):
    return f"{x:.{digits}f}"


def main():
    ap = argparse.ArgumentParser()
    for a in ["work", "header"]:
        ap.add_argument("--" + a, required=True)
    for a in ["series", "body-bytes", "targets", "interval", "rounds", "clk-tck"]:
        ap.add_argument("--" + a, type=int, required=True)
    for a in ["t0", "t-end", "stop"]:
        ap.add_argument("--" + a, type=float, required=True)
    o = ap.parse_args()
    w = o.work
    out = []
    say = out.append

    sizes = set()
    for v in sorted(os.listdir(os.path.join(w, "bodies"))):
        sizes.add(os.path.getsize(os.path.join(w, "bodies", v, "metrics")))
    say(f"# {o.header}")
    say(f"# {o.targets} targets x {o.series} series per body ({min(sizes)} to {max(sizes)} bytes; "
        f"{o.targets * o.body_bytes / 1e6:.0f} MB per round), every {o.interval} s; "
        f"{o.rounds} measured rounds")
    jvm = os.path.join(w, "ferry-jvm.txt")
    if os.path.exists(jvm):
        say(f"# Ferry's JVM options (bin/ferry's choice, FERRY_JAVA_OPTS included): {open(jvm).read().strip() or '(none)'}")

    # CPU per round, per process name (nginx: master and workers added up).
    ticks = collections.defaultdict(lambda: collections.defaultdict(int))
    for line in open(os.path.join(w, "cpu.txt")):
        r, _t, name, _pid, tk = line.split()
        ticks[name][int(r)] += int(float(tk))
    busy, total = ticks.pop("machine-busy"), ticks.pop("machine-total")
    say("")
    say(f"CPU seconds per round ({o.interval} s), rounds 1..{o.rounds}:")
    for name, by_round in ticks.items():
        per = [(by_round[r + 1] - by_round[r]) / o.clk_tck for r in range(o.rounds)
               if r in by_round and r + 1 in by_round]
        if not per:
            continue
        say(f"  {name:<9} median {fmt(statistics.median(per))}  max {fmt(max(per))}  "
            f"(= {statistics.median(per) / o.interval:.2f} cores)  rounds: {' '.join(fmt(x) for x in per)}")
    cores = os.cpu_count() or 1
    mach = [(busy[r + 1] - busy[r]) / o.clk_tck for r in range(o.rounds)]
    say(f"  {'machine':<9} median {fmt(statistics.median(mach))}  max {fmt(max(mach))}  "
        f"of {o.interval * cores} available (all processes, other tenants included)")

    say("")
    say("Peak RSS (VmHWM just before the stop):")
    hwm = collections.defaultdict(int)
    for line in open(os.path.join(w, "hwm.txt")):
        name, _pid, kb = line.split()
        hwm[name] += int(kb)
    for name, kb in hwm.items():
        say(f"  {name:<9} {kb / 1024:.0f} MiB")
    live = os.path.join(w, "live.txt")
    if os.path.exists(live):
        say("Live heap after the measured rounds (jcmd GC.class_histogram):")
        for line in open(live):
            name, total = line.split()
            say(f"  {name:<9} {int(total) / 2**20:.1f} MiB")

    # Scrapes from nginx's log.
    pat = re.compile(r'^(\S+) (\S+) "([^"]*)" (\d+) (\d+) (\S+)$')
    scrapes = collections.defaultdict(lambda: collections.defaultdict(list))
    bad = collections.Counter()
    served = collections.Counter()
    for line in open(os.path.join(w, "nginx", "logs", "access.log")):
        m = pat.match(line.rstrip("\n"))
        if not m:
            bad["unparsed log lines"] += 1
            continue
        end, addr, ua, status, nbytes, rt = m.groups()
        s = scraper_of(ua)
        end, rt = float(end), float(rt)
        ok = status == "200" and int(nbytes) in sizes
        if ok:
            served[s] += 1
        else:
            bad[f"{s} status {status} bytes {nbytes}"] += 1
        scrapes[s][addr].append((end - rt, end, rt, ok))

    say("")
    say("Rounds from nginx's log (round k = the k-th scrape of every target; spread = first request "
        "start to last response end; * = inside the measured window):")
    for s in sorted(scrapes):
        by_target = scrapes[s]
        gaps = 0
        rounds = collections.defaultdict(list)
        for addr, lst in by_target.items():
            lst.sort()
            for k, sc in enumerate(lst):
                rounds[k].append(sc)
                if k and lst[k][0] - lst[k - 1][0] > 1.5 * o.interval:
                    gaps += 1
        say(f"  {s}: {len(by_target)} targets scraped; gaps over {1.5 * o.interval:g} s between two scrapes "
            f"of one target: {gaps}")
        spreads = []
        for k in sorted(rounds):
            sc = rounds[k]
            first = min(x[0] for x in sc)
            last = max(x[1] for x in sc)
            starts = sorted(x[0] for x in sc)
            mid = starts[len(starts) // 2]
            inside = o.t0 <= mid < o.t_end
            rts = sorted(x[2] for x in sc)
            if inside:
                spreads.append(last - first)
            say(f"   {'*' if inside else ' '}round {k:>2}: {len(sc):>5} scrapes, spread {last - first:6.2f} s, "
                f"starts {first - o.t0:+7.2f} s from t0, request time median {rts[len(rts) // 2] * 1000:.0f} ms "
                f"max {rts[-1] * 1000:.0f} ms")
        if spreads:
            say(f"   spread in the measured window: median {fmt(statistics.median(spreads))} s, max {fmt(max(spreads))} s")
        # Whatever the phase of its rounds, a scraper that keeps up starts every target once per window.
        per_window = [0] * o.rounds
        for lst in by_target.values():
            for sc in lst:
                k = int((sc[0] - o.t0) // o.interval)
                if 0 <= k < o.rounds:
                    per_window[k] += 1
        say(f"   scrapes started in each measured {o.interval} s window: {' '.join(str(x) for x in per_window)} "
            f"(keeping up is {o.targets})")
    for k, v in sorted(bad.items()):
        say(f"  not a complete scrape: {k}: {v}")

    # Delivery.
    def parse_counts(lines):
        c = collections.defaultdict(dict)
        for line in lines:
            p = line.split()
            if len(p) == 3:
                c[p[0]][p[1]] = float(p[2])
        return c

    final = parse_counts(open(os.path.join(w, "final-counts.txt")))
    by_round = collections.defaultdict(list)
    for line in open(os.path.join(w, "counts.txt")):
        p = line.split()
        by_round[int(p[0])].append(" ".join(p[3:]))
    say("")
    say("Delivery (the receiver's counts after the scrapers stopped, against complete scrapes in nginx's log):")
    failed = False
    for s, path in SCRAPERS.items():
        if s not in scrapes and path not in final:
            continue
        c = final.get(path, {})
        n = served[s]
        expected = n * (o.series + SYNTHETIC)
        got = int(c.get("samples", 0))
        up1, up0 = int(c.get("up_1", 0)), int(c.get("up_0", 0))
        from_up = up1 * (o.series + SYNTHETIC) + up0 * SYNTHETIC
        say(f"  {s}: scrapes served {n}; expected samples {n} x ({o.series} + {SYNTHETIC}) = {expected}; "
            f"delivered {got} ({got - expected:+d}, {100 * got / expected if expected else 0:.4f}%)")
        say(f"  {s}: scrapes the sender reported (samples of up): {up1} up, {up0} down, so "
            f"{from_up} samples ({got - from_up:+d} against delivered); stale markers {int(c.get('stale_markers', 0))}; "
            f"out of order {int(c.get('out_of_order', -1))}; requests {int(c.get('requests', 0))} "
            f"({int(c.get('bad_requests', 0))} rejected); distinct series {int(c.get('distinct_series', -1))}")
        per = []
        for r in range(o.rounds):
            a = parse_counts(by_round.get(r, [])).get(path, {}).get("samples")
            b = parse_counts(by_round.get(r + 1, [])).get(path, {}).get("samples")
            if a is not None and b is not None:
                per.append(int(b - a))
        if per:
            say(f"  {s}: samples received per measured round: {' '.join(str(x) for x in per)} "
                f"(a full round is {o.targets * (o.series + SYNTHETIC)})")
        if got < expected and s == "ferry":  # the issue requires it of Ferry only
            failed = True
    rc = final.get("receiver", {}).get("cpu_seconds")
    if rc is not None:
        say(f"  receiver: {rc:.1f} CPU seconds in all (JVM start and source compilation included)")
    print("\n".join(out))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
