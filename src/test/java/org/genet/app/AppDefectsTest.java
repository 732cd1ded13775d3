package org.genet.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.genet.Await;
import org.genet.bootstrap.BootstrapServer;
import org.genet.bootstrap.ServerConfig;
import org.genet.net.GenetNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 20's defects of the app, each in a test named after it, in a real (headless) window with
 * real nodes over WebRTC where the defect needs a tree.
 */
class AppDefectsTest extends AppTest {
    private GenetApp app;
    private Stage stage;
    private final List<GenetNode> others = new ArrayList<>();
    private final List<BootstrapServer> servers = new ArrayList<>();

    @Start
    void start(Stage stage) {
        this.stage = stage;
        app = startApp(stage);
        sizeStage(stage);
    }

    @AfterEach
    void close() throws Exception {
        GenetNode.closeAll(others);
        fx(() -> {
            app.stop();
            return null;
        });
        for (BootstrapServer s : servers) {
            s.close();
        }
    }

    private Node find(String id) {
        Node n = stage.getScene().lookup("#" + id);
        if (n == null) {
            throw new AssertionError("no #" + id);
        }
        return n;
    }

    private String text(String id) throws Exception {
        return fx(() -> ((javafx.scene.control.Labeled) find(id)).getText());
    }

    private void type(String id, String text) throws Exception {
        fx(() -> {
            ((TextField) find(id)).setText(text);
            return null;
        });
    }

    private void fire(String id) throws Exception {
        fx(() -> {
            ((Button) find(id)).fire();
            return null;
        });
    }

    private void spinner(String id, String text) throws Exception {
        fx(() -> {
            Spinner<?> s = (Spinner<?>) find(id);
            s.getEditor().setText(text);
            s.commitValue();
            return null;
        });
    }

    private NodeModel.Role role() throws Exception {
        return fx(() -> app.model().roleProperty().get());
    }

    private String becomeRoot() throws Exception {
        String address = "127.0.0.1:" + freePort();
        type("address", address);
        fire("become-root");
        Await.until(() -> call(this::role) == NodeModel.Role.ROOT, "the app is the root", 20);
        // the root's message comes in an FX task of its own, after the role: a test that reads the
        // message line next (defect5MaxDegreeZero...) must not have it replaced under its eyes
        Await.until(() -> call(() -> text("message")).startsWith("This node is the root"), "the root message", 20);
        return address;
    }

    private long logged(String kind) throws Exception {
        return fx(() -> app.model().log().stream().filter(e -> e.kind().equals(kind)).count());
    }

