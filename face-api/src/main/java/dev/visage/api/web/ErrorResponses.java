package dev.visage.api.web;

import dev.visage.common.error.ErrorResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The error answers every photo endpoint documents, in one place, access control's included. */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@APIResponse(responseCode = "400", description = "validation_error: a photo or field is missing, empty, "
        + "undecodable or out of range", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
@APIResponse(responseCode = "413", description = "validation_error: a photo exceeds the byte or pixel limit",
        content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
@APIResponse(responseCode = "415", description = "validation_error: an upload is not a JPEG, PNG, WebP or BMP "
        + "photo, or the body is neither multipart nor JSON",
        content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
@AccessErrorResponses
@APIResponse(responseCode = "422", description = "face_detection_error: no face was found in the named image",
        content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
@APIResponse(responseCode = "503", description = "service_unavailable or import_error: Kafka, the embedding "
        + "workers or their models are unavailable", content = @Content(schema = @Schema(implementation =
        ErrorResponse.class)))
@APIResponse(responseCode = "500", description = "unexpected_error or verification_error",
        content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
public @interface ErrorResponses {
}
