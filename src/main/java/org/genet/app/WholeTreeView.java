package org.genet.app;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import org.genet.overlay.TreeSnapshot;

/**
 * The whole tree this node knows (at the root: every node), layered by depth with children in slot
 * order ({@link TreeLayout#layered}), on a {@link TreeCanvas}: zoom, pan and "Fit"; colour by
 * implementation, the root larger, this node ringed, candidates dashed, stored requests as badges.
 * Above it the count of nodes per depth and in all; beside it the details of the node clicked.
 * Only the FX thread uses it.
 */
public final class WholeTreeView extends BorderPane {
    private final NodeModel model;
    private final TreeCanvas canvas = new TreeCanvas();
    private final Label counts = new Label();
    private final VBox details = new VBox(4);
    private TreeLayout.Laid laid = new TreeLayout.Laid(List.of(), List.of(), List.of(), 0);
    private TreeSnapshot shown = TreeSnapshot.empty();

    public WholeTreeView(NodeModel model) {
        this.model = model;
        canvas.setId("tree-canvas");
        counts.setId("tree-counts");
        counts.setWrapText(true);
        details.setId("tree-details");
        details.setPadding(new Insets(8));
        details.setPrefWidth(230);
        details.setMinWidth(180);

        HBox.setHgrow(counts, Priority.ALWAYS);
        counts.setMaxWidth(Double.MAX_VALUE);
        HBox bar = new HBox(8, canvas.zoomButtons("tree").toArray(javafx.scene.Node[]::new));
        bar.getChildren().add(counts);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6));

        setTop(bar);
        setCenter(canvas);
        details.setVisible(false);
        details.setManaged(false);
        setRight(details);
        setBottom(legend());
        canvas.setOnSelect(this::showDetails);
        model.treeProperty().addListener((o, was, tree) -> show(tree));
        model.nodeIdProperty().addListener((o, was, id) -> show(model.treeProperty().get()));
        show(model.treeProperty().get());
        showDetails(null);
    }

    private static javafx.scene.layout.FlowPane legend() {
        javafx.scene.layout.FlowPane box = new javafx.scene.layout.FlowPane(12, 4);
        box.setPadding(new Insets(4, 8, 6, 8));
        Circle self = new Circle(6, Color.WHITE);
        self.setStroke(TreeLayout.SELF_RING);
        self.setStrokeWidth(2.5);
        HBox ring = new HBox(4, self, new Label("this node"));
        ring.setAlignment(Pos.CENTER_LEFT);
        box.setStyle("-fx-font-size: 11px;");
        box.getChildren().addAll(ring, key(TreeLayout.APP, "app"),
                key(TreeLayout.JAVA, "java"), key(TreeLayout.BROWSER, "browser"),
                key(TreeLayout.ORIGINAL, "original"), key(TreeLayout.UNKNOWN, "unknown"),
                key(TreeLayout.CANDIDATE, "candidate"));
        Tooltip.install(box, new Tooltip("The root is drawn larger; click a node for its details."));
        return box;
    }

    private static HBox key(Color colour, String text) {
        Circle c = new Circle(6, colour);
        HBox k = new HBox(4, c, new Label(text));
        k.setAlignment(Pos.CENTER_LEFT);
        return k;
    }

    /** Lays the tree out again and draws it (once per snapshot: the model hands over batched snapshots). */
    void show(TreeSnapshot tree) {
        shown = tree;
        laid = TreeLayout.layered(tree, model.nodeIdProperty().get());
        canvas.setContent(laid.items(), laid.links());
        StringBuilder s = new StringBuilder();
        s.append(laid.nodes()).append(laid.nodes() == 1 ? " node" : " nodes");
        for (int d = 0; d < laid.perDepth().size(); d++) {
            s.append(d == 0 ? " · depth " : ", ").append(d).append(": ").append(laid.perDepth().get(d));
        }
        long candidates = tree.nodes().values().stream().mapToLong(n -> n.candidates().size()).sum();
        long stored = tree.nodes().values().stream()
                .mapToLong(n -> n.storedPerSlot().values().stream().mapToInt(Integer::intValue).sum()).sum();
        s.append(" · candidates ").append(candidates).append(" · stored requests ").append(stored);
        counts.setText(s.toString());
        if (canvas.selected() != null) {
            showDetails(canvas.selected());
        }
    }

    private void showDetails(String id) {
        details.getChildren().clear();
        // the details take room only while a node is selected
        details.setVisible(id != null);
        details.setManaged(id != null);
        Label title = new Label(id == null ? "Click a node for its details." : "");
        title.setId("details-title");
        title.setWrapText(true);
        title.setStyle("-fx-font-weight: bold; -fx-font-size: 14px;");
        details.getChildren().add(title);
        if (id == null) {
            return;
        }
        TreeCanvas.Item item = canvas.item(id);
        TreeSnapshot.NodeInfo info = shown.node(id);
        if (info == null) {
            title.setText(item == null ? id : item.label());
            line("details-kind", item != null && item.shape() == TreeCanvas.Shape.CANDIDATE
                    ? "A candidate: a joiner this node is connecting to." : "Unknown: no report from this node.");
            return;
        }
        title.setText(info.label());
        line("details-id", "id " + info.id());
        line("details-depth", "depth " + info.depth() + (info.parentId() == null ? " (root)"
                : " · slot " + info.slot() + " of " + label(info.parentId())));
        line("details-impl", "implementation " + info.impl() + (info.reports() ? "" : " (does not report)"));
        line("details-max-degree", "maxDegree " + (info.maxDegree() < 0 ? "unknown" : info.maxDegree()));
        line("details-children", "children " + info.children().size() + (info.children().isEmpty() ? ""
                : ": " + info.children().entrySet().stream().map(e -> e.getKey() + " " + label(e.getValue()))
                        .collect(Collectors.joining(", "))));
        line("details-candidates", "candidates " + info.candidates().size()
                + (info.candidates().isEmpty() ? "" : ": " + String.join(", ", info.candidates())));
        line("details-stored", "stored per slot " + (info.storedPerSlot().isEmpty() ? "none"
                : info.storedPerSlot().entrySet().stream().map(e -> "slot " + e.getKey() + ": " + e.getValue())
                        .collect(Collectors.joining(", "))));
        line("details-rtt", "RTT to parent " + (Double.isNaN(info.rttMs()) ? "unknown" : TreeLayout.rtt(info.rttMs())));
        if (info.parentId() != null) {
            line("details-link", "link to parent " + TreeLayout.linkText(info.link()));
        }
    }

    private String label(String id) {
        TreeSnapshot.NodeInfo n = shown.node(id);
        return n == null ? TreeLayout.shortId(id) : n.label();
    }

    private void line(String id, String text) {
        Label l = new Label(text);
        l.setId(id);
        l.setWrapText(true);
        l.setMaxWidth(Region.USE_PREF_SIZE);
        l.setPrefWidth(210);
        details.getChildren().add(l);
    }

    public TreeCanvas canvas() {
        return canvas;
    }

    /** Nodes drawn per depth (index 0 = the top), as the counts above the tree say. */
    List<Integer> perDepth() {
        return laid.perDepth();
    }

    /** Selects a node as a click would, and shows its details. */
    void select(String id) {
        canvas.select(id);
        showDetails(canvas.selected());
    }

    Map<String, javafx.geometry.Point2D> positions() {
        return canvas.positions();
    }
}
