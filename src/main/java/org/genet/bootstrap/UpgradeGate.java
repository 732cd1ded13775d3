package org.genet.bootstrap;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a connection's request head and answers it ({@link HttpPages}), or upgrades it to a
 * signaling socket ({@link SignalSocket}). {@link #route} is the one place that decides whether an
 * upgrade is accepted, and as what: no upgrade is accepted anywhere else. One per connection.
 */
final class UpgradeGate extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(UpgradeGate.class);

    private final BootstrapServer server;
    private final Peer peer;

    UpgradeGate(BootstrapServer server, Peer peer) {
        this.server = server;
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
            server.limited.log("request-error", "could not handle a request from " + peer.addressKey + ": " + e, log::warn);
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
                    ? HttpResponse.text(431, "Request Header Fields Too Large", "request head over " + server.config.maxHeadBytes() + " bytes")
                    : cause instanceof TooLongHttpLineException
                    ? HttpResponse.text(414, "URI Too Long", "request line too long")
                    : HttpResponse.text(400, "Bad Request", "malformed HTTP request (lines end with CR LF)");
            server.refused.incrementAndGet();
            server.limited.log("bad-request", "refused a request from " + peer.addressKey + ": " + response.status() + " "
                    + response.reason(), log::warn);
            HttpPages.respond(ctx, response, false);
            return;
        }
        String path = BootstrapServer.pathOf(request.uri());
        boolean upgrade = HttpHeaderValues.WEBSOCKET.contentEqualsIgnoreCase(
                String.valueOf(request.headers().get(HttpHeaderNames.UPGRADE)));
        boolean head = HttpMethod.HEAD.equals(request.method());
        if (!upgrade) {
            HttpPages.respond(ctx, server.pages.page(request.method(), path, peer), head);
            return;
        }
        Admission admission = route(path, peer);
        if (admission.refusal() != null) {
            server.refused.incrementAndGet();
            HttpResponse r = admission.refusal();
            server.limited.log("refused-" + r.status(), "refused a WebSocket upgrade to " + BootstrapServer.printable(path) + " from "
                    + peer.addressKey + ": " + r.status() + " " + r.reason(), log::warn);
            HttpPages.respond(ctx, r, false);
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
        if (BootstrapServer.JOIN_PATH.equals(path)) {
            if (server.joinSocketCount.incrementAndGet() > server.config.maxJoinSockets()) {
                server.joinSocketCount.decrementAndGet();
                return Admission.refuse(503, "Service Unavailable", "too many join sockets open, try again later");
            }
            if (server.limitsApply(peer) && !server.joinsByAddress.tryAcquire(peer.addressKey, server.config.maxJoinSocketsPerAddress())) {
                server.joinSocketCount.decrementAndGet();
                return Admission.refuse(503, "Service Unavailable", "too many join sockets open from this address");
            }
            return new Admission(null, false);
        }
        if (path.endsWith(BootstrapServer.ROOT_SUFFIX) && path.startsWith("/")) {
            if (server.limitsApply(peer) && server.wrongSecrets.tooMany(peer.addressKey, server.config.wrongSecretsPerMinute())) {
                return Admission.refuse(429, "Too Many Requests", "too many wrong secrets from this address, wait a minute");
            }
            String secret = path.length() > BootstrapServer.ROOT_SUFFIX.length() ? path.substring(1, path.length() - BootstrapServer.ROOT_SUFFIX.length()) : "";
            if (!server.secretMatches(secret)) {
                if (server.limitsApply(peer)) {
                    server.wrongSecrets.count(peer.addressKey);
                }
                return Admission.refuse(403, "Forbidden", "wrong secret");
            }
            Channel current = server.root.get();
            if (current != null && current.isActive()) {
                return Admission.refuse(409, "Conflict", "a root is already connected");
            }
            return new Admission(null, true);
        }
        return Admission.refuse(404, "Not Found", "no WebSocket route at this path");
    }

    private void upgrade(ChannelHandlerContext ctx, HttpRequest request, String path, Admission admission) {
        Channel ch = ctx.channel();
        Runnable release = admission.isRoot() ? () -> { } : () -> {
            server.joinSocketCount.decrementAndGet();
            if (server.limitsApply(peer)) {
                server.joinsByAddress.release(peer.addressKey);
            }
        };
        String host = String.valueOf(request.headers().get(HttpHeaderNames.HOST, "localhost"));
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory("ws://" + host + path, null, server.frames)
                .newHandshaker(request);
        if (handshaker == null) {
            release.run();
            server.refused.incrementAndGet();
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ch).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        SignalSocket socket = admission.isRoot() ? new SignalSocket(server, peer, null, release) : new SignalSocket(server, peer, BootstrapServer.newId(), release);
        // text that is not UTF-8 is refused (1007) before it is forwarded: the handshaker adds no
        // validator of its own, whatever the decoder's configuration says
        ch.pipeline().addLast("utf8", new Utf8FrameValidator(false));
        ch.pipeline().addLast("aggregate", new WebSocketFrameAggregator(server.config.maxFrameBytes()));
        ch.pipeline().addLast("socket", socket);
        if (admission.isRoot() && !socket.claimRoot()) { // another root won the race since route()
            release.run();
            ch.pipeline().remove("socket");
            ch.pipeline().remove("aggregate");
            ch.pipeline().remove("utf8");
            server.refused.incrementAndGet();
            HttpPages.respond(ctx, HttpResponse.text(409, "Conflict", "a root is already connected"), false);
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
            server.root.compareAndSet(ch, null); // if it had claimed the root's place
            ch.pipeline().remove("socket");
            ch.pipeline().remove("aggregate");
            ch.pipeline().remove("utf8");
            server.refused.incrementAndGet();
            server.limited.log("bad-upgrade", "refused a malformed WebSocket upgrade from " + peer.addressKey + ": "
                    + e.getMessage(), log::warn);
            HttpPages.respond(ctx, HttpResponse.text(400, "Bad Request", "malformed WebSocket upgrade"), false);
        }
    }
}
