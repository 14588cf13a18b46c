package dev.visage.status.check;

import dev.visage.status.config.StatusConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * The REST client that reads face-api's readiness document, built here rather than configured under
 * {@code quarkus.rest-client}: its connect and read timeouts follow {@code visage.status.check-timeout} (a
 * duration), which Quarkus's per-client timeout settings (fixed milliseconds) cannot refer to.
 */
@ApplicationScoped
public class FaceApiClient {

    @Produces
    @ApplicationScoped
    FaceApiReadiness readiness(StatusConfig config) {
        long timeoutMillis = config.checkTimeout().toMillis();
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(config.faceApi().url().replaceAll("/+$", "")))
                .connectTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .readTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                // face-api answers 503 with its readiness document when something it needs is down, and that
                // document is what the check reads: an error status is an answer here, not an exception.
                .disableDefaultMapper(true)
                .build(FaceApiReadiness.class);
    }

    void close(@Disposes FaceApiReadiness readiness) throws Exception {
        readiness.close();
    }
}
