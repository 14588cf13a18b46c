package dev.visage.common.api;

/** The timings every answer reports ({@code timing_ms}): milliseconds with two decimals. */
public final class Elapsed {

    private Elapsed() {
    }

    /** Milliseconds since a {@link System#nanoTime()} reading, rounded to hundredths. */
    public static double millisSince(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 10_000.0) / 100.0;
    }
}
