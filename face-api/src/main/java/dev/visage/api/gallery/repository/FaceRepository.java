package dev.visage.api.gallery.repository;

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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Enrolled faces in PostgreSQL, embedding included: the database is the truth the vector index can always be
 * rebuilt from, and where subject verification reads a subject's faces.
 */
@ApplicationScoped
public class FaceRepository {

    private static final String COLUMNS = "id, subject_id, collection, state, embedding, model, detection_score, "
            + "face_width, face_height, photo_sha256, created_at";

    private final Pool pool;

    public FaceRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<StoredFace> insertPending(SqlClient client, StoredFace face) {
        return client.preparedQuery("INSERT INTO faces (id, subject_id, collection, state, embedding, model, "
                        + "detection_score, face_width, face_height, photo_sha256) "
                        + "VALUES ($1, $2, $3, 'pending', $4, $5, $6, $7, $8, $9) RETURNING " + COLUMNS)
                .execute(Tuple.tuple().addUUID(face.id()).addUUID(face.subjectId()).addString(face.collection())
                        .addBuffer(Buffer.buffer(Embeddings.toBytes(face.embedding()))).addString(face.model())
                        .addDouble(face.detectionScore()).addDouble(face.width()).addDouble(face.height())
                        .addString(face.photoSha256()))
                .map(rows -> toFace(rows.iterator().next()));
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
                .execute(Tuple.of(subjectId)).map(FaceRepository::toFaces);
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
    public Uni<List<StoredFace>> stalePending(Duration grace) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM faces WHERE state = 'pending' "
                        + "AND updated_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) grace.toSeconds())).map(FaceRepository::toFaces);
    }

    /** Faces whose erasure was interrupted. */
    public Uni<List<StoredFace>> deleting() {
        return pool.query("SELECT " + COLUMNS + " FROM faces WHERE state = 'deleting'").execute()
                .map(FaceRepository::toFaces);
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
                .execute(Tuple.of(ids.toArray(new UUID[0]))).map(FaceRepository::toFaces);
    }

    private static List<StoredFace> toFaces(RowSet<Row> rows) {
        List<StoredFace> faces = new ArrayList<>();
        rows.forEach(row -> faces.add(toFace(row)));
        return faces;
    }

    private static StoredFace toFace(Row row) {
        return new StoredFace(row.getUUID("id"), row.getUUID("subject_id"), row.getString("collection"),
                row.getString("state"), Embeddings.fromBytes(row.getBuffer("embedding").getBytes()),
                row.getString("model"), row.getFloat("detection_score"), row.getFloat("face_width"),
                row.getFloat("face_height"), row.getString("photo_sha256"), row.getOffsetDateTime("created_at"));
    }
}
