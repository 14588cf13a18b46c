package dev.visage.worker.engine;

/** Why the engine could not do what it was asked. The worker turns each kind into a typed error. */
public class EngineException extends RuntimeException {

    public enum Kind {
        /** The bytes are not a decodable photo. */
        UNDECODABLE_IMAGE,
        /** The photo decodes to more pixels than the engine accepts. */
        IMAGE_TOO_LARGE,
        /** A model file or the native runtime is missing or broken. */
        MODEL_UNAVAILABLE,
        /** Inference itself failed. */
        INFERENCE_FAILED
    }

    private final Kind kind;

    public EngineException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public EngineException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
