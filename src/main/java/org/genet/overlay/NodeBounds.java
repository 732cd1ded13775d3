package org.genet.overlay;

/**
 * Everything a neighbour (a child, a parent, or joiners through the root socket) can make a node
 * hold, and how fast it may send it; the node's counterpart of the bootstrap server's bounds. A
 * child or parent that passes a bound meant for it is closed, and named once in the log; the tree
 * and the good neighbours go on. Joiners' signals past their bounds are dropped (the root socket is
 * never closed for a joiner's fault). Immutable; {@link #DEFAULT} holds the defaults, each
 * {@code with...} returns a changed copy. docs/deploy.md lists them beside the server's.
 *
 * @param subtreeNodes nodes held for one child's subtree, counting the "unknown" nodes its reports
 *     name as children but never report: a report past it closes the child
 * @param childrenPerNode children one reported node may list: past it, the child is closed
 * @param signalsPerJoiner signals of one joiner this node applies, passes down or stores: past it,
 *     the joiner is cut off (its candidate given up, its further signals dropped)
 * @param storedRequests join requests stored in all (waiting for a slot's child): past it, new
 *     ones are dropped
 * @param storedBytes bytes of stored join requests in all: past it, new ones are dropped
 * @param extensionBytesPerSecond bytes of topology reports and join records one child may send a
 *     second on average; past it (and the burst), the child is closed
 * @param extensionBytesBurst the bytes of reports and records a child may send at once (a full
 *     report of a large subtree after it joins)
 * @param parentRequestsPerSecond join requests a parent may pass this node a second on average;
 *     past it (and the burst), the parent is closed and this node rejoins elsewhere
 * @param parentRequestBurst the join requests a parent may pass at once
 * @param logLinesPerSecond event lines of one kind a command prints a second (join requests,
 *     dropped frames, data): the rest are counted and the count printed with the next line
 * @param maxDepth the deepest depth believed from a hello: a deeper one is taken as this
 */
public record NodeBounds(int subtreeNodes, int childrenPerNode, int signalsPerJoiner, int storedRequests,
                         long storedBytes, int extensionBytesPerSecond, int extensionBytesBurst,
                         int parentRequestsPerSecond, int parentRequestBurst, int logLinesPerSecond, int maxDepth) {

    public static final NodeBounds DEFAULT = new NodeBounds(Reports.MAX_SUBTREE_NODES, Reports.MAX_SLOTS, Node.MAX_SIGNALS_PER_ORIGIN, 16_384, 16L << 20,
            256 * 1024, 4 << 20, 1_000, 5_000, 20, 100_000);

    public NodeBounds {
        atLeast(subtreeNodes, 1, "subtreeNodes");
        atLeast(childrenPerNode, 1, "childrenPerNode");
        if (childrenPerNode > Reports.MAX_SLOTS) {
            throw new IllegalArgumentException("childrenPerNode must be at most " + Reports.MAX_SLOTS);
        }
        atLeast(signalsPerJoiner, 1, "signalsPerJoiner");
        atLeast(storedRequests, 0, "storedRequests");
        if (storedBytes < 0) {
            throw new IllegalArgumentException("storedBytes must not be negative");
        }
        atLeast(extensionBytesPerSecond, 1, "extensionBytesPerSecond");
        atLeast(extensionBytesBurst, 1, "extensionBytesBurst");
        atLeast(parentRequestsPerSecond, 1, "parentRequestsPerSecond");
        atLeast(parentRequestBurst, 1, "parentRequestBurst");
        atLeast(logLinesPerSecond, 1, "logLinesPerSecond");
        atLeast(maxDepth, 1, "maxDepth");
    }

    private static void atLeast(long value, long min, String what) {
        if (value < min) {
            throw new IllegalArgumentException(what + " must be at least " + min + ", not " + value);
        }
    }

    public NodeBounds withSubtreeNodes(int n) {
        return new NodeBounds(n, childrenPerNode, signalsPerJoiner, storedRequests, storedBytes, extensionBytesPerSecond,
                extensionBytesBurst, parentRequestsPerSecond, parentRequestBurst, logLinesPerSecond, maxDepth);
    }

    public NodeBounds withChildrenPerNode(int n) {
        return new NodeBounds(subtreeNodes, n, signalsPerJoiner, storedRequests, storedBytes, extensionBytesPerSecond,
                extensionBytesBurst, parentRequestsPerSecond, parentRequestBurst, logLinesPerSecond, maxDepth);
    }

    public NodeBounds withSignalsPerJoiner(int n) {
        return new NodeBounds(subtreeNodes, childrenPerNode, n, storedRequests, storedBytes, extensionBytesPerSecond,
                extensionBytesBurst, parentRequestsPerSecond, parentRequestBurst, logLinesPerSecond, maxDepth);
    }

    public NodeBounds withStored(int requests, long bytes) {
        return new NodeBounds(subtreeNodes, childrenPerNode, signalsPerJoiner, requests, bytes, extensionBytesPerSecond,
                extensionBytesBurst, parentRequestsPerSecond, parentRequestBurst, logLinesPerSecond, maxDepth);
    }

    public NodeBounds withExtensionBytes(int perSecond, int burst) {
        return new NodeBounds(subtreeNodes, childrenPerNode, signalsPerJoiner, storedRequests, storedBytes, perSecond,
                burst, parentRequestsPerSecond, parentRequestBurst, logLinesPerSecond, maxDepth);
    }

    public NodeBounds withParentRequests(int perSecond, int burst) {
        return new NodeBounds(subtreeNodes, childrenPerNode, signalsPerJoiner, storedRequests, storedBytes,
                extensionBytesPerSecond, extensionBytesBurst, perSecond, burst, logLinesPerSecond, maxDepth);
    }

    public NodeBounds withLogLinesPerSecond(int n) {
        return new NodeBounds(subtreeNodes, childrenPerNode, signalsPerJoiner, storedRequests, storedBytes,
                extensionBytesPerSecond, extensionBytesBurst, parentRequestsPerSecond, parentRequestBurst, n, maxDepth);
    }

    public NodeBounds withMaxDepth(int n) {
        return new NodeBounds(subtreeNodes, childrenPerNode, signalsPerJoiner, storedRequests, storedBytes,
                extensionBytesPerSecond, extensionBytesBurst, parentRequestsPerSecond, parentRequestBurst,
                logLinesPerSecond, n);
    }

    /**
     * A token bucket on a node's clock (ms): {@code perSecond} a second on average, bursts of
     * {@code burst}. For one neighbour, on the node's thread.
     */
    static final class Rate {
        private double tokens = -1;
        private long last;

        /** Takes {@code n} if there are as many; false means the sender passed its bound. */
        boolean take(long nowMs, double n, double perSecond, double burst) {
            if (tokens < 0) {
                tokens = burst;
                last = nowMs;
            }
            tokens = Math.min(burst, tokens + Math.max(0, nowMs - last) * perSecond / 1000.0);
            last = nowMs;
            if (tokens < n) {
                return false;
            }
            tokens -= n;
            return true;
        }
    }
}
