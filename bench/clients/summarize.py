#!/usr/bin/env python3
"""summarize.py OUT -> Markdown table of medians over the rounds of one bench/clients.sh run.

Reads OUT/results.csv (candidates) and OUT/harness-r*/results.csv (wrk, Gatling through the shared harness).
Per (scenario, tool): median requests, median generator CPU-us per request (user+sys over the requests of the
same run), its spread (min-max over the rounds), ratios of the medians to wrk and to Gatling of the same
scenario, median peak RSS and, for B and C, peak RSS per user (5,000 users)."""
import csv, glob, os, re, statistics, sys

out = sys.argv[1]
rows = []
for f in [os.path.join(out, "results.csv")] + sorted(glob.glob(os.path.join(out, "harness-r*", "results.csv"))):
    if not os.path.exists(f):
        continue
    rnd = None
    b = os.path.basename(os.path.dirname(f))
    if b.startswith("harness-r"):
        rnd = b[len("harness-r"):]
    with open(f) as fh:
        for r in csv.DictReader(fh):
            if rnd is not None:
                r["run"] = rnd
            rows.append(r)

def users_of(scen):
    return 50 if scen.startswith("A") else 5000

groups = {}
for r in rows:
    try:
        req = int(r["requests"]); cpu = float(r["user_s"]) + float(r["sys_s"]); rss = int(r["maxrss_kb"])
    except (ValueError, KeyError):
        continue
    g = groups.setdefault((r["scenario"], r["tool"]), {"req": [], "ok": [], "cpu": [], "rss": [], "tgt": [], "p50": [], "p99": []})
    safe = re.sub(r"[^A-Za-z0-9._+=-]", "_", r["tool"])
    log = os.path.join(out, "logs", f"{r['scenario']}.{safe}.{r['run']}.log")
    if os.path.exists(log):  # the driver's own latency figures (candidates only)
        for line in open(log, errors="replace"):
            if line.startswith("RESULT "):
                kv = dict(x.split("=", 1) for x in line.split()[1:] if "=" in x)
                g["p50"].append(float(kv["p50_ms"])); g["p99"].append(float(kv["p99_ms"]))
    g["req"].append(req); g["ok"].append(int(r["ok"])); g["rss"].append(rss)
    g["cpu"].append(cpu * 1e6 / req if req > 0 else float("inf"))
    try:
        g["tgt"].append(float(r["target_cpu_s"]) * 1e6 / req if req > 0 else float("inf"))
    except ValueError:
        pass

med = statistics.median
order = {"wrk": 0, "gatling": 1}
print("| scenario | tool | n | requests | ok | CPU-µs/req (min–max) | ×wrk | ×Gatling | peak RSS MB (min–max) | RSS KB/user | p50 / p99 ms |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for scen in sorted({k[0] for k in groups}):
    tools = sorted([k[1] for k in groups if k[0] == scen], key=lambda t: (order.get(t, 2), t))
    base = {t: med(groups[(scen, t)]["cpu"]) for t in ("wrk", "gatling") if (scen, t) in groups}
    for t in tools:
        g = groups[(scen, t)]
        c = med(g["cpu"])
        xw = f"{c / base['wrk']:.1f}" if "wrk" in base else ""
        xg = f"{c / base['gatling']:.2f}" if "gatling" in base else ""
        rss = med(g["rss"]) / 1024
        per_user = f"{med(g['rss']) / users_of(scen):.1f}" if not scen.startswith("A") else ""
        lat = f"{med(g['p50']):.2f} / {med(g['p99']):.1f}" if g["p50"] else ""
        print(f"| {scen} | {t.replace('|', ' · ')} | {len(g['req'])} | {med(g['req']):.0f} | {med(g['ok']):.0f} | "
              f"{c:.1f} ({min(g['cpu']):.1f}–{max(g['cpu']):.1f}) | {xw} | {xg} | "
              f"{rss:.0f} ({min(g['rss'])/1024:.0f}–{max(g['rss'])/1024:.0f}) | {per_user} | {lat} |")

# Paired per-round ratios: the same round's Gatling (and wrk) is the nearest in time, so these show the noise.
print()
print("Per round (same-round ratios): CPU ×Gatling · RSS ×Gatling")
print()
print("| scenario | tool | CPU ×Gatling per round | RSS ×Gatling per round |")
print("|---|---|---|---|")
byrun = {}
for r in rows:
    try:
        req = int(r["requests"]); cpu = (float(r["user_s"]) + float(r["sys_s"])) * 1e6 / req; rss = int(r["maxrss_kb"])
    except (ValueError, KeyError, ZeroDivisionError):
        continue
    byrun[(r["scenario"], r["tool"], r["run"])] = (cpu, rss)
for scen in sorted({k[0] for k in groups}):
    tools = sorted([k[1] for k in groups if k[0] == scen and k[1] not in ("gatling",)], key=lambda t: (order.get(t, 2), t))
    for t in tools:
        cr, rr = [], []
        for run in sorted({k[2] for k in byrun if k[0] == scen and k[1] == t}):
            a, g = byrun.get((scen, t, run)), byrun.get((scen, "gatling", run))
            if a and g:
                cr.append(f"{a[0] / g[0]:.2f}"); rr.append(f"{a[1] / g[1]:.2f}")
        if cr:
            print(f"| {scen} | {t.replace('|', ' · ')} | {' '.join(cr)} | {' '.join(rr)} |")
