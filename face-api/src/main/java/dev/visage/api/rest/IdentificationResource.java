package dev.visage.api.rest;

import dev.visage.api.service.GalleryResults.Identification;
import dev.visage.api.service.GalleryService;
import dev.visage.api.service.PhotoValidator;
import dev.visage.common.api.ApiResponse;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** 1:N identification: who in the collection is this? Strangers get an empty list, never the nearest subject. */
@Path("/api/v1/identify")
@Tag(name = "gallery")
@Produces(MediaType.APPLICATION_JSON)
public class IdentificationResource {

    private final GalleryService gallery;
    private final PhotoValidator validator;

    public IdentificationResource(GalleryService gallery, PhotoValidator validator) {
        this.gallery = gallery;
        this.validator = validator;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    @Operation(summary = "Identify the largest face (or every face with all_faces=true) against the collection")
    @ErrorResponses
    public Uni<ApiResponse<Identification>> identify(@RestForm("image") FileUpload image,
                                                     @RestForm("top_k") Integer topK,
                                                     @RestForm("all_faces") Boolean allFaces,
                                                     @RestQuery String collection,
                                                     @RestHeader(RequestIdFilter.HEADER) String requestId) {
        return gallery.identify(requestId, GalleryService.collection(collection),
                        validator.validate("image", UploadReader.fromPart(image)), topK, Boolean.TRUE.equals(allFaces))
                .map(ApiResponse::of);
    }
}
