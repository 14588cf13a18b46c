package dev.visage.worker.service;

import dev.visage.common.messaging.EmbeddingReply;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The worker's Prometheus metrics: time per stage, batch sizes, faces embedded, model load time. The execution
 * provider is a label; request and worker ids never are, so cardinality stays bounded.
 */
@ApplicationScoped
public class WorkerMetrics {

    private final MeterRegistry registry;
    private final DistributionSummary batchSize;

    public WorkerMetrics(MeterRegistry registry, FaceEngineLoader loader) {
        this.registry = registry;
        this.batchSize = DistributionSummary.builder("visage.worker.batch.size")
                .description("Photos per micro-batch").publishPercentileHistogram().register(registry);
        Gauge.builder("visage.worker.model.load", loader, l -> l.loadMillis() / 1000.0)
                .description("Time the face engine took to load its models").baseUnit("seconds").register(registry);
    }

    /** Records one batch's replies: each photo's stage times and the faces it produced. */
    public void recordBatch(List<EmbeddingReply> replies) {
        batchSize.record(replies.size());
        for (EmbeddingReply reply : replies) {
            String provider = reply.executionProvider() == null ? "none" : reply.executionProvider();
            String outcome = reply.failed() ? reply.error().errorType().wireName() : "success";
            Counter.builder("visage.worker.photos").description("Photos processed")
                    .tag("outcome", outcome).tag("execution_provider", provider).register(registry).increment();
            if (reply.failed()) {
                continue;
            }
            long embedded = reply.faces().stream().filter(f -> f.embedding() != null).count();
            Counter.builder("visage.worker.faces").description("Faces embedded")
                    .tag("execution_provider", provider).register(registry).increment(embedded);
            for (Map.Entry<String, Double> stage : reply.timingMs().entrySet()) {
                Timer.builder("visage.worker.stage").description("Time per pipeline stage and photo")
                        .tag("stage", stage.getKey()).tag("execution_provider", provider)
                        .publishPercentileHistogram().register(registry)
                        .record(Duration.ofNanos((long) (stage.getValue() * 1_000_000)));
            }
        }
    }
}
