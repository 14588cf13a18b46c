package dev.visage.api.gallery.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import dev.visage.api.web.InvalidRequestResponse;
import dev.visage.api.web.UnavailableResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import dev.visage.api.web.AccessErrorResponses;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.visage.api.access.CollectionScoped;
import dev.visage.api.access.Scope;
import dev.visage.api.audit.AuditAction;
import dev.visage.api.audit.AuditedAs;
import dev.visage.api.audit.AuditedIds;
import dev.visage.api.gallery.service.SubjectService;
import dev.visage.api.retention.CollectionRetention;
import dev.visage.api.retention.RetentionPolicy;
import dev.visage.common.api.ApiResponse;
import dev.visage.common.error.VisageException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

import java.util.List;
import java.util.UUID;

/** A collection as a whole: its retention period, and its erasure with every subject in it. */
@AccessErrorResponses
@Path("/api/v1/collections/{collection}")
@Tag(name = "gallery")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scope.ENROL_ROLE)
@CollectionScoped
public class CollectionResource {

    /** Ten years: longer than any retention schedule asks for, short enough to catch a unit mistake. */
    private static final int MAX_RETENTION_DAYS = 3650;

    private final RetentionPolicy retention;
    private final SubjectService subjects;

    public CollectionResource(RetentionPolicy retention, SubjectService subjects) {
        this.retention = retention;
        this.subjects = subjects;
    }

    public record RetentionRequest(
            @Schema(required = true) @JsonProperty("retention_days") @NotNull @Positive @Max(MAX_RETENTION_DAYS)
            Integer retentionDays) {
    }

    /** What erasing a collection did: every subject erased, named in the audit log by id. */
    public record CollectionErasure(@JsonProperty("collection") String collection,
                                    @JsonProperty("subjects_erased") int subjectsErased,
                                    @JsonProperty("subject_ids") List<UUID> subjectIds) implements AuditedIds {
        @Override
        public List<UUID> auditedSubjects() {
            return subjectIds;
        }
    }

    @GET
    @Operation(operationId = "getCollection",
            summary = "The collection's retention period in days (its own, or the server's default)")
    @APIResponse(responseCode = "200", description = "The collection's retention period")
    @InvalidRequestResponse
    @UnavailableResponse
    public Uni<ApiResponse<CollectionRetention>> get(@RestPath String collection) {
        return retention.of(GalleryParameters.collection(collection)).map(ApiResponse::of);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scope.ADMIN_ROLE)
    @AuditedAs(AuditAction.SET_RETENTION)
    @Operation(operationId = "setCollectionRetention",
            summary = "Set the collection's retention period: {retention_days}; subjects without any enrolment "
            + "or match for that long are erased")
    @APIResponse(responseCode = "200", description = "Set")
    @InvalidRequestResponse
    @UnavailableResponse
    public Uni<ApiResponse<CollectionRetention>> setRetention(@RestPath String collection,
                                                              @Valid RetentionRequest body) {
        if (body == null) {
            throw VisageException.validation("retention_days is required", "body=empty",
                    "Send {\"retention_days\": 1095}.");
        }
        return retention.set(GalleryParameters.collection(collection), body.retentionDays()).map(ApiResponse::of);
    }

    @DELETE
    @RolesAllowed(Scope.ADMIN_ROLE)
    @AuditedAs(AuditAction.ERASE_COLLECTION)
    @Operation(operationId = "eraseCollection",
            summary = "Erase the whole collection: every subject, face row and vector in it")
    @APIResponse(responseCode = "200", description = "Erased: how many subjects")
    @InvalidRequestResponse
    @UnavailableResponse
    public Uni<ApiResponse<CollectionErasure>> erase(@RestPath String collection) {
        String name = GalleryParameters.collection(collection);
        return subjects.eraseCollection(name)
                .map(erased -> ApiResponse.of(new CollectionErasure(name, erased.size(), erased)));
    }
}
