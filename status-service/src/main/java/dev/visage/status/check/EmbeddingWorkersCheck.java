package dev.visage.status.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.visage.common.error.ErrorType;
import dev.visage.status.config.StatusConfig;
import dev.visage.status.kafka.KafkaAdmin;
import dev.visage.status.kafka.WorkerRegistry;
import dev.visage.status.kafka.WorkerRegistry.Seen;
import dev.visage.status.model.ServiceStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The embedding workers: live means a heartbeat within the staleness window (15 s by default). Healthy while at
 * least one is live and face-api, when it can be asked, sees a worker in the group too: face-api refuses photos
 * exactly when it sees none, so that is what a verification sent now would meet (a killed worker's heartbeats are
 * still fresh for a while after face-api has stopped counting it). The details add what Kafka says about the
 * workers' consumer group (state, members, photos waiting on the request topic) and face-api's view (its members
 * count and the photos it has in flight); when either cannot say, the details say why, and liveness comes from the
 * heartbeats alone.
 */
@ApplicationScoped
public class EmbeddingWorkersCheck implements StatusCheck {

    public static final String ID = "embedding_workers";
    static final String NAME = "Embedding Workers";
    static final String FACE_API_CHECK = "embedding-workers";
    static final String SUGGESTION = "Start an embedding worker (deploy/local/up.sh starts one) and check that it "
            + "reaches Kafka at KAFKA_BOOTSTRAP_SERVERS; face-api answers 503 until one is back.";

    private final WorkerRegistry registry;
    /** Photos waiting on the request topic and live workers, as last seen, for Prometheus. */
    private final AtomicLong lagGauge = new AtomicLong();
    private final AtomicLong activeGauge = new AtomicLong();
    private final KafkaAdmin admin;
    private final FaceApiHealth faceApi;
    private final ObjectMapper mapper;
    private final StatusConfig.Workers workers;
    private final Duration groupTimeout;

    public EmbeddingWorkersCheck(WorkerRegistry registry, KafkaAdmin admin, FaceApiHealth faceApi,
                                 ObjectMapper mapper, StatusConfig config, MeterRegistry meters) {
        this.registry = registry;
        this.faceApi = faceApi;
        this.mapper = mapper;
        meters.gauge("visage.status.worker.lag", lagGauge);
        meters.gauge("visage.status.active.workers", activeGauge);
        this.admin = admin;
        this.workers = config.workers();
        // The group's details must not cost the whole check: they get most, not all, of its time.
        this.groupTimeout = Duration.ofMillis(config.checkTimeout().toMillis() * 3 / 4);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Uni<Checked> run() {
        Uni<Void> heartbeatsRead = Uni.createFrom().completionStage(registry.caughtUp())
                .ifNoItem().after(groupTimeout).recoverWithItem((Void) null);
        return Uni.combine().all().unis(heartbeatsRead, consumerGroup(), faceApiView())
                .with((ignored, group, seenByFaceApi) -> judge(group, seenByFaceApi));
    }

    private Checked judge(Map<String, Object> group, Optional<JsonNode> seenByFaceApi) {
        long now = System.currentTimeMillis();
        List<Seen> live = registry.live(now);
        List<Seen> stale = registry.stale(now);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("active_workers", live.size());
        activeGauge.set(live.size());
        details.put("ready_workers", live.stream().filter(s -> s.heartbeat().ready()).count());
        details.put("workers", live.stream().map(s -> worker(s, now)).toList());
        if (!stale.isEmpty()) {
            details.put("stale_workers", stale.stream().map(s -> worker(s, now)).toList());
        }
        details.put("staleness_window_s", registry.staleness().toSeconds());
        details.putAll(group);
        seenByFaceApi.ifPresent(view -> details.put("face_api", mapper.convertValue(view.path("data"),
                Map.class)));
        if (live.isEmpty()) {
            return Checked.now(ID, ServiceStatus.down(NAME, details, ErrorType.SERVICE_UNAVAILABLE,
                    "Embedding Workers service is not available: no worker has sent a heartbeat in the last "
                            + StatusCheck.seconds(registry.staleness()), SUGGESTION));
        }
        Optional<JsonNode> faceApiSeesNone = seenByFaceApi.filter(view -> "DOWN".equals(view.path("status").asText()));
        if (faceApiSeesNone.isPresent()) {
            JsonNode data = faceApiSeesNone.get().path("data");
            return Checked.now(ID, ServiceStatus.down(NAME, details, ErrorType.SERVICE_UNAVAILABLE,
                    "Embedding Workers service is not available: face-api sees no live worker (consumer group "
                            + workers.consumerGroup() + ": " + data.path("active_workers").asText("?")
                            + " members, " + data.path("workers_beating").asText("?")
                            + " beating) and refuses photos", SUGGESTION));
        }
        return Checked.now(ID, ServiceStatus.up(NAME, details));
    }

    /** face-api's own {@code embedding-workers} readiness check, when face-api answers in time and reports one. */
    private Uni<Optional<JsonNode>> faceApiView() {
        return faceApi.read().map(document -> document.check(FACE_API_CHECK))
                .ifNoItem().after(groupTimeout).recoverWithItem(Optional.empty())
                .onFailure().recoverWithItem(Optional.empty());
    }

    @Override
    public Checked failed(Throwable cause, Duration timeout) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("consumer_group", workers.consumerGroup());
        details.put("topic", workers.requestTopic());
        return Checked.now(ID, ServiceStatus.down(NAME, details, ErrorType.SERVICE_UNAVAILABLE,
                "Embedding Workers service is not available: " + StatusCheck.describe(cause, timeout), SUGGESTION));
    }

