package dev.visage.api.gallery.rest;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The JSON form of a one-photo gallery request. */
public record ImageJsonRequest(
        @JsonProperty("image") String image,
        @JsonProperty("face_index") Integer faceIndex) {
}
