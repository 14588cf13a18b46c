package dev.visage.status.check;

import io.smallrye.mutiny.Uni;

import java.time.Duration;

/** One dependency's check. It must not block the calling thread; the runner adds the timeout and the cache. */
public interface StatusCheck {

    /** Stable identifier: the cache key, and the document key unless the result names another. */
    String id();

    /** Asks the dependency. A failed {@link Uni} is turned into {@link #failed}. */
    Uni<Checked> run();

    /** The entry reported when {@link #run} failed, or gave no answer within {@code timeout} ({@code cause} is then null). */
    Checked failed(Throwable cause, Duration timeout);

    /** "did not answer within 2 s" or the failure's own message, without a stack trace. */
    static String describe(Throwable cause, Duration timeout) {
        if (cause == null) {
            return "no answer within " + seconds(timeout);
        }
        Throwable root = cause;
        while ((root instanceof java.util.concurrent.CompletionException
                || root instanceof java.util.concurrent.ExecutionException) && root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if ((message == null || message.isBlank()) && root instanceof java.net.ConnectException) {
            return "connection refused";
        }
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }

    static String seconds(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + " s" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
