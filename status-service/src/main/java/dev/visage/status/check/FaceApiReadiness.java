package dev.visage.status.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Optional;

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

    /** The check of that name in a readiness document, if face-api reports one. */
    static Optional<JsonNode> check(JsonNode document, String name) {
        for (JsonNode c : document.path("checks")) {
            if (name.equals(c.path("name").asText())) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The body as text. An empty answer is a document without checks, not an unreadable one. */
    static String body(Response response) {
        return response.hasEntity() ? response.readEntity(String.class) : "";
    }
}
