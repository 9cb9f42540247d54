#!/usr/bin/env bash
# Bounded memory (issue 15): loadgen's peak RSS (/usr/bin/time -v) with the launcher's defaults, against nginx on
# loopback serving what would make an unbounded client grow:
#   2mb     --url to 2 MiB bodies, 200 users, --think 0, 20 s
#   bomb    --url to a gzip bomb (1 GiB of zeros, 1 MB compressed, sent with Content-Encoding: gzip), same load
#   urls    --url whose path is a new UUID on every request (a distinct URL each), 200 users, --think 0, 45 s
#   entries 1,500 distinct requests: entries (1,500 endpoints), 200 users, --think 0, 20 s
# For each: peak RSS, requests, statuses received, outcomes. LOADGEN=path/to/launcher measures another build;
# RUNS="2mb bomb" picks runs; PORT (18480) is nginx's. Each run holds /tmp/loadgen-bench.lock.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
LOADGEN=${LOADGEN:-$root/loadgen}
RUNS=${RUNS:-"2mb bomb urls entries"}
PORT=${PORT:-18480}
out=${OUT:-/tmp/loadgen-bounded-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out/www" "$out/logs"

head -c 2097152 /dev/urandom > "$out/www/big"
head -c 1073741824 /dev/zero | gzip -9 > "$out/www/bomb.gz"
cat > "$out/nginx.conf" <<CONF
worker_processes 1;
daemon on;
pid $out/nginx.pid;
error_log $out/logs/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$PORT;
    root $out/www;
    location = /big { default_type application/octet-stream; }
    location = /bomb { default_type application/json; add_header Content-Encoding gzip; try_files /bomb.gz =404; }
    location / { default_type text/plain; return 200 "ok"; }
  }
}
CONF
/usr/sbin/nginx -p "$out" -c "$out/nginx.conf"
trap 'kill -QUIT "$(cat "$out/nginx.pid")" 2>/dev/null || true' EXIT
sleep 0.5

python3 - "$out/entries.yaml" "$PORT" <<'PY'
import sys
n = 1500
with open(sys.argv[1], 'w') as f:
    f.write('scenario: none\ntarget: {named: {api: "http://127.0.0.1:%s"}}\nusers:\n  account: none\n  actions:\n' % sys.argv[2])
    f.writelines('    http.r%d: 1\n' % i for i in range(n))
    f.write('requests:\n')
    f.writelines('  - {name: r%d, method: GET, service: api, path: /p%d}\n' % (i, i) for i in range(n))
PY

run() { # NAME ARGS...
  local name=$1; shift
  flock /tmp/loadgen-bench.lock /usr/bin/time -v "$LOADGEN" "$@" --users 200 --think 0 --quiet --dashboard-port 0 --metrics-port 0 \
      --out "$out/$name" > "$out/$name.log" 2>&1 || echo "($name: exit $?)"
  local rss; rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out/$name.log")
  python3 - "$out/$name/summary.json" "$name" "$rss" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
statuses, outcomes = {}, {}
for e in s['endpoints']:
    for k, v in e['byStatus'].items(): statuses[k] = statuses.get(k, 0) + v
    for k, v in e['byOutcome'].items():
        if v: outcomes[k] = outcomes.get(k, 0) + v
print('| %s | %d MB | %s | %d | %d | %s | %s |' % (sys.argv[2], int(sys.argv[3]) // 1024, s.get('aborted', s['stopReason']),
      s['totals']['requests'], len(s['endpoints']), statuses, outcomes))
PY
}

echo "| run | peak RSS | stop | requests | endpoints | byStatus | byOutcome |"
echo "|---|---|---|---|---|---|---|"
for r in $RUNS; do
  case $r in
    2mb) run 2mb --url "http://127.0.0.1:$PORT/big" --duration 20s ;;
    bomb) run bomb --url "http://127.0.0.1:$PORT/bomb" --duration 20s ;;
    urls) run urls --url "http://127.0.0.1:$PORT/u/\${random.uuid}" --duration 45s ;;
    entries) run entries --config "$out/entries.yaml" --ramp 1000/s --duration 20s ;;
  esac
done
echo "(logs and results in $out)"
