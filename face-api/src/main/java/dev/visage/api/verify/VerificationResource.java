package dev.visage.api.verify;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import dev.visage.api.web.AccessErrorResponses;
import dev.visage.api.web.InvalidRequestResponse;
import dev.visage.api.web.PhotoErrorResponses;
import dev.visage.api.web.UnavailableResponse;
import dev.visage.api.quality.QualityGate;
import dev.visage.api.access.Scope;
import jakarta.annotation.security.RolesAllowed;
import dev.visage.api.photo.PhotoUploads;
import dev.visage.api.photo.PhotoValidator;
import dev.visage.api.web.FormFields;
import dev.visage.api.web.MultipartForm;
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

/**
 * 1:1 verification. Reading uploads and decoding base64 is blocking work on photos of up to 10 MiB, so these
 * methods run on worker threads; the wait for the embedding workers is non-blocking.
 */
@RolesAllowed(Scope.VERIFY_ROLE)
@AccessErrorResponses
@Path("/api/v1/verify")
@Tag(name = "verification")
@Produces(MediaType.APPLICATION_JSON)
public class VerificationResource {

    /** One operation, in multipart and JSON forms: both methods describe it alike. */
    private static final String VERIFY_SUMMARY =
            "Are the faces in two photos the same person? multipart (image1, image2, "
            + "threshold) or JSON (image1, image2 in base64, threshold)";
    private static final String VERIFY_ANSWER =
            "Compared: data.verified, data.similarity against data.threshold, and each face";

    private final VerificationService verification;
    private final PhotoValidator validator;

    public VerificationResource(VerificationService verification, PhotoValidator validator) {
        this.verification = verification;
        this.validator = validator;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    @Operation(operationId = "verifyFaces", summary = VERIFY_SUMMARY)
    @APIResponse(responseCode = "200", description = VERIFY_ANSWER)
    @InvalidRequestResponse
    @PhotoErrorResponses
    @UnavailableResponse
    @RequestBody(content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA, schema = @Schema(
            type = SchemaType.OBJECT, requiredProperties = {"image1", "image2"}, properties = {
                @SchemaProperty(name = "image1", type = SchemaType.STRING, format = "binary"),
                @SchemaProperty(name = "image2", type = SchemaType.STRING, format = "binary"),
                @SchemaProperty(name = "threshold", type = SchemaType.NUMBER, minimum = "0", maximum = "1")})))
    public Uni<ApiResponse<VerificationResult>> verifyUpload(MultipartForm form, @RestQuery String quality,
                                                             @RestQuery String liveness,
                                                             @RestQuery String attributes,
                                                             @RestHeader(RequestIds.HEADER) String requestId) {
        return verify(requestId, form.file("image1"), form.file("image2"), Threshold.parse(form.field("threshold")),
                quality, liveness, attributes);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = VERIFY_SUMMARY)
    @APIResponse(responseCode = "200", description = VERIFY_ANSWER)
    @InvalidRequestResponse
    @PhotoErrorResponses
    @UnavailableResponse
    public Uni<ApiResponse<VerificationResult>> verifyJson(VerifyJsonRequest body, @RestQuery String quality,
                                                           @RestQuery String liveness,
                                                           @RestQuery String attributes,
                                                           @RestHeader(RequestIds.HEADER) String requestId) {
        VerifyJsonRequest request = body == null ? new VerifyJsonRequest(null, null, null) : body;
        return verify(requestId, PhotoUploads.fromBase64("image1", request.image1()),
                PhotoUploads.fromBase64("image2", request.image2()), Threshold.checked(request.threshold()), quality,
                liveness, attributes);
    }

    private Uni<ApiResponse<VerificationResult>> verify(String requestId, byte[] image1, byte[] image2,
                                                        Double threshold, String quality, String liveness,
                                                        String attributes) {
        return verification.verify(requestId, validator.validate("image1", image1),
                validator.validate("image2", image2), threshold, QualityGate.parse(quality),
                FormFields.flag("liveness", liveness), FormFields.attributes(attributes)).map(ApiResponse::of);
    }
}
