package org.genet.bootstrap;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the listening socket, before a new connection is handed to its thread: every connection
 * counts from here until its close completes, so that the descriptors in use stay under the
 * limit. At the limit the server stops accepting, at once on this thread: further connections
 * wait in the system's backlog (using no descriptor of ours) until one closes. A failed accept
 * (out of descriptors all the same, say) is logged and accepting pauses for a second, instead
 * of a busy loop; the port stays open.
 */
final class AcceptGuard extends ChannelInboundHandlerAdapter {
    /** Set on a connection whose address held its share of connections when it was accepted. */
    static final AttributeKey<Boolean> OVER_SHARE = AttributeKey.valueOf("genet-over-share");

    private static final Logger log = LoggerFactory.getLogger(AcceptGuard.class);

    private final BootstrapServer server;
    /** Whether the listener accepts; only its own thread touches this. */
    private boolean accepting = true;
    private boolean recovering;

    AcceptGuard(BootstrapServer server) {
        this.server = server;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel listening = ctx.channel();
        if (msg instanceof Channel child) {
            if (server.connections.incrementAndGet() >= server.maxConnections) {
                pause(listening);
            }
            takeAddressShare(child);
            child.closeFuture().addListener(f -> {
                if (server.connections.decrementAndGet() < server.maxConnections && !listening.eventLoop().isShuttingDown()) {
                    try {
                        listening.eventLoop().execute(() -> resume(listening));
                    } catch (RejectedExecutionException e) {
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
        if (AddressLimits.isLocalhost(child.remoteAddress()) && server.config.exemptLocalhost()) {
            return;
        }
        String key = AddressLimits.keyOf(child.remoteAddress());
        if (server.connectionsByAddress.tryAcquire(key, server.config.maxConnectionsPerAddress())) {
            child.closeFuture().addListener(f -> server.connectionsByAddress.release(key));
        } else {
            child.attr(OVER_SHARE).set(true);
        }
    }

    private void pause(Channel listening) {
        if (accepting) {
            accepting = false;
            listening.config().setAutoRead(false);
            server.limited.log("accept-paused", "holding " + server.maxConnections + " connections: new ones wait until one closes",
                    log::warn);
        }
    }

    private void resume(Channel listening) {
        if (!accepting && server.connections.get() < server.maxConnections) {
            accepting = true;
            if (!recovering) {
                listening.config().setAutoRead(true);
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        server.limited.log("accept-failed", "could not accept a connection (" + cause.getMessage()
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
