package dev.visage.worker.engine.faceplugin;

import dev.visage.worker.engine.detect.DetectedFace;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGBA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/**
 * What the ports of faceplugin-face-recognition-js@0.0.1's {@code lib/fr_*.js} share, arithmetic for arithmetic, so
 * that each model gets the very input the package's own JavaScript gives it in a browser: the face box through
 * JavaScript's {@code parseInt}, the scaled crop of {@code alignLivenessImage} (and of {@code alignAgeImage},
 * {@code alignGenderImage} and {@code alignLandmarkImage}, the same code with another scale), the RGBA pixels the
 * browser's {@code cv.imread} hands over, and the package's softmax.
 */
public final class FacepluginPreprocessing {

    private static final double[] IMAGENET_MEAN = {0.485, 0.456, 0.406};
    private static final double[] IMAGENET_STD = {0.229, 0.224, 0.225};

    private FacepluginPreprocessing() {
    }

    /**
     * The face box as every {@code predict*} function of the package takes it: the corners through {@code parseInt},
     * the size their difference.
     */
    public record FaceBox(int x1, int y1, int x2, int y2) {

        public static FaceBox of(DetectedFace face) {
            return new FaceBox(parseInt(face.x()), parseInt(face.y()), parseInt(face.x() + face.width()),
                    parseInt(face.y() + face.height()));
        }

        public int width() {
            return Math.abs(x2 - x1);
        }

        public int height() {
            return Math.abs(y2 - y1);
        }
    }

    /** The package's {@code align*Image(img, [x1, y1, width, height], scale)} rectangle, arithmetic for arithmetic. */
    public static Rect scaledCrop(int srcW, int srcH, FaceBox box, double scaleValue) {
        int boxW = box.width();
        int boxH = box.height();
        double scale = Math.min((srcH - 1) / (double) boxH, Math.min((srcW - 1) / (double) boxW, scaleValue));
        double newWidth = boxW * scale;
        double newHeight = boxH * scale;
        double centerX = boxW / 2.0 + box.x1();
        double centerY = boxH / 2.0 + box.y1();
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
     * The part {@code rect} of a BGR photo as RGBA, the layout the package's {@code cv.imread} hands over, resized
     * (bilinear) to {@code size} x {@code size}. Resized as RGBA because the package resizes it so.
     */
    public static Mat resizedRgba(Mat bgr, Rect rect, int size) {
        Mat resized = new Mat();
        try (Mat roi = new Mat(bgr, rect);
                Mat rgba = new Mat()) {
            cvtColor(roi, rgba, COLOR_BGR2RGBA);
            resize(rgba, resized, new Size(size, size));
            return resized;
        } catch (RuntimeException e) {
            resized.close();
            throw e;
        }
    }

    /**
     * The package's grey of a resized RGBA crop, divided by {@code divisor}. The package applies
     * {@code COLOR_BGR2GRAY} to RGBA pixels, so red is weighed as blue (0.114) and blue as red (0.299); and its
     * opencv.js rounds in 14-bit fixed point, which this reproduces rather than calling this OpenCV, whose 4.13 build
     * rounds some pixels lying on a half one grey level lower (seen on one pixel of an eye crop).
     */
    public static float[] packageGrey(Mat rgba, double divisor) {
        byte[] bytes = bytes(rgba);
        float[] plane = new float[bytes.length / 4];
        for (int i = 0; i < plane.length; i++) {
            int grey = ((bytes[4 * i] & 0xFF) * 1868 + (bytes[4 * i + 1] & 0xFF) * 9617
                    + (bytes[4 * i + 2] & 0xFF) * 4899 + (1 << 13)) >> 14;
            plane[i] = (float) (grey / divisor);
        }
        return plane;
    }

    /**
     * Planes of a resized RGBA crop normalised as the package's {@code preprocessAge}, {@code preprocessGender} and
     * {@code preprocessPose} normalise them: plane {@code i} is channel {@code channels[i]} of the pixels, with the
     * ImageNet mean and deviation of index {@code i} (red's, green's, blue's), whichever colour that channel holds.
     */
    public static float[] imageNetPlanes(Mat rgba, int... channels) {
        byte[] bytes = bytes(rgba);
        int pixels = bytes.length / 4;
        float[] planes = new float[pixels * channels.length];
        for (int plane = 0; plane < channels.length; plane++) {
            for (int i = 0; i < pixels; i++) {
                planes[plane * pixels + i] = (float) (((bytes[4 * i + channels[plane]] & 0xFF) / 255.0
                        - IMAGENET_MEAN[plane]) / IMAGENET_STD[plane]);
            }
        }
        return planes;
    }

    /** A continuous 8-bit Mat's bytes, interleaved as OpenCV holds them. */
    public static byte[] bytes(Mat mat) {
        byte[] bytes = new byte[(int) (mat.total() * mat.channels())];
        mat.data().get(bytes);
        return bytes;
    }

    /**
     * JavaScript's {@code parseInt} of a number: it reads the number's text, so a plain decimal is truncated towards
     * zero, but one small enough to be written with an exponent ({@code 1.1368683772161603e-13}, which the crop
     * arithmetic produces when a corner is pushed back to the edge) reads as its first digit. The package crops one
     * pixel further in then, and so must its ports.
     */
    public static int parseInt(double value) {
        double magnitude = Math.abs(value);
        if (magnitude != 0 && magnitude < 1e-6) {
            int digit = (int) Math.floor(magnitude / Math.pow(10, Math.floor(Math.log10(magnitude))) + 1e-9);
            return value < 0 ? -digit : digit;
        }
        return (int) value;
    }

    /**
     * The package's softmax ({@code lib/fr_pose.js}), without subtracting the largest logit first, kept in
     * {@code float} as the package's {@code Float32Array.map} keeps it.
     */
    public static float[] softmax(float[] logits) {
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
}
