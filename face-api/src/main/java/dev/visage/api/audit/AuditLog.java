package dev.visage.api.audit;

import dev.visage.api.database.DatabaseSchema;
import dev.visage.api.gallery.repository.Page;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static dev.visage.api.database.DatabaseErrors.database;

/**
 * Appends to the audit log and reads it back. An event that cannot be written (PostgreSQL down) does not fail the
 * operation it describes, which has already happened: it is logged at ERROR with the event's ids and counted in
 * {@code visage_audit_write_failures_total}, which an alert watches.
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class);

    private final AuditRepository events;
    private final DatabaseSchema schema;
    private final AuditConfig config;
    private final Counter writeFailures;

    public AuditLog(AuditRepository events, DatabaseSchema schema, AuditConfig config, MeterRegistry registry) {
        this.events = events;
        this.schema = schema;
        this.config = config;
        this.writeFailures = registry.counter("visage.audit.write.failures");
    }

    void schedule(@Observes StartupEvent event, Vertx vertx) {
        vertx.setPeriodic(config.sweepInterval().toMillis(), id -> sweep().subscribe().with(
                deleted -> {
                    if (deleted > 0) {
                        LOG.infof("audit log: %d events older than %s deleted", deleted, config.retention());
                    }
                },
                failure -> LOG.warnf("audit log sweep failed, next try in %s: %s", config.sweepInterval(),
                        failure.getMessage())));
    }

    public Uni<Void> record(AuditEvent event) {
        return schema.ensure().chain(() -> events.insert(event))
                .onFailure().recoverWithItem(failure -> {
                    writeFailures.increment();
                    LOG.errorf("audit event not written (%s): action=%s key=%s collection=%s subjects=%s face=%s "
                                    + "outcome=%s request=%s", failure.getMessage(), event.action().wireName(),
                            event.keyId(), event.collection(), event.subjectIds(), event.faceId(), event.outcome(),
                            event.requestId());
                    return null;
                });
    }

    public Uni<Page<AuditEvent>> find(AuditQuery query) {
        return database("read_audit", schema.ensure().chain(() -> events.find(query)));
    }

    Uni<Integer> sweep() {
        return schema.ensure().chain(() -> events.deleteBefore(
                OffsetDateTime.now(ZoneOffset.UTC).minus(config.retention())));
    }
}
