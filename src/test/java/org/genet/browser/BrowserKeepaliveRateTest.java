package org.genet.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.genet.Await;
import org.genet.net.GenetNode;
import org.genet.overlay.Extensions;
import org.genet.overlay.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The browser page sends keepalives at the rate its neighbour's announced bound needs, as the Java
 * node does (docs/EXTENSIONS.md, {@code keepalive}), not four per its own 4 s bound: a Java root
 * with the default 120 s bound hears almost none from its page child, and is still sent them fast
 * enough when it announces a short bound. Our root and chromium's page over real WebRTC, the server
 * on 127.0.0.1.
 */
class BrowserKeepaliveRateTest {
    private static final String SECRET = "keepalive-rate";

    @RegisterExtension
    final BrowserTree tree = new BrowserTree(SECRET);

    @Test
    void thePageSendsKeepalivesAtTheRateItsParentsAnnouncedBoundNeeds() throws Exception {
        GenetNode root = tree.node(2, 30_000); // the default bound, 120 s
        AtomicInteger heard = new AtomicInteger();
        root.execute(n -> n.onExtension(Extensions.KEEPALIVE, (channel, data) -> heard.incrementAndGet()));
        root.becomeRoot(SECRET);
        try (Chromium browser = tree.chromium("/#paced")) {
            Await.until(() -> root.childrenNb() == 1 && root.children().get(0).nodeId() != null,
                    "the page joined the root and said hello", 40);
            Thread.sleep(1_500); // the page has the root's hello, and the first frames have gone
            heard.set(0);
            Thread.sleep(6_000);
            // 120 s: a keepalive only where nothing was sent for 15 s; at four per the page's own
            // 4 s bound it was one a second, about six here
            assertThat(heard.get()).as("keepalives from the page in 6 s to a root announcing %d ms",
                    Node.DEFAULT_KEEPALIVE_BOUND_MS).isLessThanOrEqualTo(1);
            assertThat(root.childrenNb()).as("the page stayed (the root's keepalives at the page's 4 s bound)").isEqualTo(1);

            root.keepaliveBound(2_000); // announced to the page in a new hello
            Thread.sleep(500);
            heard.set(0);
            Thread.sleep(4_000);
            // 2 s: one where nothing was sent for 250 ms, on ticks of 500 ms: about eight
            assertThat(heard.get()).as("keepalives from the page in 4 s to a root announcing 2,000 ms")
                    .isGreaterThanOrEqualTo(4);
            assertThat(root.childrenNb()).as("the root kept its page child under a 2 s bound").isEqualTo(1);
        }
    }
}
