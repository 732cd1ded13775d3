#!/usr/bin/env bash
# Real-tree benchmark: `genet bench` (our nodes, embedded server, one JVM, a cold JVM each run) and
# the original JavaScript implementation (webrtc-tree-overlay nodes in one Node.js process, the
# original server in another), with the same N and maxDegree, interleaved in the same run. With
# BASELINE_JAR=path/to/an/older/genet.jar, that build runs in the same rounds too.
# Usage: scripts/bench-tree.sh [nodes] [maxDegree] [runs]
# Prints medians of allJoinedMs, join-time percentiles, depth, memory and the CPU time of each
# benchmark process (user + system, start-up included; the original's server is a process of its
# own and not counted, ours is embedded and counted).
# Needs target/genet.jar (mvn -q package -DskipTests) and the interop packages
# (cd src/test/interop && npm install --ignore-scripts).
set -uo pipefail
cd "$(dirname "$0")/.."
nodes=${1:-100}; degree=${2:-10}; runs=${3:-3}
jar=${GENET_JAR:-target/genet.jar}
baseline=${BASELINE_JAR:-}
field() { grep -o "\"$1\":-\?[0-9.]*" | head -1 | cut -d: -f2; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
log=$(mktemp -d)
. scripts/original-server.sh
start_original_server bench-secret

impls="ours original"
[ -n "$baseline" ] && impls="ours baseline original"
declare -A all p50 p95 depth rss joined cpu
for i in $(seq "$runs"); do
  for impl in $impls; do
    case $impl in
      ours) out=$(timed java -jar "$jar" bench --nodes "$nodes" --max-degree "$degree" --json) ;;
      baseline) out=$(timed java -jar "$baseline" bench --nodes "$nodes" --max-degree "$degree" --json) ;;
      original) out=$(cd src/test/interop && timed timeout 300 node original-bench.js "127.0.0.1:$port" bench-secret "$nodes" "$degree") ;;
    esac
    json=$(grep '^{' <<<"$out")
    echo "$impl run $i: ${json:-failed: $(why_failed)} ($(grep '^cpu' <<<"$out") s)" >&2
    joined[$impl]+="$(field joined <<<"$json") "
    all[$impl]+="$(field allJoinedMs <<<"$json") "
    p50[$impl]+="$(field joinMsP50 <<<"$json") "
    p95[$impl]+="$(field joinMsP95 <<<"$json") "
    depth[$impl]+="$(field maxDepth <<<"$json") "
    rss[$impl]+="$(field rssBytesPerConnection <<<"$json") "
    cpu[$impl]+="$(grep '^cpu' <<<"$out" | cut -d' ' -f2) "
  done
done
m() { tr ' ' '\n' <<<"$1" | grep -v '^-1$' | grep . | median; }
printf '%-9s %7s %12s %9s %9s %9s %14s %12s\n' impl joined allJoinedMs p50_ms p95_ms maxDepth MB/connection process_cpu_s
for impl in $impls; do
  name=$([ "$impl" = ours ] && echo genet || echo "$impl")
  printf '%-9s %7s %12s %9s %9s %9s %14s %12s\n' "$name" "$(tr ' ' '\n' <<<"${joined[$impl]}" | grep . | sort -n | head -1)" \
    "$(m "${all[$impl]}")" "$(m "${p50[$impl]}")" "$(m "${p95[$impl]}")" "$(m "${depth[$impl]}")" \
    "$(awk "BEGIN {v = $(m "${rss[$impl]}" | sed 's/^-$/0/'); printf \"%.2f\", v / 1e6}")" "$(m "${cpu[$impl]}")"
done
echo "nodes $nodes, maxDegree $degree, medians of $runs runs (a run where not all joined counts no allJoinedMs)"
ratio() { a=$(m "${all[$1]}"); b=$(m "${all[$2]}"); if [ "$a" != "-" ] && [ "$b" != "-" ]; then awk "BEGIN {printf \"allJoinedMs ratio $1/$2: %.2f\n\", $a / $b}"; fi; }
ratio ours original
[ -n "$baseline" ] && ratio ours baseline && ratio baseline original
exit 0
