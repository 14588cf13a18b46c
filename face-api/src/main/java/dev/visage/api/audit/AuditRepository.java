package dev.visage.api.audit;

import dev.visage.api.gallery.repository.Page;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** The audit log in PostgreSQL: appended to, read by administrators, trimmed to its retention. */
@ApplicationScoped
public class AuditRepository {

    private static final String COLUMNS = "id, at, request_id, key_id, key_name, action, collection, subject_ids, "
            + "face_id, target_key, outcome, status";
    /** Every filter is a parameter that is null when not asked for, so the statement is one and always prepared. */
    private static final String FILTER = " WHERE ($1::uuid IS NULL OR key_id = $1)"
            + " AND ($2::text IS NULL OR action = $2)"
            + " AND ($3::text IS NULL OR collection = $3)"
            + " AND ($4::uuid IS NULL OR subject_ids @> ARRAY[$4::uuid])"
            + " AND ($5::timestamptz IS NULL OR at >= $5)"
            + " AND ($6::timestamptz IS NULL OR at < $6)";

    private final Pool pool;

    public AuditRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> insert(AuditEvent event) {
        return pool.preparedQuery("INSERT INTO audit_events (request_id, key_id, key_name, action, collection, "
                        + "subject_ids, face_id, target_key, outcome, status) "
                        + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
                .execute(Tuple.tuple().addString(event.requestId()).addUUID(event.keyId())
                        .addString(event.keyName()).addString(event.action().wireName())
                        .addString(event.collection())
                        .addArrayOfUUID(event.subjectIds().toArray(UUID[]::new))
                        .addUUID(event.faceId()).addUUID(event.targetKeyId()).addString(event.outcome())
                        .addInteger(event.status()))
                .replaceWithVoid();
    }

    public Uni<Page<AuditEvent>> find(AuditQuery query) {
        Tuple filters = filters(query);
        Uni<List<AuditEvent>> items = pool.preparedQuery("SELECT " + COLUMNS + " FROM audit_events" + FILTER
                        + " ORDER BY at DESC, id DESC OFFSET $7 LIMIT $8")
                .execute(filters(query).addInteger(query.offset()).addInteger(query.limit()))
                .map(rows -> {
                    List<AuditEvent> events = new ArrayList<>();
                    rows.forEach(row -> events.add(toEvent(row)));
                    return events;
                });
        Uni<Long> total = pool.preparedQuery("SELECT count(*) AS n FROM audit_events" + FILTER).execute(filters)
                .map(rows -> rows.iterator().next().getLong("n"));
        return Uni.combine().all().unis(items, total).asTuple()
                .map(t -> new Page<>(t.getItem1(), query.offset(), query.limit(), t.getItem2()));
    }

    /** Deletes events older than {@code before}; the number deleted. */
    public Uni<Integer> deleteBefore(OffsetDateTime before) {
        return pool.preparedQuery("DELETE FROM audit_events WHERE at < $1").execute(Tuple.of(before))
                .map(rows -> rows.rowCount());
    }

    private static Tuple filters(AuditQuery query) {
        return Tuple.tuple().addUUID(query.keyId())
                .addString(query.action() == null ? null : query.action().wireName())
                .addString(query.collection()).addUUID(query.subjectId())
                .addOffsetDateTime(query.from()).addOffsetDateTime(query.to());
    }

    private static AuditEvent toEvent(Row row) {
        UUID[] subjects = row.getArrayOfUUIDs("subject_ids");
        return new AuditEvent(row.getLong("id"), row.getOffsetDateTime("at"), row.getString("request_id"),
                row.getUUID("key_id"), row.getString("key_name"), AuditAction.fromWireName(row.getString("action")),
                row.getString("collection"), subjects == null ? List.of() : Arrays.asList(subjects),
                row.getUUID("face_id"), row.getUUID("target_key"), row.getString("outcome"),
                row.getInteger("status"));
    }
}
