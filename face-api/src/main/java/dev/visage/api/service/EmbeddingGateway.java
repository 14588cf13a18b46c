package dev.visage.api.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.visage.api.cache.RedisCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import dev.visage.api.messaging.EmbeddingWorkerClient;
import dev.visage.common.messaging.EmbedSelection;
import dev.visage.common.messaging.EmbeddingReply;
import dev.visage.common.messaging.EmbeddingRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Asks the workers about one photo and turns a worker's typed failure back into the exception it stands for.
 * Answers are cached in Redis by photo hash and face selection, so a repeated photo is not embedded again; a
 * cached answer is used only while it comes from the model the workers run now.
 */
@ApplicationScoped
public class EmbeddingGateway {

    private static final Duration CACHE_TTL = Duration.ofHours(24);

    private final EmbeddingWorkerClient client;
    private final Counter cacheHits;
    private final Counter cacheMisses;
    private final RedisCache cache;
    private final ObjectMapper json;
    private volatile String currentModel;

    public EmbeddingGateway(EmbeddingWorkerClient client, RedisCache cache, ObjectMapper json,
                            MeterRegistry registry) {
        this.client = client;
        this.cacheHits = registry.counter("visage.cache.requests", "cache", "embedding", "result", "hit");
        this.cacheMisses = registry.counter("visage.cache.requests", "cache", "embedding", "result", "miss");
        this.cache = cache;
        this.json = json;
    }

    public Uni<EmbeddingReply> analyse(String requestId, Photo photo, EmbedSelection embed) {
        String key = "visage:embedding:" + embed.name().toLowerCase() + ":" + sha256(photo.bytes());
        return cache.get(key).chain(cached -> cached.flatMap(this::fromCache)
                .map(reply -> {
                    cacheHits.increment();
                    return Uni.createFrom().item(reply);
                })
                .orElseGet(() -> {
                    cacheMisses.increment();
                    return ask(requestId, photo, embed, key);
                }));
    }

    private Uni<EmbeddingReply> ask(String requestId, Photo photo, EmbedSelection embed, String key) {
        EmbeddingRequest request = new EmbeddingRequest(requestId + ":" + photo.name(), photo.name(), photo.bytes(),
                embed);
        return client.request(request).chain(reply -> {
            if (reply.failed()) {
                throw reply.error().toException();
            }
            currentModel = reply.model();
            return toCache(reply).map(value -> cache.put(key, value, CACHE_TTL)).orElse(Uni.createFrom().voidItem())
                    .replaceWith(reply);
        });
    }

    private Optional<EmbeddingReply> fromCache(String value) {
        try {
            EmbeddingReply reply = json.readValue(value, EmbeddingReply.class);
            if (reply.model() == null || !reply.model().equals(currentModel)) {
                return Optional.empty();
            }
            // The worker did no work for this answer: say so instead of repeating the first answer's timings.
            return Optional.of(new EmbeddingReply(reply.requestId(), reply.workerId(), reply.model(),
                    reply.executionProvider(), reply.imageWidth(), reply.imageHeight(), reply.faces(),
                    Map.of("cache_hit", 0.0), 0, null));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private Optional<String> toCache(EmbeddingReply reply) {
        try {
            return Optional.of(json.writeValueAsString(reply));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
