package dev.visage.worker.engine.attributes;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.visage.worker.engine.decode.DecodedImage;
import dev.visage.worker.engine.detect.DetectedFace;

/**
 * Apparent gender of one face with {@code fr_gender.onnx} (faceplugin-face-recognition-js@0.0.1), an SSR-Net prepared
 * and merged exactly as the package's {@code lib/fr_gender.js} does ({@link SsrNet}) into a score of 0 to 1.
 * {@code AttributesParityTest} compares the scores with those of the package's own JavaScript on the same photos.
 */
public final class GenderModel implements AutoCloseable {

    public static final String MODEL = "fr_gender (faceplugin-face-recognition-js@0.0.1)";
    /** {@code mergeGender}'s {@code V}. */
    static final double SPAN = 1;

    /**
     * The package's merged score, unrounded: towards 1 male, towards 0 female. It can stray a little past either end
     * (1.07 seen), SSR-Net's index offsets not being bounded. The package says nothing of the direction; its own demo
     * (Faceplugin-ltd/FaceRecognition-LivenessDetection-Vue, {@code src/views/demo.vue}) shows a score above 0.6 as
     * "Male", and on 61 single-person deepface portraits the 30 men score 0.25 to 1.07 (28 above 0.5) and the 31 women
     * 0.05 to 0.96 (16 above 0.5). Prepared as the package prepares it, the model is right on 43 of those 61 at 0.5: it
     * errs mostly on women.
     */
    public record Estimate(double score) {

        public boolean male() {
            return score > 0.5;
        }

        /** How far the score leans to its side, 0.5 (undecided) to 1; a score past either end counts as 1. */
        public double confidence() {
            return Math.min(1, Math.max(score, 1 - score));
        }
    }

    private final SsrNet network;

    public GenderModel(OrtEnvironment environment, OrtSession session) {
        this.network = new SsrNet(environment, session, "gender");
    }

    public Estimate estimate(DecodedImage image, DetectedFace face) {
        return new Estimate(SsrNet.merge(network.outputs(image, face), SPAN));
    }

    @Override
    public void close() {
        network.close();
    }
}
