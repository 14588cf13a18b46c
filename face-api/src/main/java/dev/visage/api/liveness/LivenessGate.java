package dev.visage.api.liveness;

import dev.visage.common.error.VisageException;
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

    public LivenessGate(LivenessConfig config) {
        this.config = config;
    }

    /** The face with its liveness judged (unchanged when it has no score); throws when required and not live. */
    public FaceData judge(String image, FaceData face, boolean required) {
        if (face.liveness() == null) {
            return face;
        }
        FaceData judged = face.withLiveness(face.liveness().judged(config.threshold()));
        if (required && !judged.liveness().live()) {
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
