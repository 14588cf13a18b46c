package dev.visage.common.messaging;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.visage.common.error.ErrorType;
import dev.visage.common.error.VisageException;

/** A typed failure carried back from the worker, rebuilt into a {@link VisageException} by the gateway. */
public record WorkerError(
        @JsonProperty("error_type") ErrorType errorType,
        @JsonProperty("error") String error,
        @JsonProperty("details") String details,
        @JsonProperty("suggestion") String suggestion,
        @JsonProperty("http_status") int httpStatus,
        @JsonProperty("image") String image,
        @JsonProperty("service") String service) {

    public static WorkerError from(VisageException e) {
        return new WorkerError(e.type(), e.getMessage(), e.details(), e.suggestion(), e.httpStatus(), e.image(),
                e.service());
    }

    public VisageException toException() {
        return VisageException.builder(errorType, error)
                .httpStatus(httpStatus)
                .details(details)
                .suggestion(suggestion)
                .image(image)
                .service(service)
                .build();
    }
}
