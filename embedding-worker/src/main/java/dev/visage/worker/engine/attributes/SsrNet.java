package dev.visage.worker.engine.attributes;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.visage.worker.engine.decode.DecodedImage;
import dev.visage.worker.engine.detect.DetectedFace;
import dev.visage.worker.engine.faceplugin.FacepluginPreprocessing.FaceBox;
import dev.visage.worker.engine.faceplugin.FacepluginSession;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

import java.util.List;

import static dev.visage.worker.engine.faceplugin.FacepluginPreprocessing.imageNetPlanes;
import static dev.visage.worker.engine.faceplugin.FacepluginPreprocessing.resizedRgba;
import static dev.visage.worker.engine.faceplugin.FacepluginPreprocessing.scaledCrop;

/**
 * What {@code fr_age.onnx} and {@code fr_gender.onnx} share: both are SSR-Net (soft stagewise regression) networks
 * the package prepares and reads alike ({@code lib/fr_age.js}, {@code lib/fr_gender.js}): a crop of 1.4 times the face
 * box around its centre, pushed back inside the photo, resized to 64x64 (bilinear), ImageNet-normalised RGB planes;
 * the nine outputs concatenated in the package's order and merged by {@code mergeAge} / {@code mergeGender}, which
 * differ only in the range {@code V} they scale to.
 *
 * <p>On 61 deepface portraits the second and third stages' bin weights and index offsets are the same for every face,
 * in both networks: the answer comes from the first stage's and the delta_k outputs. The {@code prob_stage} outputs end
 * in a ReLU, not a softmax: weights of 0 or more, not probabilities.
 *
 * <p>The package feeds red, green, blue (the RGBA of {@code cv.imread}); the networks look trained on blue, green,
 * red: fed so, the gender network is right on 54 rather than 43 of 61 deepface portraits. The ports keep the
 * package's order, so that they answer as the package does.
 */
final class SsrNet implements AutoCloseable {

    static final int SIZE = 64;
    /** {@code alignAgeImage(img, box, 1.4)} and {@code alignGenderImage(img, box, 1.4)} in the package. */
    static final double SCALE = 1.4;
    /** The order the package concatenates the outputs in, which {@link #merge} indexes. */
    private static final List<String> OUTPUTS = List.of("prob_stage_1", "prob_stage_2", "prob_stage_3", "stage1_delta_k",
            "stage2_delta_k", "stage3_delta_k", "index_offset_stage1", "index_offset_stage2", "index_offset_stage3");
    /** Three bins per stage. */
    static final int BINS = 3;
    /** Per stage: the bins' weights, delta_k, the bins' index offsets. */
    private static final int VALUES = 3 * (BINS + 1 + BINS);

    private final FacepluginSession session;

    /** @param estimating what the network estimates, for error messages */
    SsrNet(OrtEnvironment environment, OrtSession session, String estimating) {
        this.session = new FacepluginSession(environment, session, estimating);
    }

    /**
     * The 21 output values in the package's order: the three stages' bin weights (3 each), their delta_k (1 each)
     * and their index offsets (3 each).
     */
    float[] outputs(DecodedImage image, DetectedFace face) {
        Mat photo = image.fullSize();
        float[] input;
        try (Rect rect = scaledCrop(photo.cols(), photo.rows(), FaceBox.of(face), SCALE);
                Mat resized = resizedRgba(photo, rect, SIZE)) {
            input = imageNetPlanes(resized, 0, 1, 2);
        }
        return session.run(input, new long[] {1, 3, SIZE, SIZE}, result -> {
            float[] outputs = new float[VALUES];
            int at = 0;
            for (String name : OUTPUTS) {
                float[] values = FacepluginSession.row(result, name);
                System.arraycopy(values, 0, outputs, at, values.length);
                at += values.length;
            }
            return outputs;
        });
    }

    /**
     * The package's {@code mergeAge} / {@code mergeGender(x, 3, 3, 3, 1, 1)}, which scale the stages to {@code v}; in
     * double, as JavaScript computes it.
     */
    static double merge(float[] outputs, double v) {
        double[] x = new double[outputs.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = outputs[i];
        }
        double a = 0;
        double b = 0;
        double c = 0;
        for (int i = 0; i < BINS; i++) {
            a += (i + x[12 + i]) * x[i];
        }
        a = a / (BINS * (1 + x[9]));
        for (int i = 0; i < BINS; i++) {
            b += (i + x[15 + i]) * x[3 + i];
        }
        b = b / (BINS * (1 + x[9])) / (BINS * (1 + x[10]));
        for (int i = 0; i < BINS; i++) {
            c += (i + x[18 + i]) * x[6 + i];
        }
        c = c / (BINS * (1 + x[9])) / (BINS * (1 + x[10])) / (BINS * (1 + x[11]));
        return (a + b + c) * v;
    }

    @Override
    public void close() {
        session.close();
    }
}
