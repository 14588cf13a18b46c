package dev.visage.status.service;

import dev.visage.status.config.StatusConfig;
import dev.visage.status.kafka.WorkerRegistry;
import dev.visage.status.model.ServiceStatus;
import dev.visage.status.model.StatusReport;
import dev.visage.status.model.StatusSnapshot;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Re-evaluates both documents every {@code visage.status.monitor-interval} (through the check cache), which
 * also keeps the transition log current when nobody is looking, and pushes a {@link StatusSnapshot} to every
 * page connected to the stream: at once when something changed, and at least every
 * {@code visage.status.stream-interval} otherwise.
 */
@ApplicationScoped
public class StatusMonitor {

    private static final Logger LOG = Logger.getLogger(StatusMonitor.class);

    private final StatusReports reports;
    private final StatusConfig config;
    private final WorkerRegistry registry;
    private final BroadcastProcessor<StatusSnapshot> broadcast = BroadcastProcessor.create();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile String latestSignature;
    private volatile long lastPushNanos;
    private volatile boolean started;

    public StatusMonitor(StatusReports reports, StatusConfig config, WorkerRegistry registry) {
        this.reports = reports;
        this.config = config;
        this.registry = registry;
    }

    void start(@Observes StartupEvent event, Vertx vertx) {
        started = true;
        // The first round waits until the workers' recent heartbeats are read back (at most one staleness
        // window), so that a restart of this service does not log, or push, a worker outage that is not one.
        Uni.createFrom().completionStage(registry.caughtUp())
                .ifNoItem().after(config.workerStaleness()).recoverWithItem((Void) null)
                .subscribe().with(ignored -> {
                    vertx.setPeriodic(config.monitorInterval().toMillis(), id -> refresh());
                    refresh();
                });
    }

    public boolean started() {
        return started;
    }

    /** Both documents now (from the cache when fresh). */
    public Uni<StatusSnapshot> snapshot() {
        return Uni.combine().all().unis(reports.faceVerification(), reports.background()).asTuple()
                .map(t -> new StatusSnapshot(t.getItem1(), t.getItem2()));
    }

    /** The current snapshot at once, then every pushed one; a slow reader skips to the newest. */
    public Multi<StatusSnapshot> stream() {
        Multi<StatusSnapshot> first = snapshot().toMulti();
        Multi<StatusSnapshot> pushed = broadcast.onOverflow().dropPreviousItems();
        return Multi.createBy().merging().streams(first, pushed);
    }

    private void refresh() {
        if (!refreshing.compareAndSet(false, true)) {
            return;
        }
        snapshot().subscribe().with(snapshot -> {
            try {
                String signature = signature(snapshot);
                long now = System.nanoTime();
                boolean changed = !signature.equals(latestSignature);
                if (changed || now - lastPushNanos >= config.streamInterval().toNanos()) {
                    latestSignature = signature;
                    lastPushNanos = now;
                    broadcast.onNext(snapshot);
                }
            } finally {
                refreshing.set(false);
            }
        }, e -> {
            refreshing.set(false);
            LOG.warnf(e, "status refresh failed");
        });
    }

    /** What a page shows as a change: each service's health and message, and each document's verdict. */
    static String signature(StatusSnapshot s) {
        return part(s.faceVerification()) + "#" + part(s.background());
    }

    private static String part(StatusReport r) {
        return r.overallStatus().wireName() + ":" + r.services().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().healthy() + "/" + message(e.getValue()))
                .collect(Collectors.joining(","));
    }

    private static String message(ServiceStatus s) {
        return s.healthy() ? "" : String.valueOf(s.error());
    }
}
