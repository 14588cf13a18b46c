package dev.visage.api.verify;

import dev.visage.common.error.VisageException;

/** The caller's own similarity threshold, from a form field or a JSON number: absent, or a number in [0, 1]. */
final class Threshold {

    private Threshold() {
    }

    static Double parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return checked(Double.valueOf(value.strip()));
        } catch (NumberFormatException e) {
            throw invalid(value);
        }
    }

    static Double checked(Double value) {
        if (value != null && (value.isNaN() || value < 0 || value > 1)) {
            throw invalid(String.valueOf(value));
        }
        return value;
    }

    private static VisageException invalid(String value) {
        return VisageException.validation("The threshold must be a number between 0 and 1",
                "threshold=" + value, "Leave the threshold out to use the calibrated default.");
    }
}
