package dev.visage.worker.engine.attributes;

import dev.visage.common.messaging.FaceAttributes;
import dev.visage.common.messaging.FaceAttributes.Kind;
import dev.visage.worker.engine.decode.DecodedImage;
import dev.visage.worker.engine.detect.DetectedFace;

import java.util.Set;

/**
 * The attributes of one face a request asks for, each from its faceplugin-face-recognition-js@0.0.1 model and only
 * those asked for: age and gender from their SSR-Nets, pose from the HopeNet-style network, eyes from the 68
 * landmarks and the eye-state network. Values are rounded to what the models can tell: years and degrees to a tenth,
 * confidences to four decimals.
 */
public final class FaceAttributeEstimator implements AutoCloseable {

    private final AgeModel age;
    private final GenderModel gender;
    private final HeadPoseModel pose;
    private final FaceLandmarkModel landmarks;
    private final EyeStateModel eyes;

    public FaceAttributeEstimator(AgeModel age, GenderModel gender, HeadPoseModel pose, FaceLandmarkModel landmarks,
            EyeStateModel eyes) {
        this.age = age;
        this.gender = gender;
        this.pose = pose;
        this.landmarks = landmarks;
        this.eyes = eyes;
    }

    /**
     * The asked-for attributes of the face; eyes are absent, though asked for, where the landmarks put an eye outside
     * the photo.
     */
    public FaceAttributes estimate(DecodedImage image, DetectedFace face, Set<Kind> kinds) {
        return new FaceAttributes(
                kinds.contains(Kind.AGE) ? age(image, face) : null,
                kinds.contains(Kind.GENDER) ? gender(image, face) : null,
                kinds.contains(Kind.POSE) ? pose(image, face) : null,
                kinds.contains(Kind.EYES) ? eyes(image, face) : null);
    }

    private FaceAttributes.Age age(DecodedImage image, DetectedFace face) {
        AgeModel.Estimate estimate = age.estimate(image, face);
        return new FaceAttributes.Age(tenths(estimate.years()), confidence(estimate.confidence()), AgeModel.MODEL);
    }

    private FaceAttributes.Gender gender(DecodedImage image, DetectedFace face) {
        GenderModel.Estimate estimate = gender.estimate(image, face);
        return new FaceAttributes.Gender(estimate.male() ? "male" : "female", confidence(estimate.confidence()),
                GenderModel.MODEL);
    }

    private FaceAttributes.Pose pose(DecodedImage image, DetectedFace face) {
        HeadPoseModel.Estimate estimate = pose.estimate(image, face);
        return new FaceAttributes.Pose(tenths(estimate.yaw()), tenths(estimate.pitch()), tenths(estimate.roll()),
                confidence(estimate.confidence()), HeadPoseModel.MODEL);
    }

    private FaceAttributes.Eyes eyes(DecodedImage image, DetectedFace face) {
        return eyes.estimate(image, landmarks.landmarks(image, face))
                .map(estimate -> new FaceAttributes.Eyes(
                        estimate.subjectRight().open(), confidence(estimate.subjectRight().confidence()),
                        estimate.subjectLeft().open(), confidence(estimate.subjectLeft().confidence()),
                        EyeStateModel.MODEL + " + " + FaceLandmarkModel.MODEL))
                .orElse(null);
    }

    private static double tenths(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static double confidence(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    @Override
    public void close() {
        try (age; gender; pose; landmarks; eyes) {
            // try-with-resources closes each, the rest still when one fails
        }
    }
}