    private void addDemoNodes(int n) throws Exception {
        fx(() -> {
            app.showWholeTree(true);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        spinner("demo-count", Integer.toString(n));
        spinner("demo-rate", "50");
        fire("demo-add");
    }

    @Test
    void defect1MaxDegreeAbove100InATreeIsTakenAs100OnceAndTheFieldStillTakesInput() throws Exception {
        becomeRoot();
        long before = logged("max-degree");
        spinner("max-degree", "10000");
        Thread.sleep(1_500); // the loop wrote a line every 2 ms
        assertThat(logged("max-degree") - before).as("max-degree lines after typing 10000").isLessThanOrEqualTo(1);
        assertThat(app.controller().node().maxDegree()).isEqualTo(100);
        assertThat(fx(() -> ((Spinner<?>) find("max-degree")).getValue())).isEqualTo(100);
        assertThat(text("message")).contains("maxDegree is 1 to 100");
        spinner("max-degree", "7");
        Await.until(() -> app.controller().node().maxDegree() == 7, "the field takes 7 afterwards", 5);
        Thread.sleep(300);
        assertThat(logged("max-degree") - before).isEqualTo(2);
    }

    @Test
    void defect2ThePresentationShowsItsCountWholeTheRootInsideAndItsHintBesideTheTree() throws Exception {
        fx(() -> {
            app.model().apply(new NodeModel.Update(NodeModel.Role.ROOT, null, 3, null, null, null));
            app.model().setTree(SyntheticTree.of(101, 3, 2));
            return null;
        });
        String top = fx(() -> app.model().treeProperty().get().top().id());
        fx(() -> {
            app.model().apply(new NodeModel.Update(null, top, 0, null, null, null));
            return null;
        });
        for (double[] size : new double[][] {{1280, 720}, {1280, 800}, {1600, 1000}, {1920, 1080}}) {
            PresentationView view = fx(() -> new PresentationView(app.model()));
            javafx.scene.Scene scene = fx(() -> new javafx.scene.Scene(view.root(), size[0], size[1]));
            fx(() -> {
                scene.getRoot().applyCss();
                scene.getRoot().layout();
                scene.getRoot().applyCss();
                scene.getRoot().layout();
                view.canvas().drawNow();
                return null;
            });
            Label count = (Label) view.root().lookup("#presentation-count");
            assertThat(fx(() -> AppSizesTest.shownText(count))).as("the count at " + size[0] + "x" + size[1]).isEqualTo("101");
            assertThat(fx(() -> count.getFont().getSize())).as("the count's size").isGreaterThanOrEqualTo(size[1] * 0.1);
            assertThat(fx(() -> view.canvas().drawnOutside())).as("drawn outside the canvas (the root's ring)").isEmpty();
            Bounds hint = fx(() -> view.hint().localToScene(view.hint().getLayoutBounds()));
            Bounds tree = fx(() -> view.canvas().localToScene(view.canvas().getLayoutBounds()));
            assertThat(hint.intersects(tree)).as("the hint " + hint + " over the tree " + tree).isFalse();
            assertThat(hint.getMaxX()).isLessThanOrEqualTo(size[0]);
            assertThat(hint.getMaxY()).isLessThanOrEqualTo(size[1]);
            if (size[0] == 1280 && size[1] == 720) { // read as the back of the room reads it: the picture, by OCR
                assertThat(ocr(fx(() -> view.root().lookup("#presentation-side").snapshot(null, null))))
                        .contains("101").contains("nodes in the tree");
            }
        }
    }

    /** What Debian's tesseract reads in a picture. */
    static String ocr(javafx.scene.image.Image image) throws Exception {
        java.nio.file.Path png = java.nio.file.Files.createTempFile("genet-ocr", ".png");
        try {
            javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(image, null), "png", png.toFile());
            Process p = new ProcessBuilder("tesseract", png.toString(), "stdout").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            return text;
        } finally {
            java.nio.file.Files.deleteIfExists(png);
        }
    }

    @Test
    void defect2ThePresentationHighlightsNewNodesAndItsHintFades() throws Exception {
        fx(() -> {
            app.model().setTree(SyntheticTree.of(20, 3, 2));
            return null;
        });
        PresentationView view = fx(() -> new PresentationView(app.model()));
        fx(() -> {
            new javafx.scene.Scene(view.root(), 1280, 720);
            view.startHint();
            return null;
        });
        assertThat(fx(() -> view.hint().getOpacity())).isEqualTo(1.0);
        String newcomer = fx(() -> {
            var bigger = SyntheticTree.of(21, 3, 2); // the same tree and one more node
            app.model().setTree(bigger);
            return bigger.nodes().keySet().stream().filter(id -> SyntheticTree.of(20, 3, 2).node(id) == null)
                    .findFirst().orElseThrow();
        });
        assertThat(fx(() -> view.canvas().highlightedNew())).containsExactly(newcomer);
        Thread.sleep((long) (TreeCanvas.NEW_NODE_MS + 300));
        fx(() -> {
            view.canvas().drawNow();
            return null;
        });
        assertThat(fx(() -> view.canvas().highlightedNew())).as("a moment later, no longer new").isEmpty();
        long fades = (long) (PresentationView.HINT_SHOWN.toMillis() + PresentationView.HINT_FADE.toMillis());
        Await.until(() -> call(() -> fx(() -> view.hint().getOpacity())) == 0.0, "the hint faded", (int) (fades / 1000) + 3);
    }

    @Test
    void defect2ThePresentationGoesFullScreenOnTheDisplayTheWindowIsOn() {
        javafx.geometry.Rectangle2D laptop = new javafx.geometry.Rectangle2D(0, 0, 1440, 900);
        javafx.geometry.Rectangle2D projector = new javafx.geometry.Rectangle2D(1440, 0, 1920, 1080);
        List<javafx.geometry.Rectangle2D> screens = List.of(laptop, projector);
        assertThat(PresentationView.screenOf(new javafx.geometry.Rectangle2D(1600, 100, 1100, 720), screens, laptop))
                .isEqualTo(projector);
        assertThat(PresentationView.screenOf(new javafx.geometry.Rectangle2D(1000, 100, 1100, 720), screens, laptop))
                .as("mostly on the projector").isEqualTo(projector);
        assertThat(PresentationView.screenOf(new javafx.geometry.Rectangle2D(100, 100, 1100, 720), screens, laptop))
                .isEqualTo(laptop);
        assertThat(PresentationView.screenOf(new javafx.geometry.Rectangle2D(5000, 5000, 100, 100), screens, laptop))
                .as("on no screen: the primary").isEqualTo(laptop);
    }

    @Test
    void defect4LeaveAsRootEmptiesTheWholeTreeAndTheDemoStatusForgetsFailedRejoinAttempts() throws Exception {
        spinner("max-degree", "3");
        String address = becomeRoot();
        addDemoNodes(9);
        DemoNodes demo = app.controller().demo();
        Await.until(() -> demo.counts().joined() == 9, "9 demo nodes joined", 60);
        Await.until(() -> call(() -> fx(() -> app.model().treeProperty().get().size())) == 10, "the tree holds 10", 30);
        fire("leave");
        Await.until(() -> call(this::role) == NodeModel.Role.IDLE, "the app left", 10);
        Await.until(() -> call(() -> fx(() -> app.model().treeProperty().get().size())) == 0, "the whole tree is empty", 5);
        Thread.sleep(500); // late updates of the node that left would have come by now
        assertThat(fx(() -> app.model().treeProperty().get().size())).isZero();
        assertThat(text("tree-counts")).startsWith("0 nodes");
        // the demo nodes lost their root; their attempts fail while no root serves
        Await.until(() -> demo.counts().rejoining() > 0, "demo nodes rejoin", 20);
        Thread.sleep(2_000);
        type("address", address);
        fire("become-root");
        Await.until(() -> call(this::role) == NodeModel.Role.ROOT, "the app is the root again", 20);
        Await.until(() -> demo.counts().joined() == 9, "every demo node rejoined", 60);
        Await.until(() -> call(() -> text("demo-status")).startsWith("9 started · 9 joined"), "the status says so", 5);
        assertThat(text("demo-status")).doesNotContain("failed").doesNotContain("rejoining");
        assertThat(demo.counts().failed()).isZero();
    }

    @Test
    void defect5PortZeroAndOutOfRangePortsAreSaidPlainly() throws Exception {
        type("address", "localhost:0");
        fire("become-root");
        assertThat(text("message")).contains("the port is 1 to 65535");
        assertThat(role()).isEqualTo(NodeModel.Role.IDLE);
        Thread.sleep(300);
        assertThat(app.controller().embeddedServer()).as("no server on a random port").isNull();
        type("address", "localhost:99999");
        fire("join");
        assertThat(text("message")).contains("the port is 1 to 65535").doesNotContain("Exception");
        assertThat(role()).isEqualTo(NodeModel.Role.IDLE);
    }

    @Test
    void defect5MaxDegreeZeroIsSaidWithoutAStackTrace() throws Exception {
        becomeRoot();
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            spinner("max-degree", "0");
            Await.until(() -> call(() -> text("message")).contains("maxDegree is 1 to 100"), "the message on maxDegree 0", 20);
            Thread.sleep(300); // and whatever else the change would log
        } finally {
            System.setErr(err);
        }
        String logged = captured.toString(StandardCharsets.UTF_8);
        assertThat(logged).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(text("message")).contains("maxDegree is 1 to 100");
        assertThat(app.controller().node().maxDegree()).isEqualTo(1);
        assertThat(fx(() -> app.model().log().stream().anyMatch(e -> e.toString().contains("Exception")))).isFalse();
    }

