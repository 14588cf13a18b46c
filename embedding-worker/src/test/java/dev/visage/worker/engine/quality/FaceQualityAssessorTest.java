package dev.visage.worker.engine.quality;

import dev.visage.common.messaging.FaceQuality;
import dev.visage.common.messaging.FaceQuality.Level;
import dev.visage.worker.engine.align.AlignedFace;
import dev.visage.worker.engine.detect.DetectedFace;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The assessor's geometry and arithmetic on faces whose truth is known. */
class FaceQualityAssessorTest {

    /** The five template points, scaled to a face with 100 px between the eyes. */
    private static final float[] FRONTAL = {38.29f, 51.70f, 73.53f, 51.50f, 56.03f, 71.74f, 41.55f, 92.37f,
            70.73f, 92.20f};
    private static final double SCALE = 100 / (73.53 - 38.29);
    private static final FaceQualityAssessor ASSESSOR = new FaceQualityAssessor(QualityThresholds.DEFAULTS);

    @Test
    void aFrontalWellLitSharpFaceIsHigh() {
        FaceQuality quality = ASSESSOR.assess(face(FRONTAL, 0, 0, 0.95f), textured(140, 50));
        assertEquals(Level.HIGH, quality.forRecognition(), quality.toString());
        assertEquals(List.of(), quality.reasons());
        assertEquals(100, quality.interEyeDistance(), 0.5);
        assertEquals(0, quality.roll(), 0.5);
        assertEquals(0, quality.yaw(), 1);
        assertEquals(0, quality.pitch(), 2);
    }

    @Test
    void rollIsTheEyeLinesAngle() {
        FaceQuality quality = ASSESSOR.assess(face(FRONTAL, 30, 0, 0.95f), textured(140, 50));
        assertEquals(30, quality.roll(), 0.5);
        assertEquals(0, quality.yaw(), 1);
        assertTrue(quality.reasons().contains(FaceQuality.EXTREME_POSE));
        assertEquals(Level.MEDIUM, quality.forRecognition());
    }

    @Test
    void aNoseFarOffTheEyesMidpointIsATurnedHead() {
        FaceQuality quality = ASSESSOR.assess(face(FRONTAL, 0, 45, 0.95f), textured(140, 50));
        assertTrue(quality.yaw() > 40, quality.toString());
        assertEquals(Level.MEDIUM, quality.forRecognition());
        FaceQuality profile = ASSESSOR.assess(face(FRONTAL, 0, 80, 0.95f), textured(140, 50));
        assertEquals(Level.LOW, profile.forRecognition(), profile.toString());
        assertEquals(List.of(FaceQuality.EXTREME_POSE), profile.reasons());
    }

    @Test
    void flatDarkOrUncertainFacesSayWhy() {
        assertEquals(List.of(FaceQuality.LOW_SHARPNESS), ASSESSOR.assess(face(FRONTAL, 0, 0, 0.95f),
                textured(140, 0)).reasons().subList(0, 1));
        FaceQuality dark = ASSESSOR.assess(face(FRONTAL, 0, 0, 0.95f), textured(25, 20));
        assertTrue(dark.reasons().contains(FaceQuality.LOW_BRIGHTNESS), dark.toString());
        assertEquals(Level.LOW, dark.forRecognition());
        FaceQuality unsure = ASSESSOR.assess(face(FRONTAL, 0, 0, 0.65f), textured(140, 50));
        assertEquals(List.of(FaceQuality.LOW_CONFIDENCE), unsure.reasons());
        assertEquals(Level.MEDIUM, unsure.forRecognition());
    }

    /** The template face, scaled, rotated by {@code rollDegrees} and with the nose moved for {@code yawDegrees}. */
    private static DetectedFace face(float[] template, double rollDegrees, double yawDegrees, float score) {
        float[] points = new float[10];
        double noseShift = Math.tan(Math.toRadians(yawDegrees)) * 0.5 * (73.53 - 38.29);
        double angle = Math.toRadians(rollDegrees);
        for (int i = 0; i < 5; i++) {
            double x = template[2 * i] + (i == 2 ? noseShift : 0) - 56;
            double y = template[2 * i + 1] - 72;
            points[2 * i] = (float) (SCALE * (x * Math.cos(angle) - y * Math.sin(angle)) + 300);
            points[2 * i + 1] = (float) (SCALE * (x * Math.sin(angle) + y * Math.cos(angle)) + 300);
        }
        return new DetectedFace(150, 150, 300, 340, points, score);
    }

    /** A 112x112 face of the given mean grey level with noise of the given spread (0: flat, so no detail). */
    private static AlignedFace textured(int mean, int spread) {
        Random random = new Random(1);
        byte[] bgr = new byte[AlignedFace.SIZE * AlignedFace.SIZE * 3];
        for (int i = 0; i < bgr.length / 3; i++) {
            int v = Math.max(0, Math.min(255, mean + (spread == 0 ? 0 : (int) (random.nextGaussian() * spread))));
            bgr[3 * i] = (byte) v;
            bgr[3 * i + 1] = (byte) v;
            bgr[3 * i + 2] = (byte) v;
        }
        return new AlignedFace(bgr);
    }
}
