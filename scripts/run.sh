#!/usr/bin/env bash
# A quick run with sensible defaults: 20 users for one minute against the built-in demo (or the target
# of AUTH_URL, USERS_URL, POSTS_URL, CHAT_URL), 10 users started per second, and two thresholds. Any flag
# of loadgen may follow; a default is left out when its flag is given.
#
#   scripts/run.sh
#   scripts/run.sh --users 100 --duration 5m
#   scripts/run.sh --rate 20/s --threshold 'p99 < 2s'
#   scripts/run.sh --config configs/scenarios/spike.yaml      (the file's shape and thresholds, as they are)
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)

given() {   # given FLAG...: whether any of these flags is among the arguments
  local a f
  for a in "${args[@]}"; do
    for f in "$@"; do
      [[ $a == "$f" || $a == "$f="* ]] && return 0
    done
  done
  return 1
}

args=("$@")
if given --config; then
  exec "$root/loadgen" "$@"     # the file's shape and thresholds: defaults here would replace them
fi
defaults=()
given --users --rate || defaults+=(--users 20)
given --ramp --ramp-time --rate || defaults+=(--ramp 10/s)
given --duration || defaults+=(--duration 1m)
given --threshold || defaults+=(--threshold "errors.rate < 1%" --threshold "p95 < 1s")
exec "$root/loadgen" "${defaults[@]}" "$@"
