#!/usr/bin/env bash
# Start-up benchmark, measured from outside: (1) `genet node`, from launch until it prints its
# parent-connect (joined a running tree: our server and root on 127.0.0.1, started once), and
# (2) the desktop app, launched as the README runs it (`java -jar target/genet.jar`, which relaunches
# itself with the class-data sharing archive), from launch until its window is visible (xdotool, on an
# Xvfb display of its own). Each run also reports the CPU time the process tree had used by then, and
# the app's own start-up trace (GENET_STARTUP_TRACE=1: ms from launch to main, toolkit, stage shown,
# first frame, deferred work done), as medians per step. One warm-up run of each first, not counted.
# The app runs with a config folder of its own (GENET_CONFIG_DIR, a temporary folder: never the user's
# remembered tree) and is stopped with SIGTERM (its launcher stops the child JVM); the script checks
# that no process of it is left. With BASELINE_JAR=path/to/an/older/genet.jar that build runs
# interleaved in the same rounds (its genet.jsa beside it, made from that very path, or it runs without).
# APP_JAVA_OPTIONS=... puts JVM options before -jar for the app (an experiment: the README's command has none).
# Usage: scripts/bench-startup.sh [--app|--node] [--json] [runs]
#   --app / --node: only that part; --json: also one JSON line with every run and the medians.
# Needs target/genet.jar, and xvfb and xdotool for (2).
set -uo pipefail
cd "$(dirname "$0")/.."
parts="node app"
json=false
while [ $# -gt 0 ]; do
  case "$1" in
    --app) parts="app" ;;
    --node) parts="node" ;;
    --json) json=true ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
  shift
done
runs=${1:-5}
jar=${GENET_JAR:-target/genet.jar}
baseline=${BASELINE_JAR:-}
[ -f "$jar" ] || { echo "no $jar: build it first (mvn -q package -DskipTests)" >&2; exit 2; }
log=$(mktemp -d)
config=$(mktemp -d)
pids=()
xvfb=
cleanup() {
  for p in "${pids[@]}"; do stop "$p"; done # the server and root, with their relaunched JVMs
  [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null && wait "$xvfb" 2>/dev/null
  rm -rf "$log" "$config"
}
trap cleanup EXIT
median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "null"; else print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
descendants() { local c; for c in $(pgrep -P "$1"); do echo "$c"; descendants "$c"; done; }
# CPU ms of a process and its descendants (the launcher's child JVM included)
tree_cpu_ms() {
  local total=0 p
  for p in $1 $(descendants "$1"); do
    total=$(( total + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0) ))
  done
  echo $(( total * 1000 / $(getconf CLK_TCK) ))
}
# stops a process and everything it started: SIGTERM (the launcher stops its child JVM), SIGKILL after 5 s
stop() {
  local kids p
  kids=$(descendants "$1")
  kill "$1" 2>/dev/null
  for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.05; done
  kill -9 "$1" 2>/dev/null
  wait "$1" 2>/dev/null
  for p in $kids; do
    for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.05; done
    if kill -0 "$p" 2>/dev/null; then echo "process $p outlived its parent: killed" >&2; kill -9 "$p" 2>/dev/null; fi
  done
}

impls="ours"; [ -n "$baseline" ] && impls="ours baseline"
jar_of() { [ "$1" = ours ] && echo "$jar" || echo "$baseline"; }
declare -A join_ms join_cpu win_ms win_cpu trace

if [[ " $parts " == *" node "* ]]; then
  java -jar "$jar" server --port 0 --bind 127.0.0.1 --secret startup > "$log/server.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 200); do port=$(grep -o '127.0.0.1:[0-9]*' "$log/server.log" | head -1 | cut -d: -f2) && [ -n "$port" ] && break; sleep 0.05; done
  java -jar "$jar" root --host "127.0.0.1:$port" --secret startup > "$log/root.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 200); do grep -q 'root-open\|root open' "$log/root.log" 2>/dev/null && break; sleep 0.05; done
fi
have_x=false
if [[ " $parts " == *" app "* ]]; then
  if command -v Xvfb >/dev/null && command -v xdotool >/dev/null; then
    Xvfb -displayfd 1 -screen 0 1280x800x24 -nolisten tcp > "$log/display" 2>/dev/null &
    xvfb=$!
    for _ in $(seq 100); do [ -s "$log/display" ] && break; sleep 0.05; done
    [ -s "$log/display" ] && display=":$(head -1 "$log/display")" && have_x=true
  fi
  $have_x || echo "no Xvfb/xdotool (or Xvfb did not start): the app is not timed" >&2
fi

