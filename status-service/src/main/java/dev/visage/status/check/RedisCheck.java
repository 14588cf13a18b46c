package dev.visage.status.check;

import dev.visage.common.error.ErrorType;
import dev.visage.status.model.ServiceStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.RedisAPI;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Redis answers {@code INFO}: its version, memory and clients. Non-critical: face-api only caches in it. */
@ApplicationScoped
public class RedisCheck implements StatusCheck {

    public static final String ID = "redis";
    static final String NAME = "Redis Cache";
    static final String SUGGESTION = "Start Redis (deploy/local/redis.sh start) or check VISAGE_REDIS_URL; "
            + "until it is back face-api answers correctly, only without its cache.";

    private final RedisAPI redis;
    private final String url;

    public RedisCheck(RedisAPI redis, @ConfigProperty(name = "quarkus.redis.hosts") String hosts) {
        this.redis = redis;
        this.url = Urls.withoutCredentials(hosts.split(",")[0]);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Uni<Checked> run() {
        return redis.info(List.of()).map(response -> {
            Map<String, String> info = parseInfo(response.toString());
            Map<String, Object> details = base();
            details.put("version", info.get("redis_version"));
            details.put("used_memory", info.get("used_memory_human"));
            details.put("connected_clients", integer(info.get("connected_clients")));
            return Checked.now(ID, ServiceStatus.up(NAME, details));
        });
    }

    @Override
    public Checked failed(Throwable cause, Duration timeout) {
        return Checked.now(ID, ServiceStatus.down(NAME, base(), ErrorType.SERVICE_UNAVAILABLE,
                "Redis is not reachable at " + url + ": " + StatusCheck.describe(cause, timeout), SUGGESTION));
    }

    private Map<String, Object> base() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("url", url);
        return details;
    }

    /** {@code INFO} answers {@code key:value} lines grouped under {@code # Section} headers. */
    static Map<String, String> parseInfo(String info) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                values.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        return values;
    }

    private static Object integer(String value) {
        try {
            return value == null ? null : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return value;
        }
    }
}
