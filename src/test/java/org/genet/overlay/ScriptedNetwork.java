package org.genet.overlay;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A network a test drives by hand: it records every root socket and link a node opens, and lets
 * the test open, feed and close them. For deterministic tests of the join algorithm; the real
 * network and the simulator are tested beside it.
 */
final class ScriptedNetwork implements Network {

    static final class Root implements RootSocket {
        final String secret;
        final RootSocket.Listener listener;
        boolean closed;

        Root(String secret, RootSocket.Listener listener) {
            this.secret = secret;
            this.listener = listener;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** A link of this network: the joiners whose channel label says they speak Genet are this network's. */
    final class Link implements PeerLink {
        final String origin;
        final PeerLink.Listener listener;
        final List<JsonNode> signals = new ArrayList<>();
        final List<String> sent = new ArrayList<>();
        int closeCalls;

        Link(String origin, PeerLink.Listener listener) {
            this.origin = origin;
            this.listener = listener;
        }

        @Override
        public void signal(JsonNode signal) {
            signals.add(signal);
        }

        @Override
        public void send(String text) {
            sent.add(text);
        }

        @Override
        public void close() {
            closeCalls++;
        }

        boolean closed() {
            return closeCalls > 0;
        }

        @Override
        public boolean remoteSpeaksGenet() {
            return origin != null && genetOrigins.contains(origin);
        }
    }

    /** Joiners whose channel label says they speak Genet: of this network only, so that no test sets them for another. */
    final java.util.Set<String> genetOrigins = new java.util.HashSet<>();

    final List<Root> roots = new ArrayList<>();
    final List<Link> joins = new ArrayList<>();
    final List<Link> answers = new ArrayList<>();

    @Override
    public RootSocket openRoot(String secret, RootSocket.Listener listener) {
        Root root = new Root(secret, listener);
        roots.add(root);
        return root;
    }

    @Override
    public PeerLink join(PeerLink.Listener listener) {
        Link link = new Link(null, listener);
        joins.add(link);
        return link;
    }

    /** Thrown by the next {@link #answer}, as a network that cannot open a session or a peer throws. */
    RuntimeException failNextAnswer;

    @Override
    public PeerLink answer(String origin, PeerLink.Listener listener) {
        RuntimeException failure = failNextAnswer;
        if (failure != null) {
            failNextAnswer = null;
            throw failure;
        }
        Link link = new Link(origin, listener);
        answers.add(link);
        return link;
    }

    Link answerTo(String origin) {
        return answers.stream().filter(l -> l.origin.equals(origin)).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no candidate link for " + origin));
    }

    long answersTo(String origin) {
        return answers.stream().filter(l -> l.origin.equals(origin)).count();
    }
}
