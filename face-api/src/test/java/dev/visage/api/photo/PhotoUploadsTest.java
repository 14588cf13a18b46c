package dev.visage.api.photo;

import dev.visage.common.error.VisageException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PhotoUploadsTest {

    private static final byte[] BYTES = "photo bytes".getBytes(StandardCharsets.UTF_8);
    private static final String BASE64 = Base64.getEncoder().encodeToString(BYTES);

    @Test
    void anAbsentFieldIsNullSoTheValidatorCanNameIt() {
        assertNull(PhotoUploads.fromBase64("image", null));
    }

    @Test
    void plainBase64ADataUrlAndLineBrokenBase64AreAllAccepted() {
        assertArrayEquals(BYTES, PhotoUploads.fromBase64("image", BASE64));
        assertArrayEquals(BYTES, PhotoUploads.fromBase64("image", "data:image/jpeg;base64," + BASE64));
        assertArrayEquals(BYTES, PhotoUploads.fromBase64("image", BASE64.substring(0, 8) + "\r\n"
                + BASE64.substring(8) + "\n"));
    }

    @Test
    void brokenBase64IsAValidationErrorNamingTheField() {
        VisageException e = assertThrows(VisageException.class, () -> PhotoUploads.fromBase64("image2", "not base64!"));
        assertEquals("image2", e.image());
        assertEquals(400, e.httpStatus());
    }
}
