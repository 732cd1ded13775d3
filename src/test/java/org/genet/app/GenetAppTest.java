package org.genet.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.genet.Await;
import org.genet.net.GenetNode;
import org.genet.overlay.NodeEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The app in a real (headless) JavaFX scene, driven through its controls, with real in-process
 * nodes joining it over WebRTC. The tests read what the views draw and the scene.
 */
class GenetAppTest extends AppTest {
    private GenetApp app;
    private final List<GenetNode> joiners = new ArrayList<>();
    /** Every graph node id seen, as the view changes. */
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    @Start
    void start(Stage stage) {
        app = new GenetApp();
        app.start(stage);
        app.model().topologyProperty().addListener((o, was, now) ->
                seen.addAll(app.graphView().canvas().ids()));
    }

    @AfterEach
    void close() throws Exception {
        for (GenetNode node : joiners) {
            node.close();
        }
        fx(() -> {
            app.stop();
            return null;
        });
    }

    private String text(FxRobot robot, String id) throws Exception {
        return fx(() -> robot.lookup("#" + id).queryAs(Label.class).getText());
    }

    private void type(FxRobot robot, String id, String text) throws Exception {
        fx(() -> {
            robot.lookup("#" + id).queryAs(TextField.class).setText(text);
            return null;
        });
    }

    private TreeCanvas graph() {
        return app.graphView().canvas();
    }

    private TreeCanvas.Link edge(String from, String to) {
        return graph().links().stream().filter(l -> l.from().equals(from) && l.to().equals(to)).findFirst().orElse(null);
    }

    /** Becomes root through the button, with the app's own server on a free port. */
    /** Types {@code value} into the max degree spinner, as a user would, and commits it. */
    private static void typeMaxDegree(FxRobot robot, String value) throws Exception {
        fx(() -> {
            Spinner<?> spinner = robot.lookup("#max-degree").queryAs(Spinner.class);
            spinner.getEditor().setText(value);
            spinner.commitValue();
            return null;
        });
    }

    private String becomeRoot(FxRobot robot) throws Exception {
        String address = "127.0.0.1:" + freePort();
        type(robot, "address", address);
        robot.clickOn("#become-root");
        Await.until(() -> call(() -> text(robot, "status-role")).equals("Role: root"), "the app is the root", 20);
        return address;
    }

    private GenetNode join(String address, String name) {
        GenetNode node = GenetNode.connect(URI.create("ws://" + address), 3, 30_000);
        node.on(event -> {
            if (event instanceof NodeEvent.Data d && d.isParent()) {
                d.channel().send(name);
            }
        });
        // named before it joins, as `node --origin NAME` is
        node.loop().run(() -> node.node().setName(name));
        joiners.add(node);
        node.join();
        return node;
    }

    @Test
    void everyTabGetsItsContentOnceTheWindowHasShownUnpicked(FxRobot robot) throws Exception {
        // the tabs behind the first are filled after the first frame, not before it: nothing else must change
        Await.until(() -> call(() -> fx(() -> robot.lookup(".tab-pane").queryAs(javafx.scene.control.TabPane.class)
                .getTabs().stream().allMatch(t -> t.getContent() != null))), "every tab's content", 10);
        var tabs = fx(() -> robot.lookup(".tab-pane").queryAs(javafx.scene.control.TabPane.class));
        assertThat(fx(() -> tabs.getSelectionModel().getSelectedIndex())).as("the first tab stays picked").isZero();
        assertThat(fx(() -> tabs.getTabs().get(2).getContent())).isSameAs(app.joinsTab());
        assertThat(fx(() -> tabs.getTabs().get(1).getContent().lookup("#demo-count"))).isNotNull();
    }

    @Test
    void becomeRootStartsABootstrapServerInTheApp(FxRobot robot) throws Exception {
        String address = becomeRoot(robot);
        HttpResponse<String> status = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://" + address + "/status.json")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(status.body()).contains("\"rootConnected\":true");
        assertThat(text(robot, "bootstrap")).contains("Bootstrap server in this app on port " + address.split(":")[1]);
        assertThat(fx(() -> graph().item(TreeGraphView.SELF).sub())).isEqualTo("root");
        assertThat(fx(() -> robot.window(0).getScene().getWindow() instanceof Stage s ? s.getTitle() : ""))
                .isEqualTo("Genet — " + app.controller().node().id() + " (root)");
        assertThat(text(robot, "message")).contains("This node is the root");

        // the browser page's address, as a link and as a QR code that decodes to it
        String page = fx(() -> robot.lookup("#browser-page").queryAs(javafx.scene.control.Hyperlink.class).getText());
        assertThat(page).matches("http://[0-9a-z.]+:" + address.split(":")[1] + "/");
        javafx.scene.image.Image qr = fx(() -> robot.lookup("#qr-code").queryAs(javafx.scene.image.ImageView.class).getImage());
        assertThat(qr).isNotNull();
        assertThat(decode(qr)).isEqualTo(page);
    }

