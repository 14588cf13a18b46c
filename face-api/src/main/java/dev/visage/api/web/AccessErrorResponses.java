package dev.visage.api.web;

import dev.visage.common.error.ErrorResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The answers every {@code /api/v1} operation can give: access control's and the unexpected failure. */
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@APIResponse(responseCode = "401", description = "authentication_error: no API key, or an unknown, expired "
        + "or revoked one",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class),
                examples = @ExampleObject(name = "no key", value = """
                        {"success": false, "error": "An API key is required", "error_type": "authentication_error",
                         "details": "no Authorization or X-API-Key header",
                         "suggestion": "Send a valid API key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'; \
                        an administrator creates keys with POST /api/v1/keys.",
                         "request_id": "8a1d3c2b-0e4f-4a6b-9c8d-7e6f5a4b3c2d"}""")))
@APIResponse(responseCode = "403", description = "permission_denied: the key lacks the scope, or may not "
        + "use the collection",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
@APIResponse(responseCode = "429", description = "rate_limited: the key's request budget is used up; "
        + "Retry-After says when to try again",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
@APIResponse(responseCode = "500", description = "unexpected_error or verification_error: a failure the "
        + "service did not foresee; report the request_id",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
public @interface AccessErrorResponses {
}
