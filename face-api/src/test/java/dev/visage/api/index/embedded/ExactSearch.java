package dev.visage.api.index.embedded;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The ground truth an approximate index is measured against: every stored vector scored against the query.
 * Vectors sit back to back in one array, so that a million 512-d vectors are one 2 GB allocation, not a million.
 */
final class ExactSearch {

    private final int dimension;
    private final float[] vectors;
    private int size;

    ExactSearch(int dimension, int capacity) {
        this.dimension = dimension;
        this.vectors = new float[Math.multiplyExact(dimension, capacity)];
    }

    /** Stores the vector under the next position (0, 1, 2, ...), which is returned. */
    int add(float[] vector) {
        System.arraycopy(vector, 0, vectors, size * dimension, dimension);
        return size++;
    }

    int size() {
        return size;
    }

    float[] vector(int position) {
        return Arrays.copyOfRange(vectors, position * dimension, (position + 1) * dimension);
    }

    /** Positions of the {@code k} stored vectors with the largest dot product with {@code query}. */
    Set<Integer> topK(float[] query, int k) {
        PriorityQueue<double[]> best = new PriorityQueue<>(k + 1, (a, b) -> Double.compare(a[0], b[0]));
        for (int position = 0; position < size; position++) {
            int offset = position * dimension;
            double dot = 0;
            for (int i = 0; i < dimension; i++) {
                dot += query[i] * vectors[offset + i];
            }
            if (best.size() < k) {
                best.add(new double[] {dot, position});
            } else if (dot > best.peek()[0]) {
                best.poll();
                best.add(new double[] {dot, position});
            }
        }
        Set<Integer> positions = new HashSet<>();
        for (double[] entry : best) {
            positions.add((int) entry[1]);
        }
        return positions;
    }

    /** The share of the exact top {@code exact.size()} that {@code found} contains. */
    static double recall(Set<Integer> exact, List<Integer> found) {
        return found.stream().filter(exact::contains).count() / (double) exact.size();
    }
}
