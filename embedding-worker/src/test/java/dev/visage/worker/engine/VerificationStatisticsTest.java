package dev.visage.worker.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class VerificationStatisticsTest {

    @Test
    void aPairAtTheThresholdIsAccepted() {
        VerificationStatistics stats = new VerificationStatistics(new double[] {0.5, 0.8}, new double[] {0.1, 0.5});
        assertEquals(0.5, stats.far(0.5));
        assertEquals(0.0, stats.frr(0.5));
        assertEquals(0.0, stats.far(0.51));
        assertEquals(0.5, stats.frr(0.51));
    }

    @Test
    void separatedScoresGetTheThresholdHalfwayAcrossTheGap() {
        VerificationStatistics stats =
                new VerificationStatistics(new double[] {0.6, 0.7, 0.9}, new double[] {-0.1, 0.0, 0.2});
        assertEquals(0.4, stats.minimumErrorThreshold(), 1e-12);
        assertEquals(0, stats.errors(0.4));
        assertEquals(1.0, stats.auc());
    }

    @Test
    void overlappingScoresGetTheHighestThresholdWithFewestErrors() {
        // One error either way: thresholds in (0.2, 0.3] accept the stranger at 0.35, thresholds in (0.35, 0.4]
        // reject the same person at 0.3. Rejecting is the safer error.
        VerificationStatistics stats =
                new VerificationStatistics(new double[] {0.3, 0.4, 0.5, 0.6}, new double[] {0.1, 0.2, 0.35, 0.0});
        assertEquals(0.375, stats.minimumErrorThreshold(), 1e-12);
        assertEquals(1, stats.errors(0.375));
        assertEquals(0.25, stats.frr(0.375));
        assertEquals(0.0, stats.far(0.375));
        assertEquals(1, stats.errors(0.25));
    }

    @Test
    void theAreaUnderTheCurveCountsOrderedPairsAndHalvesTies() {
        VerificationStatistics stats = new VerificationStatistics(new double[] {0.5, 0.2}, new double[] {0.3, 0.5});
        // (0.5 > 0.3) + tie(0.5, 0.5) / 2 + 0 + 0 out of 4
        assertEquals(1.5 / 4, stats.auc(), 1e-12);
    }
}
