package dev.visage.worker.engine.attributes;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.visage.worker.engine.decode.DecodedImage;
import dev.visage.worker.engine.detect.DetectedFace;
import dev.visage.worker.engine.faceplugin.FacepluginPreprocessing.FaceBox;
import dev.visage.worker.engine.faceplugin.FacepluginSession;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;


import static dev.visage.worker.engine.faceplugin.FacepluginPreprocessing.packageGrey;
import static dev.visage.worker.engine.faceplugin.FacepluginPreprocessing.parseInt;
import static dev.visage.worker.engine.faceplugin.FacepluginPreprocessing.resizedRgba;
import static dev.visage.worker.engine.faceplugin.FacepluginPreprocessing.scaledCrop;

/**
 * The 68 facial landmarks of one face with {@code fr_landmark.onnx} (faceplugin-face-recognition-js@0.0.1), prepared
 * exactly as the package's {@code lib/fr_landmark.js} prepares it: the face box itself (pushed inside the photo where
 * it sticks out), resized to 64x64 (bilinear), the package's grey divided by 256; each output a fraction of the box,
 * taken to photo pixels through {@code parseInt}. The points are in the iBUG 300-W order: 36 to 41 the eye on the
 * photo's left (the subject's right), 42 to 47 the other.
 */
public final class FaceLandmarkModel implements AutoCloseable {

    public static final int SIZE = 64;
    public static final int POINTS = 68;
    public static final String MODEL = "fr_landmark (faceplugin-face-recognition-js@0.0.1)";
    /** {@code alignLandmarkImage(img, box, 1.0)} in the package. */
    static final double SCALE = 1.0;

    private final FacepluginSession session;

    public FaceLandmarkModel(OrtEnvironment environment, OrtSession session) {
        this.session = new FacepluginSession(environment, session, "landmark");
    }

    /** x, y of each of the 68 points in photo pixels, as the package's {@code predictLandmark} gives them. */
    public int[] landmarks(DecodedImage image, DetectedFace face) {
        Mat photo = image.fullSize();
        FaceBox box = FaceBox.of(face);
        float[] input;
        try (Rect rect = scaledCrop(photo.cols(), photo.rows(), box, SCALE);
                Mat resized = resizedRgba(photo, rect, SIZE)) {
            input = packageGrey(resized, 256.0);
        }
        float[] fractions = session.run(input, new long[] {1, 1, SIZE, SIZE}, FacepluginSession::firstRow);
        // Relative to the box, not to the crop: the package maps them so even where the crop was pushed inside.
        int[] points = new int[2 * POINTS];
        for (int i = 0; i < points.length; i += 2) {
            points[i] = parseInt((double) fractions[i] * box.width() + box.x1());
            points[i + 1] = parseInt((double) fractions[i + 1] * box.height() + box.y1());
        }
        return points;
    }

    @Override
    public void close() {
        session.close();
    }
}
