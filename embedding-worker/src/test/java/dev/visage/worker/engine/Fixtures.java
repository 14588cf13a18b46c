package dev.visage.worker.engine;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Where the tests find the models and photos. Both stay outside the repository: the models in the directory
 * {@code models/install.sh} fills, the photos in the shared fixtures beside the checkout.
 */
final class Fixtures {

    /** Used when the installed directory is not there yet: the shared detector and the npm package's recogniser. */
    private static final Path SHARED_DETECTOR = Path.of("/work/shared/models", ModelFiles.DETECTOR_FILE);
    private static final Path UNPACKED_RECOGNISER = Path.of("/tmp/fp/package/model", ModelFiles.RECOGNITION_FILE);

    private static Path modelsDir;

    private Fixtures() {
    }

    /** {@code visage.models.dir} when it holds both models, otherwise a temporary directory linking to them. */
    static synchronized Path modelsDir() {
        if (modelsDir == null) {
            modelsDir = findModelsDir();
        }
        return modelsDir;
    }

    private static Path findModelsDir() {
        String configured = System.getProperty("visage.models.dir");
        if (configured != null) {
            Path dir = Path.of(configured);
            if (Files.isRegularFile(dir.resolve(ModelFiles.DETECTOR_FILE))
                    && Files.isRegularFile(dir.resolve(ModelFiles.RECOGNITION_FILE))) {
                return dir;
            }
        }
        try {
            Path dir = Files.createTempDirectory("visage-models");
            dir.toFile().deleteOnExit();
            for (Path model : new Path[] {SHARED_DETECTOR, UNPACKED_RECOGNISER}) {
                Path link = Files.createSymbolicLink(dir.resolve(model.getFileName()), model);
                link.toFile().deleteOnExit();
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("no models: run models/install.sh", e);
        }
    }

    static Path deepfaceDir() {
        return Path.of(System.getProperty("visage.shared.dir", "/work/shared"), "faces", "deepface");
    }

    static byte[] photo(String name) {
        try {
            return Files.readAllBytes(deepfaceDir().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static OnnxFaceEngine openEngine() {
        return OnnxFaceEngine.open(EngineSettings.defaults(modelsDir()));
    }

    /** {@code image} encoded as {@code extension} (".png", ".jpg", ".bmp", ...). */
    static byte[] encode(Mat image, String extension) {
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
