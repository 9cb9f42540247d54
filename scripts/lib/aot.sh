# Sourced by ./loadgen, the image's entry point and bench/startup.sh: the AOT cache of JDK 25+ (JEP 483 and 514:
# classes loaded and linked ahead of time) that runs of a jar start from. Needs JAVA_HOME (use_jdk). LOADGEN_AOT=off:
# neither made nor used.

# aot_id JAR -> what a cache must have been made by to be used: this JDK (its home and exact version) and this jar (size
# and time). The JVM checks its own version but not the jar's contents, so a jar rebuilt to the same size would
# otherwise run on the classes of the old one.
aot_id() {
  printf '%s %s %s\n' "$JAVA_HOME" "$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p' "$JAVA_HOME/release" 2>/dev/null)" \
    "$(stat -c '%s %Y' "$1")"
}

# aot_usable JAR CACHE -> succeeds when CACHE was made by this JDK for this JAR (and LOADGEN_AOT is not off)
aot_usable() {
  [ "${LOADGEN_AOT:-}" != off ] && [ -s "$2" ] && [ "$(cat "$2.id" 2>/dev/null)" = "$(aot_id "$1")" ]
}

# aot_make JAR CACHE LOG JAVA_FLAGS... -> CACHE (and CACHE.id) from a training run of a few seconds with the flags the
# runs will have: a --url run with the default self warm-up (2 s), then 16 users with no think time for
# 3 s whose target is the run's own dashboard on a loopback port (the one server a run starts before it checks that its
# target answers), so that the classes of the self warm-up, HTTP client, engine, recording, console, /metrics and
# results folder are in the cache, and little else: a larger cache takes longer to map at every start (one trained on
# the built-in demo measured 56 MB against 50, and no faster a start). Without the training's method profiles (JEP 515,
# -AOTRecordTraining): they were a run against a server in the same JVM, whose shared call sites (Jetty's on both sides)
# mislead the JIT of a run that is only a client; with them, 12-16 % more CPU per request in the steady state of --rate
# 2000/s, and 30 % more over the first 10 s of 50 users with no think time (measured while the self warm-up's sink was
# still Jetty's server). No environment but PATH and HOME: the user's LOADGEN_* and OTEL_* settings are not the
# training's. Its output goes to LOG. A failure costs the cache, said in one line, never the build. Nothing on a JDK
# before 25.
aot_make() {
  local jar=$1 cache=$2 log=$3 tmp port try
  shift 3
  rm -f "$cache" "$cache.id"
  [ "$(jdk_major "$JAVA_HOME")" -ge 25 ] && [ "${LOADGEN_AOT:-}" != off ] || return 0
  echo "loadgen: training the start-up cache (JDK 25 AOT cache, about 20 s)..." >&2
  tmp=$(mktemp -d)
  for try in 1 2 3; do
    port=$((20000 + RANDOM % 40000))  # taken, and the run stops with exit 2 before it sends anything: another port
    echo "aot_make: training try $try on port $port" >> "$log"
    if (cd "$tmp" && env -i PATH="$PATH" HOME="${HOME:-$tmp}" LOADGEN_TTY=0 "$JAVA_HOME/bin/java" "$@" \
          -XX:AOTCacheOutput="$tmp/loadgen.aot" -XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining \
          -jar "$jar" --url "http://127.0.0.1:$port/" --dashboard-port "$port" --users 16 --think 0 --duration 3s --seed 1 \
          --out "$tmp/run") >> "$log" 2>&1 && [ -s "$tmp/loadgen.aot" ]; then
      mv "$tmp/loadgen.aot" "$cache"
      aot_id "$jar" > "$cache.id"
      break
    fi
  done
  [ -s "$cache" ] || echo "loadgen: the start-up cache could not be made (see $log); runs start without it" >&2
  rm -rf "$tmp"
}
