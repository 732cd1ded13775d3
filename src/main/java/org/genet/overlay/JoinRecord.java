package org.genet.overlay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one node did with one join request (docs/EXTENSIONS.md, {@code joins}): the steps it took
 * for the request's signals and where the request ended at this node. Immutable. Times are
 * milliseconds on the handling node's clock ({@code firstAt}) and offsets from it (the rest), so
 * records of nodes whose clocks differ still give true durations.
 *
 * @param node the handling node's id
 * @param origin the joiner's signaling id
 * @param maxDegree the handling node's maxDegree when it first handled the request
 * @param firstAt when its first signal arrived, on the handling node's clock
 * @param joinerId the joiner's node id, from its hello, once it is this node's child; else null
 * @param joinerName the joiner's name, from its hello; else null
 * @param steps what the node did, in order; consecutive signals handled alike share one step
 * @param outcome where the request ended here
 * @param outcomeAfterMs when the outcome came, from {@code firstAt}; -1 while pending
 * @param reason why it failed or was dropped, else null
 */
public record JoinRecord(String node, String origin, int maxDegree, long firstAt, String joinerId, String joinerName,
                         List<Step> steps, Outcome outcome, long outcomeAfterMs, String reason) {

    /** Steps one record keeps; later ones only count in the last step's signals. */
    public static final int MAX_STEPS = 32;

    public JoinRecord {
        steps = List.copyOf(steps);
    }

    /** A constant's label in the records' JSON: its name in lower case, its words joined by '-'. */
    private static String label(Enum<?> constant) {
        return constant.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The constant of this label, or null. */
    private static <E extends Enum<E>> E byLabel(E[] constants, String label) {
        for (E constant : constants) {
            if (label(constant).equals(label)) {
                return constant;
            }
        }
        return null;
    }

    /** What a node did with one or more consecutive signals of the request. */
    public enum Action {
        /** Became a candidate: this node answers the joiner. */
        CANDIDATE,
        /** A further signal applied to the candidate's connection. */
        SIGNAL_CANDIDATE,
        /** Forwarded to the child in the hash slot. */
        DELEGATE,
        /** Forwarded to the next child, because the hash slot was empty and no candidate would fill it. */
        REDIRECT,
        /** Stored for the hash slot, which had no child yet. */
        STORE,
        /** Dropped: a signal of an origin already connected or given up on, or with no offer before it. */
        LATE,
        /** Dropped for another reason (too many signals, an offer of a settled origin). */
        DROP,
        /** A stored request whose time ran out. */
        EXPIRE;

        public String label() {
            return JoinRecord.label(this);
        }
    }

    /** Where the request ended at this node. */
    public enum Outcome {
        /** Still being handled: a candidate not yet connected, or stored. */
        PENDING,
        /** Became this node's child. */
        CONNECTED,
        /** Handed down to a child: the child's record goes on. */
        DELEGATED,
        /** A candidate that did not connect in time, or a stored request that ran out of time. */
        EXPIRED,
        /** A candidate whose connection failed. */
        FAILED,
        /** Only dropped signals. */
        DROPPED;

        public String label() {
            return JoinRecord.label(this);
        }
    }

    /**
     * One step.
     *
     * @param atMs when, from the record's {@code firstAt}
     * @param action what the node did
     * @param hashSlot {@code hash31(origin, node) mod maxDegree} for a delegate, redirect or store; else -1
     * @param slot the slot of the child the signals went to (a redirect: not the hash slot), or stored in; else -1
     * @param child the id of that child (its own node id if it said hello, else the first six
     *        characters of its origin); null if none
     * @param childName that child's name, or null
     * @param signals how many signals of each kind ("offer", "candidate", "answer", ...)
     * @param replay whether these were stored signals handled again
     * @param waitedMs for a store step, how long the request waited in the slot before it was handled
     *        again or expired; -1 while it waits (or for another action)
     * @param reason the node's reason, or null
     */
    public record Step(long atMs, Action action, int hashSlot, int slot, String child, String childName,
                       SortedMap<String, Integer> signals, boolean replay, long waitedMs, String reason) {
        public Step {
            signals = Collections.unmodifiableSortedMap(new TreeMap<>(signals));
        }

        public int signalCount() {
            return signals.values().stream().mapToInt(Integer::intValue).sum();
        }

        Step withSignal(String kind) {
            SortedMap<String, Integer> more = new TreeMap<>(signals);
            more.merge(kind, 1, Integer::sum);
            return new Step(atMs, action, hashSlot, slot, child, childName, more, replay, waitedMs, reason);
        }

        Step withWaited(long waited) {
            return new Step(atMs, action, hashSlot, slot, child, childName, signals, replay, waited, reason);
        }

        Step withChild(String child, String childName) {
            return new Step(atMs, action, hashSlot, slot, child, childName, signals, replay, waitedMs, reason);
        }
    }

    /** The key under which records are held: one record per node and origin. */
    public String key() {
        return node + "/" + origin;
    }

    /** The first step that handed the request to a child (delegate or redirect), or null. */
    public Step handedDown() {
        for (Step s : steps) {
            if ((s.action() == Action.DELEGATE || s.action() == Action.REDIRECT) && s.child() != null) {
                return s;
            }
        }
        return null;
    }

    /** Whether this node made the joiner a candidate. */
    public boolean becameCandidate() {
        return steps.stream().anyMatch(s -> s.action() == Action.CANDIDATE);
    }

    /** Whether the request waited in a stored slot here. */
    public boolean stored() {
        return steps.stream().anyMatch(s -> s.action() == Action.STORE);
    }

    // ---- JSON (docs/EXTENSIONS.md, joins) -------------------------------------------------------

    public ObjectNode toJson() {
        ObjectNode n = Wire.json().createObjectNode();
        n.put("node", node);
        n.put("origin", origin);
        n.put("maxDegree", maxDegree);
        n.put("first", firstAt);
        if (joinerId != null) {
            n.put("joiner", joinerId);
        }
        if (joinerName != null) {
            n.put("joinerName", joinerName);
        }
        ArrayNode s = n.putArray("steps");
        for (Step step : steps) {
            ObjectNode j = s.addObject();
            j.put("at", step.atMs());
            j.put("action", step.action().label());
            if (step.hashSlot() >= 0) {
                j.put("hash", step.hashSlot());
            }
            if (step.slot() >= 0) {
                j.put("slot", step.slot());
            }
            if (step.child() != null) {
                j.put("child", step.child());
            }
            if (step.childName() != null) {
                j.put("childName", step.childName());
            }
            ObjectNode sig = j.putObject("signals");
            step.signals().forEach(sig::put);
            if (step.replay()) {
                j.put("replay", true);
            }
            if (step.waitedMs() >= 0) {
                j.put("waited", step.waitedMs());
            }
            if (step.reason() != null) {
                j.put("reason", step.reason());
            }
        }
        n.put("outcome", outcome.label());
        if (outcomeAfterMs >= 0) {
            n.put("after", outcomeAfterMs);
        }
        if (reason != null) {
            n.put("reason", reason);
        }
        return n;
    }

    /** Reads a record, checking every field as a report's nodes are checked; throws on a bad one. */
    public static JoinRecord fromJson(JsonNode n) throws WireException {
        if (n == null || !n.isObject()) {
            throw new WireException("joins: a record is not an object");
        }
        String node = text(n, "node", Reports.MAX_ID_LENGTH, true);
        String origin = text(n, "origin", 64, true);
        if (origin.length() < 6) {
            throw new WireException("joins: origin " + origin + " is shorter than 6 characters");
        }
        int maxDegree = n.path("maxDegree").canConvertToInt() ? n.path("maxDegree").asInt() : -1;
        if (maxDegree < -1 || maxDegree > Reports.MAX_SLOTS) {
            throw new WireException("joins: maxDegree " + maxDegree);
        }
        long first = n.path("first").canConvertToLong() ? n.path("first").asLong() : 0;
        String joiner = text(n, "joiner", Reports.MAX_ID_LENGTH, false);
        String joinerName = text(n, "joinerName", Reports.MAX_NAME_LENGTH, false);
        List<Step> steps = new ArrayList<>();
        JsonNode s = n.path("steps");
        if (!s.isArray() && !s.isMissingNode()) {
            throw new WireException("joins: steps is not an array");
        }
        for (JsonNode j : s) {
            if (steps.size() >= MAX_STEPS) {
                break;
            }
            Action action = byLabel(Action.values(), j.path("action").asText(""));
            if (action == null) {
                throw new WireException("joins: unknown action " + cut(j.path("action").asText(""), 16));
            }
            SortedMap<String, Integer> signals = new TreeMap<>();
            for (var it = j.path("signals").fields(); it.hasNext() && signals.size() < 8; ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().canConvertToInt() && e.getValue().asInt() > 0) {
                    signals.put(cut(e.getKey(), 24), e.getValue().asInt());
                }
            }
            steps.add(new Step(j.path("at").asLong(0), action, slotOr(j, "hash"), slotOr(j, "slot"),
                    text(j, "child", Reports.MAX_ID_LENGTH, false), text(j, "childName", Reports.MAX_NAME_LENGTH, false),
                    signals, j.path("replay").asBoolean(false), j.path("waited").canConvertToLong() ? j.path("waited").asLong() : -1,
                    text(j, "reason", 200, false)));
        }
        Outcome outcome = byLabel(Outcome.values(), n.path("outcome").asText(""));
        if (outcome == null) {
            throw new WireException("joins: unknown outcome " + cut(n.path("outcome").asText(""), 16));
        }
        long after = n.path("after").canConvertToLong() ? n.path("after").asLong() : -1;
        return new JoinRecord(node, origin, maxDegree, first, joiner, joinerName, steps, outcome, after,
                text(n, "reason", 200, false));
    }

    private static int slotOr(JsonNode j, String field) throws WireException {
        if (!j.has(field)) {
            return -1;
        }
        int slot = j.path(field).asInt(-1);
        if (slot < 0 || slot >= Reports.MAX_SLOTS) {
            throw new WireException("joins: " + field + " " + cut(j.path(field).asText(), 8));
        }
        return slot;
    }

    private static String text(JsonNode n, String field, int max, boolean required) throws WireException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new WireException("joins: a record has no " + field);
            }
            return null;
        }
        if (!v.isTextual() || v.asText().isEmpty()) {
            throw new WireException("joins: " + field + " is not a string");
        }
        if (required && (v.asText().length() > max || !NetText.isClean(v.asText()))) {
            throw new WireException("joins: " + field + " is longer than " + max + " characters or holds control characters");
        }
        return NetText.clean(v.asText(), max);
    }

    private static String cut(String s, int max) {
        return NetText.clean(s, max);
    }
}
