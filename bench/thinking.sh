#!/usr/bin/env bash
# What a thinking user costs (issue 18, goal 2): the shared harness's scenario B (../shared/bench: USERS users, each a
# GET of a 100-byte file then 5 s of think, ramped over 5 s) for DUR seconds, with wrk, Gatling and loadgen alternating
# in REPS rounds, each run measured by the harness's measure.sh (CPU user + sys and peak RSS of the whole process
# tree); then the medians: CPU-us per request, peak RSS, and loadgen's ratios to wrk and to Gatling.
#
#   bench/thinking.sh                                  # B5k: USERS=5000 DUR=30 REPS=3 TOOLS="wrk gatling loadgen"
#   DUR=300 REPS=1 TOOLS="wrk loadgen" bench/thinking.sh   # the 5-minute variant (goal 2: loadgen <= 5x wrk)
#   BASE_LOADGEN=/path/to/other/loadgen bench/thinking.sh  # also another build, as "loadgen-base", in the same rounds
#   SCENARIO=A USERS=50 DUR=20 bench/thinking.sh       # the harness's scenario A instead (no think time), the same way
#
# Holds /tmp/loadgen-bench.lock per run. Traffic stays on 127.0.0.1.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
shared=${SHARED_BENCH:-$root/../shared/bench}
[ -x "$shared/measure.sh" ] || { echo "thinking.sh: no peer harness at $shared (set SHARED_BENCH)" >&2; exit 2; }
harness=${HARNESS_PEERS:-/tmp/bench-peers}
[ -s "$harness/gatling-cp.txt" ] && command -v wrk >/dev/null || PEERS=$harness "$shared/setup.sh"
SCENARIO=${SCENARIO:-B}
[ "$SCENARIO" = A ] || [ "$SCENARIO" = B ] || { echo "thinking.sh: SCENARIO=$SCENARIO: A or B" >&2; exit 2; }
export USERS=${USERS:-5000} DUR=${DUR:-30} RAMP=${RAMP:-5} PAUSE=${PAUSE:-5}
REPS=${REPS:-3}
TOOLS=${TOOLS:-"wrk gatling loadgen"}
out=${OUT:-/tmp/loadgen-thinking-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
export RESULTS=$out PEERS=$harness LOADGEN=${LOADGEN:-$root/loadgen}
"$LOADGEN" --version >/dev/null
[ -z "${BASE_LOADGEN:-}" ] || "$BASE_LOADGEN" --version >/dev/null
# shellcheck source=/dev/null
source "$shared/lib.sh"
start_nginx 1 >/dev/null
trap stop_nginx EXIT
[ -f "$out/results.csv" ] || echo "scenario,tool,run,requests,ok,wall_s,user_s,sys_s,maxrss_kb,target_cpu_s" > "$out/results.csv"
label="$SCENARIO-u$USERS-${DUR}s"
for r in $(seq 1 "$REPS"); do
  for t in $TOOLS ${BASE_LOADGEN:+loadgen-base}; do
    if [ "$t" = loadgen-base ]; then
      (cd /tmp && flock /tmp/loadgen-bench.lock "$shared/measure.sh" "$label-base" loadgen "$r" $((DUR + 120)) -- \
        bash -c "source '$shared/lib.sh'; source '$shared/tools.sh'; LOADGEN='$BASE_LOADGEN' tool_loadgen_$SCENARIO") || true
    else
      (cd /tmp && flock /tmp/loadgen-bench.lock "$shared/measure.sh" "$label" "$t" "$r" $((DUR + 120)) -- \
        bash -c "source '$shared/lib.sh'; source '$shared/tools.sh'; tool_${t}_$SCENARIO") || true
    fi
    sleep 2
  done
done
python3 - "$out/results.csv" <<'PY'
import csv, statistics as st, sys, collections
runs = collections.defaultdict(list)
for row in csv.DictReader(open(sys.argv[1])):
    name = row['tool'] + ('-base' if row['scenario'].endswith('-base') else '')
    req = int(row['requests'] or 0)
    if req > 0:
        runs[name].append(((float(row['user_s']) + float(row['sys_s'])) * 1e6 / req, int(row['maxrss_kb']) / 1024, req, int(row['ok'] or 0)))
med = {t: (st.median(x[0] for x in v), st.median(x[1] for x in v), st.median(x[2] for x in v)) for t, v in runs.items()}
print(f"\n| tool | runs | requests (median) | CPU-us per request | peak RSS MB | ÷ wrk (CPU) | ÷ Gatling (CPU) | ÷ Gatling (RSS) |")
print("|---|---|---|---|---|---|---|---|")
for t, (cpu, rss, req) in med.items():
    w = med.get('wrk'); g = med.get('gatling')
    print(f"| {t} | {len(runs[t])} | {req:,.0f} | {cpu:.1f} | {rss:.0f} | {cpu / w[0]:.2f} |" if w else f"| {t} | {len(runs[t])} | {req:,.0f} | {cpu:.1f} | {rss:.0f} | |", end='')
    print(f" {cpu / g[0]:.2f} | {rss / g[1]:.2f} |" if g else " | |")
PY
echo "raw rows: $out/results.csv"
