package org.genet.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 9, defect 2: the root path with an empty secret threw inside the handshake, the client got
 * no answer and the socket stayed open. Now it is a wrong secret like any other: 403, closed.
 */
class Hostile2EmptySecretTest {

    @ParameterizedTest
    @ValueSource(strings = {"/webrtc-bootstrap-root", "//webrtc-bootstrap-root", "webrtc-bootstrap-root",
            "/webrtc-bootstrap-root?secret=s3cret", "/ /webrtc-bootstrap-root"})
    void anEmptySecretGets403AndTheSocketIsClosed(String path) throws Exception {
        try (HostileFixture h = HostileFixture.withoutRoot(bounds -> bounds)) {
            WireClient client = h.attacker();
            WireClient.Reply reply = client.upgrade("GET " + path + " HTTP/1.1");
            assertThat(reply.status()).isIn(400, 403, 404);
            assertThat(client.closedByServer()).isTrue();
            h.connectRoot();
            h.finish();
        }
    }
}
