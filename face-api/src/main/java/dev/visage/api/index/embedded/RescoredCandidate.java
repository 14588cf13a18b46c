package dev.visage.api.index.embedded;

import java.util.Comparator;
import java.util.List;

/** A candidate document, with the exact cosine of its stored vector to the query. */
record RescoredCandidate(int doc, double similarity) {

    private static final Comparator<RescoredCandidate> BEST_FIRST = Comparator
            .comparingDouble(RescoredCandidate::similarity).reversed()
            .thenComparingInt(RescoredCandidate::doc);

    /** The {@code topK} most similar, best first; ties in index order, so that equal scores rank the same each time. */
    static List<RescoredCandidate> best(List<RescoredCandidate> candidates, int topK) {
        return candidates.stream().sorted(BEST_FIRST).limit(topK).toList();
    }

    /**
     * The dot product of two unit vectors is their cosine, but float rounding can take it a hair outside [-1, 1],
     * where no cosine lies.
     */
    static double cosine(float dot) {
        return Math.max(-1.0, Math.min(1.0, dot));
    }
}
