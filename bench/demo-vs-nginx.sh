#!/usr/bin/env bash
# demo-vs-nginx.sh - the demo app's GET /posts/{id} against nginx serving a 100-byte static file,
# measured with the same wrk settings in the same run, alternating REPS times; prints the medians
# and the ratio (docs/benchmarks.md quotes them).
#
#   bench/demo-vs-nginx.sh                  # REPS=5 DUR=10 CONNS=50 THREADS=1
#   REPS=3 DUR=5 bench/demo-vs-nginx.sh
#
# Needs wrk and nginx (../shared/bench/setup.sh installs them, as root). The whole measurement
# holds /tmp/loadgen-bench.lock, the lock every benchmark on this machine takes, so that two
# runs never share the cores (nginx of ../shared/bench also always uses port 8080).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
shared=${SHARED_BENCH:-$root/../shared/bench}
REPS=${REPS:-5} DUR=${DUR:-10} CONNS=${CONNS:-50} THREADS=${THREADS:-1}
LOCK=/tmp/loadgen-bench.lock

if [ -z "${DEMO_BENCH_LOCKED:-}" ]; then
  command -v wrk >/dev/null && [ -x /usr/sbin/nginx ] || {
    echo "demo-vs-nginx: wrk or nginx missing; run $shared/setup.sh as root first" >&2; exit 2; }
  "$root/loadgen" --version >/dev/null   # builds the jar now, outside the lock, if sources changed
  echo "demo-vs-nginx: waiting for $LOCK" >&2
  exec env DEMO_BENCH_LOCKED=1 flock "$LOCK" "$0" "$@"
fi

# shellcheck source=/dev/null
source "$shared/lib.sh"
work=$(mktemp -d /tmp/demo-bench-XXXX)
demo_pid=""
cleanup() {
  stop_nginx
  if [ -n "$demo_pid" ]; then kill "$demo_pid" 2>/dev/null || true; wait "$demo_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT

# The demo in its own process, on free ports, as a user would start it.
LOADGEN_NO_BUILD=1 "$root/loadgen" demo --base-port 0 > "$work/demo.out" 2> "$work/demo.err" &
demo_pid=$!
for _ in $(seq 1 120); do
  grep -q '^chat ' "$work/demo.out" 2>/dev/null && break
  kill -0 "$demo_pid" 2>/dev/null || { cat "$work/demo.err" >&2; exit 3; }
  sleep 0.5
done
auth=$(awk '$1=="auth"{print $2}' "$work/demo.out"); posts=$(awk '$1=="posts"{print $2}' "$work/demo.out")
[ -n "$posts" ] || { echo "demo-vs-nginx: the demo did not start" >&2; cat "$work/demo.err" >&2; exit 3; }

# Seed: one user, one post.
curl -sf -X POST "$auth/auth/register" -d '{"username":"bench","password":"bench-password","email":"b@example.com"}' >/dev/null
token=$(curl -sf -X POST "$auth/auth/login" -d '{"username":"bench","password":"bench-password"}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
post_id=$(curl -sf -X POST "$posts/posts" -H "Authorization: Bearer $token" \
  -d '{"body":"A post of ordinary length, the kind a load test reads over and over again."}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
demo_url="$posts/posts/$post_id"
start_nginx 1 >/dev/null
nginx_url=http://127.0.0.1:8080/index.html
echo "demo  $demo_url ($(curl -s "$demo_url" | wc -c) bytes)"
echo "nginx $nginx_url ($(curl -s "$nginx_url" | wc -c) bytes)"

rate() { # URL -> requests/s (fails the run on any non-2xx or socket error)
  local out; out=$(wrk -t"$THREADS" -c"$CONNS" -d"${DUR}s" --latency "$1")
  if grep -qE 'Non-2xx|Socket errors' <<<"$out"; then echo "$out" >&2; echo "demo-vs-nginx: errors during the run" >&2; exit 3; fi
  awk '/^Requests\/sec/{print $2}' <<<"$out"
}
# Warm-up: the JIT compiles the demo's hot path before anything is counted.
wrk -t"$THREADS" -c"$CONNS" -d5s "$demo_url" >/dev/null
wrk -t"$THREADS" -c"$CONNS" -d2s "$nginx_url" >/dev/null

demo_rates=() nginx_rates=()
for r in $(seq 1 "$REPS"); do
  d=$(rate "$demo_url"); n=$(rate "$nginx_url")
  demo_rates+=("$d"); nginx_rates+=("$n")
  printf 'rep %d: demo %8.0f req/s   nginx %8.0f req/s\n' "$r" "$d" "$n"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END{print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
md=$(median "${demo_rates[@]}"); mn=$(median "${nginx_rates[@]}")
echo "wrk -t$THREADS -c$CONNS -d${DUR}s, $REPS alternating reps, $(nproc) cores"
printf 'median: demo %.0f req/s, nginx %.0f req/s, demo/nginx = %.2f\n' "$md" "$mn" "$(awk -v a="$md" -v b="$mn" 'BEGIN{print a/b}')"
