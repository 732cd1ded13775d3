package org.genet.app;

import java.util.List;
import java.util.SortedMap;

/**
 * What the node sees of its neighbourhood at one moment: its parent, its children by slot, its
 * candidates and the requests stored per slot. Round-trip times are of the last ping answered.
 * The parent is named as it names itself (its name, else its id) and has an implementation once
 * it said hello; a child's id is its own node id once it said hello.
 */
public record Topology(boolean hasParent, String parentLabel, String parentImpl, Double parentRttMs, List<Child> children,
                       List<Pending> candidates, SortedMap<Integer, Integer> stored,
                       String parentLink /* direct, nat, relay; null unknown */) {

    public Topology(boolean hasParent, String parentLabel, String parentImpl, Double parentRttMs, List<Child> children,
                    List<Pending> candidates, SortedMap<Integer, Integer> stored) {
        this(hasParent, parentLabel, parentImpl, parentRttMs, children, candidates, stored, null);
    }

    /** A child; {@code link} says how the connection to it got through (direct, nat, relay), null if not known. */
    public record Child(int slot, String id, Double rttMs, String link) {
        public Child(int slot, String id, Double rttMs) {
            this(slot, id, rttMs, null);
        }
    }

    /** A candidate, and when (wall clock, ms) this node gives up on it. */
    public record Pending(String origin, long expiresAtWallMs) {
    }

    public static Topology empty() {
        return new Topology(false, null, null, null, List.of(), List.of(), new java.util.TreeMap<>());
    }
}
