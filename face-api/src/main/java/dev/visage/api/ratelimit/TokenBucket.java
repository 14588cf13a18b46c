package dev.visage.api.ratelimit;

/**
 * The token-bucket arithmetic, once: a bucket of {@code burst} tokens refilled at {@code rate} per second, one token
 * per request. The Redis script in {@link RateLimiter} does exactly this on Redis's clock.
 *
 * @param tokens   tokens left, fractional
 * @param atMillis when {@code tokens} was true
 */
public record TokenBucket(double tokens, long atMillis) {

    /** A full bucket at {@code nowMillis}. */
    public static TokenBucket full(int burst, long nowMillis) {
        return new TokenBucket(burst, nowMillis);
    }

    /** The bucket after trying to take one token at {@code nowMillis}, and whether it was taken. */
    public Taken take(long nowMillis, double rate, int burst) {
        double refilled = Math.min(burst, tokens + Math.max(0, nowMillis - atMillis) * rate / 1000.0);
        boolean allowed = refilled >= 1;
        return new Taken(allowed, new TokenBucket(allowed ? refilled - 1 : refilled, Math.max(nowMillis, atMillis)));
    }

    public record Taken(boolean allowed, TokenBucket after) {
    }
}
