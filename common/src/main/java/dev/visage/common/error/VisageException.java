package dev.visage.common.error;

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

    private VisageException(Builder b) {
        super(b.message, b.cause);
        this.type = b.type;
        this.httpStatus = b.httpStatus > 0 ? b.httpStatus : b.type.httpStatus();
        this.details = b.details;
        this.suggestion = b.suggestion;
        this.service = b.service;
        this.image = b.image;
        this.operation = b.operation;
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

    public static VisageException serviceUnavailable(String service, String details, String suggestion) {
        return builder(ErrorType.SERVICE_UNAVAILABLE, service + " service is not available: " + details)
                .service(service).details(details).suggestion(suggestion).build();
    }

    public static VisageException importError(String component, String details, String suggestion) {
        return builder(ErrorType.IMPORT_ERROR, component + " could not be loaded: " + details)
                .service(component).details(details).suggestion(suggestion).build();
    }

    public static VisageException faceDetection(String image, String details, String suggestion) {
        return builder(ErrorType.FACE_DETECTION_ERROR, "Face detection failed for " + image + ": " + details)
                .image(image).details(details).suggestion(suggestion).build();
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

        public Builder cause(Throwable cause) {
            this.cause = cause;
            return this;
        }

        public VisageException build() {
            return new VisageException(this);
        }
    }
}
