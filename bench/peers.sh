#!/usr/bin/env bash
# loadgen beside wrk and Gatling on this machine, through the shared peer harness (../shared/bench):
# scenario A (50 users, no think time, 20 s) and B5k (5,000 users, 5 s think time, 30 s), REPS rounds
# interleaved, then the Markdown table of medians and ratios that docs/benchmarks.md quotes.
#
#   bench/peers.sh                 # REPS=3 PARTS="A B5k"
#   REPS=5 PARTS=A bench/peers.sh
#
# Each scenario holds /tmp/loadgen-bench.lock, so other benchmarks on the machine wait rather than interfere.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
shared=${SHARED_BENCH:-$root/../shared/bench}
[ -x "$shared/run_suite.sh" ] || { echo "peers.sh: no peer harness at $shared (set SHARED_BENCH)" >&2; exit 2; }
[ -s /tmp/bench-peers/gatling-cp.txt ] && command -v wrk >/dev/null || "$shared/setup.sh"
export RESULTS=${RESULTS:-/tmp/bench-peers/loadgen-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$RESULTS"
REPS=${REPS:-3}
TOOLS=${TOOLS:-"wrk gatling loadgen"}
"$root/loadgen" --version >/dev/null          # build the jar now, not inside a measurement
cd "$root"
for part in ${PARTS:-A B5k}; do
  # run_all.sh interleaves the tools round by round (T1 T2 T3 T1 T2 T3 ...), so drift hits all alike
  flock /tmp/loadgen-bench.lock env TOOLS_A="$TOOLS" TOOLS_B="$TOOLS" REPS="$REPS" "$shared/run_suite.sh" "$part" \
    | grep -v '^nginx up' || true
done
python3 "$shared/summarize.py" "$RESULTS/results.csv"
echo "raw rows: $RESULTS/results.csv"
