package org.genet.overlay;

import java.util.List;
import org.genet.overlay.JoinRecord.Outcome;
import org.genet.overlay.JoinRecord.Step;

/**
 * One join request's way through the tree, as the top node (the root) sees it: the records of the
 * nodes its signals went through, from the top down to where it became a candidate (or ended).
 *
 * @param origin the joiner's signaling id
 * @param joinerId the joiner's node id, once known (from its hello to its parent)
 * @param joinerName the joiner's name, or null
 * @param firstAt when its first signal reached the top node, on the top node's clock
 * @param hops the records of the nodes it went through, top first
 * @param outcome the last hop's outcome ({@link Outcome#DELEGATED}: the next node's record is not known)
 * @param connectMs from the first signal at the top to the connection: the time each hop held
 *        the request before handing it down, plus the last hop's time to connect (on each node's
 *        own clock; the offer's transit between hops is not counted); -1 unless connected
 */
public record JoinPath(String origin, String joinerId, String joinerName, long firstAt, List<JoinRecord> hops,
                       Outcome outcome, long connectMs) {
    public JoinPath {
        hops = List.copyOf(hops);
    }

    /** How every place names the joiner: its name, else its node id, else its origin's first six characters. */
    public String joinerLabel() {
        return joinerName != null ? joinerName : joinerId != null ? joinerId : EventText.short6(origin);
    }

    /** The node that made the joiner a candidate (its parent, once connected), or null. */
    public String finalParent() {
        JoinRecord last = hops.get(hops.size() - 1);
        return last.becameCandidate() ? last.node() : null;
    }

    /** The joiner's depth below the top node once it connects (the top's children are at 1). */
    public int depth() {
        return hops.size();
    }

    /** Whether it waited in a stored slot on the way. */
    public boolean stored() {
        return hops.stream().anyMatch(JoinRecord::stored);
    }

    /** Whether it failed: expired, failed or dropped. */
    public boolean failed() {
        return outcome == Outcome.EXPIRED || outcome == Outcome.FAILED || outcome == Outcome.DROPPED;
    }

    /** The hop's hand-down step (delegate or redirect), or null where the request stopped. */
    public static Step handedDown(JoinRecord hop) {
        return hop.handedDown();
    }

    /**
     * The hash a hop computed for the request: {@code hash31(parseInt(origin[0..6], 16) XOR parseInt(node, 10))},
     * or -1 where the record's ids are not the protocol's (a node id that is not a number).
     */
    public static long hashValue(JoinRecord hop) {
        try {
            int prefix = Integer.parseInt(hop.origin().substring(0, 6), 16);
            return Hash31.hash31(prefix ^ Integer.parseInt(hop.node()));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /**
     * "hash31(0eb960, 153113) = 1425960703, mod 2 = 1, child 902355": the arithmetic of a hop that handed
     * the request down, with the hash's value so that it can be checked by eye; the child by its id.
     */
    public static String arithmetic(JoinRecord hop, Step step) {
        return arithmetic(hop, step, false);
    }

    /** The same, the child named by its name when it has one ({@code names}), for people rather than files. */
    public static String arithmetic(JoinRecord hop, Step step, boolean names) {
        StringBuilder s = new StringBuilder();
        s.append("hash31(").append(EventText.short6(hop.origin())).append(", ").append(hop.node()).append(')');
        long hash = hashValue(hop);
        if (hash >= 0) {
            s.append(" = ").append(hash).append(", mod ");
        } else {
            s.append(" mod ");
        }
        s.append(hop.maxDegree()).append(" = ").append(step.hashSlot());
        if (step.action() == JoinRecord.Action.REDIRECT) {
            boolean silent = step.reason() != null && step.reason().contains(Node.CHILD_SILENT);
            s.append(silent ? ", its child silent: next child heard from in slot " : ", empty: next child in slot ")
                    .append(step.slot());
        }
        if (step.child() != null) {
            s.append(", child ").append(names && step.childName() != null ? step.childName() : step.child());
        }
        return s.toString();
    }

    /** One line per hop: the node, what it did, the arithmetic and the waits, for labels, logs and the CSV. */
    public static String describe(JoinRecord hop) {
        return hop.node() + ": " + decisions(hop, false);
    }

    /**
     * What a hop did, without its node: "delegate (hash31(...) = ..., mod 2 = 1, child bob) -> delegated";
     * children by name where they have one ({@code names}), else by id.
     */
    public static String decisions(JoinRecord hop, boolean names) {
        StringBuilder s = new StringBuilder();
        boolean first = true;
        String downTo = null;
        for (Step step : hop.steps()) {
            if (step.action() == JoinRecord.Action.SIGNAL_CANDIDATE) {
                continue;
            }
            boolean down = step.action() == JoinRecord.Action.DELEGATE || step.action() == JoinRecord.Action.REDIRECT;
            if (down && step.child() != null && step.child().equals(downTo) && !step.replay()) {
                continue; // further signals following the first to the same child
            }
            if (down) {
                downTo = step.child();
            }
            if (!first) {
                s.append("; ");
            }
            first = false;
            switch (step.action()) {
                case DELEGATE, REDIRECT -> s.append(step.action().label()).append(" (").append(arithmetic(hop, step, names)).append(')');
                case STORE -> {
                    s.append("store in slot ").append(step.slot());
                    if (step.waitedMs() >= 0) {
                        s.append(" for ").append(step.waitedMs()).append(" ms");
                    } else {
                        s.append(" (waiting)");
                    }
                }
                case CANDIDATE -> s.append("candidate");
                default -> s.append(step.action().label());
            }
            if (step.replay()) {
                s.append(" [stored, again]");
            }
        }
        s.append(" -> ").append(hop.outcome().label());
        if (hop.outcome() == Outcome.CONNECTED && hop.outcomeAfterMs() >= 0) {
            s.append(" after ").append(hop.outcomeAfterMs()).append(" ms");
        }
        return s.toString();
    }
}
