package org.genet.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A real server with a good root connected, for the hostile-client tests: attackers connect from
 * 127.0.0.2 and up (any of 127.0.0.0/8 reaches this machine), good clients from 127.0.0.1; after
 * each attack the good clients must still be served and the server's footprint be back.
 */
final class HostileFixture implements AutoCloseable {
    static final String ATTACKER = "127.0.0.2";
    private static final JsonNode OFFER = ServerFixture.json("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}");
    private static final JsonNode ANSWER = ServerFixture.json("{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\"}");

    final Footprint baseline;
    final ServerFixture f;
    final Recorder root = new Recorder();
    private final List<WireClient> attackers = new ArrayList<>();

    HostileFixture(ServerConfig config, boolean withRoot) throws Exception {
        baseline = Footprint.now();
        f = new ServerFixture(config);
        if (withRoot) {
            connectRoot();
        }
    }

    /** A server with {@code bounds} made of the default ones, and no root yet: the place an intruder would take is free. */
    static HostileFixture withoutRoot(java.util.function.UnaryOperator<ServerConfig.Builder> bounds) throws Exception {
        return new HostileFixture(bounds.apply(ServerConfig.builder(ServerFixture.SECRET)).build(), false);
    }

    HostileFixture(ServerConfig config) throws Exception {
        this(config, true);
    }

    HostileFixture() throws Exception {
        this(ServerConfig.builder(ServerFixture.SECRET).build());
    }

    /** The good root connects, with the secret; fails unless the server accepts it. */
    void connectRoot() throws InterruptedException {
        f.root(root);
        root.awaitOpen();
    }

    int port() {
        return f.port;
    }

    BootstrapServer server() {
        return f.server;
    }

    /** A raw connection from the attacker's address, closed with the fixture. */
    WireClient attacker() throws java.io.IOException {
        return attacker(ATTACKER);
    }

    WireClient attacker(String from) throws java.io.IOException {
        WireClient c = WireClient.connect(f.port, from);
        attackers.add(c);
        return c;
    }

    /** A whole signaling exchange of good clients: a joiner's offer reaches the root, the answer the joiner. */
    void goodClientsServed() throws Exception {
        Recorder joinerHears = new Recorder();
        SignalingSession joiner = f.session(null, joinerHears);
        joiner.send(OFFER);
        JsonNode atRoot = root.nextSignalMessage(10);
        while (!atRoot.path("signal").equals(OFFER)) { // what attackers sent before it
            atRoot = root.nextSignalMessage(10);
        }
        SignalingSession answerer = f.session(atRoot.path("origin").asText(), new Recorder());
        answerer.send(ANSWER);
        assertThat(joinerHears.nextSignal()).isEqualTo(ANSWER);
        joiner.close();
        answerer.close();
    }

    void closeAttackers() {
        attackers.forEach(WireClient::close);
        attackers.clear();
    }

    /** Closes the attackers, checks good clients are served, closes all, and checks the footprint is back. */
    void finish() throws Exception {
        closeAttackers();
        goodClientsServed();
        close();
        Footprint.backNear(baseline);
    }

    @Override
    public void close() throws Exception {
        closeAttackers();
        f.close();
    }
}
