package dev.visage.api.photo;

import dev.visage.common.error.VisageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PhotoValidatorTest {

    private final PhotoValidator validator = new PhotoValidator(new PhotoLimits() {
        @Override
        public int maxBytes() {
            return 50_000;
        }

        @Override
        public long maxPixels() {
            return 400 * 300;
        }

        @Override
        public int minSide() {
            return 32;
        }
    });

    @Test
    void aPhotoWithinTheLimitsCarriesItsHeaderAndHash() {
        Photo photo = validator.validate("image1", png(200, 100));
        assertEquals(200, photo.header().width());
        assertEquals(64, photo.sha256().length());
        assertEquals(photo.sha256(), validator.validate("image2", png(200, 100)).sha256());
    }

    @Test
    void eachRefusalHasItsStatusAndNamesThePhoto() {
        assertRefused(400, () -> validator.validate("image1", null));
        assertRefused(400, () -> validator.validate("image1", new byte[0]));
        assertRefused(413, () -> validator.validate("image1", new byte[50_001]));
        assertRefused(415, () -> validator.validate("image1", "plain text".getBytes()));
        assertRefused(413, () -> validator.validate("image1", png(401, 300)));
        assertRefused(400, () -> validator.validate("image1", png(200, 31)));
    }

    private static void assertRefused(int status, Executable validation) {
        VisageException e = assertThrows(VisageException.class, validation);
        assertEquals(status, e.httpStatus());
        assertEquals("image1", e.image());
    }

    private static byte[] png(int width, int height) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR), "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
