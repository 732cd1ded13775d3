package org.genet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.genet.discovery.FoundTree;
import org.genet.discovery.LanAddress;
import org.genet.discovery.TreeBrowser;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code genet discover}: the trees announced on the LAN, as the app lists them. */
@Command(name = "discover", mixinStandardHelpOptions = true,
        description = "Lists the trees whose bootstrap servers announce themselves on the LAN (DNS-SD, _genet._tcp): "
                + "name, address to join with, size if told, and whether a root is connected; a name that two "
                + "announcers claim is marked on both, with the other's address.")
final class DiscoverCommand extends GenetCommand {
    @Option(names = "--wait-s", defaultValue = "3", description = "How long to listen, in seconds (default ${DEFAULT-VALUE}).")
    double waitSeconds;

    @Option(names = "--until", defaultValue = "0",
            description = "Stop listening as soon as this many trees are found (default: listen the whole time).")
    int until;

    @CommandLine.Mixin SharedOptions.Lan lan;
    @CommandLine.Mixin SharedOptions.Json json;

    @Override
    public Integer call() throws Exception {
        Optional<InetAddress> on;
        try {
            on = LanAddress.resolve(lan.address);
        } catch (IllegalArgumentException e) {
            throw usage("--lan-address: " + e.getMessage());
        }
        if (on.isEmpty()) {
            err().println(LanAddress.OFF.equalsIgnoreCase(lan.address.strip())
                    ? "Discovery is off (--lan-address off)." : "This machine has no LAN address to listen on.");
            return 1;
        }
        AtomicReference<List<FoundTree>> found = new AtomicReference<>(List.of());
        CountDownLatch enough = new CountDownLatch(1);
        try (TreeBrowser browser = TreeBrowser.start(on.get(), trees -> {
            found.set(trees);
            if (until > 0 && trees.size() >= until) {
                enough.countDown();
            }
        })) {
            enough.await((long) (waitSeconds * 1000), TimeUnit.MILLISECONDS);
            found.set(browser.trees());
        }
        PrintWriter out = out();
        List<FoundTree> trees = found.get();
        if (json.json) {
            out.println(new ObjectMapper().writeValueAsString(trees.stream().map(t -> {
                java.util.Map<String, Object> o = new java.util.LinkedHashMap<>();
                o.put("name", t.name());
                o.put("host", t.host());
                o.put("port", t.port());
                o.put("nodes", t.nodes());
                o.put("rootConnected", t.rootConnected());
                o.put("link", t.link());
                o.put("claimedName", t.claimedName());
                o.put("nameSharedWith", t.nameSharedWith());
                return o;
            }).toList()));
        } else if (trees.isEmpty()) {
            out.printf("No tree announced on the LAN (listened %.1f s through %s).%n", waitSeconds, on.get().getHostAddress());
        } else {
            for (FoundTree t : trees) {
                out.printf("%s  %s  %s  %s%s%n", t.name(), t.address(),
                        t.nodes() < 0 ? "size unknown" : t.nodes() + (t.nodes() == 1 ? " node" : " nodes"),
                        t.rootConnected() ? "root connected" : "no root yet",
                        t.nameSharedWith() == null ? "" : "  ! name \"" + t.claimedName() + "\" also announced by "
                                + t.nameSharedWith() + ": check the address");
            }
        }
        out.flush();
        return 0;
    }
}
