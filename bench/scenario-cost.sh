#!/usr/bin/env bash
# What a request of a scenario action costs beyond the plain --url path (issue 14): scenario A of the shared
# harness (../shared/bench: 50 users, no think time, 20 s against nginx) run by ./loadgen --url and by a
# scenario action with two captures and a check (bench/scenarios/captures.yaml), in alternating rounds of
# the same session, then the medians of generator CPU per request of each and their ratio.
#
#   bench/scenario-cost.sh             # REPS=5
#   BASE=/path/to/older/checkout bench/scenario-cost.sh   # adds that build's --url to every round
#   NO_SELF_WARM=1 bench/scenario-cost.sh  # this build without its self warm-up (a fixed ~2 CPU-s a run; builds
#                                          # before it had none, so compare with BASE this way)
#
# Holds /tmp/loadgen-bench.lock. Traffic stays on 127.0.0.1.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
shared=${SHARED_BENCH:-$root/../shared/bench}
[ -x "$shared/run_all.sh" ] || { echo "scenario-cost.sh: no peer harness at $shared (set SHARED_BENCH)" >&2; exit 2; }
command -v wrk >/dev/null || "$shared/setup.sh"
out=${OUT:-/tmp/bench-peers/scenario-cost-$(date +%Y%m%d-%H%M%S)}
variants="url scenario"
if [ -n "${BASE:-}" ]; then
  [ -x "$BASE/loadgen" ] || { echo "scenario-cost.sh: BASE=$BASE has no ./loadgen launcher" >&2; exit 2; }
  variants="base url scenario"
  "$BASE/loadgen" --version >/dev/null
fi
for v in $variants; do mkdir -p "$out/$v"; done
"$root/loadgen" --version >/dev/null          # build the jar now, not inside a measurement
cd "$root"
for r in $(seq 1 "${REPS:-5}"); do
  for variant in $variants; do
    launcher=$root/loadgen
    [ -n "${NO_SELF_WARM:-}" ] && launcher=$root/bench/lib/loadgen-nowarm
    [ "$variant" = scenario ] && launcher=$root/bench/lib/loadgen-scenario
    [ "$variant" = base ] && launcher=$BASE/loadgen
    flock /tmp/loadgen-bench.lock env RESULTS="$out/$variant" LOADGEN="$launcher" USERS=50 DUR=20 TAG="-$variant-$r" \
      "$shared/run_all.sh" A 1 loadgen | grep -v '^nginx up' || true
  done
done
python3 - "$out" <<'PY'
import csv, os, statistics, sys
out = sys.argv[1]
def per_request(variant):
    rows = list(csv.DictReader(open(f"{out}/{variant}/results.csv")))
    return [(float(r["user_s"]) + float(r["sys_s"])) * 1e6 / int(r["requests"]) for r in rows if int(r["requests"]) > 0], rows
u, ur = per_request("url")
s, sr = per_request("scenario")
variants = [("--url", u, ur), ("scenario action, 2 captures + 1 check", s, sr)]
if os.path.exists(f"{out}/base/results.csv"):
    b, br = per_request("base")
    variants.insert(0, ("--url, BASE build", b, br))
print("| variant | CPU-µs per request, each round | median | requests per second, median |")
print("|---|---|---|---|")
for name, v, rows in variants:
    rps = statistics.median(int(r["requests"]) / float(r["wall_s"]) for r in rows)
    print(f"| {name} | {', '.join(f'{x:.1f}' for x in v)} | {statistics.median(v):.1f} | {rps:,.0f} |")
print(f"\nscenario / --url: {statistics.median(s) / statistics.median(u):.3f} (by the medians); per round: "
      + ", ".join(f"{b / a:.2f}" for a, b in zip(u, s)))
if os.path.exists(f"{out}/base/results.csv"):
    print(f"scenario / BASE --url: {statistics.median(s) / statistics.median(b):.3f}; --url / BASE --url: "
          f"{statistics.median(u) / statistics.median(b):.3f} (by the medians)")
    print("scenario / BASE --url per round: " + ", ".join(f"{y / x:.2f}" for x, y in zip(b, s))
          + f" (median round {statistics.median(y / x for x, y in zip(b, s)):.2f})")
print(f"scenario / --url, median round: {statistics.median(b / a for a, b in zip(u, s)):.2f}")
PY
echo "raw rows: $out/*/results.csv"
