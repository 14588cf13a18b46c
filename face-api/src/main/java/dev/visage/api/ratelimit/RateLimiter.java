package dev.visage.api.ratelimit;

import dev.visage.api.access.Caller;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One token bucket per API key, kept in Redis so that every face-api replica draws from the same bucket. The take
 * is a single Lua script ({@link #SCRIPT}: {@link TokenBucket}'s arithmetic on Redis's clock), so concurrent
 * requests through different replicas never overdraw it. When Redis fails or is slow, this replica counts in its
 * own memory for a while ({@link RateLimitConfig#localAfterRedisFailure()}) instead of letting everything through.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);
    static final String KEY_PREFIX = "visage:rate:";
    static final String SCRIPT = """
            local rate = tonumber(ARGV[1])
            local burst = tonumber(ARGV[2])
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
            local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens = tonumber(state[1]) or burst
            local at = tonumber(state[2]) or now
            tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
            local allowed = 0
            if tokens >= 1 then
                tokens = tokens - 1
                allowed = 1
            end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(math.max(now, at)))
            redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
            return {allowed, tostring(tokens)}
            """;

    private final ReactiveRedisDataSource redis;
    private final RateLimitConfig config;
    private final Map<UUID, TokenBucket> localBuckets = new ConcurrentHashMap<>();
    private final AtomicLong localUntilNanos = new AtomicLong(System.nanoTime());
    private final AtomicBoolean redisFailing = new AtomicBoolean();

    public RateLimiter(ReactiveRedisDataSource redis, RateLimitConfig config) {
        this.redis = redis;
        this.config = config;
    }

    /** Takes one request from the caller's bucket. */
    public Uni<RateDecision> take(Caller caller) {
        double rate = caller.requestsPerSecond().orElse(config.requestsPerSecond());
        int burst = caller.burst().orElse(config.burst());
        if (System.nanoTime() - localUntilNanos.get() < 0) {
            return Uni.createFrom().item(takeLocally(caller.keyId(), rate, burst));
        }
        return redis.execute("EVAL", SCRIPT, "1", KEY_PREFIX + caller.keyId(), String.valueOf(rate),
                        String.valueOf(burst))
                .ifNoItem().after(config.redisTimeout()).fail()
                .map(answer -> fromRedis(answer, rate, burst))
                .onFailure().recoverWithItem(failure -> {
                    localUntilNanos.set(System.nanoTime() + config.localAfterRedisFailure().toNanos());
                    if (redisFailing.compareAndSet(false, true)) {
                        LOG.warnf("Redis unavailable for rate limits (%s): each face-api replica counts for itself "
                                + "until it answers again", failure.toString());
                    }
                    return takeLocally(caller.keyId(), rate, burst);
                });
    }

    private RateDecision fromRedis(Response answer, double rate, int burst) {
        if (redisFailing.compareAndSet(true, false)) {
            LOG.info("Redis answers again: rate limits are shared by all replicas again");
        }
        return RateDecision.of(answer.get(0).toInteger() == 1, Double.parseDouble(answer.get(1).toString()), rate,
                burst, "redis");
    }

    private RateDecision takeLocally(UUID keyId, double rate, int burst) {
        long now = System.currentTimeMillis();
        TokenBucket.Taken[] taken = new TokenBucket.Taken[1];
        localBuckets.compute(keyId, (id, bucket) -> {
            taken[0] = (bucket == null ? TokenBucket.full(burst, now) : bucket).take(now, rate, burst);
            return taken[0].after();
        });
        return RateDecision.of(taken[0].allowed(), taken[0].after().tokens(), rate, burst, "local");
    }
}
