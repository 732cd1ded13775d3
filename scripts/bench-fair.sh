#!/usr/bin/env bash
# The fair side-by-side (docs/benchmarks-fair.md): the original as its own example app runs it
# (scripts/fleet.js original: its server, a root and each joiner in a Node.js process of its own,
# simple-peer's own signalling) against Genet as its bench users run it (scripts/genet bench: one
# JVM) and, with GENET_FLEET=1, Genet run like the original (scripts/fleet.js genet: one JVM per
# node). A third side, "one-process", is the original at its fastest arrangement found here: its
# root and joiners in one Node.js process (original-bench.js, simple-peer's own signalling, no
# override) and its server in another: the V8 code and the WebRTC factory warm for every join.
# The sides take turns in each run. Usage: scripts/bench-fair.sh [nodes] [maxDegree] [runs]
# Prints each run's JSON, then the medians of allJoinedMs and the ratios, then one JSON summary line.
# Needs target/genet.jar (mvn -q package -DskipTests) and the interop packages
# (cd src/test/interop && npm install --ignore-scripts).
set -uo pipefail
cd "$(dirname "$0")/.."
nodes=${1:-100}; degree=${2:-10}; runs=${3:-3}
sides="bench original one-process"
[ "${GENET_FLEET:-0}" = 1 ] && sides="$sides fleet"
log=$(mktemp -d)
. scripts/original-server.sh
start_original_server fair-secret
field() { grep -o "\"$1\":-\?[0-9.]*" | head -1 | cut -d: -f2; }
median() { grep -v '^-1$' | grep . | sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
declare -A all cpu
for i in $(seq "$runs"); do
  for side in $sides; do
    case $side in
      bench) out=$(scripts/genet bench --nodes "$nodes" --max-degree "$degree" --json 2>/dev/null | grep '^{' | head -1) ;;
      original) out=$(node scripts/fleet.js original "$nodes" "$degree" 2>/dev/null | grep '^{' | head -1) ;;
      fleet) out=$(node scripts/fleet.js genet "$nodes" "$degree" 2>/dev/null | grep '^{' | head -1) ;;
      one-process) timed_out=$(cd src/test/interop && timed env GENET_OWN_SIGNALLING=1 \
          timeout 300 node original-bench.js "127.0.0.1:$port" fair-secret "$nodes" "$degree")
        out=$(grep '^{' <<<"$timed_out")
        [ -n "$out" ] && out="${out%\}},\"processCpuSeconds\":$(grep '^cpu' <<<"$timed_out" | cut -d' ' -f2)}" ;;
    esac
    echo "$side run $i: ${out:-failed$([ "$side" = one-process ] && echo ": $(why_failed)")}" >&2
    all[$side]+="$(field allJoinedMs <<<"$out")"$'\n'
    if [ "$side" = bench ]; then cpu[$side]+="$(awk "BEGIN {print $(field cpuMs <<<"$out" | sed 's/^$/-1000/') / 1000}")"$'\n'
    elif [ "$side" = one-process ]; then cpu[$side]+="$(field processCpuSeconds <<<"$out")"$'\n'
    else cpu[$side]+="$(field fleetCpuSecondsWhileJoining <<<"$out")"$'\n'; fi
  done
done
declare -A med
for side in $sides; do
  med[$side]=$(median <<<"${all[$side]}")
  printf '%-9s allJoinedMs median %8s   CPU s while joining median %6s   (runs: %s)\n' "$side" "${med[$side]}" \
    "$(median <<<"${cpu[$side]}")" "$(tr '\n' ' ' <<<"${all[$side]}")"
done
ratio() { if [ "${med[$1]:--}" != "-" ] && [ "${med[$2]:--}" != "-" ]; then awk "BEGIN {printf \"%.3f\", ${med[$1]} / ${med[$2]}}"; else echo null; fi; }
echo "nodes $nodes, maxDegree $degree, medians of $runs runs; bench/original $(ratio bench original), bench/one-process $(ratio bench one-process)$([ "${GENET_FLEET:-0}" = 1 ] && echo ", fleet/original $(ratio fleet original)")"
printf '{"nodes":%s,"maxDegree":%s,"runs":%s,"benchMs":%s,"originalMs":%s,"originalOneProcessMs":%s,"fleetMs":%s,"benchOverOriginal":%s,"benchOverOriginalOneProcess":%s,"fleetOverOriginal":%s}\n' \
  "$nodes" "$degree" "$runs" "$(sed 's/^-$/null/' <<<"${med[bench]}")" "$(sed 's/^-$/null/' <<<"${med[original]}")" \
  "$(sed 's/^-$/null/' <<<"${med[one-process]}")" \
  "$(sed 's/^-$/null/' <<<"${med[fleet]:--}")" "$(ratio bench original)" "$(ratio bench one-process)" "$([ -n "${med[fleet]:-}" ] && ratio fleet original || echo null)"
