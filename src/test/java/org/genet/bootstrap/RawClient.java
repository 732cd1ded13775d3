package org.genet.bootstrap;

import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ServerHandshake;

/** A WebSocket client that sends whatever a test asks, even what a good client never would. */
class RawClient extends WebSocketClient {
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final BlockingQueue<Integer> closeCodes = new LinkedBlockingQueue<>();
    volatile String closeReason;
    private final boolean answersPings;

    RawClient(URI uri) {
        this(uri, true);
    }

    RawClient(URI uri, boolean answersPings) {
        super(uri);
        this.answersPings = answersPings;
        setConnectionLostTimeout(0);
    }

    static RawClient open(URI uri) throws InterruptedException {
        RawClient client = new RawClient(uri);
        if (!client.connectBlocking(5, TimeUnit.SECONDS)) {
            throw new AssertionError("could not open " + uri);
        }
        return client;
    }

    @Override
    public void onWebsocketPing(WebSocket conn, Framedata f) {
        if (answersPings) {
            super.onWebsocketPing(conn, f);
        }
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
    }

    @Override
    public void onMessage(String message) {
        messages.add(message);
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
        closeReason = reason;
        closeCodes.add(code);
    }

    @Override
    public void onError(Exception ex) {
    }

    int awaitCloseCode() throws InterruptedException {
        Integer code = closeCodes.poll(10, TimeUnit.SECONDS);
        if (code == null) {
            throw new AssertionError("not closed within 10 s");
        }
        return code;
    }
}
