package org.genet.overlay;

import com.fasterxml.jackson.databind.JsonNode;

/** What a simple-peer signal carries (PROTOCOL.md section 3). */
public enum SignalKind {
    OFFER, ANSWER, CANDIDATE, END_OF_CANDIDATES, OTHER;

    public static SignalKind of(JsonNode signal) {
        if (signal == null || !signal.isObject()) {
            return OTHER;
        }
        JsonNode candidate = signal.get("candidate");
        return of(signal.path("type").asText(""), signal.hasNonNull("sdp"),
                candidate == null ? null : candidate.isObject() ? candidate.path("candidate").asText("") : null);
    }

    /**
     * @param type the signal's {@code type}, or ""
     * @param hasSdp whether it has an {@code sdp}
     * @param candidate the candidate string of its {@code candidate} object, or null if it has none
     */
    static SignalKind of(String type, boolean hasSdp, String candidate) {
        if (hasSdp) {
            return "answer".equals(type) ? ANSWER : "offer".equals(type) ? OFFER : OTHER;
        }
        if (candidate != null) {
            return candidate.isEmpty() ? END_OF_CANDIDATES : CANDIDATE;
        }
        return OTHER;
    }

    public String label() {
        return name().toLowerCase().replace('_', '-');
    }
}
