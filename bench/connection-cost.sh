#!/usr/bin/env bash
# Live heap per open HTTP connection in Jetty's client (docs/benchmarks.md, "Scenarios"): N connections each on a
# destination of its own (loadgen's per-user connections) against N unpooled ones of one destination,
# against the demo app started in its own process, with the launcher's collector and headers (JDK 25). Traffic
# stays on 127.0.0.1. The figures go to OUT/results.txt (with the date, commit and N); the measurement holds
# /tmp/loadgen-bench.lock.
#
#   bench/connection-cost.sh                         # N=3000, OUT=/tmp/loadgen-conncost-DATE
#   OUT=/tmp/conncost bench/connection-cost.sh
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
source "$root/scripts/lib/jdk.sh"
use_jdk >/dev/null
port=${BASE_PORT:-18281}
n=${N:-3000}
out=${OUT:-/tmp/loadgen-conncost-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
"$root/loadgen" --version >/dev/null
"$root/loadgen" demo --base-port "$port" --password-iterations 1000 > "$out/demo.log" 2>&1 &
demo=$!
trap 'kill $demo 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$((port + 3))/health" >/dev/null 2>&1 && break; sleep 0.3; done
classes=$(mktemp -d)
"$JAVA_HOME/bin/javac" -cp "$root/tool/target/loadgen.jar" -d "$classes" "$root/bench/lib/ConnectionCost.java"
{
  echo "# bench/connection-cost.sh, N=$n, commit $(git -C "$root" rev-parse --short HEAD), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
  echo "# started $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
} > "$out/results.txt"
for mode in tagged unpooled; do
  flock /tmp/loadgen-bench.lock "$JAVA_HOME/bin/java" -XX:+UseSerialGC -XX:+UseCompactObjectHeaders \
    -cp "$root/tool/target/loadgen.jar:$classes" ConnectionCost "$mode" "$n" \
    "http://127.0.0.1:$((port + 3))/health" 2>"$out/$mode.err" | tee -a "$out/results.txt"
done
echo "# ended $(date -u '+%Y-%m-%d %H:%M:%S UTC')" >> "$out/results.txt"
echo "results: $out/results.txt"
