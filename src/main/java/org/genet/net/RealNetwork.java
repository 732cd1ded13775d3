package org.genet.net;

import org.genet.bootstrap.BootstrapClient;
import org.genet.ice.IceConfig;
import org.genet.overlay.Network;
import org.genet.overlay.PeerLink;
import org.genet.overlay.RootSocket;

/** The overlay's world on a real network: a bootstrap server and WebRTC peers, for one node. */
final class RealNetwork implements Network {
    private final BootstrapClient client;
    private final NodeLoop loop;
    private final long timeoutMs;
    /** The ICE servers and relay policy this node was given; the server's own are added to them. */
    private volatile IceConfig ice = IceConfig.none();

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
        return new RtcLink(client, loop, null, timeoutMs, ice(), listener);
    }

    @Override
    public PeerLink answer(String origin, PeerLink.Listener listener) {
        return new RtcLink(client, loop, origin, timeoutMs, ice(), listener);
    }

    void setIce(IceConfig given) {
        ice = given;
    }

    /** What a new connection gets: the servers given to this node, then those the bootstrap server hands out. */
    IceConfig ice() {
        return ice.plus(client.iceServers().current());
    }
}
