package dev.visage.api.detect;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The JSON form of a detection request. */
public record DetectJsonRequest(
        @Schema(description = "The photo, base64", required = true) @JsonProperty("image") String image) {
}
