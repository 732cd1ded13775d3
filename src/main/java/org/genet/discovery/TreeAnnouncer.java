package org.genet.discovery;

import java.io.IOException;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces one bootstrap server on the LAN with DNS-SD (multicast DNS, RFC 6762/6763): a service
 * of type {@value #SERVICE_TYPE} whose instance name is the tree's name, at the server's port, with
 * TXT keys {@code v=1}, {@code name} (the name it asked for: a browser sees when DNS-SD renamed it
 * "NAME (2)" because another announcer held the name), {@code root=yes|no} (whether a root is
 * connected) and, when the announcer knows it, {@code nodes=N} (the tree's size). It runs beside a server, never inside it: the server
 * does not know it is announced. JmDNS binds to the one interface address given; probing and
 * announcing run on JmDNS's own threads, so {@link #start} returns at once.
 */
public final class TreeAnnouncer implements AutoCloseable {
    public static final String SERVICE_TYPE = "_genet._tcp.local.";
    private static final Logger log = LoggerFactory.getLogger(TreeAnnouncer.class);

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dns-sd-announcer");
        t.setDaemon(true);
        return t;
    });
    private final InetAddress on;
    private final String name;
    private final int port;
    private JmDNS jmdns; // on the worker
    private ServiceInfo info; // on the worker
    private int nodes = -1; // on the worker
    private boolean rootConnected; // on the worker
    private volatile String announcedName;

    private TreeAnnouncer(InetAddress on, String name, int port) {
        this.on = on;
        this.name = name;
        this.port = port;
        this.announcedName = name;
    }

    /** Starts announcing the server at {@code port} on the interface of {@code on}, as {@code name}. */
    public static TreeAnnouncer start(InetAddress on, String name, int port) {
        TreeAnnouncer announcer = new TreeAnnouncer(on, name, port);
        announcer.worker.execute(announcer::register);
        return announcer;
    }

    /** Tells the LAN the tree's size (-1: unknown) and whether a root is connected, if that changed. */
    public void update(int nodes, boolean rootConnected) {
        worker.execute(() -> {
            if (info != null && !info.getName().equals(announcedName)) { // renamed on a conflict found later
                announcedName = info.getName();
                warnIfRenamed();
            }
            if (info == null || (nodes == this.nodes && rootConnected == this.rootConnected)) {
                this.nodes = nodes;
                this.rootConnected = rootConnected;
                return;
            }
            this.nodes = nodes;
            this.rootConnected = rootConnected;
            info.setText(text());
        });
    }

    /** The instance name on the LAN (JmDNS adds " (2)" and so on if another tree had the name). */
    public String announcedName() {
        return announcedName;
    }

    private void register() {
        try {
            jmdns = JmDNS.create(on, Dnssd.hostLabel(on));
            info = ServiceInfo.create(SERVICE_TYPE, name, port, 0, 0, text());
            jmdns.registerService(info); // waits until the name is probed and announced
            announcedName = info.getName();
            log.info("announcing tree \"{}\" (port {}) on the LAN through {}", announcedName, port, on.getHostAddress());
            warnIfRenamed();
        } catch (IOException | RuntimeException e) {
            log.warn("cannot announce the tree on the LAN through {}: {}", on.getHostAddress(), e.toString());
        }
    }

    /** DNS-SD renames an announcer whose name another one holds: that is worth saying, once. */
    private void warnIfRenamed() {
        if (!announcedName.equals(name)) {
            log.warn("the name \"{}\" is taken on the LAN by another announcer: this tree is announced as \"{}\";"
                    + " apps list both with their addresses and mark the name", name, announcedName);
        }
    }

    /** Whether another announcer holds the name asked for, so that this tree is announced under another. */
    public boolean renamed() {
        return !announcedName.equals(name);
    }

    private Map<String, String> text() {
        Map<String, String> text = new LinkedHashMap<>();
        text.put("v", "1");
        text.put("name", name); // the name asked for: a browser sees a rename, and who else claims it
        text.put("root", rootConnected ? "yes" : "no");
        if (nodes >= 0) {
            text.put("nodes", Integer.toString(nodes));
        }
        return text;
    }

    /** Says goodbye on the LAN (the service disappears from browsers at once) and closes. */
    @Override
    public void close() {
        worker.execute(() -> {
            if (jmdns != null) {
                try {
                    jmdns.unregisterAllServices();
                    jmdns.close();
                } catch (IOException | RuntimeException e) {
                    log.debug("closing DNS-SD: {}", e.toString());
                }
            }
        });
        worker.shutdown();
        try {
            if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
