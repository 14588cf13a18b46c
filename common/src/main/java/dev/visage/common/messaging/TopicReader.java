package dev.visage.common.messaging;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads every partition of one topic on its own thread, without a consumer group: each reading process sees
 * every record and nothing is committed. That is what a request/reply gateway needs (a reply may land on any
 * partition) and what a status view of heartbeats needs (every instance sees every worker). The partitions are
 * looked up again every {@code refresh}, so partitions added later are read too; while Kafka is unreachable the
 * reader keeps trying once a second and the Kafka client reconnects when the broker is back.
 */
public final class TopicReader implements AutoCloseable {

    /** What the reader tells its owner. Called on the reader's thread. */
    public interface Listener {

        void onRecord(ConsumerRecord<String, byte[]> record);

        /** Before each attempt to find the topic's partitions, e.g. to create the topic. */
        default void beforeAssigning() {
        }

        /** Every partition known now is assigned and positioned. */
        default void onAssigned(Set<TopicPartition> partitions) {
        }

        /**
         * Everything that was in the topic's window when the reader started has been read, or there is nothing to
         * read (no topic yet, Kafka unreachable): from now on, what the owner knows is as current as it gets.
         */
        default void onCaughtUp() {
        }

        /** A poll returned (with or without records): the reader is keeping up, and silence is real silence. */
        default void onPolled() {
        }

        /** Reading failed; the reader retries in a second. */
        default void onFailure(RuntimeException e) {
        }
    }

    /** Where newly assigned partitions start: at their end, or a window back in time. */
    public record Start(Duration lookBack) {

        public static Start atEnd() {
            return new Start(Duration.ZERO);
        }

        public static Start lookingBack(Duration window) {
            return new Start(window);
        }
    }

    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration POLL = Duration.ofMillis(500);

    private final String topic;
    private final Start start;
    private final Duration refresh;
    private final Duration timeout;
    private final Listener listener;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final Map<TopicPartition, Long> catchUpTo = new HashMap<>();
    private volatile boolean running;
    private volatile boolean assigned;
    private boolean started;

    /**
     * @param consumerConfig connection settings (bootstrap servers, client id, timeouts); the reader sets the
     *                       deserializers, turns committing off and never lets a lookup create the topic
     * @param timeout        how long one metadata or offset lookup may take
     */
    public TopicReader(String threadName, Map<String, Object> consumerConfig, String topic, Start start,
                       Duration refresh, Duration timeout, Listener listener) {
        this.topic = topic;
        this.start = start;
        this.refresh = refresh;
        this.timeout = timeout;
        this.listener = listener;
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::loop, threadName);
        this.thread.setDaemon(true);
    }

    public synchronized void start() {
        running = true;
        started = true;
        thread.start();
    }

    /** True once every partition of the topic is assigned, so no record written from now on can be missed. */
    public boolean assigned() {
        return assigned;
    }

    @Override
    public synchronized void close() {
        running = false;
        if (!started) {
            consumer.close(Duration.ZERO);
            return;
        }
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        Set<TopicPartition> partitions = Set.of();
        long nextRefresh = 0;
        try {
            while (running) {
                try {
                    if (partitions.isEmpty() || System.nanoTime() - nextRefresh > 0) {
                        listener.beforeAssigning();
                        partitions = assign(partitions);
                        nextRefresh = System.nanoTime() + refresh.toNanos();
                        if (partitions.isEmpty()) {
                            listener.onCaughtUp();
                            pause();
                            continue;
                        }
                    }
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                        listener.onRecord(record);
                    }
                    listener.onPolled();
                    if (!catchUpTo.isEmpty() && catchUpTo.entrySet().stream()
                            .allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                        catchUpTo.clear();
                        listener.onCaughtUp();
                    }
                } catch (WakeupException e) {
                    break;
                } catch (RuntimeException e) {
                    listener.onFailure(e);
                    listener.onCaughtUp();
                    pause();
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Assigns every partition of the topic; the ones not read before start where {@link Start} says. */
    private Set<TopicPartition> assign(Set<TopicPartition> current) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            return current;
        }
        Set<TopicPartition> partitions = new HashSet<>();
        infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
        if (partitions.equals(current)) {
            return current;
        }
        Set<TopicPartition> added = new HashSet<>(partitions);
        added.removeAll(current);
        consumer.assign(partitions);
        catchUpTo.putAll(consumer.endOffsets(added, timeout));
        if (start.lookBack().isZero()) {
            consumer.seekToEnd(added);
        } else {
            long since = System.currentTimeMillis() - start.lookBack().toMillis();
            Map<TopicPartition, Long> query = new HashMap<>();
            added.forEach(tp -> query.put(tp, since));
            Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(query, timeout);
            for (TopicPartition tp : added) {
                OffsetAndTimestamp at = offsets.get(tp);
                if (at != null) {
                    consumer.seek(tp, at.offset());
                } else {
                    consumer.seekToEnd(List.of(tp));
                }
            }
        }
        // Resolve the lazy seeks now, so that "assigned" really means reading from here on.
        added.forEach(consumer::position);
        assigned = true;
        listener.onAssigned(partitions);
        return partitions;
    }

    private void pause() {
        try {
            Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
