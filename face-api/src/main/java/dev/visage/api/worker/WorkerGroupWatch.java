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
 * Whether any embedding worker is there to answer, from two things this instance sees: the worker group's members
 * (looked up every {@code visage.api.worker.membership-interval}) and the workers' heartbeats (listened to every
 * 100 ms). A worker must be in the group to be given photos; a worker that died stays in the group for Kafka's
 * session timeout but misses its beats within about a second. Both are looked at on the watch's own thread, so
 * neither a request nor a readiness probe waits on Kafka: a request can be refused at once when no worker is
 * there to answer it, and readiness reads the last observation.
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

    private static final long LISTEN_EVERY_MS = 100;

    private final EmbeddingWorkerClient client;
    private final WorkerHeartbeats heartbeats;
    private final WorkerClientConfig config;
    private final ScheduledExecutorService looker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "worker-group-watch");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Observation last = Observation.unknown("not looked up yet");
    private volatile WorkerHeartbeats.Hearing heard = new WorkerHeartbeats.Hearing(0, false);
    private final List<Runnable> whenEmptied = new CopyOnWriteArrayList<>();
    private boolean workerWasAlive;

    public WorkerGroupWatch(EmbeddingWorkerClient client, WorkerHeartbeats heartbeats, WorkerClientConfig config) {
        this.client = client;
        this.heartbeats = heartbeats;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        looker.scheduleWithFixedDelay(this::look, 0, config.membershipInterval().toMillis(), TimeUnit.MILLISECONDS);
        looker.scheduleWithFixedDelay(this::listen, 0, LISTEN_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        looker.shutdownNow();
    }

    /** Runs {@code reaction} (on the watch's thread) each time the last worker is seen gone. */
    public void whenEmptied(Runnable reaction) {
        whenEmptied.add(reaction);
    }

    public Observation last() {
        return last;
    }

    public WorkerHeartbeats.Hearing heard() {
        return heard;
    }

    /**
     * True only when Kafka said the group has no member, or when every worker has missed its heartbeats: a
     * request now would wait for nobody. While either is unknown, the other decides.
     */
    public boolean noWorkerAlive() {
        Observation seen = last;
        WorkerHeartbeats.Hearing hearing = heard;
        return (seen.known() && seen.members() == 0) || (hearing.known() && hearing.live() == 0);
    }

    /** Why {@link #noWorkerAlive()} holds, for the caller who is refused. */
    public String whyNoWorker() {
        Observation seen = last;
        if (seen.known() && seen.members() == 0) {
            return "the consumer group " + config.consumerGroup() + " has no member";
        }
        return "no embedding worker has sent a heartbeat within " + config.missedHeartbeats()
                + " of its intervals (a dead worker stays in the consumer group until its Kafka session expires)";
    }

    void look() {
        Observation before = last;
        try {
            last = Observation.of(client.activeWorkers());
        } catch (RuntimeException e) {
            last = Observation.unknown(e.getMessage());
        }
        if (before.known() && last.known() && before.members() != last.members()) {
            LOG.infof("embedding workers: %d in group %s", last.members(), config.consumerGroup());
        }
        reassess();
    }

    void listen() {
        WorkerHeartbeats.Hearing before = heard;
        heard = heartbeats.hear();
        if (before.known() && heard.known() && (before.live() == 0) != (heard.live() == 0)) {
            LOG.infof("embedding workers: %d heard beating", heard.live());
        }
        reassess();
    }

    private void reassess() {
        boolean alive = !noWorkerAlive();
        if (workerWasAlive && !alive) {
            LOG.warnf("no embedding worker is alive (group %s: %s; heartbeats: %s)", config.consumerGroup(),
                    last.known() ? last.members() + " members" : "unknown",
                    heard.known() ? heard.live() + " workers beating" : "not settled");
            whenEmptied.forEach(Runnable::run);
        }
        workerWasAlive = alive;
    }
}
