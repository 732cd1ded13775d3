package org.genet.bootstrap;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.genet.overlay.Wire;
import org.genet.overlay.WireException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An upgraded socket: the root (id null) or a join socket. Confined to its channel's event loop. */
final class SignalSocket extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(SignalSocket.class);

    private final BootstrapServer server;
    private final Peer peer;
    private final String id;
    private final Runnable release;
    private final ServerConfig config;
    private final TokenBucket signals;
    private final TokenBucket signalBytes;
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

    SignalSocket(BootstrapServer server, Peer peer, String id, Runnable release) {
        this.server = server;
        this.peer = peer;
        this.id = id;
        this.release = release;
        this.config = server.config;
        this.signals = new TokenBucket(config.signalsPerSecond(), config.signalBurst(), System.nanoTime());
        this.signalBytes = new TokenBucket(config.signalBytesPerSecond(), config.signalBytesBurst(), System.nanoTime());
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
        Channel current = server.root.get();
        boolean claimed = current == null ? server.root.compareAndSet(null, ch)
                : !current.isActive() && server.root.compareAndSet(current, ch);
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
            server.joinSockets.put(id, ch);
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
            server.limited.log("silent", "closed " + who() + ": no answer to pings for " + (3 * config.pingSeconds() / 2)
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
                    server.limited.log("not-reading", "closed " + who() + " from " + peer.addressKey + ": it has not read what"
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
                server.limited.log("binary", "closed " + who() + ": binary frames are not part of the protocol", log::warn);
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
            if (BootstrapServer.HEARTBEAT_FRAME.equals(s) || Wire.HEARTBEAT.equals(s)) {
                long now = System.nanoTime();
                if (lastHeartbeat != 0) {
                    heartbeatPeriod = now - lastHeartbeat;
                }
                lastHeartbeat = now;
            } else {
                server.limited.log("root-frame", "ignored a frame from the root that is not a heartbeat (" + text.length()
                        + " chars)", log::warn);
            }
            return;
        }
        long now = System.nanoTime();
        if (!signals.take(now)) {
            server.limited.log("signal-rate", "closed join socket " + id + " from " + peer.addressKey + ": over "
                    + config.signalsPerSecond() + " signals a second", log::warn);
            closeWith(1008, "over " + config.signalsPerSecond() + " signals a second");
            return;
        }
        // characters stand for bytes here: a bound either way, and no encoding on the hot path
        if (!signalBytes.take(now, text.length())) {
            server.limited.log("signal-bytes", "closed join socket " + id + " from " + peer.addressKey + ": over "
                    + config.signalBytesPerSecond() + " bytes of signals a second", log::warn);
            closeWith(1008, "over " + config.signalBytesPerSecond() + " bytes of signals a second");
            return;
        }
        SignalMessages.Routed message;
        try {
            message = SignalMessages.withOrigin(text, id);
        } catch (WireException e) {
            server.limited.log("malformed", "closed join socket " + id + ": " + e.getMessage(), log::warn);
            closeWith(1007, e.getMessage());
            return;
        }
        if (!message.destinationValid()) {
            drop("a destination that is neither a string nor null");
        } else if (message.destination() == null) {
            Channel target = server.root.get();
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
            Channel target = server.joinSockets.get(message.destination());
            if (target == null) {
                drop("unknown destination");
            } else if (!target.isWritable()) {
                drop("the destination reads too slowly");
                server.limited.log("slow-reader", "closed a join socket: over " + config.joinQueueBytes()
                        + " bytes waiting to be sent to it", log::warn);
                target.writeAndFlush(new CloseWebSocketFrame(1008, "reading too slowly"))
                        .addListener(ChannelFutureListener.CLOSE);
            } else {
                forward(target, message.text());
            }
        }
    }

    private void forward(Channel target, String text) {
        if (server.queuedBytes.get() > config.maxQueuedBytes()) {
            drop("the server's send queues are full");
            return;
        }
        ByteBuf bytes = ByteBufUtil.writeUtf8(target.alloc(), text);
        int size = bytes.readableBytes();
        server.queuedBytes.addAndGet(size);
        target.writeAndFlush(new TextWebSocketFrame(bytes)).addListener(f -> {
            server.queuedBytes.addAndGet(-size);
            if (!f.isSuccess()) {
                server.signalsDropped.incrementAndGet();
            }
        });
        server.signalsRouted.incrementAndGet();
    }

    private void drop(String why) {
        server.signalsDropped.incrementAndGet();
        server.limited.log("drop-" + why, "dropped a signal from " + who() + ": " + why, log::info);
    }

    /** Sends a close frame and closes once the client answers, or after a grace period. */
    void closeWith(int code, String reason) {
        if (closing || !ch.isActive()) {
            return;
        }
        closing = true;
        ch.writeAndFlush(new CloseWebSocketFrame(code, BootstrapServer.closeReason(reason)));
        ch.eventLoop().schedule(() -> {
            ch.close();
        }, HttpPages.CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException corrupt) {
            // the decoder now discards what follows: our close frame goes out, the rest is drained
            int code = corrupt.closeStatus() != null ? corrupt.closeStatus().code() : 1002;
            server.limited.log("corrupt-" + code, "closed " + who() + " from " + peer.addressKey + ": " + code + " "
                    + corrupt.getMessage(), log::warn);
            closeWith(code, corrupt.getMessage());
        } else if (cause instanceof TooLongFrameException) {
            server.limited.log("too-long", "closed " + who() + ": a message over " + config.maxFrameBytes() + " bytes",
                    log::warn);
            closeWith(1009, "message over " + config.maxFrameBytes() + " bytes");
        } else if (cause instanceof IOException) {
            log.debug("{} failed: {}", who(), cause.toString());
            ctx.close();
        } else {
            server.limited.log("socket-error", who() + " failed: " + cause, log::warn);
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
            if (server.root.compareAndSet(ch, null)) {
                log.info("root disconnected");
            }
        } else {
            server.joinSockets.remove(id, ch);
        }
        ctx.fireChannelInactive();
    }
}
