package org.genet.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.genet.overlay.EventText;
import org.genet.overlay.JoinPath;
import org.genet.overlay.JoinPaths;
import org.genet.overlay.JoinRecord;
import org.genet.overlay.JoinRecords;

/**
 * The join records of every node of a simulation, read straight from each node (the simulator's
 * nodes send no reports). Simulated nodes say no hello, so a parent names a child by the node id
 * behind the child's origin, which the simulated network knows.
 */
public final class SimJoinRecords {
    private final Map<String, String> nodeIdOfOrigin = new HashMap<>();
    private final Map<String, Simulation.Member> memberOfOrigin = new HashMap<>();
    private final List<JoinRecords> all = new ArrayList<>();
    private final List<Consumer<JoinRecord>> listeners = new CopyOnWriteArrayList<>();

    private SimJoinRecords() {
    }

    /** Records the joins of every node {@code sim} makes from now on; call before {@link Simulation#grow()}. */
    public static SimJoinRecords attach(Simulation sim) {
        SimJoinRecords records = new SimJoinRecords();
        sim.network().onConnect(link -> {
            if (link.owner().owner() instanceof Simulation.Member member) {
                records.nodeIdOfOrigin.put(link.sessionId(), member.node().id());
                records.memberOfOrigin.put(link.sessionId(), member);
            }
        });
        sim.onMember(member -> {
            JoinRecords r = JoinRecords.attach(member.node())
                    .setChildId(c -> records.nodeIdOfOrigin.getOrDefault(c.id(), EventText.short6(c.id())));
            r.addListener(record -> records.listeners.forEach(l -> l.accept(record)));
            records.all.add(r);
        });
        return records;
    }

    /** Called with every record that is new or changed, on the simulation's thread. */
    public void addListener(Consumer<JoinRecord> listener) {
        listeners.add(listener);
    }

    /** The node id of the joiner that connected with {@code origin}, or null. */
    public String nodeIdOf(String origin) {
        return nodeIdOfOrigin.get(origin);
    }

    /** The member that connected with {@code origin}, or null. */
    public Simulation.Member memberOf(String origin) {
        return memberOfOrigin.get(origin);
    }

    /** Every node's records. */
    public List<JoinRecord> records() {
        List<JoinRecord> out = new ArrayList<>();
        for (JoinRecords r : all) {
            out.addAll(r.records());
        }
        return out;
    }

    /** Every join request's path from the root {@code rootId}. */
    public List<JoinPath> paths(String rootId) {
        return JoinPaths.of(rootId, records());
    }
}
