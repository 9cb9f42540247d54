#!/usr/bin/env bash
# loadgen's start (issue 18, goal 3), the jar built, as medians over launches:
#   first    launch -> the first request arriving at a loopback server of this script's own, and the CPU-seconds the
#            process had used by then, for ./loadgen --url http://127.0.0.1:PORT/ --users 1 --duration 3s (default
#            flags); ./loadgen --help to its exit for reference
#   cpu      loadgen's CPU per request over the first 10 s of a run against the steady state (20-40 s): a 42 s run of
#            ./loadgen --url LOAD --think 0 --quiet against nginx serving a 100-byte file, LOAD a fixed rate (default
#            --rate 2000/s --max-users 1000) or users (LOAD="--users 50": as fast as they go), the JVM's CPU ticks read
#            from /proc every 50 ms beside the run's per-second timeline (timeline.jsonl: requests per second)
#   latency  is the start's latency still the target's? p50 and p99 of a 5 s run of 500 users thinking 2 s (the
#            defaults otherwise) against nginx answering in exactly 15 ms (echo_sleep), beside wrk -t2 -c20 -d5s
#
#   bench/startup.sh                               # PARTS="first cpu latency" N=5 N_CPU=3 N_LAT=5
#   VARIANTS="url url-no-aot" PARTS=first bench/startup.sh
#   BASE=/path/to/another/checkout VARIANTS="url base-url" PARTS=first bench/startup.sh   # this build against that one
#
# VARIANTS (bench/lib/startup.py): url (the defaults), help (part first only), url-no-aot (LOADGEN_AOT=off: without
# the AOT cache), url-no-warm (--self-warm 0), url-no-aot-no-warm, url-warm-D and url-no-aot-warm-D (--self-warm D);
# each with base- before it runs BASE's ./loadgen instead (its jar and AOT cache built there by its ./loadgen).
# Launches alternate between the variants, so that a change in the machine's load falls on all alike; each holds
# /tmp/loadgen-bench.lock and prints the load average beside its figure. On JDK 25+, a jar without its AOT cache (one
# built by Maven directly) is built again by ./loadgen first. Parts cpu and latency need nginx, libnginx-mod-http-echo
# and wrk (Debian).
# Traffic stays on 127.0.0.1.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
PARTS=${PARTS:-"first cpu latency"}
N=${N:-5}
N_CPU=${N_CPU:-3}
N_LAT=${N_LAT:-5}
LOAD=${LOAD:-"--rate 2000/s --max-users 1000"}
PORT=${PORT:-18700}
VARIANTS=${VARIANTS:-"url help"}
runs=${VARIANTS//base-help/}
runs=${runs//help/}
out=${OUT:-/tmp/loadgen-startup-$(date +%Y%m%d-%H%M%S)}
module=/usr/lib/nginx/modules/ngx_http_echo_module.so
mkdir -p "$out"
# shellcheck source=../scripts/lib/jdk.sh
source "$root/scripts/lib/jdk.sh"
# shellcheck source=../scripts/lib/aot.sh
source "$root/scripts/lib/aot.sh"
use_jdk
"$root/loadgen" --version >/dev/null
if [ "$(jdk_major "$JAVA_HOME")" -ge 25 ] && ! LOADGEN_AOT= aot_usable "$root/tool/target/loadgen.jar" "$root/tool/target/loadgen.aot"; then
  # a jar built by Maven directly (scripts/test.sh) has no cache: the launcher makes one when it builds the jar
  echo "startup.sh: no AOT cache for this jar; building it again with ./loadgen" >&2
  rm -f "$root/tool/target/loadgen.jar"
  "$root/loadgen" --version >/dev/null
fi
echo "$(date -u +%FT%TZ) $(uptime); $(nproc) cores; results in $out"

case " $PARTS " in
  *" cpu "*|*" latency "*)
    command -v nginx >/dev/null && [ -f "$module" ] && command -v wrk >/dev/null \
      || { echo "startup.sh: parts cpu and latency need nginx, libnginx-mod-http-echo and wrk (apt-get install nginx libnginx-mod-http-echo wrk)" >&2; exit 1; }
    mkdir -p "$out/nginx/www"
    head -c 100 /dev/zero | tr '\0' x > "$out/nginx/www/index.html"
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
  keepalive_requests 100000000; keepalive_timeout 120s;
  server {
    listen 127.0.0.1:$PORT backlog=4096;
    root $out/nginx/www;
    location / { }
    location /sleep { default_type application/json; echo_sleep 0.015; echo '{"ok":true}'; }
  }
}
CONF
    nginx -c "$out/nginx/nginx.conf" -e "$out/nginx/error.log"
    trap 'kill "$(cat "$out/nginx/nginx.pid")" 2>/dev/null || true' EXIT
    sleep 0.3
    curl -fs "http://127.0.0.1:$PORT/index.html" >/dev/null || { echo "startup.sh: nginx did not answer on $PORT" >&2; exit 1; }
    ;;
esac

for part in $PARTS; do
  case $part in
    first)
      echo; echo "(first) launch -> first request on the wire"
      # shellcheck disable=SC2086  # VARIANTS is a list
      python3 "$root/bench/lib/startup.py" first "$root" "$out" "$N" $VARIANTS
      ;;
    cpu)
      echo; echo "(cpu) CPU per request: the first 10 s against 20-40 s, $LOAD"
      # shellcheck disable=SC2086  # a list
      python3 "$root/bench/lib/startup.py" cpu "$root" "$out" "$N_CPU" "http://127.0.0.1:$PORT/index.html" "$LOAD" 42 $runs
      ;;
    latency)
      echo; echo "(latency) the first 5 s against a 15 ms target"
      # shellcheck disable=SC2086  # a list
      python3 "$root/bench/lib/startup.py" latency "$root" "$out" "$N_LAT" "http://127.0.0.1:$PORT/sleep" $runs
      ;;
    *) echo "startup.sh: unknown part '$part' (first, cpu, latency)" >&2; exit 2 ;;
  esac
done
echo; echo "$(date -u +%FT%TZ) $(uptime)"
