package dev.visage.api.templates.rest;

import dev.visage.api.web.UnavailableResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import dev.visage.api.web.AccessErrorResponses;
import dev.visage.api.access.Scope;
import dev.visage.api.audit.AuditAction;
import dev.visage.api.audit.AuditedAs;
import dev.visage.api.templates.TemplateReencryption;
import dev.visage.common.api.ApiResponse;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Template keys, for administrators: how the stored templates are sealed, and re-encryption onto the active key. */
@AccessErrorResponses
@Path("/api/v1/templates")
@Tag(name = "templates")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scope.ADMIN_ROLE)
public class TemplateResource {

    private final TemplateReencryption reencryption;

    public TemplateResource(TemplateReencryption reencryption) {
        this.reencryption = reencryption;
    }

    @GET
    @Operation(operationId = "getTemplateStatus",
            summary = "How many templates each key seals (null: stored in the clear), and the active key")
    @APIResponse(responseCode = "200", description = "Templates per sealing key, and the active key")
    @UnavailableResponse
    public Uni<ApiResponse<TemplateReencryption.Report>> status() {
        return reencryption.status().map(ApiResponse::of);
    }

    @POST
    @Path("/reencryption")
    @AuditedAs(AuditAction.REENCRYPT_TEMPLATES)
    @Operation(operationId = "reencryptTemplates",
            summary = "Re-encrypt every template onto the active key now, in batches, while the service runs")
    @APIResponse(responseCode = "200", description = "Re-encrypted: the counts after the pass")
    @UnavailableResponse
    public Uni<ApiResponse<TemplateReencryption.Report>> reencrypt() {
        return reencryption.run().map(ApiResponse::of);
    }
}
