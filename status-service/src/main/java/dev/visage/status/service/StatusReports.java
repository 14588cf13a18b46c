package dev.visage.status.service;

import dev.visage.status.check.Checked;
import dev.visage.status.check.DatabaseCheck;
import dev.visage.status.check.EmbeddingWorkersCheck;
import dev.visage.status.check.FaceDetectionCheck;
import dev.visage.status.check.KafkaCheck;
import dev.visage.status.check.RedisCheck;
import dev.visage.status.check.StatusCheck;
import dev.visage.status.check.VectorIndexCheck;
import dev.visage.status.model.OverallStatus;
import dev.visage.status.model.ServiceStatus;
import dev.visage.status.model.StatusReport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two status documents and what is critical in each. A critical service down makes the document
 * {@code unhealthy} (its health endpoint answers 503); a non-critical one only {@code degraded} (200).
 * <ul>
 *   <li>face-verification: vector index, face detection, embedding workers: all critical.</li>
 *   <li>background: Kafka, database, embedding workers critical; Redis not (face-api only caches in it).</li>
 * </ul>
 * Every check of a document runs at the same time, each with its own timeout.
 */
@ApplicationScoped
public class StatusReports {

    public static final String FACE_VERIFICATION = "face-verification";
    public static final String BACKGROUND = "background";

    record Item(StatusCheck check, boolean critical) {
    }

    private final CheckRunner runner;
    private final TransitionLog transitions;
    private final List<Item> faceVerification;
    private final List<Item> background;

    public StatusReports(CheckRunner runner, TransitionLog transitions, VectorIndexCheck vectorIndex,
                         FaceDetectionCheck faceDetection, EmbeddingWorkersCheck workers, RedisCheck redis,
                         KafkaCheck kafka, DatabaseCheck database) {
        this.runner = runner;
        this.transitions = transitions;
        this.faceVerification = List.of(new Item(vectorIndex, true), new Item(faceDetection, true),
                new Item(workers, true));
        this.background = List.of(new Item(redis, false), new Item(kafka, true), new Item(workers, true),
                new Item(database, true));
    }

    public Uni<StatusReport> faceVerification() {
        return report(FACE_VERIFICATION, faceVerification);
    }

    public Uni<StatusReport> background() {
        return report(BACKGROUND, background);
    }

    private Uni<StatusReport> report(String name, List<Item> items) {
        List<Uni<Checked>> checks = items.stream().map(i -> runner.run(i.check())).toList();
        return Uni.combine().all().unis(checks).with(results -> {
            Map<String, ServiceStatus> services = new LinkedHashMap<>();
            OverallStatus overall = OverallStatus.HEALTHY;
            int healthy = 0;
            Instant oldest = null;
            for (int i = 0; i < items.size(); i++) {
                Checked checked = (Checked) results.get(i);
                ServiceStatus status = checked.status().withCritical(items.get(i).critical());
                services.put(checked.key(), status);
                if (status.healthy()) {
                    healthy++;
                } else if (status.critical()) {
                    overall = OverallStatus.UNHEALTHY;
                } else if (overall == OverallStatus.HEALTHY) {
                    overall = OverallStatus.DEGRADED;
                }
                if (oldest == null || checked.checkedAt().isBefore(oldest)) {
                    oldest = checked.checkedAt();
                }
            }
            StatusReport report = new StatusReport(overall, services, healthy, items.size(), oldest);
            transitions.observe(name, report);
            return report;
        });
    }
}
