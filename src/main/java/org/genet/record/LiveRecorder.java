package org.genet.record;

import java.io.IOException;
import java.nio.file.Path;
import org.genet.net.GenetNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records a live root: its tree as its topology changes, and the join records that reach it. */
public final class LiveRecorder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveRecorder.class);

    private final RecordingWriter writer;
    private final long start = System.nanoTime();
    private volatile boolean closed;

    private LiveRecorder(RecordingWriter writer) {
        this.writer = writer;
    }

    /** Starts recording {@code root} (the root, or any node: then its subtree) into {@code file}. */
    public static LiveRecorder start(GenetNode root, Path file) throws IOException {
        LiveRecorder recorder = new LiveRecorder(new RecordingWriter(file, "root"));
        root.loop().run(() -> {
            recorder.writer.topology(0, root.node().topology());
            root.joinRecords().records().forEach(r -> recorder.writer.join(0, r));
            root.onTopology(tree -> recorder.guard(() -> recorder.writer.topology(recorder.now(), tree)));
            root.joinRecords().addListener(r -> recorder.guard(() -> recorder.writer.join(recorder.now(), r)));
        });
        return recorder;
    }

    /** Milliseconds since the recording started. */
    public long now() {
        return (System.nanoTime() - start) / 1_000_000;
    }

    public long bytes() {
        return writer.bytes();
    }

    private void guard(Runnable write) {
        if (closed) {
            return;
        }
        try {
            write.run();
        } catch (RuntimeException e) {
            log.error("recording failed; it stops here", e);
            closed = true;
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        writer.close();
    }
}
