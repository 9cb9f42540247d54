#!/usr/bin/env bash
# What TLS and HTTP/2 cost per request (issue 17), for loadgen and for Gatling: scenario A of the shared harness
# (../shared/bench: 50 users, no think time, GET of a 100-byte file, 20 s) in four variants against one nginx on
# 127.0.0.1, each tool measured by the harness's measure.sh (one process tree under /usr/bin/time -v: generator CPU
# user + sys, peak RSS), tools and variants alternating in REPS rounds; then a Markdown table of the medians.
#
#   bench/network.sh                                   # REPS=3 DUR=20
#   DUR=3 REPS=1 VARIANTS="h1 h1-tls" bench/network.sh # a quick check
#   TLS_TRUST=insecure bench/network.sh                # loadgen skips certificate checks instead of trusting the test CA
#   TOOLS="wrk h2load gatling loadgen" bench/network.sh  # h2load (nghttp2) as the floor of the h2 variants
#
# variant  URL       protocol                   tools
# h1       http://   HTTP/1.1                   wrk, Gatling (the harness's HammerSim), loadgen --url
# h1-tls   https://  HTTP/1.1 (ALPN offers no h2) wrk, Gatling (HammerSim), loadgen --set target.http=1.1
# h2-tls   https://  h2 by ALPN                 Gatling (bench/network/HammerH2Sim), loadgen --set target.http=2
# h2c      http://   h2 with prior knowledge    loadgen --set target.http=2; not Gatling, whose client tries h2
#                                               only when the URL is secured (DefaultHttpClient: Uri.isSecured)
#
# The certificate is self-signed, made with openssl into the output folder for each session. Gatling trusts every
# certificate by default; loadgen is given it as `target.tls.ca` (TLS_TRUST=ca, the default) or skips the check.
#
# After every run the script reads nginx's log of each connection's first request: a run whose connections did not
# all speak the variant's protocol on its port (a client that fell back to HTTP/1.1), or that had under 99 % of its
# requests ok, is FAILED: printed at once, left out of the medians and of the later rounds, and the script exits 1.
# Each run holds /tmp/loadgen-bench.lock. Traffic stays on 127.0.0.1.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
shared=${SHARED_BENCH:-$root/../shared/bench}
[ -x "$shared/measure.sh" ] || { echo "network.sh: no peer harness at $shared (set SHARED_BENCH)" >&2; exit 2; }
harness=${HARNESS_PEERS:-/tmp/bench-peers}
[ -s "$harness/gatling-cp.txt" ] && command -v wrk >/dev/null || PEERS=$harness "$shared/setup.sh"
source "$root/scripts/lib/jdk.sh"
use_jdk   # javac for the Gatling simulation; Gatling itself runs on the harness's `java`, as in the harness

export REPS=${REPS:-3} DUR=${DUR:-20} USERS=${USERS:-50}
VARIANTS=${VARIANTS:-"h1 h1-tls h2-tls h2c"}
TOOLS=${TOOLS:-"wrk gatling loadgen"}
TLS_TRUST=${TLS_TRUST:-ca}
[ "$TLS_TRUST" = ca ] || [ "$TLS_TRUST" = insecure ] || { echo "network.sh: TLS_TRUST is ca or insecure" >&2; exit 2; }
base_port=${BASE_PORT:-18440}
out=${OUT:-$harness/network-$(date +%Y%m%d-%H%M%S)}
export LOADGEN=${LOADGEN:-$root/loadgen}
# The harness's scripts find the target's pids, the Gatling classes and the results folder under PEERS and RESULTS:
# here a folder of this session's own, so that this nginx is never the harness's.
export PEERS=$out/peers RESULTS=$out
mkdir -p "$out/tls" "$PEERS/gatling-target"
source "$shared/lib.sh"   # NGX=$PEERS/nginx with the 100-byte www/index.html; stop_nginx

port() { case $1 in h1) echo "$base_port" ;; h1-tls) echo $((base_port + 1)) ;; h2-tls) echo $((base_port + 2)) ;; h2c) echo $((base_port + 3)) ;; esac; }
scheme() { case $1 in *-tls) echo https ;; *) echo http ;; esac; }
protocol() { case $1 in h1*) echo HTTP/1.1 ;; h2*) echo HTTP/2.0 ;; esac; }
for v in $VARIANTS; do [ -n "$(port "$v")" ] || { echo "network.sh: unknown variant $v (h1 h1-tls h2-tls h2c)" >&2; exit 2; }; done

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 7 -subj /CN=127.0.0.1 \
  -addext subjectAltName=IP:127.0.0.1 -keyout "$out/tls/key.pem" -out "$out/tls/cert.pem" 2>/dev/null

