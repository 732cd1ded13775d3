package org.genet.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.genet.Await;
import org.genet.interop.OriginalJsAccess;
import org.genet.net.GenetNode;
import org.genet.net.NodeLoop;
import org.genet.overlay.Extensions;
import org.genet.overlay.NodeEvent;
import org.genet.overlay.TreeSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Topology reports across all three implementations, over real WebRTC: a chain (maxDegree 1) of
 * our root, the browser page in headless chromium, our node, an original JavaScript node, and our
 * node below it. The browser labels its channel, answers the root's hello, says hello to its own
 * child and relays that child's reports; the original node shows as one that does not report, and
 * sees nothing but application data from either side.
 */
class BrowserTopologyTest {
    private static final String SECRET = "browser-topology";

    @RegisterExtension
    final BrowserTree tree = new BrowserTree(SECRET);

    @Test
    void theRootSeesTheBrowserAndTheOriginalNodeAndTheOriginalSeesOnlyApplicationData() throws Exception {
        String host = tree.host();
        NodeLoop loop = tree.newLoop("browser-topology-test");
        GenetNode root = tree.node(loop, 1, 30_000).setName("root");
        GenetNode middle = tree.node(loop, 1, 30_000).setName("middle");
        GenetNode below = tree.node(loop, 1, 30_000).setName("below");
        List<NodeEvent.Data> applicationData = new CopyOnWriteArrayList<>();
        List<NodeEvent> rootEvents = new CopyOnWriteArrayList<>();
        try (OriginalJsAccess js = new OriginalJsAccess()) {
            for (GenetNode node : List.of(root, middle, below)) {
                node.on(e -> {
                    if (e instanceof NodeEvent.ChildConnect c) {
                        c.channel().send("ping");
                    } else if (e instanceof NodeEvent.Data d) {
                        applicationData.add(d);
                        if (d.isParent()) {
                            d.channel().send(node.node().label());
                        }
                    }
                });
            }
            root.on(rootEvents::add).becomeRoot(SECRET);
            Await.until(() -> rootEvents.stream().anyMatch(e -> e instanceof NodeEvent.RootOpen), "the root socket is open", 30);
            try (Chromium browser = tree.chromium("/?maxDegree=1#phone1")) {
                Await.until(() -> root.childrenNb() == 1 && "phone1".equals(root.children().get(0).label()),
                        "the browser joins and says hello", 40);
                middle.join();
                Await.until(() -> middle.parent() != null && "phone1".equals(middle.parent().label()),
                        "our node joins under the browser, which says hello", 40);
                js.startTreeNode(host, "js3");
                Await.until(() -> middle.childrenNb() == 1, "the original node joins under ours", 40);
                below.join();
                Await.until(() -> below.parent() != null, "our node joins under the original", 40);
                assertThat(js.dataFromChild()).isEqualTo("below");

                Await.until(() -> {
                    TreeSnapshot t = root.topology();
                    return t.size() == 4 && t.nodes().values().stream().filter(TreeSnapshot.NodeInfo::reports).count() == 3;
                }, "the root's tree holds the chain down to the original node; it holds " + root.topology().nodes().keySet(), 30);
                TreeSnapshot t = root.topology();
                TreeSnapshot.NodeInfo phone = t.node(t.top().children().get(0));
                assertThat(phone.label()).isEqualTo("phone1");
                assertThat(phone.impl()).isEqualTo("browser");
                assertThat(phone.maxDegree()).isEqualTo(1);
                assertThat(phone.depth()).isEqualTo(1);
                assertThat(phone.rttMs()).isNotNaN();
                TreeSnapshot.NodeInfo ours = t.node(phone.children().get(0));
                assertThat(ours.id()).isEqualTo(middle.id());
                assertThat(ours.label()).isEqualTo("middle");
                assertThat(ours.impl()).isEqualTo("java");
                assertThat(ours.depth()).isEqualTo(2);
                TreeSnapshot.NodeInfo original = t.node(ours.children().get(0));
                assertThat(original.impl()).isEqualTo("original");
                assertThat(original.reports()).isFalse();
                assertThat(original.children()).as("what lies below an original node is not known").isEmpty();
                assertThat(original.depth()).isEqualTo(3);

                // our node below the original never heard a hello, so it sends nothing but its application's data
                assertThat(below.parent().speaksGenet()).isFalse();
                Thread.sleep(1_000); // reports every 250 ms: a wrongly sent one would be there by now
                assertThat(js.allData()).containsExactlyInAnyOrder("\"ping\"", "\"below\"");
                assertThat(applicationData).allSatisfy(d -> assertThat(Extensions.kindOf(d.data())).isNull());
                assertThat(applicationData).extracting(d -> d.data().asText())
                        .containsExactlyInAnyOrder("phone1", "hello from phone1", "js3", "ping");
            }
        }
    }
}
