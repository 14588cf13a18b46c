package dev.visage.common.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SimilarityTest {

    @Test
    void identicalDirectionsScoreOneWhateverTheirLength() {
        assertEquals(1f, Similarity.cosine(new float[] {1, 2, 3}, new float[] {2, 4, 6}), 1e-6);
    }

    @Test
    void oppositeDirectionsScoreMinusOne() {
        assertEquals(-1f, Similarity.cosine(new float[] {1, -2, 0.5f}, new float[] {-1, 2, -0.5f}), 1e-6);
    }

    @Test
    void orthogonalDirectionsScoreZero() {
        assertEquals(0f, Similarity.cosine(new float[] {1, 0, 0}, new float[] {0, 5, 0}), 1e-6);
    }

    @Test
    void unitVectorsScoreTheirDotProduct() {
        float s = (float) Math.sqrt(0.5);
        assertEquals(s, Similarity.cosine(new float[] {1, 0}, new float[] {s, s}), 1e-6);
    }

    @Test
    void aZeroVectorIsSimilarToNothing() {
        assertEquals(0.0, Similarity.cosine(new float[] {0, 0}, new float[] {1, 1}));
    }

    @Test
    void embeddingsOfDifferentLengthsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Similarity.cosine(new float[2], new float[3]));
    }
}
