package dev.visage.api.enrolment.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.pgclient.PgException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Bulk enrolment jobs and their photos in PostgreSQL, so that a job outlives the replica that took it. A photo is
 * held only until it is enrolled or has failed; then only its result is kept.
 */
@ApplicationScoped
public class EnrolmentJobRepository {

    private static final String JOB_COLUMNS = "id, collection, quality, liveness, total, created_at, finished_at";
    private static final String UNIQUE_VIOLATION = "23505";

    private final Pool pool;

    public EnrolmentJobRepository(Pool pool) {
        this.pool = pool;
    }

    /** The job a key already created with this idempotency key in the collection, if any. */
    public Uni<Optional<UUID>> findByIdempotencyKey(String collection, UUID keyId, String idempotencyKey) {
        return pool.preparedQuery("SELECT id FROM enrolment_jobs WHERE collection = $1 AND key_id = $2 "
                        + "AND idempotency_key = $3")
                .execute(Tuple.of(collection, keyId, idempotencyKey))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(rows.iterator().next().getUUID("id")));
    }

    /**
     * Stores a job and its photos in one transaction. False when a job with the same idempotency key was stored
     * first by a concurrent request.
     */
    public Uni<Boolean> insert(NewJob job, List<NewItem> items) {
        return pool.withTransaction(connection -> connection.preparedQuery("INSERT INTO enrolment_jobs "
                                + "(id, collection, key_id, key_name, idempotency_key, quality, liveness, total) "
                                + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                        .execute(Tuple.tuple().addUUID(job.id()).addString(job.collection()).addUUID(job.keyId())
                                .addString(job.keyName()).addString(job.idempotencyKey()).addString(job.quality())
                                .addBoolean(job.liveness()).addInteger(items.size()))
                        .chain(() -> connection.preparedQuery("INSERT INTO enrolment_items "
                                        + "(job_id, position, external_id, photo, face_id, state, result, updated_at) "
                                        + "VALUES ($1, $2, $3, $4, $5, $6, $7, now())")
                                .executeBatch(items.stream().map(item -> Tuple.tuple().addUUID(job.id())
                                        .addInteger(item.position()).addString(item.externalId())
                                        .addValue(item.photo() == null ? null
                                                : Buffer.buffer(item.photo()).getDelegate())
                                        .addUUID(UUID.randomUUID()).addString(item.state())
                                        .addValue(json(item.resultJson()))).toList()))
                        .chain(() -> finishIfDone(connection, job.id())))
                .replaceWith(true)
                .onFailure(EnrolmentJobRepository::isUniqueViolation).recoverWithItem(false);
    }

    public Uni<Optional<JobRow>> find(String collection, UUID id) {
        return pool.preparedQuery("SELECT " + JOB_COLUMNS + " FROM enrolment_jobs WHERE id = $1 AND collection = $2")
                .execute(Tuple.of(id, collection))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toJob(rows.iterator().next())));
    }

    /** Every photo's state and result, in request order; never the photos themselves. */
    public Uni<List<ItemRow>> items(UUID jobId) {
        return pool.preparedQuery("SELECT position, external_id, face_id, state, attempts, result::text AS result "
                        + "FROM enrolment_items WHERE job_id = $1 ORDER BY position")
                .execute(Tuple.of(jobId))
                .map(rows -> {
                    List<ItemRow> items = new ArrayList<>();
                    rows.forEach(row -> items.add(new ItemRow(row.getInteger("position"), row.getString("external_id"),
                            row.getUUID("face_id"), row.getString("state"), row.getInteger("attempts"),
                            row.getString("result"))));
                    return items;
                });
    }

    /**
     * Takes up to {@code limit} waiting photos, oldest job first, for {@code lease}: photos queued, due again after a
     * retry delay, or held by a replica whose lease ran out. Replicas claiming together never take the same photo.
     */
    public Uni<List<ClaimedItem>> claim(int limit, Duration lease) {
        return pool.preparedQuery("""
                        UPDATE enrolment_items i
                           SET state = 'running', attempts = i.attempts + 1,
                               claimed_until = now() + make_interval(secs => $2), updated_at = now()
                          FROM enrolment_jobs j
                         WHERE j.id = i.job_id AND (i.job_id, i.position) IN (
                               SELECT w.job_id, w.position FROM enrolment_items w
                                 JOIN enrolment_jobs wj ON wj.id = w.job_id
                                WHERE w.state IN ('queued', 'running')
                                  AND (w.claimed_until IS NULL OR w.claimed_until < now())
                                ORDER BY wj.created_at, w.job_id, w.position
                                LIMIT $1
                                  FOR UPDATE OF w SKIP LOCKED)
                        RETURNING i.job_id, i.position, i.external_id, i.photo, i.face_id, i.attempts,
                                  j.collection, j.quality, j.liveness, j.key_id, j.key_name""")
                .execute(Tuple.of(limit, lease.toMillis() / 1000.0))
                .map(rows -> {
                    List<ClaimedItem> claimed = new ArrayList<>();
                    rows.forEach(row -> claimed.add(new ClaimedItem(row.getUUID("job_id"), row.getInteger("position"),
                            row.getString("external_id"), row.getBuffer("photo").getBytes(), row.getUUID("face_id"),
                            row.getInteger("attempts"), row.getString("collection"), row.getString("quality"),
                            row.getBoolean("liveness"), row.getUUID("key_id"), row.getString("key_name"))));
                    return claimed;
                });
    }

    /**
     * Records a photo's final state and result and lets go of the photo; the job is finished when it was its last.
     * Only the holder of a running photo can finish it.
     */
    public Uni<Void> finish(UUID jobId, int position, String state, String resultJson) {
        return pool.withTransaction(connection -> connection.preparedQuery("UPDATE enrolment_items "
                                + "SET state = $3, result = $4, photo = NULL, claimed_until = NULL, "
                                + "updated_at = now() WHERE job_id = $1 AND position = $2 AND state = 'running'")
                        .execute(Tuple.of(jobId, position, state, json(resultJson)))
                        .chain(() -> finishIfDone(connection, jobId)))
                .replaceWithVoid();
    }

    /**
     * Marks the job finished when no photo waits. The job row is locked first: two photos finishing together would
     * otherwise each see the other still running, and neither would finish the job.
     */
    private static Uni<?> finishIfDone(SqlClient client, UUID jobId) {
        return client.preparedQuery("SELECT 1 FROM enrolment_jobs WHERE id = $1 FOR UPDATE").execute(Tuple.of(jobId))
                .chain(() -> client.preparedQuery("UPDATE enrolment_jobs SET finished_at = now() WHERE id = $1 "
                        + "AND finished_at IS NULL AND NOT EXISTS (SELECT 1 FROM enrolment_items WHERE job_id = $1 "
                        + "AND state IN ('queued', 'running'))")
                .execute(Tuple.of(jobId)));
    }

    /** Puts a photo back in the queue, due again after {@code delay}, with the failure that sent it back. */
    public Uni<Void> retryLater(UUID jobId, int position, Duration delay, String resultJson) {
        return pool.preparedQuery("UPDATE enrolment_items SET state = 'queued', result = $4, "
                        + "claimed_until = now() + make_interval(secs => $3), updated_at = now() "
                        + "WHERE job_id = $1 AND position = $2 AND state = 'running'")
                .execute(Tuple.of(jobId, position, delay.toMillis() / 1000.0, json(resultJson)))
                .replaceWithVoid();
    }

    /** Deletes jobs that finished before {@code keep} ago; the number deleted. */
    public Uni<Integer> deleteFinishedBefore(Duration keep) {
        return pool.preparedQuery("DELETE FROM enrolment_jobs WHERE finished_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) keep.toSeconds()))
                .map(rows -> rows.rowCount());
    }

    /** How far the unfinished jobs of the whole deployment are. */
    public Uni<Progress> progress() {
        return pool.query("SELECT count(DISTINCT j.id) AS jobs, "
                        + "count(*) FILTER (WHERE i.state IN ('enrolled', 'failed')) AS finished, count(*) AS photos "
                        + "FROM enrolment_jobs j JOIN enrolment_items i ON i.job_id = j.id WHERE j.finished_at IS NULL")
                .execute()
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Progress(row.getLong("jobs"), row.getLong("finished"), row.getLong("photos"));
                });
    }

    /** Unfinished jobs, and their photos finished (enrolled or failed) out of all their photos. */
    public record Progress(long jobs, long finishedPhotos, long photos) {
    }

    /** A result as the JSON value the driver sends as jsonb; a plain String would be stored as a JSON string. */
    private static JsonObject json(String resultJson) {
        return resultJson == null ? null : new JsonObject(resultJson);
    }

    private static JobRow toJob(Row row) {
        return new JobRow(row.getUUID("id"), row.getString("collection"), row.getString("quality"),
                row.getBoolean("liveness"), row.getInteger("total"), row.getOffsetDateTime("created_at"),
                row.getOffsetDateTime("finished_at"));
    }

    private static boolean isUniqueViolation(Throwable failure) {
        return failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
    }

    public record NewJob(UUID id, String collection, UUID keyId, String keyName, String idempotencyKey,
                         String quality, boolean liveness) {
    }

    /** A photo of a new job: queued with its bytes, or failed already (its bytes were not a usable photo). */
    public record NewItem(int position, String externalId, byte[] photo, String state, String resultJson) {
    }

    public record JobRow(UUID id, String collection, String quality, boolean liveness, int total,
                         OffsetDateTime createdAt, OffsetDateTime finishedAt) {
    }

    public record ItemRow(int position, String externalId, UUID faceId, String state, int attempts,
                          String resultJson) {
    }

    /** A photo a replica now holds, with what its job asks for. */
    public record ClaimedItem(UUID jobId, int position, String externalId, byte[] photo, UUID faceId, int attempts,
                              String collection, String quality, boolean liveness, UUID keyId, String keyName) {
    }
}
