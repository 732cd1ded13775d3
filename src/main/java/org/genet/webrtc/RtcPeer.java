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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
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
 * over webrtc-java. The initiator creates the data channel; candidates trickle, held back until
 * the description they belong to has gone out, and buffered on arrival until the remote
 * description is set. Everything runs on {@code executor}: native callbacks only hand work over
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
    }

    private final boolean initiator;
    private final Executor executor;
    private final Listener listener;
    private final PeerConnectionFactory factory;
    private final RTCPeerConnection connection;
    private final List<RTCIceCandidate> heldLocal = new ArrayList<>();
    private final List<RTCIceCandidate> bufferedRemote = new ArrayList<>();
    /** ICE candidates the other side may send; a machine with many interfaces has a few dozen. */
    static final int MAX_REMOTE_CANDIDATES = 100;
    private int remoteCandidates;
    private RTCDataChannel channel;
    private volatile String channelLabel;
    private boolean descriptionSent;
    private boolean remoteDescriptionSet;
    private boolean remoteDescriptionPending;
    private boolean connected;
    private boolean closed;
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
        this.factory = WebRtc.acquire();
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
            pc = factory.createPeerConnection(config, new ConnectionObserver());
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

    /** Applies a signal from the other side: an offer or answer, or an ICE candidate. */
    public void signal(JsonNode signal) {
        executor.execute(() -> guarded("apply a signal", () -> apply(signal)));
    }

    /** Sends one text frame; dropped (and logged) unless the channel is open. */
    public void send(String text) {
        executor.execute(() -> guarded("send", () -> {
            // connected: the channel opened and has not closed since (its state, followed on this
            // executor; asking the channel would cost a blocking call into WebRTC's thread per frame)
            if (closed || channel == null || !connected) {
                log.debug("not sent: the channel is not open");
                return;
            }
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            channel.send(new RTCDataChannelBuffer(ByteBuffer.wrap(bytes), false));
        }));
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
                        executor.execute(() -> guarded("apply the remote description", () -> remoteDescriptionApplied()));
                    }

                    @Override
                    public void onFailure(String error) {
                        executor.execute(() -> fail("the remote description was refused: " + error));
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
                executor.execute(() -> guarded("set the local description", () -> {
                    if (closed) {
                        return;
                    }
                    connection.setLocalDescription(description, new SetSessionDescriptionObserver() {
                        @Override
                        public void onSuccess() {
                            executor.execute(() -> guarded("send the description", () -> descriptionSet(description)));
                        }

                        @Override
                        public void onFailure(String error) {
                            executor.execute(() -> fail("could not set the local description: " + error));
                        }
                    });
                }));
            }

            @Override
            public void onFailure(String error) {
                executor.execute(() -> fail("could not " + what + ": " + error));
            }
        };
    }

    private void descriptionSet(RTCSessionDescription description) {
        if (closed) {
            return;
        }
        ObjectNode signal = Wire.json().createObjectNode();
        signal.put("type", description.sdpType == RTCSdpType.OFFER ? "offer" : "answer");
        signal.put("sdp", description.sdp);
        descriptionSent = true;
        listener.onSignal(signal);
        for (RTCIceCandidate candidate : heldLocal) {
            listener.onSignal(candidateSignal(candidate));
        }
        heldLocal.clear();
    }

    private void localCandidate(RTCIceCandidate candidate) {
        if (closed) {
            return;
        }
        if (descriptionSent) {
            listener.onSignal(candidateSignal(candidate));
        } else {
            heldLocal.add(candidate);
        }
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
        channel.registerObserver(new RTCDataChannelObserver() {
            @Override
            public void onBufferedAmountChange(long previousAmount) {
            }

            @Override
            public void onStateChange() {
                try {
                    RTCDataChannelState state = dataChannel.getState();
                    log.debug("data channel {}", state);
                    executor.execute(() -> guarded("follow the channel state", () -> channelState(state)));
                } catch (Throwable t) {
                    log.warn("data channel state callback failed", t);
                }
            }

            @Override
            public void onMessage(RTCDataChannelBuffer buffer) {
                try {
                    // the buffer is only valid during this call
                    byte[] bytes = new byte[buffer.data.remaining()];
                    buffer.data.get(bytes);
                    String text = new String(bytes, StandardCharsets.UTF_8);
                    executor.execute(() -> guarded("deliver a message", () -> {
                        if (!closed) {
                            listener.onData(text);
                        }
                    }));
                } catch (Throwable t) {
                    log.warn("data channel message callback failed", t);
                }
            }
        });
        // The answerer is handed a channel that may have opened already: no state change will come.
        RTCDataChannelState state = channel.getState();
        if (state == RTCDataChannelState.OPEN) {
            channelState(state);
        }
    }

    private void channelState(RTCDataChannelState state) {
        if (closed) {
            return;
        }
        if (state == RTCDataChannelState.OPEN && !connected) {
            connected = true;
            listener.onConnect();
            askCandidatePair();
            // once more a little later: candidates still trickling at the open may replace a
            // peer-reflexive guess, and ICE has measured a round trip by then
            CompletableFuture.delayedExecutor(2, TimeUnit.SECONDS, executor).execute(() -> guarded("ask for stats", this::askCandidatePair));
        } else if (state == RTCDataChannelState.CLOSED || state == RTCDataChannelState.CLOSING) {
            lost(null);
        }
    }

    /** Asks WebRTC for its stats; the selected candidate pair reaches the listener on the executor. */
    private void askCandidatePair() {
        if (closed) {
            return;
        }
        connection.getStats(report -> {
            try {
                // read on the executor: nothing may block WebRTC's thread here
                executor.execute(() -> guarded("report the candidate pair", () -> candidatePair(report)));
            } catch (Throwable t) {
                log.warn("stats callback failed", t);
            }
        });
    }

    private void candidatePair(RTCStatsReport report) {
        CandidatePair found = SelectedPair.of(report);
        if (found == null) {
            log.debug("no selected candidate pair in the stats: {}", report);
        }
        if (closed || found == null || found.equals(pair)) {
            return;
        }
        boolean changed = pair == null || !found.local().equals(pair.local()) || !found.remote().equals(pair.remote());
        pair = found;
        if (changed) {
            listener.onCandidatePair(found);
        }
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
        try {
            if (channel != null) {
                channel.unregisterObserver();
                channel.close();
                channel.dispose();
            }
            connection.close();
        } catch (Throwable t) {
            log.warn("closing a peer failed", t);
        } finally {
            WebRtc.release();
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

    private final class ConnectionObserver implements PeerConnectionObserver {
        @Override
        public void onIceCandidate(RTCIceCandidate candidate) {
            try {
                executor.execute(() -> guarded("send a candidate", () -> localCandidate(candidate)));
            } catch (Throwable t) {
                log.warn("ICE candidate callback failed", t);
            }
        }

        @Override
        public void onDataChannel(RTCDataChannel dataChannel) {
            try {
                executor.execute(() -> guarded("take the data channel", () -> {
                    if (closed) {
                        dataChannel.close();
                        dataChannel.dispose();
                    } else {
                        attach(dataChannel);
                    }
                }));
            } catch (Throwable t) {
                log.warn("data channel callback failed", t);
            }
        }

        @Override
        public void onIceConnectionChange(dev.onvoid.webrtc.RTCIceConnectionState state) {
            log.debug("ICE connection {}", state);
        }

        @Override
        public void onConnectionChange(RTCPeerConnectionState state) {
            log.debug("connection {}", state);
            try {
                if (state == RTCPeerConnectionState.FAILED) {
                    executor.execute(() -> fail(connected ? "the connection failed" : noPath()));
                } else if (state == RTCPeerConnectionState.CLOSED || state == RTCPeerConnectionState.DISCONNECTED) {
                    executor.execute(() -> {
                        if (connected) {
                            lost(null);
                        }
                    });
                }
            } catch (Throwable t) {
                log.warn("connection state callback failed", t);
            }
        }
    }
}
