package dev.visage.api.gallery.rest;

import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import dev.visage.api.web.MultipartForm;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jboss.resteasy.reactive.ResponseStatus;
import dev.visage.api.web.AccessErrorResponses;
import dev.visage.api.web.InvalidRequestResponse;
import dev.visage.api.web.PhotoErrorResponses;
import dev.visage.api.web.UnavailableResponse;
import dev.visage.api.web.NotFoundResponse;
import dev.visage.api.web.ConflictResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
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
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.Map;

import static dev.visage.api.gallery.rest.GalleryParameters.collection;
import static dev.visage.api.gallery.rest.GalleryParameters.id;

/**
 * Subjects and their enrolled faces. Every call takes an optional {@code collection} (default {@code default});
 * collections never see each other's subjects. Photo uploads are read on worker threads.
 */
@RolesAllowed(Scope.ENROL_ROLE)
@CollectionScoped
@AccessErrorResponses
@Path("/api/v1/subjects")
@Tag(name = "gallery")
@Produces(MediaType.APPLICATION_JSON)
public class SubjectResource {

    /** One operation, in multipart and JSON forms: both methods describe it alike. */
    private static final String ENROL_SUMMARY =
            "Enrol a photo of the subject: multipart (image, face_index) or JSON (image in "
            + "base64, face_index); Idempotency-Key honoured; quality=none|low|medium|high, "
            + "default medium";
    private static final String ENROL_ANSWER = "Enrolled: data.face_id, with the face's quality";

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
    @Operation(operationId = "createSubject", summary = "Create a subject: {external_id, name, metadata}")
    @AuditedAs(AuditAction.CREATE_SUBJECT)
    @APIResponse(responseCode = "201", description = "Created: the subject, its id in data.id",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(ref = "ApiResponseSubjectView")))
    @InvalidRequestResponse
    @ConflictResponse
    @UnavailableResponse
    @ResponseStatus(201)
    public Uni<ApiResponse<SubjectView>> create(@Valid SubjectRequest body,
                                                             @RestQuery String collection) {
        SubjectRequest request = body == null ? new SubjectRequest(null, null, null) : body;
        return subjects.create(collection(collection), request.externalId(), request.name(),
                        request.metadata() == null ? Map.of() : request.metadata())
                .map(ApiResponse::of);
    }

    @GET
    @Operation(operationId = "listSubjects", summary = "List subjects, oldest first (offset, limit)")
    @AuditedAs(AuditAction.LIST_SUBJECTS)
    @APIResponse(responseCode = "200", description = "A page of subjects: data.items, data.total")
    @InvalidRequestResponse
    @UnavailableResponse
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
    @Operation(operationId = "getSubject", summary = "One subject with its enrolled faces")
    @AuditedAs(AuditAction.READ_SUBJECT)
    @APIResponse(responseCode = "200", description = "The subject with its enrolled faces")
    @NotFoundResponse
    @UnavailableResponse
    public Uni<ApiResponse<SubjectView>> get(@RestPath String id, @RestQuery String collection) {
        return subjects.get(collection(collection), id("id", id)).map(ApiResponse::of);
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "deleteSubject",
            summary = "Erase a subject: its row, every face row and every vector (idempotent)")
    @AuditedAs(AuditAction.DELETE_SUBJECT)
    @APIResponse(responseCode = "200", description = "Erased (or already gone: data.existed false)")
    @NotFoundResponse
    @UnavailableResponse
    public Uni<ApiResponse<Deletion>> delete(@RestPath String id, @RestQuery String collection) {
        return subjects.delete(collection(collection), id("id", id)).map(ApiResponse::of);
    }

    @POST
    @Path("/{id}/faces")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    @Operation(operationId = "enrolFace", summary = ENROL_SUMMARY)
    @AuditedAs(AuditAction.ENROL_FACE)
    @APIResponse(responseCode = "201", description = ENROL_ANSWER,
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = EnrolmentAnswer.class)))
    @InvalidRequestResponse
    @PhotoErrorResponses
    @UnavailableResponse
    @NotFoundResponse
    @ConflictResponse
    @ResponseStatus(201)
    @RequestBody(content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA, schema = @Schema(
            type = SchemaType.OBJECT, requiredProperties = "image", properties = {
                @SchemaProperty(name = "image", type = SchemaType.STRING, format = "binary"),
                @SchemaProperty(name = "face_index", type = SchemaType.INTEGER, minimum = "0")})))
    public Uni<ApiResponse<Enrolment>> enrolUpload(@RestPath String id, @RestQuery String collection,
                                                   MultipartForm form,
                                                   @RestHeader("Idempotency-Key") @PlainText(max = 128)
                                                   String idempotencyKey,
                                                   @RestQuery String quality,
                                                   @RestQuery String liveness,
                                                   @RestHeader(RequestIds.HEADER) String requestId) {
        return enrol(id, collection, form.file("image"), FormFields.integer("face_index", form.field("face_index")),
                idempotencyKey, quality, liveness, requestId);
    }

    @POST
    @Path("/{id}/faces")
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = ENROL_SUMMARY)
    @AuditedAs(AuditAction.ENROL_FACE)
    @APIResponse(responseCode = "201", description = ENROL_ANSWER,
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = EnrolmentAnswer.class)))
    @InvalidRequestResponse
    @PhotoErrorResponses
    @UnavailableResponse
    @NotFoundResponse
    @ConflictResponse
    @ResponseStatus(201)
    public Uni<ApiResponse<Enrolment>> enrolJson(@RestPath String id, @RestQuery String collection,
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
    @Operation(operationId = "deleteFace", summary = "Remove one enrolled face and its vector")
    @AuditedAs(AuditAction.DELETE_FACE)
    @APIResponse(responseCode = "200", description = "Removed (or already gone: data.existed false)")
    @NotFoundResponse
    @UnavailableResponse
    public Uni<ApiResponse<Deletion>> deleteFace(@RestPath String id, @RestPath String faceId,
                                                 @RestQuery String collection) {
        return subjects.deleteFace(collection(collection), id("id", id), id("faceId", faceId)).map(ApiResponse::of);
    }

    @POST
    @Path("/{id}/verify")
    @RolesAllowed(Scope.IDENTIFY_ROLE)
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    @Operation(operationId = "verifySubject",
            summary = "Is this photo this subject? Best match against all the subject's enrolled faces")
    @AuditedAs(AuditAction.VERIFY_SUBJECT)
    @APIResponse(responseCode = "200",
            description = "Compared with the subject's faces: data.verified, data.similarity, the best face")
    @InvalidRequestResponse
    @PhotoErrorResponses
    @UnavailableResponse
    @NotFoundResponse
    @RequestBody(content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA, schema = @Schema(
            type = SchemaType.OBJECT, requiredProperties = "image",
            properties = @SchemaProperty(name = "image", type = SchemaType.STRING, format = "binary"))))
    public Uni<ApiResponse<SubjectVerification>> verify(@RestPath String id, @RestQuery String collection,
                                                        MultipartForm form, @RestQuery String quality,
                                                        @RestHeader(RequestIds.HEADER) String requestId) {
        return identification.verifySubject(requestId, collection(collection), id("id", id),
                validator.validate("image", form.file("image")), QualityGate.parse(quality))
                .map(ApiResponse::of);
    }

    private Uni<ApiResponse<Enrolment>> enrol(String id, String collection, byte[] image,
                                                            Integer faceIndex, String idempotencyKey, String quality,
                                                            String liveness, String requestId) {
        return enrolment.enrol(requestId, collection(collection), id("id", id),
                        validator.validate("image", image), faceIndex, idempotencyKey,
                        qualityGate.forEnrolment(quality), FormFields.flag("liveness", liveness))
                .map(ApiResponse::of);
    }

    /** The 201 answer of an enrolment, as the contract names it (a generic envelope SmallRye cannot derive). */
    @Schema(name = "ApiResponseEnrolment")
    public record EnrolmentAnswer(@JsonProperty("success") boolean success, @JsonProperty("data") Enrolment data) {
    }
}
