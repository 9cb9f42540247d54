#!/usr/bin/env bash
# Runs every test of loadgen and its demo app: unit, contract, integration, the end-to-end test of
# the ./loadgen launcher, then scripts/image-test.sh (the image and docker compose, run in Docker; it
# skips with a reason where Docker cannot be had, never under CI=true).  Extra arguments go to Maven
# (e.g. -Dtest=ClosedModelTest); such a targeted run leaves the image test out, except under CI=true.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=lib/jdk.sh
source "$root/scripts/lib/jdk.sh"
use_jdk || exit 2
cd "$root"
mvn -B -ntp verify "$@"
if [ $# -gt 0 ] && [ "${CI:-}" != true ]; then
  echo "image-test: skipped (Maven arguments given: a targeted run; scripts/image-test.sh runs it alone)" >&2
  exit 0
fi
# the jar Maven built for the tests is the one ./loadgen runs next: its start-up cache now, as the launcher's own build
# makes one (13 s here), so that the README's run command after this one starts from it
LOADGEN_AOT=make "$root/loadgen"
exec "$root/scripts/image-test.sh"
