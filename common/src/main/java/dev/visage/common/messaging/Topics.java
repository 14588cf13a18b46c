package dev.visage.common.messaging;

/** Kafka topic names shared by the gateway and the worker. */
public final class Topics {
    public static final String EMBEDDING_REQUESTS = "visage.embedding.requests";
    public static final String EMBEDDING_REPLIES = "visage.embedding.replies";
    /** The worker consumer group: several workers share the request partitions. */
    public static final String WORKER_GROUP = "visage-embedding-workers";

    private Topics() {
    }
}
