package dev.visage.status.check;

import java.net.URI;
import java.net.URISyntaxException;

/** Addresses as they may be shown: never with the credentials a connection URL can carry. */
public final class Urls {

    private Urls() {
    }

    /** {@code redis://user:secret@host:6379/0} → {@code redis://host:6379/0}; unparsable input is cut at '@'. */
    public static String withoutCredentials(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url.trim());
            String query = withoutSecrets(uri.getQuery());
            if (uri.getRawUserInfo() == null && java.util.Objects.equals(query, uri.getQuery())) {
                return uri.toString();
            }
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), query,
                    uri.getFragment()).toString();
        } catch (URISyntaxException e) {
            int at = url.lastIndexOf('@');
            int scheme = url.indexOf("://");
            return at < 0 ? url : (scheme < 0 ? "" : url.substring(0, scheme + 3)) + url.substring(at + 1);
        }
    }

    /** Drops query parameters such as {@code password=...}, {@code token=...} or {@code secret=...}. */
    private static String withoutSecrets(String query) {
        if (query == null) {
            return null;
        }
        String kept = java.util.Arrays.stream(query.split("&"))
                .filter(p -> !p.toLowerCase(java.util.Locale.ROOT).matches("(password|pass|token|secret|auth)[^=]*=.*"))
                .collect(java.util.stream.Collectors.joining("&"));
        return kept.isEmpty() ? null : kept;
    }

    /** The parsed URI of a connection URL, its {@code vertx-reactive:} prefix removed; null when unparsable. */
    public static URI parse(String url) {
        if (url == null) {
            return null;
        }
        String u = url.trim();
        if (u.startsWith("vertx-reactive:")) {
            u = u.substring("vertx-reactive:".length());
        }
        try {
            return new URI(u);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
