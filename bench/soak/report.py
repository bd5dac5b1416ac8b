"""Summarises a soak's samples.csv: a table per 5 minutes and plot.svg (push p99, scrape time, RSS).

    /usr/bin/python3 bench/soak/report.py OUT

Only the standard library: the plot is SVG written by hand.
"""
import csv
import sys
from pathlib import Path

out = Path(sys.argv[1])
rows = [{k: float(v) for k, v in r.items()} for r in csv.DictReader(open(out / "samples.csv"))]
if not rows:
    sys.exit("no samples")

print("| minutes | pushes/s | push errors | push p99 (worst 10 s), ms | scrape mean, ms | scrape max, ms | /metrics MB | RSS MB (end) | receiver | pending samples (max) |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for start in range(0, int(rows[-1]["t_s"]), 300):
    w = [r for r in rows if start < r["t_s"] <= start + 300]
    if not w:
        continue
    scrapes = sum(r["scrapes"] for r in w)
    mean = sum(r["scrape_mean_ms"] * r["scrapes"] for r in w) / scrapes if scrapes else 0
    up = {int(r["receiver_up"]) for r in w}
    pend = [r["rw_pending_samples"] for r in w if r["rw_pending_samples"] == r["rw_pending_samples"]]
    print(f"| {start // 60}–{(start + 300) // 60} | {sum(r['pushes'] for r in w) / (len(w) * 10):.0f} "
          f"| {sum(r['push_errors'] for r in w):.0f} | {max(r['push_p99_ms'] for r in w):.1f} | {mean:.0f} "
          f"| {max(r['scrape_max_ms'] for r in w):.0f} | {w[-1]['scrape_mb']:.0f} | {w[-1]['rss_mb']:.0f} "
          f"| {'up' if up == {1} else 'down' if up == {0} else 'down/up'} | {max(pend) if pend else 0:,.0f} |")

W, H, PAD, GAP = 720, 150, 60, 30
panels = [("push p99 per 10 s, ms", "push_p99_ms"), ("/metrics scrape, mean per 10 s, ms", "scrape_mean_ms"),
          ("Ferry RSS, MB", "rss_mb")]
tmax = rows[-1]["t_s"]
down = [r["t_s"] for r in rows if r["receiver_up"] == 0]
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W + 2 * PAD}" height="{len(panels) * (H + GAP) + GAP + 20}" '
       'font-family="sans-serif" font-size="11">', '<rect width="100%" height="100%" fill="white"/>']
for i, (title, key) in enumerate(panels):
    top = GAP + i * (H + GAP)
    vals = [r[key] for r in rows]
    vmax = max(vals) * 1.1 or 1
    x = lambda t: PAD + W * t / tmax
    y = lambda v: top + H - H * v / vmax
    if down:
        svg.append(f'<rect x="{x(min(down) - 10):.1f}" y="{top}" width="{x(max(down)) - x(min(down) - 10):.1f}" '
                   f'height="{H}" fill="#fde2e2"/>')
    svg.append(f'<rect x="{PAD}" y="{top}" width="{W}" height="{H}" fill="none" stroke="#999"/>')
    svg.append(f'<text x="{PAD}" y="{top - 6}">{title}' + (' (shaded: receiver away)' if down and i == 0 else '') + '</text>')
    for f in (0, 0.5, 1):
        v = vmax / 1.1 * f
        svg.append(f'<text x="{PAD - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{v:.0f}</text>')
    pts = " ".join(f"{x(r['t_s']):.1f},{y(r[key]):.1f}" for r in rows)
    svg.append(f'<polyline points="{pts}" fill="none" stroke="#1f5fa8" stroke-width="1.2"/>')
bottom = GAP + len(panels) * (H + GAP) - GAP
for m in range(0, int(tmax // 60) + 1, 5):
    svg.append(f'<text x="{PAD + W * m * 60 / tmax:.1f}" y="{bottom + 14}" text-anchor="middle">{m} min</text>')
svg.append("</svg>")
(out / "plot.svg").write_text("\n".join(svg) + "\n")
print(f"\nplot: {out / 'plot.svg'}")
summary = out / "summary.txt"
if summary.exists():
    print(summary.read_text())

# Growth: RSS and the queue at the end against the middle of the run, after the outage drained.
end = rows[-1]["t_s"]
last = [r for r in rows if r["t_s"] > end - 300]
before = [r for r in rows if end - 900 < r["t_s"] <= end - 600]
if before and last:
    avg = lambda rs, k: sum(r[k] for r in rs) / len(rs)
    print(f"RSS: mean {avg(before, 'rss_mb'):.0f} MB from minute {(end - 900) / 60:.0f} to {(end - 600) / 60:.0f}, "
          f"{avg(last, 'rss_mb'):.0f} MB in the last 5 minutes; max {max(r['rss_mb'] for r in rows):.0f} MB")
