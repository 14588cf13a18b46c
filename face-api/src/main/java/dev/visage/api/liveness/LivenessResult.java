package dev.visage.api.liveness;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.visage.common.messaging.FaceData;

/**
 * The passive liveness of the largest face in one photo.
 *
 * @param live      whether the score reaches the threshold
 * @param faceCount faces found in the photo; the largest was checked
 * @param face      the checked face, with its box, quality and liveness
 */
public record LivenessResult(
        @JsonProperty("image") String image,
        @JsonProperty("live") boolean live,
        @JsonProperty("score") double score,
        @JsonProperty("threshold") double threshold,
        @JsonProperty("model") String model,
        @JsonProperty("face_count") int faceCount,
        @JsonProperty("face") FaceData face) {
}
