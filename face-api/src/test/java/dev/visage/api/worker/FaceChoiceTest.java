package dev.visage.api.worker;

import dev.visage.common.error.ErrorType;
import dev.visage.common.error.VisageException;
import dev.visage.common.messaging.EmbeddingReply;
import dev.visage.common.messaging.FaceData;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaceChoiceTest {

    private static final FaceData SMALL = face(40, null);
    private static final FaceData LARGE = face(200, new float[]{1, 0});
    private static final FaceData MEDIUM = face(90, new float[]{0, 1});

    @Test
    void verificationComparesTheFaceTheWorkersEmbedded() {
        assertSame(LARGE, FaceChoice.largest("image1", reply(SMALL, LARGE)));
    }

    @Test
    void aPhotoWithoutAnEmbeddedFaceIsAFaceDetectionErrorNamingThePhoto() {
        VisageException e = assertThrows(VisageException.class, () -> FaceChoice.largest("image2", reply(SMALL)));
        assertEquals(ErrorType.FACE_DETECTION_ERROR, e.type());
        assertEquals("image2", e.image());
        assertEquals(422, e.httpStatus());
    }

    @Test
    void identificationProbesEveryEmbeddedFaceLargestFirst() {
        assertEquals(List.of(LARGE, MEDIUM), FaceChoice.embeddedLargestFirst("image", reply(MEDIUM, SMALL, LARGE)));
    }

    @Test
    void enrolmentTakesTheOnlyFaceOrTheOneTheCallerNames() {
        assertEquals(0, FaceChoice.toEnrol("image", reply(LARGE), null));
        assertEquals(1, FaceChoice.toEnrol("image", reply(LARGE, MEDIUM), 1));
    }

    @Test
    void enrolmentRefusesToGuessBetweenSeveralFaces() {
        VisageException e = assertThrows(VisageException.class,
                () -> FaceChoice.toEnrol("image", reply(LARGE, MEDIUM), null));
        assertEquals(ErrorType.FACE_DETECTION_ERROR, e.type());
    }

    @Test
    void aFaceIndexOutOfRangeIsAValidationError() {
        VisageException e = assertThrows(VisageException.class,
                () -> FaceChoice.toEnrol("image", reply(LARGE, MEDIUM), 2));
        assertEquals(ErrorType.VALIDATION_ERROR, e.type());
        assertEquals(400, e.httpStatus());
    }

    @Test
    void enrolmentOfAPhotoWithoutFacesUsesTheOneWording() {
        VisageException e = assertThrows(VisageException.class, () -> FaceChoice.toEnrol("image", reply(), null));
        assertEquals(FaceChoice.noFaceIn("image", null).getMessage(), e.getMessage());
        assertTrue(e.getMessage().contains("No faces detected"), e.getMessage());
    }

    @Test
    void aFaceTooSmallToUseIsRefusedSayingSoWithItsSize() {
        EmbeddingReply tiny = new EmbeddingReply("r", "w", "m", "CPU", 200, 150, List.of(),
                List.of(new FaceData.Box(80, 50, 24, 27)), Map.of(), 1, null);
        VisageException e = assertThrows(VisageException.class, () -> FaceChoice.toEnrol("image", tiny, null));
        assertEquals(ErrorType.FACE_DETECTION_ERROR, e.type());
        assertTrue(e.details().contains("24x27 pixels"), e.details());
        assertTrue(e.details().contains("SMALL_BOUNDING_BOX"), e.details());
        assertTrue(e.suggestion().startsWith("Move closer"), e.suggestion());
        assertThrows(VisageException.class, () -> FaceChoice.largest("image", tiny));
    }

    private static EmbeddingReply reply(FaceData... faces) {
        return new EmbeddingReply("r", "w", "m", "CPU", 640, 480, List.of(faces), null, Map.of(), 1, null);
    }

    private static FaceData face(double side, float[] embedding) {
        return new FaceData(new FaceData.Box(0, 0, side, side), null, 0.9, null, embedding);
    }
}
