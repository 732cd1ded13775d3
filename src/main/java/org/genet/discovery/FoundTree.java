package org.genet.discovery;

import java.net.URI;

/**
 * A tree announced on the LAN: its name, the address of its bootstrap server, and what the server
 * told of it. {@code nodes} is -1 when the announcer does not know the tree's size.
 */
public record FoundTree(String name, String host, int port, int nodes, boolean rootConnected) {

    /** host:port, as the app's address field and {@code --host} take it (IPv6 in brackets). */
    public String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The {@code genet://HOST:PORT} link that opens the app and joins this tree. */
    public String link() {
        return Links.SCHEME + "://" + address();
    }

    /** One line for a list: name, address, size if known, and whether a root is there. */
    public String describe() {
        String size = nodes < 0 ? "" : nodes == 1 ? ", 1 node" : ", " + nodes + " nodes";
        return name + "  (" + address() + size + (rootConnected ? "" : ", no root yet") + ")";
    }

    /** The address in a {@link URI}, for the bootstrap client. */
    public URI server() {
        return URI.create("ws://" + address());
    }
}
