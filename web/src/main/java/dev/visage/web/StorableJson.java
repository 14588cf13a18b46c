package dev.visage.web;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A JSON value a client may have stored as it is (a subject's metadata): no NUL character and no unpaired
 * surrogate in any key or string (PostgreSQL's jsonb refuses both), nested at most {@code maxDepth} deep and at
 * most {@code maxChars} characters of keys and strings in all.
 */
@Documented
@Constraint(validatedBy = StorableJsonValidator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE,
        ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface StorableJson {

    int maxChars() default 16_384;

    int maxDepth() default 8;

    String message() default "must be JSON of at most {maxChars} characters and {maxDepth} levels, "
            + "without NUL characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
