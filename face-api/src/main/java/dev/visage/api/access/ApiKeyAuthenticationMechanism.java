package dev.visage.api.access;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.Set;

/**
 * Finds the API key in a request: {@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}. A request
 * without one is anonymous, which the open endpoints (probes, status, OpenAPI) accept and every {@code /api/v1}
 * operation refuses with 401. With authentication switched off every request is {@link Caller#unauthenticated()}.
 */
@ApplicationScoped
public class ApiKeyAuthenticationMechanism implements HttpAuthenticationMechanism {

    private static final Logger LOG = Logger.getLogger(ApiKeyAuthenticationMechanism.class);
    public static final String API_KEY_HEADER = "X-API-Key";
    private static final String BEARER = "bearer ";

    private final AuthConfig config;
    private final ApiKeyIdentityProvider identities;

    public ApiKeyAuthenticationMechanism(AuthConfig config, ApiKeyIdentityProvider identities) {
        this.config = config;
        this.identities = identities;
    }

    /** At start, not at the first request: an open door is said before anyone walks through it. */
    void warnIfOpen(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.warn("Authentication is OFF (visage.auth.enabled=false): anyone who can reach face-api can use "
                    + "every endpoint, read and erase the gallery and manage keys. Never do this on a shared network.");
        }
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        if (!config.enabled()) {
            return Uni.createFrom().item(identities.identityOf(Caller.unauthenticated()));
        }
        String key = presentedKey(context);
        if (key == null) {
            return Uni.createFrom().nullItem();
        }
        return identityProviderManager.authenticate(
                HttpSecurityUtils.setRoutingContextAttribute(new ApiKeyAuthenticationRequest(key), context));
    }

    /** The key sent, or null; an {@code Authorization} header of another scheme counts as an unknown key, not none. */
    static String presentedKey(RoutingContext context) {
        String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && !authorization.isBlank()) {
            return authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                    ? authorization.substring(BEARER.length()).trim()
                    : authorization.trim();
        }
        String header = context.request().getHeader(API_KEY_HEADER);
        return header == null || header.isBlank() ? null : header.trim();
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate",
                "Bearer realm=\"visage\""));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiKeyAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION,
                "bearer"));
    }
}
