package dev.visage.api.detect;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import dev.visage.api.web.MultipartForm;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import dev.visage.api.web.AccessErrorResponses;
import dev.visage.api.web.InvalidRequestResponse;
import dev.visage.api.web.PhotoErrorResponses;
import dev.visage.api.web.UnavailableResponse;
import dev.visage.api.access.Scope;
import jakarta.annotation.security.RolesAllowed;
import dev.visage.api.photo.PhotoValidator;
import dev.visage.api.photo.PhotoUploads;
import dev.visage.api.web.FormFields;
import dev.visage.common.api.ApiResponse;
import dev.visage.common.api.RequestIds;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;

/** Face detection: every face in one photo with its box, five landmarks and score. */
@RolesAllowed(Scope.VERIFY_ROLE)
@AccessErrorResponses
@Path("/api/v1/detect")
@Tag(name = "detection")
@Produces(MediaType.APPLICATION_JSON)
public class DetectionResource {

    /** One operation, in multipart and JSON forms: both methods describe it alike. */
    private static final String DETECT_SUMMARY =
            "Find every face in a photo: multipart (image) or JSON (image in base64)";
    private static final String DETECT_ANSWER = "Detected: data.faces, possibly empty";

    private final DetectionService detection;
    private final PhotoValidator validator;

    public DetectionResource(DetectionService detection, PhotoValidator validator) {
        this.detection = detection;
        this.validator = validator;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    @Operation(operationId = "detectFaces", summary = DETECT_SUMMARY)
    @APIResponse(responseCode = "200", description = DETECT_ANSWER)
    @InvalidRequestResponse
    @PhotoErrorResponses
    @UnavailableResponse
    @RequestBody(content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA, schema = @Schema(
            type = SchemaType.OBJECT, requiredProperties = "image",
            properties = @SchemaProperty(name = "image", type = SchemaType.STRING, format = "binary"))))
    public Uni<ApiResponse<DetectionResult>> detectUpload(MultipartForm form, @RestQuery String attributes,
                                                          @RestHeader(RequestIds.HEADER) String requestId) {
        return detect(requestId, form.file("image"), attributes);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = DETECT_SUMMARY)
    @APIResponse(responseCode = "200", description = DETECT_ANSWER)
    @InvalidRequestResponse
    @PhotoErrorResponses
    @UnavailableResponse
    public Uni<ApiResponse<DetectionResult>> detectJson(DetectJsonRequest body, @RestQuery String attributes,
                                                        @RestHeader(RequestIds.HEADER) String requestId) {
        return detect(requestId, PhotoUploads.fromBase64("image", body == null ? null : body.image()), attributes);
    }

    private Uni<ApiResponse<DetectionResult>> detect(String requestId, byte[] image, String attributes) {
        return detection.detect(requestId, validator.validate("image", image), FormFields.attributes(attributes))
                .map(ApiResponse::of);
    }
}
