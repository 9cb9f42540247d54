#!/usr/bin/env bash
# bench/clients.sh [main|flags]  - HTTP and WebSocket client libraries for loadgen, side by side with wrk and
# Gatling, in ONE run, interleaved by rounds.  Prints a Markdown table of medians (bench/clients/summarize.py).
#
#   bench/clients.sh                 # main: scenarios A, B, C; every candidate, plus wrk and Gatling (harness)
#   bench/clients.sh flags           # JVM-flag study: FLAG_CAND_A/_B/_C under each of FLAG_SETS, in A, B and C
#
# Every single measurement (ours and the harness's) runs under `flock /tmp/loadgen-bench.lock`: other people
# benchmark on this machine too and the lock serialises the runs.  Each one starts its own targets (nginx on
# 127.0.0.1:8080, the ws echo server on 127.0.0.1:8081 for C) and stops them, as the harness's run_all.sh does.
#
# env: REPS (3)  SCENARIOS ("A B C")  OUT (results folder, default /tmp/bench-peers/clients-DATE)
#      PEERS_A/PEERS_B ("wrk gatling")  PEERS_C ("gatling")  CANDS_A/CANDS_B/CANDS_C  JVM_FLAGS (for candidates)
#      BENCH (the shared harness, default ../shared/bench beside the repository)
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
here=$root/bench/clients
BENCH=${BENCH:-$(cd "$root/../shared/bench" 2>/dev/null && pwd || echo /work/shared/bench)}
export BENCH
LOCK=${LOCK:-/tmp/loadgen-bench.lock}
MODE=${1:-main}
REPS=${REPS:-3}
OUT=${OUT:-/tmp/bench-peers/clients-$(date +%Y%m%d-%H%M%S)}
export OUT
mkdir -p "$OUT"

# ---- build (JDK 25 via the project's own finder; the code targets release 21) ----
source "$root/scripts/lib/jdk.sh"
use_jdk || exit 1
JAVA_CAND="$JAVA_HOME/bin/java"
echo "building bench/clients with $JAVA_HOME" >&2
(cd "$here" && mvn -q -B package dependency:build-classpath -Dmdep.outputFile=target/cp.txt) >&2 || exit 1
CP="$here/target/classes:$(cat "$here/target/cp.txt")"
{ [ -s /tmp/bench-peers/gatling-cp.txt ] && command -v wrk > /dev/null; } || {
  echo "run $BENCH/setup.sh first (as root): it installs wrk, nginx, node ws and Gatling under /tmp/bench-peers" >&2; exit 1; }

# scenario parameters (as the harness's run_suite.sh: A = 50 users 20 s; B5k/C5k = 5,000 users, 30 s, ramp 5 s, pause 5 s)
URL=http://127.0.0.1:8080/index.html WSURL=ws://127.0.0.1:8081/
label() { case $1 in A) echo A-c50-w1 ;; B) echo B-u5000 ;; C) echo C-u5000 ;; esac; }
part() { case $1 in A) echo A ;; B) echo B5k ;; C) echo C5k ;; esac; }
driver_args() { # SCEN
  case $1 in
    A) echo "--url $URL --users 50 --duration 20 --think 0" ;;
    B) echo "--url $URL --users 5000 --duration 30 --ramp 5 --think 5" ;;
    C) echo "--url $WSURL --users 5000 --duration 30 --ramp 5 --think 5" ;;
  esac
}
# candidate name -> "DRIVER_CANDIDATE [-Dprop...]" (variants of one library are system properties of the driver)
cand_spec() {
  case $1 in
    jdk)          echo "jdk -Dbench.jdk.executor=vt" ;;
    jdk-ownpool)  echo "jdk -Dbench.jdk.executor=default" ;;
    jdk-direct)   echo "jdk -Dbench.jdk.executor=direct" ;;
    jetty)        echo "jetty -Dbench.jetty.executor=vt" ;;
    jetty-qtp)    echo "jetty -Dbench.jetty.executor=qtp" ;;
    apache)       echo "apache -Dbench.apache.pool=strict" ;;
    apache-lax)   echo "apache -Dbench.apache.pool=lax" ;;
    helidon)      echo "helidon" ;;
    reactor)      echo "reactor" ;;
    raw)          echo "raw" ;;
    ws-jdk)       echo "ws-jdk -Dbench.jdk.executor=vt" ;;
    ws-jetty)     echo "ws-jetty -Dbench.jetty.executor=vt" ;;
    *) echo "unknown candidate $1" >&2; return 1 ;;
  esac
}

