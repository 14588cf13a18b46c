package dev.visage.worker.engine.detect;

/**
 * Where a photo sits in the detector's square input: scaled, aspect ratio kept, at ({@code left}, {@code top}),
 * the rest of the square padded.
 *
 * @param scale  network pixels per photo pixel
 * @param width  the scaled photo's width inside the square
 * @param height the scaled photo's height inside the square
 * @param left   the scaled photo's left edge inside the square
 * @param top    the scaled photo's top edge inside the square
 */
record Letterbox(double scale, int width, int height, int left, int top) {

    /** The photo as large as the square allows, at its top-left corner, padded right and bottom. */
    static Letterbox fit(int photoWidth, int photoHeight, int size) {
        return scaled(photoWidth, photoHeight, size, size);
    }

    /**
     * The photo as if on a canvas twice its width and height: fitted into half the square, in the middle, so
     * that a face filling the photo fills at most half the square.
     */
    static Letterbox middle(int photoWidth, int photoHeight, int size) {
        Letterbox half = scaled(photoWidth, photoHeight, size / 2, size);
        return new Letterbox(half.scale, half.width, half.height, (size - half.width) / 2, (size - half.height) / 2);
    }

    private static Letterbox scaled(int photoWidth, int photoHeight, int target, int size) {
        if (photoWidth <= 0 || photoHeight <= 0) {
            throw new IllegalArgumentException("empty photo " + photoWidth + "x" + photoHeight);
        }
        double scale = Math.min((double) target / photoWidth, (double) target / photoHeight);
        int width = Math.min(target, Math.max(1, (int) Math.round(photoWidth * scale)));
        int height = Math.min(target, Math.max(1, (int) Math.round(photoHeight * scale)));
        return new Letterbox(scale, width, height, 0, 0);
    }

    /** Padding below the photo inside a square of {@code size}. */
    int bottom(int size) {
        return size - top - height;
    }

    /** Padding right of the photo inside a square of {@code size}. */
    int right(int size) {
        return size - left - width;
    }

    /** A face found in the square, in the photo's pixel coordinates (not clipped). */
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
