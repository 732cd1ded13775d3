#!/usr/bin/env bash
# Join times across each kind of NAT, in the NAT lab of network namespaces (as root; needs iproute2,
# iptables and coturn): direct (same home), through the server's own STUN (two cone NATs), through
# coturn (symmetric to cone). Prints each run, each kind's median, then one JSON line.
# Usage: scripts/bench-nat.sh [RUNS]   (default 5; builds the test classes if needed)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
mvn -q -o test-compile 2>/dev/null || mvn -q test-compile
mvn -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt >/dev/null 2>&1 \
  || mvn -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt >/dev/null
exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" -Dgenet.launcher=off \
  org.genet.natlab.NatLabBench "$runs"
