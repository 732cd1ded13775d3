#!/usr/bin/env bash
# What a quiet tree costs: `genet bench` grows a tree of N nodes in one JVM, holds it H ms and
# reports its CPU per node and second (idleCpuMsPerNodeSecond) and its frames per node and second
# by kind (quietFramesPerNodeSecond), with the default settings and with Genet's keepalives
# pushed out to 10 minutes, taking turns. Usage: scripts/profile-quiet-tree.sh [nodes] [holdMs] [runs]
# With PERF_AFTER_S=S (linux-perf installed), the first default run is also sampled by perf for
# 10 s from S s after its start (choose S past the joins): the top items, Java frames named
# through the JVM's perf map, are printed at the end.
# Needs target/genet.jar (mvn -q package -DskipTests).
set -uo pipefail
cd "$(dirname "$0")/.."
nodes=${1:-300}; hold=${2:-15000}; runs=${3:-3}
field() { grep -o "\"$1\":-\?[0-9.]*" | head -1 | cut -d: -f2; }
median() { grep . | sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
declare -A cpu frames
for i in $(seq "$runs"); do
  for side in default keepalives-off; do
    extra=""; [ "$side" = keepalives-off ] && extra="--keepalive-ms 600000"
    if [ "$i" = 1 ] && [ "$side" = default ] && [ -n "${PERF_AFTER_S:-}" ]; then
      JDK_JAVA_OPTIONS="-XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -XX:+PreserveFramePointer" \
        scripts/genet bench --nodes "$nodes" --max-degree 10 --hold-ms "$hold" $extra --json > "$work/out" 2>/dev/null &
      sleep "$PERF_AFTER_S"
      pid=$(pgrep -n -f "genet.jar.*bench --nodes $nodes" || true)
      [ -n "$pid" ] && perf record -F 199 -g -p "$pid" -o "$work/perf.data" -- sleep 10 > /dev/null 2>&1
      wait
    else
      scripts/genet bench --nodes "$nodes" --max-degree 10 --hold-ms "$hold" $extra --json > "$work/out" 2>/dev/null
    fi
    out=$(grep '^{' "$work/out" | head -1)
    echo "$side run $i: allJoinedMs $(field allJoinedMs <<<"$out"), idleCpuMsPerNodeSecond $(field idleCpuMsPerNodeSecond <<<"$out"), quiet frames per node and second $(grep -o '"quietFramesPerNodeSecond":{[^}]*}' <<<"$out" | cut -d: -f2-)" >&2
    cpu[$side]+="$(field idleCpuMsPerNodeSecond <<<"$out")"$'\n'
    frames[$side]+="$(grep -o '"quietFramesPerNodeSecond":{"total":[0-9.]*' <<<"$out" | grep -o '[0-9.]*$')"$'\n'
  done
done
d=$(median <<<"${cpu[default]}"); k=$(median <<<"${cpu[keepalives-off]}")
echo "nodes $nodes, maxDegree 10, held $hold ms, medians of $runs runs:"
echo "  default:        $d ms CPU per node and second, $(median <<<"${frames[default]}") frames per node and second"
echo "  keepalives off: $k ms CPU per node and second, $(median <<<"${frames[keepalives-off]}") frames per node and second"
[ "$d" != "-" ] && [ "$k" != "-" ] && awk "BEGIN {printf \"  default / keepalives off: %.2f\n\", $d / $k}"
if [ -f "$work/perf.data" ]; then
  echo "perf, the first default run, 10 s of the quiet tree (self time, top 25):"
  perf report -i "$work/perf.data" --no-children -g none --sort dso,sym --stdio 2>/dev/null | grep -v '^#' | grep '%' | head -25
fi
