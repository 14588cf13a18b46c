package dev.visage.worker.engine.decode;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.visage.worker.engine.EngineException;
import dev.visage.worker.engine.Fixtures;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {

    private final ImageDecoder decoder = new ImageDecoder(40_000_000);

    @Test
    void decodesAJpegToBgr() {
        try (DecodedImage image = decoder.decode(Fixtures.photo("img1.jpg"))) {
            assertEquals(1382, image.width());
            assertEquals(1868, image.height());
            assertEquals(3, image.mat().channels());
        }
    }

    @Test
    void decodesAPngToTheSamePixelsItWasMadeFrom() {
        try (DecodedImage jpeg = decoder.decode(Fixtures.photo("img10.jpg"));
                DecodedImage png = decoder.decode(Fixtures.encode(jpeg.mat(), ".png"))) {
            assertArrayEquals(pixels(jpeg.mat()), pixels(png.mat()));
        }
    }

    @Test
    void decodesABmp() {
        try (DecodedImage jpeg = decoder.decode(Fixtures.photo("img10.jpg"));
                DecodedImage bmp = decoder.decode(Fixtures.encode(jpeg.mat(), ".bmp"))) {
            assertArrayEquals(pixels(jpeg.mat()), pixels(bmp.mat()));
        }
    }

    @Test
    void decodesAWebpWhateverItsFileName() {
        byte[] bytes = Fixtures.photo("img47.jpg");
        assertEquals("RIFF", new String(bytes, 0, 4, StandardCharsets.US_ASCII));
        try (DecodedImage image = decoder.decode(bytes)) {
            assertEquals(1350, image.width());
            assertEquals(1800, image.height());
            assertEquals(3, image.mat().channels());
        }
    }

    @Test
    void greyPhotosComeBackAsThreeEqualChannels() {
        try (DecodedImage colour = decoder.decode(Fixtures.photo("img10.jpg")); Mat grey = new Mat()) {
            cvtColor(colour.mat(), grey, COLOR_BGR2GRAY);
            for (String extension : new String[] {".png", ".jpg"}) {
                byte[] encoded = Fixtures.encode(grey, extension);
                try (DecodedImage image = decoder.decode(encoded)) {
                    assertEquals(3, image.mat().channels(), extension);
                    byte[] bgr = pixels(image.mat());
                    for (int i = 0; i < bgr.length; i += 3) {
                        assertTrue(bgr[i] == bgr[i + 1] && bgr[i + 1] == bgr[i + 2], extension + " pixel " + i / 3);
                    }
                }
            }
        }
    }

    @Test
    void aTruncatedJpegIsUndecodable() {
        byte[] jpeg = Fixtures.photo("img1.jpg");
        assertUndecodable(Arrays.copyOf(jpeg, jpeg.length / 2));
    }

    @Test
    void aJpegHeaderFollowedByNoiseIsUndecodable() {
        byte[] jpeg = Fixtures.photo("img1.jpg");
        byte[] damaged = jpeg.clone();
        byte[] noise = new byte[jpeg.length - 1000];
        new Random(7).nextBytes(noise);
        System.arraycopy(noise, 0, damaged, 1000, noise.length);
        assertUndecodable(damaged);
    }

    @Test
    void randomBytesAreUndecodable() {
        byte[] noise = new byte[10_000];
        new Random(42).nextBytes(noise);
        assertUndecodable(noise);
    }

    @Test
    void textIsUndecodable() {
        assertUndecodable("file_x,file_y,Decision\nimg20.jpg,img21.jpg,Yes\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void nothingIsUndecodable() {
        assertUndecodable(new byte[0]);
    }

    @Test
    void aPhotoOverThePixelLimitIsRefusedFromItsHeaderAlone() {
        // A PNG header announcing 10,000 x 5,000 pixels and nothing after it: refused as too large, not as
        // undecodable, so the size was judged before any decoding.
        ByteBuffer png = ByteBuffer.allocate(33);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        png.putInt(13).put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(10_000).putInt(5_000);
        png.put(new byte[] {8, 2, 0, 0, 0}).putInt(0);

        EngineException e = assertThrows(EngineException.class, () -> decoder.decode(png.array()));
        assertEquals(EngineException.Kind.IMAGE_TOO_LARGE, e.kind());
        assertTrue(e.getMessage().contains("10000x5000"), e.getMessage());
    }

    @Test
    void aRealPhotoOverALowerLimitIsRefused() {
        EngineException e = assertThrows(EngineException.class,
                () -> new ImageDecoder(1_000_000).decode(Fixtures.photo("img1.jpg")));
        assertEquals(EngineException.Kind.IMAGE_TOO_LARGE, e.kind());
    }

    @Test
    void aJpegFarLargerThanTheDetectorNeedsIsDecodedReducedAndFinerOnlyWhenAsked() {
        ImageDecoder reducing = new ImageDecoder(40_000_000, 640);
        try (DecodedImage full = decoder.decode(Fixtures.photo("img1.jpg"));
                DecodedImage reduced = reducing.decode(Fixtures.photo("img1.jpg"))) {
            assertEquals(2, reduced.reduction(), "1868 px high: half of it is still at least 640");
            assertEquals(1382, reduced.width());
            assertEquals(1868, reduced.height());
            assertEquals(691, reduced.mat().cols());
            assertEquals(934, reduced.mat().rows());

            DecodedImage.Pixels bigFace = reduced.pixelsFor(400, 160);
            assertEquals(691, bigFace.mat().cols(), "a 400 px face is 200 px wide at half size: enough");
            assertEquals(0.5, bigFace.scaleX(), 1e-9);
            DecodedImage.Pixels smallFace = reduced.pixelsFor(200, 160);
            assertEquals(1382, smallFace.mat().cols(), "a 200 px face needs the photo's own pixels");
            assertArrayEquals(pixels(full.mat()), pixels(smallFace.mat()));
        }
    }

    @Test
    void onlyJpegsAreDecodedReducedAndSmallOnesNotAtAll() {
        ImageDecoder reducing = new ImageDecoder(40_000_000, 640);
        try (DecodedImage jpeg = decoder.decode(Fixtures.photo("img1.jpg"));
                Rect corner = new Rect(0, 0, 1000, 1200);
                Mat cornerPixels = jpeg.mat().apply(corner);
                DecodedImage png = reducing.decode(Fixtures.encode(jpeg.mat(), ".png"));
                DecodedImage small = reducing.decode(Fixtures.encode(cornerPixels, ".jpg"))) {
            assertEquals(1, png.reduction());
            assertEquals(1, small.reduction(), "1200 px: half of it would be under 640");
        }
    }

    private void assertUndecodable(byte[] bytes) {
        EngineException e = assertThrows(EngineException.class, () -> decoder.decode(bytes).close());
        assertEquals(EngineException.Kind.UNDECODABLE_IMAGE, e.kind());
    }

    static byte[] pixels(Mat bgr) {
        byte[] bytes = new byte[(int) (bgr.total() * bgr.channels())];
        bgr.data().get(bytes);
        return bytes;
    }
}
