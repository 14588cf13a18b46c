package dev.visage.worker.engine.decode;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_8;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import dev.visage.common.image.ImageFormat;
import dev.visage.common.image.ImageHeader;
import dev.visage.worker.engine.EngineException;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decodes photo bytes with OpenCV. OpenCV rather than ImageIO because it reads WebP, applies the JPEG EXIF
 * orientation itself and decodes JPEGs faster (16 against 72 ms per deepface photo, see EngineBenchmark).
 * <p>
 * A JPEG much larger than the detector needs is decoded at 1/2, 1/4 or 1/8 of its size: libjpeg then skips most
 * of the inverse DCT, which is what a phone photo's decode costs, and the result is an area average rather than
 * a sampled shrink. Other formats decode at full size (their decoders cannot skip work).
 */
public final class ImageDecoder {

    /** The sizes a JPEG can be decoded at, the coarsest first, with OpenCV's flag for each. */
    private enum Reduction {
        EIGHTH(8, IMREAD_REDUCED_COLOR_8), QUARTER(4, IMREAD_REDUCED_COLOR_4), HALF(2, IMREAD_REDUCED_COLOR_2),
        NONE(1, IMREAD_COLOR);

        final int factor;
        final int flag;

        Reduction(int factor, int flag) {
            this.factor = factor;
            this.flag = flag;
        }

        static Reduction of(int factor) {
            for (Reduction r : values()) {
                if (r.factor == factor) {
                    return r;
                }
            }
            throw new IllegalArgumentException("no JPEG reduction " + factor);
        }
    }

    private final long maxImagePixels;
    private final int detectionLongSide;

    /** Decodes at full size. */
    public ImageDecoder(long maxImagePixels) {
        this(maxImagePixels, 0);
    }

    /**
     * @param detectionLongSide the long side the detector works at: a JPEG whose long side is at least twice it
     *                          is decoded reduced, never below it; 0 decodes every photo at full size
     */
    public ImageDecoder(long maxImagePixels, int detectionLongSide) {
        this.maxImagePixels = maxImagePixels;
        this.detectionLongSide = detectionLongSide;
    }

    /**
     * The photo as 8-bit BGR, upright: IMREAD_COLOR turns grey, 16-bit and alpha photos into 3 8-bit channels
     * and honours EXIF orientation.
     */
    public DecodedImage decode(byte[] encoded) {
        // The header is read first so that an oversized photo is refused before its pixels are allocated.
        ImageHeader header = ImageHeader.read(encoded).orElseThrow(() -> new EngineException(
                EngineException.Kind.UNDECODABLE_IMAGE, "not a JPEG, PNG, WebP or BMP photo"));
        if (header.pixels() > maxImagePixels) {
            throw new EngineException(EngineException.Kind.IMAGE_TOO_LARGE, "the photo is " + header.width() + "x"
                    + header.height() + " pixels, more than the " + maxImagePixels + " accepted");
        }
        Reduction reduction = reduction(header);
        Mat decoded = decode(encoded, header, reduction.flag);
        if (reduction == Reduction.NONE) {
            return new DecodedImage(decoded);
        }
        // EXIF orientation may have turned the photo: its upright sides are the header's, swapped if the decode
        // came out the other way round.
        boolean turned = (decoded.cols() > decoded.rows()) != (header.width() > header.height())
                && header.width() != header.height();
        int width = turned ? header.height() : header.width();
        int height = turned ? header.width() : header.height();
        return new DecodedImage(decoded, reduction.factor, width, height,
                factor -> decode(encoded, header, Reduction.of(factor).flag));
    }

    private Reduction reduction(ImageHeader header) {
        if (detectionLongSide <= 0 || header.format() != ImageFormat.JPEG) {
            return Reduction.NONE;
        }
        int longSide = Math.max(header.width(), header.height());
        for (Reduction candidate : Reduction.values()) {
            if (longSide / candidate.factor >= detectionLongSide) {
                return candidate;
            }
        }
        return Reduction.NONE;
    }

    private static Mat decode(byte[] encoded, ImageHeader header, int flags) {
        Mat decoded;
        try (BytePointer bytes = new BytePointer(encoded); Mat buffer = new Mat(bytes)) {
            decoded = imdecode(buffer, flags);
        }
        if (decoded == null || decoded.empty()) {
            if (decoded != null) {
                decoded.close();
            }
            throw new EngineException(EngineException.Kind.UNDECODABLE_IMAGE,
                    "the " + header.format() + " photo could not be decoded (damaged or truncated)");
        }
        return decoded;
    }
}
