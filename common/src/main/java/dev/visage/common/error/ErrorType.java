package dev.visage.common.error;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The documented {@code error_type} values: the seed's eight and the three of access control. Each carries the HTTP
 * status it answers with unless the failure names a more precise one (413 and 415 are validation errors with their
 * own status).
 */
public enum ErrorType {
    SERVICE_UNAVAILABLE("service_unavailable", 503),
    IMPORT_ERROR("import_error", 503),
    FACE_DETECTION_ERROR("face_detection_error", 422),
    VERIFICATION_ERROR("verification_error", 500),
    MILVUS_ERROR("milvus_error", 503),
    DATABASE_ERROR("database_error", 503),
    VALIDATION_ERROR("validation_error", 400),
    /** No API key, or one that is unknown, expired or revoked. */
    AUTHENTICATION_ERROR("authentication_error", 401),
    /** A valid key without the scope or the collection the request needs. */
    PERMISSION_DENIED("permission_denied", 403),
    /** The key has used up its requests for now; {@code Retry-After} says when to try again. */
    RATE_LIMITED("rate_limited", 429),
    UNEXPECTED_ERROR("unexpected_error", 500);

    private final String wireName;
    private final int httpStatus;

    ErrorType(String wireName, int httpStatus) {
        this.wireName = wireName;
        this.httpStatus = httpStatus;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public static ErrorType fromWireName(String wireName) {
        for (ErrorType type : values()) {
            if (type.wireName.equals(wireName)) {
                return type;
            }
        }
        return UNEXPECTED_ERROR;
    }
}
