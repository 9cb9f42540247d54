#!/usr/bin/env bash
# Live heap per open HTTP connection in Jetty's client (docs/benchmarks.md, "Scenarios"): N connections each
# on a destination of its own (loadgen's per-user connections) against N unpooled ones of one destination,
# against the demo app started in its own process, with the launcher's collector and headers (JDK 25). Traffic
# stays on 127.0.0.1.
#
#   bench/connection-cost.sh          # N=3000
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
source "$root/scripts/lib/jdk.sh"
use_jdk >/dev/null
port=${BASE_PORT:-18281}
"$root/loadgen" --version >/dev/null
"$root/loadgen" demo --base-port "$port" --password-iterations 1000 > /dev/null 2>&1 &
demo=$!
trap 'kill $demo 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$((port + 3))/health" >/dev/null 2>&1 && break; sleep 0.3; done
classes=$(mktemp -d)
"$JAVA_HOME/bin/javac" -cp "$root/tool/target/loadgen.jar" -d "$classes" "$root/bench/lib/ConnectionCost.java"
for mode in tagged unpooled; do
  "$JAVA_HOME/bin/java" -XX:+UseSerialGC -XX:+UseCompactObjectHeaders -cp "$root/tool/target/loadgen.jar:$classes" ConnectionCost "$mode" "${N:-3000}" \
    "http://127.0.0.1:$((port + 3))/health" 2>/dev/null
done
