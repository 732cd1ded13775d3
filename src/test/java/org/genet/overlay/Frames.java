package org.genet.overlay;

/** Frames as the server and the original nodes write them, for tests. */
final class Frames {
    static final String OFFER = "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\n\"}";
    static final String CANDIDATE = "{\"type\":\"candidate\",\"candidate\":{\"candidate\":"
            + "\"candidate:1510613869 1 udp 2122063615 127.0.0.1 59760 typ host generation 0\","
            + "\"sdpMLineIndex\":0,\"sdpMid\":\"0\"}}";

    private Frames() {
    }

    /** An origin: 32 hex characters, starting with {@code prefix}. */
    static String origin(String prefix) {
        return (prefix + "0".repeat(32)).substring(0, 32);
    }

    /** What the server sends the root socket. */
    static String rootMessage(String origin, String signal, int rank) {
        return "{\"origin\":\"" + origin + "\",\"destination\":null,\"signal\":" + signal + ",\"rank\":" + rank + "}";
    }

    /** A join request on a tree channel. */
    static String joinRequest(String origin, String signal, int rank) {
        return "{\"origin\":\"" + origin + "\",\"destination\":null,\"signal\":" + signal + ",\"rank\":" + rank
                + ",\"type\":\"JOIN-REQUEST\"}";
    }
}
