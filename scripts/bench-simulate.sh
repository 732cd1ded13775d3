#!/usr/bin/env bash
# Benchmark of the simulator: wall time, CPU time (user + system of the process) and tree shape,
# medians over several runs (seeds). With BASELINE_JAR=path/to/an/older/genet.jar that build runs
# interleaved with ours, seed by seed, and must give the same tree.
# Usage: scripts/bench-simulate.sh [runs] [SPEC...]   SPEC is "NODES:MAXDEGREE" (default: a set of sizes)
# Needs target/genet.jar (mvn -q package -DskipTests).
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}; shift || true
specs=("$@"); [ ${#specs[@]} -eq 0 ] && specs=(10000:10 100000:10 1000:2 1000:3 1000:10 10000:2 10000:3)
jar=${GENET_JAR:-target/genet.jar}
baseline=${BASELINE_JAR:-}
t=$(mktemp); trap 'rm -f "$t"' EXIT

field() { grep -o "\"$1\":[0-9.]*" | head -1 | cut -d: -f2; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
impls="ours"; [ -n "$baseline" ] && impls="ours baseline"

echo "impl nodes maxDegree runs wallMs(median) cpuMs(median) peakRssMB(median) sameDepthFraction(median, min) joined(min)"
for spec in "${specs[@]}"; do
  n=${spec%:*}; d=${spec#*:}
  declare -A walls=() cpus=() rsss=() fracs=() joined=() trees=()
  for seed in $(seq 1 "$runs"); do
    for impl in $impls; do
      j=$([ "$impl" = ours ] && echo "$jar" || echo "$baseline")
      json=$(/usr/bin/time -f "%U %S %M" -o "$t" java -jar "$j" simulate --nodes "$n" --max-degree "$d" --seed "$seed" --json 2>/dev/null)
      walls[$impl]+="$(field wallMs <<<"$json") "; fracs[$impl]+="$(field sameDepthFraction <<<"$json") "
      joined[$impl]+="$(field joined <<<"$json") "
      cpus[$impl]+="$(awk '{printf "%d", ($1 + $2) * 1000}' "$t") "; rsss[$impl]+="$(awk '{printf "%d", $3 / 1024}' "$t") "
      trees[$impl]+="$(sed 's/"wallMs":[0-9]*,//' <<<"$json" | md5sum | cut -c1-8) "
    done
  done
  m() { tr ' ' '\n' <<<"$1" | grep . | median; }
  for impl in $impls; do
    printf '%s %s %s %s %s %s %s %s %s %s\n' "$impl" "$n" "$d" "$runs" "$(m "${walls[$impl]}")" "$(m "${cpus[$impl]}")" \
      "$(m "${rsss[$impl]}")" "$(m "${fracs[$impl]}" | cut -c1-5)" "$(tr ' ' '\n' <<<"${fracs[$impl]}" | grep . | sort -g | head -1 | cut -c1-5)" \
      "$(tr ' ' '\n' <<<"${joined[$impl]}" | grep . | sort -n | head -1)"
  done
  if [ -n "$baseline" ]; then
    [ "${trees[ours]}" = "${trees[baseline]}" ] && echo "  same trees as the baseline for every seed" || echo "  TREES DIFFER from the baseline: ${trees[ours]} / ${trees[baseline]}"
  fi
done