    private static String decode(javafx.scene.image.Image image) throws Exception {
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        int[] argb = new int[w * h];
        image.getPixelReader().getPixels(0, 0, w, h, javafx.scene.image.PixelFormat.getIntArgbInstance(), argb, 0, w);
        com.google.zxing.BinaryBitmap bitmap = new com.google.zxing.BinaryBitmap(new com.google.zxing.common.HybridBinarizer(
                new com.google.zxing.RGBLuminanceSource(w, h, argb)));
        return new com.google.zxing.qrcode.QRCodeReader().decode(bitmap).getText();
    }

    @Test
    void joiningNodesAppearAsCandidatesThenChildren(FxRobot robot) throws Exception {
        String address = becomeRoot(robot);
        for (int i = 0; i < 3; i++) {
            join(address, "n" + i);
        }
        Await.until(() -> joiners.stream().allMatch(n -> n.parent() != null), "every node joined", 30);
        Await.until(() -> call(() -> fx(() -> graph().item("child-2") != null)), "three children are drawn", 10);
        assertThat(fx(() -> graph().item("child-0").shape())).isEqualTo(TreeCanvas.Shape.NODE);
        assertThat(fx(() -> edge(TreeGraphView.SELF, "child-1"))).isNotNull();
        assertThat(seen).anyMatch(id -> id.startsWith("candidate-"));
        assertThat(text(robot, "status-children")).isEqualTo("Children 3/10");
        assertThat(fx(() -> robot.lookup("#event-log").queryListView().getItems().stream()
                .anyMatch(e -> e.toString().contains("child-connect")))).isTrue();

        // filtering the log by kind keeps only that kind
        fx(() -> {
            javafx.scene.control.ComboBox<String> filter = robot.lookup("#log-filter").queryComboBox();
            assertThat(filter.getItems()).contains("child-connect", "join-request", "root-open");
            filter.setValue("child-connect");
            return null;
        });
        assertThat(fx(() -> robot.lookup("#event-log").queryListView().getItems().stream()
                .map(Object::toString).toList())).hasSize(3).allMatch(line -> line.contains("child-connect"));
    }

    @Test
    void aPingShowsItsRoundTripTimeOnTheEdge(FxRobot robot) throws Exception {
        String address = becomeRoot(robot);
        join(address, "alice");
        Await.until(() -> call(() -> fx(() -> graph().item("child-0") != null)), "a child is drawn", 30);
        fx(() -> { // the button may lie below the fold of the controls' scroll pane
            robot.lookup("#ping").queryButton().fire();
            return null;
        });
        Await.until(() -> call(() -> fx(() -> {
            TreeCanvas.Link e = edge(TreeGraphView.SELF, "child-0");
            return e != null && String.valueOf(e.label()).matches("\\d+\\.\\d ms");
        })), "the edge shows a round-trip time", 10);
        // the child's answer to the ping (the RTT may have come from its report first)
        Await.until(() -> call(() -> fx(() -> robot.lookup("#event-log").queryListView().getItems().stream()
                .anyMatch(e -> e.toString().contains("\"alice\"")))), "the child's answer is in the log", 10);
        // the child is drawn under the name it gave itself
        Await.until(() -> call(() -> fx(() -> graph().item("child-0").label().equals("alice"))), "the child is named alice", 10);
    }

    @Test
    void maxDegreeLimitsTheChildren(FxRobot robot) throws Exception {
        typeMaxDegree(robot, "1");
        String address = becomeRoot(robot);
        for (int i = 0; i < 3; i++) {
            join(address, "n" + i);
        }
        Await.until(() -> joiners.stream().allMatch(n -> n.parent() != null), "every node joined", 30);
        // a joiner's end opens before the app's node counts it: the count is awaited, never above 1
        Await.until(() -> app.controller().node().childrenNb() == 1, "the app's node has one child", 10);
        Await.until(() -> call(() -> text(robot, "status-children")).equals("Children 1/1"), "the status shows 1/1", 10);
        assertThat(fx(() -> graph().item("child-1"))).isNull();
    }

    @Test
    void anUnreachableServerIsSaidAndTheAppStaysUsable(FxRobot robot) throws Exception {
        type(robot, "address", "127.0.0.1:" + org.genet.Ports.closed());
        robot.clickOn("#join");
        Await.until(() -> call(() -> text(robot, "message")).contains("cannot reach the server"),
                "the message says the server cannot be reached", 20);
        Await.until(() -> call(() -> text(robot, "status-role")).equals("Role: not in a tree"), "the app is idle again", 10);
        assertThat(fx(() -> robot.lookup("#join").queryButton().isDisabled())).isFalse();
    }

