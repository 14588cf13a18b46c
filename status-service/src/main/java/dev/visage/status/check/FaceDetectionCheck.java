package dev.visage.status.check;

import dev.visage.common.error.ErrorType;
import dev.visage.common.messaging.WorkerHeartbeat;
import dev.visage.status.kafka.WorkerRegistry;
import dev.visage.status.kafka.WorkerRegistry.Seen;
import dev.visage.status.model.ServiceStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Face detection runs in the embedding workers: its models and execution provider are what the live workers'
 * heartbeats report. Healthy while at least one live worker has its models loaded (is ready).
 */
@ApplicationScoped
public class FaceDetectionCheck implements StatusCheck {

    public static final String ID = "face_detection";
    static final String NAME = "Face Detection Service";
    static final String NO_WORKER_SUGGESTION = EmbeddingWorkersCheck.SUGGESTION;
    static final String NOT_READY_SUGGESTION = "Install the models (models/install.sh) where the workers read them "
            + "(VISAGE_MODELS_DIR), then restart the workers; their error says what is missing.";

    private final WorkerRegistry registry;
    private final Duration catchUpWait;

    public FaceDetectionCheck(WorkerRegistry registry, dev.visage.status.config.StatusConfig config) {
        this.registry = registry;
        this.catchUpWait = Duration.ofMillis(config.checkTimeout().toMillis() * 3 / 4);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Uni<Checked> run() {
        return Uni.createFrom().completionStage(registry.caughtUp())
                .ifNoItem().after(catchUpWait).recoverWithItem((Void) null)
                .map(ignored -> evaluate());
    }

    private Checked evaluate() {
        List<Seen> live = registry.live(System.currentTimeMillis());
        List<WorkerHeartbeat> ready = live.stream().map(Seen::heartbeat).filter(WorkerHeartbeat::ready).toList();
        List<WorkerHeartbeat> notReady = live.stream().map(Seen::heartbeat).filter(h -> !h.ready()).toList();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("models", distinct(ready.stream().map(WorkerHeartbeat::model).toList()));
        details.put("execution_providers", distinct(ready.stream().map(WorkerHeartbeat::executionProvider).toList()));
        List<Map<String, Object>> fallbacks = ready.stream()
                .filter(h -> h.executionProviderRequested() != null
                        && !h.executionProviderRequested().equals(h.executionProvider()))
                .map(h -> {
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("worker_id", h.workerId());
                    f.put("requested", h.executionProviderRequested());
                    f.put("running_on", h.executionProvider());
                    f.put("reason", h.executionProviderReason());
                    return f;
                }).toList();
        if (!fallbacks.isEmpty()) {
            details.put("execution_provider_fallbacks", fallbacks);
        }
        details.put("ready_workers", ready.size());
        if (!notReady.isEmpty()) {
            details.put("workers_not_ready", notReady.stream().map(h -> {
                Map<String, Object> w = new LinkedHashMap<>();
                w.put("worker_id", h.workerId());
                w.put("error", h.error());
                return w;
            }).toList());
        }
        if (!ready.isEmpty()) {
            return Checked.now(ID, ServiceStatus.up(NAME, details));
        }
        if (live.isEmpty()) {
            return Checked.now(ID, ServiceStatus.down(NAME, details, ErrorType.SERVICE_UNAVAILABLE,
                    "Face Detection Service service is not available: no live embedding worker (none sent a "
                            + "heartbeat in the last " + StatusCheck.seconds(registry.staleness()) + ")",
                    NO_WORKER_SUGGESTION));
        }
        String why = distinct(notReady.stream().map(WorkerHeartbeat::error).toList()).stream()
                .reduce((a, b) -> a + "; " + b).orElse("not ready");
        return Checked.now(ID, ServiceStatus.down(NAME, details, ErrorType.IMPORT_ERROR,
                "Face detection models could not be loaded: " + why, NOT_READY_SUGGESTION));
    }

    @Override
    public Checked failed(Throwable cause, Duration timeout) {
        return Checked.now(ID, ServiceStatus.down(NAME, new LinkedHashMap<>(), ErrorType.UNEXPECTED_ERROR,
                "Face Detection Service could not be evaluated: " + StatusCheck.describe(cause, timeout),
                NO_WORKER_SUGGESTION));
    }

    private static List<String> distinct(List<String> values) {
        return values.stream().filter(Objects::nonNull).distinct().sorted().toList();
    }
}
