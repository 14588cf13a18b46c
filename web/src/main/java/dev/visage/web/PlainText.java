package dev.visage.web;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Text a person would write: no control characters (NUL among them, which PostgreSQL refuses, so a client's
 * mistake would otherwise look like a database outage), no unpaired surrogates, at most {@code max} characters.
 * Absent (null) is valid; combine with {@code @NotNull} where a value is required.
 */
@Documented
@Constraint(validatedBy = PlainTextValidator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE,
        ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface PlainText {

    /** Most characters (code points). */
    int max();

    String message() default "must be text of at most {max} characters without control characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
