package org.genet.record;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.genet.overlay.JoinRecord;
import org.genet.overlay.SnapshotJson;
import org.genet.overlay.TreeSnapshot;
import org.genet.overlay.TreeSnapshot.NodeInfo;
import org.genet.overlay.Wire;

/**
 * Writes a recording (see {@link Recording} for the format): a header, then timestamped changes of
 * the tree (the nodes that changed and the ids removed) and join records, one JSON object a line.
 * Thread-safe: a live root's topology and join records may come from different threads.
 */
public final class RecordingWriter implements AutoCloseable {
    private final BufferedWriter out;
    private final Map<String, NodeInfo> written = new HashMap<>();
    private long lines;
    private long bytes;
    private boolean closed;

    public RecordingWriter(Path file, String source) throws IOException {
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        ObjectNode header = Wire.json().createObjectNode();
        header.put("genet", "recording");
        header.put("v", Recording.VERSION);
        header.put("source", source);
        header.put("started", Instant.now().toString());
        line(header);
        out.flush();
    }

    /** The tree at {@code t} ms from the start: only what changed since the last one goes in. */
    public synchronized void topology(long t, TreeSnapshot tree) {
        writeJoins();
        ObjectNode line = Wire.json().createObjectNode();
        line.put("t", t);
        ObjectNode topo = line.putObject("topology");
        topo.put("top", tree.topId());
        ArrayNode nodes = topo.putArray("nodes");
        for (NodeInfo n : tree.nodes().values()) {
            NodeInfo before = written.get(n.id());
            if (before == null || !before.equals(n)) {
                nodes.add(SnapshotJson.encode(n));
                written.put(n.id(), n);
            }
        }
        ArrayNode removed = topo.putArray("removed");
        written.keySet().removeIf(id -> {
            if (!tree.nodes().containsKey(id)) {
                removed.add(id);
                return true;
            }
            return false;
        });
        if (nodes.isEmpty() && removed.isEmpty() && lines > 1) {
            return;
        }
        line(line);
        flush();
    }

    /**
     * A join record, new or changed, at {@code t} ms from the start. Changes of one record within
     * {@value #GATHER_MS} ms are written once, as its last version (a join changes its records
     * about ten times in a few tens of ms: offer, candidates, outcome).
     */
    public synchronized void join(long t, JoinRecord record) {
        if (!pending.isEmpty() && t - pendingSince >= GATHER_MS) {
            writeJoins();
        }
        if (pending.isEmpty()) {
            pendingSince = t;
        }
        pending.remove(record.key());
        pending.put(record.key(), new Timed(t, record));
    }

    /** Join record changes are gathered this long before they are written. */
    public static final long GATHER_MS = 250;

    private record Timed(long t, JoinRecord record) {
    }

    private final Map<String, Timed> pending = new java.util.LinkedHashMap<>();
    private long pendingSince;

    private void writeJoins() {
        // in the order of their last change: a reader relies on times that never go back
        for (Timed j : pending.values()) {
            ObjectNode line = Wire.json().createObjectNode();
            line.put("t", j.t());
            line.set("join", j.record().toJson());
            line(line);
        }
        pending.clear();
    }

    /** Bytes written so far. */
    public synchronized long bytes() {
        return bytes;
    }

    public synchronized void flush() {
        try {
            if (!closed) {
                writeJoins();
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            writeJoins();
            closed = true;
            out.close();
        }
    }

    private void line(ObjectNode json) {
        if (closed) {
            return;
        }
        try {
            String text = json.toString();
            out.write(text);
            out.write('\n');
            lines++;
            bytes += text.getBytes(StandardCharsets.UTF_8).length + 1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
