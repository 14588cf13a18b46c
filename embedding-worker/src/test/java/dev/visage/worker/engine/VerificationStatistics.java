package dev.visage.worker.engine;

import java.util.Arrays;

/**
 * How well a similarity separates same-person pairs from different-person pairs; a pair is accepted as the same
 * person when its similarity is at least the threshold.
 */
final class VerificationStatistics {

    private final double[] same;
    private final double[] different;

    VerificationStatistics(double[] same, double[] different) {
        this.same = same.clone();
        this.different = different.clone();
        Arrays.sort(this.same);
        Arrays.sort(this.different);
    }

    /** False accept rate: the share of different-person pairs accepted. */
    double far(double threshold) {
        return (double) atLeast(different, threshold) / different.length;
    }

    /** False reject rate: the share of same-person pairs rejected. */
    double frr(double threshold) {
        return (double) (same.length - atLeast(same, threshold)) / same.length;
    }

    int errors(double threshold) {
        return atLeast(different, threshold) + same.length - atLeast(same, threshold);
    }

    /**
     * The threshold with the fewest errors (false accepts plus false rejects): the middle of the interval of
     * thresholds that reach that minimum, the value furthest from both kinds of error. When several intervals
     * reach it, the highest, since accepting a stranger costs more than asking someone to try again.
     */
    double minimumErrorThreshold() {
        double[] all = new double[same.length + different.length];
        System.arraycopy(same, 0, all, 0, same.length);
        System.arraycopy(different, 0, all, same.length, different.length);
        Arrays.sort(all);
        // Between two neighbouring similarities every threshold makes the same errors: try each gap's ends.
        int fewest = Integer.MAX_VALUE;
        double low = 0;
        double high = 0;
        for (int i = 0; i <= all.length; i++) {
            double from = i == 0 ? all[0] - 1 : all[i - 1];
            double to = i == all.length ? all[all.length - 1] + 1 : all[i];
            if (from == to) {
                continue;
            }
            int errors = errors(to);
            if (errors <= fewest) {
                fewest = errors;
                low = from;
                high = to;
            }
        }
        return (low + high) / 2;
    }

    /** Area under the ROC curve: the chance a random same-person pair scores above a random different one. */
    double auc() {
        double wins = 0;
        for (double s : same) {
            for (double d : different) {
                wins += s > d ? 1 : s == d ? 0.5 : 0;
            }
        }
        return wins / ((double) same.length * different.length);
    }

    double meanSame() {
        return Arrays.stream(same).average().orElse(Double.NaN);
    }

    double meanDifferent() {
        return Arrays.stream(different).average().orElse(Double.NaN);
    }

    double lowestSame() {
        return same[0];
    }

    double highestDifferent() {
        return different[different.length - 1];
    }

    private static int atLeast(double[] sorted, double threshold) {
        int index = Arrays.binarySearch(sorted, threshold);
        if (index < 0) {
            return sorted.length - (-index - 1);
        }
        while (index > 0 && sorted[index - 1] == threshold) {
            index--;
        }
        return sorted.length - index;
    }
}
