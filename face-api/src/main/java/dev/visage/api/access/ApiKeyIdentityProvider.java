package dev.visage.api.access;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns a presented key into a security identity whose roles are the key's scopes ({@link Scope}, {@code admin}
 * bringing all) and whose {@link Caller} attribute says who it is and which collections it may use.
 */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyAuthenticationRequest> {

    private final ApiKeyService keys;

    public ApiKeyIdentityProvider(ApiKeyService keys) {
        this.keys = keys;
    }

    @Override
    public Class<ApiKeyAuthenticationRequest> getRequestType() {
        return ApiKeyAuthenticationRequest.class;
    }

    /** A rejected key fails as Quarkus expects, with the typed reason inside for the error envelope. */
    @Override
    public Uni<SecurityIdentity> authenticate(ApiKeyAuthenticationRequest request,
                                              AuthenticationRequestContext context) {
        return keys.authenticate(request.key())
                .onFailure().transform(AuthenticationFailedException::new)
                .map(this::identityOf);
    }

    SecurityIdentity identityOf(Caller caller) {
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(caller.keyName()))
                .addAttribute(Caller.ATTRIBUTE, caller);
        caller.scopes().forEach(scope -> identity.addRole(scope.wireName()));
        return identity.build();
    }
}
