package org.genet.bootstrap;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import java.net.InetSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client WebSocket that carries text frames, on Netty: the sockets of one client share one
 * event loop thread ({@link Connector}). Sends go out one after the other in call order; events
 * reach the handler through {@code callbacks}, in order, and the close exactly once.
 */
final class TextSocket {
    /** How the reason of a close that is a refusal of the handshake begins. */
    static final String REFUSED = "refused by the server: ";
    /** The largest frame taken from the server: the root's signals are bounded far below it. */
    static final int MAX_FRAME = 1 << 20;
    private static final Logger log = LoggerFactory.getLogger(TextSocket.class);

    interface Handler {
        void onOpen();

        void onText(String text);

        /** The socket is closed: by us, by the server, or it never opened. */
        void onClosed(String reason);
    }

    /** The event loop (one thread) and the TLS context that a client's sockets share. */
    static final class Connector implements AutoCloseable {
        static {
            NettyDefaults.apply(); // before any class of Netty's: every socket of a client runs on a connector
        }

        private final EventLoopGroup group;
        /**
         * Lookups that never block the one event loop every socket of the client shares (the JDK's
         * resolver, Netty's default, did): see {@link ClientResolver}.
         */
        final ClientResolver resolver;
        private SslContext tls;
        private volatile boolean closed;

        Connector(String threadName) {
            this(threadName, null);
        }

        /** With {@code nameServer}, every DNS query goes there (tests); null: the system's name servers. */
        Connector(String threadName, InetSocketAddress nameServer) {
            this(threadName, nameServer, null);
        }

        /** With {@code system} standing in for the system's resolver of {@code .local} names (tests). */
        Connector(String threadName, InetSocketAddress nameServer,
                  java.util.function.Function<io.netty.util.concurrent.EventExecutor,
                          io.netty.resolver.AddressResolver<InetSocketAddress>> system) {
            group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(threadName, true), NioIoHandler.newFactory());
            DnsNameResolverBuilder dns = new DnsNameResolverBuilder(group.next())
                    .datagramChannelType(NioDatagramChannel.class)
                    .socketChannelType(NioSocketChannel.class)
                    .queryTimeoutMillis(5_000);
            if (nameServer != null) {
                dns.nameServerProvider(new SingletonDnsServerAddressStreamProvider(nameServer));
            }
            resolver = system == null ? new ClientResolver(new DnsAddressResolverGroup(dns))
                    : new ClientResolver(new DnsAddressResolverGroup(dns), group, system);
        }

        /** For {@code wss://}: the JDK's trust store, the server's name checked against its certificate. */
        synchronized SslContext tls() throws SSLException {
            if (tls == null) {
                tls = SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS").build();
            }
            return tls;
        }

        /** The event loop, for the client's other requests (its ICE servers). */
        EventLoopGroup group() {
            return group;
        }

