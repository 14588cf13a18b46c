package dev.visage.status.kafka;

import dev.visage.common.messaging.WorkerHeartbeat;
import dev.visage.status.config.StatusConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest heartbeat of every worker seen recently. A worker is live while its latest heartbeat is younger
 * than {@code visage.status.worker-staleness}; its age is measured from the heartbeat's {@code sent_at}, so a
 * heartbeat read late (after an outage, or when this service starts and reads back the last window) is never
 * mistaken for a fresh one. This assumes the hosts' clocks agree to within a second or so (NTP).
 */
@ApplicationScoped
public class WorkerRegistry {

    /** A worker's latest heartbeat. */
    public record Seen(WorkerHeartbeat heartbeat, long sentAtMillis) {
        public long ageMillis(long now) {
            return Math.max(0, now - sentAtMillis);
        }
    }

    private final Map<String, Seen> workers = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    private final Duration staleness;
    private final Duration forget;

    public WorkerRegistry(StatusConfig config) {
        this.staleness = config.workerStaleness();
        this.forget = config.workerForget();
    }

    /** Keeps the heartbeat unless a newer one of the same worker is known. */
    public void record(WorkerHeartbeat heartbeat, long recordTimestampMillis) {
        if (heartbeat == null || heartbeat.workerId() == null) {
            return;
        }
        long sentAt = heartbeat.sentAtEpochMillis() > 0 ? heartbeat.sentAtEpochMillis() : recordTimestampMillis;
        workers.merge(heartbeat.workerId(), new Seen(heartbeat, sentAt),
                (old, fresh) -> fresh.sentAtMillis() >= old.sentAtMillis() ? fresh : old);
    }

    /** Workers whose latest heartbeat is within the staleness window, newest first. */
    public List<Seen> live(long now) {
        forgetOld(now);
        return workers.values().stream().filter(s -> s.ageMillis(now) <= staleness.toMillis())
                .sorted(Comparator.comparing((Seen s) -> s.heartbeat().workerId())).toList();
    }

    /** Workers seen within {@code worker-forget} but no longer live. */
    public List<Seen> stale(long now) {
        forgetOld(now);
        return workers.values().stream().filter(s -> s.ageMillis(now) > staleness.toMillis())
                .sorted(Comparator.comparing((Seen s) -> s.heartbeat().workerId())).toList();
    }

    /**
     * Completes once the listener has read back the last staleness window (or found that there is nothing to
     * read, or that Kafka cannot be reached): until then "no live worker" would only mean "not read yet".
     */
    public CompletionStage<Void> caughtUp() {
        return caughtUp.copy(); // a copy: a waiter that gives up (cancels) must not cancel it for everyone
    }

    public void markCaughtUp() {
        caughtUp.complete(null);
    }

    public Duration staleness() {
        return staleness;
    }

    private void forgetOld(long now) {
        workers.values().removeIf(s -> s.ageMillis(now) > forget.toMillis());
    }
}
