package org.genet.ice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What a peer connection is given to get across NATs: ICE servers (STUN finds a node's address
 * outside its NAT, TURN relays when no direct path exists) and whether to use only relays
 * ({@code relayOnly}: WebRTC's ICE transport policy {@code relay}, which also hides a node's own
 * addresses from its peers). Immutable. Its JSON is what the bootstrap server's {@code /ice-servers}
 * route answers (docs/deploy.md, "Across NATs: STUN and TURN"):
 * {@code {"iceServers":[{"urls":[...],"username":...,"credential":...}],"ttl":S,"stunPort":P}}.
 */
public record IceConfig(List<IceServer> servers, boolean relayOnly) {
    /** The most ICE servers taken from one answer: more only slow gathering down. */
    public static final int MAX_SERVERS = 16;

    public IceConfig {
        servers = List.copyOf(servers);
    }

    /** No ICE server: host candidates only, enough on one machine or a LAN. */
    public static IceConfig none() {
        return new IceConfig(List.of(), false);
    }

    /**
     * The servers and the relay policy a user gave ({@code --ice-server} URLs, with
     * {@code --ice-username} and {@code --ice-credential} for every TURN URL among them).
     */
    public static IceConfig of(List<String> urls, String username, String credential, boolean relayOnly) {
        List<IceServer> servers = new ArrayList<>();
        for (String url : urls == null ? List.<String>of() : urls) {
            String u = IceServer.check(url.strip());
            boolean turn = u.regionMatches(true, 0, "turn", 0, 4);
            servers.add(new IceServer(List.of(u), turn ? blankToNull(username) : null, turn ? blankToNull(credential) : null));
        }
        return new IceConfig(servers, relayOnly);
    }

    /** These servers and then {@code other}'s; relay-only if either says so. */
    public IceConfig plus(IceConfig other) {
        if (other == null || other.servers.isEmpty() && !other.relayOnly) {
            return this;
        }
        List<IceServer> all = new ArrayList<>(servers);
        for (IceServer s : other.servers) {
            if (!all.contains(s) && all.size() < MAX_SERVERS) {
                all.add(s);
            }
        }
        return new IceConfig(all, relayOnly || other.relayOnly);
    }

    public boolean hasTurn() {
        return servers.stream().anyMatch(IceServer::isTurn);
    }

    /** {@code {"iceServers":[...]}} as RTCConfiguration takes it (and the page does). */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        ArrayNode list = json.putArray("iceServers");
        for (IceServer s : servers) {
            ObjectNode o = list.addObject();
            ArrayNode urls = o.putArray("urls");
            s.urls().forEach(urls::add);
            if (s.username() != null) {
                o.put("username", s.username());
            }
            if (s.credential() != null) {
                o.put("credential", s.credential());
            }
        }
        return json;
    }

    /**
     * The ICE servers of a bootstrap server's answer, for a client that reached it at
     * {@code serverHost}: its own STUN ({@code stunPort}) first, as {@code stun:serverHost:PORT},
     * then the servers it lists. An entry that is not a valid ICE server is skipped; at most
     * {@link #MAX_SERVERS} are taken. A server reached at a loopback address is on this machine:
     * its STUN could only tell a node its own addresses, so it is left out (the tests, benchmarks
     * and the app's demo nodes then gather as before, host candidates only).
     */
    public static IceConfig fromAnswer(JsonNode answer, String serverHost) {
        List<IceServer> servers = new ArrayList<>();
        JsonNode port = answer.path("stunPort");
        if (port.canConvertToInt() && port.asInt() > 0 && port.asInt() < 65536 && serverHost != null && !serverHost.isBlank()
                && !isLoopback(serverHost)) {
            String host = serverHost.contains(":") && !serverHost.startsWith("[") ? "[" + serverHost + "]" : serverHost;
            try {
                servers.add(IceServer.of("stun:" + host + ":" + port.asInt()));
            } catch (IllegalArgumentException e) {
                // a host name no URL can hold: no STUN from the server
            }
        }
        JsonNode list = answer.path("iceServers");
        if (list.isArray()) {
            for (JsonNode entry : list) {
                if (servers.size() >= MAX_SERVERS) {
                    break;
                }
                IceServer server = readServer(entry);
                if (server != null) {
                    servers.add(server);
                }
            }
        }
        return new IceConfig(servers, false);
    }

    /** Whether a host name or address literal names this machine's loopback (no lookup: none may wait on DNS). */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(java.util.Locale.ROOT).replace("[", "").replace("]", "");
        return h.equals("localhost") || h.endsWith(".localhost") || h.startsWith("127.") || h.equals("::1")
                || h.equals("0:0:0:0:0:0:0:1");
    }

    /** One {@code RTCIceServer} object ({@code urls} a string or an array), or null if it is not one. */
    static IceServer readServer(JsonNode entry) {
        if (!entry.isObject()) {
            return null;
        }
        List<String> urls = new ArrayList<>();
        JsonNode u = entry.path("urls");
        if (u.isTextual()) {
            urls.add(u.asText());
        } else if (u.isArray()) {
            for (JsonNode url : u) {
                if (url.isTextual() && urls.size() < IceServer.MAX_URLS) {
                    urls.add(url.asText());
                }
            }
        }
        try {
            return new IceServer(urls, text(entry.path("username")), text(entry.path("credential")));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String text(JsonNode n) {
        return n.isTextual() ? n.asText() : null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public String toString() {
        return (servers.isEmpty() ? "no ICE servers" : servers.toString()) + (relayOnly ? ", relay only" : "");
    }
}
