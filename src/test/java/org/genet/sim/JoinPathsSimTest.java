package org.genet.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.genet.overlay.Hash31;
import org.genet.overlay.JoinPath;
import org.genet.overlay.JoinRecord;
import org.genet.overlay.JoinRecord.Action;
import org.genet.overlay.JoinRecord.Outcome;
import org.junit.jupiter.api.Test;

/** Join paths in a simulated tree: each joiner's path ends at its parent, through the slots each node computed. */
class JoinPathsSimTest {

    @Test
    void everyJoinersPathLeadsFromTheRootToItsParentThroughTheHashSlots() {
        Simulation sim = new Simulation(Simulation.Options.of(60, 2, 5).withInterval(20));
        SimJoinRecords records = SimJoinRecords.attach(sim);
        sim.grow();
        Simulation.Member root = sim.members().get(0);
        List<JoinPath> paths = records.paths(root.node().id());
        int checked = 0;
        int deep = 0;
        for (Simulation.Member m : sim.members().subList(1, sim.members().size())) {
            Simulation.Member parent = m.parent();
            if (parent == null) {
                continue;
            }
            int depth = 0;
            for (Simulation.Member a = m; a.parent() != null; a = a.parent()) {
                depth++;
            }
            // this member's own path: the origin it connected with
            List<JoinPath> own = paths.stream().filter(p -> p.outcome() == Outcome.CONNECTED
                    && m.node().id().equals(records.nodeIdOf(p.origin()))).toList();
            assertThat(own).as("the connected path of %s", m.node().id()).hasSize(1);
            JoinPath path = own.get(0);
            assertThat(path.finalParent()).isEqualTo(parent.node().id());
            assertThat(path.depth()).isEqualTo(depth);
            Simulation.Member a = parent;
            for (int i = path.hops().size() - 1; i >= 0; i--) {
                assertThat(path.hops().get(i).node()).isEqualTo(a.node().id());
                a = a.parent();
            }
            for (JoinRecord hop : path.hops().subList(0, path.hops().size() - 1)) {
                JoinRecord.Step down = hop.handedDown();
                assertThat(down.hashSlot()).isEqualTo(Hash31.delegateSlot(path.origin(), hop.node(), hop.maxDegree()));
                if (down.action() == Action.DELEGATE) {
                    assertThat(down.slot()).isEqualTo(down.hashSlot());
                }
            }
            if (depth > 1) {
                deep++;
            }
            checked++;
        }
        assertThat(checked).isEqualTo(60);
        assertThat(deep).isGreaterThan(40);
        // with requests arriving every 20 ms some wait for a slot's candidate: stored, then delegated
        assertThat(paths).anySatisfy(p -> assertThat(p.stored()).isTrue());
    }
}
