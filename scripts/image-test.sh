#!/usr/bin/env bash
# The image and the compose stack, run for real (docs/deploy.md, "How it is checked"):
#  1. the image, built from a base that mmdebstrap makes offline (no registry is needed) and the jar built
#     on the host (--build-arg JAR=prebuilt): the four demo services as four containers until their health
#     checks pass, then a loadgen container running the smoke scenario against them for 20 s; its results
#     folder, mounted, must show traffic to every service and no organic error.
#  2. compose: `docker-compose config` accepts docker-compose.yml; with deploy/compose/test-override.yml
#     laid over it, the demo services, loadgen and Prometheus (Debian's binary in a local image) run on the
#     host network; Prometheus must scrape loadgen and the four services, and the Grafana dashboard's
#     request rates must return a series per service.
# Every container uses the host network and 127.0.0.1 only, on ports from 28081 up (the next hundred when
# one is taken; LGT_PORT_BASE chooses another start).
#
# The base tarball is cached in build/image-test/ (ignored by git and by the Docker build), the logs of the
# last run are in build/image-test/last-run/. A Docker daemon that already answers (DOCKER_HOST, or the
# default socket) is used as it is; otherwise the test starts a dockerd of its own (socket and data in a
# temporary folder, no bridge network, no iptables) and stops it at the end. Containers, images and the
# compose project it made are removed at the end.
#
# Under CI=true a missing tool is installed with apt-get, and any failure fails the run; elsewhere the test
# is skipped, with one line saying why, when docker, dockerd, docker-compose, mmdebstrap or prometheus is
# missing or no daemon can be had.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=lib/jdk.sh
source "$root/scripts/lib/jdk.sh"
use_jdk || exit 2

ci=${CI:-false}
docker=/usr/bin/docker            # Debian's client: it builds with BuildKit (another docker on PATH may not)
compose=/usr/bin/docker-compose
cache=$root/build/image-test
work=$cache/last-run
suite=trixie
packages=openjdk-21-jre-headless,ca-certificates,passwd
id=lgt$$
started=$SECONDS

