package dev.visage.worker.engine.attributes;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.visage.worker.engine.decode.DecodedImage;
import dev.visage.worker.engine.faceplugin.FacepluginSession;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

import java.util.Optional;

import static dev.visage.worker.engine.faceplugin.FacepluginPreprocessing.packageGrey;
import static dev.visage.worker.engine.faceplugin.FacepluginPreprocessing.parseInt;
import static dev.visage.worker.engine.faceplugin.FacepluginPreprocessing.resizedRgba;
import static dev.visage.worker.engine.faceplugin.FacepluginPreprocessing.softmax;

/**
 * Whether each eye of one face is open, with {@code fr_eye.onnx} (faceplugin-face-recognition-js@0.0.1), prepared
 * exactly as the package's {@code lib/fr_eye.js} prepares it from the {@link FaceLandmarkModel} points: a square of
 * 1.6 times the eye's corner-to-corner width around the mean of its four lid points, resized to 24x24 (bilinear), the
 * package's grey divided by 255; the two outputs through a softmax.
 *
 * <p>Class 1 is "open", class 0 "closed": the package's {@code predictEye} reports {@code p[0] > p[1]} per eye, which
 * the package's own demo (Faceplugin-ltd/FaceRecognition-LivenessDetection-Vue, {@code src/views/demo.vue}) shows as
 * "Close"; and on 62 deepface faces, whose eyes are open, class 1 wins for 115 of the 124 eyes (the rest mostly
 * narrowed by a smile or in shadow), while crops with no eye in them (blurred background faces) score class 0 near 1.
 * The photos hold no closed eye to check the other way.
 */
public final class EyeStateModel implements AutoCloseable {

    public static final int SIZE = 24;
    public static final String MODEL = "fr_eye (faceplugin-face-recognition-js@0.0.1)";
    /** {@code getEyeBBox}'s {@code padding_rate}. */
    private static final double PADDING = 1.6;
    /** The first of the six landmarks of the eye on the photo's left, the subject's right. */
    private static final int SUBJECT_RIGHT_EYE = 36;
    private static final int SUBJECT_LEFT_EYE = 42;

    /** One eye's softmax: class 0 "closed", class 1 "open". */
    public record EyeState(double closedProbability, double openProbability) {

        /** Open unless the package would call it closed ({@code p[0] > p[1]}); a tie is open, as in its demo. */
        public boolean open() {
            return !(closedProbability > openProbability);
        }

        /** The probability of the verdict. */
        public double confidence() {
            return open() ? openProbability : closedProbability;
        }
    }

    /** Both eyes, "right" and "left" from the subject's point of view. */
    public record Estimate(EyeState subjectRight, EyeState subjectLeft) {
    }

    private final FacepluginSession session;

    public EyeStateModel(OrtEnvironment environment, OrtSession session) {
        this.session = new FacepluginSession(environment, session, "eye state");
    }

    /**
     * Both eyes' states from the face's 68 landmarks; empty where an eye's square has no pixel inside the photo (the
     * package's {@code roi} throws there).
     */
    public Optional<Estimate> estimate(DecodedImage image, int[] landmarks) {
        Mat photo = image.fullSize();
        try (Rect right = eyeBox(landmarks, SUBJECT_RIGHT_EYE, photo.cols(), photo.rows());
                Rect left = eyeBox(landmarks, SUBJECT_LEFT_EYE, photo.cols(), photo.rows())) {
            if (right.width() < 1 || left.width() < 1) {
                return Optional.empty();
            }
            return Optional.of(new Estimate(state(photo, right), state(photo, left)));
        }
    }

    /** {@code getEyeBBox}'s square for the eye whose six landmarks start at {@code first}, arithmetic for arithmetic. */
    private static Rect eyeBox(int[] landmarks, int first, int srcW, int srcH) {
        int centreX = parseInt((x(landmarks, first + 1) + x(landmarks, first + 2) + x(landmarks, first + 4)
                + x(landmarks, first + 5)) / 4.0);
        int centreY = parseInt((y(landmarks, first + 1) + y(landmarks, first + 2) + y(landmarks, first + 4)
                + y(landmarks, first + 5)) / 4.0);
        int size = parseInt((x(landmarks, first + 3) - x(landmarks, first)) * PADDING);
        int cornerX = Math.max(parseInt(centreX - size / 2.0), 0);
        int cornerY = Math.max(parseInt(centreY - size / 2.0), 0);
        if (cornerX + size >= srcW) {
            size = srcW - cornerX - 1;
        }
        if (cornerY + size >= srcH) {
            size = srcH - cornerY - 1;
        }
        return new Rect(cornerX, cornerY, size, size);
    }

    private static int x(int[] landmarks, int point) {
        return landmarks[2 * point];
    }

    private static int y(int[] landmarks, int point) {
        return landmarks[2 * point + 1];
    }

    private EyeState state(Mat photo, Rect eye) {
        float[] input;
        try (Mat resized = resizedRgba(photo, eye, SIZE)) {
            input = packageGrey(resized, 255.0);
        }
        return session.run(input, new long[] {1, 1, SIZE, SIZE}, result -> {
            float[] probabilities = softmax(FacepluginSession.firstRow(result));
            return new EyeState(probabilities[0], probabilities[1]);
        });
    }

    @Override
    public void close() {
        session.close();
    }
}
