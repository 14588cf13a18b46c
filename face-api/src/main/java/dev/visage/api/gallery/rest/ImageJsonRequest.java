package dev.visage.api.gallery.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The JSON form of a one-photo gallery request. */
public record ImageJsonRequest(
        @Schema(required = true) @JsonProperty("image") String image,
        @JsonProperty("face_index") Integer faceIndex) {
}
