package dev.visage.worker.engine.quality;

import dev.visage.common.messaging.FaceQuality;
import dev.visage.common.messaging.FaceQuality.Level;
import dev.visage.worker.engine.align.AlignedFace;
import dev.visage.worker.engine.detect.DetectedFace;

import java.util.ArrayList;
import java.util.List;

/**
 * Measures how fit a detected face is for recognition, from what the engine already has: the detector's box,
 * five landmarks and score, and the aligned 112x112 face the embedding model sees. No model of its own, so it
 * costs well under a millisecond per face.
 *
 * <p>Pose comes from the landmarks: roll from the eye line; yaw from how far the nose tip sits from the eyes'
 * midpoint across the face, taking the nose tip to stand half an eye distance in front of the eyes; pitch from
 * where the nose tip sits between the eye line and the mouth line, against where it sits in a frontal face.
 * These are estimates good to ten or fifteen degrees, enough to tell a profile from a frontal face.
 */
public final class FaceQualityAssessor {

    /** Where the nose tip lies between the eye line (0) and the mouth line (1) in a frontal face (the template). */
    private static final double FRONTAL_NOSE_DEPTH = (71.7366 - 51.6) / (92.28 - 51.6);
    /** The nose tip's height in front of the eye plane, in eye distances. */
    private static final double NOSE_PROTRUSION = 0.5;
    /** The face region of the aligned crop that sharpness, brightness and contrast are measured on. */
    private static final int MARGIN = 16;

    private final QualityThresholds thresholds;

    public FaceQualityAssessor(QualityThresholds thresholds) {
        this.thresholds = thresholds;
    }

    public FaceQuality assess(DetectedFace face, AlignedFace aligned) {
        float[] p = face.landmarks();
        double eyeDx = p[2] - p[0];
        double eyeDy = p[3] - p[1];
        double interEye = Math.hypot(eyeDx, eyeDy);
        double roll = Math.toDegrees(Math.atan2(eyeDy, eyeDx));
        double yaw = 0;
        double pitch = 0;
        if (interEye > 0) {
            double cos = eyeDx / interEye;
            double sin = eyeDy / interEye;
            double eyeMidX = (p[0] + p[2]) / 2;
            double eyeMidY = (p[1] + p[3]) / 2;
            double mouthMidX = (p[6] + p[8]) / 2;
            double mouthMidY = (p[7] + p[9]) / 2;
            // Into the face's own frame: x along the eye line, y down the face.
            double noseAcross = (p[4] - eyeMidX) * cos + (p[5] - eyeMidY) * sin;
            double noseDown = -(p[4] - eyeMidX) * sin + (p[5] - eyeMidY) * cos;
            double mouthDown = -(mouthMidX - eyeMidX) * sin + (mouthMidY - eyeMidY) * cos;
            yaw = Math.toDegrees(Math.atan(noseAcross / interEye / NOSE_PROTRUSION));
            if (mouthDown > 0) {
                pitch = Math.toDegrees(Math.atan((noseDown / mouthDown - FRONTAL_NOSE_DEPTH) * mouthDown
                        / interEye / NOSE_PROTRUSION));
            }
        }
        Grey grey = Grey.of(aligned, MARGIN);

        Level level = Level.HIGH;
        List<String> reasons = new ArrayList<>();
        level = judge(level, reasons, FaceQuality.SMALL_BOUNDING_BOX,
                below(interEye, thresholds.interEyeLow(), thresholds.interEyeMedium()));
        level = judge(level, reasons, FaceQuality.LOW_SHARPNESS,
                below(grey.sharpness(), thresholds.sharpnessLow(), thresholds.sharpnessMedium()));
        level = judge(level, reasons, FaceQuality.LOW_BRIGHTNESS,
                below(grey.brightness(), thresholds.brightnessLow(), thresholds.brightnessMedium())
                        .worse(grey.contrast() < thresholds.contrastLow() ? Level.LOW : Level.HIGH));
        level = judge(level, reasons, FaceQuality.EXTREME_POSE,
                above(Math.abs(yaw), thresholds.yawLow(), thresholds.yawMedium())
                        .worse(above(Math.abs(pitch), thresholds.pitchLow(), thresholds.pitchMedium()))
                        .worse(above(Math.abs(roll), thresholds.rollLow(), thresholds.rollMedium())));
        level = judge(level, reasons, FaceQuality.LOW_CONFIDENCE,
                face.score() < thresholds.scoreMedium() ? Level.MEDIUM : Level.HIGH);
        return new FaceQuality(level, List.copyOf(reasons), round(face.width(), 10), round(face.height(), 10),
                round(interEye, 10), round(grey.sharpness(), 10), round(grey.brightness(), 10),
                round(grey.contrast(), 10), round(yaw, 10), round(pitch, 10), round(roll, 10),
                round(face.score(), 10_000));
    }

    private static Level judge(Level level, List<String> reasons, String reason, Level measured) {
        if (measured != Level.HIGH) {
            reasons.add(reason);
        }
        return level.worse(measured);
    }

    private static Level below(double value, double low, double medium) {
        return value < low ? Level.LOW : value < medium ? Level.MEDIUM : Level.HIGH;
    }

    private static Level above(double value, double low, double medium) {
        return value > low ? Level.LOW : value > medium ? Level.MEDIUM : Level.HIGH;
    }

    private static double round(double value, double scale) {
        return Math.round(value * scale) / scale;
    }

    /** Grey-level statistics of the aligned face's inner region. */
    record Grey(double brightness, double contrast, double sharpness) {

        static Grey of(AlignedFace aligned, int margin) {
            int size = AlignedFace.SIZE;
            byte[] bgr = aligned.bgr();
            double[] grey = new double[size * size];
            for (int i = 0; i < grey.length; i++) {
                grey[i] = 0.114 * (bgr[3 * i] & 0xff) + 0.587 * (bgr[3 * i + 1] & 0xff)
                        + 0.299 * (bgr[3 * i + 2] & 0xff);
            }
            double sum = 0;
            double squares = 0;
            double laplacianSum = 0;
            double laplacianSquares = 0;
            int n = 0;
            for (int y = margin; y < size - margin; y++) {
                for (int x = margin; x < size - margin; x++) {
                    double v = grey[y * size + x];
                    double laplacian = grey[(y - 1) * size + x] + grey[(y + 1) * size + x]
                            + grey[y * size + x - 1] + grey[y * size + x + 1] - 4 * v;
                    sum += v;
                    squares += v * v;
                    laplacianSum += laplacian;
                    laplacianSquares += laplacian * laplacian;
                    n++;
                }
            }
            double mean = sum / n;
            double laplacianMean = laplacianSum / n;
            return new Grey(mean, Math.sqrt(Math.max(0, squares / n - mean * mean)),
                    Math.max(0, laplacianSquares / n - laplacianMean * laplacianMean));
        }
    }
}
