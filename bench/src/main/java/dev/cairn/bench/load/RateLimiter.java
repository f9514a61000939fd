package dev.cairn.bench.load;

/**
 * A token bucket like Go's {@code rate.Limiter} as etcd's tool uses it: {@code perSecond} tokens
 * a second, at most {@code burst} saved up, and every caller reserves one token and is told how
 * long to wait for it (reservations may run the bucket into debt, which later callers wait out).
 * A rate of zero or less means no limit. Thread-safe; the clock is passed in, so it is pure.
 */
public final class RateLimiter {
    private final double perSecond;
    private final double burst;
    private double tokens;
    private long lastNanos;
    private boolean started;

    public RateLimiter(double perSecond, int burst) {
        this.perSecond = perSecond;
        this.burst = Math.max(1, burst);
        this.tokens = this.burst;
    }

    public static RateLimiter unlimited() {
        return new RateLimiter(0, 1);
    }

    public boolean isUnlimited() {
        return perSecond <= 0;
    }

    /** Takes one token at {@code nowNanos}; returns how many nanoseconds to wait before using it. */
    public synchronized long reserve(long nowNanos) {
        if (isUnlimited()) {
            return 0;
        }
        if (!started) {
            started = true;
            lastNanos = nowNanos;
        }
        if (nowNanos > lastNanos) {
            tokens = Math.min(burst, tokens + (nowNanos - lastNanos) * perSecond / 1e9);
            lastNanos = nowNanos;
        }
        tokens -= 1;
        if (tokens >= 0) {
            return 0;
        }
        return (long) Math.ceil(-tokens * 1e9 / perSecond);
    }
}
