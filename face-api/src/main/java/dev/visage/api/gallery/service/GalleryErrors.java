package dev.visage.api.gallery.service;

import dev.visage.common.error.VisageException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.DatabaseException;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

/** The gallery's own failures, worded once. */
public final class GalleryErrors {

    private static final Pattern COLLECTION = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private GalleryErrors() {
    }

    /** The collection name, validated; absent means {@code default}. */
    public static String collection(String requested) {
        String name = requested == null || requested.isBlank() ? "default" : requested;
        if (!COLLECTION.matcher(name).matches()) {
            throw VisageException.validation("The collection name is not valid", "collection=" + name,
                    "Use 1 to 64 letters, digits, '_' or '-'.");
        }
        return name;
    }

    /** An id from the path: one that is not a UUID cannot name anything, so it is not found rather than invalid. */
    public static UUID id(String name, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw VisageException.notFound("The " + name + " is not a valid id", name + "=" + value,
                    "Use the id returned when the subject or face was created.");
        }
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
