package dev.visage.worker.engine.decode;

import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A decoded photo: 8-bit BGR pixels in OpenCV's native memory, upright (EXIF orientation applied). A large JPEG
 * may be decoded at a fraction of its size ({@link #mat()}, enough for the detector); {@link #width()} and
 * {@link #height()} are always the photo's own, and faces are reported in its own pixels. Alignment asks for the
 * pixels a face needs ({@link #pixelsFor}), which decodes the photo again, finer, only when the face is small.
 * Close it to free the native memory promptly rather than waiting for the garbage collector.
 */
public final class DecodedImage implements AutoCloseable {

    /** Pixels at one decoding reduction, with the factors that take the photo's own coordinates onto them. */
    public record Pixels(Mat mat, double scaleX, double scaleY) {
    }

    private final int width;
    private final int height;
    private final IntFunction<Mat> decodeAt;
    /** The decodes made so far, by reduction (1, 2, 4 or 8 original pixels per decoded pixel). */
    private final Map<Integer, Mat> decodes = new HashMap<>();
    private final int reduction;

    /** A photo decoded at its own size. */
    public DecodedImage(Mat bgr) {
        this(bgr, 1, bgr.cols(), bgr.rows(), r -> {
            throw new IllegalStateException("a full-size decode has nothing finer");
        });
    }

    /**
     * @param bgr       the photo decoded at {@code reduction}
     * @param width     the photo's own upright width
     * @param height    the photo's own upright height
     * @param decodeAt  decodes the photo again at a smaller reduction
     */
    DecodedImage(Mat bgr, int reduction, int width, int height, IntFunction<Mat> decodeAt) {
        this.reduction = reduction;
        this.width = width;
        this.height = height;
        this.decodeAt = decodeAt;
        decodes.put(reduction, bgr);
    }

    /** The pixels faces are searched in: the photo, or a reduction of it when it is much larger than needed. */
    public Mat mat() {
        return decodes.get(reduction);
    }

    /** Original pixels per {@link #mat()} pixel: 1, 2, 4 or 8. */
    public int reduction() {
        return reduction;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /**
     * The coarsest pixels in which a face {@code faceWidth} photo pixels wide is at least {@code minFaceWidth}
     * pixels wide (the photo's own when no reduction is enough), decoding them if needed.
     */
    public synchronized Pixels pixelsFor(float faceWidth, int minFaceWidth) {
        int r = reduction;
        while (r > 1 && faceWidth / r < minFaceWidth) {
            r /= 2;
        }
        Mat mat = decodes.get(r);
        if (mat == null) {
            mat = decodeAt.apply(r);
            decodes.put(r, mat);
        }
        return new Pixels(mat, (double) mat.cols() / width, (double) mat.rows() / height);
    }

    /** The photo at its own size, decoding it again if it was decoded reduced. */
    public Mat fullSize() {
        return pixelsFor(0, Integer.MAX_VALUE).mat();
    }

    @Override
    public synchronized void close() {
        decodes.values().forEach(Mat::close);
        decodes.clear();
    }
}
