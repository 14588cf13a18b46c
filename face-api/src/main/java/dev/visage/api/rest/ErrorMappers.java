package dev.visage.api.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.visage.common.error.ErrorResponse;
import dev.visage.common.error.ErrorType;
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
 * The one place where failures become HTTP answers: always the error envelope, never a stack trace. Client
 * mistakes are logged briefly, server faults with their stack, both with the request id and never with photo
 * bytes or embeddings.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    private final MeterRegistry registry;

    public ErrorMappers(MeterRegistry registry) {
        this.registry = registry;
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
        String reason = Response.Status.fromStatusCode(status) == null ? "HTTP " + status
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        VisageException mapped = VisageException.builder(ErrorType.VALIDATION_ERROR, "The request was refused: " + reason)
                .httpStatus(status)
                .details(e.getMessage())
                .suggestion(suggestionFor(status))
                .build();
        LOG.infof("%s %s rejected: %d %s", request.getMethod(), request.getUriInfo().getPath(), status, reason);
        return respond(mapped, request);
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> json(JsonProcessingException e, ContainerRequestContext request) {
        VisageException mapped = VisageException.validation("The request body is not valid JSON for this endpoint",
                e.getOriginalMessage(),
                "Send a JSON object with the documented fields; see /q/swagger-ui.");
        return respond(mapped, request);
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
        return RestResponse.ResponseBuilder
                .<ErrorResponse>create(e.httpStatus())
                .entity(ErrorResponse.of(e, request.getHeaderString(RequestIdFilter.HEADER)))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    private static String suggestionFor(int status) {
        return switch (status) {
            case 404 -> "Check the path; the API is described at /q/openapi.";
            case 405 -> "Check the HTTP method; the API is described at /q/openapi.";
            case 406 -> "Accept application/json.";
            case 413 -> "Send smaller photos: at most 10 MiB each.";
            case 415 -> "Send multipart/form-data or application/json as documented at /q/openapi.";
            default -> "Check the request against the API description at /q/openapi.";
        };
    }
}
