package dev.visage.common.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The one failure envelope every Visage endpoint answers with. Exactly one of {@code service},
 * {@code image} and {@code operation} names the context of the failure, as the specification shows.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"success", "error", "error_type", "service", "image", "operation", "details", "suggestion",
        "request_id"})
public record ErrorResponse(
        @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("error") String error,
        @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("error_type") ErrorType errorType,
        @JsonProperty("service") String service,
        @JsonProperty("image") String image,
        @JsonProperty("operation") String operation,
        @JsonProperty("details") String details,
        @JsonProperty("suggestion") String suggestion,
        @JsonProperty("request_id") String requestId) {

    @JsonProperty("success")
    public boolean success() {
        return false;
    }

    public static ErrorResponse of(VisageException e, String requestId) {
        return new ErrorResponse(e.getMessage(), e.type(), e.service(), e.image(), e.operation(), e.details(),
                e.suggestion(), requestId);
    }
}
