package dev.visage.common.messaging;

/**
 * The Kafka contract between face-api, the embedding workers and status-service, named once. Every module's
 * configuration defaults and code refer to these names, so changing one here changes it everywhere.
 * <p>
 * Requests and replies are keyed by request id (a reply carries the id of the request it answers); heartbeats
 * are keyed by worker id. Values are JSON written and read by {@link MessageCodec}.
 */
public final class KafkaContract {

    /** Photos to embed, shared out over the worker consumer group; value {@link EmbeddingRequest}. */
    public static final String REQUEST_TOPIC = "visage.embedding.requests";

    /** The workers' answers, read by every face-api instance from every partition; value {@link EmbeddingReply}. */
    public static final String REPLY_TOPIC = "visage.embedding.replies";

    /**
     * Each worker's proof of life several times a second; value {@link WorkerHeartbeat}. face-api tells a dead
     * worker by its missed beats, status-service lists the workers from them.
     */
    public static final String HEARTBEAT_TOPIC = "visage.worker.heartbeats";

    /** Heartbeats are only read from the last minutes: older ones are dropped after this long. */
    public static final long HEARTBEAT_RETENTION_MS = 60 * 60 * 1000L;

    /** The consumer group every embedding worker joins; face-api and status-service read its membership and lag. */
    public static final String WORKER_GROUP = "visage-embedding-workers";

    /** Largest record on the request and reply topics: a 10 MiB photo base64-encoded in JSON, with room to spare. */
    public static final int MAX_MESSAGE_BYTES = 20 * 1024 * 1024;

    private KafkaContract() {
    }
}
