package org.genet.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.genet.overlay.Channel;
import org.genet.overlay.Node;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, item 6: a node is confined to its loop, and that is checked, not only written (with
 * assertions on, as in every test run, as Netty checks its event loops); the getters of a
 * GenetNode never wait for the loop, so the FX thread may call them.
 */
class ThreadConfinementTest {

    @Test
    void aNodeUsedOffItsLoopIsCaught() throws Exception {
        try (RealTree tree = new RealTree()) {
            GenetNode root = tree.startRoot(4);
            GenetNode node = tree.joinsRoot(tree.newNode(4));
            assertThatThrownBy(node::node).isInstanceOf(AssertionError.class).hasMessageContaining("off its loop");
            Node core = node.call(n -> n); // a reference smuggled out of the loop
            assertThatThrownBy(() -> core.setMaxDegree(3)).isInstanceOf(AssertionError.class).hasMessageContaining("off its loop");
            assertThatThrownBy(core::children).isInstanceOf(AssertionError.class);
            Channel parent = node.parent();
            assertThatThrownBy(() -> parent.send("from the wrong thread")).isInstanceOf(AssertionError.class);
            int maxDegree = node.call(Node::maxDegree);
            assertThat(maxDegree).as("nothing changed").isEqualTo(4);
            assertThat(root.childrenNb()).isEqualTo(1);
        }
    }

    @Test
    void theGettersDoNotWaitForABusyLoop() throws Exception {
        try (RealTree tree = new RealTree()) {
            GenetNode root = tree.startRoot(4);
            GenetNode node = tree.joinsRoot(tree.newNode(4).setName("ada"));
            CountDownLatch busy = RealTree.busyLoop(node);
            AtomicReference<String> seen = new AtomicReference<>();
            long start = System.nanoTime();
            seen.set(node.isRoot() + " " + node.isAttached() + " " + node.isRejoining() + " " + node.depth() + " "
                    + node.maxDegree() + " " + node.name() + " " + node.label() + " " + node.childrenNb() + " "
                    + (node.parent() != null) + " " + node.children().size() + " " + node.candidates().size());
            long ms = (System.nanoTime() - start) / 1_000_000;
            busy.countDown();
            assertThat(ms).as("ms the getters took while the loop was busy").isLessThan(500);
            assertThat(seen.get()).isEqualTo("false true false 1 4 ada ada 0 true 0 0");
            assertThat(root.childrenNb()).isEqualTo(1);
        }
    }
}
