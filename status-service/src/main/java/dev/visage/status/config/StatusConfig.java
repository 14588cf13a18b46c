package dev.visage.status.config;

import dev.visage.common.messaging.KafkaContract;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Everything the status service can be tuned with; each property maps onto an environment variable. */
@ConfigMapping(prefix = "visage.status")
public interface StatusConfig {

    /** How long one check may take before it is reported as not answering. */
    @WithDefault("2s")
    Duration checkTimeout();

    /** How long a check's result is reused, so that a storm of probes does not reach the dependencies. */
    @WithDefault("2s")
    Duration cacheTtl();

    /** A worker whose last heartbeat is older than this is counted as gone. */
    @WithDefault("15s")
    Duration workerStaleness();

    /** How long a gone worker is still listed (as stale) before it is forgotten. */
    @WithDefault("10m")
    Duration workerForget();

    /** How often the monitor re-evaluates both reports (and pushes changes to the page at once). */
    @WithDefault("2s")
    Duration monitorInterval();

    /** The page receives a fresh snapshot at least this often, even when nothing changed. */
    @WithDefault("5s")
    Duration streamInterval();

    FaceApi faceApi();

    Workers workers();

    interface FaceApi {
        /** Where face-api answers; its readiness document names the vector index and its state. */
        @WithDefault("http://127.0.0.1:8080")
        String url();

        /** The index kind assumed while face-api has never been reached. */
        @WithDefault("embedded")
        String defaultIndexKind();
    }

    /** Where the workers are seen; the names default to the suite's {@link KafkaContract}. */
    interface Workers {
        @WithDefault(KafkaContract.HEARTBEAT_TOPIC)
        String heartbeatTopic();

        @WithDefault(KafkaContract.WORKER_GROUP)
        String consumerGroup();

        @WithDefault(KafkaContract.REQUEST_TOPIC)
        String requestTopic();
    }
}
