package org.genet.sim;

import java.util.Arrays;
import java.util.List;
import org.genet.measure.Measures;
import org.genet.overlay.NodeEvent.Decision;

/**
 * The tree a simulation grew, measured at its end. Depths count hops from the root (depth 0) over
 * the nodes still connected to it. {@code sameDepthFraction} is the share of those nodes that sit
 * at the depth they would have in a breadth-first tree of the same size and maxDegree.
 */
public record SimulationResult(
        int nodes,
        int joined,
        int maxDegree,
        int maxChildren,
        int maxDepth,
        int[] depthHistogram,
        double sameDepthFraction,
        long virtualMs,
        long wallMs,
        long seed,
        int connected,
        int left,
        int orphaned,
        int failed,
        int maxLoad,
        long overloads,
        long splitOrigins,
        long joinMsP50,
        long joinMsP95,
        long joinMsMax,
        int retries,
        int candidates,
        int delegated,
        int stored,
        int dropped,
        long signalsRouted,
        long intervalMs,
        long latencyMs,
        double leaveFraction) {

    static SimulationResult measure(Simulation sim, long wallMs) {
        Simulation.Options o = sim.options();
        List<Simulation.Member> members = sim.members();
        int[] depth = new int[members.size()];
        Arrays.fill(depth, Integer.MIN_VALUE);
        int joined = 0;
        int left = 0;
        int orphaned = 0;
        int failed = 0;
        int retries = 0;
        int maxChildren = 0;
        int maxDepth = 0;
        int[] histogram = new int[1];
        long[] joinMs = new long[members.size()];
        int joinCount = 0;
        for (Simulation.Member m : members) {
            if (m.index > 0) {
                retries += Math.max(0, m.attempts - 1);
                if (m.joinedAt >= 0) {
                    joined++;
                    joinMs[joinCount++] = m.joinMs();
                }
            }
            if (m.left) {
                left++;
                continue;
            }
            maxChildren = Math.max(maxChildren, m.node.childrenNb());
            int d = depthOf(m, depth);
            if (d >= 0) {
                maxDepth = Math.max(maxDepth, d);
                if (d >= histogram.length) {
                    histogram = Arrays.copyOf(histogram, d + 1);
                }
                histogram[d]++;
            } else if (m.joinedAt >= 0) {
                orphaned++;
            } else if (m.index > 0) {
                failed++;
            }
        }
        int connected = Arrays.stream(histogram).sum();
        long[] sorted = Arrays.copyOf(joinMs, joinCount);
        Arrays.sort(sorted);
        return new SimulationResult(o.nodes(), joined, o.maxDegree(), maxChildren, maxDepth, histogram,
                sameDepthFraction(histogram, o.maxDegree()), sim.lastJoinAt(), wallMs, o.seed(),
                connected - 1, left, orphaned, failed, sim.maxLoad(), sim.overloads(), sim.splitOrigins(),
                Measures.percentile(sorted, 50), Measures.percentile(sorted, 95), Measures.max(sorted),
                retries, sim.decisions(Decision.CANDIDATE), sim.decisions(Decision.DELEGATE),
                sim.decisions(Decision.STORE), sim.decisions(Decision.DROP), sim.network().signalsRouted(),
                o.intervalMs(), o.latencyMs(), o.leaveFraction());
    }

    /** Depth of a member connected to the root through live links, or -1. */
    private static int depthOf(Simulation.Member member, int[] memo) {
        if (memo[member.index] != Integer.MIN_VALUE) {
            return memo[member.index];
        }
        int d;
        if (member.index == 0) {
            d = 0;
        } else {
            Simulation.Member parent = member.parent();
            memo[member.index] = -1; // guards against a cycle
            int pd = parent == null || parent.left ? -1 : depthOf(parent, memo);
            d = pd < 0 ? -1 : pd + 1;
        }
        memo[member.index] = d;
        return d;
    }

    /**
     * The share of a tree's nodes at the depth a breadth-first tree of the same size would give
     * them: level d of that tree holds maxDegree^d nodes, the last level what is left.
     */
    public static double sameDepthFraction(int[] histogram, int maxDegree) {
        long total = Arrays.stream(histogram).asLongStream().sum();
        if (total == 0) {
            return 0;
        }
        long remaining = total;
        long level = 1;
        long same = 0;
        for (int d = 0; remaining > 0; d++) {
            long ideal = Math.min(level, remaining);
            same += Math.min(ideal, d < histogram.length ? histogram[d] : 0);
            remaining -= ideal;
            level = Math.min(level * maxDegree, Long.MAX_VALUE / Math.max(2, maxDegree));
        }
        return (double) same / total;
    }

    /** A readable summary with a depth histogram. */
    public String summary() {
        StringBuilder s = new StringBuilder();
        s.append(String.format("Simulated %,d joiners, maxDegree %d, seed %d (%s, latency %d ms%s)%n", nodes, maxDegree,
                seed, intervalMs == 0 ? "all at once" : "one every " + intervalMs + " ms", latencyMs,
                leaveFraction > 0 ? String.format(", %.0f%% leaving", leaveFraction * 100) : ""));
        s.append(String.format("  joined      %,d of %,d%s%n", joined, nodes,
                left + orphaned + failed > 0 ? String.format(" (left %,d, orphaned %,d, failed %,d)", left, orphaned, failed) : ""));
        s.append(String.format("  join time   p50 %d ms, p95 %d ms, max %d ms (virtual); retries %,d%n",
                joinMsP50, joinMsP95, joinMsMax, retries));
        s.append(String.format("  tree        max depth %d, max children %d, same depth as breadth-first %.3f%n",
                maxDepth, maxChildren, sameDepthFraction));
        s.append(String.format("  requests    %,d candidates, %,d delegated, %,d stored, %,d dropped%n",
                candidates, delegated, stored, dropped));
        s.append(String.format("  time        %,d ms virtual, %,d ms wall%n", virtualMs, wallMs));
        s.append("  depth histogram\n");
        int widest = Arrays.stream(depthHistogram).max().orElse(1);
        for (int d = 0; d < depthHistogram.length; d++) {
            int bar = (int) Math.round(40.0 * depthHistogram[d] / Math.max(1, widest));
            s.append(String.format("  %4d %9d %s%n", d, depthHistogram[d], "#".repeat(Math.max(bar, depthHistogram[d] > 0 ? 1 : 0))));
        }
        return s.toString();
    }
}
