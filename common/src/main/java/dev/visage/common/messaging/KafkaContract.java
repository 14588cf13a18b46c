package dev.visage.common.messaging;

/**
 * The Kafka contract between face-api, the embedding workers and status-service, named once. Every module's
 * configuration defaults and code refer to these names, so changing one here changes it everywhere.
 * <p>
 * Requests and replies are keyed by request id (a reply carries the id of the request it answers); heartbeats
 * are keyed by worker id. A request's value is the photo exactly as uploaded and its metadata travels in
 * {@link RequestHeaders}; a reply's value is its embeddings as raw float32 and the rest is JSON in
 * {@link ReplyHeaders} ({@link RequestCodec}, {@link ReplyCodec}). Heartbeats are JSON ({@link MessageCodec}).
 */
public final class KafkaContract {

    /** Photos to embed, shared out over the worker consumer group; records written by {@link RequestCodec}. */
    public static final String REQUEST_TOPIC = "visage.embedding.requests";

    /** The workers' answers, read by every face-api instance from every partition; records of {@link ReplyCodec}. */
    public static final String REPLY_TOPIC = "visage.embedding.replies";

    /**
     * Each worker's proof of life several times a second; value {@link WorkerHeartbeat}. face-api tells a dead
     * worker by its missed beats, status-service lists the workers from them.
     */
    public static final String HEARTBEAT_TOPIC = "visage.worker.heartbeats";

    /**
     * How long the request and reply topics keep a record. A photo and its embeddings are biometric data that
     * matter only while a caller waits (seconds, {@code visage.api.worker.timeout}) or while a dead worker's
     * requests go to another (its session time-out); beyond that they are a liability, and at the broker's default
     * retention (a week) a busy suite keeps tens of gigabytes of faces.
     */
    public static final long PHOTO_RETENTION_MS = 10 * 60 * 1000L;

    /**
     * Segment size of the request and reply topics. Kafka deletes whole segments, once their newest record is past
     * the retention: at the default of 1 GiB a busy topic keeps about a gigabyte of photos per partition whatever
     * the retention says.
     */
    public static final int PHOTO_SEGMENT_BYTES = 64 * 1024 * 1024;

    /** Heartbeats are only read from the last minutes: older ones are dropped after this long. */
    public static final long HEARTBEAT_RETENTION_MS = 60 * 60 * 1000L;

    /** The consumer group every embedding worker joins; face-api and status-service read its membership and lag. */
    public static final String WORKER_GROUP = "visage-embedding-workers";

    /**
     * Largest record on the request and reply topics. A 10 MiB photo travels as raw bytes and needs about half of
     * this; the limit stays where brokers, topics and deployments have it, so that no topic needs reconfiguring.
     */
    public static final int MAX_MESSAGE_BYTES = 20 * 1024 * 1024;

    /** Where a request record's metadata travels; the record's value is the photo. */
    public static final class RequestHeaders {

        /** The id the reply will carry; the record key holds it too, as what partitions requests and keys replies. */
        public static final String REQUEST_ID = "visage-request-id";

        /** How the caller named the photo, for error messages. */
        public static final String IMAGE_NAME = "visage-image-name";

        /** Which faces to embed: {@code none}, {@code largest} or {@code all}. */
        public static final String EMBED = "visage-embed";

        /** The photo's SHA-256 in lower-case hex, as face-api computed it once for its cache and provenance. */
        public static final String IMAGE_SHA256 = "visage-image-sha256";

        /** {@code true} when each face's passive liveness score is wanted; absent means not. */
        public static final String LIVENESS = "visage-liveness";
        /** The attributes wanted of every face, comma-separated ({@code age,gender,pose,eyes}); absent means none. */
        public static final String ATTRIBUTES = "visage-attributes";

        private RequestHeaders() {
        }
    }

    /** Where a reply record's structured part travels; the record's value holds its embeddings. */
    public static final class ReplyHeaders {

        /**
         * JSON: the reply without its embeddings (boxes, landmarks, scores, model, execution provider, timings,
         * batch size or the typed error), and which faces the value holds embeddings for and how long each is.
         */
        public static final String REPLY = "visage-reply";

        private ReplyHeaders() {
        }
    }

    private KafkaContract() {
    }
}
