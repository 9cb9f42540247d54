#!/usr/bin/env bash
# Where loadgen's CPU goes once it is warm (issue 18): one run of `loadgen --url URL ARGS...`, and between T1 and T2
# seconds after its launch the CPU of each group of its threads (from /proc/PID/task: the virtual threads' carriers
# "ForkJoinPool", the JIT "C2_CompilerThre"/"C1_CompilerThre", Jetty's scheduler "HttpClient@...", the waker, GC ...)
# and the requests sent in that window (loadgen_requests_total from its /metrics), so CPU per request in the steady
# state, apart from start-up and the JIT's catching up; and the peak RSS up to T2. Repeat: the machine is shared.
#
#   bench/steady.sh --users 5000 --think 5s --ramp-time 5s --duration 30s        # B5k, window 12-28 s
#   T1=5 T2=19 bench/steady.sh --users 50 --think 0 --duration 20s              # scenario A
#   LOADGEN=/path/to/other/loadgen LOADGEN_JAVA_OPTS=... bench/steady.sh ...      # another build, other JVM flags
#
# Holds /tmp/loadgen-bench.lock. Traffic stays on 127.0.0.1 (URL defaults to the shared harness's nginx).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
LOADGEN=${LOADGEN:-$root/loadgen}
URL=${URL:-http://127.0.0.1:8080/index.html}
T1=${T1:-12} T2=${T2:-28}
port=${METRICS_PORT:-19464}
out=${OUT:-/tmp/loadgen-steady-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
ulimit -n 20000 2>/dev/null || true
"$LOADGEN" --version >/dev/null
exec 9>/tmp/loadgen-bench.lock
flock 9
"$LOADGEN" --url "$URL" --metrics-port "$port" --dashboard-port 0 --quiet --out "$out/run" "$@" > "$out/run.log" 2>&1 &
lg=$!
requests() { curl -fs "http://127.0.0.1:$port/metrics" | awk '/^loadgen_requests_total/ {s += $NF} END {printf "%d\n", s}'; }
threads() { # PID -> "group user-ticks system-ticks" per thread group (stat's fields counted after the name, which may hold spaces)
  for t in /proc/"$1"/task/*; do
    printf '%s %s\n' "$(tr ' ' '_' < "$t/comm" | sed 's/[0-9#-]*$//')" "$(sed 's/.*) //' "$t/stat" | awk '{print $12, $13}')"
  done 2>/dev/null | awk '{u[$1] += $2; s[$1] += $3} END {for (k in u) print k, u[k], s[k]}' | sort
}
sleep "$T1"
pid=$(pgrep -P "$lg" java || echo "$lg")
kill -0 "$pid" 2>/dev/null || { echo "steady.sh: loadgen ended before ${T1} s:" >&2; tail -3 "$out/run.log" >&2; exit 1; }
threads "$pid" > "$out/a"; r1=$(requests)
sleep $((T2 - T1))
threads "$pid" > "$out/b"; r2=$(requests)
hwm=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status" 2>/dev/null || true)
wait "$lg" || true
n=$((r2 - r1))
echo "window ${T1}-${T2} s: $n requests ($(( n / (T2 - T1) ))/s)"
join "$out/a" "$out/b" | awk -v n="$n" '{u = ($4 - $2) / 100; s = ($5 - $3) / 100; d = u + s; tot += d; tu += u
    if (d >= 0.05) printf "  %-22s %6.2f s %8.1f us/request (user %.1f, system %.1f)\n", $1, d, d * 1e6 / n, u * 1e6 / n, s * 1e6 / n}
  END {printf "  %-22s %6.2f s %8.1f us/request (user %.1f, system %.1f)\n", "all threads", tot, tot * 1e6 / n, tu * 1e6 / n, (tot - tu) * 1e6 / n}'
echo "peak RSS at ${T2} s: ${hwm:-?} MB"
echo "results: $out"
