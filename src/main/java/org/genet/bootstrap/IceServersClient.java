package org.genet.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.genet.ice.IceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ICE servers a bootstrap server hands out ({@code GET /ice-servers}, see
 * {@link IceServersRoute}), fetched once, kept, and fetched again before the TURN credentials in
 * them expire. A server without the route (the original's answers 404) hands out none: nothing
 * then, and it is not asked again. A server that does not answer is asked again later, with a
 * backoff; meanwhile the client has none from it. Never blocks: {@link #current()} is what is known now.
 */
public final class IceServersClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IceServersClient.class);
    /** The largest answer read: a few ICE servers are a few hundred bytes. */
    static final int MAX_ANSWER = 64 * 1024;
    private static final long RETRY_FIRST_MS = 5_000;
    private static final long RETRY_MAX_MS = 300_000;

    private final TextSocket.Connector connector;
    private final ScheduledExecutorService timers;
    private final URI base;
    private final CompletableFuture<IceConfig> first = new CompletableFuture<>();
    private volatile IceConfig current = IceConfig.none();
    private volatile boolean fromServer;
    private volatile boolean closed;
    private long retryMs = RETRY_FIRST_MS;

    IceServersClient(TextSocket.Connector connector, ScheduledExecutorService timers, URI base) {
        this.connector = connector;
        this.timers = timers;
        this.base = base;
    }

    /** Starts the first fetch (once). */
    synchronized void start() {
        if (!started) {
            started = true;
            fetch();
        }
    }

    private boolean started;

    /** Completes with the first answer (or none, when the server has no ICE servers or does not answer). */
    public CompletableFuture<IceConfig> first() {
        start();
        return first;
    }

    /** The ICE servers known now: none before the first answer. */
    public IceConfig current() {
        start();
        return current;
    }

    /** Whether the server answered with ICE servers (it is one of ours). */
    public boolean fromServer() {
        return fromServer;
    }

    private void fetch() {
        if (closed) {
            return;
        }
        boolean secure = "wss".equalsIgnoreCase(base.getScheme());
        String host = base.getHost();
        int port = base.getPort() > 0 ? base.getPort() : secure ? 443 : 80;
        CompletableFuture<FullHttpResponse> done = new CompletableFuture<>();
        try {
            new Bootstrap().group(connector.group()).channel(NioSocketChannel.class)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) throws Exception {
                            if (secure) {
                                ch.pipeline().addLast(connector.tls().newHandler(ch.alloc(), host, port));
                            }
                            ch.pipeline().addLast(new ReadTimeoutHandler(5, TimeUnit.SECONDS), new HttpClientCodec(),
                                    new HttpObjectAggregator(MAX_ANSWER), new SimpleChannelInboundHandler<FullHttpResponse>() {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
                                            done.complete(response.retain());
                                            ctx.close();
                                        }

                                        @Override
                                        public void channelInactive(ChannelHandlerContext ctx) {
                                            done.completeExceptionally(new IllegalStateException("the server closed the connection"));
                                        }

                                        @Override
                                        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                            done.completeExceptionally(cause);
                                            ctx.close();
                                        }
                                    });
                        }
                    })
                    .connect(host, port).addListener((io.netty.channel.ChannelFutureListener) f -> {
                        if (!f.isSuccess()) {
                            done.completeExceptionally(f.cause());
                            return;
                        }
                        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
                                IceServersRoute.PATH);
                        request.headers().set(HttpHeaderNames.HOST, base.getPort() > 0 ? host + ":" + port : host)
                                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                        f.channel().writeAndFlush(request);
                    });
        } catch (RuntimeException e) { // the client is closing
            done.completeExceptionally(e);
        }
        done.whenComplete((response, error) -> {
            try {
                answered(response, error);
            } finally {
                if (response != null) {
                    response.release();
                }
            }
        });
    }

    private void answered(FullHttpResponse response, Throwable error) {
        if (closed) {
            return;
        }
        if (error != null || response.status().code() == 429 || response.status().code() >= 500) {
            long wait = retryMs;
            retryMs = Math.min(RETRY_MAX_MS, retryMs * 2);
            String why = error != null ? error.toString() : response.status().toString();
            if (!first.isDone()) { // the first time only: the retries are quiet
                log.warn("no ICE servers from {} yet ({}); asking again in {} ms", base, why, wait);
            } else {
                log.debug("no ICE servers from {} yet ({}); asking again in {} ms", base, why, wait);
            }
            first.complete(current);
            later(wait);
            return;
        }
        retryMs = RETRY_FIRST_MS;
        if (response.status().code() != 200) {
            log.debug("{} hands out no ICE servers ({}): an original server", base, response.status());
            first.complete(current);
            return; // not asked again
        }
        try {
            JsonNode answer = org.genet.overlay.Wire.json().readTree(response.content().toString(StandardCharsets.UTF_8));
            IceConfig config = IceConfig.fromAnswer(answer, base.getHost());
            current = config;
            fromServer = true;
            log.debug("ICE servers from {}: {}", base, config);
            long ttl = answer.path("ttl").canConvertToLong() ? answer.path("ttl").asLong() : 0;
            if (ttl > 0) {
                later(Math.max(30_000, Math.min(TimeUnit.DAYS.toMillis(1), ttl * 750))); // three quarters of the way
            }
        } catch (java.io.IOException | RuntimeException e) {
            log.warn("the ICE servers from {} could not be read: {}", base, e.toString());
        }
        first.complete(current);
    }

    private void later(long ms) {
        try {
            timers.schedule(this::fetch, ms, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the client is closed
        }
    }

    @Override
    public void close() {
        closed = true;
        first.complete(current);
    }
}
