package dev.visage.api.audit.rest;

import dev.visage.api.web.InvalidRequestResponse;
import dev.visage.api.web.UnavailableResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import dev.visage.api.web.AccessErrorResponses;
import dev.visage.api.access.Scope;
import dev.visage.api.audit.AuditAction;
import dev.visage.api.audit.AuditEvent;
import dev.visage.api.audit.AuditLog;
import dev.visage.api.audit.AuditQuery;
import dev.visage.api.audit.AuditedAs;
import dev.visage.api.gallery.repository.Page;
import dev.visage.api.gallery.rest.GalleryParameters;
import dev.visage.api.web.FormFields;
import dev.visage.common.api.ApiResponse;
import dev.visage.common.error.VisageException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/** The audit log, for administrators: newest first, filtered by key, action, collection, subject and time. */
@AccessErrorResponses
@Path("/api/v1/audit")
@Tag(name = "audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scope.ADMIN_ROLE)
public class AuditResource {

    private static final int MAX_LIMIT = 500;

    private final AuditLog log;

    public AuditResource(AuditLog log) {
        this.log = log;
    }

    @GET
    @AuditedAs(AuditAction.READ_AUDIT)
    @Operation(operationId = "listAuditEvents",
            summary = "Audit events, newest first (key_id, action, collection, subject_id, from, to, offset, "
            + "limit)")
    @APIResponse(responseCode = "200", description = "A page of audit events, newest first")
    @InvalidRequestResponse
    @UnavailableResponse
    public Uni<ApiResponse<Page<AuditEvent>>> find(@RestQuery("key_id") String keyId, @RestQuery String action,
                                                   @RestQuery String collection,
                                                   @RestQuery("subject_id") String subjectId,
                                                   @RestQuery String from, @RestQuery String to,
                                                   @RestQuery String offset, @RestQuery String limit) {
        AuditQuery query = new AuditQuery(uuid("key_id", keyId), action(action),
                collection == null ? null : GalleryParameters.collection(collection), uuid("subject_id", subjectId),
                time("from", from), time("to", to),
                bounded("offset", offset, 0, 0, Integer.MAX_VALUE), bounded("limit", limit, 50, 1, MAX_LIMIT));
        return log.find(query).map(ApiResponse::of);
    }

    private static int bounded(String name, String value, int absent, int min, int max) {
        Integer given = FormFields.integer(name, value);
        if (given == null) {
            return absent;
        }
        if (given < min || given > max) {
            throw VisageException.validation("The field " + name + " is out of range", name + "=" + given,
                    "Use " + name + " from " + min + " to " + max + ".");
        }
        return given;
    }

    private static UUID uuid(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw VisageException.validation("The " + name + " is not a valid id", name + "=" + value,
                    "Give the id as a UUID.");
        }
    }

    private static AuditAction action(String value) {
        if (value == null) {
            return null;
        }
        try {
            return AuditAction.fromWireName(value);
        } catch (IllegalArgumentException e) {
            throw VisageException.validation("Unknown audit action", "action=" + value,
                    "Use one of the actions in docs/security.md, e.g. identify or enrol_face.");
        }
    }

    private static OffsetDateTime time(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw VisageException.validation("The " + name + " time is not valid", name + "=" + value,
                    "Give an ISO-8601 time with its offset, e.g. 2026-12-01T00:00:00Z.");
        }
    }
}
