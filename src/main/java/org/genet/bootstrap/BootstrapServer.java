package org.genet.bootstrap;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.util.concurrent.DefaultThreadFactory;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bootstrap server of PROTOCOL.md section 1, wire-compatible with webrtc-bootstrap 4.x: the
 * root socket {@code /<secret>/webrtc-bootstrap-root}, one {@code /join} socket per connection
 * attempt, signals routed by destination, and plain HTTP pages on the same port.
 *
 * <p>It faces whoever can reach it (the app's server is on the LAN at a talk, {@code genet
 * server} may be on the internet), so every resource a client can make it hold is bounded (see
 * {@link ServerConfig}): connections in all and per address, the request head's size and the time to
 * finish it, the frame size (refused on the header: nothing is reserved for what has not arrived),
 * signals per second per socket, bytes queued for each socket and for all, join sockets in all and
 * per address, wrong secrets per address. One place, {@link UpgradeGate}'s {@code route}, decides
 * every upgrade: no upgrade is accepted anywhere else. Bad input gets a close code or an HTTP status and a log line
 * (repeated ones are rate-limited), and good clients are served meanwhile.
 *
 * <p>Built on Netty: its HTTP decoder parses a head once as it arrives (a slow head costs nothing
 * more than a fast one), its WebSocket decoder checks a frame's length on the header and refuses
 * unmasked client frames, and each socket's writability gives back-pressure. One handler a file:
 * {@link AcceptGuard} on the listening socket, {@link UpgradeGate} on each connection until it is
 * answered ({@link HttpPages}) or upgraded to a {@link SignalSocket}; {@link StunResponder} on UDP.
 * This class holds what they share (the root, the join sockets, the counts) and their lifecycle.
 */
public final class BootstrapServer {
    static {
        NettyDefaults.apply(); // before any class of Netty's
    }

    /** The root socket's path after the secret. */
    public static final String ROOT_SUFFIX = "/webrtc-bootstrap-root";
    public static final String JOIN_PATH = "/join";

    private static final Logger log = LoggerFactory.getLogger(BootstrapServer.class);
    static final String HEARTBEAT_FRAME = "\"" + Wire.HEARTBEAT + "\"";
    private static final SecureRandom IDS = new SecureRandom();

    /** What the status page shows. */
    public record Status(boolean rootConnected, int joinSockets, long signalsRouted, long signalsDropped,
                         long refused, int connections, long queuedBytes) {
    }

    private final InetSocketAddress address;
    final ServerConfig config;
    final byte[] secretDigest;
    final int maxConnections;
    final WebSocketDecoderConfig frames;
    final LogLimiter limited = new LogLimiter(10, TimeUnit.SECONDS);

    final AtomicReference<Channel> root = new AtomicReference<>();
    /** Every accepted socket still open. */
    private final java.util.Set<Channel> open = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final Map<String, Channel> joinSockets = new ConcurrentHashMap<>();
    final AtomicInteger joinSocketCount = new AtomicInteger();
    final AtomicInteger connections = new AtomicInteger();
    final AddressLimits connectionsByAddress = new AddressLimits();
    final AddressLimits joinsByAddress = new AddressLimits();
    final WrongSecrets wrongSecrets = new WrongSecrets();
    final HttpPages pages = new HttpPages(this);
    final AtomicLong queuedBytes = new AtomicLong();
    final AtomicLong signalsRouted = new AtomicLong();
    final AtomicLong signalsDropped = new AtomicLong();
    final AtomicLong refused = new AtomicLong();

    private EventLoopGroup acceptor;
    private EventLoopGroup workers;
    private volatile Channel listener;
    /** The STUN responder's UDP socket (same port number), or null: see {@link StunResponder}. */
    private volatile Channel stunSocket;
    final IceServersRoute iceServers;

    public BootstrapServer(InetSocketAddress address, ServerConfig config) {
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
                    .handler(new AcceptGuard(this))
                    .childOption(ChannelOption.TCP_NODELAY, true) // signals are small and latency matters
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                            new WriteBufferWaterMark(config.joinQueueBytes() / 2, config.joinQueueBytes()))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            open.add(ch);
                            ch.closeFuture().addListener(f -> open.remove(ch));
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
        workers.next().scheduleAtFixedRate(wrongSecrets::forgetOld, 1, 1, TimeUnit.MINUTES);
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
        // every socket closed before the threads stop, not left to their shutdown: a root whose
        // socket outlived a closed server (SelfRepairTest's restart, about 1 run in 2) went on
        // believing it was attached until its 45 s silence bound, and no joiner reached it
        java.util.List<io.netty.channel.ChannelFuture> closing = open.stream().map(Channel::close).toList();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (io.netty.channel.ChannelFuture f : closing) {
            f.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
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

    /** The connection limit in force (see {@link ServerConfig#maxConnections}). */
    public int maxConnections() {
        return maxConnections;
    }

    public Status status() {
        Channel r = root.get();
        return new Status(r != null && r.isActive(), joinSockets.size(), signalsRouted.get(), signalsDropped.get(),
                refused.get(), connections.get(), queuedBytes.get());
    }

    // ---- connections ---------------------------------------------------------------------------

    boolean limitsApply(Peer peer) {
        return !(peer.localhost && config.exemptLocalhost());
    }

    /** On a connection just accepted: refused if its address held its share, else given its pipeline. */
    private void admit(SocketChannel ch) {
        Peer peer = new Peer(ch);
        if (Boolean.TRUE.equals(ch.attr(AcceptGuard.OVER_SHARE).get())) {
            refuseConnection(ch, peer.addressKey + " holds its maximum of " + config.maxConnectionsPerAddress()
                    + " connections");
            return;
        }
        int head = config.maxHeadBytes();
        ch.pipeline().addLast("http", new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(Math.min(8 * 1024, head))
                .setMaxHeaderSize(head)
                .setMaxChunkSize(8 * 1024)));
        ch.pipeline().addLast("gate", new UpgradeGate(this, peer));
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

    boolean secretMatches(String given) {
        return MessageDigest.isEqual(sha256(given), secretDigest);
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
    static String printable(String path) {
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

    static String newId() {
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
}
