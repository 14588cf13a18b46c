package dev.visage.worker.engine;

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
        return new EngineSettings(modelsDir, ExecutionProvider.CPU, 0.6f, 0.3f, 32, 40_000_000L, 0, 2);
    }
}
