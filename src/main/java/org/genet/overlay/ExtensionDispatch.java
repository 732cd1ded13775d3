package org.genet.overlay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Genet's extensions (docs/EXTENSIONS.md) in a {@link Node}: which {@code DATA} payloads are
 * extension messages, and who takes each kind ({@link Hellos}, {@link TopologyReports},
 * {@link ParentPing}, {@link Liveness}'s keepalives, and the handlers others attach, such as
 * {@link TreeInfo} and {@link JoinRecords}). Part of the node, on its scheduler's thread, with no
 * I/O of its own.
 *
 * <p>Invariants it keeps:
 * <ul>
 *   <li>Extension payloads go to, and are taken from, only the neighbours known to speak Genet (a
 *       child from its channel label, a parent from its hello), and only while the node speaks
 *       extensions: from any other neighbour a payload is its application's.</li>
 *   <li>Extension payloads are consumed here: the application's {@code data} events never see
 *       them.</li>
 *   <li>A child's reports and join records together stay within
 *       {@link NodeBounds#extensionBytesPerSecond()}: over it, the child is closed.</li>
 *   <li>A handler that fails is logged and does not reach the node.</li>
 * </ul>
 */
final class ExtensionDispatch {
    private static final Logger log = LoggerFactory.getLogger(ExtensionDispatch.class);

    private final Node node;
    private boolean extensions = true;
    private final Map<String, BiConsumer<Channel, JsonNode>> extensionHandlers = new HashMap<>();

    ExtensionDispatch(Node node) {
        this.node = node;
        // Any frame from a neighbour shows it is alive; a keepalive says nothing more.
        extensionHandlers.put(Extensions.KEEPALIVE, Liveness.KEEPALIVE_HEARD);
    }

    /** Whether the node speaks Genet's extensions. */
    boolean enabled() {
        return extensions;
    }

    void setEnabled(boolean extensions) {
        this.extensions = extensions;
    }

    /** See {@link Node#onExtension}. */
    void onExtension(String kind, BiConsumer<Channel, JsonNode> handler) {
        extensionHandlers.put(Objects.requireNonNull(kind), Objects.requireNonNull(handler));
    }

    BiConsumer<Channel, JsonNode> handler(String kind) {
        return extensionHandlers.get(kind);
    }

    /** See {@link Node#sendExtension}. */
    boolean sendExtension(Channel channel, ObjectNode payload) {
        if (!extensions || !channel.genet || Extensions.kindOf(payload) == null) {
            return false;
        }
        channel.transmit(Wire.dataFrame(payload));
        return true;
    }

    /** Consumes an extension payload from the parent; false if {@code data} is the application's. */
    boolean fromParent(Channel channel, JsonNode data) {
        String kind = extensions ? Extensions.kindOf(data) : null;
        if (kind == null) {
            return false;
        }
        if (Extensions.HELLO.equals(kind)) {
            node.hellos.fromParent(channel, data);
            return true;
        }
        if (!channel.genet) {
            return false; // not known to speak Genet: such a payload is its application's
        }
        if (Extensions.PONG.equals(kind)) {
            node.pings.pong(data);
        } else {
            extension(channel, kind, data);
        }
        return true;
    }

    /** Consumes an extension payload from a child; false if {@code data} is the application's. */
    boolean fromChild(Channel channel, JsonNode data, int bytes) {
        String kind = extensions && channel.genet ? Extensions.kindOf(data) : null;
        if (kind == null) {
            return false;
        }
        switch (kind) {
            case Extensions.HELLO -> node.hellos.fromChild(channel, data);
            case Extensions.REPORT -> node.topologyReports.fromChild(channel, data, bytes);
            case JoinRecords.KIND -> {
                if (withinExtensionBytes(channel, bytes)) {
                    extension(channel, kind, data);
                }
            }
            case Extensions.PING -> node.pings.answer(channel, data);
            default -> extension(channel, kind, data);
        }
        return true;
    }

    /** Reports and join records of one child, within the bytes a child may send a second; else it is closed. */
    boolean withinExtensionBytes(Channel channel, int bytes) {
        NodeBounds bounds = node.bounds();
        if (channel.rate.take(node.now(), bytes, bounds.extensionBytesPerSecond(), bounds.extensionBytesBurst())) {
            return true;
        }
        node.cutOff(channel, "over " + bounds.extensionBytesPerSecond() + " bytes of reports and join records a second");
        return false;
    }

    private void extension(Channel channel, String kind, JsonNode data) {
        BiConsumer<Channel, JsonNode> handler = extensionHandlers.get(kind);
        if (handler == null) {
            log.debug("node {}: no handler for the extension {} from {}", node.id(), kind, channel);
            return;
        }
        try {
            handler.accept(channel, data);
        } catch (RuntimeException e) {
            log.error("node {}: the {} extension handler failed", node.id(), kind, e);
        }
    }
}
