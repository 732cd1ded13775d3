package org.genet.app;

import atlantafx.base.theme.Styles;
import java.util.Optional;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Separator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.genet.discovery.FoundTree;

/**
 * What the window shows while the app is in no tree: what to do next. Start a tree (this app
 * becomes the root, with a bootstrap server of its own), join one of the trees found on the LAN
 * with one click, or join the last tree again. It covers the (empty) graph and hides itself once
 * the app starts or joins a tree.
 */
final class WelcomePane extends StackPane {

    WelcomePane(NodeModel model, Lan lan, NodeController controller, Runnable startTree, Optional<RecentTree> recent) {
        setId("welcome");
        Label title = new Label("You are not in a tree yet");
        title.getStyleClass().add(Styles.TITLE_2);
        Label intro = wrapped("Genet grows a tree of peers over WebRTC. Start a tree of your own, or join one: "
                + "every app, browser or genet node that joins adds a branch.");

        Button start = new Button("Start a tree");
        start.setId("welcome-start");
        start.getStyleClass().add(Styles.ACCENT);
        start.setOnAction(e -> startTree.run());
        Label startHint = wrapped("This app becomes the root and runs the bootstrap server that others join through; "
                + "it announces the tree on the LAN.");

        Label lanTitle = new Label("Join a tree on the LAN");
        lanTitle.getStyleClass().add(Styles.TITLE_4);
        Label lanStatus = wrapped("");
        lanStatus.setId("lan-status");
        lanStatus.textProperty().bind(lan.statusProperty());
        ListView<FoundTree> trees = new ListView<>(lan.trees());
        trees.setId("lan-trees");
        trees.setPrefHeight(150);
        trees.setMinHeight(80);
        trees.setPlaceholder(new Label(lan.isOn() ? "Trees announced on the LAN appear here." : "Nothing to list."));
        trees.setCellFactory(list -> new TreeCell(controller));

        VBox card = new VBox(10, title, intro, new Separator(), new HBox(12, start), startHint, new Separator(),
                lanTitle, lanStatus, trees);
        recent.ifPresent(r -> {
            Button again = new Button("Join again");
            again.setId("welcome-join-again");
            again.setOnAction(e -> controller.join(r.address(), r.name(), null));
            Label last = wrapped("Last time: " + r.name() + (r.name().equals(r.address()) ? "" : " (" + r.address() + ")"));
            last.setId("welcome-last");
            HBox row = new HBox(12, last, again);
            row.setAlignment(Pos.CENTER_LEFT);
            card.getChildren().addAll(new Separator(), row);
        });
        card.getChildren().add(wrapped("Or type a bootstrap server's address on the left and click Join. "
                + "A genet://HOST:PORT link opens the app and joins that tree at once."));
        card.setPadding(new Insets(24));
        card.setMaxWidth(560);
        card.setMaxHeight(Region.USE_PREF_SIZE);
        card.getStyleClass().add("welcome-card");
        card.setStyle("-fx-background-color: -color-bg-default; -fx-background-radius: 8; "
                + "-fx-border-color: -color-border-default; -fx-border-radius: 8;");
        getChildren().add(card);
        setPadding(new Insets(16));
        setStyle("-fx-background-color: -color-bg-subtle;");
        visibleProperty().bind(model.roleProperty().isEqualTo(NodeModel.Role.IDLE));
        managedProperty().bind(visibleProperty());
    }

    private static Label wrapped(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }

    /** One tree: what it is, and a button that joins it. */
    private static final class TreeCell extends ListCell<FoundTree> {
        private final Label text = new Label();
        private final Button join = new Button("Join");
        private final HBox row;

        TreeCell(NodeController controller) {
            join.getStyleClass().add(Styles.SMALL);
            join.setOnAction(e -> {
                if (getItem() != null) {
                    controller.join(getItem());
                }
            });
            Region gap = new Region();
            HBox.setHgrow(gap, Priority.ALWAYS);
            row = new HBox(8, text, gap, join);
            row.setAlignment(Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(FoundTree tree, boolean empty) {
            super.updateItem(tree, empty);
            if (empty || tree == null) {
                setGraphic(null);
            } else {
                text.setText(tree.describe());
                join.setId("lan-join");
                setGraphic(row);
            }
        }
    }
}
