package dev.visage.api.verify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "visage.api.verify")
public interface VerifyConfig {

    /**
     * Cosine similarity at or above which two faces are the same person. Calibrated on the labelled deepface
     * pairs; see the README for the measured error rates.
     */
    @WithDefault("0.37")
    double threshold();
}