    @Test
    void defect5AFiveHundredCharacterNameStaysOnTheCanvasAndLeavesTheStatusBarInTheWindow() throws Exception {
        String name = "Bartholomew-".repeat(42).substring(0, 500);
        type("name", name);
        assertThat(fx(() -> ((TextField) find("name")).getText())).hasSize(NodeController.MAX_NAME);
        becomeRoot();
        WaitForAsyncUtils.waitForFxEvents();
        for (double[] size : AppSizesTest.SIZES) {
            fx(() -> {
                stage.setWidth(size[0]);
                stage.setHeight(size[1]);
                return null;
            });
            WaitForAsyncUtils.waitForFxEvents();
            fx(() -> {
                stage.getScene().getRoot().applyCss();
                stage.getScene().getRoot().layout();
                app.graphView().canvas().drawNow();
                return null;
            });
            assertThat(fx(() -> app.graphView().canvas().drawnOutside())).isEmpty();
            List<String> drawn = fx(() -> app.graphView().canvas().drawnTexts().stream().map(TreeCanvas.DrawnText::text).toList());
            if (size[0] >= 1100) {
                assertThat(drawn).as("the node's name drawn whole").contains(name.substring(0, NodeController.MAX_NAME));
            } else { // one word wider than the canvas: cut as the last resort, inside it
                assertThat(drawn).anySatisfy(t -> assertThat(name).startsWith(t.replace("…", "")));
            }
            for (String id : List.of("status-role", "status-id", "status-children", "status-connection")) {
                Node n = find(id);
                Bounds b = fx(() -> n.localToScene(n.getLayoutBounds()));
                assertThat(b.getMaxY()).as(id + " inside the window at " + size[0] + "x" + size[1]).isLessThanOrEqualTo(size[1]);
                assertThat(b.getMaxX()).as(id).isLessThanOrEqualTo(size[0]);
                assertThat(fx(() -> AppSizesTest.shownText((Label) n))).isEqualTo(text(id));
            }
        }
    }

