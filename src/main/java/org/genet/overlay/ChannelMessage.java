package org.genet.overlay;

import com.fasterxml.jackson.databind.JsonNode;

/** One frame of a tree channel: application data or a join request. */
public sealed interface ChannelMessage permits ChannelMessage.Data, JoinRequest {

    /** {@code {"type":"DATA","data":...}}: application data for the neighbour. */
    record Data(JsonNode data) implements ChannelMessage {
    }
}
