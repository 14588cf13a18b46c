package dev.visage.api.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.visage.common.api.RequestIds;
import dev.visage.common.error.ErrorResponse;
import dev.visage.common.error.VisageException;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Quarkus refuses a body over {@code quarkus.http.limits.max-body-size} with a bare 413 that no resource or
 * exception mapper can answer. This guard answers such requests first with the error envelope, so even that refusal
 * tells the client what to do.
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
        HttpServerRequest request = ctx.request();
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared == null && request.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            readCountingChunks(ctx);
            return;
        }
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
        refuse(ctx, length + " bytes", false);
    }

    /**
     * A chunked body only shows its size as it arrives, and Quarkus REST's blocking reader (VertxInputStream)
     * answers the chunk that crosses the limit with a bare 413 and then fails the request, which the exception
     * mappers can no longer answer. So the body is read here first: past the limit the envelope is sent, below it
     * the body, held in memory, is handed on as the routing context's body, which Quarkus REST reads instead of the
     * connection.
     */
    private void readCountingChunks(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            // Chunks already under way when the refusal went out are dropped until the connection closes.
            if (ctx.response().ended()) {
                return;
            }
            if (body.length() + (long) chunk.length() > maxBodyBytes) {
                refuse(ctx, "more than " + maxBodyBytes + " bytes", true);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(end -> {
            if (!ctx.response().ended()) {
                ((RoutingContextInternal) ctx).setBody(body);
                ctx.next();
            }
        });
        // A client that asks first sends nothing until it is told to go on.
        if (request.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true)) {
            ctx.response().writeContinue();
        }
        request.resume();
    }

    /**
     * With {@code closeAfterwards} the connection is closed once answered: the rest of a chunked body has no end the
     * server knows in advance, so it is not waited for.
     */
    private void refuse(RoutingContext ctx, String size, boolean closeAfterwards) {
        String requestId = RequestIds.accept(ctx.request().getHeader(RequestIds.HEADER));
        VisageException e = VisageException.tooLarge(null, "The request body is too large",
                size + "; the limit is " + maxBodyBytes + " bytes", FaceApiRefusalAdvice.SMALLER_PHOTOS);
        LOG.infof("[%s] %s %s refused: body of %s", requestId, ctx.request().method(), ctx.request().path(), size);
        try {
            ctx.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .putHeader(RequestIds.HEADER, requestId)
                    .end(json.writeValueAsString(ErrorResponse.of(e, requestId)))
                    .onComplete(written -> {
                        if (closeAfterwards) {
                            ctx.request().connection().close();
                        }
                    });
        } catch (Exception failure) {
            ctx.fail(413, failure);
        }
    }
}
