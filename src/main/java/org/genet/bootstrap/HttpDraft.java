package org.genet.bootstrap;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.BiFunction;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.enums.CloseHandshakeType;
import org.java_websocket.enums.HandshakeState;
import org.java_websocket.exceptions.IncompleteHandshakeException;
import org.java_websocket.exceptions.InvalidHandshakeException;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ClientHandshakeBuilder;
import org.java_websocket.handshake.HandshakeBuilder;
import org.java_websocket.handshake.HandshakeImpl1Client;
import org.java_websocket.handshake.Handshakedata;
import org.java_websocket.handshake.ServerHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;

/**
 * Plain HTTP on the WebSocket port. Java-WebSocket has no HTTP server, but it lets a server try
 * several drafts on each incoming request: this one comes first and claims every request that the
 * server answers with a plain response (a page, or the refusal of an upgrade with its status),
 * leaving the accepted upgrades to the RFC 6455 draft. The response goes out whole (status line,
 * headers, body) as the "handshake"; afterwards the draft writes no frame at all, so pings and
 * close frames never reach an HTTP client, and the server closes the connection.
 */
final class HttpDraft extends Draft {
    static final String METHOD_FIELD = "X-Genet-Method";
    private static final int MAX_REQUEST_BYTES = 64 * 1024;

    /** Given the request and its method, the response; null to let the WebSocket draft take it. */
    private final BiFunction<ClientHandshake, String, HttpResponse> router;
    private String method = "GET";
    private HttpResponse response;

    HttpDraft(BiFunction<ClientHandshake, String, HttpResponse> router) {
        this.router = router;
    }

    @Override
    public Handshakedata translateHandshake(ByteBuffer buf) throws InvalidHandshakeException {
        String requestLine = readStringLine(buf);
        if (requestLine == null) {
            throwIncomplete(buf);
        }
        String[] parts = requestLine.split(" ", 3);
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            throw new InvalidHandshakeException("not an HTTP/1.x request line");
        }
        method = parts[0].toUpperCase();
        HandshakeImpl1Client request = new HandshakeImpl1Client();
        request.setResourceDescriptor(parts[1]);
        request.put(METHOD_FIELD, method);
        String line;
        while ((line = readStringLine(buf)) != null && !line.isEmpty()) {
            String[] field = line.split(":", 2);
            if (field.length == 2) {
                request.put(field[0].trim(), field[1].trim());
            }
        }
        if (line == null) {
            throwIncomplete(buf);
        }
        return request;
    }

    private static void throwIncomplete(ByteBuffer buf) throws InvalidHandshakeException {
        if (buf.limit() > MAX_REQUEST_BYTES) {
            throw new InvalidHandshakeException("request header over " + MAX_REQUEST_BYTES + " bytes");
        }
        throw new IncompleteHandshakeException(buf.capacity() + 1024);
    }

    @Override
    public HandshakeState acceptHandshakeAsServer(ClientHandshake request) {
        response = router.apply(request, method);
        return response != null ? HandshakeState.MATCHED : HandshakeState.NOT_MATCHED;
    }

    @Override
    public HandshakeBuilder postProcessHandshakeResponseAsServer(ClientHandshake request,
            ServerHandshakeBuilder builder) {
        return builder;
    }

    @Override
    public List<ByteBuffer> createHandshake(Handshakedata handshake, boolean withContent) {
        return List.of(ByteBuffer.wrap(response.bytes("HEAD".equals(method))));
    }

    HttpResponse response() {
        return response;
    }

    String method() {
        return method;
    }

    @Override
    public HandshakeState acceptHandshakeAsClient(ClientHandshake request, ServerHandshake response) {
        return HandshakeState.NOT_MATCHED;
    }

    @Override
    public ClientHandshakeBuilder postProcessHandshakeRequestAsClient(ClientHandshakeBuilder request) {
        return request;
    }

    @Override
    public ByteBuffer createBinaryFrame(Framedata framedata) {
        return ByteBuffer.allocate(0);
    }

    @Override
    public List<Framedata> createFrames(ByteBuffer binary, boolean mask) {
        return List.of();
    }

    @Override
    public List<Framedata> createFrames(String text, boolean mask) {
        return List.of();
    }

    @Override
    public void processFrame(WebSocketImpl webSocketImpl, Framedata frame) {
        // an HTTP connection carries no frames
    }

    @Override
    public List<Framedata> translateFrame(ByteBuffer buffer) {
        buffer.position(buffer.limit()); // whatever follows the request is ignored
        return List.of();
    }

    @Override
    public void reset() {
        // nothing kept between frames
    }

    @Override
    public CloseHandshakeType getCloseHandshakeType() {
        return CloseHandshakeType.NONE;
    }

    @Override
    public Draft copyInstance() {
        return new HttpDraft(router);
    }
}
