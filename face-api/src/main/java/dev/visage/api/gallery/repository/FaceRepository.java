package dev.visage.api.gallery.repository;

import dev.visage.api.templates.TemplateCipher;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.UUID;

/**
 * Enrolled faces in PostgreSQL, embedding included, sealed by {@link TemplateCipher}: the database is the truth the
 * vector index can always be rebuilt from, and where subject verification reads a subject's faces.
 */
@ApplicationScoped
public class FaceRepository {

    private static final String COLUMNS = "id, subject_id, collection, state, embedding, key_id, model, "
            + "detection_score, face_width, face_height, photo_sha256, created_at";

    private final Pool pool;
    private final TemplateCipher templates;

    public FaceRepository(Pool pool, TemplateCipher templates) {
        this.pool = pool;
        this.templates = templates;
    }

    public Uni<StoredFace> insertPending(SqlClient client, StoredFace face) {
        TemplateCipher.Sealed sealed = templates.seal(face.id(), face.embedding());
        return client.preparedQuery("INSERT INTO faces (id, subject_id, collection, state, embedding, key_id, model, "
                        + "detection_score, face_width, face_height, photo_sha256) "
                        + "VALUES ($1, $2, $3, 'pending', $4, $5, $6, $7, $8, $9, $10) RETURNING " + COLUMNS)
                .execute(Tuple.tuple().addUUID(face.id()).addUUID(face.subjectId()).addString(face.collection())
                        .addBuffer(Buffer.buffer(sealed.bytes())).addString(sealed.keyId()).addString(face.model())
                        .addDouble(face.detectionScore()).addDouble(face.width()).addDouble(face.height())
                        .addString(face.photoSha256()))
                .map(rows -> toFace(rows.iterator().next()));
    }

