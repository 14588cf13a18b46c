package dev.visage.status.rest;

import dev.visage.common.api.ApiResponse;
import dev.visage.status.model.HealthSummary;
import dev.visage.status.model.StatusReport;
import dev.visage.status.model.StatusSnapshot;
import dev.visage.status.service.StatusMonitor;
import dev.visage.status.service.StatusReports;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The status documents of the specification and their health verdicts. The documents always answer 200 (the
 * question was answered); the health endpoints answer 200 while the document is healthy or degraded and 503
 * when it is unhealthy, for load balancers and monitors.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

    private final StatusReports reports;
    private final StatusMonitor monitor;

    public StatusResource(StatusReports reports, StatusMonitor monitor) {
        this.reports = reports;
        this.monitor = monitor;
    }

    @GET
    @Path("face-verification/status/")
    public Uni<ApiResponse<StatusReport>> faceVerificationStatus() {
        return reports.faceVerification().map(ApiResponse::of);
    }

    @GET
    @Path("background/status/")
    public Uni<ApiResponse<StatusReport>> backgroundStatus() {
        return reports.background().map(ApiResponse::of);
    }

    @GET
    @Path("face-verification/health/")
    public Uni<RestResponse<ApiResponse<HealthSummary>>> faceVerificationHealth() {
        return reports.faceVerification().map(StatusResource::health);
    }

    @GET
    @Path("background/health/")
    public Uni<RestResponse<ApiResponse<HealthSummary>>> backgroundHealth() {
        return reports.background().map(StatusResource::health);
    }

    /** Both documents in one element, at once and then whenever they change (at least every few seconds). */
    @GET
    @Path("status/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<StatusSnapshot> stream() {
        return monitor.stream();
    }

    private static RestResponse<ApiResponse<HealthSummary>> health(StatusReport report) {
        return RestResponse.ResponseBuilder
                .create(report.overallStatus().usable() ? RestResponse.Status.OK
                        : RestResponse.Status.SERVICE_UNAVAILABLE, ApiResponse.of(HealthSummary.of(report)))
                .header("Cache-Control", "no-store")
                .build();
    }
}
