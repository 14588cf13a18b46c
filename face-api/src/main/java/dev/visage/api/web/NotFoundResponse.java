package dev.visage.api.web;

import dev.visage.common.error.ErrorResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** 404: the subject, face, job or key named in the path does not exist here. */
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@APIResponse(responseCode = "404", description = "validation_error: nothing with this id in this "
        + "collection",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
public @interface NotFoundResponse {
}
