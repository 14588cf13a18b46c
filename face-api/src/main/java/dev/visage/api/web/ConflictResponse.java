package dev.visage.api.web;

import dev.visage.common.error.ErrorResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** 409: the request contradicts what exists, or a request like it is still being processed. */
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@APIResponse(responseCode = "409", description = "validation_error: the external_id is taken, or a request "
        + "with this Idempotency-Key is still in progress",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
public @interface ConflictResponse {
}
