package org.genet.app;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.Duration;
import org.genet.net.GenetNode;
import org.genet.overlay.JoinPath;
import org.genet.overlay.TreeSnapshot;
import org.genet.record.LiveRecorder;
import org.genet.record.Recording;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "Joins" tab: the join inspector on this node's records (live: at the root, every request),
 * or on a recording opened from a file, with a timeline to play, pause and scrub; and the Record
 * button, which records this node's tree and join records into a file. Only the FX thread uses it.
 */
public final class JoinsTab extends BorderPane {
    private static final Logger log = LoggerFactory.getLogger(JoinsTab.class);

    private final NodeModel model;
    private final NodeController controller;
    private final JoinInspector inspector = new JoinInspector();
    private final Button open = new Button("Open recording…");
    private final Button record = new Button("Record…");
    private final Button live = new Button("Live");
    private final Button export = new Button("Export…");
    /** What the inspector shows now, for Export. */
    private TreeSnapshot shownTree = TreeSnapshot.empty();
    private List<JoinPath> shownPaths = List.of();
    private Map<String, Long> shownStarts = Map.of();
    private final Button play = new Button("Play");
    private final Slider timeline = new Slider(0, 1, 0);
    private final Label time = new Label();
    private final Label status = new Label();
    private final Timeline refresh;
    private final Timeline player;
    private Recording recording;
    private LiveRecorder recorder;
    private long shownAt = -1;

    public JoinsTab(NodeModel model, NodeController controller) {
        this.model = model;
        this.controller = controller;
        setId("joins-tab");
        open.setId("joins-open");
        record.setId("joins-record");
        live.setId("joins-live");
        play.setId("joins-play");
        timeline.setId("joins-timeline");
        time.setId("joins-time");
        status.setId("joins-status");
        open.setOnAction(e -> chooseRecording());
        export.setId("joins-export");
        export.setOnAction(e -> chooseExport());
        record.setOnAction(e -> toggleRecording());
        live.setOnAction(e -> goLive());
        play.setOnAction(e -> togglePlay());
        timeline.valueProperty().addListener((o, was, t) -> {
            if (recording != null) {
                showAt(t.longValue());
            }
        });
        HBox.setHgrow(timeline, Priority.ALWAYS);
        timeline.setMinWidth(60);
        for (javafx.scene.control.Labeled l : List.of(open, record, live, play, export, time)) {
            l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // a button's word whole, never "Recor…"
        }
        status.setWrapText(true);
        status.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        status.visibleProperty().bind(status.textProperty().isNotEmpty());
        status.managedProperty().bind(status.visibleProperty());
        HBox buttons = new HBox(8, open, record, live, export);
        buttons.setAlignment(Pos.CENTER_LEFT);
        HBox replay = new HBox(8, play, timeline, time);
        replay.setAlignment(Pos.CENTER_LEFT);
        VBox top = new VBox(6, buttons, replay, status);
        top.setPadding(new Insets(6));
        setTop(top);
        setCenter(inspector);
        refresh = new Timeline(new KeyFrame(Duration.seconds(1), e -> refreshLive()));
        refresh.setCycleCount(Timeline.INDEFINITE);
        player = new Timeline(new KeyFrame(Duration.millis(100), e -> step()));
        player.setCycleCount(Timeline.INDEFINITE);
        goLive();
    }

    public JoinInspector inspector() {
        return inspector;
    }

    /** The recording shown, or null when live. */
    public Recording recording() {
        return recording;
    }

    public Slider timeline() {
        return timeline;
    }

    /** Replays {@code file}: the tree and the join requests at any time of it. */
    public void openRecording(Path file) throws IOException {
        Recording r = Recording.read(file);
        recording = r;
        refresh.stop();
        timeline.setMax(Math.max(1, r.duration()));
        timeline.setDisable(false);
        play.setDisable(false);
        live.setDisable(false);
        status.setText(file.getFileName() + (r.skippedLines() > 0 ? " (" + r.skippedLines() + " unreadable lines skipped)" : ""));
        shownAt = -1;
        timeline.setValue(r.duration());
        showAt(r.duration());
    }

