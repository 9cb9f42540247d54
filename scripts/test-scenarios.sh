#!/usr/bin/env bash
# Runs the scenarios of configs/scenarios/ one after the other (every *.yaml there, or the names given),
# then prints a table: scenario, result, requests, p95, errors, thresholds held. Exits 1 when any
# scenario failed, after all of them have run; 2 on bad usage.
#
#   scripts/test-scenarios.sh                         every scenario at full length
#   SCENARIO_SCALE=0.01 scripts/test-scenarios.sh     every duration a hundredth (a ramp at least 5 s, a hold 1 s)
#   scripts/test-scenarios.sh smoke spike -- --seed 7 --set target.posts=http://10.0.0.5:8083
#
# Flags after -- go to every run. SCENARIO_RESULTS names the folder of the results (default
# results/scenarios-<time>/, one folder per scenario, with its log).
set -uo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
dir=$root/configs/scenarios
scale=${SCENARIO_SCALE:-1}

if ! [[ $scale =~ ^([0-9]+\.?[0-9]*|\.[0-9]+)$ ]] || [[ $scale =~ ^0*\.?0*$ ]]; then
  echo "test-scenarios: SCENARIO_SCALE='$scale' is not a number above 0; write it like 0.05 (a twentieth of every duration)" >&2
  exit 2
fi
names=()
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) names+=("$1"); shift ;;
  esac
done
available=()
for f in "$dir"/*.yaml; do
  [ -e "$f" ] && available+=("$(basename "$f" .yaml)")
done
if [ ${#available[@]} -eq 0 ]; then
  echo "test-scenarios: no scenario in $dir; add a NAME.yaml there" >&2
  exit 2
fi
if [ ${#names[@]} -eq 0 ]; then
  names=("${available[@]}")
fi
for n in "${names[@]}"; do
  if [ ! -f "$dir/$n.yaml" ]; then
    echo "test-scenarios: no scenario '$n'; the scenarios are: ${available[*]}" >&2
    exit 2
  fi
done

results=${SCENARIO_RESULTS:-$root/results/scenarios-$(date -u +%Y-%m-%dT%H-%M-%S)}
mkdir -p "$results"
rows=()
failed=0
i=0
for n in "${names[@]}"; do
  i=$((i + 1))
  out=$results/$n
  rm -rf "$out"
  echo "test-scenarios: [$i/${#names[@]}] $n (scale $scale)..." >&2
  start=$SECONDS
  "$root/loadgen" --config "$dir/$n.yaml" --out "$out" --quiet --set "load.time-scale=$scale" "${extra[@]}" \
      > "$results/$n.log" 2>&1
  code=$?
  echo "test-scenarios: [$i/${#names[@]}] $n ended with exit code $code after $((SECONDS - start)) s (log: $results/$n.log)" >&2
  if [ $code -ne 0 ]; then
    failed=1
    if [ ! -f "$out/summary.json" ]; then
      tail -n 5 "$results/$n.log" | sed 's/^/    /' >&2
    fi
  fi
  rows+=("$n=$code=$out")
done

# shellcheck source=lib/jdk.sh
source "$root/scripts/lib/jdk.sh"
use_jdk || exit 2
echo
"$JAVA_HOME/bin/java" -cp "$root/tool/target/loadgen.jar" "$root/scripts/lib/ScenarioTable.java" "${rows[@]}"
echo "results: $results"
exit $failed
