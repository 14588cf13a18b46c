package dev.visage.api.gallery.service;

import dev.visage.common.error.VisageException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.DatabaseException;

import java.io.IOException;

/** The gallery's own failures, worded once. */
final class GalleryErrors {

    private GalleryErrors() {
    }

    static VisageException subjectNotFound(String collection, Object id) {
        return VisageException.notFound("No subject " + id + " in collection " + collection,
                "subject_id=" + id + ", collection=" + collection,
                "Check the subject id and the collection query parameter (default 'default').");
    }

    static VisageException faceNotFound(Object subjectId, Object faceId) {
        return VisageException.notFound("No face " + faceId + " for subject " + subjectId, "face_id=" + faceId,
                "List the subject's faces with GET /api/v1/subjects/{id}.");
    }

    /** Wraps a database failure (anything not already typed) as a {@code database_error} naming the operation. */
    static <T> Uni<T> database(String operation, Uni<T> work) {
        return work.onFailure(GalleryErrors::fromDatabase).transform(e -> VisageException.database(
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
