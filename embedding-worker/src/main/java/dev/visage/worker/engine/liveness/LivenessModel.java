package dev.visage.worker.engine.liveness;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.visage.worker.engine.EngineException;
import dev.visage.worker.engine.decode.DecodedImage;
import dev.visage.worker.engine.detect.DetectedFace;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

import java.nio.FloatBuffer;
import java.util.Map;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGBA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

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

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final String inputName;

    public LivenessModel(OrtEnvironment environment, OrtSession session) {
        this.environment = environment;
        this.session = session;
        this.inputName = session.getInputNames().iterator().next();
    }

    /** The package's liveness score of the face, 0 to 1: class 0 of the softmax. */
    public double score(DecodedImage image, DetectedFace face) {
        return probabilities(image, face)[0];
    }

    /** The softmax of the model's three outputs for the face. */
    public float[] probabilities(DecodedImage image, DetectedFace face) {
        Mat photo = image.fullSize();
        // The package takes the box through parseInt: the corners truncated, the size their difference.
        int x1 = parseInt(face.x());
        int y1 = parseInt(face.y());
        int x2 = parseInt(face.x() + face.width());
        int y2 = parseInt(face.y() + face.height());
        Rect rect = crop(photo.cols(), photo.rows(), x1, y1, Math.abs(x2 - x1), Math.abs(y2 - y1));
        // Resized as RGBA, the layout the package's cv.imread hands over.
        try (Mat roi = new Mat(photo, rect);
                Mat rgba = new Mat();
                Mat resized = new Mat()) {
            cvtColor(roi, rgba, COLOR_BGR2RGBA);
            resize(rgba, resized, new Size(SIZE, SIZE));
            return run(planes(resized));
        } finally {
            rect.close();
        }
    }

    /** {@code alignLivenessImage}'s rectangle, arithmetic for arithmetic. */
    static Rect crop(int srcW, int srcH, int x, int y, int boxW, int boxH) {
        double scale = Math.min((srcH - 1) / (double) boxH, Math.min((srcW - 1) / (double) boxW, SCALE));
        double newWidth = boxW * scale;
        double newHeight = boxH * scale;
        double centerX = boxW / 2.0 + x;
        double centerY = boxH / 2.0 + y;
        double leftTopX = centerX - newWidth / 2;
        double leftTopY = centerY - newHeight / 2;
        double rightBottomX = centerX + newWidth / 2;
        double rightBottomY = centerY + newHeight / 2;
        if (leftTopX < 0) {
            rightBottomX -= leftTopX;
            leftTopX = 0;
        }
        if (leftTopY < 0) {
            rightBottomY -= leftTopY;
            leftTopY = 0;
        }
        if (rightBottomX > srcW - 1) {
            leftTopX -= rightBottomX - srcW + 1;
            rightBottomX = srcW - 1;
        }
        if (rightBottomY > srcH - 1) {
            leftTopY -= rightBottomY - srcH + 1;
            rightBottomY = srcH - 1;
        }
        return new Rect(Math.max(parseInt(leftTopX), 0), Math.max(parseInt(leftTopY), 0),
                Math.min(parseInt(rightBottomX - leftTopX), srcW - 1), Math.min(parseInt(rightBottomY - leftTopY),
                srcH - 1));
    }

    /**
     * JavaScript's {@code parseInt} of a number: it reads the number's text, so a plain decimal is truncated towards
     * zero, but one small enough to be written with an exponent ({@code 1.1368683772161603e-13}, which the crop
     * arithmetic produces when a corner is pushed back to the edge) reads as its first digit. The package crops one
     * pixel further in then, and so must this.
     */
    static int parseInt(double value) {
        double magnitude = Math.abs(value);
        if (magnitude != 0 && magnitude < 1e-6) {
            int digit = (int) Math.floor(magnitude / Math.pow(10, Math.floor(Math.log10(magnitude))) + 1e-9);
            return value < 0 ? -digit : digit;
        }
        return (int) value;
    }

    /** Interleaved RGBA bytes to planar R, G, B floats of 0 to 255, as {@code preprocessLiveness} lays them out. */
    static float[] planes(Mat rgba) {
        int pixels = SIZE * SIZE;
        byte[] bytes = new byte[pixels * 4];
        rgba.data().get(bytes);
        float[] planes = new float[pixels * 3];
        for (int i = 0; i < pixels; i++) {
            planes[i] = bytes[4 * i] & 0xFF;
            planes[pixels + i] = bytes[4 * i + 1] & 0xFF;
            planes[2 * pixels + i] = bytes[4 * i + 2] & 0xFF;
        }
        return planes;
    }

    private float[] run(float[] planes) {
        try (OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(planes),
                new long[] {1, 3, SIZE, SIZE});
                OrtSession.Result result = session.run(Map.of(inputName, input))) {
            return softmax(((float[][]) result.get(0).getValue())[0]);
        } catch (OrtException e) {
            throw new EngineException(EngineException.Kind.INFERENCE_FAILED, "liveness failed: " + e.getMessage(), e);
        }
    }

    static float[] softmax(float[] logits) {
        double sum = 0;
        for (float v : logits) {
            sum += Math.exp(v);
        }
        float[] probabilities = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            probabilities[i] = (float) (Math.exp(logits[i]) / sum);
        }
        return probabilities;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
