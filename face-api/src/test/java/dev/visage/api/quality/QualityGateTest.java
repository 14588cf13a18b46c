package dev.visage.api.quality;

import dev.visage.common.error.ErrorType;
import dev.visage.common.error.VisageException;
import dev.visage.common.messaging.FaceData;
import dev.visage.common.messaging.FaceQuality;
import dev.visage.common.messaging.FaceQuality.Level;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QualityGateTest {

    private static final QualityGate GATE = new QualityGate(() -> Level.MEDIUM, new SimpleMeterRegistry());

    private static final FaceData DARK_AND_TURNED = face(Level.LOW,
            List.of(FaceQuality.LOW_BRIGHTNESS, FaceQuality.EXTREME_POSE));

    @Test
    void theRequestsQualityWinsOverTheDefaultAndNoneAcceptsEverything() {
        QualityGate gate = new QualityGate(() -> Level.MEDIUM, new SimpleMeterRegistry());
        assertEquals(Optional.of(Level.MEDIUM), gate.forEnrolment(null));
        assertEquals(Optional.of(Level.HIGH), gate.forEnrolment("HIGH"));
        assertEquals(Optional.empty(), gate.forEnrolment("none"));
        VisageException wrong = assertThrows(VisageException.class, () -> gate.forEnrolment("excellent"));
        assertEquals(400, wrong.httpStatus());
    }

    @Test
    void aFaceBelowTheMinimumIsRefusedWithWhatToDoAboutEachReason() {
        VisageException refused = assertThrows(VisageException.class,
                () -> GATE.require("image", DARK_AND_TURNED, Optional.of(Level.MEDIUM)));
        assertEquals(ErrorType.FACE_DETECTION_ERROR, refused.type());
        assertEquals(422, refused.httpStatus());
        assertEquals("image", refused.image());
        assertTrue(refused.details().contains("LOW_BRIGHTNESS, EXTREME_POSE"), refused.details());
        assertEquals("Add light on the face and avoid a bright background; look straight at the camera with the head "
                + "upright. Or send quality=low to accept this face.", refused.suggestion());
        assertDoesNotThrow(() -> GATE.require("image", DARK_AND_TURNED, Optional.of(Level.LOW)));
        assertDoesNotThrow(() -> GATE.require("image", DARK_AND_TURNED, Optional.empty()));
    }

    private static FaceData face(Level level, List<String> reasons) {
        return new FaceData(new FaceData.Box(0, 0, 100, 120), null, 0.9,
                new FaceQuality(level, reasons, 100, 120, 45, 300, 30, 20, 40, 5, 2, 0.9), null);
    }
}
