package dev.visage.common.messaging;

import java.util.Optional;

/**
 * A record on the request or reply topic that is not laid out as {@link RequestCodec} or {@link ReplyCodec}
 * writes it: a missing header, a value of the wrong length, JSON that does not parse. It carries the request id
 * when the record names one, so that the reader can still answer or fail the request it belongs to.
 */
public final class MalformedRecordException extends RuntimeException {

    private final String requestId;

    MalformedRecordException(String requestId, String message) {
        super(message);
        this.requestId = requestId;
    }

    MalformedRecordException(String requestId, String message, Throwable cause) {
        super(message, cause);
        this.requestId = requestId;
    }

    public Optional<String> requestId() {
        return Optional.ofNullable(requestId).filter(id -> !id.isBlank());
    }
}
