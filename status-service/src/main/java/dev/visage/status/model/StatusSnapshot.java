package dev.visage.status.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One element of the live stream: both status documents' {@code data}, as their endpoints answer them. */
@JsonPropertyOrder({"face_verification", "background"})
public record StatusSnapshot(
        @JsonProperty("face_verification") StatusReport faceVerification,
        @JsonProperty("background") StatusReport background) {
}
