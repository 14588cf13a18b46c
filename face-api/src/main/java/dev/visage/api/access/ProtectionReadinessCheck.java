package dev.visage.api.access;

import dev.visage.api.templates.TemplateCipher;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Says in the readiness document how face-api protects what it holds: whether API keys are required and whether
 * templates are sealed. Always UP (a choice of configuration is not an outage); status-service shows a warning
 * when either protection is off.
 */
@Readiness
@ApplicationScoped
public class ProtectionReadinessCheck implements HealthCheck {

    static final String NAME = "protection";

    private final AuthConfig auth;
    private final TemplateCipher templates;

    public ProtectionReadinessCheck(AuthConfig auth, TemplateCipher templates) {
        this.auth = auth;
        this.templates = templates;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME).up()
                .withData("authentication", auth.enabled() ? "required"
                        : "OFF: anyone who can reach face-api can use and erase everything")
                .withData("templates", templates.activeKey() != null ? "encrypted (key " + templates.activeKey() + ")"
                        : "UNENCRYPTED: templates are stored in the clear")
                .build();
    }
}
