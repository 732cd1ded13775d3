package org.genet.app;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.genet.measure.Measures;
import org.genet.net.GenetNode;

/**
 * The app with a small live tree, drawn without a display (JavaFX's headless Monocle platform)
 * and written to a PNG: the app becomes root with its embedded server on a free port, in-process
 * nodes join it over real WebRTC, and it pings them. Also measures the app's memory as root.
 */
public final class Screenshot {
    private Screenshot() {
    }

    public record Result(File file, int children, int treeNodes, long rssBytes) {
    }

    /**
     * What to draw: the first screen (no tree yet), this node's neighbourhood, the whole tree, the
     * presentation view of demo mode, or the join inspector with its deepest request selected.
     */
    public enum View { FIRST, NODE, TREE, PRESENTATION, INSPECTOR }

    /**
     * Must run before JavaFX starts in this process. With {@code nodeProcesses} the joiners are
     * {@code genet node} processes, so that the memory measured is the app's alone.
     */
    public static Result take(File out, int nodes, int maxDegree, boolean nodeProcesses) throws Exception {
        return take(out, nodes, maxDegree, nodeProcesses, View.NODE, 1100, 720);
    }

    /**
     * With {@link View#TREE} and {@link View#PRESENTATION}, the {@code nodes} join through demo mode
     * (real nodes in this process, over real WebRTC, through the app's own server) with the app's
     * maxDegree, and the picture is taken once the root's aggregated tree holds all of them.
     */
    public static Result take(File out, int nodes, int maxDegree, boolean nodeProcesses, View view, int width, int height)
            throws Exception {
        return take(out, nodes, maxDegree, nodeProcesses, view, width, height, null, 0);
    }

    /**
     * As above; the first {@code relayNodes} joiners connect with {@code relayIce} (relay only
     * through a TURN server), so that the picture shows relayed links.
     */
    public static Result take(File out, int nodes, int maxDegree, boolean nodeProcesses, View view, int width, int height,
                              org.genet.ice.IceConfig relayIce, int relayNodes) throws Exception {
        return draw(out, nodes, maxDegree, nodeProcesses, view, width, height, relayIce, relayNodes);
    }

