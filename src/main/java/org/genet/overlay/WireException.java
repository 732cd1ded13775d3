package org.genet.overlay;

/** A frame that does not follow the wire protocol; the message says what is wrong with it. */
public final class WireException extends Exception {
    public WireException(String message) {
        super(message);
    }
}
