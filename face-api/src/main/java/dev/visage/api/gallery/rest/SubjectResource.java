package dev.visage.api.gallery.rest;

import dev.visage.api.access.CollectionScoped;
import dev.visage.api.access.Scope;
import dev.visage.api.audit.AuditAction;
import dev.visage.api.audit.AuditedAs;
import jakarta.annotation.security.RolesAllowed;
import dev.visage.api.gallery.repository.Page;
import dev.visage.api.gallery.service.EnrolmentService;
import dev.visage.api.gallery.service.GalleryResults.Deletion;
import dev.visage.api.gallery.service.GalleryResults.Enrolment;
import dev.visage.api.gallery.service.GalleryResults.SubjectVerification;
import dev.visage.api.gallery.service.GalleryResults.SubjectView;
import dev.visage.api.gallery.service.IdentificationService;
import dev.visage.api.gallery.service.SubjectService;
import dev.visage.api.photo.PhotoUploads;
import dev.visage.api.photo.PhotoValidator;
import dev.visage.api.quality.QualityGate;
import dev.visage.api.web.ErrorResponses;
import dev.visage.api.web.FormFields;
import dev.visage.common.api.ApiResponse;
import dev.visage.common.api.RequestIds;
import dev.visage.common.error.VisageException;
import dev.visage.web.PlainText;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.util.Map;

import static dev.visage.api.gallery.rest.GalleryParameters.collection;
import static dev.visage.api.gallery.rest.GalleryParameters.id;

/**
 * Subjects and their enrolled faces. Every call takes an optional {@code collection} (default {@code default});
 * collections never see each other's subjects. Photo uploads are read on worker threads.
 */
@RolesAllowed(Scope.ENROL_ROLE)
@CollectionScoped
@Path("/api/v1/subjects")
@Tag(name = "gallery")
@Produces(MediaType.APPLICATION_JSON)
public class SubjectResource {

    private final SubjectService subjects;
    private final EnrolmentService enrolment;
    private final IdentificationService identification;
    private final PhotoValidator validator;
    private final QualityGate qualityGate;

