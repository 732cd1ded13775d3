package org.genet.discovery;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;
import org.genet.overlay.NetText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the trees announced on the LAN ({@link TreeAnnouncer}), as they come and go. Each change
 * hands the whole list, sorted by name, to the listener, on a JmDNS thread.
 */
public final class TreeBrowser implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TreeBrowser.class);

    private final Map<String, FoundTree> trees = new ConcurrentHashMap<>();
    private final Consumer<List<FoundTree>> listener;
    private final JmDNS jmdns;

    private TreeBrowser(JmDNS jmdns, Consumer<List<FoundTree>> listener) {
        this.jmdns = jmdns;
        this.listener = listener;
    }

    /** Starts browsing on the interface of {@code on}. Takes a moment (JmDNS opens its socket). */
    public static TreeBrowser start(InetAddress on, Consumer<List<FoundTree>> listener) throws IOException {
        TreeBrowser browser = new TreeBrowser(JmDNS.create(on, Dnssd.hostLabel(on) + "-browser"), listener);
        browser.jmdns.addServiceListener(TreeAnnouncer.SERVICE_TYPE, browser.new Listener());
        return browser;
    }

    /**
     * The trees found so far, sorted by name; those whose claimed name another announcer claims
     * too (DNS-SD gave the later one "NAME (2)") name each other's addresses.
     */
    public List<FoundTree> trees() {
        return marked(new ArrayList<>(trees.values()));
    }

    /** {@code found}, sorted, each tree that shares its claimed name with others marked with their addresses. */
    static List<FoundTree> marked(List<FoundTree> found) {
        Map<String, List<FoundTree>> byClaim = new java.util.HashMap<>();
        for (FoundTree t : found) {
            byClaim.computeIfAbsent(t.claimedName().toLowerCase(java.util.Locale.ROOT), k -> new ArrayList<>()).add(t);
        }
        List<FoundTree> list = new ArrayList<>();
        for (FoundTree t : found) {
            List<FoundTree> same = byClaim.get(t.claimedName().toLowerCase(java.util.Locale.ROOT));
            String others = same.stream().filter(o -> o != t).map(FoundTree::address).sorted()
                    .collect(java.util.stream.Collectors.joining(", "));
            list.add(others.isEmpty() ? t : t.sharingNameWith(others));
        }
        list.sort(Comparator.comparing(FoundTree::name, String.CASE_INSENSITIVE_ORDER).thenComparing(FoundTree::address));
        return list;
    }

    /** The tree a resolved service announces, or null if it gives no address. */
    static FoundTree tree(ServiceInfo info) {
        InetAddress address = null;
        for (InetAddress a : info.getInetAddresses()) {
            if (address == null || (a instanceof Inet4Address && !(address instanceof Inet4Address))) {
                address = a; // IPv4 first: it is what users type
            }
        }
        if (address == null || info.getPort() <= 0) {
            return null;
        }
        int nodes = -1;
        try {
            String n = info.getPropertyString("nodes");
            nodes = n == null ? -1 : Math.max(-1, Integer.parseInt(n));
        } catch (NumberFormatException e) {
            // another program's idea of a size: unknown
        }
        // names come from whoever answers on the LAN: shown only cleaned
        String name = NetText.clean(info.getName(), 64);
        String claimed = info.getPropertyString("name");
        claimed = claimed == null || claimed.isBlank() ? name : NetText.clean(claimed, 64);
        return new FoundTree(name, address.getHostAddress(), info.getPort(), nodes,
                "yes".equals(info.getPropertyString("root")), claimed, null);
    }

    private void changed() {
        try {
            listener.accept(trees());
        } catch (RuntimeException e) {
            log.warn("a listener of the trees on the LAN failed", e);
        }
    }

    @Override
    public void close() {
        try {
            jmdns.close();
        } catch (IOException | RuntimeException e) {
            log.debug("closing DNS-SD: {}", e.toString());
        }
    }

    private final class Listener implements ServiceListener {
        @Override
        public void serviceAdded(ServiceEvent event) {
            jmdns.requestServiceInfo(event.getType(), event.getName()); // answered through serviceResolved
        }

        @Override
        public void serviceRemoved(ServiceEvent event) {
            if (trees.remove(event.getName()) != null) {
                changed();
            }
        }

        @Override
        public void serviceResolved(ServiceEvent event) {
            FoundTree tree = tree(event.getInfo());
            if (tree != null && !tree.equals(trees.put(event.getName(), tree))) {
                changed();
            }
        }
    }
}
