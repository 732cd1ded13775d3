package org.genet.webrtc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.PortAllocatorConfig;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import dev.onvoid.webrtc.RTCIceTransportPolicy;
import dev.onvoid.webrtc.RTCStatsReport;
import org.genet.ice.IceConfig;
import org.genet.overlay.CandidatePair;
import org.genet.overlay.Extensions;
import org.genet.overlay.SignalKind;
import org.genet.overlay.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebRTC data-channel connection that signals like simple-peer (PROTOCOL.md sections 2 and 3),
 * over webrtc-java. The initiator creates the data channel. Its offer (and the answerer's
 * answer) goes out once ICE has gathered its candidates, or after {@link #BUNDLE_WAIT_MS} at most,
 * with the candidates gathered so far inside the SDP ({@code a=candidate} lines, which simple-peer
 * and every browser accept): one signal instead of one per candidate. Candidates found later
 * trickle, held back until the description they belong to has gone out; candidates from the other
 * side are buffered on arrival until the remote description is set. Everything runs on {@code executor}: native callbacks only hand work over
 * to it, and never let an exception escape (one escaping a native callback kills the JVM).
 */
public final class RtcPeer {
    private static final Logger log = LoggerFactory.getLogger(RtcPeer.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a peer reports, on its executor. After {@link #close()} it reports nothing. */
    public interface Listener {
        /** A signal to send to the other side. */
        void onSignal(JsonNode signal);

        /** The data channel is open. */
        void onConnect();

        void onData(String text);

        /** The other side closed, or the connection was lost. */
        void onClose();

        void onError(String reason);

        /** How the connection got through (its selected candidate pair), once it is open; maybe again when it changes. */
        default void onCandidatePair(CandidatePair pair) {
        }

        /**
         * The open connection has stopped hearing the other side: ICE's checks (consent freshness,
         * RFC 7675) went unanswered for a few seconds and WebRTC calls it DISCONNECTED. The other
         * side may be frozen, or the network between gone; it may come back ({@link #onResumed}).
         */
        default void onStalled() {
        }

        /** A stalled connection hears the other side again. */
        default void onResumed() {
        }
    }

    private final boolean initiator;
    private final Executor executor;
    private final Listener listener;
    /** The factory of this peer's executor ({@link WebRtc#acquire}); package-private for tests. */
    final PeerConnectionFactory factory;
    private final RTCPeerConnection connection;
    private final List<RTCIceCandidate> heldLocal = new ArrayList<>();
    private final List<RTCIceCandidate> bufferedRemote = new ArrayList<>();
    /** ICE candidates the other side may send; a machine with many interfaces has a few dozen. */
    static final int MAX_REMOTE_CANDIDATES = 100;
    /**
     * Bytes received and not yet handed to the listener: the other side may send faster than the
     * executor reads (a flood over loopback), and what waits is bounded; past it, the peer is closed.
     */
    static final long MAX_UNREAD_BYTES = 16L << 20;
    private final AtomicLong unread = new AtomicLong();
    private int remoteCandidates;
    private RTCDataChannel channel;
    private ChannelObserver channelObserver;
    private volatile String channelLabel;
    private boolean descriptionSent;
    /** The SDP sent, candidates included: a candidate it holds is not sent again on its own. */
    private String sentSdp;
    /** Our description, set and waiting for ICE to gather before it goes out; null otherwise. */
    private RTCSessionDescription waitingDescription;
    private Future<?> bundleWait;
    private boolean gatheringComplete;
    /**
     * How long a description waits for ICE's gathering to complete before it goes out with the
     * candidates found so far. Host candidates take a few ms; a STUN or TURN server's may take
     * longer, and trickle after the description when they do.
     */
    static final long BUNDLE_WAIT_MS = 50;
    private boolean remoteDescriptionSet;
    private boolean remoteDescriptionPending;
    private boolean connected;
    private boolean closed;
    /** Whether the open connection is DISCONNECTED, the listener told ({@link Listener#onStalled}). */
    private boolean stalled;
    /** The wait for a DISCONNECTED connection to come back; null unless disconnected. */
    private Future<?> grace;
    /** How long a DISCONNECTED connection may take to come back before it is taken for lost. */
    static final long DISCONNECTED_GRACE_MS = 15_000;
    private long disconnectedGraceMs = DISCONNECTED_GRACE_MS;
    /** Frames handed to {@link #send} and not yet to the channel, in bytes. */
    private final AtomicLong queuedBytes = new AtomicLong();
    /** How a frame goes onto the channel: a seam for tests of a send that fails. */
    ThrowingSender sender = (dataChannel, buffer) -> dataChannel.send(buffer);
    final ConnectionObserver observer = new ConnectionObserver();
    private final IceConfig ice;
    private CandidatePair pair;

    /** A peer with no ICE server: host candidates only, enough on one machine or a LAN. */
    public RtcPeer(boolean initiator, Executor executor, Listener listener) {
        this(initiator, executor, listener, IceConfig.none());
    }

    /** A peer that gets across NATs with {@code ice}'s STUN and TURN servers (README, "Across the internet"). */
    public RtcPeer(boolean initiator, Executor executor, Listener listener, IceConfig ice) {
        this.initiator = initiator;
        this.executor = executor;
        this.listener = listener;
        this.ice = ice;
        this.factory = WebRtc.acquire(executor);
        RTCConfiguration config = new RTCConfiguration();
        config.iceServers = SelectedPair.iceServers(ice);
        if (ice.relayOnly()) {
            config.iceTransportPolicy = RTCIceTransportPolicy.RELAY; // every packet through TURN: no address of ours shown
        }
        // UDP only: TCP candidates add nothing on a LAN, and gathering them costs about 6 times
        // the rest of setting up a connection here (200 offers: 780 ms with TCP, 125 ms without).
        // TURN is asked for over UDP too (turn:HOST:PORT, or ?transport=udp).
        config.portAllocatorConfig.flags |= PortAllocatorConfig.PORTALLOCATOR_DISABLE_TCP;
        RTCPeerConnection pc;
        try {
            pc = factory.createPeerConnection(config, observer);
        } catch (RuntimeException e) {
            WebRtc.release();
            throw e;
        }
        this.connection = pc;
        if (initiator) {
            // "genet/1:" and 40 random hex characters: an original answerer ignores the label, ours
            // learns that this joiner takes extension messages (docs/EXTENSIONS.md).
            byte[] label = new byte[20];
            RANDOM.nextBytes(label);
            attach(connection.createDataChannel(Extensions.CHANNEL_LABEL_PREFIX + HexFormat.of().formatHex(label),
                    new RTCDataChannelInit()));
            connection.createOffer(new RTCOfferOptions(), described("create the offer"));
        }
    }

    /** The data channel's label (the initiator chose it), or null before there is a channel. */
    public String channelLabel() {
        return channelLabel;
    }

    /**
     * Hands work from a native callback to the executor. Never throws: webrtc-java turns a Java
     * exception left pending by a callback into a C++ exception on WebRTC's thread, which ends
     * the process; an executor that is shut down (the node closed) rejects the task instead.
     */
    private void post(String what, ThrowingRunnable action) {
        try {
            executor.execute(() -> guarded(what, action));
        } catch (Throwable t) {
            log.debug("dropped a callback ({}): {}", what, t.toString());
        }
    }

    /** Applies a signal from the other side: an offer or answer, or an ICE candidate. */
    public void signal(JsonNode signal) {
        executor.execute(() -> guarded("apply a signal", () -> apply(signal)));
    }

    /**
     * Sends one text frame; dropped (and logged) unless the channel is open. A send that fails
     * drops the frame and closes the connection only if the channel is gone.
     */
    public void send(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        queuedBytes.addAndGet(bytes.length);
        executor.execute(() -> {
            queuedBytes.addAndGet(-bytes.length);
            // connected: the channel opened and has not closed since (its state, followed on this
            // executor; asking the channel would cost a blocking call into WebRTC's thread per frame)
            if (closed || channel == null || !connected) {
                log.debug("not sent: the channel is not open");
                return;
            }
            try {
                sender.send(channel, new RTCDataChannelBuffer(ByteBuffer.wrap(bytes), false));
            } catch (Throwable t) {
                sendFailed(t);
            }
        });
    }

    private void sendFailed(Throwable error) {
        RTCDataChannelState state;
        try {
            state = channel.getState();
        } catch (Throwable t) {
            state = RTCDataChannelState.CLOSED; // no native channel left to ask
        }
        if (state == RTCDataChannelState.OPEN || state == RTCDataChannelState.CONNECTING) {
            log.warn("dropped a frame that could not be sent: {}", error.toString());
        } else {
            lost("could not send: the channel is " + state.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /**
     * Bytes waiting to go out: handed to {@link #send} and not yet sent by the data channel. An
     * application that sends a lot checks it to slow down (a data channel buffers up to 16 MB and
     * then fails). Asks the channel (a short blocking call into WebRTC), so call it on the
     * executor, not per frame.
     */
    public long bufferedAmount() {
        long queued = Math.max(0, queuedBytes.get());
        RTCDataChannel c = channel;
        if (closed || c == null) {
            return queued;
        }
        try {
            return queued + c.getBufferedAmount();
        } catch (Throwable t) {
            return queued;
        }
    }

    /** For tests: how long DISCONNECTED may last. */
    void disconnectedGraceMs(long ms) {
        this.disconnectedGraceMs = ms;
    }

    interface ThrowingSender {
        void send(RTCDataChannel channel, RTCDataChannelBuffer buffer) throws Exception;
    }

    /** Closes the channel, then the connection. The listener hears nothing more. */
    public void close() {
        executor.execute(this::closeNow);
    }

    private void apply(JsonNode signal) throws Exception {
        if (closed) {
            return;
        }
        SignalKind kind = SignalKind.of(signal);
        switch (kind) {
            case OFFER, ANSWER -> {
                if (remoteDescriptionSet || remoteDescriptionPending || (kind == SignalKind.OFFER) == initiator) {
                    log.debug("ignored an unexpected {}", kind.label());
                    return;
                }
                remoteDescriptionPending = true;
                RTCSessionDescription description = new RTCSessionDescription(
                        kind == SignalKind.OFFER ? RTCSdpType.OFFER : RTCSdpType.ANSWER, signal.path("sdp").asText());
                connection.setRemoteDescription(description, new SetSessionDescriptionObserver() {
                    @Override
                    public void onSuccess() {
                        post("apply the remote description", () -> remoteDescriptionApplied());
                    }

                    @Override
                    public void onFailure(String error) {
                        post("report a refused remote description", () -> fail("the remote description was refused: " + error));
                    }
                });
            }
            case CANDIDATE -> {
                if (++remoteCandidates > MAX_REMOTE_CANDIDATES) {
                    // a peer has a few candidates per interface: thousands are an attack on our ports and CPU
                    log.warn("closed a peer: the other side sent over {} ICE candidates", MAX_REMOTE_CANDIDATES);
                    fail("the other side sent over " + MAX_REMOTE_CANDIDATES + " ICE candidates");
                    return;
                }
                JsonNode c = signal.path("candidate");
                RTCIceCandidate candidate = new RTCIceCandidate(c.path("sdpMid").asText("0"),
                        c.path("sdpMLineIndex").asInt(0), c.path("candidate").asText());
                if (remoteDescriptionSet) {
                    connection.addIceCandidate(candidate);
                } else {
                    bufferedRemote.add(candidate);
                }
            }
            default -> log.debug("ignored a {} signal", kind.label()); // end of candidates, renegotiate, ...
        }
    }

    private void remoteDescriptionApplied() {
        if (closed) {
            return;
        }
        remoteDescriptionSet = true;
        for (RTCIceCandidate candidate : bufferedRemote) {
            connection.addIceCandidate(candidate);
        }
        bufferedRemote.clear();
        if (!initiator) {
            connection.createAnswer(new RTCAnswerOptions(), described("create the answer"));
        }
    }

    /** Sets a description we created as local, then sends it and the candidates held for it. */
    private CreateSessionDescriptionObserver described(String what) {
        return new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription description) {
                post("set the local description", () -> {
                    if (closed) {
                        return;
                    }
                    connection.setLocalDescription(description, new SetSessionDescriptionObserver() {
                        @Override
                        public void onSuccess() {
                            post("send the description", () -> descriptionSet(description));
                        }

                        @Override
                        public void onFailure(String error) {
                            post("report a local description refused", () -> fail("could not set the local description: " + error));
                        }
                    });
                });
            }

            @Override
            public void onFailure(String error) {
                post("report a failed " + what, () -> fail("could not " + what + ": " + error));
            }
        };
    }

    /** Our description is set: it goes out once ICE has gathered, or after {@link #BUNDLE_WAIT_MS}. */
    private void descriptionSet(RTCSessionDescription description) {
        if (closed || descriptionSent) {
            return;
        }
        waitingDescription = description;
        if (gatheringComplete) {
            sendDescription();
        } else {
            bundleWait = schedule(BUNDLE_WAIT_MS, this::sendDescription);
        }
    }

    private void gatheringChanged(dev.onvoid.webrtc.RTCIceGatheringState state) {
        if (closed || state != dev.onvoid.webrtc.RTCIceGatheringState.COMPLETE) {
            return;
        }
        gatheringComplete = true;
        if (waitingDescription != null) {
            sendDescription();
        }
    }

    /**
     * Sends the local description as WebRTC holds it now, with the candidates gathered so far,
     * then those candidates found before it that it lacks.
     */
    private void sendDescription() {
        RTCSessionDescription description = waitingDescription;
        if (closed || descriptionSent || description == null) {
            return;
        }
        waitingDescription = null;
        if (bundleWait != null) {
            bundleWait.cancel(false);
            bundleWait = null;
        }
        String sdp = description.sdp;
        try {
            RTCSessionDescription now = connection.getLocalDescription();
            if (now != null && now.sdpType == description.sdpType && now.sdp != null) {
                sdp = now.sdp;
            }
        } catch (RuntimeException e) {
            log.debug("sent the description as created: {}", e.toString());
        }
        ObjectNode signal = Wire.json().createObjectNode();
        signal.put("type", description.sdpType == RTCSdpType.OFFER ? "offer" : "answer");
        signal.put("sdp", sdp);
        descriptionSent = true;
        sentSdp = sdp;
        listener.onSignal(signal);
        for (RTCIceCandidate candidate : heldLocal) {
            localCandidate(candidate);
        }
        heldLocal.clear();
    }

    private void localCandidate(RTCIceCandidate candidate) {
        if (closed) {
            return;
        }
        if (!descriptionSent) {
            heldLocal.add(candidate);
        } else if (!inSentSdp(candidate)) {
            listener.onSignal(candidateSignal(candidate)); // found after the description went out: trickled
        }
    }

    /**
     * Whether the SDP sent holds this candidate: its line there has the candidate's foundation,
     * component, transport, priority, address and port (the SDP leaves out the ufrag the
     * candidate's own text repeats).
     */
    private boolean inSentSdp(RTCIceCandidate candidate) {
        return sentSdp != null && candidate.sdp != null && sentSdp.contains("a=" + candidateKey(candidate.sdp) + " ");
    }

    /** "candidate:FOUNDATION COMPONENT TRANSPORT PRIORITY ADDRESS PORT" of a candidate's text. */
    static String candidateKey(String candidate) {
        String text = candidate.startsWith("a=") ? candidate.substring(2) : candidate;
        int at = -1;
        for (int field = 0; field < 6; field++) {
            at = text.indexOf(' ', at + 1);
            if (at < 0) {
                return text;
            }
        }
        return text.substring(0, at);
    }

    /** A candidate in the form simple-peer 9 sends, which simple-peer 6 accepts too. */
    private static ObjectNode candidateSignal(RTCIceCandidate candidate) {
        ObjectNode signal = Wire.json().createObjectNode();
        signal.put("type", "candidate");
        ObjectNode c = signal.putObject("candidate");
        c.put("candidate", candidate.sdp);
        c.put("sdpMLineIndex", candidate.sdpMLineIndex);
        c.put("sdpMid", candidate.sdpMid == null ? "0" : candidate.sdpMid);
        return signal;
    }

    private void attach(RTCDataChannel dataChannel) {
        if (channel != null) {
            dataChannel.close(); // only the first channel is ours
            dataChannel.dispose();
            return;
        }
        channel = dataChannel;
        channelLabel = dataChannel.getLabel();
        channelObserver = new ChannelObserver(this, dataChannel);
        channel.registerObserver(channelObserver);
        // The answerer is handed a channel that may have opened already: no state change will come.
        RTCDataChannelState state = channel.getState();
        if (state == RTCDataChannelState.OPEN) {
            channelState(state);
        }
    }

    /**
     * The data channel's observer. webrtc-java 0.14.0 keeps every observer registered on a data
     * channel reachable for ever (a JNI global reference that {@code unregisterObserver} never
     * deletes), so this one lets go of its peer and channel when the peer closes: only this small
     * object stays behind, not the peer, its listener and the node behind it.
     */
    private static final class ChannelObserver implements RTCDataChannelObserver {
        private volatile RtcPeer peer;
        private volatile RTCDataChannel dataChannel;

        ChannelObserver(RtcPeer peer, RTCDataChannel dataChannel) {
            this.peer = peer;
            this.dataChannel = dataChannel;
        }

        void detach() {
            peer = null;
            dataChannel = null;
        }

        @Override
        public void onBufferedAmountChange(long previousAmount) {
            // not called by webrtc-java 0.14.0; RtcPeer#bufferedAmount asks the channel
        }

        @Override
        public void onStateChange() {
            try {
                RtcPeer p = peer;
                RTCDataChannel c = dataChannel;
                if (p == null || c == null) {
                    return;
                }
                RTCDataChannelState state = c.getState();
                log.debug("data channel {}", state);
                p.post("follow the channel state", () -> p.channelState(state));
            } catch (Throwable t) {
                log.warn("data channel state callback failed", t);
            }
        }

        @Override
        public void onMessage(RTCDataChannelBuffer buffer) {
            try {
                RtcPeer p = peer;
                if (p == null) {
                    return;
                }
                // the buffer is only valid during this call
                int size = buffer.data.remaining();
                if (p.unread.addAndGet(size) > MAX_UNREAD_BYTES) {
                    p.unread.addAndGet(-size);
                    p.post("bound what waits to be read", p::unreadOverflow);
                    return;
                }
                byte[] bytes = new byte[size];
                buffer.data.get(bytes);
                String text = new String(bytes, StandardCharsets.UTF_8);
                p.post("deliver a message", () -> {
                    p.unread.addAndGet(-size);
                    p.deliver(text);
                });
            } catch (Throwable t) {
                log.warn("data channel message callback failed", t);
            }
        }
    }

    /** The other side sent faster than the executor reads, past {@link #MAX_UNREAD_BYTES}: closed. */
    private void unreadOverflow() {
        if (!closed) {
            log.warn("closed a peer: over {} bytes of its messages waiting to be read", MAX_UNREAD_BYTES);
            fail("the other side sent over " + MAX_UNREAD_BYTES + " bytes faster than they were read");
        }
    }

    /** A frame for the listener. What the listener throws is its own failure, not the connection's. */
    private void deliver(String text) {
        if (closed) {
            return;
        }
        try {
            listener.onData(text);
        } catch (RuntimeException e) {
            log.error("a frame's handling failed; the connection stays open", e);
        }
    }

    private void channelState(RTCDataChannelState state) {
        if (closed) {
            return;
        }
        if (state == RTCDataChannelState.OPEN && !connected) {
            connected = true;
            listener.onConnect();
            // A moment after the open, when ICE has settled and measured a round trip: WebRTC's
            // whole stats report is the only way to the selected pair, and it is dear (asked at the
            // open and again 2 s later, it was an eighth of a growing tree's CPU: bench --nodes
            // 1000). Asked again later only if it still holds a guess (RETRY_PAIR_ASK_MS).
            schedule(PAIR_ASK_MS, () -> askCandidatePair(true));
        } else if (state == RTCDataChannelState.CLOSED || state == RTCDataChannelState.CLOSING) {
            lost(null);
        }
    }

    /** Stats reports asked for: what tests count. */
    final AtomicInteger statsAsked = new AtomicInteger();
    /** How long after the open the selected candidate pair is asked for. */
    static final long PAIR_ASK_MS = 1_000;
    /** When it is asked again, after the first answer held no pair or a peer-reflexive guess. */
    static final long RETRY_PAIR_ASK_MS = 2_000;

    /**
     * Asks WebRTC for its stats; the selected candidate pair reaches the listener on the executor.
     * With {@code first}, an answer with no pair, or with a peer-reflexive candidate (learnt from a
     * check before the other side's candidates came, maybe replaced once they do), asks once more.
     */
    private void askCandidatePair(boolean first) {
        if (closed) {
            return;
        }
        statsAsked.incrementAndGet();
        connection.getStats(report -> {
            try {
                // read on the executor: nothing may block WebRTC's thread here
                post("report the candidate pair", () -> {
                    CandidatePair found = candidatePair(report);
                    if (first && (found == null || found.isGuess())) {
                        schedule(RETRY_PAIR_ASK_MS, () -> askCandidatePair(false));
                    }
                });
            } catch (Throwable t) {
                log.warn("stats callback failed", t);
            }
        });
    }

    /** Reads the selected pair from a stats report, tells the listener if it changed, and returns it (null: none). */
    private CandidatePair candidatePair(RTCStatsReport report) {
        CandidatePair found = SelectedPair.of(report);
        if (found == null) {
            log.debug("no selected candidate pair in the stats: {}", report);
        }
        if (closed || found == null || found.equals(pair)) {
            return found;
        }
        boolean changed = pair == null || !found.local().equals(pair.local()) || !found.remote().equals(pair.remote());
        pair = found;
        if (changed) {
            listener.onCandidatePair(found);
        }
        return found;
    }

    private void lost(String error) {
        if (closed) {
            return;
        }
        closeNow();
        if (error == null) {
            listener.onClose();
        } else {
            listener.onError(error);
        }
    }

    private void fail(String reason) {
        log.debug("peer failed: {}", reason);
        lost(reason);
    }

    private void closeNow() {
        if (closed) {
            return;
        }
        closed = true;
        // Each step on its own: one that fails (dispose() throws when WebRTC still holds the
        // channel) must not leave the connection open and the factory counted as in use.
        if (channel != null) {
            channelObserver.detach();
            quietly("unregister the channel's observer", channel::unregisterObserver);
            quietly("close the channel", channel::close);
        }
        quietly("close the connection", () -> NativePeerRelease.close(connection));
        if (channel != null) {
            quietly("dispose of the channel", channel::dispose);
            channel = null;
        }
        cancelGrace();
        if (bundleWait != null) {
            bundleWait.cancel(false);
            bundleWait = null;
        }
        waitingDescription = null;
        sentSdp = null;
        WebRtc.release();
    }

    private static void quietly(String what, ThrowingRunnable action) {
        try {
            action.run();
        } catch (Throwable t) {
            log.debug("closing a peer: could not {}: {}", what, t.toString());
        }
    }

    /** Why ICE found no path, and what to do about it. */
    private String noPath() {
        String other = initiator ? "the parent" : "the joiner";
        if (ice.relayOnly() && !ice.hasTurn()) {
            return "no network path to " + other + ": relay only, but no TURN server was given (--ice-server turn:..., "
                    + "or a bootstrap server with --turn-secret); see README, Across the internet";
        }
        if (ice.hasTurn()) {
            return "no network path to " + other + ", not even through the TURN server (does it answer? are its "
                    + "credentials valid?); see README, Across the internet";
        }
        return "no network path to " + other + ": both behind NATs that need TURN; see README, Across the internet";
    }

    private void guarded(String what, ThrowingRunnable action) {
        try {
            action.run();
        } catch (Throwable t) {
            log.warn("could not {}: {}", what, t.toString());
            lost("could not " + what + ": " + t.getMessage());
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Every callback catches everything: see {@link #post}. Its native side is deleted by {@code close()}. */
    final class ConnectionObserver implements PeerConnectionObserver {
        @Override
        public void onIceCandidate(RTCIceCandidate candidate) {
            post("send a candidate", () -> localCandidate(candidate));
        }

        @Override
        public void onIceGatheringChange(dev.onvoid.webrtc.RTCIceGatheringState state) {
            post("follow the gathering", () -> gatheringChanged(state));
        }

        @Override
        public void onDataChannel(RTCDataChannel dataChannel) {
            post("take the data channel", () -> {
                if (closed) {
                    dataChannel.close();
                    dataChannel.dispose();
                } else {
                    attach(dataChannel);
                }
            });
        }

        @Override
        public void onIceConnectionChange(dev.onvoid.webrtc.RTCIceConnectionState state) {
            try {
                log.debug("ICE connection {}", state);
            } catch (Throwable t) {
                // nothing may leave a native callback
            }
        }

        @Override
        public void onConnectionChange(RTCPeerConnectionState state) {
            try {
                log.debug("connection {}", state);
            } catch (Throwable t) {
                // nothing may leave a native callback
            }
            post("follow the connection state", () -> connectionState(state));
        }
    }

    /**
     * FAILED and CLOSED end the connection. DISCONNECTED does not: ICE recovers from it when
     * packets flow again (a wifi hiccup, a laptop lid), so the peer waits {@link #disconnectedGraceMs}
     * for CONNECTED before it takes the connection for lost.
     */
    private void connectionState(RTCPeerConnectionState state) {
        if (closed) {
            return;
        }
        switch (state) {
            case FAILED -> fail(connected ? "the connection failed" : noPath());
            case CLOSED -> {
                if (connected) {
                    lost(null);
                }
            }
            case DISCONNECTED -> {
                if (connected && !stalled) {
                    stalled = true;
                    listener.onStalled();
                }
                if (closed) {
                    return; // the listener closed it
                }
                if (connected && grace == null) {
                    grace = schedule(disconnectedGraceMs, () -> {
                        grace = null;
                        if (!closed) {
                            fail("disconnected for " + disconnectedGraceMs + " ms");
                        }
                    });
                }
            }
            case CONNECTED -> {
                cancelGrace();
                if (stalled) {
                    stalled = false;
                    listener.onResumed();
                }
            }
            default -> {
            }
        }
    }

    private void cancelGrace() {
        if (grace != null) {
            grace.cancel(false);
            grace = null;
        }
    }

    /** Runs {@code task} on the executor after {@code delayMs}. */
    private Future<?> schedule(long delayMs, Runnable task) {
        return Timers.INSTANCE.schedule(() -> post("time out", task::run), delayMs, TimeUnit.MILLISECONDS);
    }

    /** One timer thread for every peer's rare timeouts: the work itself runs on each peer's executor. */
    private static final class Timers {
        static final ScheduledThreadPoolExecutor INSTANCE = make();

        private static ScheduledThreadPoolExecutor make() {
            ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "rtc-peer-timers");
                t.setDaemon(true);
                return t;
            });
            timers.setRemoveOnCancelPolicy(true); // a cancelled timeout does not keep its peer reachable
            return timers;
        }
    }
}
