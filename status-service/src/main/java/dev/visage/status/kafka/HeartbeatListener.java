package dev.visage.status.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.visage.common.messaging.WorkerHeartbeat;
import dev.visage.status.config.StatusConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the workers' heartbeats into the {@link WorkerRegistry}. It reads every partition of the heartbeat topic
 * without a consumer group (so any number of status-service instances each see every heartbeat, and nothing is
 * committed), starting one staleness window back so that workers are known at once after a restart. While Kafka
 * is down it keeps polling; the client reconnects when the broker is back.
 */
@ApplicationScoped
public class HeartbeatListener {

    private static final Logger LOG = Logger.getLogger(HeartbeatListener.class);
    private static final Duration PARTITION_REFRESH = Duration.ofSeconds(30);

    private final WorkerRegistry registry;
    private final ObjectMapper mapper;
    private final String bootstrapServers;
    private final StatusConfig config;
    private volatile boolean running;
    private volatile KafkaConsumer<String, String> consumer;
    /** End offsets when the partitions were assigned: once read up to these, the last window is known. */
    private final Map<TopicPartition, Long> catchUpTo = new HashMap<>();
    private Thread thread;

    public HeartbeatListener(WorkerRegistry registry, ObjectMapper mapper,
                             @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                             StatusConfig config) {
        this.registry = registry;
        this.mapper = mapper;
        this.bootstrapServers = bootstrapServers;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::loop, "visage-heartbeat-listener");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        String topic = config.workers().heartbeatTopic();
        Map<String, Object> props = new HashMap<>(
                KafkaAdmin.properties(bootstrapServers, config.checkTimeout(), "visage-status-heartbeats"));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        // Looking for the topic must not create it with broker defaults: the workers' producers do that.
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props)) {
            consumer = c;
            Set<TopicPartition> assigned = new HashSet<>();
            long nextRefresh = 0;
            while (running) {
                try {
                    if (assigned.isEmpty() || System.nanoTime() > nextRefresh) {
                        assigned = assign(c, topic, assigned);
                        nextRefresh = System.nanoTime() + PARTITION_REFRESH.toNanos();
                        if (assigned.isEmpty()) {
                            registry.markCaughtUp(); // no heartbeat topic yet: no worker has ever started
                            nextRefresh = 0;
                            pause(1000);
                            continue;
                        }
                    }
                    for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                        read(r);
                    }
                    if (!catchUpTo.isEmpty() && catchUpTo.entrySet().stream()
                            .allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
                        catchUpTo.clear();
                        registry.markCaughtUp();
                    }
                } catch (WakeupException e) {
                    // Shutting down.
                } catch (RuntimeException e) {
                    // Kafka unreachable or the topic changing: try again shortly, the status shows the outage.
                    LOG.debugf("heartbeat listener: %s", e.toString());
                    registry.markCaughtUp();
                    pause(1000);
                }
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "the heartbeat listener stopped; worker liveness will not be updated");
        }
    }

    /** Assigns every partition of the topic; new partitions start one staleness window back. */
    private Set<TopicPartition> assign(KafkaConsumer<String, String> c, String topic, Set<TopicPartition> current) {
        List<PartitionInfo> infos = c.partitionsFor(topic, config.checkTimeout());
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
        c.assign(partitions);
        long since = System.currentTimeMillis() - config.workerStaleness().toMillis();
        Map<TopicPartition, Long> query = new HashMap<>();
        added.forEach(tp -> query.put(tp, since));
        Map<TopicPartition, OffsetAndTimestamp> offsets = c.offsetsForTimes(query, config.checkTimeout());
        catchUpTo.putAll(c.endOffsets(added, config.checkTimeout()));
        for (TopicPartition tp : added) {
            OffsetAndTimestamp at = offsets.get(tp);
            if (at != null) {
                c.seek(tp, at.offset());
            } else {
                c.seekToEnd(List.of(tp));
            }
        }
        LOG.debugf("reading heartbeats from %d partitions of %s", partitions.size(), topic);
        return partitions;
    }

    private void read(ConsumerRecord<String, String> r) {
        if (r.value() == null) {
            return;
        }
        try {
            registry.record(mapper.readValue(r.value(), WorkerHeartbeat.class), r.timestamp());
        } catch (Exception e) {
            LOG.debugf("ignoring an unreadable heartbeat at %s-%d@%d: %s", r.topic(), r.partition(), r.offset(),
                    e.getMessage());
        }
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
