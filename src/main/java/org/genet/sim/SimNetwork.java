package org.genet.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.genet.measure.FrameCounts;
import org.genet.overlay.JoinRequest;
import org.genet.overlay.Network;
import org.genet.overlay.PeerLink;
import org.genet.overlay.RootSocket;
import org.genet.overlay.SignalKind;
import org.genet.overlay.Wire;

/**
 * An in-memory bootstrap server and WebRTC, on a {@link VirtualClock}. It keeps the real
 * protocol's shape where the overlay can see it: each connection attempt has its own signaling
 * session with a 32-hex id; the server routes a signal to the root while its destination is null;
 * the joiner learns the answerer's id from the first message it receives; ICE candidates trickle
 * after the offer and the answer, and a pair connects only when each side has the other's
 * description and at least one of its candidates. Every hop costs a latency with jitter, in order
 * on each pipe, as on a socket or an ordered data channel.
 */
public final class SimNetwork {

    /** Timings of the simulated network, in virtual milliseconds. */
    public record Timing(long latencyMs, long jitterMs, int candidatesPerPeer, long gatherMs, long handshakeMs) {
        /** Two candidates per peer; ICE, DTLS and SCTP take three round trips' worth of latency, 15 ms at least. */
        public static Timing of(long latencyMs, long jitterMs, long gatherMs) {
            return new Timing(latencyMs, jitterMs, 2, gatherMs, Math.max(15, 3 * latencyMs));
        }
    }

    private final VirtualClock clock;
    private final Random random;
    private final Timing timing;
    private final Map<String, Session> sessions = new HashMap<>();
    private Root root;
    private boolean serverUp = true;
    private long signalsRouted;
    private long signalsDropped;
    private Consumer<SimLink> onConnect = link -> { };

    private static final java.util.HexFormat HEX = java.util.HexFormat.of();
    private static final ObjectNode OFFER = signal("offer");
    private static final ObjectNode ANSWER = signal("answer");
    private static final ObjectNode CANDIDATE = candidate();

    public SimNetwork(VirtualClock clock, Random random, Timing timing) {
        this.clock = clock;
        this.random = random;
        this.timing = timing;
    }

    /** The network as one node sees it. */
    public Endpoint endpoint() {
        return new Endpoint();
    }

    /** Called with the initiator's side of each pair when it connects. */
    public void onConnect(Consumer<SimLink> listener) {
        this.onConnect = listener;
    }

    /**
     * Stops the bootstrap server: the root socket closes, every signaling session ends (a link
     * that is not open yet fails), new sockets are refused until {@link #startServer()}. Open
     * links between peers are not touched.
     */
    public void stopServer() {
        serverUp = false;
        Root r = root;
        root = null;
        if (r != null) {
            r.closeBy("closed by the server (1001)");
        }
        for (Session session : java.util.List.copyOf(sessions.values())) {
            session.close();
            SimLink link = session.link;
            if (!link.open && !link.closed) {
                clock.schedule(delay(), () -> link.failed("signaling ended: the server is gone"));
            }
        }
    }

    public void startServer() {
        serverUp = true;
    }

    public boolean serverUp() {
        return serverUp;
    }

    public long signalsRouted() {
        return signalsRouted;
    }

    /** Signals the server dropped: no root, or no session with their destination. */
    public long signalsDropped() {
        return signalsDropped;
    }

    /** One node's view of the network; it also records the node's current parent link. */
    public final class Endpoint implements Network {
        private SimLink parentLink;
        private Object owner;
        private boolean frozen;
        private boolean genetLabel = true;

        /**
         * Whether this node's joining links carry a Genet channel label (true by default); false
         * makes it look like an original node to the parent that answers it.
         */
        public void setGenetLabel(boolean genetLabel) {
            this.genetLabel = genetLabel;
        }

        @Override
        public RootSocket openRoot(String secret, RootSocket.Listener listener) {
            Root socket = new Root(listener);
            if (frozen) {
                socket.open = false;
                return socket;
            }
            if (!serverUp) {
                socket.open = false;
                clock.schedule(delay(), () -> listener.onClose("cannot reach the server"));
                return socket;
            }
            if (root != null && root.open) {
                // As our server: one root at a time, a second one is refused.
                socket.open = false;
                clock.schedule(delay(), () -> listener.onRefused("a root is already connected"));
                return socket;
            }
            root = socket;
            clock.schedule(delay(), () -> {
                if (root == socket && socket.open) {
                    listener.onOpen();
                }
            });
            return socket;
        }

        /**
         * This node stops answering without closing anything, as a frozen process: nothing it
         * sends leaves, nothing sent to it arrives, its neighbours hear no close.
         */
        public void freeze() {
            frozen = true;
        }

        public boolean frozen() {
            return frozen;
        }

