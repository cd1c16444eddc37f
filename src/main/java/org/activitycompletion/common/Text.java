package org.activitycompletion.common;

/** Checks of free-text arguments shared by every operation. */
public final class Text {

    private Text() {
    }

    /**
     * The value trimmed; INVALID_ARGUMENT when it is missing, blank or longer than {@code maxLength}.
     */
    public static String required(String value, String field, int maxLength) {
        String trimmed = value == null ? "" : value.strip();
        if (trimmed.isEmpty()) {
            throw ApiException.invalid(field + " must not be empty.");
        }
        if (trimmed.length() > maxLength) {
            throw ApiException.invalid(field + " must be at most " + maxLength + " characters long.");
        }
        return trimmed;
    }
}
