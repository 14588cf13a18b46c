package dev.visage.api.worker;

import dev.visage.common.messaging.KafkaConnection;
import dev.visage.common.messaging.MessageCodec;
import dev.visage.common.messaging.TopicReader;
import dev.visage.common.messaging.WorkerHeartbeat;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The workers' heartbeats as this instance receives them. A worker that stops beating (killed, its node lost, cut
 * off from Kafka) is counted gone after {@code visage.api.worker.missed-heartbeats} of its own intervals, about a
 * second by default: Kafka keeps a dead member in the group until its session expires (6 s at the least), and
 * photos sent to it in between would otherwise wait for nobody. Silence is measured on this instance's clock from
 * when each beat arrived, so the hosts' clocks need not agree. An answer from a worker counts as a beat: a worker
 * busy answering is alive even when its beats are late. And silence is only believed while the reader keeps
 * polling: when this instance itself is starved of CPU, late beats say nothing about the workers.
 */
@ApplicationScoped
public class WorkerHeartbeats {

    private static final Logger LOG = Logger.getLogger(WorkerHeartbeats.class);
    /** The interval assumed for a worker that does not say its own. */
    private static final Duration DEFAULT_INTERVAL = Duration.ofMillis(250);
    /** How long to listen before "no beat heard" means "no worker" rather than "not heard yet". */
    private static final Duration SETTLE = Duration.ofSeconds(5);
    /** A reader whose last poll is older than this is behind, not hearing silence. */
    private static final Duration READER_BEHIND = Duration.ofSeconds(1);

    /** What the last look found: how many workers beat within their limit, or unknown while still settling. */
    public record Hearing(int live, boolean known) {
    }

    private record Beat(long arrivedNanos, long limitNanos) {
    }

    private final WorkerClientConfig config;
    private final LongSupplier clock;
    private final Map<String, Beat> workers = new ConcurrentHashMap<>();
    private final KafkaConnection kafka;
    private volatile long listeningSinceNanos;
    private volatile boolean listening;
    private volatile boolean heardAny;
    private volatile long lastPolledNanos;
    private TopicReader reader;

    @Inject
    public WorkerHeartbeats(WorkerClientConfig config, KafkaConnection kafka) {
        this(config, kafka, System::nanoTime);
    }

    WorkerHeartbeats(WorkerClientConfig config, KafkaConnection kafka, LongSupplier clock) {
        this.config = config;
        this.kafka = kafka;
        this.clock = clock;
    }

    void start(@Observes StartupEvent event) {
        reader = new TopicReader("worker-heartbeat-reader", kafka.with(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "face-api-heartbeats",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50)),
                config.heartbeatTopic(), TopicReader.Start.atEnd(), Duration.ofSeconds(30), Duration.ofSeconds(5),
                new TopicReader.Listener() {
                    @Override
                    public void onRecord(ConsumerRecord<String, byte[]> record) {
                        try {
                            heard(MessageCodec.HEARTBEAT.decode(record.value()));
                        } catch (UncheckedIOException e) {
                            LOG.debugf("unreadable heartbeat skipped: %s", e.getMessage());
                        }
                    }

                    @Override
                    public void onAssigned(Set<TopicPartition> partitions) {
                        startedListening();
                    }

                    @Override
                    public void onPolled() {
                        polled();
                    }
                });
        reader.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (reader != null) {
            reader.close();
        }
    }

    /** From now on every beat sent reaches {@link #heard}; silence counts from here. */
    void startedListening() {
        if (!listening) {
            listeningSinceNanos = clock.getAsLong();
            lastPolledNanos = listeningSinceNanos;
            listening = true;
        }
    }

    void polled() {
        lastPolledNanos = clock.getAsLong();
    }

    /** An answer from {@code workerId} just arrived: it is alive, whatever its beats say. */
    public void answeredBy(String workerId) {
        if (workerId == null) {
            return;
        }
        long now = clock.getAsLong();
        workers.compute(workerId, (id, last) -> new Beat(now, last != null ? last.limitNanos()
                : DEFAULT_INTERVAL.toNanos() * config.missedHeartbeats()));
    }

    void heard(WorkerHeartbeat heartbeat) {
        if (heartbeat == null || heartbeat.workerId() == null) {
            return;
        }
        long interval = heartbeat.intervalMillis() > 0 ? heartbeat.intervalMillis() : DEFAULT_INTERVAL.toMillis();
        heardAny = true;
        workers.put(heartbeat.workerId(),
                new Beat(clock.getAsLong(), Duration.ofMillis(interval).toNanos() * config.missedHeartbeats()));
    }

    /**
     * Workers whose last beat arrived within their limit. Unknown until a beat was heard or the topic has been
     * read for a few seconds (at start, silence means nothing yet), and while the reader is behind.
     */
    public Hearing hear() {
        long now = clock.getAsLong();
        workers.values().removeIf(beat -> now - beat.arrivedNanos() > SETTLE.toNanos() + beat.limitNanos());
        int live = (int) workers.values().stream().filter(beat -> now - beat.arrivedNanos() <= beat.limitNanos())
                .count();
        boolean settled = listening && now - listeningSinceNanos >= SETTLE.toNanos();
        boolean readerBehind = now - lastPolledNanos > READER_BEHIND.toNanos();
        return new Hearing(live, live > 0 || ((heardAny || settled) && !readerBehind));
    }
}
