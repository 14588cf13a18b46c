package dev.visage.api.worker;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Looks up the worker group's members every {@code visage.api.worker.membership-interval} on its own thread, so
 * that neither a request nor a readiness probe waits on Kafka's admin API: a request can be refused at once when
 * no worker is there to answer it, and readiness reads the last observation.
 */
@ApplicationScoped
public class WorkerGroupWatch {

    private static final Logger LOG = Logger.getLogger(WorkerGroupWatch.class);

    /** What the last look found: the member count, or why there is none to tell. */
    public record Observation(int members, String unknownBecause) {

        static Observation of(int members) {
            return new Observation(members, null);
        }

        static Observation unknown(String why) {
            return new Observation(-1, why);
        }

        public boolean known() {
            return unknownBecause == null;
        }
    }

    private final EmbeddingWorkerClient client;
    private final WorkerClientConfig config;
    private final ScheduledExecutorService looker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "worker-group-watch");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Observation last = Observation.unknown("not looked up yet");
    private final List<Runnable> whenEmptied = new CopyOnWriteArrayList<>();

    public WorkerGroupWatch(EmbeddingWorkerClient client, WorkerClientConfig config) {
        this.client = client;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        looker.scheduleWithFixedDelay(this::look, 0, config.membershipInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        looker.shutdownNow();
    }

    /** Runs {@code reaction} (on the watch's thread) each time the group is seen empty after having had members. */
    public void whenEmptied(Runnable reaction) {
        whenEmptied.add(reaction);
    }

    public Observation last() {
        return last;
    }

    /** True only when Kafka said the group has no member: a request now would wait for nobody. */
    public boolean noWorkerAlive() {
        Observation seen = last;
        return seen.known() && seen.members() == 0;
    }

    private void look() {
        Observation before = last;
        try {
            last = Observation.of(client.activeWorkers());
        } catch (RuntimeException e) {
            last = Observation.unknown(e.getMessage());
        }
        if (before.known() && last.known() && (before.members() == 0) != (last.members() == 0)) {
            LOG.infof("embedding workers: %d in group %s", last.members(), config.consumerGroup());
            if (last.members() == 0) {
                whenEmptied.forEach(Runnable::run);
            }
        }
    }
}
