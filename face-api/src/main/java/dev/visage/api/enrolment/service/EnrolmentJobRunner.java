package dev.visage.api.enrolment.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.visage.api.audit.AuditAction;
import dev.visage.api.audit.AuditEvent;
import dev.visage.api.audit.AuditLog;
import dev.visage.api.database.DatabaseSchema;
import dev.visage.api.enrolment.EnrolmentJobsConfig;
import dev.visage.api.enrolment.repository.EnrolmentJobRepository;
import dev.visage.api.enrolment.repository.EnrolmentJobRepository.ClaimedItem;
import dev.visage.api.enrolment.repository.EnrolmentJobRepository.Progress;
import dev.visage.api.gallery.repository.SubjectRepository;
import dev.visage.api.gallery.repository.FaceRepository;
import dev.visage.api.gallery.service.EnrolmentService;
import dev.visage.api.photo.Photo;
import dev.visage.api.photo.PhotoValidator;
import dev.visage.api.quality.QualityGate;
import dev.visage.api.quality.QualityRefusal;
import dev.visage.common.error.ErrorResponse;
import dev.visage.common.error.VisageException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Works through the waiting photos of every bulk enrolment job, a few at a time per replica
 * ({@code visage.api.enrolment-jobs.concurrency}), each through the same enrolment path as a single call, so the
 * workers' pace and admission decide the speed. Photos are claimed in PostgreSQL with a lease: a replica that stops
 * leaves its photos to whoever claims next once the lease has run out, and the face id fixed per photo at creation
 * keeps a photo tried twice from becoming two faces. Failures of the service (no worker, PostgreSQL or Kafka away)
 * are retried with a growing delay; failures of the photo (no face, refused quality) are final.
 */
@ApplicationScoped
public class EnrolmentJobRunner {

