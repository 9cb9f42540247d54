#!/usr/bin/env bash
# Is the latency loadgen reports the target's (issue 16, "warm-up that does not lie")? Against a target that
# answers in exactly 15 ms (nginx with the echo module's echo_sleep, on 127.0.0.1), ROUNDS rounds of, in turn:
#   wrk       wrk -t2 -c20 -d10s --latency                         the reference
#   users500  loadgen --url --users 500 --think 2s --duration 20s   as a user types it, defaults on
#   before    the same with --self-warm 0 --ramp-time 0             loadgen before the warm-up work: cold, all at once
#   users20   loadgen --url --users 20 --think 0 --duration 20s
# and prints each run's p50 and p99 (ms), then the medians over the rounds and loadgen's distance to wrk's.
#
#   bench/warm-up.sh            # ROUNDS=5
#   LOADGEN_ARGS="--self-warm 2s" bench/warm-up.sh   # more flags for users500 and users20 (not before), last so they win
#
# Needs nginx and libnginx-mod-http-echo (Debian). Holds /tmp/loadgen-bench.lock. Traffic stays on 127.0.0.1.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
ROUNDS=${ROUNDS:-5}
PORT=${PORT:-18600}
DELAY=${DELAY:-0.015}
out=${OUT:-/tmp/loadgen-warm-up-$(date +%Y%m%d-%H%M%S)}
module=/usr/lib/nginx/modules/ngx_http_echo_module.so
command -v nginx >/dev/null && [ -f "$module" ] || { echo "warm-up.sh: needs nginx and libnginx-mod-http-echo (apt-get install nginx libnginx-mod-http-echo)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "warm-up.sh: needs wrk (apt-get install wrk)" >&2; exit 1; }
mkdir -p "$out/nginx"
cat > "$out/nginx/nginx.conf" <<CONF
load_module $module;
worker_processes 1;
pid $out/nginx/nginx.pid;
error_log $out/nginx/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $out/nginx; proxy_temp_path $out/nginx; fastcgi_temp_path $out/nginx;
  uwsgi_temp_path $out/nginx; scgi_temp_path $out/nginx;
  keepalive_requests 1000000; keepalive_timeout 300s;
  server {
    listen 127.0.0.1:$PORT backlog=4096;
    location / { default_type application/json; echo_sleep $DELAY; echo '{"ok":true}'; }
  }
}
CONF
"$root/loadgen" --version >/dev/null
exec 9>/tmp/loadgen-bench.lock
flock 9
nginx -c "$out/nginx/nginx.conf" -e "$out/nginx/error.log"
trap 'kill "$(cat "$out/nginx/nginx.pid")" 2>/dev/null || true' EXIT
sleep 0.5
curl -fs "http://127.0.0.1:$PORT/" >/dev/null || { echo "warm-up.sh: nginx did not answer on $PORT" >&2; exit 1; }
url="http://127.0.0.1:$PORT/"

loadgen() { # NAME ARGS... -> "p50 p99" of the run's summary
  local name=$1; shift
  "$root/loadgen" --url "$url" --quiet --dashboard-port 0 --metrics-port 0 --out "$out/$name" "$@" > "$out/$name.log" 2>&1 || true
  python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print(s["latencyMs"]["p50"], s["latencyMs"]["p99"])' "$out/$name/summary.json"
}
wrkrun() { # NAME -> "p50 p99" in ms
  wrk -t2 -c20 -d10s --latency "$url" > "$out/$1.log" 2>&1
  python3 - "$out/$1.log" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(pct):
    v, unit = re.search(r"^\s+%s%%\s+([\d.]+)(us|ms|s)\s*$" % pct, text, re.M).groups()
    return float(v) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
print(ms(50), ms(99))
PY
}

printf '%-6s %-9s %8s %8s\n' round run p50 p99 | tee "$out/rounds.txt"
for r in $(seq 1 "$ROUNDS"); do
  for run in wrk users500 before users20; do
    case $run in
      wrk) fig=$(wrkrun "wrk-$r") ;;
      users500) fig=$(loadgen "users500-$r" --users 500 --think 2s --duration 20s ${LOADGEN_ARGS:-}) ;;
      before) fig=$(loadgen "before-$r" --users 500 --think 2s --duration 20s --self-warm 0 --ramp-time 0) ;;
      users20) fig=$(loadgen "users20-$r" --users 20 --think 0 --duration 20s ${LOADGEN_ARGS:-}) ;;
    esac
    printf '%-6s %-9s %8.2f %8.2f\n' "$r" "$run" $fig | tee -a "$out/rounds.txt"
  done
done
python3 - "$out/rounds.txt" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]).read().splitlines()[1:]]
by = {}
for r, run, p50, p99 in rows:
    by.setdefault(run, []).append((int(r), float(p50), float(p99)))
med = {k: (statistics.median(x[1] for x in v), statistics.median(x[2] for x in v)) for k, v in by.items()}
print("\nmedians over %d rounds (ms):" % len(by["wrk"]))
for k in ("wrk", "users500", "before", "users20"):
    print("  %-9s p50 %7.2f  p99 %7.2f" % (k, *med[k]))
print("users500 p99 - wrk p99: %+.2f ms (medians), %+.2f ms (median of the rounds' differences); goal within 5 ms"
      % (med["users500"][1] - med["wrk"][1], statistics.median(u[2] - w[2] for u, w in zip(by["users500"], by["wrk"]))))
print("before   p99 - wrk p99: %+.2f ms (medians)" % (med["before"][1] - med["wrk"][1]))
print("users20  p50 - wrk p50: %+.2f ms (medians), %+.2f ms (median of the rounds' differences); goal within 0.5 ms"
      % (med["users20"][0] - med["wrk"][0], statistics.median(u[1] - w[1] for u, w in zip(by["users20"], by["wrk"]))))
print("results in " + sys.argv[1].rsplit("/", 1)[0])
PY
