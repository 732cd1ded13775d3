package org.genet.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Issue 20: the PNG export drew every label wherever it fell, so that on a tree of a few hundred
 * nodes they overlapped into an unreadable band. Now it follows the views' rules: no text over
 * another or over a node, all inside the picture, the root and a join's path always named.
 */
class ExportPictureTest {

    private static void noOverlaps(TreePng.Picture p, int w, int h) {
        List<LabelPlacer.Box> texts = p.texts();
        for (int a = 0; a < texts.size(); a++) {
            LabelPlacer.Box t = texts.get(a);
            assertThat(t.x0() >= 0 && t.y0() >= 0 && t.x1() <= w && t.y1() <= h).as(t + " inside " + w + "x" + h).isTrue();
            for (int b = a + 1; b < texts.size(); b++) {
                assertThat(t.overlaps(texts.get(b))).as(t + " and " + texts.get(b)).isFalse();
            }
        }
    }

    @Test
    void theExportedPictureOfATreeHasNoOverlappingLabels() throws Exception {
        TreeLayout.Laid laid = TreeLayout.layered(SyntheticTree.of(300, 3, 5), null);
        for (int[] size : new int[][] {{1600, 1000}, {640, 400}}) {
            TreePng.Picture p = TreePng.render(laid.items(), laid.links(), size[0], size[1]);
            noOverlaps(p, size[0], size[1]);
            assertThat(p.texts().size()).as("labels drawn at " + size[0] + "x" + size[1]).isGreaterThan(size[0] / 100);
            new File("target/views").mkdirs();
            ImageIO.write(p.image(), "png", new File("target/views/export-" + size[0] + "x" + size[1] + "-300.png"));
        }
    }

    @Test
    void aPathIsDrawnOverTheTreeWithEveryNameAndArithmetic() {
        TreeLayout.Laid laid = TreeLayout.layered(SyntheticTree.of(300, 3, 5), null);
        // a path from the root to a leaf, as the inspector marks it
        List<TreeCanvas.Item> items = new java.util.ArrayList<>();
        java.util.Set<String> path = new java.util.HashSet<>();
        org.genet.overlay.TreeSnapshot tree = SyntheticTree.of(300, 3, 5);
        String at = tree.nodes().values().stream().filter(n -> n.depth() == 5).findFirst().orElseThrow().id();
        while (at != null) {
            path.add(at);
            at = tree.node(at).parentId();
        }
        for (TreeCanvas.Item i : laid.items()) {
            boolean in = path.contains(i.id());
            items.add(new TreeCanvas.Item(i.id(), i.x(), i.y(), i.label(), null, null, in ? JoinInspector.PATH : JoinInspector.FADED,
                    i.shape(), i.large(), false, in));
        }
        List<TreeCanvas.Link> links = laid.links().stream().map(l -> path.contains(l.from()) && path.contains(l.to())
                ? new TreeCanvas.Link(l.from(), l.to(), "mod 3 = 1", false, false, true) : l).toList();
        TreePng.Picture p = TreePng.render(items, links, 1600, 1000);
        noOverlaps(p, 1600, 1000);
        // every node of the path named, every edge of it labelled: 6 names and 5 edge labels at least
        assertThat(p.texts()).hasSizeGreaterThanOrEqualTo(11);
    }
}
