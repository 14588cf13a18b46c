package dev.visage.api.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "visage.api")
public interface ApiConfig {

    Verify verify();

    Photos photos();

    Worker worker();

    interface Verify {
        /**
         * Cosine similarity at or above which two faces are the same person. Calibrated on the labelled
         * deepface pairs; see the README for the measured error rates.
         */
        @WithDefault("0.37")
        double threshold();
    }

    interface Photos {
        /** Largest accepted photo, in bytes, per image. */
        @WithDefault("10485760")
        int maxBytes();

        /** Largest accepted photo, in pixels (width x height), read from its header before any decoding. */
        @WithDefault("40000000")
        long maxPixels();

        /** Smallest accepted photo side, in pixels: below this no face can be recognised. */
        @WithDefault("32")
        int minSide();
    }

    interface Worker {
        /** Topic the embedding requests are written to. */
        @WithDefault("visage.embedding.requests")
        String requestTopic();

        /** Topic the workers answer on. */
        @WithDefault("visage.embedding.replies")
        String replyTopic();

        /** How long a caller waits for a worker before getting a service_unavailable error. */
        @WithDefault("15s")
        Duration timeout();

        /** Partitions created for the request and reply topics when they do not exist yet. */
        @WithDefault("4")
        int partitions();
    }
}
