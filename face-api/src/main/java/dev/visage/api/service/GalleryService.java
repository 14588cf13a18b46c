package dev.visage.api.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.visage.api.cache.RedisCache;
import dev.visage.api.config.GalleryConfig;
import dev.visage.api.index.IndexMatch;
import dev.visage.api.index.IndexedFace;
import dev.visage.api.repository.FaceRepository;
import dev.visage.api.repository.GallerySchema;
import dev.visage.api.repository.Page;
import dev.visage.api.repository.StoredFace;
import dev.visage.api.repository.Subject;
import dev.visage.api.repository.SubjectRepository;
import dev.visage.api.service.GalleryResults.Deletion;
import dev.visage.api.service.GalleryResults.Enrolment;
import dev.visage.api.service.GalleryResults.FaceView;
import dev.visage.api.service.GalleryResults.IdentifiedFace;
import dev.visage.api.service.GalleryResults.Identification;
import dev.visage.api.service.GalleryResults.Match;
import dev.visage.api.service.GalleryResults.SubjectVerification;
import dev.visage.api.service.GalleryResults.SubjectView;
import dev.visage.common.error.ErrorType;
import dev.visage.common.error.VisageException;
import dev.visage.common.face.Similarity;
import dev.visage.common.messaging.EmbedSelection;
import dev.visage.common.messaging.EmbeddingReply;
import dev.visage.common.messaging.FaceData;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The gallery: subjects and their enrolled faces in PostgreSQL, one vector per face in the gallery index.
 * <p>
 * Consistency without distributed transactions: a face row is written {@code pending} (with its embedding)
 * before its vector goes to the index and becomes {@code active} after; erasure marks rows {@code deleting}
 * before the vectors are removed and deletes the rows after. {@link GalleryReconciler} finishes whatever a
 * crash interrupted, from the rows' states, and removes index vectors that have no row.
 */
@ApplicationScoped
public class GalleryService {

    private static final Pattern COLLECTION = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Duration IDEMPOTENCY_TTL = Duration.ofHours(24);
    private static final Duration SUBJECT_CACHE_TTL = Duration.ofSeconds(60);
    static final String SUBJECT_RULE = "best match: the highest similarity between the photo's largest face and any "
            + "of the subject's enrolled faces, compared with the gallery threshold";

    private final Pool pool;
    private final GallerySchema schema;
    private final SubjectRepository subjects;
    private final FaceRepository faces;
    private final GalleryVectors vectors;
    private final EmbeddingGateway gateway;
    private final RedisCache cache;
    private final ObjectMapper json;
    private final GalleryConfig config;

    public GalleryService(Pool pool, GallerySchema schema, SubjectRepository subjects, FaceRepository faces,
                          GalleryVectors vectors, EmbeddingGateway gateway, RedisCache cache, ObjectMapper json,
                          GalleryConfig config) {
        this.pool = pool;
        this.schema = schema;
        this.subjects = subjects;
        this.faces = faces;
        this.vectors = vectors;
        this.gateway = gateway;
        this.cache = cache;
        this.json = json;
        this.config = config;
    }

    /** The collection name, validated; absent means {@code default}. */
    public static String collection(String requested) {
        String name = requested == null || requested.isBlank() ? "default" : requested;
        if (!COLLECTION.matcher(name).matches()) {
            throw VisageException.validation("The collection name is not valid", "collection=" + name,
                    "Use 1 to 64 letters, digits, '_' or '-'.");
        }
        return name;
    }

    public Uni<SubjectView> createSubject(String collection, String externalId, String name,
                                          Map<String, Object> metadata) {
        Subject subject = new Subject(UUID.randomUUID(), collection, externalId, name, metadata, null);
        return db("create_subject", schema.ensure()
                .chain(() -> subjects.insert(pool, subject))
                .onFailure(e -> e instanceof PgException pg && "subjects_external_id".equals(pg.getConstraint()))
                .transform(e -> VisageException.builder(ErrorType.VALIDATION_ERROR,
                                "A subject with external_id " + externalId + " already exists in " + collection)
                        .httpStatus(409).details("external_id=" + externalId)
                        .suggestion("Use the existing subject, or delete it first.").build())
                .map(created -> SubjectView.of(created, null)));
    }