    @Test
    void anInvalidAddressIsSaid(FxRobot robot) throws Exception {
        type(robot, "address", "not an address");
        robot.clickOn("#join");
        assertThat(text(robot, "message")).contains("Not a valid address");
        assertThat(text(robot, "status-role")).isEqualTo("Role: not in a tree");
    }

    @Test
    void aWrongSecretIsSaidAndTheAppStaysUsable(FxRobot robot) throws Exception {
        int port = freePort();
        org.genet.bootstrap.BootstrapServer server = new org.genet.bootstrap.BootstrapServer(
                new java.net.InetSocketAddress("127.0.0.1", port), org.genet.bootstrap.ServerConfig.builder("other").build());
        server.startAndWait();
        try {
            type(robot, "address", "127.0.0.1:" + port);
            robot.clickOn("#become-root");
            Await.until(() -> call(() -> text(robot, "message")).contains("wrong secret"), "the message names the wrong secret", 20);
            assertThat(text(robot, "status-role")).isEqualTo("Role: not in a tree");
            assertThat(app.controller().embeddedServer()).as("a server answered: none is started").isNull();
            assertThat(fx(() -> robot.lookup("#become-root").queryButton().isDisabled())).isFalse();
        } finally {
            server.close();
        }
    }

    /**
     * The app's node loses its parent: it shows "rejoining…", keeps its place in a repaired tree
     * and names its new parent. The tree: a root (maxDegree 1), a middle node, the app.
     */
    @Test
    void anOrphanedAppShowsRejoiningThenItsNewParent(FxRobot robot) throws Exception {
        org.genet.bootstrap.BootstrapServer server = new org.genet.bootstrap.BootstrapServer(
                new java.net.InetSocketAddress("127.0.0.1", 0), org.genet.bootstrap.ServerConfig.builder("s").build());
        String address = "127.0.0.1:" + server.startAndWait();
        GenetNode root = GenetNode.connect(URI.create("ws://" + address), 1, 30_000);
        joiners.add(root);
        try {
            root.becomeRoot("s");
            Await.until(root::isAttached, "the root's socket is open", 20);
            GenetNode middle = join(address, "middle");
            Await.until(() -> middle.depth() == 1, "the middle node is the root's child", 20);
            List<NodeModel.Role> roles = new java.util.concurrent.CopyOnWriteArrayList<>();
            fx(() -> {
                app.model().roleProperty().addListener((o, was, now) -> roles.add(now));
                return null;
            });
            type(robot, "address", address);
            robot.clickOn("#join");
            Await.until(() -> app.controller().node() != null && app.controller().node().depth() == 2,
                    "the app is below the middle node", 20);
            middle.close();
            Await.until(() -> roles.contains(NodeModel.Role.REJOINING), "the app shows it rejoins", 20);
            Await.until(() -> call(() -> text(robot, "message")).contains("the new parent is " + root.id()),
                    "the app names its new parent", 20);
            assertThat(call(() -> text(robot, "status-role"))).isEqualTo("Role: in the tree");
            assertThat(app.controller().node().depth()).isEqualTo(1);
        } finally {
            server.close();
        }
    }

