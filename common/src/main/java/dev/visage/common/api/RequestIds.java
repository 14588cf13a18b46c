package dev.visage.common.api;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Every request to a Visage service carries an id: the caller's {@code X-Request-Id} when it is a sane token, a
 * new one otherwise. It is logged, sent to the workers, echoed in the response header and in every error body,
 * so one id follows a request through every service.
 */
public final class RequestIds {

    /** The HTTP header that carries the id, in and out. */
    public static final String HEADER = "X-Request-Id";

    /** The logging context key under which the id is printed with every line logged for the request. */
    public static final String LOG_KEY = "request_id";

    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private RequestIds() {
    }

    /** The caller's id if it is safe to log and echo, else a fresh one. */
    public static String accept(String offered) {
        return isSane(offered) ? offered : UUID.randomUUID().toString();
    }

    public static boolean isSane(String offered) {
        return offered != null && SANE.matcher(offered).matches();
    }
}
