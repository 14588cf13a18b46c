package dev.visage.worker.engine.detect;

import dev.visage.worker.engine.decode.DecodedImage;
import java.util.List;

/** Finds faces in a decoded photo. */
public interface FaceDetector {

    /** Every face found, best score first, in the photo's pixel coordinates. */
    List<DetectedFace> detect(DecodedImage image);
}