        @Override
        public void close() {
            closed = true;
            resolver.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private final Handler handler;
    private final Executor callbacks;
    private Connector connector;
    private Channel channel;
    /** Frames sent before the handshake completed, in order. */
    private final List<String> pending = new ArrayList<>();
    private boolean open;
    /** {@link #close()} or {@link #abort()} was called. */
    private boolean closing;
    /** The close is on its way to the handler: nothing is handed to it after. */
    private boolean closed;
    /** On the callbacks' executor: the handler has heard the close. */
    private boolean closeDelivered;

    /** A socket that connects when {@link #connect} is called: its owner is whole by then. */
    TextSocket(Handler handler, Executor callbacks) {
        this.handler = handler;
        this.callbacks = callbacks;
    }

    /** Connects; the handler may hear of it from now on. */
    void connect(Connector connector, URI uri) {
        TextSocket socket = this;
        this.connector = connector;
        boolean secure = "wss".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : secure ? 443 : 80;
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .maxFramePayloadLength(MAX_FRAME)
                .handshakeTimeoutMillis(10_000)
                .handleCloseFrames(false) // the server's close code and reason are reported
                .generateOriginHeader(false)
                .build();
        Bootstrap bootstrap = new Bootstrap().group(connector.group).channel(NioSocketChannel.class)
                .resolver(connector.resolver)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) throws SSLException {
                        synchronized (socket) {
                            socket.channel = ch; // before the handshake can complete on the event loop
                        }
                        if (secure) {
                            ch.pipeline().addLast(connector.tls().newHandler(ch.alloc(), uri.getHost(), port));
                        }
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(16 * 1024),
                                new WebSocketClientProtocolHandler(config), new WebSocketFrameAggregator(MAX_FRAME),
                                socket.new Inbound());
                    }
                });
        ChannelFuture connecting;
        try {
            connecting = bootstrap.connect(uri.getHost(), port);
        } catch (RuntimeException e) { // the client is closed
            socket.closed("connection failed: " + e);
            return;
        }
        synchronized (socket) {
            socket.channel = connecting.channel();
        }
        connecting.addListener(done -> {
            if (!done.isSuccess()) {
                socket.closed(describe(done.cause()));
            }
        });
    }

    /** Sends one text frame once the socket is open and every earlier frame has gone. */
    synchronized void send(String text) {
        if (closing || closed) {
            return;
        }
        if (open) {
            channel.writeAndFlush(new TextWebSocketFrame(text));
        } else {
            pending.add(text);
        }
    }

    /**
     * Closes the socket in order: a close frame after what was sent, then the connection once the
     * server has answered it, or after 2 s whatever happened.
     */
    void close() {
        Channel ch;
        boolean wasOpen;
        synchronized (this) {
            if (closing || closed) {
                return;
            }
            closing = true;
            ch = channel;
            wasOpen = open;
        }
        closed("closed");
        if (ch == null) {
            return;
        }
        if (!wasOpen) { // not open yet: drop it
            ch.close();
            return;
        }
        ch.writeAndFlush(new CloseWebSocketFrame(1000, ""));
        ch.eventLoop().schedule(() -> ch.close(), 2, TimeUnit.SECONDS);
    }

    /** Drops the connection at once. */
    void abort() {
        Channel ch;
        synchronized (this) {
            closing = true;
            ch = channel;
        }
        closed("aborted"); // before the channel's own end can say otherwise
        if (ch != null) {
            ch.close();
        }
    }

    private void opened(Channel channel) {
        synchronized (this) {
            this.channel = channel;
            if (closing || closed) {
                channel.close();
                return;
            }
            open = true;
            for (String text : pending) {
                channel.write(new TextWebSocketFrame(text));
            }
            pending.clear();
            channel.flush();
            deliver(handler::onOpen);
        }
    }

    private void closed(String reason) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            pending.clear();
            callbacks.execute(() -> {
                closeDelivered = true;
                handler.onClosed(reason);
            });
        }
    }

    /**
     * Hands an event to the handler, in order: queued under the lock that {@link #closed} takes,
     * so that none is queued after the close, and dropped if the close reached the handler first.
     */
    private void deliver(Runnable event) {
        callbacks.execute(() -> {
            if (!closeDelivered) {
                event.run();
            }
        });
    }

    /** What comes from the server, on the event loop. */
    private final class Inbound extends SimpleChannelInboundHandler<WebSocketFrame> {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                opened(ctx.channel());
            } else if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                closed("cannot reach the server: the handshake timed out");
                ctx.close();
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof TextWebSocketFrame text) {
                String message = text.text();
                synchronized (TextSocket.this) {
                    if (!closed) {
                        deliver(() -> handler.onText(message));
                    }
                }
            } else if (frame instanceof CloseWebSocketFrame close) {
                int code = close.statusCode();
                String reason = close.reasonText();
                closed("closed by the server (" + (code < 0 ? 1005 : code)
                        + (reason == null || reason.isEmpty() ? "" : ": " + reason) + ")");
                boolean weClosed;
                synchronized (TextSocket.this) {
                    weClosed = closing;
                    closing = true;
                }
                if (weClosed) {
                    ctx.close(); // the server answered our close frame
                } else { // answer the server's close frame, then let the connection go
                    ctx.writeAndFlush(new CloseWebSocketFrame(code < 0 ? 1000 : code, "")).addListener(f -> ctx.close());
                }
            } else {
                log.debug("ignored a {}", frame.getClass().getSimpleName());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            closed(describe(cause));
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            closed(connector.closed ? "closed: the client was closed" : "connection failed: the connection was lost");
            super.channelInactive(ctx);
        }
    }

    private static String describe(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && !(cause instanceof WebSocketClientHandshakeException)
                && !(cause instanceof java.net.ConnectException)) {
            cause = cause.getCause();
        }
        if (cause instanceof WebSocketClientHandshakeException handshake && handshake.response() != null) {
            int status = handshake.response().status().code();
            return REFUSED + "HTTP " + status + switch (status) {
                case 403 -> " (wrong secret)";
                case 404 -> " (no such route: is this a Genet bootstrap server?)";
                case 409 -> " (a root is already connected)";
                case 503 -> " (server busy)";
                default -> "";
            };
        }
        if (cause instanceof ConnectTimeoutException) {
            return "cannot reach the server: connection timed out";
        }
        if (cause instanceof java.net.ConnectException) {
            return "cannot reach the server: connection refused";
        }
        return "connection failed: " + cause;
    }
}
