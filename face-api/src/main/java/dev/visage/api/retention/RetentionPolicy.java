package dev.visage.api.retention;

import dev.visage.api.database.DatabaseSchema;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import static dev.visage.api.database.DatabaseErrors.database;

/** The retention period of each collection: its own when an administrator set one, the server's default otherwise. */
@ApplicationScoped
public class RetentionPolicy {

    private final Pool pool;
    private final DatabaseSchema schema;
    private final RetentionConfig config;

    public RetentionPolicy(Pool pool, DatabaseSchema schema, RetentionConfig config) {
        this.pool = pool;
        this.schema = schema;
        this.config = config;
    }

    public Uni<CollectionRetention> of(String collection) {
        return database("get_retention", schema.ensure().chain(() -> pool
                .preparedQuery("SELECT retention_days FROM collection_settings WHERE name = $1")
                .execute(Tuple.of(collection))
                .map(rows -> rows.size() == 0 ? new CollectionRetention(collection, config.defaultDays(), true)
                        : new CollectionRetention(collection, rows.iterator().next().getInteger("retention_days"),
                                false))));
    }

    public Uni<CollectionRetention> set(String collection, int days) {
        return database("set_retention", schema.ensure().chain(() -> pool
                .preparedQuery("INSERT INTO collection_settings (name, retention_days) VALUES ($1, $2) "
                        + "ON CONFLICT (name) DO UPDATE SET retention_days = $2, updated_at = now()")
                .execute(Tuple.of(collection, days))))
                .replaceWith(new CollectionRetention(collection, days, false));
    }

    public int defaultDays() {
        return config.defaultDays();
    }
}
