package org.genet.bootstrap;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.util.BufferRecycler;
import java.io.IOException;
import org.genet.overlay.Wire;
import org.genet.overlay.WireException;

/**
 * What the server does to a signal message on its way (PROTOCOL.md section 1): it reads the
 * destination and overwrites the origin with the sender's id, in one streaming pass that copies
 * everything else as it is.
 */
final class SignalMessages {

    /** A message ready to forward, and where to. {@code destination} is null for the root. */
    record Routed(String destination, boolean destinationValid, String text) {
    }

    private SignalMessages() {
    }

    static Routed withOrigin(String text, String origin) throws WireException {
        if (text == null || text.isBlank()) {
            throw new WireException("empty frame");
        }
        SegmentedStringWriter out = new SegmentedStringWriter(new BufferRecycler());
        String rewritten;
        String destination = null;
        boolean destinationValid = true;
        try (JsonParser p = Wire.json().createParser(text); JsonGenerator g = Wire.json().createGenerator(out)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new WireException("a signal message must be a JSON object");
            }
            g.writeStartObject();
            boolean originWritten = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("origin".equals(name)) {
                    if (!originWritten) {
                        g.writeStringField("origin", origin);
                        originWritten = true;
                    }
                    p.skipChildren();
                    continue;
                }
                if ("destination".equals(name)) {
                    destination = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    destinationValid = value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NULL;
                }
                g.writeFieldName(name);
                g.copyCurrentStructure(p);
            }
            if (!originWritten) {
                g.writeStringField("origin", origin);
            }
            g.writeEndObject();
            g.flush();
            if (p.nextToken() != null) {
                throw new WireException("malformed JSON: content after the message");
            }
            rewritten = out.getAndClear();
        } catch (JsonProcessingException e) {
            throw new WireException("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new WireException("unreadable frame: " + e.getMessage());
        }
        return new Routed(destination, destinationValid, rewritten);
    }
}
