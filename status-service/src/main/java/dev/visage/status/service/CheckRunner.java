package dev.visage.status.service;

import dev.visage.status.check.Checked;
import dev.visage.status.check.StatusCheck;
import dev.visage.status.config.StatusConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs checks with their timeout and shares their results: a check in flight is joined, not started again, and
 * a result is reused for {@code visage.status.cache-ttl}. However many probes arrive, each dependency is asked at
 * most once per TTL, and no caller waits longer than the check timeout.
 */
@ApplicationScoped
public class CheckRunner {

    private static final Logger LOG = Logger.getLogger(CheckRunner.class);

    private final Duration timeout;
    private final long ttlNanos;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> up = new ConcurrentHashMap<>();
    private final MeterRegistry registry;

    public CheckRunner(StatusConfig config, MeterRegistry registry) {
        this.timeout = config.checkTimeout();
        this.ttlNanos = config.cacheTtl().toNanos();
        this.registry = registry;
    }

    private static final class Entry {
        final CompletableFuture<Checked> result = new CompletableFuture<>();
        volatile long completedAt;

        boolean usable(long now, long ttl) {
            return !result.isDone() || now - completedAt < ttl;
        }
    }

    public Uni<Checked> run(StatusCheck check) {
        Entry fresh = new Entry();
        Entry entry = entries.compute(check.id(),
                (id, old) -> old != null && old.usable(System.nanoTime(), ttlNanos) ? old : fresh);
        if (entry == fresh) {
            start(check, fresh);
        }
        // A copy: a caller that gives up cancels its own stage, never the result other callers share.
        return Uni.createFrom().completionStage(entry.result.copy());
    }

    /** Exports the result: one 0/1 gauge per dependency and the time the check took. */
    private void record(StatusCheck check, Checked result, long startNanos) {
        Timer.builder("visage.status.check").description("Time a dependency check took")
                .tag("dependency", check.id()).register(registry)
                .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        up.computeIfAbsent(check.id(), id -> registry.gauge("visage.dependency.up",
                        Tags.of("dependency", id), new AtomicInteger()))
                .set(result.status().healthy() ? 1 : 0);
    }

    private void start(StatusCheck check, Entry entry) {
        long startNanos = System.nanoTime();
        Uni<Checked> attempt;
        try {
            attempt = check.run();
        } catch (RuntimeException e) {
            attempt = Uni.createFrom().failure(e);
        }
        attempt.ifNoItem().after(timeout).fail()
                .onFailure().recoverWithItem(e -> {
                    boolean timedOut = e instanceof io.smallrye.mutiny.TimeoutException;
                    LOG.debugf("check %s %s", check.id(), timedOut ? "timed out" : "failed: " + e);
                    return check.failed(timedOut ? null : e, timeout);
                })
                .subscribe().with(result -> {
                    entry.completedAt = System.nanoTime();
                    record(check, result, startNanos);
                    entry.result.complete(result);
                }, e -> {
                    entry.completedAt = System.nanoTime();
                    entry.result.complete(check.failed(e, timeout));
                });
    }
}
