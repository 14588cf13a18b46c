package dev.visage.worker.engine;

import dev.visage.common.messaging.FaceAttributes;
import dev.visage.worker.engine.align.AlignedFace;
import dev.visage.worker.engine.decode.DecodedImage;
import dev.visage.worker.engine.detect.DetectedFace;
import dev.visage.worker.engine.runtime.ExecutionProviderChoice;
import java.util.List;
import java.util.Set;

/**
 * The face engine: decode a photo, find its faces, align each to the recognition template and embed it.
 * Plain Java with no framework inside, so it runs the same in the worker, in tests and in benchmarks.
 * Implementations are thread-safe.
 */
public interface FaceEngine extends AutoCloseable {

    /** Decodes JPEG, PNG, WebP or BMP bytes, honouring EXIF orientation; grey photos come back as 3 channels. */
    DecodedImage decode(byte[] encoded);

    /** Every face in the photo, best score first, in the photo's pixel coordinates. */
    List<DetectedFace> detect(DecodedImage image);

    /** The face warped onto the 112x112 five-point template the embedding model was trained on. */
    AlignedFace align(DecodedImage image, DetectedFace face);

    /** One L2-normalised embedding per aligned face, in order; the faces of a batch are embedded together. */
    List<float[]> embed(List<AlignedFace> faces);

    /** The face's passive liveness score, 0 to 1 ({@code fr_liveness}): a live person rather than a photo of one. */
    double liveness(DecodedImage image, DetectedFace face);

    /**
     * Only the asked-for attributes of the face, each estimated by its own model (faceplugin-face-recognition-js): an
     * estimate with the model's confidence, never a decision. Eyes are absent, though asked for, where the landmarks
     * put an eye outside the photo.
     */
    FaceAttributes attributes(DecodedImage image, DetectedFace face, Set<FaceAttributes.Kind> kinds);

    /** Name and version of the embedding model, reported with every answer. */
    String modelName();

    /** The execution provider inference runs on, and why it was chosen. */
    ExecutionProviderChoice executionProvider();

    @Override
    void close();
}
