package dev.visage.api.worker;

import dev.visage.api.cache.CacheKeys;
import dev.visage.api.cache.RedisCache;
import dev.visage.api.photo.Photo;
import dev.visage.common.messaging.EmbedSelection;
import dev.visage.common.messaging.FaceAttributes;
import dev.visage.common.messaging.EmbeddingReply;
import dev.visage.common.messaging.EmbeddingRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Asks the workers about one photo and turns a worker's typed failure back into the exception it stands for.
 * Answers are cached in Redis by photo hash and face selection, so a repeated photo is not embedded again; a
 * cached answer is used only while it comes from the model the workers run now.
 */
@ApplicationScoped
public class EmbeddingGateway {

    private static final Duration CACHE_TTL = Duration.ofHours(24);

    private final EmbeddingWorkerClient client;
    private final WorkerAdmission admission;
    private final RedisCache cache;
    private final Counter cacheHits;
    private final Counter cacheMisses;
    private volatile String currentModel;

    public EmbeddingGateway(EmbeddingWorkerClient client, WorkerAdmission admission, RedisCache cache,
                            MeterRegistry registry) {
        this.client = client;
        this.admission = admission;
        this.cache = cache;
        this.cacheHits = registry.counter("visage.cache.requests", "cache", "embedding", "result", "hit");
        this.cacheMisses = registry.counter("visage.cache.requests", "cache", "embedding", "result", "miss");
    }

    public Uni<EmbeddingReply> analyse(String requestId, Photo photo, EmbedSelection embed) {
        return analyse(requestId, photo, embed, false, Set.of());
    }

    /**
     * As {@link #analyse(String, Photo, EmbedSelection)}, with each face's liveness score and attributes when asked
     * for.
     */
    public Uni<EmbeddingReply> analyse(String requestId, Photo photo, EmbedSelection embed, boolean liveness,
                                       Set<FaceAttributes.Kind> attributes) {
        String key = CacheKeys.embedding(embed, liveness, attributes, photo.sha256());
        return cache.getJson(key, EmbeddingReply.class).chain(cached -> cached.flatMap(this::current)
                .map(reply -> {
                    cacheHits.increment();
                    return Uni.createFrom().item(reply);
                })
                .orElseGet(() -> {
                    cacheMisses.increment();
                    return ask(requestId, photo, embed, liveness, attributes, key);
                }));
    }

    private Uni<EmbeddingReply> ask(String requestId, Photo photo, EmbedSelection embed, boolean liveness,
                                    Set<FaceAttributes.Kind> attributes, String key) {
        EmbeddingRequest request = new EmbeddingRequest(requestId + ":" + photo.name(), photo.name(), photo.bytes(),
                photo.sha256(), embed, liveness, attributes);
        return admission.admit(() -> client.request(request, requestId)).map(reply -> {
            if (reply.failed()) {
                throw reply.error().toException();
            }
            currentModel = reply.model();
            // The stored answer is for the next caller: this one does not wait a Redis round trip (or, with Redis
            // slow, its 300 ms time-out) for it. The write cannot fail; RedisCache degrades a failure to nothing.
            cache.putJson(key, reply, CACHE_TTL).subscribe().with(stored -> { });
            return reply;
        });
    }

    /** A cached answer of the model the workers run now; the worker did no work for it, so no stage timings. */
    private Optional<EmbeddingReply> current(EmbeddingReply cached) {
        if (cached.model() == null || !cached.model().equals(currentModel)) {
            return Optional.empty();
        }
        return Optional.of(new EmbeddingReply(cached.requestId(), cached.workerId(), cached.model(),
                cached.executionProvider(), cached.imageWidth(), cached.imageHeight(), cached.faces(),
                cached.undersizedFaces(),
                Map.of("cache_hit", 0.0), 0, null));
    }
}
