package org.genet.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.TableRow;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.genet.overlay.JoinPath;
import org.genet.overlay.JoinRecord;
import org.genet.record.Recording;
import org.genet.record.RecordingWriter;
import org.genet.record.SimRecorder;
import org.genet.sim.Simulation;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The join inspector in a real (headless) scene, on a recorded simulated tree: a click on a request draws its path. */
class JoinInspectorTest extends AppTest {
    private Stage stage;
    private JoinInspector inspector;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        inspector = new JoinInspector();
        stage.setScene(new Scene(inspector, 1200, 700));
        stage.show();
    }

    /** When each joiner of {@code paths} was first seen, by origin, as the Joins tab hands them to the inspector. */
    private static Map<String, Long> startsOf(Recording recording, List<JoinPath> paths) {
        Map<String, Long> starts = new HashMap<>();
        paths.forEach(p -> starts.put(p.origin(), recording.firstSeen(p.origin())));
        return starts;
    }

    private static Recording recording() throws Exception {
        Path file = Files.createTempFile("inspector", ".jsonl");
        try {
            Simulation sim = new Simulation(Simulation.Options.of(40, 2, 5).withInterval(20));
            try (RecordingWriter writer = new RecordingWriter(file, "simulate")) {
                SimRecorder recorder = SimRecorder.attach(sim, writer);
                sim.grow();
                recorder.finish();
            }
            return Recording.read(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private void png(String name, double w, double h) throws Exception {
        File dir = new File("target/views");
        dir.mkdirs();
        var image = fx(() -> {
            stage.setWidth(w);
            stage.setHeight(h);
            inspector.resize(w, h);
            inspector.applyCss();
            inspector.layout();
            inspector.canvas().drawNow();
            return inspector.snapshot(null, null);
        });
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", new File(dir, name + ".png"));
    }

    @Test
    void clickingARequestHighlightsItsPathFromTheRootToWhereItBecameACandidate(FxRobot robot) throws Exception {
        Recording recording = recording();
        List<JoinPath> paths = recording.pathsAt(Long.MAX_VALUE);
        Map<String, Long> starts = startsOf(recording, paths);
        // the deepest connected request that was stored on its way, else the deepest
        JoinPath deep = paths.stream().filter(p -> p.outcome() == JoinRecord.Outcome.CONNECTED)
                .max(java.util.Comparator.comparingInt((JoinPath p) -> p.hops().size()).thenComparing(p -> p.stored() ? 1 : 0))
                .orElseThrow();
        assertThat(deep.hops().size()).isGreaterThanOrEqualTo(3);
        fx(() -> {
            inspector.show(recording.finalTree(), paths, starts);
            inspector.table().scrollTo(deep);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(inspector.highlighted()).isEmpty();
        TableRow<?> row = robot.lookup(".table-row-cell").queryAllAs(TableRow.class).stream()
                .filter(r -> r.getItem() == deep).findFirst().orElseThrow();
        robot.clickOn(row);
        WaitForAsyncUtils.waitForFxEvents();

        List<String> chain = deep.hops().stream().map(JoinRecord::node).toList();
        assertThat(inspector.highlighted()).containsExactlyInAnyOrderElementsOf(chain);
        assertThat(inspector.canvas().selected()).isEqualTo(deep.finalParent());
        // each edge of the path is labelled with its decision and hash arithmetic
        for (int i = 0; i + 1 < chain.size(); i++) {
            String from = chain.get(i);
            String to = chain.get(i + 1);
            JoinRecord hop = deep.hops().get(i);
            assertThat(inspector.canvas().links()).anySatisfy(l -> {
                assertThat(l.from()).isEqualTo(from);
                assertThat(l.to()).isEqualTo(to);
                assertThat(l.label()).startsWith("mod 2 = " + hop.handedDown().hashSlot());
            });
            assertThat(inspector.hopTexts().get(i)).contains("hash31(" + deep.origin().substring(0, 6) + ", " + from
                    + ") = " + JoinPath.hashValue(hop) + ", mod 2 = " + hop.handedDown().hashSlot());
        }
        assertThat(inspector.hopTexts()).hasSize(chain.size());
        assertThat(inspector.hopTexts().get(chain.size() - 1)).contains("candidate").contains("connected after");
        png("inspector-1200x700", 1200, 700);
        png("inspector-800x520", 800, 520);

        // the filter: only requests stored on the way
        fx(() -> {
            inspector.filter().setValue(JoinInspector.Filter.STORED);
            return null;
        });
        assertThat(inspector.table().getItems()).isNotEmpty().allSatisfy(p -> assertThat(p.stored()).isTrue());
        fx(() -> {
            inspector.filter().setValue(JoinInspector.Filter.FAILED);
            return null;
        });
        assertThat(inspector.table().getItems()).allSatisfy(p -> assertThat(p.failed()).isTrue());
    }

    /**
     * Issue 20: the columns' headers read "Final …", "Time t…", the outcomes "connec…", and no column
     * sorted; the path's names and arithmetic showed only zoomed in, its edges not highlighted.
     */
    @Test
    void columnsSortByTheirValuesShowTheirTextWholeAndThePathIsNamedAtAnyZoom(FxRobot robot) throws Exception {
        Recording recording = recording();
        List<JoinPath> paths = recording.pathsAt(Long.MAX_VALUE);
        Map<String, Long> starts = startsOf(recording, paths);
        fx(() -> {
            stage.setWidth(1600);
            stage.setHeight(1000);
            inspector.show(recording.finalTree(), paths, starts);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        // every header and cell whole
        for (javafx.scene.Node n : fx(() -> List.copyOf(inspector.table().lookupAll(".label, .table-cell")))) {
            if (n instanceof javafx.scene.control.Labeled l && l.getText() != null && !l.getText().isEmpty() && l.isVisible()) {
                assertThat(fx(() -> AppSizesTest.shownText(l))).as("shown whole").isEqualTo(l.getText());
            }
        }
        // sorting: by hops, then by time to connect, as numbers ("35 ms" before "120 ms")
        for (String title : List.of("Hops", "Time to connect", "Depth", "Start")) {
            var column = inspector.table().getColumns().stream().filter(c -> c.getText().equals(title)).findFirst().orElseThrow();
            fx(() -> {
                inspector.table().getSortOrder().setAll(column);
                column.setSortType(javafx.scene.control.TableColumn.SortType.ASCENDING);
                return null;
            });
            List<Long> values = fx(() -> inspector.table().getItems().stream().map(p -> switch (title) {
                case "Hops" -> (long) p.hops().size();
                case "Depth" -> p.finalParent() == null ? Long.MAX_VALUE : p.depth();
                case "Start" -> starts.get(p.origin());
                default -> p.connectMs() < 0 ? Long.MAX_VALUE : p.connectMs();
            }).toList());
            assertThat(values).as("sorted by " + title).isSorted();
        }
        // a deep request: its whole path named and its edges labelled, fitted, zoomed out and zoomed in
        JoinPath deep = paths.stream().filter(p -> p.outcome() == JoinRecord.Outcome.CONNECTED)
                .max(java.util.Comparator.comparingInt(p -> p.hops().size())).orElseThrow();
        fx(() -> {
            inspector.select(deep.origin());
            return null;
        });
        List<String> chain = deep.hops().stream().map(JoinRecord::node).toList();
        assertThat(fx(() -> inspector.canvas().links().stream().filter(TreeCanvas.Link::highlight).count()))
                .as("the path's edges highlighted").isEqualTo(chain.size() - 1);
        for (double zoom : new double[] {1, 0.4, 2.5}) {
            fx(() -> {
                ((javafx.scene.control.Button) inspector.lookup("#join-fit")).fire();
                inspector.canvas().zoom(zoom);
                inspector.canvas().drawNow();
                return null;
            });
            List<String> texts = fx(() -> inspector.canvas().drawnTexts().stream().map(TreeCanvas.DrawnText::text).toList());
            var at = fx(() -> inspector.canvas().positions());
            double w = fx(() -> inspector.canvas().canvas().getWidth());
            double h = fx(() -> inspector.canvas().canvas().getHeight());
            for (int i = 0; i < chain.size(); i++) {
                var p = at.get(chain.get(i));
                if (p.getX() < 0 || p.getX() > w || p.getY() < 0 || p.getY() > h) {
                    continue; // zoomed in: off the canvas
                }
                assertThat(texts).as("hop " + i + " named at zoom " + zoom).contains(recording.finalTree().node(chain.get(i)).label());
                if (i + 1 < chain.size()) {
                    assertThat(texts).as("hop " + i + "'s edge at zoom " + zoom)
                            .contains("mod 2 = " + deep.hops().get(i).handedDown().hashSlot());
                }
            }
        }
        fx(() -> {
            ((javafx.scene.control.Button) inspector.lookup("#join-fit")).fire();
            return null;
        });
        assertThat(fx(() -> inspector.canvas().isFitted())).isTrue();
    }
}
