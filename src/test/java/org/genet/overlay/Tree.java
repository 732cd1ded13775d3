package org.genet.overlay;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.genet.sim.VirtualClock;

/** One node on a {@link ScriptedNetwork} and a virtual clock, with what it reported. */
final class Tree {
    static final long TIMEOUT = 1_000;

    final VirtualClock clock = new VirtualClock();
    final ScriptedNetwork network = new ScriptedNetwork();
    final Node node;
    final List<NodeEvent> events = new ArrayList<>();
    private int rank;

    Tree(int maxDegree) {
        node = new Node(network, clock, new Random(7), maxDegree, TIMEOUT);
        node.addListener(events::add);
    }

    static Tree root(int maxDegree) {
        Tree tree = new Tree(maxDegree);
        tree.node.becomeRoot("s3cret");
        tree.root().listener.onOpen();
        return tree;
    }

    ScriptedNetwork.Root root() {
        return network.roots.get(network.roots.size() - 1);
    }

    /** The node joins and its parent's connection opens; the link to its parent. */
    ScriptedNetwork.Link joinParent() {
        node.join();
        ScriptedNetwork.Link parent = network.joins.get(network.joins.size() - 1);
        parent.listener.onOpen();
        return parent;
    }

    /** The server hands the root a signal of {@code origin}. */
    void fromServer(String origin, String signal) {
        root().listener.onMessage(Frames.rootMessage(origin, signal, rank++));
    }

    void offer(String origin) {
        fromServer(origin, Frames.OFFER);
    }

    /** A joiner's offer arrives and this node, with a slot free, makes it a candidate; the candidate's link (its answer). */
    ScriptedNetwork.Link candidate(String origin) {
        offer(origin);
        return network.answerTo(origin);
    }

    /** A new joiner whose offer arrives and whose connection opens: a child. */
    Channel connectChild(String origin) {
        candidate(origin).listener.onOpen();
        return node.children().values().stream().filter(c -> origin.equals(c.id())).findFirst()
                .orElseThrow(() -> new AssertionError(origin + " did not become a child"));
    }

    /** The offers of joiners named {@code names} (their origins start so), one after the other. */
    void offers(String... names) {
        for (String name : names) {
            offer(Frames.origin(name));
        }
    }

    /** Joiners named {@code names} (their origins start so) become children, one after the other, in the first free slots. */
    void connectChildren(String... names) {
        for (String name : names) {
            connectChild(Frames.origin(name));
        }
    }

    /** {@code n} children, of origins a0, a1, ..., in the slots 0 to n - 1. */
    Channel[] connectChildren(int n) {
        Channel[] children = new Channel[n];
        for (int i = 0; i < n; i++) {
            children[i] = connectChild(Frames.origin("a" + i));
        }
        return children;
    }

    <T extends NodeEvent> List<T> events(Class<T> kind) {
        return events.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    NodeEvent.JoinRequestHandled lastDecision() {
        List<NodeEvent.JoinRequestHandled> handled = events(NodeEvent.JoinRequestHandled.class);
        return handled.get(handled.size() - 1);
    }

    /** The slot this node delegates {@code origin} to. */
    int slotOf(String origin) {
        return Hash31.delegateSlot(origin, node.id(), node.maxDegree());
    }

    /** The offer of a joiner whose origin (found from {@code prefix}) this node delegates to {@code slot}; that origin. */
    String offerFor(int slot, String prefix) {
        String origin = originFor(slot, prefix);
        offer(origin);
        return origin;
    }

    /** An origin that this node delegates to {@code slot}. */
    String originFor(int slot, String prefix) {
        for (int i = 0; i < 100_000; i++) {
            String origin = Frames.origin(prefix + String.format("%04x", i));
            if (slotOf(origin) == slot) {
                return origin;
            }
        }
        throw new AssertionError("no origin for slot " + slot);
    }
}
