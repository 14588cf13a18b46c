package dev.visage.api.access;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource whose operations act on the collection named by the {@code {collection}} path parameter or the
 * {@code collection} query parameter (absent: {@code default}): a key restricted to other collections is refused before anything is looked up.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface CollectionScoped {
}
