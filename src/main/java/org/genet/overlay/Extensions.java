package org.genet.overlay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Genet's extension messages (docs/EXTENSIONS.md): a {@code DATA} frame whose data is an object
 * with a {@code "genet"} key naming the kind. Only peers known to speak Genet get them: a child
 * whose data channel label starts with {@code genet/}, and a parent that sent a hello.
 */
public final class Extensions {
    /** The label prefix of a Genet joiner's data channel; 40 random hex characters follow. */
    public static final String CHANNEL_LABEL_PREFIX = "genet/1:";
    /** The key of an extension payload, and the version of the payloads below. */
    public static final String KEY = "genet";
    public static final int VERSION = 1;

    public static final String HELLO = "hello";
    public static final String REPORT = "report";
    public static final String PING = "ping";
    public static final String PONG = "pong";
    public static final String KEEPALIVE = "keepalive";

    private Extensions() {
    }

    /** Whether a data channel label says its joiner speaks Genet. */
    public static boolean isGenetLabel(String label) {
        return label != null && label.startsWith("genet/");
    }

    /** The kind of an extension payload, or null when {@code data} is not one. */
    public static String kindOf(JsonNode data) {
        if (data == null || !data.isObject()) {
            return null;
        }
        JsonNode kind = data.get(KEY);
        return kind != null && kind.isTextual() ? kind.asText() : null;
    }

    /** A new payload {@code {"genet":kind,"v":1}} to fill in. */
    public static ObjectNode payload(String kind) {
        ObjectNode payload = Wire.json().createObjectNode();
        payload.put(KEY, kind);
        payload.put("v", VERSION);
        return payload;
    }
}
