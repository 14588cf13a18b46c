package dev.visage.api.liveness.rest;

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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import dev.visage.api.access.Scope;
import dev.visage.api.liveness.LivenessResult;
import dev.visage.api.liveness.LivenessService;
import dev.visage.api.photo.PhotoValidator;
import dev.visage.common.api.ApiResponse;
import dev.visage.common.api.RequestIds;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;

/** Passive liveness of one photo: is it a live person, or a photo, screen or mask shown to the camera? */
@RolesAllowed(Scope.VERIFY_ROLE)
@AccessErrorResponses
@Path("/api/v1/liveness")
@Tag(name = "verification")
@Produces(MediaType.APPLICATION_JSON)
public class LivenessResource {

    private final LivenessService liveness;
    private final PhotoValidator validator;

    public LivenessResource(LivenessService liveness, PhotoValidator validator) {
        this.liveness = liveness;
        this.validator = validator;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    @Operation(operationId = "checkLiveness",
            summary = "Passive liveness of the largest face in one photo (multipart: image)")
    @APIResponse(responseCode = "200", description = "Judged: data.live and data.score of the largest face")
    @InvalidRequestResponse
    @PhotoErrorResponses
    @UnavailableResponse
    @RequestBody(content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA, schema = @Schema(
            type = SchemaType.OBJECT, requiredProperties = "image",
            properties = @SchemaProperty(name = "image", type = SchemaType.STRING, format = "binary"))))
    public Uni<ApiResponse<LivenessResult>> check(MultipartForm form, @RestHeader(RequestIds.HEADER) String requestId) {
        return liveness.check(requestId, validator.validate("image", form.file("image")))
                .map(ApiResponse::of);
    }
}
