"""Draws each scraper's CPU (cores, averaged over 5 s) and RSS over a burst run as one SVG.

    /usr/bin/python3 bench/burst/plot.py WORK/trace.txt CLK_TCK TITLE > plot.svg

trace.txt holds `epoch-seconds name cpu-ticks rss-kB` lines, one per scraper per second
(bench/burst/run.sh writes it). Only the standard library: the SVG is written by hand.
"""
import collections
import sys
from xml.sax.saxutils import escape

trace, clk_tck, title = sys.argv[1], int(sys.argv[2]), sys.argv[3]
series = collections.defaultdict(list)
for line in open(trace):
    parts = line.split()
    if len(parts) == 4:
        t, name, ticks, rss = parts
        series[name].append((float(t), int(ticks), int(rss)))
if not series:
    sys.exit("plot: no samples in " + trace)
t0 = min(s[0][0] for s in series.values())

WINDOW = 5.0  # seconds over which CPU is averaged: one-second ticks are too coarse to read
cpu, rss = {}, {}
for name, samples in series.items():
    cpu[name] = []
    j = 0
    for i, (t, ticks, _) in enumerate(samples):
        while samples[j][0] < t - WINDOW:
            j += 1
        if i > j:
            tj, ticks_j, _ = samples[j]
            cpu[name].append((t - t0, (ticks - ticks_j) / clk_tck / (t - tj)))
    rss[name] = [(t - t0, kb / 1024) for t, _, kb in samples]

COLOURS = {"ferry": "#1f6feb", "agent": "#d1242f"}
W, H, LEFT, TOP, GAP, PH = 860, 520, 70, 40, 60, 190
t_max = max(p[0] for pts in rss.values() for p in pts) or 1


def panel(y0, data, label, unit):
    top = max((v for pts in data.values() for _, v in pts), default=1) * 1.1 or 1
    out = [f'<text x="{LEFT}" y="{y0 - 10}" class="h">{escape(label)}</text>',
           f'<rect x="{LEFT}" y="{y0}" width="{W - LEFT - 20}" height="{PH}" class="frame"/>']
    for k in range(5):
        v = top * k / 4
        y = y0 + PH - PH * k / 4
        out.append(f'<line x1="{LEFT}" x2="{W - 20}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" class="tick" text-anchor="end">{v:.{0 if top > 20 else 2}f}</text>')
    for name, pts in sorted(data.items()):
        path = " ".join(f"{LEFT + (W - LEFT - 20) * t / t_max:.1f},{y0 + PH - PH * v / top:.1f}" for t, v in pts)
        out.append(f'<polyline points="{path}" fill="none" stroke="{COLOURS.get(name, "#555")}" stroke-width="1.5"/>')
    out.append(f'<text x="{LEFT - 50}" y="{y0 + PH / 2}" class="tick" transform="rotate(-90 {LEFT - 50} {y0 + PH / 2})" text-anchor="middle">{unit}</text>')
    return out


body = [f'<text x="{LEFT}" y="20" class="t">{escape(title)}</text>']
body += panel(TOP + 20, cpu, "CPU, cores (5 s average)", "cores")
body += panel(TOP + 20 + PH + GAP, rss, "RSS", "MiB")
axis_y = TOP + 20 + 2 * PH + GAP
for k in range(6):
    t = t_max * k / 5
    x = LEFT + (W - LEFT - 20) * k / 5
    body.append(f'<text x="{x:.1f}" y="{axis_y + 16}" class="tick" text-anchor="middle">{t:.0f} s</text>')
for i, name in enumerate(sorted(series)):
    body.append(f'<rect x="{W - 160}" y="{8 + 14 * i}" width="10" height="10" fill="{COLOURS.get(name, "#555")}"/>'
                f'<text x="{W - 145}" y="{17 + 14 * i}" class="tick">{escape(name)}</text>')
print(f'''<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" font-family="sans-serif">
<style>.t{{font-size:14px;font-weight:bold}}.h{{font-size:12px}}.tick{{font-size:10px;fill:#444}}.frame{{fill:none;stroke:#999}}.grid{{stroke:#eee}}</style>
<rect width="100%" height="100%" fill="white"/>
{chr(10).join(body)}
</svg>''')
