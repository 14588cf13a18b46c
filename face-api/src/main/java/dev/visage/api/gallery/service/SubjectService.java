package dev.visage.api.gallery.service;

import dev.visage.api.retention.RetentionPolicy;
import dev.visage.api.database.DatabaseErrors;
import dev.visage.api.cache.CacheKeys;
import dev.visage.api.cache.RedisCache;
import dev.visage.api.gallery.repository.FaceRepository;
import dev.visage.api.database.DatabaseSchema;
import dev.visage.api.gallery.repository.Page;
import dev.visage.api.gallery.repository.Subject;
import dev.visage.api.gallery.repository.SubjectRepository;
import dev.visage.api.gallery.service.GalleryResults.Deletion;
import dev.visage.api.gallery.service.GalleryResults.FaceView;
import dev.visage.api.gallery.service.GalleryResults.SubjectView;
import dev.visage.api.index.GalleryVectors;
import dev.visage.common.error.VisageException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Subjects and their faces as records: create, list, read, erase. Matching lives in
 * {@link IdentificationService}, enrolment in {@link EnrolmentService}; both find subjects through this service.
 * <p>
 * Erasure marks rows {@code deleting} before the vectors are removed and deletes the rows after; the gallery
 * reconciler finishes an erasure that a crash interrupted.
 */
@ApplicationScoped
public class SubjectService {

    private static final Duration SUBJECT_CACHE_TTL = Duration.ofSeconds(60);

    private static final Logger LOG = Logger.getLogger(SubjectService.class);
    private static final int ERASE_PAGE = 100;

    private final Pool pool;
    private final DatabaseSchema schema;
    private final SubjectRepository subjects;
    private final FaceRepository faces;
    private final GalleryVectors vectors;
    private final RedisCache cache;
    private final RetentionPolicy retention;

    public SubjectService(Pool pool, DatabaseSchema schema, SubjectRepository subjects, FaceRepository faces,
                          GalleryVectors vectors, RedisCache cache, RetentionPolicy retention) {
        this.retention = retention;
        this.pool = pool;
        this.schema = schema;
        this.subjects = subjects;
        this.faces = faces;
        this.vectors = vectors;
        this.cache = cache;
    }

    public Uni<SubjectView> create(String collection, String externalId, String name, Map<String, Object> metadata) {
        Subject subject = new Subject(UUID.randomUUID(), collection, externalId, name, metadata, null, null);
        return DatabaseErrors.database("create_subject", schema.ensure()
                .chain(() -> subjects.insert(pool, subject))
                .onFailure(e -> e instanceof PgException pg && "subjects_external_id".equals(pg.getConstraint()))
                .transform(e -> VisageException.conflict(
                        "A subject with external_id " + externalId + " already exists in " + collection,
                        "external_id=" + externalId, "Use the existing subject, or delete it first."))
                .chain(created -> retention.of(collection)
                        .map(policy -> SubjectView.of(created, null, policy.retentionDays()))));
    }

    public Uni<Page<SubjectView>> list(String collection, int offset, int limit) {
        return DatabaseErrors.database("list_subjects", schema.ensure()
                .chain(() -> subjects.list(collection, offset, limit))
                .chain(page -> retention.of(collection).map(policy -> new Page<>(page.items().stream()
                        .map(s -> SubjectView.of(s, null, policy.retentionDays())).toList(),
                        page.offset(), page.limit(), page.total()))));
    }

    public Uni<SubjectView> get(String collection, UUID id) {
        return DatabaseErrors.database("get_subject", schema.ensure().chain(() -> require(collection, id))
                .chain(subject -> Uni.combine().all().unis(faces.activeOf(id), retention.of(collection)).asTuple()
                        .map(found -> SubjectView.of(subject, found.getItem1().stream().map(FaceView::of).toList(),
                                found.getItem2().retentionDays()))));
    }

    public Uni<Deletion> delete(String collection, UUID id) {
        return DatabaseErrors.database("delete_subject", schema.ensure()
                .chain(() -> subjects.markDeleted(collection, id))
                .call(() -> cache.remove(CacheKeys.subject(id)))
                .chain(existed -> vectors.deleteSubject(collection, id.toString())
                        .chain(() -> subjects.purge(id))
                        .replaceWith(new Deletion(id, true, existed))));
    }

    /** Erases every subject of the collection through {@link #delete}, a page at a time; the ids erased. */
    public Uni<List<UUID>> eraseCollection(String collection) {
        List<UUID> erased = new ArrayList<>();
        return DatabaseErrors.database("erase_collection", schema.ensure()
                .chain(() -> Multi.createBy().repeating()
                        .uni(() -> subjects.idsIn(collection, ERASE_PAGE)
                                .call(ids -> Multi.createFrom().iterable(ids)
                                        .onItem().transformToUniAndConcatenate(id -> delete(collection, id))
                                        .collect().asList())
                                .invoke(erased::addAll))
                        .whilst(ids -> !ids.isEmpty())
                        .collect().last()))
                .replaceWith(erased);
    }

    public Uni<Deletion> deleteFace(String collection, UUID subjectId, UUID faceId) {
        return DatabaseErrors.database("delete_face", schema.ensure()
                .chain(() -> require(collection, subjectId))
                .chain(() -> faces.markDeleting(subjectId, faceId))
                .invoke(found -> {
                    if (!found) {
                        throw GalleryErrors.faceNotFound(subjectId, faceId);
                    }
                })
                .chain(() -> vectors.deleteFaces(collection, List.of(faceId.toString())))
                .chain(() -> faces.delete(faceId))
                .replaceWith(new Deletion(faceId, true, true)));
    }

    /**
     * An interaction with these subjects (an enrolment, a match): their retention period starts again. Best effort:
     * an answer already computed is not failed for it, and a failure only delays the clock.
     */
    public Uni<Void> touch(Collection<UUID> ids) {
        return subjects.touch(ids).onFailure().invoke(e -> LOG.debugf("last activity of %s not recorded: %s",
                ids, e.getMessage())).onFailure().recoverWithNull();
    }

    /** The subject, or a 404 naming it; the caller wraps database failures. */
    Uni<Subject> require(String collection, UUID id) {
        return subjects.find(collection, id)
                .map(found -> found.orElseThrow(() -> GalleryErrors.subjectNotFound(collection, id)));
    }

    /** The subjects with these ids, from the short Redis cache where possible; erased subjects drop out. */
    Uni<Map<UUID, Subject>> byIds(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<Uni<Optional<Subject>>> cached = ids.stream()
                .map(id -> cache.getJson(CacheKeys.subject(id), Subject.class)).toList();
        return Uni.join().all(cached).andFailFast().chain(hits -> {
            Map<UUID, Subject> byId = new HashMap<>();
            hits.forEach(hit -> hit.ifPresent(s -> byId.put(s.id(), s)));
            List<UUID> missing = ids.stream().filter(id -> !byId.containsKey(id)).toList();
            return DatabaseErrors.database("find_subjects", subjects.findAll(missing)).call(loaded -> {
                loaded.forEach(s -> byId.put(s.id(), s));
                return Uni.join().all(loaded.stream()
                                .map(s -> cache.putJson(CacheKeys.subject(s.id()), s, SUBJECT_CACHE_TTL))
                                .toList())
                        .andCollectFailures().replaceWithVoid()
                        .onFailure().recoverWithNull();
            }).replaceWith(byId);
        });
    }
}
