package dev.visage.api.verify;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.visage.common.messaging.FaceData;

/**
 * What the answer says about one photo: how many faces it has, the one that was compared, and a note when a
 * choice had to be made.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FaceSummary(
        @JsonProperty("image") String image,
        @JsonProperty("face_count") int faceCount,
        @JsonProperty("face") FaceData face,
        @JsonProperty("image_width") int imageWidth,
        @JsonProperty("image_height") int imageHeight,
        @JsonProperty("note") String note) {
}
