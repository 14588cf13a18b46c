package dev.visage.api.enrolment;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Bulk enrolment jobs: how large one may be and how each replica works through them. */
@ConfigMapping(prefix = "visage.api.enrolment-jobs")
public interface EnrolmentJobsConfig {

    /**
     * Photos one job may carry; more is refused with 413. The request body limit
     * ({@code quarkus.http.limits.max-body-size}, 32 MiB) bounds a job's bytes as well.
     */
    @WithDefault("1000")
    int maxItems();

    /** Photos of jobs this replica enrols at once; the workers' pace decides the rest. */
    @WithDefault("2")
    int concurrency();

    /**
     * How long a replica holds a photo it is enrolling before another may take it over: a replica that stops mid-way
     * leaves its photos to the others (or to itself after a restart) once this has passed.
     */
    @WithDefault("30s")
    Duration lease();

    /** How often a replica looks for waiting photos when it has none. */
    @WithDefault("1s")
    Duration pollInterval();

    /**
     * Tries per photo when the failure is the service's (a worker, Kafka or PostgreSQL away), not the photo's. The
     * waits between tries double from 2 s up to a minute, so the default rides out about five minutes of outage: a
     * background job should outlast a worker's restart and its consumer group's rebalance.
     */
    @WithDefault("10")
    int maxAttempts();

    /** How long a finished job's results can be read before they are deleted. */
    @WithDefault("30d")
    Duration keep();
}
