package org.genet.discovery;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.Optional;

/**
 * Where DNS-SD announces and browses: one interface address. {@code auto} (the default) takes this
 * machine's first LAN address (an IPv4 address of an interface that is up, not loopback, and does
 * multicast); an address such as {@code 127.0.0.1} pins it to that interface (tests use the loopback
 * of a network namespace of their own); {@code off} turns discovery off. The environment variable
 * {@code GENET_LAN_ADDRESS} gives the default for every command and the app.
 */
public final class LanAddress {
    public static final String ENV = "GENET_LAN_ADDRESS";
    public static final String AUTO = "auto";
    public static final String OFF = "off";

    private LanAddress() {
    }

    /** The setting of this process's environment, else {@code auto}. */
    public static String fromEnvironment() {
        String value = System.getenv(ENV);
        return value == null || value.isBlank() ? AUTO : value.strip();
    }

    /**
     * The address a setting names: empty when discovery is off or, for {@code auto}, when this
     * machine has no LAN address.
     *
     * @throws IllegalArgumentException if the setting is neither auto, off, nor an address
     */
    public static Optional<InetAddress> resolve(String setting) {
        String s = setting == null ? AUTO : setting.strip();
        if (s.equalsIgnoreCase(OFF)) {
            return Optional.empty();
        }
        if (s.isEmpty() || s.equalsIgnoreCase(AUTO)) {
            return Optional.ofNullable(firstLanAddress());
        }
        try {
            return Optional.of(InetAddress.getByName(s));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: \"" + setting + "\" (use auto, off, or an interface's address)");
        }
    }

    /** This machine's first LAN address (IPv4, up, not loopback, multicast), or null. */
    public static InetAddress firstLanAddress() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback() || !nic.supportsMulticast()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        return a;
                    }
                }
            }
        } catch (IOException e) {
            // no interfaces to tell
        }
        return null;
    }

    /** A name for a tree announced from this machine: "Genet on HOSTNAME". */
    public static String defaultTreeName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = System.getProperty("user.name", "this machine");
        }
        return "Genet on " + host;
    }
}
