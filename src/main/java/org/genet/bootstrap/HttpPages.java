package org.genet.bootstrap;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.concurrent.TimeUnit;

/**
 * The bootstrap server's plain HTTP pages on its port (the node page, the status pages, the ICE
 * servers), and how every HTTP answer goes out, pages and refusals alike: one response, then the
 * connection half-closed. Called by the {@link UpgradeGate} for a request that is not an upgrade.
 */
final class HttpPages {
    /** How long a socket being closed may take to answer our close frame. */
    static final long CLOSE_GRACE_MS = 1_000;

    private final BootstrapServer server;

    HttpPages(BootstrapServer server) {
        this.server = server;
    }

    HttpResponse page(HttpMethod method, String path, Peer peer) {
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            return HttpResponse.text(405, "Method Not Allowed", "only GET and HEAD are served here");
        }
        return switch (path) {
            case "/", "/index.html" -> WebFiles.get("index.html");
            case "/genet-node.js" -> WebFiles.get("genet-node.js");
            case "/status" -> HttpResponse.html(StatusPage.html(server.status()));
            case "/status.json" -> HttpResponse.json(StatusPage.json(server.status()));
            case IceServersRoute.PATH -> !server.limitsApply(peer) || server.iceServers.allow(peer.addressKey)
                    ? server.iceServers.answer(server.stunPort(), System.currentTimeMillis() / 1000)
                    : HttpResponse.text(429, "Too Many Requests", "too many requests for ICE servers, try again later");
            default -> HttpResponse.text(404, "Not Found", "no page at this path");
        };
    }

    static void respond(ChannelHandlerContext ctx, HttpResponse r, boolean head) {
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
}
