package dev.visage.api.gallery.rest;

import dev.visage.common.error.VisageException;
import jakarta.ws.rs.core.UriInfo;

import java.util.UUID;
import java.util.regex.Pattern;

/** The gallery's path and query parameters, checked before any lookup. */
public final class GalleryParameters {

    private static final Pattern COLLECTION = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private GalleryParameters() {
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

    /** The collection a request names, by its {@code {collection}} path parameter or its {@code collection} query. */
    public static String collectionOf(UriInfo uri) {
        String named = uri.getPathParameters().getFirst("collection");
        return collection(named != null ? named : uri.getQueryParameters().getFirst("collection"));
    }

    /** An id from the path: one that is not a UUID cannot name anything, so it is not found rather than invalid. */
    public static UUID id(String name, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw VisageException.notFound("The " + name + " is not a valid id", name + "=" + value,
                    "Use the id returned when it was created.");
        }
    }
}
