package org.genet.app;

import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.layout.StackPane;
import javafx.util.Duration;
import org.genet.overlay.TreeSnapshot;

/**
 * The live view of this node's neighbourhood at fixed, computed places: the parent above, this
 * node, its children below in slot order (with the requests stored for each slot), and its
 * candidates beside it (dashed, with the time left before they expire). Edges carry the last
 * ping's round-trip time. Names come from the aggregated tree when a neighbour has one. It
 * follows the model and is only changed on the FX thread.
 */
public final class TreeGraphView extends StackPane {
    static final String SELF = "self";
    static final String PARENT = "parent";

    private final NodeModel model;
    private final TreeCanvas canvas = new TreeCanvas();
    private final Timeline countdown;

    public TreeGraphView(NodeModel model) {
        this.model = model;
        getChildren().add(canvas);
        setMinSize(200, 160);
        canvas.setId("neighbourhood-canvas");
        model.nodeIdProperty().addListener((o, was, id) -> show());
        model.nameProperty().addListener((o, was, id) -> show());
        model.roleProperty().addListener((o, was, role) -> show());
        model.topologyProperty().addListener((o, was, topology) -> show());
        model.treeProperty().addListener((o, was, tree) -> show());
        show();
        // the candidates' time left counts down between updates
        countdown = new Timeline(new KeyFrame(Duration.seconds(1), e -> {
            if (!model.topologyProperty().get().candidates().isEmpty()) {
                show();
            }
        }));
        countdown.setCycleCount(Animation.INDEFINITE);
        countdown.play();
    }

    private void show() {
        TreeSnapshot tree = model.treeProperty().get();
        NodeModel.Role role = model.roleProperty().get();
        String sub = switch (role) { // what this node is now, under its name
            case ROOT -> "root";
            case REJOINING -> "rejoining…";
            case CUT_OFF -> "cut off from the root";
            default -> null;
        };
        TreeLayout.Laid laid = TreeLayout.neighbourhood(model.topologyProperty().get(), model.selfLabel(), sub,
                id -> id == null ? null : tree.node(id));
        canvas.setContent(laid.items(), laid.links());
    }

    /** What is drawn, for tests and the screenshot. */
    public TreeCanvas canvas() {
        return canvas;
    }

    public void close() {
        countdown.stop();
    }
}
