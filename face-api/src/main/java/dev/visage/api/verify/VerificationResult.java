package dev.visage.api.verify;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/** The answer to "are these two photos of the same person?". */
public record VerificationResult(
        @JsonProperty("verified") boolean verified,
        @JsonProperty("similarity") double similarity,
        @JsonProperty("threshold") double threshold,
        @JsonProperty("model") String model,
        @JsonProperty("faces") List<FaceSummary> faces,
        @JsonProperty("timing_ms") Map<String, Object> timingMs) {
}
