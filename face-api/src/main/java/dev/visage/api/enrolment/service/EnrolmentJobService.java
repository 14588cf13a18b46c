package dev.visage.api.enrolment.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.visage.api.access.Caller;
import dev.visage.api.database.DatabaseErrors;
import dev.visage.api.database.DatabaseSchema;
import dev.visage.api.enrolment.EnrolmentJobsConfig;
import dev.visage.api.enrolment.repository.EnrolmentJobRepository;
import dev.visage.api.enrolment.repository.EnrolmentJobRepository.ItemRow;
import dev.visage.api.enrolment.repository.EnrolmentJobRepository.JobRow;
import dev.visage.api.enrolment.repository.EnrolmentJobRepository.NewItem;
import dev.visage.api.enrolment.repository.EnrolmentJobRepository.NewJob;
import dev.visage.api.photo.PhotoValidator;
import dev.visage.common.error.ErrorResponse;
import dev.visage.common.error.VisageException;
import dev.visage.common.messaging.FaceQuality;
import dev.visage.web.PlainTextValidator;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Takes bulk enrolment jobs and reports on them. A job is stored whole (its photos in PostgreSQL) before it is
 * acknowledged, so it survives any replica; {@link EnrolmentJobRunner} works through it. Photos that are not usable
 * photos at all (not an image, too large, too small) fail at once, each with its typed error; the others wait.
 */
@ApplicationScoped
public class EnrolmentJobService {

    static final int EXTERNAL_ID_MAX = 256;

    private final EnrolmentJobRepository jobs;
    private final DatabaseSchema schema;
    private final PhotoValidator validator;
    private final EnrolmentJobsConfig config;
    private final EnrolmentJobRunner runner;
    private final ObjectMapper json;

    public EnrolmentJobService(EnrolmentJobRepository jobs, DatabaseSchema schema, PhotoValidator validator,
                               EnrolmentJobsConfig config, EnrolmentJobRunner runner, ObjectMapper json) {
        this.jobs = jobs;
        this.schema = schema;
        this.validator = validator;
        this.config = config;
        this.runner = runner;
        this.json = json;
    }

    /** One photo of a request and the external id of the subject it shows. */
    public record JobPhoto(String externalId, byte[] image) {
    }

    /**
     * Stores a new job, or answers the one this key already created with the same idempotency key.
     *
     * @param minimumQuality the lowest quality a face may have to be enrolled; empty accepts every face
     */
    public Uni<EnrolmentJobView> create(String requestId, Caller caller, String collection, List<JobPhoto> photos,
                                        Optional<FaceQuality.Level> minimumQuality, boolean liveness,
                                        String idempotencyKey) {
        check(photos);
        List<NewItem> items = new ArrayList<>(photos.size());
        for (int i = 0; i < photos.size(); i++) {
            items.add(item(requestId, i, photos.get(i)));
        }
        NewJob job = new NewJob(UUID.randomUUID(), collection, caller.keyId(), caller.keyName(),
                idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey,
                minimumQuality.map(FaceQuality.Level::wireName).orElse("none"), liveness);
        Uni<Optional<UUID>> earlier = job.idempotencyKey() == null ? Uni.createFrom().item(Optional.empty())
                : jobs.findByIdempotencyKey(collection, caller.keyId(), job.idempotencyKey());
        return DatabaseErrors.database("create_enrolment_job", schema.ensure()
                .chain(() -> earlier)
                .chain(found -> found.isPresent() ? Uni.createFrom().item(found.get())
                        : jobs.insert(job, items).chain(stored -> stored
                                ? Uni.createFrom().item(job.id()).invoke(runner::wake)
                                : jobs.findByIdempotencyKey(collection, caller.keyId(), job.idempotencyKey())
                                        .map(Optional::orElseThrow)))
                .chain(id -> get(collection, id)));
    }

