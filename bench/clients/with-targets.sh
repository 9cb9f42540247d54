#!/usr/bin/env bash
# with-targets.sh SCEN -- CMD [ARG...]
# Starts the shared harness's targets exactly as run_all.sh does (nginx with 1 worker on 127.0.0.1:8080; for
# scenario C also the node ws echo server on 127.0.0.1:8081), runs CMD, then stops them.  Meant to be run under
# `flock /tmp/loadgen-bench.lock`, so that the targets belong to this one measurement.
set -u
BENCH=${BENCH:-/work/shared/bench}
source "$BENCH/lib.sh"
scen=$1; shift; [ "${1:-}" = -- ] && shift
start_nginx "${NGINX_WORKERS:-1}" > /dev/null || { echo "with-targets: nginx did not start" >&2; exit 1; }
[ "$scen" = C ] && start_ws
trap 'stop_ws; stop_nginx' EXIT
"$@"
