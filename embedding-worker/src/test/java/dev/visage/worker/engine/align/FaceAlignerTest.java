package dev.visage.worker.engine.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.visage.worker.engine.EngineException;
import org.junit.jupiter.api.Test;

class FaceAlignerTest {

    @Test
    void landmarksAtTwiceTheTemplateSizeAndShiftedAreHalvedAndShiftedBack() {
        float[] landmarks = new float[10];
        for (int i = 0; i < 10; i += 2) {
            landmarks[i] = FaceAligner.TEMPLATE[i] * 2 + 300;
            landmarks[i + 1] = FaceAligner.TEMPLATE[i + 1] * 2 + 40;
        }
        double[] matrix = FaceAligner.similarityTransform(landmarks);
        assertArrayEquals(new double[] {0.5, 0, -150, 0, 0.5, -20}, matrix, 1e-3);
    }

    @Test
    void landmarksOfATiltedHeadAreRotatedUpright() {
        double angle = Math.toRadians(30);
        float[] landmarks = new float[10];
        for (int i = 0; i < 10; i += 2) {
            double x = FaceAligner.TEMPLATE[i];
            double y = FaceAligner.TEMPLATE[i + 1];
            landmarks[i] = (float) (x * Math.cos(angle) - y * Math.sin(angle));
            landmarks[i + 1] = (float) (x * Math.sin(angle) + y * Math.cos(angle));
        }
        double[] matrix = FaceAligner.similarityTransform(landmarks);
        assertArrayEquals(new double[] {Math.cos(angle), Math.sin(angle), 0, -Math.sin(angle), Math.cos(angle), 0},
                matrix, 1e-3);
    }

    @Test
    void theTransformIsASimilarityEvenForNoisyLandmarks() {
        float[] landmarks = {100, 100, 160, 104, 128, 140, 104, 171, 152, 168};
        double[] m = FaceAligner.similarityTransform(landmarks);
        assertEquals(m[0], m[4], 1e-9, "same scale on both axes");
        assertEquals(m[1], -m[3], 1e-9, "a rotation, no shear");
    }

    @Test
    void noisyLandmarksGetTheLeastSquaresFit() {
        // The template with its nose 4 pixels to the right: no similarity fits all five points, and any change
        // to the fitted one (scale, rotation, shift) leaves a larger squared error.
        float[] landmarks = FaceAligner.TEMPLATE.clone();
        landmarks[4] += 4;
        double[] m = FaceAligner.similarityTransform(landmarks);
        double best = squaredError(m, landmarks);
        for (double[] nudge : new double[][] {{1e-3, 0, 0}, {-1e-3, 0, 0}, {0, 1e-3, 0}, {0, 0, 0.05}, {0, 0, -0.05}}) {
            double[] other = m.clone();
            other[0] += nudge[0];
            other[4] += nudge[0];
            other[3] += nudge[1];
            other[1] -= nudge[1];
            other[2] += nudge[2];
            assertTrue(squaredError(other, landmarks) > best);
        }
    }

    @Test
    void landmarksOnOnePointCannotBeAligned() {
        EngineException e = assertThrows(EngineException.class,
                () -> FaceAligner.similarityTransform(new float[] {5, 5, 5, 5, 5, 5, 5, 5, 5, 5}));
        assertEquals(EngineException.Kind.INFERENCE_FAILED, e.kind());
    }

    @Test
    void fiveLandmarksAreNeeded() {
        assertThrows(IllegalArgumentException.class, () -> FaceAligner.similarityTransform(new float[8]));
    }

    private static double squaredError(double[] m, float[] landmarks) {
        double sum = 0;
        for (int i = 0; i < 10; i += 2) {
            double x = m[0] * landmarks[i] + m[1] * landmarks[i + 1] + m[2] - FaceAligner.TEMPLATE[i];
            double y = m[3] * landmarks[i] + m[4] * landmarks[i + 1] + m[5] - FaceAligner.TEMPLATE[i + 1];
            sum += x * x + y * y;
        }
        return sum;
    }
}
