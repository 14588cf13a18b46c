package dev.visage.api.database;

import dev.visage.common.error.VisageException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.DatabaseException;

import java.io.IOException;

/** PostgreSQL failures as the client sees them: a {@code database_error} naming the operation, never bound values. */
public final class DatabaseErrors {

    private DatabaseErrors() {
    }

    /** Wraps a database failure (anything not already typed) as a {@code database_error} naming the operation. */
    public static <T> Uni<T> database(String operation, Uni<T> work) {
        return work.onFailure(DatabaseErrors::fromDatabase).transform(e -> VisageException.database(
                operation, safeDetails(e),
                "Check that PostgreSQL is running and reachable from face-api; then retry."));
    }

    /**
     * What a database failure may tell the client and the logs: the server's own message and SQLSTATE, or the
     * connection failure. Client-side errors can quote bound parameter values, embeddings among them, so their
     * messages are left out.
     */
    private static String safeDetails(Throwable e) {
        if (e instanceof PgException pg) {
            return pg.getErrorMessage() + " (SQLSTATE " + pg.getSqlState() + ")";
        }
        if (e instanceof IOException) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return e.getClass().getSimpleName();
    }

    /** Failures of the PostgreSQL client or of the connection to it; anything else keeps its own type. */
    private static boolean fromDatabase(Throwable e) {
        return e instanceof DatabaseException || e instanceof IOException || e instanceof VertxException
                || e instanceof NoStackTraceThrowable;
    }
}
