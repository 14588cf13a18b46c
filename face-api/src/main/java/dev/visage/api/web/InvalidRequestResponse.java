package dev.visage.api.web;

import dev.visage.common.error.ErrorResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** 400: a parameter, field or body is missing or malformed. */
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@APIResponse(responseCode = "400", description = "validation_error: a photo or field is missing, empty, "
        + "undecodable or out of range",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
public @interface InvalidRequestResponse {
}