# one harness measurement: a single tool, one repetition, through run_suite.sh (results in harness-rROUND/)
run_peer() { # SCEN TOOL ROUND
  local s=$1 t=$2 r=$3
  echo "--- round $r: $s $t (harness)" >&2
  (cd "$root" && timeout 600 flock -w 1800 "$LOCK" env RESULTS="$OUT/harness-r$r" REPS=1 \
     TOOLS_A="$t" TOOLS_B="$t" TOOLS_C="$t" "$BENCH/run_suite.sh" "$(part "$s")" > "$OUT/harness-r$r.$s.$t.out" 2>&1)
  grep -E "^$(label "$s")," "$OUT/harness-r$r.$s.$t.out" >&2
}
# one candidate measurement under /usr/bin/time -v (bench/clients/measure.sh), same shape as the harness's
run_cand() { # SCEN TOOL ROUND [JVM flags...]
  local s=$1 t=$2 r=$3; shift 3
  local spec; spec=$(cand_spec "${t%%|*}") || return 1
  local cand=${spec%% *} props=""; [ "$spec" != "$cand" ] && props=${spec#* }
  echo "--- round $r: $s $t" >&2
  # shellcheck disable=SC2046,SC2086
  timeout 600 flock -w 1800 "$LOCK" "$here/with-targets.sh" "$s" -- \
    "$here/measure.sh" "$(label "$s")" "$t" "$r" $((30 + 5 + 5 + 90)) -- \
    "$JAVA_CAND" "$@" ${JVM_FLAGS:-} $props -cp "$CP" bench.Driver "$cand" $(driver_args "$s") >&2
}

case $MODE in
  main)
    SCENARIOS=${SCENARIOS:-"A B C"}
    PEERS_A=${PEERS_A-"wrk gatling"} PEERS_B=${PEERS_B-"wrk gatling"} PEERS_C=${PEERS_C-"gatling"}
    CANDS_A=${CANDS_A-"jdk jdk-ownpool jetty jetty-qtp apache helidon reactor raw"}
    CANDS_B=${CANDS_B-"jdk jetty apache helidon reactor raw"}
    CANDS_C=${CANDS_C-"ws-jdk ws-jetty"}
    for r in $(seq 1 "$REPS"); do
      for s in $SCENARIOS; do
        peers=PEERS_$s cands=CANDS_$s
        for t in ${!peers}; do run_peer "$s" "$t" "$r"; sleep 2; done
        for t in ${!cands}; do run_cand "$s" "$t" "$r"; sleep 2; done
      done
    done
    ;;
  flags)
    FLAG_CAND_A=${FLAG_CAND_A:-jetty} FLAG_CAND_B=${FLAG_CAND_B:-jetty} FLAG_CAND_C=${FLAG_CAND_C:-ws-jetty}
    SCENARIOS=${SCENARIOS:-"A B C"}
    PEERS_A=${PEERS_A-"wrk gatling"} PEERS_B=${PEERS_B-"wrk gatling"} PEERS_C=${PEERS_C-"gatling"}
    # id=flags (no spaces in id; flags space-separated)
    FLAG_SETS=${FLAG_SETS:-"G1=
serial=-XX:+UseSerialGC
parallel=-XX:+UseParallelGC
serial-c1=-XX:+UseSerialGC -XX:TieredStopAtLevel=1
serial-coh=-XX:+UseSerialGC -XX:+UseCompactObjectHeaders
serial-coh-xmx=-XX:+UseSerialGC -XX:+UseCompactObjectHeaders -Xms16m -Xmx512m
serial-c1-coh-xmx=-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+UseCompactObjectHeaders -Xms16m -Xmx512m"}
    for r in $(seq 1 "$REPS"); do
      for s in $SCENARIOS; do
        peers=PEERS_$s fc=FLAG_CAND_$s
        for t in ${!peers}; do run_peer "$s" "$t" "$r"; sleep 2; done
        while IFS= read -r line; do
          [ -n "$line" ] || continue
          id=${line%%=*} flags=${line#*=}
          # shellcheck disable=SC2086
          run_cand "$s" "${!fc}|$id" "$r" $flags; sleep 2
        done <<< "$FLAG_SETS"
      done
    done
    ;;
  *) echo "usage: bench/clients.sh [main|flags]" >&2; exit 2 ;;
esac
python3 "$here/summarize.py" "$OUT" | tee "$OUT/table.md"
echo "results: $OUT" >&2
