package org.genet.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.genet.measure.FrameCounts;
import org.genet.overlay.Wire;
import org.genet.overlay.WireException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signaling of one connection attempt over its own {@code /join} socket (PROTOCOL.md section
 * 2): signals are queued until the socket is open, a joiner's signals go to the root until the
 * first message from the answerer names it, and the session ends when closed or timed out.
 */
public final class SignalingSession {
    private static final Logger log = LoggerFactory.getLogger(SignalingSession.class);

    public interface Listener {
        /** A signal from the other side. */
        void onSignal(JsonNode signal);

        /** The session ended without {@link #close()} being called: timed out, refused or lost. */
        void onClose(String reason);
    }

    private final TextSocket socket;
    private final Listener listener;
    private final ScheduledFuture<?> timeout;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private String destination;
    private String ownId;
    private int rank;
    private boolean open;
    private boolean closed;

    SignalingSession(TextSocket.Connector connector, ScheduledExecutorService timers, URI uri, String destination, Listener listener,
                     Executor callbacks, long timeoutMs) {
        this.destination = destination;
        this.listener = listener;
        this.socket = new TextSocket(new TextSocket.Handler() {
            @Override
            public void onOpen() {
                opened();
            }

            @Override
            public void onText(String text) {
                received(text);
            }

            @Override
            public void onClosed(String reason) {
                ended(reason);
            }
        }, callbacks);
        this.timeout = timers.schedule(() -> callbacks.execute(() -> {
            if (!isClosed()) {
                close();
                listener.onClose("signaling timed out after " + timeoutMs + " ms");
            }
        }), timeoutMs, TimeUnit.MILLISECONDS);
        socket.connect(connector, uri);
    }

    /** Sends a signal to the other side (to the root while the destination is unknown). */
    public synchronized void send(JsonNode signal) {
        if (closed) {
            return;
        }
        String message = Wire.signalMessage(null, destination, signal, rank++);
        FrameCounts.countSignal(destination == null, message);
        if (open && queue.isEmpty()) {
            socket.send(message);
        } else {
            queue.add(message);
        }
    }

    /** Ends the session and closes its socket. */
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
        }
        timeout.cancel(false);
        socket.close();
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** The other side's {@code /join} id, once known. */
    public synchronized String destination() {
        return destination;
    }

    /** This session's own id on the server, once a message has told it. */
    public synchronized String id() {
        return ownId;
    }

    private synchronized void opened() {
        open = true;
        while (!queue.isEmpty() && !closed) {
            socket.send(queue.poll());
        }
    }

    private void received(String text) {
        JsonNode signal;
        synchronized (this) {
            if (closed) {
                return;
            }
            JsonNode message;
            try {
                message = Wire.parse(text);
            } catch (WireException e) {
                log.warn("dropped a frame from the server: {}", e.getMessage());
                return;
            }
            signal = message.get("signal");
            if (!message.isObject() || signal == null || !signal.isObject()) {
                log.warn("dropped a frame from the server: not a signal message");
                return;
            }
            if (destination == null && message.path("origin").isTextual()) {
                destination = message.get("origin").asText();
            }
            if (message.path("destination").isTextual()) {
                ownId = message.get("destination").asText();
            }
        }
        listener.onSignal(signal);
    }

    private void ended(String reason) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        timeout.cancel(false);
        listener.onClose(reason);
    }
}
