package dev.visage.worker.engine.attributes;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.visage.worker.engine.decode.DecodedImage;
import dev.visage.worker.engine.detect.DetectedFace;

/**
 * Apparent age of one face with {@code fr_age.onnx} (faceplugin-face-recognition-js@0.0.1), an SSR-Net prepared and
 * merged exactly as the package's {@code lib/fr_age.js} does ({@link SsrNet}). {@code AttributesParityTest} compares
 * the years with those of the package's own JavaScript on the same photos.
 */
public final class AgeModel implements AutoCloseable {

    public static final String MODEL = "fr_age (faceplugin-face-recognition-js@0.0.1)";
    /** {@code mergeAge}'s {@code V}: the stages span 0 to 101 years. */
    static final double YEARS = 101;

    /**
     * @param years      the package's age, unrounded
     * @param confidence the largest of the first stage's three bin weights as a share of their sum, 1/3 to 1 (0 when
     *                   all three are 0): how sure the network is of the coarsest age band (about a third of the span
     *                   each), not of the years. The weights are not probabilities: this export ends each stage
     *                   in a ReLU, not a softmax, so they are 0 or more and sum to anything (0.31 to 0.40 on the
     *                   deepface portraits), hence the share. SSR-Net offers no better-founded certainty, and this one
     *                   says little: the network splits the band nearly evenly between two bins on every portrait
     *                   (0.50 to 0.52).
     */
    public record Estimate(double years, double confidence) {
    }

    private final SsrNet network;

    public AgeModel(OrtEnvironment environment, OrtSession session) {
        this.network = new SsrNet(environment, session, "age");
    }

    public Estimate estimate(DecodedImage image, DetectedFace face) {
        float[] outputs = network.outputs(image, face);
        double largest = 0;
        double sum = 0;
        for (int bin = 0; bin < SsrNet.BINS; bin++) {
            largest = Math.max(largest, outputs[bin]);
            sum += outputs[bin];
        }
        return new Estimate(SsrNet.merge(outputs, YEARS), sum > 0 ? largest / sum : 0);
    }

    @Override
    public void close() {
        network.close();
    }
}
