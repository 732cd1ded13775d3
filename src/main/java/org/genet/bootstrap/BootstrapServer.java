package org.genet.bootstrap;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.genet.overlay.Wire;
import org.genet.overlay.WireException;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.protocols.Protocol;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bootstrap server of PROTOCOL.md section 1, wire-compatible with webrtc-bootstrap 4.x: the
 * root socket {@code /<secret>/webrtc-bootstrap-root}, one {@code /join} socket per connection
 * attempt, signals routed by destination, and plain HTTP pages on the same port. It keeps serving
 * good clients whatever bad ones send: every bad frame or request gets a close code or an HTTP
 * status and a log line.
 */
public final class BootstrapServer extends WebSocketServer {
    /** The root socket's path after the secret. */
    public static final String ROOT_SUFFIX = "/webrtc-bootstrap-root";
    public static final String JOIN_PATH = "/join";

    private static final Logger log = LoggerFactory.getLogger(BootstrapServer.class);
    private static final String HEARTBEAT_FRAME = "\"" + Wire.HEARTBEAT + "\"";
    private static final SecureRandom IDS = new SecureRandom();
    /**
     * Java-WebSocket refuses a frame on its header, before reading it; the unread rest then turns
     * its close into a reset, and the client sees 1006 instead of 1009. So the library's own limit
     * is a few times ours (it still bounds memory) and frames over ours, read whole, are refused here.
     */
    private static final int LIBRARY_FRAME_FACTOR = 4;

    /**
     * @param secret         the root's secret
     * @param joinTimeoutMs  how long a {@code /join} socket may stay open
     * @param maxJoinSockets {@code /join} sockets open at once, beyond which new ones are refused
     * @param maxFrameBytes  the largest frame accepted; SDPs are 1 to 2 KiB
     * @param heartbeatMs    how often the root is sent {@code "heartbeat"}
     * @param pingSeconds    how often every socket is pinged; one silent for 1.5 times this is dropped
     */
    public record Config(String secret, long joinTimeoutMs, int maxJoinSockets, int maxFrameBytes, long heartbeatMs,
                         int pingSeconds) {
        public Config {
            if (secret == null || secret.isEmpty()) {
                throw new IllegalArgumentException("the server needs a secret");
            }
            if (joinTimeoutMs <= 0 || maxJoinSockets < 1 || maxFrameBytes < 1024 || heartbeatMs <= 0 || pingSeconds < 1) {
                throw new IllegalArgumentException("invalid server configuration");
            }
        }

        public static Config withSecret(String secret) {
            return new Config(secret, 30_000, 10_000, 64 * 1024, 15_000, 10);
        }

        public Config withJoinTimeout(long ms) {
            return new Config(secret, ms, maxJoinSockets, maxFrameBytes, heartbeatMs, pingSeconds);
        }

        public Config withMaxJoinSockets(int n) {
            return new Config(secret, joinTimeoutMs, n, maxFrameBytes, heartbeatMs, pingSeconds);
        }

        public Config withHeartbeat(long ms) {
            return new Config(secret, joinTimeoutMs, maxJoinSockets, maxFrameBytes, ms, pingSeconds);
        }

        public Config withPing(int seconds) {
            return new Config(secret, joinTimeoutMs, maxJoinSockets, maxFrameBytes, heartbeatMs, seconds);
        }
    }

    /** What the status page shows. */
    public record Status(boolean rootConnected, int joinSockets, long signalsRouted, long signalsDropped,
                         long refused) {
    }

    /** What a socket is to this server. */
    private sealed interface Role permits RootRole, JoinRole {
    }

    private record RootRole() implements Role {
    }

    private record JoinRole(String id, ScheduledFuture<?> timeout) implements Role {
    }

    private final Config config;
    private final byte[] secretDigest;
    private final AtomicReference<WebSocket> root = new AtomicReference<>();
    private final Map<String, WebSocket> joinSockets = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers;
    private final CountDownLatch started = new CountDownLatch(1);
    private final AtomicLong signalsRouted = new AtomicLong();
    private final AtomicLong signalsDropped = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile Exception startFailure;

    public BootstrapServer(InetSocketAddress address, Config config) {
        this(address, config, new AtomicReference<>());
    }

