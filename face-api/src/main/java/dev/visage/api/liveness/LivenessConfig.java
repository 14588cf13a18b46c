package dev.visage.api.liveness;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "visage.api.liveness")
public interface LivenessConfig {

    /**
     * The score at or above which a face counts as live. 0.3, chosen on three public samples (two attacks at 0.0004
     * and 0.005, a live person at 0.42): it separates those and proves nothing more. Measure on your own capture
     * conditions before relying on it.
     */
    @WithDefault("0.3")
    double threshold();
}
