package dev.visage.api.verify;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The JSON form of a verification request: both photos base64-encoded (a {@code data:} URL prefix is fine). */
public record VerifyJsonRequest(
        @Schema(description = "First photo, base64", required = true) @JsonProperty("image1") String image1,
        @Schema(description = "Second photo, base64", required = true) @JsonProperty("image2") String image2,
        @Schema(description = "Similarity at or above which the faces match; default: the calibrated threshold",
                minimum = "0", maximum = "1") @JsonProperty("threshold") Double threshold) {
}
