package dev.visage.api.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "visage.audit")
public interface AuditConfig {

    /**
     * How long audit events are kept; older ones are deleted by a daily sweep. The default, about 13 months,
     * covers a yearly review; the log holds ids, never biometric data.
     */
    @WithDefault("400d")
    Duration retention();

    /** How often expired audit events are deleted. */
    @WithDefault("24h")
    Duration sweepInterval();
}
