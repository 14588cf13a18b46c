package dev.visage.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.visage.common.api.RequestIds;
import dev.visage.common.error.ErrorResponse;
import dev.visage.common.error.VisageException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.smallrye.mutiny.CompositeException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

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
        Optional<VisageException> body = RequestBodyFailures.asClientError(e.getCause(), advice.suggestionFor(400));
        if (body.isPresent()) {
            return visage(body.get(), request);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String reason = known == null ? "HTTP " + status : known.getReasonPhrase();
        LOG.infof("%s %s rejected: %d %s", request.getMethod(), request.getUriInfo().getPath(), status, reason);
        return respond(VisageException.refused(status, reason, e.getMessage(), advice.suggestionFor(status)),
                request);
    }

    /** Declared for the exact Jackson types too: Quarkus's own mappers for them would answer without a body. */
    @ServerExceptionMapper({JsonProcessingException.class, MismatchedInputException.class,
            InvalidFormatException.class, JsonParseException.class, StreamConstraintsException.class})
    public RestResponse<ErrorResponse> json(Exception e, ContainerRequestContext request) {
        return visage(RequestBodyFailures.asClientError(e, advice.suggestionFor(400)).orElseThrow(), request);
    }

    /** Bean Validation of a request's shape: the first violation named by its field, all of them in the details. */
    @ServerExceptionMapper({ConstraintViolationException.class, ResteasyReactiveViolationException.class})
    public RestResponse<ErrorResponse> constraints(ConstraintViolationException e, ContainerRequestContext request) {
        List<String> violations = e.getConstraintViolations().stream()
                .map(v -> fieldOf(v) + " " + v.getMessage())
                .sorted()
                .toList();
        String first = violations.isEmpty() ? "the request" : violations.get(0);
        return visage(VisageException.validation("Invalid request: " + first, String.join("; ", violations),
                advice.suggestionFor(400)), request);
    }

    /**
     * A presented API key that was rejected. The reason is inside when the key's checker gave one: an unknown or
     * revoked key (401) or a database that could not be asked (503), which is not the client's fault.
     */
    @ServerExceptionMapper
    public RestResponse<ErrorResponse> authenticationFailed(AuthenticationFailedException e,
                                                            ContainerRequestContext request) {
        VisageException reason = e.getCause() instanceof VisageException v ? v
                : VisageException.unauthenticated("The API key was not accepted.");
        return challenge(visage(reason, request));
    }

    /** A {@code @RolesAllowed} operation called without a key. */
    @ServerExceptionMapper
    public RestResponse<ErrorResponse> unauthorized(UnauthorizedException e, ContainerRequestContext request) {
        return challenge(visage(VisageException.unauthenticated("No API key was sent."), request));
    }

    /** A valid key without the scope the operation needs: named, so that the client knows what to ask for. */
    @ServerExceptionMapper
    public RestResponse<ErrorResponse> forbidden(ForbiddenException e, ContainerRequestContext request,
                                                 ResourceInfo resource) {
        String needed = neededRoles(resource);
        return visage(VisageException.permissionDenied(needed.isEmpty() ? "The key lacks the scope this needs."
                        : "This operation needs a key with the scope " + needed + ".",
                "Use a key with that scope, or ask an administrator for one."), request);
    }

    private static String neededRoles(ResourceInfo resource) {
        if (resource == null || resource.getResourceMethod() == null) {
            return "";
        }
        RolesAllowed roles = resource.getResourceMethod().getAnnotation(RolesAllowed.class);
        if (roles == null) {
            roles = resource.getResourceClass().getAnnotation(RolesAllowed.class);
        }
        return roles == null ? "" : String.join(" or ", roles.value());
    }

    /** A 401 says how to authenticate (RFC 9110); other answers pass unchanged. */
    private static RestResponse<ErrorResponse> challenge(RestResponse<ErrorResponse> response) {
        if (response.getStatus() == 401) {
            return RestResponse.ResponseBuilder.fromResponse(response).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"visage\"").build();
        }
        return response;
    }

    /** Anything else: a request body the framework could not read is still the client's; the rest is ours. */
    @ServerExceptionMapper(priority = 10_000)
    public RestResponse<ErrorResponse> unexpected(Throwable e, ContainerRequestContext request) {
        if (e instanceof VisageException v) {
            return visage(v, request);
        }
        Optional<VisageException> body = RequestBodyFailures.asClientError(e, advice.suggestionFor(400));
        if (body.isPresent()) {
            return visage(body.get(), request);
        }
        LOG.errorf(e, "%s %s failed unexpectedly", request.getMethod(), request.getUriInfo().getPath());
        return respond(VisageException.unexpected(request.getUriInfo().getPath(), e), request);
    }

    /** The field a violation is about, as the API spells it: the last node of its path, in snake_case. */
    private static String fieldOf(ConstraintViolation<?> violation) {
        String leaf = "";
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getName() != null) {
                leaf = node.getName();
            }
        }
        return leaf.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    private RestResponse<ErrorResponse> respond(VisageException e, ContainerRequestContext request) {
        registry.counter("visage.api.errors", "error_type", e.type().wireName(),
                "status", String.valueOf(e.httpStatus())).increment();
        String requestId = RequestIds.accept(request.getHeaderString(RequestIds.HEADER));
        RestResponse.ResponseBuilder<ErrorResponse> response = RestResponse.ResponseBuilder
                .<ErrorResponse>create(e.httpStatus())
                .entity(ErrorResponse.of(e, requestId))
                .header(RequestIds.HEADER, requestId)
                .type(MediaType.APPLICATION_JSON_TYPE);
        if (e.retryAfterSeconds() > 0) {
            response.header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds());
        }
        return response.build();
    }
}
