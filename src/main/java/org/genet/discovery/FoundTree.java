package org.genet.discovery;

import java.net.URI;

/**
 * A tree announced on the LAN: its name, the address of its bootstrap server, and what the server
 * told of it. {@code nodes} is -1 when the announcer does not know the tree's size.
 * {@code claimedName} is the name its announcer asked for (a Genet announcer says it in its TXT
 * record; DNS-SD renames the second of two announcers of one name "NAME (2)"), and
 * {@code nameSharedWith} the addresses of the other announcers claiming that name, or null: a
 * name is not proof of a tree, its address is what to check.
 */
public record FoundTree(String name, String host, int port, int nodes, boolean rootConnected, String claimedName,
                        String nameSharedWith) {

    public FoundTree(String name, String host, int port, int nodes, boolean rootConnected) {
        this(name, host, port, nodes, rootConnected, name, null);
    }

    /** host:port, as the app's address field and {@code --host} take it (IPv6 in brackets). */
    public String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The {@code genet://HOST:PORT} link that opens the app and joins this tree. */
    public String link() {
        return Links.SCHEME + "://" + address();
    }

    /** This tree with the addresses of the other announcers that claim its name (null: none). */
    public FoundTree sharingNameWith(String addresses) {
        return new FoundTree(name, host, port, nodes, rootConnected, claimedName, addresses);
    }

    /**
     * One line for a list: name, address, size if known, and whether a root is there; when
     * another announcer claims the same name, a warning that names its address.
     */
    public String describe() {
        String size = nodes < 0 ? "" : nodes == 1 ? ", 1 node" : ", " + nodes + " nodes";
        return name + "  (" + address() + size + (rootConnected ? "" : ", no root yet") + ")"
                + (nameSharedWith == null ? "" : "  ! name \"" + claimedName + "\" also announced by " + nameSharedWith
                + ": check the address");
    }

    /** The address in a {@link URI}, for the bootstrap client. */
    public URI server() {
        return URI.create("ws://" + address());
    }
}
