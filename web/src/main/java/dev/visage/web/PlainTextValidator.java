package dev.visage.web;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link PlainText}. */
public class PlainTextValidator implements ConstraintValidator<PlainText, String> {

    private int max;

    @Override
    public void initialize(PlainText annotation) {
        this.max = annotation.max();
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        return value == null || isPlainText(value, max);
    }

    /** True when {@code value} has at most {@code max} code points, none a control character or a lone surrogate. */
    public static boolean isPlainText(String value, int max) {
        int count = 0;
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            if (Character.getType(c) == Character.CONTROL || Character.getType(c) == Character.SURROGATE) {
                return false;
            }
            i += Character.charCount(c);
            if (++count > max) {
                return false;
            }
        }
        return true;
    }
}
