package org.genet.bootstrap;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.genet.ice.IceServer;
import org.genet.ice.TurnCredentials;

/**
 * {@code GET /ice-servers}: the ICE servers this bootstrap server hands its clients, as JSON
 * {@code {"iceServers":[...],"ttl":S,"stunPort":P}}. {@code stunPort} says that the server answers
 * STUN itself, on that UDP port: a client adds {@code stun:HOST:P} with the host it reached the
 * server at (only the client knows it: behind a proxy the server does not). TURN URLs come with
 * credentials minted for this request in coturn's shared-secret scheme ({@link TurnCredentials}),
 * valid for {@code ttl} seconds; a client asks again before they expire. An original client never
 * asks, and nothing on the WebSocket routes changes.
 */
final class IceServersRoute {
    static final String PATH = "/ice-servers";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<String> stunUrls = new ArrayList<>();
    private final List<String> turnUrls = new ArrayList<>();
    private final String turnSecret;
    private final long ttlSeconds;
    /** Requests per client address: each one mints a credential. */
    private final AddressRates rates;

    IceServersRoute(List<String> urls, String turnSecret, long ttlSeconds, int perSecond, int burst) {
        for (String url : urls) {
            (IceServer.of(url).isTurn() ? turnUrls : stunUrls).add(url);
        }
        this.turnSecret = turnSecret;
        this.ttlSeconds = ttlSeconds;
        this.rates = new AddressRates(perSecond, burst, 10_000);
    }

    /** Whether a request from {@code addressKey} may be answered now (its rate not spent). */
    synchronized boolean allow(String addressKey) {
        return rates.take(addressKey, System.nanoTime());
    }

    /** The answer, with credentials minted now; {@code stunPort} 0 when this server answers no STUN. */
    HttpResponse answer(int stunPort, long nowEpochSeconds) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        ArrayNode servers = json.putArray("iceServers");
        if (!turnUrls.isEmpty()) {
            ObjectNode turn = servers.addObject();
            ArrayNode urls = turn.putArray("urls");
            turnUrls.forEach(urls::add);
            if (turnSecret != null) {
                byte[] name = new byte[4];
                RANDOM.nextBytes(name);
                TurnCredentials.Minted minted = TurnCredentials.mint(turnSecret, "genet-" + HexFormat.of().formatHex(name),
                        nowEpochSeconds + ttlSeconds);
                turn.put("username", minted.username());
                turn.put("credential", minted.credential());
            }
        }
        for (String url : stunUrls) {
            servers.addObject().putArray("urls").add(url);
        }
        json.put("ttl", ttlSeconds);
        if (stunPort > 0) {
            json.put("stunPort", stunPort);
        }
        return HttpResponse.json(json.toString());
    }
}
