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
        start.setMinWidth(Region.USE_PREF_SIZE);
        start.setOnAction(e -> startTree.run());
        Label startHint = wrapped("This app becomes the root and runs the bootstrap server that others join through; "
                + "it announces the tree on the LAN.");
        HBox.setHgrow(startHint, Priority.ALWAYS);
        HBox startRow = new HBox(12, start, startHint);
        startRow.setAlignment(Pos.CENTER_LEFT);

        Label lanTitle = new Label("Join a tree on the LAN");
        lanTitle.getStyleClass().add(Styles.TITLE_4);
        Label lanStatus = wrapped("");
        lanStatus.setId("lan-status");
        lanStatus.textProperty().bind(lan.statusProperty());
        ListView<FoundTree> trees = new ListView<>(lan.trees());
        trees.setId("lan-trees");
        trees.setPrefHeight(104);
        trees.setMinHeight(72);
        Label empty = wrapped(lan.isOn() ? "Trees announced on the LAN appear here." : "Nothing to list.");
        trees.setPlaceholder(empty);
        trees.setCellFactory(list -> new TreeCell(controller));

        VBox card = new VBox(10, title, intro, startRow);
        // the tree of last time comes right under "Start a tree": the first thing most users want again
        recent.ifPresent(r -> {
            Button again = new Button("Join again");
            again.setId("welcome-join-again");
            again.setMinWidth(Region.USE_PREF_SIZE);
            again.setOnAction(e -> controller.join(r.address(), r.name(), null));
            Label last = wrapped("Last time: " + r.name() + (r.name().equals(r.address()) ? "" : " (" + r.address() + ")"));
            last.setId("welcome-last");
            HBox.setHgrow(last, Priority.ALWAYS);
            HBox row = new HBox(12, again, last);
            row.setAlignment(Pos.CENTER_LEFT);
            card.getChildren().add(row);
        });
        Label manual = wrapped("Or type a bootstrap server's address on the left and click Join. "
                + "A genet://HOST:PORT link opens the app and joins that tree at once.");
        manual.setId("welcome-hint");
        card.getChildren().addAll(new Separator(), lanTitle, lanStatus, trees, manual);
        card.setPadding(new Insets(20, 24, 20, 24));
        card.setMaxWidth(580);
        card.setMaxHeight(Region.USE_PREF_SIZE);
        card.getStyleClass().add("welcome-card");
        card.setStyle("-fx-background-color: -color-bg-default; -fx-background-radius: 8; "
                + "-fx-border-color: -color-border-default; -fx-border-radius: 8;");
        // a window too small for the card scrolls it rather than cut it
        VBox holder = new VBox(card);
        holder.setAlignment(Pos.TOP_CENTER);
        holder.setPadding(new Insets(14));
        holder.setStyle("-fx-background-color: -color-bg-subtle;");
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(holder);
        scroll.setId("welcome-scroll");
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setStyle("-fx-background-color: -color-bg-subtle; -fx-background: -color-bg-subtle;");
        getChildren().add(scroll);
        setMinHeight(0);
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
