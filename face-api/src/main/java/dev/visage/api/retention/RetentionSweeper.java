package dev.visage.api.retention;

import dev.visage.api.audit.AuditAction;
import dev.visage.api.audit.AuditEvent;
import dev.visage.api.audit.AuditLog;
import dev.visage.api.database.DatabaseSchema;
import dev.visage.api.gallery.repository.Subject;
import dev.visage.api.gallery.repository.SubjectRepository;
import dev.visage.api.gallery.service.SubjectService;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Erases subjects whose retention period is over, through the same erase path as {@code DELETE} (row hidden, vectors
 * removed, row purged; the reconciler finishes what an interruption leaves), and records each erasure in the audit
 * log as {@code retention_erasure}. Several replicas sweeping at once erase nothing twice: erasing is idempotent.
 */
@ApplicationScoped
public class RetentionSweeper {

    private static final Logger LOG = Logger.getLogger(RetentionSweeper.class);
    static final String ACTOR = "retention sweeper";

    private final SubjectRepository subjects;
    private final SubjectService erasure;
    private final AuditLog audit;
    private final DatabaseSchema schema;
    private final RetentionConfig config;
    private final AtomicBoolean running = new AtomicBoolean();

    public RetentionSweeper(SubjectRepository subjects, SubjectService erasure, AuditLog audit, DatabaseSchema schema,
                            RetentionConfig config) {
        this.subjects = subjects;
        this.erasure = erasure;
        this.audit = audit;
        this.schema = schema;
        this.config = config;
    }

    void schedule(@Observes StartupEvent event, Vertx vertx) {
        vertx.setPeriodic(config.sweepInterval().toMillis(), id -> sweep().subscribe().with(
                erased -> {
                    if (erased > 0) {
                        LOG.infof("retention: %d subjects past their collection's period erased", erased);
                    }
                },
                failure -> LOG.warnf("retention sweep failed, next in %s: %s", config.sweepInterval(),
                        failure.getMessage())));
    }

    /** Erases every expired subject, a batch at a time; the number erased. One sweep at a time per replica. */
    public Uni<Long> sweep() {
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().item(0L);
        }
        return schema.ensure()
                .chain(() -> Multi.createBy().repeating()
                        .uni(() -> subjects.expired(config.defaultDays(), config.sweepBatch()).chain(this::erase))
                        .whilst(erased -> erased > 0)
                        .collect().with(Collectors.summingLong(Integer::longValue)))
                .eventually(() -> running.set(false));
    }

    /** Erases a batch; the number erased. A subject that fails stays for the next sweep. */
    private Uni<Integer> erase(List<Subject> expired) {
        return Multi.createFrom().iterable(expired)
                .onItem().transformToUniAndConcatenate(subject -> erasure.delete(subject.collection(), subject.id())
                        .call(() -> audit.record(new AuditEvent(null, null, null, null, ACTOR,
                                AuditAction.RETENTION_ERASURE, subject.collection(), List.of(subject.id()), null, null,
                                AuditEvent.OK, 200)))
                        .replaceWith(1)
                        .onFailure().recoverWithItem(failure -> {
                            LOG.warnf("retention: subject %s not erased yet: %s", subject.id(), failure.getMessage());
                            return 0;
                        }))
                .collect().with(Collectors.summingInt(Integer::intValue));
    }
}
