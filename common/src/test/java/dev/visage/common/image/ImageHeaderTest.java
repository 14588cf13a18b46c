package dev.visage.common.image;

import dev.visage.testing.Fixtures;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageHeaderTest {

    @Test
    void readsJpegSizeFromTheFrameHeader() throws IOException {
        byte[] jpeg = Fixtures.photoBytes("img1.jpg");
        BufferedImage decoded = ImageIO.read(Fixtures.photo("img1.jpg").toFile());

        ImageHeader header = ImageHeader.read(jpeg).orElseThrow();

        assertEquals(ImageFormat.JPEG, header.format());
        assertEquals(decoded.getWidth(), header.width());
        assertEquals(decoded.getHeight(), header.height());
    }

    @Test
    void judgesByContentSoAWebpNamedJpgIsAWebp() {
        ImageHeader header = ImageHeader.read(Fixtures.photoBytes("img47.jpg")).orElseThrow();

        assertEquals(ImageFormat.WEBP, header.format());
        assertTrue(header.width() > 100 && header.height() > 100, header.toString());
    }

    @Test
    void readsPngAndBmpSizes() throws IOException {
        BufferedImage image = new BufferedImage(321, 123, BufferedImage.TYPE_3BYTE_BGR);

        assertEquals(new ImageHeader(ImageFormat.PNG, 321, 123), ImageHeader.read(encode(image, "png")).orElseThrow());
        assertEquals(new ImageHeader(ImageFormat.BMP, 321, 123), ImageHeader.read(encode(image, "bmp")).orElseThrow());
    }

    @Test
    void refusesWhatIsNotAPhoto() {
        assertTrue(ImageHeader.read("just some text, not a photo".getBytes(StandardCharsets.UTF_8)).isEmpty());
        assertTrue(ImageHeader.read(new byte[0]).isEmpty());
        assertTrue(ImageHeader.read(null).isEmpty());
    }

    @Test
    void refusesAJpegCutBeforeItsFrameHeader() {
        byte[] jpeg = Fixtures.photoBytes("img1.jpg");

        assertTrue(ImageHeader.read(Arrays.copyOf(jpeg, 20)).isEmpty());
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }
}
