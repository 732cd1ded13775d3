package org.genet.record;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.genet.overlay.NodeEvent;
import org.genet.overlay.Scheduler;
import org.genet.overlay.SnapshotJson;
import org.genet.overlay.TreeSnapshot.NodeInfo;
import org.genet.sim.SimJoinRecords;
import org.genet.sim.Simulation;

/**
 * Records a simulation in the recording format: the tree as the simulated nodes connect and leave
 * (at most one change line per {@value #DELAY_MS} virtual ms, as reports gather changes), and every
 * node's join records. Times are the simulation's virtual ms. Attach before {@link Simulation#grow()}.
 */
public final class SimRecorder {
    public static final long DELAY_MS = 250;

    private final Simulation sim;
    private final RecordingWriter writer;
    private final SimJoinRecords records;
    private final Map<Simulation.Member, String> keys = new HashMap<>();
    private final Map<String, Simulation.Member> byKey = new HashMap<>();
    private final Map<String, SortedMap<Integer, String>> children = new LinkedHashMap<>();
    private String rootKey;
    private Scheduler.Cancellable flush;

    private SimRecorder(Simulation sim, RecordingWriter writer) {
        this.sim = sim;
        this.writer = writer;
        this.records = SimJoinRecords.attach(sim);
        records.addListener(r -> writer.join(sim.clock().now(), r));
        sim.onMember(this::added);
    }

    public static SimRecorder attach(Simulation sim, RecordingWriter writer) {
        return new SimRecorder(sim, writer);
    }

    public SimJoinRecords joinRecords() {
        return records;
    }

    /** Writes the tree as it is now; call once the simulation is over. */
    public void finish() {
        if (flush != null) {
            flush.cancel();
            flush = null;
        }
        write();
        writer.flush();
    }

    private void added(Simulation.Member member) {
        // ids have six digits: in a large simulation two nodes may share one, and get id~2...
        String id = member.node().id();
        String key = id;
        for (int k = 2; byKey.containsKey(key); k++) {
            key = id + "~" + k;
        }
        keys.put(member, key);
        byKey.put(key, member);
        children.put(key, new TreeMap<>());
        if (rootKey == null) {
            rootKey = key;
            changed();
        }
        String own = key;
        member.node().addListener(event -> {
            if (event instanceof NodeEvent.ChildConnect c) {
                String child = childKey(c.channel().id());
                if (child != null) {
                    children.get(own).put(c.channel().slot(), child);
                    changed();
                }
            } else if (event instanceof NodeEvent.ChildClose c) {
                gone(own, c.channel().slot());
            } else if (event instanceof NodeEvent.ChildError c) {
                gone(own, c.channel().slot());
            } else if (event instanceof NodeEvent.Close) {
                children.get(own).clear();
                changed();
            }
        });
    }

    private String childKey(String origin) {
        String id = records.nodeIdOf(origin);
        Simulation.Member member = records.memberOf(origin);
        return member != null ? keys.get(member) : id;
    }

    private void gone(String parent, int slot) {
        if (children.get(parent).remove(slot) != null) {
            changed();
        }
    }

    private void changed() {
        if (flush == null) {
            flush = sim.clock().schedule(DELAY_MS, () -> {
                flush = null;
                write();
            });
        }
    }

    private void write() {
        Map<String, NodeInfo> nodes = new HashMap<>();
        int maxDegree = sim.options().maxDegree();
        for (Map.Entry<String, SortedMap<Integer, String>> e : children.entrySet()) {
            nodes.put(e.getKey(), new NodeInfo(e.getKey(), null, "java", maxDegree, -1, null, -1,
                    new TreeMap<>(e.getValue()), List.of(), Collections.emptySortedMap(), Double.NaN, true));
        }
        writer.topology(sim.clock().now(), SnapshotJson.snapshot(rootKey, nodes));
    }
}
