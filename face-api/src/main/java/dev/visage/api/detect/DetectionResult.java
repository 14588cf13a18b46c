package dev.visage.api.detect;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.visage.common.messaging.FaceData;

import java.util.List;
import java.util.Map;

/** Every face found in one photo. */
public record DetectionResult(
        @JsonProperty("image") String image,
        @JsonProperty("face_count") int faceCount,
        @JsonProperty("faces") List<FaceData> faces,
        @JsonProperty("image_width") int imageWidth,
        @JsonProperty("image_height") int imageHeight,
        @JsonProperty("model") String model,
        @JsonProperty("timing_ms") Map<String, Object> timingMs) {
}
