package org.genet.net;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.genet.overlay.Network;
import org.genet.overlay.PeerLink;
import org.genet.overlay.RootSocket;

/**
 * A node's network whose links a test can also write raw frames to: the node stays a real Genet
 * node over real WebRTC (it joins, answers, says hello), and the test speaks for it on top, as a
 * hostile node would (forged reports, hellos, join requests). {@code joins} holds the links to
 * its parents, {@code answers} those to its children, in the order they were made.
 */
public final class RawLinks implements Network {
    private final Network real;
    final List<PeerLink> joins = new CopyOnWriteArrayList<>();
    final List<PeerLink> answers = new CopyOnWriteArrayList<>();

    RawLinks(Network real) {
        this.real = real;
    }

    @Override
    public RootSocket openRoot(String secret, RootSocket.Listener listener) {
        return real.openRoot(secret, listener);
    }

    @Override
    public PeerLink join(PeerLink.Listener listener) {
        PeerLink link = real.join(listener);
        joins.add(link);
        return link;
    }

    @Override
    public PeerLink answer(String origin, PeerLink.Listener listener) {
        PeerLink link = real.answer(origin, listener);
        answers.add(link);
        return link;
    }

    /**
     * A real node on shared parts (the caller closes {@code client} and {@code loop} after it)
     * whose links {@code links} gets, for tests of other packages (the browser page's).
     */
    public static GenetNode node(org.genet.bootstrap.BootstrapClient client, NodeLoop loop, int maxDegree,
                                 java.util.concurrent.atomic.AtomicReference<RawLinks> links) {
        return new GenetNode(client, loop, new java.util.Random(), maxDegree, 30_000, false, network -> {
            RawLinks raw = new RawLinks(network);
            links.set(raw);
            return raw;
        });
    }

    /** The last link to a parent. */
    public PeerLink parentLink() {
        return joins.get(joins.size() - 1);
    }

    /** The last link to a child. */
    public PeerLink childLink() {
        return answers.get(answers.size() - 1);
    }
}