# The harness's Gatling classes and classpath, with HammerH2Sim compiled beside them (for the harness's java, 17)
cp -r "$harness/gatling-target/test-classes" "$PEERS/gatling-target/"
ln -sf "$harness/gatling-cp.txt" "$PEERS/gatling-cp.txt"
"$JAVA_HOME/bin/javac" --release 17 -nowarn -cp "$(cat "$harness/gatling-cp.txt")" \
  -d "$PEERS/gatling-target/test-classes" "$root/bench/network/HammerH2Sim.java"

sed -e "s|@PREFIX@|$NGX|g" -e "s|@CERT@|$out/tls/cert.pem|" -e "s|@KEY@|$out/tls/key.pem|" \
    -e "s|@PORT0@|$(port h1)|" -e "s|@PORT1@|$(port h1-tls)|" -e "s|@PORT2@|$(port h2-tls)|" -e "s|@PORT3@|$(port h2c)|" \
    "$root/bench/network/nginx.conf.template" > "$NGX/nginx.conf"
ulimit -n 200000 2>/dev/null || ulimit -n 20000
/usr/sbin/nginx -p "$NGX" -c "$NGX/nginx.conf"
trap stop_nginx EXIT
sleep 0.5
for v in h1 h1-tls h2-tls h2c; do
  got=$(curl -s --cacert "$out/tls/cert.pem" $([ "$v" = h2c ] && echo --http2-prior-knowledge) -o /dev/null \
    -w '%{http_code} %{size_download} HTTP/%{http_version}' "$(scheme "$v")://127.0.0.1:$(port "$v")/index.html" || true)
  [ "${got% *}" = "200 100" ] || { echo "network.sh: nginx's $v port answers '$got', not 200 with 100 bytes" >&2; exit 1; }
  echo "nginx $v on $(port "$v"): $got"
done
"$LOADGEN" --version >/dev/null          # build the jar now, not inside a measurement

# run VARIANT TOOL -> the shell command measure.sh runs for it, in the harness's tools.sh terms; fails if the tool has no such variant
run() {
  local v=$1 t=$2 net=()
  case $t:$v in
    wrk:h1 | wrk:h1-tls) echo tool_wrk_A ;;
    h2load:h2-tls | h2load:h2c) echo 'h2load -t1 -c"$USERS" -D "$DUR" "$URL"' ;;   # h2 by ALPN over TLS, h2c in clear
    gatling:h1 | gatling:h1-tls) echo 'gatling_run bench.HammerSim -Dusers="$USERS" -Dduration="$DUR" -Durl="${URL%/index.html}"' ;;
    gatling:h2-tls) echo 'gatling_run bench.HammerH2Sim -Dusers="$USERS" -Dduration="$DUR" -Durl="${URL%/index.html}"' ;;
    loadgen:*)
      case $v in h1-tls) net+=(--set target.http=1.1) ;; h2*) net+=(--set target.http=2) ;; esac
      if [ "$(scheme "$v")" = https ]; then
        if [ "$TLS_TRUST" = ca ]; then net+=(--set "target.tls.ca=$out/tls/cert.pem"); else net+=(--set target.tls.insecure-skip-verify=true); fi
      fi
      echo "loadgen_run --think 0 ${net[*]}" ;;
    *) return 1 ;;
  esac
}

# check VARIANT TOOL ROUND FIRST_LOG_LINE -> one line of checks.csv; fails when the run does not count
check() {
  local v=$1 t=$2 r=$3 from=$4 seen req ok verdict=ok
  seen=$(tail -n +"$from" "$NGX/logs/connections.log" | sort | uniq -c | awk '{$1=$1 "x"; print}' | paste -sd';' -)
  read -r req ok < <(awk -F, -v v="$v" -v t="$t" -v r="$r" '$1==v && $2==t && $3==r {print $4, $5}' "$out/results.csv" | tail -1)
  if [ -z "$seen" ]; then
    verdict="FAILED: nginx answered no request (${ok:-0} of ${req:-0} ok)"
  elif tail -n +"$from" "$NGX/logs/connections.log" | awk -v p="$(port "$v")" -v h="$(protocol "$v")" '$1 != p || $2 != h {bad=1} END{exit !bad}'; then
    verdict="FAILED: not $(protocol "$v") on port $(port "$v")"
  elif [ "${req:-0}" -eq 0 ] || [ $((ok * 100)) -lt $((req * 99)) ]; then
    verdict="FAILED: ${ok:-0} of ${req:-0} requests ok"
  fi
  echo "$v,$t,$r,$verdict,$seen" >> "$out/checks.csv"
  [ "$verdict" = ok ] || { echo "network.sh: $v $t round $r $verdict (nginx saw: ${seen:-nothing}; log: $out/$v.$t.$r.log)" >&2; return 1; }
}

