package dev.visage.common.messaging;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.List;
import java.util.Locale;

/**
 * How fit a detected face is for recognition, measured by the worker: the verdict, what lowered it (named as the
 * cloud services name their reasons) and the measurements behind it.
 *
 * @param forRecognition   {@code low}, {@code medium} or {@code high}: the worst of the measurements' levels
 * @param reasons          what lowered the verdict: {@code SMALL_BOUNDING_BOX}, {@code LOW_SHARPNESS},
 *                         {@code LOW_BRIGHTNESS}, {@code EXTREME_POSE}, {@code LOW_CONFIDENCE}; empty when high
 * @param faceWidth        the detected box's width in photo pixels
 * @param faceHeight       the detected box's height in photo pixels
 * @param interEyeDistance between the eye centres, in photo pixels
 * @param sharpness        variance of the Laplacian of the aligned 112x112 grey face: blur and up-scaled small
 *                         faces score low
 * @param brightness       mean grey level of the aligned face, 0 to 255
 * @param contrast         standard deviation of that grey level
 * @param yaw              head turn left/right in degrees, estimated from the five landmarks (0: frontal)
 * @param pitch            head tilt up/down in degrees, estimated likewise
 * @param roll             in-plane rotation in degrees, from the eye line
 * @param detectionScore   the detector's confidence
 */
public record FaceQuality(
        @JsonProperty("for_recognition") Level forRecognition,
        @JsonProperty("reasons") List<String> reasons,
        @JsonProperty("face_width") double faceWidth,
        @JsonProperty("face_height") double faceHeight,
        @JsonProperty("inter_eye_distance") double interEyeDistance,
        @JsonProperty("sharpness") double sharpness,
        @JsonProperty("brightness") double brightness,
        @JsonProperty("contrast") double contrast,
        @JsonProperty("yaw") double yaw,
        @JsonProperty("pitch") double pitch,
        @JsonProperty("roll") double roll,
        @JsonProperty("detection_score") double detectionScore) {

    public static final String SMALL_BOUNDING_BOX = "SMALL_BOUNDING_BOX";
    public static final String LOW_SHARPNESS = "LOW_SHARPNESS";
    public static final String LOW_BRIGHTNESS = "LOW_BRIGHTNESS";
    public static final String EXTREME_POSE = "EXTREME_POSE";
    public static final String LOW_CONFIDENCE = "LOW_CONFIDENCE";

    /** Fitness for recognition, in order. */
    public enum Level {
        LOW, MEDIUM, HIGH;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Level fromWireName(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }

        public boolean atLeast(Level other) {
            return compareTo(other) >= 0;
        }

        public Level worse(Level other) {
            return compareTo(other) <= 0 ? this : other;
        }
    }
}
