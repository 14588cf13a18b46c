package dev.visage.api.index;

/** The index could not do what was asked; the gateway reports it as a {@code milvus_error} naming the operation. */
public class IndexException extends RuntimeException {

    private final String operation;

    public IndexException(String operation, String message, Throwable cause) {
        super(message, cause);
        this.operation = operation;
    }

    public String operation() {
        return operation;
    }
}
