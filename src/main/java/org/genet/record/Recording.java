package org.genet.record;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
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
 *
 * <p>Reading is bounded by what is held, not by the file: lines are read as a stream
 * ({@link RecordingLines}: a line over 16 MiB, a line that is not UTF-8 or not JSON is skipped and
 * counted, the rest is read); a full copy of the tree (a keyframe, for quick scrubbing) is taken
 * only once the changes since the last one are as many nodes as the tree, so keyframes cost no
 * more than the changes they spare; {@link #readAt} keeps only the tree and the join records of
 * one moment (what {@code genet export} needs).
 */
public final class Recording {
    public static final int VERSION = 1;
    /** Topology lines between two keyframes at least, so that scrubbing stays quick. */
    private static final int KEYFRAME_EVERY = 64;
    /** Join records {@link #readAt} holds at most: the latest version of each, the oldest dropped past it. */
    public static final int MAX_RECORDS = 500_000;

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
    private int overlong;
    private final Map<String, Long> firstSeen = new HashMap<>();

    private Recording(String source, String started, long bytes) {
        this.source = source;
        this.started = started;
        this.bytes = bytes;
    }

    /** Reads a recording; a line it cannot read is skipped and counted ({@link #skippedLines()}). */
    public static Recording read(Path file) throws IOException {
        try (RecordingLines in = new RecordingLines(file)) {
            JsonNode header = header(file, in);
            Recording r = new Recording(header.path("source").asText("unknown"), header.path("started").asText(""),
                    Files.size(file));
            Map<String, NodeInfo> current = new HashMap<>();
            String top = null;
            long sinceKeyframe = 0;
            JsonNode json;
            while ((json = in.next()) != null) {
                try {
                    long t = time(json);
                    r.duration = Math.max(r.duration, t);
                    if (json.has("topology")) {
                        Change change = change(t, json.get("topology"), top);
                        top = change.top();
                        r.changes.add(change);
                        apply(change, current);
                        sinceKeyframe += change.nodes().size() + change.removed().size();
                        // a copy of the tree once the changes since the last copy are as big: the
                        // copies then cost no more than the lines read
                        if (r.changes.size() - 1 - lastKeyframe(r) >= KEYFRAME_EVERY && sinceKeyframe >= current.size()) {
                            r.keyframes.add(new Keyframe(r.changes.size() - 1, top, new HashMap<>(current)));
                            sinceKeyframe = 0;
                        }
                    } else if (json.has("join")) {
                        JoinRecord record = JoinRecord.fromJson(json.get("join"));
                        r.joins.add(new Timed(t, record));
                        r.firstSeen.putIfAbsent(record.origin(), t);
                    } else {
                        r.skipped++;
                    }
                } catch (WireException | RuntimeException e) {
                    r.skipped++;
                }
            }
            r.skipped += in.skipped();
            r.overlong = in.overlong();
            return r;
        }
    }

    /**
     * The tree and join records of one moment, {@code t} ms into the recording (every line at or
     * before it), read as a stream: what is held is that tree and those records, not the file.
     */
    public static Moment readAt(Path file, long t) throws IOException {
        try (RecordingLines in = new RecordingLines(file)) {
            header(file, in);
            Map<String, NodeInfo> nodes = new HashMap<>();
            LinkedHashMap<String, JoinRecord> records = new LinkedHashMap<>();
            Map<String, Long> firstSeen = new HashMap<>();
            String top = null;
            int skipped = 0;
            int droppedRecords = 0;
            long firstTree = -1;
            JsonNode json;
            while ((json = in.next()) != null) {
                try {
                    long at = time(json);
                    if (firstTree < 0 && json.has("topology")) {
                        firstTree = at;
                    }
                    if (at > t) {
                        continue; // times never go back in a recording; later lines are still checked
                    }
                    if (json.has("topology")) {
                        Change change = change(at, json.get("topology"), top);
                        top = change.top();
                        apply(change, nodes);
                    } else if (json.has("join")) {
                        JoinRecord record = JoinRecord.fromJson(json.get("join"));
                        records.remove(record.key());
                        records.put(record.key(), record);
                        firstSeen.putIfAbsent(record.origin(), at);
                        if (records.size() > MAX_RECORDS) {
                            String oldest = records.keySet().iterator().next();
                            records.remove(oldest);
                            droppedRecords++;
                        }
                    } else {
                        skipped++;
                    }
                } catch (WireException | RuntimeException e) {
                    skipped++;
                }
            }
            return new Moment(SnapshotJson.snapshot(top, nodes), new ArrayList<>(records.values()), firstSeen,
                    skipped + in.skipped(), in.overlong(), droppedRecords, firstTree);
        }
    }

    /**
     * What {@link #readAt} read: the tree and join records of one moment, and when the
     * recording's first tree came (ms from its start; -1 if it has none).
     */
    public record Moment(TreeSnapshot tree, List<JoinRecord> records, Map<String, Long> firstSeen, int skippedLines,
                         int overlongLines, int droppedRecords, long firstTreeMs) {
        /** The join paths from the tree's top. */
        public List<JoinPath> paths() {
            return JoinPaths.of(tree.topId(), records);
        }

        /** When the recording's top first saw {@code origin}, ms from the start; -1 if never. */
        public long firstSeen(String origin) {
            return firstSeen.getOrDefault(origin, -1L);
        }
    }

    private static JsonNode header(Path file, RecordingLines in) throws IOException {
        JsonNode header = in.next();
        if (header == null || !"recording".equals(header.path("genet").asText())) {
            throw new IOException(file + " is not a Genet recording (its first line is not a recording header)");
        }
        if (header.path("v").asInt() != VERSION) {
            throw new IOException(file + " is a recording of version " + header.path("v").asText()
                    + "; this Genet reads version " + VERSION);
        }
        return header;
    }

    private static long time(JsonNode json) throws WireException {
        long t = json.path("t").asLong(-1);
        if (t < 0) {
            throw new WireException("no time");
        }
        return t;
    }

    private static Change change(long t, JsonNode topo, String top) throws WireException {
        List<NodeInfo> nodes = new ArrayList<>();
        for (JsonNode n : topo.path("nodes")) {
            nodes.add(SnapshotJson.decode(n));
        }
        List<String> removed = new ArrayList<>();
        topo.path("removed").forEach(id -> removed.add(id.asText()));
        return new Change(t, topo.path("top").asText(top), nodes, removed);
    }

    private static void apply(Change change, Map<String, NodeInfo> nodes) {
        change.removed().forEach(nodes::remove);
        change.nodes().forEach(n -> nodes.put(n.id(), n));
    }

    private static int lastKeyframe(Recording r) {
        return r.keyframes.isEmpty() ? -1 : r.keyframes.get(r.keyframes.size() - 1).index();
    }

    /** Of the lines skipped, those over the length a line may have (16 MiB). */
    public int overlongLines() {
        return overlong;
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
        return firstSeen.getOrDefault(origin, -1L);
    }
}