    private BootstrapServer(InetSocketAddress address, Config config, AtomicReference<BootstrapServer> self) {
        // The HTTP draft comes first: it takes the pages and the refused upgrades.
        super(address, Integer.getInteger("genet.server.decoders", Runtime.getRuntime().availableProcessors()), List.of(new HttpDraft((request, method) -> self.get().route(request, method)),
                new Draft_6455(List.of(), List.of(new Protocol("")), LIBRARY_FRAME_FACTOR * config.maxFrameBytes())));
        self.set(this);
        this.config = Objects.requireNonNull(config);
        this.secretDigest = sha256(config.secret());
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bootstrap-timers");
            t.setDaemon(true);
            return t;
        });
        setReuseAddr(true);
        // Signals are small and latency matters: no Nagle delay on top of delayed ACKs.
        setTcpNoDelay(true);
        setConnectionLostTimeout(config.pingSeconds());
    }

    /** Starts the server and waits until it listens; returns the port it listens on. */
    public int startAndWait() throws Exception {
        start();
        if (!started.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the server did not start within 10 s");
        }
        if (startFailure != null) {
            throw startFailure;
        }
        return getPort();
    }

    /** Closes every socket and the port, and stops the timers. */
    public void close() throws InterruptedException {
        timers.shutdownNow();
        stop(1_000, "server closing");
    }

    public Status status() {
        WebSocket r = root.get();
        return new Status(r != null && r.isOpen(), joinSockets.size(), signalsRouted.get(), signalsDropped.get(),
                refused.get());
    }

    // ---- handshakes: pages, and the refusal of upgrades ----------------------------------------

    /** The plain response for a request, or null for an upgrade this server accepts. */
    private HttpResponse route(ClientHandshake request, String method) {
        String path = pathOf(request.getResourceDescriptor());
        boolean upgrade = "websocket".equalsIgnoreCase(request.getFieldValue("Upgrade"));
        if (upgrade) {
            HttpResponse refusal = refusal(path);
            if (refusal != null) {
                refused.incrementAndGet();
                log.warn("refused a WebSocket upgrade to {}: {} {}", printable(path), refusal.status(), refusal.reason());
            }
            return refusal;
        }
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return HttpResponse.text(405, "Method Not Allowed", "only GET and HEAD are served here");
        }
        return switch (path) {
            case "/", "/index.html" -> WebFiles.get("index.html");
            case "/genet-node.js" -> WebFiles.get("genet-node.js");
            case "/status" -> HttpResponse.html(StatusPage.html(status()));
            case "/status.json" -> HttpResponse.json(StatusPage.json(status()));
            default -> HttpResponse.text(404, "Not Found", "no page at this path");
        };
    }

    private HttpResponse refusal(String path) {
        if (JOIN_PATH.equals(path)) {
            return joinSockets.size() >= config.maxJoinSockets()
                    ? HttpResponse.text(503, "Service Unavailable", "too many join sockets open, try again later")
                    : null;
        }
        if (path.endsWith(ROOT_SUFFIX)) {
            if (!secretMatches(path.substring(1, path.length() - ROOT_SUFFIX.length()))) {
                return HttpResponse.text(403, "Forbidden", "wrong secret");
            }
            WebSocket current = root.get();
            return current != null && current.isOpen()
                    ? HttpResponse.text(409, "Conflict", "a root is already connected")
                    : null;
        }
        return HttpResponse.text(404, "Not Found", "no WebSocket route at this path");
    }

    private boolean secretMatches(String given) {
        return MessageDigest.isEqual(sha256(given), secretDigest);
    }

    // ---- sockets -------------------------------------------------------------------------------

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        if (conn.getDraft() instanceof HttpDraft http) {
            onHttpServed(conn, http);
            return;
        }
        String path = pathOf(handshake.getResourceDescriptor());
        if (JOIN_PATH.equals(path)) {
            if (joinSockets.size() >= config.maxJoinSockets()) {
                refused.incrementAndGet();
                conn.close(CloseFrame.TRY_AGAIN_LATER, "too many join sockets open");
                return;
            }
            String id = HexFormat.of().formatHex(randomBytes());
            ScheduledFuture<?> timeout = timers.schedule(() -> conn.close(CloseFrame.NORMAL, "join socket timed out"),
                    config.joinTimeoutMs(), TimeUnit.MILLISECONDS);
            conn.setAttachment(new JoinRole(id, timeout));
            joinSockets.put(id, conn);
            log.debug("join socket {} opened from {}", id, conn.getRemoteSocketAddress());
        } else if (root.compareAndSet(null, conn) || replaceClosedRoot(conn)) {
            conn.setAttachment(new RootRole());
            log.info("root connected from {}", conn.getRemoteSocketAddress());
        } else {
            refused.incrementAndGet();
            conn.close(CloseFrame.POLICY_VALIDATION, "a root is already connected");
        }
    }

    private boolean replaceClosedRoot(WebSocket conn) {
        WebSocket current = root.get();
        return current != null && !current.isOpen() && root.compareAndSet(current, conn);
    }

    private void onHttpServed(WebSocket conn, HttpDraft http) {
        log.debug("{} {} {}", http.method(), http.response().status(), conn.getRemoteSocketAddress());
        conn.close();
        // A client fast enough to read the response and hang up before the connection was
        // registered leaves it in the server's list for ever: drop it here.
        if (conn instanceof WebSocketImpl impl && (impl.getSelectionKey() == null || !impl.getSelectionKey().isValid())) {
            removeConnection(conn);
        }
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        Object role = conn.getAttachment();
        if (message.length() > config.maxFrameBytes() / 3
                && message.getBytes(StandardCharsets.UTF_8).length > config.maxFrameBytes()) {
            log.warn("closed {}: frame over {} bytes", role instanceof JoinRole join ? "join socket " + join.id()
                    : "the root socket", config.maxFrameBytes());
            conn.close(CloseFrame.TOOBIG, "frame over " + config.maxFrameBytes() + " bytes");
            return;
        }
        if (role instanceof JoinRole join) {
            routeSignal(conn, join, message);
        } else if (role instanceof RootRole) {
            if (!HEARTBEAT_FRAME.equals(message.strip()) && !Wire.HEARTBEAT.equals(message.strip())) {
                log.warn("ignored a frame from the root that is not a heartbeat ({} chars)", message.length());
            }
        }
    }

    private void routeSignal(WebSocket from, JoinRole join, String text) {
        SignalMessages.Routed message;
        try {
            message = SignalMessages.withOrigin(text, join.id());
        } catch (WireException e) {
            reject(from, join, CloseFrame.NO_UTF8, e.getMessage());
            return;
        }
        if (!message.destinationValid()) {
            drop("a destination that is neither a string nor null", join.id());
        } else if (message.destination() == null) {
            WebSocket target = root.get();
            if (target == null || !target.isOpen()) {
                drop("no root is connected", join.id());
                return;
            }
            send(target, message.text());
        } else {
            WebSocket target = joinSockets.get(message.destination());
            if (target == null) {
                drop("unknown destination " + printable(message.destination()), join.id());
                return;
            }
            send(target, message.text());
        }
    }

    private void send(WebSocket target, String text) {
        try {
            target.send(text);
            signalsRouted.incrementAndGet();
        } catch (RuntimeException e) { // closed meanwhile
            signalsDropped.incrementAndGet();
            log.debug("could not forward a signal: {}", e.toString());
        }
    }

    private void drop(String why, String from) {
        signalsDropped.incrementAndGet();
        log.info("dropped a signal from {}: {}", from, why);
    }

    private void reject(WebSocket conn, JoinRole join, int code, String why) {
        log.warn("closed join socket {}: {}", join.id(), why);
        // a close frame's reason holds at most 123 bytes
        conn.close(code, why.length() > 100 ? why.substring(0, 100) + "…" : why);
    }

    @Override
    public void onMessage(WebSocket conn, ByteBuffer message) {
        Object role = conn.getAttachment();
        String who = role instanceof JoinRole join ? "join socket " + join.id() : "the root socket";
        log.warn("closed {}: binary frames are not part of the protocol", who);
        conn.close(CloseFrame.REFUSE, "binary frames are not accepted");
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        Object role = conn.getAttachment();
        if (role instanceof JoinRole join) {
            join.timeout().cancel(false);
            joinSockets.remove(join.id(), conn);
            if (code == CloseFrame.TOOBIG && (reason == null || !reason.startsWith("frame over"))) { // the library's limit
                log.warn("closed join socket {}: frame over {} bytes", join.id(), LIBRARY_FRAME_FACTOR * config.maxFrameBytes());
            }
        } else if (role instanceof RootRole) {
            if (root.compareAndSet(conn, null)) {
                log.info("root disconnected ({}{})", code, reason == null || reason.isEmpty() ? "" : ": " + reason);
            }
        }
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        if (conn == null) {
            startFailure = ex;
            started.countDown();
            log.error("bootstrap server failed: {}", ex.toString());
        } else {
            log.warn("socket error from {}: {}", conn.getRemoteSocketAddress(), ex.toString());
        }
    }

    @Override
    public void onStart() {
        timers.scheduleAtFixedRate(this::heartbeat, config.heartbeatMs(), config.heartbeatMs(), TimeUnit.MILLISECONDS);
        started.countDown();
    }

    private void heartbeat() {
        WebSocket r = root.get();
        if (r != null && r.isOpen()) {
            try {
                r.send(HEARTBEAT_FRAME);
            } catch (RuntimeException e) {
                log.debug("heartbeat not sent: {}", e.toString());
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** The path of a request target, without its query, as the original compares it. */
    static String pathOf(String target) {
        if (target == null || target.isEmpty()) {
            return "/";
        }
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    /** A path fit for a log line: the root path's secret is masked, the rest cut short. */
    private static String printable(String path) {
        String shown = path.endsWith(ROOT_SUFFIX) ? "/***" + ROOT_SUFFIX : path;
        shown = shown.length() > 60 ? shown.substring(0, 60) + "…" : shown;
        return shown.replaceAll("[^\\x20-\\x7e…]", "?");
    }

    private static byte[] randomBytes() {
        byte[] id = new byte[16];
        IDS.nextBytes(id);
        return id;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
