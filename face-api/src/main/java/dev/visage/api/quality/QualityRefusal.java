package dev.visage.api.quality;

import dev.visage.common.error.VisageException;
import dev.visage.common.messaging.FaceQuality;

/**
 * A face refused for its quality: told to the client as any {@code face_detection_error}, and carrying the measured
 * quality so that a bulk enrolment job can report the reasons per photo.
 */
public final class QualityRefusal extends VisageException {

    private final transient FaceQuality quality;

    QualityRefusal(Builder builder, FaceQuality quality) {
        super(builder);
        this.quality = quality;
    }

    static QualityRefusal of(String image, String details, String suggestion, FaceQuality quality) {
        return new QualityRefusal(VisageException.faceDetectionError(image, details, suggestion), quality);
    }

    public FaceQuality quality() {
        return quality;
    }
}
