package dev.visage.api.enrolment;

import dev.visage.api.enrolment.service.EnrolmentJobRunner;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * How far the bulk enrolment jobs are, for the status page's progress line. Always UP: jobs waiting are work, not
 * an outage. The figures are the runner's last look (every few seconds), so a probe never waits on PostgreSQL.
 */
@Readiness
@ApplicationScoped
public class EnrolmentJobsReadinessCheck implements HealthCheck {

    static final String NAME = "enrolment-jobs";

    private final EnrolmentJobRunner runner;

    public EnrolmentJobsReadinessCheck(EnrolmentJobRunner runner) {
        this.runner = runner;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).up();
        runner.progress().ifPresent(progress -> response.withData("jobs", progress.jobs())
                .withData("photos_finished", progress.finishedPhotos()).withData("photos", progress.photos()));
        return response.build();
    }
}
