package dev.visage.status.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.visage.status.page.StatusView;

/**
 * One element of the live stream: both status documents' {@code data}, as their endpoints answer them, and the
 * {@code view} the status component renders of them, so that the page shows what the server computed instead of
 * deriving its colours, counts and banner again.
 */
@JsonPropertyOrder({"face_verification", "background", "view"})
public record StatusSnapshot(
        @JsonProperty("face_verification") StatusReport faceVerification,
        @JsonProperty("background") StatusReport background) {

    @JsonProperty("view")
    public StatusView view() {
        return StatusView.of(this);
    }
}