    public SubjectResource(SubjectService subjects, EnrolmentService enrolment, IdentificationService identification,
                           PhotoValidator validator, QualityGate qualityGate) {
        this.qualityGate = qualityGate;
        this.subjects = subjects;
        this.enrolment = enrolment;
        this.identification = identification;
        this.validator = validator;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a subject: {external_id, name, metadata}")
    @ErrorResponses
    @AuditedAs(AuditAction.CREATE_SUBJECT)
    public Uni<RestResponse<ApiResponse<SubjectView>>> create(@Valid SubjectRequest body,
                                                             @RestQuery String collection) {
        SubjectRequest request = body == null ? new SubjectRequest(null, null, null) : body;
        return subjects.create(collection(collection), request.externalId(), request.name(),
                        request.metadata() == null ? Map.of() : request.metadata())
                .map(created -> RestResponse.status(RestResponse.Status.CREATED, ApiResponse.of(created)));
    }

    @GET
    @Operation(summary = "List subjects, oldest first (offset, limit)")
    @ErrorResponses
    @AuditedAs(AuditAction.LIST_SUBJECTS)
    public Uni<ApiResponse<Page<SubjectView>>> list(@RestQuery String collection, @RestQuery
                                                    @Schema(type = SchemaType.INTEGER, minimum = "0") String offset,
                                                    @RestQuery
                                                    @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "500")
                                                    String limit) {
        Integer requestedOffset = FormFields.integer("offset", offset);
        Integer requestedLimit = FormFields.integer("limit", limit);
        int from = requestedOffset == null ? 0 : requestedOffset;
        int size = requestedLimit == null ? 50 : requestedLimit;
        if (from < 0 || size < 1 || size > 500) {
            throw VisageException.validation("offset or limit is out of range", "offset=" + from + ", limit=" + size,
                    "Use offset >= 0 and limit from 1 to 500.");
        }
        return subjects.list(collection(collection), from, size).map(ApiResponse::of);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One subject with its enrolled faces")
    @ErrorResponses
    @AuditedAs(AuditAction.READ_SUBJECT)
    public Uni<ApiResponse<SubjectView>> get(@RestPath String id, @RestQuery String collection) {
        return subjects.get(collection(collection), id("id", id)).map(ApiResponse::of);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Erase a subject: its row, every face row and every vector (idempotent)")
    @ErrorResponses
    @AuditedAs(AuditAction.DELETE_SUBJECT)
    public Uni<ApiResponse<Deletion>> delete(@RestPath String id, @RestQuery String collection) {
        return subjects.delete(collection(collection), id("id", id)).map(ApiResponse::of);
    }

    @POST
    @Path("/{id}/faces")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    @Operation(summary = "Enrol a photo of the subject (multipart: image, optional face_index; "
            + "Idempotency-Key header honoured; quality=none|low|medium|high, default medium)")
    @ErrorResponses
    @AuditedAs(AuditAction.ENROL_FACE)
    public Uni<RestResponse<ApiResponse<Enrolment>>> enrolUpload(@RestPath String id, @RestQuery String collection,
                                                                 @RestForm("image") FileUpload image,
                                                                 @RestForm("face_index")
                                                                 @Schema(type = SchemaType.INTEGER, minimum = "0")
                                                                 String faceIndex,
                                                                 @RestHeader("Idempotency-Key") @PlainText(max = 128)
                                                                 String idempotencyKey,
                                                                 @RestQuery String quality,
                                                                 @RestQuery String liveness,
                                                                 @RestHeader(RequestIds.HEADER) String requestId) {
        return enrol(id, collection, PhotoUploads.fromPart(image), FormFields.integer("face_index", faceIndex),
                idempotencyKey, quality, liveness, requestId);
    }

    @POST
    @Path("/{id}/faces")
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "Enrol a photo of the subject (JSON: image in base64, optional face_index)")
    @ErrorResponses
    @AuditedAs(AuditAction.ENROL_FACE)
    public Uni<RestResponse<ApiResponse<Enrolment>>> enrolJson(@RestPath String id, @RestQuery String collection,
                                                               ImageJsonRequest body,
                                                               @RestHeader("Idempotency-Key") @PlainText(max = 128)
                                                               String idempotencyKey,
                                                               @RestQuery String quality,
                                                               @RestQuery String liveness,
                                                               @RestHeader(RequestIds.HEADER) String requestId) {
        ImageJsonRequest request = body == null ? new ImageJsonRequest(null, null) : body;
        return enrol(id, collection, PhotoUploads.fromBase64("image", request.image()), request.faceIndex(),
                idempotencyKey, quality, liveness, requestId);
    }

    @DELETE
    @Path("/{id}/faces/{faceId}")
    @Operation(summary = "Remove one enrolled face and its vector")
    @ErrorResponses
    @AuditedAs(AuditAction.DELETE_FACE)
    public Uni<ApiResponse<Deletion>> deleteFace(@RestPath String id, @RestPath String faceId,
                                                 @RestQuery String collection) {
        return subjects.deleteFace(collection(collection), id("id", id), id("faceId", faceId)).map(ApiResponse::of);
    }

    @POST
    @Path("/{id}/verify")
    @RolesAllowed(Scope.IDENTIFY_ROLE)
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    @Operation(summary = "Is this photo this subject? Best match against all the subject's enrolled faces")
    @ErrorResponses
    @AuditedAs(AuditAction.VERIFY_SUBJECT)
    public Uni<ApiResponse<SubjectVerification>> verify(@RestPath String id, @RestQuery String collection,
                                                        @RestForm("image") FileUpload image,
                                                        @RestQuery String quality,
                                                        @RestHeader(RequestIds.HEADER) String requestId) {
        return identification.verifySubject(requestId, collection(collection), id("id", id),
                validator.validate("image", PhotoUploads.fromPart(image)), QualityGate.parse(quality))
                .map(ApiResponse::of);
    }

    private Uni<RestResponse<ApiResponse<Enrolment>>> enrol(String id, String collection, byte[] image,
                                                            Integer faceIndex, String idempotencyKey, String quality,
                                                            String liveness, String requestId) {
        return enrolment.enrol(requestId, collection(collection), id("id", id),
                        validator.validate("image", image), faceIndex, idempotencyKey, qualityGate.forEnrolment(quality),
                        FormFields.flag("liveness", liveness))
                .map(done -> RestResponse.status(RestResponse.Status.CREATED, ApiResponse.of(done)));
    }
}
