package org.genet.net;

import org.genet.bootstrap.BootstrapClient;
import org.genet.overlay.Network;
import org.genet.overlay.PeerLink;
import org.genet.overlay.RootSocket;

/** The overlay's world on a real network: a bootstrap server and WebRTC peers, for one node. */
final class RealNetwork implements Network {
    private final BootstrapClient client;
    private final NodeLoop loop;
    private final long timeoutMs;

    RealNetwork(BootstrapClient client, NodeLoop loop, long timeoutMs) {
        this.client = client;
        this.loop = loop;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public RootSocket openRoot(String secret, RootSocket.Listener listener) {
        return client.openRoot(secret, listener, loop);
    }

    @Override
    public PeerLink join(PeerLink.Listener listener) {
        return new RtcLink(client, loop, null, timeoutMs, listener);
    }

    @Override
    public PeerLink answer(String origin, PeerLink.Listener listener) {
        return new RtcLink(client, loop, origin, timeoutMs, listener);
    }
}
