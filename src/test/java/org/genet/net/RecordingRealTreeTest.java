package org.genet.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.genet.Await;
import org.genet.overlay.JoinPath;
import org.genet.overlay.JoinRecord.Outcome;
import org.genet.overlay.NodeEvent;
import org.genet.overlay.TreeSnapshot;
import org.genet.record.LiveRecorder;
import org.genet.record.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real tree recorded as it grows: the replayed final tree is the root's, and scrubbing shows the tree as it was. */
class RecordingRealTreeTest {
    @TempDir
    Path dir;

    @Test
    void aRecordedRealTreeReplaysAsItWasThenAndAtTheEnd() throws Exception {
        Path file = dir.resolve("live.jsonl");
        try (RealTree tree = new RealTree()) {
            GenetNode root = tree.newNode(2).setName("root");
            LiveRecorder recorder = LiveRecorder.start(root, file);
            root.on(tree.rootEvents::add).becomeRoot(RealTree.SECRET);
            RealTree.await(() -> tree.rootEvents.stream().anyMatch(e -> e instanceof NodeEvent.RootOpen), "the root socket is open");
            List<GenetNode> joiners = new ArrayList<>();
            long midT = -1;
            TreeSnapshot mid = null;
            for (int i = 1; i <= 6; i++) {
                GenetNode node = tree.newNode(2).setName("n" + i);
                joiners.add(node);
                node.join();
                int size = i + 1;
                Await.until(() -> root.topology().size() == size
                        && root.topology().nodes().values().stream().allMatch(TreeSnapshot.NodeInfo::reports), "the root sees " + size + " nodes", 30);
                if (i == 3) {
                    // the tree as the root shows it now, and when: the recording must show the same at that time
                    Thread.sleep(600); // rtt reports settle (at most one report per 250 ms)
                    do {
                        mid = root.topology();
                        midT = recorder.now();
                        while (recorder.now() <= midT) {
                            Thread.sleep(1);
                        }
                        // unchanged until a later ms: any change after is recorded after midT
                    } while (!root.topology().equals(mid));
                }
            }
            Await.until(() -> root.joinRecords().paths().stream().filter(p -> p.outcome() == Outcome.CONNECTED
                    && p.joinerId() != null).count() == 6, "the root holds every joiner's connected path", 30);
            Thread.sleep(600);
            TreeSnapshot live = root.topology();
            List<JoinPath> livePaths = root.joinRecords().paths();
            recorder.close();

            Recording recording = Recording.read(file);
            assertThat(recording.skippedLines()).isZero();
            assertThat(recording.finalTree()).isEqualTo(live);
            assertThat(recording.treeAt(midT).size()).isEqualTo(4);
            assertThat(recording.treeAt(midT)).isEqualTo(mid);
            assertThat(recording.treeAt(0).size()).isEqualTo(1);
            assertThat(recording.pathsAt(Long.MAX_VALUE)).isEqualTo(livePaths);
            assertThat(Files.size(file)).isPositive();
        }
    }
}
