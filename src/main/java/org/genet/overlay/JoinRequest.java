package org.genet.overlay;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One signal of a joiner travelling down the tree (PROTOCOL.md section 4). {@code wire} is the
 * exact frame forwarded to a child: each hop passes it on unchanged. Routing needs only the origin
 * and the kind of signal, so the signal itself is read from the frame when it is first asked for.
 */
public final class JoinRequest implements ChannelMessage {
    private final String origin;
    private final SignalKind signalKind;
    private String wire;
    private JsonNode signal;
    private final int rank;
    private final int chars;

    JoinRequest(String origin, SignalKind signalKind, String wire) {
        this.origin = origin;
        this.signalKind = signalKind;
        this.wire = wire;
        this.rank = -1;
        this.chars = wire.length();
    }

    /** A request made from its parts, whose frame is written only if it is asked for. */
    JoinRequest(String origin, JsonNode signal, int rank) {
        this.origin = origin;
        this.signalKind = SignalKind.of(signal);
        this.signal = signal;
        this.rank = rank;
        this.chars = 1_024;
    }

    public String origin() {
        return origin;
    }

    public SignalKind signalKind() {
        return signalKind;
    }

    public boolean isOffer() {
        return signalKind == SignalKind.OFFER;
    }

    /** The frame as it travels on a tree channel. */
    public String wire() {
        if (wire == null) {
            wire = Wire.joinRequestFrame(origin, signal, rank);
        }
        return wire;
    }

    /**
     * The size of its frame in characters, for the bounds on what a node stores; a request made
     * from its parts (in the simulator) counts as a typical offer.
     */
    public int chars() {
        return chars;
    }

    /** The signal object, as simple-peer sent it. */
    public JsonNode signal() {
        if (signal == null) {
            try {
                signal = Wire.parse(wire).get("signal");
            } catch (WireException e) {
                throw new IllegalStateException("a join request's frame was checked when it arrived", e);
            }
        }
        return signal;
    }

    @Override
    public String toString() {
        return "JoinRequest(" + origin + ", " + signalKind.label() + ")";
    }
}
