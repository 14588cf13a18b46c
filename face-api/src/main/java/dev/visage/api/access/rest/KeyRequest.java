package dev.visage.api.access.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.visage.api.access.Scope;
import dev.visage.web.PlainText;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A key to create. {@code collections} absent means every collection; the rate fields absent mean the server's
 * defaults ({@code visage.rate-limit.*}).
 */
public record KeyRequest(
        @Schema(required = true) @JsonProperty("name") @NotBlank @PlainText(max = 256) String name,
        @Schema(required = true) @JsonProperty("scopes") @NotEmpty List<@NotNull Scope> scopes,
        @JsonProperty("collections") @Size(min = 1, max = 1000)
        List<@NotNull @Pattern(regexp = "[A-Za-z0-9_-]{1,64}") String> collections,
        @JsonProperty("expires_at") OffsetDateTime expiresAt,
        @JsonProperty("requests_per_second") @Positive @DecimalMax("100000") Double requestsPerSecond,
        @JsonProperty("burst") @Positive @Max(1_000_000) Integer burst) {
}
