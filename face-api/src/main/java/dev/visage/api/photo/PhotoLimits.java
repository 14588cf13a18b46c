package dev.visage.api.photo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What an uploaded photo may be, checked before any work is queued for it. */
@ConfigMapping(prefix = "visage.api.photos")
public interface PhotoLimits {

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
