package org.genet.bootstrap;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts of what each client address holds, so that no one address takes what all clients share.
 * An IPv6 address counts by its /64 prefix: one host can easily have a whole /64.
 */
final class AddressLimits {
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    /** The key an address is counted under. */
    static String keyOf(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            InetAddress ip = inet.getAddress();
            if (ip instanceof Inet6Address v6 && !v6.isLoopbackAddress()) {
                byte[] prefix = new byte[8];
                System.arraycopy(v6.getAddress(), 0, prefix, 0, 8);
                return HexFormat.of().formatHex(prefix) + "::/64";
            }
            return ip.getHostAddress();
        }
        return String.valueOf(address);
    }

    static boolean isLocalhost(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            InetAddress ip = inet.getAddress();
            return ip.isLoopbackAddress() && ("127.0.0.1".equals(ip.getHostAddress()) || ip instanceof Inet6Address);
        }
        return false;
    }

    /** Adds one for {@code key} unless that would exceed {@code limit}; says whether it did. */
    boolean tryAcquire(String key, int limit) {
        boolean[] acquired = {false};
        counts.compute(key, (k, count) -> {
            AtomicInteger c = count == null ? new AtomicInteger() : count;
            if (c.get() < limit) {
                c.incrementAndGet();
                acquired[0] = true;
            }
            return c.get() == 0 ? null : c;
        });
        return acquired[0];
    }

    void release(String key) {
        counts.computeIfPresent(key, (k, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    int count(String key) {
        AtomicInteger count = counts.get(key);
        return count == null ? 0 : count.get();
    }

    /** Addresses holding anything now. */
    int addresses() {
        return counts.size();
    }
}
