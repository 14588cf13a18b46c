package dev.visage.worker.engine.liveness;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.visage.worker.engine.decode.DecodedImage;
import dev.visage.worker.engine.detect.DetectedFace;
import dev.visage.worker.engine.faceplugin.FacepluginPreprocessing.FaceBox;
import dev.visage.worker.engine.faceplugin.FacepluginSession;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;


import static dev.visage.worker.engine.faceplugin.FacepluginPreprocessing.bytes;
import static dev.visage.worker.engine.faceplugin.FacepluginPreprocessing.resizedRgba;
import static dev.visage.worker.engine.faceplugin.FacepluginPreprocessing.scaledCrop;
import static dev.visage.worker.engine.faceplugin.FacepluginPreprocessing.softmax;

/**
 * Passive liveness of one face with {@code fr_liveness.onnx} (faceplugin-face-recognition-js@0.0.1), prepared exactly
 * as that package's {@code lib/fr_liveness.js} prepares it: a square-ish crop of 2.7 times the face box around its
 * centre, pushed back inside the photo where it sticks out, resized to 128x128 (bilinear), RGB values 0 to 255 in
 * planes, no normalisation; the three outputs through a softmax, class 0 the package's liveness score.
 * {@code LivenessParityTest} compares the scores with those of the package's own JavaScript on the same photos.
 */
public final class LivenessModel implements AutoCloseable {

    public static final int SIZE = 128;
    /** {@code alignLivenessImage(img, box, 2.7)} in the package. */
    static final double SCALE = 2.7;
    public static final String MODEL = "fr_liveness (faceplugin-face-recognition-js@0.0.1)";

    private final FacepluginSession session;

    public LivenessModel(OrtEnvironment environment, OrtSession session) {
        this.session = new FacepluginSession(environment, session, "liveness");
    }

    /** The package's liveness score of the face, 0 to 1: class 0 of the softmax. */
    public double score(DecodedImage image, DetectedFace face) {
        return probabilities(image, face)[0];
    }

    /** The softmax of the model's three outputs for the face. */
    public float[] probabilities(DecodedImage image, DetectedFace face) {
        Mat photo = image.fullSize();
        try (Rect rect = scaledCrop(photo.cols(), photo.rows(), FaceBox.of(face), SCALE);
                Mat resized = resizedRgba(photo, rect, SIZE)) {
            return run(planes(resized));
        }
    }

    /** Interleaved RGBA bytes to planar R, G, B floats of 0 to 255, as {@code preprocessLiveness} lays them out. */
    static float[] planes(Mat rgba) {
        int pixels = SIZE * SIZE;
        byte[] bytes = bytes(rgba);
        float[] planes = new float[pixels * 3];
        for (int i = 0; i < pixels; i++) {
            planes[i] = bytes[4 * i] & 0xFF;
            planes[pixels + i] = bytes[4 * i + 1] & 0xFF;
            planes[2 * pixels + i] = bytes[4 * i + 2] & 0xFF;
        }
        return planes;
    }

    private float[] run(float[] planes) {
        return session.run(planes, new long[] {1, 3, SIZE, SIZE},
                result -> softmax(FacepluginSession.firstRow(result)));
    }

    @Override
    public void close() {
        session.close();
    }
}
