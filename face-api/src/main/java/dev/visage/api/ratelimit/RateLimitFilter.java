package dev.visage.api.ratelimit;

import dev.visage.api.access.Caller;
import dev.visage.common.error.VisageException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Counts every API call against its key's bucket before anything else is done for it, answers 429 {@code rate_limited}
 * with {@code Retry-After} beyond it, and tells every answer the key's budget in the {@code RateLimit-Limit},
 * {@code RateLimit-Remaining} and {@code RateLimit-Reset} headers (IETF draft "RateLimit header fields for HTTP").
 * Requests without a key are not counted here: they are refused anyway. With authentication switched off there is
 * no key to count against, and nothing is limited.
 */
public class RateLimitFilter {

    static final String DECISION = "visage.rate-limit.decision";

    private final CurrentIdentityAssociation identity;
    private final RateLimiter limiter;
    private final MeterRegistry registry;

    public RateLimitFilter(CurrentIdentityAssociation identity, RateLimiter limiter, MeterRegistry registry) {
        this.identity = identity;
        this.limiter = limiter;
        this.registry = registry;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION + 100)
    public Uni<Void> limit(ContainerRequestContext request) {
        return identity.getDeferredIdentity().chain(current -> {
            Caller caller = current.getAttribute(Caller.ATTRIBUTE);
            if (caller == null || caller.keyId().equals(Caller.UNAUTHENTICATED_ID)) {
                return Uni.createFrom().voidItem();
            }
            return limiter.take(caller).map(decision -> {
                request.setProperty(DECISION, decision);
                if (!decision.allowed()) {
                    registry.counter("visage.api.rate.limited", "store", decision.store()).increment();
                    throw VisageException.rateLimited("The key '" + caller.keyName() + "' may send " + decision.limit()
                            + " requests at once and is refilled over time.", decision.retryAfterSeconds());
                }
                return null;
            });
        });
    }

    @ServerResponseFilter
    public void tellTheBudget(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(DECISION) instanceof RateDecision decision) {
            response.getHeaders().putSingle("RateLimit-Limit", decision.limit());
            response.getHeaders().putSingle("RateLimit-Remaining", decision.remaining());
            response.getHeaders().putSingle("RateLimit-Reset", decision.resetSeconds());
        }
    }
}
