package dev.visage.api.worker;

import dev.visage.common.messaging.KafkaContract;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How face-api reaches the embedding workers over Kafka. The names default to the suite's {@link KafkaContract}. */
@ConfigMapping(prefix = "visage.api.worker")
public interface WorkerClientConfig {

    /** Topic the embedding requests are written to. */
    @WithDefault(KafkaContract.REQUEST_TOPIC)
    String requestTopic();

    /** Topic the workers answer on. */
    @WithDefault(KafkaContract.REPLY_TOPIC)
    String replyTopic();

    /** Topic the workers' heartbeats are read from. */
    @WithDefault(KafkaContract.HEARTBEAT_TOPIC)
    String heartbeatTopic();

    /**
     * Heartbeat intervals a worker may miss before it is counted gone (its interval is in each beat: 250 ms
     * unless configured, so about a second). When every worker is gone, photos waiting for them are answered at
     * once and new ones refused, instead of waiting for Kafka to expire the dead member's session.
     */
    @WithDefault("4")
    int missedHeartbeats();

    /** The workers' consumer group, whose members tell whether any worker is there to answer. */
    @WithDefault(KafkaContract.WORKER_GROUP)
    String consumerGroup();

    /** How long a caller waits for a worker before getting a service_unavailable error. */
    @WithDefault("15s")
    Duration timeout();

    /**
     * Photos this instance lets wait for the workers at once; one more is refused at once with 503 and
     * {@code Retry-After} rather than queued into a timeout.
     */
    @WithDefault("64")
    int maxInFlight();

    /** How often the worker group's members are looked up (readiness, and refusing at once when there are none). */
    @WithDefault("2s")
    Duration membershipInterval();

    /** Partitions created for the request and reply topics when they do not exist yet. */
    @WithDefault("4")
    int partitions();
}
