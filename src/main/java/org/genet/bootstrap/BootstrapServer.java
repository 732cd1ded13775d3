package org.genet.bootstrap;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.genet.overlay.Wire;
import org.genet.overlay.WireException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bootstrap server of PROTOCOL.md section 1, wire-compatible with webrtc-bootstrap 4.x: the
 * root socket {@code /<secret>/webrtc-bootstrap-root}, one {@code /join} socket per connection
 * attempt, signals routed by destination, and plain HTTP pages on the same port.
 *
 * <p>It faces whoever can reach it (the app's server is on the LAN at a talk, {@code genet
 * server} may be on the internet), so every resource a client can make it hold is bounded (see
 * {@link Config}): connections in all and per address, the request head's size and the time to
 * finish it, the frame size (refused on the header: nothing is reserved for what has not arrived),
 * signals per second per socket, bytes queued for each socket and for all, join sockets in all and
 * per address, wrong secrets per address. One place, {@link #route}, decides every request: no
 * upgrade is accepted anywhere else. Bad input gets a close code or an HTTP status and a log line
 * (repeated ones are rate-limited), and good clients are served meanwhile.
 *
 * <p>Built on Netty: its HTTP decoder parses a head once as it arrives (a slow head costs nothing
 * more than a fast one), its WebSocket decoder checks a frame's length on the header and refuses
 * unmasked client frames, and each socket's writability gives back-pressure.
 */
public final class BootstrapServer {
    /** The root socket's path after the secret. */
    public static final String ROOT_SUFFIX = "/webrtc-bootstrap-root";
    public static final String JOIN_PATH = "/join";

    private static final Logger log = LoggerFactory.getLogger(BootstrapServer.class);
    private static final String HEARTBEAT_FRAME = "\"" + Wire.HEARTBEAT + "\"";
    private static final SecureRandom IDS = new SecureRandom();
    /** How long a socket being closed may take to answer our close frame. */
    private static final long CLOSE_GRACE_MS = 1_000;


    /** What the status page shows. */
    public record Status(boolean rootConnected, int joinSockets, long signalsRouted, long signalsDropped,
                         long refused, int connections, long queuedBytes) {
    }

    private final InetSocketAddress address;
    private final Config config;
    private final byte[] secretDigest;
    private final int maxConnections;
    private final WebSocketDecoderConfig frames;
    private final LogLimiter limited = new LogLimiter(10, TimeUnit.SECONDS);

    private final AtomicReference<Channel> root = new AtomicReference<>();
    private final Map<String, Channel> joinSockets = new ConcurrentHashMap<>();
    private final AtomicInteger joinSocketCount = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final AddressLimits connectionsByAddress = new AddressLimits();
    private final AddressLimits joinsByAddress = new AddressLimits();
    private final Map<String, long[]> wrongSecrets = new ConcurrentHashMap<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong signalsRouted = new AtomicLong();
    private final AtomicLong signalsDropped = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    private EventLoopGroup acceptor;
    private EventLoopGroup workers;
    private volatile Channel listener;
    /** The STUN responder's UDP socket (same port number), or null: see {@link StunResponder}. */
    private volatile Channel stunSocket;
    private final IceServersRoute iceServers;

    public BootstrapServer(InetSocketAddress address, Config config) {
        this.address = Objects.requireNonNull(address);
        this.config = Objects.requireNonNull(config);
        this.secretDigest = sha256(config.secret());
        this.maxConnections = config.effectiveMaxConnections();
        this.frames = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(config.maxFrameBytes())
                .expectMaskedFrames(true)
                .allowMaskMismatch(false)
                .allowExtensions(false)
                .closeOnProtocolViolation(false) // we close, after our own close frame
                .withUTF8Validator(true)
                .build();
        // Loaded now, not when descriptors have run out: loading a class may need one.
        limited.log("start", "", line -> { });
        this.iceServers = new IceServersRoute(config.iceServers(), config.turnSecret(), config.turnTtlSeconds(),
                config.iceRequestsPerSecond(), config.iceRequestBurst());
    }

    /** Starts the server and waits until it listens; returns the port it listens on. */
    public synchronized int startAndWait() throws Exception {
        if (listener != null) {
            throw new IllegalStateException("already started");
        }
        acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("bootstrap-accept", true),
                NioIoHandler.newFactory());
        int threads = Integer.getInteger("genet.server.threads", Math.max(1, Runtime.getRuntime().availableProcessors()));
        workers = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("bootstrap-io", true),
                NioIoHandler.newFactory());
        try {
            listener = new ServerBootstrap()
                    .group(acceptor, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, config.backlog())
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .handler(new AcceptGuard())
                    .childOption(ChannelOption.TCP_NODELAY, true) // signals are small and latency matters
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                            new WriteBufferWaterMark(config.joinQueueBytes() / 2, config.joinQueueBytes()))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            admit(ch);
                        }
                    })
                    .bind(address).sync().channel();
            if (config.stun()) {
                startStun();
            }
        } catch (Exception e) {
            shutdownGroups();
            listener = null;
            throw e;
        }
        workers.next().scheduleAtFixedRate(this::heartbeat, config.heartbeatMs(), config.heartbeatMs(), TimeUnit.MILLISECONDS);
        workers.next().scheduleAtFixedRate(this::forgetOldWrongSecrets, 1, 1, TimeUnit.MINUTES);
        log.info("bootstrap server listening on {} (at most {} connections, {} per address){}", getAddress(),
                maxConnections, config.maxConnectionsPerAddress(), stunPort() > 0 ? ", STUN on UDP " + stunPort() : "");
        return getPort();
    }

    /**
     * Opens the STUN responder's UDP socket at the listener's port number. With port 0 that number
     * was the system's pick for TCP and may be taken for UDP: then any free UDP port, which
     * {@code /ice-servers} tells clients ({@code stunPort}). A fixed port taken for UDP leaves the
     * server without STUN, said in the log and by {@link #stunPort()}.
     */
    private void startStun() throws InterruptedException {
        InetSocketAddress udp = new InetSocketAddress(address.getAddress(), getPort());
        for (InetSocketAddress at : address.getPort() == 0 ? java.util.List.of(udp, new InetSocketAddress(address.getAddress(), 0))
                : java.util.List.of(udp)) {
            try {
                stunSocket = new io.netty.bootstrap.Bootstrap().group(workers)
                        .channel(io.netty.channel.socket.nio.NioDatagramChannel.class)
                        .option(ChannelOption.SO_RCVBUF, 256 * 1024)
                        .handler(new StunResponder())
                        .bind(at).sync().channel();
                return;
            } catch (Exception e) {
                if (at.getPort() != 0 && address.getPort() == 0) {
                    continue; // the number was taken for UDP: another one
                }
                log.warn("no STUN: cannot listen on UDP {} ({}); nodes behind NATs need another STUN server", at, e.toString());
            }
        }
    }

    /** The UDP port this server answers STUN on, or 0 (turned off, or the port was taken). */
    public int stunPort() {
        Channel s = stunSocket;
        return s != null && s.isOpen() ? ((InetSocketAddress) s.localAddress()).getPort() : 0;
    }

    /** Closes every socket and the port, and stops the server's threads. */
    public synchronized void close() throws InterruptedException {
        if (stunSocket != null) {
            stunSocket.close().await(2, TimeUnit.SECONDS);
        }
        if (listener != null) {
            listener.close().await(2, TimeUnit.SECONDS);
        }
        shutdownGroups();
    }

    private void shutdownGroups() throws InterruptedException {
        if (acceptor != null) {
            acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        if (workers != null) {
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
        if (acceptor != null) {
            acceptor.terminationFuture().await(5, TimeUnit.SECONDS);
        }
    }

    public int getPort() {
        return getAddress().getPort();
    }

    public InetSocketAddress getAddress() {
        Channel l = listener;
        return l != null ? (InetSocketAddress) l.localAddress() : address;
    }

    /** The connection limit in force (see {@link Config#withMaxConnections}). */
    public int maxConnections() {
        return maxConnections;
    }

    public Status status() {
        Channel r = root.get();
        return new Status(r != null && r.isActive(), joinSockets.size(), signalsRouted.get(), signalsDropped.get(),
                refused.get(), connections.get(), queuedBytes.get());
    }

    // ---- connections ---------------------------------------------------------------------------

    /** One client connection: where it comes from, and what it holds. */
    private static final class Peer {
        final String addressKey;
        final boolean localhost;
        boolean answered;
        ScheduledFuture<?> handshakeDeadline;

        Peer(Channel ch) {
            this.addressKey = AddressLimits.keyOf(ch.remoteAddress());
            this.localhost = AddressLimits.isLocalhost(ch.remoteAddress());
        }
    }

    private boolean limitsApply(Peer peer) {
        return !(peer.localhost && config.exemptLocalhost());
    }

    /** Set on a connection whose address held its share of connections when it was accepted. */
    private static final io.netty.util.AttributeKey<Boolean> OVER_SHARE = io.netty.util.AttributeKey.valueOf("genet-over-share");

    /** On a connection just accepted: refused if its address held its share, else given its pipeline. */
    private void admit(SocketChannel ch) {
        Peer peer = new Peer(ch);
        if (Boolean.TRUE.equals(ch.attr(OVER_SHARE).get())) {
            refuseConnection(ch, peer.addressKey + " holds its maximum of " + config.maxConnectionsPerAddress()
                    + " connections");
            return;
        }
        int head = config.maxHeadBytes();
        ch.pipeline().addLast("http", new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(Math.min(8 * 1024, head))
                .setMaxHeaderSize(head)
                .setMaxChunkSize(8 * 1024)));
        ch.pipeline().addLast("gate", new Gate(peer));
        peer.handshakeDeadline = ch.eventLoop().schedule(() -> {
            log.debug("closed a connection from {}: no request answered within {} ms", peer.addressKey,
                    config.handshakeTimeoutMs());
            ch.close();
        }, config.handshakeTimeoutMs(), TimeUnit.MILLISECONDS);
    }

    /** Over a connection limit: a short 503 and the connection closed, without reading a byte of it. */
    private void refuseConnection(SocketChannel ch, String why) {
        refused.incrementAndGet();
        limited.log("connection-limit", "refused a connection: " + why, log::warn);
        byte[] response = HttpResponse.text(503, "Service Unavailable", "too many connections, try again later")
                .head(false);
        ch.writeAndFlush(Unpooled.wrappedBuffer(response)).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * On the listening socket, before a new connection is handed to its thread: every connection
     * counts from here until its close completes, so that the descriptors in use stay under the
     * limit. At the limit the server stops accepting, at once on this thread: further connections
     * wait in the system's backlog (using no descriptor of ours) until one closes. A failed accept
     * (out of descriptors all the same, say) is logged and accepting pauses for a second, instead
     * of a busy loop; the port stays open.
     */
    private final class AcceptGuard extends ChannelInboundHandlerAdapter {
        /** Whether the listener accepts; only its own thread touches this. */
        private boolean accepting = true;
        private boolean recovering;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Channel listening = ctx.channel();
            if (msg instanceof Channel child) {
                if (connections.incrementAndGet() >= maxConnections) {
                    pause(listening);
                }
                takeAddressShare(child);
                child.closeFuture().addListener(f -> {
                    if (connections.decrementAndGet() < maxConnections && !listening.eventLoop().isShuttingDown()) {
                        try {
                            listening.eventLoop().execute(() -> resume(listening));
                        } catch (java.util.concurrent.RejectedExecutionException e) {
                            // the server is closing
                        }
                    }
                });
            }
            ctx.fireChannelRead(msg);
        }

        /**
         * An address's share of connections is taken here, in the order they are accepted: taken
         * on the worker thread each is handed to, a later connection could take the last place
         * while an earlier one, on a busier thread, was refused.
         */
        private void takeAddressShare(Channel child) {
            if (AddressLimits.isLocalhost(child.remoteAddress()) && config.exemptLocalhost()) {
                return;
            }
            String key = AddressLimits.keyOf(child.remoteAddress());
            if (connectionsByAddress.tryAcquire(key, config.maxConnectionsPerAddress())) {
                child.closeFuture().addListener(f -> connectionsByAddress.release(key));
            } else {
                child.attr(OVER_SHARE).set(true);
            }
        }

        private void pause(Channel listening) {
            if (accepting) {
                accepting = false;
                listening.config().setAutoRead(false);
                limited.log("accept-paused", "holding " + maxConnections + " connections: new ones wait until one closes",
                        log::warn);
            }
        }

        private void resume(Channel listening) {
            if (!accepting && connections.get() < maxConnections) {
                accepting = true;
                if (!recovering) {
                    listening.config().setAutoRead(true);
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            limited.log("accept-failed", "could not accept a connection (" + cause.getMessage()
                    + "); accepting again in 1 s. Out of file descriptors? Lower --max-connections or raise ulimit -n",
                    log::error);
            if (!recovering) {
                recovering = true;
                ctx.channel().config().setAutoRead(false);
                ctx.channel().eventLoop().schedule(() -> {
                    recovering = false;
                    ctx.channel().config().setAutoRead(accepting);
                }, 1, TimeUnit.SECONDS);
            }
        }
    }

    // ---- requests: pages, and the one decision on every upgrade -------------------------------

    /** Reads the request head and answers it, or hands the socket on as a signaling socket. */
    private final class Gate extends ChannelInboundHandlerAdapter {
        private final Peer peer;

        Gate(Peer peer) {
            this.peer = peer;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof WebSocketFrame) {
                ctx.fireChannelRead(msg); // an upgraded socket: on to its handler
                return;
            }
            try {
                if (msg instanceof HttpRequest request && !peer.answered) {
                    peer.answered = true;
                    request(ctx, request);
                }
                // request bodies (HttpContent) and anything after the first request are ignored
            } catch (RuntimeException e) {
                limited.log("request-error", "could not handle a request from " + peer.addressKey + ": " + e, log::warn);
                ctx.close();
            } finally {
                if (!(msg instanceof WebSocketFrame)) {
                    ReferenceCountUtil.release(msg);
                }
            }
        }

        private void request(ChannelHandlerContext ctx, HttpRequest request) {
            if (request.decoderResult().isFailure()) {
                Throwable cause = request.decoderResult().cause();
                HttpResponse response = cause instanceof TooLongHttpHeaderException
                        ? HttpResponse.text(431, "Request Header Fields Too Large", "request head over " + config.maxHeadBytes() + " bytes")
                        : cause instanceof TooLongHttpLineException
                        ? HttpResponse.text(414, "URI Too Long", "request line too long")
                        : HttpResponse.text(400, "Bad Request", "malformed HTTP request (lines end with CR LF)");
                refused.incrementAndGet();
                limited.log("bad-request", "refused a request from " + peer.addressKey + ": " + response.status() + " "
                        + response.reason(), log::warn);
                respond(ctx, response, false);
                return;
            }
            String path = pathOf(request.uri());
            boolean upgrade = HttpHeaderValues.WEBSOCKET.contentEqualsIgnoreCase(
                    String.valueOf(request.headers().get(HttpHeaderNames.UPGRADE)));
            boolean head = HttpMethod.HEAD.equals(request.method());
            if (!upgrade) {
                respond(ctx, page(request.method(), path, peer), head);
                return;
            }
            Admission admission = route(path, peer);
            if (admission.refusal() != null) {
                refused.incrementAndGet();
                HttpResponse r = admission.refusal();
                limited.log("refused-" + r.status(), "refused a WebSocket upgrade to " + printable(path) + " from "
                        + peer.addressKey + ": " + r.status() + " " + r.reason(), log::warn);
                respond(ctx, r, false);
                return;
            }
            upgrade(ctx, request, path, admission);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (peer.answered && !(cause instanceof IOException)) {
                ctx.fireExceptionCaught(cause); // an upgraded socket's frame errors: its handler decides
                return;
            }
            log.debug("connection from {} failed: {}", peer.addressKey, cause.toString());
            ctx.close();
        }
    }

    private void respond(ChannelHandlerContext ctx, HttpResponse r, boolean head) {
        ByteBuf body = head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body());
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status(), r.reason()), body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, r.contentType())
                .set(HttpHeaderNames.CONTENT_LENGTH, r.body().length)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        // Half-close after the response and read on (the decoder discards) until the client closes or a
        // grace period ends: closing with its request unread would reset the connection, and the
        // client could lose the response before reading it.
        ctx.writeAndFlush(response).addListener(f -> {
            if (f.isSuccess() && ctx.channel() instanceof SocketChannel socket) {
                socket.shutdownOutput();
                socket.eventLoop().schedule(() -> {
                    socket.close();
                }, CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
            } else {
                ctx.close();
            }
        });
    }

    private HttpResponse page(HttpMethod method, String path, Peer peer) {
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            return HttpResponse.text(405, "Method Not Allowed", "only GET and HEAD are served here");
        }
        return switch (path) {
            case "/", "/index.html" -> WebFiles.get("index.html");
            case "/genet-node.js" -> WebFiles.get("genet-node.js");
            case "/status" -> HttpResponse.html(StatusPage.html(status()));
            case "/status.json" -> HttpResponse.json(StatusPage.json(status()));
            case IceServersRoute.PATH -> !limitsApply(peer) || iceServers.allow(peer.addressKey)
                    ? iceServers.answer(stunPort(), System.currentTimeMillis() / 1000)
                    : HttpResponse.text(429, "Too Many Requests", "too many requests for ICE servers, try again later");
            default -> HttpResponse.text(404, "Not Found", "no page at this path");
        };
    }

    /** An upgrade's verdict: a refusal, or the role it may take (its place already reserved). */
    private record Admission(HttpResponse refusal, boolean isRoot) {
        static Admission refuse(int status, String reason, String message) {
            return new Admission(HttpResponse.text(status, reason, message), false);
        }
    }

    /**
     * The one place that decides whether an upgrade is accepted, and as what. A join socket's
     * places (in all and for its address) are reserved here; the root is claimed by the socket
     * itself once upgraded.
     */
    private Admission route(String path, Peer peer) {
        if (JOIN_PATH.equals(path)) {
            if (joinSocketCount.incrementAndGet() > config.maxJoinSockets()) {
                joinSocketCount.decrementAndGet();
                return Admission.refuse(503, "Service Unavailable", "too many join sockets open, try again later");
            }
            if (limitsApply(peer) && !joinsByAddress.tryAcquire(peer.addressKey, config.maxJoinSocketsPerAddress())) {
                joinSocketCount.decrementAndGet();
                return Admission.refuse(503, "Service Unavailable", "too many join sockets open from this address");
            }
            return new Admission(null, false);
        }
        if (path.endsWith(ROOT_SUFFIX) && path.startsWith("/")) {
            if (limitsApply(peer) && tooManyWrongSecrets(peer.addressKey)) {
                return Admission.refuse(429, "Too Many Requests", "too many wrong secrets from this address, wait a minute");
            }
            String secret = path.length() > ROOT_SUFFIX.length() ? path.substring(1, path.length() - ROOT_SUFFIX.length()) : "";
            if (!secretMatches(secret)) {
                if (limitsApply(peer)) {
                    countWrongSecret(peer.addressKey);
                }
                return Admission.refuse(403, "Forbidden", "wrong secret");
            }
            Channel current = root.get();
            if (current != null && current.isActive()) {
                return Admission.refuse(409, "Conflict", "a root is already connected");
            }
            return new Admission(null, true);
        }
        return Admission.refuse(404, "Not Found", "no WebSocket route at this path");
    }

    private boolean tooManyWrongSecrets(String key) {
        long[] window = wrongSecrets.get(key);
        return window != null && System.nanoTime() - window[0] < TimeUnit.MINUTES.toNanos(1)
                && window[1] >= config.wrongSecretsPerMinute();
    }

    private void countWrongSecret(String key) {
        long now = System.nanoTime();
        wrongSecrets.compute(key, (k, w) -> {
            if (w == null || now - w[0] >= TimeUnit.MINUTES.toNanos(1)) {
                return new long[] {now, 1};
            }
            w[1]++;
            return w;
        });
    }

    private void forgetOldWrongSecrets() {
        long now = System.nanoTime();
        wrongSecrets.values().removeIf(w -> now - w[0] >= TimeUnit.MINUTES.toNanos(1));
    }

    private boolean secretMatches(String given) {
        return MessageDigest.isEqual(sha256(given), secretDigest);
    }

    private void upgrade(ChannelHandlerContext ctx, HttpRequest request, String path, Admission admission) {
        Channel ch = ctx.channel();
        Peer peer = ((Gate) ctx.handler()).peer;
        Runnable release = admission.isRoot() ? () -> { } : () -> {
            joinSocketCount.decrementAndGet();
            if (limitsApply(peer)) {
                joinsByAddress.release(peer.addressKey);
            }
        };
        String host = String.valueOf(request.headers().get(HttpHeaderNames.HOST, "localhost"));
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory("ws://" + host + path, null, frames)
                .newHandshaker(request);
        if (handshaker == null) {
            release.run();
            refused.incrementAndGet();
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ch).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        SignalSocket socket = admission.isRoot() ? new SignalSocket(peer, null, release) : new SignalSocket(peer, newId(), release);
        // text that is not UTF-8 is refused (1007) before it is forwarded: the handshaker adds no
        // validator of its own, whatever the decoder's configuration says
        ch.pipeline().addLast("utf8", new Utf8FrameValidator(false));
        ch.pipeline().addLast("aggregate", new WebSocketFrameAggregator(config.maxFrameBytes()));
        ch.pipeline().addLast("socket", socket);
        if (admission.isRoot() && !socket.claimRoot()) { // another root won the race since route()
            release.run();
            ch.pipeline().remove("socket");
            ch.pipeline().remove("aggregate");
            ch.pipeline().remove("utf8");
            refused.incrementAndGet();
            respond(ctx, HttpResponse.text(409, "Conflict", "a root is already connected"), false);
            return;
        }
        DefaultFullHttpRequest full = new DefaultFullHttpRequest(request.protocolVersion(), request.method(),
                request.uri(), Unpooled.EMPTY_BUFFER, request.headers(), EmptyHttpHeaders.INSTANCE);
        try {
            handshaker.handshake(ch, full).addListener(f -> {
                if (f.isSuccess()) {
                    peer.handshakeDeadline.cancel(false);
                    socket.opened();
                } else {
                    ch.close();
                }
            });
        } catch (RuntimeException e) { // a malformed upgrade request
            release.run();
            root.compareAndSet(ch, null); // if it had claimed the root's place
            ch.pipeline().remove("socket");
            ch.pipeline().remove("aggregate");
            ch.pipeline().remove("utf8");
            refused.incrementAndGet();
            limited.log("bad-upgrade", "refused a malformed WebSocket upgrade from " + peer.addressKey + ": "
                    + e.getMessage(), log::warn);
            respond(ctx, HttpResponse.text(400, "Bad Request", "malformed WebSocket upgrade"), false);
        }
    }

    // ---- signaling sockets ---------------------------------------------------------------------

    /** An upgraded socket: the root (id null) or a join socket. Confined to its channel's event loop. */
    private final class SignalSocket extends ChannelInboundHandlerAdapter {
        private final Peer peer;
        private final String id;
        private final Runnable release;
        private final TokenBucket signals = new TokenBucket(config.signalsPerSecond(), config.signalBurst(), System.nanoTime());
        private final TokenBucket signalBytes = new TokenBucket(config.signalBytesPerSecond(), config.signalBytesBurst(),
                System.nanoTime());
        private Channel ch;
        private boolean open;
        private boolean closing;
        private boolean released;
        private long lastHeard = System.nanoTime();
        /** The root's last heartbeat, and the time between its last two; 0 until it sent two. */
        private long lastHeartbeat;
        private long heartbeatPeriod;
        private ScheduledFuture<?> pings;
        private ScheduledFuture<?> timeout;
        /** Set while the socket's send queue is over its bound: closes it if it stays so. */
        private ScheduledFuture<?> slowReader;

        SignalSocket(Peer peer, String id, Runnable release) {
            this.peer = peer;
            this.id = id;
            this.release = release;
        }

        private boolean isRoot() {
            return id == null;
        }

        private String who() {
            return isRoot() ? "the root socket" : "join socket " + id;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ch = ctx.channel();
        }

        /**
         * Takes the root's place before the handshake's answer goes out: a client told it is the
         * root is the root at once, so a joiner it lets in right away reaches it (taken after the
         * answer, a fast joiner on another thread could find no root and be sent away). Signals
         * forwarded meanwhile queue behind the answer on this channel's event loop.
         */
        boolean claimRoot() {
            Channel current = root.get();
            boolean claimed = current == null ? root.compareAndSet(null, ch)
                    : !current.isActive() && root.compareAndSet(current, ch);
            if (claimed) {
                // the root hears every joiner: a deeper queue before its signals are dropped
                ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(config.rootQueueBytes() / 2, config.rootQueueBytes()));
            }
            return claimed;
        }

        /** The handshake went out: the socket takes its role. */
        void opened() {
            if (!ch.isActive()) {
                return;
            }
            if (isRoot()) {
                log.info("root connected from {}", ch.remoteAddress());
            } else {
                joinSockets.put(id, ch);
                timeout = ch.eventLoop().schedule(() -> closeWith(1000, "join socket timed out"),
                        config.joinTimeoutMs(), TimeUnit.MILLISECONDS);
                log.debug("join socket {} opened from {}", id, ch.remoteAddress());
            }
            open = true;
            long period = config.pingSeconds();
            pings = ch.eventLoop().scheduleAtFixedRate(this::ping, period, period, TimeUnit.SECONDS);
        }

        private void ping() {
            if (heartbeatPeriod > 0 && System.nanoTime() - lastHeartbeat > Math.max(3 * heartbeatPeriod,
                    TimeUnit.SECONDS.toNanos(3))) {
                // a root that sent heartbeats and stopped is hung, even if its WebSocket layer still
                // answers pings (original roots never send one: they are judged by pings alone)
                log.info("closed the root socket: its heartbeats stopped");
                ch.close();
            } else if (System.nanoTime() - lastHeard > TimeUnit.MILLISECONDS.toNanos(1_500L * config.pingSeconds())) {
                limited.log("silent", "closed " + who() + ": no answer to pings for " + (3 * config.pingSeconds() / 2)
                        + " s", log::info);
                ch.close();
            } else if (ch.isWritable()) {
                ch.writeAndFlush(new PingWebSocketFrame());
            }
        }

        /**
         * A socket whose send queue passed its bound (it reads too slowly, or not at all) stops
         * being answered; one over it for a whole ping period is closed, root or join socket.
         */
        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ch.isWritable() && slowReader != null) {
                slowReader.cancel(false); // it reads again
                slowReader = null;
            } else if (!ch.isWritable() && open && slowReader == null) {
                long since = System.nanoTime();
                slowReader = ch.eventLoop().schedule(() -> {
                    slowReader = null;
                    if (!ch.isWritable() && ch.isActive()) {
                        limited.log("not-reading", "closed " + who() + " from " + peer.addressKey + ": it has not read what"
                                + " the server sent for " + (System.nanoTime() - since) / 1_000_000_000 + " s", log::warn);
                        ch.close(); // a close frame would wait behind what it does not read
                    }
                }, config.pingSeconds(), TimeUnit.SECONDS);
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (!(msg instanceof WebSocketFrame frame)) {
                    return; // the rest of the HTTP request
                }
                lastHeard = System.nanoTime();
                if (frame instanceof CloseWebSocketFrame close) {
                    if (!closing) {
                        closing = true;
                        int status = close.statusCode();
                        ch.writeAndFlush(status > 0 ? new CloseWebSocketFrame(status, "") : new CloseWebSocketFrame())
                                .addListener(ChannelFutureListener.CLOSE);
                    } else {
                        ch.close();
                    }
                } else if (closing) {
                    return; // whatever comes after our close frame
                } else if (frame instanceof PingWebSocketFrame) {
                    if (ch.isWritable()) { // a client that pings and never reads gets no more than its queue's bound
                        ch.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
                    }
                } else if (frame instanceof PongWebSocketFrame) {
                    return;
                } else if (frame instanceof BinaryWebSocketFrame) {
                    limited.log("binary", "closed " + who() + ": binary frames are not part of the protocol", log::warn);
                    closeWith(1003, "binary frames are not accepted");
                } else if (frame instanceof TextWebSocketFrame text) {
                    onText(text.text());
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void onText(String text) {
            if (isRoot()) {
                String s = text.strip();
                if (HEARTBEAT_FRAME.equals(s) || Wire.HEARTBEAT.equals(s)) {
                    long now = System.nanoTime();
                    if (lastHeartbeat != 0) {
                        heartbeatPeriod = now - lastHeartbeat;
                    }
                    lastHeartbeat = now;
                } else {
                    limited.log("root-frame", "ignored a frame from the root that is not a heartbeat (" + text.length()
                            + " chars)", log::warn);
                }
                return;
            }
            long now = System.nanoTime();
            if (!signals.take(now)) {
                limited.log("signal-rate", "closed join socket " + id + " from " + peer.addressKey + ": over "
                        + config.signalsPerSecond() + " signals a second", log::warn);
                closeWith(1008, "over " + config.signalsPerSecond() + " signals a second");
                return;
            }
            // characters stand for bytes here: a bound either way, and no encoding on the hot path
            if (!signalBytes.take(now, text.length())) {
                limited.log("signal-bytes", "closed join socket " + id + " from " + peer.addressKey + ": over "
                        + config.signalBytesPerSecond() + " bytes of signals a second", log::warn);
                closeWith(1008, "over " + config.signalBytesPerSecond() + " bytes of signals a second");
                return;
            }
            SignalMessages.Routed message;
            try {
                message = SignalMessages.withOrigin(text, id);
            } catch (WireException e) {
                limited.log("malformed", "closed join socket " + id + ": " + e.getMessage(), log::warn);
                closeWith(1007, e.getMessage());
                return;
            }
            if (!message.destinationValid()) {
                drop("a destination that is neither a string nor null");
            } else if (message.destination() == null) {
                Channel target = root.get();
                if (target == null || !target.isActive()) {
                    // told at once, so that it tries again soon (a root may be reconnecting) instead of
                    // waiting out its join timeout for an answer that cannot come
                    drop("no root is connected");
                    closeWith(1013, "no root is connected, try again later");
                } else if (!target.isWritable()) {
                    // never the root for a joiner's fault: the signal is dropped, its sender closed
                    drop("the root's send queue is full");
                    closeWith(1013, "the root is busy, try again later");
                } else {
                    forward(target, message.text());
                }
            } else {
                Channel target = joinSockets.get(message.destination());
                if (target == null) {
                    drop("unknown destination");
                } else if (!target.isWritable()) {
                    drop("the destination reads too slowly");
                    limited.log("slow-reader", "closed a join socket: over " + config.joinQueueBytes()
                            + " bytes waiting to be sent to it", log::warn);
                    target.writeAndFlush(new CloseWebSocketFrame(1008, "reading too slowly"))
                            .addListener(ChannelFutureListener.CLOSE);
                } else {
                    forward(target, message.text());
                }
            }
        }

        private void forward(Channel target, String text) {
            if (queuedBytes.get() > config.maxQueuedBytes()) {
                drop("the server's send queues are full");
                return;
            }
            ByteBuf bytes = ByteBufUtil.writeUtf8(target.alloc(), text);
            int size = bytes.readableBytes();
            queuedBytes.addAndGet(size);
            target.writeAndFlush(new TextWebSocketFrame(bytes)).addListener(f -> {
                queuedBytes.addAndGet(-size);
                if (!f.isSuccess()) {
                    signalsDropped.incrementAndGet();
                }
            });
            signalsRouted.incrementAndGet();
        }

        private void drop(String why) {
            signalsDropped.incrementAndGet();
            limited.log("drop-" + why, "dropped a signal from " + who() + ": " + why, log::info);
        }

        /** Sends a close frame and closes once the client answers, or after a grace period. */
        void closeWith(int code, String reason) {
            if (closing || !ch.isActive()) {
                return;
            }
            closing = true;
            ch.writeAndFlush(new CloseWebSocketFrame(code, closeReason(reason)));
            ch.eventLoop().schedule(() -> {
                ch.close();
            }, CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof CorruptedWebSocketFrameException corrupt) {
                // the decoder now discards what follows: our close frame goes out, the rest is drained
                int code = corrupt.closeStatus() != null ? corrupt.closeStatus().code() : 1002;
                limited.log("corrupt-" + code, "closed " + who() + " from " + peer.addressKey + ": " + code + " "
                        + corrupt.getMessage(), log::warn);
                closeWith(code, corrupt.getMessage());
            } else if (cause instanceof TooLongFrameException) {
                limited.log("too-long", "closed " + who() + ": a message over " + config.maxFrameBytes() + " bytes",
                        log::warn);
                closeWith(1009, "message over " + config.maxFrameBytes() + " bytes");
            } else if (cause instanceof IOException) {
                log.debug("{} failed: {}", who(), cause.toString());
                ctx.close();
            } else {
                limited.log("socket-error", who() + " failed: " + cause, log::warn);
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (pings != null) {
                pings.cancel(false);
            }
            if (timeout != null) {
                timeout.cancel(false);
            }
            if (slowReader != null) {
                slowReader.cancel(false);
            }
            if (!released) {
                released = true;
                release.run();
            }
            if (isRoot()) {
                if (root.compareAndSet(ch, null)) {
                    log.info("root disconnected");
                }
            } else {
                joinSockets.remove(id, ch);
            }
            ctx.fireChannelInactive();
        }
    }

    private void heartbeat() {
        Channel r = root.get();
        if (r != null && r.isActive() && r.isWritable()) {
            r.writeAndFlush(new TextWebSocketFrame(HEARTBEAT_FRAME));
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

    /** A path fit for a log line: only the routes are named; anything else may hold a mistyped secret. */
    private static String printable(String path) {
        if (path.endsWith(ROOT_SUFFIX)) {
            return "/***" + ROOT_SUFFIX;
        }
        return JOIN_PATH.equals(path) || "/".equals(path) ? path : "an unknown path (" + path.length() + " chars)";
    }

    /**
     * A close frame's reason holds at most 123 bytes of UTF-8 (RFC 6455 5.5: 125 with the code):
     * longer ones are cut at a character boundary and end with an ellipsis.
     */
    static String closeReason(String reason) {
        if (reason == null) {
            return "";
        }
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= 123) {
            return reason;
        }
        int limit = 123 - 3; // room for "…"
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int i = 0; i < reason.length(); ) {
            int cp = reason.codePointAt(i);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (used + size > limit) {
                break;
            }
            out.appendCodePoint(cp);
            used += size;
            i += Character.charCount(cp);
        }
        return out.append('…').toString();
    }

    private static String newId() {
        byte[] id = new byte[16];
        IDS.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * The bootstrap server's settings: its secret, its timers and a bound on everything a client can
     * make it hold (sockets, bytes, time, attempts). Every bound is a command-line option of
     * {@code genet server}; the defaults are safe for a server that faces the internet. Immutable: each
     * {@code with...} returns a changed copy.
     */
    public static final class Config implements Cloneable {
        private String secret;
        private long joinTimeoutMs = 30_000;
        private long heartbeatMs = 15_000;
        private int pingSeconds = 10;
        private int maxFrameBytes = 64 * 1024;
        private int maxHeadBytes = 16 * 1024;
        private long handshakeTimeoutMs = 10_000;
        private int maxJoinSockets = 10_000;
        private int maxJoinSocketsPerAddress = 256;
        private int maxConnections = 0; // 0: from the file descriptor limit
        private int maxConnectionsPerAddress = 512;
        private int joinQueueBytes = 64 * 1024;
        private int rootQueueBytes = 1024 * 1024;
        private long maxQueuedBytes = 64L * 1024 * 1024;
        private int signalsPerSecond = 50;
        private int signalBurst = 200;
        private int signalBytesPerSecond = 64 * 1024;
        private int signalBytesBurst = 256 * 1024;
        private int wrongSecretsPerMinute = 10;
        private int backlog = 1024;
        private boolean exemptLocalhost;
        private boolean stun = true;
        private java.util.List<String> iceServers = java.util.List.of();
        private String turnSecret;
        private long turnTtlSeconds = 3600;
        private int iceRequestsPerSecond = 10;
        private int iceRequestBurst = 100;

        private Config() {
        }

        public static Config withSecret(String secret) {
            if (secret == null || secret.isEmpty()) {
                throw new IllegalArgumentException("the server needs a secret");
            }
            Config c = new Config();
            c.secret = secret;
            return c;
        }

        private Config copy() {
            try {
                return (Config) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }

        private static long positive(long value, String what) {
            if (value <= 0) {
                throw new IllegalArgumentException(what + " must be positive");
            }
            return value;
        }

        private static int atLeast(int value, int min, String what) {
            if (value < min) {
                throw new IllegalArgumentException(what + " must be at least " + min);
            }
            return value;
        }

        /** How long a {@code /join} socket may stay open. */
        public Config withJoinTimeout(long ms) {
            Config c = copy();
            c.joinTimeoutMs = positive(ms, "the join timeout");
            return c;
        }

        /** How often the root is sent {@code "heartbeat"}. */
        public Config withHeartbeat(long ms) {
            Config c = copy();
            c.heartbeatMs = positive(ms, "the heartbeat period");
            return c;
        }

        /** How often every socket is pinged; one silent for 1.5 times this is closed. */
        public Config withPing(int seconds) {
            Config c = copy();
            c.pingSeconds = atLeast(seconds, 1, "the ping period");
            return c;
        }

        /** The largest frame (or message) accepted, refused on its header; SDPs are 1 to 6 KiB. */
        public Config withMaxFrameBytes(int bytes) {
            Config c = copy();
            c.maxFrameBytes = atLeast(bytes, 1024, "the frame limit");
            return c;
        }

        /** The largest HTTP request head (request line and headers). */
        public Config withMaxHeadBytes(int bytes) {
            Config c = copy();
            c.maxHeadBytes = atLeast(bytes, 1024, "the request head limit");
            return c;
        }

        /** How long a connection may take to send its request head and be answered or upgraded. */
        public Config withHandshakeTimeout(long ms) {
            Config c = copy();
            c.handshakeTimeoutMs = positive(ms, "the handshake timeout");
            return c;
        }

        /** {@code /join} sockets open at once, beyond which new ones are refused (503). */
        public Config withMaxJoinSockets(int n) {
            Config c = copy();
            c.maxJoinSockets = atLeast(n, 1, "the join socket limit");
            return c;
        }

        /** {@code /join} sockets open at once from one address (an IPv6 /64 counts as one). */
        public Config withMaxJoinSocketsPerAddress(int n) {
            Config c = copy();
            c.maxJoinSocketsPerAddress = atLeast(n, 1, "the join socket limit per address");
            return c;
        }

        /** Connections open at once, of every kind; 0 takes half the free file descriptors. */
        public Config withMaxConnections(int n) {
            Config c = copy();
            c.maxConnections = atLeast(n, 0, "the connection limit");
            return c;
        }

        /** Connections open at once from one address (an IPv6 /64 counts as one). */
        public Config withMaxConnectionsPerAddress(int n) {
            Config c = copy();
            c.maxConnectionsPerAddress = atLeast(n, 1, "the connection limit per address");
            return c;
        }

        /** Bytes waiting to be sent to one join socket beyond which it is closed as too slow. */
        public Config withJoinQueueBytes(int bytes) {
            Config c = copy();
            c.joinQueueBytes = atLeast(bytes, 1024, "the join socket's send queue");
            return c;
        }

        /** Bytes waiting to be sent to the root beyond which signals for it are dropped. */
        public Config withRootQueueBytes(int bytes) {
            Config c = copy();
            c.rootQueueBytes = atLeast(bytes, 1024, "the root's send queue");
            return c;
        }

        /** Bytes waiting to be sent to all sockets together beyond which signals are dropped. */
        public Config withMaxQueuedBytes(long bytes) {
            Config c = copy();
            c.maxQueuedBytes = positive(bytes, "the total send queue");
            return c;
        }

        /** Signals per second one join socket may send on average, and in a burst. */
        public Config withSignalRate(int perSecond, int burst) {
            Config c = copy();
            c.signalsPerSecond = atLeast(perSecond, 1, "the signal rate");
            c.signalBurst = atLeast(burst, 1, "the signal burst");
            return c;
        }

        /**
         * Bytes of signals one join socket may send a second on average, and in a burst: a join's
         * SDPs and candidates are a few KiB, a flood of 60 KiB signals is not.
         */
        public Config withSignalBytesRate(int perSecond, int burst) {
            Config c = copy();
            c.signalBytesPerSecond = atLeast(perSecond, 1024, "the signal byte rate");
            c.signalBytesBurst = atLeast(burst, c.maxFrameBytes, "the signal byte burst (at least a frame)");
            return c;
        }

        /** Root connections with a wrong secret accepted from one address per minute (then 429). */
        public Config withWrongSecretsPerMinute(int n) {
            Config c = copy();
            c.wrongSecretsPerMinute = atLeast(n, 1, "the wrong secret limit");
            return c;
        }

        /** The listening socket's backlog of connections not yet accepted. */
        public Config withBacklog(int n) {
            Config c = copy();
            c.backlog = atLeast(n, 1, "the backlog");
            return c;
        }

        /**
         * Whether 127.0.0.1 and ::1 escape the per-address limits. Only for a server whose local
         * clients are its own (the app's demo nodes, benchmarks): behind a reverse proxy on the same
         * machine every client would come from 127.0.0.1.
         */
        public Config withExemptLocalhost(boolean exempt) {
            Config c = copy();
            c.exemptLocalhost = exempt;
            return c;
        }

        /** Whether the server answers STUN Binding requests on UDP at its own port number (on by default). */
        public Config withStun(boolean on) {
            Config c = copy();
            c.stun = on;
            return c;
        }

        /**
         * The ICE servers handed to clients at {@code /ice-servers} ({@code stun:}, {@code turn:},
         * {@code turns:} URLs), and the secret shared with coturn ({@code static-auth-secret}) from
         * which each client's TURN credentials are minted, valid for {@code ttlSeconds}.
         */
        public Config withIceServers(java.util.List<String> urls, String turnSecret, long ttlSeconds) {
            Config c = copy();
            for (String url : urls) {
                org.genet.ice.IceServer.check(url);
            }
            c.iceServers = java.util.List.copyOf(urls);
            c.turnSecret = turnSecret == null || turnSecret.isEmpty() ? null : turnSecret;
            c.turnTtlSeconds = positive(ttlSeconds, "the TURN credentials' lifetime");
            return c;
        }

        /** Requests for ICE servers one address may make a second, and at once (each mints a credential). */
        public Config withIceRequestRate(int perSecond, int burst) {
            Config c = copy();
            c.iceRequestsPerSecond = atLeast(perSecond, 1, "the ICE server request rate");
            c.iceRequestBurst = atLeast(burst, 1, "the ICE server request burst");
            return c;
        }

        public boolean stun() {
            return stun;
        }

        public java.util.List<String> iceServers() {
            return iceServers;
        }

        public String turnSecret() {
            return turnSecret;
        }

        public long turnTtlSeconds() {
            return turnTtlSeconds;
        }

        public int iceRequestsPerSecond() {
            return iceRequestsPerSecond;
        }

        public int iceRequestBurst() {
            return iceRequestBurst;
        }

        public String secret() {
            return secret;
        }

        public long joinTimeoutMs() {
            return joinTimeoutMs;
        }

        public long heartbeatMs() {
            return heartbeatMs;
        }

        public int pingSeconds() {
            return pingSeconds;
        }

        public int maxFrameBytes() {
            return maxFrameBytes;
        }

        public int maxHeadBytes() {
            return maxHeadBytes;
        }

        public long handshakeTimeoutMs() {
            return handshakeTimeoutMs;
        }

        public int maxJoinSockets() {
            return maxJoinSockets;
        }

        public int maxJoinSocketsPerAddress() {
            return maxJoinSocketsPerAddress;
        }

        /** The configured connection limit, or 0 for one derived from the file descriptor limit. */
        public int maxConnections() {
            return maxConnections;
        }

        public int maxConnectionsPerAddress() {
            return maxConnectionsPerAddress;
        }

        public int joinQueueBytes() {
            return joinQueueBytes;
        }

        public int rootQueueBytes() {
            return rootQueueBytes;
        }

        public long maxQueuedBytes() {
            return maxQueuedBytes;
        }

        public int signalsPerSecond() {
            return signalsPerSecond;
        }

        public int signalBurst() {
            return signalBurst;
        }

        public int signalBytesPerSecond() {
            return signalBytesPerSecond;
        }

        public int signalBytesBurst() {
            return signalBytesBurst;
        }

        public int wrongSecretsPerMinute() {
            return wrongSecretsPerMinute;
        }

        public int backlog() {
            return backlog;
        }

        public boolean exemptLocalhost() {
            return exemptLocalhost;
        }

        /**
         * The connection limit in force: the configured one, or half the file descriptors still free
         * (the rest is for the process's other work, such as WebRTC in the app), at most 10,000. An
         * explicit limit above the free descriptors is lowered to them, so that accepting never fails.
         */
        int effectiveMaxConnections() {
            long free = freeFileDescriptors();
            if (maxConnections == 0) {
                return (int) Math.max(16, Math.min(10_000, free / 2));
            }
            return (int) Math.max(1, Math.min(maxConnections, Math.max(16, free - 32)));
        }

        /** File descriptors this process may still open; a large number where the JVM cannot tell. */
        static long freeFileDescriptors() {
            OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
            if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
                return Math.max(0, unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount());
            }
            return 20_000;
        }
    }
}
