package org.genet.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.genet.overlay.JoinPath;
import org.genet.overlay.JoinRecord.Outcome;
import org.genet.overlay.TreeSnapshot;
import org.genet.sim.Simulation;
import org.graphstream.graph.Graph;
import org.graphstream.graph.implementations.SingleGraph;
import org.graphstream.stream.file.FileSourceGEXF;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A simulated tree recorded and read back: the final tree, the tree at earlier times, the paths, GEXF. */
class SimRecordingTest {
    @TempDir
    Path dir;

    /** Parent to child edges of the simulation as it is now, by recorded key (node id). */
    private static Set<String> edges(Simulation sim) {
        Set<String> edges = new HashSet<>();
        for (Simulation.Member m : sim.members()) {
            if (!m.left() && m.parent() != null) {
                edges.add(m.parent().node().id() + ">" + m.node().id());
            }
        }
        return edges;
    }

    private static Set<String> edges(TreeSnapshot tree) {
        Set<String> edges = new HashSet<>();
        tree.nodes().values().stream().filter(n -> n.parentId() != null).forEach(n -> edges.add(n.parentId() + ">" + n.id()));
        return edges;
    }

    @Test
    void theReplayedTreeIsTheSimulatedOneAtTheEndAndAtEarlierTimes() throws Exception {
        Path file = dir.resolve("sim.jsonl");
        // one joiner a second: the tree is quiet half a second after each arrival
        Simulation sim = new Simulation(Simulation.Options.of(40, 2, 3).withInterval(1_000));
        Map<Long, Set<String>> truth = new HashMap<>();
        try (RecordingWriter writer = new RecordingWriter(file, "simulate")) {
            SimRecorder recorder = SimRecorder.attach(sim, writer);
            for (long t : List.of(5_600L, 17_600L, 30_600L)) {
                sim.clock().schedule(t, () -> truth.put(t, edges(sim)));
            }
            sim.grow();
            recorder.finish();
        }
        Recording recording = Recording.read(file);
        assertThat(recording.skippedLines()).isZero();
        assertThat(recording.source()).isEqualTo("simulate");
        TreeSnapshot end = recording.finalTree();
        assertThat(end.size()).isEqualTo(41);
        assertThat(end.topId()).isEqualTo(sim.members().get(0).node().id());
        assertThat(edges(end)).isEqualTo(edges(sim));
        assertThat(truth).hasSize(3);
        for (Map.Entry<Long, Set<String>> e : truth.entrySet()) {
            assertThat(edges(recording.treeAt(e.getKey()))).as("the tree at %d ms", e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(edges(recording.treeAt(5_600))).hasSizeLessThan(edges(recording.treeAt(30_600)).size());

        List<JoinPath> paths = recording.pathsAt(Long.MAX_VALUE);
        assertThat(paths).filteredOn(p -> p.outcome() == Outcome.CONNECTED).hasSize(40);
        for (JoinPath p : paths) {
            if (p.outcome() == Outcome.CONNECTED) {
                assertThat(end.node(p.finalParent())).isNotNull();
                assertThat(end.nodes().values()).anySatisfy(n -> {
                    assertThat(n.parentId()).isEqualTo(p.finalParent());
                    assertThat(n.depth()).isEqualTo(p.depth());
                });
            }
        }
        // early in the recording, fewer requests had arrived
        assertThat(recording.pathsAt(5_600).size()).isLessThan(paths.size());
    }

    @Test
    void aGexfExportReadsBackAsTheSameGraph() throws Exception {
        Path file = dir.resolve("sim.jsonl");
        Simulation sim = new Simulation(Simulation.Options.of(60, 3, 9));
        try (RecordingWriter writer = new RecordingWriter(file, "simulate")) {
            SimRecorder recorder = SimRecorder.attach(sim, writer);
            sim.grow();
            recorder.finish();
        }
        TreeSnapshot tree = Recording.read(file).finalTree();
        Path gexf = dir.resolve("tree.gexf");
        Export.gexf(tree, gexf);

        Graph back = new SingleGraph("back", false, true);
        FileSourceGEXF source = new FileSourceGEXF();
        source.addSink(back);
        source.readAll(gexf.toString());
        source.removeSink(back);

        Graph original = Export.graph(tree);
        assertThat(back.getNodeCount()).isEqualTo(61).isEqualTo(original.getNodeCount());
        assertThat(back.getEdgeCount()).isEqualTo(60);
        Set<String> backEdges = new HashSet<>();
        back.edges().forEach(e -> backEdges.add(e.getSourceNode().getId() + ">" + e.getTargetNode().getId()));
        assertThat(backEdges).isEqualTo(edges(tree));
        back.nodes().forEach(n -> assertThat(String.valueOf(n.getAttribute("label")))
                .isEqualTo(tree.node(n.getId()).label()));
        assertThat(Files.readString(gexf)).contains("<gexf");
    }
}
