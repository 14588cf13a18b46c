package dev.visage.worker.engine;

/** Cosine similarity, the measure the recognition model's embeddings are compared by. */
public final class Cosine {

    private Cosine() {
    }

    /** In [-1, 1]; for the engine's unit-length embeddings this is their dot product. */
    public static float cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("embeddings of different lengths: " + a.length + " and " + b.length);
        }
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            normA += (double) a[i] * a[i];
            normB += (double) b[i] * b[i];
        }
        if (normA == 0 || normB == 0) {
            return 0f;
        }
        return (float) (dot / Math.sqrt(normA * normB));
    }
}
