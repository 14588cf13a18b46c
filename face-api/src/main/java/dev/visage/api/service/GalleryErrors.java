package dev.visage.api.service;

import dev.visage.common.error.ErrorType;
import dev.visage.common.error.VisageException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.DatabaseException;

import java.io.IOException;

import java.util.function.Function;

/** The gallery's own failures, worded once. */
final class GalleryErrors {

    private GalleryErrors() {
    }

    static VisageException subjectNotFound(String collection, Object id) {
        return VisageException.builder(ErrorType.VALIDATION_ERROR, "No subject " + id + " in collection " + collection)
                .httpStatus(404).details("subject_id=" + id + ", collection=" + collection)
                .suggestion("Check the subject id and the collection query parameter (default 'default').").build();
    }

    static VisageException faceNotFound(Object subjectId, Object faceId) {
        return VisageException.builder(ErrorType.VALIDATION_ERROR, "No face " + faceId + " for subject " + subjectId)
                .httpStatus(404).details("face_id=" + faceId)
                .suggestion("List the subject's faces with GET /api/v1/subjects/{id}.").build();
    }

    /** Wraps a database failure (anything not already typed) as a {@code database_error} naming the operation. */
    static <T> Function<Uni<T>, Uni<T>> database(String operation) {
        return uni -> uni.onFailure(GalleryErrors::fromDatabase).transform(e -> VisageException.database(
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
