#!/usr/bin/env bash
# Memory per simulated user (issue 4): loadgen's RSS and live heap with N users in think time, for
# (a) HTTP users (signed in, feed read, then thinking) and (b) chatters holding an open WebSocket in a room,
# at 1,000 and 8,000 users, against the demo app running in its own process. Prints a Markdown table and the
# marginal cost per added user. With GATLING=1 it also runs Gatling's B5k and B20k from ../shared/bench
# in the same session, for comparison.
#
#   bench/memory.sh                 # USERS="1000 8000" KINDS="http chat"
#   GATLING=1 bench/memory.sh
#   CONNECTIONS=shared bench/memory.sh   # target.connections (default per-user: each user its own, as a browser)
#
# At the moment of measurement it also counts the sockets established to the chat port (WebSockets) and to the
# auth, users and posts ports (HTTP connections a user still holds; they close after target.idle-timeout).
# Each measurement holds /tmp/loadgen-bench.lock. Traffic stays on 127.0.0.1.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
source "$root/scripts/lib/jdk.sh"
use_jdk
USERS=${USERS:-"1000 8000"}
KINDS=${KINDS:-"http chat"}
BASE=${BASE_PORT:-18081}
RATE=${RAMP_RATE:-80}   # users started per second: faster, and the demo's sign-ups time out
SETTLE=${SETTLE:-15}
out=${OUT:-/tmp/loadgen-memory-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
"$root/loadgen" --version >/dev/null

"$root/loadgen" demo --base-port "$BASE" --password-iterations 1000 > "$out/demo.log" 2>&1 &
demo=$!
trap 'kill $demo 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$((BASE + 3))/health" >/dev/null 2>&1 && break; sleep 0.3; done

config() { # KIND -> a persona that does one thing, then thinks for a long time
  local flow
  if [ "$1" = chat ]; then
    flow='start: {chat.talk: 1}
      chat.talk: {chat.talk: 0.999, end: 0.001}'
  else
    flow='start: {posts.feed: 1}
      posts.feed: {posts.feed: 0.999, end: 0.001}'
  fi
  cat <<YAML
target: {auth: http://127.0.0.1:$BASE, users: http://127.0.0.1:$((BASE + 1)), posts: http://127.0.0.1:$((BASE + 2)), chat: http://127.0.0.1:$((BASE + 3)), connections: ${CONNECTIONS:-per-user}}
users:
  mix: {idle: 1}
personas:
  idle:
    think: 10m
    flow:
      $flow
load: {graceful-stop: 5s}
YAML
}

echo "| kind | users | RSS MB | live heap MB (after GC) | open WebSockets | open HTTP connections | RSS MB after that GC |" > "$out/table.md"
echo "|---|---|---|---|---|---|---|" >> "$out/table.md"
for kind in $KINDS; do
  config "$kind" > "$out/$kind.yaml"
  for n in $USERS; do
    ramp=$(( (n + RATE - 1) / RATE ))
    dur=$(( ramp + SETTLE + 30 ))
    flock /tmp/loadgen-bench.lock bash -c '
      "$0/loadgen" --config "$1" --users "$2" --ramp "$3/s" --duration "$4s" --quiet --out "$5/run-$6-$2" > "$5/run-$6-$2.log" 2>&1 &
      lg=$!
      sleep $(( $7 + $8 ))
      pid=$(pgrep -P $lg java || echo $lg)
      rss=$(awk "/VmRSS/{print \$2}" /proc/$pid/status)
      "$JAVA_HOME/bin/jcmd" $pid GC.run >/dev/null
      heap=$("$JAVA_HOME/bin/jcmd" $pid GC.heap_info | awk "/^(DefNew|Tenured|def new|tenured)|garbage-first heap/{for(i=1;i<=NF;i++) if(\$i==\"used\"){v=\$(i+1); sub(/K,?/,\"\",v); s+=v}} END{print s}")
      ws=$(ss -tn state established "( dport = :$9 )" | tail -n +2 | wc -l)
      http=$(ss -tn state established "( dport = :${10} or dport = :$(( ${10} + 1 )) or dport = :$(( ${10} + 2 )) )" | tail -n +2 | wc -l)
      sleep 1
      rss2=$(awk "/VmRSS/{print \$2}" /proc/$pid/status)
      kill -INT $pid; wait $lg || true
      printf "| %s | %s | %.0f | %.0f | %s | %s | %.0f |\n" "$6" "$2" "$(echo "$rss/1024" | bc -l)" "$(echo "$heap/1024" | bc -l)" "$ws" "$http" "$(echo "$rss2/1024" | bc -l)" >> "$5/table.md"
    ' "$root" "$out/$kind.yaml" "$n" "$RATE" "$dur" "$out" "$kind" "$ramp" "$SETTLE" "$((BASE + 3))" "$BASE"
    tail -1 "$out/table.md"
  done
done
python3 - "$out/table.md" <<'PY'
import sys, collections
rows = [l.split('|')[1:-1] for l in open(sys.argv[1]) if l.startswith('| ') and not l.startswith('| kind')]
by = collections.defaultdict(dict)
for k, n, rss, heap, _ws, _http, rss2 in rows:
    by[k.strip()][int(n)] = (float(rss), float(heap), float(rss2))
for k, d in by.items():
    ns = sorted(d)
    if len(ns) >= 2:
        a, b = ns[0], ns[-1]
        print(f"{k}: marginal {(d[b][0]-d[a][0])*1024/(b-a):.1f} KB RSS and {(d[b][1]-d[a][1])*1024/(b-a):.1f} KB heap per added user"
              f" ({a} -> {b}); {(d[b][2]-d[a][2])*1024/(b-a):.1f} KB RSS after a full collection")
PY
cat "$out/table.md"
if [ "${GATLING:-0}" = 1 ]; then
  # B5k and B20k: Gatling's users GET then pause 5 s. (The harness's C5k needs its node WebSocket echo
  # server; its figure is quoted from ../shared/bench/README.md instead.)
  flock /tmp/loadgen-bench.lock env RESULTS="$out/gatling" TOOLS_B=gatling TOOLS_B20K=gatling REPS=1 \
    "$root/../shared/bench/run_suite.sh" B5k B20k | grep -v '^nginx up' || true
  python3 - "$out/gatling/results.csv" <<'PY'
import csv, sys
rows = {r['scenario']: float(r['maxrss_kb']) for r in csv.DictReader(open(sys.argv[1])) if r['tool'] == 'gatling'}
for k, v in rows.items():
    print(f"gatling {k}: peak RSS {v / 1024:.0f} MB")
if 'B-u5000' in rows and 'B-u20000' in rows:
    print(f"gatling: marginal {(rows['B-u20000'] - rows['B-u5000']) / 15000:.1f} KB RSS per added user (5000 -> 20000)")
PY
fi
echo "results: $out"
