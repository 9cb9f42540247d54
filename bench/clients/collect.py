#!/usr/bin/env python3
"""collect.py OUT DEST.csv -> one CSV of every measured run of a bench/clients.sh run (candidates and harness
rows; the harness rows get their round number from harness-rN/), for keeping beside RESULTS.md."""
import csv, glob, os, sys

out, dest = sys.argv[1], sys.argv[2]
rows = []
for f in [os.path.join(out, "results.csv")] + sorted(glob.glob(os.path.join(out, "harness-r*", "results.csv"))):
    if not os.path.exists(f):
        continue
    b = os.path.basename(os.path.dirname(f))
    src = "harness" if b.startswith("harness-r") else "bench/clients"
    with open(f) as fh:
        for r in csv.DictReader(fh):
            if src == "harness":
                r["run"] = b[len("harness-r"):]
            r["measured_by"] = src
            rows.append(r)
rows.sort(key=lambda r: (r["scenario"], int(r["run"]), r["tool"]))
cols = ["scenario", "tool", "run", "requests", "ok", "wall_s", "user_s", "sys_s", "maxrss_kb", "target_cpu_s", "measured_by"]
with open(dest, "w", newline="") as fh:
    w = csv.DictWriter(fh, fieldnames=cols, extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)
print(f"{len(rows)} rows -> {dest}")
