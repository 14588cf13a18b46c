package dev.visage.worker.engine.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.visage.worker.engine.EngineException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YuNetDecoderTest {

    /** A 64x64 input: grids of 8x8, 4x4 and 2x2 cells for strides 8, 16 and 32. */
    private static final int SIZE = 64;

    private final YuNetDecoder decoder = new YuNetDecoder(SIZE, SIZE, 0.6f, 0.3f);

    @Test
    void silentOutputsHoldNoFace() {
        assertEquals(List.of(), decoder.decode(new Outputs().map));
    }

    @Test
    void aPriorIsDecodedAsOffsetsOnItsGridCellTimesTheStride() {
        Outputs outputs = new Outputs();
        // stride 16, row 1, column 2; box centre offset (0.5, 0.25), size exp(1) x exp(0.5) cells
        outputs.prior(16, 1, 2, 0.81f, 1f, new float[] {0.5f, 0.25f, 1f, 0.5f},
                new float[] {0, 0, 1, 0, 0.5f, 0.5f, 0, 1, 1, 1});
        List<DetectedFace> faces = decoder.decode(outputs.map);

        assertEquals(1, faces.size());
        DetectedFace face = faces.get(0);
        float cx = (2 + 0.5f) * 16;
        float cy = (1 + 0.25f) * 16;
        float w = (float) Math.exp(1) * 16;
        float h = (float) Math.exp(0.5) * 16;
        assertEquals(cx - w / 2, face.x(), 1e-4);
        assertEquals(cy - h / 2, face.y(), 1e-4);
        assertEquals(w, face.width(), 1e-4);
        assertEquals(h, face.height(), 1e-4);
        assertArrayEquals(new float[] {32, 16, 48, 16, 40, 24, 32, 32, 48, 32}, face.landmarks(), 1e-4f);
        assertEquals(0.9f, face.score(), 1e-6, "sqrt(cls * obj)");
    }

    @Test
    void scoresAreClampedToOneBeforeTheirRoot() {
        Outputs outputs = new Outputs();
        outputs.prior(8, 0, 0, 1.7f, 1.2f, new float[4], new float[10]);
        assertEquals(1f, decoder.decode(outputs.map).get(0).score(), 1e-6);
    }

    @Test
    void priorsBelowTheScoreThresholdAreDropped() {
        Outputs outputs = new Outputs();
        outputs.prior(8, 3, 3, 0.59f, 0.59f, new float[4], new float[10]);
        assertEquals(List.of(), decoder.decode(outputs.map));
    }

    @Test
    void overlappingPriorsOfOneFaceLeaveOnlyTheBestScored() {
        Outputs outputs = new Outputs();
        // Neighbouring stride-8 cells predicting nearly the same 32x32 box.
        outputs.prior(8, 4, 4, 0.7f, 0.7f, new float[] {0, 0, 1.386f, 1.386f}, new float[10]);
        outputs.prior(8, 4, 5, 0.9f, 0.9f, new float[] {-0.8f, 0, 1.386f, 1.386f}, new float[10]);
        List<DetectedFace> faces = decoder.decode(outputs.map);
        assertEquals(1, faces.size());
        assertEquals(0.9f, faces.get(0).score(), 1e-6);
    }

    @Test
    void separateFacesAreAllKeptBestFirst() {
        Outputs outputs = new Outputs();
        outputs.prior(8, 1, 1, 0.7f, 0.7f, new float[4], new float[10]);
        outputs.prior(8, 6, 6, 0.95f, 0.95f, new float[4], new float[10]);
        outputs.prior(32, 0, 1, 0.8f, 0.8f, new float[4], new float[10]);
        List<DetectedFace> faces = decoder.decode(outputs.map);
        assertEquals(3, faces.size());
        assertEquals(0.95f, faces.get(0).score(), 1e-6);
        assertEquals(0.8f, faces.get(1).score(), 1e-6);
        assertEquals(0.7f, faces.get(2).score(), 1e-6);
    }

    @Test
    void outputsOfAnotherInputSizeAreRefused() {
        YuNetDecoder for640 = new YuNetDecoder(640, 640, 0.6f, 0.3f);
        EngineException e = assertThrows(EngineException.class, () -> for640.decode(new Outputs().map));
        assertEquals(EngineException.Kind.INFERENCE_FAILED, e.kind());
        assertTrue(e.getMessage().contains("cls_8"), e.getMessage());
    }

    /** YuNet's twelve outputs for the 64x64 input, all silent until priors are set. */
    private static final class Outputs {

        final Map<String, float[]> map = new HashMap<>();

        Outputs() {
            for (int stride : YuNetDecoder.STRIDES) {
                int cells = (SIZE / stride) * (SIZE / stride);
                map.put("cls_" + stride, new float[cells]);
                map.put("obj_" + stride, new float[cells]);
                map.put("bbox_" + stride, new float[cells * 4]);
                map.put("kps_" + stride, new float[cells * 10]);
            }
        }

        void prior(int stride, int row, int col, float cls, float obj, float[] bbox, float[] kps) {
            int idx = row * (SIZE / stride) + col;
            map.get("cls_" + stride)[idx] = cls;
            map.get("obj_" + stride)[idx] = obj;
            System.arraycopy(bbox, 0, map.get("bbox_" + stride), idx * 4, 4);
            System.arraycopy(kps, 0, map.get("kps_" + stride), idx * 10, 10);
        }
    }
}
