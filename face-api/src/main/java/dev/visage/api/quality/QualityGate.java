package dev.visage.api.quality;

import dev.visage.common.error.VisageException;
import io.micrometer.core.instrument.MeterRegistry;
import dev.visage.common.messaging.FaceData;
import dev.visage.common.messaging.FaceQuality;
import dev.visage.common.messaging.FaceQuality.Level;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Refuses a face below the quality an operation asks for, with a 422 {@code face_detection_error} that names the
 * photo, the measured level and the reasons, and tells a person what to do about each.
 */
@ApplicationScoped
public class QualityGate {

    /** Faces refused by a gate, by reason: the quality reasons, and {@code LIVENESS}. */
    public static final String REFUSALS = "visage.api.faces.refused";

    private final QualityConfig config;
    private final MeterRegistry registry;

    public QualityGate(QualityConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    /** The minimum for an enrolment: the request's {@code quality}, else the server's default. */
    public Optional<Level> forEnrolment(String requested) {
        return requested == null || requested.isBlank() ? Optional.of(config.enrolMinimum()) : parse(requested);
    }

    /** The request's {@code quality} parameter: {@code none} (or absent) accepts every face. */
    public static Optional<Level> parse(String requested) {
        if (requested == null || requested.isBlank() || requested.strip().equalsIgnoreCase("none")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Level.fromWireName(requested.strip()));
        } catch (IllegalArgumentException e) {
            throw VisageException.validation("The quality parameter is not valid", "quality="
                            + (requested.length() > 16 ? requested.substring(0, 16) + "..." : requested),
                    "Use quality=none, low, medium or high.");
        }
    }

    /** Passes when no minimum is asked for, or the face reaches it; throws otherwise. */
    public void require(String image, FaceData face, Optional<Level> minimum) {
        FaceQuality quality = face.quality();
        if (minimum.isEmpty() || quality == null || quality.forRecognition().atLeast(minimum.get())) {
            return;
        }
        quality.reasons().forEach(reason -> registry.counter(REFUSALS, "reason", reason).increment());
        throw QualityRefusal.of(image, "face quality " + quality.forRecognition().wireName()
                        + " is below the " + minimum.get().wireName() + " required ("
                        + String.join(", ", quality.reasons()) + ")",
                advice(quality.reasons()) + " Or send quality=" + quality.forRecognition().wireName()
                        + " to accept this face.", quality);
    }

    /** What a person can do about each reason. */
    static String advice(List<String> reasons) {
        List<String> steps = new ArrayList<>();
        for (String reason : reasons) {
            steps.add(switch (reason) {
                case FaceQuality.SMALL_BOUNDING_BOX -> "move closer, or send a larger photo";
                case FaceQuality.LOW_SHARPNESS -> "hold the camera still and let it focus on the face";
                case FaceQuality.LOW_BRIGHTNESS -> "add light on the face and avoid a bright background";
                case FaceQuality.EXTREME_POSE -> "look straight at the camera with the head upright";
                case FaceQuality.LOW_CONFIDENCE -> "show the whole face, uncovered";
                default -> reason.toLowerCase(Locale.ROOT).replace('_', ' ');
            });
        }
        String joined = String.join("; ", steps);
        return joined.isEmpty() ? "Send a clearer photo of the face."
                : Character.toUpperCase(joined.charAt(0)) + joined.substring(1) + ".";
    }
}
