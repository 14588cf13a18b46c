package dev.visage.api.index.embedded;

import java.util.Random;

/** Seeded random unit vectors, as the embedding model produces them: directions only, spread evenly. */
final class UnitVectors {

    private UnitVectors() {
    }

    /** A direction drawn uniformly from the sphere: Gaussian components, normalised. */
    static float[] random(Random random, int dimension) {
        float[] vector = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            vector[i] = (float) random.nextGaussian();
        }
        return normalised(vector);
    }

    /**
     * {@code base} plus random noise of length {@code noiseLength}, normalised. In high dimensions the noise is
     * nearly orthogonal to {@code base}, so the cosine to it is close to {@code 1 / sqrt(1 + noiseLength²)}.
     */
    static float[] near(Random random, float[] base, double noiseLength) {
        float[] noise = random(random, base.length);
        float[] vector = new float[base.length];
        for (int i = 0; i < base.length; i++) {
            vector[i] = (float) (base[i] + noiseLength * noise[i]);
        }
        return normalised(vector);
    }

    /**
     * A unit vector at exactly {@code cosine} to the unit vector {@code base}: base scaled by the cosine plus a random
     * direction orthogonal to it scaled by the sine.
     */
    static float[] atCosine(Random random, float[] base, double cosine) {
        float[] direction = random(random, base.length);
        double along = dot(direction, base);
        float[] orthogonal = new float[base.length];
        for (int i = 0; i < base.length; i++) {
            orthogonal[i] = (float) (direction[i] - along * base[i]);
        }
        normalised(orthogonal);
        double sine = Math.sqrt(1 - cosine * cosine);
        float[] vector = new float[base.length];
        for (int i = 0; i < base.length; i++) {
            vector[i] = (float) (cosine * base[i] + sine * orthogonal[i]);
        }
        return normalised(vector);
    }

    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static float[] normalised(float[] vector) {
        double norm = Math.sqrt(dot(vector, vector));
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) (vector[i] / norm);
        }
        return vector;
    }
}