    public Uni<Page<SubjectView>> listSubjects(String collection, int offset, int limit) {
        return db("list_subjects", schema.ensure().chain(() -> subjects.list(collection, offset, limit))
                .map(page -> new Page<>(page.items().stream().map(s -> SubjectView.of(s, null)).toList(),
                        page.offset(), page.limit(), page.total())));
    }

    public Uni<SubjectView> getSubject(String collection, UUID id) {
        return db("get_subject", schema.ensure().chain(() -> requireSubject(collection, id))
                .chain(subject -> faces.activeOf(id).map(stored -> SubjectView.of(subject,
                        stored.stream().map(FaceView::of).toList()))));
    }

    public Uni<Deletion> deleteSubject(String collection, UUID id) {
        return db("delete_subject", schema.ensure()
                .chain(() -> subjects.markDeleted(collection, id))
                .call(() -> cache.remove(subjectKey(id)))
                .chain(existed -> vectors.deleteSubject(collection, id.toString())
                        .chain(() -> subjects.purge(id))
                        .replaceWith(new Deletion(id, true, existed))));
    }

    public Uni<Deletion> deleteFace(String collection, UUID subjectId, UUID faceId) {
        return db("delete_face", schema.ensure()
                .chain(() -> requireSubject(collection, subjectId))
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
     * Enrols the one face of the photo (or the one {@code faceIndex} names). With an idempotency key, a retried
     * request answers what the first one did instead of enrolling the photo twice.
     */
    public Uni<Enrolment> enrol(String requestId, String collection, UUID subjectId, Photo photo, Integer faceIndex,
                                String idempotencyKey) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            return enrolOnce(requestId, collection, subjectId, photo, faceIndex);
        }
        String key = "visage:idempotency:enrol:" + collection + ":" + subjectId + ":" + idempotencyKey;
        return cache.get(key).chain(previous -> previous.filter(v -> !v.equals("in-progress"))
                .flatMap(v -> fromJson(v, Enrolment.class))
                .map(done -> Uni.createFrom().item(done))
                .orElseGet(() -> cache.putIfAbsent(key, "in-progress", IDEMPOTENCY_TTL).chain(taken -> {
                    if (!taken) {
                        throw VisageException.builder(ErrorType.VALIDATION_ERROR,
                                        "A request with this Idempotency-Key is still being processed")
                                .httpStatus(409).details("Idempotency-Key=" + idempotencyKey)
                                .suggestion("Wait for the first request to finish, then retry.").build();
                    }
                    return enrolOnce(requestId, collection, subjectId, photo, faceIndex)
                            .call(done -> cache.put(key, toJson(done), IDEMPOTENCY_TTL))
                            .onFailure().call(() -> cache.remove(key));
                })));
    }

    private Uni<Enrolment> enrolOnce(String requestId, String collection, UUID subjectId, Photo photo,
                                     Integer faceIndex) {
        return db("enrol_face", schema.ensure()
                .chain(() -> requireSubject(collection, subjectId))
                .chain(() -> gateway.analyse(requestId, photo, EmbedSelection.ALL))
                .chain(reply -> {
                    int index = chooseFace(photo.name(), reply.faces(), faceIndex);
                    FaceData face = reply.faces().get(index);
                    StoredFace row = new StoredFace(UUID.randomUUID(), subjectId, collection, "pending",
                            face.embedding(), reply.model(), face.detectionScore(), face.box().width(),
                            face.box().height(), EmbeddingGateway.sha256(photo.bytes()), null);
                    return faces.insertPending(pool, row)
                            .chain(stored -> vectors.upsert(List.of(new IndexedFace(stored.id().toString(),
                                            subjectId.toString(), collection, stored.embedding())))
                                    .onFailure().call(() -> faces.delete(stored.id())
                                            .onFailure().recoverWithNull()))
                            .chain(() -> faces.activate(row.id()))
                            .replaceWith(new Enrolment(row.id(), subjectId, collection, reply.faces().size(), index,
                                    face.detectionScore(), face.box().width(), face.box().height(), face.box()));
                }));
    }