    @Test
    void demoModeGrowsThirtyRealNodesAndTheWholeTreeShowsEachAtItsDepth(FxRobot robot) throws Exception {
        typeMaxDegree(robot, "3");
        becomeRoot(robot);
        fx(() -> {
            app.showWholeTree(true);
            robot.lookup("#demo-count").queryAs(Spinner.class).getEditor().setText("30");
            robot.lookup("#demo-count").queryAs(Spinner.class).commitValue();
            robot.lookup("#demo-rate").queryAs(Spinner.class).getEditor().setText("50");
            robot.lookup("#demo-rate").queryAs(Spinner.class).commitValue();
            robot.lookup("#demo-add").queryButton().fire();
            return null;
        });
        DemoNodes demo = app.controller().demo();
        Await.until(() -> demo.counts().joined() == 30, "30 demo nodes joined", 60);
        Await.until(() -> call(() -> fx(() -> app.model().treeProperty().get().size())) == 31,
                "the root's tree holds itself and the 30 demo nodes", 30);

        // ground truth: each node's own parent, by the id that parent gave in its hello
        String rootId = app.controller().node().id();
        java.util.Map<String, String> parentOf = new java.util.HashMap<>();
        for (GenetNode n : demo.nodes()) {
            parentOf.put(n.id(), n.loop().call(() -> n.node().parent().nodeId()));
        }
        java.util.Map<String, Integer> depth = new java.util.HashMap<>();
        for (String id : parentOf.keySet()) {
            int d = 0;
            for (String at = id; !at.equals(rootId); at = parentOf.get(at)) {
                d++;
                assertThat(d).as("a path from " + id + " to the root").isLessThan(40);
            }
            depth.put(id, d);
        }
        WholeTreeView view = app.treeView();
        for (double[] size : new double[][] {{1100, 720}, {860, 600}}) {
            fx(() -> {
                Stage stage = (Stage) view.getScene().getWindow();
                stage.setWidth(size[0]);
                stage.setHeight(size[1]);
                view.getScene().getRoot().applyCss();
                view.getScene().getRoot().layout();
                return null;
            });
            WaitForAsyncUtils.waitForFxEvents();
            var image = fx(() -> view.getScene().snapshot(null)); // to be looked at: target/views/
            new java.io.File("target/views").mkdirs();
            javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(image, null), "png",
                    new java.io.File("target/views/demo-" + (int) size[0] + "x" + (int) size[1] + ".png"));
            // the tab's layout follows the window on the next pulses
            Await.until(() -> call(() -> fx(() -> view.canvas().canvas().getHeight())) > 100,
                    "the canvas has its room (" + size[0] + " x " + size[1] + ")", 15);
            java.util.Map<String, javafx.geometry.Point2D> at = fx(view::positions);
            double w = fx(() -> view.canvas().canvas().getWidth());
            double h = fx(() -> view.canvas().canvas().getHeight());
            assertThat(fx(() -> view.canvas().canvas().isVisible() && view.canvas().getScene() != null)).isTrue();
            double rootY = at.get(rootId).getY();
            double rowHeight = Double.NaN;
            for (var e : depth.entrySet()) {
                javafx.geometry.Point2D p = at.get(e.getKey());
                assertThat(p).as("node " + e.getKey() + " is drawn").isNotNull();
                assertThat(p.getX()).as("x of " + e.getKey()).isBetween(0.0, w);
                assertThat(p.getY()).as("y of " + e.getKey()).isBetween(0.0, h);
                if (e.getValue() == 1) {
                    rowHeight = p.getY() - rootY;
                }
            }
            assertThat(rowHeight).as("rows apart in a canvas of " + w + " x " + h).isGreaterThan(10);
            for (var e : depth.entrySet()) { // every node on the row of its depth
                assertThat(at.get(e.getKey()).getY()).as("row of " + e.getKey())
                        .isCloseTo(rootY + e.getValue() * rowHeight, org.assertj.core.data.Offset.offset(0.5));
            }
        }
        assertThat(fx(() -> robot.lookup("#tree-counts").queryAs(Label.class).getText())).startsWith("31 nodes · depth 0: 1, 1: 3, 2: 9");

        // the presentation view (count, QR code) in the window's own scene: a full-screen stage
        // deadlocked the headless renderer (Monocle) in one run of the whole suite
        PresentationView presentation = fx(() -> new PresentationView(app.model()));
        assertThat(fx(() -> ((Label) presentation.root().lookup("#presentation-count")).getText())).isEqualTo("31");
        assertThat(fx(() -> ((Label) presentation.root().lookup("#presentation-count-word")).getText())).isEqualTo("nodes in the tree");
        assertThat(fx(() -> ((javafx.scene.image.ImageView) presentation.root().lookup("#presentation-qr")).getImage()))
                .isNotNull();

        // clicking a node shows its details
        GenetNode some = demo.nodes().get(12);
        javafx.geometry.Point2D on = fx(() -> view.canvas().canvas().localToScreen(view.canvas().screenPosition(some.id())));
        robot.clickOn(on);
        Await.until(() -> call(() -> fx(() -> robot.lookup("#details-title").queryAs(Label.class).getText())).equals("demo 13"),
                "the details name the node clicked", 5);
        assertThat(fx(() -> robot.lookup("#details-depth").queryAs(Label.class).getText()))
                .startsWith("depth " + depth.get(some.id()) + " · slot ");

        // Remove closes the last ones, and the tree shrinks
        fx(() -> {
            robot.lookup("#demo-count").queryAs(Spinner.class).getEditor().setText("10");
            robot.lookup("#demo-count").queryAs(Spinner.class).commitValue();
            robot.lookup("#demo-remove").queryButton().fire();
            return null;
        });
        Await.until(() -> demo.counts().running() == 20, "20 demo nodes left", 30);
        Await.until(() -> call(() -> fx(() -> app.model().treeProperty().get().size())) == 21,
                "the root's tree holds itself and the 20 demo nodes left", 30);
    }
}
