package dev.visage.status.check;

import dev.visage.common.error.ErrorType;
import dev.visage.status.model.ServiceStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** PostgreSQL answers {@code SELECT 1} through the reactive pool. */
@ApplicationScoped
public class DatabaseCheck implements StatusCheck {

    public static final String ID = "database";
    static final String NAME = "Database";
    static final String SUGGESTION = "Start PostgreSQL (deploy/local/postgres.sh start) and check VISAGE_DB_URL, "
            + "VISAGE_DB_USER and VISAGE_DB_PASSWORD; subjects cannot be enrolled or identified until it answers.";

    private final Pool pool;
    private final Map<String, Object> identity;

    public DatabaseCheck(Pool pool, @ConfigProperty(name = "quarkus.datasource.reactive.url") String url) {
        this.pool = pool;
        this.identity = identity(url);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Uni<Checked> run() {
        return pool.query("SELECT 1").execute()
                .map(rows -> Checked.now(ID, ServiceStatus.up(NAME, new LinkedHashMap<>(identity))));
    }

    @Override
    public Checked failed(Throwable cause, Duration timeout) {
        return Checked.now(ID, ServiceStatus.down(NAME, new LinkedHashMap<>(identity), ErrorType.DATABASE_ERROR,
                "Database operation 'SELECT 1' failed: " + StatusCheck.describe(cause, timeout), SUGGESTION));
    }

    /** engine, name, host and port from {@code postgresql://host:port/name}; never the credentials. */
    static Map<String, Object> identity(String url) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("engine", "postgresql");
        URI uri = Urls.parse(url);
        if (uri != null) {
            String path = uri.getPath();
            details.put("name", path == null || path.length() <= 1 ? null : path.substring(1));
            details.put("host", uri.getHost());
            details.put("port", uri.getPort() < 0 ? 5432 : uri.getPort());
        }
        return details;
    }
}
