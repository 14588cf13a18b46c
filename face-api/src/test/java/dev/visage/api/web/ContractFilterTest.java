package dev.visage.api.web;

import dev.visage.api.verify.VerificationResult;
import dev.visage.common.error.ErrorResponse;
import dev.visage.common.messaging.FaceData;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the contract calls required is what Jackson always writes, read from the records themselves. */
class ContractFilterTest {

    @Test
    void everyFieldOfARecordThatWritesNullsIsRequired() {
        assertEquals(List.of("verified", "similarity", "threshold", "model", "faces", "timing_ms"),
                ContractFilter.alwaysWritten(VerificationResult.class));
    }

    @Test
    void aRecordThatLeavesNullsOutRequiresItsPrimitivesAndWhatItAlwaysWrites() {
        assertEquals(List.of("box", "landmarks", "detection_score"), ContractFilter.alwaysWritten(FaceData.class));
        assertEquals(List.of("error", "error_type", "success"), ContractFilter.alwaysWritten(ErrorResponse.class));
    }
}
