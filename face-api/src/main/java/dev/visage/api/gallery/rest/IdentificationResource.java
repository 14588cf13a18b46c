package dev.visage.api.gallery.rest;

import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import dev.visage.api.web.MultipartForm;
import dev.visage.api.web.AccessErrorResponses;
import dev.visage.api.web.InvalidRequestResponse;
import dev.visage.api.web.PhotoErrorResponses;
import dev.visage.api.web.UnavailableResponse;
import dev.visage.api.web.NotFoundResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import dev.visage.api.quality.QualityGate;
import dev.visage.api.access.CollectionScoped;
import dev.visage.api.access.Scope;
import dev.visage.api.audit.AuditAction;
import dev.visage.api.audit.AuditedAs;
import jakarta.annotation.security.RolesAllowed;
import dev.visage.api.gallery.service.GalleryResults.Identification;
import dev.visage.api.gallery.service.IdentificationService;
import dev.visage.api.photo.PhotoValidator;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;

/** 1:N identification: who in the collection is this? Strangers get an empty list, never the nearest subject. */
@RolesAllowed(Scope.IDENTIFY_ROLE)
@CollectionScoped
@AccessErrorResponses
@Path("/api/v1/identify")
@Tag(name = "gallery")
@Produces(MediaType.APPLICATION_JSON)
public class IdentificationResource {

    private final IdentificationService identification;
    private final PhotoValidator validator;

    public IdentificationResource(IdentificationService identification, PhotoValidator validator) {
        this.identification = identification;
        this.validator = validator;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    @Operation(operationId = "identifyFaces",
            summary = "Identify the largest face (or every face with all_faces=true) against the collection")
    @AuditedAs(AuditAction.IDENTIFY)
    @APIResponse(responseCode = "200",
            description = "Searched: data.matches for the largest face (data.faces[i].matches for each face), best "
                    + "first, [] for a stranger")
    @InvalidRequestResponse
    @PhotoErrorResponses
    @UnavailableResponse
    @NotFoundResponse
    @RequestBody(content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA, schema = @Schema(
            type = SchemaType.OBJECT, requiredProperties = "image", properties = {
                @SchemaProperty(name = "image", type = SchemaType.STRING, format = "binary"),
                @SchemaProperty(name = "top_k", type = SchemaType.INTEGER, minimum = "1"),
                @SchemaProperty(name = "all_faces", type = SchemaType.BOOLEAN)})))
    public Uni<ApiResponse<Identification>> identify(MultipartForm form, @RestQuery String collection,
                                                     @RestQuery String quality,
                                                     @RestQuery String attributes,
                                                     @RestHeader(RequestIds.HEADER) String requestId) {
        return identification.identify(requestId, GalleryParameters.collection(collection),
                        validator.validate("image", form.file("image")),
                        FormFields.integer("top_k", form.field("top_k")),
                        FormFields.flag("all_faces", form.field("all_faces")), QualityGate.parse(quality),
                        FormFields.attributes(attributes))
                .map(ApiResponse::of);
    }
}
