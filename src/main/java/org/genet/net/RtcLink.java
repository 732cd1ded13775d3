package org.genet.net;

import com.fasterxml.jackson.databind.JsonNode;
import org.genet.bootstrap.BootstrapClient;
import org.genet.bootstrap.SignalingSession;
import org.genet.ice.IceConfig;
import org.genet.measure.FrameCounts;
import org.genet.overlay.CandidatePair;
import org.genet.overlay.Extensions;
import org.genet.overlay.PeerLink;
import org.genet.webrtc.RtcPeer;

/**
 * One connection of a real node: a WebRTC peer and the signaling session that sets it up
 * (PROTOCOL.md section 2). The session closes once the data channel is open.
 */
final class RtcLink implements PeerLink {
    private final PeerLink.Listener listener;
    private final SignalingSession session;
    private final RtcPeer peer;
    private final boolean answerer;
    private boolean open;
    private boolean closed;

    /** A link with no ICE server (host candidates only). */
    RtcLink(BootstrapClient client, NodeLoop loop, String origin, long timeoutMs, PeerLink.Listener listener) {
        this(client, loop, origin, timeoutMs, IceConfig.none(), listener);
    }

    /** Made on the node's loop: every event of the link comes back there. */
    RtcLink(BootstrapClient client, NodeLoop loop, String origin, long timeoutMs, IceConfig ice, PeerLink.Listener listener) {
        this.listener = listener;
        this.answerer = origin != null;
        this.session = client.openSession(origin, new SignalingSession.Listener() {
            @Override
            public void onSignal(JsonNode signal) {
                if (!closed) {
                    peer.signal(signal);
                }
            }

            @Override
            public void onClose(String reason) {
                if (!open) {
                    failed("signaling ended: " + reason);
                }
            }
        }, loop, timeoutMs);
        this.peer = new RtcPeer(origin == null, loop, new RtcPeer.Listener() {
            @Override
            public void onSignal(JsonNode signal) {
                if (!closed) {
                    session.send(signal);
                }
            }

            @Override
            public void onConnect() {
                if (!closed) {
                    open = true;
                    session.close();
                    listener.onOpen();
                }
            }

            @Override
            public void onData(String text) {
                if (!closed) {
                    listener.onMessage(text);
                }
            }

            @Override
            public void onClose() {
                if (!closed) {
                    closed = true;
                    session.close();
                    listener.onClose();
                }
            }

            @Override
            public void onError(String reason) {
                failed(reason);
            }

            @Override
            public void onCandidatePair(CandidatePair pair) {
                if (!closed) {
                    listener.onCandidatePair(pair);
                }
            }

            @Override
            public void onStalled() {
                if (!closed && open) {
                    listener.onStalled();
                }
            }

            @Override
            public void onResumed() {
                if (!closed && open) {
                    listener.onResumed();
                }
            }
        }, ice);
    }

    private void failed(String reason) {
        if (!closed) {
            close();
            listener.onError(reason);
        }
    }

    @Override
    public void signal(JsonNode signal) {
        if (!closed) {
            peer.signal(signal);
        }
    }

    @Override
    public void send(String text) {
        if (!closed) {
            FrameCounts.countChannelFrame(text);
            peer.send(text);
        }
    }

    @Override
    public long bufferedAmount() {
        return closed ? 0 : peer.bufferedAmount();
    }

    @Override
    public boolean remoteSpeaksGenet() {
        return answerer && Extensions.isGenetLabel(peer.channelLabel());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        session.close();
        peer.close();
    }
}
