package dev.visage.status.rest;

import dev.visage.common.error.ErrorResponse;
import dev.visage.common.error.ErrorType;
import dev.visage.common.error.VisageException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.UUID;

/**
 * status-service's own failures answer the suite's error envelope, never a stack trace. (A dependency being down
 * is not a failure of this service: it is the answer, inside a status document.)
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);
    static final String REQUEST_ID = "X-Request-Id";

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> visage(VisageException e, ContainerRequestContext request) {
        LOG.infof("%s %s: %s (%s)", request.getMethod(), request.getUriInfo().getPath(), e.type().wireName(),
                e.getMessage());
        return respond(e, request);
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> web(WebApplicationException e, ContainerRequestContext request) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, request);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String reason = known == null ? "HTTP " + status : known.getReasonPhrase();
        return respond(VisageException.builder(ErrorType.VALIDATION_ERROR, "The request was refused: " + reason)
                .httpStatus(status)
                .details(e.getMessage())
                .suggestion(status == 404 || status == 405
                        ? "The status service answers GET /face-verification/status/, /background/status/, "
                        + "/face-verification/health/, /background/health/, /status/stream and /status/fragment."
                        : "Check the request against docs/status.md.")
                .build(), request);
    }

    @ServerExceptionMapper(priority = 10_000)
    public RestResponse<ErrorResponse> unexpected(Throwable e, ContainerRequestContext request) {
        if (e instanceof VisageException v) {
            return visage(v, request);
        }
        LOG.errorf(e, "%s %s failed unexpectedly", request.getMethod(), request.getUriInfo().getPath());
        return respond(VisageException.unexpected(request.getUriInfo().getPath(), e), request);
    }

    private static RestResponse<ErrorResponse> respond(VisageException e, ContainerRequestContext request) {
        String requestId = request.getHeaderString(REQUEST_ID);
        if (requestId == null || requestId.isBlank() || requestId.length() > 128) {
            requestId = UUID.randomUUID().toString();
        }
        return RestResponse.ResponseBuilder.<ErrorResponse>create(e.httpStatus())
                .entity(ErrorResponse.of(e, requestId))
                .header(REQUEST_ID, requestId)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
