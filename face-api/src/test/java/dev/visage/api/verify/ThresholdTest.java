package dev.visage.api.verify;

import dev.visage.common.error.VisageException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ThresholdTest {

    @Test
    void absentOrBlankMeansTheCalibratedDefault() {
        assertNull(Threshold.parse(null));
        assertNull(Threshold.parse("  "));
        assertNull(Threshold.checked(null));
    }

    @Test
    void aNumberFromZeroToOneIsTaken() {
        assertEquals(0.0, Threshold.parse("0"));
        assertEquals(0.42, Threshold.parse(" 0.42 "));
        assertEquals(1.0, Threshold.checked(1.0));
    }

    @Test
    void anythingElseIsAValidationError() {
        for (String bad : new String[]{"-0.1", "1.01", "NaN", "high"}) {
            VisageException e = assertThrows(VisageException.class, () -> Threshold.parse(bad), bad);
            assertEquals(400, e.httpStatus());
        }
    }
}
