package dev.visage.api.liveness;

import dev.visage.api.quality.QualityGate;
import dev.visage.common.error.VisageException;
import io.micrometer.core.instrument.MeterRegistry;
import dev.visage.common.messaging.FaceData;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Locale;

/**
 * Judges a face's liveness score against the threshold and, when the request made liveness a condition, refuses a
 * face that is not live with a 422 {@code face_detection_error} naming the photo.
 */
@ApplicationScoped
public class LivenessGate {

    private final LivenessConfig config;
    private final MeterRegistry registry;

    public LivenessGate(LivenessConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    /** The face with its liveness judged (unchanged when it has no score); throws when required and not live. */
    public FaceData judge(String image, FaceData face, boolean required) {
        if (face.liveness() == null) {
            return face;
        }
        FaceData judged = face.withLiveness(face.liveness().judged(config.threshold()));
        if (required && !judged.liveness().live()) {
            registry.counter(QualityGate.REFUSALS, "reason", "LIVENESS").increment();
            throw VisageException.faceDetection(image, String.format(Locale.ROOT,
                            "liveness check failed: score %.4f is below %.2f (%s)", judged.liveness().score(),
                            config.threshold(), judged.liveness().model()),
                    "Take the photo of the person themselves, facing the camera, not of a printed photo or a screen.");
        }
        return judged;
    }

    public double threshold() {
        return config.threshold();
    }
}
