#!/usr/bin/env bash
# measure.sh LABEL TOOL RUN TIMEOUT_S -- CMD [ARG...]
# One candidate measurement, done the way the shared harness's measure.sh does it: the generator process under
# /usr/bin/time -v (user+sys CPU, peak RSS), bounded by `timeout -k 10`, the open-file limit raised to 20,000, and
# the CPU used meanwhile by the targets (nginx, ws echo) read from /proc.  Requests/ok come from the driver's own
# "RESULT requests=N ok=M" line.  Appends one row to $OUT/results.csv:
#   scenario,tool,run,requests,ok,wall_s,user_s,sys_s,maxrss_kb,target_cpu_s
# Run it under `flock /tmp/loadgen-bench.lock with-targets.sh ...` (bench/clients.sh does).
set -u
BENCH=${BENCH:-/work/shared/bench}
source "$BENCH/lib.sh"
OUT=${OUT:?OUT must name the output folder}
scen=$1 tool=$2 run=$3 tmo=$4; shift 5
mkdir -p "$OUT/logs"
safe=$(printf %s "$tool" | tr -c 'A-Za-z0-9._+=-' '_')
log=$OUT/logs/$scen.$safe.$run.log; tv=$OUT/logs/$scen.$safe.$run.time
tp="$(nginx_pids) $(ws_pids)"
t0=$(cpu_ticks $tp)
ulimit -n 20000
/usr/bin/time -v -o "$tv" timeout -k 10 "$tmo" "$@" > "$log" 2>&1
rc=$?
t1=$(cpu_ticks $tp)
tgt=$(awk -v a="$t0" -v b="$t1" -v h="$CLK_TCK" 'BEGIN{printf "%.2f",(b-a)/h}')
user=$(awk -F': ' '/User time/{print $2}' "$tv"); sys=$(awk -F': ' '/System time/{print $2}' "$tv")
rss=$(awk -F': ' '/Maximum resident/{print $2}' "$tv")
wall=$(awk -F': ' '/Elapsed \(wall/{n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$tv")
read -r req ok < <(awk '/^RESULT /{for(i=2;i<=NF;i++){split($i,kv,"="); v[kv[1]]=kv[2]}} END{print v["requests"]+0, v["ok"]+0}' "$log")
[ -f "$OUT/results.csv" ] || echo "scenario,tool,run,requests,ok,wall_s,user_s,sys_s,maxrss_kb,target_cpu_s" > "$OUT/results.csv"
echo "$scen,$tool,$run,${req:-0},${ok:-0},$wall,$user,$sys,$rss,$tgt" | tee -a "$OUT/results.csv"
[ "$rc" = 0 ] || echo "  (exit $rc, see $log)" >&2
