package dev.visage.api.access.rest;

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
import org.jboss.resteasy.reactive.RestResponse;

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
    @Operation(summary = "Create an API key: {name, scopes, collections, expires_at, requests_per_second, burst}; "
            + "data.key is shown only in this answer")
    @AuditedAs(AuditAction.CREATE_KEY)
    public Uni<RestResponse<ApiResponse<CreatedKeyView>>> create(@Valid KeyRequest body) {
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
                .map(created -> RestResponse.status(RestResponse.Status.CREATED,
                        ApiResponse.of(new CreatedKeyView(created.key(), created.secret()))));
    }

    @GET
    @Operation(summary = "List API keys, newest first, revoked ones included (never the keys themselves)")
    @AuditedAs(AuditAction.LIST_KEYS)
    public Uni<ApiResponse<List<ApiKey>>> list() {
        return keys.list().map(ApiResponse::of);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One API key")
    @AuditedAs(AuditAction.READ_KEY)
    public Uni<ApiResponse<ApiKey>> get(@RestPath String id) {
        return keys.get(GalleryParameters.id("key", id)).map(ApiResponse::of);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke an API key: refused from then on, kept for the audit log")
    @AuditedAs(AuditAction.REVOKE_KEY)
    public Uni<ApiResponse<ApiKey>> revoke(@RestPath String id) {
        return keys.revoke(GalleryParameters.id("key", id)).map(ApiResponse::of);
    }
}
