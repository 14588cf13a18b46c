package dev.visage.api.worker;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;
import dev.visage.common.error.VisageException;
import dev.visage.common.messaging.EmbeddingReply;
import dev.visage.common.messaging.EmbeddingRequest;
import dev.visage.common.messaging.KafkaConnection;
import dev.visage.common.messaging.KafkaContract;
import dev.visage.common.messaging.MalformedRecordException;
import dev.visage.common.messaging.ReplyCodec;
import dev.visage.common.messaging.RequestCodec;
import dev.visage.common.messaging.TopicReader;
import dev.visage.common.messaging.WireRecord;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Request/reply over Kafka with the embedding workers. Requests go to the request topic, keyed by request id and
 * laid out by {@link RequestCodec} (the photo as the value, its metadata in headers), where the worker consumer
 * group shares them out; every gateway instance reads all reply partitions itself
 * ({@link TopicReader}: no consumer group, from the end) and completes the caller waiting for that id. A caller
 * whose reply does not come within the configured timeout, say because its worker died, gets a typed
 * {@code service_unavailable} error and a late reply is dropped.
 */
@ApplicationScoped
public class EmbeddingWorkerClient {

    private static final Logger LOG = Logger.getLogger(EmbeddingWorkerClient.class);
    static final String WORKER_SERVICE = "Embedding Worker";
    static final String KAFKA_SERVICE = "Kafka";
    private static final Duration PARTITION_REFRESH = Duration.ofSeconds(30);
    /** How long the request and reply topics keep photos and embeddings, and in what size of segment. */
    private static final Map<String, String> PHOTO_LIMITS = Map.of(
            TopicConfig.RETENTION_MS_CONFIG, String.valueOf(KafkaContract.PHOTO_RETENTION_MS),
            TopicConfig.SEGMENT_BYTES_CONFIG, String.valueOf(KafkaContract.PHOTO_SEGMENT_BYTES));

    private final WorkerClientConfig config;
    private final WorkerHeartbeats heartbeats;
    private final Timer roundTrip;
    private final KafkaConnection kafka;
    private final Map<String, CompletableFuture<EmbeddingReply>> pending = new ConcurrentHashMap<>();

    private KafkaProducer<String, byte[]> producer;
    private Admin admin;
    private TopicReader replies;

    public EmbeddingWorkerClient(WorkerClientConfig config, WorkerHeartbeats heartbeats, MeterRegistry registry,
                                 KafkaConnection kafka) {
        this.config = config;
        this.heartbeats = heartbeats;
        this.roundTrip = Timer.builder("visage.api.worker.roundtrip")
                .description("From sending a photo to the workers to receiving their answer")
                .publishPercentileHistogram().register(registry);
        this.kafka = kafka;
    }

    void onStart(@Observes StartupEvent event) {
        producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer());
        admin = Admin.create(adminConfig());
        replies = new TopicReader("embedding-reply-reader", consumerConfig(), config.replyTopic(),
                TopicReader.Start.atEnd(), PARTITION_REFRESH, Duration.ofSeconds(5), new ReplyListener());
        replies.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (replies != null) {
            replies.close();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
        failPending(VisageException.serviceUnavailable("Face API", "the gateway is shutting down",
                "Retry the request."));
    }

    /** True once this gateway reads every reply partition, so no reply can be missed. */
    public boolean readyForReplies() {
        return replies != null && replies.assigned();
    }

    public int pendingRequests() {
        return pending.size();
    }

    /** Answers every caller still waiting with {@code failure}, for when no worker is left to answer them. */
    public void failPending(VisageException failure) {
        pending.values().forEach(waiting -> waiting.completeExceptionally(failure));
    }

    /**
     * Members of the worker consumer group right now (none when no worker ever joined it); blocks for at most two
     * seconds and fails when Kafka cannot say.
     */
    public int activeWorkers() {
        String group = config.consumerGroup();
        try {
            return admin.describeConsumerGroups(List.of(group), new DescribeConsumerGroupsOptions().timeoutMs(2_000))
                    .describedGroups().get(group).get(2, TimeUnit.SECONDS).members().size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return 0;
            }
            throw new IllegalStateException("the worker group could not be described: " + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the worker group could not be described in time", e);
        }
    }

    /**
     * Sends one photo to the workers and waits, without blocking, for the reply. The photos of one call (the same
     * {@code callId}, e.g. the two of a verify) go to one partition of the request topic: one worker then takes them
     * in one fetch and embeds them in one batch, where photos on two partitions often arrived a batch window apart
     * and were embedded one after the other. Different calls still spread over all partitions.
     */
    public Uni<EmbeddingReply> request(EmbeddingRequest request, String callId) {
        Duration timeout = config.timeout();
        long start = System.nanoTime();
        return Uni.createFrom().<EmbeddingReply>completionStage(() -> send(request, callId))
                .invoke(() -> roundTrip.record(System.nanoTime() - start, TimeUnit.NANOSECONDS))
                .ifNoItem().after(timeout).failWith(() -> VisageException.serviceUnavailable(WORKER_SERVICE,
                        "no embedding worker answered within " + timeout.toMillis() + " ms",
                        "Check that at least one embedding worker is running and consuming "
                                + config.requestTopic() + "; then retry."))
                .onTermination().invoke(() -> pending.remove(request.requestId()));
    }