    private void chooseRecording() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open a Genet recording");
        File file = chooser.showOpenDialog(getScene() == null ? null : getScene().getWindow());
        if (file == null) {
            return;
        }
        try {
            openRecording(file.toPath());
        } catch (IOException e) {
            status.setText("cannot open " + file.getName() + ": " + e.getMessage());
        }
    }

    private void goLive() {
        recording = null;
        player.stop();
        play.setText("Play");
        timeline.setDisable(true);
        play.setDisable(true);
        live.setDisable(true);
        time.setText("live");
        status.setText("");
        refresh.play();
        refreshLive();
    }

    /** Reads the live records now (the tab does it once a second). */
    void refresh() {
        if (recording == null) {
            refreshLive();
        }
    }

    private void refreshLive() {
        GenetNode node = controller.node();
        if (node == null) {
            show(model.treeProperty().get(), List.of(), Map.of());
            return;
        }
        List<JoinPath> paths = node.joinRecords().paths();
        long first = paths.stream().mapToLong(JoinPath::firstAt).min().orElse(0);
        Map<String, Long> starts = new HashMap<>();
        paths.forEach(p -> starts.put(p.origin(), p.firstAt() - first));
        show(model.treeProperty().get(), paths, starts);
    }

    private void show(TreeSnapshot tree, List<JoinPath> paths, Map<String, Long> starts) {
        shownTree = tree == null ? TreeSnapshot.empty() : tree;
        shownPaths = paths;
        shownStarts = starts;
        inspector.show(tree, paths, starts);
    }

    /**
     * Writes what the tab shows (live, or the recording at the time scrubbed to) to a file: the
     * tree as GEXF (Gephi) or PNG, the join requests as CSV or JSON, by the name's extension.
     */
    void export(Path out) throws IOException {
        String name = out.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        java.util.function.ToLongFunction<String> start = origin -> shownStarts.getOrDefault(origin, 0L);
        if (name.endsWith(".gexf")) {
            org.genet.record.Export.gexf(shownTree, out);
        } else if (name.endsWith(".csv")) {
            TreeSnapshot tree = shownTree;
            org.genet.record.Export.csv(shownPaths, start, id -> tree.node(id) == null ? null : tree.node(id).name(), out);
        } else if (name.endsWith(".json")) {
            org.genet.record.Export.json(shownPaths, start, out);
        } else if (name.endsWith(".png")) {
            if (shownTree.size() == 0) {
                throw new IOException("there is no tree to draw yet");
            }
            // what the tab draws: the tree, and the selected request's path over it
            TreePng.write(TreePng.draw(inspector.canvas().items(), inspector.canvas().links(), 1600, 1000), out);
        } else {
            throw new IOException("say the format by the name's extension: .gexf, .csv, .json or .png");
        }
    }

    private void chooseExport() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the tree (GEXF, PNG) or the join requests (CSV, JSON)");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Join requests, one row each (CSV)", "*.csv"),
                new FileChooser.ExtensionFilter("Join requests with their paths (JSON)", "*.json"),
                new FileChooser.ExtensionFilter("The tree, for Gephi (GEXF)", "*.gexf"),
                new FileChooser.ExtensionFilter("The tree as a picture (PNG)", "*.png"));
        File file = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (file == null) {
            return;
        }
        try {
            export(file.toPath());
            status.setText("exported " + file.getName());
        } catch (IOException | RuntimeException e) {
            status.setText("cannot export " + file.getName() + ": " + e.getMessage());
        }
    }

    /** Shows the recording as it was at {@code t} ms. */
    void showAt(long t) {
        if (recording == null || t == shownAt) {
            return;
        }
        shownAt = t;
        List<JoinPath> paths = recording.pathsAt(t);
        Map<String, Long> starts = new HashMap<>();
        paths.forEach(p -> starts.put(p.origin(), recording.firstSeen(p.origin())));
        show(recording.treeAt(t), paths, starts);
        time.setText(String.format("%.1f / %.1f s", t / 1000.0, recording.duration() / 1000.0));
    }

    private void togglePlay() {
        if (player.getStatus() == javafx.animation.Animation.Status.RUNNING) {
            player.stop();
            play.setText("Play");
        } else {
            if (timeline.getValue() >= timeline.getMax()) {
                timeline.setValue(0);
            }
            player.play();
            play.setText("Pause");
        }
    }

    /** Plays at ten times real speed at least, so that a long recording plays in under a minute. */
    private void step() {
        double stepMs = Math.max(1_000, timeline.getMax() / 600);
        double next = Math.min(timeline.getMax(), timeline.getValue() + stepMs);
        timeline.setValue(next);
        if (next >= timeline.getMax()) {
            player.stop();
            play.setText("Play");
        }
    }

    private void toggleRecording() {
        if (recorder != null) {
            try {
                recorder.close();
            } catch (IOException e) {
                log.warn("closing the recording failed", e);
            }
            recorder = null;
            record.setText("Record…");
            status.setText("recording stopped");
            return;
        }
        GenetNode node = controller.node();
        if (node == null) {
            status.setText("start or join a tree first: a recording follows this node");
            return;
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Record into");
        chooser.setInitialFileName("genet-recording.jsonl");
        File file = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (file == null) {
            return;
        }
        try {
            recorder = LiveRecorder.start(node, file.toPath());
            record.setText("Stop recording");
            status.setText("recording into " + file.getName());
        } catch (IOException e) {
            status.setText("cannot record into " + file.getName() + ": " + e.getMessage());
        }
    }

    /** Stops the live refresh, playback and any recording: the window is closing. */
    public void stop() {
        refresh.stop();
        player.stop();
        if (recorder != null) {
            try {
                recorder.close();
            } catch (IOException e) {
                log.warn("closing the recording failed", e);
            }
        }
    }
}