node_run() { # impl run -> records
  local j start pid t c
  j=$(jar_of "$1")
  start=$(now_ms)
  java -jar "$j" node --host "127.0.0.1:$port" > "$log/node.log" 2>&1 &
  pid=$!
  until grep -q 'parent-connect' "$log/node.log"; do
    kill -0 "$pid" 2>/dev/null || break; [ $(( $(now_ms) - start )) -gt 60000 ] && break; sleep 0.01
  done
  t=$(( $(now_ms) - start )); c=$(tree_cpu_ms "$pid"); stop "$pid"
  if ! grep -q 'parent-connect' "$log/node.log"; then # it ended or timed out: no figure, and why
    echo "$1 run $2: the node did not join (after $t ms, not counted): $(grep -v '^\s*at ' "$log/node.log" | tail -3 | tr '\n' ' ')" >&2
    return
  fi
  [ "$2" = warm-up ] && return
  echo "$1 run $2: node joined after $t ms (CPU $c ms)" >&2
  join_ms[$1]+="$t "; join_cpu[$1]+="$c "
}

app_run() { # impl run -> records
  local j start pid t c line
  j=$(jar_of "$1")
  start=$(now_ms)
  # as the README runs it; the trace goes to stderr once the deferred work is done
  DISPLAY=$display GENET_CONFIG_DIR="$config" GENET_STARTUP_TRACE=1 java ${APP_JAVA_OPTIONS:-} -jar "$j" > "$log/app.log" 2>&1 &
  pid=$!
  until DISPLAY=$display xdotool search --onlyvisible --name '^Genet' >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || break; [ $(( $(now_ms) - start )) -gt 60000 ] && break; sleep 0.01
  done
  t=$(( $(now_ms) - start )); c=$(tree_cpu_ms "$pid")
  # wait for the trace (printed after the deferred work), at most 20 s
  for _ in $(seq 400); do grep -q '^genet-startup ' "$log/app.log" && break; kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
  stop "$pid"
  [ "$2" = warm-up ] && return
  line=$(grep -m1 '^genet-startup ' "$log/app.log" | cut -d' ' -f2-)
  echo "$1 run $2: app window visible after $t ms (CPU $c ms); trace ${line:-none}" >&2
  win_ms[$1]+="$t "; win_cpu[$1]+="$c "; [ -n "$line" ] || line='{}'
  trace[$1]+="$line"$'\n'
}

for impl in $impls; do
  [[ " $parts " == *" node "* ]] && node_run "$impl" warm-up
  $have_x && app_run "$impl" warm-up
done
for i in $(seq "$runs"); do
  for impl in $impls; do
    [[ " $parts " == *" node "* ]] && node_run "$impl" "$i"
    $have_x && app_run "$impl" "$i"
  done
done
m() { tr ' ' '\n' <<<"$1" | grep . | median; }
# the median of each trace step over the runs: {"step":ms,...}
trace_medians() {
  local steps s out=""
  steps=$(grep -o '"[a-z-]*":' <<<"$1" | tr -d '":' | awk '!seen[$0]++')
  for s in $steps; do
    out+="\"$s\":$(grep -o "\"$s\":[0-9]*" <<<"$1" | cut -d: -f2 | median),"
  done
  echo "{${out%,}}"
}
printf '%-9s %16s %14s %16s %14s\n' impl node_joined_ms node_cpu_ms app_window_ms app_cpu_ms
for impl in $impls; do
  printf '%-9s %16s %14s %16s %14s\n' "$([ "$impl" = ours ] && echo genet || echo baseline)" "$(m "${join_ms[$impl]:-}")" \
    "$(m "${join_cpu[$impl]:-}")" "$(m "${win_ms[$impl]:-}")" "$(m "${win_cpu[$impl]:-}")"
  $have_x && echo "  $([ "$impl" = ours ] && echo genet || echo baseline) app trace medians (ms from launch): $(trace_medians "${trace[$impl]:-}")"
done
echo "medians of $runs runs (load average $(cut -d' ' -f1-3 /proc/loadavg))"
if $json; then
  list() { tr ' ' '\n' <<<"$1" | grep . | paste -sd, -; }
  out="{\"runs\":$runs,\"load\":\"$(cut -d' ' -f1-3 /proc/loadavg)\""
  for impl in $impls; do
    name=$([ "$impl" = ours ] && echo genet || echo baseline)
    out+=",\"$name\":{\"nodeJoinedMs\":[$(list "${join_ms[$impl]:-}")],\"nodeJoinedMsMedian\":$(m "${join_ms[$impl]:-}")"
    out+=",\"appWindowMs\":[$(list "${win_ms[$impl]:-}")],\"appWindowMsMedian\":$(m "${win_ms[$impl]:-}")"
    out+=",\"appCpuMsMedian\":$(m "${win_cpu[$impl]:-}"),\"appTraceMedians\":$(trace_medians "${trace[$impl]:-}")}"
  done
  echo "$out}"
fi
