#!/usr/bin/env bash
# Real-tree benchmark: `genet bench` (our nodes, embedded server, one JVM) and the original
# JavaScript implementation (webrtc-tree-overlay nodes in one Node.js process, the original server
# in another), with the same N and maxDegree, side by side in the same run.
# Usage: scripts/bench-tree.sh [nodes] [maxDegree] [runs]
# Needs target/genet.jar (mvn -q package -DskipTests) and the interop packages
# (cd src/test/interop && npm install --ignore-scripts).
set -uo pipefail
cd "$(dirname "$0")/.."
nodes=${1:-100}; degree=${2:-10}; runs=${3:-3}
field() { grep -o "\"$1\":-\?[0-9.]*" | head -1 | cut -d: -f2; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

(cd src/test/interop && GENET_DETACHED=1 exec node original-server.js bench-secret < /dev/null > /tmp/genet-bench-tree-server.log 2>&1) &
server_pid=$!
trap 'kill $server_pid 2>/dev/null' EXIT
for _ in $(seq 100); do port=$(grep -o '"port":[0-9]*' /tmp/genet-bench-tree-server.log 2>/dev/null | cut -d: -f2) && [ -n "$port" ] && break; sleep 0.1; done

declare -A all p50 p95 depth rss joined
for i in $(seq "$runs"); do
  ours=$(java -jar target/genet.jar bench --nodes "$nodes" --max-degree "$degree" --json 2>/dev/null | grep '^{')
  theirs=$(cd src/test/interop && timeout 120 node original-bench.js "127.0.0.1:$port" bench-secret "$nodes" "$degree" 2>/dev/null | grep '^{')
  for impl in ours theirs; do
    json=${!impl}
    echo "$impl run $i: ${json:-failed}" >&2
    joined[$impl]+="$(field joined <<<"$json") "
    all[$impl]+="$(field allJoinedMs <<<"$json") "
    p50[$impl]+="$(field joinMsP50 <<<"$json") "
    p95[$impl]+="$(field joinMsP95 <<<"$json") "
    depth[$impl]+="$(field maxDepth <<<"$json") "
    rss[$impl]+="$(field rssBytesPerConnection <<<"$json") "
  done
done
m() { tr ' ' '\n' <<<"$1" | grep -v '^-1$' | grep . | median; }
printf '%-9s %7s %12s %9s %9s %9s %14s\n' impl joined allJoinedMs p50_ms p95_ms maxDepth MB/connection
for impl in ours theirs; do
  name=$([ "$impl" = ours ] && echo genet || echo original)
  printf '%-9s %7s %12s %9s %9s %9s %14s\n' "$name" "$(tr ' ' '\n' <<<"${joined[$impl]}" | grep . | sort -n | head -1)" \
    "$(m "${all[$impl]}")" "$(m "${p50[$impl]}")" "$(m "${p95[$impl]}")" "$(m "${depth[$impl]}")" \
    "$(awk "BEGIN {v = $(m "${rss[$impl]}" | sed 's/^-$/0/'); printf \"%.2f\", v / 1e6}")"
done
echo "nodes $nodes, maxDegree $degree, medians of $runs runs (a run where not all joined counts no allJoinedMs)"
a=$(m "${all[ours]}"); b=$(m "${all[theirs]}")
if [ "$a" != "-" ] && [ "$b" != "-" ]; then awk "BEGIN {printf \"allJoinedMs ratio genet/original: %.2f\n\", $a / $b}"; fi
