package dev.visage.worker.engine.detect;

import static org.bytedeco.opencv.global.opencv_dnn.NMSBoxes;

import dev.visage.worker.engine.EngineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Rect2d;
import org.bytedeco.opencv.opencv_core.Rect2dVector;

/**
 * Turns YuNet's raw outputs into faces the way OpenCV's {@code FaceDetectorYN} does: one prior per cell of the
 * stride-8, -16 and -32 grids, score {@code sqrt(cls * obj)}, box centre and landmarks as grid offsets times the
 * stride, box size {@code exp(d) * stride}, then non-maximum suppression.
 */
final class YuNetDecoder {

    static final int[] STRIDES = {8, 16, 32};

    /** OpenCV's FaceDetectorYN default: more than enough for any photo. */
    private static final int TOP_K = 5000;

    private final int inputWidth;
    private final int inputHeight;
    private final float scoreThreshold;
    private final float nmsThreshold;

    YuNetDecoder(int inputWidth, int inputHeight, float scoreThreshold, float nmsThreshold) {
        this.inputWidth = inputWidth;
        this.inputHeight = inputHeight;
        this.scoreThreshold = scoreThreshold;
        this.nmsThreshold = nmsThreshold;
    }

    /**
     * The faces in network-input coordinates, best score first.
     *
     * @param outputs YuNet's outputs by name ({@code cls_8}, {@code obj_8}, {@code bbox_8}, {@code kps_8}, ...
     *                for each stride), each flattened in row-major grid order
     */
    List<DetectedFace> decode(Map<String, float[]> outputs) {
        List<DetectedFace> candidates = new ArrayList<>();
        for (int stride : STRIDES) {
            float[] cls = output(outputs, "cls_" + stride);
            float[] obj = output(outputs, "obj_" + stride);
            float[] bbox = output(outputs, "bbox_" + stride);
            float[] kps = output(outputs, "kps_" + stride);
            int cols = inputWidth / stride;
            int rows = inputHeight / stride;
            if (cls.length != rows * cols) {
                throw new EngineException(EngineException.Kind.INFERENCE_FAILED, "cls_" + stride + " has "
                        + cls.length + " values, expected " + rows * cols + " for a " + inputWidth + "x" + inputHeight
                        + " input");
            }
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    int idx = r * cols + c;
                    float score = (float) Math.sqrt(clamp01(cls[idx]) * clamp01(obj[idx]));
                    if (score < scoreThreshold) {
                        continue;
                    }
                    float cx = (c + bbox[idx * 4]) * stride;
                    float cy = (r + bbox[idx * 4 + 1]) * stride;
                    float w = (float) Math.exp(bbox[idx * 4 + 2]) * stride;
                    float h = (float) Math.exp(bbox[idx * 4 + 3]) * stride;
                    float[] landmarks = new float[10];
                    for (int n = 0; n < 5; n++) {
                        landmarks[2 * n] = (kps[idx * 10 + 2 * n] + c) * stride;
                        landmarks[2 * n + 1] = (kps[idx * 10 + 2 * n + 1] + r) * stride;
                    }
                    candidates.add(new DetectedFace(cx - w / 2, cy - h / 2, w, h, landmarks, score));
                }
            }
        }
        return suppressOverlaps(candidates);
    }

    private List<DetectedFace> suppressOverlaps(List<DetectedFace> candidates) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        try (PointerScope scope = new PointerScope()) {
            Rect2dVector boxes = new Rect2dVector(candidates.size());
            float[] scores = new float[candidates.size()];
            for (int i = 0; i < candidates.size(); i++) {
                DetectedFace face = candidates.get(i);
                boxes.put(i, new Rect2d(face.x(), face.y(), face.width(), face.height()));
                scores[i] = face.score();
            }
            IntPointer keep = new IntPointer();
            // NMSBoxes gives the kept indices best score first.
            NMSBoxes(boxes, new FloatPointer(scores), scoreThreshold, nmsThreshold, keep, 1f, TOP_K);
            List<DetectedFace> kept = new ArrayList<>((int) keep.limit());
            for (long i = 0; i < keep.limit(); i++) {
                kept.add(candidates.get(keep.get(i)));
            }
            return kept;
        }
    }

    private static float[] output(Map<String, float[]> outputs, String name) {
        float[] values = outputs.get(name);
        if (values == null) {
            throw new EngineException(EngineException.Kind.INFERENCE_FAILED, "the detector gave no output " + name);
        }
        return values;
    }

    private static float clamp01(float value) {
        return Math.max(0f, Math.min(1f, value));
    }
}
