package dev.visage.common.messaging;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What every embedding worker publishes on {@link KafkaContract#HEARTBEAT_TOPIC} every heartbeat interval (250 ms unless configured), keyed by
 * worker id: proof of life and the state of its face engine. A worker whose heartbeats stop is counted as gone.
 *
 * @param ready             whether its models are loaded and it can embed
 * @param error             why it cannot, when it is not ready
 * @param sentAtEpochMillis when the heartbeat was sent
 * @param intervalMillis    how often this worker beats, so that a reader can tell a missed beat from a slow
 *                          cadence (0 from a worker that does not say)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkerHeartbeat(
        @JsonProperty("worker_id") String workerId,
        @JsonProperty("ready") boolean ready,
        @JsonProperty("model") String model,
        @JsonProperty("execution_provider") String executionProvider,
        @JsonProperty("execution_provider_requested") String executionProviderRequested,
        @JsonProperty("execution_provider_reason") String executionProviderReason,
        @JsonProperty("error") String error,
        @JsonProperty("batches_processed") long batchesProcessed,
        @JsonProperty("sent_at") long sentAtEpochMillis,
        @JsonProperty("interval_ms") long intervalMillis) {
}
