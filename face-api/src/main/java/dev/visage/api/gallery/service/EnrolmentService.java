package dev.visage.api.gallery.service;

import dev.visage.api.liveness.LivenessGate;
import dev.visage.api.quality.QualityGate;
import dev.visage.api.database.DatabaseErrors;
import dev.visage.api.cache.CacheKeys;
import dev.visage.api.cache.RedisCache;
import dev.visage.api.gallery.repository.FaceRepository;
import dev.visage.api.database.DatabaseSchema;
import dev.visage.api.gallery.repository.StoredFace;
import dev.visage.api.gallery.service.GalleryResults.Enrolment;
import dev.visage.api.index.GalleryVectors;
import dev.visage.api.index.IndexedFace;
import dev.visage.api.photo.Photo;
import dev.visage.api.worker.EmbeddingGateway;
import dev.visage.api.worker.FaceChoice;
import dev.visage.common.error.VisageException;
import dev.visage.common.messaging.EmbedSelection;
import dev.visage.common.messaging.FaceData;
import dev.visage.common.messaging.FaceQuality;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Enrols a face of a photo into a subject. Consistency without distributed transactions: the face row is
 * written {@code pending} (with its embedding) before its vector goes to the index and becomes {@code active}
 * after; the gallery reconciler finishes an enrolment that a crash interrupted.
 */
@ApplicationScoped
public class EnrolmentService {

    private static final Duration IDEMPOTENCY_TTL = Duration.ofHours(24);
    private static final String IN_PROGRESS = "in-progress";

    private final Pool pool;
    private final DatabaseSchema schema;
    private final SubjectService subjects;
    private final LivenessGate livenessGate;
    private final QualityGate qualityGate;
    private final FaceRepository faces;
    private final GalleryVectors vectors;
    private final EmbeddingGateway gateway;
    private final RedisCache cache;

    public EnrolmentService(Pool pool, DatabaseSchema schema, SubjectService subjects, FaceRepository faces,
                            GalleryVectors vectors, EmbeddingGateway gateway, RedisCache cache,
                            LivenessGate livenessGate, QualityGate qualityGate) {
        this.livenessGate = livenessGate;
        this.qualityGate = qualityGate;
        this.pool = pool;
        this.schema = schema;
        this.subjects = subjects;
        this.faces = faces;
        this.vectors = vectors;
        this.gateway = gateway;
        this.cache = cache;
    }

    /**
     * Enrols the one face of the photo (or the one {@code faceIndex} names). With an idempotency key, a retried
     * request answers what the first one did instead of enrolling the photo twice.
     */
    public Uni<Enrolment> enrol(String requestId, String collection, UUID subjectId, Photo photo, Integer faceIndex,
                                String idempotencyKey, Optional<FaceQuality.Level> minimumQuality, boolean liveness) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            return enrolOnce(requestId, collection, subjectId, UUID.randomUUID(), photo, faceIndex, minimumQuality,
                    liveness);
        }
        String key = CacheKeys.enrolment(collection, subjectId, idempotencyKey);
        // A request still in progress has left a marker that is not an answer: it reads as absent, and then the
        // marker refuses this request.
        return cache.getJson(key, Enrolment.class).chain(previous -> previous
                .map(answer -> Uni.createFrom().item(answer))
                .orElseGet(() -> cache.putIfAbsent(key, IN_PROGRESS, IDEMPOTENCY_TTL).chain(taken -> {
                    if (!taken) {
                        throw VisageException.conflict(
                                "A request with this Idempotency-Key is still being processed",
                                "Idempotency-Key=" + idempotencyKey,
                                "Wait for the first request to finish, then retry.");
                    }
                    return enrolOnce(requestId, collection, subjectId, UUID.randomUUID(), photo, faceIndex,
                            minimumQuality, liveness)
                            .call(done -> cache.putJson(key, done, IDEMPOTENCY_TTL))
                            .onFailure().call(() -> cache.remove(key));
                })));
    }

    /**
     * Enrols the one face of a bulk job's photo as the face {@code faceId}, fixed when the job was stored: a photo
     * tried again after an interruption cannot become a second face.
     */
    public Uni<Enrolment> enrolAs(String requestId, String collection, UUID subjectId, UUID faceId, Photo photo,
                                  Optional<FaceQuality.Level> minimumQuality, boolean liveness) {
        return enrolOnce(requestId, collection, subjectId, faceId, photo, null, minimumQuality, liveness);
    }

    /**
     * Finishes an enrolment that was interrupted after its face row was written (the row still {@code pending}): its
     * vector into the index, then the row active — what the reconciler would do later, done now for a bulk job that
     * takes the photo over. Nothing to do when the face is active already.
     */
    public Uni<Void> finishInterrupted(UUID faceId) {
        return faces.pending(faceId).chain(pending -> pending
                .map(face -> vectors.upsert(List.of(new IndexedFace(face.id().toString(), face.subjectId().toString(),
                                face.collection(), face.embedding())))
                        .chain(() -> faces.activate(face.id())))
                .orElseGet(() -> Uni.createFrom().voidItem()));
    }

    private Uni<Enrolment> enrolOnce(String requestId, String collection, UUID subjectId, UUID faceId, Photo photo,
                                     Integer faceIndex, Optional<FaceQuality.Level> minimumQuality,
                                     boolean liveness) {
        return DatabaseErrors.database("enrol_face", schema.ensure()
                .chain(() -> subjects.require(collection, subjectId))
                .chain(() -> gateway.analyse(requestId, photo, EmbedSelection.ALL, liveness, Set.of()))
                .chain(reply -> {
                    int index = FaceChoice.toEnrol(photo.name(), reply, faceIndex);
                    FaceData face = livenessGate.judge(photo.name(), reply.faces().get(index), liveness);
                    qualityGate.require(photo.name(), face, minimumQuality);
                    StoredFace row = new StoredFace(faceId, subjectId, collection, "pending",
                            face.embedding(), reply.model(), face.detectionScore(), face.box().width(),
                            face.box().height(), photo.sha256(), null);
                    return faces.insertPending(pool, row)
                            .chain(stored -> vectors.upsert(List.of(new IndexedFace(stored.id().toString(),
                                            subjectId.toString(), collection, stored.embedding())))
                                    .onFailure().call(() -> faces.delete(stored.id())
                                            .onFailure().recoverWithNull()))
                            .chain(() -> faces.activate(row.id()))
                            .call(() -> subjects.touch(List.of(subjectId)))
                            .replaceWith(new Enrolment(row.id(), subjectId, collection, reply.faces().size(), index,
                                    face.detectionScore(), face.box().width(), face.box().height(), face.box(),
                                    face.quality(), face.liveness()));
                }));
    }
}
