package dev.visage.web;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

import java.util.Collection;
import java.util.Map;

/** Checks {@link StorableJson} on the maps, lists, strings, numbers and booleans Jackson reads JSON into. */
public class StorableJsonValidator implements ConstraintValidator<StorableJson, Object> {

    private int maxChars;
    private int maxDepth;

    @Override
    public void initialize(StorableJson annotation) {
        this.maxChars = annotation.maxChars();
        this.maxDepth = annotation.maxDepth();
    }

    @Override
    public boolean isValid(Object value, ConstraintValidatorContext context) {
        return value == null || charsIn(value, 0) <= maxChars;
    }

    /** Characters of keys and strings in {@code value}, or more than the limit when something is not storable. */
    private int charsIn(Object value, int depth) {
        if (depth > maxDepth) {
            return Integer.MAX_VALUE;
        }
        int total = 0;
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                total = add(total, text(String.valueOf(e.getKey())));
                total = add(total, charsIn(e.getValue(), depth + 1));
            }
        } else if (value instanceof Collection<?> list) {
            for (Object item : list) {
                total = add(total, charsIn(item, depth + 1));
            }
        } else if (value instanceof String s) {
            total = text(s);
        }
        return total;
    }

    private static int text(String s) {
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            if (c == 0 || Character.getType(c) == Character.SURROGATE) {
                return Integer.MAX_VALUE;
            }
            i += Character.charCount(c);
        }
        return s.length();
    }

    private static int add(int a, int b) {
        return (int) Math.min(Integer.MAX_VALUE, (long) a + b);
    }
}
