package dev.visage.worker.config;

import dev.visage.worker.engine.ExecutionProvider;
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
    @WithDefault("CPU")
    ExecutionProvider executionProvider();

    Detector detector();

    Batch batch();

    /** Decoded photos above this many pixels are refused. */
    @WithDefault("40000000")
    long maxImagePixels();

    /** ONNX Runtime intra-op threads per inference; 0 lets the runtime decide. */
    @WithDefault("0")
    int intraOpThreads();

    /** How many photos of a batch are decoded and detected, and how many faces embedded, at once. */
    @WithDefault("2")
    int parallelism();

    interface Detector {
        @WithDefault("0.6")
        float scoreThreshold();

        @WithDefault("0.3")
        float nmsThreshold();

        /** Below 32 px the embedding drifts from the full-size face's (docs/engine.md). */
        @WithDefault("32")
        int minFaceSize();
    }

    interface Batch {
        /** Largest number of photos embedded together. */
        @WithDefault("8")
        int maxSize();

        /** How long the first photo of a batch waits for others to join it. */
        @WithDefault("5ms")
        Duration maxWait();
    }
}
