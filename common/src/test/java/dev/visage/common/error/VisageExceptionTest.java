package dev.visage.common.error;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Each client mistake has its named factory and status; the type stays the documented validation_error. */
class VisageExceptionTest {

    @Test
    void namedClientErrorsCarryTheirStatus() {
        assertStatus(404, VisageException.notFound("m", "d", "s"));
        assertStatus(409, VisageException.conflict("m", "d", "s"));
        assertStatus(413, VisageException.tooLarge(null, "m", "d", "s"));
        assertStatus(415, VisageException.unsupportedMediaType("image1", "m", "d", "s"));
        assertStatus(422, VisageException.unprocessable("m", "d", "s"));
        assertStatus(405, VisageException.refused(405, "Method Not Allowed", "d", "s"));
    }

    @Test
    void aPhotoOverThePixelLimitIsNamedWithOneWording() {
        VisageException e = VisageException.tooManyPixels("image2", "9000x9000 pixels");
        assertEquals(413, e.httpStatus());
        assertEquals("image2", e.image());
        assertEquals("The photo image2 has too many pixels", e.getMessage());
    }

    @Test
    void anHttpRefusalSaysSo() {
        VisageException e = VisageException.refused(404, "Not Found", null, "Check the path.");
        assertEquals("The request was refused: Not Found", e.getMessage());
        assertNull(e.image());
    }

    private static void assertStatus(int status, VisageException e) {
        assertEquals(status, e.httpStatus());
        assertEquals(ErrorType.VALIDATION_ERROR, e.type());
    }
}
