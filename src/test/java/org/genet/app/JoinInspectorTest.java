package org.genet.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
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
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The join inspector in a real (headless) scene, on a recorded simulated tree: a click on a request draws its path. */
@ExtendWith(ApplicationExtension.class)
class JoinInspectorTest {
    private Stage stage;
    private JoinInspector inspector;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        inspector = new JoinInspector();
        stage.setScene(new Scene(inspector, 1200, 700));
        stage.show();
    }

    private static <T> T fx(Callable<T> task) throws Exception {
        return WaitForAsyncUtils.asyncFx(task).get();
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
        Map<String, Long> starts = new HashMap<>();
        paths.forEach(p -> starts.put(p.origin(), recording.firstSeen(p.origin())));
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
}