say() { echo "image-test: $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }
# skip REASON FIX: outside CI, skip the test with one line; under CI=true, fail the run.
skip() {
  if [ "$ci" = true ]; then fail "$1; $2"; fi
  say "skipped: $1 ($2)"
  exit 0
}
# show LOG: the last lines of a log, after a failure
show() { [ -f "$1" ] && tail -n 20 "$1" | sed 's/^/    /' >&2; return 0; }

# --- tools --------------------------------------------------------------------------------------------
missing=()
[ -x "$docker" ] || missing+=(docker.io)
command -v dockerd >/dev/null || missing+=(docker.io)
[ -x "$compose" ] || missing+=(docker-compose)
command -v mmdebstrap >/dev/null || missing+=(mmdebstrap)
command -v prometheus >/dev/null || missing+=(prometheus)
if [ ${#missing[@]} -gt 0 ]; then
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  if [ "$ci" = true ] && [ "$(id -u)" = 0 ]; then
    say "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
      || fail "apt-get could not install ${missing[*]}; run apt-get update first (.ci/run does)"
  else
    skip "${missing[*]} not installed" "apt-get install ${missing[*]}"
  fi
fi

rm -rf "$work"
mkdir -p "$work"
own_daemon=""
cleanup() {
  local rc=$?
  set +e
  if [ -n "${compose_up:-}" ]; then
    [ -f "$work/compose-services.log" ] || "$compose" "${compose_args[@]}" logs --no-color >"$work/compose-services.log" 2>&1
    "$compose" "${compose_args[@]}" down -v --remove-orphans >>"$work/compose.log" 2>&1
  fi
  for c in users auth posts chat run; do "$docker" rm -f "$id-$c" >/dev/null 2>&1; done
  # the containers wrote as uid 10001: give the results back to whoever ran the test
  if [ -d "$work/results" ] && [ -n "${image_built:-}" ]; then
    "$docker" run --rm --network none --user 0:0 --entrypoint chown -v "$work/results:/r" "$image" -R "$(id -u):$(id -g)" /r >/dev/null 2>&1
  fi
  "$docker" rmi -f "$image" "$prometheus_image" "$base_image" >/dev/null 2>&1
  if [ -n "$own_daemon" ]; then
    kill "$own_daemon" 2>/dev/null
    for _ in $(seq 1 40); do kill -0 "$own_daemon" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$own_daemon" 2>/dev/null && say "dockerd ($own_daemon) did not stop within 20 s; its state is in $daemon_dir"
    if ! kill -0 "$own_daemon" 2>/dev/null; then
      # dockerd leaves its network namespace mounted
      awk -v d="$daemon_dir/" 'index($2, d) == 1 {print $2}' /proc/self/mounts | sort -r | xargs -r umount
      rm -rf "$daemon_dir"
    fi
  fi
  if [ -n "${passed:-}" ]; then say "passed in $((SECONDS - started)) s, cleanup included; logs in $work"; fi
  exit "$rc"
}
image=loadgen-test/loadgen:$id
prometheus_image=loadgen-test/prometheus:$id
base_image=loadgen-test/base:$id
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- a Docker daemon --------------------------------------------------------------------------------------
if "$docker" info >/dev/null 2>&1; then
  say "using the Docker daemon at ${DOCKER_HOST:-unix:///var/run/docker.sock}"
else
  [ "$(id -u)" = 0 ] || skip "no Docker daemon answers, and starting dockerd needs root" "run as root, or start dockerd"
  daemon_dir=$(mktemp -d /tmp/loadgen-image-test.XXXXXX)
  dockerd --host "unix://$daemon_dir/docker.sock" --data-root "$daemon_dir/data" --exec-root "$daemon_dir/exec" \
    --pidfile "$daemon_dir/dockerd.pid" --bridge none --iptables=false --ip-masq=false >"$work/dockerd.log" 2>&1 &
  own_daemon=$!
  export DOCKER_HOST=unix://$daemon_dir/docker.sock
  for _ in $(seq 1 60); do "$docker" info >/dev/null 2>&1 && break; sleep 0.5; done
  "$docker" info >/dev/null 2>&1 || { show "$work/dockerd.log"; fail "dockerd did not answer within 30 s; see $work/dockerd.log"; }
  say "started dockerd ($own_daemon) on $DOCKER_HOST"
fi

# --- ports: six free ones on 127.0.0.1 --------------------------------------------------------------------
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
base=${LGT_PORT_BASE:-28080}
for _ in $(seq 1 10); do
  taken=""
  for p in $(seq $((base + 1)) $((base + 6))); do listening "$p" && taken=$p && break; done
  [ -z "$taken" ] && break
  base=$((base + 100))
done
[ -z "$taken" ] || fail "no six free ports on 127.0.0.1 from ${LGT_PORT_BASE:-28080} on; set LGT_PORT_BASE to a free range"
export LGT_AUTH_PORT=$((base + 1)) LGT_USERS_PORT=$((base + 2)) LGT_POSTS_PORT=$((base + 3)) LGT_CHAT_PORT=$((base + 4))
export LGT_METRICS_PORT=$((base + 5)) LGT_PROMETHEUS_PORT=$((base + 6))

# --- the jar, the base, the image ---------------------------------------------------------------------------
"$root/loadgen" --version >/dev/null || fail "the jar did not build; run ./loadgen --version and read tool/target/build.log"
jar=$root/tool/target/loadgen.jar
check() { "$JAVA_HOME/bin/java" -cp "$jar" "$root/scripts/lib/ImageTestCheck.java" "$@"; }

key=$(printf '%s %s' "$suite" "$packages" | sha256sum | cut -c1-12)
tarball=$cache/base-$suite-$key.tar
if [ -f "$tarball" ]; then
  say "base: $tarball (cached)"
else
  t=$SECONDS
  rm -rf "$cache"/base-*
  mmdebstrap --quiet --variant=minbase --format=tar --include="$packages" "$suite" "$tarball.part" >"$work/mmdebstrap.log" 2>&1 \
    || { show "$work/mmdebstrap.log"; fail "mmdebstrap could not make the $suite base; see $work/mmdebstrap.log (do the Debian mirrors answer?)"; }
  mv "$tarball.part" "$tarball"
  say "base: $tarball made by mmdebstrap in $((SECONDS - t)) s"
fi
"$docker" import "$tarball" "$base_image" >/dev/null || fail "docker import of $tarball failed; delete it and run again"

t=$SECONDS
DOCKER_BUILDKIT=1 "$docker" build --network host --build-arg RUNTIME_IMAGE="$base_image" --build-arg JAR=prebuilt \
  --build-arg REVISION="$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)" -t "$image" "$root" >"$work/build.log" 2>&1 \
  || { show "$work/build.log"; fail "docker build failed; see $work/build.log"; }
image_built=1
user=$("$docker" image inspect -f '{{.Config.User}}' "$image")
[ "$user" = 10001:10001 ] || fail "the image runs as '$user', expected 10001:10001; see the Dockerfile's USER"
size=$("$docker" image inspect -f '{{.Size}}' "$image")
say "image: built in $((SECONDS - t)) s, $((size / 1000000)) MB ($image on the $suite base, user $user)"

# --- 1. the image: four demo containers, then a 20 s run against them ---------------------------------------
secret=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
# start_demo SERVICE PORT ARGS...: the image's own health check, asked every 2 s instead of 10 to save time
start_demo() {
  local s=$1 p=$2
  shift 2
  "$docker" run -d --name "$id-$s" --network host --health-interval 2s -e DEMO_JWT_SECRET="$secret" \
    "$image" demo --service "$s" --port "$p" --host 127.0.0.1 "$@" >/dev/null
}
start_demo users "$LGT_USERS_PORT"
start_demo auth "$LGT_AUTH_PORT" --users-url "http://127.0.0.1:$LGT_USERS_PORT"
start_demo posts "$LGT_POSTS_PORT" --users-url "http://127.0.0.1:$LGT_USERS_PORT"
start_demo chat "$LGT_CHAT_PORT" --auth-url "http://127.0.0.1:$LGT_AUTH_PORT"
t=$SECONDS
for _ in $(seq 1 60); do
  states=$("$docker" inspect -f '{{.State.Health.Status}}' "$id-users" "$id-auth" "$id-posts" "$id-chat" | sort -u | tr '\n' ' ') || true
  [ "$states" = "healthy " ] && break
  sleep 1
done
if [ "$states" != "healthy " ]; then
  for c in users auth posts chat; do "$docker" logs "$id-$c" >"$work/demo-$c.log" 2>&1; done
  fail "the demo containers are '$states' after 60 s, not healthy; see $work/demo-*.log"
fi
[ "$("$docker" exec "$id-users" id -u)" = 10001 ] || fail "the demo container's process is not uid 10001; see the Dockerfile's USER"
say "demo: four containers healthy in $((SECONDS - t)) s, as uid 10001"

mkdir -p "$work/results"
chmod 0777 "$work/results"
t=$SECONDS
"$docker" run --name "$id-run" --network host -v "$work/results:/home/loadgen/results" \
  -e AUTH_URL="http://127.0.0.1:$LGT_AUTH_PORT" -e USERS_URL="http://127.0.0.1:$LGT_USERS_PORT" \
  -e POSTS_URL="http://127.0.0.1:$LGT_POSTS_PORT" -e CHAT_URL="http://127.0.0.1:$LGT_CHAT_PORT" \
  "$image" --config /opt/loadgen/configs/scenarios/smoke.yaml --users 8 --duration 20s --seed 42 \
  --metrics-port "$LGT_METRICS_PORT" --dashboard-port 0 --quiet --out /home/loadgen/results/image >"$work/run.log" 2>&1 \
  || { rc=$?; show "$work/run.log"; fail "the loadgen container exited with $rc; see $work/run.log"; }
for c in users auth posts chat; do "$docker" logs "$id-$c" >"$work/demo-$c.log" 2>&1; done
say "run: 20 s in a container, done in $((SECONDS - t)) s; results in $work/results/image"
check summary "$work/results/image"
if grep -l 'Exception' "$work/run.log" "$work"/demo-*.log >/dev/null; then
  fail "a stack trace in $(grep -l 'Exception' "$work/run.log" "$work"/demo-*.log | paste -sd ' '); read it there"
fi
for c in users auth posts chat; do "$docker" rm -f "$id-$c" >/dev/null; done

# --- 2. compose: the file as it is, then demo + loadgen + Prometheus with the test override ----------------
t=$SECONDS
(cd "$root" && "$compose" -f docker-compose.yml config -q) >"$work/compose.log" 2>&1 \
  || { show "$work/compose.log"; fail "docker-compose config refuses docker-compose.yml; see $work/compose.log"; }
mkdir -p "$work/prometheus"
cp "$(command -v prometheus)" "$work/prometheus/prometheus"
cat >"$work/prometheus/Dockerfile" <<'EOF'
ARG BASE
FROM ${BASE}
COPY prometheus /usr/bin/prometheus
USER 65534:65534
ENTRYPOINT ["/usr/bin/prometheus"]
EOF
DOCKER_BUILDKIT=1 "$docker" build --network host --build-arg BASE="$base_image" -t "$prometheus_image" "$work/prometheus" \
  >>"$work/build.log" 2>&1 || { show "$work/build.log"; fail "the Prometheus image did not build; see $work/build.log"; }
rm -rf "$work/prometheus"

# monitoring/compose/prometheus.yml with the services' names and ports turned into this run's addresses
export LGT_PROMETHEUS_CONFIG=$work/prometheus.yml
sed -e "s/'loadgen:9464'/'127.0.0.1:$LGT_METRICS_PORT'/" -e "s/'auth:8081'/'127.0.0.1:$LGT_AUTH_PORT'/" \
    -e "s/'users:8082'/'127.0.0.1:$LGT_USERS_PORT'/" -e "s/'posts:8083'/'127.0.0.1:$LGT_POSTS_PORT'/" \
    -e "s/'chat:8084'/'127.0.0.1:$LGT_CHAT_PORT'/" "$root/monitoring/compose/prometheus.yml" >"$LGT_PROMETHEUS_CONFIG"
[ "$(grep -c "'127.0.0.1:" "$LGT_PROMETHEUS_CONFIG")" = 5 ] \
  || fail "monitoring/compose/prometheus.yml no longer has the targets loadgen:9464 auth:8081 users:8082 posts:8083 chat:8084; update scripts/image-test.sh with it"

export LGT_LOADGEN_IMAGE=$image LGT_PROMETHEUS_IMAGE=$prometheus_image LGT_BASE_IMAGE=$base_image
(cd "$root" && "$compose" -f docker-compose.yml -f deploy/compose/test-override.yml config) >"$work/compose.yml" 2>>"$work/compose.log" \
  || { show "$work/compose.log"; fail "docker-compose config refuses docker-compose.yml with deploy/compose/test-override.yml; see $work/compose.log"; }
# An override cannot take the published ports away (docker-compose 1.x merges lists), and docker-compose
# refuses them on the host network: they go from the resolved file, read with docker-compose's own Python.
/usr/bin/python3 - "$work/compose.yml" <<'EOF'
import sys, yaml
path = sys.argv[1]
with open(path) as f:
    stack = yaml.safe_load(f)
for service in stack["services"].values():
    if service.get("network_mode") == "host":
        service.pop("ports", None)
with open(path, "w") as f:
    yaml.safe_dump(stack, f, sort_keys=False)
EOF
compose_args=(--project-directory "$root" -p "$id" -f "$work/compose.yml")
compose_up=1
"$compose" "${compose_args[@]}" up -d --no-build users auth posts chat loadgen prometheus >>"$work/compose.log" 2>&1 \
  || { show "$work/compose.log"; fail "docker-compose up failed; see $work/compose.log"; }
say "compose: demo, loadgen and Prometheus up in $((SECONDS - t)) s"
check prometheus "http://127.0.0.1:$LGT_PROMETHEUS_PORT" "$root/monitoring/grafana-dashboard.json" 60
loadgen=$("$compose" "${compose_args[@]}" ps -q loadgen)
code=$(timeout 120 "$docker" wait "$loadgen") || fail "compose's loadgen did not finish its 30 s run within 120 s"
"$compose" "${compose_args[@]}" logs --no-color >"$work/compose-services.log" 2>&1
[ "$code" = 0 ] || fail "compose's loadgen exited with $code; see $work/compose-services.log"
"$docker" cp "$loadgen:/home/loadgen/results/compose" "$work/compose-results" \
  || fail "no results folder in compose's loadgen-results volume; see $work/compose-services.log"
check summary "$work/compose-results"
if grep -q 'Exception' "$work/compose-services.log"; then fail "a stack trace in $work/compose-services.log; read it there"; fi
say "compose: done in $((SECONDS - t)) s"

passed=1
