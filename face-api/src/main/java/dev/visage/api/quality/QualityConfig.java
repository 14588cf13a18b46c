package dev.visage.api.quality;

import dev.visage.common.messaging.FaceQuality;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The least face quality an operation accepts when the request does not say ({@code quality=none|low|...}). */
@ConfigMapping(prefix = "visage.api.quality")
public interface QualityConfig {

    /** Enrolment refuses faces below this: an enrolled face is compared with every later photo of the person. */
    @WithDefault("medium")
    FaceQuality.Level enrolMinimum();
}
