#!/usr/bin/env bash
# Time from launch to a visible window, measured from outside the app: starts COMMAND on a private X
# server (Xvfb), polls every 20 ms for a visible window named Genet (xdotool), then quits the app
# with Ctrl+Q. One warm-up run first (not counted: JavaFX unpacks its libraries on a first start,
# the OS caches the files), then RUNS counted runs; prints each and the median.
# Usage: packaging/time-to-window.sh RUNS COMMAND [ARGS...]
#   packaging/time-to-window.sh 5 /opt/genet/bin/Genet                  the installed app
#   packaging/time-to-window.sh 5 java -jar target/genet.jar            the jar
# Needs xvfb, xdotool. The app runs with GENET_LAN_ADDRESS=off (no DNS-SD on this machine's network) and a
# config folder of its own (GENET_CONFIG_DIR): a measurement never touches the user's remembered tree.
set -euo pipefail
cd "$(dirname "$0")/.."
. packaging/window.sh
runs=$1
shift
xvfb_start
config=$(mktemp -d)
trap 'xvfb_stop; rm -rf "$config"' EXIT

one_run() {
  local start pid window elapsed
  start=$(now_ms)
  GENET_LAN_ADDRESS=off GENET_CONFIG_DIR="$config" "$@" >/dev/null 2>&1 &
  pid=$!
  window=$(wait_for_window '^Genet' 120) || { echo "no window within 120 s" >&2; kill "$pid"; return 1; }
  elapsed=$(( $(now_ms) - start ))
  xdotool windowfocus --sync "$window" key ctrl+q
  wait "$pid" || true
  echo "$elapsed"
}

one_run "$@" >/dev/null
times=()
for i in $(seq 1 "$runs"); do
  t=$(one_run "$@")
  echo "run $i: $t ms"
  times+=("$t")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}')
echo "median of $runs: $median ms to a visible window"
