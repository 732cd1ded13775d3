package org.genet.discovery;

import java.net.InetAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.genet.bootstrap.BootstrapServer;

/**
 * A bootstrap server announced on the LAN: a {@link TreeAnnouncer} beside the server, which reads
 * the server's public status every two seconds (whether a root is connected) and, where the caller
 * knows it, the tree's size. The server itself knows nothing of it.
 */
public final class LanAnnouncement implements AutoCloseable {
    private final TreeAnnouncer announcer;
    private final ScheduledExecutorService poll = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dns-sd-status");
        t.setDaemon(true);
        return t;
    });

    private LanAnnouncement(TreeAnnouncer announcer) {
        this.announcer = announcer;
    }

    /** Announces {@code server} (already started) as {@code name}; its size unknown. */
    public static LanAnnouncement start(BootstrapServer server, InetAddress on, String name) {
        return start(server, on, name, () -> -1);
    }

    /** Announces {@code server} (already started) as {@code name}; {@code nodes} tells the tree's size, -1 if unknown. */
    public static LanAnnouncement start(BootstrapServer server, InetAddress on, String name, IntSupplier nodes) {
        LanAnnouncement a = new LanAnnouncement(TreeAnnouncer.start(on, name, server.getPort()));
        a.poll.scheduleWithFixedDelay(() -> {
            try {
                a.announcer.update(nodes.getAsInt(), server.status().rootConnected());
            } catch (RuntimeException e) {
                // the server is closing: the announcement follows it
            }
        }, 0, 2, TimeUnit.SECONDS);
        return a;
    }

    /** The name announced (JmDNS may have added " (2)" if another tree had it). */
    public String name() {
        return announcer.announcedName();
    }

    @Override
    public void close() {
        poll.shutdownNow();
        announcer.close();
    }
}
