package dev.visage.api.access.rest;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.resteasy.reactive.ResponseStatus;
import dev.visage.api.web.InvalidRequestResponse;
import dev.visage.api.web.UnavailableResponse;
import dev.visage.api.web.NotFoundResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import dev.visage.api.web.AccessErrorResponses;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.visage.api.access.ApiKey;
import dev.visage.api.access.ApiKeyService;
import dev.visage.api.access.Scope;
import dev.visage.api.audit.AuditAction;
import dev.visage.api.audit.AuditedAs;
import dev.visage.api.audit.AuditedIds;
import dev.visage.api.gallery.rest.GalleryParameters;
import dev.visage.common.api.ApiResponse;
import dev.visage.common.error.VisageException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

/** API keys, for administrators: create (the only time a key is shown), list, look at and revoke. */
@AccessErrorResponses
@Path("/api/v1/keys")
@Tag(name = "keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scope.ADMIN_ROLE)
public class KeyResource {

    private final ApiKeyService keys;

    public KeyResource(ApiKeyService keys) {
        this.keys = keys;
    }

    /** The created key's stored view and, this once, the key itself. */
    public record CreatedKeyView(@JsonUnwrapped ApiKey stored, @JsonProperty("key") String key)
            implements AuditedIds {

        @Override
        public UUID auditedKey() {
            return stored.id();
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createKey",
            summary = "Create an API key: {name, scopes, collections, expires_at, requests_per_second, burst}; "
            + "data.key is shown only in this answer")
    @AuditedAs(AuditAction.CREATE_KEY)
    @APIResponse(responseCode = "201", description = "Created: data.key is shown only in this answer",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CreatedKeyAnswer.class)))
    @InvalidRequestResponse
    @UnavailableResponse
    @ResponseStatus(201)
    public Uni<ApiResponse<CreatedKeyView>> create(@Valid KeyRequest body) {
        if (body == null) {
            throw VisageException.validation("A key needs a name and scopes", "body=empty",
                    "Send {\"name\": ..., \"scopes\": [\"verify\", ...]}.");
        }
        if (body.expiresAt() != null && !body.expiresAt().isAfter(OffsetDateTime.now())) {
            throw VisageException.validation("The key would expire before it is created",
                    "expires_at=" + body.expiresAt(), "Give an expires_at in the future, or none.");
        }
        List<String> collections = body.collections() == null ? null
                : body.collections().stream().map(GalleryParameters::collection).distinct().toList();
        return keys.create(body.name(), EnumSet.copyOf(body.scopes()), collections, body.requestsPerSecond(),
                        body.burst(), body.expiresAt())
                .map(created -> ApiResponse.of(new CreatedKeyView(created.key(), created.secret())));
    }

    @GET
    @Operation(operationId = "listKeys",
            summary = "List API keys, newest first, revoked ones included (never the keys themselves)")
    @AuditedAs(AuditAction.LIST_KEYS)
    @APIResponse(responseCode = "200", description = "Every key, newest first")
    @UnavailableResponse
    public Uni<ApiResponse<List<ApiKey>>> list() {
        return keys.list().map(ApiResponse::of);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getKey", summary = "One API key")
    @AuditedAs(AuditAction.READ_KEY)
    @APIResponse(responseCode = "200", description = "The key (never the secret itself)")
    @NotFoundResponse
    @UnavailableResponse
    public Uni<ApiResponse<ApiKey>> get(@RestPath String id) {
        return keys.get(GalleryParameters.id("key", id)).map(ApiResponse::of);
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "revokeKey", summary = "Revoke an API key: refused from then on, kept for the audit log")
    @AuditedAs(AuditAction.REVOKE_KEY)
    @APIResponse(responseCode = "200", description = "Revoked")
    @NotFoundResponse
    @UnavailableResponse
    public Uni<ApiResponse<ApiKey>> revoke(@RestPath String id) {
        return keys.revoke(GalleryParameters.id("key", id)).map(ApiResponse::of);
    }

    /** The 201 answer of a key's creation, as the contract names it (a generic envelope SmallRye cannot derive). */
    @Schema(name = "ApiResponseCreatedKeyView")
    public record CreatedKeyAnswer(@JsonProperty("success") boolean success,
                                   @JsonProperty("data") CreatedKeyView data) {
    }
}
