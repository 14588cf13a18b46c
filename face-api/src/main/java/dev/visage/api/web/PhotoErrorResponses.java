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

/** The refusals of an operation that takes photos, beyond a malformed request. */
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@APIResponse(responseCode = "413", description = "validation_error: a photo exceeds the byte or pixel "
        + "limit, or the body the request limit",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
@APIResponse(responseCode = "415", description = "validation_error: an upload is not a JPEG, PNG, WebP or "
        + "BMP photo, or the body is neither multipart nor JSON",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
@APIResponse(responseCode = "422", description = "face_detection_error: no usable face in the named image "
        + "(none, too small, several, refused for its quality or "
        + "liveness)",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class),
                examples = @ExampleObject(name = "no face", value = """
                        {"success": false, "error": "Face detection failed for image1: No faces detected in image",
                         "error_type": "face_detection_error", "image": "image1",
                         "details": "No faces detected in image",
                         "suggestion": "Send a photo in which the face is clearly visible, frontal and at least 32 \
                        pixels wide.", "request_id": "4f0c2a5e-7d1b-4b8e-9a51-2f3c6d8e9a10"}""")))
public @interface PhotoErrorResponses {
}
