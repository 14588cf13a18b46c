package dev.visage.status.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.visage.status.config.StatusConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import java.util.Optional;

/**
 * face-api's readiness document, read once for all the checks that report from it (the vector index, face-api's
 * view of the workers): the checks of one status evaluation share one request, and its answer for as long as a
 * check result is cached.
 */
@ApplicationScoped
public class FaceApiHealth {

    /** The document's HTTP status and body; the body is null when face-api answered something unreadable. */
    public record Document(int status, JsonNode body) {

        /** The check of that name, if face-api reports one. */
        public Optional<JsonNode> check(String name) {
            if (body != null) {
                for (JsonNode c : body.path("checks")) {
                    if (name.equals(c.path("name").asText())) {
                        return Optional.of(c);
                    }
                }
            }
            return Optional.empty();
        }
    }

    private final Uni<Document> shared;

    public FaceApiHealth(FaceApiReadiness faceApi, ObjectMapper mapper, StatusConfig config) {
        this.shared = Uni.createFrom().deferred(() -> faceApi.read().map(response -> parse(response, mapper)))
                .memoize().forFixedDuration(config.cacheTtl());
    }

    public Uni<Document> read() {
        return shared;
    }

    /** An empty answer is a document without checks, not an unreadable one. */
    private static Document parse(Response response, ObjectMapper mapper) {
        String body = response.hasEntity() ? response.readEntity(String.class) : "";
        try {
            JsonNode document = body.isBlank() ? mapper.createObjectNode() : mapper.readTree(body);
            return new Document(response.getStatus(), document);
        } catch (Exception e) {
            return new Document(response.getStatus(), null);
        }
    }
}