        @Override
        public PeerLink join(PeerLink.Listener listener) {
            SimLink link = new SimLink(this, listener, true, null);
            link.gather(OFFER);
            failUnlessServerUp(link);
            return link;
        }

        @Override
        public PeerLink answer(String origin, PeerLink.Listener listener) {
            SimLink link = new SimLink(this, listener, false, origin);
            failUnlessServerUp(link);
            return link;
        }

        private void failUnlessServerUp(SimLink link) {
            if (!serverUp) {
                link.session.close();
                clock.schedule(delay(), () -> link.failed("signaling ended: cannot reach the server"));
            }
        }

        /** The link to this node's parent while it is open, else null. */
        public SimLink parentLink() {
            return parentLink;
        }

        /** Whatever the simulation attaches to this endpoint (its node). */
        public Object owner() {
            return owner;
        }

        public void setOwner(Object owner) {
            this.owner = owner;
        }
    }

    private final class Root implements RootSocket {
        final RootSocket.Listener listener;
        final Pipe down = new Pipe();
        boolean open = true;

        Root(RootSocket.Listener listener) {
            this.listener = listener;
        }

        @Override
        public void close() {
            open = false;
            if (root == this) {
                root = null;
            }
        }

        void closeBy(String reason) {
            if (open) {
                open = false;
                clock.schedule(delay(), () -> listener.onClose(reason));
            }
        }
    }

    /** One signaling session: a {@code /join} socket with its id. */
    private final class Session {
        final String id = hex32();
        final SimLink link;
        final Pipe up = new Pipe();
        final Pipe down = new Pipe();
        String destination;
        /** The session of {@link #destination}, once looked up (by id, as the server routes). */
        Session target;
        boolean open = true;
        int rank;

        Session(SimLink link) {
            this.link = link;
            sessions.put(id, this);
        }

        /** The open session of this one's destination, or null. */
        Session target(String destination) {
            if (target == null || !target.id.equals(destination)) {
                target = sessions.get(destination);
            }
            return target != null && target.open ? target : null;
        }

        void send(JsonNode signal) {
            if (link.owner.frozen) {
                return;
            }
            String to = destination;
            int r = rank++;
            FrameCounts.count(to == null ? FrameCounts.Kind.JOIN_REQUEST
                    : signal.has("candidate") ? FrameCounts.Kind.SIGNAL_CANDIDATE : FrameCounts.Kind.SIGNAL_SDP);
            clock.schedule(up.next(), () -> route(this, to, signal, r));
        }

        void close() {
            if (open) {
                open = false;
                sessions.remove(id);
            }
        }
    }

    private void route(Session from, String destination, JsonNode signal, int rank) {
        if (!serverUp || !from.open) {
            signalsDropped++;
            return;
        }
        if (destination == null) {
            Root target = root;
            if (target == null || !target.open) {
                signalsDropped++;
                return;
            }
            signalsRouted++;
            // handed over as an object: the frame the server would send, unwritten and unparsed
            JoinRequest request = Wire.joinRequest(from.id, signal, rank);
            clock.schedule(target.down.next(), () -> {
                if (target.open) {
                    target.listener.onJoinRequest(request);
                }
            });
        } else {
            Session to = from.target(destination);
            if (to == null) {
                signalsDropped++;
                return;
            }
            signalsRouted++;
            clock.schedule(to.down.next(), () -> to.link.fromServer(from, signal));
        }
    }

    /** A simulated WebRTC connection with its signaling session. */
    public final class SimLink implements PeerLink {
        private final Endpoint owner;
        private final PeerLink.Listener listener;
        private final boolean initiator;
        private final Session session;
        private final Pipe out = new Pipe();
        private String remoteSession;
        private boolean remoteDescription;
        private int remoteCandidates;
        private boolean connecting;
        private boolean open;
        private boolean closed;
        private boolean frozen;
        private SimLink peer;

        SimLink(Endpoint owner, PeerLink.Listener listener, boolean initiator, String origin) {
            this.owner = owner;
            this.listener = listener;
            this.initiator = initiator;
            this.session = new Session(this);
            if (!initiator) {
                session.destination = origin;
                remoteSession = origin;
            }
        }

        @Override
        public boolean remoteSpeaksGenet() {
            return !initiator && peer != null && peer.owner.genetLabel;
        }

        /** The node on the other side, once connected. */
        public Endpoint remote() {
            return peer == null ? null : peer.owner;
        }

        public Endpoint owner() {
            return owner;
        }

        /** This side's signaling session id: a joiner's origin, as its parent sees it. */
        public String sessionId() {
            return session.id;
        }

        /** Sends the description, then trickles candidates. */
        void gather(ObjectNode description) {
            clock.schedule(1, () -> {
                if (!closed) {
                    session.send(description);
                }
            });
            for (int i = 0; i < timing.candidatesPerPeer(); i++) {
                // The host candidate comes at once; the others trickle over the gathering time.
                long spread = i == 0 ? Math.min(3, timing.gatherMs()) : timing.gatherMs();
                clock.schedule(2 + (long) random.nextInt((int) Math.max(1, spread)), () -> {
                    if (!closed && !open) {
                        session.send(CANDIDATE);
                    }
                });
            }
        }

