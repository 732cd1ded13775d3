package org.genet.app;

import java.util.HashSet;
import java.util.Set;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.util.Duration;
import javafx.scene.layout.StackPane;
import org.graphstream.graph.Edge;
import org.graphstream.graph.Graph;
import org.graphstream.graph.implementations.SingleGraph;
import org.graphstream.ui.fx_viewer.FxViewPanel;
import org.graphstream.ui.fx_viewer.FxViewer;

/**
 * The live view of this node's neighbourhood, drawn by GraphStream: this node, its parent, its
 * children by slot (with the requests stored for each slot), and its candidates (dashed, with the
 * time left before they expire). Edges carry the last ping's round-trip time. It follows the
 * model's topology and is only changed on the FX thread.
 */
public final class TreeGraphView extends StackPane {
    static final String SELF = "self";
    static final String PARENT = "parent";

    private static final String STYLE = """
            graph { fill-color: #fbfbfd; padding: 40px; }
            node { size: 26px; fill-color: #7a8fa6; stroke-mode: plain; stroke-color: #ffffff; stroke-width: 2px;
                   text-size: 13px; text-alignment: under; text-color: #24292f; text-background-mode: rounded-box;
                   text-background-color: #ffffffcc; text-padding: 2px; }
            node.self { size: 38px; fill-color: #e8590c; text-style: bold; }
            node.parent { fill-color: #1c7ed6; }
            node.child { fill-color: #37b24d; }
            node.candidate { fill-color: #fab005; size: 20px; }
            edge { size: 2px; fill-color: #868e96; text-size: 12px; text-color: #495057; text-alignment: along; }
            edge.candidate { fill-mode: none; stroke-mode: dashes; stroke-color: #f08c00; stroke-width: 2px; size: 0px; }
            """;

    private final Graph graph = new SingleGraph("neighbourhood");
    private final FxViewer viewer;
    private final Timeline countdown;

    public TreeGraphView(NodeModel model) {
        graph.setAttribute("ui.stylesheet", STYLE);
        graph.setAttribute("ui.quality");
        graph.setAttribute("ui.antialias");
        graph.addNode(SELF).setAttribute("ui.class", "self");
        viewer = new FxViewer(graph, FxViewer.ThreadingModel.GRAPH_IN_ANOTHER_THREAD);
        viewer.enableAutoLayout();
        FxViewPanel panel = (FxViewPanel) viewer.addDefaultView(false);
        getChildren().add(panel);
        setMinSize(300, 250);
        model.nodeIdProperty().addListener((o, was, id) -> graph.getNode(SELF).setAttribute("ui.label", "this node " + id));
        model.roleProperty().addListener((o, was, role) -> label(model));
        model.topologyProperty().addListener((o, was, topology) -> show(topology));
        label(model);
        // the candidates' time left counts down between updates
        countdown = new Timeline(new KeyFrame(Duration.seconds(1), e -> {
            if (!model.topologyProperty().get().candidates().isEmpty()) {
                show(model.topologyProperty().get());
            }
        }));
        countdown.setCycleCount(Animation.INDEFINITE);
        countdown.play();
    }

    private void label(NodeModel model) {
        graph.getNode(SELF).setAttribute("ui.label", "this node " + model.nodeIdProperty().get()
                + " (" + model.roleProperty().get().label() + ")");
    }

    /** Brings the graph to {@code topology}: adds, relabels and removes what changed. */
    void show(Topology topology) {
        Set<String> keep = new HashSet<>();
        keep.add(SELF);
        if (topology.hasParent()) {
            keep.add(PARENT);
            node(PARENT, "parent", "parent");
            edge(PARENT, SELF, null, rtt(topology.parentRttMs()));
        }
        for (Topology.Child child : topology.children()) {
            String id = "child-" + child.slot();
            keep.add(id);
            Integer stored = topology.stored().get(child.slot());
            node(id, "child", "slot " + child.slot() + (stored != null ? " · " + stored + " stored" : ""));
            edge(SELF, id, null, rtt(child.rttMs()));
        }
        topology.stored().forEach((slot, count) -> {
            String id = "child-" + slot;
            if (!keep.contains(id)) { // requests wait for a slot that has no child yet
                keep.add(id);
                node(id, "candidate", "slot " + slot + " · " + count + " stored");
                edge(SELF, id, "candidate", "");
            }
        });
        long now = System.currentTimeMillis();
        for (Topology.Pending candidate : topology.candidates()) {
            String id = "candidate-" + candidate.origin();
            keep.add(id);
            long left = Math.max(0, (candidate.expiresAtWallMs() - now + 999) / 1000);
            node(id, "candidate", "candidate " + candidate.origin().substring(0, Math.min(6, candidate.origin().length()))
                    + " · " + left + " s");
            edge(SELF, id, "candidate", "");
        }
        graph.nodes().map(n -> n.getId()).filter(id -> !keep.contains(id)).toList().forEach(graph::removeNode);
    }

    private void node(String id, String uiClass, String label) {
        org.graphstream.graph.Node n = graph.getNode(id);
        if (n == null) {
            n = graph.addNode(id);
        }
        n.setAttribute("ui.class", uiClass);
        n.setAttribute("ui.label", label);
    }

    private void edge(String from, String to, String uiClass, String label) {
        String id = from + "->" + to;
        Edge e = graph.getEdge(id);
        if (e == null) {
            e = graph.addEdge(id, from, to);
        }
        if (uiClass != null) {
            e.setAttribute("ui.class", uiClass);
        } else {
            e.removeAttribute("ui.class");
        }
        e.setAttribute("ui.label", label);
    }

    private static String rtt(Double ms) {
        return ms == null ? "" : String.format("%.1f ms", ms);
    }

    /** The graph drawn, for tests and the screenshot. */
    public Graph graph() {
        return graph;
    }

    /** Stops the layout thread. */
    public void close() {
        countdown.stop();
        viewer.close();
    }
}