echo "variant,tool,run,verdict,seen" > "$out/checks.csv"
[ -f "$out/results.csv" ] || echo "scenario,tool,run,requests,ok,wall_s,user_s,sys_s,maxrss_kb,target_cpu_s" > "$out/results.csv"
declare -A failed=()
cd /tmp
for r in $(seq 1 "$REPS"); do
  for v in $VARIANTS; do
    for t in $TOOLS; do
      cmd=$(run "$v" "$t") || continue
      [ -z "${failed[$v:$t]:-}" ] || { echo "skip $v $t: failed in an earlier round"; continue; }
      touch "$NGX/logs/connections.log"
      from=$(($(wc -l < "$NGX/logs/connections.log") + 1))
      # the harness's run_all.sh, one run: its lib.sh and tools.sh, bounded at the duration + 90 s
      flock /tmp/loadgen-bench.lock env URL="$(scheme "$v")://127.0.0.1:$(port "$v")/index.html" \
        "$shared/measure.sh" "$v" "$t" "$r" $((DUR + 90)) -- bash -c "source '$shared/lib.sh'; source '$shared/tools.sh'; $cmd" || true
      check "$v" "$t" "$r" "$from" || failed[$v:$t]=1
      sleep 2
    done
  done
done

python3 - "$out" "$VARIANTS" "$TOOLS" <<'PY'
import csv, statistics as st, sys
out, variants, tools = sys.argv[1], sys.argv[2].split(), sys.argv[3].split()
verdict = {(c["variant"], c["tool"], c["run"]): c for c in csv.DictReader(open(f"{out}/checks.csv"))}
runs = {}   # (variant, tool) -> {round: row} of the runs that count
for row in csv.DictReader(open(f"{out}/results.csv")):
    key = (row["scenario"], row["tool"], row["run"])
    if key in verdict and verdict[key]["verdict"] == "ok":
        row["cpu_us"] = (float(row["user_s"]) + float(row["sys_s"])) * 1e6 / int(row["requests"])
        runs.setdefault(key[:2], {})[key[2]] = row
names = {"wrk": "wrk", "h2load": "h2load", "gatling": "Gatling", "loadgen": "**loadgen**"}
def med(v, t, f):
    rows = runs.get((v, t), {})
    return st.median(f(x) for x in rows.values()) if rows else None
print("| variant | tool | requests (med) | CPU-µs/request (med) | loadgen ÷ Gatling, each round | peak RSS (med) | nginx saw (connections) |")
print("|---|---|---|---|---|---|---|")
for v in variants:
    for t in tools:
        fails = [c["verdict"] for (cv, ct, _), c in verdict.items() if cv == v and ct == t and c["verdict"] != "ok"]
        if (v, t) not in runs and not fails:
            continue
        seen = sorted({c["seen"] for (cv, ct, _), c in verdict.items() if cv == v and ct == t})
        if (v, t) not in runs:
            print(f"| {v} | {names.get(t, t)} | {fails[0]} | | | | {' / '.join(seen)} |")
            continue
        g = runs.get((v, "gatling"), {})
        ratios = [x["cpu_us"] / g[r]["cpu_us"] for r, x in sorted(runs[(v, t)].items()) if r in g] if t == "loadgen" else []
        ratio = ", ".join(f"{x:.2f}" for x in ratios) + (f" (med {st.median(ratios):.2f})" if len(ratios) > 1 else "")
        print(f"| {v} | {names.get(t, t)} | {med(v, t, lambda x: int(x['requests'])):,.0f} | {med(v, t, lambda x: x['cpu_us']):.1f} "
              f"| {ratio} | {med(v, t, lambda x: float(x['maxrss_kb'])) / 1024:.0f} MB | {' / '.join(seen)} |")
below = [f"{v} {med(v, 'loadgen', lambda r: r['cpu_us']) / med(v, 'gatling', lambda r: r['cpu_us']):.2f}"
         for v in variants if (v, "loadgen") in runs and (v, "gatling") in runs]
if below:
    print("\nloadgen's CPU per request ÷ Gatling's, by the medians (issue 17: below 1 in each): " + ", ".join(below))
costs = [("HTTPS ÷ HTTP (HTTP/1.1)", "h1-tls", "h1"), ("h2 ÷ HTTP/1.1 (over TLS)", "h2-tls", "h1-tls"), ("h2c ÷ HTTP/1.1 (in clear)", "h2c", "h1")]
lines = []
for label, a, b in costs:
    cells = []
    for t in tools:
        x, y = med(a, t, lambda r: r["cpu_us"]), med(b, t, lambda r: r["cpu_us"])
        cells.append(f"{x / y:.2f}" if x and y else "")
    if any(cells):
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
if lines:
    print("\nCPU per request, by the medians:\n")
    print("| | " + " | ".join(names.get(t, t) for t in tools) + " |")
    print("|---|" + "---|" * len(tools))
    print("\n".join(lines))
PY
echo "raw rows: $out/results.csv, checks: $out/checks.csv"
[ ${#failed[@]} -eq 0 ] || { echo "network.sh: FAILED runs: ${!failed[*]}" >&2; exit 1; }
