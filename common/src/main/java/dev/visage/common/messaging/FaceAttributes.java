package dev.visage.common.messaging;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Estimated attributes of one face, each present only when asked for. Estimates with the model's own confidence,
 * for display and analytics: Visage never decides anything on them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FaceAttributes(@JsonProperty("age") Age age, @JsonProperty("gender") Gender gender,
                             @JsonProperty("pose") Pose pose, @JsonProperty("eyes") Eyes eyes) {

    /** The attributes a request can ask for, by their names in {@code attributes=age,gender,pose,eyes}. */
    public enum Kind {
        AGE, GENDER, POSE, EYES;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The kinds named in a comma-separated list; blank means none.
         *
         * @throws IllegalArgumentException naming the first unknown name
         */
        public static Set<Kind> parse(String list) {
            Set<Kind> kinds = new TreeSet<>();
            if (list == null || list.isBlank()) {
                return kinds;
            }
            for (String name : list.split(",")) {
                String trimmed = name.trim().toLowerCase(Locale.ROOT);
                if (trimmed.isEmpty()) {
                    continue;
                }
                kinds.add(Arrays.stream(values()).filter(k -> k.wireName().equals(trimmed)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("unknown attribute '" + name.trim()
                                + "': use age, gender, pose or eyes")));
            }
            return kinds;
        }

        /** The comma-separated wire form of a set of kinds. */
        public static String format(Set<Kind> kinds) {
            return String.join(",", kinds.stream().sorted().map(Kind::wireName).toList());
        }
    }

    /** Apparent age in years, and the model's certainty (0 to 1). */
    public record Age(@JsonProperty("years") double years, @JsonProperty("confidence") double confidence,
                      @JsonProperty("model") String model) {
    }

    /** Apparent gender ({@code female} or {@code male}) and the model's certainty (0.5 to 1). */
    public record Gender(@JsonProperty("value") String value, @JsonProperty("confidence") double confidence,
                         @JsonProperty("model") String model) {
    }

    /**
     * Head pose in degrees, as fr_pose reports it: yaw positive when the subject turns to their own right, pitch
     * positive looking up, roll positive when the head leans clockwise in the photo.
     */
    public record Pose(@JsonProperty("yaw") double yaw, @JsonProperty("pitch") double pitch,
                       @JsonProperty("roll") double roll, @JsonProperty("confidence") double confidence,
                       @JsonProperty("model") String model) {
    }

    /** Whether each eye (from the subject's point of view) is open, with the model's certainty of each verdict. */
    public record Eyes(@JsonProperty("right_open") boolean rightOpen,
                       @JsonProperty("right_confidence") double rightConfidence,
                       @JsonProperty("left_open") boolean leftOpen,
                       @JsonProperty("left_confidence") double leftConfidence,
                       @JsonProperty("model") String model) {
    }
}
