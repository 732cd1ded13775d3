package org.genet.bootstrap;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client WebSocket that carries text frames, over the JDK's asynchronous client (one shared
 * executor for any number of sockets). Sends go out one after the other in call order; events
 * reach the handler through {@code callbacks}, in order, and the close exactly once.
 */
final class TextSocket implements WebSocket.Listener {
    /** How the reason of a close that is a refusal of the handshake begins. */
    static final String REFUSED = "refused by the server: ";
    private static final Logger log = LoggerFactory.getLogger(TextSocket.class);

    interface Handler {
        void onOpen();

        void onText(String text);

        /** The socket is closed: by us, by the server, or it never opened. */
        void onClosed(String reason);
    }

    private final Handler handler;
    private final Executor callbacks;
    private final StringBuilder partial = new StringBuilder();
    private CompletableFuture<WebSocket> last;
    private boolean closed;
    /** Completes when the server's close frame (or an error) has come. */
    private final CompletableFuture<Void> serverClosed = new CompletableFuture<>();
    private volatile WebSocket socket;

    private TextSocket(Handler handler, Executor callbacks) {
        this.handler = handler;
        this.callbacks = callbacks;
    }

    static TextSocket connect(HttpClient http, URI uri, Handler handler, Executor callbacks) {
        TextSocket socket = new TextSocket(handler, callbacks);
        CompletableFuture<WebSocket> opening = http.newWebSocketBuilder()
                .connectTimeout(java.time.Duration.ofSeconds(10))
                .buildAsync(uri, socket);
        synchronized (socket) {
            socket.last = opening;
        }
        opening.whenComplete((ws, error) -> {
            if (error != null) {
                socket.closed(describe(error));
            }
        });
        return socket;
    }

    /** Sends one text frame once the socket is open and every earlier frame has gone. */
    synchronized void send(String text) {
        if (closed) {
            return;
        }
        last = last.thenCompose(ws -> ws.sendText(text, true));
        last.exceptionally(error -> {
            log.debug("send failed: {}", error.toString());
            return null;
        });
    }

    /**
     * Closes the socket in order: a close frame once what was sent has gone (or failed), then the
     * connection once the server has answered it, or after 2 s whatever happened.
     */
    void close() {
        CompletableFuture<WebSocket> chain;
        synchronized (this) {
            if (closed) {
                return;
            }
            chain = last;
        }
        closed("closed");
        WebSocket ws = socket;
        if (ws == null) { // not open yet: drop it as soon as it opens
            chain.thenAccept(WebSocket::abort);
            return;
        }
        chain.handle((w, e) -> ws)
                .thenCompose(w -> w.sendClose(WebSocket.NORMAL_CLOSURE, "").thenCombine(serverClosed, (a, b) -> w))
                .orTimeout(2, TimeUnit.SECONDS)
                .whenComplete((w, e) -> ws.abort());
    }

    /** Drops the connection at once. */
    void abort() {
        last.thenAccept(WebSocket::abort);
        closed("aborted");
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        callbacks.execute(handler::onOpen);
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean lastPart) {
        partial.append(data);
        if (lastPart) {
            String text = partial.toString();
            partial.setLength(0);
            callbacks.execute(() -> handler.onText(text));
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean lastPart) {
        log.debug("ignored a binary frame");
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        serverClosed.complete(null);
        closed("closed by the server (" + statusCode + (reason == null || reason.isEmpty() ? "" : ": " + reason) + ")");
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        serverClosed.complete(null);
        closed(describe(error));
    }

    private void closed(String reason) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        callbacks.execute(() -> handler.onClosed(reason));
    }

    private static String describe(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof WebSocketHandshakeException handshake) {
            int status = handshake.getResponse().statusCode();
            return REFUSED + "HTTP " + status + switch (status) {
                case 403 -> " (wrong secret)";
                case 404 -> " (no such route: is this a Genet bootstrap server?)";
                case 409 -> " (a root is already connected)";
                case 503 -> " (server busy)";
                default -> "";
            };
        }
        if (cause instanceof java.net.ConnectException) {
            return "cannot reach the server: connection refused";
        }
        if (cause instanceof java.net.http.HttpConnectTimeoutException) {
            return "cannot reach the server: connection timed out";
        }
        return "connection failed: " + cause;
    }
}
