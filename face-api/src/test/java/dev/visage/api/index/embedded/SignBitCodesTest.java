package dev.visage.api.index.embedded;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SignBitCodesTest {

    private static final int DIMENSION = 512;

    @Test
    void eachPositiveComponentIsOneBitInItsPlace() {
        float[] vector = new float[130];
        vector[0] = 0.5f;
        vector[63] = 0.1f;
        vector[64] = 1e-9f;
        vector[65] = -0.3f;
        vector[129] = 0.2f;

        assertArrayEquals(new long[] {1L | 1L << 63, 1L, 1L << 1}, SignBitCodes.encode(vector));
    }

    @Test
    void zeroAndNegativeComponentsAreZeroBits() {
        assertArrayEquals(new long[] {0L}, SignBitCodes.encode(new float[] {0f, -0f, -1f}));
    }

    @Test
    void aCodeSpansWholeLongs() {
        assertEquals(8, SignBitCodes.words(512));
        assertEquals(1, SignBitCodes.words(1));
        assertEquals(2, SignBitCodes.words(65));
    }

    /**
     * What makes the codes a filter worth having: the bits that differ are about d·θ/π (θ the angle between the
     * vectors), so fewer differing bits means a larger cosine, at every cosine a search meets.
     */
    @Test
    void differingBitsFollowTheAngleBetweenTheVectors() {
        Random random = new Random(3);
        for (double cosine : new double[] {0.9, 0.7, 0.45, 0.0, -0.5}) {
            double differing = 0;
            int pairs = 200;
            for (int i = 0; i < pairs; i++) {
                float[] stored = UnitVectors.random(random, DIMENSION);
                float[] probe = UnitVectors.atCosine(random, stored, cosine);
                differing += distance(stored, probe);
            }
            double expected = DIMENSION * Math.acos(cosine) / Math.PI;
            assertEquals(expected, differing / pairs, 3, "mean differing bits at cosine " + cosine);
        }
    }

    @Test
    void aVectorDiffersFromItselfInNoBitAndFromItsOppositeInEvery() {
        float[] vector = UnitVectors.random(new Random(5), DIMENSION);
        float[] opposite = new float[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            opposite[i] = -vector[i];
        }

        assertEquals(0, distance(vector, vector));
        assertEquals(DIMENSION, distance(vector, opposite));
    }

    private static int distance(float[] a, float[] b) {
        return SignBitCodes.differingBits(SignBitCodes.encode(a), 0, SignBitCodes.encode(b));
    }
}
