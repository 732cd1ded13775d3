#!/usr/bin/env bash
# Start-up benchmark, measured from outside: (1) `genet node`, from launch until it prints its
# parent-connect (joined a running tree: our server and root on 127.0.0.1, started once), and
# (2) the desktop app, from launch until its window is visible (xdotool, on an Xvfb display of its
# own). Each run also reports the CPU time the process tree had used by then. With
# BASELINE_JAR=path/to/an/older/genet.jar that build runs interleaved in the same rounds.
# Usage: scripts/bench-startup.sh [runs]    Needs target/genet.jar, and xvfb and xdotool for (2).
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
jar=${GENET_JAR:-target/genet.jar}
baseline=${BASELINE_JAR:-}
log=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$log"; }
trap cleanup EXIT
median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# CPU ms of a process and its descendants (the launcher's child JVM included)
tree_cpu_ms() {
  local total=0 p
  for p in $1 $(pgrep -P "$1"); do
    total=$(( total + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0) ))
  done
  echo $(( total * 1000 / $(getconf CLK_TCK) ))
}
stop() { kill "$1" 2>/dev/null; for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || return; sleep 0.05; done; kill -9 "$1" 2>/dev/null; }

java -jar "$jar" server --port 0 --bind 127.0.0.1 --secret startup > "$log/server.log" 2>&1 &
pids+=($!)
for _ in $(seq 200); do port=$(grep -o '127.0.0.1:[0-9]*' "$log/server.log" | head -1 | cut -d: -f2) && [ -n "$port" ] && break; sleep 0.05; done
java -jar "$jar" root --host "127.0.0.1:$port" --secret startup > "$log/root.log" 2>&1 &
pids+=($!)
for _ in $(seq 200); do grep -q 'root-open\|root open' "$log/root.log" 2>/dev/null && break; sleep 0.05; done

impls="ours"; [ -n "$baseline" ] && impls="ours baseline"
declare -A join_ms join_cpu win_ms win_cpu
display=":$(( 100 + RANDOM % 400 ))"
have_x=false
if command -v Xvfb >/dev/null && command -v xdotool >/dev/null; then
  Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp > /dev/null 2>&1 &
  pids+=($!); sleep 1; have_x=true
fi
for i in $(seq "$runs"); do
  for impl in $impls; do
    j=$([ "$impl" = ours ] && echo "$jar" || echo "$baseline")
    start=$(now_ms)
    java -jar "$j" node --host "127.0.0.1:$port" > "$log/node.log" 2>&1 &
    pid=$!
    until grep -q 'parent-connect' "$log/node.log"; do
      kill -0 "$pid" 2>/dev/null || break; [ $(( $(now_ms) - start )) -gt 60000 ] && break; sleep 0.01
    done
    t=$(( $(now_ms) - start )); c=$(tree_cpu_ms "$pid"); stop "$pid"
    echo "$impl run $i: node joined after $t ms (CPU $c ms)" >&2
    join_ms[$impl]+="$t "; join_cpu[$impl]+="$c "
    if $have_x; then
      start=$(now_ms)
      DISPLAY=$display java -jar "$j" > "$log/app.log" 2>&1 &
      pid=$!
      until DISPLAY=$display xdotool search --onlyvisible --name '^Genet' >/dev/null 2>&1; do
        kill -0 "$pid" 2>/dev/null || break; [ $(( $(now_ms) - start )) -gt 60000 ] && break; sleep 0.02
      done
      t=$(( $(now_ms) - start )); c=$(tree_cpu_ms "$pid"); stop "$pid"
      echo "$impl run $i: app window visible after $t ms (CPU $c ms)" >&2
      win_ms[$impl]+="$t "; win_cpu[$impl]+="$c "
    fi
  done
done
m() { tr ' ' '\n' <<<"$1" | grep . | median; }
printf '%-9s %16s %14s %16s %14s\n' impl node_joined_ms node_cpu_ms app_window_ms app_cpu_ms
for impl in $impls; do
  printf '%-9s %16s %14s %16s %14s\n' "$([ "$impl" = ours ] && echo genet || echo baseline)" "$(m "${join_ms[$impl]}")" \
    "$(m "${join_cpu[$impl]}")" "$(m "${win_ms[$impl]:-}")" "$(m "${win_cpu[$impl]:-}")"
done
echo "medians of $runs runs"
