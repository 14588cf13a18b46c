package dev.visage.worker.engine.decode;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A decoded photo: 8-bit BGR pixels in OpenCV's native memory, upright (EXIF orientation applied).
 * Close it to free the native memory promptly rather than waiting for the garbage collector.
 */
public final class DecodedImage implements AutoCloseable {

    private final Mat bgr;

    public DecodedImage(Mat bgr) {
        this.bgr = bgr;
    }

    public Mat mat() {
        return bgr;
    }

    public int width() {
        return bgr.cols();
    }

    public int height() {
        return bgr.rows();
    }

    @Override
    public void close() {
        bgr.close();
    }
}