    /** The face to enrol: the only one, or the one the caller picked when there are several. */
    static int chooseFace(String image, List<FaceData> found, Integer faceIndex) {
        if (found.isEmpty()) {
            throw VisageException.faceDetection(image, "No faces detected in image",
                    "Enrol a photo in which the face is clearly visible, frontal and at least 32 pixels wide.");
        }
        if (faceIndex == null) {
            if (found.size() > 1) {
                throw VisageException.faceDetection(image, found.size() + " faces detected; enrolment needs one",
                        "Send a photo of one person, or say which face to enrol with face_index (0-based, in the "
                                + "order POST /api/v1/detect lists them).");
            }
            return 0;
        }
        if (faceIndex < 0 || faceIndex >= found.size()) {
            throw VisageException.validation("face_index is out of range",
                    "face_index=" + faceIndex + " but " + found.size() + " faces were detected",
                    "Use a face_index from 0 to " + (found.size() - 1) + ".");
        }
        return faceIndex;
    }

    public Uni<Identification> identify(String requestId, String collection, Photo photo, Integer topK,
                                        boolean allFaces) {
        int k = topK == null ? config.defaultTopK() : topK;
        if (k < 1 || k > config.maxTopK()) {
            throw VisageException.validation("top_k is out of range", "top_k=" + k,
                    "Use a top_k from 1 to " + config.maxTopK() + ".");
        }
        return gateway.analyse(requestId, photo, allFaces ? EmbedSelection.ALL : EmbedSelection.LARGEST)
                .chain(reply -> {
                    List<FaceData> probes = reply.faces().stream().filter(f -> f.embedding() != null)
                            .sorted(Comparator.comparingDouble(FaceData::area).reversed()).toList();
                    if (probes.isEmpty()) {
                        throw VerificationService.noFaceIn(photo.name());
                    }
                    List<Uni<List<IndexMatch>>> searches = probes.stream()
                            .map(p -> vectors.search(collection, p.embedding(), k * 4)).toList();
                    return Uni.join().all(searches).andFailFast()
                            .chain(found -> decorate(found.stream().flatMap(List::stream).toList())
                                    .map(subjectsById -> {
                                        List<IdentifiedFace> identified = new ArrayList<>();
                                        for (int i = 0; i < probes.size(); i++) {
                                            identified.add(new IdentifiedFace(probes.get(i).withoutEmbedding(),
                                                    rank(found.get(i), subjectsById, k)));
                                        }
                                        return new Identification(identified.get(0).matches(), identified,
                                                config.threshold(), collection, reply.model());
                                    }));
                });
    }

    /**
     * Best match per subject, above the threshold, best first. A stranger's nearest neighbours fall below the
     * threshold and are dropped: nobody is forced onto the closest enrolled subject.
     */
    private List<Match> rank(List<IndexMatch> found, Map<UUID, Subject> subjectsById, int k) {
        Map<UUID, IndexMatch> best = new LinkedHashMap<>();
        for (IndexMatch m : found) {
            if (m.similarity() < config.threshold()) {
                continue;
            }
            UUID subjectId = UUID.fromString(m.subjectId());
            IndexMatch current = best.get(subjectId);
            if (current == null || m.similarity() > current.similarity()) {
                best.put(subjectId, m);
            }
        }
        return best.entrySet().stream()
                .filter(e -> subjectsById.containsKey(e.getKey()))
                .sorted(Comparator.comparingDouble((Map.Entry<UUID, IndexMatch> e) -> e.getValue().similarity())
                        .reversed())
                .limit(k)
                .map(e -> {
                    Subject s = subjectsById.get(e.getKey());
                    return new Match(s.id(), s.externalId(), s.name(), round(e.getValue().similarity()),
                            UUID.fromString(e.getValue().faceId()));
                })
                .toList();
    }

