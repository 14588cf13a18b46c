package dev.visage.api.gallery.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Subjects in PostgreSQL. A subject being erased is hidden at once and removed once its vectors are gone. */
@ApplicationScoped
public class SubjectRepository {

    private static final String COLUMNS = "id, collection, external_id, name, metadata, created_at, last_activity_at";

    private static final String PREFIXED = "s." + COLUMNS.replace(", ", ", s.");

    private final Pool pool;

    public SubjectRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Subject> insert(SqlClient client, Subject subject) {
        return client.preparedQuery("INSERT INTO subjects (id, collection, external_id, name, metadata) "
                        + "VALUES ($1, $2, $3, $4, $5) RETURNING " + COLUMNS)
                .execute(Tuple.of(subject.id(), subject.collection(), subject.externalId(), subject.name(),
                        new JsonObject(subject.metadata() == null ? Map.of() : subject.metadata())))
                .map(rows -> toSubject(rows.iterator().next()));
    }

    /**
     * The live subject with this external id in the collection, created (without name or metadata) when there is
     * none; concurrent calls for the same id end with the same subject. {@code created} says whether this call made it.
     */
    public Uni<FoundOrCreated> findOrCreate(String collection, String externalId) {
        return pool.preparedQuery("INSERT INTO subjects (id, collection, external_id) VALUES ($1, $2, $3) "
                        + "ON CONFLICT (collection, external_id) WHERE external_id IS NOT NULL AND deleted_at IS NULL "
                        + "DO NOTHING RETURNING " + COLUMNS)
                .execute(Tuple.of(UUID.randomUUID(), collection, externalId))
                .chain(rows -> rows.size() > 0
                        ? Uni.createFrom().item(new FoundOrCreated(toSubject(rows.iterator().next()), true))
                        : pool.preparedQuery("SELECT " + COLUMNS + " FROM subjects WHERE collection = $1 "
                                        + "AND external_id = $2 AND deleted_at IS NULL")
                                .execute(Tuple.of(collection, externalId))
                                .map(found -> new FoundOrCreated(toSubject(found.iterator().next()), false)));
    }

    public record FoundOrCreated(Subject subject, boolean created) {
    }

    public Uni<Optional<Subject>> find(String collection, UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM subjects "
                        + "WHERE id = $1 AND collection = $2 AND deleted_at IS NULL")
                .execute(Tuple.of(id, collection))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toSubject(rows.iterator().next())));
    }

    /** Subjects by id, any collection, for decorating identification matches. */
    public Uni<List<Subject>> findAll(List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM subjects WHERE id = ANY($1) AND deleted_at IS NULL")
                .execute(Tuple.of(ids.toArray(UUID[]::new)))
                .map(rows -> {
                    List<Subject> subjects = new ArrayList<>();
                    rows.forEach(row -> subjects.add(toSubject(row)));
                    return subjects;
                });
    }

    /** One page, oldest first, and the total. */
    public Uni<Page<Subject>> list(String collection, int offset, int limit) {
        Uni<List<Subject>> items = pool.preparedQuery("SELECT " + COLUMNS + " FROM subjects "
                        + "WHERE collection = $1 AND deleted_at IS NULL ORDER BY created_at, id OFFSET $2 LIMIT $3")
                .execute(Tuple.of(collection, offset, limit))
                .map(rows -> {
                    List<Subject> subjects = new ArrayList<>();
                    rows.forEach(row -> subjects.add(toSubject(row)));
                    return subjects;
                });
        Uni<Long> total = pool.preparedQuery("SELECT count(*) AS n FROM subjects "
                        + "WHERE collection = $1 AND deleted_at IS NULL")
                .execute(Tuple.of(collection))
                .map(rows -> rows.iterator().next().getLong("n"));
        return Uni.combine().all().unis(items, total).asTuple()
                .map(t -> new Page<>(t.getItem1(), offset, limit, t.getItem2()));
    }

    /** Hides the subject and marks its faces for erasure, in one transaction. False when there was nothing to erase. */
    public Uni<Boolean> markDeleted(String collection, UUID id) {
        return pool.withTransaction(tx -> tx.preparedQuery("UPDATE subjects SET deleted_at = now() "
                        + "WHERE id = $1 AND collection = $2 AND deleted_at IS NULL")
                .execute(Tuple.of(id, collection))
                .chain(rows -> tx.preparedQuery("UPDATE faces SET state = 'deleting', updated_at = now() "
                                + "WHERE subject_id = $1")
                        .execute(Tuple.of(id))
                        .replaceWith(rows.rowCount() > 0)));
    }

    /** Removes the subject row (its faces go with it) once its vectors are erased from the index. */
    public Uni<Void> purge(UUID id) {
        return pool.preparedQuery("DELETE FROM subjects WHERE id = $1 AND deleted_at IS NOT NULL")
                .execute(Tuple.of(id)).replaceWithVoid();
    }

    /** Subjects whose erasure was interrupted: hidden, but still present. */
    public Uni<List<Subject>> deletedButPresent() {
        return pool.query("SELECT " + COLUMNS + " FROM subjects WHERE deleted_at IS NOT NULL").execute()
                .map(rows -> {
                    List<Subject> subjects = new ArrayList<>();
                    rows.forEach(row -> subjects.add(toSubject(row)));
                    return subjects;
                });
    }

    static Subject toSubject(Row row) {
        JsonObject metadata = row.getJsonObject("metadata");
        return new Subject(row.getUUID("id"), row.getString("collection"), row.getString("external_id"),
                row.getString("name"), metadata == null ? Map.of() : metadata.getMap(),
                row.getOffsetDateTime("created_at"), row.getOffsetDateTime("last_activity_at"));
    }

    /** Records an interaction with these subjects (enrolment, a match): their retention starts again. */
    public Uni<Void> touch(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("UPDATE subjects SET last_activity_at = now() "
                        + "WHERE id = ANY($1) AND deleted_at IS NULL")
                .execute(Tuple.of(ids.toArray(UUID[]::new))).replaceWithVoid();
    }

    /**
     * Up to {@code limit} subjects whose retention is over: no activity for their collection's period, or
     * {@code defaultDays} where the collection has none.
     */
    public Uni<List<Subject>> expired(int defaultDays, int limit) {
        return pool.preparedQuery("SELECT " + PREFIXED + " FROM subjects s "
                        + "LEFT JOIN collection_settings c ON c.name = s.collection "
                        + "WHERE s.deleted_at IS NULL "
                        + "AND s.last_activity_at < now() - make_interval(days => coalesce(c.retention_days, $1)) "
                        + "ORDER BY s.last_activity_at LIMIT $2")
                .execute(Tuple.of(defaultDays, limit))
                .map(rows -> {
                    List<Subject> subjects = new ArrayList<>();
                    rows.forEach(row -> subjects.add(toSubject(row)));
                    return subjects;
                });
    }

    /** The ids of a collection's subjects, a page at a time, for erasing a whole collection. */
    public Uni<List<UUID>> idsIn(String collection, int limit) {
        return pool.preparedQuery("SELECT id FROM subjects WHERE collection = $1 AND deleted_at IS NULL LIMIT $2")
                .execute(Tuple.of(collection, limit))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getUUID("id")));
                    return ids;
                });
    }
}
