package dev.visage.worker.engine.detect;

/**
 * Where a photo sits in the detector's input: scaled, aspect ratio kept, at ({@code left}, {@code top}), the rest
 * of the {@code inputWidth} x {@code inputHeight} input padded.
 *
 * @param scale       network pixels per photo pixel
 * @param width       the scaled photo's width inside the input
 * @param height      the scaled photo's height inside the input
 * @param left        the scaled photo's left edge inside the input
 * @param top         the scaled photo's top edge inside the input
 * @param inputWidth  the detector input's width
 * @param inputHeight the detector input's height
 */
public record Letterbox(double scale, int width, int height, int left, int top, int inputWidth, int inputHeight) {

    /** The photo as large as a fixed square input allows, at its top-left corner, padded right and bottom. */
    static Letterbox fit(int photoWidth, int photoHeight, int size) {
        Scaled s = scaled(photoWidth, photoHeight, size, false);
        return new Letterbox(s.scale, s.width, s.height, 0, 0, size, size);
    }

    /**
     * The photo as if on a canvas twice its width and height: fitted into half the square, in the middle, so
     * that a face filling the photo fills at most half the square.
     */
    static Letterbox middle(int photoWidth, int photoHeight, int size) {
        Scaled s = scaled(photoWidth, photoHeight, size / 2, false);
        return new Letterbox(s.scale, s.width, s.height, (size - s.width) / 2, (size - s.height) / 2, size, size);
    }

    /**
     * For an input of any size: the photo at its own size, shrunk only so that its long side is at most
     * {@code maxSide}, padded right and bottom up to a multiple of {@code multiple}. A tight crop is not inflated
     * to the detector's largest input: it costs what its pixels cost.
     */
    public static Letterbox own(int photoWidth, int photoHeight, int maxSide, int multiple) {
        Scaled s = scaled(photoWidth, photoHeight, maxSide, true);
        return new Letterbox(s.scale, s.width, s.height, 0, 0, roundUp(s.width, multiple),
                roundUp(s.height, multiple));
    }

    /** {@link #middle} for an input of any size: a canvas twice the photo's own size, long side at most maxSide. */
    static Letterbox ownMiddle(int photoWidth, int photoHeight, int maxSide, int multiple) {
        Scaled s = scaled(photoWidth, photoHeight, maxSide / 2, true);
        int inputWidth = roundUp(2 * s.width, multiple);
        int inputHeight = roundUp(2 * s.height, multiple);
        return new Letterbox(s.scale, s.width, s.height, (inputWidth - s.width) / 2, (inputHeight - s.height) / 2,
                inputWidth, inputHeight);
    }

    private record Scaled(double scale, int width, int height) {
    }

    private static Scaled scaled(int photoWidth, int photoHeight, int target, boolean shrinkOnly) {
        if (photoWidth <= 0 || photoHeight <= 0) {
            throw new IllegalArgumentException("empty photo " + photoWidth + "x" + photoHeight);
        }
        double scale = Math.min((double) target / photoWidth, (double) target / photoHeight);
        if (shrinkOnly) {
            scale = Math.min(1, scale);
        }
        int width = Math.min(target, Math.max(1, (int) Math.round(photoWidth * scale)));
        int height = Math.min(target, Math.max(1, (int) Math.round(photoHeight * scale)));
        return new Scaled(scale, width, height);
    }

    private static int roundUp(int value, int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }

    /** Padding below the photo inside the input. */
    int bottom() {
        return inputHeight - top - height;
    }

    /** Padding right of the photo inside the input. */
    int right() {
        return inputWidth - left - width;
    }

    /** A face found in the input, in the photo's pixel coordinates (not clipped). */
    DetectedFace toPhoto(DetectedFace face) {
        float[] landmarks = new float[face.landmarks().length];
        for (int i = 0; i < landmarks.length; i += 2) {
            landmarks[i] = photoX(face.landmarks()[i]);
            landmarks[i + 1] = photoY(face.landmarks()[i + 1]);
        }
        return new DetectedFace(photoX(face.x()), photoY(face.y()), (float) (face.width() / scale),
                (float) (face.height() / scale), landmarks, face.score());
    }

    private float photoX(float x) {
        return (float) ((x - left) / scale);
    }

    private float photoY(float y) {
        return (float) ((y - top) / scale);
    }
}
