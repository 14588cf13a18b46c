package dev.visage.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.visage.common.api.RequestIds;
import dev.visage.common.error.ErrorResponse;
import dev.visage.common.error.VisageException;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.CompositeException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures become HTTP answers, in every service: always the error envelope with the request
 * id, never a stack trace. Client mistakes are logged briefly, server faults with their stack, and neither with
 * photo bytes or embeddings. Each answer is counted by type and status.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    private final MeterRegistry registry;
    private final RefusalAdvice advice;

    public ErrorMappers(MeterRegistry registry, RefusalAdvice advice) {
        this.registry = registry;
        this.advice = advice;
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> visage(VisageException e, ContainerRequestContext request) {
        if (e.httpStatus() >= 500) {
            LOG.warnf("%s %s: %s (%s)", request.getMethod(), request.getUriInfo().getPath(),
                    e.type().wireName(), e.getMessage());
        } else {
            LOG.infof("%s %s rejected: %s (%s)", request.getMethod(), request.getUriInfo().getPath(),
                    e.type().wireName(), e.getMessage());
        }
        return respond(e, request);
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> composite(CompositeException e, ContainerRequestContext request) {
        Throwable first = e.getCauses().isEmpty() ? e : e.getCauses().get(0);
        return first instanceof VisageException v ? visage(v, request) : unexpected(first, request);
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> web(WebApplicationException e, ContainerRequestContext request) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, request);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String reason = known == null ? "HTTP " + status : known.getReasonPhrase();
        LOG.infof("%s %s rejected: %d %s", request.getMethod(), request.getUriInfo().getPath(), status, reason);
        return respond(VisageException.refused(status, reason, e.getMessage(), advice.suggestionFor(status)),
                request);
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> json(JsonProcessingException e, ContainerRequestContext request) {
        return visage(VisageException.validation("The request body is not valid JSON for this endpoint",
                e.getOriginalMessage(), "Send a JSON object with the documented fields. "
                        + advice.suggestionFor(400)), request);
    }

    @ServerExceptionMapper(priority = 10_000)
    public RestResponse<ErrorResponse> unexpected(Throwable e, ContainerRequestContext request) {
        if (e instanceof VisageException v) {
            return visage(v, request);
        }
        LOG.errorf(e, "%s %s failed unexpectedly", request.getMethod(), request.getUriInfo().getPath());
        return respond(VisageException.unexpected(request.getUriInfo().getPath(), e), request);
    }

    private RestResponse<ErrorResponse> respond(VisageException e, ContainerRequestContext request) {
        registry.counter("visage.api.errors", "error_type", e.type().wireName(),
                "status", String.valueOf(e.httpStatus())).increment();
        String requestId = RequestIds.accept(request.getHeaderString(RequestIds.HEADER));
        return RestResponse.ResponseBuilder.<ErrorResponse>create(e.httpStatus())
                .entity(ErrorResponse.of(e, requestId))
                .header(RequestIds.HEADER, requestId)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
