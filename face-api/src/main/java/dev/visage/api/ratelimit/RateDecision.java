package dev.visage.api.ratelimit;

/**
 * One request's verdict and what the {@code RateLimit-*} headers tell the client.
 *
 * @param limit            the bucket's size (burst)
 * @param remaining        whole requests left right now
 * @param resetSeconds     seconds until the bucket is full again
 * @param retryAfterSeconds when refused, seconds until one request is allowed again; 0 when allowed
 * @param store            {@code redis} (shared by all replicas) or {@code local} (this replica, Redis failing)
 */
public record RateDecision(boolean allowed, int limit, int remaining, long resetSeconds, long retryAfterSeconds,
                           String store) {

    /** The verdict for a bucket after a take, at the given rate. */
    static RateDecision of(boolean allowed, double tokensLeft, double rate, int burst, String store) {
        long reset = (long) Math.ceil(Math.max(0, burst - tokensLeft) / rate);
        long retry = allowed ? 0 : Math.max(1, (long) Math.ceil((1 - tokensLeft) / rate));
        return new RateDecision(allowed, burst, (int) Math.floor(Math.max(0, tokensLeft)), reset, retry, store);
    }
}
