package dev.visage.worker.engine;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Where the tests find the models and photos. Both stay outside the repository: the models in the directory
 * {@code models/install.sh} fills, the photos in the shared fixtures beside the checkout.
 */
public final class Fixtures {

    private Fixtures() {
    }

    /** The directory {@code models/install.sh} filled; {@code deploy/local/test.sh} installs it before the tests. */
    public static Path modelsDir() {
        return dev.visage.testing.Fixtures.modelsDir();
    }

    public static Path deepfaceDir() {
        return dev.visage.testing.Fixtures.sharedDir().resolve("faces").resolve("deepface");
    }

    public static byte[] photo(String name) {
        return dev.visage.testing.Fixtures.photoBytes(name);
    }

    public static OnnxFaceEngine openEngine() {
        return OnnxFaceEngine.open(EngineSettings.defaults(modelsDir()));
    }

    /** {@code image} encoded as {@code extension} (".png", ".jpg", ".bmp", ...). */
    public static byte[] encode(Mat image, String extension) {
        try (BytePointer encoded = new BytePointer()) {
            if (!imencode(extension, image, encoded)) {
                throw new IllegalStateException("OpenCV could not encode " + extension);
            }
            byte[] bytes = new byte[(int) encoded.limit()];
            encoded.get(bytes);
            return bytes;
        }
    }
}