    private CompletableFuture<EmbeddingReply> send(EmbeddingRequest request, String callId) {
        WireRecord wire = RequestCodec.encode(request);
        CompletableFuture<EmbeddingReply> reply = new CompletableFuture<>();
        pending.put(request.requestId(), reply);
        try {
            int partition = partitionFor(callId, producer.partitionsFor(config.requestTopic()).size());
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(config.requestTopic(), partition, wire.key(),
                    wire.value(), wire.headers());
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    reply.completeExceptionally(kafkaDown(error));
                }
            });
        } catch (RuntimeException e) {
            reply.completeExceptionally(kafkaDown(e));
        }
        return reply;
    }

    /** The partition of a call's photos: Kafka's own key hash (murmur2) of the call id. */
    static int partitionFor(String callId, int partitions) {
        return Utils.toPositive(Utils.murmur2(callId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private static VisageException kafkaDown(Throwable error) {
        return VisageException.serviceUnavailable(KAFKA_SERVICE, error.getClass().getSimpleName() + ": "
                        + error.getMessage(),
                "Check that the Kafka brokers are running and reachable from face-api; then retry.");
    }

    /** Completes the caller waiting for each reply; creates the topics first when they are missing. */
    private final class ReplyListener implements TopicReader.Listener {

        @Override
        public void beforeAssigning() {
            ensureTopics();
        }

        @Override
        public void onAssigned(Set<TopicPartition> partitions) {
            LOG.infof("reading embedding replies from %d partitions of %s", partitions.size(), config.replyTopic());
        }

        /** Every instance reads every reply: only the ones a caller here waits for are decoded. */
        @Override
        public void onRecord(ConsumerRecord<String, byte[]> record) {
            CompletableFuture<EmbeddingReply> waiting = record.key() == null ? null : pending.get(record.key());
            if (waiting == null) {
                return;
            }
            try {
                EmbeddingReply reply = ReplyCodec.decode(record.key(), record.headers(), record.value());
                heartbeats.answeredBy(reply.workerId());
                waiting.complete(reply);
            } catch (MalformedRecordException e) {
                LOG.warnf("request %s: unreadable reply at %s-%d@%d: %s", record.key(), record.topic(),
                        record.partition(), record.offset(), e.getMessage());
                waiting.completeExceptionally(VisageException.unexpected("reading the worker's reply", e));
            }
        }

        @Override
        public void onFailure(RuntimeException e) {
            LOG.warnf("reading embedding replies failed, retrying: %s", e.getMessage());
        }
    }

    private void ensureTopics() {
        Map<String, String> photos = new HashMap<>(PHOTO_LIMITS);
        photos.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(KafkaContract.MAX_MESSAGE_BYTES));
        if (!ensureTopic(new NewTopic(config.requestTopic(), config.partitions(), (short) 1).configs(photos))) {
            limitPhotoRetention(config.requestTopic());
        }
        if (!ensureTopic(new NewTopic(config.replyTopic(), config.partitions(), (short) 1).configs(photos))) {
            limitPhotoRetention(config.replyTopic());
        }
        // Several beats a second per worker: only the last minutes are ever read.
        ensureTopic(new NewTopic(config.heartbeatTopic(), 1, (short) 1)
                .configs(Map.of("retention.ms", String.valueOf(KafkaContract.HEARTBEAT_RETENTION_MS))));
    }

    /** Creates the topic; false when it was there already. */
    private boolean ensureTopic(NewTopic topic) {
        try {
            admin.createTopics(List.of(topic)).all().get();
            LOG.infof("created topic %s", topic.name());
            return true;
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e.getCause());
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Gives a photo topic that exists without a retention or segment size of its own (made by an older face-api, or
     * by hand) the contract's, instead of the broker's defaults of days and a gigabyte. A setting made on the topic
     * itself is the operator's choice and stays. Not being allowed to change them (ACLs) costs a warning, not the
     * start.
     */
    private void limitPhotoRetention(String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            Config current = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            List<AlterConfigOp> changes = PHOTO_LIMITS.entrySet().stream()
                    .filter(limit -> current.get(limit.getKey()) == null || current.get(limit.getKey()).source()
                            != ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
                    .map(limit -> new AlterConfigOp(new ConfigEntry(limit.getKey(), limit.getValue()),
                            AlterConfigOp.OpType.SET))
                    .toList();
            if (!changes.isEmpty()) {
                admin.incrementalAlterConfigs(Map.of(resource, changes)).all().get();
                LOG.infof("topic %s: %s", topic, changes.stream()
                        .map(change -> change.configEntry().name() + "=" + change.configEntry().value()).toList());
            }
        } catch (ExecutionException e) {
            LOG.warnf("could not limit how long %s keeps photos: %s", topic, e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Map<String, Object> adminConfig() {
        return kafka.with(Map.of("client.id", "face-api-admin", "request.timeout.ms", 5_000,
                "default.api.timeout.ms", 10_000));
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.CLIENT_ID_CONFIG, "face-api-requests");
        c.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        c.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, KafkaContract.MAX_MESSAGE_BYTES);
        // A broker outage must turn into a prompt error for the caller, not a minute-long block in send().
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000);
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return kafka.with(c);
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "face-api-replies");
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, KafkaContract.MAX_MESSAGE_BYTES);
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        return kafka.with(c);
    }
}
