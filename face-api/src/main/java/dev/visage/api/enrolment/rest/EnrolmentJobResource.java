package dev.visage.api.enrolment.rest;

import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import java.io.File;
import dev.visage.api.web.MultipartForm;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import dev.visage.api.web.AccessErrorResponses;
import dev.visage.api.web.InvalidRequestResponse;
import dev.visage.api.web.PhotoErrorResponses;
import dev.visage.api.web.UnavailableResponse;
import dev.visage.api.web.NotFoundResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import dev.visage.api.access.Caller;
import dev.visage.api.access.CollectionScoped;
import dev.visage.api.access.Scope;
import dev.visage.api.audit.AuditAction;
import dev.visage.api.audit.AuditedAs;
import dev.visage.api.enrolment.service.EnrolmentJobService;
import dev.visage.api.enrolment.service.EnrolmentJobService.JobPhoto;
import dev.visage.api.enrolment.service.EnrolmentJobView;
import dev.visage.api.photo.PhotoUploads;
import dev.visage.api.quality.QualityGate;
import dev.visage.api.web.FormFields;
import dev.visage.common.api.ApiResponse;
import dev.visage.common.api.RequestIds;
import dev.visage.common.error.VisageException;
import dev.visage.web.PlainText;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static dev.visage.api.gallery.rest.GalleryParameters.collection;
import static dev.visage.api.gallery.rest.GalleryParameters.id;

/**
 * Bulk enrolment: many photos in one request, answered at once with a job that the service works through at the
 * workers' pace; progress and per-photo results by {@code GET}. Subjects named by an external id that does not
 * exist yet are created.
 */
@RolesAllowed(Scope.ENROL_ROLE)
@CollectionScoped
@AccessErrorResponses
@Path("/api/v1/enrolments")
@Tag(name = "gallery")
@Produces(MediaType.APPLICATION_JSON)
public class EnrolmentJobResource {

    /** One operation, in multipart and JSON forms: both methods describe it alike. */
    private static final String CREATE_JOB_SUMMARY =
            "Start a bulk enrolment job, answered at once with 202: multipart (repeated "
            + "external_id and image fields, the i-th external_id naming the subject of the "
            + "i-th image) or JSON (items of {external_id, image in base64}); quality and "
            + "liveness as for one enrolment; Idempotency-Key honoured";
    private static final String CREATE_JOB_ANSWER =
            "Accepted: the job, its id in data.id; follow Location for progress";

    private final EnrolmentJobService jobs;
    private final QualityGate qualityGate;
    private final SecurityIdentity identity;

    public EnrolmentJobResource(EnrolmentJobService jobs, QualityGate qualityGate, SecurityIdentity identity) {
        this.jobs = jobs;
        this.qualityGate = qualityGate;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    @Operation(operationId = "createEnrolmentJob", summary = CREATE_JOB_SUMMARY)
    @AuditedAs(AuditAction.CREATE_ENROLMENT_JOB)
    @APIResponse(responseCode = "202", description = CREATE_JOB_ANSWER,
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(ref = "ApiResponseEnrolmentJobView")))
    @InvalidRequestResponse
    @PhotoErrorResponses
    @UnavailableResponse
    @RequestBody(content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA, schema = @Schema(
            type = SchemaType.OBJECT, requiredProperties = {"external_id", "image"}, properties = {
                @SchemaProperty(name = "external_id", type = SchemaType.ARRAY, implementation = String.class),
                @SchemaProperty(name = "image", type = SchemaType.ARRAY, implementation = File.class)})))
    public Uni<RestResponse<ApiResponse<EnrolmentJobView>>> createUpload(
            @RestQuery String collection,
            MultipartForm form,
            @RestQuery String quality,
            @RestQuery String liveness,
            @RestHeader("Idempotency-Key") @PlainText(max = 128) String idempotencyKey,
            @RestHeader(RequestIds.HEADER) String requestId) {
        List<String> ids = form.fields("external_id");
        List<byte[]> uploads = form.files("image");
        if (ids.size() != uploads.size()) {
            throw VisageException.validation("Every image needs an external_id",
                    uploads.size() + " image parts and " + ids.size() + " external_id fields",
                    "Send one external_id field per image, in the same order.");
        }
        List<JobPhoto> photos = new ArrayList<>(uploads.size());
        for (int i = 0; i < uploads.size(); i++) {
            photos.add(new JobPhoto(ids.get(i), uploads.get(i)));
        }
        return create(collection, photos, quality, liveness, idempotencyKey, requestId);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = CREATE_JOB_SUMMARY)
    @AuditedAs(AuditAction.CREATE_ENROLMENT_JOB)
    @APIResponse(responseCode = "202", description = CREATE_JOB_ANSWER,
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(ref = "ApiResponseEnrolmentJobView")))
    @InvalidRequestResponse
    @PhotoErrorResponses
    @UnavailableResponse
    public Uni<RestResponse<ApiResponse<EnrolmentJobView>>> createJson(
            @RestQuery String collection,
            EnrolmentJobRequest body,
            @RestQuery String quality,
            @RestQuery String liveness,
            @RestHeader("Idempotency-Key") @PlainText(max = 128) String idempotencyKey,
            @RestHeader(RequestIds.HEADER) String requestId) {
        List<EnrolmentJobRequest.Item> items = body == null || body.items() == null ? List.of() : body.items();
        List<JobPhoto> photos = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            EnrolmentJobRequest.Item item = items.get(i);
            photos.add(item == null ? new JobPhoto(null, null)
                    : new JobPhoto(item.externalId(), PhotoUploads.fromBase64("items[" + i + "].image", item.image())));
        }
        return create(collection, photos, quality, liveness, idempotencyKey, requestId);
    }

    @GET
    @Path("/{jobId}")
    @Operation(operationId = "getEnrolmentJob",
            summary = "A bulk enrolment job's progress (total, done, failed, waiting) and every photo's result")
    @AuditedAs(AuditAction.READ_ENROLMENT_JOB)
    @APIResponse(responseCode = "200", description = "The job's progress and every photo's result")
    @NotFoundResponse
    @UnavailableResponse
    public Uni<ApiResponse<EnrolmentJobView>> get(@RestPath String jobId, @RestQuery String collection) {
        return jobs.get(collection(collection), id("jobId", jobId)).map(ApiResponse::of);
    }

    private Uni<RestResponse<ApiResponse<EnrolmentJobView>>> create(String collection, List<JobPhoto> photos,
                                                                   String quality, String liveness,
                                                                   String idempotencyKey, String requestId) {
        Caller caller = identity.getAttribute(Caller.ATTRIBUTE);
        return jobs.create(requestId, caller, collection(collection), photos, qualityGate.forEnrolment(quality),
                        FormFields.flag("liveness", liveness), idempotencyKey)
                .map(job -> RestResponse.ResponseBuilder.create(RestResponse.Status.ACCEPTED, ApiResponse.of(job))
                        .location(URI.create("/api/v1/enrolments/" + job.id()
                                + ("default".equals(job.collection()) ? "" : "?collection=" + job.collection())))
                        .build());
    }
}
