package dev.visage.status.kafka;

import dev.visage.common.messaging.KafkaConnection;
import dev.visage.common.messaging.MessageCodec;
import dev.visage.common.messaging.TopicReader;
import dev.visage.status.config.StatusConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Set;

/**
 * Reads the workers' heartbeats into the {@link WorkerRegistry} with a {@link TopicReader}: every partition, no
 * consumer group (so any number of status-service instances each see every heartbeat, and nothing is committed),
 * starting one staleness window back so that workers are known at once after a restart. While Kafka is down it
 * keeps trying; the registry is told it is as current as it can be, and the status shows the outage.
 */
@ApplicationScoped
public class HeartbeatListener {

    private static final Logger LOG = Logger.getLogger(HeartbeatListener.class);
    private static final Duration PARTITION_REFRESH = Duration.ofSeconds(30);

    private final WorkerRegistry registry;
    private final KafkaConnection kafka;
    private final StatusConfig config;
    private TopicReader reader;

    public HeartbeatListener(WorkerRegistry registry, KafkaConnection kafka, StatusConfig config) {
        this.registry = registry;
        this.kafka = kafka;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        reader = new TopicReader("visage-heartbeat-listener",
                KafkaAdmin.properties(kafka, config.checkTimeout(), "visage-status-heartbeats"),
                config.workers().heartbeatTopic(), TopicReader.Start.lookingBack(config.workerStaleness()),
                PARTITION_REFRESH, config.checkTimeout(), new Listener());
        reader.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (reader != null) {
            reader.close();
        }
    }

    private final class Listener implements TopicReader.Listener {

        @Override
        public void onRecord(ConsumerRecord<String, byte[]> r) {
            if (r.value() == null) {
                return;
            }
            try {
                registry.record(MessageCodec.HEARTBEAT.decode(r.value()), r.timestamp());
            } catch (RuntimeException e) {
                LOG.debugf("ignoring an unreadable heartbeat at %s-%d@%d: %s", r.topic(), r.partition(), r.offset(),
                        e.getMessage());
            }
        }

        @Override
        public void onAssigned(Set<TopicPartition> partitions) {
            LOG.debugf("reading heartbeats from %d partitions of %s", partitions.size(),
                    config.workers().heartbeatTopic());
        }

        /** No heartbeat topic yet means no worker has ever started; Kafka down means none can be known. */
        @Override
        public void onCaughtUp() {
            registry.markCaughtUp();
        }

        @Override
        public void onFailure(RuntimeException e) {
            LOG.debugf("heartbeat listener: %s", e.toString());
        }
    }
}
