package dev.visage.common.face;

/** How alike two face embeddings are. */
public final class Similarity {

    private Similarity() {
    }

    /** Cosine similarity in [-1, 1]; for the L2-normalised embeddings Visage produces it is their dot product. */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("embeddings differ in length: " + a.length + " vs " + b.length);
        }
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }
        if (normA == 0 || normB == 0) {
            return 0;
        }
        return dot / Math.sqrt(normA * normB);
    }

    /** A similarity as answers report it: four decimals, enough to compare with any threshold a person sets. */
    public static double rounded(double similarity) {
        return Math.round(similarity * 10_000) / 10_000.0;
    }
}
