package org.genet.app;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.genet.overlay.TreeSnapshot;

/**
 * The view for a talk: the whole tree with large labels, the node count large, and the browser
 * page's QR code that the audience scans to join. Full screen; Escape closes it.
 */
final class PresentationView {
    private final NodeModel model;
    private final TreeCanvas canvas = new TreeCanvas();
    private final Label count = new Label();
    private final BorderPane root = new BorderPane();
    private final javafx.beans.value.ChangeListener<TreeSnapshot> onTree = (o, was, tree) -> show(tree);

    PresentationView(NodeModel model) {
        this.model = model;
        canvas.setId("presentation-canvas");
        canvas.setScale(22, 26);
        count.setId("presentation-count");
        count.setStyle("-fx-font-size: 64px; -fx-font-weight: bold; -fx-text-fill: #24292f;");
        Label joinHint = new Label("Scan to join the tree");
        joinHint.setStyle("-fx-font-size: 28px;");
        ImageView qr = new ImageView();
        qr.setId("presentation-qr");
        Label url = new Label();
        url.setStyle("-fx-font-size: 20px;");
        url.textProperty().bind(model.browserPageProperty());
        Runnable code = () -> qr.setImage(model.browserPageProperty().get().isEmpty() ? null
                : QrCode.of(model.browserPageProperty().get(), 360));
        model.browserPageProperty().addListener((o, was, now) -> code.run());
        code.run();
        Label title = new Label();
        title.setStyle("-fx-font-size: 28px;");
        title.textProperty().bind(Bindings.createStringBinding(model::title, model.nameProperty(), model.nodeIdProperty(),
                model.roleProperty()));
        VBox side = new VBox(18, count, joinHint, qr, url);
        side.setAlignment(Pos.TOP_CENTER);
        side.setPadding(new Insets(30));
        side.setPrefWidth(420);
        root.setCenter(canvas);
        root.setRight(side);
        root.setTop(title);
        BorderPane.setMargin(title, new Insets(16, 24, 0, 24));
        root.setStyle("-fx-background-color: " + toWeb(TreeCanvas.BACKGROUND) + ";");
        model.treeProperty().addListener(onTree);
        show(model.treeProperty().get());
    }

    private static String toWeb(javafx.scene.paint.Color c) {
        return String.format("#%02x%02x%02x", (int) (c.getRed() * 255), (int) (c.getGreen() * 255), (int) (c.getBlue() * 255));
    }

    private void show(TreeSnapshot tree) {
        TreeLayout.Laid laid = TreeLayout.layered(tree, model.nodeIdProperty().get());
        canvas.setContent(laid.items(), laid.links());
        count.setText(laid.nodes() + (laid.nodes() == 1 ? " node" : " nodes"));
    }

    BorderPane root() {
        return root;
    }

    TreeCanvas canvas() {
        return canvas;
    }

    /** Opens it in a window of its own, full screen. */
    Stage open() {
        Stage stage = new Stage();
        stage.setTitle("Genet — presentation");
        stage.setScene(new Scene(root, 1280, 800));
        stage.getScene().setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                stage.close();
            }
        });
        stage.setOnHidden(e -> model.treeProperty().removeListener(onTree));
        stage.setFullScreenExitHint("Escape closes the presentation.");
        stage.setFullScreen(true);
        stage.show();
        return stage;
    }
}
