#!/usr/bin/env bash
# keepalive-check.sh CANDIDATE [JVM flags...]  - behaviour check, not a benchmark: 200 users, think 1 s, 8 s, ramp 0;
# counts the client's ESTABLISHED connections to :8080 at 6 s and the TIME_WAIT ones after the run.
# Run it with the targets up, under the lock, from bench/clients after a build:
#   for c in jdk jetty apache helidon reactor; do flock /tmp/loadgen-bench.lock ./with-targets.sh A -- ./keepalive-check.sh $c; done
here=$(cd "$(dirname "$0")" && pwd)
CP="$here/target/classes:$(cat "$here/target/cp.txt")"
source "$here/../../scripts/lib/jdk.sh"; use_jdk || exit 1
c=$1; shift
log=$(mktemp)
timeout 40 "$JAVA_HOME/bin/java" "$@" -cp "$CP" bench.Driver "$c" --users 200 --duration 8 --think 1 > "$log" 2>&1 &
p=$!
sleep 6
est=$(ss -tnH state established '( dport = :8080 )' | wc -l)
sleep 4; wait $p
tw=$(ss -tnH state time-wait '( dport = :8080 )' | wc -l)
echo "$c established_at_6s=$est time_wait_after=$tw $(grep RESULT "$log")"
rm -f "$log"
