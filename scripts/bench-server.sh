#!/usr/bin/env bash
# Signaling benchmark: our bootstrap server and the original (npm webrtc-bootstrap 4.4.1) side by
# side in the same run, under the same load generator (genet bench-server), on 127.0.0.1.
# Usage: scripts/bench-server.sh [runs] [clients] [signals]
# Needs target/genet.jar (mvn -q package -DskipTests) and the interop packages
# (cd src/test/interop && npm install --ignore-scripts).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}; clients=${2:-50}; signals=${3:-1000}
secret=bench-secret
jar=target/genet.jar
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

wait_for_port() { for _ in $(seq 100); do grep -o '"port":[0-9]*\|127.0.0.1:[0-9]*' "$1" 2>/dev/null | head -1 | grep -o '[0-9]*$' && return; sleep 0.1; done; echo "server did not start" >&2; exit 1; }
cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
field() { grep -o "\"$1\":[0-9.]*" | head -1 | cut -d: -f2; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

java -jar "$jar" server --port 0 --bind 127.0.0.1 --secret "$secret" > /tmp/genet-bench-ours.log 2>&1 &
pids+=($!); ours_pid=$!
(cd src/test/interop && GENET_DETACHED=1 exec node original-server.js "$secret" > /tmp/genet-bench-original.log 2>&1 < /dev/null) &
pids+=($!)
ours_port=$(wait_for_port /tmp/genet-bench-ours.log)
original_port=$(wait_for_port /tmp/genet-bench-original.log)
original_pid=${pids[1]}

declare -A tput p50 p99 rss cpu
for name in ours original; do tput[$name]=""; p50[$name]=""; p99[$name]=""; done
run() { # name port pid
  java -jar "$jar" bench-server --host "127.0.0.1:$2" --secret "$secret" --clients "$clients" --signals "$signals" --pid "$3" --json
}
# warm up both (the JVM compiles its hot paths in the first runs)
for _ in 1 2; do run ours "$ours_port" "$ours_pid" >/dev/null; run original "$original_port" "$original_pid" >/dev/null; done
for i in $(seq "$runs"); do
  for name in ours original; do
    if [ "$name" = ours ]; then port=$ours_port; pid=$ours_pid; else port=$original_port; pid=$original_pid; fi
    before=$(cpu_ticks "$pid")
    json=$(run "$name" "$port" "$pid")
    after=$(cpu_ticks "$pid")
    tput[$name]+="$(field signalsPerSecond <<<"$json") "
    p50[$name]+="$(field latencyMsP50 <<<"$json") "
    p99[$name]+="$(field latencyMsP99 <<<"$json") "
    cpu[$name]+="$(( (after - before) * 10000 / (clients * signals) )) "   # µs of server CPU per signal (ticks are 10 ms)
    rss[$name]=$(field serverRssBytes <<<"$json")
  done
done
m() { tr ' ' '\n' <<<"$1" | grep . | median; }
printf '%-9s %12s %8s %8s %14s %9s\n' server signals/s p50_ms p99_ms cpu_us/signal rss_MB
for name in ours original; do
  printf '%-9s %12.0f %8.2f %8.2f %14.1f %9.1f\n' "$name" "$(m "${tput[$name]}")" "$(m "${p50[$name]}")" "$(m "${p99[$name]}")" \
    "$(m "${cpu[$name]}")" "$(awk "BEGIN {print ${rss[$name]} / 1e6}")"
done
echo "medians of $runs runs, $clients join sockets x $signals signals each; ratio ours/original:"
awk "BEGIN {printf \"throughput %.2f, p99 %.2f\n\", $(m "${tput[ours]}") / $(m "${tput[original]}"), $(m "${p99[ours]}") / $(m "${p99[original]}")}"
printf '{"ours":{"signalsPerSecond":%s,"p50Ms":%s,"p99Ms":%s,"rssBytes":%s},"original":{"signalsPerSecond":%s,"p50Ms":%s,"p99Ms":%s,"rssBytes":%s}}\n' \
  "$(m "${tput[ours]}")" "$(m "${p50[ours]}")" "$(m "${p99[ours]}")" "${rss[ours]}" \
  "$(m "${tput[original]}")" "$(m "${p50[original]}")" "$(m "${p99[original]}")" "${rss[original]}"
