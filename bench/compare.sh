#!/usr/bin/env bash
# How often `loadgen compare` calls like runs worse, and whether it finds a real slowdown (issue 16): PAIRS pairs
# of runs of the same config and seed against a target whose two endpoints answer after a fixed 10 ms
# (bench/lib/delay-target.py), each pair compared; then one run against the target with GET /b made 20 % slower
# (12 ms), compared with the first base run. Prints one line a comparison and the count of false alarms.
#
#   bench/compare.sh            # PAIRS=20 DUR=15 USERS=20
#
# Holds /tmp/loadgen-bench.lock. Traffic stays on 127.0.0.1.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
PAIRS=${PAIRS:-20}
DUR=${DUR:-15}
USERS=${USERS:-20}
PORT=${PORT:-18500}
out=${OUT:-/tmp/loadgen-compare-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
"$root/loadgen" --version >/dev/null
cat > "$out/config.yaml" <<YAML
target: {named: {fx: "http://127.0.0.1:$PORT"}}
users: {account: none, session: {actions: 0}, think: 50ms, actions: {a: 1, b: 1}}
actions:
  a: [{request: GET fx /a}]
  b: [{request: GET fx /b}]
YAML
target() { # DELAY_OF_B -> starts the target in the background, sets $tpid
  python3 "$root/bench/lib/delay-target.py" "$PORT" /a=10 "/b=$1" & tpid=$!
  for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/a" >/dev/null 2>&1 && return; sleep 0.1; done
  echo "compare.sh: the target did not start" >&2; exit 1
}
run() { # NAME DELAY_OF_B
  target "$2"
  "$root/loadgen" --config "$out/config.yaml" --users "$USERS" --duration "${DUR}s" --seed 11 --quiet --out "$out/$1" > "$out/$1.log" 2>&1 || true
  kill "$tpid"; wait "$tpid" 2>/dev/null || true
}
exec 9>/tmp/loadgen-bench.lock
flock 9
alarms=0
for p in $(seq 1 "$PAIRS"); do
  run "base-$p" 10
  run "same-$p" 10
  if "$root/loadgen" compare "$out/base-$p" "$out/same-$p" --json "$out/same-$p.json" > "$out/same-$p.txt" 2>&1; then v=ok; else v=WORSE; alarms=$((alarms + 1)); fi
  echo "pair $p: $v  $(grep -E '^all ' "$out/same-$p.txt" | cut -c1-160)"
done
run slower 12
"$root/loadgen" compare "$out/base-1" "$out/slower" --json "$out/slower.json" > "$out/slower.txt" 2>&1 || true
echo "like pairs called worse: $alarms of $PAIRS"
echo "GET /b 20 % slower:"
grep -E '^(all|fx) ' "$out/slower.txt" | cut -c1-200
echo "results: $out"
