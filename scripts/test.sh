#!/usr/bin/env bash
# Runs every test of loadgen and its demo app: unit, contract, integration, and the end-to-end
# test of the ./loadgen launcher.  Extra arguments go to Maven (e.g. -Dtest=ClosedModelTest).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=lib/jdk.sh
source "$root/scripts/lib/jdk.sh"
use_jdk || exit 2
cd "$root"
exec mvn -B -ntp verify "$@"