    @Test
    void defect6DemoControlsOnlyServeARootWithItsOwnServerAndAFailureSaysWhy() throws Exception {
        fx(() -> {
            app.showWholeTree(true);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> find("demo-add").isDisabled())).isTrue();
        assertThat(fx(() -> find("demo-why").isVisible())).isTrue();
        becomeRoot();
        assertThat(fx(() -> find("demo-add").isDisabled())).isFalse();
        assertThat(fx(() -> find("demo-why").isVisible())).isFalse();

        // nodes that cannot join say why
        try (DemoNodes demo = new DemoNodes()) {
            demo.add("127.0.0.1:" + org.genet.Ports.closed(), 3, 50, 3);
            Await.until(() -> demo.counts().failed() == 3, "3 joins failed", 30);
            assertThat(DemoPanel.status(demo)).contains("3 failed (").contains(demo.lastFailure());
            assertThat(demo.lastFailure()).isNotBlank();
        }
    }

    @Test
    void defect6ACutOffAppSaysSoAndARejoiningAppNeverSaysTryAgain() throws Exception {
        BootstrapServer server = new BootstrapServer(new java.net.InetSocketAddress("127.0.0.1", 0),
                ServerConfig.builder("s").build());
        servers.add(server);
        String address = "127.0.0.1:" + server.startAndWait();
        GenetNode root = GenetNode.connect(URI.create("ws://" + address), 1, 30_000);
        others.add(root);
        root.becomeRoot("s");
        Await.until(root::isAttached, "the root's socket is open", 20);
        GenetNode middle = GenetNode.connect(URI.create("ws://" + address), 1, 30_000);
        others.add(middle);
        middle.join();
        Await.until(() -> middle.depth() == 1, "the middle node is the root's child", 20);
        List<String> messages = new CopyOnWriteArrayList<>();
        fx(() -> {
            app.model().messageProperty().addListener((o, was, now) -> messages.add(now));
            return null;
        });
        type("address", address);
        fire("join");
        Await.until(() -> app.controller().node() != null && app.controller().node().depth() == 2, "the app is below the middle node", 20);
        root.close(); // the middle node rejoins, the app keeps its parent but has no way up
        Await.until(() -> call(this::role) == NodeModel.Role.CUT_OFF, "the app says it is cut off", 20);
        assertThat(text("status-role")).isEqualTo("Role: cut off from the root");
        middle.close(); // now the app rejoins, and its attempts fail: no root serves
        Await.until(() -> call(this::role) == NodeModel.Role.REJOINING, "the app rejoins", 20);
        Await.until(() -> call(() -> logged("join-fail")) >= 1, "a rejoin attempt failed", 30);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(messages).isNotEmpty().noneMatch(m -> m.contains("You can try again") || m.contains("join again"))
                .as("a standby's refused takeover is not the server gone: it answered").noneMatch(m -> m.contains("server is gone"));
        assertThat(text("message")).contains("Still rejoining").contains("comes by itself");
        assertThat(fx(() -> find("join").isDisabled())).as("Join while the app rejoins by itself").isTrue();
    }

