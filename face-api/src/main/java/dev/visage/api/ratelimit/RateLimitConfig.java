package dev.visage.api.ratelimit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Requests per API key; a key's own {@code requests_per_second} and {@code burst} replace these defaults. */
@ConfigMapping(prefix = "visage.rate-limit")
public interface RateLimitConfig {

    /** Sustained requests per second per key, shared by every face-api replica through Redis. */
    @WithDefault("20")
    double requestsPerSecond();

    /** Requests a key may send at once after a quiet spell: the bucket's size. */
    @WithDefault("40")
    int burst();

    /**
     * How long face-api counts in its own memory after Redis failed, before it asks Redis again. During that time
     * each replica allows a key the full rate by itself, so N replicas allow up to N times the rate: a looser limit,
     * never none.
     */
    @WithDefault("5s")
    Duration localAfterRedisFailure();

    /** The longest a Redis answer is waited for before the request is counted locally instead. */
    @WithDefault("100ms")
    Duration redisTimeout();
}
