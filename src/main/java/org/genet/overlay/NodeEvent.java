package org.genet.overlay;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a node reports. The original's events keep their names ({@code parent-connect},
 * {@code child-close}, {@code data}, ...); the rest let an observer follow every join request.
 */
public sealed interface NodeEvent {

    /**
     * A short kebab-case name, the same in logs, the app's filter and docs: the record's own name
     * in kebab case ({@code ParentConnect}: {@code parent-connect}) unless the record says otherwise.
     */
    default String kind() {
        return EventKinds.of(getClass());
    }

    /** What a node did with one join request. */
    enum Decision {
        /** Became a new candidate: this node answers the joiner. */
        CANDIDATE,
        /** A further signal for a current candidate, applied to its connection. */
        SIGNAL_CANDIDATE,
        /** Forwarded to the child in {@code slot}. */
        DELEGATE,
        /** Stored for {@code slot}, which has no child yet. */
        STORE,
        /** Dropped; {@code reason} says why. */
        DROP
    }

    record RootOpen() implements NodeEvent {
    }

    record RootClose(String reason) implements NodeEvent {
    }

    record JoinStart() implements NodeEvent {
    }

    /** A join attempt ended without a parent: timed out, or its connection failed. */
    record JoinFail(String reason) implements NodeEvent {
    }

    record ParentConnect(Channel channel) implements NodeEvent {
    }

    record ParentClose(Channel channel) implements NodeEvent {
    }

    record ParentError(Channel channel, String reason) implements NodeEvent {
    }

    record ChildConnect(Channel channel) implements NodeEvent {
    }

    record ChildClose(Channel channel) implements NodeEvent {
    }

    record ChildError(Channel channel, String reason) implements NodeEvent {
    }

    record CandidateCreate(Candidate candidate) implements NodeEvent {
    }

    /** A candidate left without becoming a child: expired, or its connection failed. */
    record CandidateDrop(Candidate candidate, String reason) implements NodeEvent {
    }

    /**
     * One join request handled. {@code slot} is the slot delegated or stored to, else -1.
     * {@code replay} is true when it was a stored request handled again.
     */
    record JoinRequestHandled(String origin, SignalKind signal, Decision decision, int slot, String reason,
                              boolean replay) implements NodeEvent {
        public String kind() { return "join-request"; }
    }

    /** A stored request whose joiner has given up by now. */
    record RequestExpire(String origin, int slot) implements NodeEvent {
    }

    record Data(JsonNode data, Channel channel, boolean isParent) implements NodeEvent {
    }

    /** A frame that breaks the protocol, dropped; {@code channel} is null for the root socket. */
    record MessageDrop(Channel channel, String reason) implements NodeEvent {
    }

    /** A neighbour that speaks Genet said who it is (docs/EXTENSIONS.md); see {@link Channel#label()}. */
    record Hello(Channel channel) implements NodeEvent {
    }

    /** The tree this node knows (itself and its subtree; at the root the whole tree) changed. */
    record TopologyChange(TreeSnapshot topology) implements NodeEvent {
        public String kind() { return "topology"; }
    }

    record MaxDegreeChange(int maxDegree) implements NodeEvent {
        public String kind() { return "max-degree"; }
    }

    /**
     * The node lost its parent (or, as the root, its socket) and tries again in {@code delayMs}:
     * {@code asRoot} by taking the root socket, else by joining with its subtree.
     */
    record Rejoining(int attempt, long delayMs, boolean asRoot) implements NodeEvent {
    }

    /** The repair is over: a new parent (or the root socket) after {@code afterMs} and {@code attempts}. */
    record Rejoined(long afterMs, int attempts, boolean asRoot) implements NodeEvent {
    }

    /** What the node knows of its place changed: its depth (-1 unknown) and its way up to the root. */
    record PositionChange(int depth, boolean attached) implements NodeEvent {
        public String kind() { return "position"; }
    }

    /** How the connection to a neighbour got through (its selected candidate pair), once known. */
    record Link(Channel channel, CandidatePair pair) implements NodeEvent {
    }

    record Close() implements NodeEvent {
    }
}
