#!/usr/bin/env bash
# The demo scenario file against the Java personas it replaced (issue 14): the share of requests per endpoint
# of a run of 200 users for 5 minutes with seed 42, beside the same run of commit b69d514 (kept in
# equivalence/java-personas-b69d514.json). Prints a Markdown table and the largest difference in points.
#
#   bench/equivalence.sh               # runs ./loadgen against the built-in demo (about 6 minutes), then compares
#   bench/equivalence.sh DIR           # compares a results folder of such a run
#
# Traffic stays on 127.0.0.1 (the built-in demo).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
base="$root/bench/equivalence/java-personas-b69d514.json"
dir=${1:-}
if [ -z "$dir" ]; then
  dir=${OUT:-/tmp/loadgen-equivalence-$(date +%Y%m%d-%H%M%S)}
  "$root/loadgen" --users 200 --duration 5m --seed 42 --quiet --dashboard-port 0 --metrics-port 0 --out "$dir" >/dev/null
fi
python3 - "$base" "$dir/summary.json" <<'PY'
import json, sys
base = json.load(open(sys.argv[1]))
run = json.load(open(sys.argv[2]))
b = {e["endpoint"]: e["count"] for e in base["endpoints"]}
r = {e["endpoint"]: e["count"] for e in run["endpoints"]}
bt, rt = sum(b.values()), sum(r.values())
print(f"| endpoint | Java personas (b69d514) | scenario file | difference, points |")
print("|---|---|---|---|")
worst = 0
for name in sorted(set(b) | set(r), key=lambda n: -b.get(n, 0)):
    bs, rs = 100 * b.get(name, 0) / bt, 100 * r.get(name, 0) / rt
    worst = max(worst, abs(rs - bs))
    print(f"| {name} | {b.get(name, 0)} ({bs:.2f} %) | {r.get(name, 0)} ({rs:.2f} %) | {rs - bs:+.2f} |")
print(f"\nrequests: {bt} vs {rt}; organic errors: {base['organicErrors']} vs {run['totals']['organicErrors']}; "
      f"sessions completed/abandoned: {base['sessions']['completed']}/{base['sessions']['abandoned']} vs "
      f"{run['sessions']['completed']}/{run['sessions']['abandoned']}")
print(f"chat: {base['ws']['connections']} vs {run['ws']['connections']} sockets, {base['ws']['sent']} vs {run['ws']['sent']} frames sent, "
      f"{base['ws']['lost']} vs {run['ws']['lost']} lost; echo p50 {base['ws']['echoP50']} vs {run['ws']['byPath']['echo']['p50']} ms, "
      f"peer p50 {base['ws']['peerP50']} vs {run['ws']['byPath']['peer']['p50']} ms")
print(f"largest difference in share: {worst:.2f} points")
PY
