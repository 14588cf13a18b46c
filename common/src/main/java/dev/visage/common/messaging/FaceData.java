package dev.visage.common.messaging;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One detected face in photo pixel coordinates (after EXIF orientation), with its quality, and its liveness score,
 * attributes and L2-normalised embedding when they were asked for.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FaceData(
        @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("box") Box box,
        @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("landmarks") Landmarks landmarks,
        @JsonProperty("detection_score") double detectionScore,
        @JsonProperty("quality") FaceQuality quality,
        @JsonProperty("liveness") FaceLiveness liveness,
        @JsonProperty("attributes") FaceAttributes attributes,
        @JsonProperty("embedding") float[] embedding) {

    /** A face without a liveness score or attributes: none were asked for. */
    public FaceData(Box box, Landmarks landmarks, double detectionScore, FaceQuality quality, float[] embedding) {
        this(box, landmarks, detectionScore, quality, null, null, embedding);
    }

    public double area() {
        return box.width() * box.height();
    }

    public FaceData withoutEmbedding() {
        return withEmbedding(null);
    }

    public FaceData withLiveness(FaceLiveness judged) {
        return new FaceData(box, landmarks, detectionScore, quality, judged, attributes, embedding);
    }

    public FaceData withEmbedding(float[] vector) {
        return new FaceData(box, landmarks, detectionScore, quality, liveness, attributes, vector);
    }

    public record Box(
            @JsonProperty("x") double x,
            @JsonProperty("y") double y,
            @JsonProperty("width") double width,
            @JsonProperty("height") double height) {
    }

    /** The five points of the ArcFace template, named from the subject's point of view. */
    public record Landmarks(
            @JsonProperty("right_eye") double[] rightEye,
            @JsonProperty("left_eye") double[] leftEye,
            @JsonProperty("nose") double[] nose,
            @JsonProperty("mouth_right") double[] mouthRight,
            @JsonProperty("mouth_left") double[] mouthLeft) {
    }
}
