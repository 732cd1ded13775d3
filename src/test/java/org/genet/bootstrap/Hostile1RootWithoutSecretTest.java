package org.genet.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 9, defect 1: an upgrade our page draft refused fell through to the library's plain
 * RFC 6455 draft, which accepted any path with a lowercase version line, and that socket became the
 * root. Now one place decides every upgrade; whatever the request line, no socket becomes the root
 * without the secret, and the real root keeps its place.
 */
class Hostile1RootWithoutSecretTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "GET /anything http/1.1", "GET /anything HTTP/1.1", "get /anything HTTP/1.1", "GET /anything HTTP/1.0",
            "GET /anything http/1.0", "GET /join/../s3cret/webrtc-bootstrap-root http/1.1",
            "GET /S3CRET/webrtc-bootstrap-root HTTP/1.1", "GET /s3cret/webrtc-bootstrap-root/ HTTP/1.1",
            "GET /s3cret%2fwebrtc-bootstrap-root HTTP/1.1", "GET http://127.0.0.1/anything HTTP/1.1"})
    void noUpgradeBecomesTheRootWithoutTheSecret(String requestLine) throws Exception {
        // no root yet: the place an intruder would take is free
        try (HostileFixture h = HostileFixture.withoutRoot(bounds -> bounds)) {
            WireClient intruder = h.attacker();
            WireClient.Reply reply = intruder.upgrade(requestLine);
            assertThat(reply.status()).as(requestLine).isIn(400, 403, 404, 405, 426, 505);
            assertThat(intruder.closedByServer()).isTrue();
            // the real root takes its place (no 409) and hears the joiners
            h.connectRoot();
            h.goodClientsServed();
            assertThat(h.server().status().rootConnected()).isTrue();
            h.finish();
        }
    }
}
