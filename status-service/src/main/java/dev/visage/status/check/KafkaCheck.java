package dev.visage.status.check;

import dev.visage.common.error.ErrorType;
import dev.visage.status.kafka.KafkaAdmin;
import dev.visage.status.model.ServiceStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.KafkaFuture;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The broker answers {@code describeCluster}: how many brokers, which is the controller. */
@ApplicationScoped
public class KafkaCheck implements StatusCheck {

    public static final String ID = "kafka";
    static final String NAME = "Kafka Message Broker";
    static final String SUGGESTION = "Start Kafka (deploy/local/kafka.sh start) or check KAFKA_BOOTSTRAP_SERVERS; "
            + "until it is back no photo reaches an embedding worker and face-api answers 503.";

    private final KafkaAdmin admin;

    public KafkaCheck(KafkaAdmin admin) {
        this.admin = admin;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Uni<Checked> run() {
        return admin.call(a -> {
            DescribeClusterResult cluster = a.describeCluster();
            return KafkaFuture.allOf(cluster.nodes(), cluster.controller(), cluster.clusterId())
                    .thenApply(done -> cluster);
        }).map(cluster -> {
            Map<String, Object> details = base();
            try {
                var controller = cluster.controller().get();
                details.put("brokers", cluster.nodes().get().size());
                details.put("controller_id", controller == null || controller.isEmpty() ? null : controller.id());
                details.put("cluster_id", cluster.clusterId().get());
            } catch (Exception e) {
                throw new IllegalStateException(e); // not reached: every future is complete
            }
            return Checked.now(ID, ServiceStatus.up(NAME, details));
        });
    }

    @Override
    public Checked failed(Throwable cause, Duration timeout) {
        return Checked.now(ID, ServiceStatus.down(NAME, base(), ErrorType.SERVICE_UNAVAILABLE,
                "Kafka Message Broker service is not available: " + (cause == null
                        || cause instanceof org.apache.kafka.common.errors.TimeoutException
                        ? "no broker answered at " + admin.bootstrapServers() + " within " + StatusCheck.seconds(timeout)
                        : StatusCheck.describe(cause, timeout)),
                SUGGESTION));
    }

    private Map<String, Object> base() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("bootstrap_servers", admin.bootstrapServers());
        return details;
    }
}