    private static Result draw(File out, int nodes, int maxDegree, boolean nodeProcesses, View view, int width, int height,
                               org.genet.ice.IceConfig relayIce, int relayNodes) throws Exception {
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        // the headless screen must hold the window at the size asked (its default is 1280x800)
        System.setProperty("headless.geometry", "3840x2160-32");
        System.setProperty("prism.order", "sw");
        System.setProperty("java.awt.headless", "true");
        // a picture is no use of the app: it neither reads nor writes the user's settings (the
        // Network section's, the last tree): a config folder of its own, deleted after
        Path config = java.nio.file.Files.createTempDirectory("genet-screenshot-config");
        String configBefore = System.setProperty(RecentTree.PROPERTY, config.toString());
        if (view == View.FIRST) { // what a user who was in a tree before sees: the tree of last time offered again
            new RecentTree("192.168.1.20:5000", "Ada's tree").save();
        }
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get(30, TimeUnit.SECONDS);
        GenetApp app = new GenetApp();
        app.setLanAddress(org.genet.discovery.LanAddress.OFF); // a picture, not a tree to announce
        Stage[] stage = new Stage[1];
        onFx(() -> {
            stage[0] = new Stage();
            app.start(stage[0]);
            return null;
        });
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String address = "127.0.0.1:" + port;
        List<GenetNode> joiners = new ArrayList<>();
        List<Process> processes = new ArrayList<>();
        try {
            if (view == View.FIRST) {
                onFx(() -> {
                    stage[0].setWidth(width);
                    stage[0].setHeight(height);
                    // a tree on the LAN, as the list shows one it found (this picture announces and browses nothing)
                    app.lan().show(List.of(new org.genet.discovery.FoundTree("Grace's tree", "192.168.1.31", 5000, 12, true)));
                    return null;
                });
                return snapshot(app, stage[0], out);
            }
            onFx(() -> { // as a user would: type the address, set maxDegree, click
                Scene scene = stage[0].getScene();
                ((javafx.scene.control.TextField) scene.lookup("#name")).setText("alice");
                ((javafx.scene.control.TextField) scene.lookup("#address")).setText(address);
                ((javafx.scene.control.Spinner<?>) scene.lookup("#max-degree")).getEditor().setText(Integer.toString(maxDegree));
                ((javafx.scene.control.Spinner<?>) scene.lookup("#max-degree")).commitValue();
                ((javafx.scene.control.Button) scene.lookup("#become-root")).fire();
                return null;
            });
            await(() -> app.model().roleProperty().get() == NodeModel.Role.ROOT, 20);
            onFx(() -> {
                stage[0].setWidth(width);
                stage[0].setHeight(height);
                return null;
            });
            if (view != View.NODE) {
                return demoTree(app, stage[0], out, nodes, maxDegree, view, width, height);
            }
            for (int i = 0; nodeProcesses && i < nodes; i++) {
                processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx64m", "-cp", System.getProperty("java.class.path"), "org.genet.cli.Main", "node",
                        "--host", address, "--origin", "node " + (i + 1), "--max-degree", "3")
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start());
            }
            for (int i = 0; !nodeProcesses && i < nodes; i++) {
                GenetNode node = GenetNode.connect(URI.create("ws://" + address), 3, 30_000);
                if (i < relayNodes && relayIce != null) {
                    node.ice(relayIce);
                }
                String name = "node " + (i + 1);
                node.on(event -> { // answers its parent, as the node command does
                    if (event instanceof org.genet.overlay.NodeEvent.Data d && d.isParent()) {
                        d.channel().send(name);
                    }
                });
                node.loop().run(() -> node.node().setName(name)); // as `node --origin NAME` does
                joiners.add(node);
                node.join();
            }
            if (nodeProcesses) {
                await(() -> app.model().topologyProperty().get().children().size() >= Math.min(nodes, maxDegree), 120);
            } else {
                await(() -> joiners.stream().allMatch(n -> n.parent() != null), 60);
            }
            onFx(() -> {
                app.controller().ping(NodeController.PingTarget.CHILDREN);
                return null;
            });
            Thread.sleep(3_000); // pongs come back, and the layout settles
            int children = onFx(() -> app.model().topologyProperty().get().children().size());
            long rss = Measures.rss(ProcessHandle.current().pid());
            WritableImage image = onFx(() -> {
                Scene scene = stage[0].getScene();
                return scene.snapshot(null);
            });
            ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", out);
            return new Result(out, children, onFx(() -> app.model().treeProperty().get().size()), rss);
        } finally {
            GenetNode.closeAll(joiners);
            for (Process p : processes) {
                p.destroy();
            }
            for (Process p : processes) {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            onFx(() -> {
                app.stop();
                stage[0].close();
                return null;
            });
            Platform.exit();
            if (configBefore == null) {
                System.clearProperty(RecentTree.PROPERTY);
            } else {
                System.setProperty(RecentTree.PROPERTY, configBefore);
            }
            deleteFolder(config);
        }
    }

    private static void deleteFolder(Path folder) {
        try (var files = java.nio.file.Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (java.io.IOException e) {
            // a temporary folder: the system cleans it
        }
    }

    private static Result demoTree(GenetApp app, Stage stage, File out, int nodes, int maxDegree, View view, int width,
                                   int height) throws Exception {
        onFx(() -> {
            app.showWholeTree(true);
            app.controller().addDemoNodes(nodes, 50, maxDegree);
            return null;
        });
        await(() -> app.model().treeProperty().get().size() >= nodes + 1, 60 + nodes / 2);
        Thread.sleep(1_500); // the last reports (round-trip times) arrive
        if (view == View.INSPECTOR) {
            // the join requests' records reach the root a moment after the tree; then the deepest path is shown
            Thread.sleep(1_500);
            onFx(() -> {
                app.openJoins();
                app.joinsTab().refresh();
                JoinInspector inspector = app.joinsTab().inspector();
                inspector.table().getItems().stream()
                        .filter(p -> p.outcome() == org.genet.overlay.JoinRecord.Outcome.CONNECTED)
                        .max(java.util.Comparator.comparingInt((org.genet.overlay.JoinPath p) -> Math.min(p.depth(), 5))
                                .thenComparingInt(p -> p.stored() ? 1 : 0))
                        .ifPresent(p -> inspector.select(p.origin()));
                return null;
            });
            Thread.sleep(500);
            return snapshot(app, stage, out);
        }
        WritableImage image = onFx(() -> {
            if (view == View.PRESENTATION) {
                PresentationView presentation = new PresentationView(app.model());
                Scene scene = new Scene(presentation.root(), width, height);
                for (int pass = 0; pass < 3; pass++) { // its type and code follow the size it is given
                    scene.getRoot().applyCss();
                    scene.getRoot().layout();
                }
                presentation.canvas().drawNow();
                return scene.snapshot(null);
            }
            Scene scene = stage.getScene();
            scene.getRoot().applyCss();
            scene.getRoot().layout();
            app.treeView().canvas().drawNow();
            return scene.snapshot(null);
        });
        long rss = Measures.rss(ProcessHandle.current().pid());
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", out);
        return new Result(out, onFx(() -> app.model().topologyProperty().get().children().size()),
                onFx(() -> app.model().treeProperty().get().size()), rss);
    }

    /** The window as it is, after a layout, every tree drawn. */
    private static Result snapshot(GenetApp app, Stage stage, File out) throws Exception {
        WritableImage image = onFx(() -> {
            Scene scene = stage.getScene();
            for (int pass = 0; pass < 3; pass++) {
                scene.getRoot().applyCss();
                scene.getRoot().layout();
            }
            app.treeView().canvas().drawNow();
            app.graphView().canvas().drawNow();
            app.joinsTab().inspector().canvas().drawNow();
            return scene.snapshot(null);
        });
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", out);
        return new Result(out, onFx(() -> app.model().topologyProperty().get().children().size()),
                onFx(() -> app.model().treeProperty().get().size()), Measures.rss(ProcessHandle.current().pid()));
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> task) throws Exception {
        return FxCalls.call(task, 30);
    }

    private static void await(Supplier<Boolean> condition, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!onFx(condition::get)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the tree did not form within " + seconds + " s");
            }
            Thread.sleep(100);
        }
    }
}
