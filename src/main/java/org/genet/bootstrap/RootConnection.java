package org.genet.bootstrap;

import java.net.URI;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.genet.measure.FrameCounts;
import org.genet.overlay.RootSocket;
import org.genet.overlay.Wire;

/**
 * The root's socket to the bootstrap server. Unlike the original client it does send its
 * heartbeat (PROTOCOL.md section 7, defect 6), and it notices a server gone silent.
 */
public final class RootConnection implements RootSocket {
    private static final String HEARTBEAT_FRAME = "\"" + Wire.HEARTBEAT + "\"";

    private final TextSocket socket;
    private final ScheduledFuture<?> heartbeat;
    private final ScheduledFuture<?> watchdog;
    private volatile long lastHeard = System.nanoTime();

    RootConnection(TextSocket.Connector connector, ScheduledExecutorService timers, URI uri, Listener listener, Executor callbacks,
                   long heartbeatMs, long silenceMs) {
        this.socket = new TextSocket(new TextSocket.Handler() {
            @Override
            public void onOpen() {
                lastHeard = System.nanoTime();
                listener.onOpen();
            }

            @Override
            public void onText(String text) {
                lastHeard = System.nanoTime();
                listener.onMessage(text);
            }

            @Override
            public void onClosed(String reason) {
                stopTimers();
                if (reason.startsWith(TextSocket.REFUSED) && (reason.contains("HTTP 409") || reason.contains("HTTP 403"))) {
                    listener.onRefused(reason);
                } else {
                    listener.onClose(reason);
                }
            }
        }, callbacks);
        this.heartbeat = timers.scheduleAtFixedRate(() -> {
            FrameCounts.count(FrameCounts.Kind.ROOT_HEARTBEAT, HEARTBEAT_FRAME);
            socket.send(HEARTBEAT_FRAME);
        }, heartbeatMs, heartbeatMs,
                TimeUnit.MILLISECONDS);
        this.watchdog = timers.scheduleAtFixedRate(() -> {
            if (System.nanoTime() - lastHeard > TimeUnit.MILLISECONDS.toNanos(silenceMs)) {
                socket.abort();
            }
        }, silenceMs, Math.max(1, silenceMs / 4), TimeUnit.MILLISECONDS);
        socket.connect(connector, uri);
    }

    @Override
    public void close() {
        stopTimers();
        socket.close();
    }

    private void stopTimers() {
        heartbeat.cancel(false);
        watchdog.cancel(false);
    }
}
