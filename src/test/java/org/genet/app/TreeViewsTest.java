package org.genet.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.genet.overlay.TreeSnapshot;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The two tree views in real (headless) JavaFX scenes, fed with trees made up here: every node
 * stays inside the visible canvas at every window size, nodes never share a place, the layout is
 * layered by depth in slot order, and a click shows a node's details. Each picture is written to
 * {@code target/views/} to be looked at.
 */
class TreeViewsTest extends AppTest {
    private Stage stage;
    private NodeModel model;
    private WholeTreeView tree;
    private TreeGraphView neighbourhood;
    private javafx.scene.layout.HBox both;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        model = new NodeModel();
        tree = new WholeTreeView(model);
        neighbourhood = new TreeGraphView(model);
        javafx.scene.layout.HBox.setHgrow(tree, javafx.scene.layout.Priority.ALWAYS);
        both = new javafx.scene.layout.HBox(neighbourhood, tree);
        neighbourhood.setPrefWidth(380);
        stage.setScene(new Scene(both, 1100, 700));
        stage.show();
    }

    private void resize(double w, double h) throws Exception {
        fx(() -> {
            stage.setWidth(w);
            stage.setHeight(h);
            both.resize(w, h);
            stage.getScene().getRoot().applyCss();
            stage.getScene().getRoot().layout();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void png(String name) throws Exception {
        File dir = new File("target/views");
        dir.mkdirs();
        var image = fx(() -> {
            tree.canvas().drawNow();
            neighbourhood.canvas().drawNow();
            return stage.getScene().snapshot(null);
        });
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", new File(dir, name + ".png"));
    }

    /**
     * Every node of {@code canvas} inside it, its positions and its size read in one go on the FX
     * thread (a layout pass between two reads could pair the positions of one size with another).
     */
    private static void assertInside(TreeCanvas canvas) throws Exception {
        record Frame(double w, double h, Map<String, Point2D> positions) {}
        Frame f = fx(() -> new Frame(canvas.canvas().getWidth(), canvas.canvas().getHeight(), canvas.positions()));
        assertThat(f.w()).isGreaterThan(50);
        assertThat(f.positions()).isNotEmpty();
        f.positions().forEach((id, p) -> {
            assertThat(p.getX()).as(id + " x within 0.." + f.w()).isBetween(8.0, f.w() - 8);
            assertThat(p.getY()).as(id + " y within 0.." + f.h()).isBetween(8.0, f.h() - 8);
        });
    }

    @Test
    void everyNodeOfTheWholeTreeIsOnTheCanvasAtEverySizeAndLayeredInSlotOrder() throws Exception {
        TreeSnapshot snapshot = SyntheticTree.of(120, 3, 7);
        fx(() -> {
            model.setTree(snapshot);
            return null;
        });
        for (double[] size : new double[][] {{1100, 700}, {640, 420}, {1600, 1000}, {420, 300}}) {
            resize(size[0], size[1]);
            Map<String, Point2D> at = fx(() -> tree.positions());
            assertInside(tree.canvas());
            png("tree-" + (int) size[0] + "x" + (int) size[1]);
            // depth by depth, children in slot order, no two nodes in one place
            for (TreeSnapshot.NodeInfo n : snapshot.nodes().values()) {
                Point2D p = at.get(n.id());
                assertThat(p).as(n.id()).isNotNull();
                if (n.parentId() != null) {
                    assertThat(p.getY()).isGreaterThan(at.get(n.parentId()).getY());
                }
                Point2D previous = null;
                for (String child : n.children().values()) {
                    if (previous != null) {
                        assertThat(at.get(child).getX()).isGreaterThan(previous.getX());
                    }
                    previous = at.get(child);
                }
            }
            assertThat(at.values().stream().distinct().count()).isEqualTo(at.size());
        }
        assertThat(fx(() -> tree.perDepth())).containsExactly(1, 3, 9, 27, 80);
        assertThat(fx(() -> ((Label) stage.getScene().lookup("#tree-counts")).getText()))
                .startsWith("120 nodes · depth 0: 1, 1: 3, 2: 9, 3: 27, 4: 80");
    }

    @Test
    void zoomAndPanLeaveFitAndFitBringsEveryNodeBack() throws Exception {
        fx(() -> {
            model.setTree(SyntheticTree.of(60, 2, 3));
            return null;
        });
        // at the size a window is usually, and at the smallest the first test leaves it
        for (double[] size : new double[][] {{1100, 700}, {420, 300}}) {
            resize(size[0], size[1]);
            fx(() -> {
                tree.canvas().zoom(4);
                return null;
            });
            Map<String, Point2D> zoomed = fx(() -> tree.positions());
            double w = fx(() -> tree.canvas().canvas().getWidth());
            assertThat(zoomed.values()).anyMatch(p -> p.getX() < 0 || p.getX() > w);
            assertThat(fx(() -> tree.canvas().isFitted())).isFalse();
            fx(() -> {
                ((javafx.scene.control.Button) stage.getScene().lookup("#tree-fit")).fire();
                return null;
            });
            assertInside(tree.canvas());
            png("tree-fit-" + (int) size[0] + "x" + (int) size[1]);
        }
    }

    @Test
    void clickingANodeShowsItsDetails(FxRobot robot) throws Exception {
        TreeSnapshot snapshot = SyntheticTree.of(20, 3, 11);
        fx(() -> {
            model.setTree(snapshot);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        TreeSnapshot.NodeInfo target = snapshot.nodes().values().stream().filter(n -> n.depth() == 2).findFirst().orElseThrow();
        Point2D at = fx(() -> tree.canvas().canvas().localToScreen(tree.canvas().screenPosition(target.id())));
        robot.clickOn(at);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> tree.canvas().selected())).isEqualTo(target.id());
        assertThat(fx(() -> ((Label) stage.getScene().lookup("#details-title")).getText())).isEqualTo(target.label());
        assertThat(fx(() -> ((Label) stage.getScene().lookup("#details-depth")).getText())).startsWith("depth 2 · slot " + target.slot());
        assertThat(fx(() -> ((Label) stage.getScene().lookup("#details-id")).getText())).isEqualTo("id " + target.id());
        assertThat(fx(() -> ((Label) stage.getScene().lookup("#details-impl")).getText())).contains(target.impl());
        png("tree-details");
    }

    @Test
    void theNeighbourhoodHasItsParentAboveAndItsChildrenBelowInSlotOrderAtEverySize() throws Exception {
        TreeMap<Integer, Integer> stored = new TreeMap<>(Map.of(1, 2, 4, 1));
        List<Topology.Child> children = List.of(new Topology.Child(0, "a1b2c3d4e5", 3.2),
                new Topology.Child(1, "bbbbbb0000", 4.75), new Topology.Child(2, "cccccc1111", null),
                new Topology.Child(3, "dddddd2222", 12.0));
        Topology topology = new Topology(true, "bob", "browser", 8.5, children,
                List.of(new Topology.Pending("0123456789abcdef", System.currentTimeMillis() + 20_000)), stored);
        fx(() -> {
            model.setName("alice");
            model.apply(new NodeModel.Update(NodeModel.Role.MEMBER, "123456", 5, null, topology, null));
            return null;
        });
        for (double[] size : new double[][] {{1100, 700}, {700, 380}}) {
            resize(size[0], size[1]);
            Map<String, Point2D> at = fx(() -> neighbourhood.canvas().positions());
            assertInside(neighbourhood.canvas());
            assertThat(at).containsKeys(TreeGraphView.SELF, TreeGraphView.PARENT, "child-0", "child-3", "child-4",
                    "candidate-0123456789abcdef");
            assertThat(at.get(TreeGraphView.PARENT).getY()).isLessThan(at.get(TreeGraphView.SELF).getY());
            for (int slot = 0; slot < 5; slot++) {
                assertThat(at.get("child-" + slot).getY()).isGreaterThan(at.get(TreeGraphView.SELF).getY());
                if (slot > 0) {
                    assertThat(at.get("child-" + slot).getX()).isGreaterThan(at.get("child-" + (slot - 1)).getX());
                }
            }
            png("neighbourhood-" + (int) size[0] + "x" + (int) size[1]);
        }
        assertThat(fx(() -> neighbourhood.canvas().item(TreeGraphView.SELF).label())).isEqualTo("alice");
        assertThat(fx(() -> neighbourhood.canvas().item("child-0").label())).isEqualTo("a1b2c3");
        assertThat(fx(() -> neighbourhood.canvas().item("child-1").sub())).isEqualTo("slot 1 · 2 stored");
        assertThat(fx(() -> neighbourhood.canvas().links().stream().filter(l -> l.to().equals("child-1")).findFirst()
                .orElseThrow().label())).isEqualTo("4.8 ms");
        assertThat(fx(model::title)).isEqualTo("Genet — alice (in the tree)");
    }
}
