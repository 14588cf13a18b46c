package dev.visage.common.error;

import java.time.Duration;

/**
 * A failure that knows how it is told to a client: its type, a human sentence, the technical detail,
 * what to do about it and the context it happened in. Thrown anywhere, mapped once at the edge.
 */
public class VisageException extends RuntimeException {

    private final ErrorType type;
    private final int httpStatus;
    private final String details;
    private final String suggestion;
    private final String service;
    private final String image;
    private final String operation;
    private final long retryAfterSeconds;

    /** For failures that carry more than the envelope says, such as the measured quality of a refused face. */
    protected VisageException(Builder b) {
        super(b.message, b.cause);
        this.type = b.type;
        this.httpStatus = b.httpStatus > 0 ? b.httpStatus : b.type.httpStatus();
        this.details = b.details;
        this.suggestion = b.suggestion;
        this.service = b.service;
        this.image = b.image;
        this.operation = b.operation;
        this.retryAfterSeconds = b.retryAfterSeconds;
    }

    public ErrorType type() {
        return type;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String details() {
        return details;
    }

    public String suggestion() {
        return suggestion;
    }

    public String service() {
        return service;
    }

    public String image() {
        return image;
    }

    public String operation() {
        return operation;
    }

    /** When the client may try again, for failures that are expected to pass (HTTP {@code Retry-After}); 0 if none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static VisageException serviceUnavailable(String service, String details, String suggestion) {
        return builder(ErrorType.SERVICE_UNAVAILABLE, service + " service is not available: " + details)
                .service(service).details(details).suggestion(suggestion).build();
    }

    public static VisageException importError(String component, String details, String suggestion) {
        return builder(ErrorType.IMPORT_ERROR, component + " could not be loaded: " + details)
                .service(component).details(details).suggestion(suggestion).build();
    }

    public static VisageException faceDetection(String image, String details, String suggestion) {
        return faceDetectionError(image, details, suggestion).build();
    }

    /** What {@link #faceDetection} builds, for a failure that carries more than the envelope (a subclass). */
    public static Builder faceDetectionError(String image, String details, String suggestion) {
        return builder(ErrorType.FACE_DETECTION_ERROR, "Face detection failed for " + image + ": " + details)
                .image(image).details(details).suggestion(suggestion);
    }

    public static VisageException verification(String operation, String details, String suggestion) {
        return builder(ErrorType.VERIFICATION_ERROR, "Face verification failed: " + details)
                .operation(operation).details(details).suggestion(suggestion).build();
    }

    public static VisageException milvus(String operation, String details, String suggestion) {
        return builder(ErrorType.MILVUS_ERROR, "Milvus operation '" + operation + "' failed: " + details)
                .operation(operation).details(details).suggestion(suggestion).build();
    }

    public static VisageException database(String operation, String details, String suggestion) {
        return builder(ErrorType.DATABASE_ERROR, "Database operation '" + operation + "' failed: " + details)
                .operation(operation).details(details).suggestion(suggestion).build();
    }

    public static VisageException validation(String message, String details, String suggestion) {
        return builder(ErrorType.VALIDATION_ERROR, message).details(details).suggestion(suggestion).build();
    }

    /** 401: the request carries no usable API key; never says whether a key of that value ever existed. */
    public static VisageException unauthenticated(String details) {
        return builder(ErrorType.AUTHENTICATION_ERROR, "An API key is required").details(details)
                .suggestion("Send a valid API key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'; "
                        + "an administrator creates keys with POST /api/v1/keys.").build();
    }

    /**
     * 403: the key may not do this. The same answer whether or not the collection or subject exists, so that a key
     * learns nothing about what it may not see.
     */
    public static VisageException permissionDenied(String details, String suggestion) {
        return builder(ErrorType.PERMISSION_DENIED, "This API key is not allowed to do this").details(details)
                .suggestion(suggestion).build();
    }

    /** 429: the key's request budget is used up for now. */
    public static VisageException rateLimited(String details, long retryAfterSeconds) {
        return builder(ErrorType.RATE_LIMITED, "Too many requests for this API key").details(details)
                .suggestion("Wait " + retryAfterSeconds + " s (Retry-After) and spread requests out; "
                        + "an administrator can give the key a higher limit.")
                .retryAfter(Duration.ofSeconds(retryAfterSeconds)).build();
    }

    /** 404: the thing a path or field names does not exist (in that collection). */
    public static VisageException notFound(String message, String details, String suggestion) {
        return clientError(404, message, null, details, suggestion);
    }

    /** 409: the request contradicts what exists, or a request like it is still being processed. */
    public static VisageException conflict(String message, String details, String suggestion) {
        return clientError(409, message, null, details, suggestion);
    }

    /** 413: a body or a photo is over a byte or pixel limit; {@code image} names the photo, if one. */
    public static VisageException tooLarge(String image, String message, String details, String suggestion) {
        return clientError(413, message, image, details, suggestion);
    }

    /** 413 for a photo whose decoded size is over the pixel limit: one wording for face-api and the workers. */
    public static VisageException tooManyPixels(String image, String details) {
        return tooLarge(image, "The photo " + image + " has too many pixels", details,
                "Scale the photo down; faces need no more than a few megapixels.");
    }

    /** 415: an upload is not of an accepted media type; {@code image} names the photo, if one. */
    public static VisageException unsupportedMediaType(String image, String message, String details,
                                                       String suggestion) {
        return clientError(415, message, image, details, suggestion);
    }

    /** 422: the request is well-formed but cannot be carried out in the state things are in. */
    public static VisageException unprocessable(String message, String details, String suggestion) {
        return clientError(422, message, null, details, suggestion);
    }

    /**
     * A refusal by the HTTP layer itself (unknown path, wrong method, unacceptable media type), told in the same
     * envelope as every other client error.
     */
    public static VisageException refused(int status, String reason, String details, String suggestion) {
        return clientError(status, "The request was refused: " + reason, null, details, suggestion);
    }

    /**
     * Every client mistake is a {@code validation_error}: the seed's types name server-side failures apart and
     * have no finer client type, so the HTTP status tells a missing thing (404) from a conflict (409) and so on.
     */
    private static VisageException clientError(int status, String message, String image, String details,
                                               String suggestion) {
        return builder(ErrorType.VALIDATION_ERROR, message).httpStatus(status).image(image).details(details)
                .suggestion(suggestion).build();
    }

    public static VisageException unexpected(String operation, Throwable cause) {
        return builder(ErrorType.UNEXPECTED_ERROR, "An unexpected error occurred during " + operation)
                .operation(operation)
                .details(cause == null ? null : cause.getClass().getSimpleName())
                .suggestion("Retry the request; if it keeps failing, report the request_id to the operators.")
                .cause(cause).build();
    }

    public static Builder builder(ErrorType type, String message) {
        return new Builder(type, message);
    }

    public static final class Builder {
        private final ErrorType type;
        private final String message;
        private int httpStatus;
        private String details;
        private String suggestion;
        private String service;
        private String image;
        private String operation;
        private Throwable cause;
        private long retryAfterSeconds;

        private Builder(ErrorType type, String message) {
            this.type = type;
            this.message = message;
        }

        public Builder httpStatus(int httpStatus) {
            this.httpStatus = httpStatus;
            return this;
        }

        public Builder details(String details) {
            this.details = details;
            return this;
        }

        public Builder suggestion(String suggestion) {
            this.suggestion = suggestion;
            return this;
        }

        public Builder service(String service) {
            this.service = service;
            return this;
        }

        public Builder image(String image) {
            this.image = image;
            return this;
        }

        public Builder operation(String operation) {
            this.operation = operation;
            return this;
        }

        public Builder retryAfter(Duration wait) {
            this.retryAfterSeconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            return this;
        }

        public Builder cause(Throwable cause) {
            this.cause = cause;
            return this;
        }

        public VisageException build() {
            return new VisageException(this);
        }
    }
}
