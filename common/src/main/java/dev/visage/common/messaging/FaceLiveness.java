package dev.visage.common.messaging;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A face's passive liveness: the model's score (0 to 1, higher is more likely a live person in front of the camera
 * rather than a photo, screen or mask), and whether it reaches face-api's threshold ({@code live}, null in the
 * worker's reply, which knows no threshold).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FaceLiveness(@JsonProperty("live") Boolean live, @JsonProperty("score") double score,
                           @JsonProperty("threshold") Double threshold, @JsonProperty("model") String model) {

    /** Judged against a threshold. */
    public FaceLiveness judged(double threshold) {
        return new FaceLiveness(score >= threshold, score, threshold, model);
    }
}
