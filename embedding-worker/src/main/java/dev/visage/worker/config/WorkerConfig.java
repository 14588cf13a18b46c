package dev.visage.worker.config;

import dev.visage.worker.engine.EngineSettings;
import dev.visage.worker.engine.runtime.ExecutionProvider;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "visage.worker")
public interface WorkerConfig {

    /** Identifies this worker in replies and health; defaults to the host name. */
    Optional<String> id();

    /** The directory {@code models/install.sh} filled. */
    Path modelsDir();

    /** CPU or CUDA; CUDA falls back to CPU, with the reason logged and shown in health, when it is absent. */
    @WithDefault(EngineSettings.Defaults.EXECUTION_PROVIDER)
    ExecutionProvider executionProvider();

    Detector detector();

    Batch batch();

    /** Decoded photos above this many pixels are refused. */
    @WithDefault(EngineSettings.Defaults.MAX_IMAGE_PIXELS)
    long maxImagePixels();

    /** ONNX Runtime intra-op threads per inference; 0 lets the runtime decide. */
    @WithDefault(EngineSettings.Defaults.INTRA_OP_THREADS)
    int intraOpThreads();

    /** How many photos of a batch are decoded and detected, and how many faces embedded, at once. */
    @WithDefault(EngineSettings.Defaults.EMBEDDING_PARALLELISM)
    int parallelism();

    interface Detector {
        @WithDefault(EngineSettings.Defaults.SCORE_THRESHOLD)
        float scoreThreshold();

        @WithDefault(EngineSettings.Defaults.NMS_THRESHOLD)
        float nmsThreshold();

        /** Below the default, a face's embedding drifts from the full-size face's (docs/engine.md). */
        @WithDefault(EngineSettings.Defaults.MIN_FACE_SIZE)
        int minFaceSize();
    }

    interface Batch {
        /** Largest number of photos embedded together. */
        @WithDefault("8")
        int maxSize();

        /** How long the first photo of a batch waits for others to join it. */
        @WithDefault("5ms")
        Duration maxWait();

        /**
         * How long a forming batch waits for the next photo: once photos stop arriving for this long, the batch goes
         * without waiting out {@code max-wait}.
         */
        @WithDefault("1ms")
        Duration maxGap();
    }
}
