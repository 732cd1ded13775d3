package org.genet.overlay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The self-repair extension messages (docs/EXTENSIONS.md): {@code keepalive}, sent both ways to
 * neighbours that take extensions, and {@code position}, sent by a parent to its children when
 * they connect and whenever its depth or its way up to the root changes.
 */
final class RepairExtensions {
    static final String KEY = "genet";
    static final String KEEPALIVE = "keepalive";
    static final String POSITION = "position";

    private static final String KEEPALIVE_FRAME;

    static {
        ObjectNode data = Wire.json().createObjectNode();
        data.put(KEY, KEEPALIVE);
        KEEPALIVE_FRAME = Wire.dataFrame(data);
    }

    private RepairExtensions() {
    }

    /** The extension kind of a DATA payload, or null when it is application data. */
    static String kindOf(JsonNode data) {
        JsonNode kind = data.isObject() ? data.get(KEY) : null;
        return kind != null && kind.isTextual() ? kind.asText() : null;
    }

    static String keepalive() {
        return KEEPALIVE_FRAME;
    }

    /** The sender's depth (the root is at 0; -1 unknown) and whether it has a way up to the root. */
    static String position(int depth, boolean attached) {
        ObjectNode data = Wire.json().createObjectNode();
        data.put(KEY, POSITION);
        data.put("depth", depth);
        data.put("attached", attached);
        return Wire.dataFrame(data);
    }
}
