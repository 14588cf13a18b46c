package dev.visage.api.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Redis as a cache that may fail: every call gives up after a short timeout and degrades to "nothing cached",
 * so a Redis outage slows face-api down but never breaks enrolment or identification. The outage is logged
 * once when it starts and once when it ends, not on every call. Values are strings; objects are stored as JSON,
 * and a value that cannot be read back counts as absent.
 */
@ApplicationScoped
public class RedisCache {

    private static final Logger LOG = Logger.getLogger(RedisCache.class);
    private static final Duration TIMEOUT = Duration.ofMillis(300);

    private final ReactiveRedisDataSource redis;
    private final ObjectMapper json;
    private final AtomicBoolean down = new AtomicBoolean();

    public RedisCache(ReactiveRedisDataSource redis, ObjectMapper json) {
        this.redis = redis;
        this.json = json;
    }

    public <T> Uni<Optional<T>> getJson(String key, Class<T> type) {
        return get(key).map(value -> value.flatMap(v -> fromJson(v, type)));
    }

    public Uni<Void> putJson(String key, Object value, Duration ttl) {
        return put(key, toJson(value), ttl);
    }

    public Uni<Optional<String>> get(String key) {
        return guard(redis.execute("GET", key).map(r -> Optional.ofNullable(r).map(Response::toString)),
                Optional.empty());
    }

    public Uni<Void> put(String key, String value, Duration ttl) {
        return guard(redis.execute("SET", key, value, "EX", String.valueOf(ttl.toSeconds())).replaceWithVoid(),
                null);
    }

    /** Stores the value only if the key is free; true when this call took it (or when Redis is down). */
    public Uni<Boolean> putIfAbsent(String key, String value, Duration ttl) {
        return guard(redis.execute("SET", key, value, "NX", "EX", String.valueOf(ttl.toSeconds()))
                .map(r -> r != null), true);
    }

    public Uni<Void> remove(String key) {
        return guard(redis.execute("DEL", key).replaceWithVoid(), null);
    }

    /** What cannot be written is a bug in the caller's type, so it fails loudly. */
    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot cache a " + value.getClass().getSimpleName(), e);
        }
    }

    private <T> Optional<T> fromJson(String value, Class<T> type) {
        try {
            return Optional.of(json.readValue(value, type));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private <T> Uni<T> guard(Uni<T> call, T fallback) {
        return call.ifNoItem().after(TIMEOUT).fail()
                .invoke(() -> {
                    if (down.compareAndSet(true, false)) {
                        LOG.info("Redis answers again: caching resumed");
                    }
                })
                .onFailure().recoverWithItem(e -> {
                    if (down.compareAndSet(false, true)) {
                        LOG.warnf("Redis unavailable, continuing without cache: %s", e.toString());
                    }
                    return fallback;
                });
    }
}
