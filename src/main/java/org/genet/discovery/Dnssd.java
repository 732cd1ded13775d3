package org.genet.discovery;

import java.net.InetAddress;

/** What announcer and browser share. */
final class Dnssd {
    private Dnssd() {
    }

    /** JmDNS's host name for an interface: this machine's name, made a valid DNS label. */
    static String hostLabel(InetAddress on) {
        String host = LanAddress.defaultTreeName().substring("Genet on ".length());
        String label = host.replaceAll("[^A-Za-z0-9-]", "-");
        return label.isEmpty() ? "genet" : label;
    }
}
