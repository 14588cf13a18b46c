package dev.visage.api.database;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * face-api's tables (the gallery, API keys, the audit log, bulk enrolment jobs), created and migrated by the
 * application itself: each migration runs once, in order, in a transaction, and is recorded in {@code visage_schema_version}. An advisory lock keeps two gateways that
 * start together from migrating at once. A database that is down when face-api starts does not stop it: the
 * schema is ensured again before the next gallery call.
 */
@ApplicationScoped
public class DatabaseSchema {

    private static final Logger LOG = Logger.getLogger(DatabaseSchema.class);
    private static final long MIGRATION_LOCK = 0x5649534147450001L;

    static final List<String> MIGRATIONS = List.of(
            """
            CREATE TABLE subjects (
                id          uuid PRIMARY KEY,
                collection  text NOT NULL,
                external_id text,
                name        text,
                metadata    jsonb NOT NULL DEFAULT '{}'::jsonb,
                created_at  timestamptz NOT NULL DEFAULT now(),
                deleted_at  timestamptz
            );
            CREATE UNIQUE INDEX subjects_external_id ON subjects (collection, external_id)
                WHERE external_id IS NOT NULL AND deleted_at IS NULL;
            CREATE INDEX subjects_collection ON subjects (collection, created_at, id) WHERE deleted_at IS NULL;
            CREATE TABLE faces (
                id              uuid PRIMARY KEY,
                subject_id      uuid NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
                collection      text NOT NULL,
                state           text NOT NULL CHECK (state IN ('pending', 'active', 'deleting')),
                embedding       bytea NOT NULL,
                model           text NOT NULL,
                detection_score real NOT NULL,
                face_width      real NOT NULL,
                face_height     real NOT NULL,
                photo_sha256    text NOT NULL,
                created_at      timestamptz NOT NULL DEFAULT now(),
                updated_at      timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX faces_subject ON faces (subject_id);
            CREATE INDEX faces_unsettled ON faces (state, updated_at) WHERE state <> 'active';
            """,
            """
            CREATE TABLE api_keys (
                id                   uuid PRIMARY KEY,
                name                 text NOT NULL,
                key_hash             bytea NOT NULL UNIQUE,
                key_prefix           text NOT NULL,
                scopes               text[] NOT NULL,
                collections          text[],
                requests_per_second  double precision,
                burst                int,
                created_at           timestamptz NOT NULL DEFAULT now(),
                last_used_at         timestamptz,
                expires_at           timestamptz,
                revoked_at           timestamptz
            );
            CREATE TABLE audit_events (
                id          bigserial PRIMARY KEY,
                at          timestamptz NOT NULL DEFAULT now(),
                request_id  text,
                key_id      uuid,
                key_name    text,
                action      text NOT NULL,
                collection  text,
                subject_ids uuid[] NOT NULL DEFAULT '{}',
                face_id     uuid,
                target_key  uuid,
                outcome     text NOT NULL,
                status      int NOT NULL
            );
            CREATE INDEX audit_events_at ON audit_events (at, id);
            CREATE INDEX audit_events_key ON audit_events (key_id, at);
            CREATE INDEX audit_events_subject ON audit_events USING gin (subject_ids);
            """,
            """
            ALTER TABLE faces ADD COLUMN key_id text;
            CREATE INDEX faces_template_key ON faces (key_id);
            """,
            """
            ALTER TABLE subjects ADD COLUMN last_activity_at timestamptz;
            UPDATE subjects SET last_activity_at = created_at;
            ALTER TABLE subjects ALTER COLUMN last_activity_at SET NOT NULL,
                ALTER COLUMN last_activity_at SET DEFAULT now();
            CREATE INDEX subjects_activity ON subjects (last_activity_at) WHERE deleted_at IS NULL;
            CREATE TABLE collection_settings (
                name           text PRIMARY KEY,
                retention_days int NOT NULL CHECK (retention_days > 0),
                updated_at     timestamptz NOT NULL DEFAULT now()
            );
            """,
            """
            CREATE TABLE enrolment_jobs (
                id              uuid PRIMARY KEY,
                collection      text NOT NULL,
                key_id          uuid,
                key_name        text,
                idempotency_key text,
                quality         text NOT NULL,
                liveness        boolean NOT NULL,
                total           int NOT NULL,
                created_at      timestamptz NOT NULL DEFAULT now(),
                finished_at     timestamptz
            );
            CREATE UNIQUE INDEX enrolment_jobs_idempotency ON enrolment_jobs (collection, key_id, idempotency_key)
                WHERE idempotency_key IS NOT NULL;
            CREATE INDEX enrolment_jobs_finished ON enrolment_jobs (finished_at) WHERE finished_at IS NOT NULL;
            CREATE TABLE enrolment_items (
                job_id        uuid NOT NULL REFERENCES enrolment_jobs (id) ON DELETE CASCADE,
                position      int NOT NULL,
                external_id   text NOT NULL,
                photo         bytea,
                face_id       uuid NOT NULL,
                state         text NOT NULL CHECK (state IN ('queued', 'running', 'enrolled', 'failed')),
                attempts      int NOT NULL DEFAULT 0,
                claimed_until timestamptz,
                result        jsonb,
                updated_at    timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (job_id, position)
            );
            CREATE INDEX enrolment_items_waiting ON enrolment_items (claimed_until NULLS FIRST, job_id, position)
                WHERE state IN ('queued', 'running');
            """);

    private final Pool pool;
    private volatile boolean migrated;

    public DatabaseSchema(Pool pool) {
        this.pool = pool;
    }

    /** Completes once the schema is current; cheap after the first success. */
    public Uni<Void> ensure() {
        if (migrated) {
            return Uni.createFrom().voidItem();
        }
        return pool.withTransaction(this::migrate).invoke(() -> migrated = true);
    }

    private Uni<Void> migrate(SqlConnection connection) {
        return connection.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(MIGRATION_LOCK))
                .chain(() -> connection.query("CREATE TABLE IF NOT EXISTS visage_schema_version ("
                        + "version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())").execute())
                .chain(() -> connection.query("SELECT coalesce(max(version), 0) AS v FROM visage_schema_version")
                        .execute())
                .chain(rows -> apply(connection, rows.iterator().next().getInteger("v")));
    }

    private Uni<Void> apply(SqlConnection connection, int current) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = current; i < MIGRATIONS.size(); i++) {
            int version = i + 1;
            String sql = MIGRATIONS.get(i);
            chain = chain.chain(() -> connection.query(sql).execute())
                    .chain(() -> connection.preparedQuery("INSERT INTO visage_schema_version (version) VALUES ($1)")
                            .execute(Tuple.of(version)))
                    .invoke(() -> LOG.infof("gallery schema migrated to version %d", version))
                    .replaceWithVoid();
        }
        return chain;
    }
}
