package org.genet.record;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.genet.overlay.JoinPath;
import org.genet.overlay.JoinPaths;
import org.genet.overlay.JoinRecord;
import org.genet.overlay.SnapshotJson;
import org.genet.overlay.TreeSnapshot;
import org.genet.overlay.TreeSnapshot.NodeInfo;
import org.genet.overlay.Wire;
import org.genet.overlay.WireException;

/**
 * A recording read back: the tree and the join records at any time of it.
 *
 * <p>The format is JSON lines, one object a line: a header
 * {@code {"genet":"recording","v":1,"source":"root","started":"2026-..."}}, then in time order
 * {@code {"t":MS,"topology":{"top":ID,"nodes":[...],"removed":[...]}}} (the nodes that changed,
 * as a topology report writes them, docs/EXTENSIONS.md) and {@code {"t":MS,"join":RECORD}} (a join
 * record, new or changed, as the {@code joins} extension writes it). {@code t} is ms from the
 * start. One format for both, appended as things happen and read line by line: a recording cut
 * short (a root killed) is still readable up to its last whole line.
 */
public final class Recording {
    public static final int VERSION = 1;
    /** A full copy of the tree is kept every so many topology lines, so that scrubbing stays quick. */
    private static final int KEYFRAME_EVERY = 64;

    private record Change(long t, String top, List<NodeInfo> nodes, List<String> removed) {
    }

    private record Keyframe(int index, String top, Map<String, NodeInfo> nodes) {
    }

    private record Timed(long t, JoinRecord record) {
    }

    private final String source;
    private final String started;
    private final List<Change> changes = new ArrayList<>();
    private final List<Keyframe> keyframes = new ArrayList<>();
    private final List<Timed> joins = new ArrayList<>();
    private final long bytes;
    private long duration;
    private int skipped;

    private Recording(String source, String started, long bytes) {
        this.source = source;
        this.started = started;
        this.bytes = bytes;
    }

    /** Reads a recording; a line it cannot read is skipped and counted ({@link #skippedLines()}). */
    public static Recording read(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = in.readLine();
            JsonNode header;
            try {
                header = first == null ? null : Wire.parse(first);
            } catch (WireException e) {
                header = null;
            }
            if (header == null || !"recording".equals(header.path("genet").asText())) {
                throw new IOException(file + " is not a Genet recording (its first line is not a recording header)");
            }
            if (header.path("v").asInt() != VERSION) {
                throw new IOException(file + " is a recording of version " + header.path("v").asText()
                        + "; this Genet reads version " + VERSION);
            }
            Recording r = new Recording(header.path("source").asText("unknown"), header.path("started").asText(""),
                    Files.size(file));
            Map<String, NodeInfo> current = new HashMap<>();
            String top = null;
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode json = Wire.parse(line);
                    long t = json.path("t").asLong(-1);
                    if (t < 0) {
                        throw new WireException("no time");
                    }
                    r.duration = Math.max(r.duration, t);
                    if (json.has("topology")) {
                        JsonNode topo = json.get("topology");
                        List<NodeInfo> nodes = new ArrayList<>();
                        for (JsonNode n : topo.path("nodes")) {
                            nodes.add(SnapshotJson.decode(n));
                        }
                        List<String> removed = new ArrayList<>();
                        topo.path("removed").forEach(id -> removed.add(id.asText()));
                        top = topo.path("top").asText(top);
                        r.changes.add(new Change(t, top, nodes, removed));
                        removed.forEach(current::remove);
                        nodes.forEach(n -> current.put(n.id(), n));
                        if (r.changes.size() % KEYFRAME_EVERY == 0) {
                            r.keyframes.add(new Keyframe(r.changes.size() - 1, top, new HashMap<>(current)));
                        }
                    } else if (json.has("join")) {
                        r.joins.add(new Timed(t, JoinRecord.fromJson(json.get("join"))));
                    } else {
                        r.skipped++;
                    }
                } catch (WireException | RuntimeException e) {
                    r.skipped++;
                }
            }
            return r;
        }
    }

    public String source() {
        return source;
    }

    public String started() {
        return started;
    }

    /** The time of its last line, ms from the start. */
    public long duration() {
        return duration;
    }

    public long bytes() {
        return bytes;
    }

    public int skippedLines() {
        return skipped;
    }

    /** The times at which the tree changed. */
    public List<Long> changeTimes() {
        return changes.stream().map(Change::t).toList();
    }

    /** How many join record lines it holds (each change of a record is one). */
    public int joinLines() {
        return joins.size();
    }

    /** The tree as it was at {@code t} ms (every change at or before {@code t} applied). */
    public TreeSnapshot treeAt(long t) {
        Map<String, NodeInfo> nodes = new HashMap<>();
        String top = null;
        int from = 0;
        for (int k = keyframes.size() - 1; k >= 0; k--) {
            Keyframe key = keyframes.get(k);
            if (changes.get(key.index()).t() <= t) {
                nodes.putAll(key.nodes());
                top = key.top();
                from = key.index() + 1;
                break;
            }
        }
        for (int i = from; i < changes.size() && changes.get(i).t() <= t; i++) {
            Change c = changes.get(i);
            c.removed().forEach(nodes::remove);
            c.nodes().forEach(n -> nodes.put(n.id(), n));
            top = c.top();
        }
        return SnapshotJson.snapshot(top, nodes);
    }

    /** The tree at the end. */
    public TreeSnapshot finalTree() {
        return treeAt(Long.MAX_VALUE);
    }

    /** The last version of every join record written at or before {@code t}. */
    public List<JoinRecord> recordsAt(long t) {
        Map<String, JoinRecord> latest = new LinkedHashMap<>();
        for (Timed j : joins) {
            if (j.t() > t) {
                break;
            }
            latest.put(j.record().key(), j.record());
        }
        return new ArrayList<>(latest.values());
    }

    /** The join paths from the recording's top at {@code t}. */
    public List<JoinPath> pathsAt(long t) {
        TreeSnapshot tree = treeAt(t);
        return JoinPaths.of(tree.topId(), recordsAt(t));
    }

    /** When the recording's top first saw {@code origin}, ms from the start; -1 if never. */
    public long firstSeen(String origin) {
        for (Timed j : joins) {
            if (j.record().origin().equals(origin)) {
                return j.t();
            }
        }
        return -1;
    }
}
