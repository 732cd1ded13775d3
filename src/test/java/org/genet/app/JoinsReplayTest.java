package org.genet.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.genet.overlay.JoinPath;
import org.genet.overlay.JoinRecord;
import org.genet.record.Recording;
import org.genet.record.RecordingWriter;
import org.genet.record.SimRecorder;
import org.genet.sim.Simulation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Joins tab replaying a recording (as File > Open and genet replay do): scrubbing, playing, the inspector on a replay. */
class JoinsReplayTest extends AppTest {
    @TempDir
    Path dir;
    private Stage stage;
    private JoinsTab tab;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        tab = new JoinsTab(new NodeModel(), new NodeController(new NodeModel()));
        stage.setScene(new Scene(tab, 1100, 650));
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        fx(() -> {
            tab.stop();
            return null;
        });
    }

    @Test
    void scrubbingShowsTheTreeAndRequestsAsTheyWereAndPlayingMovesOn(FxRobot robot) throws Exception {
        Path file = dir.resolve("sim.jsonl");
        Simulation sim = new Simulation(Simulation.Options.of(30, 2, 4).withInterval(500));
        try (RecordingWriter writer = new RecordingWriter(file, "simulate")) {
            SimRecorder recorder = SimRecorder.attach(sim, writer);
            sim.grow();
            recorder.finish();
        }
        Recording recording = Recording.read(file);
        fx(() -> {
            tab.openRecording(file);
            return null;
        });
        assertThat(tab.inspector().table().getItems()).hasSize(30);
        assertThat(tab.inspector().canvas().items()).hasSize(31);
        long mid = recording.duration() / 2;
        fx(() -> {
            tab.timeline().setValue(mid);
            return null;
        });
        int rowsThen = recording.pathsAt(mid).size();
        assertThat(rowsThen).isBetween(5, 25);
        assertThat(tab.inspector().table().getItems()).hasSize(rowsThen);
        assertThat(tab.inspector().canvas().items()).hasSize(recording.treeAt(mid).size());
        assertThat(recording.treeAt(mid).size()).isLessThan(31);

        // Export writes what the tab shows: the tree and the requests at the time scrubbed to
        for (String name : new String[] {"at.csv", "at.json", "at.gexf", "at.png"}) {
            fx(() -> {
                tab.export(dir.resolve(name));
                return null;
            });
        }
        assertThat(java.nio.file.Files.readAllLines(dir.resolve("at.csv"))).hasSize(1 + rowsThen);
        assertThat(org.genet.overlay.Wire.json().readTree(dir.resolve("at.json").toFile()).size()).isEqualTo(rowsThen);
        org.graphstream.graph.Graph read = new org.graphstream.graph.implementations.SingleGraph("read");
        org.graphstream.stream.file.FileSourceGEXF gexf = new org.graphstream.stream.file.FileSourceGEXF();
        gexf.addSink(read);
        gexf.readAll(dir.resolve("at.gexf").toString());
        assertThat(read.getNodeCount()).isEqualTo(recording.treeAt(mid).size());
        assertThat(javax.imageio.ImageIO.read(dir.resolve("at.png").toFile()).getWidth()).isEqualTo(1600);

        // the inspector works on the replay: a click on a request draws its path
        JoinPath connected = tab.inspector().table().getItems().stream()
                .filter(p -> p.outcome() == JoinRecord.Outcome.CONNECTED && p.hops().size() >= 2).findFirst().orElseThrow();
        fx(() -> {
            tab.inspector().select(connected.origin());
            return null;
        });
        assertThat(tab.inspector().highlighted()).containsExactlyInAnyOrderElementsOf(
                connected.hops().stream().map(JoinRecord::node).toList());
        var image = fx(() -> {
            tab.inspector().canvas().drawNow();
            return stage.getScene().snapshot(null);
        });
        new File("target/views").mkdirs();
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", new File("target/views/replay-1100x650.png"));

        // Play moves the timeline on, Pause stops it
        javafx.scene.control.Button play = robot.lookup("#joins-play").queryButton();
        fx(() -> {
            play.fire();
            return null;
        });
        assertThat(play.getText()).isEqualTo("Pause");
        WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS, () -> tab.timeline().getValue() > mid + 500);
        fx(() -> {
            play.fire();
            return null;
        });
        assertThat(play.getText()).isEqualTo("Play");
        double paused = fx(() -> tab.timeline().getValue());
        Thread.sleep(300);
        assertThat(fx(() -> tab.timeline().getValue())).isEqualTo(paused);
    }
}
