package org.activitycompletion.moodlews;

import org.activitycompletion.common.ApiException;

/**
 * An error as Moodle's web services report it: the PHP exception class, the error code and
 * Moodle's English message.
 */
public class MoodleException extends RuntimeException {

    private final String exceptionClass;
    private final String errorCode;

    public MoodleException(String exceptionClass, String errorCode, String message) {
        super(message, null, false, false);
        this.exceptionClass = exceptionClass;
        this.errorCode = errorCode;
    }

    public String exceptionClass() {
        return exceptionClass;
    }

    public String errorCode() {
        return errorCode;
    }

    static MoodleException invalidToken() {
        return new MoodleException("moodle_exception", "invalidtoken", "Invalid token - token not found");
    }

    static MoodleException invalidParameter() {
        return new MoodleException("invalid_parameter_exception", "invalidparameter", "Invalid parameter value detected");
    }

    static MoodleException missingRecord(String table) {
        return new MoodleException("dml_missing_record_exception", "invalidrecord",
                "Can't find data record in database table " + table + ".");
    }

    /** The service's error in Moodle's terms. */
    static MoodleException of(ApiException e) {
        return switch (e.code()) {
            case UNAUTHENTICATED -> invalidToken();
            case FORBIDDEN -> new MoodleException("required_capability_exception", "nopermissions",
                    "Sorry, but you do not currently have permissions to do that.");
            case NOT_FOUND -> missingRecord(table(e.entity()));
            case INVALID_ARGUMENT -> invalidParameter();
            case NOT_ENROLLED -> new MoodleException("require_login_exception", "requireloginerror",
                    "Course or activity not accessible. (Not enrolled)");
            case COMPLETION_DISABLED -> new MoodleException("moodle_exception", "completionnotenabled",
                    "Completion is not enabled");
            case NOT_MANUAL -> new MoodleException("moodle_exception", "cannotmanualctrack",
                    "Activity does not support manual tracking");
            case COMPLETION_LOCKED, CONFLICT -> new MoodleException("moodle_exception", "generalexceptionmessage",
                    e.getMessage());
        };
    }

    private static String table(String entity) {
        if (entity == null) {
            return "course_modules";
        }
        return switch (entity) {
            case "Course" -> "course";
            case "User" -> "user";
            case "Forum post" -> "forum_posts";
            case "Forum" -> "forum";
            default -> "course_modules";
        };
    }
}
