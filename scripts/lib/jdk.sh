# Sourced by ./loadgen and the scripts: find a JDK 21+ without anyone exporting anything.
# Order: $JAVA_HOME if it is 21+, else the newest 21+ under /usr/lib/jvm, else `java` on PATH if 21+.

# jdk_major DIR -> prints the major version of the JDK in DIR (empty if DIR holds none)
jdk_major() {
  local dir=$1 v=""
  [ -x "$dir/bin/java" ] || return 0
  if [ -f "$dir/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$dir/release")
  fi
  if [ -z "$v" ]; then
    v=$("$dir/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -1)
  fi
  v=${v#1.}
  echo "${v%%[.+-]*}"
}

# find_jdk -> prints the home of a JDK 21+ or fails with a one-line reason on stderr
find_jdk() {
  local m best="" bestm=0 d
  if [ -n "${JAVA_HOME:-}" ]; then
    m=$(jdk_major "$JAVA_HOME")
    if [ -n "$m" ] && [ "$m" -ge 21 ] && [ -x "$JAVA_HOME/bin/javac" ]; then echo "$JAVA_HOME"; return 0; fi
  fi
  for d in /usr/lib/jvm/*; do
    [ -d "$d" ] && [ ! -L "$d" ] || continue
    [ -x "$d/bin/javac" ] || continue
    m=$(jdk_major "$d")
    if [ -n "$m" ] && [ "$m" -ge 21 ] && [ "$m" -gt "$bestm" ]; then best=$d; bestm=$m; fi
  done
  if [ -n "$best" ]; then echo "$best"; return 0; fi
  if command -v javac >/dev/null 2>&1; then
    d=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    m=$(jdk_major "$d")
    if [ -n "$m" ] && [ "$m" -ge 21 ]; then echo "$d"; return 0; fi
  fi
  echo "loadgen: no JDK 21 or newer found (looked at JAVA_HOME and /usr/lib/jvm); install one, e.g. apt-get install openjdk-21-jdk-headless" >&2
  return 1
}

# use_jdk -> exports JAVA_HOME (a JDK 21+) and quiets Maven's own sun.misc.Unsafe warnings on JDK 24+
use_jdk() {
  JAVA_HOME=$(find_jdk) || return 1
  export JAVA_HOME
  if [ "$(jdk_major "$JAVA_HOME")" -ge 24 ]; then
    case " ${MAVEN_OPTS:-} " in *sun-misc-unsafe*) ;; *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;; esac
  fi
}
