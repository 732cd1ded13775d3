package org.genet.bootstrap;

/** A token bucket: {@code rate} tokens a second, at most {@code burst} saved up. Not thread-safe. */
final class TokenBucket {
    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long last;

    TokenBucket(int ratePerSecond, int burst, long nowNanos) {
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.last = nowNanos;
    }

    /** Takes a token if there is one. */
    boolean take(long nowNanos) {
        return take(nowNanos, 1);
    }

    /** Takes {@code n} tokens if there are as many. */
    boolean take(long nowNanos, int n) {
        tokens = Math.min(burst, tokens + (nowNanos - last) * ratePerNano);
        last = nowNanos;
        if (tokens < n) {
            return false;
        }
        tokens -= n;
        return true;
    }
}