    /** The subjects behind the matches, from the short Redis cache where possible; erased subjects drop out. */
    private Uni<Map<UUID, Subject>> decorate(List<IndexMatch> matches) {
        List<UUID> ids = matches.stream().filter(m -> m.similarity() >= config.threshold())
                .map(m -> UUID.fromString(m.subjectId())).distinct().toList();
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<Uni<Optional<Subject>>> cached = ids.stream()
                .map(id -> cache.get(subjectKey(id)).map(v -> v.flatMap(value -> fromJson(value, Subject.class)))).toList();
        return Uni.join().all(cached).andFailFast().chain(hits -> {
            Map<UUID, Subject> byId = new HashMap<>();
            hits.forEach(hit -> hit.ifPresent(s -> byId.put(s.id(), s)));
            List<UUID> missing = ids.stream().filter(id -> !byId.containsKey(id)).toList();
            return db("find_subjects", subjects.findAll(missing)).call(loaded -> {
                loaded.forEach(s -> byId.put(s.id(), s));
                return Uni.join().all(loaded.stream()
                                .map(s -> cache.put(subjectKey(s.id()), toJson(s), SUBJECT_CACHE_TTL))
                                .toList())
                        .andCollectFailures().replaceWithVoid()
                        .onFailure().recoverWithNull();
            }).replaceWith(byId);
        });
    }

    public Uni<SubjectVerification> verifySubject(String requestId, String collection, UUID subjectId, Photo photo) {
        return db("verify_subject", schema.ensure()
                .chain(() -> requireSubject(collection, subjectId))
                .chain(() -> faces.activeOf(subjectId)))
                .chain(enrolled -> {
                    if (enrolled.isEmpty()) {
                        throw VisageException.builder(ErrorType.VALIDATION_ERROR,
                                        "Subject " + subjectId + " has no enrolled faces")
                                .httpStatus(422).details("subject_id=" + subjectId)
                                .suggestion("Enrol a photo with POST /api/v1/subjects/{id}/faces first.").build();
                    }
                    return gateway.analyse(requestId, photo, EmbedSelection.LARGEST).map(reply -> {
                        FaceData probe = VerificationService.summarise(photo, reply).face();
                        StoredFace bestFace = enrolled.get(0);
                        double best = -1;
                        for (StoredFace face : enrolled) {
                            double similarity = Similarity.cosine(probe.embedding(), face.embedding());
                            if (similarity > best) {
                                best = similarity;
                                bestFace = face;
                            }
                        }
                        return new SubjectVerification(best >= config.threshold(), round(best), config.threshold(),
                                subjectId, bestFace.id(), enrolled.size(), SUBJECT_RULE, probe.withoutEmbedding());
                    });
                });
    }

    private Uni<Subject> requireSubject(String collection, UUID id) {
        return subjects.find(collection, id)
                .map(found -> found.orElseThrow(() -> GalleryErrors.subjectNotFound(collection, id)));
    }

    private static <T> Uni<T> db(String operation, Uni<T> work) {
        Function<Uni<T>, Uni<T>> typed = GalleryErrors.database(operation);
        return typed.apply(work);
    }

    private static String subjectKey(UUID id) {
        return "visage:subject:" + id;
    }

    /** Cached values are JSON; what cannot be written is a bug, what cannot be read is treated as absent. */
    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> Optional<T> fromJson(String value, Class<T> type) {
        try {
            return Optional.of(json.readValue(value, type));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