    private static final Logger LOG = Logger.getLogger(EnrolmentJobRunner.class);
    private static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(1);
    private static final Duration PURGE_INTERVAL = Duration.ofHours(1);
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);

    private final EnrolmentJobRepository jobs;
    private final SubjectRepository subjects;
    private final FaceRepository faces;
    private final EnrolmentService enrolment;
    private final PhotoValidator validator;
    private final AuditLog audit;
    private final DatabaseSchema schema;
    private final EnrolmentJobsConfig config;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final MeterRegistry registry;
    private final AtomicLong waitingTimer = new AtomicLong(-1);
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile boolean lastRoundFailed;
    private volatile Optional<Progress> progress = Optional.empty();

    public EnrolmentJobRunner(EnrolmentJobRepository jobs, SubjectRepository subjects, FaceRepository faces,
                              EnrolmentService enrolment, PhotoValidator validator, AuditLog audit,
                              DatabaseSchema schema, EnrolmentJobsConfig config, ObjectMapper json, Vertx vertx,
                              MeterRegistry registry) {
        this.jobs = jobs;
        this.subjects = subjects;
        this.faces = faces;
        this.enrolment = enrolment;
        this.validator = validator;
        this.audit = audit;
        this.schema = schema;
        this.config = config;
        this.json = json;
        this.vertx = vertx;
        this.registry = registry;
    }

    void start(@Observes StartupEvent event) {
        waitFor(config.pollInterval());
        vertx.setPeriodic(PROGRESS_INTERVAL.toMillis(), id -> schema.ensure().chain(jobs::progress).subscribe().with(
                now -> progress = Optional.of(now), failure -> progress = Optional.empty()));
        vertx.setPeriodic(PURGE_INTERVAL.toMillis(), id -> jobs.deleteFinishedBefore(config.keep()).subscribe().with(
                deleted -> {
                    if (deleted > 0) {
                        LOG.infof("enrolment jobs: %d finished more than %s ago deleted", deleted, config.keep());
                    }
                },
                failure -> LOG.warnf("enrolment jobs: deleting old jobs failed: %s", failure.getMessage())));
    }

    void stop(@Observes ShutdownEvent event) {
        stopped.set(true);
    }

    /** How far the unfinished jobs were at the last look (every few seconds); empty while PostgreSQL is away. */
    public Optional<Progress> progress() {
        return progress;
    }

    /** A job was just stored: start on it now rather than at the next poll. */
    public void wake() {
        long timer = waitingTimer.get();
        if (timer >= 0 && vertx.cancelTimer(timer) && waitingTimer.compareAndSet(timer, -1)) {
            round();
        }
    }

    private void waitFor(Duration delay) {
        if (stopped.get()) {
            return;
        }
        long timer = vertx.setTimer(Math.max(1, delay.toMillis()), id -> {
            waitingTimer.compareAndSet(id, -1);
            round();
        });
        waitingTimer.set(timer);
    }

    /** Claims a handful of photos and enrols them; at once again while there is work, after a poll when not. */
    private void round() {
        schema.ensure()
                .chain(() -> jobs.claim(config.concurrency(), config.lease()))
                .chain(claimed -> claimed.isEmpty() ? Uni.createFrom().item(0)
                        : Uni.join().all(claimed.stream().map(this::process).toList()).andCollectFailures()
                                .replaceWith(claimed.size()))
                .subscribe().with(
                        count -> {
                            lastRoundFailed = false;
                            if (count > 0) {
                                waitFor(Duration.ZERO);
                            } else {
                                waitFor(config.pollInterval());
                            }
                        },
                        failure -> {
                            if (!lastRoundFailed) {
                                LOG.warnf("enrolment jobs: cannot claim photos, trying again every %s: %s",
                                        config.pollInterval(), failure.getMessage());
                            }
                            lastRoundFailed = true;
                            waitFor(config.pollInterval());
                        });
    }

    /** Enrols one claimed photo and records what happened; never fails (what it cannot record, the lease retries). */
    Uni<Void> process(ClaimedItem item) {
        String requestId = "job-" + item.jobId() + "-" + item.position();
        String image = EnrolmentJobService.imageName(item.position());
        return Uni.createFrom().item(() -> validator.validate(image, item.photo()))
                .chain(photo -> process(item, requestId, photo))
                .onFailure().recoverWithUni(failure -> failed(item, requestId, null, failure))
                .onFailure().invoke(failure -> LOG.warnf("enrolment job %s photo %d: result not recorded, the "
                        + "photo is tried again when its lease ends: %s", item.jobId(), item.position(),
                        failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Void> process(ClaimedItem item, String requestId, Photo photo) {
        return subjects.findOrCreate(item.collection(), item.externalId())
                .call(found -> found.created() ? audit.record(event(item, requestId, AuditAction.CREATE_SUBJECT,
                        found.subject().id(), null, AuditEvent.OK, 201)) : Uni.createFrom().voidItem())
                .chain(found -> {
                    UUID subjectId = found.subject().id();
                    return faces.sameEnrolment(item.faceId(), subjectId, photo.sha256())
                            .chain(same -> same.isPresent()
                                    ? enrolment.finishInterrupted(same.get()).chain(() -> enrolled(item,
                                    new ItemOutcome(subjectId, same.get(),
                                    same.get().equals(item.faceId()) ? null : true, null, null, null),
                                    same.get().equals(item.faceId()) ? "enrolled" : "already_enrolled"))
                                    : enrolment.enrolAs(requestId, item.collection(), subjectId, item.faceId(), photo,
                                                    QualityGate.parse(item.quality()), item.liveness())
                                            .chain(done -> audit.record(event(item, requestId,
                                                            AuditAction.ENROL_FACE, subjectId, done.faceId(),
                                                            AuditEvent.OK, 201))
                                                    .chain(() -> enrolled(item, new ItemOutcome(subjectId,
                                                            done.faceId(), null, done.quality(), done.liveness(),
                                                            null), "enrolled")))
                                            .onFailure().recoverWithUni(failure -> failed(item, requestId,
                                                    subjectId, failure)));
                });
    }

    private Uni<Void> enrolled(ClaimedItem item, ItemOutcome outcome, String counted) {
        registry.counter("visage.api.enrolment.job.photos", "outcome", counted).increment();
        return jobs.finish(item.jobId(), item.position(), EnrolmentItemView.ENROLLED, outcome.toJson(json));
    }

    /**
     * A photo that failed: final when the photo is at fault or it has had its tries; otherwise back in the queue. A
     * failure after the face was written (the answer lost, say) is no failure: the face is there.
     */
    private Uni<Void> failed(ClaimedItem item, String requestId, UUID subjectId, Throwable failure) {
        VisageException error = failure instanceof VisageException visage ? visage
                : VisageException.unexpected("enrol_face", failure);
        ItemOutcome outcome = ItemOutcome.failed(subjectId,
                error instanceof QualityRefusal refusal ? refusal.quality() : null,
                ErrorResponse.of(error, requestId));
        return faces.exists(item.faceId()).onFailure().recoverWithItem(false).chain(faceExists -> {
            if (faceExists) {
                return enrolment.finishInterrupted(item.faceId()).chain(() -> enrolled(item,
                        new ItemOutcome(subjectId, item.faceId(), null, null, null, null), "enrolled"));
            }
            if (error.httpStatus() >= 500 && item.attempts() < config.maxAttempts()) {
                registry.counter("visage.api.enrolment.job.photos", "outcome", "retried").increment();
                return jobs.retryLater(item.jobId(), item.position(), retryDelay(item.attempts()),
                        outcome.toJson(json));
            }
            registry.counter("visage.api.enrolment.job.photos", "outcome", "failed").increment();
            return audit.record(event(item, requestId, AuditAction.ENROL_FACE, subjectId, null,
                            error.type().wireName(), error.httpStatus()))
                    .chain(() -> jobs.finish(item.jobId(), item.position(), EnrolmentItemView.FAILED,
                            outcome.toJson(json)));
        });
    }

    static Duration retryDelay(int attempts) {
        Duration delay = Duration.ofSeconds(1L << Math.min(attempts, 6));
        return delay.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : delay;
    }

    private static AuditEvent event(ClaimedItem item, String requestId, AuditAction action, UUID subjectId,
                                    UUID faceId, String outcome, int status) {
        return new AuditEvent(null, null, requestId, item.keyId(), item.keyName(), action, item.collection(),
                subjectId == null ? List.of() : List.of(subjectId), faceId, null, outcome, status);
    }
}
