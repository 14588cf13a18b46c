package dev.visage.worker.engine.attributes;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.visage.worker.engine.decode.DecodedImage;
import dev.visage.worker.engine.detect.DetectedFace;
import dev.visage.worker.engine.faceplugin.FacepluginPreprocessing.FaceBox;
import dev.visage.worker.engine.faceplugin.FacepluginSession;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;


import static dev.visage.worker.engine.faceplugin.FacepluginPreprocessing.imageNetPlanes;
import static dev.visage.worker.engine.faceplugin.FacepluginPreprocessing.parseInt;
import static dev.visage.worker.engine.faceplugin.FacepluginPreprocessing.resizedRgba;
import static dev.visage.worker.engine.faceplugin.FacepluginPreprocessing.softmax;

/**
 * Head pose of one face with {@code fr_pose.onnx} (faceplugin-face-recognition-js@0.0.1), a HopeNet-style network
 * prepared exactly as the package's {@code lib/fr_pose.js} prepares it: the face box widened by a quarter of its size
 * on every side, resized to 224x224 (bilinear), ImageNet-normalised planes; each of the three outputs 66 bins of 3
 * degrees through a softmax, the angle its expectation. {@code AttributesParityTest} compares the angles with those
 * of the package's own JavaScript on the same photos.
 *
 * <p>Colour order: the package applies {@code COLOR_BGR2RGB} to the RGBA pixels the browser's {@code cv.imread}
 * gives, which swaps red and blue, so the network gets blue, green, red planes normalised with red's, green's and
 * blue's ImageNet statistics. This port feeds the same.
 */
public final class HeadPoseModel implements AutoCloseable {

    public static final int SIZE = 224;
    public static final String MODEL = "fr_pose (faceplugin-face-recognition-js@0.0.1)";
    /** The bins around the expected one whose probability {@link Estimate#confidence()} sums, on either side. */
    static final int CONFIDENCE_BINS = 3;
    private static final int BLUE = 2;
    private static final int GREEN = 1;
    private static final int RED = 0;

    /**
     * Angles in degrees as the network gives them, unrounded, about 0 for a face looking into the camera. Signs, as
     * seen on the deepface photos: yaw positive when the subject turns to their own right (the nose towards the
     * photo's left), pitch positive when the subject looks up (chin raised), roll positive when the head is turned
     * clockwise as the photo shows it (towards the subject's left shoulder; a photo rotated 20 degrees clockwise reads
     * about +15 to +20 more). Pitch leans negative: portraits taken at eye height read -2 to -24, most -5 to -15.
     *
     * @param confidence the mean over the three angles of the probability within 3 bins (9 degrees) of the expected
     *                   one: near 1 when the network is sure, lower when its distribution is wide or split
     */
    public record Estimate(double yaw, double pitch, double roll, double confidence) {
    }

    private final FacepluginSession session;

    public HeadPoseModel(OrtEnvironment environment, OrtSession session) {
        this.session = new FacepluginSession(environment, session, "head pose");
    }

    public Estimate estimate(DecodedImage image, DetectedFace face) {
        Mat photo = image.fullSize();
        float[] input;
        try (Rect rect = crop(photo.cols(), photo.rows(), FaceBox.of(face));
                Mat resized = resizedRgba(photo, rect, SIZE)) {
            input = imageNetPlanes(resized, BLUE, GREEN, RED);
        }
        return session.run(input, new long[] {1, 3, SIZE, SIZE}, result -> {
            float[] yaw = softmax(FacepluginSession.row(result, "output"));
            float[] pitch = softmax(FacepluginSession.row(result, "617"));
            float[] roll = softmax(FacepluginSession.row(result, "618"));
            return new Estimate(angle(yaw), angle(pitch), angle(roll),
                    (massNearExpectation(yaw) + massNearExpectation(pitch) + massNearExpectation(roll)) / 3);
        });
    }

    /**
     * {@code predictPose}'s rectangle. Where it leaves the photo the package's {@code roi} throws and it has no answer;
     * this port keeps the part inside the photo instead.
     */
    private static Rect crop(int srcW, int srcH, FaceBox box) {
        int x11 = parseInt(box.x1() - box.width() / 4.0);
        int y11 = parseInt(box.y1() - box.height() / 4.0);
        int x22 = parseInt(box.x2() + box.width() / 4.0);
        int y22 = parseInt(box.y2() + box.height() / 4.0);
        int x = Math.max(x11, 0);
        int y = Math.max(y11, 0);
        int width = Math.min(x22 - x11, srcW);
        int height = Math.min(y22 - y11, srcH);
        return new Rect(x, y, Math.min(width, srcW - x), Math.min(height, srcH - y));
    }

    /** The expected bin, in the package's degrees: 3 per bin, bin 33 being 0. */
    private static double angle(float[] probabilities) {
        return expectedBin(probabilities) * 3 - 99;
    }

    private static double expectedBin(float[] probabilities) {
        double expectation = 0;
        for (int i = 0; i < probabilities.length; i++) {
            expectation += probabilities[i] * (double) i;
        }
        return expectation;
    }

    private static double massNearExpectation(float[] probabilities) {
        int centre = (int) Math.round(expectedBin(probabilities));
        double mass = 0;
        for (int i = Math.max(0, centre - CONFIDENCE_BINS);
                i <= Math.min(probabilities.length - 1, centre + CONFIDENCE_BINS); i++) {
            mass += probabilities[i];
        }
        return mass;
    }

    @Override
    public void close() {
        session.close();
    }
}
