package dev.visage.worker.engine.detect;

/**
 * A face found by the detector, in the decoded photo's pixel coordinates.
 *
 * @param x         left edge of the box
 * @param y         top edge of the box
 * @param width     box width
 * @param height    box height
 * @param landmarks ten values: (x, y) of the right eye, left eye, nose tip, right and left mouth corners,
 *                  "right" and "left" as seen from the subject (YuNet's order, the ArcFace template's order)
 * @param score     detection confidence in [0, 1]
 */
public record DetectedFace(float x, float y, float width, float height, float[] landmarks, float score) {

    public float area() {
        return width * height;
    }
}
