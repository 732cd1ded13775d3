package org.genet.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.genet.ice.IceConfig;
import org.genet.ice.IceServer;
import org.genet.ice.TurnCredentials;
import org.genet.overlay.Wire;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /ice-servers}: what the server hands its clients to get across NATs (its STUN port,
 * TURN URLs with credentials minted per request in coturn's scheme), bounded per address; and the
 * client that fetches it, which gets nothing from a server without the route (an original one).
 */
class BootstrapServerIceServersTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> get(int port) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ice-servers")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theServerHandsOutItsStunPortAndTurnCredentialsMintedFromTheSecret() throws Exception {
        BootstrapServer server = new BootstrapServer(new InetSocketAddress("127.0.0.1", 0), ServerConfig.builder("s")
                .iceServers(List.of("turn:turn.example.org:3478", "stun:stun.example.org:3478"), "shared", 600).build());
        int port = server.startAndWait();
        try {
            HttpResponse<String> response = get(port);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
            JsonNode answer = Wire.json().readTree(response.body());
            assertThat(answer.path("stunPort").asInt()).isEqualTo(server.stunPort()).isPositive();
            assertThat(answer.path("ttl").asLong()).isEqualTo(600);
            JsonNode turn = answer.path("iceServers").get(0);
            assertThat(turn.path("urls").get(0).asText()).isEqualTo("turn:turn.example.org:3478");
            String username = turn.path("username").asText();
            long expiry = Long.parseLong(username.substring(0, username.indexOf(':')));
            assertThat(expiry).isBetween(System.currentTimeMillis() / 1000 + 590, System.currentTimeMillis() / 1000 + 610);
            // what coturn's use-auth-secret checks: base64(HMAC-SHA1(secret, username))
            assertThat(turn.path("credential").asText()).isEqualTo(TurnCredentials.mint("shared", username.substring(username.indexOf(':') + 1), expiry).credential());
            assertThat(answer.path("iceServers").get(1).path("urls").get(0).asText()).isEqualTo("stun:stun.example.org:3478");
            assertThat(get(port).body()).as("minted per request").isNotEqualTo(response.body());

            // a client of ours: the servers handed out (the server's own STUN is left out on this machine, below)
            try (BootstrapClient client = new BootstrapClient(URI.create("ws://127.0.0.1:" + port))) {
                IceConfig ice = client.iceServers().first().get(10, TimeUnit.SECONDS);
                assertThat(ice.servers()).extracting(s -> s.urls().get(0))
                        .containsExactly("turn:turn.example.org:3478", "stun:stun.example.org:3478");
                assertThat(ice.servers().get(0).credential()).isNotBlank();
                assertThat(client.iceServers().fromServer()).isTrue();
            }
        } finally {
            server.close();
        }
    }

    @Test
    void withNoOptionTheServerHandsOutOnlyItsOwnStunAndWithNoStunNothing() throws Exception {
        BootstrapServer plain = new BootstrapServer(new InetSocketAddress("127.0.0.1", 0), ServerConfig.builder("s").build());
        BootstrapServer noStun = new BootstrapServer(new InetSocketAddress("127.0.0.1", 0),
                ServerConfig.builder("s").stun(false).build());
        int port = plain.startAndWait();
        int quietPort = noStun.startAndWait();
        try {
            JsonNode answer = Wire.json().readTree(get(port).body());
            assertThat(answer.path("iceServers").size()).isZero();
            assertThat(answer.path("stunPort").asInt()).isEqualTo(plain.stunPort()).isPositive();
            JsonNode quiet = Wire.json().readTree(get(quietPort).body());
            assertThat(quiet.has("stunPort")).isFalse();
        } finally {
            plain.close();
            noStun.close();
        }
    }

    @Test
    void oneAddressIsServedAtItsRate() throws Exception {
        BootstrapServer server = new BootstrapServer(new InetSocketAddress("127.0.0.1", 0), ServerConfig.builder("s")
                .iceRequestRate(1, 3).build());
        int port = server.startAndWait();
        try {
            int ok = 0;
            int refused = 0;
            for (int i = 0; i < 8; i++) {
                int status = get(port).statusCode();
                ok += status == 200 ? 1 : 0;
                refused += status == 429 ? 1 : 0;
            }
            assertThat(ok).isBetween(3, 5);
            assertThat(refused).isEqualTo(8 - ok);
        } finally {
            server.close();
        }
    }

    /** An original server has no such route (404): its clients of ours get no ICE server from it, and do not ask again. */
    @Test
    void aServerWithoutTheRouteHandsOutNothing() throws Exception {
        HttpServer original = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        original.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        original.start();
        try (BootstrapClient client = new BootstrapClient(URI.create("ws://127.0.0.1:" + original.getAddress().getPort()))) {
            assertThat(client.iceServers().first().get(10, TimeUnit.SECONDS).servers()).isEmpty();
            assertThat(client.iceServers().fromServer()).isFalse();
        } finally {
            original.stop(0);
        }
    }

    /** A client takes the server's own STUN at the host it reached the server at: not on this machine's loopback. */
    @Test
    void theServersOwnStunIsAtTheHostTheClientUsed() {
        JsonNode answer = Wire.json().createObjectNode().put("stunPort", 5000).set("iceServers", Wire.json().createArrayNode());
        assertThat(IceConfig.fromAnswer(answer, "tree.example.org").servers()).extracting(s -> s.urls().get(0))
                .containsExactly("stun:tree.example.org:5000");
        assertThat(IceConfig.fromAnswer(answer, "198.18.0.1").servers()).extracting(s -> s.urls().get(0))
                .containsExactly("stun:198.18.0.1:5000");
        assertThat(IceConfig.fromAnswer(answer, "[2001:db8::1]").servers()).extracting(s -> s.urls().get(0))
                .containsExactly("stun:[2001:db8::1]:5000");
        for (String local : new String[] {"localhost", "127.0.0.1", "[::1]"}) {
            assertThat(IceConfig.fromAnswer(answer, local).servers()).as(local).isEmpty();
        }
    }

    @Test
    void whatAServerHandsOutIsChecked() {
        JsonNode hostile = Wire.json().createObjectNode().put("stunPort", 70000)
                .set("iceServers", Wire.json().createArrayNode()
                        .add(Wire.json().createObjectNode().put("urls", "http://evil.example/"))
                        .add(Wire.json().createObjectNode().put("urls", "turn:ok.example:3478").put("username", "x".repeat(10_000)))
                        .add(Wire.json().createObjectNode().put("urls", "stun:ok.example:3478")));
        IceConfig ice = IceConfig.fromAnswer(hostile, "127.0.0.1");
        assertThat(ice.servers()).extracting(IceServer::urls).containsExactly(List.of("stun:ok.example:3478"));
    }
}
