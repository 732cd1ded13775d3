package org.genet.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.genet.overlay.JoinPath;
import org.genet.overlay.JoinRecord;
import org.genet.overlay.TreeSnapshot;
import org.genet.record.RecordingWriter;
import org.genet.record.SimRecorder;
import org.genet.sim.Simulation;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Every state a user meets, at every size a user has: the app on its first screen, as a root with
 * 0, 10 and 300 nodes, joined, rejoining, the inspector with a path selected, and the presentation
 * view, each at 800x600, 1100x720 and 1920x1080, in one window (one JVM, one stage). It fails on
 * any text cut short (a {@link Labeled} whose skin shows other text than its own, "…"), on anything
 * a tree canvas draws outside itself, on overlapping texts in a tree, and on a text outside the
 * window where nothing scrolls. The states are made through the model as the node would make them
 * (no network: the states are what is checked here; the network is in the other tests). Each
 * picture goes to {@code target/sizes/}, to be looked at.
 */
class AppSizesTest extends AppTest {
    static final double[][] SIZES = {{800, 600}, {1100, 720}, {1920, 1080}};

    private Stage stage;
    private GenetApp app;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        app = startAppRemembering(stage, new RecentTree("192.168.1.20:5000", "Ada's tree"));
    }

    /** One state of the app: what to do to the model (and views) to get there. */
    private record State(String name, Callable<Scene> make) {
    }

    @Test
    void everyStateAtEverySizeShowsEveryTextWholeAndDrawsInsideItsCanvas() throws Exception {
        Scene main = fx(stage::getScene);
        Path recording = recording();
        List<String> problems = new ArrayList<>();
        List<State> states = List.of(
                new State("first-screen", () -> {
                    app.showWholeTree(false);
                    return main;
                }),
                new State("root-0", () -> {
                    root(TreeSnapshot.empty(), 0);
                    return main;
                }),
                new State("root-10", () -> {
                    root(SyntheticTree.of(11, 10, 3), 10);
                    return main;
                }),
                new State("root-300", () -> {
                    root(SyntheticTree.of(301, 3, 4), 3);
                    app.showWholeTree(true);
                    return main;
                }),
                new State("joined", () -> {
                    member(NodeModel.Role.MEMBER, "Joined the tree.");
                    return main;
                }),
                new State("rejoining", () -> {
                    member(NodeModel.Role.REJOINING, "The parent is gone: rejoining… (children kept)");
                    return main;
                }),
                new State("inspector", () -> {
                    app.openRecording(recording);
                    JoinInspector inspector = app.joinsTab().inspector();
                    JoinPath deep = inspector.table().getItems().stream()
                            .filter(p -> p.outcome() == JoinRecord.Outcome.CONNECTED)
                            .max(java.util.Comparator.comparingInt(p -> p.hops().size())).orElseThrow();
                    inspector.select(deep.origin());
                    return main;
                }),
                new State("presentation", () -> {
                    root(SyntheticTree.of(301, 3, 4), 3);
                    return new Scene(new PresentationView(app.model()).root(), SIZES[0][0], SIZES[0][1]);
                }));
        for (State state : states) {
            Scene scene = fx(state.make());
            for (double[] size : SIZES) {
                String name = state.name() + "-" + (int) size[0] + "x" + (int) size[1];
                fx(() -> {
                    if (stage.getScene() != scene) {
                        stage.setScene(scene);
                    }
                    return null;
                });
                fx(() -> {
                    stage.setWidth(size[0]);
                    stage.setHeight(size[1]);
                    scene.getRoot().resize(size[0], size[1]);
                    return null;
                });
                for (int pass = 0; pass < 3; pass++) { // the layout settles over a few pulses (wrapping, split panes)
                    WaitForAsyncUtils.waitForFxEvents();
                    fx(() -> {
                        scene.getRoot().applyCss();
                        scene.getRoot().layout();
                        return null;
                    });
                }
                problems.addAll(fx(() -> check(name, scene, size[0], size[1])));
                problems.addAll(fx(() -> checkState(state.name(), name, scene, size[0], size[1])));
                png(scene, name);
            }
        }
        fx(() -> {
            stage.setScene(main);
            return null;
        });
        Files.deleteIfExists(recording);
        assertThat(problems).as("what a user would see cut or misplaced").isEmpty();
    }

    /** The app as the root of {@code tree} (its own server running, the browser page's address shown). */
    private void root(TreeSnapshot tree, int maxDegree) {
        NodeModel model = app.model();
        model.setName("Ada");
        model.setTreeName("Ada's tree");
        String self = tree.size() == 0 ? "123456" : tree.top().id();
        List<Topology.Child> children = new ArrayList<>();
        if (tree.size() > 0) {
            tree.top().children().forEach((slot, id) -> children.add(new Topology.Child(slot, id, 2.0 + slot)));
        }
        model.apply(new NodeModel.Update(NodeModel.Role.ROOT, self, maxDegree == 0 ? 10 : maxDegree,
                "connected to the bootstrap server", new Topology(false, null, null, null, children, List.of(), new TreeMap<>()),
                new NodeModel.LogEntry("12:00:00.000", "root-open", "")));
        model.setTree(tree.size() == 0 ? TreeSnapshot.empty() : tree);
        model.setOwnServer(true);
        model.setBootstrap("Bootstrap server in this app on port 5000, announced on the LAN as \"Ada's tree\". Other apps find "
                + "it in their list, or join with 192.168.1.20:5000 (link genet://192.168.1.20:5000); browsers and phones "
                + "open the page above.");
        model.setBrowserPage("http://192.168.1.20:5000/");
        model.setMessage("This node is the root. Others join with the same address.");
        app.showWholeTree(false);
    }

    /** The app below a parent, with two children: joined, or rejoining after it lost its parent. */
    private void member(NodeModel.Role role, String message) {
        NodeModel model = app.model();
        model.setOwnServer(false);
        model.setBrowserPage("");
        model.setBootstrap("");
        boolean attached = role == NodeModel.Role.MEMBER;
        Topology topology = new Topology(attached, attached ? "Grace Hopper" : null, attached ? "browser" : null,
                attached ? 12.5 : null, List.of(new Topology.Child(0, "654321", 3.1), new Topology.Child(1, "222333", null)),
                List.of(new Topology.Pending("0a1b2c3d4e5f", System.currentTimeMillis() + 20_000)), new TreeMap<>(Map.of(1, 2)));
        model.apply(new NodeModel.Update(role, "123456", 3, attached ? "connected to a parent" : "rejoining… with 2 children",
                topology, new NodeModel.LogEntry("12:00:01.000", role == NodeModel.Role.MEMBER ? "parent-connect" : "rejoining",
                attached ? "" : "attempt 1 in 180 ms")));
        model.setTree(SyntheticTree.of(3, 2, 9));
        model.setMessage(message);
        app.showWholeTree(false);
    }

    private static Path recording() throws Exception {
        Path file = Files.createTempFile("sizes", ".jsonl");
        Simulation sim = new Simulation(Simulation.Options.of(60, 2, 5).withInterval(20));
        try (RecordingWriter writer = new RecordingWriter(file, "simulate")) {
            SimRecorder recorder = SimRecorder.attach(sim, writer);
            sim.grow();
            recorder.finish();
        }
        return file;
    }

    /** What the issue asked of particular states: what must be in sight without scrolling, and the tree's room. */
    private List<String> checkState(String state, String name, Scene scene, double width, double height) {
        List<String> problems = new ArrayList<>();
        Node status = scene.lookup("#status-role");
        double fold = status == null ? height : status.localToScene(status.getLayoutBounds()).getMinY();
        if (state.equals("first-screen") && width >= 1100) { // the card whole: Join again and the hint in sight
            for (String id : List.of("welcome-join-again", "welcome-last", "welcome-hint", "welcome-start")) {
                Node n = scene.lookup("#" + id);
                Bounds b = n.localToScene(n.getLayoutBounds());
                ScrollPane scroll = (ScrollPane) scene.lookup("#welcome-scroll");
                Bounds view = scroll.localToScene(scroll.getLayoutBounds());
                if (b.getMaxY() > view.getMaxY() || b.getMaxY() > fold) {
                    problems.add(name + ": #" + id + " below the fold (" + b.getMaxY() + " > " + Math.min(view.getMaxY(), fold) + ")");
                }
            }
        }
        if (state.startsWith("root-") && width >= 1100) { // the audience's code in sight as soon as the tree starts
            Node qr = scene.lookup("#qr-code");
            Bounds b = qr.localToScene(qr.getLayoutBounds());
            if (b.getHeight() < 100 || b.getMaxY() > fold) {
                problems.add(name + ": the QR code is not whole above the fold: " + b);
            }
        }
        if (state.equals("root-300")) { // the tree gets most of the window (it had 170 px at 800x600)
            TreeCanvas canvas = app.treeView().canvas();
            double least = height >= 720 ? height * 0.45 : 220;
            if (canvas.getHeight() < least) {
                problems.add(name + ": the whole tree gets " + canvas.getHeight() + " px of height, less than " + least);
            }
        }
        return problems;
    }

    /** What is wrong in the scene now, as a user would say it. */
    static List<String> check(String name, Scene scene, double width, double height) {
        List<String> problems = new ArrayList<>();
        for (Node n : visible(scene.getRoot())) {
            if (n instanceof Labeled l && l.getText() != null && !l.getText().isEmpty()) {
                String shown = shownText(l);
                if (shown != null && !shown.equals(l.getText()) && !(l.isWrapText() && shown.replace("\n", " ")
                        .replaceAll("\\s+", " ").equals(l.getText().replaceAll("\\s+", " ")))) {
                    problems.add(name + ": \"" + l.getText() + "\" shows as \"" + shown + "\" (" + describe(l) + ")");
                }
                Bounds b = l.localToScene(l.getLayoutBounds());
                if (!scrolls(l) && (b.getMinX() < -0.5 || b.getMinY() < -0.5 || b.getMaxX() > width + 0.5
                        || b.getMaxY() > height + 0.5)) {
                    problems.add(name + ": \"" + l.getText() + "\" lies outside the window: " + b);
                }
            }
            if (n instanceof TreeCanvas c) {
                c.drawNow();
                for (String out : c.drawnOutside()) {
                    problems.add(name + ": " + c.getId() + " draws outside itself: " + out);
                }
                List<TreeCanvas.DrawnText> texts = c.drawnTexts();
                for (int a = 0; a < texts.size(); a++) {
                    for (int b = a + 1; b < texts.size(); b++) {
                        TreeCanvas.DrawnText p = texts.get(a);
                        TreeCanvas.DrawnText q = texts.get(b);
                        if (p.x0() < q.x1() && q.x0() < p.x1() && p.y0() < q.y1() && q.y0() < p.y1()) {
                            problems.add(name + ": " + c.getId() + ": \"" + p.text() + "\" and \"" + q.text() + "\" overlap");
                        }
                    }
                }
            }
        }
        return problems;
    }

    /** The nodes a user can see: visible, with every ancestor visible, in a selected tab. */
    private static List<Node> visible(Parent root) {
        List<Node> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(Node n, List<Node> out) {
        if (!n.isVisible() || n.getOpacity() == 0) {
            return;
        }
        out.add(n);
        if (n instanceof TabPane tabs) { // only the selected tab's content is on screen
            var tab = tabs.getSelectionModel().getSelectedItem();
            for (Node c : tabs.getChildrenUnmodifiable()) {
                if (!c.getStyleClass().contains("tab-content-area") || tab != null && tab.getContent() != null
                        && isAncestor(c, tab.getContent())) {
                    collect(c, out);
                }
            }
            return;
        }
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                collect(c, out);
            }
        }
    }

    private static boolean isAncestor(Node ancestor, Node n) {
        for (Node at = n; at != null; at = at.getParent()) {
            if (at == ancestor) {
                return true;
            }
        }
        return false;
    }

    /** The text the skin of {@code l} shows (its LabeledText), or null if it has no skin yet. */
    static String shownText(Labeled l) {
        for (Node c : l.getChildrenUnmodifiable()) {
            if (c instanceof javafx.scene.text.Text t && c.getStyleClass().contains("text")) {
                return t.getText();
            }
        }
        return null;
    }

    /** Whether {@code n} sits in something that scrolls or clips by design (a scroll pane, a list, a table). */
    private static boolean scrolls(Node n) {
        for (Node at = n.getParent(); at != null; at = at.getParent()) {
            if (at instanceof ScrollPane || at instanceof javafx.scene.control.skin.VirtualFlow || at instanceof TableView) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Node n) {
        StringBuilder s = new StringBuilder(n.getClass().getSimpleName());
        for (Node at = n; at != null; at = at.getParent()) {
            if (at.getId() != null) {
                s.append(" in #").append(at.getId());
                break;
            }
        }
        return s.toString();
    }

    private void png(Scene scene, String name) throws Exception {
        var image = fx(() -> scene.snapshot(null));
        File dir = new File("target/sizes");
        dir.mkdirs();
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", new File(dir, name + ".png"));
    }
}
