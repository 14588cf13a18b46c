package dev.visage.worker.engine;

import dev.visage.worker.engine.runtime.ExecutionProvider;
import java.nio.file.Path;

/**
 * What the engine needs to start.
 *
 * @param modelsDir          directory filled by {@code models/install.sh}, holding {@code manifest.json}
 * @param provider           execution provider asked for; CPU is used, with a stated reason, when it is absent
 * @param scoreThreshold     detections below this confidence are dropped
 * @param nmsThreshold       IoU above which overlapping detections are suppressed
 * @param minFaceSize        faces whose box is smaller than this many pixels on its shorter side are dropped
 * @param maxImagePixels     decoded photos above this many pixels are refused
 * @param intraOpThreads     ONNX Runtime threads per inference (0: runtime default)
 * @param embeddingParallelism how many single-face embedding runs a batch may run at once
 */
public record EngineSettings(
        Path modelsDir,
        ExecutionProvider provider,
        float scoreThreshold,
        float nmsThreshold,
        int minFaceSize,
        long maxImagePixels,
        int intraOpThreads,
        int embeddingParallelism) {

    /**
     * The measured defaults (docs/engine.md): score 0.6 finds every deepface face and only ambiguous background
     * blobs score below it; faces under 32 pixels embed too far from the same face at full size to verify; CPU
     * with ONNX Runtime's default threads and two single-face embedding runs at a time was fastest on 2 cores.
     */
    public static EngineSettings defaults(Path modelsDir) {
        return new EngineSettings(modelsDir,
                ExecutionProvider.valueOf(Defaults.EXECUTION_PROVIDER),
                Float.parseFloat(Defaults.SCORE_THRESHOLD),
                Float.parseFloat(Defaults.NMS_THRESHOLD),
                Integer.parseInt(Defaults.MIN_FACE_SIZE),
                Long.parseLong(Defaults.MAX_IMAGE_PIXELS),
                Integer.parseInt(Defaults.INTRA_OP_THREADS),
                Integer.parseInt(Defaults.EMBEDDING_PARALLELISM));
    }

    /**
     * The values {@link EngineSettings#defaults} starts with, written once for it and for the worker's
     * {@code @WithDefault} annotations, which take only constant strings.
     */
    public static final class Defaults {

        public static final String EXECUTION_PROVIDER = "CPU";
        public static final String SCORE_THRESHOLD = "0.6";
        public static final String NMS_THRESHOLD = "0.3";
        public static final String MIN_FACE_SIZE = "32";
        public static final String MAX_IMAGE_PIXELS = "40000000";
        public static final String INTRA_OP_THREADS = "0";
        public static final String EMBEDDING_PARALLELISM = "2";

        private Defaults() {
        }
    }
}
