package dev.visage.api.retention;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How long an enrolled person is kept without any interaction, and how often expired ones are erased. */
@ConfigMapping(prefix = "visage.retention")
public interface RetentionConfig {

    /**
     * Days a subject is kept after its last enrolment or match, for collections without a period of their own.
     * The default, three years, is the longest the Illinois BIPA allows after the last interaction; set the period
     * your own retention schedule names.
     */
    @WithDefault("1095")
    int defaultDays();

    /** How often expired subjects are looked for. */
    @WithDefault("1h")
    Duration sweepInterval();

    /** Subjects erased per round of a sweep. */
    @WithDefault("100")
    int sweepBatch();
}
