#!/usr/bin/env bash
# Benchmark of the simulator: wall time and tree shape, median over several runs (seeds).
# Usage: scripts/bench-simulate.sh [runs]   (needs target/genet.jar: mvn -q package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
jar=target/genet.jar

field() { grep -o "\"$1\":[0-9.]*" | head -1 | cut -d: -f2; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

echo "nodes maxDegree runs wallMs(median) sameDepthFraction(median, min) joined(min)"
for spec in "10000 10" "100000 10" "1000 2" "1000 3" "1000 10" "10000 2" "10000 3"; do
  set -- $spec
  walls=(); fracs=(); joined=()
  for seed in $(seq 1 "$runs"); do
    json=$(java -jar "$jar" simulate --nodes "$1" --max-degree "$2" --seed "$seed" --json)
    walls+=("$(field wallMs <<<"$json")"); fracs+=("$(field sameDepthFraction <<<"$json")")
    joined+=("$(field joined <<<"$json")")
  done
  printf '%s %s %s %s %s %s %s\n' "$1" "$2" "$runs" \
    "$(printf '%s\n' "${walls[@]}" | median)" \
    "$(printf '%s\n' "${fracs[@]}" | median | cut -c1-5)" "$(printf '%s\n' "${fracs[@]}" | sort -g | head -1 | cut -c1-5)" \
    "$(printf '%s\n' "${joined[@]}" | sort -n | head -1)"
done