    /** The job with every photo's result; 404 when it does not exist in this collection. */
    public Uni<EnrolmentJobView> get(String collection, UUID id) {
        return DatabaseErrors.database("read_enrolment_job", schema.ensure()
                .chain(() -> jobs.find(collection, id))
                .chain(found -> {
                    JobRow job = found.orElseThrow(() -> VisageException.notFound("No such enrolment job",
                            "id=" + id + ", collection=" + collection,
                            "Use the id the job's creation answered with, and the same collection."));
                    return jobs.items(id).map(items -> view(job, items));
                }));
    }

    private void check(List<JobPhoto> photos) {
        if (photos.isEmpty()) {
            throw VisageException.validation("The job has no photos", "no image in the request",
                    "Send one or more photos, each with the external_id of the subject it shows.");
        }
        if (photos.size() > config.maxItems()) {
            throw VisageException.tooLarge(null, "The job has too many photos",
                    photos.size() + " photos; a job may carry " + config.maxItems(),
                    "Split the photos into jobs of at most " + config.maxItems() + ".");
        }
        for (int i = 0; i < photos.size(); i++) {
            String externalId = photos.get(i).externalId();
            if (externalId == null || externalId.isBlank()
                    || !PlainTextValidator.isPlainText(externalId, EXTERNAL_ID_MAX)) {
                throw VisageException.validation("Photo " + i + " has no usable external_id",
                        "external_id[" + i + "] is " + (externalId == null ? "missing" : "blank, too long or not "
                                + "plain text"),
                        "Name the subject of every photo: the i-th external_id for the i-th image, 1 to "
                                + EXTERNAL_ID_MAX + " characters.");
            }
        }
    }

    private NewItem item(String requestId, int position, JobPhoto photo) {
        String name = imageName(position);
        try {
            validator.validate(name, photo.image());
            return new NewItem(position, photo.externalId(), photo.image(), EnrolmentItemView.QUEUED, null);
        } catch (VisageException unusable) {
            return new NewItem(position, photo.externalId(), null, EnrolmentItemView.FAILED,
                    ItemOutcome.failed(null, null, ErrorResponse.of(unusable, requestId)).toJson(json));
        }
    }

    /** How a job's errors name its photos. */
    static String imageName(int position) {
        return "image[" + position + "]";
    }

    private EnrolmentJobView view(JobRow job, List<ItemRow> rows) {
        List<EnrolmentItemView> items = new ArrayList<>(rows.size());
        int done = 0;
        int failed = 0;
        for (ItemRow row : rows) {
            boolean finished = EnrolmentItemView.ENROLLED.equals(row.state())
                    || EnrolmentItemView.FAILED.equals(row.state());
            ItemOutcome outcome = row.resultJson() == null ? null : ItemOutcome.fromJson(json, row.resultJson());
            // A result on a waiting photo is the failure it is waiting out: shown, though the photo may still enrol.
            items.add(new EnrolmentItemView(row.position(), row.externalId(), row.state(), row.attempts(),
                    outcome == null ? null : outcome.subjectId(), outcome == null ? null : outcome.faceId(),
                    outcome == null ? null : outcome.alreadyEnrolled(), outcome == null ? null : outcome.quality(),
                    outcome == null ? null : outcome.liveness(), outcome == null ? null : outcome.error()));
            if (EnrolmentItemView.ENROLLED.equals(row.state())) {
                done++;
            } else if (finished) {
                failed++;
            }
        }
        String state = job.finishedAt() != null ? EnrolmentJobView.COMPLETED
                : done + failed > 0 || rows.stream().anyMatch(r -> r.attempts() > 0) ? EnrolmentJobView.RUNNING
                : EnrolmentJobView.QUEUED;
        return new EnrolmentJobView(job.id(), job.collection(), state, job.total(), done, failed,
                job.total() - done - failed, job.quality(), job.liveness(), job.createdAt(), job.finishedAt(), items);
    }
}
