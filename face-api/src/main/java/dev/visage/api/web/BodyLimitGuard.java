package dev.visage.api.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.visage.common.api.RequestIds;
import dev.visage.common.error.ErrorResponse;
import dev.visage.common.error.VisageException;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

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
        String requestId = RequestIds.accept(ctx.request().getHeader(RequestIds.HEADER));
        VisageException e = VisageException.tooLarge(null, "The request body is too large",
                length + " bytes; the limit is " + maxBodyBytes + " bytes", FaceApiRefusalAdvice.SMALLER_PHOTOS);
        LOG.infof("[%s] %s %s refused: body of %d bytes", requestId, ctx.request().method(), ctx.request().path(),
                length);
        try {
            ctx.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .putHeader(RequestIds.HEADER, requestId)
                    .end(json.writeValueAsString(ErrorResponse.of(e, requestId)));
        } catch (Exception failure) {
            ctx.fail(413, failure);
        }
    }
}