    private static Map<String, Object> worker(Seen seen, long now) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("worker_id", seen.heartbeat().workerId());
        w.put("ready", seen.heartbeat().ready());
        w.put("execution_provider", seen.heartbeat().executionProvider());
        w.put("batches_processed", seen.heartbeat().batchesProcessed());
        w.put("last_heartbeat_ms_ago", seen.ageMillis(now));
        return w;
    }

    /** consumer_group, group_state, group_members, topic, lag; or consumer_group_error when Kafka cannot say. */
    private Uni<Map<String, Object>> consumerGroup() {
        String group = workers.consumerGroup();
        Uni<Map<String, Object>> description = admin
                .call(a -> a.describeConsumerGroups(List.of(group)).describedGroups().get(group))
                .map(EmbeddingWorkersCheck::describe)
                .onFailure(GroupIdNotFoundException.class).recoverWithItem(() -> {
                    // No worker has joined the group yet (or ever): not an error of Kafka's.
                    Map<String, Object> none = new LinkedHashMap<>();
                    none.put("group_state", "NOT_FOUND");
                    none.put("group_members", 0);
                    return none;
                });
        return Uni.combine().all().unis(description, lag()).asTuple()
                .map(t -> {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("consumer_group", group);
                    details.putAll(t.getItem1());
                    details.put("topic", workers.requestTopic());
                    details.putAll(t.getItem2());
                    return details;
                })
                .ifNoItem().after(groupTimeout).fail()
                .onFailure().recoverWithItem(e -> {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("consumer_group", group);
                    details.put("topic", workers.requestTopic());
                    details.put("consumer_group_error", "Kafka did not describe the group: "
                            + StatusCheck.describe(e instanceof io.smallrye.mutiny.TimeoutException ? null : e,
                            groupTimeout));
                    return details;
                });
    }

    private static Map<String, Object> describe(ConsumerGroupDescription d) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("group_state", d.groupState() == null ? "UNKNOWN" : d.groupState().name());
        details.put("group_members", d.members().size());
        return details;
    }

    /**
     * Photos waiting for a worker: per partition of the request topic, its end offset minus the group's committed
     * offset; a partition the group never committed counts from its earliest offset (the workers start there).
     */
    private Uni<Map<String, Object>> lag() {
        String topic = workers.requestTopic();
        Uni<Map<TopicPartition, OffsetAndMetadata>> committed = admin
                .call(a -> a.listConsumerGroupOffsets(workers.consumerGroup()).partitionsToOffsetAndMetadata())
                .onFailure(GroupIdNotFoundException.class).recoverWithItem(Map::of);
        Uni<TopicDescription> description = admin
                .call(a -> a.describeTopics(List.of(topic)).allTopicNames())
                .map(all -> all.get(topic));
        return Uni.combine().all().unis(committed, description).asTuple()
                .chain(t -> {
                    Map<TopicPartition, OffsetAndMetadata> offsets = t.getItem1() == null ? Map.of() : t.getItem1();
                    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                    Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
                    t.getItem2().partitions().forEach(p -> {
                        TopicPartition tp = new TopicPartition(topic, p.partition());
                        latest.put(tp, OffsetSpec.latest());
                        if (offsets.get(tp) == null) {
                            earliest.put(tp, OffsetSpec.earliest());
                        }
                    });
                    Uni<Map<TopicPartition, ListOffsetsResultInfo>> ends = admin.call(a -> a.listOffsets(latest).all());
                    Uni<Map<TopicPartition, ListOffsetsResultInfo>> starts = earliest.isEmpty()
                            ? Uni.createFrom().item(Map.of())
                            : admin.call(a -> a.listOffsets(earliest).all());
                    return Uni.combine().all().unis(ends, starts).asTuple().map(o -> {
                        long lag = 0;
                        for (Map.Entry<TopicPartition, ListOffsetsResultInfo> end : o.getItem1().entrySet()) {
                            OffsetAndMetadata c = offsets.get(end.getKey());
                            long from = c != null ? c.offset()
                                    : o.getItem2().containsKey(end.getKey()) ? o.getItem2().get(end.getKey()).offset()
                                    : 0;
                            lag += Math.max(0, end.getValue().offset() - from);
                        }
                        Map<String, Object> details = new LinkedHashMap<>();
                        details.put("partitions", latest.size());
                        details.put("lag", lag);
                        lagGauge.set(lag);
                        return details;
                    });
                })
                .onFailure(UnknownTopicOrPartitionException.class).recoverWithItem(() -> {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("partitions", 0);
                    details.put("lag", 0);
                    details.put("note", "the request topic does not exist yet (face-api creates it)");
                    return details;
                });
    }
}