    @Test
    void defect6APingToDemoChildrenShowsTheirRepliesAndRoundTripTimes() throws Exception {
        spinner("max-degree", "3");
        becomeRoot();
        addDemoNodes(3);
        Await.until(() -> app.controller().node().childrenNb() == 3, "3 demo children", 40);
        Thread.sleep(300); // their hellos
        fx(() -> {
            app.showWholeTree(false);
            ((Button) find("ping")).fire();
            return null;
        });
        Await.until(() -> call(() -> fx(() -> app.model().log().stream().filter(e -> e.text().startsWith("reply after")).count())) == 3,
                "three replies in the log", 10);
        Await.until(() -> call(() -> fx(() -> app.graphView().canvas().links().stream()
                .filter(l -> l.label() != null && l.label().matches("\\d+\\.\\d ms")).count())) == 3, "three round-trip times", 10);
    }

    @Test
    void defect6TheLogScrollsToEachNewLineUnlessTheUserScrolledUp() throws Exception {
        @SuppressWarnings("unchecked")
        ListView<NodeModel.LogEntry> list = (ListView<NodeModel.LogEntry>) find("event-log");
        for (int i = 0; i < 120; i++) {
            int n = i;
            fx(() -> {
                app.model().log(new NodeModel.LogEntry("12:00:00." + n, "test", "line " + n));
                return null;
            });
        }
        WaitForAsyncUtils.waitForFxEvents();
        Await.until(() -> call(() -> fx(() -> wholeLast(list))) == 119, "the last line shows whole", 5);
        // one more line, as a ping adds one: it shows (it stayed one line under the bottom edge)
        fx(() -> {
            app.model().log(new NodeModel.LogEntry("12:00:00.500", "ping", "sent to 10 neighbours"));
            return null;
        });
        Thread.sleep(300);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> wholeLast(list))).as("the new line shows whole").isEqualTo(120);
        fx(() -> {
            list.scrollTo(0);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        fx(() -> {
            app.model().log(new NodeModel.LogEntry("12:00:01.000", "test", "one more"));
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> lastVisible(list))).as("a user reading older lines is left there").isLessThan(60);
    }

    /** The index of the last line shown whole in the list (a line half under the bottom edge does not count). */
    private static int wholeLast(ListView<?> list) {
        var flow = (javafx.scene.control.skin.VirtualFlow<?>) list.lookup(".virtual-flow");
        int best = -1;
        for (int i = flow.getFirstVisibleCell().getIndex(); i <= flow.getLastVisibleCell().getIndex(); i++) {
            var cell = flow.getVisibleCell(i);
            Node viewport = flow.lookup(".clipped-container");
            double bottom = viewport.localToScene(viewport.getLayoutBounds()).getMaxY();
            if (cell != null && cell.localToScene(cell.getLayoutBounds()).getMaxY() <= bottom + 0.5) {
                best = i;
            }
        }
        return best;
    }

    private static int lastVisible(ListView<?> list) {
        var flow = (javafx.scene.control.skin.VirtualFlow<?>) list.lookup(".virtual-flow");
        list.layout();
        return flow.getLastVisibleCell() == null ? -1 : flow.getLastVisibleCell().getIndex();
    }

    @Test
    void theTreeIsNamedAfterItsNodeNotAfterTheMachine() throws Exception {
        assertThat(NodeController.treeName("Ada")).isEqualTo("Ada's tree");
        assertThat(NodeController.treeName("")).startsWith(System.getProperty("user.name") + "'s tree");
        type("name", "Ada");
        becomeRoot();
        assertThat(fx(() -> app.model().treeNameProperty().get())).isEqualTo("Ada's tree");
        Await.until(() -> RecentTree.load().map(RecentTree::name).orElse("").equals("Ada's tree"), "remembered as Ada's tree", 10);
    }
}
