package dev.visage.api.web;

import dev.visage.common.error.VisageException;
import dev.visage.common.messaging.FaceAttributes;

import java.util.Set;

/**
 * Numbers and flags from form fields and query parameters, read here rather than by the framework's converters:
 * those answer a bare 400 (form) or even a 404 (query) for "abc", where a client needs to hear which field is
 * wrong and what it should hold.
 */
public final class FormFields {

    private FormFields() {
    }

    /** The integer in {@code value}, or null when absent or blank. */
    public static Integer integer(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw VisageException.validation("The field " + name + " must be a whole number",
                    name + "=" + shortened(value), "Send " + name + " as a whole number, e.g. " + name + "=5.");
        }
    }

    /** The face attributes a request asks for ({@code attributes=age,gender,pose,eyes}); absent or blank is none. */
    public static Set<FaceAttributes.Kind> attributes(String value) {
        try {
            return FaceAttributes.Kind.parse(value);
        } catch (IllegalArgumentException e) {
            throw VisageException.validation("The attributes parameter is not valid",
                    "attributes=" + shortened(value) + ": " + e.getMessage(),
                    "Use a comma-separated list of age, gender, pose and eyes, e.g. attributes=age,gender.");
        }
    }

    /** {@code true} or {@code false} (any case); absent or blank is false. */
    public static boolean flag(String name, String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        String v = value.strip();
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw VisageException.validation("The field " + name + " must be true or false", name + "=" + shortened(value),
                "Send " + name + "=true or leave it out.");
    }

    /** What a refusal quotes of a value: enough to recognise it, never a whole upload. */
    private static String shortened(String value) {
        return value.length() <= 32 ? value : value.substring(0, 32) + "...";
    }
}
