package dev.visage.api.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.visage.common.error.ErrorResponse;
import dev.visage.common.error.ErrorType;
import dev.visage.common.error.VisageException;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.UUID;

/**
 * Vert.x refuses a body over {@code quarkus.http.limits.max-body-size} with a bare 413 before any resource or
 * exception mapper runs. This guard answers such requests first, from their declared length, with the error
 * envelope, so even that refusal tells the client what to do.
 */
@ApplicationScoped
public class BodyLimitGuard {

    private static final Logger LOG = Logger.getLogger(BodyLimitGuard.class);

    private final long maxBodyBytes;
    private final ObjectMapper json;

    public BodyLimitGuard(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
                          ObjectMapper json) {
        this.maxBodyBytes = maxBodySize.asLongValue();
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::refuseOversizedBody);
    }

    private void refuseOversizedBody(RoutingContext ctx) {
        String declared = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long length;
        try {
            length = declared == null ? -1 : Long.parseLong(declared);
        } catch (NumberFormatException e) {
            length = -1;
        }
        if (length <= maxBodyBytes) {
            ctx.next();
            return;
        }
        String requestId = ctx.request().getHeader(RequestIdFilter.HEADER);
        if (requestId == null) {
            requestId = UUID.randomUUID().toString();
        }
        VisageException e = VisageException.builder(ErrorType.VALIDATION_ERROR, "The request body is too large")
                .httpStatus(413)
                .details(length + " bytes; the limit is " + maxBodyBytes + " bytes")
                .suggestion("Send smaller photos: at most 10 MiB each.")
                .build();
        LOG.infof("[%s] %s %s refused: body of %d bytes", requestId, ctx.request().method(), ctx.request().path(),
                length);
        try {
            ctx.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .putHeader(RequestIdFilter.HEADER, requestId)
                    .end(json.writeValueAsString(ErrorResponse.of(e, requestId)));
        } catch (Exception failure) {
            ctx.fail(413, failure);
        }
    }
}
