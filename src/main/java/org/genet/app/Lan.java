package org.genet.app;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.genet.bootstrap.BootstrapServer;
import org.genet.discovery.FoundTree;
import org.genet.discovery.LanAddress;
import org.genet.discovery.LanAnnouncement;
import org.genet.discovery.TreeBrowser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app on the LAN: the trees it finds (DNS-SD, {@link TreeBrowser}), and the announcement of the
 * bootstrap server it starts ({@link LanAnnouncement}). Both use one interface address, chosen by
 * {@code --lan-address} or {@code GENET_LAN_ADDRESS} (auto, off, or an address). The list and the
 * status text change on the FX thread only.
 */
final class Lan implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Lan.class);

    private final Optional<InetAddress> on;
    private final String setting;
    private final Consumer<Runnable> fx;
    private final ObservableList<FoundTree> trees = FXCollections.observableArrayList();
    private final ObservableList<FoundTree> readOnlyTrees = FXCollections.unmodifiableObservableList(trees);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private volatile AutoCloseable browser;
    private volatile boolean closed;
    private final Browsing browsing;

    /** How browsing starts: {@link TreeBrowser#start}, or a stand-in in tests. */
    interface Browsing {
        AutoCloseable start(InetAddress on, Consumer<List<FoundTree>> listener) throws Exception;
    }

    private Lan(Optional<InetAddress> on, String setting, Consumer<Runnable> fx) {
        this(on, setting, fx, TreeBrowser::start);
    }

    Lan(Optional<InetAddress> on, String setting, Consumer<Runnable> fx, Browsing browsing) {
        this.browsing = browsing;
        this.on = on;
        this.setting = setting;
        this.fx = fx;
        status.set(on.isPresent() ? "Looking for trees on the LAN ..."
                : LanAddress.OFF.equalsIgnoreCase(setting) ? "Finding trees on the LAN is off."
                : "This machine has no LAN address: no trees to find.");
    }

    /** Discovery through the interface a setting names ({@link LanAddress#resolve}). */
    static Lan of(String setting, Consumer<Runnable> fx) {
        return new Lan(LanAddress.resolve(setting), setting, fx);
    }

    /** No discovery, no announcement. */
    static Lan off(Consumer<Runnable> fx) {
        return new Lan(Optional.empty(), LanAddress.OFF, fx);
    }

    /** Starts listing the trees on the LAN, on a thread of its own (JmDNS takes a moment to start). */
    void startBrowsing() {
        if (on.isEmpty()) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                AutoCloseable b = browsing.start(on.get(), found -> fx.accept(() -> show(found)));
                if (!take(b)) {
                    b.close(); // closed while it started
                } else {
                    fx.accept(() -> {
                        if (trees.isEmpty()) {
                            status.set("Looking for trees on the LAN (through " + on.get().getHostAddress() + ") ...");
                        }
                    });
                }
            } catch (Exception e) {
                log.warn("cannot look for trees on the LAN: {}", e.toString());
                fx.accept(() -> status.set("Cannot look for trees on the LAN: " + e.getMessage()));
            }
        }, "dns-sd-browser-start");
        t.setDaemon(true);
        t.start();
    }

    /** Shows what the browser found (FX thread); tests call it to stand in for the LAN. */
    void show(List<FoundTree> found) {
        trees.setAll(found);
        status.set(found.isEmpty() ? "No tree found on the LAN yet."
                : found.size() == 1 ? "1 tree on the LAN:" : found.size() + " trees on the LAN:");
    }

    /** Announces a server this app started, or returns null when discovery is off. */
    LanAnnouncement announce(BootstrapServer server, String name, IntSupplier nodes) {
        return on.map(address -> LanAnnouncement.start(server, address, name, nodes)).orElse(null);
    }

    boolean isOn() {
        return on.isPresent();
    }

    ObservableList<FoundTree> trees() {
        return readOnlyTrees;
    }

    ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Keeps the browser that started, unless closed meanwhile: checked and kept under one lock with {@link #close()}. */
    private synchronized boolean take(AutoCloseable b) {
        if (closed) {
            return false;
        }
        browser = b;
        return true;
    }

    @Override
    public void close() {
        AutoCloseable b;
        synchronized (this) {
            closed = true;
            b = browser;
            browser = null;
        }
        if (b != null) {
            try {
                b.close();
            } catch (Exception e) {
                log.debug("closing the LAN browser: {}", e.toString());
            }
        }
    }
}