    /**
     * A face that makes enrolling this photo again unnecessary: the face {@code faceId} itself (written by an earlier
     * try), or a face of the subject from the same photo; pending ones count, the reconciler finishes them.
     */
    public Uni<Optional<UUID>> sameEnrolment(UUID faceId, UUID subjectId, String photoSha256) {
        return pool.preparedQuery("SELECT id FROM faces WHERE state <> 'deleting' AND (id = $1 OR "
                        + "(subject_id = $2 AND photo_sha256 = $3)) ORDER BY (id = $1) DESC LIMIT 1")
                .execute(Tuple.of(faceId, subjectId, photoSha256))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getUUID("id")));
    }

    /** Whether the face is written and not being erased. */
    public Uni<Boolean> exists(UUID faceId) {
        return pool.preparedQuery("SELECT 1 FROM faces WHERE id = $1 AND state <> 'deleting'")
                .execute(Tuple.of(faceId)).map(rows -> rows.size() > 0);
    }

    public Uni<Void> activate(UUID id) {
        return pool.preparedQuery("UPDATE faces SET state = 'active', updated_at = now() "
                        + "WHERE id = $1 AND state = 'pending'")
                .execute(Tuple.of(id)).replaceWithVoid();
    }

    /** The subject's faces that count: active ones. */
    public Uni<List<StoredFace>> activeOf(UUID subjectId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM faces WHERE subject_id = $1 AND state = 'active' "
                        + "ORDER BY created_at, id")
                .execute(Tuple.of(subjectId)).map(this::toFaces);
    }

    /** Marks one face of the subject for erasure; false when it is not there. */
    public Uni<Boolean> markDeleting(UUID subjectId, UUID faceId) {
        return pool.preparedQuery("UPDATE faces SET state = 'deleting', updated_at = now() "
                        + "WHERE id = $1 AND subject_id = $2")
                .execute(Tuple.of(faceId, subjectId)).map(rows -> rows.rowCount() > 0);
    }

    public Uni<Void> delete(UUID faceId) {
        return pool.preparedQuery("DELETE FROM faces WHERE id = $1").execute(Tuple.of(faceId)).replaceWithVoid();
    }

    /** Faces left pending longer than {@code grace}: their enrolment was interrupted. */
    /** The face, if it is written but its enrolment was not finished. */
    public Uni<Optional<StoredFace>> pending(UUID faceId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM faces WHERE id = $1 AND state = 'pending'")
                .execute(Tuple.of(faceId)).map(rows -> toFaces(rows).stream().findFirst());
    }

    public Uni<List<StoredFace>> stalePending(Duration grace) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM faces WHERE state = 'pending' "
                        + "AND updated_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) grace.toSeconds())).map(this::toFaces);
    }

    /** Faces whose erasure was interrupted. */
    public Uni<List<StoredFace>> deleting() {
        return pool.query("SELECT " + COLUMNS + " FROM faces WHERE state = 'deleting'").execute()
                .map(this::toFaces);
    }

    /** The collection's faces that may, or must, have a vector in the index. */
    public Uni<LiveFaces> liveFaces(String collection) {
        return pool.preparedQuery("SELECT id, state FROM faces WHERE collection = $1 AND state <> 'deleting'")
                .execute(Tuple.of(collection))
                .map(rows -> {
                    Set<UUID> live = new HashSet<>();
                    Set<UUID> active = new HashSet<>();
                    rows.forEach(row -> {
                        live.add(row.getUUID("id"));
                        if ("active".equals(row.getString("state"))) {
                            active.add(row.getUUID("id"));
                        }
                    });
                    return new LiveFaces(live, active);
                });
    }

    /** The collections that hold at least one active face. */
    public Uni<List<String>> activeCollections() {
        return pool.query("SELECT DISTINCT collection FROM faces WHERE state = 'active'").execute()
                .map(rows -> {
                    List<String> collections = new ArrayList<>();
                    rows.forEach(row -> collections.add(row.getString("collection")));
                    return collections;
                });
    }

    /** Those of {@code ids} that are still active, with their embeddings. */
    public Uni<List<StoredFace>> stillActive(List<UUID> ids) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM faces WHERE id = ANY($1) AND state = 'active'")
                .execute(Tuple.of(ids.toArray(new UUID[0]))).map(this::toFaces);
    }

    /** Up to {@code limit} templates not sealed with {@code activeKey}: the next batch of a re-encryption. */
    public Uni<List<StoredTemplate>> notSealedWith(String activeKey, int limit) {
        return pool.preparedQuery("SELECT id, key_id, embedding FROM faces WHERE key_id IS DISTINCT FROM $1 "
                        + "LIMIT $2")
                .execute(Tuple.of(activeKey, limit))
                .map(rows -> {
                    List<StoredTemplate> found = new ArrayList<>();
                    rows.forEach(row -> found.add(new StoredTemplate(row.getUUID("id"),
                            new TemplateCipher.Sealed(row.getString("key_id"), row.getBuffer("embedding").getBytes()))));
                    return found;
                });
    }

    /**
     * Replaces a template with its re-sealed form, unless it changed meanwhile (then the next pass sees it again);
     * true when replaced.
     */
    public Uni<Boolean> replaceTemplate(SqlClient client, UUID faceId, String previousKeyId,
                                        TemplateCipher.Sealed sealed) {
        return client.preparedQuery("UPDATE faces SET embedding = $1, key_id = $2 "
                        + "WHERE id = $3 AND key_id IS NOT DISTINCT FROM $4")
                .execute(Tuple.tuple().addBuffer(Buffer.buffer(sealed.bytes())).addString(sealed.keyId())
                        .addUUID(faceId).addString(previousKeyId))
                .map(rows -> rows.rowCount() > 0);
    }

    /** How many templates each key seals; the key {@code null} counts those stored in the clear. */
    public Uni<Map<String, Long>> templatesByKey() {
        return pool.query("SELECT key_id, count(*) AS n FROM faces GROUP BY key_id").execute()
                .map(rows -> {
                    Map<String, Long> counts = new HashMap<>();
                    rows.forEach(row -> counts.put(row.getString("key_id"), row.getLong("n")));
                    return counts;
                });
    }

    /** A face's template as stored, for re-encryption. */
    public record StoredTemplate(UUID faceId, TemplateCipher.Sealed sealed) {
    }

    private List<StoredFace> toFaces(RowSet<Row> rows) {
        List<StoredFace> faces = new ArrayList<>();
        rows.forEach(row -> faces.add(toFace(row)));
        return faces;
    }

    private StoredFace toFace(Row row) {
        UUID id = row.getUUID("id");
        return new StoredFace(id, row.getUUID("subject_id"), row.getString("collection"), row.getString("state"),
                templates.open(id, new TemplateCipher.Sealed(row.getString("key_id"),
                        row.getBuffer("embedding").getBytes())),
                row.getString("model"), row.getFloat("detection_score"), row.getFloat("face_width"),
                row.getFloat("face_height"), row.getString("photo_sha256"), row.getOffsetDateTime("created_at"));
    }
}
