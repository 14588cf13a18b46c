package dev.visage.api.database;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnectOptions;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * face-api's PostgreSQL pool, from Quarkus's settings with one change: no connection-acquisition timer. The
 * Vert.x SQL client (4.5) leaves that timer running when acquiring a connection fails (vertx-sql-client issue
 * 1706), so during a PostgreSQL outage every failed query was followed, 30 s later, by an "Uncaught exception ...
 * Result is already complete" ERROR in the log. Without the timer a caller waits for a connection only while the
 * pool is busy; a full wait queue is refused at once, as a {@code database_error}, rather than growing.
 */
@Singleton
public class PostgresPool implements PgPoolCreator {

    static final int MAX_WAITING = 256;

    @Override
    public Pool create(Input input) {
        PoolOptions options = new PoolOptions(input.poolOptions()).setConnectionTimeout(0)
                .setMaxWaitQueueSize(MAX_WAITING);
        List<SqlConnectOptions> servers = new ArrayList<>(input.pgConnectOptionsList());
        return PgBuilder.pool().with(options).connectingTo(servers).using(input.vertx()).build();
    }
}
