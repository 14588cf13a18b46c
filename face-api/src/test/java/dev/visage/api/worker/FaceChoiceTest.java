package dev.visage.api.worker;

import dev.visage.common.error.ErrorType;
import dev.visage.common.error.VisageException;
import dev.visage.common.messaging.FaceData;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FaceChoiceTest {

    private static final FaceData SMALL = face(40, null);
    private static final FaceData LARGE = face(200, new float[]{1, 0});
    private static final FaceData MEDIUM = face(90, new float[]{0, 1});

    @Test
    void verificationComparesTheFaceTheWorkersEmbedded() {
        assertSame(LARGE, FaceChoice.largest("image1", List.of(SMALL, LARGE)));
    }

    @Test
    void aPhotoWithoutAnEmbeddedFaceIsAFaceDetectionErrorNamingThePhoto() {
        VisageException e = assertThrows(VisageException.class, () -> FaceChoice.largest("image2", List.of(SMALL)));
        assertEquals(ErrorType.FACE_DETECTION_ERROR, e.type());
        assertEquals("image2", e.image());
        assertEquals(422, e.httpStatus());
    }

    @Test
    void identificationProbesEveryEmbeddedFaceLargestFirst() {
        assertEquals(List.of(LARGE, MEDIUM), FaceChoice.embeddedLargestFirst("image", List.of(MEDIUM, SMALL, LARGE)));
    }

    @Test
    void enrolmentTakesTheOnlyFaceOrTheOneTheCallerNames() {
        assertEquals(0, FaceChoice.toEnrol("image", List.of(LARGE), null));
        assertEquals(1, FaceChoice.toEnrol("image", List.of(LARGE, MEDIUM), 1));
    }

    @Test
    void enrolmentRefusesToGuessBetweenSeveralFaces() {
        VisageException e = assertThrows(VisageException.class,
                () -> FaceChoice.toEnrol("image", List.of(LARGE, MEDIUM), null));
        assertEquals(ErrorType.FACE_DETECTION_ERROR, e.type());
    }

    @Test
    void aFaceIndexOutOfRangeIsAValidationError() {
        VisageException e = assertThrows(VisageException.class,
                () -> FaceChoice.toEnrol("image", List.of(LARGE, MEDIUM), 2));
        assertEquals(ErrorType.VALIDATION_ERROR, e.type());
        assertEquals(400, e.httpStatus());
    }

    @Test
    void enrolmentOfAPhotoWithoutFacesUsesTheOneWording() {
        VisageException e = assertThrows(VisageException.class, () -> FaceChoice.toEnrol("image", List.of(), null));
        assertEquals(FaceChoice.noFaceIn("image").getMessage(), e.getMessage());
    }

    private static FaceData face(double side, float[] embedding) {
        return new FaceData(new FaceData.Box(0, 0, side, side), null, 0.9, null, embedding);
    }
}
