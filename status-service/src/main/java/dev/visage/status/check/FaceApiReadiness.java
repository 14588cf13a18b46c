package dev.visage.status.check;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** face-api's readiness document (SmallRye Health), in which it reports its gallery index. */
@Path("/q/health/ready")
public interface FaceApiReadiness extends AutoCloseable {

    /**
     * The document with its HTTP status: 200 while face-api is ready, 503 with the same document otherwise. A
     * plain {@link Response}, whose body can be read whatever the status (a typed entity is read only from a
     * successful answer).
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> read();
}
