package org.genet.bootstrap;

import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;

/** One client connection: where it comes from, and what it holds. */
final class Peer {
    final String addressKey;
    final boolean localhost;
    boolean answered;
    ScheduledFuture<?> handshakeDeadline;

    Peer(Channel ch) {
        this.addressKey = AddressLimits.keyOf(ch.remoteAddress());
        this.localhost = AddressLimits.isLocalhost(ch.remoteAddress());
    }
}
