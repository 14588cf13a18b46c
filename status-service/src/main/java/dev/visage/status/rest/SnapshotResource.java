package dev.visage.status.rest;

import dev.visage.status.model.StatusSnapshot;
import dev.visage.status.service.StatusMonitor;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * One element of {@code GET /status/stream}, now: what the status component's Refresh button reads (and all it
 * reads with {@code live="off"}), so that it renders the server's view exactly as it renders a pushed one.
 */
@Path("/status/snapshot")
public class SnapshotResource {

    private final StatusMonitor monitor;

    public SnapshotResource(StatusMonitor monitor) {
        this.monitor = monitor;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<StatusSnapshot> snapshot() {
        return monitor.snapshot();
    }
}
