package dev.visage.api.enrolment.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.visage.common.error.ErrorResponse;
import dev.visage.common.messaging.FaceLiveness;
import dev.visage.common.messaging.FaceQuality;

import java.io.UncheckedIOException;
import java.util.UUID;

/** The stored result of one photo (the {@code result} column): what {@link EnrolmentItemView} reports beyond state. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ItemOutcome(
        @JsonProperty("subject_id") UUID subjectId,
        @JsonProperty("face_id") UUID faceId,
        @JsonProperty("already_enrolled") Boolean alreadyEnrolled,
        @JsonProperty("quality") FaceQuality quality,
        @JsonProperty("liveness") FaceLiveness liveness,
        @JsonProperty("error") ErrorResponse error) {

    String toJson(ObjectMapper json) {
        try {
            return json.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ItemOutcome fromJson(ObjectMapper json, String stored) {
        try {
            return json.readValue(stored, ItemOutcome.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ItemOutcome failed(UUID subjectId, FaceQuality quality, ErrorResponse error) {
        return new ItemOutcome(subjectId, null, null, quality, null, error);
    }
}
