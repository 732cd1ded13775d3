package org.genet.app;

import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.util.Duration;

/**
 * Demo mode's controls, above the whole tree: "Add N" starts N real nodes in the app at the rate
 * chosen, "Remove N" closes the last N, "Presentation" opens the full-screen view. The counts of
 * demo nodes are read four times a second, so 300 joins cost the FX thread four updates a second.
 */
final class DemoPanel extends FlowPane {
    private final Timeline refresh;

    DemoPanel(NodeModel model, NodeController controller, Runnable presentation) {
        super(8, 4);
        setPadding(new Insets(6));
        setAlignment(Pos.CENTER_LEFT);
        setStyle("-fx-background-color: #f1f3f5; -fx-font-size: 12px;");
        Spinner<Integer> count = new Spinner<>(1, 1000, 10);
        count.setId("demo-count");
        count.setEditable(true);
        count.setPrefWidth(80);
        Spinner<Integer> rate = new Spinner<>(1, 100, 5);
        rate.setId("demo-rate");
        rate.setEditable(true);
        rate.setPrefWidth(70);
        Spinner<Integer> degree = new Spinner<>(1, 20, 3);
        degree.setId("demo-max-degree");
        degree.setEditable(true);
        degree.setPrefWidth(65);
        Button add = new Button("Add");
        add.setId("demo-add");
        add.setOnAction(e -> controller.addDemoNodes(count.getValue(), rate.getValue(), degree.getValue()));
        Button remove = new Button("Remove");
        remove.setId("demo-remove");
        remove.setOnAction(e -> controller.removeDemoNodes(count.getValue()));
        Button show = new Button("Presentation");
        show.setId("demo-presentation");
        show.setOnAction(e -> presentation.run());
        Label status = new Label("");
        status.setId("demo-status");
        status.setWrapText(true);
        status.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        Label nodesWord = new Label("nodes,");
        Label rateWord = new Label("/s, maxDegree");
        Label why = new Label("Demo mode grows the tree of this app's own bootstrap server: start a tree first.");
        why.setId("demo-why");
        why.setWrapText(true);
        add.setTooltip(new javafx.scene.control.Tooltip("Starts this many real nodes in the app, joining through its own server"));
        remove.setTooltip(new javafx.scene.control.Tooltip("Closes this many of the demo nodes, the last started first"));
        // only a root that runs its own server has a tree demo nodes can grow (they join through that server)
        var ready = model.ownServerProperty().and(model.roleProperty().isEqualTo(NodeModel.Role.ROOT));
        for (javafx.scene.Node n : java.util.List.of(add, count, rate, degree, show)) {
            n.disableProperty().bind(ready.not());
        }
        why.visibleProperty().bind(ready.not());
        why.managedProperty().bind(why.visibleProperty());
        // without a tree of its own to grow, the panel is one line that says why (the tree keeps the room)
        for (javafx.scene.Node n : java.util.List.of(add, count, rate, degree, show, nodesWord, rateWord)) {
            n.visibleProperty().bind(ready);
            n.managedProperty().bind(ready);
        }
        remove.visibleProperty().bind(ready.or(javafx.beans.binding.Bindings.createBooleanBinding(() -> !remove.isDisable(),
                remove.disableProperty())));
        remove.managedProperty().bind(remove.visibleProperty());
        for (javafx.scene.control.Control c : java.util.List.of(add, remove, show)) {
            c.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        getChildren().addAll(new Label("Demo:"), add, remove, count, nodesWord, rate, rateWord, degree, show, why, status);
        remove.setDisable(true);
        refresh = new Timeline(new KeyFrame(Duration.millis(250), e -> {
            DemoNodes demo = controller.demo();
            DemoNodes.Counts counts = demo.counts();
            remove.setDisable(counts.running() + counts.waiting() == 0);
            if (counts.running() + counts.waiting() + counts.failed() > 0 || !status.getText().isEmpty()) {
                status.setText(status(demo));
            }
        }));
        refresh.setCycleCount(Animation.INDEFINITE);
        refresh.play();
        HBox.setMargin(status, new Insets(0, 0, 0, 8));
    }

    /** "30 started · 28 joined · 2 rejoining · 1 failed (no parent connected within 30000 ms)". */
    static String status(DemoNodes demo) {
        DemoNodes.Counts counts = demo.counts();
        StringBuilder s = new StringBuilder();
        s.append(counts.running()).append(" started · ").append(counts.joined()).append(" joined");
        if (counts.rejoining() > 0) {
            s.append(" · ").append(counts.rejoining()).append(" rejoining");
        }
        if (counts.waiting() > 0) {
            s.append(" · ").append(counts.waiting()).append(" to start");
        }
        if (counts.failed() > 0) {
            s.append(" · ").append(counts.failed()).append(" failed (").append(demo.lastFailure()).append(')');
        }
        return s.toString();
    }

    void stop() {
        refresh.stop();
    }
}