        void fromServer(Session origin, JsonNode signal) {
            if (closed) {
                return;
            }
            if (remoteSession == null) {
                remoteSession = origin.id;
                session.destination = origin.id;
                session.target = origin;
            }
            signal(signal);
        }

        @Override
        public void signal(JsonNode signal) {
            if (closed || open) {
                return;
            }
            switch (SignalKind.of(signal)) {
                case OFFER -> {
                    if (!initiator && !remoteDescription) {
                        remoteDescription = true;
                        gather(ANSWER);
                    }
                }
                case ANSWER -> remoteDescription |= initiator;
                case CANDIDATE -> remoteCandidates++;
                default -> {
                }
            }
            tryConnect();
        }

        private boolean ready() {
            return !closed && remoteDescription && remoteCandidates > 0;
        }

        private void tryConnect() {
            if (connecting || !ready()) {
                return;
            }
            Session other = session.target(remoteSession);
            if (other == null || !other.link.ready() || !session.id.equals(other.link.remoteSession)) {
                return;
            }
            SimLink a = this;
            SimLink b = other.link;
            a.connecting = true;
            b.connecting = true;
            clock.schedule(timing.handshakeMs(), () -> {
                if (a.closed || b.closed) {
                    return; // the side still waiting times out, as a real peer would
                }
                a.connected(b);
                b.connected(a);
                SimLink joiner = a.initiator ? a : b;
                joiner.owner.parentLink = joiner;
                onConnect.accept(joiner);
                a.listener.onOpen();
                if (!b.closed) {
                    b.listener.onOpen();
                }
            });
        }

        private void connected(SimLink other) {
            peer = other;
            open = true;
            session.close();
        }

        @Override
        public void send(String text) {
            FrameCounts.countChannelFrame(text);
            deliver(listener -> listener.onMessage(text));
        }

        /** Hands the request over as it is: an in-memory link has no bytes to write and read. */
        @Override
        public void forward(JoinRequest request) {
            FrameCounts.count(FrameCounts.Kind.DELEGATED_JOIN_REQUEST);
            deliver(listener -> listener.onJoinRequest(request));
        }

        /** One frame to the other side, after the pipe's latency, unless either side is frozen or closed. */
        private void deliver(Consumer<PeerLink.Listener> frame) {
            if (!open || closed || owner.frozen || frozen) {
                return;
            }
            SimLink to = peer;
            clock.schedule(out.next(), () -> {
                if (!to.closed && !to.owner.frozen && !to.frozen) {
                    frame.accept(to.listener);
                }
            });
        }

        /**
         * This connection stops carrying anything, both ways, and neither side hears it close: a
         * frozen link, as when the network between two peers goes.
         */
        public void freeze() {
            frozen = true;
            if (peer != null) {
                peer.frozen = true;
            }
        }

        /** Signaling failed before the link opened. */
        void failed(String reason) {
            if (!closed && !open) {
                close();
                listener.onError(reason);
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            session.close();
            if (owner.parentLink == this) {
                owner.parentLink = null;
            }
            if (open && !owner.frozen && !frozen) {
                SimLink to = peer;
                clock.schedule(out.next(), () -> to.lost());
            }
        }

        private void lost() {
            if (!closed && !owner.frozen && !frozen) {
                close();
                listener.onClose();
            }
        }
    }

    /** Latency with jitter, never overtaking what went before on the same pipe. */
    private final class Pipe {
        private long last;

        long next() {
            long at = Math.max(last, clock.now() + delay());
            last = at;
            return at - clock.now();
        }
    }

    private long delay() {
        return timing.latencyMs() + (timing.jitterMs() > 0 ? random.nextInt((int) timing.jitterMs() + 1) : 0);
    }

    /** 32 lowercase hex digits from two random longs (as {@code %016x%016x}, without a Formatter). */
    private String hex32() {
        String high = HEX.toHexDigits(random.nextLong());
        return high + HEX.toHexDigits(random.nextLong());
    }

    private static ObjectNode signal(String type) {
        ObjectNode s = Wire.json().createObjectNode();
        s.put("type", type);
        s.put("sdp", "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n");
        return s;
    }

    private static ObjectNode candidate() {
        ObjectNode s = Wire.json().createObjectNode();
        s.put("type", "candidate");
        ObjectNode c = s.putObject("candidate");
        c.put("candidate", "candidate:1 1 udp 2122063615 192.0.2.1 50000 typ host generation 0");
        c.put("sdpMLineIndex", 0);
        c.put("sdpMid", "0");
        return s;
    }
}
