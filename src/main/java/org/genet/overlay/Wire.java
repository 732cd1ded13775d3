package org.genet.overlay;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON on the wire (PROTOCOL.md sections 1 and 4): parsing and writing tree channel frames,
 * join requests and signal messages. Everything that reads a frame from outside goes through here
 * and gets a {@link WireException} that says what is wrong.
 */
public final class Wire {
    public static final String TYPE_DATA = "DATA";
    public static final String TYPE_JOIN_REQUEST = "JOIN-REQUEST";
    /** What the server sends the root every 15 s, a JSON string. */
    public static final String HEARTBEAT = "heartbeat";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Reads a whole frame: anything after its one value makes it malformed. */
    private static final ObjectReader WHOLE_FRAME = JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Wire() {
    }

    public static ObjectMapper json() {
        return JSON;
    }

    /** Parses one tree channel frame. */
    public static ChannelMessage parseChannelFrame(String text) throws WireException {
        Frame frame = scan(text);
        if (!frame.object) {
            throw new WireException("frame is not a JSON object");
        }
        if (TYPE_DATA.equals(frame.type)) {
            return new ChannelMessage.Data(frame.data != null ? frame.data : JsonNodeFactory.instance.nullNode());
        }
        if (TYPE_JOIN_REQUEST.equals(frame.type)) {
            return joinRequest(frame, text);
        }
        throw new WireException(frame.type == null ? "frame without a type" : "unknown frame type " + quote(frame.type));
    }

    /**
     * Parses what the server sends the root socket: a signal message, which becomes a join request
     * by gaining {@code "type":"JOIN-REQUEST"}. Returns null for the server's heartbeat.
     */
    public static JoinRequest parseRootMessage(String text) throws WireException {
        Frame frame = scan(text);
        if (!frame.object) {
            if (HEARTBEAT.equals(frame.string)) {
                return null;
            }
            throw new WireException("root message is not a JSON object");
        }
        if (frame.type == null) {
            // The frame was read whole and is a non-empty object: adding the key before its
            // closing brace keeps the original's key order and spares a rewrite of the SDP.
            String trimmed = text.strip();
            String wire = frame.hasType
                    ? withType((ObjectNode) parse(text))
                    : trimmed.substring(0, trimmed.length() - 1) + ",\"type\":\"" + TYPE_JOIN_REQUEST + "\"}";
            return joinRequest(frame, wire);
        }
        if (!TYPE_JOIN_REQUEST.equals(frame.type)) {
            throw new WireException("root message of type " + quote(frame.type));
        }
        return joinRequest(frame, text);
    }

    /** {@code {"type":"DATA","data":data}}. */
    public static String dataFrame(Object data) {
        ObjectNode frame = JSON.createObjectNode();
        frame.put("type", TYPE_DATA);
        frame.set("data", JSON.valueToTree(data));
        return write(frame);
    }

    /** A signal message as the bootstrap server routes it, keys in the original's order. */
    public static String signalMessage(String origin, String destination, JsonNode signal, int rank) {
        ObjectNode message = JSON.createObjectNode();
        message.put("origin", origin);
        message.put("destination", destination);
        message.set("signal", signal);
        message.put("rank", rank);
        return write(message);
    }

    /**
     * A join request handed over as an object, as the simulator's server and links do (a real
     * socket or data channel carries its frame, {@link JoinRequest#wire()}).
     */
    public static JoinRequest joinRequest(String origin, JsonNode signal, int rank) {
        return new JoinRequest(origin, signal, rank);
    }

    /** The frame of a join request: the server's signal message, keys in its order, with its type. */
    static String joinRequestFrame(String origin, JsonNode signal, int rank) {
        ObjectNode message = JSON.createObjectNode();
        message.put("origin", origin);
        message.putNull("destination");
        message.set("signal", signal);
        message.put("rank", rank);
        message.put("type", TYPE_JOIN_REQUEST);
        return write(message);
    }

    public static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    public static JsonNode parse(String text) throws WireException {
        if (text == null) {
            throw new WireException("empty frame");
        }
        try {
            JsonNode node = WHOLE_FRAME.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new WireException("empty frame");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new WireException("malformed JSON: " + NetText.clean(e.getOriginalMessage()));
        }
    }

    private static String withType(ObjectNode message) {
        message.put("type", TYPE_JOIN_REQUEST);
        return write(message);
    }

    private static JoinRequest joinRequest(Frame frame, String wire) throws WireException {
        if (frame.origin == null || !isHexPrefixed(frame.origin)) {
            throw new WireException("join request without a hex origin");
        }
        if (frame.signal == null) {
            throw new WireException("join request without a signal object");
        }
        return new JoinRequest(frame.origin, frame.signal, wire);
    }

    private static boolean isHexPrefixed(String origin) {
        if (origin.length() < 6) {
            return false;
        }
        for (int i = 0; i < 6; i++) {
            if (Character.digit(origin.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** What routing needs from a frame, read in one streaming pass without building its tree. */
    private static final class Frame {
        boolean object;
        String string;
        boolean hasType;
        String type;
        String origin;
        SignalKind signal;
        JsonNode data;
    }

    private static Frame scan(String text) throws WireException {
        if (text == null || text.isBlank()) {
            throw new WireException("empty frame");
        }
        Frame frame = new Frame();
        try (JsonParser p = JSON.createParser(text)) {
            JsonToken token = p.nextToken();
            if (token == JsonToken.START_OBJECT) {
                frame.object = true;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    token = p.nextToken();
                    switch (name) {
                        case "type" -> {
                            frame.hasType = true;
                            frame.type = token.isScalarValue() && token != JsonToken.VALUE_NULL ? p.getText() : null;
                        }
                        case "origin" -> frame.origin = token == JsonToken.VALUE_STRING ? p.getText() : null;
                        case "signal" -> frame.signal = token == JsonToken.START_OBJECT ? scanSignal(p) : null;
                        case "data" -> frame.data = p.readValueAsTree();
                        default -> {
                        }
                    }
                    p.skipChildren();
                }
            } else if (token == JsonToken.VALUE_STRING) {
                frame.string = p.getText();
            } else {
                p.skipChildren();
            }
            if (p.nextToken() != null) {
                throw new WireException("malformed JSON: content after the first value");
            }
        } catch (JsonProcessingException e) {
            throw new WireException("malformed JSON: " + NetText.clean(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new WireException("unreadable frame: " + NetText.clean(e.getMessage()));
        }
        return frame;
    }

    private static SignalKind scanSignal(JsonParser p) throws IOException {
        String type = "";
        boolean hasSdp = false;
        String candidate = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken token = p.nextToken();
            switch (name) {
                case "type" -> type = token == JsonToken.VALUE_STRING ? p.getText() : "";
                case "sdp" -> hasSdp = token != JsonToken.VALUE_NULL;
                case "candidate" -> candidate = token == JsonToken.START_OBJECT ? scanCandidate(p) : null;
                default -> {
                }
            }
            p.skipChildren();
        }
        return SignalKind.of(type, hasSdp, candidate);
    }

    private static String scanCandidate(JsonParser p) throws IOException {
        String candidate = "";
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken token = p.nextToken();
            if ("candidate".equals(name) && token == JsonToken.VALUE_STRING) {
                candidate = p.getText();
            }
            p.skipChildren();
        }
        return candidate;
    }

    private static String quote(String s) {
        return '"' + NetText.clean(s, 40) + '"';
    }
}
