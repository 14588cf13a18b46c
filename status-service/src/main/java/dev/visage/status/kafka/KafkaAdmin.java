package dev.visage.status.kafka;

import dev.visage.common.messaging.KafkaConnection;
import dev.visage.status.config.StatusConfig;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaFuture;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The one Kafka admin client of this process. It is long-lived and reconnects by itself when the broker comes
 * back; its own timeouts are those of a check, so calls that cannot be answered do not pile up.
 */
@ApplicationScoped
public class KafkaAdmin {

    private final KafkaConnection kafka;
    private final Duration timeout;
    private volatile Admin admin;

    public KafkaAdmin(KafkaConnection kafka, StatusConfig config) {
        this.kafka = kafka;
        this.timeout = config.checkTimeout();
    }

    /** Created at start (it resolves the bootstrap addresses), not on the event loop of the first check. */
    void init(@Observes StartupEvent event) {
        admin();
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** Runs {@code call} against the admin client; the Uni fails with whatever the client fails with. */
    public <T> Uni<T> call(Function<Admin, KafkaFuture<T>> call) {
        return Uni.createFrom().completionStage(() -> call.apply(admin()).toCompletionStage());
    }

    private Admin admin() {
        Admin a = admin;
        if (a == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = Admin.create(properties(kafka, timeout, "visage-status-admin"));
                }
                a = admin;
            }
        }
        return a;
    }

    /** Client settings shared by the admin client and the heartbeat consumer: fail fast, retry soon. */
    public static Map<String, Object> properties(KafkaConnection kafka, Duration timeout, String clientId) {
        int millis = (int) Math.max(500, timeout.toMillis());
        Map<String, Object> props = new HashMap<>();
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        props.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, Math.min(millis, 1000));
        props.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, millis);
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        props.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 1000);
        return kafka.with(props);
    }

    @PreDestroy
    void close() {
        Admin a = admin;
        if (a != null) {
            a.close(Duration.ZERO);
        }
    }
}
