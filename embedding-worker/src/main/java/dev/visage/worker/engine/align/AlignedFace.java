package dev.visage.worker.engine.align;

/**
 * A face warped onto the recognition template: {@code SIZE x SIZE} pixels, 3 channels, BGR, row-major,
 * interleaved (what OpenCV holds), ready for the embedding model's own pre-processing.
 */
public record AlignedFace(byte[] bgr) {

    public static final int SIZE = 112;

    public AlignedFace {
        if (bgr.length != SIZE * SIZE * 3) {
            throw new IllegalArgumentException("aligned face must be " + SIZE + "x" + SIZE + "x3 bytes");
        }
    }
}
