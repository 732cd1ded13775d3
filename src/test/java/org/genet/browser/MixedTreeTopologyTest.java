package org.genet.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.genet.Await;
import org.genet.TopologyTruth;
import org.genet.interop.OriginalJsAccess;
import org.genet.net.GenetNode;
import org.genet.net.NodeLoop;
import org.genet.overlay.Channel;
import org.genet.overlay.EventText;
import org.genet.overlay.Extensions;
import org.genet.overlay.NodeEvent;
import org.genet.overlay.TreeSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real tree of our nodes with a browser page (headless chromium) and an original JavaScript
 * node in it: the root's aggregated tree equals the ground truth, except below the original node,
 * which is unknown by design. The ground truth comes from application data: each parent pings its
 * new child, and the child answers with its index (ours), its name (the page, the original).
 */
class MixedTreeTopologyTest {
    private static final String SECRET = "mixed";

    @RegisterExtension
    final BrowserTree tree = new BrowserTree(SECRET);
    private static final String BROWSER = "phone1";
    private static final String ORIGINAL = "js3";

    /** A node of the real tree: one of ours, or the browser page, or the original node, seen from its parent. */
    private record Real(GenetNode ours, String other, Channel seenAs) {
    }

    @Test
    void thirtyNodesWithMaxDegreeTwo() throws Exception {
        growAndCompare(30, 2);
    }

    private void growAndCompare(int count, int maxDegree) throws Exception {
        String host = tree.host();
        List<NodeLoop> loops = List.of(tree.newLoop("mixed-1"), tree.newLoop("mixed-2"));
        List<GenetNode> ours = new CopyOnWriteArrayList<>();
        Map<GenetNode, SortedMap<Integer, Real>> truth = new ConcurrentHashMap<>();
        List<Object> applicationData = new CopyOnWriteArrayList<>();
        List<NodeEvent> rootEvents = new CopyOnWriteArrayList<>();
        for (int i = 0; i <= count; i++) {
            GenetNode node = tree.node(loops.get(i % 2), maxDegree, 30_000);
            int index = i;
            ours.add(node);
            truth.put(node, new ConcurrentSkipListMap<>());
            node.on(e -> {
                if (e instanceof NodeEvent.ChildConnect c) {
                    c.channel().send("ping");
                } else if (e instanceof NodeEvent.Data d) {
                    applicationData.add(d.data());
                    if (d.isParent()) {
                        d.channel().send(Map.of("index", index));
                    } else if (d.data().has("index")) {
                        truth.get(node).put(d.channel().slot(), new Real(ours.get(d.data().path("index").asInt()), null, d.channel()));
                    } else {
                        truth.get(node).put(d.channel().slot(), new Real(null, d.data().asText(), d.channel()));
                    }
                }
            });
        }
        GenetNode root = ours.get(0).setName("root");
        List<GenetNode> joiners = ours.subList(1, ours.size());
        try (OriginalJsAccess js = new OriginalJsAccess()) {
            root.on(rootEvents::add).becomeRoot(SECRET);
            Await.until(() -> rootEvents.stream().anyMatch(e -> e instanceof NodeEvent.RootOpen), "the root socket is open", 30);
            try (Chromium browser = tree.chromium("/?maxDegree=1#" + BROWSER)) {
                Await.until(() -> root.childrenNb() == 1, "the browser joins", 40);
                js.startTreeNode(host, ORIGINAL);
                Await.until(() -> root.childrenNb() == 2, "the original node joins", 40);
                for (int i = 0; i < joiners.size(); i++) {
                    joiners.get(i).setName(i % 3 == 0 ? null : "n" + (i + 1));
                }
                joiners.forEach(GenetNode::join);
                Await.until(() -> joiners.stream().allMatch(n -> n.parent() != null), "every node of ours has a parent", 60);
                // the children of the browser and of the original node answer them, not us
                Await.until(() -> truth.values().stream().mapToInt(Map::size).sum()
                                == count + 2 - belowBrowser(joiners).size() - belowOriginal(joiners),
                        "every child of ours answered its parent", 30);

                TopologyTruth<Real> check = new TopologyTruth<>(
                        r -> r.ours() != null ? r.ours().id() : BROWSER.equals(r.other())
                                ? r.seenAs().nodeId() : EventText.short6(r.seenAs().id()),
                        r -> children(r, truth, joiners),
                        r -> r.ours() != null ? "java" : BROWSER.equals(r.other()) ? "browser" : "original");
                Real top = new Real(root, null, null);
                List<String>[] last = new List[] {List.of()};
                try {
                    Await.until(() -> {
                        TreeSnapshot now = root.topology();
                        last[0] = check.differences(now, top, 0);
                        return last[0].isEmpty() && now.nodes().values().stream()
                                .allMatch(n -> n.reports() != "original".equals(n.impl()));
                    }, "the root's tree equals the real tree", 40);
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; differences: " + last[0], e);
                }
                TreeSnapshot tree = root.topology();
                TreeSnapshot.NodeInfo phone = tree.nodes().values().stream().filter(n -> n.impl().equals("browser")).findFirst().orElseThrow();
                assertThat(phone.label()).isEqualTo(BROWSER);
                assertThat(phone.reports()).isTrue();
                TreeSnapshot.NodeInfo original = tree.nodes().values().stream().filter(n -> n.impl().equals("original")).findFirst().orElseThrow();
                assertThat(original.children()).isEmpty();
                assertThat(original.reports()).isFalse();
                // what the original node received: only our applications' data, never a report or a hello
                assertThat(js.allData()).isNotEmpty().allSatisfy(d -> assertThat(d).doesNotContain(Extensions.KEY));
                assertThat(applicationData).allSatisfy(d -> assertThat(Extensions.kindOf((com.fasterxml.jackson.databind.JsonNode) d)).isNull());
            }
        }
    }

    /** Our nodes whose parent is the browser page (maxDegree 1: its only child, in slot 0). */
    private static List<GenetNode> belowBrowser(List<GenetNode> joiners) {
        List<GenetNode> below = new ArrayList<>();
        for (GenetNode node : joiners) {
            Channel parent = node.parent();
            if (parent != null && BROWSER.equals(parent.name())) {
                below.add(node);
            }
        }
        return below;
    }

    /** Our nodes whose parent never said hello: the original node's children. */
    private static long belowOriginal(List<GenetNode> joiners) {
        return joiners.stream().map(GenetNode::parent).filter(p -> p != null && !p.speaksGenet()).count();
    }

    private static SortedMap<Integer, Real> children(Real r, Map<GenetNode, SortedMap<Integer, Real>> truth, List<GenetNode> joiners) {
        if (r.ours() != null) {
            return truth.get(r.ours());
        }
        SortedMap<Integer, Real> children = new TreeMap<>();
        if (BROWSER.equals(r.other())) {
            belowBrowser(joiners).forEach(n -> children.put(0, new Real(n, null, null)));
        } // below the original node: unknown, by design
        return children;
    }
}
