package org.genet.net;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.genet.overlay.Network;
import org.genet.overlay.PeerLink;
import org.genet.overlay.RootSocket;

/**
 * A node's network with links a test can freeze: a frozen link carries nothing either way (what
 * the node sends is dropped, what arrives is not handed over) and neither side hears it close, as
 * when the network between two peers goes. The real links stay open underneath.
 */
final class FreezableNetwork implements Network {
    private final Network real;
    final List<Link> joins = new CopyOnWriteArrayList<>();

    FreezableNetwork(Network real) {
        this.real = real;
    }

    static final class Link implements PeerLink {
        private volatile boolean frozen;
        private PeerLink inner;

        void freeze() {
            frozen = true;
        }

        /** What crosses the link, either way: nothing while it is frozen. */
        private void carry(Runnable crossing) {
            if (!frozen) {
                crossing.run();
            }
        }

        @Override
        public void signal(JsonNode signal) {
            inner.signal(signal);
        }

        @Override
        public void send(String text) {
            carry(() -> inner.send(text));
        }

        /** A frozen link's close does not reach the other side: the real link closes at {@link #release()}. */
        @Override
        public void close() {
            carry(inner::close);
        }

        void release() {
            inner.close();
        }

        @Override
        public boolean remoteSpeaksGenet() {
            return inner.remoteSpeaksGenet();
        }

        @Override
        public long bufferedAmount() {
            return inner.bufferedAmount();
        }

        PeerLink.Listener wrap(PeerLink.Listener listener) {
            return new PeerLink.Listener() {
                @Override
                public void onOpen() {
                    listener.onOpen();
                }

                @Override
                public void onMessage(String text) {
                    carry(() -> listener.onMessage(text));
                }

                @Override
                public void onClose() {
                    carry(listener::onClose);
                }

                @Override
                public void onError(String reason) {
                    carry(() -> listener.onError(reason));
                }
            };
        }
    }

    /** Closes the real links under frozen ones: the test leaves nothing open. */
    void releaseAll() {
        joins.forEach(Link::release);
    }

    @Override
    public RootSocket openRoot(String secret, RootSocket.Listener listener) {
        return real.openRoot(secret, listener);
    }

    @Override
    public PeerLink join(PeerLink.Listener listener) {
        Link link = new Link();
        link.inner = real.join(link.wrap(listener));
        joins.add(link);
        return link;
    }

    @Override
    public PeerLink answer(String origin, PeerLink.Listener listener) {
        Link link = new Link();
        link.inner = real.answer(origin, link.wrap(listener));
        return link;
    }
}
