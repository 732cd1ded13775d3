package org.genet.bootstrap;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A token bucket per client address, for requests that hold nothing but cost CPU (a STUN request,
 * a request for ICE servers), with a bound on the addresses remembered: a sender can forge UDP
 * source addresses by the million. When the table is full, addresses idle long enough to have
 * their whole burst back are forgotten (they lose nothing); if none is, a new address is refused
 * until one is. Not thread-safe: used from one thread, or under the caller's lock.
 */
final class AddressRates {
    private final int perSecond;
    private final int burst;
    private final int maxAddresses;
    private final long refillNanos;
    private final Map<String, Entry> buckets = new HashMap<>();

    private static final class Entry {
        final TokenBucket bucket;
        long lastUsed;

        Entry(TokenBucket bucket, long now) {
            this.bucket = bucket;
            this.lastUsed = now;
        }
    }

    AddressRates(int perSecond, int burst, int maxAddresses) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.maxAddresses = maxAddresses;
        this.refillNanos = (long) Math.ceil(burst * 1e9 / perSecond);
    }

    /** Takes one request's token for {@code key}; false if its rate is spent (or the table is full). */
    boolean take(String key, long nowNanos) {
        Entry e = buckets.get(key);
        if (e == null) {
            if (buckets.size() >= maxAddresses && !forgetIdle(nowNanos)) {
                return false;
            }
            e = new Entry(new TokenBucket(perSecond, burst, nowNanos), nowNanos);
            buckets.put(key, e);
        }
        e.lastUsed = nowNanos;
        return e.bucket.take(nowNanos);
    }

    /** Forgets every address whose bucket is full again; says whether any was. */
    private boolean forgetIdle(long nowNanos) {
        int before = buckets.size();
        for (Iterator<Entry> it = buckets.values().iterator(); it.hasNext(); ) {
            if (nowNanos - it.next().lastUsed >= refillNanos) {
                it.remove();
            }
        }
        return buckets.size() < before;
    }

    int addresses() {
        return buckets.size();
    }
}
